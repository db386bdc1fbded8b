//! Customer Satisfaction Score (CSAT).
//!
//! Definition: the percent of answers in the top box(es) of a satisfaction
//! scale, CSAT = 100 · satisfied / n. The common default is the top-2 box (4–5
//! on a 1–5 scale; e.g. Formbricks and most survey vendors); Delighted and
//! Zendesk read it the same way as satisfied / all answers ("good" / ("good"
//! + "bad") on Zendesk's two-point scale, where it is the top box).

use super::points::Points;
use super::tally::{tally, Scores, Tally};
use super::{tally_table, check_level, share, ConfidenceInterval, InvalidEntry, InvalidPolicy, Scale, Weighted, SCORES};
use crate::error::Result;
use crate::kpi::Metric;
use crate::stats::wilson;
use crate::table::{Schema, Table};
use crate::wire::out::{OutError, Tape};
use serde::{Deserialize, Serialize};

/// Options of [`csat`].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CsatOptions {
    /// The answer scale. Default 1–5.
    pub scale: Scale,
    /// Lowest score counted as satisfied. Default: the top-2 box
    /// (`max − 1`: 4 on 1–5, 6 on 1–7, 9 on 1–10) on scales of four or more
    /// points, the top box on two- and three-point scales.
    pub satisfied_from: Option<f64>,
    /// Confidence level of the interval. Default 0.95.
    pub confidence: f64,
    /// What to do with invalid answers. Default: error.
    pub invalid: InvalidPolicy,
}

impl Default for CsatOptions {
    fn default() -> Self {
        CsatOptions {
            scale: Scale { min: 1, max: 5, metric: "CSAT" },
            satisfied_from: None,
            confidence: 0.95,
            invalid: InvalidPolicy::Error,
        }
    }
}

impl CsatOptions {
    /// The default top box(es) for a scale.
    pub fn default_satisfied_from(scale: &Scale) -> i32 {
        if scale.points() >= 4 { scale.max() - 1 } else { scale.max() }
    }

    pub(crate) fn satisfied_from(&self) -> Result<i32> {
        match self.satisfied_from {
            Some(v) => self.scale.check_threshold("satisfiedFrom", v),
            None => Ok(Self::default_satisfied_from(&self.scale)),
        }
    }
}

/// CSAT of a sample. Counts are weighted when weights were given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsatResult {
    /// Percent of answers that are satisfied, 0–100.
    pub score: Option<f64>,
    /// Mean answer on the scale.
    pub mean: Option<f64>,
    /// Valid answers (weighted).
    pub total: f64,
    /// Satisfied answers (weighted).
    pub satisfied: f64,
    /// (Weighted) count per scale point, from `scale[0]` to `scale[1]`.
    pub distribution: Points,
    /// The group of each scale point: `"satisfied"` from `satisfiedFrom` up,
    /// `"unsatisfied"` below.
    pub groups: crate::kpi::Labels,
    /// Wilson score interval of `score`, in percent.
    pub confidence_interval: Option<ConfidenceInterval>,
    /// Invalid answers left out.
    pub skipped: u64,
    /// Valid answers, whatever their weights.
    pub responses: u64,
    /// Kish effective sample size used by the interval.
    pub effective_n: f64,
    /// The scale, `[min, max]`.
    pub scale: [i32; 2],
    /// Lowest score counted as satisfied.
    pub satisfied_from: i32,
    /// The first 100 skipped answers with the reason each was skipped.
    pub invalid: Vec<InvalidEntry>,
}

crate::flat! { CsatResult as "CsatResult", |t, r| {
    "score": num(r.score),
    "mean": num(r.mean),
    "total": num(r.total),
    "satisfied": num(r.satisfied),
    "distribution": nums(Some(&r.distribution)),
    "groups": value(&r.groups),
    "confidenceInterval": nested<ConfidenceInterval>(r.confidence_interval.as_ref()),
    "skipped": num(r.skipped as f64),
    "responses": num(r.responses as f64),
    "effectiveN": num(r.effective_n),
    "scale": nums(Some(&r.scale.map(f64::from))),
    "satisfiedFrom": num(f64::from(r.satisfied_from)),
    "invalid": value(&r.invalid),
} }

/// CSAT of raw answers, optionally weighted.
///
/// ```
/// use cx_metrics::survey::{csat, CsatOptions, Scores};
/// // 1–5 scale, top-2 box: 4 and 5 are satisfied → 3 of 5 = 60%.
/// let r = csat(Scores::U8(&[5, 4, 4, 3, 1]), None, &CsatOptions::default()).unwrap();
/// assert_eq!(r.score, Some(60.0));
/// assert_eq!(r.mean, Some(3.4));
/// ```
///
/// # Errors
/// `INVALID_OPTION` for a bad level or a `satisfiedFrom` off the scale; the
/// answer and weight errors of [`tally`].
pub fn csat(scores: Scores<'_>, weights: Option<&[f64]>, options: &CsatOptions) -> Result<CsatResult> {
    check_level(options.confidence)?;
    options.satisfied_from()?;
    let t = tally(scores, weights, options.scale, options.invalid)?;
    csat_from_tally(&t, options)
}

/// CSAT read from a tally (used by the accumulator).
///
/// # Errors
/// `INVALID_OPTION` as in [`csat`].
pub fn csat_from_tally(t: &Tally, options: &CsatOptions) -> Result<CsatResult> {
    check_level(options.confidence)?;
    let scale = t.scale();
    let options = CsatOptions { scale, ..*options };
    let from = options.satisfied_from()?;
    let total = t.total();
    let satisfied = t.count_between(from, scale.max());
    let score = share(satisfied, total);
    let confidence_interval = score.and_then(|_| {
        wilson(satisfied / total, t.effective_n(), options.confidence).map(|b| ConfidenceInterval {
            low: 100.0 * b.low,
            high: 100.0 * b.high,
            level: options.confidence,
            method: "wilson",
        })
    });
    Ok(CsatResult {
        score,
        mean: t.mean(),
        total,
        satisfied,
        distribution: t.counts.clone(),
        groups: crate::kpi::Labels::new(scale.points(), |k| if scale.min() + k as i32 >= from { "satisfied" } else { "unsatisfied" }),
        confidence_interval,
        skipped: t.skipped,
        responses: t.responses,
        effective_n: t.effective_n(),
        scale: [scale.min(), scale.max()],
        satisfied_from: from,
        invalid: t.invalid.clone(),
    })
}

/// CSAT as a [`Metric`]: state [`Tally`] on the options' scale.
#[derive(Debug, Clone, Copy)]
pub struct Csat;

impl Metric for Csat {
    type Options = Weighted<CsatOptions>;
    type State = Tally;
    type Output = CsatResult;
    const SCHEMA: &'static Schema<'static> = &SCORES;

    fn state(o: &Self::Options) -> Result<Tally> {
        check_level(o.options.confidence)?;
        o.options.satisfied_from()?;
        Ok(Tally::new(o.options.scale.named("CSAT")))
    }
    fn add(state: &mut Tally, table: &Table<'_>, o: &Self::Options) -> Result<()> {
        state.add(tally_table(table, o.weights.as_deref(), state.scale(), o.options.invalid)?)
    }
    fn read(state: &Tally, o: &Self::Options) -> Result<CsatResult> {
        csat_from_tally(state, &o.options)
    }
    fn write(out: &CsatResult, tape: &mut Tape) -> std::result::Result<(), OutError> {
        tape.write_flat(out)
    }
}

/// CSAT from counts typed by a person, one per point of `options.scale`.
///
/// # Errors
/// As [`PointCounts::tally`](super::PointCounts::tally) and [`csat_from_tally`].
pub fn csat_from_counts(counts: &super::PointCounts, options: &CsatOptions) -> Result<CsatResult> {
    csat_from_tally(&counts.tally(options.scale.named("CSAT"))?, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_top_two_box_per_scale() {
        let s = |a, b| Scale::new(a, b, "CSAT").unwrap();
        assert_eq!(CsatOptions::default_satisfied_from(&s(1.0, 5.0)), 4);
        assert_eq!(CsatOptions::default_satisfied_from(&s(1.0, 7.0)), 6);
        assert_eq!(CsatOptions::default_satisfied_from(&s(1.0, 10.0)), 9);
        assert_eq!(CsatOptions::default_satisfied_from(&s(0.0, 1.0)), 1);
        assert_eq!(CsatOptions::default_satisfied_from(&s(1.0, 3.0)), 3);
    }

    #[test]
    fn hand_worked_with_interval() {
        // 200 answers on 1–5: 90 fives, 50 fours, 30 threes, 20 twos, 10 ones.
        let mut v = vec![5u8; 90];
        v.extend([4u8; 50]);
        v.extend([3u8; 30]);
        v.extend([2u8; 20]);
        v.extend([1u8; 10]);
        let r = csat(Scores::U8(&v), None, &CsatOptions::default()).unwrap();
        assert_eq!(r.score, Some(70.0));
        assert_eq!(r.satisfied, 140.0);
        // mean = (450 + 200 + 90 + 40 + 10) / 200 = 3.95
        assert!((r.mean.unwrap() - 3.95).abs() < 1e-12);
        assert_eq!(r.distribution, vec![10.0, 20.0, 30.0, 50.0, 90.0]);
        // Wilson 140/200 at 95%, as computed by statsmodels'
        // proportion_confint(140, 200, method="wilson"): 0.633209 .. 0.759253.
        let ci = r.confidence_interval.unwrap();
        assert!((ci.low - 63.320_93).abs() < 1e-4 && (ci.high - 75.925_26).abs() < 1e-4, "{ci:?}");
        assert_eq!(ci.method, "wilson");
    }

    #[test]
    fn satisfied_from_is_checked_against_scale() {
        let o = CsatOptions { satisfied_from: Some(6.0), ..CsatOptions::default() };
        let e = csat(Scores::U8(&[5]), None, &o).unwrap_err();
        assert_eq!((e.code(), e.field()), ("INVALID_OPTION", Some("satisfiedFrom")));
        let o = CsatOptions { satisfied_from: Some(5.0), ..CsatOptions::default() };
        assert_eq!(csat(Scores::U8(&[5, 4]), None, &o).unwrap().score, Some(50.0));
    }

    #[test]
    fn out_of_scale_answer_names_csat() {
        let e = csat(Scores::F64(&[5.0, 0.0]), None, &CsatOptions::default()).unwrap_err();
        assert_eq!(e.to_string(), "score at index 1 is 0; CSAT scores are integers 1–5");
    }
}
