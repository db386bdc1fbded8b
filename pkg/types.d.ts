// Types shared by every entry point of cx-metrics. The drift tests in
// tests/js/types.test.mjs check these declarations against the engine: the
// error codes, every result's keys and every option name.
/** What to do with an invalid input (an answer, a ticket): throw (default) or leave it out and count it in `skipped`. */
export type InvalidPolicy = "error" | "skip";

/** Every error this library throws carries one of these codes. */
export type CxErrorCode =
  | "SCORE_OUT_OF_RANGE"
  | "NOT_AN_INTEGER"
  | "NOT_A_NUMBER"
  | "INVALID_WEIGHT"
  | "INVALID_OPTION"
  | "LENGTH_MISMATCH"
  | "INVALID_TYPE"
  | "INVALID_COUNT"
  | "INVALID_STATE"
  | "SCALE_MISMATCH"
  | "NEGATIVE_DURATION"
  | "INVALID_TIMESTAMP"
  | "MISSING_FIELD"
  | "INVALID_DURATION"
  | "UNKNOWN_TIME_ZONE"
  | "INVALID_CALENDAR"
  | "INVALID_VALUE"
  | "MIXED_CURRENCY"
  | "NOT_ENOUGH_DATA";

/** Shape of the errors thrown (a RangeError, TypeError or Error with these extra properties); see `isCxError`. */
export interface CxError extends Error {
  /** Stable machine-readable code. */
  code: CxErrorCode;
  /** Index of the offending element, when the error is about one. */
  index?: number;
  /** The argument or option at fault, e.g. "scores", "weights", "confidence". */
  field?: string;
}

/**
 * A column of a table given as columns: an array, or a typed array (read
 * by its own type). Array-likes that are neither (`{ length, 0: … }`,
 * `arguments`) are refused with `INVALID_TYPE`.
 */
export type ColumnData = readonly unknown[] | (ArrayBufferView & ArrayLike<number>);

export interface ConfidenceInterval {
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /**
   * How it was computed: NPS `"adjusted-wald"` or `"wald"`; rates `"wilson"`,
   * `"agresti-coull"`, `"jeffreys"` or `"clopper-pearson"`; CES means `"t"`;
   * differences `"newcombe"` (rates), `"wald"` (NPS), `"welch-t"` (means) or
   * `"price-bonett"` (medians); a relative lift `"katz-log"`.
   */
  method:
    | "adjusted-wald"
    | "wald"
    | "wilson"
    | "agresti-coull"
    | "jeffreys"
    | "clopper-pearson"
    | "t"
    | "newcombe"
    | "welch-t"
    | "price-bonett"
    | "katz-log";
}

/** A skipped input and why it was skipped (the first 100 are listed). */
export interface InvalidEntry {
  index: number;
  code: CxErrorCode;
  message: string;
}


/** Narrows a caught value to a cx-metrics error (an Error with one of its codes). */
export declare function isCxError(e: unknown): e is CxError;

/**
 * A tested change a − b (csatCompare, cesCompare, and the `change` of
 * groupKpis). Fields a test does not have are null: `t` and `df` for z
 * tests, `z` for t tests; all but `level` and `test` when a side is empty;
 * all but `difference` when a mean's side has one answer (no variance).
 */
export interface Change {
  /** a − b: NPS points, percentage points of a rate, scale points of a mean, ms of a median. */
  difference: number | null;
  standardError: number | null;
  /** z statistic (z tests). */
  z: number | null;
  /** t statistic (Welch's t test). */
  t: number | null;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number | null;
  /** Two-sided p-value. */
  pValue: number | null;
  /** Benjamini–Hochberg q-value, when the comparisons of a call were adjusted (`adjust: "bh"`). */
  qValue: number | null;
  /** pValue (or qValue, when adjusted) < 1 − level; null when the test is undefined. */
  significant: boolean | null;
  level: number;
  /** Interval of the difference: "wald" (NPS, medians' z), "newcombe" (rates), "welch-t" (means), "price-bonett" (medians). */
  confidenceInterval: ConfidenceInterval | null;
  test: "nps-z" | "two-proportion-z" | "welch-t" | "median-price-bonett";
}

