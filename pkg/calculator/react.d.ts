// JSX types of the calculator elements for React (React 18.3+ and 19), so
// that <nps-calculator mode="counts" /> type-checks in .tsx files. Load them
// once, e.g. in a declarations file of the app:
//
//   import type {} from "cx-metrics/calculator/react";
//
// The elements themselves come from importing "cx-metrics/calculator" in a
// client component. React passes these attributes as strings; read results
// from the element (a ref) or its `change` event.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type {
  NpsCalculatorElement,
  CsatCalculatorElement,
  CesCalculatorElement,
  NpsCalculatorAttributes,
  CsatCalculatorAttributes,
  CesCalculatorAttributes,
} from "../calculator.js";

// React 19 sets the props of a custom element as its attributes: `class` too.
type Props<E, A> = Omit<DetailedHTMLProps<HTMLAttributes<E>, E>, keyof A> & A & { class?: string };

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "nps-calculator": Props<NpsCalculatorElement, NpsCalculatorAttributes>;
      "csat-calculator": Props<CsatCalculatorElement, CsatCalculatorAttributes>;
      "ces-calculator": Props<CesCalculatorElement, CesCalculatorAttributes>;
    }
  }
}
