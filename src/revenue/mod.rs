//! Subscription revenue: MRR and its movements, customers, churn, NRR/GRR,
//! quick ratio, ARPA and LTV per period (`revenueMetrics`).
//!
//! - **MRR** (Stripe's glossary; ChartMogul): a subscription's monthly
//!   value, `amount × quantity` normalised by its interval (a year ÷ 12, a
//!   quarter ÷ 3, `"N months"` ÷ N, a week × 52/12). A customer's MRR is
//!   the sum of their active subscriptions. Trials (`status` `"trialing"`,
//!   `"incomplete"`, `"incomplete_expired"`) carry no MRR and make no
//!   customer; `"past_due"` counts as active until `end`.
//! - **Active.** A subscription is active on `[start, stop)`, `stop` being
//!   `end` (or, with `churnAt: "cancel"`, `canceledAt` when earlier); no
//!   `end` means active. A period's state is the state just before its end
//!   (a subscription ending exactly at a period's end is in that period's
//!   ending MRR and churns in the next period). With `zeroPrice: "active"`
//!   (default) a customer with only $0 subscriptions is still a customer;
//!   with `"churned"`, a customer is active only while their MRR is above 0.
//! - **Movements** (ChartMogul's rules; dbt-labs `mrr-playbook`): compare
//!   each customer's state at the start and at the end of the period:
//!   inactive → active is *new* (first time ever) or *reactivation*;
//!   active → inactive is *churn* (of the starting MRR); active → active is
//!   *expansion* or *contraction* by the change (so cancelling one of two
//!   subscriptions is contraction and a second subscription is expansion).
//!   Ending MRR = starting + new + expansion − contraction − churned +
//!   reactivation.
//! - **Customer churn rate** (percent, Wilson interval):
//!   - `"standard"` (ChartMogul's Standard): customers active at the start
//!     and not at the end ÷ customers at the start. A customer who joined
//!     and churned, or churned and came back, within the period is not
//!     counted.
//!   - `"simple"` (Baremetrics): customers with any churn in the period
//!     (the end of one of their active spells) ÷ customers at the start.
//!     It can pass 100 % when customers join and leave within the period;
//!     it then has no interval.
//!   - `"stripe"`: customers with a churn in the 30 days before the
//!     period's end who are not active at its end ÷ (customers active 30
//!     days before the end + customers whose first activation is in those
//!     30 days).
//! - **MRR rates** (percent of starting MRR): gross MRR churn = (churned +
//!   contraction) / start; net MRR churn = (churned + contraction −
//!   expansion − reactivation) / start (negative when expansion wins); NRR
//!   = (start + expansion − contraction − churned) / start; GRR = (start −
//!   contraction − churned) / start. Quick ratio = (new + expansion) /
//!   (contraction + churned) (Mamoon Hamid's SaaS quick ratio). ARPA =
//!   ending MRR / customers at the end. LTV (ChartMogul) = ARPA / the mean
//!   customer churn rate of the `ltv.trailing` (6) periods before, the
//!   current one excluded; `null` when that mean is 0 or unknown.
//! - **Currencies.** Every row in one currency, or `currency` with `fx`
//!   rates (units of `currency` per unit of each other currency);
//!   otherwise `MIXED_CURRENCY` names two rows.

use crate::error::{num, Error, Result};
use crate::kpi::{check_level, InvalidEntry, InvalidPolicy, Merge, Rate, Rejects};
use crate::table::{Column, Field, Key, Kind, Schema, Table, MISSING_LABEL};
use crate::time::{Period, Periods, MAX_MS, MIN_MS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The columns of a subscription, by name.
pub const FIELDS: [&str; 10] =
    ["customerId", "subscriptionId", "start", "end", "amount", "interval", "quantity", "currency", "status", "canceledAt"];
const CUSTOMER: usize = 0;
const SUBSCRIPTION: usize = 1;
const START: usize = 2;
const END: usize = 3;
const AMOUNT: usize = 4;
const INTERVAL: usize = 5;
const QUANTITY: usize = 6;
const CURRENCY: usize = 7;
const STATUS: usize = 8;
const CANCELED: usize = 9;

/// The table `revenueMetrics` reads.
pub const SCHEMA: Schema<'static> = Schema {
    name: "subscriptions",
    fields: &[
        Field { name: FIELDS[CUSTOMER], kind: Kind::Key, required: true },
        Field { name: FIELDS[SUBSCRIPTION], kind: Kind::Key, required: false },
        Field { name: FIELDS[START], kind: Kind::Instant, required: true },
        Field { name: FIELDS[END], kind: Kind::Instant, required: false },
        Field { name: FIELDS[AMOUNT], kind: Kind::Number, required: true },
        Field { name: FIELDS[INTERVAL], kind: Kind::Label, required: true },
        Field { name: FIELDS[QUANTITY], kind: Kind::Number, required: false },
        Field { name: FIELDS[CURRENCY], kind: Kind::Label, required: false },
        Field { name: FIELDS[STATUS], kind: Kind::Label, required: false },
        Field { name: FIELDS[CANCELED], kind: Kind::Instant, required: false },
    ],
    text_cells: false,
};

/// The KPI type of `revenueMetrics`.
pub struct Revenue;

impl crate::wire::args::HasSchema for Revenue {
    const TABLE: &'static Schema<'static> = &SCHEMA;
}

/// When a subscription stops counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChurnAt {
    /// At `end` (the default: a cancelled subscription counts until it ends).
    #[default]
    End,
    /// At `canceledAt`, when the subscription has one.
    Cancel,
}

/// Whether a customer on $0 subscriptions is a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ZeroPrice {
    /// Yes: moving to a free plan is contraction (the default).
    #[default]
    Active,
    /// No: moving to a free plan is churn.
    Churned,
}

/// The definition of the customer churn rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CustomerChurn {
    /// ChartMogul's Standard (the default).
    #[default]
    Standard,
    /// Every churn in the period, as Baremetrics counts.
    Simple,
    /// Stripe's 30-day formula.
    Stripe,
}

/// `ltv` options.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LtvOptions {
    /// Periods whose churn rates are averaged (default 6).
    pub trailing: f64,
}

impl Default for LtvOptions {
    fn default() -> Self {
        LtvOptions { trailing: 6.0 }
    }
}

/// Options of `revenueMetrics`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RevenueOptions {
    /// Period length: `"month"` (default), `"quarter"`, `"year"`, `"week"`.
    pub every: Period,
    /// First instant of the first period (default: the earliest start).
    #[serde(deserialize_with = "crate::kpi::instant_option")]
    pub from: Option<f64>,
    /// An instant in the last period (default: `asOf`).
    #[serde(deserialize_with = "crate::kpi::instant_option")]
    pub to: Option<f64>,
    /// The zone whose months delimit the periods (default UTC).
    pub time_zone: Option<String>,
    /// Now (default: the time of the call): the period containing it is
    /// incomplete.
    #[serde(deserialize_with = "crate::kpi::instant_option")]
    pub as_of: Option<f64>,
    /// When a subscription stops counting.
    pub churn_at: ChurnAt,
    /// Whether $0 customers are customers.
    pub zero_price: ZeroPrice,
    /// The customer churn rate's definition.
    pub customer_churn: CustomerChurn,
    /// The currency of the results; other currencies convert by `fx`.
    pub currency: Option<String>,
    /// Units of `currency` per unit of each other currency.
    pub fx: BTreeMap<String, f64>,
    /// LTV's trailing churn window.
    pub ltv: LtvOptions,
    /// List every movement (default true).
    pub movements: bool,
    /// Confidence level of the churn rate's interval (default 0.95).
    pub confidence: f64,
    /// What to do with an invalid subscription (default: error).
    pub invalid: InvalidPolicy,
}

impl Default for RevenueOptions {
    fn default() -> Self {
        RevenueOptions {
            every: Period::Month,
            from: None,
            to: None,
            time_zone: None,
            as_of: None,
            churn_at: ChurnAt::End,
            zero_price: ZeroPrice::Active,
            customer_churn: CustomerChurn::Standard,
            currency: None,
            fx: BTreeMap::new(),
            ltv: LtvOptions::default(),
            movements: true,
            confidence: 0.95,
            invalid: InvalidPolicy::Error,
        }
    }
}

/// Most periods a call may span.
pub const MAX_PERIODS: usize = 100_000;

impl RevenueOptions {
    fn periods(&self) -> Result<Periods> {
        if !matches!(self.every, Period::Week | Period::Month | Period::Quarter | Period::Year) {
            return Err(Error::option("every", "must be \"week\", \"month\", \"quarter\" or \"year\""));
        }
        let tz = match &self.time_zone {
            Some(name) => crate::time::calendar::time_zone(name, "timeZone")?,
            None => jiff::tz::TimeZone::UTC,
        };
        Periods::new(self.every, 1.0, tz)
    }

    fn validate(&self) -> Result<()> {
        check_level(self.confidence)?;
        for (name, v) in [("from", self.from), ("to", self.to), ("asOf", self.as_of)] {
            if let Some(t) = v {
                crate::time::calendar::timestamp(t, name, None)?;
            }
        }
        if let (Some(a), Some(b)) = (self.from, self.to) {
            if b < a {
                return Err(Error::option("to", "must not be before from"));
            }
        }
        let t = self.ltv.trailing;
        if !(t.fract() == 0.0 && (1.0..=1000.0).contains(&t)) {
            return Err(Error::option("ltv.trailing", format!("must be a whole number of periods from 1 to 1000; got {}", num(t))));
        }
        for (c, &r) in &self.fx {
            if !(r.is_finite() && r > 0.0) {
                return Err(Error::option(format!("fx.{c}"), format!("must be a rate above 0; got {}", num(r))));
            }
        }
        if !self.fx.is_empty() && self.currency.is_none() {
            return Err(Error::option("fx", "converts into `currency`, which is not set"));
        }
        self.periods().map(|_| ())
    }
}

/// One valid subscription.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    /// The customer.
    pub customer: Key,
    /// Active from (epoch ms).
    pub start: f64,
    /// Active until (exclusive; infinite when open).
    pub stop: f64,
    /// Monthly value in the results' currency.
    pub mrr: f64,
}

/// The state: the valid subscriptions seen so far (mergeable by
/// concatenation), and the rejected ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RevenueState {
    /// Rows seen so far (the offset of the next table's indices).
    pub rows: usize,
    /// Valid subscriptions.
    pub subscriptions: Vec<Subscription>,
    /// The results' currency, once a row named one.
    pub currency: Option<(usize, String)>,
    /// Skipped rows.
    pub rejects: Rejects,
}

impl Merge for RevenueState {
    fn merge(&mut self, other: &RevenueState) -> Result<()> {
        if let (Some((i, a)), Some((j, b))) = (&self.currency, &other.currency) {
            if a != b {
                return Err(Error::MixedCurrency { first: *i, second: j + self.rows, a: a.clone(), b: b.clone() });
            }
        }
        if self.currency.is_none() {
            self.currency = other.currency.as_ref().map(|(j, c)| (j + self.rows, c.clone()));
        }
        self.subscriptions.extend(other.subscriptions.iter().cloned());
        self.rejects.extend(other.rejects.clone(), self.rows);
        self.rows += other.rows;
        Ok(())
    }
}

/// The number of months of an interval: `month`, `quarter`, `year`,
/// `week` (12/52), `day` (12/365.25) or `"N months"`, `"N years"`,
/// `"N weeks"` (singular or plural).
pub fn interval_months(s: &str) -> Option<f64> {
    let s = s.trim().to_ascii_lowercase();
    let (n, unit) = match s.split_once(char::is_whitespace) {
        Some((n, unit)) => (n.trim().parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0)?, unit.trim().to_string()),
        None => (1.0, s),
    };
    let unit = unit.strip_suffix('s').unwrap_or(&unit).to_string();
    let months = match unit.as_str() {
        "month" => 1.0,
        "quarter" => 3.0,
        "year" | "annual" => 12.0,
        "week" => 12.0 / 52.0,
        "day" => 12.0 / 365.25,
        _ => return None,
    };
    Some(n * months)
}

/// Statuses that carry no MRR (trials and unfinished sign-ups).
const NOT_PAYING: [&str; 4] = ["trialing", "trial", "incomplete", "incomplete_expired"];

fn invalid(field: usize, index: usize, detail: String) -> Error {
    Error::InvalidValue { field: FIELDS[field].into(), index: Some(index), detail: detail.into() }
}

/// Reads the valid subscriptions of `table` into `s`.
fn add_table(s: &mut RevenueState, table: &Table<'_>, options: &RevenueOptions) -> Result<()> {
    let n = table.len;
    let nan = vec![f64::NAN; n];
    let owned: Vec<Option<std::borrow::Cow<'_, [f64]>>> =
        (0..FIELDS.len()).map(|f| if matches!(SCHEMA.fields[f].kind, Kind::Instant | Kind::Number) { table.values(f) } else { None }).collect();
    let col = |f: usize| owned[f].as_deref().unwrap_or(&nan);
    let keys = |f: usize| match table.columns.get(f).and_then(|c| c.as_ref()) {
        Some(Column::Keys { codes, keys }) => Some((codes.as_slice(), keys.as_slice())),
        _ => None,
    };
    let labels = |f: usize| table.labels(f);
    if n > 0 {
        for f in [CUSTOMER, START, AMOUNT, INTERVAL] {
            if table.columns.get(f).map_or(true, |c| c.is_none()) {
                return Err(Error::MissingField { field: FIELDS[f].into(), index: None });
            }
        }
    }
    let customers = keys(CUSTOMER);
    let subs = keys(SUBSCRIPTION);
    let intervals: Vec<Option<f64>> = labels(INTERVAL).map_or(Vec::new(), |(_, names)| names.iter().map(|s| interval_months(s)).collect());
    let label_at = |f: usize, i: usize| -> Option<&str> {
        let (codes, names) = labels(f)?;
        let c = *codes.get(i)?;
        (c != MISSING_LABEL).then(|| names[c as usize].as_str())
    };
    let mut problems = table.problem_cursor();
    let mut seen: crate::hash::FxHashMap<u32, (usize, Subscription)> = crate::hash::map();
    let mut rejects = Rejects::new(options.invalid);
    let mut out: Vec<Subscription> = Vec::new();
    let mut currency = s.currency.clone();
    for i in 0..n {
        let row = (|| -> Result<Option<Subscription>> {
            if let Some(e) = problems.first_at(i) {
                return Err(e.clone());
            }
            let customer = match customers {
                Some((codes, k)) if codes[i] != MISSING_LABEL => k[codes[i] as usize].clone(),
                _ => return Err(Error::MissingField { field: FIELDS[CUSTOMER].into(), index: Some(i) }),
            };
            let start = col(START)[i];
            if start.is_nan() {
                return Err(Error::MissingField { field: FIELDS[START].into(), index: Some(i) });
            }
            let end = col(END)[i];
            if end < start {
                return Err(invalid(END, i, format!("({}) is before start ({})", crate::time::format_instant(end), crate::time::format_instant(start))));
            }
            let amount = col(AMOUNT)[i];
            if amount.is_nan() {
                return Err(Error::MissingField { field: FIELDS[AMOUNT].into(), index: Some(i) });
            }
            if !(amount.is_finite() && amount >= 0.0) {
                return Err(invalid(AMOUNT, i, format!("is {}; amounts are finite numbers ≥ 0 (refunds and credits are not subscriptions)", num(amount))));
            }
            let quantity = col(QUANTITY)[i];
            if !quantity.is_nan() && !(quantity.is_finite() && quantity >= 0.0) {
                return Err(invalid(QUANTITY, i, format!("is {}; quantities are finite numbers ≥ 0", num(quantity))));
            }
            let months = match labels(INTERVAL).and_then(|(codes, _)| codes.get(i).copied()) {
                Some(c) if c != MISSING_LABEL => match intervals[c as usize] {
                    Some(m) => m,
                    None => {
                        return Err(invalid(
                            INTERVAL,
                            i,
                            format!(
                                "is \"{}\"; intervals are \"month\", \"quarter\", \"year\", \"week\", \"day\" or \"N months\" (\"N years\", \"N weeks\")",
                                crate::error::echo(label_at(INTERVAL, i).unwrap_or(""))
                            ),
                        ))
                    }
                },
                _ => return Err(Error::MissingField { field: FIELDS[INTERVAL].into(), index: Some(i) }),
            };
            // The currency: the results', or converted by fx.
            let mut rate = 1.0;
            if let Some(c) = label_at(CURRENCY, i).map(|c| c.trim().to_ascii_uppercase()) {
                match &options.currency {
                    Some(target) if target.eq_ignore_ascii_case(&c) => {}
                    Some(_) => match options.fx.iter().find(|(k, _)| k.eq_ignore_ascii_case(&c)) {
                        Some((_, &r)) => rate = r,
                        None => {
                            return Err(invalid(CURRENCY, i, format!("is {c}, which is not the results' currency and has no rate in fx")));
                        }
                    },
                    None => match &currency {
                        Some((j, first)) if *first != c => {
                            return Err(Error::MixedCurrency { first: *j, second: i + s.rows, a: first.clone(), b: c });
                        }
                        Some(_) => {}
                        None => currency = Some((i + s.rows, c)),
                    },
                }
            }
            if label_at(STATUS, i).is_some_and(|st| NOT_PAYING.iter().any(|p| st.trim().eq_ignore_ascii_case(p))) {
                return Ok(None);
            }
            let mut stop = if end.is_nan() { f64::INFINITY } else { end };
            let canceled = col(CANCELED)[i];
            if options.churn_at == ChurnAt::Cancel && !canceled.is_nan() {
                if canceled < start {
                    return Err(invalid(CANCELED, i, format!("({}) is before start ({})", crate::time::format_instant(canceled), crate::time::format_instant(start))));
                }
                stop = stop.min(canceled);
            }
            let q = if quantity.is_nan() { 1.0 } else { quantity };
            let sub = Subscription { customer, start, stop, mrr: amount * q * rate / months };
            // The same subscription id twice: the same data, or an error.
            if let Some((codes, _)) = subs {
                let id = codes[i];
                if id != MISSING_LABEL {
                    if let Some((j, first)) = seen.get(&id) {
                        if *first == sub {
                            return Ok(None);
                        }
                        return Err(invalid(SUBSCRIPTION, i, format!("repeats the id of the subscription at index {} with other data", j + s.rows)));
                    }
                    seen.insert(id, (i, sub.clone()));
                }
            }
            Ok(Some(sub))
        })();
        match row {
            Ok(Some(sub)) => out.push(sub),
            Ok(None) => {}
            Err(e) => rejects.reject(i, e)?,
        }
    }
    s.subscriptions.extend(out);
    s.currency = currency;
    s.rejects.extend(rejects, s.rows);
    s.rows += n;
    Ok(())
}

/// Customers at the start and end of a period, and their flows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CustomerFlow {
    /// Active at the start.
    pub start: u64,
    /// Active for the first time.
    pub new: u64,
    /// Active at the start, not at the end.
    pub churned: u64,
    /// Active again after a churn.
    pub reactivated: u64,
    /// Active at the end.
    pub end: u64,
}

/// One period of `revenueMetrics`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevenuePeriod {
    /// Its label (`2026-03`, `2026-Q1`, `2026-W09`, `2026`).
    pub period: String,
    /// Start (epoch ms, inclusive).
    pub period_start: f64,
    /// End (epoch ms, exclusive).
    pub period_end: f64,
    /// Whether the period has ended (before `asOf`).
    pub complete: bool,
    /// MRR at the start.
    pub starting_mrr: f64,
    /// MRR of new customers.
    pub new: f64,
    /// Increases of existing customers.
    pub expansion: f64,
    /// Decreases of existing customers (a positive amount).
    pub contraction: f64,
    /// Starting MRR of churned customers (a positive amount).
    pub churned: f64,
    /// MRR of customers back after a churn.
    pub reactivation: f64,
    /// MRR at the end.
    pub ending_mrr: f64,
    /// Customers.
    pub customers: CustomerFlow,
    /// Customer churn rate, percent, with a Wilson interval.
    pub customer_churn_rate: Rate,
    /// (churned + contraction) / starting MRR, percent.
    pub gross_mrr_churn_rate: Option<f64>,
    /// (churned + contraction − expansion − reactivation) / starting MRR, percent.
    pub net_mrr_churn_rate: Option<f64>,
    /// Net revenue retention, percent.
    pub nrr: Option<f64>,
    /// Gross revenue retention, percent.
    pub grr: Option<f64>,
    /// (new + expansion) / (contraction + churned).
    pub quick_ratio: Option<f64>,
    /// Ending MRR per customer at the end.
    pub arpa: Option<f64>,
    /// ARPA / mean customer churn of the trailing periods.
    pub ltv: Option<f64>,
}

/// One customer's movement in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Movement {
    /// The customer.
    pub customer_id: Key,
    /// The period's label.
    pub period: String,
    /// `new`, `expansion`, `contraction`, `churn` or `reactivation`.
    pub kind: &'static str,
    /// The change of MRR (negative for contraction and churn).
    pub amount: f64,
}

/// The result of `revenueMetrics`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevenueResult {
    /// The currency of every amount, when the data or options name one.
    pub currency: Option<String>,
    /// Valid subscriptions counted (trials and repeated rows excluded).
    pub subscriptions: u64,
    /// Invalid rows left out.
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
    /// Per period, in time order.
    pub periods: Vec<RevenuePeriod>,
    /// Every movement, by period then customer (empty with `movements: false`).
    pub movements: Vec<Movement>,
}

/// A customer's subscriptions, and their active spells.
struct Customer {
    key: Key,
    subs: Vec<(f64, f64, f64)>,
    /// Merged active spells `[from, to)`, by the zero-price rule.
    spells: Vec<(f64, f64)>,
}

impl Customer {
    /// MRR and whether active, just before instant `t`.
    fn at(&self, t: f64, zero: ZeroPrice) -> (f64, bool) {
        let (mut mrr, mut any) = (0.0, false);
        for &(a, b, m) in &self.subs {
            if a < t && b >= t {
                mrr += m;
                any |= zero == ZeroPrice::Active || m > 0.0;
            }
        }
        (mrr, any)
    }
    /// First activation.
    fn first(&self) -> f64 {
        self.spells.first().map_or(f64::INFINITY, |s| s.0)
    }
}

/// `revenueMetrics(subscriptions, options)`.
///
/// # Errors
/// Invalid options; the first invalid row under `invalid: "error"`;
/// `MIXED_CURRENCY`.
pub fn revenue_metrics(table: &Table<'_>, options: &RevenueOptions, now: Option<f64>) -> Result<RevenueResult> {
    options.validate()?;
    let mut s = RevenueState { rejects: Rejects::new(options.invalid), ..RevenueState::default() };
    add_table(&mut s, table, options)?;
    read(&s, options, now)
}

/// The result of a state.
///
/// # Errors
/// Invalid options, or a span of more than [`MAX_PERIODS`] periods.
pub fn read(s: &RevenueState, options: &RevenueOptions, now: Option<f64>) -> Result<RevenueResult> {
    options.validate()?;
    let periods = options.periods()?;
    let as_of = options.as_of.or(now);
    // Customers in order of first appearance.
    let mut index: BTreeMap<KeyOrd, usize> = BTreeMap::new();
    let mut customers: Vec<Customer> = Vec::new();
    for sub in &s.subscriptions {
        let c = *index.entry(KeyOrd(sub.customer.clone())).or_insert_with(|| {
            customers.push(Customer { key: sub.customer.clone(), subs: Vec::new(), spells: Vec::new() });
            customers.len() - 1
        });
        customers[c].subs.push((sub.start, sub.stop, sub.mrr));
    }
    for c in &mut customers {
        let mut spells: Vec<(f64, f64)> =
            c.subs.iter().filter(|s| options.zero_price == ZeroPrice::Active || s.2 > 0.0).filter(|s| s.1 > s.0).map(|s| (s.0, s.1)).collect();
        spells.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f64, f64)> = Vec::new();
        for (a, b) in spells {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        c.spells = merged;
    }
    // The span: from the first start (or `from`) to `to` (or asOf, or the
    // last instant of the data).
    let first = s.subscriptions.iter().map(|x| x.start).fold(f64::INFINITY, f64::min);
    let last_event = s.subscriptions.iter().flat_map(|x| [x.start, x.stop]).filter(|t| t.is_finite()).fold(f64::NEG_INFINITY, f64::max);
    let lo = options.from.unwrap_or(first);
    let hi = options.to.or(as_of).unwrap_or(last_event).max(lo);
    let mut out = RevenueResult {
        currency: options.currency.clone().map(|c| c.to_ascii_uppercase()).or_else(|| s.currency.as_ref().map(|c| c.1.clone())),
        subscriptions: s.subscriptions.len() as u64,
        skipped: s.rejects.skipped,
        invalid: s.rejects.invalid.clone(),
        periods: Vec::new(),
        movements: Vec::new(),
    };
    if !(lo.is_finite() && (MIN_MS..=MAX_MS).contains(&lo) && (MIN_MS..=MAX_MS).contains(&hi)) {
        return Ok(out);
    }
    let (p0, p1) = (periods.id_of(lo)?, periods.id_of(hi)?);
    let mut ids = vec![p0];
    while *ids.last().unwrap_or(&p1) < p1 {
        if ids.len() >= MAX_PERIODS {
            return Err(Error::option("every", format!("makes more than {MAX_PERIODS} periods between from and to; use a longer period")));
        }
        ids.push(periods.next(*ids.last().unwrap_or(&p1))?);
    }
    let level = options.confidence;
    let pct = |a: f64, b: f64| (b > 0.0).then(|| 100.0 * a / b);
    let mut churn_rates: Vec<Option<f64>> = Vec::new();
    for &p in &ids {
        let (start, end) = (periods.start(p)?, periods.end(p)?);
        let label = periods.label(p)?;
        let mut r = RevenuePeriod {
            period: label.clone(),
            period_start: start,
            period_end: end,
            complete: as_of.map_or(true, |t| end <= t),
            starting_mrr: 0.0,
            new: 0.0,
            expansion: 0.0,
            contraction: 0.0,
            churned: 0.0,
            reactivation: 0.0,
            ending_mrr: 0.0,
            customers: CustomerFlow::default(),
            customer_churn_rate: Rate::new(0, 0, level),
            gross_mrr_churn_rate: None,
            net_mrr_churn_rate: None,
            nrr: None,
            grr: None,
            quick_ratio: None,
            arpa: None,
            ltv: None,
        };
        let (mut any_churn, mut stripe_churned, mut stripe_base) = (0u64, 0u64, 0u64);
        let window = end - 30.0 * 86_400_000.0;
        for c in &customers {
            let (m0, a0) = c.at(start, options.zero_price);
            let (m1, a1) = c.at(end, options.zero_price);
            r.starting_mrr += m0;
            r.ending_mrr += m1;
            r.customers.start += a0 as u64;
            r.customers.end += a1 as u64;
            let (kind, amount) = match (a0, a1) {
                (false, true) if c.first() < start => {
                    r.reactivation += m1;
                    r.customers.reactivated += 1;
                    ("reactivation", m1)
                }
                (false, true) => {
                    r.new += m1;
                    r.customers.new += 1;
                    ("new", m1)
                }
                (true, false) => {
                    r.churned += m0;
                    r.customers.churned += 1;
                    ("churn", -m0)
                }
                (true, true) if m1 > m0 => {
                    r.expansion += m1 - m0;
                    ("expansion", m1 - m0)
                }
                (true, true) if m1 < m0 => {
                    r.contraction += m0 - m1;
                    ("contraction", m1 - m0)
                }
                _ => ("", 0.0),
            };
            if options.movements && !kind.is_empty() {
                out.movements.push(Movement { customer_id: c.key.clone(), period: label.clone(), kind, amount });
            }
            // Churns inside the period (simple) and in the last 30 days (Stripe).
            let ends_in = |a: f64, b: f64| c.spells.iter().any(|s| s.1 >= a && s.1 < b);
            any_churn += ends_in(start, end) as u64;
            stripe_churned += (ends_in(window, end) && !a1) as u64;
            stripe_base += (c.at(window, options.zero_price).1 || (c.first() >= window && c.first() < end)) as u64;
        }
        let churned_customers = match options.customer_churn {
            CustomerChurn::Standard => (r.customers.churned, r.customers.start),
            CustomerChurn::Simple => (any_churn, r.customers.start),
            CustomerChurn::Stripe => (stripe_churned, stripe_base),
        };
        r.customer_churn_rate = match churned_customers {
            // Simple churn may count more churns than customers at the start
            // (joiners who left): a ratio, but no binomial interval.
            (c, t) if c > t => Rate { rate: Some(100.0 * c as f64 / t as f64), count: c, total: t, confidence_interval: None },
            (c, t) => Rate::new(c, t, level),
        };
        let s0 = r.starting_mrr;
        r.gross_mrr_churn_rate = pct(r.churned + r.contraction, s0);
        r.net_mrr_churn_rate = pct(r.churned + r.contraction - r.expansion - r.reactivation, s0);
        r.nrr = pct(s0 + r.expansion - r.contraction - r.churned, s0);
        r.grr = pct(s0 - r.contraction - r.churned, s0);
        let lost = r.contraction + r.churned;
        r.quick_ratio = (lost > 0.0).then(|| (r.new + r.expansion) / lost);
        r.arpa = (r.customers.end > 0).then(|| r.ending_mrr / r.customers.end as f64);
        // LTV: ARPA over the mean churn of the trailing periods before.
        let k = options.ltv.trailing as usize;
        let before: Vec<f64> = churn_rates.iter().rev().take(k).flatten().copied().collect();
        let mean = (!before.is_empty()).then(|| before.iter().sum::<f64>() / before.len() as f64 / 100.0);
        r.ltv = match (r.arpa, mean) {
            (Some(a), Some(m)) if m > 0.0 => Some(a / m),
            _ => None,
        };
        churn_rates.push(r.customer_churn_rate.rate);
        out.periods.push(r);
    }
    Ok(out)
}

/// A key in a total order (strings, numbers, booleans), for indexing.
#[derive(Debug, Clone, PartialEq)]
struct KeyOrd(Key);
impl Eq for KeyOrd {}
impl PartialOrd for KeyOrd {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for KeyOrd {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.cmp(&o.0)
    }
}

#[cfg(test)]
mod tests;
