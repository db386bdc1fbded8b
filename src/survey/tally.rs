//! Counting answers per scale point, with validation: the state of every
//! survey KPI. This is the only hot loop of the survey KPIs; everything else
//! reads the tally.

use super::points::Points;
use super::Scale;
use crate::error::{Error, Result};
use crate::kpi::{InvalidPolicy, Merge, Rejects};

/// Answers as they arrive: one variant per JavaScript typed array (see
/// [`Numbers`](crate::table::Numbers)).
pub use crate::table::Numbers as Scores;

/// Answers counted per scale point: the mergeable state of NPS, CSAT and
/// CES. Without weights the counts are whole numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub(crate) scale: Scale,
    /// Weighted count per scale point: `counts[k]` is for score `min + k`.
    /// Without weights these are whole numbers.
    pub counts: Points,
    /// Number of valid answers counted (whatever their weights).
    pub responses: u64,
    /// Σw over valid answers (equals `responses` without weights).
    pub sum_w: f64,
    /// The largest weight so far (1 without weights).
    w_max: f64,
    /// Σ(w / w_max)²: the sum of squared weights relative to the largest,
    /// which keeps Kish's effective n exact for weights of any magnitude
    /// (the squares of weights of 1e-200 would underflow to 0).
    sum_w2_rel: f64,
    /// Answers left out because they were invalid (`invalid: "skip"`).
    pub skipped: u64,
    /// The first [`MAX_REPORTED_INVALID`](crate::kpi::MAX_REPORTED_INVALID)
    /// skipped answers, described.
    pub invalid: Vec<crate::kpi::InvalidEntry>,
}

impl Merge for Tally {
    /// Adds counts and sums point by point; `other`'s answers come after
    /// this tally's (its skipped answers are described at their place in
    /// the whole: after the `responses + skipped` answers seen here).
    ///
    /// # Errors
    /// `SCALE_MISMATCH` when the scales differ.
    fn merge(&mut self, other: &Tally) -> Result<()> {
        self.scale.check_same(&other.scale)?;
        let seen = self.responses.saturating_add(self.skipped) as usize;
        for (c, o) in self.counts.iter_mut().zip(other.counts.iter()) {
            *c += o;
        }
        self.responses = self.responses.saturating_add(other.responses);
        self.sum_w += other.sum_w;
        if other.w_max > self.w_max {
            let r = self.w_max / other.w_max;
            self.sum_w2_rel = self.sum_w2_rel * r * r + other.sum_w2_rel;
            self.w_max = other.w_max;
        } else if other.w_max > 0.0 {
            let r = other.w_max / self.w_max;
            self.sum_w2_rel += other.sum_w2_rel * r * r;
        }
        self.skipped = self.skipped.saturating_add(other.skipped);
        let room = crate::kpi::MAX_REPORTED_INVALID.saturating_sub(self.invalid.len());
        self.invalid.extend(other.invalid.iter().take(room).map(|e| {
            let mut e = e.clone();
            e.shift(seen);
            e
        }));
        Ok(())
    }
}

impl Tally {
    /// Adds the tally of more answers (taking it over when this one is
    /// still empty, which spares a copy).
    ///
    /// # Errors
    /// As [`Merge::merge`].
    pub fn add(&mut self, more: Tally) -> Result<()> {
        if self.responses == 0 && self.skipped == 0 && self.scale == more.scale {
            *self = more;
            return Ok(());
        }
        self.merge(&more)
    }

    /// An empty tally on `scale`.
    #[inline]
    pub fn new(scale: Scale) -> Self {
        Tally { scale, counts: Points::zeros(scale.points()), responses: 0, sum_w: 0.0, w_max: 0.0, sum_w2_rel: 0.0, skipped: 0, invalid: Vec::new() }
    }

    /// A tally read from plain counts per scale point.
    pub fn from_counts(scale: Scale, counts: &[u64], skipped: u64) -> Self {
        let n: u64 = counts.iter().fold(0u64, |a, &c| a.saturating_add(c));
        Tally {
            scale,
            counts: counts.iter().map(|&c| c as f64).collect(),
            responses: n,
            sum_w: n as f64,
            w_max: 1.0,
            sum_w2_rel: n as f64,
            skipped,
            invalid: Vec::new(),
        }
    }

    /// The scale the answers were counted on.
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// Total (weighted) count of valid answers.
    pub fn total(&self) -> f64 {
        self.sum_w
    }

    /// Kish's effective sample size (Σw)²/Σw² (L. Kish, *Survey Sampling*,
    /// 1965), computed on weights relative to the largest so that it depends
    /// only on their ratios; the number of answers without weights.
    #[inline]
    pub fn effective_n(&self) -> f64 {
        if !(self.w_max > 0.0 && self.sum_w2_rel > 0.0) {
            return 0.0;
        }
        let s = self.sum_w / self.w_max;
        s * s / self.sum_w2_rel
    }

    /// Weighted count of answers with a score in `lo..=hi`.
    #[inline]
    pub fn count_between(&self, lo: i32, hi: i32) -> f64 {
        let lo = (lo.max(self.scale.min()) - self.scale.min()) as usize;
        let hi = hi.min(self.scale.max()) - self.scale.min();
        if hi < 0 {
            return 0.0;
        }
        self.counts.get(lo..=hi as usize).map_or(0.0, |s| s.iter().sum())
    }

    /// Weighted mean score, `None` when the total weight is 0.
    pub fn mean(&self) -> Option<f64> {
        if !(self.sum_w > 0.0) {
            return None;
        }
        let s: f64 = self.counts.iter().enumerate().map(|(k, c)| c * (self.scale.min() + k as i32) as f64).sum();
        Some(s / self.sum_w)
    }
}

/// Why one answer is not a valid score.
pub(crate) fn check(v: f64, index: Option<usize>, scale: &Scale) -> Result<usize> {
    if let Some(off) = scale.offset(v) {
        return Ok(off);
    }
    Err(if v.is_nan() {
        Error::NotANumber { field: "scores".into(), index, found: "NaN".into() }
    } else if v.is_finite() && v.fract() != 0.0 {
        Error::NotAnInteger { field: "scores".into(), index, value: v, scale: scale.desc() }
    } else {
        Error::ScoreOutOfRange { field: "scores".into(), index, value: v, scale: scale.desc() }
    })
}

pub use crate::kpi::MAX_WEIGHT;

/// Validates weights: each from 0 to [`MAX_WEIGHT`]; one per answer.
fn check_weights(weights: &[f64], n: usize) -> Result<()> {
    if weights.len() != n {
        return Err(Error::LengthMismatch { field: "weights".into(), expected: n, actual: weights.len() });
    }
    for (i, &w) in weights.iter().enumerate() {
        if w.is_nan() {
            return Err(Error::NotANumber { field: "weights".into(), index: Some(i), found: "NaN".into() });
        }
        if !(0.0..=MAX_WEIGHT).contains(&w) {
            return Err(Error::InvalidWeight { index: i, value: w });
        }
    }
    Ok(())
}

/// Counts `scores` on `scale`, optionally weighted.
///
/// # Errors
/// With [`InvalidPolicy::Error`], the first invalid answer in input order:
/// `NOT_A_NUMBER` (NaN), `NOT_AN_INTEGER` (e.g. 7.5) or `SCORE_OUT_OF_RANGE`
/// (including ±∞). Whatever the policy, weights of the wrong length
/// (`LENGTH_MISMATCH`), NaN weights (`NOT_A_NUMBER`) and negative or
/// infinite weights (`INVALID_WEIGHT`).
pub fn tally(scores: Scores<'_>, weights: Option<&[f64]>, scale: Scale, policy: InvalidPolicy) -> Result<Tally> {
    let mut t = Tally::new(scale);
    let mut rejects = Rejects::new(policy);
    // Bytes (the usual scores) and f64 have their own loops; other typed
    // arrays are widened to f64 first (rare, and one loop less in the module).
    let widened;
    let input = match scores {
        Scores::U8(s) => Input::Bytes(s),
        Scores::F64(s) => Input::Floats(s),
        other => {
            widened = other.to_f64("scores")?;
            Input::Floats(&widened)
        }
    };
    if let Some(w) = weights {
        check_weights(w, scores.len())?;
        match input {
            Input::Bytes(s) => weighted(s, w, &mut t, &mut rejects)?,
            Input::Floats(s) => weighted(s, w, &mut t, &mut rejects)?,
        }
    } else {
        // Counted in f64: exact, since no input holds 2⁵³ answers.
        let counts = &mut t.counts;
        match input {
            Input::Bytes(s) => unweighted_u8(s, counts, &scale, &mut rejects)?,
            Input::Floats(s) => unweighted(s, counts, &scale, &mut rejects)?,
        }
        let n = counts.iter().sum::<f64>() as u64;
        t.responses = n;
        t.sum_w = n as f64;
        t.w_max = if n > 0 { 1.0 } else { 0.0 };
        t.sum_w2_rel = n as f64;
    }
    t.skipped = rejects.skipped;
    t.invalid = rejects.invalid;
    Ok(t)
}

fn unweighted<T: Copy + Into<f64>>(data: &[T], counts: &mut [f64], scale: &Scale, rejects: &mut Rejects) -> Result<()> {
    for (i, &x) in data.iter().enumerate() {
        match check(x.into(), Some(i), scale) {
            Ok(k) => counts[k] += 1.0,
            Err(e) => rejects.reject(i, e)?,
        }
    }
    Ok(())
}

fn weighted<T: Copy + Into<f64>>(data: &[T], w: &[f64], t: &mut Tally, rejects: &mut Rejects) -> Result<()> {
    let scale = t.scale;
    for (i, (&x, &wi)) in data.iter().zip(w).enumerate() {
        match check(x.into(), Some(i), &scale) {
            Ok(k) => {
                t.counts[k] += wi;
                t.responses += 1;
                t.sum_w += wi;
                if wi > t.w_max {
                    let r = t.w_max / wi;
                    t.sum_w2_rel = t.sum_w2_rel * r * r + 1.0;
                    t.w_max = wi;
                } else if wi > 0.0 {
                    let r = wi / t.w_max;
                    t.sum_w2_rel += r * r;
                }
            }
            Err(e) => rejects.reject(i, e)?,
        }
    }
    Ok(())
}

/// The answers, as the loops read them.
enum Input<'a> {
    Bytes(&'a [u8]),
    Floats(&'a [f64]),
}

/// Bytes: count with a histogram kernel first, and only when some byte fell
/// outside the scale walk the data again to find (and describe) the bad ones.
fn unweighted_u8(data: &[u8], counts: &mut [f64], scale: &Scale, rejects: &mut Rejects) -> Result<()> {
    let (min, max) = (scale.min(), scale.max());
    let mut valid: u64 = 0;
    if min >= 0 && max <= 255 && scale.points() <= WINDOW {
        let window = count_u8_window(data, min as u8);
        for (c, &w) in counts.iter_mut().zip(&window) {
            *c = w as f64;
            valid += w;
        }
    } else {
        let hist = histogram_u8(data);
        for (k, c) in counts.iter_mut().enumerate() {
            let score = min + k as i32;
            if (0..=255).contains(&score) {
                *c = hist[score as usize] as f64;
                valid += hist[score as usize];
            }
        }
    }
    if valid as usize != data.len() {
        for (i, &x) in data.iter().enumerate() {
            if let Err(e) = check(x as f64, Some(i), scale) {
                rejects.reject(i, e)?;
            }
        }
    }
    Ok(())
}

/// Width of the SIMD counting window: 11 consecutive byte values (NPS 0–10).
pub(crate) const WINDOW: usize = 11;

/// Counts how many bytes equal `lo`, `lo + 1`, …, `lo + 10`.
///
/// wasm SIMD: for each 16-byte vector, `i8x16.eq` against each value gives
/// −1 in matching lanes, subtracted into per-lane byte counters. Blocks of at
/// most 255 vectors keep the byte counters from overflowing; each block is
/// scanned twice (values 0–5, then 6–10) so that counters, keys and data fit
/// in the 16 vector registers of x86-64 instead of spilling to the stack.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) fn count_u8_window(data: &[u8], lo: u8) -> [u64; WINDOW] {
    use core::arch::wasm32::*;

    // One pass over a block for the values FROM, FROM + 1, …: explicit
    // locals rather than arrays, so that the counters stay in registers at
    // every optimisation level (the survey module is built for size).
    macro_rules! pass {
        ($block:expr, $base:expr, $out:expr, $from:expr, $($acc:ident = $k:expr),+) => {{
            $( let mut $acc = u8x16_splat(0); )+
            let block: &[u8] = $block;
            let vectors = block.len() / 16;
            let at = block.as_ptr();
            for i in 0..vectors {
                // SAFETY: bytes 16·i .. 16·i + 16 of `block` are readable
                // (i < len / 16); wasm loads need no alignment.
                let v = u8x16_sub(unsafe { v128_load(at.add(16 * i) as *const v128) }, $base);
                $( $acc = i8x16_sub($acc, i8x16_eq(v, u8x16_splat(($from + $k) as u8))); )+
            }
            $(
                let wide = u32x4_extadd_pairwise_u16x8(u16x8_extadd_pairwise_u8x16($acc));
                $out[$from + $k] += (u32x4_extract_lane::<0>(wide)
                    + u32x4_extract_lane::<1>(wide)
                    + u32x4_extract_lane::<2>(wide)
                    + u32x4_extract_lane::<3>(wide)) as u64;
            )+
        }};
    }

    // Each block is at most 255 vectors so that the per-lane byte counters
    // (incremented by at most one per vector) cannot overflow.
    const BLOCK: usize = 255 * 16;
    let base = u8x16_splat(lo);
    let mut out = [0u64; WINDOW];
    let mut rest = data;
    while rest.len() >= 16 {
        let take = (rest.len() / 16 * 16).min(BLOCK);
        let (block, tail) = rest.split_at(take);
        pass!(block, base, out, 0, a0 = 0, a1 = 1, a2 = 2, a3 = 3, a4 = 4, a5 = 5);
        pass!(block, base, out, 6, b0 = 0, b1 = 1, b2 = 2, b3 = 3, b4 = 4);
        rest = tail;
    }
    for &b in rest {
        let k = b.wrapping_sub(lo) as usize;
        if k < WINDOW {
            out[k] += 1;
        }
    }
    out
}

/// Counts how many bytes equal `lo`, `lo + 1`, …, `lo + 10` (portable version).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub(crate) fn count_u8_window(data: &[u8], lo: u8) -> [u64; WINDOW] {
    let hist = histogram_u8(data);
    core::array::from_fn(|j| if (lo as usize + j) < 256 { hist[lo as usize + j] } else { 0 })
}

/// Full 256-bin histogram of bytes, with four interleaved tables so that
/// runs of equal bytes do not serialise on one counter.
pub(crate) fn histogram_u8(data: &[u8]) -> [u64; 256] {
    let mut h = [[0u32; 256]; 4];
    let mut out = [0u64; 256];
    // u32 counters are flushed before they could overflow.
    for block in data.chunks(1 << 30) {
        let mut quads = block.chunks_exact(4);
        for q in &mut quads {
            h[0][q[0] as usize] += 1;
            h[1][q[1] as usize] += 1;
            h[2][q[2] as usize] += 1;
            h[3][q[3] as usize] += 1;
        }
        for &b in quads.remainder() {
            h[0][b as usize] += 1;
        }
        for (k, o) in out.iter_mut().enumerate() {
            *o += (h[0][k] + h[1][k] + h[2][k] + h[3][k]) as u64;
        }
        h = [[0u32; 256]; 4];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(data: &[u8], lo: u8) -> [u64; WINDOW] {
        let mut out = [0u64; WINDOW];
        for &b in data {
            if b >= lo && ((b - lo) as usize) < WINDOW {
                out[(b - lo) as usize] += 1;
            }
        }
        out
    }

    #[test]
    fn window_kernel_matches_naive_count() {
        let mut x: u32 = 12345;
        let data: Vec<u8> = (0..100_003)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x % 14) as u8
            })
            .collect();
        for lo in [0u8, 1, 3, 250] {
            for len in [0, 1, 15, 16, 17, 4079, 4080, 4081, 100_003] {
                assert_eq!(count_u8_window(&data[..len], lo), naive(&data[..len], lo), "lo {lo} len {len}");
            }
        }
    }

    #[test]
    fn bad_bytes_are_found_in_order() {
        let e = tally(Scores::U8(&[10, 9, 11, 12]), None, Scale::NPS, InvalidPolicy::Error).unwrap_err();
        assert_eq!(e.code(), "SCORE_OUT_OF_RANGE");
        assert_eq!(e.index(), Some(2));
        let t = tally(Scores::U8(&[10, 9, 11, 12]), None, Scale::NPS, InvalidPolicy::Skip).unwrap();
        assert_eq!(t.skipped, 2);
        assert_eq!(t.responses, 2);
        assert_eq!(t.invalid.iter().map(|e| e.index).collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn float_checks_in_priority_order() {
        let code = |v: f64| {
            tally(Scores::F64(&[5.0, v]), None, Scale::NPS, InvalidPolicy::Error).unwrap_err().code()
        };
        assert_eq!(code(f64::NAN), "NOT_A_NUMBER");
        assert_eq!(code(7.5), "NOT_AN_INTEGER");
        assert_eq!(code(-1.0), "SCORE_OUT_OF_RANGE");
        assert_eq!(code(f64::INFINITY), "SCORE_OUT_OF_RANGE");
        assert_eq!(code(10.000001), "NOT_AN_INTEGER");
    }

    #[test]
    fn skip_reports_only_the_first_hundred() {
        let data = vec![42u8; 1000];
        let t = tally(Scores::U8(&data), None, Scale::NPS, InvalidPolicy::Skip).unwrap();
        assert_eq!(t.skipped, 1000);
        assert_eq!(t.invalid.len(), crate::kpi::MAX_REPORTED_INVALID);
        assert_eq!(t.total(), 0.0);
    }

    #[test]
    fn weights_are_scale_free() {
        let s = Scores::F64(&[1.0, 9.0, 10.0, 5.0]);
        let one = tally(s, Some(&[1.0, 2.0, 1.0, 3.0]), Scale::NPS, InvalidPolicy::Error).unwrap();
        for k in [1e-200, 1e-300, 1e90, 1e-5] {
            let w: Vec<f64> = [1.0, 2.0, 1.0, 3.0].iter().map(|x| x * k).collect();
            let t = tally(s, Some(&w), Scale::NPS, InvalidPolicy::Error).unwrap();
            assert!((t.effective_n() - one.effective_n()).abs() < 1e-12, "{k}: {}", t.effective_n());
        }
        // (1+2+1+3)² / (1+4+1+9) = 49/15
        assert!((one.effective_n() - 49.0 / 15.0).abs() < 1e-12);
        // Merged in either order, a big-weight and a small-weight half give the whole.
        let (a, b) = (Scores::F64(&[1.0, 9.0]), Scores::F64(&[10.0, 5.0]));
        let mut x = tally(a, Some(&[1e-3, 2e-3]), Scale::NPS, InvalidPolicy::Error).unwrap();
        let y = tally(b, Some(&[1e-3, 3e-3]), Scale::NPS, InvalidPolicy::Error).unwrap();
        x.merge(&y).unwrap();
        assert!((x.effective_n() - 49.0 / 15.0).abs() < 1e-12);
    }

    #[test]
    fn weights_are_validated() {
        let s = Scores::F64(&[1.0, 2.0]);
        let e = tally(s, Some(&[1.0]), Scale::NPS, InvalidPolicy::Error).unwrap_err();
        assert_eq!((e.code(), e.field()), ("LENGTH_MISMATCH", Some("weights")));
        let e = tally(s, Some(&[1.0, -2.0]), Scale::NPS, InvalidPolicy::Skip).unwrap_err();
        assert_eq!((e.code(), e.index()), ("INVALID_WEIGHT", Some(1)));
        let e = tally(s, Some(&[f64::NAN, 1.0]), Scale::NPS, InvalidPolicy::Error).unwrap_err();
        assert_eq!((e.code(), e.index(), e.field()), ("NOT_A_NUMBER", Some(0), Some("weights")));
    }

    #[test]
    fn scales_beyond_a_byte_window() {
        let scale = Scale::new(-5.0, 100.0, "X").unwrap_err();
        assert_eq!(scale.code(), "INVALID_OPTION");
        let scale = Scale::new(0.0, 100.0, "X").unwrap();
        let t = tally(Scores::U8(&[0, 50, 100, 100, 101]), None, scale, InvalidPolicy::Skip).unwrap();
        assert_eq!((t.counts[0], t.counts[50], t.counts[100], t.skipped), (1.0, 1.0, 2.0, 1));
        let neg = Scale::new(-3.0, 3.0, "X").unwrap();
        let t = tally(Scores::U8(&[0, 3, 4]), None, neg, InvalidPolicy::Skip).unwrap();
        assert_eq!((t.count_between(0, 0), t.count_between(3, 3), t.skipped), (1.0, 1.0, 1));
        let t = tally(Scores::I8(&[-3, 3, -4]), None, neg, InvalidPolicy::Skip).unwrap();
        assert_eq!((t.counts[0], t.counts[6], t.skipped), (1.0, 1.0, 1));
    }
}
