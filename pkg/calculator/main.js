// cx-metrics/calculator: the embeddable calculators. Importing this module
// registers <nps-calculator>, <csat-calculator> and <ces-calculator>
// (where custom elements exist: it also imports in Node, jsdom and
// server-side rendering), and exports the CSV reader they use.
//
//   <script type="module" src="…/cx-metrics/calculator.js"></script>
//   <nps-calculator mode="paste" lang="en"></nps-calculator>
//
// The elements use only relative imports, so they work from an installed
// package, a bundler or a plain static server, and render under a strict
// Content-Security-Policy (their styles are constructable stylesheets).
export { CalculatorElement, NpsCalculatorElement, CsatCalculatorElement, CesCalculatorElement } from "./element.js";
export { parseCsv, readScores } from "./csv.js";
