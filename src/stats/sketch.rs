//! A mergeable quantile sketch of durations, for grouped and warehouse
//! states: DDSketch (C. Masson, J. E. Rim & H. K. Lee, "DDSketch: a fast
//! and fully-mergeable quantile sketch with relative-error guarantees",
//! *PVLDB* 12(12), 2019), with the logarithmic mapping and no bucket limit.
//!
//! - **Buckets.** With relative accuracy α = [`RELATIVE_ACCURACY`] (1 %)
//!   and γ = (1 + α)/(1 − α), a duration d ≥ 1 ms has the key
//!   k = ⌈ln d / ln γ⌉ (the bucket (γᵏ⁻¹, γᵏ]); durations below 1 ms
//!   (0 included) have key 0, the bucket of 1 ms. In SQL:
//!   `CASE WHEN d >= 1 THEN CAST(CEIL(LN(d) / LN(γ)) AS INTEGER) ELSE 0 END`.
//! - **Quantiles.** The q-quantile is the value 2γᵏ/(γ + 1) of the first
//!   bucket k (in key order) whose cumulative count exceeds q·(n − 1) (the
//!   paper's rank rule), clamped to the exact minimum and maximum. It is
//!   within α of the exact quantile (relative) for durations of 1 ms and
//!   more, and within 1 ms below.
//! - **Exact parts.** Count, minimum and maximum are kept exactly; sum
//!   and sum of squares as doubles (rounded as they are added, by the
//!   engine that adds them). The mean is then the data's to rounding
//!   (clamped to the extremes), and the standard deviation loses the
//!   digits that cancel in Σd² − (Σd)²/n when it is small against the mean
//!   (kept under Popoviciu's bound (max − min)/2·√(n/(n − 1))).
//!
//! A state merges by adding bucket counts and sums: any engine that can
//! `GROUP BY` a key expression computes it.

use super::durations::{bin_of, empty_histogram};
use super::DurationStats;
use crate::error::Result;
use crate::kpi::Merge;

/// The sketch's relative accuracy α (fixed in the state format).
pub const RELATIVE_ACCURACY: f64 = 0.01;

/// γ = (1 + α)/(1 − α): the ratio of a bucket's upper to lower bound.
pub const GAMMA: f64 = (1.0 + RELATIVE_ACCURACY) / (1.0 - RELATIVE_ACCURACY);

/// A DDSketch of durations (ms) with exact count, sums and extremes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DurationSketch {
    /// Count per bucket key, in key order.
    pub buckets: Vec<(i32, u64)>,
    /// Durations added.
    pub count: u64,
    /// Their sum.
    pub sum: f64,
    /// Their sum of squares.
    pub sum_squares: f64,
    /// Their minimum (meaningless while `count` is 0).
    pub min: f64,
    /// Their maximum (meaningless while `count` is 0).
    pub max: f64,
}

/// Largest bucket key: that of the largest f64, ⌈ln(1.8e308)/ln γ⌉ ≈ 35 500.
pub const MAX_KEY: i32 = 36_000;

/// The bucket key of duration `d` (ms, ≥ 0), from 0 to [`MAX_KEY`].
pub fn key(d: f64) -> i32 {
    if d >= 1.0 {
        (d.ln() / GAMMA.ln()).ceil() as i32
    } else {
        0
    }
}

/// The value a bucket stands for: 2γᵏ/(γ + 1), the point within α of
/// every duration of the bucket.
pub fn value(key: i32) -> f64 {
    2.0 * GAMMA.powi(key) / (GAMMA + 1.0)
}

impl DurationSketch {
    /// The median and its Price–Bonett standard error
    /// ([`median_se_by`](super::median_se_by)), from the sketch's ranks.
    pub fn median_with_se(&self) -> Option<(f64, f64)> {
        super::median_se_by(self.count as usize, self.quantile(0.5)?, |r| self.at_rank(r as u64))
    }

    /// A sketch of `values` (ms, each ≥ 0).
    ///
    /// The sum of squares is written as M₂ + (Σd)²/n, with M₂ = Σ(d − d̄)²
    /// taken in a second pass: the standard deviation read back from the
    /// sums then loses only the rounding of one product, not that of n
    /// squares added one by one (2·10⁵ durations of 30 days ± 1 s gave
    /// 570 ms for 577 ms; alike durations give 0).
    pub fn of(values: &[f64]) -> Self {
        let mut s = DurationSketch::default();
        for &d in values {
            s.add_bucket(key(d), 1, d, 0.0, d, d);
        }
        if s.count > 0 {
            let n = s.count as f64;
            let mean = s.sum / n;
            let m2: f64 = values.iter().map(|&d| (d - mean) * (d - mean)).sum();
            s.sum_squares = m2 + s.sum * (s.sum / n);
        }
        s
    }

    /// Adds a bucket's part of a state: `count` durations of bucket `key`
    /// with this sum, sum of squares, minimum and maximum.
    pub fn add_bucket(&mut self, key: i32, count: u64, sum: f64, sum_squares: f64, min: f64, max: f64) {
        if count == 0 {
            return;
        }
        match self.buckets.binary_search_by_key(&key, |b| b.0) {
            Ok(i) => self.buckets[i].1 += count,
            Err(i) => self.buckets.insert(i, (key, count)),
        }
        if self.count == 0 {
            (self.min, self.max) = (min, max);
        } else {
            self.min = self.min.min(min);
            self.max = self.max.max(max);
        }
        self.count += count;
        self.sum += sum;
        self.sum_squares += sum_squares;
    }

    /// The value of rank `r` (0-based, `r < count`): its bucket's value,
    /// clamped to the exact extremes.
    pub fn at_rank(&self, r: u64) -> f64 {
        let mut seen = 0u64;
        for &(k, c) in &self.buckets {
            seen += c;
            if seen > r {
                return value(k).clamp(self.min, self.max);
            }
        }
        self.max
    }

    /// The q-quantile (0 ≤ q ≤ 1) by the paper's rank rule, `None` when
    /// empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        (self.count > 0).then(|| self.at_rank((q * (self.count - 1) as f64).floor() as u64))
    }

    /// The summary of the durations: exact count, mean, extremes and
    /// standard deviation; median and percentiles from the sketch; the
    /// histogram by bucket values (a duration within α of an edge may be
    /// counted in the neighbouring bin).
    pub fn stats(&self, percentiles: &[f64], keys: &[String], edges: &[f64]) -> DurationStats {
        let mut histogram = empty_histogram(edges);
        for &(k, c) in &self.buckets {
            histogram[bin_of(edges, value(k).clamp(self.min, self.max))].count += c;
        }
        let n = self.count;
        // The mean of rounded sums can round past an extreme (a SQL sum of
        // 10⁵ durations of 0.1 ms gave 0.10000000000019): it is clamped to
        // them. The standard deviation from Σd and Σd² loses the digits that
        // cancel when it is small against the mean; it is kept under
        // Popoviciu's bound (max − min)/2·√(n/(n − 1)), so durations all
        // alike have 0 (10⁵ durations of 30 days gave 1.7 s).
        let mean = (n > 0).then(|| (self.sum / n as f64).clamp(self.min, self.max));
        //
        // Where the spread is so small against the mean that two units of
        // rounding of Σd² are more than 0.5 % of Σ(d − d̄)², the standard
        // deviation cannot be read to about 0.1 %: it is null, not a
        // number 2–10 % off (a year ± 1 s read back as 1,024 ms for 1,000,
        // or 518 for 577). Alike durations (max = min) still give 0.
        let standard_deviation = if n < 2 {
            None
        } else if self.max == self.min {
            Some(0.0)
        } else {
            let (m, k) = (self.sum / n as f64, n as f64);
            let m2 = self.sum_squares - m * self.sum;
            (m2 > 0.0 && f64::EPSILON * self.sum_squares <= 5e-3 * m2).then(|| (m2 / (k - 1.0)).sqrt().min(0.5 * (self.max - self.min) * (k / (k - 1.0)).sqrt()))
        };
        DurationStats {
            count: n,
            mean,
            median: self.quantile(0.5),
            percentiles: keys.iter().cloned().zip(percentiles.iter().map(|&p| self.quantile(p / 100.0))).collect(),
            min: (n > 0).then_some(self.min),
            max: (n > 0).then_some(self.max),
            standard_deviation,
            histogram,
        }
    }

    /// The state rows of this sketch: one per bucket, `(key, count, sum,
    /// sum of squares, min, max)`. The sums and extremes are the whole
    /// sketch's, carried by the first row (0 in the others), so that the
    /// rows add back to this sketch.
    pub fn rows(&self) -> Vec<(i32, u64, f64, f64, f64, f64)> {
        let mut out: Vec<(i32, u64, f64, f64, f64, f64)> = Vec::with_capacity(self.buckets.len());
        for (i, &(k, c)) in self.buckets.iter().enumerate() {
            if i == 0 {
                out.push((k, c, self.sum, self.sum_squares, self.min, self.max));
            } else {
                out.push((k, c, 0.0, 0.0, self.min, self.max));
            }
        }
        out
    }
}

impl DurationSketch {
    /// Whether durations could have this state: the mean between the
    /// extremes, the sum of squares between sum²/n and n·max², and every
    /// bucket that of a duration between the extremes (±1, for keys
    /// computed by SQL's logarithms), up to rounding. The reason when not.
    ///
    /// # Errors
    /// The first rule broken, as a phrase.
    pub fn consistent(&self) -> std::result::Result<(), String> {
        if self.count == 0 {
            return Ok(());
        }
        let (n, lo, hi) = (self.count as f64, self.min, self.max);
        let slack = |x: f64| 1e-9 * x.abs() + 1e-9;
        let num = crate::error::num;
        let mean = self.sum / n;
        if !(mean >= lo - slack(lo) && mean <= hi + slack(hi)) {
            return Err(format!("add up to {} durations from {} to {} summing to {}, which no such durations do", num(n), num(lo), num(hi), num(self.sum)));
        }
        let sq = self.sum_squares;
        if !(sq >= self.sum * mean - slack(self.sum * mean) && sq <= n * hi * hi + slack(n * hi * hi)) {
            return Err(format!("add up to {} durations from {} to {} whose squares sum to {}, which no such durations do", num(n), num(lo), num(hi), num(sq)));
        }
        let (a, b) = (key(lo) - 1, key(hi) + 1);
        if let Some(&(k, _)) = self.buckets.iter().find(|&&(k, c)| c > 0 && !(a..=b).contains(&k)) {
            return Err(format!("have bucket {k}, which no duration from {} to {} is in (buckets {} to {})", num(lo), num(hi), a + 1, b - 1));
        }
        Ok(())
    }
}

impl Merge for DurationSketch {
    /// Adds the buckets and sums of `other`.
    ///
    /// ```
    /// use cx_metrics::kpi::Merge;
    /// use cx_metrics::stats::DurationSketch;
    /// let (a, b) = ([5.0, 60_000.0], [0.0, 3_600_000.0, 12.5]);
    /// let mut merged = DurationSketch::of(&a);
    /// merged.merge(&DurationSketch::of(&b)).unwrap();
    /// let all = DurationSketch::of(&[5.0, 60_000.0, 0.0, 3_600_000.0, 12.5]);
    /// assert_eq!((&merged.buckets, merged.count, merged.sum, merged.min, merged.max), (&all.buckets, all.count, all.sum, all.min, all.max));
    /// // The sums of squares to their rounding (each sketch writes its own
    /// // from a second pass over its durations).
    /// assert!((merged.sum_squares - all.sum_squares).abs() <= 1e-15 * all.sum_squares);
    /// ```
    fn merge(&mut self, other: &DurationSketch) -> Result<()> {
        let (min, max) = (other.min, other.max);
        for (i, &(k, c)) in other.buckets.iter().enumerate() {
            let (sum, sq) = if i == 0 { (other.sum, other.sum_squares) } else { (0.0, 0.0) };
            self.add_bucket(k, c, sum, sq, min, max);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_deviation_of_an_own_state_keeps_its_digits() {
        // 2·10⁵ durations of 30 days ± 1 s (a fixed pseudo-random walk):
        // the state's standard deviation against the two-pass one of the
        // values (it was 1.3 % off, from n squares of 6.7·10¹⁸ added).
        let mut x = 12_345u64;
        let values: Vec<f64> = (0..200_000)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                30.0 * 86_400_000.0 + ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 2000.0
            })
            .collect();
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let sd = (values.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / (n - 1.0)).sqrt();
        let got = DurationSketch::of(&values).stats(&[], &[], &[]).standard_deviation.unwrap();
        assert!((got - sd).abs() <= 2e-3 * sd, "{got} vs {sd}");
        // Merged with itself: the same spread, to the same precision.
        let mut twice = DurationSketch::of(&values);
        twice.merge(&DurationSketch::of(&values)).unwrap();
        let merged = twice.stats(&[], &[], &[]).standard_deviation.unwrap();
        assert!((merged - sd * ((n - 1.0) / (2.0 * n - 1.0) * 2.0).sqrt()).abs() <= 5e-3 * sd, "{merged} vs {sd}");
    }

    #[test]
    fn no_standard_deviation_where_the_sums_cannot_carry_it() {
        // A year, a year + 1 s, a year + 2 s: sd 1,000 ms, read back from
        // the sums as 1,024. Now null; a spread the sums do carry, kept.
        let year = 365.0 * 86_400_000.0;
        let far = DurationSketch::of(&[year, year + 1000.0, year + 2000.0]).stats(&[], &[], &[]);
        assert_eq!(far.standard_deviation, None);
        let near = DurationSketch::of(&[3_600_000.0, 3_601_000.0, 3_602_000.0]).stats(&[], &[], &[]);
        assert!((near.standard_deviation.unwrap() - 1000.0).abs() < 1e-3, "{:?}", near.standard_deviation);
        assert_eq!(DurationSketch::of(&[year; 4]).stats(&[], &[], &[]).standard_deviation, Some(0.0));
    }

    #[test]
    fn mean_within_the_extremes_and_no_spread_from_rounding() {
        // 10⁵ durations of exactly 30 days: the sums' rounding left a
        // standard deviation of 1.7 s; alike durations have none.
        let d = 30.0 * 86_400_000.0;
        let s = DurationSketch::of(&vec![d; 100_000]);
        let st = s.stats(&[], &[], &[]);
        assert_eq!((st.mean, st.standard_deviation), (Some(d), Some(0.0)));
        // A SQL sum of 10⁵ durations of 0.1 ms (0.1 is not a double): its
        // mean was 0.10000000000018848, above the maximum.
        let sql = DurationSketch { buckets: vec![(0, 100_000)], count: 100_000, sum: 10_000.000_000_018_848, sum_squares: 1000.0, min: 0.1, max: 0.1 };
        assert_eq!(sql.stats(&[], &[], &[]).mean, Some(0.1));
        // Spread kept: 0 and 2 (sd √2) stay as they are.
        let two = DurationSketch::of(&[0.0, 2.0]).stats(&[], &[], &[]);
        assert!((two.standard_deviation.unwrap() - 2f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn buckets_by_hand() {
        // γ = 1.01/0.99; ln γ = 0.0200006667…; ln 100 / ln γ = 230.25… → 231.
        assert_eq!(key(100.0), 231);
        assert_eq!(key(1.0), 0);
        assert_eq!(key(0.0), 0);
        assert_eq!(key(0.5), 0);
        assert_eq!(key(GAMMA * 1.000_001), 2);
        assert!(key(f64::MAX) <= MAX_KEY);
        // The value of a bucket is within α of both its bounds.
        for k in [1, 10, 231, 1200] {
            let (lo, hi, v) = (GAMMA.powi(k - 1), GAMMA.powi(k), value(k));
            assert!((v - lo) / lo <= RELATIVE_ACCURACY * (1.0 + 1e-12) && (hi - v) / hi <= RELATIVE_ACCURACY * (1.0 + 1e-12));
        }
    }

    #[test]
    fn quantiles_within_the_relative_accuracy() {
        // 1..=10 000 ms: the exact q-quantile at rank ⌊q(n−1)⌋ is that rank + 1.
        let v: Vec<f64> = (1..=10_000).map(f64::from).collect();
        let s = DurationSketch::of(&v);
        for q in [0.0, 0.1, 0.5, 0.9, 0.99, 1.0] {
            let exact = ((q * 9_999.0f64).floor() + 1.0).min(10_000.0);
            let got = s.quantile(q).unwrap();
            assert!((got - exact).abs() <= RELATIVE_ACCURACY * exact, "q {q}: {got} vs {exact}");
        }
        assert_eq!((s.count, s.min, s.max), (10_000, 1.0, 10_000.0));
        assert_eq!(s.sum, 50_005_000.0);
        // All zeros: clamped to the exact extremes.
        assert_eq!(DurationSketch::of(&[0.0, 0.0]).quantile(0.5), Some(0.0));
        assert_eq!(DurationSketch::default().quantile(0.5), None);
    }

    #[test]
    fn rows_add_back_to_the_sketch() {
        let s = DurationSketch::of(&[3.0, 3.0, 900.0, 0.0, 86_400_000.0]);
        let mut back = DurationSketch::default();
        for (k, c, sum, sq, min, max) in s.rows() {
            back.add_bucket(k, c, sum, sq, min, max);
        }
        assert_eq!(back, s);
    }
}
