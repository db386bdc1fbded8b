//! Hand-worked and published values.
// Reference values are written with every digit their source gives.
#![allow(clippy::excessive_precision)]

use super::*;
use crate::stats::ln_gamma;

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b}");
}

#[test]
fn prob_greater_forms_agree_and_complement() {
    // The four sums (over a1, a2, b1, b2) are one probability.
    for &(a1, b1, a2, b2) in &[(3.0, 9.0, 5.0, 7.0), (1.0, 1.0, 1.0, 1.0), (41.0, 960.0, 56.0, 945.0), (2.0, 30.0, 30.0, 2.0)] {
        let direct = miller_sum(a1, b1, a2, b2);
        let via_a1 = 1.0 - miller_sum(a2, b2, a1, b1);
        let via_b1 = miller_sum(b2, a2, b1, a1);
        let via_b2 = 1.0 - miller_sum(b1, a1, b2, a2);
        for (v, name) in [(via_a1, "a1"), (via_b1, "b1"), (via_b2, "b2")] {
            close(v, direct, 1e-12, name);
        }
        close(prob_greater(a1, b1, a2, b2) + prob_greater(a2, b2, a1, b1), 1.0, 1e-12, "complement");
    }
    // Identical posteriors: a coin toss.
    close(prob_greater(7.0, 13.0, 7.0, 13.0), 0.5, 1e-12, "identical");
    // Beta(1, 1) against Beta(2, 1): P(X₂ > X₁) = ∫ 2x · x dx = 2/3.
    close(prob_greater(1.0, 1.0, 2.0, 1.0), 2.0 / 3.0, 1e-14, "uniform vs triangle");
}

#[test]
fn prob_greater_matches_sums_in_high_precision() {
    // Evan Miller's sum term by term in 30-digit arithmetic (mpmath), for
    // 5 % and 4 % conversion at 10⁴ to 10⁶ visitors: the sum here starts at
    // its peak (some 10⁴ terms in), so the peak's term and the walk both show.
    for &(a1, b1, a2, b2, p, tol) in &[
        (41.0, 960.0, 56.0, 945.0, 0.941_891_936_636_761_05, 1e-13),
        (401.0, 9601.0, 431.0, 9571.0, 0.856_112_877_443_736_21, 1e-12),
        (5001.0, 95001.0, 5101.0, 94901.0, 0.846_398_261_181_894_68, 1e-11),
        (40001.0, 960_001.0, 40401.0, 959_601.0, 0.925_055_488_924_265_26, 1e-9),
        // 5 % of 10⁸ against 5 % of 1.002·10⁸: P(B > A) just under ½, by
        // scipy (∫ pdf_A · sf_B by adaptive quadrature, within ±14 sd). The
        // sum from i = 0 walked 2.5 million terms to 0.500000004 here.
        (5e6 + 1.0, 9.5e7 + 1.0, 5.01e6 + 1.0, 9.519e7 + 1.0, 0.499_999_844_911_867_2, 2e-9),
    ] {
        close(prob_greater(a1, b1, a2, b2), p, tol, "high-precision sum");
        close(prob_greater(a2, b2, a1, b1), 1.0 - p, tol, "high-precision sum, reversed");
    }
}

/// ln B(10⁶, 2·10⁶), by mpmath at 30 digits.
const LN_B_1E6_2E6: f64 = -1_909_548.290_968_532_956_5;

#[test]
fn ln_beta_keeps_large_arguments_precise() {
    // B(1, b) = 1/b and B(a, 2) = 1/(a(a + 1)) exactly; ln B(10⁶, 2·10⁶)
    // from mpmath (30 digits).
    close(ln_beta(1.0, 1e6), -(1e6f64).ln(), 1e-12, "B(1, b)");
    close(ln_beta(1e6, 2.0), -(1e6f64 * (1e6 + 1.0)).ln(), 1e-12, "B(a, 2)");
    close(ln_beta(1e6, 2e6), LN_B_1E6_2E6, 1e-9, "B(1e6, 2e6)");
    // (The three ln Γ alone are 1.05·10⁻⁸ off here.)
    assert!((ln_gamma(1e6) + ln_gamma(2e6) - ln_gamma(3e6) - LN_B_1E6_2E6).abs() > 1e-9);
    close(ln_beta(12.5, 30.0), ln_gamma(12.5) + ln_gamma(30.0) - ln_gamma(42.5), 1e-12, "moderate");
}

#[test]
fn beta_quantile_inverts_the_incomplete_beta() {
    for &(p, a, b) in &[(0.025, 0.5, 10.5), (0.975, 81.5, 182.5), (0.5, 2.0, 3.0), (1e-6, 1.0, 1.0)] {
        close(incomplete_beta(beta_quantile(p, a, b), a, b), p, 1e-13, "round trip");
    }
    // Beta(1, 1) is uniform; Beta(1, b) has quantile 1 − (1 − p)^(1/b).
    close(beta_quantile(0.3, 1.0, 1.0), 0.3, 1e-15, "uniform");
    close(beta_quantile(0.9, 1.0, 4.0), 1.0 - 0.1f64.powf(0.25), 1e-14, "Beta(1, 4)");
}

#[test]
fn clopper_pearson_edges_are_closed_forms() {
    // x = 0: the upper bound solves (1 − p)^n = α/2.
    let b = proportion_interval(0.0, 20.0, 0.95, IntervalMethod::ClopperPearson).unwrap();
    assert_eq!(b.low, 0.0);
    close(b.high, 1.0 - 0.025f64.powf(1.0 / 20.0), 1e-14, "upper at x = 0");
    let b = proportion_interval(20.0, 20.0, 0.95, IntervalMethod::ClopperPearson).unwrap();
    assert_eq!(b.high, 1.0);
    close(b.low, 0.025f64.powf(1.0 / 20.0), 1e-14, "lower at x = n");
}

#[test]
fn loss_identity() {
    // E[max(B − A, 0)] − E[max(A − B, 0)] = E[B] − E[A], and both ≥ 0.
    let (p, loss, method) = posterior(13.0, 88.0, 21.0, 80.0);
    assert_eq!(method, "exact");
    assert!(p > 0.5 && loss.a > loss.b && loss.b >= 0.0);
    close((loss.a - loss.b) / 100.0, 21.0 / 101.0 - 13.0 / 101.0, 1e-12, "difference of losses");
}

#[test]
fn small_probabilities_and_losses_keep_their_digits() {
    // mpmath at 80 digits: Miller's sum term by term, and independently
    // ∫ f_B(y)·F_A(y) dy (the two agree). Posteriors Beta(1 + x, 1 + n − x).
    // 1 − (a sum next to 1) left about 10⁻¹¹ in each: P of 2.9590e-7 came
    // out 2.9587e-7, 7.36e-12 as 6.98e-12, and a loss of 5.3e-13 points as
    // 1.9e-11.
    let beta = |x: f64, n: f64| (1.0 + x, 1.0 + n - x);
    for &((xa, na), (xb, nb), p_ref, loss_a_ref) in &[
        ((5.0, 10.0), (30_000.0, 1e6), 2.958_993_298_850_782_8e-7, Some(1.289_553_538_058_416_1e-7)),
        ((2076.0, 5615.0), (8132.0, 24_367.0), 1.616_927_909_897_734_3e-7, None),
        ((3.0, 7.0), (30_500.0, 1e6), 5.490_125_031_571_260_4e-5, Some(3.405_798_798_384_2e-5)),
        ((5.0, 10.0), (500.0, 1e5), 7.362_953_613_520_62e-12, Some(5.346_823_828_598_53e-13)),
    ] {
        let ((a1, b1), (a2, b2)) = (beta(xa, na), beta(xb, nb));
        let (p, loss, method) = posterior(a1, b1, a2, b2);
        assert_eq!(method, "exact");
        assert!((p - p_ref).abs() <= 1e-10 * p_ref, "P(B > A) = {p}, not {p_ref}");
        if let Some(want) = loss_a_ref {
            // (The loss is a difference of two terms up to about 70 times
            // it here, each to about 10⁻¹¹.)
            assert!((loss.a - want).abs() <= 5e-9 * want, "loss of A = {}, not {want}", loss.a);
        }
        // Swapped, the same probability is the other side's.
        let (q, swapped, _) = posterior(a2, b2, a1, b1);
        assert!((1.0 - q - p_ref).abs() <= 1e-10 * p_ref.max(1e-6), "1 − P(A > B) = {}, not {p_ref}", 1.0 - q);
        assert!((swapped.b - loss.a).abs() <= 5e-9 * loss.a, "{} vs {}", swapped.b, loss.a);
    }
    // 1 − P next to 1 (a sum of its own, not 1 minus one near 1).
    let (p, _, _) = posterior(1.0 + 45_944.0, 1.0 + 130_005.0 - 45_944.0, 1.0 + 934.0, 1.0 + 2330.0 - 934.0);
    assert!(((1.0 - p) - 1.223_370_976_1e-6).abs() <= 1e-16, "1 − P = {}", 1.0 - p);
}

#[test]
fn expected_loss_at_a_hundred_million_visitors() {
    // 5 % of 10⁸ against 5 % of 1.002·10⁸: the posteriors are normal to
    // about 10⁻⁶ here, so E[max(B − A, 0)] = μΦ(μ/σ) + σφ(μ/σ) (mpmath, 30
    // digits) is the reference. Stucchio's form, a difference of two sums
    // near 0.025 each good to about 10⁻⁹, left the loss 10⁻⁶ to 1.6·10⁻⁵
    // off (native, wasm), and the walk from the first term 1.3·10⁻³.
    let (p, loss, method) = posterior(5e6 + 1.0, 9.5e7 + 1.0, 5.01e6 + 1.0, 9.519e7 + 1.0);
    assert_eq!(method, "exact");
    close(p, 0.499_999_844_911_867_2, 2e-9, "P(B > A)");
    close(loss.a / 0.001_229_008_140_563_209_6, 1.0, 3e-6, "loss of A");
    close(loss.b / 0.001_229_009_936_970_323_5, 1.0, 3e-6, "loss of B");
    // 13 of 100 against 21 of 100: E[max(A − B, 0)] by double quadrature
    // of the posteriors in 25-digit arithmetic (mpmath), in points.
    let (_, loss, _) = posterior(14.0, 88.0, 22.0, 80.0);
    close(loss.b / 0.160_020_115_931_025_6, 1.0, 1e-12, "loss of B, 13/100 vs 21/100");
}

#[test]
fn exact_upper_bounds_of_a_few_successes_in_huge_samples() {
    // 50-digit references (mpmath): Clopper–Pearson's upper bound solves
    // P(Binomial(n, p) ≤ x) = α/2, summed term by term; Jeffreys' solves
    // I_p(x + ½, n − x + ½) = 1 − α/2 with I by its hypergeometric form
    // (DLMF 8.17.8). Both by bisection. The incomplete beta function's
    // continued fraction at 1 − p lost about 5·10⁻¹⁷·n/x of these (4·10⁻⁵
    // at no successes in 10¹²); scipy's betainc is itself 2·10⁻¹⁰ off at
    // 1 of 10⁹.
    let rel = |got: f64, want: f64, what: &str| assert!((got / want - 1.0).abs() <= 1e-12, "{what}: {got} vs {want}");
    for &(x, n, want) in &[(1.0, 1e9, 5.571_643_378_203_115_3e-9), (30.0, 1e9, 4.282_686_512_014_044_8e-8), (3.0, 1e12, 8.767_273_069_717_044_4e-12), (10.0, 1e15, 1.839_035_604_201_770_2e-14)] {
        let cp = proportion_interval(x, n, 0.95, IntervalMethod::ClopperPearson).unwrap();
        rel(cp.high, want, &format!("Clopper–Pearson high, {x} of {n}"));
    }
    for &(x, n, want) in &[(0.0, 1e12, 2.511_943_093_653_661_6e-12), (3.0, 1e12, 8.006_382_137_292_619e-12), (1.0, 1e15, 4.674_201_802_248_064_1e-15), (100.0, 1e15, 1.210_779_317_401_913_3e-13)] {
        let j = proportion_interval(x, n, 0.95, IntervalMethod::Jeffreys).unwrap();
        rel(j.high, want, &format!("Jeffreys high, {x} of {n}"));
    }
}

#[test]
fn exact_intervals_at_a_billion_trials() {
    // statsmodels' proportion_confint (scipy's beta quantiles), as
    // fractions: Clopper–Pearson at 5·10⁷ of 10⁹ and Jeffreys at 4·10⁹ of
    // 10¹² (where the incomplete beta function's continued fraction needs
    // 10⁵ steps), and the lower bounds at 1 of 10⁹ (where ln(1 − x) must be
    // taken as ln_1p(−x)). Relative tolerances; these were 10⁻¹⁰ to 10⁻⁵ off.
    let rel = |got: f64, want: f64, what: &str| assert!((got / want - 1.0).abs() <= 1e-11, "{what}: {got} vs {want}");
    let cp = proportion_interval(5e7, 1e9, 0.95, IntervalMethod::ClopperPearson).unwrap();
    rel(cp.low, 0.049_986_492_682_925_76, "Clopper–Pearson low, 5e7 of 1e9");
    rel(cp.high, 0.050_013_509_922_080_27, "Clopper–Pearson high, 5e7 of 1e9");
    let j = proportion_interval(4e9, 1e12, 0.95, IntervalMethod::Jeffreys).unwrap();
    rel(j.low, 0.003_999_876_290_595_563_7, "Jeffreys low, 4e9 of 1e12");
    rel(j.high, 0.004_000_123_712_275_597, "Jeffreys high, 4e9 of 1e12");
    let cp = proportion_interval(1.0, 1e9, 0.95, IntervalMethod::ClopperPearson).unwrap();
    rel(cp.low, 2.531_780_798_396_938e-11, "Clopper–Pearson low, 1 of 1e9");
    let j = proportion_interval(1.0, 1e9, 0.95, IntervalMethod::Jeffreys).unwrap();
    rel(j.low, 1.078_976_413_331_023_3e-10, "Jeffreys low, 1 of 1e9");
    // No successes: the upper bound solves (1 − p)ⁿ = α/2, p = −expm1(ln(α/2)/n).
    // (The fraction's first denominator, formed from 1 − x rounded next to
    // 1, left this 4·10⁻⁶ off at 10¹² trials.)
    for n in [1e7, 1e9, 1e12] {
        let cp = proportion_interval(0.0, n, 0.95, IntervalMethod::ClopperPearson).unwrap();
        rel(cp.high, -(0.025f64.ln() / n).exp_m1(), "Clopper–Pearson high, 0 successes");
    }
}

#[test]
fn upper_bounds_at_levels_within_1e16_of_1() {
    // 5 of 10 is symmetric: the upper bound is 1 − the lower one. At
    // 1 − 2⁻⁵³, 1 − α/2 rounds to 1, and the direct upper quantile said 1.
    for method in [IntervalMethod::Jeffreys, IntervalMethod::ClopperPearson] {
        for level in [1.0 - 2f64.powi(-53), 0.95, 0.999_999] {
            let b = proportion_interval(5.0, 10.0, level, method).unwrap();
            assert!(b.high < 1.0 && b.low > 0.0, "{method:?} at {level}: {b:?}");
            close(b.high, 1.0 - b.low, 1e-12, &format!("{method:?} at {level}"));
        }
    }
}

#[test]
fn wilson_ends_at_0_and_1_and_holds_the_rate() {
    // The bound near its end was centre ∓ half-width: 5.6e-15 at 0 of 2,
    // 99.99999999999997 % at n of n. Each bound is also checked against
    // the quadratic's roots by centre ± half-width where that does not
    // cancel (the far bound).
    for n in (1..2000).step_by(7) {
        let n = n as f64;
        for level in [0.9, 0.95, 0.99] {
            assert_eq!(wilson(0.0, n, level).unwrap().low, 0.0, "0 of {n} at {level}");
            assert_eq!(wilson(1.0, n, level).unwrap().high, 1.0, "{n} of {n} at {level}");
            for x in [0.0, 1.0, (n / 3.0).floor(), n - 1.0, n] {
                let p = x / n;
                let b = wilson(p, n, level).unwrap();
                assert!(b.low <= p && p <= b.high, "{x} of {n} at {level}: {b:?}");
                // The roots' product and sum (Vieta).
                let z2 = z_critical(level).powi(2);
                let d = 1.0 + z2 / n;
                close(b.low + b.high, (2.0 * p + z2 / n) / d, 1e-12, "sum of the bounds");
            }
        }
    }
}
