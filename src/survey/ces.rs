//! Customer Effort Score (CES).
//!
//! Readings in the field, all reported here:
//! - the **mean** answer (Formbricks; CEB/Gartner's original CES on 1–5);
//! - the **easy share**, percent of answers in the easy box (Delighted and
//!   Hotjar's "% agree" on the 1–7 "The company made it easy for me…"
//!   statement of Gartner's CES 2.0);
//! - **net effort** = easy share − difficult share, in points (Mopinion).
//!
//! Direction matters: on CES 2.0 a higher answer means *less* effort; on the
//! original CEB 1–5 question ("How much effort did you personally have to put
//! forth…") 5 means *more* effort. `higher_is_easier: false` handles the
//! latter: the easy box is then at the bottom of the scale.

use super::points::Points;
use super::tally::{tally, Scores, Tally};
use super::{tally_table, check_level, share, ConfidenceInterval, InvalidEntry, InvalidPolicy, Scale, Weighted, SCORES};
use crate::error::{Error, Result};
use crate::kpi::Metric;
use crate::stats::t_quantile;
use crate::table::{Schema, Table};
use crate::wire::out::{OutError, Tape};
use serde::{Deserialize, Serialize};

/// Options of [`ces`].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CesOptions {
    /// The answer scale. Default 1–7.
    pub scale: Scale,
    /// Whether a higher answer means less effort. Default true.
    pub higher_is_easier: bool,
    /// Threshold of the easy box, counted toward the easy end: answers ≥
    /// `easy_from` are easy when higher is easier, answers ≤ `easy_from`
    /// otherwise. Default: the two easiest points (one on scales of fewer than
    /// four points).
    pub easy_from: Option<f64>,
    /// Threshold of the difficult box, counted toward the difficult end.
    /// Default: the two most difficult points (one on scales of fewer than
    /// four points).
    pub difficult_from: Option<f64>,
    /// Confidence level of the interval on the mean. Default 0.95.
    pub confidence: f64,
    /// What to do with invalid answers. Default: error.
    pub invalid: InvalidPolicy,
}

impl Default for CesOptions {
    fn default() -> Self {
        CesOptions {
            scale: Scale { min: 1, max: 7, metric: "CES" },
            higher_is_easier: true,
            easy_from: None,
            difficult_from: None,
            confidence: 0.95,
            invalid: InvalidPolicy::Error,
        }
    }
}

impl CesOptions {
    /// (easy box, difficult box) as inclusive score ranges.
    #[allow(clippy::type_complexity)]
    fn boxes(&self) -> Result<((i32, i32), (i32, i32), i32, i32)> {
        let s = self.scale;
        let width = if s.points() >= 4 { 1 } else { 0 };
        let (top, bottom) = (s.max() - width, s.min() + width);
        let (easy_default, diff_default) = if self.higher_is_easier { (top, bottom) } else { (bottom, top) };
        let easy = match self.easy_from {
            Some(v) => s.check_threshold("easyFrom", v)?,
            None => easy_default,
        };
        let difficult = match self.difficult_from {
            Some(v) => s.check_threshold("difficultFrom", v)?,
            None => diff_default,
        };
        let (easy_box, diff_box) = if self.higher_is_easier {
            ((easy, s.max()), (s.min(), difficult))
        } else {
            ((s.min(), easy), (difficult, s.max()))
        };
        if easy_box.0 <= diff_box.1 && diff_box.0 <= easy_box.1 {
            return Err(Error::option(
                "difficultFrom",
                format!(
                    "must leave the difficult box ({}–{}) apart from the easy box ({}–{})",
                    diff_box.0, diff_box.1, easy_box.0, easy_box.1
                ),
            ));
        }
        Ok((easy_box, diff_box, easy, difficult))
    }
}

/// CES of a sample. Counts are weighted when weights were given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CesResult {
    /// Mean answer on the scale as asked (not reversed).
    pub mean: Option<f64>,
    /// Sample standard deviation of the answers (n − 1 denominator; with
    /// weights, Σw(x − x̄)² / (Σw − Σw²/Σw)). `None` below two answers.
    pub standard_deviation: Option<f64>,
    /// Percent of answers in the easy box.
    pub easy_share: Option<f64>,
    /// Percent of answers in the difficult box.
    pub difficult_share: Option<f64>,
    /// easyShare − difficultShare, in points from −100 to 100.
    pub net_effort: Option<f64>,
    /// (Weighted) count per scale point, from `scale[0]` to `scale[1]`.
    pub distribution: Points,
    /// The group of each scale point: `"easy"`, `"neutral"` or
    /// `"difficult"`.
    pub groups: crate::kpi::Labels,
    /// Student-t interval of the mean, x̄ ± t(1−α/2, n−1)·s/√n, clamped to
    /// the scale; `None` below two answers.
    pub confidence_interval: Option<ConfidenceInterval>,
    /// Valid answers (weighted).
    pub total: f64,
    /// Invalid answers left out.
    pub skipped: u64,
    /// Valid answers, whatever their weights.
    pub responses: u64,
    /// Kish effective sample size used by the interval.
    pub effective_n: f64,
    /// The scale, `[min, max]`.
    pub scale: [i32; 2],
    /// Whether higher answers mean less effort.
    pub higher_is_easier: bool,
    /// Threshold of the easy box (see [`CesOptions::easy_from`]).
    pub easy_from: i32,
    /// Threshold of the difficult box.
    pub difficult_from: i32,
    /// The first 100 skipped answers with the reason each was skipped.
    pub invalid: Vec<InvalidEntry>,
}

crate::flat! { CesResult as "CesResult", |t, r| {
    "mean": num(r.mean),
    "standardDeviation": num(r.standard_deviation),
    "easyShare": num(r.easy_share),
    "difficultShare": num(r.difficult_share),
    "netEffort": num(r.net_effort),
    "distribution": nums(Some(&r.distribution)),
    "groups": value(&r.groups),
    "confidenceInterval": nested<ConfidenceInterval>(r.confidence_interval.as_ref()),
    "total": num(r.total),
    "skipped": num(r.skipped as f64),
    "responses": num(r.responses as f64),
    "effectiveN": num(r.effective_n),
    "scale": nums(Some(&r.scale.map(f64::from))),
    "higherIsEasier": value(&r.higher_is_easier),
    "easyFrom": num(f64::from(r.easy_from)),
    "difficultFrom": num(f64::from(r.difficult_from)),
    "invalid": value(&r.invalid),
} }

/// CES of raw answers, optionally weighted.
///
/// ```
/// use cx_metrics::survey::{ces, CesOptions, Scores};
/// // 1–7, higher is easier: easy = 6–7, difficult = 1–2.
/// let r = ces(Scores::U8(&[7, 6, 5, 2]), None, &CesOptions::default()).unwrap();
/// assert_eq!(r.mean, Some(5.0));
/// assert_eq!((r.easy_share, r.difficult_share, r.net_effort), (Some(50.0), Some(25.0), Some(25.0)));
/// ```
///
/// # Errors
/// `INVALID_OPTION` for a bad level, thresholds off the scale or boxes that
/// overlap; the answer and weight errors of [`tally`].
pub fn ces(scores: Scores<'_>, weights: Option<&[f64]>, options: &CesOptions) -> Result<CesResult> {
    check_level(options.confidence)?;
    options.boxes()?;
    let t = tally(scores, weights, options.scale, options.invalid)?;
    ces_from_tally(&t, options)
}

/// CES read from a tally (used by the accumulator).
///
/// # Errors
/// `INVALID_OPTION` as in [`ces`].
pub fn ces_from_tally(t: &Tally, options: &CesOptions) -> Result<CesResult> {
    check_level(options.confidence)?;
    let scale = t.scale();
    let options = CesOptions { scale, ..*options };
    let (easy_box, diff_box, easy_from, difficult_from) = options.boxes()?;
    let total = t.total();
    let easy = t.count_between(easy_box.0, easy_box.1);
    let difficult = t.count_between(diff_box.0, diff_box.1);
    let (easy_share, difficult_share) = (share(easy, total), share(difficult, total));
    let mean = t.mean();
    let n_eff = t.effective_n();
    let standard_deviation = mean.and_then(|m| {
        // Unbiased for frequency weights (all 1) and reliability weights alike.
        // Σw − Σw²/Σw, written through the effective n so that it does not
        // depend on the scale of the weights.
        let denom = t.sum_w * (1.0 - 1.0 / n_eff);
        if !(denom > 0.0 && n_eff > 1.0) {
            return None;
        }
        let ss: f64 = t
            .counts
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let d = (scale.min() + k as i32) as f64 - m;
                c * d * d
            })
            .sum();
        Some((ss / denom).sqrt())
    });
    let confidence_interval = match (mean, standard_deviation) {
        (Some(m), Some(sd)) => {
            let half = -t_quantile((1.0 - options.confidence) / 2.0, n_eff - 1.0) * sd / n_eff.sqrt();
            Some(ConfidenceInterval {
                low: (m - half).max(scale.min() as f64),
                high: (m + half).min(scale.max() as f64),
                level: options.confidence,
                method: "t",
            })
        }
        _ => None,
    };
    Ok(CesResult {
        mean,
        standard_deviation,
        easy_share,
        difficult_share,
        net_effort: match (easy_share, difficult_share) {
            (Some(e), Some(d)) => Some(e - d),
            _ => None,
        },
        distribution: t.counts.clone(),
        groups: crate::kpi::Labels::new(scale.points(), |k| {
            let k = scale.min() + k as i32;
            if (easy_box.0..=easy_box.1).contains(&k) {
                "easy"
            } else if (diff_box.0..=diff_box.1).contains(&k) {
                "difficult"
            } else {
                "neutral"
            }
        }),
        confidence_interval,
        total,
        skipped: t.skipped,
        responses: t.responses,
        effective_n: n_eff,
        scale: [scale.min(), scale.max()],
        higher_is_easier: options.higher_is_easier,
        easy_from,
        difficult_from,
        invalid: t.invalid.clone(),
    })
}

/// CES as a [`Metric`]: state [`Tally`] on the options' scale.
#[derive(Debug, Clone, Copy)]
pub struct Ces;

impl Metric for Ces {
    type Options = Weighted<CesOptions>;
    type State = Tally;
    type Output = CesResult;
    const SCHEMA: &'static Schema<'static> = &SCORES;

    fn state(o: &Self::Options) -> Result<Tally> {
        check_level(o.options.confidence)?;
        o.options.boxes()?;
        Ok(Tally::new(o.options.scale.named("CES")))
    }
    fn add(state: &mut Tally, table: &Table<'_>, o: &Self::Options) -> Result<()> {
        state.add(tally_table(table, o.weights.as_deref(), state.scale(), o.options.invalid)?)
    }
    fn read(state: &Tally, o: &Self::Options) -> Result<CesResult> {
        ces_from_tally(state, &o.options)
    }
    fn write(out: &CesResult, tape: &mut Tape) -> std::result::Result<(), OutError> {
        tape.write_flat(out)
    }
}

/// CES from counts typed by a person, one per point of `options.scale`.
///
/// # Errors
/// As [`PointCounts::tally`](super::PointCounts::tally) and [`ces_from_tally`].
pub fn ces_from_counts(counts: &super::PointCounts, options: &CesOptions) -> Result<CesResult> {
    ces_from_tally(&counts.tally(options.scale.named("CES"))?, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_worked_t_interval() {
        // 1–7: answers 7, 6, 6, 5, 4, 2 → mean 5, s² = (4+1+1+0+1+9)/5 = 3.2.
        let r = ces(Scores::U8(&[7, 6, 6, 5, 4, 2]), None, &CesOptions::default()).unwrap();
        assert_eq!(r.mean, Some(5.0));
        assert!((r.standard_deviation.unwrap() - 3.2f64.sqrt()).abs() < 1e-12);
        // t(0.975, 5) = 2.570582 → half-width 2.570582·√3.2/√6 = 1.877296.
        let ci = r.confidence_interval.unwrap();
        assert!((ci.low - 3.122_704).abs() < 1e-5 && (ci.high - 6.877_296).abs() < 1e-5, "{ci:?}");
        assert_eq!((r.easy_share, r.difficult_share), (Some(50.0), Some(100.0 / 6.0)));
    }

    #[test]
    fn more_effort_is_higher_on_ceb_scale() {
        // CEB 1–5, 5 = very high effort: easy box 1–2, difficult box 4–5.
        let o = CesOptions { scale: Scale::new(1.0, 5.0, "CES").unwrap(), higher_is_easier: false, ..Default::default() };
        let r = ces(Scores::U8(&[1, 2, 2, 3, 5]), None, &o).unwrap();
        assert_eq!((r.easy_share, r.difficult_share, r.net_effort), (Some(60.0), Some(20.0), Some(40.0)));
        assert_eq!((r.easy_from, r.difficult_from), (2, 4));
        assert!((r.mean.unwrap() - 2.6).abs() < 1e-12);
    }

    #[test]
    fn overlapping_boxes_rejected() {
        let o = CesOptions { easy_from: Some(3.0), difficult_from: Some(4.0), ..Default::default() };
        assert_eq!(ces(Scores::U8(&[1]), None, &o).unwrap_err().code(), "INVALID_OPTION");
        // Gartner's "agree" reading: 5–7 easy.
        let o = CesOptions { easy_from: Some(5.0), ..Default::default() };
        assert_eq!(ces(Scores::U8(&[5, 4]), None, &o).unwrap().easy_share, Some(50.0));
    }

    #[test]
    fn one_answer_has_a_mean_but_no_interval() {
        let r = ces(Scores::U8(&[4]), None, &CesOptions::default()).unwrap();
        assert_eq!(r.mean, Some(4.0));
        assert_eq!(r.standard_deviation, None);
        assert_eq!(r.confidence_interval, None);
        let r = ces(Scores::U8(&[]), None, &CesOptions::default()).unwrap();
        assert_eq!((r.mean, r.easy_share, r.net_effort), (None, None, None));
    }
}
