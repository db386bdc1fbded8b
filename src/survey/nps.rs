//! Net Promoter Score (and eNPS, its employee twin).
//!
//! Definition (F. Reichheld, "The One Number You Need to Grow", *Harvard
//! Business Review*, 2003; Bain & Company): answers 0–10 to "How likely are
//! you to recommend…"; **promoters** 9–10, **passives** 7–8, **detractors**
//! 0–6; NPS = 100 · (P − D) / n, in points from −100 to 100.

use crate::wire::out::{OutError, Tape};
use super::points::Points;
use super::tally::{tally, Scores, Tally};
use super::{check_count, tally_table, check_level, share, ConfidenceInterval, InvalidEntry, InvalidPolicy, Scale, Weighted, SCORES};
use crate::error::{num, Error, Result};
use crate::kpi::{Metric, StaticStrs};
use crate::stats::{normal_sf, z_critical};
use crate::table::{Schema, Table};
use serde::{Deserialize, Serialize};

/// The promoter / passive / detractor cut-offs: detractors 0–6, passives
/// 7–8, promoters 9–10 (Reichheld 2003). The one place they are written.
pub const DETRACTORS: (i32, i32) = (0, 6);
/// Passives, 7–8.
pub const PASSIVES: (i32, i32) = (7, 8);
/// Promoters, 9–10.
pub const PROMOTERS: (i32, i32) = (9, 10);

/// The group of score `s`, by the cut-offs.
pub const fn group_of(s: i32) -> &'static str {
    if s >= PROMOTERS.0 {
        "promoter"
    } else if s >= PASSIVES.0 {
        "passive"
    } else {
        "detractor"
    }
}

/// The group of each score 0..10, as named in results (evaluated at compile
/// time from the cut-offs).
pub static GROUPS: [&str; 11] = {
    let mut g = [""; 11];
    let mut s = 0;
    while s < 11 {
        g[s] = group_of(s as i32);
        s += 1;
    }
    g
};

/// How the confidence interval of an NPS is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntervalMethod {
    /// Adjusted Wald (J. Rocks, "Interval Estimation for the 'Net Promoter
    /// Score'", *The American Statistician* 70(4), 2016; MeasuringU): add 3
    /// to n and ¾ to both promoters and detractors, then a Wald interval on
    /// the adjusted proportions. Good coverage even for small samples and
    /// scores near ±100. The default.
    #[default]
    AdjustedWald,
    /// Plain Wald interval, NPS ± z·SE. Too narrow for small samples;
    /// degenerate (zero width) when every answer is in one group.
    Wald,
}

impl IntervalMethod {
    /// Parses `"adjusted-wald"` or `"wald"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "adjusted-wald" => Ok(IntervalMethod::AdjustedWald),
            "wald" => Ok(IntervalMethod::Wald),
            _ => Err(Error::option("method", format!("must be \"adjusted-wald\" or \"wald\"; got \"{s}\""))),
        }
    }
    /// The name used in results.
    pub fn name(self) -> &'static str {
        match self {
            IntervalMethod::AdjustedWald => "adjusted-wald",
            IntervalMethod::Wald => "wald",
        }
    }
}

/// A qualitative reading of an NPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    /// Score ≥ `excellent` (default 75).
    Excellent,
    /// Score ≥ `veryGood` (default 50).
    VeryGood,
    /// Score ≥ `reasonable` (default 0).
    Reasonable,
    /// Below `reasonable`.
    Poor,
}

/// Lower bounds of the bands, in NPS points. The defaults (75 / 50 / 0) are
/// the customary reading: excellent 75–100, very good 50–74, reasonable 0–49,
/// poor below 0.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct BandThresholds {
    /// Lowest score that is `excellent`.
    pub excellent: f64,
    /// Lowest score that is `very-good`.
    pub very_good: f64,
    /// Lowest score that is `reasonable`.
    pub reasonable: f64,
}

impl Default for BandThresholds {
    fn default() -> Self {
        BandThresholds { excellent: 75.0, very_good: 50.0, reasonable: 0.0 }
    }
}

/// A band threshold outside [−100, 100].
#[cold]
#[inline(never)]
fn out_of_range(name: &'static str, v: f64) -> Error {
    Error::option(name, format!("must be a number from -100 to 100; got {}", num(v)))
}

impl BandThresholds {
    /// Checks that each threshold is in [−100, 100] and that
    /// excellent ≥ veryGood ≥ reasonable. (Inlined: every call checks;
    /// the messages are built out of line.)
    #[inline]
    pub fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("bands.excellent", self.excellent),
            ("bands.veryGood", self.very_good),
            ("bands.reasonable", self.reasonable),
        ] {
            if !(-100.0..=100.0).contains(&v) {
                return Err(out_of_range(name, v));
            }
        }
        if !(self.excellent >= self.very_good && self.very_good >= self.reasonable) {
            return Err(self.out_of_order());
        }
        Ok(())
    }

    /// Thresholds out of order.
    #[cold]
    #[inline(never)]
    fn out_of_order(&self) -> Error {
        Error::option(
            "bands",
            format!(
                "must satisfy excellent >= veryGood >= reasonable; got {} / {} / {}",
                num(self.excellent),
                num(self.very_good),
                num(self.reasonable)
            ),
        )
    }

    /// The band of a score.
    pub fn band(&self, score: f64) -> Band {
        if score >= self.excellent {
            Band::Excellent
        } else if score >= self.very_good {
            Band::VeryGood
        } else if score >= self.reasonable {
            Band::Reasonable
        } else {
            Band::Poor
        }
    }
}

/// Options of [`nps`].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct NpsOptions {
    /// Confidence level of the interval, strictly between 0 and 1. Default 0.95.
    pub confidence: f64,
    /// Interval method. Default adjusted Wald.
    pub method: IntervalMethod,
    /// Band thresholds.
    pub bands: BandThresholds,
    /// What to do with invalid answers. Default: error.
    pub invalid: InvalidPolicy,
}

impl Default for NpsOptions {
    fn default() -> Self {
        NpsOptions {
            confidence: 0.95,
            method: IntervalMethod::default(),
            bands: BandThresholds::default(),
            invalid: InvalidPolicy::Error,
        }
    }
}

impl NpsOptions {
    pub(crate) fn validate(&self) -> Result<()> {
        check_level(self.confidence)?;
        self.bands.validate()
    }
}

/// The NPS of a sample with everything a report needs.
///
/// Counts are weighted sums when weights were given (whole numbers
/// otherwise). Every statistic that needs at least one answer is `None`
/// (`null`) for an empty sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NpsResult {
    /// 100 · (P − D) / n, from −100 to 100.
    pub score: Option<f64>,
    /// Valid answers (weighted).
    pub total: f64,
    /// Answers 9–10 (weighted).
    pub promoters: f64,
    /// Answers 7–8 (weighted).
    pub passives: f64,
    /// Answers 0–6 (weighted).
    pub detractors: f64,
    /// Promoters as a percent of `total`.
    pub promoter_share: Option<f64>,
    /// Passives as a percent of `total`.
    pub passive_share: Option<f64>,
    /// Detractors as a percent of `total`.
    pub detractor_share: Option<f64>,
    /// The 11 (weighted) counts of scores 0..10; `None` when computed from
    /// group counts only.
    pub distribution: Option<Points>,
    /// The group of each score 0..10: `"detractor"`, `"passive"` or
    /// `"promoter"`.
    pub groups: StaticStrs,
    /// Standard error of the score in points:
    /// 100 · √((p + d − (p − d)²) / n), with n the effective sample size.
    pub standard_error: Option<f64>,
    /// Confidence interval of the score, clamped to [−100, 100].
    pub confidence_interval: Option<ConfidenceInterval>,
    /// The band of the score.
    pub band: Option<Band>,
    /// The thresholds the band was read with (points).
    pub band_thresholds: BandThresholds,
    /// Invalid answers left out (`invalid: "skip"`).
    pub skipped: u64,
    /// Number of valid answers, whatever their weights.
    pub responses: u64,
    /// Kish effective sample size (Σw)²/Σw² used by the interval; equal to
    /// `responses` without weights.
    pub effective_n: f64,
    /// The first 100 skipped answers with the reason each was skipped.
    pub invalid: Vec<InvalidEntry>,
}

crate::flat! { NpsResult as "NpsResult", |t, r| {
    "score": num(r.score),
    "total": num(r.total),
    "promoters": num(r.promoters),
    "passives": num(r.passives),
    "detractors": num(r.detractors),
    "promoterShare": num(r.promoter_share),
    "passiveShare": num(r.passive_share),
    "detractorShare": num(r.detractor_share),
    "distribution": nums(r.distribution.as_deref()),
    "groups": value(&r.groups),
    "standardError": num(r.standard_error),
    "confidenceInterval": nested<ConfidenceInterval>(r.confidence_interval.as_ref()),
    "band": value(&r.band),
    "bandThresholds": nested<BandThresholds>(Some(&r.band_thresholds)),
    "skipped": num(r.skipped as f64),
    "responses": num(r.responses as f64),
    "effectiveN": num(r.effective_n),
    "invalid": value(&r.invalid),
} }

crate::flat! { BandThresholds as "BandThresholds", |t, r| {
    "excellent": num(r.excellent),
    "veryGood": num(r.very_good),
    "reasonable": num(r.reasonable),
} }

/// The three group sizes an NPS is built from: the minimal sufficient
/// statistics for score, standard error, interval and comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NpsSample {
    /// Promoters (weighted).
    pub promoters: f64,
    /// Passives (weighted).
    pub passives: f64,
    /// Detractors (weighted).
    pub detractors: f64,
    /// Effective sample size (the plain total without weights).
    pub effective_n: f64,
}

impl NpsSample {
    fn total(&self) -> f64 {
        self.promoters + self.passives + self.detractors
    }

    /// (p, d) proportions; `None` when the total is 0.
    fn proportions(&self) -> Option<(f64, f64)> {
        let n = self.total();
        if n > 0.0 { Some((self.promoters / n, self.detractors / n)) } else { None }
    }

    /// Score in points, computed as 100·(P − D)/n so that whole-number
    /// inputs round only once.
    pub fn score(&self) -> Option<f64> {
        let n = self.total();
        if n > 0.0 { Some(100.0 * (self.promoters - self.detractors) / n) } else { None }
    }

    /// Per-answer variance of the +1/0/−1 coding: p + d − (p − d)².
    pub fn variance(&self) -> Option<f64> {
        self.proportions().map(|(p, d)| (p + d - (p - d) * (p - d)).max(0.0))
    }

    /// Standard error of the score in points, 100·√(Var/n).
    pub fn standard_error(&self) -> Option<f64> {
        let var = self.variance()?;
        (self.effective_n > 0.0).then(|| 100.0 * (var / self.effective_n).sqrt())
    }

    /// Confidence interval of the score in points.
    pub fn interval(&self, level: f64, method: IntervalMethod) -> Option<ConfidenceInterval> {
        let (p, d) = self.proportions()?;
        let n = self.effective_n;
        if !(n > 0.0) {
            return None;
        }
        let z = z_critical(level);
        let (centre, se) = match method {
            IntervalMethod::Wald => (p - d, ((p + d - (p - d) * (p - d)).max(0.0) / n).sqrt()),
            IntervalMethod::AdjustedWald => {
                let n_adj = n + 3.0;
                let p_adj = (p * n + 0.75) / n_adj;
                let d_adj = (d * n + 0.75) / n_adj;
                let var = (p_adj + d_adj - (p_adj - d_adj) * (p_adj - d_adj)).max(0.0);
                (p_adj - d_adj, (var / n_adj).sqrt())
            }
        };
        Some(ConfidenceInterval {
            low: (100.0 * (centre - z * se)).max(-100.0),
            high: (100.0 * (centre + z * se)).min(100.0),
            level,
            method: method.name(),
        })
    }
}

/// NPS of raw answers, optionally weighted.
///
/// ```
/// use cx_metrics::survey::{nps, NpsOptions, Scores};
/// // 100 answers: 50 promoters, 40 passives, 10 detractors → NPS 40.
/// let mut scores = vec![10u8; 50];
/// scores.extend([8u8; 40]);
/// scores.extend([3u8; 10]);
/// let r = nps(Scores::U8(&scores), None, &NpsOptions::default()).unwrap();
/// assert_eq!(r.score, Some(40.0));
/// ```
///
/// # Errors
/// `INVALID_OPTION` for a confidence level outside (0, 1) or disordered
/// bands; the answer errors of [`tally`] (unless `invalid` is
/// [`InvalidPolicy::Skip`]) and its weight errors.
pub fn nps(scores: Scores<'_>, weights: Option<&[f64]>, options: &NpsOptions) -> Result<NpsResult> {
    options.validate()?;
    let t = tally(scores, weights, Scale::NPS, options.invalid)?;
    Ok(from_tally(&t, options))
}

/// Employee NPS: the same computation as [`nps`] on answers to "How likely
/// are you to recommend this company as a place to work?" (Bain & Company);
/// only the messages name eNPS.
///
/// # Errors
/// As [`nps`].
pub fn enps(scores: Scores<'_>, weights: Option<&[f64]>, options: &NpsOptions) -> Result<NpsResult> {
    options.validate()?;
    let t = tally(scores, weights, Scale::ENPS, options.invalid)?;
    Ok(from_tally(&t, options))
}

/// NPS of a tally on the 0–10 scale (used by the accumulator).
pub(crate) fn from_tally(t: &Tally, options: &NpsOptions) -> NpsResult {
    let sample = NpsSample {
        promoters: t.count_between(PROMOTERS.0, PROMOTERS.1),
        passives: t.count_between(PASSIVES.0, PASSIVES.1),
        detractors: t.count_between(DETRACTORS.0, DETRACTORS.1),
        effective_n: t.effective_n(),
    };
    let mut r = build(sample, Some(t.counts.clone()), options);
    r.skipped = t.skipped;
    r.responses = t.responses;
    r.invalid = t.invalid.clone();
    r
}

fn build(s: NpsSample, distribution: Option<Points>, options: &NpsOptions) -> NpsResult {
    let total = s.total();
    let score = s.score();
    NpsResult {
        score,
        total,
        promoters: s.promoters,
        passives: s.passives,
        detractors: s.detractors,
        promoter_share: share(s.promoters, total),
        passive_share: share(s.passives, total),
        detractor_share: share(s.detractors, total),
        distribution,
        groups: StaticStrs(&GROUPS),
        standard_error: s.standard_error(),
        confidence_interval: s.interval(options.confidence, options.method),
        band: score.map(|v| options.bands.band(v)),
        band_thresholds: options.bands,
        skipped: 0,
        responses: total as u64,
        effective_n: s.effective_n,
        invalid: Vec::new(),
    }
}

/// NPS from the three group counts, for calculators where people type
/// counts. `distribution` is `None` in the result.
///
/// # Errors
/// `INVALID_COUNT` for a count that is negative, fractional or infinite,
/// `NOT_A_NUMBER` for NaN, `INVALID_OPTION` as in [`nps`].
pub fn nps_from_counts(promoters: f64, passives: f64, detractors: f64, options: &NpsOptions) -> Result<NpsResult> {
    options.validate()?;
    let s = NpsSample {
        promoters: check_count("promoters", None, promoters)?,
        passives: check_count("passives", None, passives)?,
        detractors: check_count("detractors", None, detractors)?,
        effective_n: promoters + passives + detractors,
    };
    Ok(build(s, None, options))
}

/// NPS from the 11 counts of scores 0..10.
///
/// # Errors
/// `LENGTH_MISMATCH` unless there are exactly 11 counts; otherwise as
/// [`nps_from_counts`].
pub fn nps_from_distribution(counts: &[f64], options: &NpsOptions) -> Result<NpsResult> {
    options.validate()?;
    let t = super::PointCounts(counts.to_vec()).tally(Scale::NPS)?;
    Ok(from_tally(&t, options))
}

/// Counts typed by a person for an NPS: the three groups, or the 11 counts
/// of scores 0..10 (`[…]` or `{ distribution }`).
#[derive(Debug, Clone, PartialEq)]
pub enum NpsCounts {
    /// `{ promoters, passives, detractors }`.
    Groups(f64, f64, f64),
    /// The 11 counts of scores 0..10.
    Distribution(Vec<f64>),
}

impl<'a> crate::wire::args::Arg<'a> for NpsCounts {
    fn read(v: crate::wire::Value<'a>, name: &'static str) -> Result<Self> {
        use crate::wire::{args::number_field, V};
        match v.get() {
            V::Object(o) if o.get("distribution").map_or(true, |d| d.is_nullish()) => {
                let get = |k| number_field(&o, k, "");
                Ok(NpsCounts::Groups(get("promoters")?, get("passives")?, get("detractors")?))
            }
            V::Object(_) | V::Array(_) | V::Column(_) => Ok(NpsCounts::Distribution(super::PointCounts::read(v, name)?.0)),
            _ => Err(Error::InvalidType {
                field: name.into(),
                index: None,
                expected: "{ promoters, passives, detractors } or { distribution } (11 counts)".into(),
                found: v.describe().into(),
            }),
        }
    }
}

/// NPS from counts typed by a person ([`NpsCounts`]).
///
/// # Errors
/// As [`nps_from_counts`] and [`nps_from_distribution`].
pub fn nps_from(counts: NpsCounts, options: &NpsOptions) -> Result<NpsResult> {
    match counts {
        NpsCounts::Groups(p, pa, d) => nps_from_counts(p, pa, d, options),
        NpsCounts::Distribution(c) => nps_from_distribution(&c, options),
    }
}

/// One side of an NPS comparison: answers, or the group counts of a result.
pub type CompareSide<'a> = super::compare::Side<'a, NpsSample>;

/// Options of [`nps_compare_sides`].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CompareOptions {
    /// Confidence level of the test and interval. Default 0.95.
    pub confidence: f64,
    /// What to do with invalid answers in score arrays. Default: error.
    pub invalid: InvalidPolicy,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions { confidence: 0.95, invalid: InvalidPolicy::Error }
    }
}

/// [`nps_compare`] of two sides given as answers or group counts.
///
/// # Errors
/// As [`nps_compare`]; the answer errors of [`tally`] for answers.
pub fn nps_compare_sides(a: &CompareSide<'_>, b: &CompareSide<'_>, options: &CompareOptions) -> Result<NpsComparison> {
    check_level(options.confidence)?;
    let (a, b) = CompareSide::summaries(a, b, |t| super::compare::nps_sample(t, options.invalid))?;
    nps_compare(&a, &b, options.confidence)
}

/// Result of comparing two NPS.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NpsComparison {
    /// NPS(a) − NPS(b) in points; `None` if either sample is empty.
    pub difference: Option<f64>,
    /// Standard error of the difference in points,
    /// 100·√(Var_a/n_a + Var_b/n_b).
    pub standard_error: Option<f64>,
    /// difference / standardError; `None` when the standard error is 0
    /// (no variation in either sample), where the test is undefined.
    pub z: Option<f64>,
    /// Two-sided p-value, 2·(1 − Φ(|z|)).
    pub p_value: Option<f64>,
    /// `pValue < 1 − level`; `None` when the test is undefined.
    pub significant: Option<bool>,
    /// Confidence level of the test and interval.
    pub level: f64,
    /// Wald interval of the difference, difference ± z·SE, clamped to
    /// [−200, 200].
    pub confidence_interval: Option<ConfidenceInterval>,
}

/// Two-sided z test of the difference between two NPS, each variance taken
/// from its own sample: z = (NPS_a − NPS_b) / √(Var_a/n_a + Var_b/n_b) (the
/// usual large-sample test; e.g. MeasuringU, "How to compare two Net
/// Promoter Scores", and Rocks 2016).
///
/// # Errors
/// `INVALID_OPTION` for a level outside (0, 1).
pub fn nps_compare(a: &NpsSample, b: &NpsSample, level: f64) -> Result<NpsComparison> {
    check_level(level)?;
    let mut out = NpsComparison {
        difference: None,
        standard_error: None,
        z: None,
        p_value: None,
        significant: None,
        level,
        confidence_interval: None,
    };
    let (Some(sa), Some(sb)) = (a.score(), b.score()) else { return Ok(out) };
    let diff = sa - sb;
    // Counts near the largest floats (or an effective n near 0) would give
    // ±∞ or NaN below: no comparison then, rather than a wrong one.
    if !diff.is_finite() {
        return Ok(out);
    }
    out.difference = Some(diff);
    let (Some(va), Some(vb)) = (a.variance(), b.variance()) else { return Ok(out) };
    if !(a.effective_n > 0.0 && b.effective_n > 0.0) {
        return Ok(out);
    }
    let se = 100.0 * (va / a.effective_n + vb / b.effective_n).sqrt();
    if !se.is_finite() {
        return Ok(out);
    }
    out.standard_error = Some(se);
    let zc = z_critical(level);
    out.confidence_interval = Some(ConfidenceInterval {
        low: (diff - zc * se).max(-200.0),
        high: (diff + zc * se).min(200.0),
        level,
        method: "wald",
    });
    if se > 0.0 {
        let z = diff / se;
        let p = (2.0 * normal_sf(z.abs())).min(1.0);
        out.z = Some(z);
        out.p_value = Some(p);
        out.significant = Some(p < 1.0 - level);
    }
    Ok(out)
}

impl NpsResult {
    /// The group counts of this result, for [`nps_compare`].
    pub fn sample(&self) -> NpsSample {
        NpsSample {
            promoters: self.promoters,
            passives: self.passives,
            detractors: self.detractors,
            effective_n: self.effective_n,
        }
    }
}

/// NPS as a [`Metric`]: state [`Tally`] on 0–10, options [`NpsOptions`] plus
/// weights.
#[derive(Debug, Clone, Copy)]
pub struct Nps;

/// eNPS as a [`Metric`] (the same as [`Nps`], named eNPS in messages).
#[derive(Debug, Clone, Copy)]
pub struct Enps;

macro_rules! nps_metric {
    ($t:ty, $scale:expr) => {
        impl Metric for $t {
            type Options = Weighted<NpsOptions>;
            type State = Tally;
            type Output = NpsResult;
            const SCHEMA: &'static Schema<'static> = &SCORES;

            fn state(o: &Self::Options) -> Result<Tally> {
                o.options.validate()?;
                Ok(Tally::new($scale))
            }
            fn add(state: &mut Tally, table: &Table<'_>, o: &Self::Options) -> Result<()> {
                state.add(tally_table(table, o.weights.as_deref(), $scale, o.options.invalid)?)
            }
            fn read(state: &Tally, o: &Self::Options) -> Result<NpsResult> {
                o.options.validate()?;
                Ok(from_tally(state, &o.options))
            }
            fn write(out: &NpsResult, tape: &mut Tape) -> std::result::Result<(), OutError> {
                tape.write_flat(out)
            }
        }
    };
}
nps_metric!(Nps, Scale::NPS);
nps_metric!(Enps, Scale::ENPS);

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(groups: &[(u8, usize)]) -> Vec<u8> {
        groups.iter().flat_map(|&(s, n)| std::iter::repeat(s).take(n)).collect()
    }

    #[test]
    fn hand_worked_forty() {
        // 100 answers, 50 promoters, 40 passives, 10 detractors.
        let data = scores(&[(9, 25), (10, 25), (7, 20), (8, 20), (0, 5), (6, 5)]);
        let r = nps(Scores::U8(&data), None, &NpsOptions::default()).unwrap();
        assert_eq!(r.score, Some(40.0));
        assert_eq!((r.promoters, r.passives, r.detractors, r.total), (50.0, 40.0, 10.0, 100.0));
        assert_eq!((r.promoter_share, r.passive_share, r.detractor_share), (Some(50.0), Some(40.0), Some(10.0)));
        assert_eq!(r.band, Some(Band::Reasonable));
        // Var = 0.5 + 0.1 − 0.4² = 0.44; SE = 100·√(0.44/100) = 6.6332…
        assert!((r.standard_error.unwrap() - 6.633_249_580_710_8).abs() < 1e-9);
        let w = r.sample().interval(0.95, IntervalMethod::Wald).unwrap();
        // 40 ± 1.959964 × 6.63325 = 26.9993 .. 53.0007
        assert!((w.low - 26.999_3).abs() < 1e-3 && (w.high - 53.000_7).abs() < 1e-3, "{w:?}");
    }

    #[test]
    fn adjusted_wald_by_hand() {
        // n = 100, P = 50, D = 10: n' = 103, p' = 50.75/103, d' = 10.75/103.
        let s = NpsSample { promoters: 50.0, passives: 40.0, detractors: 10.0, effective_n: 100.0 };
        let ci = s.interval(0.95, IntervalMethod::AdjustedWald).unwrap();
        let (p, d) = (50.75 / 103.0, 10.75 / 103.0);
        let se = ((p + d - (p - d) * (p - d)) / 103.0f64).sqrt();
        let z = 1.959_963_984_540_054;
        assert!((ci.low - 100.0 * (p - d - z * se)).abs() < 1e-9);
        assert!((ci.high - 100.0 * (p - d + z * se)).abs() < 1e-9);
        // Numerically: 38.835 ± 12.901 → 25.934 .. 51.736.
        assert!((ci.low - 25.934).abs() < 1e-3 && (ci.high - 51.736).abs() < 1e-3, "{ci:?}");
    }

    #[test]
    fn adjusted_wald_matches_rocks_reference_code() {
        // n = 1162: 291 promoters, 476 passives, 395 detractors (raw NPS −8.95).
        // Rocks's NPS package for R (nps_var / nps_moe with adjusted Wald)
        // centres on the adjusted NPS −8.927 with a margin of 4.381.
        let s = NpsSample { promoters: 291.0, passives: 476.0, detractors: 395.0, effective_n: 1162.0 };
        let ci = s.interval(0.95, IntervalMethod::AdjustedWald).unwrap();
        assert!(((ci.low + ci.high) / 2.0 + 8.927).abs() < 1e-3, "{ci:?}");
        assert!(((ci.high - ci.low) / 2.0 - 4.381).abs() < 1e-3, "{ci:?}");
        // The unadjusted Wald margin for the same data is 4.388.
        let w = s.interval(0.95, IntervalMethod::Wald).unwrap();
        assert!(((w.high - w.low) / 2.0 - 4.388).abs() < 1e-3, "{w:?}");
    }

    #[test]
    fn all_promoters_wald_is_degenerate_adjusted_is_not() {
        let s = NpsSample { promoters: 10.0, passives: 0.0, detractors: 0.0, effective_n: 10.0 };
        let w = s.interval(0.95, IntervalMethod::Wald).unwrap();
        assert_eq!((w.low, w.high), (100.0, 100.0));
        let a = s.interval(0.95, IntervalMethod::AdjustedWald).unwrap();
        assert!(a.low < 100.0 && a.high == 100.0, "{a:?}");
    }

    #[test]
    fn empty_sample_is_null_not_nan() {
        let r = nps(Scores::U8(&[]), None, &NpsOptions::default()).unwrap();
        assert_eq!(r.score, None);
        assert_eq!(r.standard_error, None);
        assert_eq!(r.confidence_interval, None);
        assert_eq!(r.band, None);
        assert_eq!(r.promoter_share, None);
        assert_eq!(r.total, 0.0);
        assert_eq!(r.distribution.as_deref(), Some(&[0.0; 11][..]));
    }

    #[test]
    fn groups_follow_the_cut_offs() {
        for s in 0..=10 {
            assert_eq!(GROUPS[s as usize], group_of(s), "score {s}");
        }
        assert_eq!((group_of(6), group_of(7), group_of(8), group_of(9)), ("detractor", "passive", "passive", "promoter"));
    }

    #[test]
    fn bands_and_thresholds() {
        let b = BandThresholds::default();
        assert_eq!(b.band(75.0), Band::Excellent);
        assert_eq!(b.band(74.99), Band::VeryGood);
        assert_eq!(b.band(50.0), Band::VeryGood);
        assert_eq!(b.band(0.0), Band::Reasonable);
        assert_eq!(b.band(-0.01), Band::Poor);
        let bad = BandThresholds { excellent: 40.0, very_good: 50.0, reasonable: 0.0 };
        assert_eq!(bad.validate().unwrap_err().code(), "INVALID_OPTION");
    }

    #[test]
    fn counts_entry_and_errors() {
        let o = NpsOptions::default();
        let r = nps_from_counts(50.0, 40.0, 10.0, &o).unwrap();
        assert_eq!(r.score, Some(40.0));
        assert_eq!(r.distribution, None);
        let e = nps_from_counts(-1.0, 0.0, 0.0, &o).unwrap_err();
        assert_eq!((e.code(), e.field()), ("INVALID_COUNT", Some("promoters")));
        let e = nps_from_counts(1.0, 2.5, 0.0, &o).unwrap_err();
        assert_eq!((e.code(), e.field()), ("INVALID_COUNT", Some("passives")));
        let e = nps_from_distribution(&[1.0; 10], &o).unwrap_err();
        assert_eq!(e.code(), "LENGTH_MISMATCH");
        let e = nps_from_counts(1.0, 1.0, 1.0, &NpsOptions { confidence: 95.0, ..o }).unwrap_err();
        assert_eq!((e.code(), e.field()), ("INVALID_OPTION", Some("confidence")));
    }

    #[test]
    fn compare_hand_worked() {
        // a: P 50, Pa 40, D 10 (n 100) → 40, Var .44
        // b: P 30, Pa 40, D 30 (n 100) → 0, Var .6
        let a = NpsSample { promoters: 50.0, passives: 40.0, detractors: 10.0, effective_n: 100.0 };
        let b = NpsSample { promoters: 30.0, passives: 40.0, detractors: 30.0, effective_n: 100.0 };
        let c = nps_compare(&a, &b, 0.95).unwrap();
        let se = 100.0 * (0.44f64 / 100.0 + 0.6 / 100.0).sqrt(); // 10.198
        assert_eq!(c.difference, Some(40.0));
        assert!((c.standard_error.unwrap() - se).abs() < 1e-9);
        assert!((c.z.unwrap() - 40.0 / se).abs() < 1e-9);
        // z = 3.9223 → p = 8.77e-5
        assert!((c.p_value.unwrap() - 8.770e-5).abs() < 1e-7, "{:?}", c.p_value);
        assert_eq!(c.significant, Some(true));
        let same = nps_compare(&a, &a, 0.95).unwrap();
        assert_eq!((same.z, same.p_value, same.significant), (Some(0.0), Some(1.0), Some(false)));
        let empty = NpsSample { promoters: 0.0, passives: 0.0, detractors: 0.0, effective_n: 0.0 };
        let c = nps_compare(&a, &empty, 0.95).unwrap();
        assert_eq!((c.difference, c.significant), (None, None));
        let flat = NpsSample { promoters: 5.0, passives: 0.0, detractors: 0.0, effective_n: 5.0 };
        let c = nps_compare(&flat, &flat, 0.95).unwrap();
        assert_eq!((c.difference, c.standard_error, c.z, c.significant), (Some(0.0), Some(0.0), None, None));
    }
}
