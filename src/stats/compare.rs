//! Tests of a change between two samples: the shape every comparison
//! returns ([`Change`]), and the tests behind it.
//!
//! | statistic | test | interval of the difference |
//! |---|---|---|
//! | a proportion (CSAT, FCR, …) | two-proportion z test, pooled | Newcombe's hybrid score interval |
//! | a mean (CES) | Welch's t test | Welch's t interval |
//! | a median (durations) | z test on the Price–Bonett standard error | Price–Bonett |
//!
//! NPS has its own z test ([`nps_compare`](crate::survey::nps_compare)),
//! reported in the same shape. Several comparisons of one call can be
//! adjusted together with [`benjamini_hochberg`].

use super::{normal_quantile, normal_sf, t_cdf, t_quantile, wilson, z_critical};
use crate::kpi::ConfidenceInterval;
use serde::Serialize;

/// A change between two samples, `a − b` (in a comparison of periods, `a`
/// is the later one), tested two-sided.
///
/// Fields that a test does not have are `None` (`null` in JavaScript):
/// `t` and `df` for z tests, `z` for t tests; everything but `level` and
/// `test` when either sample is empty; `z`/`t`, `pValue` and `significant`
/// when the standard error is 0 (no variation), where the test is undefined.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// `a − b`, in the unit of the statistic (points of NPS, percentage
    /// points of a rate, scale points of a mean, ms of a median).
    pub difference: Option<f64>,
    /// Standard error of the difference.
    pub standard_error: Option<f64>,
    /// The z statistic of z tests.
    pub z: Option<f64>,
    /// The t statistic of t tests.
    pub t: Option<f64>,
    /// Degrees of freedom of t tests (Welch–Satterthwaite).
    pub df: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg q-value among the comparisons of one call, when
    /// they were adjusted.
    pub q_value: Option<f64>,
    /// `pValue < 1 − level` (`qValue < 1 − level` when adjusted).
    pub significant: Option<bool>,
    /// Confidence level of the test and interval.
    pub level: f64,
    /// Interval of the difference.
    pub confidence_interval: Option<ConfidenceInterval>,
    /// The test: `"nps-z"`, `"two-proportion-z"`, `"welch-t"` or
    /// `"median-price-bonett"`.
    pub test: &'static str,
}

impl Change {
    /// An untestable change (an empty sample): only the level and the test.
    pub fn empty(level: f64, test: &'static str) -> Change {
        Change {
            difference: None,
            standard_error: None,
            z: None,
            t: None,
            df: None,
            p_value: None,
            q_value: None,
            significant: None,
            level,
            confidence_interval: None,
            test,
        }
    }

    /// A z test of `difference` with standard error `se` and the interval
    /// `difference ± z·se` (unless `interval` is given).
    fn z_test(difference: f64, se: f64, level: f64, test: &'static str, interval: Option<(f64, f64, &'static str)>) -> Change {
        let mut c = Change::empty(level, test);
        c.difference = Some(difference);
        c.standard_error = Some(se);
        if se > 0.0 {
            let z = difference / se;
            let p = (2.0 * normal_sf(z.abs())).min(1.0);
            c.z = Some(z);
            c.p_value = Some(p);
            c.significant = Some(p < 1.0 - level);
        }
        let zc = z_critical(level);
        let (low, high, method) = interval.unwrap_or((difference - zc * se, difference + zc * se, "wald"));
        c.confidence_interval = Some(ConfidenceInterval { low, high, level, method });
        c
    }

    /// Drops what overflowed (a sample of 1e308 answers, an effective n of
    /// 5e-324): a non-finite statistic is `None`, and so is what rests on it.
    /// Results never hold NaN or ±Infinity.
    pub fn finite(mut self) -> Change {
        let keep = |v: &mut Option<f64>| {
            if v.is_some_and(|x| !x.is_finite()) {
                *v = None;
            }
        };
        for v in [&mut self.difference, &mut self.standard_error, &mut self.z, &mut self.t, &mut self.df, &mut self.p_value] {
            keep(v);
        }
        if self.difference.is_none() || self.standard_error.is_none() {
            (self.standard_error, self.z, self.t, self.df, self.confidence_interval) = (None, None, None, None, None);
        }
        if (self.z.is_none() && self.t.is_none()) || self.p_value.is_none() {
            // No test, or none that gave a p-value: nothing is significant
            // or not.
            (self.p_value, self.significant) = (None, None);
        }
        if self.confidence_interval.is_some_and(|c| !(c.low.is_finite() && c.high.is_finite())) {
            self.confidence_interval = None;
        }
        self
    }

    /// Sets the q-value, and significance by it.
    pub fn adjust(&mut self, q: f64) {
        self.q_value = Some(q);
        self.significant = Some(q < 1.0 - self.level);
    }
}

/// Two proportions `x_a/n_a − x_b/n_b`, in percentage points.
///
/// - Test: the pooled two-proportion z test, z = (p̂_a − p̂_b) /
///   √(p̂(1 − p̂)(1/n_a + 1/n_b)) with p̂ = (x_a + x_b)/(n_a + n_b) (e.g.
///   Agresti, *Categorical Data Analysis*, 3rd ed., §3.1.3; `prop.test`
///   without continuity correction). The reported standard error is this
///   pooled one.
/// - Interval: Newcombe's hybrid score interval without continuity
///   correction (R. G. Newcombe, "Interval estimation for the difference
///   between independent proportions: comparison of eleven methods",
///   *Statistics in Medicine* 17, 1998, method 10): from the Wilson
///   intervals (l_a, u_a), (l_b, u_b) of each proportion,
///   low = d − √((p̂_a − l_a)² + (u_b − p̂_b)²),
///   high = d + √((u_a − p̂_a)² + (p̂_b − l_b)²).
///
/// `None` fields when either denominator is 0.
pub fn two_proportions(x_a: f64, n_a: f64, x_b: f64, n_b: f64, level: f64) -> Change {
    const TEST: &str = "two-proportion-z";
    let (Some(wa), Some(wb)) = (wilson(x_a / n_a, n_a, level), wilson(x_b / n_b, n_b, level)) else {
        return Change::empty(level, TEST);
    };
    let (pa, pb) = (x_a / n_a, x_b / n_b);
    let d = pa - pb;
    let pooled = (x_a + x_b) / (n_a + n_b);
    // 1 − p̂ from the failures: near p̂ = 1 the subtraction would round it
    // to 0 (no standard error, no test) at counts of about 2⁵³.
    let pooled_failures = ((n_a - x_a) + (n_b - x_b)) / (n_a + n_b);
    let se = (pooled * pooled_failures * (1.0 / n_a + 1.0 / n_b)).sqrt();
    let low = d - ((pa - wa.low).powi(2) + (wb.high - pb).powi(2)).sqrt();
    let high = d + ((wa.high - pa).powi(2) + (pb - wb.low).powi(2)).sqrt();
    Change::z_test(100.0 * d, 100.0 * se, level, TEST, Some((100.0 * low, 100.0 * high, "newcombe"))).finite()
}

/// Two means by Welch's t test (B. L. Welch, "The generalization of
/// 'Student's' problem when several different population variances are
/// involved", *Biometrika* 34, 1947): with sample variances s² (n − 1
/// denominator), SE = √(s_a²/n_a + s_b²/n_b), t = (x̄_a − x̄_b)/SE, and
/// Welch–Satterthwaite degrees of freedom
/// df = SE⁴ / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1)).
/// The interval is difference ± t_{df, 1−α/2}·SE.
///
/// The difference alone when a side has fewer than 2 values (a sample of
/// one has a mean but no variance, so no standard error); `None` fields
/// when a side is empty.
pub fn welch(mean_a: f64, var_a: f64, n_a: f64, mean_b: f64, var_b: f64, n_b: f64, level: f64) -> Change {
    const TEST: &str = "welch-t";
    let mut c = Change::empty(level, TEST);
    let d = mean_a - mean_b;
    if !(n_a > 0.0 && n_b > 0.0) {
        return c;
    }
    if !(n_a >= 2.0 && n_b >= 2.0) {
        c.difference = Some(d);
        return c.finite();
    }
    let (va, vb) = (var_a / n_a, var_b / n_b);
    let se = (va + vb).sqrt();
    c.difference = Some(d);
    c.standard_error = Some(se);
    if se > 0.0 {
        // Welch–Satterthwaite, with both variances divided by the larger
        // first: squared as they are, variances below about 1e-154 (standard
        // deviations of 1e-77) underflow, and the df with them.
        let top = va.max(vb);
        let (a, b) = (va / top, vb / top);
        let df = (a + b).powi(2) / (a * a / (n_a - 1.0) + b * b / (n_b - 1.0));
        let t = d / se;
        // The lower tail at −|t|: not 1 − F(|t|), which rounds a small p away.
        let p = (2.0 * t_cdf(-t.abs(), df)).clamp(0.0, 1.0);
        let tc = -t_quantile((1.0 - level) / 2.0, df);
        c.t = Some(t);
        c.df = Some(df);
        c.p_value = Some(p);
        c.significant = Some(p < 1.0 - level);
        c.confidence_interval = Some(ConfidenceInterval { low: d - tc * se, high: d + tc * se, level, method: "welch-t" });
    } else {
        c.confidence_interval = Some(ConfidenceInterval { low: d, high: d, level, method: "welch-t" });
    }
    c.finite()
}

/// P(X ≤ k) for X ~ Binomial(n, ½): I_{½}(n − k, k + 1).
fn binomial_half_cdf(k: f64, n: f64) -> f64 {
    if k < 0.0 {
        0.0
    } else if k >= n {
        1.0
    } else {
        super::incomplete_beta(0.5, n - k, k + 1.0)
    }
}

/// The median of sorted data (type 7: the middle value, or the mean of the
/// two middle values) and its distribution-free standard error (D. G.
/// Bonett & R. M. Price, "Statistical inference for a linear function of
/// medians", *Psychological Methods* 7, 2002, eq. 2; as in R's
/// `statpsych::ci.median`): with c = round(n/2 − √n) (at least 1), the
/// order statistics Y₍c₎ and Y₍n−c+1₎ and p = P(Binomial(n, ½) ≤ c − 1),
/// SE = (Y₍n−c+1₎ − Y₍c₎) / (2·Φ⁻¹(1 − p)).
///
/// `None` for fewer than 2 values.
pub fn median_with_se(sorted: &[f64]) -> Option<(f64, f64)> {
    median_se_by(sorted.len(), super::quantile_type7(sorted, 0.5)?, |r| sorted[r])
}

/// [`median_with_se`] from a sample's size `n`, its median and its order
/// statistics `at(r)` (0-based ranks): for samples kept as a sketch.
pub fn median_se_by(n: usize, median: f64, at: impl Fn(usize) -> f64) -> Option<(f64, f64)> {
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let c = ((nf / 2.0 - nf.sqrt()).round_ties_even() as usize).max(1);
    let (low, high) = (at(c - 1), at(n - c));
    let p = binomial_half_cdf((c - 1) as f64, nf);
    let z0 = normal_quantile(1.0 - p);
    Some((median, (high - low) / (2.0 * z0)))
}

/// The difference of two medians (sorted samples), with the Price–Bonett
/// interval: difference ± z·√(SE_a² + SE_b²), each SE from
/// [`median_with_se`] (R. M. Price & D. G. Bonett, "Distribution-free
/// confidence intervals for difference and ratio of medians", *Journal of
/// Statistical Computation and Simulation* 72, 2002), tested by
/// z = difference / SE.
///
/// The difference alone when a side has one value (a median but no
/// standard error, as [`welch`] does for means); `None` fields when a side
/// is empty.
pub fn median_difference(a_sorted: &[f64], b_sorted: &[f64], level: f64) -> Change {
    let median = |s: &[f64]| super::quantile_type7(s, 0.5);
    median_difference_of((median(a_sorted), median_with_se(a_sorted)), (median(b_sorted), median_with_se(b_sorted)), level)
}

/// [`median_difference`] from each sample's median and its (median,
/// standard error) ([`median_with_se`], [`median_se_by`]; `None` for one
/// value).
pub fn median_difference_of(a: (Option<f64>, Option<(f64, f64)>), b: (Option<f64>, Option<(f64, f64)>), level: f64) -> Change {
    const TEST: &str = "median-price-bonett";
    match (a, b) {
        ((_, Some((ma, sa))), (_, Some((mb, sb)))) => {
            let se = (sa * sa + sb * sb).sqrt();
            let mut c = Change::z_test(ma - mb, se, level, TEST, None);
            if let Some(ci) = &mut c.confidence_interval {
                ci.method = "price-bonett";
            }
            c.finite()
        }
        ((Some(ma), _), (Some(mb), _)) => {
            let mut c = Change::empty(level, TEST);
            c.difference = Some(ma - mb).filter(|d| d.is_finite());
            c
        }
        _ => Change::empty(level, TEST),
    }
}

/// Benjamini–Hochberg q-values of `p` (Y. Benjamini & Y. Hochberg,
/// "Controlling the false discovery rate", *JRSS B* 57, 1995; R's
/// `p.adjust(p, "BH")`): with the p-values ranked 1..m ascending,
/// q₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎/j). Output in the input's order.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut q = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(m as f64 * p[i] / (rank + 1) as f64).min(1.0);
        q[i] = running;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn newcombe_published_examples() {
        // Newcombe (1998), Table II, method 10 (score, no CC):
        // (a) 56/70 − 48/80: +0.0524 to +0.3339.
        let c = two_proportions(56.0, 70.0, 48.0, 80.0, 0.95);
        let ci = c.confidence_interval.unwrap();
        assert!(close(c.difference.unwrap(), 20.0, 1e-9));
        assert!(close(ci.low, 5.24, 0.005) && close(ci.high, 33.39, 0.005), "{ci:?}");
        // (b) 9/10 − 3/10: +0.1705 to +0.8090.
        let ci = two_proportions(9.0, 10.0, 3.0, 10.0, 0.95).confidence_interval.unwrap();
        assert!(close(ci.low, 17.05, 0.005) && close(ci.high, 80.90, 0.005), "{ci:?}");
        // (d) 5/56 − 0/29 (a zero cell): −0.0381 to +0.1926.
        let ci = two_proportions(5.0, 56.0, 0.0, 29.0, 0.95).confidence_interval.unwrap();
        assert!(close(ci.low, -3.81, 0.005) && close(ci.high, 19.26, 0.005), "{ci:?}");
    }

    #[test]
    fn pooled_z_by_hand() {
        // 56/70 vs 48/80: p̂ = 104/150; SE = √(p̂(1−p̂)(1/70 + 1/80)).
        let c = two_proportions(56.0, 70.0, 48.0, 80.0, 0.95);
        let p: f64 = 104.0 / 150.0;
        let se = (p * (1.0 - p) * (1.0 / 70.0 + 1.0 / 80.0)).sqrt();
        assert!(close(c.standard_error.unwrap(), 100.0 * se, 1e-9));
        let z = (0.8 - 0.6) / se;
        assert!(close(c.z.unwrap(), z, 1e-9));
        // scipy chi2_contingency([[56,14],[48,32]], correction=False):
        // X² = 7.0234113712, p = 0.0080450814 (X² = z² for two proportions).
        assert!(close(z * z, 7.023_411_371_2, 1e-9), "{}", z * z);
        assert!(close(c.p_value.unwrap(), 0.008_045_081_4, 1e-9));
        assert_eq!(two_proportions(0.0, 0.0, 3.0, 5.0, 0.95).difference, None);
    }

    #[test]
    fn pooled_rate_next_to_one() {
        // n − 1 of n against n of n at n = 2⁵³ − 1: p̂ = 1 − 1/(2n) rounds to
        // 1, but 1 − p̂ = 1/(2n); SE² = p̂(1 − p̂)(2/n) ≈ 1/n², so z ≈ −1
        // (d = −1/n) and the two-sided p-value is 2Φ(−1) = 0.3173105079.
        let n = 9_007_199_254_740_991.0;
        let c = two_proportions(n - 1.0, n, n, n, 0.95);
        let z = c.z.expect("a z statistic");
        assert!(close(z, -1.0, 1e-6), "{z}");
        assert!(close(c.p_value.unwrap(), 0.317_310_507_9, 1e-6));
    }

    #[test]
    fn welch_df_of_tiny_and_huge_variances() {
        // The same samples scaled by 1e-150 and 1e150 (variances 1e-300 and
        // 1e300, whose squares are out of range): the same df and t
        // (Welch's test does not depend on the unit), and a p-value.
        let c = welch(3.0, 1.0, 10.0, 4.0, 4.0, 12.0, 0.95);
        for k in [1e-150, 1e-100, 1e150] {
            let s = welch(3.0 * k, k * k, 10.0, 4.0 * k, 4.0 * k * k, 12.0, 0.95);
            assert!(close(s.df.unwrap(), c.df.unwrap(), 1e-9), "{k}: {:?} vs {:?}", s.df, c.df);
            assert!(close(s.t.unwrap(), c.t.unwrap(), 1e-9), "{k}");
            assert!(close(s.p_value.unwrap(), c.p_value.unwrap(), 1e-9), "{k}");
            assert_eq!(s.significant, c.significant);
        }
        // Equal variances and sizes: df = 2(n − 1), at any scale.
        let s = welch(3.0, 1e-320, 10.0, 4.0, 1e-320, 10.0, 0.95);
        assert!(close(s.df.unwrap(), 18.0, 1e-12), "{:?}", s.df);
        assert_eq!(s.significant, Some(true));
    }

    #[test]
    fn welch_scipy() {
        // scipy.stats.ttest_ind(a, b, equal_var=False) and its
        // confidence_interval(0.95):
        // t = 3.1119975826, p = 0.0170393557, df = 6.9981092523,
        // CI (1.4947289053, 10.9552710947).
        let a = [19.1, 20.3, 22.4, 25.6, 27.1];
        let b = [14.2, 15.1, 17.4, 20.0];
        let mv = |x: &[f64]| {
            let n = x.len() as f64;
            let m = x.iter().sum::<f64>() / n;
            (m, x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0), n)
        };
        let ((ma, va, na), (mb, vb, nb)) = (mv(&a), mv(&b));
        let c = welch(ma, va, na, mb, vb, nb, 0.95);
        assert!(close(c.difference.unwrap(), 6.225, 1e-9));
        assert!(close(c.t.unwrap(), 3.111_997_582_6, 1e-9));
        assert!(close(c.df.unwrap(), 6.998_109_252_3, 1e-9));
        assert!(close(c.p_value.unwrap(), 0.017_039_355_7, 1e-9));
        let ci = c.confidence_interval.unwrap();
        assert!(close(ci.low, 1.494_728_905_3, 1e-8) && close(ci.high, 10.955_271_094_7, 1e-8), "{ci:?}");
        // One answer on a side: its mean, no variance, so the difference
        // alone (it was dropped too); an empty side, nothing.
        let one = welch(1.0, f64::NAN, 1.0, 2.0, 1.0, 5.0, 0.95);
        assert_eq!((one.difference, one.standard_error, one.t, one.p_value, one.significant), (Some(-1.0), None, None, None, None));
        assert!(one.confidence_interval.is_none());
        assert_eq!(welch(f64::NAN, f64::NAN, 0.0, 2.0, 1.0, 5.0, 0.95).difference, None);
    }

    #[test]
    fn median_difference_of_single_values() {
        // One value a side: its median, no standard error, so the
        // difference alone (it was dropped: every field null); empty, none.
        let one = median_difference(&[2000.0], &[1000.0], 0.95);
        assert_eq!((one.difference, one.standard_error, one.z, one.p_value, one.significant), (Some(1000.0), None, None, None, None));
        assert!(one.confidence_interval.is_none());
        assert_eq!(median_difference(&[2000.0], &[], 0.95).difference, None);
    }

    #[test]
    fn price_bonett_published() {
        // statpsych::ci.median2 documented examples.
        let mut a = [32.0, 39.0, 26.0, 35.0, 43.0, 27.0, 40.0, 37.0, 34.0, 29.0];
        let mut b = [36.0, 44.0, 47.0, 42.0, 49.0, 39.0, 46.0, 31.0, 33.0, 48.0];
        a.sort_by(f64::total_cmp);
        b.sort_by(f64::total_cmp);
        let c = median_difference(&a, &b, 0.95);
        let ci = c.confidence_interval.unwrap();
        assert!(close(c.difference.unwrap(), -8.5, 1e-12));
        assert!(close(c.standard_error.unwrap(), 4.316_291, 1e-6), "{:?}", c.standard_error);
        assert!(close(ci.low, -16.959_77, 1e-5) && close(ci.high, -0.040_225_24, 1e-7), "{ci:?}");
        let mut a = [70.0, 394.0, 43.0, 95.0, 62.0, 128.0, 2.0, 203.0, 81.0, 436.0, 85.0, 35.0, 156.0, 1.0, 3.0, 27.0, 63.0, 181.0, 184.0, 18.0];
        let mut b = [102.0, 120.0, 78.0, 78.0, 417.0, 124.0, 86.0, 171.0, 176.0, 129.0, 230.0, 194.0, 100.0, 157.0, 306.0, 411.0, 164.0, 103.0, 193.0, 312.0];
        a.sort_by(f64::total_cmp);
        b.sort_by(f64::total_cmp);
        let c = median_difference(&a, &b, 0.95);
        let ci = c.confidence_interval.unwrap();
        assert!(close(c.difference.unwrap(), -85.0, 1e-12));
        assert!(close(c.standard_error.unwrap(), 37.115_02, 1e-5));
        assert!(close(ci.low, -157.7441, 1e-4) && close(ci.high, -12.25589, 1e-5), "{ci:?}");
        // statpsych::ci.median: 19 values, median 20.7, SE 4.292277.
        let mut y = [30.2, 20.4, 15.1, 10.2, 10.5, 60.8, 20.8, 25.0, 20.7, 30.9, 10.8, 5.1, 50.9, 40.0, 20.9, 10.8, 0.0, 20.5, 50.8];
        y.sort_by(f64::total_cmp);
        let (m, se) = median_with_se(&y).unwrap();
        assert!(close(m, 20.7, 1e-12) && close(se, 4.292_277, 1e-6), "{se}");
    }

    #[test]
    fn bh_matches_p_adjust() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2), "BH")
        //   = 0.025 0.05 0.05 0.025 0.2
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005, 0.2]);
        for (a, b) in q.iter().zip([0.025, 0.05, 0.05, 0.025, 0.2]) {
            assert!(close(*a, b, 1e-12), "{q:?}");
        }
        assert!(benjamini_hochberg(&[]).is_empty());
    }
}
