// Types of cx-metrics: survey KPIs (NPS, eNPS, CSAT, CES) and their
// accumulators. Hand-written; tests/js/types.test.mjs checks them against
// the engine (result keys, option names, error codes).
import type { Change, ConfidenceInterval, CxError, CxErrorCode, InvalidEntry, InvalidPolicy } from "./types.js";
export type { Change, ConfidenceInterval, CxError, CxErrorCode, InvalidEntry, InvalidPolicy } from "./types.js";
export { isCxError } from "./types.js";
/** Scores as any numeric array: a plain `number[]` or a typed array. `Uint8Array` is the fastest. */
export type ScoreArray =
  | readonly number[]
  | Uint8Array
  | Uint8ClampedArray
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** Interval methods for an NPS. */
export type NpsIntervalMethod = "adjusted-wald" | "wald";

/** Qualitative band of an NPS. */
export type NpsBand = "excellent" | "very-good" | "reasonable" | "poor";

export interface NpsBandThresholds {
  /** Lowest score that is "excellent". Default 75. */
  excellent?: number;
  /** Lowest score that is "very-good". Default 50. */
  veryGood?: number;
  /** Lowest score that is "reasonable". Default 0. */
  reasonable?: number;
}

export interface NpsOptions {
  /** One non-negative weight per score; counts become weighted sums and the interval uses Kish's effective n. */
  weights?: ScoreArray;
  /** Default "error". */
  invalid?: InvalidPolicy;
  /** Confidence level of the interval, strictly between 0 and 1. Default 0.95. */
  confidence?: number;
  /** Default "adjusted-wald". */
  method?: NpsIntervalMethod;
  /** Band thresholds (points). */
  bands?: NpsBandThresholds;
}

/** Options that only affect how a result is read (accumulators, counts). */
export type NpsReadOptions = Omit<NpsOptions, "weights" | "invalid">;

/** Group of each NPS scale point. */
export type NpsGroup = "detractor" | "passive" | "promoter";

export interface NpsResult {
  /** 100·(promoters − detractors)/total, −100..100; null without valid answers. */
  score: number | null;
  /** Valid answers (weighted sum with weights). */
  total: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Percent of total. */
  promoterShare: number | null;
  passiveShare: number | null;
  detractorShare: number | null;
  /** The 11 counts of scores 0..10 (null when computed from group counts). */
  distribution: number[] | null;
  /** The group of each score 0..10 (promoter cut-offs as the engine applies them). */
  groups: NpsGroup[];
  /** Standard error of the score, in points. */
  standardError: number | null;
  confidenceInterval: ConfidenceInterval | null;
  band: NpsBand | null;
  /** The thresholds the band was read with. */
  bandThresholds: Required<NpsBandThresholds>;
  /** Invalid answers left out with `invalid: "skip"`. */
  skipped: number;
  /** Valid answers, ignoring weights. */
  responses: number;
  /** Kish effective sample size (equals responses without weights). */
  effectiveN: number;
  /** The first 100 skipped answers with the reason. */
  invalid: InvalidEntry[];
}

/** Group counts for npsFromCounts: either the three groups, or the 11 counts of scores 0..10. */
export type NpsCounts =
  | { promoters: number; passives: number; detractors: number }
  | { distribution: readonly number[] }
  | readonly number[];

/** One side of npsCompare: raw scores, or a result (or any object with the group counts). */
export type NpsCompareInput =
  | ScoreArray
  | { promoters: number; passives: number; detractors: number; effectiveN?: number };

export interface NpsCompareOptions {
  /** Confidence level of the test and interval. Default 0.95. */
  confidence?: number;
  /** Applies to score arrays. Default "error". */
  invalid?: InvalidPolicy;
}

export interface NpsComparison {
  /** NPS(a) − NPS(b), points; null if either side has no answers. */
  difference: number | null;
  standardError: number | null;
  /** null when the standard error is 0 (no variation), where the test is undefined. */
  z: number | null;
  /** Two-sided p-value. */
  pValue: number | null;
  /** pValue < 1 − level; null when the test is undefined. */
  significant: boolean | null;
  level: number;
  confidenceInterval: ConfidenceInterval | null;
}

/** One side of csatCompare: raw scores, or a CSAT result (or any object with these fields). */
export type CsatCompareInput = ScoreArray | { satisfied: number; total: number; effectiveN?: number };

/** One side of cesCompare: raw scores, or a CES result (or any object with these fields). */
export type CesCompareInput = ScoreArray | { mean: number | null; standardDeviation?: number | null; effectiveN: number };


/** Options of csatCompare (those of csat without weights). */
export interface CsatCompareOptions {
  /** [min, max] of the scale. Default [1, 5]. */
  scale?: readonly [number, number];
  /** Lowest satisfied score. Default: top-2 box (max − 1) on scales of 4+ points, else the top box. */
  satisfiedFrom?: number;
  invalid?: InvalidPolicy;
  confidence?: number;
}

export interface CsatOptions extends CsatCompareOptions {
  weights?: ScoreArray;
}

export interface CsatResult {
  /** Percent satisfied, 0..100. */
  score: number | null;
  mean: number | null;
  total: number;
  satisfied: number;
  /** Counts per scale point from scale[0] to scale[1]. */
  distribution: number[];
  /** The group of each scale point: satisfied from satisfiedFrom up. */
  groups: ("satisfied" | "unsatisfied")[];
  /** Wilson score interval of the percent. */
  confidenceInterval: ConfidenceInterval | null;
  skipped: number;
  responses: number;
  effectiveN: number;
  scale: [number, number];
  satisfiedFrom: number;
  invalid: InvalidEntry[];
}

/** Options of cesCompare (those of ces without weights). */
export interface CesCompareOptions {
  /** [min, max] of the scale. Default [1, 7]. */
  scale?: readonly [number, number];
  /** Whether a higher answer means less effort. Default true (false for the CEB 1–5 "how much effort" question). */
  higherIsEasier?: boolean;
  /** Threshold of the easy box, counted toward the easy end. Default: the two easiest points. */
  easyFrom?: number;
  /** Threshold of the difficult box, counted toward the difficult end. Default: the two most difficult points. */
  difficultFrom?: number;
  invalid?: InvalidPolicy;
  confidence?: number;
}

export interface CesOptions extends CesCompareOptions {
  weights?: ScoreArray;
}

export interface CesResult {
  mean: number | null;
  standardDeviation: number | null;
  /** Percent of answers in the easy box. */
  easyShare: number | null;
  difficultShare: number | null;
  /** easyShare − difficultShare, points. */
  netEffort: number | null;
  distribution: number[];
  /** The group of each scale point. */
  groups: ("easy" | "neutral" | "difficult")[];
  /** Student-t interval of the mean, clamped to the scale. */
  confidenceInterval: ConfidenceInterval | null;
  total: number;
  skipped: number;
  responses: number;
  effectiveN: number;
  scale: [number, number];
  higherIsEasier: boolean;
  easyFrom: number;
  difficultFrom: number;
  invalid: InvalidEntry[];
}

export interface AccumulatorOptions {
  /** Default "error": add/addMany throw on an invalid answer (and add nothing). */
  invalid?: InvalidPolicy;
}

export interface ScaleAccumulatorOptions extends AccumulatorOptions {
  /** [min, max]. Default [1, 5] for CSAT, [1, 7] for CES. */
  scale?: readonly [number, number];
}

export interface NpsAccumulatorState {
  kind: "nps";
  version: 1;
  /** Counts of scores 0..10. */
  counts: number[];
  skipped: number;
}

export interface ScaleAccumulatorState {
  kind: "csat" | "ces";
  version: 1;
  scale: [number, number];
  /** Counts per scale point. */
  counts: number[];
  skipped: number;
}

export type CsatReadOptions = Pick<CsatOptions, "satisfiedFrom" | "confidence">;
export type CesReadOptions = Pick<CesOptions, "higherIsEasier" | "easyFrom" | "difficultFrom" | "confidence">;

/** Options of csatFromCounts: the scale the counts are on, and how to read them. */
export type CsatCountsOptions = Pick<CsatOptions, "scale" | "satisfiedFrom" | "confidence">;
/** Options of cesFromCounts. */
export type CesCountsOptions = Pick<CesOptions, "scale" | "higherIsEasier" | "easyFrom" | "difficultFrom" | "confidence">;

/** Counts typed by a person, one per scale point from the lowest. */
export type PointCounts = readonly number[] | Float64Array | Uint32Array | { distribution: readonly number[] };

/** Options of a saved state rebuilt by fromJSON (the scale is the state's). */
export interface FromStateOptions {
  invalid?: InvalidPolicy;
}

/** Net Promoter Score of 0–10 answers. */
export declare function nps(scores: ScoreArray, options?: NpsOptions): NpsResult;
/** Employee NPS: the same computation as `nps`, with eNPS in its messages. */
export declare function enps(scores: ScoreArray, options?: NpsOptions): NpsResult;
/** NPS from counts typed by a person: the three groups, or the 11 counts of scores 0..10. */
export declare function npsFromCounts(counts: NpsCounts, options?: NpsReadOptions): NpsResult;
/** CSAT from counts typed by a person, one per point of `options.scale` (default 1–5). */
export declare function csatFromCounts(counts: PointCounts, options?: CsatCountsOptions): CsatResult;
/** CES from counts typed by a person, one per point of `options.scale` (default 1–7). */
export declare function cesFromCounts(counts: PointCounts, options?: CesCountsOptions): CesResult;
/** Two-sided z test of NPS(a) − NPS(b). */
export declare function npsCompare(a: NpsCompareInput, b: NpsCompareInput, options?: NpsCompareOptions): NpsComparison;
/** CSAT(a) − CSAT(b) in percentage points: pooled two-proportion z test, Newcombe hybrid score interval. */
export declare function csatCompare(a: CsatCompareInput, b: CsatCompareInput, options?: CsatCompareOptions): Change;
/** Mean CES(a) − mean CES(b): Welch's t test and interval. */
export declare function cesCompare(a: CesCompareInput, b: CesCompareInput, options?: CesCompareOptions): Change;
/** Customer satisfaction: percent of answers in the top box(es). */
export declare function csat(scores: ScoreArray, options?: CsatOptions): CsatResult;

/** Outcomes, one per trial: true/false or 1/0 (a typed array of 0/1 too). */
export type Outcomes = readonly (boolean | number)[] | (ArrayBufferView & ArrayLike<number>);
/** Successes out of trials, in either naming (a ConversionRate result is one too). */
export type RateCounts = { successes: number; trials: number } | { conversions: number; visitors: number };
/** A rate's input: counts or outcomes. */
export type RateInput = RateCounts | Outcomes;
/** A binomial interval. */
export type RateIntervalMethod = "wilson" | "agresti-coull" | "jeffreys" | "clopper-pearson";

/** Options of conversionRate (and compareRates). */
export interface RateOptions {
  /** Confidence level of the interval. Default 0.95. */
  confidence?: number;
  /** Default "wilson". */
  method?: RateIntervalMethod;
  /** Outcomes that are not true/false or 1/0: "error" (default) or "skip". */
  invalid?: InvalidPolicy;
}

/** Options of compareRates: those of conversionRate, for both sides. */
export interface CompareRatesOptions extends RateOptions {}

/** A rate in percent. */
export interface ConversionRate {
  /** conversions ÷ visitors, percent; null without visitors. */
  rate: number | null;
  conversions: number;
  visitors: number;
  /** Percent; null without visitors. */
  confidenceInterval: ConfidenceInterval | null;
  /** Outcomes left out under invalid: "skip". */
  skipped: number;
  /** The first 100 of them, with why. */
  invalid: InvalidEntry[];
}

/** Expected loss of each choice, percentage points. */
export interface ExpectedLoss {
  /** E[max(B − A, 0)]: what choosing A costs if B is better. */
  a: number;
  /** E[max(A − B, 0)]: what choosing B costs if A is better. */
  b: number;
}

/** compareRates: B against A. */
export interface RateComparison {
  rateA: ConversionRate;
  rateB: ConversionRate;
  /** B − A, percentage points. */
  difference: number | null;
  /** Newcombe's hybrid score interval (method 10), percentage points. */
  differenceInterval: ConfidenceInterval | null;
  /** B ÷ A − 1, percent; null when A's rate is 0. */
  relativeLift: number | null;
  /** Katz's log interval of the lift, percent; null when either side has no successes. */
  relativeLiftInterval: ConfidenceInterval | null;
  /** Pooled two-proportion z statistic of B − A. */
  z: number | null;
  /** Its two-sided p-value. */
  pValue: number | null;
  /** pValue < 1 − confidence. */
  significant: boolean | null;
  /** P(rate B > rate A) under Beta(1 + successes, 1 + failures) posteriors (0–1), exact. */
  probabilityBBeatsA: number | null;
  expectedLoss: ExpectedLoss | null;
  /** "exact" (closed form), or "normal" for samples past 2e7 posterior terms. */
  posteriorMethod: "exact" | "normal" | null;
  level: number;
}

/** Cart abandonment counts: the basis's count and the orders. */
export interface CartCounts {
  cartsCreated?: number;
  checkoutsStarted?: number;
  ordersCompleted: number;
}

/** Options of cartAbandonment. */
export interface CartOptions {
  /** Confidence level of the interval. Default 0.95. */
  confidence?: number;
  /** Default "wilson". */
  method?: RateIntervalMethod;
  /** The denominator: "cart" (carts created, default) or "checkout" (checkouts started). */
  basis?: "cart" | "checkout";
}

/** cartAbandonment's result. */
export interface CartAbandonment {
  /** Abandoned ÷ basis, percent; null when the basis is 0. */
  rate: number | null;
  abandoned: number;
  /** The basis: carts created or checkouts started. */
  total: number;
  ordersCompleted: number;
  basis: "cart" | "checkout";
  /** Percent. */
  confidenceInterval: ConfidenceInterval | null;
}

/** Conversions ÷ visitors in percent, with a binomial interval (Wilson by default). */
export declare function conversionRate(input: RateInput, options?: RateOptions): ConversionRate;
/** B against A: difference (Newcombe), lift (Katz), z test, P(B beats A) and expected loss (exact). */
export declare function compareRates(a: RateInput, b: RateInput, options?: CompareRatesOptions): RateComparison;
/** (basis − orders) ÷ basis in percent, the basis being carts created or checkouts started. */
export declare function cartAbandonment(counts: CartCounts, options?: CartOptions): CartAbandonment;
/** Customer effort: mean, easy / difficult shares and net effort. */
export declare function ces(scores: ScoreArray, options?: CesOptions): CesResult;

/** Mergeable NPS counts (scores 0..10), for streaming data, Web Workers and partial results computed elsewhere. */
export declare class NpsAccumulator {
  constructor(options?: AccumulatorOptions);
  /** Adds one answer (a number 0–10). */
  add(score: number): void;
  /** Adds many answers; all or nothing. */
  addMany(scores: ScoreArray): void;
  /** Adds the counts of another accumulator (or of its saved state). */
  merge(other: NpsAccumulator | NpsAccumulatorState): void;
  /** The NPS of everything added. */
  result(options?: NpsReadOptions): NpsResult;
  /** Number of valid answers added. */
  readonly count: number;
  /** Number of invalid answers skipped. */
  readonly skipped: number;
  /** The state as a plain object (`JSON.stringify` calls this). */
  toJSON(): NpsAccumulatorState;
  /** Releases the memory now (otherwise when the object is collected); later calls throw INVALID_STATE. */
  free(): void;
  /** Rebuilds an accumulator from `toJSON()` output. */
  static fromJSON(state: NpsAccumulatorState, options?: FromStateOptions): NpsAccumulator;
  /** An accumulator holding counts typed by a person: the 11 counts of scores 0..10. */
  static fromCounts(counts: PointCounts, options?: AccumulatorOptions): NpsAccumulator;
}

/** Mergeable CSAT counts on a fixed scale. */
export declare class CsatAccumulator {
  constructor(options?: ScaleAccumulatorOptions);
  add(score: number): void;
  addMany(scores: ScoreArray): void;
  merge(other: CsatAccumulator | ScaleAccumulatorState): void;
  result(options?: CsatReadOptions): CsatResult;
  readonly count: number;
  readonly skipped: number;
  toJSON(): ScaleAccumulatorState;
  free(): void;
  static fromJSON(state: ScaleAccumulatorState, options?: FromStateOptions): CsatAccumulator;
  /** An accumulator holding counts typed by a person, one per point of `options.scale`. */
  static fromCounts(counts: PointCounts, options?: ScaleAccumulatorOptions): CsatAccumulator;
}

/** Mergeable CES counts on a fixed scale. */
export declare class CesAccumulator {
  constructor(options?: ScaleAccumulatorOptions);
  add(score: number): void;
  addMany(scores: ScoreArray): void;
  merge(other: CesAccumulator | ScaleAccumulatorState): void;
  result(options?: CesReadOptions): CesResult;
  readonly count: number;
  readonly skipped: number;
  toJSON(): ScaleAccumulatorState;
  free(): void;
  static fromJSON(state: ScaleAccumulatorState, options?: FromStateOptions): CesAccumulator;
  static fromCounts(counts: PointCounts, options?: ScaleAccumulatorOptions): CesAccumulator;
}
