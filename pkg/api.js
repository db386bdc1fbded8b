// The public functions and classes of the survey API, in one list for both
// entry points (index.js for browsers and bundlers, node.js for Node.js),
// which initialise the WebAssembly module and re-export this.
export {
  nps,
  enps,
  npsFromCounts,
  npsCompare,
  csat,
  ces,
  NpsAccumulator,
  CsatAccumulator,
  CesAccumulator,
} from "./wasm/cx_metrics.js";
