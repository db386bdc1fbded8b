//! Probabilistic customer lifetime for shops without subscriptions:
//! BG/NBD (P. S. Fader, B. G. S. Hardie & K. L. Lee, "'Counting your
//! customers' the easy way: an alternative to the Pareto/NBD model",
//! *Marketing Science* 24(2), 2005) and MBG/NBD (E. P. Batislam, M. Denizel
//! & A. Filiztekin, "Empirical validation and comparison of models for
//! customer base analysis", *IJRM* 24(3), 2007), fitted by maximum
//! likelihood (`bgNbdFit`).
//!
//! - **Input** per customer, as `lifetimes`' `summary_data_from_transaction_data`
//!   defines it: `frequency` x (repeat purchase periods), `recency` tₓ (time
//!   of the last purchase since the first) and `T` (time since the first
//!   purchase), in one unit of time.
//! - **Likelihood** (Fader, Hardie & Lee 2005, eq. 6), with
//!   A₁ = lnΓ(r+x) − lnΓ(r) + r ln α, A₂ = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) −
//!   lnΓ(a+b+x), A₃ = −(r+x) ln(α+T), A₄ = ln a − ln(b+x−1) − (r+x)
//!   ln(α+tₓ): ℓ = A₁ + A₂ + ln(e^A₃ + [x > 0] e^A₄). MBG/NBD lets a
//!   customer drop out after the first purchase too: A₂ uses b+x+1 and
//!   a+b+x+1, A₄ = ln a − ln(b+x) − (r+x) ln(α+tₓ), for every x.
//! - **Fit.** BFGS on the logarithms of (r, α, a, b) from r = α = a = b = 1
//!   in the scaled unit below (a generic start), the gradient in closed form, Armijo backtracking;
//!   the objective is −ℓ/n plus `penalizer`·Σ params² on times divided by
//!   the longest T (as `lifetimes`, which fits in that unit).
//! - **P(alive)**: 1 / (1 + [x > 0] a/(b+x−1) ((α+T)/(α+tₓ))^(r+x)) (BG/NBD;
//!   1 for one-time buyers, the model's known flaw), and 1 / (1 + a/(b+x)
//!   ((α+T)/(α+tₓ))^(r+x)) (MBG/NBD).
//! - **Expected purchases in (T, T+t]** (eq. 10): (a+b+x−1)/(a−1) ·
//!   [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] /
//!   (1 + [x > 0] a/(b+x−1) ((α+T)/(α+tₓ))^(r+x)); for MBG/NBD the
//!   parameters shift as in `lifetimes`' `ModifiedBetaGeoFitter`. The
//!   bracket is evaluated by a transformed series, or, for horizons past
//!   about 300·(α+T), as the Beta average it stands for, by quadrature
//!   (see `expected_purchases`).

use crate::error::{num, Error, Result};
use crate::kpi::{InvalidEntry, InvalidPolicy, Rejects};
use crate::stats::{digamma_diff, ln_beta, ln_gamma_ratio};
use crate::table::{Field, Kind, Schema, Table};
use crate::time::Bucketer;
use crate::wire::out::F64Array;
use serde::{Deserialize, Serialize};

/// The columns `bgNbdFit` reads.
pub const SCHEMA: Schema<'static> = Schema {
    name: "customers",
    fields: &[
        Field { name: "frequency", kind: Kind::Number, required: true },
        Field { name: "recency", kind: Kind::Number, required: true },
        Field { name: "T", kind: Kind::Number, required: true },
    ],
    text_cells: false,
};

crate::table_type!(
    /// The KPI type of `bgNbdFit`.
    BgNbd = SCHEMA
);

/// The model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Model {
    /// BG/NBD (the default).
    #[default]
    BgNbd,
    /// MBG/NBD.
    MbgNbd,
}

/// Options of `bgNbdFit`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct BgNbdOptions {
    /// `"bg-nbd"` or `"mbg-nbd"`.
    pub model: Model,
    /// Expected purchases per customer over this many units of time.
    pub horizon: Option<f64>,
    /// L2 penalty on the parameters (default 0; at most 10¹⁰).
    pub penalizer: f64,
    /// Most BFGS iterations (default 500).
    pub max_iterations: f64,
    /// What to do with an invalid customer (default: error).
    pub invalid: InvalidPolicy,
}

impl Default for BgNbdOptions {
    fn default() -> Self {
        BgNbdOptions { model: Model::BgNbd, horizon: None, penalizer: 0.0, max_iterations: 500.0, invalid: InvalidPolicy::Error }
    }
}

/// The result of `bgNbdFit`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BgNbdResult {
    /// `"bg-nbd"` or `"mbg-nbd"`.
    pub model: &'static str,
    /// Shape of the gamma distribution of purchase rates.
    pub r: f64,
    /// Scale of that distribution.
    pub alpha: f64,
    /// First shape of the beta distribution of dropout probabilities.
    pub a: f64,
    /// Second shape.
    pub b: f64,
    /// The log-likelihood at the fit (without the penalty).
    pub log_likelihood: f64,
    /// Whether BFGS met its tolerance.
    pub converged: bool,
    /// BFGS iterations.
    pub iterations: u32,
    /// Customers fitted.
    pub customers: u64,
    /// Invalid customers left out.
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
    /// P(alive) of each valid customer, in input order.
    pub p_alive: F64Array,
    /// Expected purchases of each valid customer in the next `horizon`
    /// units (null without `horizon`).
    pub expected_purchases: Option<F64Array>,
}

/// One customer: x, tₓ, T.
type Customer = (f64, f64, f64);

/// The numeric columns of a table in schema order (NaN where absent).
fn number_columns(table: &Table<'_>) -> Vec<Vec<f64>> {
    (0..table.schema.fields.len()).map(|f| table.values(f).map_or_else(|| vec![f64::NAN; table.len], |c| c.into_owned())).collect()
}

/// `MISSING_FIELD` for the first missing (NaN) cell of row `i`.
fn first_missing(i: usize, cells: &[(&'static str, f64)]) -> Result<()> {
    match cells.iter().find(|c| c.1.is_nan()) {
        Some(&(field, _)) => Err(Error::MissingField { field: field.into(), index: Some(i) }),
        None => Ok(()),
    }
}

/// `INVALID_VALUE` for cell `field` of row `i`.
fn bad(field: &'static str, i: usize, detail: String) -> Error {
    Error::InvalidValue { field: field.into(), index: Some(i), detail: detail.into() }
}

/// A frequency is a whole number ≥ 0.
fn frequency_rule(i: usize, x: f64) -> Result<()> {
    if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0) {
        return Err(bad("frequency", i, format!("is {}; frequencies are whole numbers ≥ 0 (repeat purchase periods)", num(x))));
    }
    Ok(())
}

/// A mean spend is a finite number ≥ 0.
fn spend_rule(i: usize, x: f64, m: f64) -> Result<()> {
    if !(m.is_finite() && m >= 0.0) {
        return Err(bad("monetaryValue", i, format!("is {}; mean spends are finite numbers ≥ 0", num(m))));
    }
    if !(x * m).is_finite() {
        return Err(bad("monetaryValue", i, format!("is {} over {} repeat purchases; their total must stay below 1.8e308", num(m), num(x))));
    }
    Ok(())
}

fn check(i: usize, x: f64, t_x: f64, t: f64) -> Result<()> {
    let bad = |field: &'static str, detail: String| bad(field, i, detail);
    frequency_rule(i, x)?;
    if !(t.is_finite() && t > 0.0) {
        return Err(bad("T", format!("is {}; T is the time since the first purchase, above 0", num(t))));
    }
    if !(t_x.is_finite() && t_x >= 0.0 && t_x <= t) {
        return Err(bad("recency", format!("is {}; recency is from 0 to T ({})", num(t_x), num(t))));
    }
    if x == 0.0 && t_x != 0.0 {
        return Err(bad("recency", format!("is {} with frequency 0; a customer without repeat purchases has recency 0", num(t_x))));
    }
    // (The likelihood of such a customer grows without bound as α → 0.)
    if x > 0.0 && t_x == 0.0 {
        return Err(bad("recency", format!("is 0 with frequency {}; a repeat purchase comes at least a period after the first", num(x))));
    }
    Ok(())
}

/// The distinct customers (by their numbers' bits, in order of first
/// appearance), how many of each, and which one each customer is. (A hash
/// of the three numbers finds them; two different customers with one hash
/// are kept apart.)
fn distinct_customers(customers: &[Customer]) -> (Vec<Customer>, Vec<f64>, Vec<u32>) {
    let bits = |c: &Customer| [c.0.to_bits(), c.1.to_bits(), c.2.to_bits()];
    let mut index: crate::hash::FxHashMap<u64, u32> = crate::hash::map();
    let (mut distinct, mut weights): (Vec<Customer>, Vec<f64>) = (Vec::new(), Vec::new());
    let mut of = Vec::with_capacity(customers.len());
    for c in customers {
        let [x, t_x, t] = bits(c);
        let key = x ^ t_x.rotate_left(21) ^ t.rotate_left(42);
        let at = *index.entry(key).or_insert_with(|| distinct.len() as u32) as usize;
        match distinct.get(at) {
            Some(d) if bits(d) == bits(c) => {
                weights[at] += 1.0;
                of.push(at as u32);
            }
            _ => {
                of.push(distinct.len() as u32);
                distinct.push(*c);
                weights.push(1.0);
            }
        }
    }
    (distinct, weights, of)
}

/// The log-likelihood of one customer.
fn ll(model: Model, p: [f64; 4], (x, t_x, t): Customer) -> f64 {
    let [r, alpha, a, b] = p;
    // A₁ + A₃ and A₁ + A₄ are formed together (see `powers`), so A₁ is
    // only the gamma ratio here.
    // The ratios without subtracting two lnΓ of large arguments: a fit can
    // run to a and b of 10¹⁵⁰, where each lnΓ is 10¹⁵² and the difference
    // was reported as a log-likelihood of 10¹³⁹.
    let a1 = ln_gamma_ratio(r, x);
    let beta = |k: f64| ln_gamma_ratio(b, k) - ln_gamma_ratio(a + b, k);
    combine(model, a.ln(), b, x, a1, beta, powers(r, alpha, x, t, t_x))
}

/// A customer's log-likelihood from its parts: `a1` = A₁ (the gamma ratio
/// of r), `beta(k)` = lnΓ(a+b) + lnΓ(b+k) − lnΓ(b) − lnΓ(a+b+k) (A₂ is
/// `beta(`[`a2_k`]`)`), and A₃ with the tₓ term of A₄ from [`powers`].
fn combine(model: Model, ln_a: f64, b: f64, x: f64, a1: f64, beta: impl Fn(f64) -> f64, parts: (f64, f64)) -> f64 {
    let a2 = beta(a2_k(model, x));
    match a3_a4(model, ln_a, b, x, parts) {
        (a3, None) => a1 + a2 + a3,
        (a3, Some(a4)) => {
            let m = a3.max(a4);
            a1 + a2 + m + ((a3 - m).exp() + (a4 - m).exp()).ln()
        }
    }
}

/// The k of A₂ = `beta(k)` (see [`combine`]): x for BG/NBD, x + 1 for
/// MBG/NBD.
fn a2_k(model: Model, x: f64) -> f64 {
    match model {
        Model::BgNbd => x,
        Model::MbgNbd => x + 1.0,
    }
}

/// A₃ and A₄ of a customer, from A₃ and the tₓ term of A₄ ([`powers`]):
/// A₄ = ln a − ln(b+x−1) + that term for BG/NBD (`None` at x = 0, which
/// has no A₄), ln a − ln(b+x) + that term for MBG/NBD. The two models
/// differ only here and in [`a2_k`].
fn a3_a4(model: Model, ln_a: f64, b: f64, x: f64, (a3, t_x_term): (f64, f64)) -> (f64, Option<f64>) {
    (a3, (model == Model::MbgNbd || x > 0.0).then(|| ln_a - a4_den(model, b, x).ln() + t_x_term))
}

/// The denominator of A₄'s ln(b+x−1) (BG/NBD) or ln(b+x) (MBG/NBD) (see
/// [`a3_a4`]), also that of P(alive)'s a/(b+x−1). (As b + (x−1): at x = 1
/// that is b, which (b + 1) − 1 rounds to a multiple of 2⁻⁵², a quarter
/// off for the b of 3·10⁻¹⁶ a fit of few customers can reach.)
fn a4_den(model: Model, b: f64, x: f64) -> f64 {
    match model {
        Model::BgNbd => b + (x - 1.0),
        Model::MbgNbd => b + x,
    }
}

/// r ln α − (r+x) ln(α+T) and r ln α − (r+x) ln(α+tₓ), written as
/// −r ln(1 + T/α) − x ln(α+T) (and the same with tₓ): the same numbers,
/// without subtracting two large logarithms. Where the fit runs towards
/// large r and α (little heterogeneity: r/α, the mean purchase rate, stays
/// put), the direct form loses every digit, and the optimiser then wanders
/// on rounding noise.
fn powers(r: f64, alpha: f64, x: f64, t: f64, t_x: f64) -> (f64, f64) {
    powers_and_logs(r, alpha, x, t, t_x).0
}

/// [`powers`], and ln(1 + T/α) and ln(1 + tₓ/α) (their derivatives in r, negated).
#[inline(always)]
fn powers_and_logs(r: f64, alpha: f64, x: f64, t: f64, t_x: f64) -> ((f64, f64), (f64, f64)) {
    let (l_t, l_tx) = ((t / alpha).ln_1p(), (t_x / alpha).ln_1p());
    let at = |l: f64, time: f64| -r * l - if x > 0.0 { x * (alpha + time).ln() } else { 0.0 };
    ((at(l_t, t), at(l_tx, t_x)), (l_t, l_tx))
}

/// The log-likelihood of all customers, each distinct (frequency, recency,
/// T) counted `weights[i]` times (1 without weights). The gamma-function
/// ratios of whole frequencies are sums of logarithms (lnΓ(r+x) − lnΓ(r) =
/// Σₖ₍ₓ ln(r+k)), tabulated once per evaluation up to the largest frequency (see
/// [`tabulate`]).
fn total_ll(model: Model, p: [f64; 4], customers: &[Customer], weights: &[f64], max_x: usize) -> f64 {
    let weight = |i: usize| weights.get(i).copied().unwrap_or(1.0);
    if !tabulate(max_x, customers.len()) {
        return customers.iter().enumerate().map(|(i, &c)| weight(i) * ll(model, p, c)).sum();
    }
    let [r, alpha, a, b] = p;
    let cumulative = |base: f64| partial_sums(max_x, |k| (base + k).ln());
    let (lr, lb, lab) = (cumulative(r), cumulative(b), cumulative(a + b));
    let ln_a = a.ln();
    customers
        .iter()
        .enumerate()
        .map(|(i, &(x, t_x, t))| {
            let xi = x as usize;
            // lnΓ(b+k) − lnΓ(b) − (lnΓ(a+b+k) − lnΓ(a+b)) from the tables
            // (k is x or x + 1, a whole number).
            let beta = |k: f64| lb[k as usize] - lab[k as usize];
            weight(i) * combine(model, ln_a, b, x, lr[xi], beta, powers(r, alpha, x, t, t_x))
        })
        .sum()
}

/// Σⱼ₍ₖ term(j) for k = 0 … max_x + 1 (k = x, and x + 1 for MBG/NBD): the
/// tables of [`total_ll`] and [`ll_gradient`].
fn partial_sums(max_x: usize, term: impl Fn(f64) -> f64) -> Vec<f64> {
    let mut v = Vec::with_capacity(max_x + 2);
    let mut s = 0.0;
    v.push(0.0);
    for k in 0..=max_x {
        s += term(k as f64);
        v.push(s);
    }
    v
}

/// Whether the sums over frequencies up to `max_x` are tabulated (a table
/// costs `max_x` steps an evaluation): up to a million, and up to 16 steps
/// a customer; past that, lnΓ and ψ of each customer cost less.
fn tabulate(max_x: usize, customers: usize) -> bool {
    max_x <= 1_000_000 && max_x <= 16 * customers + 1024
}

/// The gradient of [`total_ll`] in (r, α, a, b). With A₄'s share
/// w = e^A₄ / (e^A₃ + e^A₄) (0 where there is no A₄), per customer:
/// - ∂/∂r: Σₖ₍ₓ 1/(r+k) − (1−w) ln(1 + T/α) − w ln(1 + tₓ/α);
/// - ∂/∂α: (1−w)(rT/α − x)/(α+T) + w (rtₓ/α − x)/(α+tₓ);
/// - ∂/∂a: −Σⱼ₍ₖ 1/(a+b+j) + w/a;
/// - ∂/∂b: Σⱼ₍ₖ [1/(b+j) − 1/(a+b+j)] − w/(b+x−1) (MBG/NBD: b+x),
///
/// with k as in [`a2_k`]. The sums are tabulated as in [`total_ll`], or
/// taken as differences of ψ ([`digamma_diff`]) (see [`tabulate`]).
fn ll_gradient(model: Model, p: [f64; 4], customers: &[Customer], weights: &[f64], max_x: usize) -> [f64; 4] {
    let [r, alpha, a, b] = p;
    let ln_a = a.ln();
    let cumulative = |base: f64| partial_sums(max_x, |k| 1.0 / (base + k));
    let tables = tabulate(max_x, customers.len()).then(|| (cumulative(r), cumulative(b), cumulative(a + b)));
    let mut d = [0.0; 4];
    for (i, &(x, t_x, t)) in customers.iter().enumerate() {
        let k = a2_k(model, x);
        let (d_r, d_b, d_ab) = match &tables {
            Some((lr, lb, lab)) => (lr[x as usize], lb[k as usize], lab[k as usize]),
            None => (digamma_diff(r, x), digamma_diff(b, k), digamma_diff(a + b, k)),
        };
        let (parts, (l_t, l_tx)) = powers_and_logs(r, alpha, x, t, t_x);
        let w = match a3_a4(model, ln_a, b, x, parts) {
            (_, None) => 0.0,
            (a3, Some(a4)) if a4 >= a3 => 1.0 / (1.0 + (a3 - a4).exp()),
            (a3, Some(a4)) => {
                let e = (a4 - a3).exp();
                e / (1.0 + e)
            }
        };
        let weight = weights.get(i).copied().unwrap_or(1.0);
        d[0] += weight * (d_r - (1.0 - w) * l_t - w * l_tx);
        d[1] += weight * ((1.0 - w) * (r * t / alpha - x) / (alpha + t) + w * (r * t_x / alpha - x) / (alpha + t_x));
        d[2] += weight * (w / a - d_ab);
        if w != 0.0 {
            d[3] -= weight * w / a4_den(model, b, x);
        }
        d[3] += weight * (d_b - d_ab);
    }
    d
}

/// Gauss's hypergeometric ₂F₁(a, b; c; z) for 0 ≤ z < 1, a, b > 0 and c
/// not 0, −1, −2, …, by its series, as (ln |₂F₁|, sign, growth), where
/// growth is the largest term over the sum (the factor by which rounding
/// of the terms is magnified), or `None` where 100,000 terms do not reach
/// 10⁻¹⁶ (z next to 1). The sum carries a running scale so that it cannot
/// overflow: where r and α are large (a fit with little heterogeneity) the
/// terms pass 10³⁰⁸ long before they shrink, while the expected purchases,
/// which multiply ₂F₁ by ((α+T)/(α+T+t))^(r+x), stay small. (c = a + b − 1
/// of a BG/NBD customer without repeat purchases may be negative, and ₂F₁
/// with it.)
fn ln_hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<(f64, f64, f64)> {
    // `top`: the largest |term| at the current scale (its logarithm taken
    // only when the scale changes, not once a term).
    let (mut term, mut sum, mut ln_scale, mut top, mut ln_top) = (1.0f64, 1.0f64, 0.0f64, 1.0f64, 0.0f64);
    for n in 0..100_000 {
        let k = n as f64;
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        sum += term;
        top = top.max(term.abs());
        if term.abs() <= 1e-16 * sum.abs() {
            let ln_f = ln_scale + sum.abs().ln();
            return Some((ln_f, sum.signum(), (ln_top.max(ln_scale + top.ln()) - ln_f).exp().max(1.0)));
        }
        if sum.abs() > 1e250 {
            ln_top = ln_top.max(ln_scale + top.ln());
            top = 0.0;
            ln_scale += sum.abs().ln();
            term /= sum.abs();
            sum = sum.signum();
        }
    }
    None
}

/// 1 − e^y·sign, without cancellation where e^y·sign is close to 1.
fn one_minus(y: f64, sign: f64) -> f64 {
    if sign > 0.0 {
        -y.exp_m1()
    } else {
        1.0 + y.exp()
    }
}

/// P(alive) of a customer (see the module's notes).
fn p_alive(model: Model, [r, alpha, a, b]: [f64; 4], (x, t_x, t): Customer) -> f64 {
    // ln((α+T)/(α+tₓ))^(r+x), as ln(1 + (T−tₓ)/(α+tₓ)): exact where α ≫ T.
    let ratio = ((t - t_x) / (alpha + t_x)).ln_1p() * (r + x);
    match model {
        Model::BgNbd if x == 0.0 => 1.0,
        _ => 1.0 / (1.0 + times_exp(a / a4_den(model, b, x), ratio)),
    }
}

/// Expected purchases of a customer in (T, T + h] (see the module's notes).
fn expected_purchases(model: Model, [r, alpha, a, b]: [f64; 4], (x, t_x, t): Customer, h: f64) -> f64 {
    // u = h/(α+T); z = u/(1+u).
    let u = h / (alpha + t);
    if u == 0.0 {
        return 0.0;
    }
    let z = h / (alpha + t + h);
    // ln(1 − z) = ln((α+T)/(α+T+h)) and ln((α+T)/(α+tₓ))^(r+x) by
    // ln(1 + ·), exact where α ≫ T (the ratios would round to 1).
    let ln_keep = -u.ln_1p();
    let ratio = ((t - t_x) / (alpha + t_x)).ln_1p() * (r + x);
    // The numerator (a+b+x−1)/(a−1)·[1 − (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)]
    // (MBG/NBD: a+b+x in place of a+b+x−1, b+x+1 of b+x), with c − B = a − 1 in both.
    let (c, big_b, den) = match model {
        Model::BgNbd => ((a + b) + (x - 1.0), b + x, if x > 0.0 { 1.0 + times_exp(a / a4_den(model, b, x), ratio) } else { 1.0 }),
        Model::MbgNbd => ((a + b) + x, b + x + 1.0, 1.0 + times_exp(a / a4_den(model, b, x), ratio)),
    };
    let big_a = r + x;
    let integral = || purchases_integral(a, big_b, big_a, u);
    // The series in z shrink by about z a term from some point on: past
    // 12,000 terms (u ≳ 300; z rounds to 1 from u = 10¹⁶ on) the
    // quadrature costs less, and it is used alone.
    if 40.0 / (1.0 / u).ln_1p() > 12_000.0 {
        return integral() / den;
    }
    if c == 0.0 {
        // BG/NBD at x = 0 with a + b = 1: c·₂F₁(A, B; c; z) tends to
        // A·B·z·₂F₁(A+1, B+1; 2; z) as c → 0 (DLMF 15.2.3), with B = 1 − a,
        // so the numerator is (1−z)^A·A·z·₂F₁(A+1, 2−a; 2; z) (it was 0/0).
        return match ln_hyp2f1(big_a + 1.0, 2.0 - a, 2.0, z) {
            Some((ln_f, sign, _)) if sign > 0.0 => (big_a * ln_keep + (big_a * z).ln() + ln_f).exp(),
            _ => integral(),
        } / den;
    }
    // The closed form, where its series converges and the subtraction
    // loses no more than 6 of 16 digits.
    let direct = || {
        let (ln_f, sign, growth) = ln_hyp2f1(big_a, big_b, c, z)?;
        let ln_kept = big_a * ln_keep + ln_f;
        let v = c / (a - 1.0) * one_minus(ln_kept, sign);
        let rounding = 1e-15 * (c / (a - 1.0)).abs() * (1.0 + ln_kept.exp() * growth);
        (v.is_finite() && v > 0.0 && rounding <= 1e-10 * v).then_some(v)
    };
    // w = z/(z−1) = −h/(α+T) = −u, the argument of the Pfaff form.
    let euler = (c >= big_a).then(|| purchases_series(a, big_a, c, z, ln_keep)).flatten();
    euler.or_else(|| purchases_pfaff(a, big_a, c, -u, 0.5)).or_else(direct).unwrap_or_else(integral) / den
}

/// c/(a−1)·[1 − (1−z)^A ₂F₁(A, c−a+1; c; z)] for c ≥ A > 0 without
/// cancellation. By Euler's transformation ₂F₁(A, B; c; z) =
/// (1−z)^(c−A−B) ₂F₁(c−A, c−B; c; z) (Abramowitz & Stegun 15.3.3), with
/// q = c − B = a − 1: (1−z)^A ₂F₁(A, B; c; z) = (1−z)^q ₂F₁(c−A, q; c; z),
/// and subtracting the binomial series (1−z)^(−q) = Σ (q)ₖ zᵏ/k! term by
/// term, 1 − (1−z)^A ₂F₁ = −(1−z)^q Σₖ₍₁ (q)ₖ zᵏ/k! (Rₖ − 1), where
/// Rₖ = (c−A)ₖ/(c)ₖ = Πⱼ₍ₖ (1 − A/(c+j)). Every term has one sign (Rₖ − 1
/// is in (−1, 0], carried as such, never as 1 minus a number next to 1),
/// and (q)ₖ = q·(a)ₖ₋₁ takes the division by a − 1 away. Where the
/// drop-out rate's Beta distribution is narrow (b ≫ 1, a ≪ 1: c huge)
/// the direct form subtracts two numbers equal to 20 digits and multiplies
/// the rounding by c; and at a = 1 it is 0/0.
fn purchases_series(a: f64, big_a: f64, c: f64, z: f64, ln_keep: f64) -> Option<f64> {
    // The terms grow while (a−1+k)·z > k+1, then shrink by about z a
    // step: too many of them (a huge drop-out shape, or z next to 1) and
    // the direct form is used (its cancellation needs b ≫ a as well).
    let peak = ((a - 1.0) * z / (1.0 - z)).max(0.0);
    if !(peak + 40.0 / -z.ln() < 12_000.0) {
        return None;
    }
    // term = (a)ₖ₋₁ zᵏ/k! and the sum, both over e^ln_scale (so that
    // neither overflows where (1−z)^q is tiny); rm1 = Rₖ − 1.
    let (mut term, mut rm1, mut sum, mut ln_scale) = (z, 0.0f64, 0.0f64, 0.0f64);
    for n in 1..400_000 {
        let k = n as f64;
        let u = big_a / (c + k - 1.0);
        rm1 -= u * (1.0 + rm1);
        let add = term * rm1;
        sum += add;
        if add.abs() <= 1e-17 * sum.abs() && k > peak {
            break;
        }
        term *= (a - 1.0 + k) / (k + 1.0) * z;
        if term > 1e250 {
            ln_scale += term.ln();
            sum /= term;
            term = 1.0;
        }
    }
    Some(-c * ((a - 1.0) * ln_keep + ln_scale).exp() * sum)
}

/// The same numerator as [`purchases_series`] by Pfaff's transformation
/// ₂F₁(A, B; c; z) = (1−z)^(−A) ₂F₁(A, c−B; c; z/(z−1)) (Abramowitz &
/// Stegun 15.3.4): with q = c − B = a − 1 and w = z/(z−1) = −h/(α+T),
/// (1−z)^A ₂F₁(A, B; c; z) = ₂F₁(A, q; c; w) = 1 + q Σₖ₍₁ (A)ₖ (a)ₖ₋₁ wᵏ/((c)ₖ k!),
/// so the numerator is −c Σₖ₍₁ (A)ₖ (a)ₖ₋₁ wᵏ/((c)ₖ k!), without the
/// subtraction or the division by a − 1. It serves where c < A (the Euler
/// series' terms would change sign and grow): the terms alternate, and are
/// used when they shrink at least by `shrink` a step from the first (w
/// small: α ≫ h, where fits of little heterogeneity go), so that the sum is
/// within a factor of two of its first term. (With a → 0 it is (r+x)·h/(α+T),
/// the Poisson expectation.) `None` otherwise, or for c ≤ 0.
fn purchases_pfaff(a: f64, big_a: f64, c: f64, w: f64, shrink: f64) -> Option<f64> {
    if !(c > 0.0) || !(w.abs() * (big_a / c).max(1.0) * a.max(1.0) < shrink) {
        return None;
    }
    let (mut term, mut sum) = (big_a / c * w, 0.0f64);
    for n in 1..10_000 {
        let k = n as f64;
        sum += term;
        if term.abs() <= 1e-17 * sum.abs() {
            break;
        }
        term *= (big_a + k) * (a - 1.0 + k) / ((c + k) * (k + 1.0)) * w;
    }
    Some(-c * sum)
}

/// The numerator of the expected purchases, E[(1 − (1+p·u)^(−A))/p] over
/// p ~ Beta(a, B) (u = t/(α+T), A = r+x, B = b+x for BG/NBD and b+x+1 for
/// MBG/NBD), as the integral it is: given λ and p, an alive customer makes
/// (1 − e^(−λpt))/p purchases in t on average (Fader, Hardie & Lee 2005,
/// eq. 9), λ ~ Gamma(A, α+T) after the purchases, and E[e^(−λpt)] =
/// (1+p·u)^(−A); the ₂F₁ of the closed form is this Beta average
/// (Abramowitz & Stegun 15.3.1). It serves where the series do not: t ≫
/// α+T (z next to 1, where ₂F₁'s series needs millions of terms and the
/// closed form subtracts numbers near 10¹⁰), or a next to 1.
///
/// The variable is s = ln(p/(1−p)), in which the Beta density p^a(1−p)^B
/// is log-concave, with its mode at ln(a/B) and width
/// σ = √((a+B)/(aB)); the integrand is A·u·ĝ·w with ĝ = g/(A·u) in (0, 1]
/// and w the density over its value at the mode, so that neither
/// overflows, and the result is A·u·∫ĝw/∫w (the normalisation by
/// quadrature too, so that lnB(a, B) is not needed). Beyond s₀ and s₁,
/// where (a+B)·e^s, (A+1)·u·e^s (left) and (a+B)·e^(−s), (A+1)·e^(−s)
/// (right) are below e^(−40), w is e^(a·s) and e^(−B·s) to 17 digits and
/// ĝ constant: those tails are summed in closed form. Between them,
/// adaptive Gauss–Kronrod (7–15 points) from pieces cut at the mode,
/// the mode ± σ·2ᵏ and where ĝ turns (p·u·(A+1) ≈ 1), bisecting the
/// piece of largest error until the estimated relative error of both
/// integrals is below 10⁻¹³.
fn purchases_integral(a: f64, big_b: f64, big_a: f64, u: f64) -> f64 {
    let (ln_a, ln_b, ln_u) = (a.ln(), big_b.ln(), u.ln());
    let mode = ln_a - ln_b;
    let p_mode = a / (a + big_b);
    // ln w(s) relative to the mode: a·δ − (a+B)·ln(1 + p*(e^δ − 1)).
    let ln_w = |s: f64| {
        let d = s - mode;
        let l = if d < 700.0 { (p_mode * d.exp_m1()).ln_1p() } else { d + p_mode.ln() + ((1.0 - p_mode) / p_mode * (-d).exp()).ln_1p() };
        a * d - (a + big_b) * l
    };
    // ĝ at s: with y = p·u and t = A·ln(1+y), ĝ = (1 − e^(−t))/t · ln(1+y)/y.
    let g_hat = |s: f64| {
        let ln_p = if s < 0.0 { s - s.exp().ln_1p() } else { -(-s).exp().ln_1p() };
        let y = (ln_p + ln_u).exp();
        let l = if y < 1e-5 { 1.0 - y / 2.0 + y * y / 3.0 } else { y.ln_1p() / y };
        let t = big_a * y * l;
        let e = if t < 1e-5 { 1.0 - t / 2.0 + t * t / 6.0 } else { -(-t).exp_m1() / t };
        e * l
    };
    let ln_spread = |x: f64| x.max(1.0).ln();
    let s0 = -(ln_spread(a + big_b).max(ln_spread(big_a + 1.0) + ln_u)) - 40.0;
    let s1 = ln_spread(a + big_b).max(ln_spread(big_a + 1.0)) + 40.0;
    // The tails, (∫ĝw, ∫w) beyond s₀ and s₁.
    let (w0, w1) = (ln_w(s0).exp(), ln_w(s1).exp());
    let mut num = g_hat(s0) * w0 / a + g_hat(s1) * w1 / big_b;
    let mut den = w0 / a + w1 / big_b;
    // The pieces between.
    let sigma = ((a + big_b) / (a * big_b)).sqrt();
    let mut cuts = vec![s0, s1, mode, -(ln_u + ln_spread(big_a + 1.0)), -ln_u];
    let mut k = 0.5;
    while k * sigma < s1 - s0 {
        cuts.push(mode - k * sigma);
        cuts.push(mode + k * sigma);
        k *= 2.0;
    }
    let mut s = s0.ceil();
    while s < s1 {
        cuts.push(s);
        s += 16.0;
    }
    cuts.retain(|c| c.is_finite() && (s0..=s1).contains(c));
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let piece = |lo: f64, hi: f64| {
        let (mid, half) = ((lo + hi) / 2.0, (hi - lo) / 2.0);
        let at = |s: f64| {
            let w = ln_w(s).exp();
            (g_hat(s) * w, w)
        };
        let (mut k_num, mut k_den, mut g_num, mut g_den) = (0.0, 0.0, 0.0, 0.0);
        for (i, (&x, &wk)) in KRONROD_X.iter().zip(&KRONROD_W).enumerate() {
            let (f_num, f_den) = if i == 0 {
                at(mid)
            } else {
                let ((n1, d1), (n2, d2)) = (at(mid - half * x), at(mid + half * x));
                (n1 + n2, d1 + d2)
            };
            k_num += wk * f_num;
            k_den += wk * f_den;
            if i % 2 == 0 {
                g_num += GAUSS_W[i / 2] * f_num;
                g_den += GAUSS_W[i / 2] * f_den;
            }
        }
        (lo, hi, k_num * half, k_den * half, ((k_num - g_num) * half).abs(), ((k_den - g_den) * half).abs())
    };
    let mut pieces: Vec<_> = cuts.windows(2).map(|c| piece(c[0], c[1])).collect();
    // Running totals of the pieces' integrals and error estimates (each
    // bisection swaps one piece for two); the integrals summed afresh at
    // the end.
    let totals = |pieces: &[(f64, f64, f64, f64, f64, f64)]| pieces.iter().fold((num, den, 0.0, 0.0), |t, p| (t.0 + p.2, t.1 + p.3, t.2 + p.4, t.3 + p.5));
    let (mut n, mut d, mut e_num, mut e_den) = totals(&pieces);
    for _ in 0..2000 {
        if e_num <= 1e-13 * n && e_den <= 1e-13 * d {
            break;
        }
        let worst = pieces.iter().enumerate().max_by(|x, y| (x.1 .4 / n + x.1 .5 / d).total_cmp(&(y.1 .4 / n + y.1 .5 / d)));
        let Some((i, &old)) = worst else { break };
        let (lo, hi) = (old.0, old.1);
        let mid = (lo + hi) / 2.0;
        let (left, right) = (piece(lo, mid), piece(mid, hi));
        n += left.2 + right.2 - old.2;
        d += left.3 + right.3 - old.3;
        e_num += left.4 + right.4 - old.4;
        e_den += left.5 + right.5 - old.5;
        pieces[i] = left;
        pieces.push(right);
    }
    (num, den, ..) = totals(&pieces);
    ((big_a.ln() + ln_u) + (num / den).ln()).exp()
}

/// Nodes of the 15-point Kronrod rule on [0, 1] (and their negatives; the
/// 7-point Gauss nodes at even places) and its weights.
const KRONROD_X: [f64; 8] = [
    0.0,
    0.20778495500789848,
    0.4058451513773972,
    0.5860872354676911,
    0.7415311855993945,
    0.8648644233597691,
    0.9491079123427585,
    0.9914553711208126,
];
const KRONROD_W: [f64; 8] = [
    0.20948214108472782,
    0.20443294007529889,
    0.19035057806478542,
    0.1690047266392679,
    0.14065325971552592,
    0.10479001032225019,
    0.06309209262997856,
    0.022935322010529224,
];
/// The 7-point Gauss weights, at the Kronrod nodes 0, 2, 4 and 6.
const GAUSS_W: [f64; 4] = [
    0.4179591836734694,
    0.3818300505051189,
    0.27970539148927664,
    0.1294849661688697,
];

/// Minimises `f`, whose gradient `grad` gives, by BFGS from `x0`:
/// (argmin, iterations, converged).
fn bfgs<const N: usize>(f: impl Fn(&[f64; N]) -> f64, grad: impl Fn(&[f64; N]) -> [f64; N], x0: [f64; N], max_iter: u32) -> ([f64; N], u32, bool) {
    let mut x = x0;
    let mut fx = f(&x);
    let mut g = grad(&x);
    // The inverse Hessian estimate.
    let mut h = [[0.0f64; N]; N];
    for (i, row) in h.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for it in 1..=max_iter {
        if g.iter().all(|v| v.abs() < 1e-9) {
            return (x, it - 1, true);
        }
        let mut d = [0.0; N];
        for i in 0..N {
            d[i] = -(0..N).map(|j| h[i][j] * g[j]).sum::<f64>();
        }
        let mut slope: f64 = (0..N).map(|i| d[i] * g[i]).sum();
        if !(slope < 0.0) {
            // Not a descent direction: restart from the gradient.
            h = [[0.0; N]; N];
            for (i, row) in h.iter_mut().enumerate() {
                row[i] = 1.0;
            }
            d = g.map(|v| -v);
            slope = -(0..N).map(|i| g[i] * g[i]).sum::<f64>();
        }
        // Armijo backtracking.
        let mut step = 1.0;
        let mut next = x;
        let mut f_next = f64::INFINITY;
        for _ in 0..60 {
            for i in 0..N {
                next[i] = x[i] + step * d[i];
            }
            f_next = f(&next);
            if f_next.is_finite() && f_next <= fx + 1e-4 * step * slope {
                break;
            }
            step *= 0.5;
        }
        if !(f_next.is_finite() && f_next <= fx) {
            return (x, it, g.iter().all(|v| v.abs() < 1e-6));
        }
        let g_next = grad(&next);
        let s: [f64; N] = std::array::from_fn(|i| next[i] - x[i]);
        let y: [f64; N] = std::array::from_fn(|i| g_next[i] - g[i]);
        let sy: f64 = (0..N).map(|i| s[i] * y[i]).sum();
        let converged = (fx - f_next).abs() <= 1e-15 * fx.abs().max(1.0);
        x = next;
        fx = f_next;
        g = g_next;
        if converged {
            return (x, it, true);
        }
        if sy > 1e-12 {
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ.
            let rho = 1.0 / sy;
            let hy: [f64; N] = std::array::from_fn(|i| (0..N).map(|j| h[i][j] * y[j]).sum());
            let yhy: f64 = (0..N).map(|i| y[i] * hy[i]).sum();
            let mut n = h;
            for i in 0..N {
                for j in 0..N {
                    n[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
            h = n;
        }
    }
    (x, max_iter, false)
}

/// `bgNbdFit(customers, options)`.
///
/// # Errors
/// `INVALID_VALUE` for a customer that breaks a rule (under `invalid:
/// "error"`), `INVALID_OPTION` for bad options, `INVALID_STATE` when no
/// customer is left to fit.
// Row i's cells are read from several columns (and i names the row in errors).
#[allow(clippy::needless_range_loop)]
pub fn bg_nbd_fit(table: &Table<'_>, options: &BgNbdOptions) -> Result<BgNbdResult> {
    check_bfgs_options(options.penalizer, options.max_iterations)?;
    if let Some(h) = options.horizon {
        if !(h.is_finite() && h >= 0.0) {
            return Err(Error::option("horizon", format!("must be a number of time units ≥ 0; got {}", num(h))));
        }
    }
    let n = table.len;
    let cols = number_columns(table);
    let mut problems = table.problem_cursor();
    let mut rejects = Rejects::new(options.invalid);
    let mut customers: Vec<Customer> = Vec::with_capacity(n);
    for i in 0..n {
        let (x, t_x, t) = (cols[0][i], cols[1][i], cols[2][i]);
        let e = match problems.first_at(i) {
            Some(e) => Err(e.clone()),
            None => first_missing(i, &[("frequency", x), ("recency", t_x), ("T", t)]).and_then(|()| check(i, x, t_x, t)),
        };
        match e {
            Ok(()) => customers.push((x, t_x, t)),
            Err(e) => rejects.reject(i, e)?,
        }
    }
    if customers.is_empty() {
        return Err(Error::NotEnoughData { reason: "no valid customer to fit the model to".into() });
    }
    if customers.iter().all(|c| c.0 == 0.0) {
        // The likelihood is then (α / (α + T))^r, largest as the purchase
        // rate r/α goes to 0, whatever a and b: no fit exists.
        return Err(Error::NotEnoughData {
            reason: "no customer has a repeat purchase (frequency above 0): the purchase rate and the drop-out cannot be estimated without one".into(),
        });
    }
    let model = options.model;
    let count = customers.len() as f64;
    let max_x = customers.iter().map(|c| c.0).fold(0.0, f64::max) as usize;
    // As `lifetimes`: time is divided by the longest T while fitting (from
    // r = α = a = b = 1 there, and with the penalty on those parameters),
    // and α multiplied back after. Without a penalty the optimum is the
    // same in any unit (α scales with time); with one, it is `lifetimes`'.
    let scale = customers.iter().map(|c| c.2).fold(0.0, f64::max);
    // Customers alike (the same frequency, recency and T, as one-time
    // buyers of the same cohort are, and whole periods make many) add the
    // same term: each distinct one is evaluated once, with its count.
    let (distinct, weights, of) = distinct_customers(&customers);
    let scaled: Vec<Customer> = distinct.iter().map(|&(x, t_x, t)| (x, t_x / scale, t / scale)).collect();
    let objective = |theta: &[f64; 4]| {
        let p = theta.map(f64::exp);
        let v = -total_ll(model, p, &scaled, &weights, max_x) / count + options.penalizer * p.iter().map(|v| v * v).sum::<f64>();
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let gradient = |theta: &[f64; 4]| {
        let p = theta.map(f64::exp);
        let d = ll_gradient(model, p, &scaled, &weights, max_x);
        std::array::from_fn(|j| -p[j] * d[j] / count + 2.0 * options.penalizer * p[j] * p[j])
    };
    let (theta, iterations, converged) = bfgs(objective, gradient, [0.0; 4], options.max_iterations as u32);
    drop(scaled);
    let mut p = theta.map(f64::exp);
    p[1] *= scale;
    usable(&p, &["r", "alpha", "a", "b"], options.penalizer)?;
    let [r, alpha, a, b] = p;
    // Per distinct customer, then per customer.
    let each = |f: &dyn Fn(Customer) -> f64| -> Vec<f64> {
        let values: Vec<f64> = distinct.iter().map(|&c| f(c)).collect();
        of.iter().map(|&k| values[k as usize]).collect()
    };
    let p_alive = each(&|c| p_alive(model, p, c));
    let expected = options.horizon.map(|h| each(&|c| expected_purchases(model, p, c, h)));
    if let Some(i) = expected.as_ref().and_then(|e| e.iter().position(|v| !v.is_finite())) {
        return Err(Error::option("horizon", format!("is too long: the expected purchases of the customer at index {i} pass 1.8e308; got {}", num(options.horizon.unwrap_or(0.0)))));
    }
    Ok(BgNbdResult {
        model: match model {
            Model::BgNbd => "bg-nbd",
            Model::MbgNbd => "mbg-nbd",
        },
        r,
        alpha,
        a,
        b,
        log_likelihood: total_ll(model, p, &distinct, &weights, max_x),
        converged,
        iterations,
        customers: customers.len() as u64,
        skipped: rejects.skipped,
        invalid: rejects.invalid,
        p_alive: F64Array(p_alive),
        expected_purchases: expected.map(F64Array),
    })
}

/// The columns `rfmSummary` reads.
pub const TRANSACTIONS: Schema<'static> = Schema {
    name: "transactions",
    fields: &[
        Field { name: "customerId", kind: Kind::Key, required: true },
        Field { name: "at", kind: Kind::Instant, required: true },
        Field { name: "amount", kind: Kind::Number, required: false },
    ],
    text_cells: false,
};

crate::table_type!(
    /// The table type of `rfmSummary`.
    Transactions = TRANSACTIONS
);

/// The period of `rfmSummary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RfmPeriod {
    /// Local days (pandas `freq="D"`).
    #[default]
    Day,
    /// Weeks from Monday (pandas `freq="W"`).
    Week,
}

/// Options of `rfmSummary`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RfmOptions {
    /// The end of observation (default: the last transaction).
    #[serde(deserialize_with = "crate::kpi::instant_option")]
    pub observation_end: Option<f64>,
    /// `"day"` (default) or `"week"`.
    pub period: RfmPeriod,
    /// Units of time per result unit (pandas' `freq_multiplier`; 7 with
    /// days gives fractional weeks).
    pub multiplier: f64,
    /// The zone of the local dates (default UTC).
    pub time_zone: Option<String>,
    /// What to do with an invalid transaction (default: error).
    pub invalid: InvalidPolicy,
}

impl Default for RfmOptions {
    fn default() -> Self {
        RfmOptions { observation_end: None, period: RfmPeriod::Day, multiplier: 1.0, time_zone: None, invalid: InvalidPolicy::Error }
    }
}

/// The result of `rfmSummary`: one entry per customer, in order of first
/// appearance (columns; `frequency`, `recency` and `T` are `bgNbdFit`'s
/// input).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmSummary {
    /// Each customer's id.
    pub customer_id: Vec<crate::table::Key>,
    /// Repeat purchase periods.
    pub frequency: F64Array,
    /// Time from the first to the last purchase period.
    pub recency: F64Array,
    /// Time from the first purchase period to the end of observation.
    #[serde(rename = "T")]
    pub t: F64Array,
    /// Mean spend of the repeat purchase periods (0 without any).
    pub monetary_value: F64Array,
    /// Valid transactions read (after the end of observation included).
    pub transactions: u64,
    /// Invalid transactions left out.
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
}

/// The valid rows of a table of transactions (`TRANSACTIONS`): the key of
/// each customer code, and `(customer code, instant, amount)` per valid row
/// in input order (a missing amount is 0); invalid rows go to the rejects.
struct Orders {
    keys: Vec<Option<crate::table::Key>>,
    rows: Vec<(u32, f64, f64)>,
    rejects: Rejects,
}

/// Reads a table of transactions.
///
/// # Errors
/// The first invalid row under `invalid: "error"`: `MISSING_FIELD`,
/// `INVALID_TIMESTAMP`, or `INVALID_VALUE` for a negative or infinite
/// amount.
fn read_orders(table: &Table<'_>, policy: InvalidPolicy) -> Result<Orders> {
    let n = table.len;
    let (codes, keys) = table.key_codes(0);
    let at = table.values(1).map_or_else(|| vec![f64::NAN; n], |c| c.into_owned());
    let amount = table.values(2).map(|c| c.into_owned());
    let mut problems = table.problem_cursor();
    let mut rejects = Rejects::new(policy);
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let v = amount.as_ref().map_or(f64::NAN, |a| a[i]);
        let e = match problems.first_at(i) {
            Some(e) => Err(e.clone()),
            None if keys[codes[i] as usize].is_none() => Err(Error::MissingField { field: "customerId".into(), index: Some(i) }),
            None if at[i].is_nan() => Err(Error::MissingField { field: "at".into(), index: Some(i) }),
            None if !crate::time::in_range(at[i]) => crate::time::calendar::check_ms(at[i], "at", Some(i)),
            None if !v.is_nan() && !(0.0..=crate::kpi::MAX_AMOUNT).contains(&v) => {
                Err(bad("amount", i, format!("is {}; amounts are numbers from 0 to {} (sums of them must stay finite)", num(v), num(crate::kpi::MAX_AMOUNT))))
            }
            None => Ok(()),
        };
        match e {
            Ok(()) => rows.push((codes[i], at[i], if v.is_nan() { 0.0 } else { v })),
            Err(e) => rejects.reject(i, e)?,
        }
    }
    Ok(Orders { keys, rows, rejects })
}

/// Items by customer code, customers in order of their first item.
fn by_customer<T>(codes: usize, items: impl Iterator<Item = (u32, T)>) -> Vec<(u32, Vec<T>)> {
    let mut seen = vec![u32::MAX; codes];
    let mut out: Vec<(u32, Vec<T>)> = Vec::new();
    for (c, item) in items {
        let slot = &mut seen[c as usize];
        if *slot == u32::MAX {
            *slot = out.len() as u32;
            out.push((c, Vec::new()));
        }
        out[*slot as usize].1.push(item);
    }
    out
}

/// `rfmSummary(transactions, options)`: `lifetimes`'
/// `summary_data_from_transaction_data`. Transactions fall in periods
/// (local days, or weeks from Monday); those in periods after the one of
/// `observationEnd` are left out; per customer, `frequency` is the number
/// of distinct periods with a purchase minus 1, `recency` and `T` the
/// periods from the first to the last and to the end of observation
/// (divided by `multiplier`), `monetaryValue` the mean of the period sums
/// of the repeat periods. (`lifetimes` takes the first purchase in input
/// order; here it is the earliest: the same for date-sorted input.)
///
/// # Errors
/// `MISSING_FIELD`, `INVALID_TIMESTAMP` and `INVALID_VALUE` (a negative or
/// infinite amount) naming the row, under `invalid: "error"`.
pub fn rfm_summary(table: &Table<'_>, options: &RfmOptions) -> Result<RfmSummary> {
    // (A multiplier of 10⁻³⁰⁰ made every recency and T infinite.)
    if !((1e-6..=1e6).contains(&options.multiplier)) {
        return Err(Error::option("multiplier", format!("must be a number from 0.000001 to 1e6; got {}", num(options.multiplier))));
    }
    let tz = match &options.time_zone {
        Some(name) => crate::time::calendar::time_zone(name, "timeZone")?,
        None => jiff::tz::TimeZone::UTC,
    };
    let days = crate::time::Periods::new(crate::time::Period::Day, 1.0, tz)?;
    let Orders { keys, rows, rejects } = read_orders(table, options.invalid)?;
    let (lo, hi) = rows.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| (lo.min(r.1), hi.max(r.1)));
    let mut out = RfmSummary {
        customer_id: Vec::new(),
        frequency: F64Array(Vec::new()),
        recency: F64Array(Vec::new()),
        t: F64Array(Vec::new()),
        monetary_value: F64Array(Vec::new()),
        transactions: rows.len() as u64,
        skipped: rejects.skipped,
        invalid: rejects.invalid,
    };
    if rows.is_empty() {
        return Ok(out);
    }
    // The period of a day number: itself, or its week's Monday (day 0,
    // 1970-01-01, was a Thursday).
    let period_of = |d: i64| match options.period {
        RfmPeriod::Day => d,
        RfmPeriod::Week => d - (d + 3).rem_euclid(7),
    };
    let unit = match options.period {
        RfmPeriod::Day => 1.0,
        RfmPeriod::Week => 7.0,
    } * options.multiplier;
    let end_day = match options.observation_end {
        Some(end) => days.day_of(end).map_err(|_| Error::option("observationEnd", format!("must be an instant in the years -9999 to 9999; got {}", num(end))))?,
        None => days.day_of(hi)?,
    };
    let end_period = period_of(end_day);
    let span = Bucketer::new(&days, true, lo, hi)?;
    // Per customer: its periods and their sums, in order of appearance.
    let mut per = by_customer(
        keys.len(),
        rows.iter().map(|&(c, t, v)| (c, (period_of(span.ids[span.index(t) as usize]), v))).filter(|(_, (d, _))| *d <= end_period),
    );
    for (code, list) in per.iter_mut() {
        list.sort_unstable_by_key(|p| p.0);
        // Sum each period.
        let mut sums: Vec<(i64, f64)> = Vec::with_capacity(list.len());
        for &(d, v) in list.iter() {
            match sums.last_mut() {
                Some(last) if last.0 == d => last.1 += v,
                _ => sums.push((d, v)),
            }
        }
        let (first, last) = (sums[0].0, sums[sums.len() - 1].0);
        let repeats = &sums[1..];
        out.customer_id.push(keys[*code as usize].clone().unwrap_or(crate::table::Key::Bool(false)));
        out.frequency.0.push(repeats.len() as f64);
        out.recency.0.push((last - first) as f64 / unit);
        out.t.0.push((end_period - first) as f64 / unit);
        out.monetary_value.0.push(if repeats.is_empty() { 0.0 } else { repeats.iter().map(|p| p.1).sum::<f64>() / repeats.len() as f64 });
    }
    Ok(out)
}

/// The columns `gammaGammaFit` reads.
pub const SPEND: Schema<'static> = Schema {
    name: "customers",
    fields: &[Field { name: "frequency", kind: Kind::Number, required: true }, Field { name: "monetaryValue", kind: Kind::Number, required: true }],
    text_cells: false,
};

crate::table_type!(
    /// The table type of `gammaGammaFit`.
    Spend = SPEND
);

/// Options of `gammaGammaFit`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GammaGammaOptions {
    /// L2 penalty on the parameters (default 0; at most 10¹⁰).
    pub penalizer: f64,
    /// Most BFGS iterations (default 500).
    pub max_iterations: f64,
    /// What to do with an invalid customer (default: error).
    pub invalid: InvalidPolicy,
}

impl Default for GammaGammaOptions {
    fn default() -> Self {
        GammaGammaOptions { penalizer: 0.0, max_iterations: 500.0, invalid: InvalidPolicy::Error }
    }
}

/// The result of `gammaGammaFit`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GammaGammaResult {
    /// Shape of the gamma distribution of a transaction's value.
    pub p: f64,
    /// Shape of the gamma distribution of its scale across customers.
    pub q: f64,
    /// Scale of that distribution (`v` in `lifetimes`).
    pub gamma: f64,
    /// The log-likelihood at the fit (without the penalty).
    pub log_likelihood: f64,
    /// Whether BFGS met its tolerance.
    pub converged: bool,
    /// BFGS iterations.
    pub iterations: u32,
    /// Customers fitted (those with repeat purchases).
    pub customers: u64,
    /// Invalid customers left out.
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
    /// E(M | x, m̄) of each valid customer, in input order (null when q ≤ 1:
    /// the population mean γp/(q − 1) does not exist).
    pub expected_average_value: Option<F64Array>,
}

/// A fit's parameters are usable when each is a positive number of full
/// precision: a penalty far larger than the likelihood drives them below
/// the smallest (to 0 or a few digits above it), where predictions are
/// Infinity or NaN rather than numbers.
///
/// # Errors
/// `INVALID_OPTION` (`penalizer`) with a penalty, `NOT_ENOUGH_DATA` without.
fn usable(params: &[f64], names: &[&str], penalizer: f64) -> Result<()> {
    let Some((name, &v)) = names.iter().zip(params).find(|(_, v)| !v.is_normal()) else {
        return Ok(());
    };
    let what = format!("the fit drives {name} to {}, out of the positive numbers of full precision (2.2e-308 up), where the model and its predictions break down", num(v));
    if penalizer > 0.0 {
        Err(Error::option("penalizer", format!("is {}: {what}; use a smaller penalizer", num(penalizer))))
    } else {
        Err(Error::NotEnoughData { reason: format!("{what}: the data cannot fix the model's parameters").into() })
    }
}

fn check_bfgs_options(penalizer: f64, max_iterations: f64) -> Result<()> {
    // Above 10¹⁰ the penalty swamps any likelihood (and near 10³⁰⁸ it
    // overflows at the start, where the fit then stayed).
    if !((0.0..=1e10).contains(&penalizer)) {
        return Err(Error::option("penalizer", format!("must be a number from 0 to 1e10; got {}", num(penalizer))));
    }
    if !(max_iterations.fract() == 0.0 && (1.0..=100_000.0).contains(&max_iterations)) {
        return Err(Error::option("maxIterations", format!("must be a whole number from 1 to 100000; got {}", num(max_iterations))));
    }
    Ok(())
}

/// The repeat customers of a Gamma-Gamma fit, with what their
/// log-likelihood ([`Self::ll`]) and its gradient need that does not change
/// during the fit: x·m̄ and ln m̄ per customer, and the distinct
/// frequencies, whose gamma-function terms are worked out once per
/// evaluation (a fit evaluates them about a hundred times).
struct GgSpends {
    /// Per customer: (x, x·m̄, ln m̄, index of x in `frequencies`).
    customers: Vec<(f64, f64, f64, u32)>,
    frequencies: Vec<f64>,
}

impl GgSpends {
    fn new(repeat: &[(f64, f64)]) -> Self {
        let mut index: crate::hash::FxHashMap<u64, u32> = crate::hash::map();
        let mut frequencies = Vec::new();
        let customers = repeat
            .iter()
            .map(|&(x, m)| {
                let k = *index.entry(x.to_bits()).or_insert_with(|| {
                    frequencies.push(x);
                    frequencies.len() as u32 - 1
                });
                (x, x * m, m.ln(), k)
            })
            .collect();
        GgSpends { customers, frequencies }
    }

    /// The Gamma-Gamma log-likelihood of one repeat customer (P. S. Fader & B.
    /// G. S. Hardie, "The Gamma-Gamma model of monetary value", 2013; as in
    /// `lifetimes`' `GammaGammaFitter`): lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ
    /// + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + γ).
    ///
    /// Written as lnΓ(px+q) − lnΓ(px) − lnΓ(q) − q ln(1 + x m̄/γ) −
    /// px ln(1 + γ/(x m̄)) − ln m̄, the same sum without its large terms: where
    /// a fit runs towards p → ∞ (spend with little spread), px ln x m̄ and
    /// px ln(x m̄ + γ) are each 10²³ and their difference about 10, and the
    /// log-likelihood was reported as 0 or 10⁴⁵.
    /// Summed over the customers.
    fn ll(&self, [p, q, g]: [f64; 3]) -> f64 {
        // lnΓ(px+q) − lnΓ(px) − lnΓ(q) = −ln B(px, q), by `ln_beta`: as a
        // gamma ratio less lnΓ(q) it subtracted numbers of 10¹⁶ where q runs
        // off too (spends all alike), and was off by 25.
        let ln_b: Vec<f64> = self.frequencies.iter().map(|&x| ln_beta(p * x, q)).collect();
        self.customers
            .iter()
            .map(|&(x, xm, ln_m, k)| {
                let y = p * x;
                -ln_b[k as usize] - q * (xm / g).ln_1p() - y * (g / xm).ln_1p() - ln_m
            })
            .sum()
    }

    /// The gradient of [`Self::ll`] in (p, q, γ): per customer
    /// x·[ψ(px+q) − ψ(px)] − x·ln(1 + γ/(x m̄)), ψ(px+q) − ψ(q) −
    /// ln(1 + x m̄/γ) and (q·x m̄/γ − px)/(γ + x m̄), the differences of ψ
    /// by [`digamma_diff`].
    fn ll_gradient(&self, [p, q, g]: [f64; 3]) -> [f64; 3] {
        let psi: Vec<(f64, f64)> = self.frequencies.iter().map(|&x| (x * digamma_diff(p * x, q), digamma_diff(q, p * x))).collect();
        let mut d = [0.0; 3];
        for &(x, xm, _, k) in &self.customers {
            let (dp, dq) = psi[k as usize];
            let y = p * x;
            d[0] += dp - x * (g / xm).ln_1p();
            d[1] += dq - (xm / g).ln_1p();
            d[2] += (q * xm / g - y) / (g + xm);
        }
        d
    }
}

/// E(M | x, m̄) = (1 − w)·γp/(q − 1) + w·m̄, w = px/(px + q − 1).
fn gg_expected([p, q, g]: [f64; 3], x: f64, m: f64) -> f64 {
    // p(γ + x·m)/(p·x + q − 1), divided through by p so that neither p·x
    // nor γ·p overflows where the parameters are huge (it gave ∞/∞).
    (g + x * m) / (x + (q - 1.0) / p)
}

/// `gammaGammaFit(customers, options)`: the Gamma-Gamma model of the mean
/// spend of repeat purchases, fitted by maximum likelihood over the
/// customers with repeat purchases (BFGS on the logarithms of p, q, γ from
/// 1, 1, 1).
///
/// # Errors
/// `INVALID_VALUE` for a customer that breaks a rule (a fractional or
/// negative frequency, a negative mean spend, a repeat customer with a mean
/// spend of 0); `INVALID_STATE` without any repeat customer.
// Row i's cells are read from several columns (and i names the row in errors).
#[allow(clippy::needless_range_loop)]
pub fn gamma_gamma_fit(table: &Table<'_>, options: &GammaGammaOptions) -> Result<GammaGammaResult> {
    check_bfgs_options(options.penalizer, options.max_iterations)?;
    let n = table.len;
    let cols = number_columns(table);
    let mut problems = table.problem_cursor();
    let mut rejects = Rejects::new(options.invalid);
    let mut valid: Vec<(f64, f64)> = Vec::with_capacity(n);
    for i in 0..n {
        let (x, m) = (cols[0][i], cols[1][i]);
        let e = match problems.first_at(i) {
            Some(e) => Err(e.clone()),
            None => first_missing(i, &[("frequency", x), ("monetaryValue", m)])
                .and_then(|()| frequency_rule(i, x))
                .and_then(|()| spend_rule(i, x, m))
                .and_then(|()| {
                    if x > 0.0 && m == 0.0 {
                        Err(bad("monetaryValue", i, "is 0 for a customer with repeat purchases; the model needs spends above 0".into()))
                    } else {
                        Ok(())
                    }
                }),
        };
        match e {
            Ok(()) => valid.push((x, m)),
            Err(e) => rejects.reject(i, e)?,
        }
    }
    let repeat: Vec<(f64, f64)> = valid.iter().copied().filter(|c| c.0 > 0.0).collect();
    if repeat.is_empty() {
        return Err(Error::NotEnoughData { reason: "no customer with repeat purchases (frequency above 0) to fit the model to".into() });
    }
    // One spend has no spread: the likelihood grows without bound (p → ∞).
    if repeat.len() == 1 {
        return Err(Error::NotEnoughData { reason: "one customer with repeat purchases: the spread of spend across customers cannot be estimated from one".into() });
    }
    // Nor have equal spends: the likelihood grows as p and q run off
    // together (the fit stopped somewhere on the way, called converged).
    // A penalty holds them.
    if options.penalizer == 0.0 && repeat.iter().all(|c| c.1 == repeat[0].1) {
        return Err(Error::NotEnoughData {
            reason: format!("every customer with repeat purchases has the same mean spend ({}): without a spread no fit exists; use a penalizer", num(repeat[0].1)).into(),
        });
    }
    let count = repeat.len() as f64;
    let spends = GgSpends::new(&repeat);
    let objective = |theta: &[f64; 3]| {
        let p = theta.map(f64::exp);
        let v = -spends.ll(p) / count + options.penalizer * p.iter().map(|v| v * v).sum::<f64>();
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let gradient = |theta: &[f64; 3]| {
        let p = theta.map(f64::exp);
        let d = spends.ll_gradient(p);
        std::array::from_fn(|j| -p[j] * d[j] / count + 2.0 * options.penalizer * p[j] * p[j])
    };
    let (theta, iterations, converged) = bfgs(objective, gradient, [0.0; 3], options.max_iterations as u32);
    let params = theta.map(f64::exp);
    usable(&params, &["p", "q", "gamma"], options.penalizer)?;
    let [p, q, gamma] = params;
    Ok(GammaGammaResult {
        p,
        q,
        gamma,
        log_likelihood: spends.ll(params),
        converged,
        iterations,
        customers: repeat.len() as u64,
        skipped: rejects.skipped,
        invalid: rejects.invalid,
        expected_average_value: (q > 1.0).then(|| F64Array(valid.iter().map(|&(x, m)| gg_expected(params, x, m)).collect())),
    })
}

/// The columns `clv` reads.
pub const CLV_INPUT: Schema<'static> = Schema {
    name: "customers",
    fields: &[
        Field { name: "frequency", kind: Kind::Number, required: true },
        Field { name: "recency", kind: Kind::Number, required: true },
        Field { name: "T", kind: Kind::Number, required: true },
        Field { name: "monetaryValue", kind: Kind::Number, required: true },
    ],
    text_cells: false,
};

crate::table_type!(
    /// The table type of `clv`.
    ClvInput = CLV_INPUT
);

/// BG/NBD parameters given to `clv` (a `bgNbdFit` result may be passed as
/// it is: its other fields are not read).
#[derive(Debug, Clone, Copy)]
pub struct BgNbdParams {
    /// r.
    pub r: f64,
    /// α.
    pub alpha: f64,
    /// a.
    pub a: f64,
    /// b.
    pub b: f64,
    /// The model (default `"bg-nbd"`).
    pub model: Model,
}

/// Gamma-Gamma parameters given to `clv` (a `gammaGammaFit` result may be
/// passed as it is).
#[derive(Debug, Clone, Copy)]
pub struct GammaGammaParams {
    /// p.
    pub p: f64,
    /// q.
    pub q: f64,
    /// γ.
    pub gamma: f64,
}

/// Options of `clv`.
#[derive(Debug, Clone)]
pub struct ClvOptions {
    /// A BG/NBD fit.
    pub bg_nbd: BgNbdParams,
    /// A Gamma-Gamma fit.
    pub gamma_gamma: GammaGammaParams,
    /// Months ahead (default 12).
    pub months: f64,
    /// Monthly discount rate (default 0.01).
    pub discount_rate: f64,
    /// Units of the customers' time per month (default 30: days; 4.345 for weeks).
    pub units_per_month: f64,
}

fn twelve() -> f64 {
    12.0
}
fn one_percent() -> f64 {
    0.01
}
fn thirty() -> f64 {
    30.0
}

/// `clv`'s options argument: required (it carries the two fits).
#[derive(Debug, Clone)]
pub struct ClvArgs(pub ClvOptions);

impl<'a> crate::wire::args::Arg<'a> for ClvArgs {
    fn read(v: crate::wire::Value<'a>, _name: &'static str) -> Result<Self> {
        use crate::wire::V;
        let V::Object(o) = v.get() else {
            return Err(Error::option("bgNbd", "is required: { bgNbd: a bgNbdFit result, gammaGamma: a gammaGammaFit result }"));
        };
        // The two fits: their parameters are read, their other fields (a
        // whole fit result may be passed) are not.
        let number = |fit: &str, key: &str| -> Result<f64> {
            let path = format!("{fit}.{key}");
            match o.get(fit).map(|f| f.get()) {
                Some(V::Object(f)) => match f.get(key).map(|x| x.get()) {
                    Some(V::Number(x)) => Ok(x),
                    Some(_) => Err(Error::option(path, "must be a number")),
                    None => Err(Error::option(path, "is required")),
                },
                _ => Err(Error::option(fit.to_string(), "is required: an object with the fit's parameters")),
            }
        };
        let model = match o.get("bgNbd").map(|f| f.get()) {
            Some(V::Object(f)) => match f.get("model").map(|m| m.get()) {
                Some(V::Str(m)) if m.string() == "mbg-nbd" => Model::MbgNbd,
                Some(V::Str(m)) if m.string() == "bg-nbd" => Model::BgNbd,
                None | Some(V::Undefined) | Some(V::Null) => Model::BgNbd,
                Some(_) => return Err(Error::option("bgNbd.model", "must be \"bg-nbd\" or \"mbg-nbd\"")),
            },
            _ => Model::BgNbd,
        };
        let bg_nbd = BgNbdParams { r: number("bgNbd", "r")?, alpha: number("bgNbd", "alpha")?, a: number("bgNbd", "a")?, b: number("bgNbd", "b")?, model };
        let gamma_gamma = GammaGammaParams { p: number("gammaGamma", "p")?, q: number("gammaGamma", "q")?, gamma: number("gammaGamma", "gamma")? };
        let rest: ClvHorizon = crate::wire::de::from_value_except(v, "", crate::wire::de::Ctx::OPTIONS, &["bgNbd", "gammaGamma"])?;
        Ok(ClvArgs(ClvOptions { bg_nbd, gamma_gamma, months: rest.months, discount_rate: rest.discount_rate, units_per_month: rest.units_per_month }))
    }
}

/// `clv`'s options besides the fits.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClvHorizon {
    #[serde(default = "twelve")]
    months: f64,
    #[serde(default = "one_percent")]
    discount_rate: f64,
    #[serde(default = "thirty")]
    units_per_month: f64,
}

/// The result of `clv`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvResult {
    /// Each customer's discounted value over the months ahead.
    pub clv: F64Array,
    /// Their sum.
    pub total: f64,
}

/// `clv(customers, options)`, as `lifetimes`' `customer_lifetime_value`:
/// Σ over months i = 1..n of E(M | x, m̄) · (E[purchases by i] − E[purchases
/// by i − 1]) / (1 + d)^i, with purchases from the BG/NBD fit and E(M) from
/// the Gamma-Gamma fit.
///
/// # Errors
/// `INVALID_OPTION` for parameters that are not positive, q ≤ 1, a
/// horizon that is not a whole number of months, or a discount rate or
/// month whose discounted purchases pass 1.8e308; `INVALID_VALUE` for a
/// customer that breaks a rule, or whose value passes 1.8e308.
// Row i's cells are read from several columns (and i names the row in errors).
#[allow(clippy::needless_range_loop)]
pub fn clv(table: &Table<'_>, options: &ClvOptions) -> Result<ClvResult> {
    let b = &options.bg_nbd;
    let g = &options.gamma_gamma;
    for (name, v) in [("bgNbd.r", b.r), ("bgNbd.alpha", b.alpha), ("bgNbd.a", b.a), ("bgNbd.b", b.b), ("gammaGamma.p", g.p), ("gammaGamma.q", g.q), ("gammaGamma.gamma", g.gamma)] {
        if !(v.is_finite() && v > 0.0) {
            return Err(Error::option(name, format!("must be a parameter above 0; got {}", num(v))));
        }
    }
    if g.q <= 1.0 {
        return Err(Error::option("gammaGamma.q", format!("must be above 1 for the mean spend to exist; got {}", num(g.q))));
    }
    if !(options.months.fract() == 0.0 && (1.0..=1200.0).contains(&options.months)) {
        return Err(Error::option("months", format!("must be a whole number of months from 1 to 1200; got {}", num(options.months))));
    }
    if !(options.discount_rate.is_finite() && options.discount_rate > -1.0) {
        return Err(Error::option("discountRate", format!("must be a rate above −1; got {}", num(options.discount_rate))));
    }
    if !(options.units_per_month.is_finite() && options.units_per_month > 0.0) {
        return Err(Error::option("unitsPerMonth", format!("must be a number above 0; got {}", num(options.units_per_month))));
    }
    let n = table.len;
    let cols = number_columns(table);
    let mut problems = table.problem_cursor();
    let params = [b.r, b.alpha, b.a, b.b];
    let gg = [g.p, g.q, g.gamma];
    // The discounted purchases Σₖ (E[purchases by k] − E[purchases by
    // k − 1]) / (1 + d)^k depend on (x, tₓ, T) alone: customers alike (as
    // whole days or weeks from `rfmSummary` make most of them) share one.
    let (mut customers, mut values) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        if let Some(e) = problems.first_at(i) {
            return Err(e.clone());
        }
        let (x, t_x, t, m) = (cols[0][i], cols[1][i], cols[2][i], cols[3][i]);
        first_missing(i, &[("frequency", x), ("recency", t_x), ("T", t), ("monetaryValue", m)])?;
        check(i, x, t_x, t)?;
        spend_rule(i, x, m)?;
        customers.push((x, t_x, t));
        values.push(gg_expected(gg, x, m));
    }
    let (distinct, _, of) = distinct_customers(&customers);
    let flows: Vec<f64> = distinct
        .iter()
        .map(|&c| {
            let (mut sum, mut before) = (0.0, 0.0);
            for k in 1..=options.months as u32 {
                let now = expected_purchases(b.model, params, c, k as f64 * options.units_per_month);
                sum += (now - before) / (1.0 + options.discount_rate).powi(k as i32);
                before = now;
            }
            sum
        })
        .collect();
    // Values past 1.8e308 (a discount rate next to −1 compounded over
    // many months, or huge parameters or spends) are an error, not ∞ or NaN.
    if let Some(k) = flows.iter().position(|v| !v.is_finite()) {
        let i = of.iter().position(|&d| d as usize == k).unwrap_or(0);
        let (option, value) = if options.discount_rate < 0.0 { ("discountRate", options.discount_rate) } else { ("unitsPerMonth", options.units_per_month) };
        return Err(Error::option(option, format!("gives the customer at index {i} discounted expected purchases beyond 1.8e308 over {} months; got {}", options.months, num(value))));
    }
    let out: Vec<f64> = values.iter().zip(&of).map(|(v, &k)| v * flows[k as usize]).collect();
    let total: f64 = out.iter().sum();
    if let Some(i) = out.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidValue { field: "monetaryValue".into(), index: Some(i), detail: format!("is {}: with these parameters the lifetime value passes 1.8e308", num(cols[3][i])).into() });
    }
    if !total.is_finite() {
        return Err(Error::InvalidValue { field: "monetaryValue".into(), index: None, detail: "adds up to lifetime values beyond 1.8e308".into() });
    }
    Ok(ClvResult { clv: F64Array(out), total })
}

/// How `purchaseMetrics` decides that a customer is inactive.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InactiveAfter {
    /// The percentile (0–1) of a customer's own gaps between orders past
    /// which they count as churned.
    pub gap_percentile: f64,
}

/// Options of `purchaseMetrics`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PurchaseOptions {
    /// Now (default: the time of the call).
    #[serde(deserialize_with = "crate::kpi::instant_option")]
    pub as_of: Option<f64>,
    /// Days without an order after which a customer is churned (default 90).
    pub inactive_after_days: f64,
    /// Days without an order after which a customer is at risk (default:
    /// half of `inactiveAfterDays`).
    pub at_risk_after_days: Option<f64>,
    /// Churn by each customer's usual gap instead (customers with fewer
    /// than two gaps use the days above).
    pub inactive_after: Option<InactiveAfter>,
    /// Confidence level of the repeat purchase rate's interval (default 0.95).
    pub confidence: f64,
    /// What to do with an invalid transaction (default: error).
    pub invalid: InvalidPolicy,
}

impl Default for PurchaseOptions {
    fn default() -> Self {
        PurchaseOptions { as_of: None, inactive_after_days: 90.0, at_risk_after_days: None, inactive_after: None, confidence: 0.95, invalid: InvalidPolicy::Error }
    }
}

/// Customers by activity.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityCounts {
    /// All customers with an order up to `asOf`.
    pub total: u64,
    /// Ordered recently.
    pub active: u64,
    /// Quiet for longer than usual.
    pub at_risk: u64,
    /// Quiet past the churn threshold.
    pub churned: u64,
}

/// Per customer, in order of first appearance.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseCustomers {
    /// Ids.
    pub customer_id: Vec<crate::table::Key>,
    /// Orders.
    pub orders: F64Array,
    /// Spend (the historical CLV).
    pub revenue: F64Array,
    /// First order (epoch ms).
    pub first_at: F64Array,
    /// Last order (epoch ms).
    pub last_at: F64Array,
    /// Days from the last order to `asOf`.
    pub days_since_last: F64Array,
    /// `"active"`, `"at-risk"` or `"churned"`.
    pub status: Vec<&'static str>,
}

/// The result of `purchaseMetrics`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseMetrics {
    /// The instant of the statuses.
    pub as_of: f64,
    /// Customers by activity.
    pub customers: ActivityCounts,
    /// Orders counted (up to `asOf`).
    pub orders: u64,
    /// Their spend.
    pub revenue: f64,
    /// Customers with two orders or more, percent, with a Wilson interval.
    pub repeat_purchase_rate: crate::kpi::Rate,
    /// Orders per customer.
    pub purchase_frequency: Option<f64>,
    /// Revenue per order.
    pub average_order_value: Option<f64>,
    /// Revenue per customer (the mean historical CLV).
    pub historical_clv: Option<f64>,
    /// Invalid transactions left out.
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
    /// Per customer.
    pub per_customer: PurchaseCustomers,
}

/// `purchaseMetrics(transactions, options)`: shop KPIs from orders (each
/// transaction is an order; those after `asOf` are left out).
///
/// - **Status** by days since the last order: active below
///   `atRiskAfterDays` (default half of `inactiveAfterDays`), churned from
///   `inactiveAfterDays` (default 90), at risk between. With
///   `inactiveAfter: { gapPercentile }`, a customer with two or more gaps
///   between orders is at risk from their median gap on and churned from that
///   percentile of their gaps (type 7 quantiles, in days).
/// - **Repeat purchase rate**: customers with two orders or more ÷
///   customers; **purchase frequency**: orders ÷ customers; **average order
///   value**: revenue ÷ orders; **historical CLV**: each customer's spend,
///   and its mean.
///
/// # Errors
/// As `rfmSummary` for the rows; `INVALID_OPTION` for thresholds that are
/// not positive, or a percentile outside 0–1.
pub fn purchase_metrics(table: &Table<'_>, options: &PurchaseOptions, now: Option<f64>) -> Result<PurchaseMetrics> {
    crate::kpi::check_level(options.confidence)?;
    let churn_days = options.inactive_after_days;
    // (From a millionth of a day, 86 ms: below, half of it, the default
    // of atRiskAfterDays, could round to 0.)
    if !((1e-6..=1e7).contains(&churn_days)) {
        return Err(Error::option("inactiveAfterDays", format!("must be a number of days from 0.000001 to 1e7; got {}", num(churn_days))));
    }
    let risk_days = options.at_risk_after_days.unwrap_or(churn_days / 2.0);
    if !(risk_days.is_finite() && risk_days > 0.0 && risk_days <= churn_days) {
        return Err(Error::option("atRiskAfterDays", format!("must be a number of days above 0 and at most inactiveAfterDays; got {}", num(risk_days))));
    }
    if let Some(g) = options.inactive_after {
        if !(0.0..=1.0).contains(&g.gap_percentile) {
            return Err(Error::option("inactiveAfter.gapPercentile", format!("must be from 0 to 1; got {}", num(g.gap_percentile))));
        }
    }
    let as_of = match options.as_of.or(now) {
        Some(t) => t,
        None => return Err(Error::option("asOf", "is required where the time of the call is unknown")),
    };
    crate::time::calendar::timestamp(as_of, "asOf", None)?;
    let Orders { keys, rows, rejects } = read_orders(table, options.invalid)?;
    // Each customer's order instants and spend, up to asOf.
    let mut per: Vec<(u32, Vec<f64>, f64)> = by_customer(keys.len(), rows.iter().filter(|r| r.1 <= as_of).map(|&(c, t, v)| (c, (t, v))))
        .into_iter()
        .map(|(c, list)| (c, list.iter().map(|o| o.0).collect(), list.iter().map(|o| o.1).sum()))
        .collect();
    const DAY: f64 = 86_400_000.0;
    let mut counts = ActivityCounts { total: per.len() as u64, ..ActivityCounts::default() };
    let mut out = PurchaseCustomers {
        customer_id: Vec::with_capacity(per.len()),
        orders: F64Array(Vec::with_capacity(per.len())),
        revenue: F64Array(Vec::with_capacity(per.len())),
        first_at: F64Array(Vec::with_capacity(per.len())),
        last_at: F64Array(Vec::with_capacity(per.len())),
        days_since_last: F64Array(Vec::with_capacity(per.len())),
        status: Vec::with_capacity(per.len()),
    };
    let (mut orders, mut revenue, mut repeat) = (0u64, 0.0f64, 0u64);
    for (code, times, spend) in &mut per {
        times.sort_unstable_by(f64::total_cmp);
        let (first, last) = (times[0], times[times.len() - 1]);
        let days = (as_of - last) / DAY;
        // The thresholds: the customer's own gaps, or the fixed days.
        let (risk, churn) = match options.inactive_after {
            Some(g) if times.len() >= 3 => {
                let mut gaps: Vec<f64> = times.windows(2).map(|w| (w[1] - w[0]) / DAY).collect();
                gaps.sort_unstable_by(f64::total_cmp);
                let median = crate::stats::quantile_type7(&gaps, 0.5).unwrap_or(churn_days);
                let pct = crate::stats::quantile_type7(&gaps, g.gap_percentile).unwrap_or(churn_days);
                (median.min(pct), pct)
            }
            _ => (risk_days, churn_days),
        };
        let status = if days >= churn && days > 0.0 {
            counts.churned += 1;
            "churned"
        } else if days >= risk && days > 0.0 {
            counts.at_risk += 1;
            "at-risk"
        } else {
            counts.active += 1;
            "active"
        };
        orders += times.len() as u64;
        revenue += *spend;
        repeat += (times.len() >= 2) as u64;
        out.customer_id.push(keys[*code as usize].clone().unwrap_or(crate::table::Key::Bool(false)));
        out.orders.0.push(times.len() as f64);
        out.revenue.0.push(*spend);
        out.first_at.0.push(first);
        out.last_at.0.push(last);
        out.days_since_last.0.push(days);
        out.status.push(status);
    }
    let customers = per.len() as f64;
    Ok(PurchaseMetrics {
        as_of,
        customers: counts,
        orders,
        revenue,
        repeat_purchase_rate: crate::kpi::Rate::new(repeat, per.len() as u64, options.confidence),
        purchase_frequency: (customers > 0.0).then(|| orders as f64 / customers),
        average_order_value: (orders > 0).then(|| revenue / orders as f64),
        historical_clv: (customers > 0.0).then(|| revenue / customers),
        skipped: rejects.skipped,
        invalid: rejects.invalid,
        per_customer: out,
    })
}

/// q · e^y, as e^(ln q + y), so that a large power never overflows on its
/// own before the product.
fn times_exp(q: f64, y: f64) -> f64 {
    (q.ln() + y).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypergeometric_by_hand() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z.
        for z in [0.0f64, 0.1, 0.5, 0.9] {
            let want = if z == 0.0 { 1.0 } else { -(1.0 - z).ln() / z };
            let (ln_f, sign, _) = ln_hyp2f1(1.0, 1.0, 2.0, z).unwrap();
            assert!((sign * ln_f.exp() - want).abs() < 1e-12, "{z}");
        }
    }

    #[test]
    fn tabulated_likelihood_equals_the_gamma_form() {
        let customers = [(0.0, 0.0, 30.0), (1.0, 3.5, 30.0), (7.0, 25.0, 38.0), (20.0, 10.0, 12.0)];
        for model in [Model::BgNbd, Model::MbgNbd] {
            let p = [0.24, 4.4, 0.79, 2.4];
            let direct: f64 = customers.iter().map(|&c| ll(model, p, c)).sum();
            let tabulated = total_ll(model, p, &customers, &[], 20);
            // Alike customers counted once with their number, the same.
            let (distinct, weights, of) = distinct_customers(&[customers[1], customers[0], customers[1], customers[3], customers[2], customers[1]]);
            assert_eq!(of, [0, 1, 0, 2, 3, 0]);
            assert_eq!(weights.iter().sum::<f64>(), 6.0);
            let weighted = total_ll(model, p, &distinct, &weights, 20);
            let twice = tabulated + 2.0 * ll(model, p, customers[1]);
            assert!((weighted - twice).abs() < 1e-9 * twice.abs(), "{weighted} vs {twice}");
            assert!((direct - tabulated).abs() < 1e-9 * direct.abs(), "{direct} vs {tabulated}");
        }
    }

    #[test]
    fn bg_nbd_gradient_is_the_likelihood_s() {
        // Against central differences of the log-likelihood, for both
        // models, with one-time buyers, and with the sums over frequencies
        // taken as differences of ψ (as past a million) as well as tabulated.
        let customers = [(0.0, 0.0, 30.0), (1.0, 3.5, 30.0), (7.0, 25.0, 38.0), (20.0, 10.0, 12.0), (2.0, 0.5, 0.7)];
        let weights = [3.0, 1.0, 2.0, 1.0, 5.0];
        for model in [Model::BgNbd, Model::MbgNbd] {
            for p in [[0.243, 4.414, 0.793, 2.426], [2.0, 0.05, 5.0, 0.3], [0.01, 300.0, 1.5, 40.0], [1e4, 2e5, 1e-3, 7e3]] {
                for max_x in [20, 2_000_000] {
                    let got = ll_gradient(model, p, &customers, &weights, max_x);
                    for j in 0..4 {
                        let h = 1e-6 * p[j];
                        let (mut up, mut down) = (p, p);
                        up[j] += h;
                        down[j] -= h;
                        let numeric = (total_ll(model, up, &customers, &weights, 20) - total_ll(model, down, &customers, &weights, 20)) / (2.0 * h);
                        // (Scaled by the parameter: the fit's gradient is in ln p.)
                        assert!((got[j] - numeric).abs() * p[j] < 1e-6 * (numeric.abs() * p[j]).max(1.0), "{model:?} {p:?} {max_x} [{j}]: {} vs {numeric}", got[j]);
                    }
                }
            }
        }
    }

    #[test]
    fn gamma_gamma_likelihood_where_p_runs_off() {
        // mpmath at 80 digits. At p = 1.57e21 (a fit of spends with little
        // spread) the direct form gave 0; at ordinary parameters both agree.
        let x = [11.0, 5.0, 10.0, 2.0, 7.0, 7.0, 3.0, 9.0, 4.0];
        let m = [48.72, 93.87, 47.9, 77.18, 75.0, 37.45, 48.67, 50.48, 88.39];
        let spends = GgSpends::new(&x.iter().copied().zip(m).collect::<Vec<_>>());
        let total = |p: [f64; 3]| spends.ll(p);
        let far = total([1.5660544486525549e21, 10.843448007744136, 4.0295043314004823e-19]);
        assert!((far - -39.01970409323814).abs() < 1e-9, "{far}");
        let ordinary = total([6.25, 3.74, 15.44]);
        assert!((ordinary - -49.20336261229068).abs() < 1e-11, "{ordinary}");
        for (y, q, want) in [(1e21, 10.8, 522.2262990910496), (150.0, 2.5, 12.539033024396337), (1e5, 1e30, 6.807755278982137e31), (99.0, 0.5, 2.2962973041722656), (100.0, 0.5, 2.3013350982022227)] {
            let got = ln_gamma_ratio(y, q);
            assert!(((got - want) / want).abs() < 1e-13, "lnΓ({y} + {q}) − lnΓ({y}): {got} against {want}");
        }
    }

    /// Fits that run off to the edge (a and b of 10¹⁵⁰ with α of 10⁻²³³;
    /// p and q of 10¹⁰ and 10¹⁵): each lnΓ is 10¹⁵⁰ or 10¹⁶, and their
    /// differences were reported as log-likelihoods of 10¹³⁹ and 54.46.
    /// mpmath at 300 digits (80 are not enough for lnΓ(10¹⁵⁴)).
    #[test]
    #[allow(clippy::excessive_precision)] // the digits JSON printed
    fn likelihoods_at_the_edge_against_mpmath() {
        let p = [0.0014093007782132528, 1.6807643515258749e-233, 1.7876867351549828e150, 1.3407803492588722e154];
        let customers = [(0.0, 0.0, 10.0), (10000.0, 9.0, 10.0), (5000.0, 5.0, 10.0), (3.0, 8.0, 10.0)];
        let want = [-0.7586064039071807, 60109.906496518204, 29518.537993018563, -13.535902898105705];
        for (c, want) in customers.iter().zip(want) {
            let got = ll(Model::BgNbd, p, *c);
            assert!((got - want).abs() < 1e-9 * want.abs().max(1.0), "{c:?}: {got} against {want}");
        }
        let spends = GgSpends::new(&[(3.0, 30.0), (5.0, 30.0), (2.0, 30.0), (8.0, 30.0)]);
        let got = spends.ll([24542163438.590645, 1400047288732255.0, 1711391.9103885596]);
        assert!((got - 30.154224173001882).abs() < 1e-4, "{got}");
    }

    #[test]
    fn gamma_gamma_gradient_is_the_likelihood_s() {
        // Against central differences of the log-likelihood, at ordinary
        // parameters, at small ones and where p runs off.
        let x = [11.0, 5.0, 10.0, 2.0, 7.0, 7.0, 3.0, 9.0, 4.0, 1.0];
        let m = [48.72, 93.87, 47.9, 77.18, 75.0, 37.45, 48.67, 50.48, 88.39, 0.02];
        let spends = GgSpends::new(&x.iter().copied().zip(m).collect::<Vec<_>>());
        for p in [[6.25, 3.74, 15.44], [0.05, 1.2, 0.3], [3.0, 80.0, 2000.0], [2e6, 10.8, 4e-4]] {
            let got = spends.ll_gradient(p);
            for j in 0..3 {
                let h = 1e-6 * p[j];
                let (mut up, mut down) = (p, p);
                up[j] += h;
                down[j] -= h;
                let numeric = (spends.ll(up) - spends.ll(down)) / (2.0 * h);
                // (Scaled by the parameter: the fit's gradient is in ln p.)
                assert!((got[j] - numeric).abs() * p[j] < 1e-6 * (numeric.abs() * p[j]).max(1.0), "{p:?} [{j}]: {} vs {numeric}", got[j]);
            }
        }
    }

    #[test]
    fn tiny_drop_out_parameters_by_hand() {
        // A fit of few customers can drive a and b to 1e-15: b + x − 1 at
        // x = 1 is then b itself, not (b + 1) − 1 (3e-16 rounded to 2.2e-16
        // or 4.4e-16). P(alive) = 1 / (1 + a/b · ((α+T)/(α+tₓ))^(r+x)).
        let (r, alpha, a, b): (f64, f64, f64, f64) = (0.5, 30.0, 8e-15, 3e-16);
        let want = 1.0 / (1.0 + a / b * ((alpha + 73.0) / (alpha + 4.0)).powf(r + 1.0));
        let got = p_alive(Model::BgNbd, [r, alpha, a, b], (1.0, 4.0, 73.0));
        assert!(((got - want) / want).abs() < 1e-12, "{got} vs {want}");
        // ℓ's A₄ has ln a − ln(b + x − 1) = ln(a/b) at x = 1.
        let (_, a4) = a3_a4(Model::BgNbd, a.ln(), b, 1.0, (0.0, 0.0));
        assert!((a4.unwrap() - (a / b).ln()).abs() < 1e-12);
    }

    #[test]
    fn one_customer_likelihood_by_hand() {
        // x = 0: ℓ = r ln α − (r) ln(α + T) + lnΓ(a+b) + lnΓ(b) − lnΓ(b) − lnΓ(a+b) = r ln(α/(α+T)).
        let p = [0.5, 2.0, 1.0, 3.0];
        assert!((ll(Model::BgNbd, p, (0.0, 0.0, 10.0)) - 0.5 * (2.0f64 / 12.0).ln()).abs() < 1e-12);
    }
}

#[cfg(test)]
mod purchase_tests {
    use super::*;
    use crate::table::{Column, Key, Numbers};

    fn ms(s: &str) -> f64 {
        crate::time::parse_instant(s).unwrap()
    }

    fn run(rows: &[(&str, &str, f64)], options: &PurchaseOptions) -> Result<PurchaseMetrics> {
        let mut names: Vec<String> = Vec::new();
        let codes: Vec<u32> = rows
            .iter()
            .map(|r| match names.iter().position(|n| n == r.0) {
                Some(i) => i as u32,
                None => {
                    names.push(r.0.to_string());
                    (names.len() - 1) as u32
                }
            })
            .collect();
        let at: Vec<f64> = rows.iter().map(|r| ms(r.1)).collect();
        let amount: Vec<f64> = rows.iter().map(|r| r.2).collect();
        let mut t = Table::new(&TRANSACTIONS, rows.len());
        t.set(0, Column::Keys { codes, keys: names.into_iter().map(|n| Key::Str(n.into())).collect() })?;
        t.set(1, Column::Numbers(Numbers::F64(&at)))?;
        t.set(2, Column::Numbers(Numbers::F64(&amount)))?;
        purchase_metrics(&t, options, None)
    }

    #[test]
    fn shop_kpis_by_hand() {
        let rows = [
            ("A", "2026-01-01T00:00:00Z", 10.0),
            ("A", "2026-05-20T00:00:00Z", 30.0),
            ("B", "2026-02-01T00:00:00Z", 50.0),
            ("C", "2026-04-01T00:00:00Z", 5.0),
            ("C", "2026-04-10T00:00:00Z", 5.0),
            ("D", "2026-07-01T00:00:00Z", 99.0),
        ];
        let o = PurchaseOptions { as_of: Some(ms("2026-06-01T00:00:00Z")), ..PurchaseOptions::default() };
        let m = run(&rows, &o).unwrap();
        // A: 12 days since the last order (active); B: 120 (churned); C: 52 (at risk, 45–90); D after asOf.
        assert_eq!((m.customers.total, m.customers.active, m.customers.at_risk, m.customers.churned), (3, 1, 1, 1));
        assert_eq!(m.per_customer.status, vec!["active", "churned", "at-risk"]);
        assert_eq!((m.orders, m.revenue), (5, 100.0));
        assert_eq!(m.repeat_purchase_rate.count, 2);
        assert_eq!(m.purchase_frequency, Some(5.0 / 3.0));
        assert_eq!(m.average_order_value, Some(20.0));
        assert_eq!(m.historical_clv, Some(100.0 / 3.0));
        // By the customer's own gaps: E's gaps 10, 10, 40 days → median 10,
        // 80th percentile 28 (type 7); 10 days quiet on 1 June: at risk (≥ 10);
        // 29 days on 20 June: churned.
        let e = [
            ("E", "2026-03-23T00:00:00Z", 1.0),
            ("E", "2026-04-02T00:00:00Z", 1.0),
            ("E", "2026-04-12T00:00:00Z", 1.0),
            ("E", "2026-05-22T00:00:00Z", 1.0),
        ];
        let g = PurchaseOptions { inactive_after: Some(InactiveAfter { gap_percentile: 0.8 }), ..o.clone() };
        let m = run(&e, &g).unwrap();
        assert_eq!(m.per_customer.days_since_last.0, vec![10.0]);
        assert_eq!(m.per_customer.status, vec!["at-risk"]);
        let m = run(&e, &PurchaseOptions { as_of: Some(ms("2026-06-20T00:00:00Z")), ..g }).unwrap();
        assert_eq!(m.per_customer.status, vec!["churned"]);
    }
}

#[cfg(test)]
mod degenerate_tests {
    use super::*;
    use crate::table::{Column, Numbers};

    fn fit(x: &[f64], tx: &[f64], t: &[f64], h: f64, model: Model) -> Result<BgNbdResult> {
        let mut tb = Table::new(&SCHEMA, x.len());
        tb.set(0, Column::Numbers(Numbers::F64(x)))?;
        tb.set(1, Column::Numbers(Numbers::F64(tx)))?;
        tb.set(2, Column::Numbers(Numbers::F64(t)))?;
        bg_nbd_fit(&tb, &BgNbdOptions { horizon: Some(h), model, ..Default::default() })
    }

    /// Fits whose maximum is at the edge of the parameter space (r and α,
    /// or a and b, running off together; a single customer) gave negative,
    /// infinite or NaN expected purchases, reported as converged: the
    /// likelihood and predictions subtracted logarithms of numbers near
    /// 10²⁰ and summed ₂F₁ past 10³⁰⁸. Every output must be a finite number
    /// ≥ 0, or the fit an error.
    #[test]
    fn expected_purchases_where_a_plus_b_is_one() {
        // BG/NBD, no repeat purchase, a + b = 1 exactly: c = 0, where the
        // formula is 0/0 (NaN before). The limit equals the values on
        // either side.
        for (r, alpha, a, t, h) in [(0.5, 4.0, 0.25, 10.0, 20.0), (2.0, 30.0, 0.6, 52.0, 39.0), (0.243, 4.414, 0.9, 1.0, 500.0)] {
            let b = 1.0 - a;
            assert_eq!(a + b, 1.0);
            let at = expected_purchases(Model::BgNbd, [r, alpha, a, b], (0.0, 0.0, t), h);
            let (lo, hi) = (expected_purchases(Model::BgNbd, [r, alpha, a, b - 1e-7], (0.0, 0.0, t), h), expected_purchases(Model::BgNbd, [r, alpha, a, b + 1e-7], (0.0, 0.0, t), h));
            assert!(at.is_finite() && at > 0.0, "{at}");
            assert!(((at - (lo + hi) / 2.0) / at).abs() < 1e-6, "{at} between {lo} and {hi}");
        }
    }

    type Case4 = (Model, [f64; 4], Customer, f64, f64);

    fn mpmath_cases() -> Vec<Case4> {
        vec![
            (Model::MbgNbd, [0.017135341927034697, 0.11683202120786748, 6.802591207724758e-12, 60931081319.06307], (12.0, 9.5880612009869, 22.84006098904726), 34.01788057762645, 17.807177772890835),
            (Model::MbgNbd, [8.054028691518162, 3.5049338254350344, 1.5324929609896322e-16, 17085830817.012394], (14.0, 2.8543546507879882, 22.436174691590598), 35.27754903044625, 29.99147387911633),
            (Model::MbgNbd, [0.3630524065880328, 0.17451079770796296, 1.4279426535549137e-17, 941191094839.692], (14.0, 21.617562861613212, 22.04763682361911), 39.45022958592337, 25.498242773382717),
            (Model::MbgNbd, [10.71761120418498, 267.5789994985298, 1.0, 7055543432104.569], (15.0, 30.44353484782077, 48.33206860690239), 47.599314663945165, 3.874953402086348),
            (Model::BgNbd, [0.016204174459464905, 154.20059424889743, 1.0, 6.258578560354448], (6.0, 26.72258573536324, 27.12178021131078), 46.1943676415453, 1.3195039324170885),
            (Model::BgNbd, [0.06300676481617831, 17.27688216866939, 1.0, 11.79003457315834], (6.0, 12.862361664389699, 17.173053857965876), 4.242344016765919, 0.6436839595782304),
            (Model::BgNbd, [0.36565880418181124, 0.3691309981424511, 0.2655343979560163, 283.0756153533829], (12.0, 36.90192780364986, 38.24994058155924), 39.26995975867705, 12.481311487819118),
            (Model::BgNbd, [1.516874254788795, 212.22986675303167, 0.0019241642448971962, 0.015075228454829228], (0.0, 0.0, 52.83411586579389), 46.70869355194027, 0.26172872535441394),
            (Model::MbgNbd, [0.3482241671051887, 234.2655964460502, 0.2167996198951324, 15.902248639964096], (2.0, 13.828056134059278, 30.236502556304103), 16.761957689866765, 0.14656996716515858),
            // r + x > c, with α ≫ h (little heterogeneity: the Pfaff form),
            // at up to 90 digits.
            (Model::BgNbd, [403283921331.7602, 1918530622576.084, 1.1255341820893575e-17, 174241110.53525293], (6.0, 0.5973554966726015, 10.154905682138875), 49.147325657740616, 10.330992886524342),
            (Model::BgNbd, [535.2809555077713, 567.9548484133576, 0.7602796981333089, 23.071740540332513], (4.0, 13.85454793811713, 25.68079342911857), 52.93353942576775, 0.020860778531769732),
            (Model::BgNbd, [3.5231309050544206e+19, 5.9673127668745036e+19, 0.462861478994998, 4489532009.546275], (13.0, 3.657692057052069, 5.474366391680105), 28.228447955536975, 16.666214955337608),
            (Model::MbgNbd, [191352472273.97604, 1000871199491.9343, 5.444286611009003e-19, 1069.533784795931], (8.0, 16.871047308597937, 47.34467512729737), 21.851400552550672, 4.17767992572776),
        ]
    }

    #[test]
    fn expected_purchases_against_mpmath() {
        // (model, [r, α, a, b], (x, tₓ, T), horizon, value): the module
        // notes' formula evaluated by mpmath (hyp2f1) at 60 digits, and at
        // 220 digits with a = 1 + 10⁻¹⁰⁰ for a = 1. With a ≪ 1 ≪ b (a narrow
        // drop-out distribution, where fits of few repeat buyers go) the
        // direct form gave ±10⁹ for values of 20 to 30; at a = 1, NaN.
        for (model, p, c, h, want) in mpmath_cases() {
            let got = expected_purchases(model, p, c, h);
            assert!(((got - want) / want).abs() < 1e-11, "{model:?} {p:?} {c:?} {h}: {got} against {want}");
        }
    }

    /// Horizons far beyond α + T (z next to 1: ₂F₁'s series needed more
    /// than its million-term cap, and gave 10⁹, −301 or NaN), drop-out
    /// shapes a next to 1 or near 0, and r large. Values: the module notes'
    /// formula by mpmath's hyp2f1 at 80 digits, each also matched to 40
    /// digits by quadrature of the Beta average with series at the ends.
    #[test]
    fn expected_purchases_far_beyond_the_data() {
        let cases = [
            (Model::BgNbd, [0.243, 4.414, 0.793, 2.426], (2.0, 30.43, 38.86), 1e6, 87.32804004651051),
            (Model::BgNbd, [0.5, 10.0, 1.7e-7, 4.3e5], (3.0, 8.0, 10.0), 1e8, 17499991.209909074),
            (Model::BgNbd, [1.2, 3.0, 1.0, 2.0], (1.0, 2.0, 5.0), 8e5, 13.882446914684397),
            (Model::MbgNbd, [0.7, 2.0, 1.0 + f64::EPSILON, 3.0], (2.0, 3.0, 6.0), 1e7, 46.02834469876621),
            (Model::MbgNbd, [2.0, 1.0, 0.5, 0.5], (0.0, 0.0, 5.0), 1e12, 33101.15868629226),
            (Model::BgNbd, [1e6, 1e6, 2.0, 3.0], (4.0, 7.0, 9.0), 1e9, 2.310136374240717),
            (Model::BgNbd, [0.3, 0.5, 0.02, 0.01], (0.0, 0.0, 20.0), 3e4, 128.75014209816638),
            (Model::MbgNbd, [3.0, 40.0, 50.0, 80.0], (5.0, 30.0, 50.0), 2e6, 0.5109184141148972),
            // z rounds to 1 (the series' term count was estimated as −∞,
            // and they gave 10⁻⁶ off, then ∞): values by the quadrature.
            (Model::BgNbd, [0.5811609061789285, 16.15724595666442, 1.3022969393462476e-6, 1149915.2716179048], (0.0, 0.0, 10.0), 1e100, 2.2211832455841497e+98),
            (Model::BgNbd, [0.5811609061789285, 16.15724595666442, 1.3022969393462476e-6, 1149915.2716179048], (0.0, 0.0, 10.0), 1e300, 2.2198515349431315e+298),
        ];
        for (model, p, c, h, want) in cases {
            let got = expected_purchases(model, p, c, h);
            assert!(((got - want) / want).abs() < 1e-11, "{model:?} {p:?} {c:?} {h}: {got} against {want}");
        }
    }

    /// The quadrature alone, on the cases the series serve too.
    #[test]
    fn the_beta_average_by_quadrature_equals_the_closed_form() {
        for (model, [r, alpha, a, b], (x, t_x, t), h, want) in mpmath_cases() {
            let big_b = b + x + if model == Model::MbgNbd { 1.0 } else { 0.0 };
            let got = purchases_integral(a, big_b, r + x, h / (alpha + t)) * p_alive(model, [r, alpha, a, b], (x, t_x, t));
            assert!(((got - want) / want).abs() < 1e-11, "{model:?} {:?}: {got} against {want}", [r, alpha, a, b]);
        }
    }

    #[test]
    fn degenerate_fits_give_finite_non_negative_predictions() {
        // (frequency, recency, T, horizon) of each data set.
        type Case = (Vec<f64>, Vec<f64>, Vec<f64>, f64);
        let mut cases: Vec<Case> = vec![
            (vec![0.0, 1.0, 2.0, 5.0, 0.0], vec![0.0, 3.0, 10.0, 20.0, 0.0], vec![5.0, 10.0, 30.0, 30.0, 2.0], 10.0),
            (vec![3.0], vec![0.019], vec![1.9], 17.0),
            (vec![1.0, 1.0], vec![4.0, 4.0], vec![5.0, 5.0], 10.0),
        ];
        let mut seed: u64 = 5;
        let mut rnd = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..500 {
            let n = 1 + (rnd() * 6.0) as usize;
            let (mut x, mut tx, mut t) = (vec![], vec![], vec![]);
            for _ in 0..n {
                let tt = 0.01 + rnd() * 50.0;
                let xx = if rnd() < 0.4 { 0.0 } else { (rnd() * 12.0).floor() };
                tx.push(if xx == 0.0 { 0.0 } else { rnd() * tt });
                x.push(xx);
                t.push(tt);
            }
            cases.push((x, tx, t, rnd() * 40.0));
        }
        for (x, tx, t, h) in &cases {
            for model in [Model::BgNbd, Model::MbgNbd] {
                let Ok(f) = fit(x, tx, t, *h, model) else { continue };
                let e = f.expected_purchases.unwrap().0;
                let ok = e.iter().chain(&f.p_alive.0).all(|v| v.is_finite() && *v >= 0.0) && [f.r, f.alpha, f.a, f.b, f.log_likelihood].iter().all(|v| v.is_finite());
                assert!(ok, "{model:?} {x:?} {tx:?} {t:?} h {h}: r {} α {} a {} b {}, P(alive) {:?}, expected {e:?}", f.r, f.alpha, f.a, f.b, f.p_alive.0);
            }
        }
    }

    #[test]
    fn no_repeat_purchase_is_not_enough_data() {
        for model in [Model::BgNbd, Model::MbgNbd] {
            let e = fit(&[0.0, 0.0, 0.0], &[0.0; 3], &[5.0, 6.0, 7.0], 10.0, model).unwrap_err();
            assert_eq!(e.code(), "NOT_ENOUGH_DATA", "{e}");
        }
    }
}
