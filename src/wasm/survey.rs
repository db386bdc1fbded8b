//! JavaScript exports of the survey KPIs.

use super::{js_error, number_field, read_prop, to_js, Input, JsResult, Numbers, Options};
use crate::error::Error;
use crate::survey::{
    self as core, BandThresholds, CesOptions, CsatOptions, IntervalMethod, InvalidPolicy, NpsOptions, NpsSample, Scale,
    Scores,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
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
  /** Standard error of the score, in points. */
  standardError: number | null;
  confidenceInterval: ConfidenceInterval | null;
  band: NpsBand | null;
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

export interface CsatOptions {
  /** [min, max] of the scale. Default [1, 5]. */
  scale?: readonly [number, number];
  /** Lowest satisfied score. Default: top-2 box (max − 1) on scales of 4+ points, else the top box. */
  satisfiedFrom?: number;
  weights?: ScoreArray;
  invalid?: InvalidPolicy;
  confidence?: number;
}

export interface CsatResult {
  /** Percent satisfied, 0..100. */
  score: number | null;
  mean: number | null;
  total: number;
  satisfied: number;
  /** Counts per scale point from scale[0] to scale[1]. */
  distribution: number[];
  /** Wilson score interval of the percent. */
  confidenceInterval: ConfidenceInterval | null;
  skipped: number;
  responses: number;
  effectiveN: number;
  scale: [number, number];
  satisfiedFrom: number;
  invalid: InvalidEntry[];
}

export interface CesOptions {
  /** [min, max] of the scale. Default [1, 7]. */
  scale?: readonly [number, number];
  /** Whether a higher answer means less effort. Default true (false for the CEB 1–5 "how much effort" question). */
  higherIsEasier?: boolean;
  /** Threshold of the easy box, counted toward the easy end. Default: the two easiest points. */
  easyFrom?: number;
  /** Threshold of the difficult box, counted toward the difficult end. Default: the two most difficult points. */
  difficultFrom?: number;
  weights?: ScoreArray;
  invalid?: InvalidPolicy;
  confidence?: number;
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
"#;

fn invalid_policy(o: &Options) -> Result<InvalidPolicy, Error> {
    o.string("invalid")?.map_or(Ok(InvalidPolicy::Error), |s| InvalidPolicy::parse(&s))
}

fn confidence(o: &Options) -> Result<f64, Error> {
    Ok(o.number("confidence")?.unwrap_or(0.95))
}

fn scale(o: &Options, default: (f64, f64), metric: &'static str) -> Result<Scale, Error> {
    let (min, max) = o.pair("scale")?.unwrap_or(default);
    Scale::new(min, max, metric)
}

fn weights(o: &Options) -> Result<Option<Vec<f64>>, Error> {
    match o.get("weights") {
        None => Ok(None),
        Some(v) => Ok(Some(Input::read(&v, "weights")?.into_f64())),
    }
}

fn nps_read_options(o: &Options) -> Result<NpsOptions, Error> {
    let mut opts = NpsOptions { confidence: confidence(o)?, ..NpsOptions::default() };
    if let Some(m) = o.string("method")? {
        opts.method = IntervalMethod::parse(&m)?;
    }
    if let Some(b) = o.get("bands") {
        let bo = Options::read(&b, &["excellent", "veryGood", "reasonable"], "bands.")?;
        let d = BandThresholds::default();
        opts.bands = BandThresholds {
            excellent: bo.number("excellent")?.unwrap_or(d.excellent),
            very_good: bo.number("veryGood")?.unwrap_or(d.very_good),
            reasonable: bo.number("reasonable")?.unwrap_or(d.reasonable),
        };
    }
    Ok(opts)
}

const NPS_OPTIONS: &[&str] = &["weights", "invalid", "confidence", "method", "bands"];
const NPS_READ_OPTIONS: &[&str] = &["confidence", "method", "bands"];

impl Input {
    fn scores(&self) -> Scores<'_> {
        match &self.numbers {
            Numbers::U8(v) => Scores::U8(v),
            Numbers::I8(v) => Scores::I8(v),
            Numbers::U16(v) => Scores::U16(v),
            Numbers::I16(v) => Scores::I16(v),
            Numbers::U32(v) => Scores::U32(v),
            Numbers::I32(v) => Scores::I32(v),
            Numbers::F32(v) => Scores::F32(v),
            Numbers::F64(v) => Scores::F64(v),
        }
    }

    /// Rewrites the messages of skipped not-a-number answers.
    fn explain_entries(&self, entries: &mut [core::InvalidEntry]) {
        if self.source.is_none() {
            return;
        }
        for entry in entries.iter_mut().filter(|e| e.code == "NOT_A_NUMBER") {
            let e = Error::NotANumber { field: "scores".into(), index: Some(entry.index), found: "NaN".into() };
            entry.message = self.explain(e).to_string();
        }
    }
}

/// Results that list their skipped answers.
trait ListsInvalid {
    fn invalid_mut(&mut self) -> &mut Vec<core::InvalidEntry>;
}

macro_rules! lists_invalid {
    ($($t:ty),*) => {
        $(impl ListsInvalid for $t {
            fn invalid_mut(&mut self) -> &mut Vec<core::InvalidEntry> {
                &mut self.invalid
            }
        })*
    };
}
lists_invalid!(core::NpsResult, core::CsatResult, core::CesResult);

/// The path shared by nps, enps, csat and ces: read the options, the
/// weights and the scores, compute, and make messages about non-number
/// elements say what the element really was.
fn run<O, R: ListsInvalid>(
    scores: &JsValue,
    options: &JsValue,
    allowed: &[&str],
    parse: impl Fn(&Options) -> Result<O, Error>,
    compute: impl Fn(Scores<'_>, Option<&[f64]>, &O) -> Result<R, Error>,
) -> Result<R, Error> {
    let o = Options::read(options, allowed, "")?;
    let opts = parse(&o)?;
    let w = weights(&o)?;
    let input = Input::read_scores(scores, "scores")?;
    let mut r = compute(input.scores(), w.as_deref(), &opts).map_err(|e| input.explain(e))?;
    input.explain_entries(r.invalid_mut());
    Ok(r)
}

fn nps_options(o: &Options) -> Result<NpsOptions, Error> {
    Ok(NpsOptions { invalid: invalid_policy(o)?, ..nps_read_options(o)? })
}

fn run_nps(scores: &JsValue, options: &JsValue, enps: bool) -> Result<core::NpsResult, Error> {
    run(scores, options, NPS_OPTIONS, nps_options, if enps { core::enps } else { core::nps })
}

/// Net Promoter Score of 0–10 answers. See README for every field.
#[wasm_bindgen(js_name = nps, unchecked_return_type = "NpsResult")]
pub fn nps_js(
    #[wasm_bindgen(unchecked_param_type = "ScoreArray")] scores: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsOptions")] options: JsValue,
) -> JsResult<JsValue> {
    to_js(&run_nps(&scores, &options, false).map_err(|e| js_error(&e))?)
}

/// Employee NPS: the same computation as `nps`, with eNPS in its messages.
#[wasm_bindgen(js_name = enps, unchecked_return_type = "NpsResult")]
pub fn enps_js(
    #[wasm_bindgen(unchecked_param_type = "ScoreArray")] scores: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsOptions")] options: JsValue,
) -> JsResult<JsValue> {
    to_js(&run_nps(&scores, &options, true).map_err(|e| js_error(&e))?)
}

fn counts_from_js(counts: &JsValue, options: &JsValue) -> Result<core::NpsResult, Error> {
    let o = Options::read(options, NPS_READ_OPTIONS, "")?;
    let opts = nps_read_options(&o)?;
    let distribution = if super::array_kind(counts) >= 0 {
        Some(counts.clone())
    } else {
        let d = read_prop(counts, "distribution");
        (!d.is_undefined() && !d.is_null()).then_some(d)
    };
    if let Some(d) = distribution {
        let input = Input::read(&d, "distribution")?;
        let values = input.into_f64();
        return core::nps_from_distribution(&values, &opts);
    }
    if super::own_keys(counts).is_null() {
        return Err(Error::InvalidType {
            field: "counts".into(),
            index: None,
            expected: "{ promoters, passives, detractors } or { distribution } (11 counts)".into(),
            found: super::describe(counts).into(),
        });
    }
    let get = |k: &'static str| -> Result<f64, Error> {
        number_field(counts, k, "")?.ok_or_else(|| Error::InvalidType {
            field: k.into(),
            index: None,
            expected: "a count".into(),
            found: "nothing (it is missing)".into(),
        })
    };
    core::nps_from_counts(get("promoters")?, get("passives")?, get("detractors")?, &opts)
}

/// NPS from counts typed by a person: `{ promoters, passives, detractors }`,
/// `{ distribution }` or an array of the 11 counts of scores 0..10.
#[wasm_bindgen(js_name = npsFromCounts, unchecked_return_type = "NpsResult")]
pub fn nps_from_counts_js(
    #[wasm_bindgen(unchecked_param_type = "NpsCounts")] counts: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsReadOptions")] options: JsValue,
) -> JsResult<JsValue> {
    to_js(&counts_from_js(&counts, &options).map_err(|e| js_error(&e))?)
}

fn sample_from_js(v: &JsValue, side: &'static str, policy: InvalidPolicy) -> Result<NpsSample, Error> {
    if super::array_kind(v) >= 0 {
        let input = Input::read_scores(v, "scores")?;
        let opts = NpsOptions { invalid: policy, ..NpsOptions::default() };
        let r = core::nps(input.scores(), None, &opts).map_err(|e| input.explain(e))?;
        return Ok(r.sample());
    }
    if super::own_keys(v).is_null() {
        return Err(Error::InvalidType {
            field: side.into(),
            index: None,
            expected: "an array of scores or an NPS result".into(),
            found: super::describe(v).into(),
        });
    }
    let prefix: &str = if side == "a" { "a." } else { "b." };
    let field = |k: &'static str| -> Result<f64, Error> {
        match number_field(v, k, prefix)? {
            Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
            Some(x) => Err(Error::InvalidCount { field: format!("{prefix}{k}").into(), index: None, value: x }),
            None => Err(Error::InvalidType {
                field: format!("{prefix}{k}").into(),
                index: None,
                expected: "a count".into(),
                found: "nothing (it is missing)".into(),
            }),
        }
    };
    let (p, pa, d) = (field("promoters")?, field("passives")?, field("detractors")?);
    let n = match number_field(v, "effectiveN", prefix)? {
        Some(x) if x.is_finite() && x >= 0.0 => x,
        Some(x) => return Err(Error::InvalidCount { field: format!("{prefix}effectiveN").into(), index: None, value: x }),
        None => p + pa + d,
    };
    Ok(NpsSample { promoters: p, passives: pa, detractors: d, effective_n: n })
}

fn compare(a: &JsValue, b: &JsValue, options: &JsValue) -> Result<core::NpsComparison, Error> {
    let o = Options::read(options, &["confidence", "invalid"], "")?;
    let level = confidence(&o)?;
    crate::survey::nps_compare(
        &sample_from_js(a, "a", invalid_policy(&o)?)?,
        &sample_from_js(b, "b", invalid_policy(&o)?)?,
        level,
    )
}

/// Two-sided z test of NPS(a) − NPS(b).
#[wasm_bindgen(js_name = npsCompare, unchecked_return_type = "NpsComparison")]
pub fn nps_compare_js(
    #[wasm_bindgen(unchecked_param_type = "NpsCompareInput")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NpsCompareInput")] b: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsCompareOptions")] options: JsValue,
) -> JsResult<JsValue> {
    to_js(&compare(&a, &b, &options).map_err(|e| js_error(&e))?)
}

const CSAT_OPTIONS: &[&str] = &["scale", "satisfiedFrom", "weights", "invalid", "confidence"];

fn csat_options(o: &Options) -> Result<CsatOptions, Error> {
    Ok(CsatOptions {
        scale: scale(o, (1.0, 5.0), "CSAT")?,
        satisfied_from: o.number("satisfiedFrom")?,
        confidence: confidence(o)?,
        invalid: invalid_policy(o)?,
    })
}

fn run_csat(scores: &JsValue, options: &JsValue) -> Result<core::CsatResult, Error> {
    run(scores, options, CSAT_OPTIONS, csat_options, core::csat)
}

/// Customer satisfaction: percent of answers in the top box(es).
#[wasm_bindgen(js_name = csat, unchecked_return_type = "CsatResult")]
pub fn csat_js(
    #[wasm_bindgen(unchecked_param_type = "ScoreArray")] scores: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsatOptions")] options: JsValue,
) -> JsResult<JsValue> {
    to_js(&run_csat(&scores, &options).map_err(|e| js_error(&e))?)
}

const CES_OPTIONS: &[&str] = &["scale", "higherIsEasier", "easyFrom", "difficultFrom", "weights", "invalid", "confidence"];

fn ces_options(o: &Options) -> Result<CesOptions, Error> {
    Ok(CesOptions {
        scale: scale(o, (1.0, 7.0), "CES")?,
        higher_is_easier: o.boolean("higherIsEasier")?.unwrap_or(true),
        easy_from: o.number("easyFrom")?,
        difficult_from: o.number("difficultFrom")?,
        confidence: confidence(o)?,
        invalid: invalid_policy(o)?,
    })
}

fn run_ces(scores: &JsValue, options: &JsValue) -> Result<core::CesResult, Error> {
    run(scores, options, CES_OPTIONS, ces_options, core::ces)
}

/// Customer effort: mean, easy / difficult shares and net effort.
#[wasm_bindgen(js_name = ces, unchecked_return_type = "CesResult")]
pub fn ces_js(
    #[wasm_bindgen(unchecked_param_type = "ScoreArray")] scores: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CesOptions")] options: JsValue,
) -> JsResult<JsValue> {
    to_js(&run_ces(&scores, &options).map_err(|e| js_error(&e))?)
}

// ---------------------------------------------------------------- accumulators

/// Reads one scalar answer: a number, or an error naming what it was.
fn scalar(v: &JsValue) -> Result<f64, Error> {
    v.as_f64().ok_or_else(|| Error::NotANumber { field: "score".into(), index: None, found: super::describe(v).into() })
}

/// Reads the state object of `fromJSON` / `merge`: accepts the state itself
/// or any object whose `toJSON()` returns one (an accumulator).
fn read_state(v: &JsValue, kind: &str) -> Result<(Option<(f64, f64)>, Vec<f64>, f64), Error> {
    let json = super::call_to_json(v);
    let bad = |reason: String| Error::InvalidState { reason: reason.into() };
    if json.is_symbol() {
        return Err(bad(
            "its toJSON() failed; an accumulator cannot be merged into itself (merge a copy: Accumulator.fromJSON(acc.toJSON()))"
                .into(),
        ));
    }
    let state = if json.is_undefined() { v.clone() } else { json };
    if super::own_keys(&state).is_null() {
        return Err(bad(format!("expected an object like {{ kind: \"{kind}\", version: 1, counts: [...] }}; got {}", super::describe(v))));
    }
    let k = read_prop(&state, "kind");
    if k.as_string().as_deref() != Some(kind) {
        return Err(bad(format!("kind must be \"{kind}\"; got {}", super::describe(&k))));
    }
    let version = read_prop(&state, "version");
    if version.as_f64() != Some(1.0) {
        return Err(bad(format!("version must be 1; got {}", super::describe(&version))));
    }
    let counts = read_prop(&state, "counts");
    if super::array_kind(&counts) < 0 {
        return Err(bad(format!("counts must be an array; got {}", super::describe(&counts))));
    }
    let counts = Input::read(&counts, "counts")?.into_f64();
    let skipped = read_prop(&state, "skipped");
    let skipped = if skipped.is_undefined() {
        0.0
    } else {
        skipped.as_f64().ok_or_else(|| bad(format!("skipped must be a number; got {}", super::describe(&skipped))))?
    };
    let scale = if kind == "nps" {
        None
    } else {
        let s = read_prop(&state, "scale");
        Some(super::pair_of(&s).ok_or_else(|| bad(format!("scale must be [min, max]; got {}", super::describe(&s))))?)
    };
    Ok((scale, counts, skipped))
}

fn accumulator_policy(options: &JsValue) -> Result<InvalidPolicy, Error> {
    invalid_policy(&Options::read(options, &["invalid"], "")?)
}

/// Mergeable NPS counts (scores 0..10), for streaming data, Web Workers and
/// partial results computed elsewhere.
#[wasm_bindgen(js_name = NpsAccumulator)]
pub struct NpsAccumulatorJs {
    inner: core::NpsAccumulator,
}

#[wasm_bindgen(js_class = NpsAccumulator)]
impl NpsAccumulatorJs {
    /// An empty accumulator.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "AccumulatorOptions")] options: JsValue,
    ) -> JsResult<NpsAccumulatorJs> {
        let policy = accumulator_policy(&options).map_err(|e| js_error(&e))?;
        Ok(NpsAccumulatorJs { inner: core::NpsAccumulator::new(policy) })
    }

    /// Adds one answer (a number 0–10).
    pub fn add(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] score: JsValue) -> JsResult<()> {
        scalar(&score).and_then(|s| self.inner.add(s)).map_err(|e| js_error(&e))
    }

    /// Adds many answers; all or nothing.
    #[wasm_bindgen(js_name = addMany)]
    pub fn add_many(&mut self, #[wasm_bindgen(unchecked_param_type = "ScoreArray")] scores: JsValue) -> JsResult<()> {
        let input = Input::read_scores(&scores, "scores").map_err(|e| js_error(&e))?;
        self.inner.add_many(input.scores()).map_err(|e| js_error(&input.explain(e)))
    }

    /// Adds the counts of another accumulator (or of its saved state).
    pub fn merge(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "NpsAccumulator | NpsAccumulatorState")] other: JsValue,
    ) -> JsResult<()> {
        let (_, counts, skipped) = read_state(&other, "nps").map_err(|e| js_error(&e))?;
        let other = core::NpsAccumulator::from_counts(&counts, skipped, InvalidPolicy::Error).map_err(|e| js_error(&e))?;
        self.inner.merge(&other);
        Ok(())
    }

    /// The NPS of everything added.
    #[wasm_bindgen(unchecked_return_type = "NpsResult")]
    pub fn result(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "NpsReadOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let r = Options::read(&options, NPS_READ_OPTIONS, "")
            .and_then(|o| nps_read_options(&o))
            .and_then(|o| self.inner.result(&o))
            .map_err(|e| js_error(&e))?;
        to_js(&r)
    }

    /// Number of valid answers added.
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> f64 {
        self.inner.counts().iter().map(|&c| c as f64).sum()
    }

    /// Number of invalid answers skipped.
    #[wasm_bindgen(getter)]
    pub fn skipped(&self) -> f64 {
        self.inner.skipped() as f64
    }

    /// The state as a plain object (`JSON.stringify` calls this).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "NpsAccumulatorState")]
    pub fn to_json(&self) -> JsResult<JsValue> {
        to_js(&State { kind: "nps", version: 1, scale: None, counts: self.inner.counts(), skipped: self.inner.skipped() })
    }

    /// Rebuilds an accumulator from `toJSON()` output.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "NpsAccumulatorState")] state: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AccumulatorOptions")] options: JsValue,
    ) -> JsResult<NpsAccumulatorJs> {
        let inner = accumulator_policy(&options)
            .and_then(|p| {
                let (_, counts, skipped) = read_state(&state, "nps")?;
                core::NpsAccumulator::from_counts(&counts, skipped, p)
            })
            .map_err(|e| js_error(&e))?;
        Ok(NpsAccumulatorJs { inner })
    }
}

#[derive(serde::Serialize)]
struct State<'a> {
    kind: &'static str,
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<[i32; 2]>,
    counts: &'a [u64],
    skipped: u64,
}

fn scale_accumulator(options: &JsValue, default: (f64, f64), metric: &'static str) -> Result<core::ScaleAccumulator, Error> {
    let o = Options::read(options, &["scale", "invalid"], "")?;
    Ok(core::ScaleAccumulator::new(scale(&o, default, metric)?, invalid_policy(&o)?))
}

fn scale_from_json(state: &JsValue, options: &JsValue, kind: &str, metric: &'static str) -> Result<core::ScaleAccumulator, Error> {
    let policy = accumulator_policy(options)?;
    let (scale, counts, skipped) = read_state(state, kind)?;
    let (min, max) = scale.unwrap_or_default();
    let scale = Scale::new(min, max, metric).map_err(|e| Error::InvalidState { reason: e.to_string().into() })?;
    core::ScaleAccumulator::from_counts(scale, &counts, skipped, policy)
}

fn scale_merge(acc: &mut core::ScaleAccumulator, other: &JsValue, kind: &str, metric: &'static str) -> Result<(), Error> {
    let other = scale_from_json(other, &JsValue::UNDEFINED, kind, metric)?;
    acc.merge(&other)
}

fn scale_state(acc: &core::ScaleAccumulator, kind: &'static str) -> JsResult<JsValue> {
    let s = acc.scale();
    to_js(&State { kind, version: 1, scale: Some([s.min(), s.max()]), counts: acc.counts(), skipped: acc.skipped() })
}

macro_rules! scale_accumulator_class {
    ($rust:ident, $js:literal, $kind:literal, $metric:literal, $default:expr, $merge_ty:literal, $read_opts:literal, $result_ty:literal, $result:expr) => {
        #[doc = concat!("Mergeable ", $metric, " counts on a fixed scale.")]
        #[wasm_bindgen(js_name = $js)]
        pub struct $rust {
            inner: core::ScaleAccumulator,
        }

        #[wasm_bindgen(js_class = $js)]
        impl $rust {
            /// An empty accumulator.
            #[wasm_bindgen(constructor)]
            pub fn new(
                #[wasm_bindgen(unchecked_optional_param_type = "ScaleAccumulatorOptions")] options: JsValue,
            ) -> JsResult<$rust> {
                let inner = scale_accumulator(&options, $default, $metric).map_err(|e| js_error(&e))?;
                Ok($rust { inner })
            }

            /// Adds one answer.
            pub fn add(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] score: JsValue) -> JsResult<()> {
                scalar(&score).and_then(|s| self.inner.add(s)).map_err(|e| js_error(&e))
            }

            /// Adds many answers; all or nothing.
            #[wasm_bindgen(js_name = addMany)]
            pub fn add_many(
                &mut self,
                #[wasm_bindgen(unchecked_param_type = "ScoreArray")] scores: JsValue,
            ) -> JsResult<()> {
                let input = Input::read_scores(&scores, "scores").map_err(|e| js_error(&e))?;
                self.inner.add_many(input.scores()).map_err(|e| js_error(&input.explain(e)))
            }

            /// Adds the counts of another accumulator on the same scale (or of its saved state).
            pub fn merge(
                &mut self,
                #[wasm_bindgen(unchecked_param_type = $merge_ty)] other: JsValue,
            ) -> JsResult<()> {
                scale_merge(&mut self.inner, &other, $kind, $metric).map_err(|e| js_error(&e))
            }

            /// The result for everything added.
            #[wasm_bindgen(unchecked_return_type = $result_ty)]
            pub fn result(
                &self,
                #[wasm_bindgen(unchecked_optional_param_type = $read_opts)] options: JsValue,
            ) -> JsResult<JsValue> {
                $result(&self.inner, &options)
            }

            /// Number of valid answers added.
            #[wasm_bindgen(getter)]
            pub fn count(&self) -> f64 {
                self.inner.counts().iter().map(|&c| c as f64).sum()
            }

            /// Number of invalid answers skipped.
            #[wasm_bindgen(getter)]
            pub fn skipped(&self) -> f64 {
                self.inner.skipped() as f64
            }

            /// The state as a plain object.
            #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "ScaleAccumulatorState")]
            pub fn to_json(&self) -> JsResult<JsValue> {
                scale_state(&self.inner, $kind)
            }

            /// Rebuilds an accumulator from `toJSON()` output.
            #[wasm_bindgen(js_name = fromJSON)]
            pub fn from_json(
                #[wasm_bindgen(unchecked_param_type = "ScaleAccumulatorState")] state: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "AccumulatorOptions")] options: JsValue,
            ) -> JsResult<$rust> {
                let inner = scale_from_json(&state, &options, $kind, $metric).map_err(|e| js_error(&e))?;
                Ok($rust { inner })
            }
        }
    };
}

fn csat_result(acc: &core::ScaleAccumulator, options: &JsValue) -> JsResult<JsValue> {
    let r = Options::read(options, &["satisfiedFrom", "confidence"], "")
        .and_then(|o| {
            let opts =
                CsatOptions { satisfied_from: o.number("satisfiedFrom")?, confidence: confidence(&o)?, ..CsatOptions::default() };
            acc.csat(&opts)
        })
        .map_err(|e| js_error(&e))?;
    to_js(&r)
}

fn ces_result(acc: &core::ScaleAccumulator, options: &JsValue) -> JsResult<JsValue> {
    let r = Options::read(options, &["higherIsEasier", "easyFrom", "difficultFrom", "confidence"], "")
        .and_then(|o| {
            let opts = CesOptions {
                higher_is_easier: o.boolean("higherIsEasier")?.unwrap_or(true),
                easy_from: o.number("easyFrom")?,
                difficult_from: o.number("difficultFrom")?,
                confidence: confidence(&o)?,
                ..CesOptions::default()
            };
            acc.ces(&opts)
        })
        .map_err(|e| js_error(&e))?;
    to_js(&r)
}

scale_accumulator_class!(
    CsatAccumulatorJs, "CsatAccumulator", "csat", "CSAT", (1.0, 5.0),
    "CsatAccumulator | ScaleAccumulatorState", "CsatReadOptions", "CsatResult", csat_result
);
scale_accumulator_class!(
    CesAccumulatorJs, "CesAccumulator", "ces", "CES", (1.0, 7.0),
    "CesAccumulator | ScaleAccumulatorState", "CesReadOptions", "CesResult", ces_result
);
