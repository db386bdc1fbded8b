// Public types of cx-metrics. The declarations themselves are generated from
// the Rust binding (src/wasm/) into wasm/cx_metrics.d.ts; this file selects
// the public surface (the wasm-bindgen init helpers are internal).
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

export type {
  ScoreArray,
  InvalidPolicy,
  NpsIntervalMethod,
  NpsBand,
  CxErrorCode,
  CxError,
  ConfidenceInterval,
  InvalidEntry,
  NpsBandThresholds,
  NpsOptions,
  NpsReadOptions,
  NpsResult,
  NpsCounts,
  NpsCompareInput,
  NpsCompareOptions,
  NpsComparison,
  CsatOptions,
  CsatResult,
  CsatReadOptions,
  CesOptions,
  CesResult,
  CesReadOptions,
  AccumulatorOptions,
  ScaleAccumulatorOptions,
  NpsAccumulatorState,
  ScaleAccumulatorState,
} from "./wasm/cx_metrics.js";
