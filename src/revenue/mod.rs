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
//!     days before the end + customers who became active, for the first
//!     time or again, in those 30 days).
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

pub mod clv;

use crate::error::{num, Error, Result};
use crate::kpi::{check_level, InvalidEntry, InvalidPolicy, Merge, Rate, Rejects};
use crate::stats::Sum;
use crate::table::{Field, Key, Kind, Schema, Table, MISSING_LABEL};
use crate::time::{Bucketer, Period, Periods, MAX_MS, MIN_MS};
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
        Field { name: FIELDS[INTERVAL], kind: Kind::Interval, required: true },
        Field { name: FIELDS[QUANTITY], kind: Kind::Number, required: false },
        Field { name: FIELDS[CURRENCY], kind: Kind::Label, required: false },
        Field { name: FIELDS[STATUS], kind: Kind::Label, required: false },
        Field { name: FIELDS[CANCELED], kind: Kind::Instant, required: false },
    ],
    text_cells: false,
};

crate::table_type!(
    /// The KPI type of `revenueMetrics`.
    Revenue = SCHEMA
);

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
    /// An instant in the first period, which starts at that period's start
    /// (default: the earliest start of a subscription that is not a trial).
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Subscription {
    /// The customer: an index in [`RevenueState::customers`].
    pub customer: u32,
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
    /// The customers, in order of first appearance.
    pub customers: Vec<Key>,
    index: BTreeMap<KeyOrd, u32>,
    /// Valid subscriptions.
    pub subscriptions: Vec<Subscription>,
    /// The results' currency, once a row named one.
    pub currency: Option<(usize, String)>,
    /// Skipped rows.
    pub rejects: Rejects,
}

impl RevenueState {
    /// The currency of the results: the options', else the data's.
    fn result_currency(&self, options: &RevenueOptions) -> Option<String> {
        options.currency.as_ref().map(|c| c.to_ascii_uppercase()).or_else(|| self.currency.as_ref().map(|c| c.1.clone()))
    }

    /// The index of customer `key`, added when new.
    pub fn customer(&mut self, key: &Key) -> u32 {
        // The index is built when first needed (a state read from one table
        // never needs it).
        if self.index.len() < self.customers.len() {
            self.index = self.customers.iter().enumerate().map(|(i, k)| (KeyOrd(k.clone()), i as u32)).collect();
        }
        if let Some(&i) = self.index.get(&KeyOrd(key.clone())) {
            return i;
        }
        let i = self.customers.len() as u32;
        self.customers.push(key.clone());
        self.index.insert(KeyOrd(key.clone()), i);
        i
    }
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
        let remap: Vec<u32> = other.customers.iter().map(|k| self.customer(k)).collect();
        self.subscriptions.extend(other.subscriptions.iter().map(|x| Subscription { customer: remap[x.customer as usize], ..*x }));
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
    let labels = |f: usize| table.labels(f);
    if n > 0 {
        for f in [CUSTOMER, START, AMOUNT, INTERVAL] {
            if table.columns.get(f).map_or(true, |c| c.is_none()) {
                return Err(Error::MissingField { field: FIELDS[f].into(), index: None });
            }
        }
    }
    // Customer and subscription ids: labels or numbers, coded.
    let (customer_codes, customer_keys) = table.key_codes(CUSTOMER);
    let (sub_codes, sub_keys) = table.key_codes(SUBSCRIPTION);
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
            let customer = customer_codes[i];
            if customer_keys[customer as usize].is_none() {
                return Err(Error::MissingField { field: FIELDS[CUSTOMER].into(), index: Some(i) });
            }
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
                                "is \"{}\"; intervals are \"month\", \"quarter\", \"year\", \"week\", \"day\", \"N months\" (\"N years\", \"N weeks\") or {{ months: N }}",
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
            let mrr = amount * q * rate / months;
            // (1e308 twice was Infinity, and came out as null.)
            if !(mrr <= crate::kpi::MAX_AMOUNT) {
                return Err(invalid(
                    AMOUNT,
                    i,
                    format!(
                        "is {} a period, which is {} a month (× quantity, converted): above {}, more than sums of MRR can hold",
                        num(amount),
                        num(mrr),
                        num(crate::kpi::MAX_AMOUNT)
                    ),
                ));
            }
            let sub = Subscription { customer, start, stop, mrr };
            // The same subscription id twice: the same data, or an error.
            {
                let id = sub_codes[i];
                if sub_keys[id as usize].is_some() {
                    if let Some((j, first)) = seen.get(&id) {
                        if *first == sub {
                            return Ok(None);
                        }
                        return Err(invalid(SUBSCRIPTION, i, format!("repeats the id of the subscription at index {} with other data", j + s.rows)));
                    }
                    seen.insert(id, (i, sub));
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
    // All rows read: the customers join the state.
    if s.customers.is_empty() {
        // The first table's customers are the state's, in the same order
        // (its missing-id code, the last, is never used by a valid row).
        s.customers = customer_keys.into_iter().flatten().collect();
    } else {
        let mut remap = vec![u32::MAX; customer_keys.len()];
        for sub in &mut out {
            let r = &mut remap[sub.customer as usize];
            if *r == u32::MAX {
                if let Some(k) = &customer_keys[sub.customer as usize] {
                    *r = s.customer(k);
                }
            }
            sub.customer = *r;
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
    /// The period's label (shared by the period's movements).
    pub period: std::rc::Rc<str>,
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

/// The periods of a call: from the first start (or `from`) to `to` (or
/// `asOf`, or the last instant of the data), with a guide table that finds
/// an instant's period in constant time.
struct Span {
    bucketer: Bucketer,
    labels: Vec<String>,
}

impl Span {
    /// `None` when there is no data and no range.
    fn new(s: &RevenueState, options: &RevenueOptions, as_of: Option<f64>) -> Result<Option<Span>> {
        let periods = options.periods()?;
        let first = s.subscriptions.iter().map(|x| x.start).fold(f64::INFINITY, f64::min);
        let last_event = s.subscriptions.iter().flat_map(|x| [x.start, x.stop]).filter(|t| t.is_finite()).fold(f64::NEG_INFINITY, f64::max);
        let lo = options.from.unwrap_or(first);
        let hi = options.to.or(as_of).unwrap_or(last_event).max(lo);
        if !(lo.is_finite() && (MIN_MS..=MAX_MS).contains(&lo) && (MIN_MS..=MAX_MS).contains(&hi)) {
            return Ok(None);
        }
        let bucketer = Bucketer::new(&periods, false, lo, hi)?;
        if bucketer.ids.len() > MAX_PERIODS {
            return Err(Error::option("every", format!("makes more than {MAX_PERIODS} periods between from and to; use a longer period")));
        }
        let labels = bucketer.ids.iter().map(|&p| periods.label(p)).collect::<Result<_>>()?;
        Ok(Some(Span { bucketer, labels }))
    }
    /// Number of periods.
    fn len(&self) -> usize {
        self.bucketer.ids.len()
    }
    /// The boundaries: the start of each period, then the end of the last.
    fn bounds(&self) -> &[f64] {
        &self.bucketer.starts
    }
    /// The first boundary after instant t (the number of periods + 1 when
    /// none).
    fn after(&self, t: f64) -> usize {
        let (b, np) = (self.bounds(), self.len());
        if !(t >= b[0]) {
            0
        } else if t >= b[np] {
            np + 1
        } else {
            self.bucketer.index(t) as usize + 1
        }
    }
}

/// One customer's history over a span.
#[derive(Default)]
struct History {
    /// The customer's index.
    customer: usize,
    /// First activation (infinite when never active).
    first: f64,
    /// Merged active spells `[from, to)` (touching ones are one spell).
    spells: Vec<(f64, f64)>,
    /// The state from each boundary where it changes on: `(k, MRR,
    /// active)`, in boundary order; before the first change, no MRR and
    /// inactive. A subscription counts at boundary b when start < b ≤ stop.
    changes: Vec<(usize, f64, bool)>,
}

/// Calls `visit` with the history of every customer with a subscription.
/// Each customer's state changes only at the boundaries where one of their
/// subscriptions starts or stops counting, so this costs O(subscriptions ·
/// log) in all, whatever the number of periods.
fn histories(s: &RevenueState, zero_active: bool, span: &Span, mut visit: impl FnMut(&History)) {
    // Subscriptions by customer (a counting sort).
    let nc = s.customers.len();
    let mut at = vec![0usize; nc + 1];
    for x in &s.subscriptions {
        at[x.customer as usize + 1] += 1;
    }
    for c in 0..nc {
        at[c + 1] += at[c];
    }
    let mut order = vec![0u32; s.subscriptions.len()];
    let mut fill = at.clone();
    for (i, x) in s.subscriptions.iter().enumerate() {
        order[fill[x.customer as usize]] = i as u32;
        fill[x.customer as usize] += 1;
    }
    let mut h = History::default();
    let mut events: Vec<(usize, f64, i64, i64)> = Vec::new();
    let mut spells: Vec<(f64, f64)> = Vec::new();
    for c in 0..nc {
        let subs = &order[at[c]..at[c + 1]];
        if subs.is_empty() {
            continue;
        }
        events.clear();
        spells.clear();
        for &i in subs {
            let x = &s.subscriptions[i as usize];
            if x.stop > x.start && (zero_active || x.mrr > 0.0) {
                spells.push((x.start, x.stop));
            }
            let (k0, k1) = (span.after(x.start), span.after(x.stop));
            if k0 < k1 {
                let pos = (x.mrr > 0.0) as i64;
                events.push((k0, x.mrr, 1, pos));
                events.push((k1, -x.mrr, -1, -pos));
            }
        }
        events.sort_unstable_by_key(|e| e.0);
        spells.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        h.customer = c;
        h.spells.clear();
        for &(a, b) in &spells {
            match h.spells.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => h.spells.push((a, b)),
            }
        }
        h.first = h.spells.first().map_or(f64::INFINITY, |s| s.0);
        h.changes.clear();
        let (mut m, mut any, mut pos) = (Sum::default(), 0i64, 0i64);
        let mut j = 0;
        while j < events.len() {
            let k = events[j].0;
            while j < events.len() && events[j].0 == k {
                m.add(events[j].1);
                any += events[j].2;
                pos += events[j].3;
                j += 1;
            }
            // No subscription active: exactly 0 (no rounding residue).
            h.changes.push((k, if any > 0 { m.value() } else { 0.0 }, if zero_active { any > 0 } else { pos > 0 }));
        }
        visit(&h);
    }
}

/// The result of a state.
///
/// # Errors
/// Invalid options, or a span of more than [`MAX_PERIODS`] periods.
pub fn read(s: &RevenueState, options: &RevenueOptions, now: Option<f64>) -> Result<RevenueResult> {
    options.validate()?;
    let as_of = options.as_of.or(now);
    let zero_active = options.zero_price == ZeroPrice::Active;
    let mut out = RevenueResult {
        currency: s.result_currency(options),
        subscriptions: s.subscriptions.len() as u64,
        skipped: s.rejects.skipped,
        invalid: s.rejects.invalid.clone(),
        periods: Vec::new(),
        movements: Vec::new(),
    };
    let Some(span) = Span::new(s, options, as_of)? else {
        return Ok(out);
    };
    let np = span.len();
    let bounds = span.bounds();
    let labels = &span.labels;
    let shared: Vec<std::rc::Rc<str>> = labels.iter().map(|l| std::rc::Rc::from(l.as_str())).collect();

    // Per period: sums and counts.
    #[derive(Default, Clone)]
    struct Acc {
        mrr: [Sum; 7],
        flow: [u64; 5],
        any_churn: u64,
        stripe: (u64, u64),
    }
    const START: usize = 0;
    const NEW: usize = 1;
    const EXPANSION: usize = 2;
    const CONTRACTION: usize = 3;
    const CHURNED: usize = 4;
    const REACTIVATION: usize = 5;
    const END_MRR: usize = 6;
    let mut acc = vec![Acc::default(); np];
    let mut moves: Vec<Vec<Movement>> = vec![Vec::new(); if options.movements { np } else { 0 }];
    // Movements where a customer's state changes; their MRR and activity
    // between changes go to the totals by difference arrays.
    // (MRR by compensated sums: a running sum keeps only the digits of a
    // small customer's MRR above those of the large ones that churned.)
    let (mut g_mrr, mut g_active) = (vec![Sum::default(); np + 2], vec![0i64; np + 2]);
    // Customers paying (MRR above 0) on each stretch: where none is, MRR is
    // exactly 0, whatever the rounding residue of the running sum.
    let mut g_paying = vec![0i64; np + 2];
    const THIRTY_DAYS: f64 = 30.0 * 86_400_000.0;
    histories(s, zero_active, &span, |h| {
        let first = h.first;
        let mut last_churn = usize::MAX;
        for &(_, b) in &h.spells {
            if b.is_finite() {
                // A churn at instant b belongs to the period [start, end) holding it.
                let k = span.after(b);
                if k >= 1 && k <= np && k - 1 != last_churn {
                    acc[k - 1].any_churn += 1;
                    last_churn = k - 1;
                }
            }
        }
        // (m0, a0) holds on [from, k).
        let (mut m0, mut a0, mut from) = (0.0, false, 0usize);
        for &(k, m1, a1) in &h.changes {
            if m0 != 0.0 {
                g_mrr[from].add(m0);
                g_mrr[k].add(-m0);
                g_paying[from] += 1;
                g_paying[k] -= 1;
            }
            if a0 {
                g_active[from] += 1;
                g_active[k] -= 1;
            }
            if (1..=np).contains(&k) {
                let p = k - 1;
                let a = &mut acc[p];
                let (kind, amount) = match (a0, a1) {
                    (false, true) if first < bounds[p] => {
                        a.mrr[REACTIVATION].add(m1);
                        a.flow[3] += 1;
                        ("reactivation", m1)
                    }
                    (false, true) => {
                        a.mrr[NEW].add(m1);
                        a.flow[1] += 1;
                        ("new", m1)
                    }
                    (true, false) => {
                        a.mrr[CHURNED].add(m0);
                        a.flow[2] += 1;
                        // (0 − m0, not −m0: a $0 plan's churn is 0, not −0.)
                        ("churn", 0.0 - m0)
                    }
                    (true, true) if m1 > m0 => {
                        a.mrr[EXPANSION].add(m1 - m0);
                        ("expansion", m1 - m0)
                    }
                    (true, true) if m1 < m0 => {
                        a.mrr[CONTRACTION].add(m0 - m1);
                        ("contraction", m1 - m0)
                    }
                    _ => ("", 0.0),
                };
                if options.movements && !kind.is_empty() {
                    moves[p].push(Movement { customer_id: s.customers[h.customer].clone(), period: shared[p].clone(), kind, amount });
                }
            }
            (m0, a0, from) = (m1, a1, k);
        }
        if options.customer_churn == CustomerChurn::Stripe {
            // Active just before instant t, by the merged spells.
            let active_at = |t: f64| h.spells.iter().any(|&(a, b)| a < t && b >= t);
            for (p, a) in acc.iter_mut().enumerate() {
                let (end, window) = (bounds[p + 1], bounds[p + 1] - THIRTY_DAYS);
                let churned = h.spells.iter().any(|&(_, b)| b >= window && b < end) && !active_at(end);
                a.stripe.0 += churned as u64;
                let starts_in = h.spells.iter().any(|&(a, _)| a >= window && a < end);
                a.stripe.1 += (active_at(window) || starts_in) as u64;
            }
        }
    });
    // MRR and active customers at each boundary.
    let (mut m, mut n, mut paying) = (Sum::default(), 0i64, 0i64);
    let mut mrr_at = vec![0.0f64; np + 1];
    let mut active_at = vec![0u64; np + 1];
    for k in 0..=np {
        m.add_sum(g_mrr[k]);
        n += g_active[k];
        paying += g_paying[k];
        // No paying customer: exactly 0 (no rounding residue of the sums,
        // which left 2.6e-17 or -1.7e-18 beside a $0 plan). Never below 0.
        (mrr_at[k], active_at[k]) = (if paying > 0 { m.value().max(0.0) } else { 0.0 }, n as u64);
    }
    for (p, a) in acc.iter_mut().enumerate() {
        a.mrr[START].add(mrr_at[p]);
        a.mrr[END_MRR].add(mrr_at[p + 1]);
        (a.flow[0], a.flow[4]) = (active_at[p], active_at[p + 1]);
    }

    let level = options.confidence;
    let pct = |a: f64, b: f64| (b > 0.0).then(|| 100.0 * a / b);
    let mut churn_rates: Vec<Option<f64>> = Vec::with_capacity(np);
    for (p, a) in acc.iter().enumerate() {
        let customers = CustomerFlow { start: a.flow[0], new: a.flow[1], churned: a.flow[2], reactivated: a.flow[3], end: a.flow[4] };
        let (c, t) = match options.customer_churn {
            CustomerChurn::Standard => (customers.churned, customers.start),
            CustomerChurn::Simple => (a.any_churn, customers.start),
            CustomerChurn::Stripe => a.stripe,
        };
        let customer_churn_rate = if c > t {
            // Simple churn may count more churns than customers at the start
            // (joiners who left): a ratio, but no binomial interval; none
            // over no customers at all (it was Infinity, which LTV's mean
            // of past rates took in, making LTV 0).
            Rate { rate: (t > 0).then(|| 100.0 * c as f64 / t as f64), count: c, total: t, confidence_interval: None }
        } else {
            Rate::new(c, t, level)
        };
        let m = a.mrr.map(|v| v.value());
        let s0 = m[START];
        let lost = m[CONTRACTION] + m[CHURNED];
        let arpa = (customers.end > 0).then(|| m[END_MRR] / customers.end as f64);
        // LTV: ARPA over the mean churn of the trailing periods before.
        let before: Vec<f64> = churn_rates.iter().rev().take(options.ltv.trailing as usize).flatten().copied().collect();
        let mean = (!before.is_empty()).then(|| before.iter().sum::<f64>() / before.len() as f64 / 100.0);
        let ltv = match (arpa, mean) {
            (Some(x), Some(mean)) if mean > 0.0 => Some(x / mean),
            _ => None,
        };
        churn_rates.push(customer_churn_rate.rate);
        out.periods.push(RevenuePeriod {
            period: labels[p].clone(),
            period_start: bounds[p],
            period_end: bounds[p + 1],
            complete: as_of.map_or(true, |t| bounds[p + 1] <= t),
            starting_mrr: s0,
            new: m[NEW],
            expansion: m[EXPANSION],
            contraction: m[CONTRACTION],
            churned: m[CHURNED],
            reactivation: m[REACTIVATION],
            ending_mrr: m[END_MRR],
            customers,
            customer_churn_rate,
            gross_mrr_churn_rate: pct(lost, s0),
            net_mrr_churn_rate: pct(lost - m[EXPANSION] - m[REACTIVATION], s0),
            nrr: pct(s0 + m[EXPANSION] - lost, s0),
            grr: pct(s0 - lost, s0),
            quick_ratio: (lost > 0.0).then(|| (m[NEW] + m[EXPANSION]) / lost),
            arpa,
            ltv,
        });
    }
    out.movements = moves.into_iter().flatten().collect();
    Ok(out)
}

/// What `cohortRetention` retains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CohortBasis {
    /// Customers active (the default).
    #[default]
    Customers,
    /// MRR, net of expansion and contraction.
    Mrr,
}

/// Options of `cohortRetention`: those of `revenueMetrics` (the ones about
/// churn rates, LTV and movements do not apply), and `basis`.
#[derive(Debug, Clone, Default)]
pub struct CohortOptions {
    /// The periods, currencies, zero-price and churn-at rules.
    pub revenue: RevenueOptions,
    /// `"customers"` or `"mrr"`.
    pub basis: CohortBasis,
}

impl<'a> crate::wire::args::Arg<'a> for CohortOptions {
    fn read(v: crate::wire::Value<'a>, _name: &'static str) -> Result<Self> {
        if v.is_nullish() {
            return Ok(CohortOptions::default());
        }
        let basis = match v.get() {
            crate::wire::V::Object(o) => match o.get("basis") {
                Some(b) if !b.is_nullish() => match b.get() {
                    crate::wire::V::Str(s) if s.string() == "customers" => CohortBasis::Customers,
                    crate::wire::V::Str(s) if s.string() == "mrr" => CohortBasis::Mrr,
                    _ => return Err(Error::option("basis", format!("must be \"customers\" or \"mrr\"; got {}", b.describe()))),
                },
                _ => CohortBasis::Customers,
            },
            _ => CohortBasis::Customers,
        };
        let revenue = crate::wire::de::from_value_except(v, "", crate::wire::de::Ctx::OPTIONS, &["basis"])?;
        Ok(CohortOptions { revenue, basis })
    }
}

/// One cell of a cohort's row: the cohort at the end of a later period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortCell {
    /// The period's label.
    pub period: String,
    /// Periods since the cohort's (0: its own).
    pub age: u32,
    /// Customers of the cohort active at the end of the period.
    pub customers: u64,
    /// Their MRR then.
    pub mrr: f64,
    /// Percent of the cohort's customers, or of its MRR at the end of its
    /// first period (`basis: "mrr"`: net of expansion, so it may pass 100);
    /// `null` when that base is 0.
    pub retention: Option<f64>,
    /// Whether the period has ended.
    pub complete: bool,
}

/// One cohort: the customers first active in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cohort {
    /// The label of its first period.
    pub cohort: String,
    /// Start of that period (epoch ms).
    pub cohort_start: f64,
    /// Customers first active in it.
    pub customers: u64,
    /// Their MRR at its end (the base of `basis: "mrr"`).
    pub mrr: f64,
    /// The cohort in its own period and every later one.
    pub periods: Vec<CohortCell>,
}

/// The result of `cohortRetention`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortTable {
    /// `"customers"` or `"mrr"`.
    pub basis: &'static str,
    /// The currency of every amount, when the data or options name one.
    pub currency: Option<String>,
    /// Valid subscriptions counted.
    pub subscriptions: u64,
    /// Invalid rows left out.
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
    /// One per period, oldest first.
    pub cohorts: Vec<Cohort>,
}

/// Most periods a cohort table may span (its cells grow as the square).
pub const MAX_COHORT_PERIODS: usize = 2_000;

/// `cohortRetention(subscriptions, options)`: customers are in the cohort of
/// the period of their first activation (by the zero-price rule); each cell
/// counts the cohort's customers active at the end of a later period and
/// their MRR. Customers first active before the span are in no cohort.
///
/// # Errors
/// As `revenueMetrics`; `INVALID_OPTION` for more than
/// [`MAX_COHORT_PERIODS`] periods.
pub fn cohort_retention(table: &Table<'_>, options: &CohortOptions, now: Option<f64>) -> Result<CohortTable> {
    let o = &options.revenue;
    o.validate()?;
    let mut s = RevenueState { rejects: Rejects::new(o.invalid), ..RevenueState::default() };
    add_table(&mut s, table, o)?;
    let as_of = o.as_of.or(now);
    let mut out = CohortTable {
        basis: match options.basis {
            CohortBasis::Customers => "customers",
            CohortBasis::Mrr => "mrr",
        },
        currency: s.result_currency(o),
        subscriptions: s.subscriptions.len() as u64,
        skipped: s.rejects.skipped,
        invalid: s.rejects.invalid.clone(),
        cohorts: Vec::new(),
    };
    let Some(span) = Span::new(&s, o, as_of)? else {
        return Ok(out);
    };
    let np = span.len();
    if np > MAX_COHORT_PERIODS {
        return Err(Error::option("every", format!("makes more than {MAX_COHORT_PERIODS} periods for a cohort table; use a longer period or a shorter span")));
    }
    // Per cohort, difference arrays over the boundaries of active customers
    // and MRR, and the cohort's size.
    let w = np + 2;
    let (mut active, mut mrr) = (vec![0i64; np * w], vec![Sum::default(); np * w]);
    let mut size = vec![0u64; np];
    histories(&s, o.zero_price == ZeroPrice::Active, &span, |h| {
        let k = span.after(h.first);
        if !(1..=np).contains(&k) {
            return;
        }
        let q = k - 1;
        size[q] += 1;
        let (mut m0, mut a0, mut from) = (0.0, false, 0usize);
        for &(k, m1, a1) in &h.changes {
            if a0 {
                active[q * w + from] += 1;
                active[q * w + k] -= 1;
            }
            if m0 != 0.0 {
                mrr[q * w + from].add(m0);
                mrr[q * w + k].add(-m0);
            }
            (m0, a0, from) = (m1, a1, k);
        }
    });
    let bounds = span.bounds();
    for q in 0..np {
        let (mut n, mut m) = (0i64, Sum::default());
        let mut cells: Vec<CohortCell> = Vec::with_capacity(np - q);
        let mut base = 0.0;
        for k in 0..=np {
            n += active[q * w + k];
            m.add_sum(mrr[q * w + k]);
            // Boundary k ends period k − 1.
            if k > q {
                let m_k = if n > 0 { m.value() } else { 0.0 };
                if k == q + 1 {
                    base = m_k;
                }
                let retention = match options.basis {
                    CohortBasis::Customers => (size[q] > 0).then(|| 100.0 * n as f64 / size[q] as f64),
                    CohortBasis::Mrr => (base > 0.0).then(|| 100.0 * m_k / base),
                };
                cells.push(CohortCell {
                    period: span.labels[k - 1].clone(),
                    age: (k - 1 - q) as u32,
                    customers: n as u64,
                    mrr: m_k,
                    retention,
                    complete: as_of.map_or(true, |t| bounds[k] <= t),
                });
            }
        }
        out.cohorts.push(Cohort { cohort: span.labels[q].clone(), cohort_start: bounds[q], customers: size[q], mrr: base, periods: cells });
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
