//! Statistical building blocks shared by every KPI family: the normal and
//! Student-t distributions, proportion intervals and sample quantiles.
//!
//! Everything here is written from the textbook definitions (cited per
//! function) and tested against published table values.

use std::f64::consts::PI;

mod compare;
mod durations;
pub mod sketch;
pub use compare::{benjamini_hochberg, median_difference, median_difference_of, median_se_by, median_with_se, two_proportions, welch, Change};
pub use sketch::DurationSketch;
pub use durations::{check_edges, duration_stats, percentile_keys, DurationStats, HistogramBin, DEFAULT_HISTOGRAM_MS};

const SQRT_PI: f64 = 1.772_453_850_905_516;
const SQRT_2PI: f64 = 2.506_628_274_631_000_5;

/// Complementary error function, erfc(x) = 1 − erf(x), to about 1e-15.
///
/// For |x| < 2.5 it uses the everywhere-positive series
/// erf(x) = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3·…·(2n+1))
/// (Abramowitz & Stegun 7.1.6); above, the continued fraction
/// erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + ³⁄₂/(x + …))))
/// (A&S 7.1.14), evaluated from the tail.
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    if x < 2.5 {
        1.0 - erf_series(x)
    } else if x > 27.0 {
        0.0
    } else {
        let mut t = x;
        for k in (1..=120).rev() {
            t = x + (k as f64 * 0.5) / t;
        }
        (-x * x).exp() / SQRT_PI / t
    }
}

/// erf(x) for 0 ≤ x < 2.5 by its series, erf x = 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1))
/// (A&S 7.1.6): near 0 without the cancellation of 1 − erfc x.
fn erf_series(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = x;
    let mut sum = x;
    let mut n = 0.0;
    while term > sum * 1e-17 {
        n += 1.0;
        term *= 2.0 * x2 / (2.0 * n + 1.0);
        sum += term;
    }
    2.0 / SQRT_PI * (-x2).exp() * sum
}

/// Standard normal cumulative distribution Φ(z) = ½·erfc(−z/√2).
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// Standard normal upper tail 1 − Φ(z), accurate far into the tail.
pub fn normal_sf(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

/// Inverse of the standard normal distribution, Φ⁻¹(p) for 0 < p < 1.
///
/// Starts from P. J. Acklam's rational approximation (2003, relative error
/// 1.2e-9) and polishes it with two Halley steps on [`erfc`], which brings it
/// to full double precision. Returns ±∞ at p = 0 or 1 and NaN outside [0, 1].
pub fn normal_quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) || p.is_nan() {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p > 0.5 {
        return -normal_quantile(1.0 - p);
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let mut x = if p < 0.02425 {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    for _ in 0..2 {
        // Near the centre, Φ(x) − ½ and p − ½ (exact there) rather than
        // Φ(x) − p, whose rounding next to ½ would be most of a small x.
        let e = if x.abs() < 1.0 { 0.5 * x.signum() * erf_series(x.abs() / std::f64::consts::SQRT_2) - (p - 0.5) } else { normal_cdf(x) - p };
        let u = e * SQRT_2PI * (x * x / 2.0).exp();
        x -= u / (1.0 + x * u / 2.0);
    }
    x
}

/// The two-sided critical value z for a confidence level, Φ⁻¹(1 − (1 − level)/2);
/// 1.959964 for 0.95.
pub fn z_critical(level: f64) -> f64 {
    // The same few levels are asked for over and over (0.95 above all):
    // remember the last one. Nothing is remembered at first (NaN equals no
    // level): a value written here instead of computed, even one digit
    // off, would make a result depend on which levels were asked for before.
    crate::local!(static LAST: std::cell::Cell<(f64, f64)> = std::cell::Cell::new((f64::NAN, f64::NAN)););
    LAST.with(|c| {
        let (l, z) = c.get();
        if l == level {
            return z;
        }
        let z = -normal_quantile((1.0 - level) / 2.0);
        c.set((level, z));
        z
    })
}

/// ln Γ(x) for x > 0 (NaN otherwise) by the Lanczos approximation (g = 7, n = 9; Lanczos 1964,
/// coefficients as tabulated by Godfrey), relative error about 1e-15.
pub fn ln_gamma(x: f64) -> f64 {
    if !(x > 0.0) {
        return f64::NAN;
    }
    const G: f64 = 7.0;
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Recurrence Γ(x + 1) = x·Γ(x) (x > 0 here; avoids pulling in sin()).
        return ln_gamma(x + 1.0) - x.ln();
    }
    let x = x - 1.0;
    let mut a = COEF[0];
    let t = x + G + 0.5;
    for (i, c) in COEF.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0, written so
/// that large arguments keep their precision: as R's `lbeta` (R Core Team,
/// `src/nmath/lbeta.c`), with Stirling's formula
/// ln Γ(x) = (x − ½)·ln x − x + ½·ln 2π + ω(x) and the terms of order x of
/// the three gammas combined
/// into (p − ½)·ln(p/(p + q)) + q·ln(1 − p/(p + q)) before they are added.
/// Three ln Γ of 10⁶ would each be rounded to about 2·10⁻⁹; this keeps
/// about 10⁻¹⁴ of the result.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    let (p, q) = if a < b { (a, b) } else { (b, a) };
    if p >= 10.0 {
        let corr = stirling_rest(p) + stirling_rest(q) - stirling_rest(p + q);
        -0.5 * q.ln() + 0.5 * (2.0 * PI).ln() + corr + (p - 0.5) * (p / (p + q)).ln() + q * (-p / (p + q)).ln_1p()
    } else if q >= 10.0 {
        ln_beta_small_large(p, q) - p * (p + q).ln()
    } else {
        ln_gamma(p) + ln_gamma(q) - ln_gamma(p + q)
    }
}

/// ln B(p, q) + p·ln(p + q) for p < 10 ≤ q, as [`ln_beta`] forms it (R's
/// `lbeta` for one small and one large argument). The term −p·ln(p + q) is
/// left to the caller, who may combine it with a logarithm of its own
/// ([`ln_beta_front`]).
fn ln_beta_small_large(p: f64, q: f64) -> f64 {
    let corr = stirling_rest(q) - stirling_rest(p + q);
    ln_gamma(p) + corr + p + (q - 0.5) * (-p / (p + q)).ln_1p()
}

/// ln Γ(y + q) − ln Γ(y) for y, q > 0. From y = 100 on, by Stirling's
/// formula with its remainder ω ([`stirling_rest`]) and the terms of order
/// y combined: (y − ½)·ln(1 + q/y) + q·ln(y + q) − q + ω(y + q) − ω(y), so
/// that two ln Γ of 10²⁰ (each rounded to 10⁴) are not subtracted; below,
/// the difference of [`ln_gamma`]s.
pub fn ln_gamma_ratio(y: f64, q: f64) -> f64 {
    if y < 100.0 {
        return ln_gamma(y + q) - ln_gamma(y);
    }
    (y - 0.5) * (q / y).ln_1p() + q * (y + q).ln() - q + (stirling_rest(y + q) - stirling_rest(y))
}

/// A sum with Neumaier's compensation (A. Neumaier, "Rundungsfehleranalyse
/// einiger Verfahren zur Summation endlicher Summen", *ZAMM* 54, 1974): the
/// rounding error of each addition (exact, by Knuth's TwoSum) is kept apart
/// and added at the end. Adding 10¹⁰ and later −10¹⁰ leaves the small terms
/// between them whole, where a plain running sum keeps only their digits
/// above 10⁻⁶.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sum {
    sum: f64,
    compensation: f64,
}

impl Sum {
    /// Adds `v`.
    #[inline]
    pub fn add(&mut self, v: f64) {
        let t = self.sum + v;
        self.compensation += if self.sum.abs() >= v.abs() { (self.sum - t) + v } else { (v - t) + self.sum };
        self.sum = t;
    }

    /// Adds another sum (both of its parts).
    #[inline]
    pub fn add_sum(&mut self, other: Sum) {
        self.add(other.sum);
        self.add(other.compensation);
    }

    /// The sum.
    #[inline]
    pub fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

/// ψ(a + d) − ψ(a) for a > 0, d ≥ 0 (ψ the digamma function, the
/// derivative of ln Γ; NaN otherwise), without subtracting two ψ: the
/// recurrence ψ(x + 1) = ψ(x) + 1/x (Abramowitz & Stegun 6.3.5) takes a up
/// to 10 or more, each step adding 1/x − 1/(x + d) as d/(x(x + d)); there
/// the asymptotic series ψ(x) ~ ln x − 1/(2x) − Σₖ B₂ₖ/(2k·x²ᵏ) (A&S 6.3.18)
/// gives ln(1 + d/a) + d/(2a(a + d)) and the difference of the two series'
/// tails. So ψ(10²⁰ + 3) − ψ(10²⁰) is 3·10⁻²⁰, not the rounding of 46.
pub fn digamma_diff(a: f64, d: f64) -> f64 {
    if !(a > 0.0 && d >= 0.0) {
        return f64::NAN;
    }
    let (mut sum, mut a) = (0.0, a);
    while a < 10.0 {
        sum += d / (a * (a + d));
        a += 1.0;
    }
    sum + (d / a).ln_1p() + d / (2.0 * a * (a + d)) - (digamma_rest(a + d) - digamma_rest(a))
}

/// Σₖ B₂ₖ/(2k·x²ᵏ) to k = 7 for x ≥ 10 (the first term left out is below
/// 10⁻¹⁶ there): ψ(x) = ln x − 1/(2x) − this (A&S 6.3.18).
fn digamma_rest(x: f64) -> f64 {
    let r = 1.0 / (x * x);
    r * (1.0 / 12.0 + r * (-1.0 / 120.0 + r * (1.0 / 252.0 + r * (-1.0 / 240.0 + r * (1.0 / 132.0 + r * (-691.0 / 32_760.0 + r * (1.0 / 12.0)))))))
}

/// ω(x) = ln Γ(x) − ((x − ½)·ln x − x + ½·ln 2π) for x ≥ 8, by Stirling's
/// series Σ B₂ₖ / (2k(2k − 1)·x²ᵏ⁻¹) to k = 7 (Abramowitz & Stegun 6.1.40;
/// the first term left out is below 10⁻¹⁵ at x = 8 and 10⁻¹⁶ at x = 10).
fn stirling_rest(x: f64) -> f64 {
    let r = 1.0 / (x * x);
    (1.0 / 12.0 + r * (-1.0 / 360.0 + r * (1.0 / 1260.0 + r * (-1.0 / 1680.0 + r * (1.0 / 1188.0 + r * (-691.0 / 360_360.0 + r * (1.0 / 156.0))))))) / x
}

/// Regularised incomplete beta function Iₓ(a, b), by its continued fraction
/// (A&S 26.5.8) evaluated with the modified Lentz method (Press et al.,
/// *Numerical Recipes*, 3rd ed., §6.4).
///
/// The factor xᵃ(1 − x)ᵇ / B(a, b) in front of the fraction is worked out
/// as DiDonato & Morris's `brcomp` does for a, b ≥ 8 (*ACM TOMS* 18, 1992,
/// algorithm 708): around the mean x₀ = a/(a + b), from the logarithms of
/// x/x₀ and (1 − x)/(1 − x₀) less their first-order terms, and Stirling's
/// remainders, so that no logarithm of size a·ln x is formed and cancelled
/// (at a = 10⁹ that alone lost 10⁻⁶ of the value). The fraction takes up
/// to about √max(a, b) steps near the mean: they are allowed.
///
/// Past the mean (x ≥ (a + 1)/(a + b + 2)) the fraction is taken at 1 − x
/// and Iₓ = 1 − I₁₋ₓ(b, a), except where x ≤ 0.1 and b is huge against a:
/// there 1 − x is rounded and that fraction cancels, so Iₓ is summed from
/// its hypergeometric series, which has no cancellation
/// ([`beta_series`]).
pub fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    if x < (a + 1.0) / (a + b + 2.0) {
        beta_front(x, a, b) * beta_cf(x, a, b, 1.0 - (a + b) * x / (a + 1.0)) / a
    } else if x <= SERIES_MAX_X && ((a + b) * x <= SERIES_CHEAP || (b >= SERIES_RATIO * a && (a + b) * x <= SERIES_MAX_TERMS)) {
        // Past the mean, with x small and b huge against a (the upper
        // exact bounds of a rate in many trials), by the series.
        beta_series(x, a, b)
    } else {
        // The fraction at 1 − x, whose first denominator 1 − (a + b)(1 −
        // x)/(b + 1) is formed from x itself: 1 − x is rounded, and near
        // the switch point the two terms cancel.
        1.0 - beta_front(x, a, b) * beta_cf(1.0 - x, b, a, (1.0 - a + (a + b) * x) / (b + 1.0)) / b
    }
}

/// Past the mean, [`incomplete_beta`] sums its series ([`beta_series`]) up
/// to this x, when b is huge against a, and takes the continued fraction at
/// 1 − x otherwise. With x small, 1 − x is rounded, and the fraction at 1 −
/// x loses about 5·10⁻¹⁷·b/a of the value: the upper exact bounds were
/// 4·10⁻⁵ off at no successes in 10¹² trials, and 2·10⁻⁷ at 10⁵ of 10¹⁵.
const SERIES_MAX_X: f64 = 0.1;
/// The series is taken when b is at least this many times a (the
/// fraction would lose 5·10⁻¹⁴ or more)…
const SERIES_RATIO: f64 = 1e3;
/// … or when (a + b)·x is at most this, where it is cheap: it sums about
/// 20·√((a + b)·x) terms (the fraction near the mean takes far fewer steps
/// when a is large, so it is kept there when b/a is moderate).
const SERIES_CHEAP: f64 = 1e4;
/// The series is not taken past this (a + b)·x, whatever b/a: 2·10⁵
/// terms, a few milliseconds for a quantile. (Beyond, at 10⁸ successes
/// and more, the fraction's loss of about 5·10⁻¹⁷·b/a is at most 5·10⁻⁹
/// within 2⁵³ trials; with the series everywhere, 4·10¹¹ of 8·10¹⁴ took
/// 0.9 s.)
const SERIES_MAX_TERMS: f64 = 1e8;

/// Iₓ(a, b) = Σₙ₌₀^∞ Tₙ with Tₙ = xᵃ⁺ⁿ(1 − x)ᵇ / ((a + n)·B(a + n, b)), the
/// recurrence Iₓ(a, b) = Iₓ(a + 1, b) + xᵃ(1 − x)ᵇ/(a·B(a, b)) (DLMF
/// 8.17.20) unrolled: the hypergeometric series of DLMF 8.17.8. The terms
/// are positive, so nothing cancels. Their ratio
/// Tₙ₊₁/Tₙ = (a + b + n)·x/(a + 1 + n) is at least 1 up to
/// n* = ((a + b)·x − a − 1)/(1 − x): they rise
/// to a peak there and fall on both sides like a Poisson distribution's
/// (width about √((a + b)·x)), so the sum starts at the peak term, computed
/// directly by the factor in front of Iₓ(a + n*, b) (precise around that
/// distribution's mean, see [`ln_beta_front`]), and adds terms by the ratio
/// outwards until they fall below 2⁻⁵³ of the sum.
fn beta_series(x: f64, a: f64, b: f64) -> f64 {
    let ab = a + b;
    let peak = ((ab * x - a - 1.0) / (1.0 - x)).ceil().max(0.0);
    let top = (ln_beta_front(x, a + peak, b) - (a + peak).ln()).exp();
    let small = |t: f64, sum: f64| t <= sum * (0.5 * f64::EPSILON);
    let mut sum = top;
    let (mut t, mut n) = (top, peak);
    loop {
        t *= (ab + n) * x / (a + 1.0 + n);
        n += 1.0;
        sum += t;
        if small(t, sum) {
            break;
        }
    }
    let (mut t, mut n) = (top, peak);
    while n > 0.0 {
        n -= 1.0;
        t *= (a + 1.0 + n) / ((ab + n) * x);
        sum += t;
        if small(t, sum) {
            break;
        }
    }
    sum.min(1.0)
}

/// The density of Beta(a, b) at 0 < x < 1: xᵃ⁻¹(1 − x)ᵇ⁻¹ / B(a, b), the
/// derivative of Iₓ(a, b) ([`incomplete_beta`]), from the same factor.
pub fn beta_density(x: f64, a: f64, b: f64) -> f64 {
    (ln_beta_front(x, a, b) - x.ln() - (-x).ln_1p()).exp()
}

/// xᵃ(1 − x)ᵇ / B(a, b), for 0 < x < 1 (see [`incomplete_beta`]).
fn beta_front(x: f64, a: f64, b: f64) -> f64 {
    ln_beta_front(x, a, b).exp()
}

/// ln(xᵃ(1 − x)ᵇ / B(a, b)), for 0 < x < 1 (see [`incomplete_beta`]).
fn ln_beta_front(x: f64, a: f64, b: f64) -> f64 {
    let y = 1.0 - x;
    if a < 8.0 && b >= 10.0 {
        // ln B(a, b) as [`ln_beta`] forms it for a small and b large, with
        // a·ln x and −a·ln(a + b) taken together as a·ln(x·(a + b)): apart,
        // both are of size 200 when x is 10⁻¹⁵ and b 10¹⁵.
        return a * (x * (a + b)).ln() + b * (-x).ln_1p() - ln_beta_small_large(a, b);
    }
    if a.min(b) < 8.0 {
        // ln(1 − x) as ln_1p(−x): 1 − x alone loses x's low digits, which b
        // (10⁹ trials) would multiply.
        return a * x.ln() + b * (-x).ln_1p() - ln_beta(a, b);
    }
    // t − ln(1 + t), without the cancellation of its first term.
    let rlog1 = |t: f64| t - t.ln_1p();
    let (x0, y0, lambda) = if a > b {
        let h = b / a;
        (1.0 / (1.0 + h), h / (1.0 + h), (a + b) * y - b)
    } else {
        let h = a / b;
        (h / (1.0 + h), 1.0 / (1.0 + h), a - (a + b) * x)
    };
    let e = -lambda / a;
    let u = if e.abs() > 0.6 { e - (x / x0).ln() } else { rlog1(e) };
    let f = lambda / b;
    let v = if f.abs() > 0.6 { f - (y / y0).ln() } else { rlog1(f) };
    let corr = stirling_rest(a) + stirling_rest(b) - stirling_rest(a + b);
    0.5 * (b * x0 / (2.0 * PI)).ln() - (a * u + b * v) - corr
}

/// The continued fraction of Iₓ(a, b) (see [`incomplete_beta`]), given its
/// first denominator `d0` = 1 − (a + b)·x/(a + 1), which the caller forms
/// from whichever of x and 1 − x it holds exactly.
fn beta_cf(x: f64, a: f64, b: f64, d0: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = d0;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    // One step of the modified Lentz recurrence for partial numerator `aa`;
    // returns the factor by which the convergent changes.
    let mut step = |aa: f64| {
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        d * c
    };
    // About √max(a, b) steps near the mean; a few dozen elsewhere.
    let steps = 10_000usize.max((8.0 * a.max(b).sqrt()) as usize);
    for m in 1..steps {
        let m = m as f64;
        let m2 = 2.0 * m;
        h *= step(m * (b - m) * x / ((qam + m2) * (a + m2)));
        let del = step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)));
        h *= del;
        if (del - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// Student-t cumulative distribution with `df` degrees of freedom (df > 0,
/// not necessarily whole): F(t) = 1 − ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0.
/// For a small tail, ask for F(−|t|) (it is not formed as 1 − F).
///
/// From 10⁵ degrees of freedom (and |t| ≤ 10), F(t) = Φ(z) with z the
/// normal deviate of the same probability, from the reversion of the
/// Cornish–Fisher series of [`t_quantile`] (A&S 26.7.5) to four terms:
/// within 2·10⁻¹⁴ of the tail there (against the incomplete beta function
/// in 40-digit arithmetic). The incomplete beta function's argument
/// df/(df + t²) is rounded next to 1 at such df, which cost 10⁻¹⁰ of F.
pub fn t_cdf(t: f64, df: f64) -> f64 {
    if df >= 1e5 && t.abs() <= 10.0 {
        let t2 = t * t;
        let b1 = (t2 + 1.0) * t / 4.0;
        let b2 = -((13.0 / 96.0 * t2 + 1.0 / 12.0) * t2 + 1.0 / 32.0) * t;
        let b3 = (((35.0 / 384.0 * t2 + 19.0 / 384.0) * t2 + 1.0 / 384.0) * t2 - 5.0 / 128.0) * t;
        let b4 = ((((-6271.0 / 92_160.0 * t2 - 403.0 / 11_520.0) * t2 + 17.0 / 15_360.0) * t2 + 7.0 / 384.0) * t2 + 21.0 / 2048.0) * t;
        return normal_cdf(t - (b1 + (b2 + (b3 + b4 / df) / df) / df) / df);
    }
    let t2 = t * t;
    let tail = if df == 1.0 {
        // Cauchy: F(−|t|) = atan(1/|t|)/π, in closed form (so t = ±1 is
        // exactly ¼).
        (1.0 / t.abs()).atan() / PI
    } else if t2 < 1.0 {
        0.5 - t_centre(t, df)
    } else if t2 < 1e300 || df > 1e100 {
        0.5 * incomplete_beta(df / (df + t2), df / 2.0, 0.5)
    } else {
        // x = df/(df + t²) below about df·1e-300, or t² past the doubles
        // (|t| ≥ 1.3e154), where the Cauchy tail at df = 1 is still
        // 1/(π|t|): I_x(a, ½) = x^a/(a·B(a, ½))·(1 + O(x)), with ln x taken
        // from ln |t| (DLMF 8.17.7's leading term).
        let a = df / 2.0;
        let ln_x = df.ln() - 2.0 * t.abs().ln() - (df / t2).ln_1p();
        0.5 * (a * ln_x - a.ln() - ln_beta(a, 0.5)).exp()
    };
    if t >= 0.0 { 1.0 - tail } else { tail }
}

/// F(|t|) − ½ for the Student-t distribution, ½·I_y(½, df/2) with
/// y = t²/(df + t²), for |t| < 1: there x = df/(df + t²) is near 1, where
/// its rounding is most of 1 − x, and I_x(df/2, ½) = 1 − I_y(½, df/2) is
/// taken from y instead (the tail is above 0.15 here: nothing cancels).
fn t_centre(t: f64, df: f64) -> f64 {
    let t2 = t * t;
    0.5 * incomplete_beta(t2 / (df + t2), 0.5, df / 2.0)
}

fn t_pdf(t: f64, df: f64) -> f64 {
    (ln_gamma((df + 1.0) / 2.0) - ln_gamma(df / 2.0) - 0.5 * (df * PI).ln()
        - (df + 1.0) / 2.0 * (1.0 + t * t / df).ln())
    .exp()
}

/// Quantile of the Student-t distribution, F⁻¹(p; df), for 0 < p < 1 and
/// df > 0.
///
/// Starts from the Cornish–Fisher expansion of t in powers of 1/df around the
/// normal quantile (Abramowitz & Stegun 26.7.5, four terms), which is already
/// within 1e-13 from 1000 degrees of freedom up, where |z| ≤ 3.5, and is
/// returned as is there (at any df: its terms shrink as 1/df, so z is never
/// taken for t); elsewhere, Newton steps on [`t_cdf`] in the lower tail,
/// inside a bracket kept by bisection, polish it to a relative tolerance of
/// 1e-13 (usually one or two steps). For a two-sided level near 1, ask for
/// the lower tail, −F⁻¹((1 − level)/2): 1 − (1 − level)/2 would round off
/// the tail's digits before this function sees them. The last answer is
/// remembered, since callers ask for the same level and df again.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) || !(df > 0.0) {
        return f64::NAN;
    }
    crate::local!(static LAST: std::cell::Cell<(f64, f64, f64)> = std::cell::Cell::new((0.0, 0.0, 0.0)););
    if let Some(t) = LAST.with(|c| {
        let (lp, ldf, t) = c.get();
        (lp == p && ldf == df).then_some(t)
    }) {
        return t;
    }
    let t = t_quantile_uncached(p, df);
    LAST.with(|c| c.set((p, df, t)));
    t
}

/// Cornish–Fisher expansion of the t quantile (A&S 26.7.5).
fn t_cornish_fisher(z: f64, df: f64) -> f64 {
    let z2 = z * z;
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92_160.0;
    z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
}

fn t_quantile_uncached(p: f64, df: f64) -> f64 {
    // Solved in the lower tail, where F(−s) is computed without taking a
    // tail from 1: a small tail probability keeps its digits (solving
    // 1 − tail = p lost them: 10⁻⁷ of t at p = 1 − 10⁻¹⁰, all of them near
    // 1 − 10⁻¹⁶). F⁻¹(p) = −F⁻¹(1 − p), and 1 − p is exact for p ≥ ½.
    if p > 0.5 {
        return -t_quantile_uncached(1.0 - p, df);
    }
    if p == 0.5 {
        return 0.0;
    }
    let z = -normal_quantile(p);
    let cf = -t_cornish_fisher(-z, df);
    // The expansion's terms grow as z⁹/df⁴: taken as it is only where they
    // are far below the precision.
    if df >= 1000.0 && z <= 3.5 {
        return -cf;
    }
    // s = −t ≥ 0, in a bracket [lo, hi] with F(−lo) ≥ p ≥ F(−hi).
    let mut lo = 0.0;
    let mut hi = z.max(1.0);
    while t_cdf(-hi, df) > p {
        lo = hi;
        hi *= 2.0;
        if hi > 1e300 {
            return f64::NEG_INFINITY;
        }
    }
    let mut s = if cf > lo && cf < hi { cf } else { 0.5 * (lo + hi) };
    for _ in 0..200 {
        // F(−s) falls as s grows, at the rate of the density. (Near the
        // centre, ½ − p, exact, less F(s) − ½: not two numbers next to ½.)
        let f = if s < 1.0 { (0.5 - p) - t_centre(s, df) } else { t_cdf(-s, df) - p };
        if f > 0.0 {
            lo = s;
        } else {
            hi = s;
        }
        let mut next = s + f / t_pdf(s, df);
        if !(next > lo && next < hi) || !next.is_finite() {
            next = 0.5 * (lo + hi);
        }
        if (next - s).abs() <= 1e-13 * next.abs() {
            return -next;
        }
        s = next;
    }
    -s
}

/// A two-sided interval for a proportion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// Wilson score interval for a proportion (E. B. Wilson, "Probable
/// inference, the law of succession, and statistical inference", *JASA* 22,
/// 1927; recommended by Brown, Cai & DasGupta, *Statistical Science*, 2001):
///
/// centre = (p̂ + z²/2n) / (1 + z²/n),
/// half-width = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
///
/// `n` may be a Kish effective sample size. Returns `None` when n ≤ 0.
///
/// The bound nearer its end of [0, 1] is not centre ∓ half-width, which
/// cancels to a residue (5.6e-15 at p̂ = 0, where the bound is 0): the two
/// bounds are the roots of (1 + z²/n)π² − (2p̂ + z²/n)π + p̂² = 0, so the
/// lower is p̂² / ((1 + z²/n) · upper), and 1 − upper likewise (1 − p̂)² /
/// ((1 + z²/n) · (1 − lower)). At p̂ = 0 and p̂ = 1 the interval ends at 0
/// and 1 exactly, and always holds p̂.
pub fn wilson(p_hat: f64, n: f64, level: f64) -> Option<Bounds> {
    if !(n > 0.0) {
        return None;
    }
    let z = z_critical(level);
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p_hat + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p_hat * (1.0 - p_hat) / n + z2 / (4.0 * n * n)).sqrt();
    let (low, high) = if p_hat <= 0.5 {
        let high = centre + half;
        (if high > 0.0 { p_hat * p_hat / (denom * high) } else { 0.0 }, high)
    } else {
        let low = centre - half;
        let q = 1.0 - p_hat;
        (low, 1.0 - if low < 1.0 { q * q / (denom * (1.0 - low)) } else { 0.0 })
    };
    // (max/min, not clamp, which panics on NaN.)
    Some(Bounds { low: low.max(0.0).min(p_hat), high: high.min(1.0).max(p_hat) })
}

/// Sample quantile of sorted data by Hyndman & Fan's definition 7 (the
/// default of R and NumPy, and what spreadsheets call `PERCENTILE.INC`):
/// h = (n − 1)·q, Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
/// Returns `None` for empty data. `q` must be in [0, 1].
pub fn quantile_type7(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = h - lo as f64;
    Some(sorted[lo] + frac * (sorted[hi] - sorted[lo]))
}

/// How a sample quantile is defined (Hyndman & Fan, "Sample quantiles in
/// statistical packages", *The American Statistician* 50(4), 1996).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuantileMethod {
    /// Definition 7, linear interpolation between order statistics at
    /// h = (n − 1)q: spreadsheet `PERCENTILE.INC`, R and NumPy defaults.
    #[default]
    Inclusive,
    /// Definition 6, h = (n + 1)q (1-based): spreadsheet `PERCENTILE.EXC`.
    /// Undefined (`None`) when q < 1/(n + 1) or q > n/(n + 1), as in
    /// spreadsheets (#NUM!).
    Exclusive,
    /// Definition 1, the nearest-rank method: the smallest value with at least
    /// q·n values at or below it (no interpolation).
    NearestRank,
}

impl QuantileMethod {
    /// Parses `"inclusive"`, `"exclusive"` or `"nearest-rank"`.
    pub fn parse(s: &str) -> crate::Result<Self> {
        match s {
            "inclusive" => Ok(QuantileMethod::Inclusive),
            "exclusive" => Ok(QuantileMethod::Exclusive),
            "nearest-rank" => Ok(QuantileMethod::NearestRank),
            _ => Err(crate::Error::option(
                "quantileMethod",
                format!("must be \"inclusive\", \"exclusive\" or \"nearest-rank\"; got \"{s}\""),
            )),
        }
    }

    /// The description used in results.
    pub fn describe(self) -> &'static str {
        match self {
            QuantileMethod::Inclusive => "inclusive (Hyndman-Fan 7, PERCENTILE.INC)",
            QuantileMethod::Exclusive => "exclusive (Hyndman-Fan 6, PERCENTILE.EXC)",
            QuantileMethod::NearestRank => "nearest-rank (Hyndman-Fan 1)",
        }
    }

    /// The order statistics a quantile needs: (0-based lower one, weight of
    /// the next one as `rem / den`), or `None` where the quantile is
    /// undefined. `q` is `num / den` exactly (see [`Fraction`]), so the
    /// position is found in integers and a quantile that is a round number
    /// comes out exact (`PERCENTILE.EXC({15,20,35,40,50}, 0.4)` is 26, not
    /// 26.000000000000007).
    fn position(self, n: usize, q: Fraction) -> Option<(usize, u128, u128)> {
        let Fraction { num, den } = q;
        if n == 0 || num > den {
            return None;
        }
        let last = n - 1;
        let n128 = n as u128;
        match self {
            QuantileMethod::Inclusive => {
                let h = last as u128 * num;
                let lo = ((h / den) as usize).min(last);
                Some((lo, h % den, den))
            }
            QuantileMethod::Exclusive => {
                // 1-based h = (n + 1)q, defined for 1 ≤ h ≤ n.
                let h = (n128 + 1) * num;
                if h < den || h > n128 * den {
                    return None;
                }
                let lo = ((h / den) as usize - 1).min(last);
                Some((lo, h % den, den))
            }
            QuantileMethod::NearestRank => {
                let rank = (n128 * num).div_ceil(den) as usize;
                Some((rank.saturating_sub(1).min(last), 0, den))
            }
        }
    }
}

/// A quantile level as an exact fraction `num / den` of whole numbers, read
/// from a percent with up to nine decimals (`99.9` is 999/1000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    num: u128,
    den: u128,
}

impl Fraction {
    /// The fraction `percent / 100`, for a percent from 0 to 100. Percents
    /// with more than nine decimals are rounded to nine.
    pub fn from_percent(percent: f64) -> Option<Fraction> {
        if !(0.0..=100.0).contains(&percent) {
            return None;
        }
        let mut scale: u128 = 1;
        let mut scaled = percent;
        while scaled.fract() != 0.0 && scale < 1_000_000_000 {
            scale *= 10;
            scaled = percent * scale as f64;
            // Undo representation error: 99.9 × 10 is 999.0000000000001.
            if (scaled - scaled.round()).abs() < 1e-6 {
                scaled = scaled.round();
            }
        }
        Some(Fraction { num: scaled.round() as u128, den: 100 * scale })
    }
}

/// Several quantiles of unsorted data at once, by repeated selection
/// (expected O(n) per distinct order statistic) instead of a full sort. The
/// data are reordered. `percents` are in [0, 100]; the interpolation is
/// done with the exact fraction of each ([`Fraction`]).
pub fn quantiles(data: &mut [f64], percents: &[f64], method: QuantileMethod) -> Vec<Option<f64>> {
    let n = data.len();
    let positions: Vec<Option<(usize, u128, u128)>> =
        percents.iter().map(|&p| Fraction::from_percent(p).and_then(|q| method.position(n, q))).collect();
    let mut needed: Vec<usize> = positions
        .iter()
        .flatten()
        .flat_map(|&(lo, rem, _)| if rem > 0 && lo + 1 < n { vec![lo, lo + 1] } else { vec![lo] })
        .collect();
    needed.sort_unstable();
    needed.dedup();
    // After selecting position k in data[from..], everything right of k is
    // at least data[k], so the next (larger) position lies in data[k + 1..].
    let mut from = 0;
    for &k in &needed {
        if k >= from {
            data[from..].select_nth_unstable_by(k - from, f64::total_cmp);
            from = k + 1;
        }
    }
    positions
        .iter()
        .map(|p| {
            p.map(|(lo, rem, den)| {
                if rem > 0 && lo + 1 < n {
                    // x[lo] + (x[lo+1] − x[lo])·rem/den, multiplied before
                    // dividing so that round answers stay exact.
                    data[lo] + (data[lo + 1] - data[lo]) * rem as f64 / den as f64
                } else {
                    data[lo]
                }
            })
        })
        .collect()
}

#[cfg(test)]
// Reference values are written with every digit their source gives.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn compensated_sums_keep_small_terms() {
        // 1/12 between 1e10 and −1e10 and 3e15 and −3e15: a plain running
        // sum gives 0.
        let mut s = Sum::default();
        for v in [1e10, 1.0 / 12.0, 3e15, -1e10, -3e15] {
            s.add(v);
        }
        assert_eq!(s.value(), 1.0 / 12.0);
        let (mut a, mut b) = (Sum::default(), Sum::default());
        a.add(1e16);
        a.add(1.0);
        b.add(-1e16);
        b.add_sum(a);
        assert_eq!(b.value(), 1.0);
    }

    #[test]
    fn digamma_differences() {
        // ψ(a + n) − ψ(a) = Σₖ₍ₙ 1/(a + k) (A&S 6.3.6), at small and huge a.
        for a in [1e-300, 1e-3, 0.5, 1.0, 3.7, 9.99, 10.0, 150.2, 1e10, 1e20] {
            for n in [1u32, 2, 5, 37] {
                let exact: f64 = (0..n).map(|k| 1.0 / (a + k as f64)).sum();
                let got = digamma_diff(a, n as f64);
                assert!(close(got, exact, 1e-14) || (got - exact).abs() <= 1e-14 * exact, "a {a} n {n}: {got} vs {exact}");
            }
        }
        // ψ(1) − ψ(½) = 2 ln 2, ψ(3/2) − ψ(1) = 2 − 2 ln 2 (A&S 6.3.2–3).
        assert!((digamma_diff(0.5, 0.5) - 2.0 * 2f64.ln()).abs() < 1e-15);
        assert!((digamma_diff(1.0, 0.5) - (2.0 - 2.0 * 2f64.ln())).abs() < 1e-15);
        // Against the derivative of ln_gamma_ratio, by central differences.
        for (y, q) in [(0.3, 2.5), (7.0, 0.8), (250.0, 3.74), (1e6, 12.0)] {
            let h = 1e-5 * q;
            let numeric = (ln_gamma_ratio(y, q + h) - ln_gamma_ratio(y, q - h) - (ln_gamma(q + h) - ln_gamma(q - h))) / (2.0 * h);
            let got = digamma_diff(q, y);
            assert!((got - numeric).abs() < 1e-7 * got.abs().max(1.0), "y {y} q {q}: {got} vs {numeric}");
        }
        assert!(digamma_diff(0.0, 1.0).is_nan() && digamma_diff(f64::NEG_INFINITY, 1.0).is_nan() && digamma_diff(1.0, f64::NAN).is_nan());
        assert_eq!(digamma_diff(4.0, 0.0), 0.0);
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    #[test]
    fn t_tails_and_quantiles_at_millions_of_degrees_of_freedom() {
        // Lower tails F(−t): ½·I_{df/(df+t²)}(df/2, ½) in 40-digit arithmetic
        // (mpmath), the argument exact. The incomplete beta function sees
        // df/(df + t²) rounded next to 1: that path was 10⁻⁹ off at 10⁸.
        for &(t, df, want) in &[
            (0.5, 1e8, 0.308_537_539_276_088_968_58),
            (2.5, 1e9, 0.006_209_665_405_201_246_972_3),
            (3.0, 5e7, 0.001_349_898_696_407_443_403_2),
            (6.0, 1e6, 9.869_249_061_772_173_349_5e-10),
            (8.0, 1e5, 6.286_959_938_128_186_793_1e-16),
            (1.96, 1e5, 0.024_999_281_597_150_819_017),
        ] {
            let got = t_cdf(-t, df);
            assert!((got / want - 1.0).abs() < 1e-13, "F(−{t}; {df}) = {got}, not {want}");
            assert!((t_cdf(t, df) - (1.0 - want)).abs() < 1e-15, "F({t}; {df})");
        }
        // scipy's t.ppf: the quantile is not z at any df (z is 2.4·10⁻⁸
        // short at 5·10⁷).
        for &(p, df, want) in &[(0.975, 5e7, 1.959_964_031_985_479_9), (0.975, 1e9, 1.959_963_986_912_325), (0.995, 2e7, 2.575_829_549_376_303)] {
            let got = t_quantile(p, df);
            assert!((got / want - 1.0).abs() < 1e-14, "t({p}; {df}) = {got}, not {want}");
        }
    }

    #[test]
    fn incomplete_beta_at_large_parameters() {
        // scipy.special.betainc (Boost's ibeta). Near the mean of Beta(a, b)
        // with a in the billions the continued fraction needs some 10⁵
        // steps, and the factor in front lost 10⁻⁶ of its value when formed
        // from a·ln x: this was 1.3·10⁻³ off at a = 4·10⁹.
        for &(x, a, b, want) in &[
            (0.004, 4e9 + 0.5, 1e12 - 4e9 + 0.5, 0.499_998_955_011_322_3),
            (0.003_999_9, 4e9 + 0.5, 1e12 - 4e9 + 0.5, 0.056_559_731_053_491_075),
            (0.05, 5e7 + 0.5, 9.5e8 + 0.5, 0.499_991_317_305_748_8),
            (0.049_99, 5e7 + 0.5, 9.5e8 + 0.5, 0.073_380_753_125_990_04),
            (0.4, 20.0, 30.0, 0.507_700_199_657_647_7),
            (0.3, 8.5, 12.0, 0.144_435_035_857_649_02),
            (0.9, 100.0, 5.0, 0.017_937_643_107_257_265),
            // Past the mean with b huge against a (by the series; mpmath,
            // DLMF 8.17.8 in 50 digits).
            (3e-12, 0.5, 1e12, 0.985_694_121_564_631_18),
            (2.5e-13, 3.5, 1e13, 0.340_036_770_305_869_85),
            (1e-9, 1001.0, 1e12, 0.491_590_645_446_105_36),
        ] {
            let got = incomplete_beta(x, a, b);
            // (Near the mean of a = 4·10⁹ a change of x in its last bit
            // moves I by about 3·10⁻¹²: the two agree to a couple of those.)
            assert!((got - want).abs() <= 5e-12, "I_{x}({a}, {b}) = {got}, not {want}");
        }
    }

    #[test]
    fn t_cdf_past_the_overflow_of_t_squared() {
        // F(−|t|) = ½·I_x(df/2, ½), x = df/(df + t²), by mpmath at 60 digits;
        // t² overflows past 1.3e154 (the tail was 0 there). x is near the
        // smallest doubles, and x^a taken as exp(a·ln x) with ln x near
        // −709 keeps about 12 digits.
        for (df, t, want) in [
            (0.5, 1e100, 3.207_009_754_142_229_003_4e-51),
            (0.5, 0.99e150, 3.223_166_076_818_088_691_3e-76),
            (0.5, 1.01e150, 3.191_093_974_737_711_614_2e-76),
            (0.5, 1e154, 3.207_009_754_142_229_003_4e-78),
            (0.5, 2e154, 2.267_698_344_485_372_697_1e-78),
            (0.5, 1e200, 3.207_009_754_142_229_003_4e-101),
            (0.5, 1e300, 3.207_009_754_142_229_003_4e-151),
            (1.5, 1e100, 3.770_852_432_016_246_351_5e-151),
            (1.5, 0.99e150, 3.828_130_595_897_469_457_5e-226),
            (1.5, 1.01e150, 3.714_988_523_415_791_927_6e-226),
            (1.5, 1e154, 3.770_852_432_016_246_351_5e-232),
            (1.5, 2e154, 1.333_197_662_766_236_241_7e-232),
        ] {
            let got = t_cdf(-t, df);
            assert!((got - want).abs() <= 1e-11 * want, "F(-{t}; {df}) = {got}, not {want}");
            assert_eq!(t_cdf(t, df), 1.0);
        }
        // Cauchy (df = 1) in closed form: F(−|t|) = atan(1/|t|)/π, and
        // F(−1) is ¼ exactly (a p-value of ½ at t = 1, not just under).
        for t in [1.0f64, 3.0, 1e100, 1e200, 1e300] {
            let want = (1.0 / t).atan() / PI;
            assert!((t_cdf(-t, 1.0) - want).abs() <= 1e-15 * want, "F(-{t}; 1)");
        }
        assert_eq!(2.0 * t_cdf(-1.0, 1.0), 0.5);
        // df = 2: F(−|t|) ≈ 1/(2t²), under the smallest normal double here:
        // only its sign and order matter.
        assert!((0.0..1e-300).contains(&t_cdf(-1e160, 2.0)));
    }

    #[test]
    fn t_quantile_far_tails_and_centre_against_mpmath() {
        // F⁻¹(p; df) by mpmath at 50 digits (the regularised incomplete beta
        // inverted by findroot). Two-sided levels up to 1 − 10⁻¹⁶ ask for
        // p = (1 − level)/2 down to 5·10⁻¹⁷; levels near 0 for p next to ½.
        // Before, p < ½ was solved as 1 − p, which lost a tail's digits
        // (10⁻⁷ of t at 5·10⁻¹¹, all at 5·10⁻¹⁷), and near ½ the centre's.
        let cases: [(f64, f64, f64); 48] = [
            (1.0, 5.000000413701855e-17, -6366197196934296.0),
            (1.0, 5e-15, -63661977236758.13),
            (1.0, 5e-11, -6366197723.675814),
            (1.0, 1e-06, -318309.8861827435),
            (1.0, 0.001, -318.30883898555044),
            (1.0, 0.499999999, -3.14159273913291e-09),
            (3.0, 5.000000413701855e-17, -280429.41758691287),
            (3.0, 5e-15, -60416.68818282772),
            (3.0, 5e-11, -2804.2938253395255),
            (3.0, 1e-06, -103.29946778041935),
            (3.0, 0.001, -10.214531852407386),
            (3.0, 0.499999999, -2.720699120433839e-09),
            (10.0, 5.000000413701855e-17, -109.38146914215342),
            (10.0, 5e-15, -68.97506239883288),
            (10.0, 5e-11, -27.31872487426254),
            (10.0, 1e-06, -9.75199549094058),
            (10.0, 0.001, -4.143700494046589),
            (10.0, 0.499999999, -2.569978104908989e-09),
            (100.0, 5.000000413701855e-17, -9.99804287602426),
            (100.0, 5e-15, -9.085281788922122),
            (100.0, 5e-11, -7.22718705672853),
            (100.0, 1e-06, -5.048830877228346),
            (100.0, 0.001, -3.173739493738783),
            (100.0, 0.499999999, -2.512902648795357e-09),
            (999.0, 5.000000413701855e-17, -8.452382232347196),
            (999.0, 5e-15, -7.85873804033572),
            (999.0, 5e-11, -6.536891414001648),
            (999.0, 1e-06, -4.781636978830079),
            (999.0, 0.001, -3.0984103617533125),
            (999.0, 0.499999999, -2.507255705645424e-09),
            (1000.0, 5.000000413701855e-17, -8.452232432987481),
            (1000.0, 5e-15, -7.858617004382762),
            (1000.0, 5e-11, -6.536820830040597),
            (1000.0, 1e-06, -4.781608620458351),
            (1000.0, 0.001, -3.098402163912923),
            (1000.0, 0.499999999, -2.507255078204449e-09),
            (5000.0, 5.000000413701855e-17, -8.333925798747273),
            (5000.0, 5e-15, -7.762881900157464),
            (5000.0, 5e-11, -6.480822710146446),
            (5000.0, 1e-06, -4.759037953505101),
            (5000.0, 0.001, -3.0918631199609816),
            (5000.0, 0.499999999, -2.506753677434179e-09),
            (100000.0, 5.000000413701855e-17, -8.306238334109532),
            (100000.0, 5e-15, -7.740434697969716),
            (100000.0, 5e-11, -6.467643461343138),
            (100000.0, 1e-06, -4.753704716391288),
            (100000.0, 0.001, -3.0903138094272378),
            (100000.0, 0.499999999, -2.506634609463223e-09),
        ];
        for (df, p, want) in cases {
            let got = t_quantile(p, df);
            assert!(((got - want) / want).abs() < 1e-12, "t_quantile({p:e}, {df}) = {got:e}, want {want:e}");
        }
    }

    #[test]
    fn erfc_reference_values() {
        // Reference values to 16 digits (A&S Table 7.1, extended with mpmath).
        let cases = [
            (0.0, 1.0),
            (0.1, 0.887_537_083_981_715_1),
            (0.5, 0.479_500_122_186_953_5),
            (1.0, 0.157_299_207_050_285_13),
            (2.0, 0.004_677_734_981_047_266),
            (2.5, 0.000_406_952_017_444_959),
            (3.0, 2.209_049_699_858_544e-5),
            (5.0, 1.537_459_794_428_035e-12),
            (-1.0, 1.842_700_792_949_715),
        ];
        for (x, want) in cases {
            let got = erfc(x);
            assert!((got - want).abs() <= 1e-13 * want, "erfc({x}) = {got}, want {want}");
        }
    }

    #[test]
    fn normal_quantile_reference_values() {
        let cases = [
            (0.975, 1.959_963_984_540_054),
            (0.95, 1.644_853_626_951_472_2),
            (0.995, 2.575_829_303_548_900_4),
            (0.9, 1.281_551_565_544_600_4),
            (0.5, 0.0),
            (0.001, -3.090_232_306_167_813_5),
            (1e-10, -6.361_340_902_404_056),
        ];
        for (p, want) in cases {
            let got = normal_quantile(p);
            assert!(close(got, want, 1e-13), "Φ⁻¹({p}) = {got}, want {want}");
        }
        assert!(close(z_critical(0.95), 1.959_963_984_540_054, 1e-13));
        assert!(close(normal_cdf(1.959_963_984_540_054), 0.975, 1e-15));
    }

    #[test]
    fn z_critical_does_not_depend_on_the_levels_asked_before() {
        let first = z_critical(0.95);
        assert_eq!(first.to_bits(), (-normal_quantile((1.0 - 0.95) / 2.0)).to_bits());
        assert!(close(z_critical(0.9), 1.644_853_626_951_472_2, 1e-13));
        assert_eq!(z_critical(0.95).to_bits(), first.to_bits());
    }

    #[test]
    fn ln_gamma_reference_values() {
        assert!(close(ln_gamma(0.5), 0.572_364_942_924_700_1, 1e-14));
        assert!(close(ln_gamma(1.0), 0.0, 1e-14));
        assert!(close(ln_gamma(10.0), (362_880f64).ln(), 1e-14));
        assert!(close(ln_gamma(100.5), 361.435_540_467_777_6, 1e-14));
    }

    #[test]
    fn t_quantile_matches_published_tables() {
        // Two-sided 95% critical values, e.g. NIST/SEMATECH e-Handbook Table 1.3.6.7.2.
        let cases = [
            (1.0, 12.706_204_736_174_7),
            (2.0, 4.302_652_729_749_464),
            (5.0, 2.570_581_835_636_314),
            (9.0, 2.262_157_162_798_205),
            (10.0, 2.228_138_851_986_274),
            (30.0, 2.042_272_456_301_238),
            (100.0, 1.983_971_518_523_552),
        ];
        for (df, want) in cases {
            let got = t_quantile(0.975, df);
            assert!(close(got, want, 1e-10), "t(0.975, {df}) = {got}, want {want}");
        }
        // Closed forms: df = 1 is Cauchy, df = 2 has t = (2p−1)/√(2p(1−p)).
        let p: f64 = 0.9;
        assert!(close(t_quantile(p, 1.0), (PI * (p - 0.5)).tan(), 1e-11));
        assert!(close(t_quantile(p, 2.0), (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt(), 1e-11));
        assert!(close(t_quantile(0.025, 9.0), -2.262_157_162_798_205, 1e-10));
        // Large df (SciPy's t.ppf); from 1000 on, the expansion alone is used.
        assert!(close(t_quantile(0.975, 300.0), 1.967_903_011_261_086_5, 1e-12));
        assert!(close(t_quantile(0.975, 1000.0), 1.962_339_080_826_408_3, 1e-12));
        assert!(close(t_quantile(0.995, 500.0), 2.585_697_835_141_941_5, 1e-12));
    }

    #[test]
    fn cornish_fisher_matches_scipy_where_it_is_used() {
        // (df, p, SciPy's t.ppf(p, df)).
        let cases = [
            (1000.0, 0.6, 0.25341451583949876),
            (1000.0, 0.9, 1.2823987214609247),
            (1000.0, 0.95, 1.6463788172854643),
            (1000.0, 0.975, 1.9623390808264083),
            (1000.0, 0.995, 2.580754698065951),
            (1000.0, 0.9995, 3.300282648423944),
            (1001.5, 0.6, 0.25341441485594723),
            (1001.5, 0.9, 1.2823974517757504),
            (1001.5, 0.95, 1.6463765307996339),
            (1001.5, 0.975, 1.96233551928922),
            (1001.5, 0.995, 2.580747307790888),
            (1001.5, 0.9995, 3.30026799722502),
            (4500.0, 0.6, 0.2533620818923427),
            (4500.0, 0.9, 1.281739723687817),
            (4500.0, 0.95, 1.6451923124618688),
            (4500.0, 0.975, 1.9604912953352636),
            (4500.0, 0.995, 2.576922306099774),
            (4500.0, 0.9995, 3.292690184964743),
            (100000.0, 0.6, 0.25334777715718015),
            (100000.0, 0.9, 1.2815600314493614),
            (100000.0, 0.95, 1.6448688647849696),
            (100000.0, 0.975, 1.9599877075346095),
            (100000.0, 0.995, 2.575878469908375),
            (100000.0, 0.9995, 3.2906240314119137),
        ];
        for (df, p, want) in cases {
            let got = t_quantile(p, df);
            assert!(close(got, want, 1e-13), "df {df} p {p}: {got} vs {want}");
        }
    }

    #[test]
    fn wilson_matches_hand_worked_example() {
        // R. G. Newcombe, "Two-sided confidence intervals for the single
        // proportion: comparison of seven methods", Statistics in Medicine 17
        // (1998), Table II, method 3 (Wilson score, no continuity correction).
        for (x, n, low, high) in [
            (81.0, 263.0, 0.2553, 0.3662),
            (15.0, 148.0, 0.0624, 0.1605),
            (0.0, 20.0, 0.0, 0.1611),
            (1.0, 29.0, 0.0061, 0.1718),
        ] {
            let b = wilson(x / n, n, 0.95).unwrap();
            assert!((b.low - low).abs() < 5e-5 && (b.high - high).abs() < 5e-5, "{x}/{n}: {b:?}");
        }
        // p̂ = 0 stays inside [0, 1] and is not degenerate.
        let b = wilson(0.0, 10.0, 0.95).unwrap();
        assert_eq!(b.low, 0.0);
        assert!((b.high - 0.277_532).abs() < 1e-6, "{b:?}");
        assert!(wilson(0.5, 0.0, 0.95).is_none());
    }

    #[test]
    fn quantile_methods_match_spreadsheet_and_definitions() {
        // PERCENTILE.INC / PERCENTILE.EXC of {1,2,3,4,5,6,7,8,9,10}:
        // INC(0.9) = 9.1, EXC(0.9) = 9.9, EXC(0.95) = #NUM!, INC(0.25) = 3.25,
        // EXC(0.25) = 2.75. Nearest rank: p90 = 9, p95 = 10, p25 = 3.
        let data: Vec<f64> = (1..=10).map(f64::from).collect();
        let mut d = data.clone();
        d.reverse();
        let inc = quantiles(&mut d, &[90.0, 25.0, 50.0, 0.0, 100.0], QuantileMethod::Inclusive);
        assert!((inc[0].unwrap() - 9.1).abs() < 1e-12 && (inc[1].unwrap() - 3.25).abs() < 1e-12);
        assert_eq!((inc[2], inc[3], inc[4]), (Some(5.5), Some(1.0), Some(10.0)));
        let mut d = data.clone();
        let exc = quantiles(&mut d, &[90.0, 95.0, 25.0], QuantileMethod::Exclusive);
        assert!((exc[0].unwrap() - 9.9).abs() < 1e-12 && (exc[2].unwrap() - 2.75).abs() < 1e-12);
        assert_eq!(exc[1], None);
        let mut d = data.clone();
        assert_eq!(quantiles(&mut d, &[90.0, 95.0, 25.0, 0.0], QuantileMethod::NearestRank), vec![Some(9.0), Some(10.0), Some(3.0), Some(1.0)]);
        assert_eq!(quantiles(&mut [], &[50.0], QuantileMethod::Inclusive), vec![None]);
        // Selection agrees with sorting on random data.
        let mut x: u64 = 5;
        let v: Vec<f64> = (0..1001).map(|_| { x = x.wrapping_mul(6364136223846793005).wrapping_add(1); (x >> 40) as f64 }).collect();
        let mut sorted = v.clone();
        sorted.sort_by(f64::total_cmp);
        let qs = [10.0, 50.0, 90.0, 95.0, 99.0, 99.9];
        let mut w = v.clone();
        let got = quantiles(&mut w, &qs, QuantileMethod::Inclusive);
        for (q, g) in qs.iter().zip(got) {
            let want = quantile_type7(&sorted, q / 100.0).unwrap();
            assert!((g.unwrap() - want).abs() <= 1e-9 * want.abs(), "{q}: {g:?} vs {want}");
        }
    }

    #[test]
    fn exact_where_the_answer_is_exact() {
        // PERCENTILE.EXC({15,20,35,40,50}, 0.4) = 26 and (…, 0.8) = 48;
        // PERCENTILE.INC(…, 0.4) = 29 (spreadsheet values).
        let data = [15.0, 20.0, 35.0, 40.0, 50.0];
        assert_eq!(quantiles(&mut data.clone(), &[40.0, 80.0], QuantileMethod::Exclusive), vec![Some(26.0), Some(48.0)]);
        assert_eq!(quantiles(&mut data.clone(), &[40.0], QuantileMethod::Inclusive), vec![Some(29.0)]);
        // Nearest rank of 10 values at 90 %: rank ⌈9⌉ = 9 exactly (0.9 × 10 is 9.000000000000002 in floats).
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(quantiles(&mut ten.clone(), &[90.0, 70.0, 10.0], QuantileMethod::NearestRank), vec![Some(9.0), Some(7.0), Some(1.0)]);
        assert_eq!(Fraction::from_percent(99.9), Some(Fraction { num: 999, den: 1000 }));
        assert_eq!(Fraction::from_percent(12.5), Some(Fraction { num: 125, den: 1000 }));
        assert_eq!(Fraction::from_percent(100.5), None);
    }

    #[test]
    fn quantile_type7_matches_spreadsheet() {
        // PERCENTILE.INC({1,2,3,4}, 0.9) = 3.7; ({15,20,35,40,50}, 0.4) = 29.
        assert_eq!(quantile_type7(&[1.0, 2.0, 3.0, 4.0], 0.9), Some(3.7));
        assert!(close(quantile_type7(&[15.0, 20.0, 35.0, 40.0, 50.0], 0.4).unwrap(), 29.0, 1e-14));
        assert_eq!(quantile_type7(&[7.0], 0.5), Some(7.0));
        assert_eq!(quantile_type7(&[], 0.5), None);
    }
}
