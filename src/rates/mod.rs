//! Rates of successes out of trials, and the comparison of two.
//!
//! - [`conversion_rate`] (`conversionRate`): conversions ÷ visitors, in
//!   percent, with a binomial interval: Wilson (default), Agresti–Coull,
//!   Jeffreys or Clopper–Pearson ([`proportion_interval`]).
//! - [`compare_rates`] (`compareRates`): an A/B comparison, B − A. The
//!   difference with Newcombe's hybrid score interval, the relative lift with
//!   Katz's log interval, the pooled two-proportion z test, and the Bayesian
//!   view under uniform priors: P(B beats A) by Evan Miller's closed form
//!   and the expected loss of each choice.
//! - [`cart_abandonment`] (`cartAbandonment`): 1 − orders ÷ carts (or ÷
//!   checkouts), in percent.
//!
//! Each input is counts (`{ successes, trials }` or `{ conversions,
//! visitors }`) or outcomes: an array of `true`/`false` or 1/0 (a typed
//! array too), one per trial.

use crate::error::{num, Error, Result};
use crate::kpi::{check_level, share, ConfidenceInterval, InvalidEntry, InvalidPolicy, Rejects, Side, Summary};
use crate::stats::{beta_density, incomplete_beta, ln_beta, normal_cdf, two_proportions, wilson, z_critical, Bounds};
use crate::table::{Field, Kind, Schema, Table};
use crate::wire::args::field_path;
use serde::{Deserialize, Serialize};

#[cfg(test)]
mod tests;

/// Outcomes, one per trial: `true`/`false` or 1/0.
pub const OUTCOMES: Schema<'static> = Schema { name: "outcomes", fields: &[Field { name: "outcome", kind: Kind::Bool, required: true }], text_cells: false };

/// The input of a rate: counts or outcomes.
pub type Input<'a> = Side<'a, Trials>;

/// Successes out of trials.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trials {
    /// Successes (conversions).
    pub successes: f64,
    /// Trials (visitors).
    pub trials: f64,
}

/// A count given by the caller: the survey counts' rule (a whole number
/// from 0 to 2⁵³ − 1).
pub(crate) fn count(v: f64, field: impl Into<std::borrow::Cow<'static, str>>) -> Result<f64> {
    crate::survey::check_count(field, None, v)
}

/// [`count`] of field `key` of the argument `object` (named by
/// [`field_path`] only for an error).
fn count_of(v: f64, object: &str, key: &str) -> Result<f64> {
    crate::survey::check_count_named(v, None, || field_path(object, key).into())
}

impl Summary for Trials {
    /// Either naming: `{ successes, trials }` or `{ conversions, visitors }`
    /// (so a `conversionRate` result is also a side).
    const FIELDS: &'static [(&'static str, bool)] = &[("successes", false), ("trials", false), ("conversions", false), ("visitors", false)];
    const EXPECTED: &'static str = "{ successes, trials }, { conversions, visitors }, or an array of outcomes (true/false or 1/0)";
    const ANSWERS: &'static Schema<'static> = &OUTCOMES;
    fn from_fields(v: &[Option<f64>], side: &str) -> Result<Self> {
        let (s, t) = match (v[0], v[1], v[2], v[3]) {
            (Some(s), Some(t), None, None) => ((s, "successes"), (t, "trials")),
            (None, None, Some(s), Some(t)) => ((s, "conversions"), (t, "visitors")),
            _ => {
                return Err(Error::InvalidType {
                    field: side.to_string().into(),
                    index: None,
                    expected: Self::EXPECTED.into(),
                    found: "an object without one of those pairs of counts".into(),
                })
            }
        };
        let successes = count_of(s.0, side, s.1)?;
        let trials = count_of(t.0, side, t.1)?;
        if successes > trials {
            return Err(Error::InvalidValue {
                field: field_path(side, s.1).into(),
                index: None,
                detail: format!("({}) is more than {} ({})", num(successes), t.1, num(trials)).into(),
            });
        }
        Ok(Trials { successes, trials })
    }
}

/// The successes and trials of a side, and what was skipped.
///
/// # Errors
/// Under `invalid: "error"`, the first outcome that is not true/false or
/// 1/0 (`INVALID_VALUE`; `NOT_A_NUMBER` for what is not a number at all).
pub fn tally(side: &Side<'_, Trials>, policy: InvalidPolicy) -> Result<(Trials, Rejects)> {
    let mut rejects = Rejects::new(policy);
    let t = match side {
        Side::Summary(t) => *t,
        Side::Answers(table) => tally_outcomes(table, &mut rejects)?,
    };
    Ok((t, rejects))
}

fn tally_outcomes(table: &Table<'_>, rejects: &mut Rejects) -> Result<Trials> {
    let Some(values) = table.values(0) else { return Ok(Trials { successes: 0.0, trials: 0.0 }) };
    let mut problems = table.problem_cursor();
    let (mut s, mut n) = (0u64, 0u64);
    for (i, &x) in values.iter().enumerate() {
        if let Some(e) = problems.first_at(i) {
            rejects.reject(i, e.clone())?;
            continue;
        }
        if x == 1.0 || x == 0.0 {
            s += (x == 1.0) as u64;
            n += 1;
        } else {
            let detail = format!("is {}; outcomes are true/false or 1/0", num(x));
            rejects.reject(i, Error::InvalidValue { field: OUTCOMES.name.into(), index: Some(i), detail: detail.into() })?;
        }
    }
    Ok(Trials { successes: s as f64, trials: n as f64 })
}

/// A binomial confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntervalMethod {
    /// Wilson's score interval (the default; Brown, Cai & DasGupta 2001
    /// recommend it, and it never leaves [0, 1]).
    #[default]
    Wilson,
    /// Agresti & Coull's "add z²/2 successes and failures" interval.
    AgrestiCoull,
    /// The Bayesian interval under the Jeffreys prior Beta(½, ½).
    Jeffreys,
    /// Clopper & Pearson's exact (conservative) interval.
    ClopperPearson,
}

impl IntervalMethod {
    /// The method's name in results.
    pub fn name(self) -> &'static str {
        match self {
            IntervalMethod::Wilson => "wilson",
            IntervalMethod::AgrestiCoull => "agresti-coull",
            IntervalMethod::Jeffreys => "jeffreys",
            IntervalMethod::ClopperPearson => "clopper-pearson",
        }
    }
}

/// The `p` quantile of Beta(a, b) (a, b > 0): the root of Iₓ(a, b) = p
/// ([`incomplete_beta`]) to the precision of f64, by Newton's method on a
/// bracket (the density is [`beta_density`]): a step that leaves the
/// bracket, or shrinks it too little, is a bisection instead (geometric
/// while the bracket spans decades, so tiny quantiles are reached in a few
/// dozen steps), from the normal approximation. It stops when the bracket
/// is two neighbouring numbers, or when Newton's step no longer moves x
/// (about 5–10 evaluations where bisection alone took 60–90).
pub fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    // Start at the normal approximation (the mean when it falls outside
    // (0, 1), as it does for skewed distributions).
    let mean = a / (a + b);
    let sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt();
    let guess = mean + crate::stats::normal_quantile(p) * sd;
    let mut x = if guess > 0.0 && guess < 1.0 { guess } else { mean };
    for _ in 0..1100 {
        let f = incomplete_beta(x, a, b) - p;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let d = beta_density(x, a, b);
        let newton = x - f / d;
        let mid = if lo > 0.0 && hi / lo > 4.0 { (lo * hi).sqrt() } else { 0.5 * (lo + hi) };
        let next = if newton > lo && newton < hi { newton } else { mid };
        if next == x || next <= lo || next >= hi {
            // Newton's step is below x's precision, or the bracket is two
            // neighbouring numbers (only the midpoint can fall on its ends).
            return x;
        }
        x = next;
    }
    x
}

/// The interval of a proportion `x / n` at `level` (fractions; `None` when
/// n = 0). With z the normal quantile at 1 − α/2:
/// - **Wilson** ([`wilson`]): E. B. Wilson, *JASA* 22, 1927.
/// - **Agresti–Coull**: ñ = n + z², p̃ = (x + z²/2)/ñ, p̃ ± z·√(p̃(1 − p̃)/ñ),
///   cut to [0, 1] (A. Agresti & B. A. Coull, "Approximate is better than
///   'exact' for interval estimation of binomial proportions", *The American
///   Statistician* 52, 1998).
/// - **Jeffreys**: the α/2 and 1 − α/2 quantiles of Beta(x + ½, n − x + ½)
///   (Brown, Cai & DasGupta, *Statistical Science* 16, 2001, §4.1.2), as
///   statsmodels' `proportion_confint(method="jeffreys")` computes them
///   (without their boundary modification).
/// - **Clopper–Pearson**: the α/2 quantile of Beta(x, n − x + 1) and the
///   1 − α/2 quantile of Beta(x + 1, n − x); 0 when x = 0 and 1 when x = n
///   (C. J. Clopper & E. S. Pearson, *Biometrika* 26, 1934).
pub fn proportion_interval(x: f64, n: f64, level: f64, method: IntervalMethod) -> Option<Bounds> {
    if !(n > 0.0) {
        return None;
    }
    let alpha = 1.0 - level;
    match method {
        IntervalMethod::Wilson => wilson(x / n, n, level),
        IntervalMethod::AgrestiCoull => {
            let z = z_critical(level);
            let nt = n + z * z;
            let pt = (x + z * z / 2.0) / nt;
            let half = z * (pt * (1.0 - pt) / nt).sqrt();
            Some(Bounds { low: (pt - half).max(0.0), high: (pt + half).min(1.0) })
        }
        IntervalMethod::Jeffreys => Some(Bounds {
            low: beta_quantile(alpha / 2.0, x + 0.5, n - x + 0.5),
            high: upper_quantile(alpha / 2.0, x + 0.5, n - x + 0.5),
        }),
        IntervalMethod::ClopperPearson => Some(Bounds {
            low: if x == 0.0 { 0.0 } else { beta_quantile(alpha / 2.0, x, n - x + 1.0) },
            high: if x == n { 1.0 } else { upper_quantile(alpha / 2.0, x + 1.0, n - x) },
        }),
    }
}

/// The 1 − `tail` quantile of Beta(a, b).
///
/// Where it lies above ½ (the mean a/(a + b) does), or where `tail` is
/// below 1e-6 (levels near 1: 1 − `tail` keeps too few of its digits, 20 %
/// lost at 5e-16, and is 1 within 1e-16), as 1 − the `tail` quantile of
/// Beta(b, a); the direct form there gave 1, or bounds that narrowed as the
/// level rose. Small bounds at ordinary levels keep the direct form, whose
/// relative precision the mirror image would lose in 1 − (a number near 1).
fn upper_quantile(tail: f64, a: f64, b: f64) -> f64 {
    if a / (a + b) >= 0.5 || tail < 1e-6 {
        1.0 - beta_quantile(tail, b, a)
    } else {
        beta_quantile(1.0 - tail, a, b)
    }
}

/// Options of [`conversion_rate`] and [`compare_rates`].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RateOptions {
    /// Confidence level of the interval. Default 0.95.
    pub confidence: f64,
    /// The interval: `"wilson"` (default), `"agresti-coull"`, `"jeffreys"`,
    /// `"clopper-pearson"`.
    pub method: IntervalMethod,
    /// Outcomes that are not true/false or 1/0: `"error"` (default) or
    /// `"skip"`.
    pub invalid: InvalidPolicy,
}

impl Default for RateOptions {
    fn default() -> Self {
        RateOptions { confidence: 0.95, method: IntervalMethod::Wilson, invalid: InvalidPolicy::Error }
    }
}

/// Options of [`cart_abandonment`].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CartOptions {
    /// Confidence level of the interval. Default 0.95.
    pub confidence: f64,
    /// The interval (default Wilson).
    pub method: IntervalMethod,
    /// The denominator: `"cart"` (carts created, the default) or
    /// `"checkout"` (checkouts started).
    pub basis: Basis,
}

impl Default for CartOptions {
    fn default() -> Self {
        CartOptions { confidence: 0.95, method: IntervalMethod::Wilson, basis: Basis::Cart }
    }
}

/// The denominator of cart abandonment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Carts created (Baymard's definition).
    #[default]
    Cart,
    /// Checkouts started.
    Checkout,
}

/// A rate in percent with its interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversionRate {
    /// conversions ÷ visitors, percent; `null` without visitors.
    pub rate: Option<f64>,
    /// Conversions (successes).
    pub conversions: u64,
    /// Visitors (trials).
    pub visitors: u64,
    /// Interval of the rate, percent; `null` without visitors.
    pub confidence_interval: Option<ConfidenceInterval>,
    /// Outcomes left out under `invalid: "skip"`.
    pub skipped: u64,
    /// The first of them, with why.
    pub invalid: Vec<InvalidEntry>,
}

/// The interval of `x / n` in percent, as results give it.
pub fn interval(x: f64, n: f64, level: f64, method: IntervalMethod) -> Option<ConfidenceInterval> {
    proportion_interval(x, n, level, method).map(|b| crate::kpi::percent_interval(b, x, n, method != IntervalMethod::Jeffreys, level, method.name()))
}

/// `conversionRate(input, options)`: conversions ÷ visitors in percent,
/// with the interval of [`proportion_interval`].
///
/// # Errors
/// `INVALID_OPTION` for a level outside (0, 1); bad counts
/// (`INVALID_COUNT`, `INVALID_VALUE` for more conversions than visitors);
/// bad outcomes under `invalid: "error"`.
pub fn conversion_rate(input: &Side<'_, Trials>, options: &RateOptions) -> Result<ConversionRate> {
    let level = check_level(options.confidence)?;
    let (t, rejects) = tally(input, options.invalid)?;
    Ok(ConversionRate {
        rate: share(t.successes, t.trials),
        conversions: t.successes as u64,
        visitors: t.trials as u64,
        confidence_interval: interval(t.successes, t.trials, level, options.method),
        skipped: rejects.skipped,
        invalid: rejects.invalid,
    })
}

/// Cart abandonment counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CartCounts {
    /// Carts created.
    pub carts_created: Option<f64>,
    /// Checkouts started.
    pub checkouts_started: Option<f64>,
    /// Orders completed.
    pub orders_completed: f64,
}

impl<'a> crate::wire::args::Arg<'a> for CartCounts {
    fn read(v: crate::wire::Value<'a>, name: &'static str) -> Result<Self> {
        use crate::wire::{args::number_field, V};
        let V::Object(o) = v.get() else {
            return Err(Error::InvalidType {
                field: name.into(),
                index: None,
                expected: "{ cartsCreated, ordersCompleted } or { checkoutsStarted, ordersCompleted }".into(),
                found: v.describe().into(),
            });
        };
        let optional = |k: &'static str| match o.get(k) {
            Some(x) if !x.is_nullish() => number_field(&o, k, name).map(Some),
            _ => Ok(None),
        };
        Ok(CartCounts {
            carts_created: optional("cartsCreated")?,
            checkouts_started: optional("checkoutsStarted")?,
            orders_completed: number_field(&o, "ordersCompleted", name)?,
        })
    }
}

/// The result of [`cart_abandonment`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CartAbandonment {
    /// Abandoned ÷ the basis, percent; `null` when the basis is 0.
    pub rate: Option<f64>,
    /// Carts (or checkouts) without an order.
    pub abandoned: u64,
    /// The denominator: carts created or checkouts started.
    pub total: u64,
    /// Orders completed.
    pub orders_completed: u64,
    /// `"cart"` or `"checkout"`.
    pub basis: &'static str,
    /// Interval of the rate, percent.
    pub confidence_interval: Option<ConfidenceInterval>,
}

/// `cartAbandonment(counts, options)`: (basis − orders) ÷ basis in percent,
/// the basis being carts created (Baymard Institute's cart abandonment
/// rate, the default) or checkouts started (checkout abandonment), with the
/// interval of [`proportion_interval`].
///
/// # Errors
/// `INVALID_COUNT` for counts that are not whole numbers ≥ 0;
/// `MISSING_FIELD` for the basis's count; `INVALID_VALUE` for counts out
/// of the funnel's order (orders ≤ checkouts ≤ carts, among those given).
pub fn cart_abandonment(c: &CartCounts, options: &CartOptions) -> Result<CartAbandonment> {
    let level = check_level(options.confidence)?;
    let (basis, name, field) = match options.basis {
        Basis::Cart => (c.carts_created, "cart", "cartsCreated"),
        Basis::Checkout => (c.checkouts_started, "checkout", "checkoutsStarted"),
    };
    let Some(total) = basis else { return Err(Error::MissingField { field: format!("counts.{field}").into(), index: None }) };
    let total = count_of(total, "counts", field)?;
    let orders = count(c.orders_completed, "counts.ordersCompleted")?;
    // Every count given follows the funnel: orders ≤ checkouts ≤ carts
    // (the one not used as the basis too: a mistake in it is a mistake).
    let carts = c.carts_created.map(|v| count_of(v, "counts", "cartsCreated")).transpose()?;
    let checkouts = c.checkouts_started.map(|v| count_of(v, "counts", "checkoutsStarted")).transpose()?;
    let more = |what: &str, a: f64, than: &str, b: f64| Error::InvalidValue {
        field: format!("counts.{what}").into(),
        index: None,
        detail: format!("({}) is more than {than} ({})", num(a), num(b)).into(),
    };
    if let (Some(carts), Some(checkouts)) = (carts, checkouts) {
        if checkouts > carts {
            return Err(more("checkoutsStarted", checkouts, "cartsCreated", carts));
        }
    }
    if orders > total {
        return Err(more("ordersCompleted", orders, field, total));
    }
    if let Some(checkouts) = checkouts {
        if orders > checkouts {
            return Err(more("ordersCompleted", orders, "checkoutsStarted", checkouts));
        }
    }
    let abandoned = total - orders;
    Ok(CartAbandonment {
        rate: share(abandoned, total),
        abandoned: abandoned as u64,
        total: total as u64,
        orders_completed: orders as u64,
        basis: name,
        confidence_interval: interval(abandoned, total, level, options.method),
    })
}

/// The expected loss of each choice, percentage points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ExpectedLoss {
    /// E[max(rate B − rate A, 0)]: what choosing A costs if B is better.
    pub a: f64,
    /// E[max(rate A − rate B, 0)]: what choosing B costs if A is better.
    pub b: f64,
}

/// The result of [`compare_rates`]: B against A.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateComparison {
    /// Side A's rate.
    pub rate_a: ConversionRate,
    /// Side B's rate.
    pub rate_b: ConversionRate,
    /// B − A, percentage points.
    pub difference: Option<f64>,
    /// Newcombe's hybrid score interval of B − A, percentage points.
    pub difference_interval: Option<ConfidenceInterval>,
    /// B ÷ A − 1, percent; `null` when A's rate is 0.
    pub relative_lift: Option<f64>,
    /// Katz's log interval of the lift, percent; `null` when either side
    /// has no successes.
    pub relative_lift_interval: Option<ConfidenceInterval>,
    /// The pooled two-proportion z statistic of B − A.
    pub z: Option<f64>,
    /// Its two-sided p-value.
    pub p_value: Option<f64>,
    /// `pValue < 1 − confidence`.
    pub significant: Option<bool>,
    /// P(rate B > rate A) under Beta(1 + successes, 1 + failures)
    /// posteriors, a probability (0–1).
    pub probability_b_beats_a: Option<f64>,
    /// Expected loss of choosing each side, percentage points.
    pub expected_loss: Option<ExpectedLoss>,
    /// How the posterior figures were computed: `"exact"` (the closed form)
    /// or `"normal"` (a normal approximation of the posteriors, for
    /// samples whose closed form runs over more than [`MAX_EXACT_TERMS`]
    /// terms).
    pub posterior_method: Option<&'static str>,
    /// Confidence level of the test and intervals.
    pub level: f64,
}

/// The closed forms run over as many terms as the smallest of the four
/// posterior parameters (only those near the peak are added: see
/// [`prob_greater`]); past this, the normal approximation is used, which
/// is then as close as the doubles that hold the peak term's logarithm.
pub const MAX_EXACT_TERMS: f64 = 2e7;

/// `compareRates(a, b, options)`: B against A.
///
/// - **Difference** B − A with Newcombe's hybrid score interval (R. G.
///   Newcombe, *Statistics in Medicine* 17, 1998, method 10), and the
///   pooled two-proportion z test ([`two_proportions`]).
/// - **Relative lift** B/A − 1 with Katz's log interval: exp(ln(p̂_B/p̂_A) ±
///   z·√(1/x_B − 1/n_B + 1/x_A − 1/n_A)) − 1 (D. Katz et al., "Obtaining
///   confidence intervals for the risk ratio in cohort studies", *Biometrics*
///   34, 1978).
/// - **P(B beats A)** under Beta(1 + s, 1 + f) posteriors, exactly, by Evan
///   Miller's closed form ([`prob_greater`]); **expected loss** of each
///   choice (C. Stucchio, *Bayesian A/B Testing at VWO*, 2015, §5),
///   rewritten by Miller's recurrence so that no two sums are subtracted.
///
/// # Errors
/// As [`conversion_rate`], for each side.
pub fn compare_rates(a: &Side<'_, Trials>, b: &Side<'_, Trials>, options: &RateOptions) -> Result<RateComparison> {
    let level = check_level(options.confidence)?;
    // (Outcomes of either side are `a` or `b` in errors, not "outcomes".)
    let rate_a = conversion_rate(a, options).map_err(|e| e.renamed(OUTCOMES.name, "a"))?;
    let rate_b = conversion_rate(b, options).map_err(|e| e.renamed(OUTCOMES.name, "b"))?;
    let (xa, na, xb, nb) = (rate_a.conversions as f64, rate_a.visitors as f64, rate_b.conversions as f64, rate_b.visitors as f64);
    let change = two_proportions(xb, nb, xa, na, level);
    let z = z_critical(level);
    let (pa, pb) = (xa / na, xb / nb);
    let relative_lift = (na > 0.0 && nb > 0.0 && xa > 0.0).then(|| 100.0 * (pb / pa - 1.0));
    let relative_lift_interval = (na > 0.0 && nb > 0.0 && xa > 0.0 && xb > 0.0).then(|| {
        let se = (1.0 / xb - 1.0 / nb + 1.0 / xa - 1.0 / na).max(0.0).sqrt();
        let l = (pb / pa).ln();
        ConfidenceInterval { low: 100.0 * ((l - z * se).exp() - 1.0), high: 100.0 * ((l + z * se).exp() - 1.0), level, method: "katz-log" }
    });
    let posterior = (na > 0.0 && nb > 0.0).then(|| posterior(1.0 + xa, 1.0 + na - xa, 1.0 + xb, 1.0 + nb - xb));
    Ok(RateComparison {
        difference: change.difference,
        difference_interval: change.confidence_interval,
        relative_lift,
        relative_lift_interval,
        z: change.z,
        p_value: change.p_value,
        significant: change.significant,
        probability_b_beats_a: posterior.map(|p| p.0),
        expected_loss: posterior.map(|p| p.1),
        posterior_method: posterior.map(|p| p.2),
        level,
        rate_a,
        rate_b,
    })
}

/// P(B > A) and the expected losses for posteriors A ~ Beta(a1, b1), B ~
/// Beta(a2, b2) (whole parameters).
fn posterior(a1: f64, b1: f64, a2: f64, b2: f64) -> (f64, ExpectedLoss, &'static str) {
    let (ma, mb) = (a1 / (a1 + b1), a2 / (a2 + b2));
    if a1.min(b1).min(a2).min(b2) + 1.0 > MAX_EXACT_TERMS {
        // Normal approximation of each posterior: D = A − B ~ N(μ, σ²);
        // E[max(D, 0)] = μΦ(μ/σ) + σφ(μ/σ).
        let var = |a: f64, b: f64| a * b / ((a + b) * (a + b) * (a + b + 1.0));
        let (mu, sd) = (ma - mb, (var(a1, b1) + var(a2, b2)).sqrt());
        let pos = |m: f64| if sd > 0.0 { m * normal_cdf(m / sd) + sd * (-0.5 * (m / sd).powi(2)).exp() / (2.0 * std::f64::consts::PI).sqrt() } else { m.max(0.0) };
        let p = if sd > 0.0 { normal_cdf(-mu / sd) } else { 0.5 };
        return (p, ExpectedLoss { a: 100.0 * pos(-mu), b: 100.0 * pos(mu) }, "normal");
    }
    // p = P(B > A) and q = P(A > B), each to its own relative precision.
    let (p, q) = prob_greater_and_not(a1, b1, a2, b2);
    // Stucchio's loss of choosing B: E[max(A − B, 0)] = E[A]·P(A' > B) −
    // E[B]·P(A > B'), with A' ~ Beta(a1 + 1, b1), B' ~ Beta(a2 + 1, b2)
    // (the size-biased posteriors). Miller's sum grows by one closed-form
    // term when its last parameter does, so P(A' > B) = q + T₁ and
    // P(A > B') = q − T₂, and E[A]·T₁ + E[B]·T₂ = G·(1/(a1 + b1) +
    // 1/(a2 + b2)) with G = B(a1 + a2, b1 + b2)/(B(a1, b1)·B(a2, b2)):
    //   E[max(A − B, 0)] = (E[A] − E[B])·q + G·(1/(a1 + b1) + 1/(a2 + b2)),
    // and the loss of choosing A the same with A and B swapped:
    //   E[max(B − A, 0)] = (E[B] − E[A])·p + G·(1/(a1 + b1) + 1/(a2 + b2)).
    // (Checked against a numerical integration of the posteriors.) The two
    // sums near E[A]·½ that the first form subtracts agree to about 10⁻⁹
    // at 10⁸ trials, which left the loss 10⁻⁵ off; this has no such
    // difference. Each loss takes the probability it is small with (a
    // small loss from 1 − p, or from the other loss minus E[A] − E[B],
    // was the rounding of the larger one: 36 times too large at 10⁻¹³).
    let mean_gap = (a1 * b2 - a2 * b1) / ((a1 + b1) * (a2 + b2));
    let g = (ln_beta(a1 + a2, b1 + b2) - ln_beta(a1, b1) - ln_beta(a2, b2)).exp() * (1.0 / (a1 + b1) + 1.0 / (a2 + b2));
    let loss_b = (mean_gap * q + g).max(0.0);
    let loss_a = (g - mean_gap * p).max(0.0);
    (p, ExpectedLoss { a: 100.0 * loss_a, b: 100.0 * loss_b }, "exact")
}

/// P(X₂ > X₁) for X₁ ~ Beta(a1, b1) and X₂ ~ Beta(a2, b2) independent, with
/// whole parameters, by Evan Miller's closed form ("Formulas for Bayesian
/// A/B testing", 2015):
///
/// P = Σ_{i=0}^{a2−1} h(i), h(i) = B(a1 + i, b1 + b2) / ((b2 + i)·B(1 + i, b2)·B(a1, b1)).
///
/// See [`prob_greater_and_not`], which this is the first of.
pub fn prob_greater(a1: f64, b1: f64, a2: f64, b2: f64) -> f64 {
    prob_greater_and_not(a1, b1, a2, b2).0
}

/// (P(X₂ > X₁), P(X₁ > X₂)) as in [`prob_greater`], each to its own
/// relative precision: the smaller is a sum of positive terms (never 1
/// minus a sum, which left an error of about 10⁻¹¹ in a probability of
/// 10⁻¹² or in 1 − P next to 1), the larger 1 minus it.
///
/// Each is a sum over either of two parameters (by X ↦ 1 − X, with
/// 1 − X ~ Beta(b, a)): P(X₂ > X₁) over a2 or b1, P(X₁ > X₂) over a1 or b2;
/// the shorter is taken. P(X₂ > X₁) is summed first; past ½, P(X₁ > X₂)
/// is summed too. See [`miller_sum`] for how the terms are added.
pub fn prob_greater_and_not(a1: f64, b1: f64, a2: f64, b2: f64) -> (f64, f64) {
    let greater = if a2 <= b1 { miller_sum(a1, b1, a2, b2) } else { miller_sum(b2, a2, b1, a1) }.clamp(0.0, 1.0);
    if greater <= 0.5 {
        return (greater, 1.0 - greater);
    }
    let not = if a1 <= b2 { miller_sum(a2, b2, a1, b1) } else { miller_sum(b1, a1, b2, a2) }.clamp(0.0, 1.0);
    (1.0 - not, not)
}

/// Evan Miller's sum, over i < a2 (see [`prob_greater`]).
///
/// Successive terms have the ratio ρ(i) = h(i + 1)/h(i) = (a1 + i)(b2 + i)
/// / ((a1 + b1 + b2 + i)(1 + i)), and ρ(i) > 1 exactly when i < i* = (a1·b2
/// − a1 − b1 − b2)/(b1 + 1) (the i² terms cancel): the terms rise to a
/// single peak near i* and fall on both sides. So the sum starts at the
/// peak, whose term alone is worked out from log-beta functions, and adds
/// the terms on each side by the ratio (a multiplication and a division
/// each, relative to the peak's, so none underflows) until they no longer
/// change it: a few thousand terms for millions of trials, where summing
/// from i = 0 would walk every one up to the peak.
fn miller_sum(a1: f64, b1: f64, a2: f64, b2: f64) -> f64 {
    let last = a2 - 1.0;
    if last < 0.0 {
        return 0.0;
    }
    let ratio = |i: f64| (a1 + i) * (b2 + i) / ((a1 + b1 + b2 + i) * (1.0 + i));
    let star = (a1 * b2 - a1 - b1 - b2) / (b1 + 1.0);
    let peak = if star > 0.0 { star.ceil().min(last) } else { 0.0 };
    let ln_peak = ln_beta(a1 + peak, b1 + b2) - (b2 + peak).ln() - ln_beta(1.0 + peak, b2) - ln_beta(a1, b1);
    // Terms relative to the peak's; a side ends when its terms (which only
    // shrink from there) fall below 2⁻⁶⁴ of the sum.
    const NEGLIGIBLE: f64 = 5.421_010_862_427_522e-20;
    let mut s = 1.0f64;
    let (mut t, mut i) = (1.0f64, peak);
    while i < last {
        t *= ratio(i);
        i += 1.0;
        s += t;
        if t < NEGLIGIBLE * s {
            break;
        }
    }
    let (mut t, mut i) = (1.0f64, peak);
    while i >= 1.0 {
        i -= 1.0;
        t /= ratio(i);
        s += t;
        if t < NEGLIGIBLE * s {
            break;
        }
    }
    (ln_peak + s.ln()).exp()
}
