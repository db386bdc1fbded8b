// Template types of the calculator elements for Vue 3 (vue-tsc / Volar), so
// that <nps-calculator mode="counts" /> type-checks. Load them once, e.g. in
// a declarations file of the app:
//
//   import type {} from "cx-metrics/calculator/vue";
//
// Tell Vue's compiler that these tags are custom elements
// (compilerOptions.isCustomElement: (tag) => tag.endsWith("-calculator")),
// and import "cx-metrics/calculator" in the browser.
import type { DefineComponent } from "vue";
import type { NpsCalculatorAttributes, CsatCalculatorAttributes, CesCalculatorAttributes } from "../calculator.js";

declare module "vue" {
  interface GlobalComponents {
    "nps-calculator": DefineComponent<NpsCalculatorAttributes>;
    "csat-calculator": DefineComponent<CsatCalculatorAttributes>;
    "ces-calculator": DefineComponent<CesCalculatorAttributes>;
  }
}
