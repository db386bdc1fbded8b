//! Mergeable accumulators: counts per scale point, nothing else.
//!
//! Because the state is a vector of counts, merging is element-wise
//! addition: it cannot fail, it is associative and commutative, and merging
//! the accumulators of any split of the data equals accumulating all of it
//! (the merge law, tested below and in `tests/`). Results are read from the
//! counts with whatever thresholds and confidence level the reader asks for.

use super::ces::{ces_from_tally, CesOptions, CesResult};
use super::csat::{csat_from_tally, CsatOptions, CsatResult};
use super::nps::{from_tally, NpsOptions, NpsResult};
use super::tally::{check, tally, Scores, Tally};
use super::{InvalidPolicy, Scale};
use crate::error::{Error, Result};

/// Counts of NPS answers 0..10, plus how many invalid answers were skipped.
///
/// ```
/// use cx_metrics::survey::{NpsAccumulator, NpsOptions, InvalidPolicy, Scores};
/// let mut a = NpsAccumulator::new(InvalidPolicy::Error);
/// a.add_many(Scores::U8(&[10, 9, 3])).unwrap();
/// let mut b = NpsAccumulator::new(InvalidPolicy::Error);
/// b.add(8.0).unwrap();
/// a.merge(&b);
/// assert_eq!(a.result(&NpsOptions::default()).unwrap().score, Some(25.0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpsAccumulator {
    counts: [u64; 11],
    skipped: u64,
    policy: InvalidPolicy,
}

impl Default for NpsAccumulator {
    fn default() -> Self {
        Self::new(InvalidPolicy::Error)
    }
}

impl NpsAccumulator {
    /// An empty accumulator that treats invalid answers by `policy`.
    pub fn new(policy: InvalidPolicy) -> Self {
        NpsAccumulator { counts: [0; 11], skipped: 0, policy }
    }

    /// Rebuilds an accumulator from saved counts (see [`Self::counts`]).
    ///
    /// # Errors
    /// `INVALID_STATE` unless there are exactly 11 counts and every count and
    /// `skipped` is a whole number from 0 to 2⁵³ − 1.
    pub fn from_counts(counts: &[f64], skipped: f64, policy: InvalidPolicy) -> Result<Self> {
        if counts.len() != 11 {
            return Err(Error::InvalidState {
                reason: format!("an NPS state has 11 counts (scores 0..10); got {}", counts.len()).into(),
            });
        }
        let mut c = [0u64; 11];
        for (i, &v) in counts.iter().enumerate() {
            c[i] = state_count(v, "counts", Some(i))?;
        }
        Ok(NpsAccumulator { counts: c, skipped: state_count(skipped, "skipped", None)?, policy })
    }

    /// Adds one answer.
    ///
    /// # Errors
    /// With [`InvalidPolicy::Error`], `NOT_A_NUMBER`, `NOT_AN_INTEGER` or
    /// `SCORE_OUT_OF_RANGE`; the accumulator is unchanged.
    pub fn add(&mut self, score: f64) -> Result<()> {
        match check(score, None, &Scale::NPS) {
            Ok(k) => self.counts[k] = self.counts[k].saturating_add(1),
            Err(e) => self.reject(e)?,
        }
        Ok(())
    }

    fn reject(&mut self, e: Error) -> Result<()> {
        match self.policy {
            InvalidPolicy::Error => Err(e),
            InvalidPolicy::Skip => {
                self.skipped = self.skipped.saturating_add(1);
                Ok(())
            }
        }
    }

    /// Adds many answers at once. All or nothing: on error nothing is added.
    ///
    /// # Errors
    /// As [`tally`] under this accumulator's policy.
    pub fn add_many(&mut self, scores: Scores<'_>) -> Result<()> {
        let t = tally(scores, None, Scale::NPS, self.policy)?;
        for (c, v) in self.counts.iter_mut().zip(&t.counts) {
            *c = c.saturating_add(*v as u64);
        }
        self.skipped = self.skipped.saturating_add(t.skipped);
        Ok(())
    }

    /// Adds the counts of `other`. Never fails.
    pub fn merge(&mut self, other: &NpsAccumulator) {
        for (c, o) in self.counts.iter_mut().zip(other.counts) {
            *c = c.saturating_add(o);
        }
        self.skipped = self.skipped.saturating_add(other.skipped);
    }

    /// The NPS of everything added so far.
    ///
    /// # Errors
    /// `INVALID_OPTION` for a bad confidence level or bands.
    pub fn result(&self, options: &NpsOptions) -> Result<NpsResult> {
        options.validate()?;
        Ok(from_tally(&Tally::from_counts(Scale::NPS, &self.counts, self.skipped), options))
    }

    /// The 11 counts of answers 0..10.
    pub fn counts(&self) -> &[u64; 11] {
        &self.counts
    }

    /// Invalid answers skipped so far.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }
}

fn state_count(v: f64, field: &str, index: Option<usize>) -> Result<u64> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_991.0 {
        Ok(v as u64)
    } else {
        let at = index.map_or(String::new(), |i| format!("[{i}]"));
        Err(Error::InvalidState {
            reason: format!("{field}{at} is {}; counts are whole numbers from 0 to 2^53 - 1", crate::error::num(v)).into(),
        })
    }
}

/// Counts of answers on any integer scale: the state behind the CSAT and
/// CES accumulators (thresholds are chosen when reading the result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleAccumulator {
    scale: Scale,
    counts: Vec<u64>,
    skipped: u64,
    policy: InvalidPolicy,
}

impl ScaleAccumulator {
    /// An empty accumulator on `scale`.
    pub fn new(scale: Scale, policy: InvalidPolicy) -> Self {
        ScaleAccumulator { scale, counts: vec![0; scale.points()], skipped: 0, policy }
    }

    /// Rebuilds an accumulator from saved counts.
    ///
    /// # Errors
    /// `INVALID_STATE` unless there is one whole, non-negative count per
    /// scale point.
    pub fn from_counts(scale: Scale, counts: &[f64], skipped: f64, policy: InvalidPolicy) -> Result<Self> {
        if counts.len() != scale.points() {
            return Err(Error::InvalidState {
                reason: format!(
                    "a state on scale {}–{} has {} counts; got {}",
                    scale.min(),
                    scale.max(),
                    scale.points(),
                    counts.len()
                )
                .into(),
            });
        }
        let counts = counts
            .iter()
            .enumerate()
            .map(|(i, &v)| state_count(v, "counts", Some(i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(ScaleAccumulator { scale, counts, skipped: state_count(skipped, "skipped", None)?, policy })
    }

    /// Adds one answer; errors as [`NpsAccumulator::add`].
    pub fn add(&mut self, score: f64) -> Result<()> {
        match check(score, None, &self.scale) {
            Ok(k) => self.counts[k] = self.counts[k].saturating_add(1),
            Err(e) => match self.policy {
                InvalidPolicy::Error => return Err(e),
                InvalidPolicy::Skip => self.skipped = self.skipped.saturating_add(1),
            },
        }
        Ok(())
    }

    /// Adds many answers, all or nothing.
    ///
    /// # Errors
    /// As [`tally`] under this accumulator's policy.
    pub fn add_many(&mut self, scores: Scores<'_>) -> Result<()> {
        let t = tally(scores, None, self.scale, self.policy)?;
        for (c, v) in self.counts.iter_mut().zip(&t.counts) {
            *c = c.saturating_add(*v as u64);
        }
        self.skipped = self.skipped.saturating_add(t.skipped);
        Ok(())
    }

    /// Adds the counts of `other`.
    ///
    /// # Errors
    /// `SCALE_MISMATCH` when the scales differ; `self` is unchanged.
    pub fn merge(&mut self, other: &ScaleAccumulator) -> Result<()> {
        if self.scale.min() != other.scale.min() || self.scale.max() != other.scale.max() {
            return Err(Error::ScaleMismatch {
                left: (self.scale.min(), self.scale.max()),
                right: (other.scale.min(), other.scale.max()),
            });
        }
        for (c, o) in self.counts.iter_mut().zip(&other.counts) {
            *c = c.saturating_add(*o);
        }
        self.skipped = self.skipped.saturating_add(other.skipped);
        Ok(())
    }

    fn tally(&self) -> Tally {
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
        let mut a = ScaleAccumulator::new(Scale::new(1.0, 5.0, "CSAT").unwrap(), InvalidPolicy::Error);
        let b = ScaleAccumulator::new(Scale::new(1.0, 7.0, "CSAT").unwrap(), InvalidPolicy::Error);
        a.add(5.0).unwrap();
        let before = a.clone();
        assert_eq!(a.merge(&b).unwrap_err().code(), "SCALE_MISMATCH");
        assert_eq!(a, before);
        assert_eq!(a.csat(&CsatOptions::default()).unwrap().score, Some(100.0));
    }
}
