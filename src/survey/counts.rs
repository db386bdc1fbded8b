//! Mergeable accumulators: whole-number counts per scale point, nothing
//! else.
//!
//! Because the state is a vector of counts, merging is element-wise
//! addition: it is associative and commutative, and merging the accumulators
//! of any split of the data equals accumulating all of it (the merge law,
//! tested below and in `tests/`). Results are read from the counts with
//! whatever thresholds and confidence level the reader asks for. One type,
//! [`Counts`], serves NPS (on 0–10), CSAT and CES.

use super::ces::{ces_from_tally, CesOptions, CesResult};
use super::csat::{csat_from_tally, CsatOptions, CsatResult};
use super::nps::{from_tally, NpsOptions, NpsResult};
use super::tally::{check, tally, Scores, Tally};
use super::Scale;
use crate::error::{num, Error, Result};
use crate::kpi::{InvalidPolicy, Merge};

/// Largest count a state may hold: 2⁵³ − 1, the largest whole number a
/// JavaScript number (and a JSON state) holds exactly.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

/// Counts of answers on a scale, plus how many invalid answers were skipped:
/// the state of the NPS, CSAT and CES accumulators.
///
/// ```
/// use cx_metrics::survey::{Counts, CsatOptions, InvalidPolicy, Scale, Scores};
/// use cx_metrics::kpi::Merge;
/// let scale = Scale::new(1.0, 5.0, "CSAT").unwrap();
/// let mut a = Counts::new(scale, InvalidPolicy::Error);
/// a.add_many(Scores::U8(&[5, 4, 1])).unwrap();
/// let mut b = Counts::new(scale, InvalidPolicy::Error);
/// b.add(3.0).unwrap();
/// a.merge(&b).unwrap();
/// assert_eq!(a.csat(&CsatOptions::default()).unwrap().score, Some(50.0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    scale: Scale,
    counts: Vec<u64>,
    skipped: u64,
    policy: InvalidPolicy,
}

/// The former name of [`Counts`].
pub type ScaleAccumulator = Counts;

/// `INVALID_COUNT` for a count that would be `value` (saturated).
fn too_many(field: &'static str, value: u64) -> Error {
    Error::InvalidCount { field: field.into(), index: None, value: value as f64 }
}

/// `a + b`, or `INVALID_COUNT` past [`MAX_COUNT`] (naming the sum).
fn add_count(a: u64, b: u64, field: &'static str) -> Result<u64> {
    let s = a.saturating_add(b);
    if s <= MAX_COUNT {
        Ok(s)
    } else {
        Err(too_many(field, s))
    }
}

/// The answers of `counts` together, or `INVALID_COUNT` past
/// [`MAX_COUNT`]: the rule every way into a state applies (`add`,
/// `fromCounts`, `fromJSON` and `merge`; `merge` alone did, so a state
/// that `fromJSON` took could be merged with nothing).
fn total(counts: &[u64]) -> Result<u64> {
    add_count(counts.iter().fold(0, |a: u64, &c| a.saturating_add(c)), 0, "counts")
}

impl Counts {
    /// An empty accumulator on `scale`.
    pub fn new(scale: Scale, policy: InvalidPolicy) -> Self {
        Counts { scale, counts: vec![0; scale.points()], skipped: 0, policy }
    }

    /// Rebuilds an accumulator from saved counts.
    ///
    /// # Errors
    /// `INVALID_STATE` unless there is one count per scale point and every
    /// count and `skipped` is a whole number from 0 to 2⁵³ − 1.
    pub fn from_counts(scale: Scale, counts: &[f64], skipped: f64, policy: InvalidPolicy) -> Result<Self> {
        if counts.len() != scale.points() {
            return Err(Error::state_at(
                format!("a state on scale {}–{} has {} counts; got {}", scale.min(), scale.max(), scale.points(), counts.len()),
                None,
                "counts",
            ));
        }
        let counts = counts
            .iter()
            .enumerate()
            .map(|(i, &v)| state_count(v, "counts", Some(i)))
            .collect::<Result<Vec<_>>>()?;
        let n = counts.iter().fold(0, |a: u64, &c| a.saturating_add(c));
        if n > MAX_COUNT {
            return Err(Error::state_at(format!("counts add up to {}; a state holds at most 2^53 - 1 answers", num(n as f64)), None, "counts"));
        }
        Ok(Counts { scale, counts, skipped: state_count(skipped, "skipped", None)?, policy })
    }

    /// The counts of an unweighted tally.
    pub(crate) fn from_tally(t: &Tally, policy: InvalidPolicy) -> Self {
        Counts { scale: t.scale(), counts: t.counts.iter().map(|&c| c as u64).collect(), skipped: t.skipped, policy }
    }

    /// Adds one answer.
    ///
    /// # Errors
    /// With [`InvalidPolicy::Error`], `NOT_A_NUMBER`, `NOT_AN_INTEGER` or
    /// `SCORE_OUT_OF_RANGE`; `INVALID_COUNT` past 2⁵³ − 1 answers. The
    /// accumulator is then unchanged.
    pub fn add(&mut self, score: f64) -> Result<()> {
        match check(score, None, &self.scale) {
            Ok(k) => {
                add_count(total(&self.counts)?, 1, "counts")?;
                self.counts[k] += 1;
            }
            Err(e) => match self.policy {
                InvalidPolicy::Error => return Err(e),
                InvalidPolicy::Skip => self.skipped = add_count(self.skipped, 1, "skipped")?,
            },
        }
        Ok(())
    }

    /// Adds many answers. All or nothing: on error nothing is added.
    ///
    /// # Errors
    /// As [`tally`] under this accumulator's policy; `INVALID_COUNT` past
    /// 2⁵³ − 1 answers.
    pub fn add_many(&mut self, scores: Scores<'_>) -> Result<()> {
        let t = tally(scores, None, self.scale, self.policy)?;
        self.merge(&Counts::from_tally(&t, self.policy))
    }

    /// The counts as a tally (unit weights), for reading results.
    pub fn tally(&self) -> Tally {
        Tally::from_counts(self.scale, &self.counts, self.skipped)
    }

    /// CSAT of everything added (`options.scale` is ignored: the
    /// accumulator's own scale is used).
    ///
    /// # Errors
    /// `INVALID_OPTION` as in [`super::csat()`].
    pub fn csat(&self, options: &CsatOptions) -> Result<CsatResult> {
        csat_from_tally(&self.tally(), options)
    }

    /// CES of everything added (`options.scale` is ignored).
    ///
    /// # Errors
    /// `INVALID_OPTION` as in [`super::ces()`].
    pub fn ces(&self, options: &CesOptions) -> Result<CesResult> {
        ces_from_tally(&self.tally(), options)
    }

    /// NPS of everything added (on a 0–10 scale).
    ///
    /// # Errors
    /// `INVALID_OPTION` for bad options; `SCALE_MISMATCH` on another scale.
    pub fn nps(&self, options: &NpsOptions) -> Result<NpsResult> {
        if self.scale.min() != 0 || self.scale.max() != 10 {
            return Err(Error::ScaleMismatch { left: (0, 10), right: (self.scale.min(), self.scale.max()) });
        }
        options.validate()?;
        Ok(from_tally(&self.tally(), options))
    }

    /// The scale.
    pub fn scale(&self) -> Scale {
        self.scale
    }
    /// Counts per scale point, from `min` to `max`.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }
    /// Invalid answers skipped so far.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }
    /// Valid answers so far.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }
    /// The invalid-answer policy.
    pub fn policy(&self) -> InvalidPolicy {
        self.policy
    }
}

impl Merge for Counts {
    /// Adds the counts of `other`.
    ///
    /// # Errors
    /// `SCALE_MISMATCH` when the scales differ; `INVALID_COUNT` when a count
    /// would pass 2⁵³ − 1. `self` is then unchanged.
    fn merge(&mut self, other: &Counts) -> Result<()> {
        self.scale.check_same(&other.scale)?;
        let counts = self
            .counts
            .iter()
            .zip(&other.counts)
            .map(|(&a, &b)| add_count(a, b, "counts"))
            .collect::<Result<Vec<_>>>()?;
        // All counts together must also fit, or totals would be inexact.
        total(&counts)?;
        self.skipped = add_count(self.skipped, other.skipped, "skipped")?;
        self.counts = counts;
        Ok(())
    }
}

/// Counts of NPS answers 0..10: a [`Counts`] on the NPS scale.
///
/// ```
/// use cx_metrics::survey::{NpsAccumulator, NpsOptions, InvalidPolicy, Scores};
/// let mut a = NpsAccumulator::new(InvalidPolicy::Error);
/// a.add_many(Scores::U8(&[10, 9, 3])).unwrap();
/// let mut b = NpsAccumulator::new(InvalidPolicy::Error);
/// b.add(8.0).unwrap();
/// a.merge(&b).unwrap();
/// assert_eq!(a.result(&NpsOptions::default()).unwrap().score, Some(25.0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpsAccumulator(Counts);

impl Default for NpsAccumulator {
    fn default() -> Self {
        Self::new(InvalidPolicy::Error)
    }
}

impl NpsAccumulator {
    /// An empty accumulator that treats invalid answers by `policy`.
    pub fn new(policy: InvalidPolicy) -> Self {
        NpsAccumulator(Counts::new(Scale::NPS, policy))
    }
    /// Rebuilds an accumulator from saved counts (see [`Self::counts`]).
    ///
    /// # Errors
    /// `INVALID_STATE` unless there are exactly 11 counts and every count and
    /// `skipped` is a whole number from 0 to 2⁵³ − 1.
    pub fn from_counts(counts: &[f64], skipped: f64, policy: InvalidPolicy) -> Result<Self> {
        if counts.len() != 11 {
            return Err(Error::state_at(format!("an NPS state has 11 counts (scores 0..10); got {}", counts.len()), None, "counts"));
        }
        Ok(NpsAccumulator(Counts::from_counts(Scale::NPS, counts, skipped, policy)?))
    }
    /// Adds one answer; errors as [`Counts::add`].
    ///
    /// # Errors
    /// As [`Counts::add`].
    pub fn add(&mut self, score: f64) -> Result<()> {
        self.0.add(score)
    }
    /// Adds many answers, all or nothing.
    ///
    /// # Errors
    /// As [`Counts::add_many`].
    pub fn add_many(&mut self, scores: Scores<'_>) -> Result<()> {
        self.0.add_many(scores)
    }
    /// Adds the counts of `other`.
    ///
    /// # Errors
    /// `INVALID_COUNT` past 2⁵³ − 1 answers.
    pub fn merge(&mut self, other: &NpsAccumulator) -> Result<()> {
        self.0.merge(&other.0)
    }
    /// The NPS of everything added so far.
    ///
    /// # Errors
    /// `INVALID_OPTION` for a bad confidence level or bands.
    pub fn result(&self, options: &NpsOptions) -> Result<NpsResult> {
        self.0.nps(options)
    }
    /// The 11 counts of answers 0..10.
    pub fn counts(&self) -> &[u64] {
        self.0.counts()
    }
    /// Invalid answers skipped so far.
    pub fn skipped(&self) -> u64 {
        self.0.skipped()
    }
}

fn state_count(v: f64, field: &str, index: Option<usize>) -> Result<u64> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= MAX_COUNT as f64 {
        Ok(v as u64)
    } else {
        let at = index.map_or(String::new(), |i| format!("[{i}]"));
        Err(Error::state_at(format!("{field}{at} is {}; counts are whole numbers from 0 to 2^53 - 1", num(v)), index, field.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_many_is_all_or_nothing() {
        let mut a = NpsAccumulator::default();
        a.add(5.0).unwrap();
        let before = a.clone();
        let e = a.add_many(Scores::F64(&[1.0, 2.0, 11.0])).unwrap_err();
        assert_eq!(e.index(), Some(2));
        assert_eq!(a, before);
        assert_eq!(a.add(f64::NAN).unwrap_err().code(), "NOT_A_NUMBER");
        assert_eq!(a.add(-1.0).unwrap_err().to_string(), "score is -1; NPS scores are integers 0–10");
        assert_eq!(a, before);
    }

    #[test]
    fn skip_policy_counts_skipped() {
        let mut a = NpsAccumulator::new(InvalidPolicy::Skip);
        a.add(12.0).unwrap();
        a.add_many(Scores::F64(&[10.0, 0.5])).unwrap();
        assert_eq!(a.skipped(), 2);
        let r = a.result(&NpsOptions::default()).unwrap();
        assert_eq!((r.score, r.skipped), (Some(100.0), 2));
    }

    #[test]
    fn state_round_trip_and_validation() {
        let mut a = NpsAccumulator::default();
        a.add_many(Scores::U8(&[0, 7, 9, 10, 10])).unwrap();
        let counts: Vec<f64> = a.counts().iter().map(|&c| c as f64).collect();
        let b = NpsAccumulator::from_counts(&counts, 0.0, InvalidPolicy::Error).unwrap();
        assert_eq!(a, b);
        assert_eq!(NpsAccumulator::from_counts(&counts[..10], 0.0, InvalidPolicy::Error).unwrap_err().code(), "INVALID_STATE");
        let mut bad = counts.clone();
        bad[3] = -1.0;
        let e = NpsAccumulator::from_counts(&bad, 0.0, InvalidPolicy::Error).unwrap_err();
        assert!(e.to_string().contains("counts[3] is -1"), "{e}");
    }

    #[test]
    fn scale_accumulator_merge_requires_same_scale() {
        let mut a = Counts::new(Scale::new(1.0, 5.0, "CSAT").unwrap(), InvalidPolicy::Error);
        let b = Counts::new(Scale::new(1.0, 7.0, "CSAT").unwrap(), InvalidPolicy::Error);
        a.add(5.0).unwrap();
        let before = a.clone();
        assert_eq!(a.merge(&b).unwrap_err().code(), "SCALE_MISMATCH");
        assert_eq!(a, before);
        assert_eq!(a.csat(&CsatOptions::default()).unwrap().score, Some(100.0));
    }

    #[test]
    fn counts_stay_exact_or_fail() {
        let mut full = vec![0.0; 11];
        full[10] = MAX_COUNT as f64;
        let mut a = NpsAccumulator::from_counts(&full, 0.0, InvalidPolicy::Error).unwrap();
        let r = a.result(&NpsOptions::default()).unwrap();
        assert_eq!(r.score, Some(100.0));
        assert!(r.confidence_interval.unwrap().low.is_finite());
        let before = a.clone();
        assert_eq!(a.add(10.0).unwrap_err().code(), "INVALID_COUNT");
        assert_eq!(a.merge(&before.clone()).unwrap_err().code(), "INVALID_COUNT");
        // Counts that fit one by one but not together.
        let mut half = vec![0.0; 11];
        half[0] = (MAX_COUNT / 2 + 1) as f64;
        let h = NpsAccumulator::from_counts(&half, 0.0, InvalidPolicy::Error).unwrap();
        let mut other = vec![0.0; 11];
        other[1] = (MAX_COUNT / 2 + 1) as f64;
        let mut o = NpsAccumulator::from_counts(&other, 0.0, InvalidPolicy::Error).unwrap();
        assert_eq!(o.merge(&h).unwrap_err().code(), "INVALID_COUNT");
        assert_eq!(a, before);
    }
}
