//! KPIs of event logs and sessions: funnels ([`funnel`]), bounce rate
//! ([`bounce_rate`]) and cart abandonment counted from events.
//!
//! ## Funnels
//!
//! A funnel counts the *units* (actors, or sessions of actors) that went
//! through a sequence of steps within a window, as PostHog, Amplitude and
//! Mixpanel define it. The rules, which the tests check against an
//! independent implementation of the same text:
//!
//! 1. A unit's valid events are sorted by time; equal timestamps keep input
//!    order.
//! 2. `ordered` (default): an *attempt* starts at every event matching the
//!    first step. Step k is the first later event that matches step k and is at most
//!    `window` after the attempt's first event (inclusive); one event
//!    fulfils at most one step of an attempt. Other events may come between.
//! 3. `strict`: step k must be the unit's very next event (of any name).
//! 4. `unordered`: an attempt starts at every event matching any step; its
//!    completed steps are those matched by it or a later event within the
//!    window (an event may fulfil several steps); entry k of the result
//!    counts units that completed at least k steps (PostHog's unordered
//!    funnels).
//! 5. An exclusion `{ event, from, to }` disqualifies an attempt when a
//!    matching event comes after its step `from` and before its step `to`
//!    (before the window's end when step `to` was not reached).
//! 6. A unit counts its *best* attempt: the highest level, ties to the
//!    earliest start. A unit whose every attempt is disqualified is counted
//!    in `excluded` only.
//!
//! Step statistics: counts, conversion from the start and from the previous
//! step (percent), drop-off, a Wilson interval of the conversion from the
//! start (Wilson, *JASA* 1927), and the median and 90th percentile of the
//! time from the previous step over the units that reached the step
//! (quantile definition 7 of Hyndman & Fan, linear interpolation).

use crate::error::{num, Error, Result};
use crate::kpi::{check_level, ConfidenceInterval, InvalidEntry, InvalidPolicy, Rejects};
use crate::table::{Field, Key, Kind, Schema, Table, MISSING_LABEL};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

mod bounce;
mod cart;
pub use bounce::*;
pub use cart::*;

/// At most this many steps (and exclusions): a step is a bit of a mask.
pub const MAX_STEPS: usize = 32;

/// Values a property may have to match: one value, or any of a list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values(pub Vec<Key>);

struct ValuesVisitor;

impl ValuesVisitor {
    fn number<E: de::Error>(v: f64) -> std::result::Result<Key, E> {
        if v.is_finite() {
            Ok(Key::Num(v + 0.0))
        } else {
            Err(E::custom(format!("must be a string, a finite number or a boolean; got {}", num(v))))
        }
    }
}

impl<'de> Visitor<'de> for ValuesVisitor {
    type Value = Values;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number, a boolean, or an array of them")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Values, E> {
        Ok(Values(vec![Key::Str(v.into())]))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Values, E> {
        Ok(Values(vec![Self::number(v)?]))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Values, E> {
        Ok(Values(vec![Self::number(v as f64)?]))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Values, E> {
        Ok(Values(vec![Self::number(v as f64)?]))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Values, E> {
        Ok(Values(vec![Key::Bool(v)]))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Values, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Scalar>()? {
            out.push(v.0);
        }
        if out.is_empty() {
            return Err(de::Error::custom("must list at least one value"));
        }
        Ok(Values(out))
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ValuesVisitor)
    }
}

/// One value of a list of [`Values`].
struct Scalar(Key);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct S;
        impl<'de> Visitor<'de> for S {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Key::Str(v.into())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Scalar, E> {
                ValuesVisitor::number(v).map(Scalar)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Scalar, E> {
                ValuesVisitor::number(v as f64).map(Scalar)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Scalar, E> {
                ValuesVisitor::number(v as f64).map(Scalar)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Key::Bool(v)))
            }
        }
        d.deserialize_any(S)
    }
}

/// A condition on events: a name, and property values.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventMatch {
    /// The event name.
    pub event: String,
    /// Properties (columns) and the values they must have.
    #[serde(default, rename = "where", deserialize_with = "crate::kpi::map_pairs")]
    pub where_: Vec<(String, Values)>,
    /// The step's name in results (default: the event name).
    #[serde(default)]
    pub name: Option<String>,
}

/// A step: an event name, or `{ event, where?, name? }`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Step(pub EventMatch);

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct S;
        impl<'de> Visitor<'de> for S {
            type Value = Step;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an event name or { event, where?, name? }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Step, E> {
                Ok(Step(EventMatch { event: v.to_string(), ..EventMatch::default() }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Step, A::Error> {
                EventMatch::deserialize(de::value::MapAccessDeserializer::new(map)).map(Step)
            }
        }
        d.deserialize_struct(crate::kpi::NAME_OR_STRUCT, &["event", "where", "name"], S)
    }
}

/// An exclusion: events that disqualify an attempt between two steps.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Exclusion {
    /// The event name.
    pub event: String,
    /// Properties and the values they must have.
    #[serde(default, rename = "where", deserialize_with = "crate::kpi::map_pairs")]
    pub where_: Vec<(String, Values)>,
    /// The step after which it counts (1-based; default 1).
    #[serde(default)]
    pub from: Option<f64>,
    /// The step before which it counts (default: the last).
    #[serde(default)]
    pub to: Option<f64>,
}

/// The order of the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    /// In order; other events may come between (the default).
    #[default]
    Ordered,
    /// In order, with no other event between.
    Strict,
    /// In any order.
    Unordered,
}

impl Order {
    fn name(self) -> &'static str {
        match self {
            Order::Ordered => "ordered",
            Order::Strict => "strict",
            Order::Unordered => "unordered",
        }
    }
}

/// What a funnel counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CountBy {
    /// Actors (the default).
    #[default]
    Actor,
    /// Sessions of actors: an attempt stays within one session.
    Session,
}

/// A length of time of one fixed unit: `{ days: 14 }`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Window {
    /// Weeks of 7 days.
    pub weeks: Option<f64>,
    /// Days of 24 hours.
    pub days: Option<f64>,
    /// Hours.
    pub hours: Option<f64>,
    /// Minutes.
    pub minutes: Option<f64>,
    /// Seconds.
    pub seconds: Option<f64>,
    /// Milliseconds.
    pub milliseconds: Option<f64>,
}

impl Window {
    /// The length in milliseconds (a day is 86 400 000 ms: the window is
    /// elapsed time, not calendar days).
    ///
    /// # Errors
    /// `INVALID_OPTION` unless exactly one unit is given, as a finite
    /// number > 0. A window longer than the supported instants span is
    /// that span.
    pub fn ms(&self, option: &str) -> Result<f64> {
        let units = [
            (self.weeks, 604_800_000.0),
            (self.days, 86_400_000.0),
            (self.hours, 3_600_000.0),
            (self.minutes, 60_000.0),
            (self.seconds, 1000.0),
            (self.milliseconds, 1.0),
        ];
        let given: Vec<(f64, f64)> = units.iter().filter_map(|&(v, u)| v.map(|v| (v, u))).collect();
        match given[..] {
            // Longer than every supported instant apart (1e308 days, which
            // is Infinity in ms) is as long as that: no limit.
            [(v, unit)] if v.is_finite() && v > 0.0 => Ok((v * unit).min(crate::time::MAX_MS - crate::time::MIN_MS)),
            [(v, _)] => Err(Error::option(option.to_string(), format!("must be a finite length above 0; got {}", num(v)))),
            _ => Err(Error::option(
                option.to_string(),
                "must give exactly one unit: { weeks | days | hours | minutes | seconds | milliseconds: n }",
            )),
        }
    }
}

/// How a funnel's results are split.
#[derive(Debug, Clone, PartialEq)]
pub enum Breakdown {
    /// By a property's value at step 1.
    Property(String),
    /// By the period of the time of step 1: `{ every, timeZone?,
    /// fiscalYearStart? }`.
    Time(TimeBreakdown),
}

/// Cohorts by the period the units entered in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimeBreakdown {
    /// The period.
    pub every: crate::time::Period,
    /// Its zone (default UTC).
    #[serde(default)]
    pub time_zone: Option<String>,
    /// First month of fiscal years (1).
    #[serde(default)]
    pub fiscal_year_start: Option<f64>,
}

/// Reads one [`Breakdown`]: a name, or a time breakdown object.
struct BreakdownVisitor;

impl<'de> Visitor<'de> for BreakdownVisitor {
    type Value = Breakdown;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name or { every, timeZone?, fiscalYearStart? }")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Breakdown, E> {
        Ok(Breakdown::Property(v.to_string()))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Breakdown, A::Error> {
        TimeBreakdown::deserialize(de::value::MapAccessDeserializer::new(map)).map(Breakdown::Time)
    }
}

const TIME_BREAKDOWN_FIELDS: &[&str] = &["every", "timeZone", "fiscalYearStart"];

impl<'de> Deserialize<'de> for Breakdown {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_struct(crate::kpi::NAME_OR_STRUCT, TIME_BREAKDOWN_FIELDS, BreakdownVisitor)
    }
}

/// One breakdown, or several (a property and a period: the funnel of each
/// plan in each week).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Breakdowns(pub Vec<Breakdown>, pub bool);

impl Breakdowns {
    /// The option path of breakdown `k`: `breakdown[k]` in a list,
    /// `breakdown` alone.
    fn path(&self, k: usize) -> String {
        if self.1 {
            format!("breakdown[{k}]")
        } else {
            "breakdown".into()
        }
    }
}

impl<'de> Deserialize<'de> for Breakdowns {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct L;
        impl<'de> Visitor<'de> for L {
            type Value = Breakdowns;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name, { every, timeZone?, fiscalYearStart? }, or an array of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Breakdowns, E> {
                BreakdownVisitor.visit_str(v).map(|b| Breakdowns(vec![b], false))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Breakdowns, A::Error> {
                BreakdownVisitor.visit_map(map).map(|b| Breakdowns(vec![b], false))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Breakdowns, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element::<Breakdown>()? {
                    out.push(b);
                }
                Ok(Breakdowns(out, true))
            }
        }
        d.deserialize_struct(crate::kpi::NAME_OR_STRUCT, TIME_BREAKDOWN_FIELDS, L)
    }
}

/// Options of `funnel`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct FunnelOptions {
    /// The steps, 1 to [`MAX_STEPS`].
    pub steps: Vec<Step>,
    /// `"ordered"` (default), `"strict"` or `"unordered"`.
    pub order: Order,
    /// The conversion window from the first step (default 14 days).
    pub window: Option<Window>,
    /// `"actor"` (default) or `"session"`.
    pub count_by: CountBy,
    /// Events that disqualify an attempt between two steps.
    pub exclusions: Vec<Exclusion>,
    /// A property (column) whose value at step 1 splits the results, or
    /// periods of the first step's time (cohorts by week of entry).
    pub breakdown: Option<Breakdowns>,
    /// The time of the data: units whose window is still open are reported
    /// as censored.
    #[serde(deserialize_with = "crate::kpi::instant_option")]
    pub as_of: Option<f64>,
    /// Confidence level of the intervals (0.95).
    pub confidence: f64,
    /// What to do with an invalid event (default: error).
    pub invalid: InvalidPolicy,
}

impl Default for FunnelOptions {
    fn default() -> Self {
        FunnelOptions {
            steps: Vec::new(),
            order: Order::Ordered,
            window: None,
            count_by: CountBy::Actor,
            exclusions: Vec::new(),
            breakdown: None,
            as_of: None,
            confidence: 0.95,
            invalid: InvalidPolicy::Error,
        }
    }
}

/// The default window: 14 days (PostHog's default).
pub const DEFAULT_WINDOW_MS: f64 = 14.0 * 86_400_000.0;

/// The fixed columns of an event log, in schema order.
pub const EVENT_FIELDS: [&str; 4] = ["actor", "timestamp", "event", "session"];

/// The checked plan of a funnel: window, exclusion bounds, and the
/// property columns to read.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Window in ms.
    pub window_ms: f64,
    /// Exclusions' `(from, to)`, 0-based step indices.
    pub bounds: Vec<(usize, usize)>,
    /// Property columns named by `where` and `breakdown`, in first mention.
    pub properties: Vec<String>,
}

impl Plan {
    /// Checks the options.
    ///
    /// # Errors
    /// `INVALID_OPTION` naming the option.
    pub fn new(o: &FunnelOptions) -> Result<Plan> {
        let m = o.steps.len();
        if m == 0 || m > MAX_STEPS {
            return Err(Error::option("steps", format!("must list 1 to {MAX_STEPS} steps; got {m}")));
        }
        check_level(o.confidence)?;
        let window_ms = match &o.window {
            Some(w) => w.ms("window")?,
            None => DEFAULT_WINDOW_MS,
        };
        if o.exclusions.len() > MAX_STEPS {
            return Err(Error::option("exclusions", format!("may list at most {MAX_STEPS} exclusions; got {}", o.exclusions.len())));
        }
        if o.order == Order::Unordered && !o.exclusions.is_empty() {
            return Err(Error::option("exclusions", "do not apply to unordered funnels: with no order there is no \"between two steps\""));
        }
        if let Some(t) = o.as_of {
            if !t.is_finite() {
                return Err(Error::option("asOf", crate::table::TIME_RULE));
            }
        }
        let mut properties: Vec<String> = Vec::new();
        let mut mention = |p: &str, path: String| -> Result<()> {
            if EVENT_FIELDS.contains(&p) {
                return Err(Error::option(path, format!("names \"{p}\", a column of every event, not a property")));
            }
            if !properties.iter().any(|q| q == p) {
                properties.push(p.to_string());
            }
            Ok(())
        };
        for (i, s) in o.steps.iter().enumerate() {
            if s.0.event.trim().is_empty() {
                return Err(Error::option(format!("steps[{i}]"), "must name an event"));
            }
            for (p, _) in &s.0.where_ {
                mention(p, format!("steps[{i}].where"))?;
            }
        }
        let mut bounds = Vec::new();
        for (i, x) in o.exclusions.iter().enumerate() {
            if x.event.trim().is_empty() {
                return Err(Error::option(format!("exclusions[{i}].event"), "must name an event"));
            }
            for (p, _) in &x.where_ {
                mention(p, format!("exclusions[{i}].where"))?;
            }
            let step = |v: Option<f64>, default: usize, key: &str| -> Result<usize> {
                match v {
                    None => Ok(default),
                    Some(v) if v.fract() == 0.0 && v >= 1.0 && v <= m as f64 => Ok(v as usize - 1),
                    Some(v) => Err(Error::option(format!("exclusions[{i}].{key}"), format!("must be a step number from 1 to {m}; got {}", num(v)))),
                }
            };
            let (from, to) = (step(x.from, 0, "from")?, step(x.to, m - 1, "to")?);
            if from >= to {
                return Err(Error::option(format!("exclusions[{i}]"), format!("from ({}) must come before to ({})", from + 1, to + 1)));
            }
            bounds.push((from, to));
        }
        if let Some(list) = &o.breakdown {
            if list.0.is_empty() || list.0.len() > 3 {
                return Err(Error::option("breakdown", format!("must list 1 to 3 breakdowns; got {}", list.0.len())));
            }
            for (k, b) in list.0.iter().enumerate() {
                match b {
                    Breakdown::Property(p) => mention(p, list.path(k))?,
                    Breakdown::Time(t) => {
                        periods_of(t, &list.path(k))?;
                    }
                }
            }
        }
        Ok(Plan { window_ms, bounds, properties })
    }

    /// The columns to read: the event log's, then the properties (the last
    /// `properties.len()` fields).
    ///
    /// The session is read only when units are sessions (a session column
    /// is not looked at otherwise).
    pub fn fields<'s>(&'s self, o: &FunnelOptions) -> Vec<Field<'s>> {
        let mut f = vec![
            Field { name: EVENT_FIELDS[0], kind: Kind::Key, required: true },
            Field { name: EVENT_FIELDS[1], kind: Kind::Instant, required: true },
            Field { name: EVENT_FIELDS[2], kind: Kind::Label, required: true },
        ];
        if o.count_by == CountBy::Session {
            f.push(Field { name: EVENT_FIELDS[3], kind: Kind::Key, required: true });
        }
        f.extend(self.properties.iter().map(|p| Field { name: p, kind: Kind::Key, required: false }));
        f
    }
}

/// The periods of a time breakdown.
/// The periods of a time breakdown; errors name its options under `path`
/// (`breakdown[1].fiscalYearStart`).
fn periods_of(t: &TimeBreakdown, path: &str) -> Result<crate::time::Periods> {
    let tz = match &t.time_zone {
        Some(name) => crate::time::calendar::time_zone(name, "timeZone").map_err(|e| match e {
            Error::UnknownTimeZone { name, .. } => Error::UnknownTimeZone { field: format!("{path}.timeZone").into(), name },
            e => e,
        })?,
        None => jiff::tz::TimeZone::UTC,
    };
    crate::time::Periods::new(t.every, t.fiscal_year_start.unwrap_or(1.0), tz).map_err(|e| match e {
        Error::InvalidOption { option, rule } => Error::InvalidOption { option: format!("{path}.{option}").into(), rule },
        e => e,
    })
}

/// One step of a result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    /// 1-based.
    pub step: usize,
    /// The step's name (its event unless named).
    pub name: String,
    /// Its event.
    pub event: String,
    /// Units that reached it.
    pub count: u64,
    /// Percent of the units that entered; `null` when none did.
    pub conversion_from_start: Option<f64>,
    /// Percent of the units at the previous step.
    pub conversion_from_previous: Option<f64>,
    /// Units at the previous step that did not reach this one.
    pub drop_off: u64,
    /// Wilson interval of the conversion from the start, percent.
    pub confidence_interval: Option<ConfidenceInterval>,
    /// Median time from the previous step (type 7 quantile).
    pub median_time_from_previous_ms: Option<f64>,
    /// 90th percentile of it.
    pub p90_time_from_previous_ms: Option<f64>,
}

/// The value of a breakdown group: one value, or one per breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownValue(pub Vec<Option<Key>>);

impl Serialize for BreakdownValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match &self.0[..] {
            [one] => one.serialize(s),
            many => many.serialize(s),
        }
    }
}

/// The funnel of one breakdown value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BreakdownGroup {
    /// The property's value at step 1 (`null` when missing), or the
    /// period's label; with several breakdowns, an array of them.
    pub value: BreakdownValue,
    /// Units that entered.
    pub units: u64,
    /// The steps.
    pub steps: Vec<StepResult>,
    /// Units whose every attempt was disqualified.
    pub excluded: u64,
}

/// The result of `funnel`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Funnel {
    /// `"ordered"`, `"strict"` or `"unordered"`.
    pub order: &'static str,
    /// `"actor"` or `"session"`.
    pub count_by: &'static str,
    /// The window in ms.
    pub window_ms: f64,
    /// Units that entered (the count of step 1).
    pub units: u64,
    /// The steps.
    pub steps: Vec<StepResult>,
    /// Units whose every attempt was disqualified by an exclusion.
    pub excluded: u64,
    /// With `asOf`: units still inside their window that have not reached
    /// the last step.
    pub censored: Option<u64>,
    /// With `asOf`: the steps over the units that are not censored.
    pub settled_steps: Option<Vec<StepResult>>,
    /// The `asOf` given.
    pub as_of: Option<f64>,
    /// With `breakdown`: a funnel per value, most units first.
    pub breakdown: Option<Vec<BreakdownGroup>>,
    /// Valid events read.
    pub events: u64,
    /// Invalid events left out.
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
}

/// A unit's counted attempt.
#[derive(Debug, Clone, Copy)]
struct Outcome {
    /// Steps reached (≥ 1), or 0 for a unit whose attempts were all
    /// disqualified.
    level: usize,
    /// Time of the first event of the attempt.
    start: f64,
    /// Row of the first event of the attempt.
    row: u32,
    /// Where its times between steps start in the list of gaps (from step
    /// k to step k + 1 at `gaps_at + k`; `level − 1` of them).
    gaps_at: u32,
}

/// Bit masks of what each event matches.
struct Matcher {
    /// Per event-name code: the steps (or exclusions) with that name.
    by_name: Vec<u32>,
    /// Per property: per value code, the conditions it satisfies, or-ed
    /// with the conditions that say nothing of that property.
    by_property: Vec<(usize, Vec<u32>)>,
}

impl Matcher {
    fn new(conds: &[EventMatchRef<'_>], names: &[String], props: &[(Vec<u32>, Vec<Option<Key>>)], plan: &Plan) -> Matcher {
        let mut by_name = vec![0u32; names.len()];
        for (bit, c) in conds.iter().enumerate() {
            for (code, n) in names.iter().enumerate() {
                if n == c.event {
                    by_name[code] |= 1 << bit;
                }
            }
        }
        let mut by_property = Vec::new();
        for (p, name) in plan.properties.iter().enumerate() {
            let keys = &props[p].1;
            let mut masks = vec![0u32; keys.len()];
            let mut any = false;
            for (bit, c) in conds.iter().enumerate() {
                match c.where_.iter().find(|(q, _)| q == name) {
                    None => masks.iter_mut().for_each(|m| *m |= 1 << bit),
                    Some((_, values)) => {
                        any = true;
                        for (code, k) in keys.iter().enumerate() {
                            if k.as_ref().is_some_and(|k| values.0.iter().any(|v| same(v, k))) {
                                masks[code] |= 1 << bit;
                            }
                        }
                    }
                }
            }
            if any {
                by_property.push((p, masks));
            }
        }
        Matcher { by_name, by_property }
    }

    fn mask(&self, name: u32, props: &[(Vec<u32>, Vec<Option<Key>>)], row: usize) -> u32 {
        let mut m = self.by_name[name as usize];
        for (p, masks) in &self.by_property {
            if m == 0 {
                break;
            }
            m &= masks[props[*p].0[row] as usize];
        }
        m
    }
}

/// Key equality by type and value ("1" is not 1).
fn same(a: &Key, b: &Key) -> bool {
    match (a, b) {
        (Key::Str(x), Key::Str(y)) => x == y,
        (Key::Num(x), Key::Num(y)) => x == y,
        (Key::Bool(x), Key::Bool(y)) => x == y,
        _ => false,
    }
}

struct EventMatchRef<'a> {
    event: &'a str,
    where_: &'a [(String, Values)],
}

/// A valid event as a funnel sees it (16 bytes: a million rows' worth of
/// events is moved once, so its size is time). The exclusions it matches,
/// when there are exclusions, are in a list beside the events.
#[derive(Debug, Clone, Copy, Default)]
struct Ev {
    /// Its time.
    t: f64,
    /// The steps it matches.
    mask: u32,
    /// Its row.
    row: u32,
}

/// The valid events, unit after unit, each unit's in time order.
struct ByUnit {
    events: Vec<Ev>,
    /// Per event: the exclusions it matches (empty without exclusions).
    excl: Vec<u32>,
    /// Where each unit starts in `events`, and the end.
    starts: Vec<usize>,
}

impl ByUnit {
    /// Room for units of `sizes` events each; `fill[u]` is where unit u's
    /// next event goes.
    fn new(sizes: &[u32], exclusions: bool) -> (ByUnit, Vec<usize>) {
        let n_units = sizes.len();
        let mut starts = vec![0usize; n_units + 1];
        for u in 0..n_units {
            starts[u + 1] = starts[u] + sizes[u] as usize;
        }
        let total = starts[n_units];
        let fill = starts[..n_units].to_vec();
        (ByUnit { events: vec![Ev::default(); total], excl: vec![0; if exclusions { total } else { 0 }], starts }, fill)
    }

    /// Places row `i` (a counting sort by unit: stable, so input order is
    /// kept within a unit).
    #[inline]
    fn place(&mut self, fill: &mut [usize], unit: u32, ev: Ev, excl: u32) {
        let slot = &mut fill[unit as usize];
        self.events[*slot] = ev;
        if let Some(x) = self.excl.get_mut(*slot) {
            *x = excl;
        }
        *slot += 1;
    }

    /// Sorts each unit's events by time (stable: equal times keep input
    /// order). A log exported in time order is sorted already.
    fn sort(&mut self) {
        for u in 0..self.starts.len() - 1 {
            let (a, b) = (self.starts[u], self.starts[u + 1]);
            if self.events[a..b].windows(2).all(|w| w[0].t <= w[1].t) {
                continue;
            }
            if self.excl.is_empty() {
                self.events[a..b].sort_by(|x, y| x.t.total_cmp(&y.t));
            } else {
                let mut both: Vec<(Ev, u32)> = self.events[a..b].iter().copied().zip(self.excl[a..b].iter().copied()).collect();
                both.sort_by(|x, y| x.0.t.total_cmp(&y.0.t));
                for (k, (e, x)) in both.into_iter().enumerate() {
                    self.events[a + k] = e;
                    self.excl[a + k] = x;
                }
            }
        }
    }

    /// Unit u's events, and the exclusions they match (empty without exclusions).
    fn unit(&self, u: usize) -> (&[Ev], &[u32]) {
        let (a, b) = (self.starts[u], self.starts[u + 1]);
        (&self.events[a..b], self.excl.get(a..b).unwrap_or(&[]))
    }
}

/// Reads an event log and computes its funnel.
///
/// # Errors
/// `INVALID_OPTION` for options that cannot be used; under `invalid: "error"`, the first invalid event:
/// `MISSING_FIELD` (actor, event, or session when counting sessions),
/// `INVALID_TIMESTAMP`, or the problem of an unreadable cell.
pub fn funnel(table: &Table<'_>, o: &FunnelOptions) -> Result<Funnel> {
    funnel_with(table, o, &Plan::new(o)?)
}

/// [`funnel`] with its options already checked (`plan` is theirs).
pub(crate) fn funnel_with(table: &Table<'_>, o: &FunnelOptions, plan: &Plan) -> Result<Funnel> {
    let level = o.confidence;
    let n = table.len;
    let m = o.steps.len();
    let actors = Actors::of(table, n);
    // Borrowed as they are (copies of a million rows cost milliseconds).
    let at = table.values(1).unwrap_or_else(|| std::borrow::Cow::Owned(vec![f64::NAN; n]));
    let at: &[f64] = &at;
    let no_codes;
    let (event_codes, names): (&[u32], &[String]) = match table.labels(2) {
        Some((c, names)) => (c, names),
        None => {
            no_codes = vec![MISSING_LABEL; n];
            (&no_codes, &[])
        }
    };
    let session = (o.count_by == CountBy::Session).then(|| table.key_codes(3));
    // The properties are the schema's last fields (see `Plan::fields`).
    let first_property = table.schema.fields.len() - plan.properties.len();
    let props: Vec<(Vec<u32>, Vec<Option<Key>>)> = (0..plan.properties.len()).map(|p| table.key_codes(first_property + p)).collect();
    let step_refs: Vec<EventMatchRef<'_>> = o.steps.iter().map(|s| EventMatchRef { event: &s.0.event, where_: &s.0.where_ }).collect();
    let excl_refs: Vec<EventMatchRef<'_>> = o.exclusions.iter().map(|x| EventMatchRef { event: &x.event, where_: &x.where_ }).collect();
    let steps_m = Matcher::new(&step_refs, names, &props, plan);
    let excl_m = Matcher::new(&excl_refs, names, &props, plan);
    let blank: Vec<bool> = names.iter().map(|s| crate::table::is_blank(s)).collect();

    // Valid events, their masks and units.
    let mut rejects = Rejects::new(o.invalid);
    let mut problems = table.problem_cursor();
    let no_problems = table.problems.is_empty();
    let missing_actor = actors.missing;
    let mut valid = 0u64;
    let strict = o.order == Order::Strict;
    let exclusions = !excl_refs.is_empty();
    // Why row i is not a valid event, if it is not.
    let row_error = |i: usize, problems: &mut crate::table::ProblemCursor<'_>| match if no_problems { None } else { problems.first_at(i) } {
        Some(e) => Some(e.clone()),
        None if actors.unit(i) == missing_actor => Some(Error::MissingField { field: "actor".into(), index: Some(i) }),
        None if at[i].is_nan() => Some(Error::MissingField { field: "timestamp".into(), index: Some(i) }),
        None if !crate::time::in_range(at[i]) => crate::time::calendar::check_ms(at[i], "timestamp", Some(i)).err(),
        None if event_codes[i] == MISSING_LABEL || blank[event_codes[i] as usize] => Some(Error::MissingField { field: "event".into(), index: Some(i) }),
        None => match &session {
            Some((codes, keys)) if keys[codes[i] as usize].is_none() => Some(Error::MissingField { field: "session".into(), index: Some(i) }),
            _ => None,
        },
    };
    let mut by_unit = if no_problems && session.is_none() && steps_m.by_property.is_empty() && excl_m.by_property.is_empty() {
        // The common case (no unreadable cell, units are actors, steps and
        // exclusions by name only): one pass over the rows, through a table
        // per event name, lists the kept events with their units; those
        // are then counted and placed by unit. (Invalid rows, if any, are
        // found again in a pass of their own, for their errors.)
        // Per event-name code: 0 for a blank name, 1 for a name that
        // matches nothing (kept only by strict funnels), 2 for one kept.
        let kind: Vec<u8> = (0..names.len())
            .map(|c| match (blank[c], strict || steps_m.by_name[c] != 0 || excl_m.by_name.get(c).is_some_and(|&x| x != 0)) {
                (true, _) => 0,
                (false, false) => 1,
                (false, true) => 2,
            })
            .collect();
        let mut rows = Vec::new();
        let (v, invalid) = match &actors.ids {
            ActorIds::Codes(c) => kept_rows(event_codes, c.iter().map(|&a| a != missing_actor), at, &kind, &mut rows),
            ActorIds::Offsets(v, _) => kept_rows(event_codes, v.iter().map(|x| !x.is_nan()), at, &kind, &mut rows),
        };
        valid = v;
        if invalid > 0 {
            for i in 0..n {
                if let Some(e) = row_error(i, &mut problems) {
                    rejects.reject(i, e)?;
                }
            }
        }
        let masks: Vec<(u32, u32)> = (0..names.len()).map(|c| (steps_m.by_name[c], excl_m.by_name.get(c).copied().unwrap_or(0))).collect();
        match &actors.ids {
            ActorIds::Codes(c) => place_by_unit(&rows, |i| c[i], event_codes, at, &masks, actors.count, exclusions),
            &ActorIds::Offsets(v, lo) => place_by_unit(&rows, |i| offset(v[i], lo), event_codes, at, &masks, actors.count, exclusions),
        }
    } else {
        let mut unit_of = vec![u32::MAX; n];
        let mut mask_of = vec![0u32; n];
        let mut excl_of = vec![0u32; if exclusions { n } else { 0 }];
        let mut sizes: Vec<u32> = vec![0; if session.is_some() { 0 } else { actors.count }];
        let mut pair_ids: crate::hash::FxHashMap<u64, u32> = crate::hash::map();
        for i in 0..n {
            if let Some(e) = row_error(i, &mut problems) {
                rejects.reject(i, e)?;
                continue;
            }
            valid += 1;
            let mask = steps_m.mask(event_codes[i], &props, i);
            let excl = if exclusions { excl_m.mask(event_codes[i], &props, i) } else { 0 };
            // Only strict funnels see events that match nothing.
            if !strict && mask == 0 && excl == 0 {
                continue;
            }
            let unit = match &session {
                None => actors.unit(i),
                Some((codes, _)) => {
                    let key = (u64::from(actors.unit(i)) << 32) | u64::from(codes[i]);
                    *pair_ids.entry(key).or_insert_with(|| {
                        sizes.push(0);
                        (sizes.len() - 1) as u32
                    })
                }
            };
            unit_of[i] = unit;
            mask_of[i] = mask;
            if excl != 0 {
                excl_of[i] = excl;
            }
            sizes[unit as usize] += 1;
        }
        let (mut by_unit, mut fill) = ByUnit::new(&sizes, exclusions);
        for (i, &u) in unit_of.iter().enumerate() {
            if u != u32::MAX {
                by_unit.place(&mut fill, u, Ev { t: at[i], mask: mask_of[i], row: i as u32 }, excl_of.get(i).copied().unwrap_or(0));
            }
        }
        by_unit
    };
    by_unit.sort();
    let n_units = by_unit.starts.len() - 1;

    // Each unit's best attempt.
    // At most an outcome per unit, and a time between steps per event.
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(n_units);
    let mut gaps: Vec<f64> = Vec::with_capacity(by_unit.events.len());
    let mut scratch = Scratch::default();
    for u in 0..n_units {
        let (ev, excl) = by_unit.unit(u);
        if let Some(x) = best_attempt(ev, excl, o.order, m, plan.window_ms, &plan.bounds, &mut scratch, &mut gaps) {
            outcomes.push(x);
        }
    }
    drop(by_unit);
    let gaps = &gaps;

    let steps = step_results(o, outcomes.iter(), gaps, level);
    let excluded = outcomes.iter().filter(|x| x.level == 0).count() as u64;
    let (censored, settled_steps) = match o.as_of {
        Some(t) => {
            let open = |x: &&Outcome| x.level > 0 && x.level < m && x.start + plan.window_ms > t;
            let c = outcomes.iter().filter(open).count() as u64;
            (Some(c), Some(step_results(o, outcomes.iter().filter(|x| !open(x)), gaps, level)))
        }
        None => (None, None),
    };
    let breakdown = match &o.breakdown {
        None => None,
        Some(list) => {
            // Per breakdown and outcome: an order rank and the value. A
            // property ranks by the first appearance of its value in the
            // input, a period by time.
            let mut parts: Vec<(Vec<i64>, Vec<Option<Key>>)> = Vec::with_capacity(list.0.len());
            for b in &list.0 {
                match b {
                    Breakdown::Property(name) => {
                        let p = plan.properties.iter().position(|q| q == name).unwrap_or(0);
                        let (codes, keys) = &props[p];
                        let mut first = vec![usize::MAX; keys.len()];
                        for (i, &c) in codes.iter().enumerate() {
                            if first[c as usize] == usize::MAX {
                                first[c as usize] = i;
                            }
                        }
                        let ranks = outcomes.iter().map(|x| first[codes[x.row as usize] as usize] as i64).collect();
                        let values = outcomes.iter().map(|x| keys[codes[x.row as usize] as usize].clone()).collect();
                        parts.push((ranks, values));
                    }
                    Breakdown::Time(t) => {
                        let periods = periods_of(t, "breakdown")?;
                        let ids: Vec<i64> = outcomes.iter().map(|x| periods.id_of(x.start)).collect::<Result<_>>()?;
                        let mut labels: crate::hash::FxHashMap<i64, Option<Key>> = crate::hash::map();
                        let mut values = Vec::with_capacity(ids.len());
                        for &id in &ids {
                            let label = match labels.get(&id) {
                                Some(l) => l.clone(),
                                None => {
                                    let l = Some(Key::Str(periods.label(id)?.as_str().into()));
                                    labels.insert(id, l.clone());
                                    l
                                }
                            };
                            values.push(label);
                        }
                        parts.push((ids, values));
                    }
                }
            }
            let mut index: std::collections::HashMap<Vec<i64>, usize> = std::collections::HashMap::new();
            // Per group: its ranks, its values, its outcomes.
            type Group = (Vec<i64>, Vec<Option<Key>>, Vec<Outcome>);
            let mut groups: Vec<Group> = Vec::new();
            for (j, x) in outcomes.iter().enumerate() {
                let rank: Vec<i64> = parts.iter().map(|p| p.0[j]).collect();
                let g = match index.get(&rank) {
                    Some(&g) => g,
                    None => {
                        index.insert(rank.clone(), groups.len());
                        groups.push((rank, parts.iter().map(|p| p.1[j].clone()).collect(), Vec::new()));
                        groups.len() - 1
                    }
                };
                groups[g].2.push(*x);
            }
            let mut out: Vec<(Vec<i64>, BreakdownGroup)> = groups
                .into_iter()
                .map(|(rank, value, g)| {
                    let steps = step_results(o, g.iter(), gaps, level);
                    let units = steps[0].count;
                    (rank, BreakdownGroup { value: BreakdownValue(value), units, steps, excluded: g.iter().filter(|x| x.level == 0).count() as u64 })
                })
                .collect();
            // One property: most units first; otherwise in rank order
            // (periods by time, property values by first appearance).
            if matches!(list.0[..], [Breakdown::Property(_)]) {
                out.sort_by(|a, b| b.1.units.cmp(&a.1.units).then(a.0.cmp(&b.0)));
            } else {
                out.sort_by(|a, b| a.0.cmp(&b.0));
            }
            Some(out.into_iter().map(|g| g.1).collect())
        }
    };
    Ok(Funnel {
        order: o.order.name(),
        count_by: match o.count_by {
            CountBy::Actor => "actor",
            CountBy::Session => "session",
        },
        window_ms: plan.window_ms,
        units: steps[0].count,
        steps,
        excluded,
        censored,
        settled_steps,
        as_of: o.as_of,
        breakdown,
        events: valid,
        skipped: rejects.skipped,
        invalid: rejects.invalid,
    })
}

/// Buffers reused between units.
#[derive(Default)]
struct Scratch {
    /// `next[k * (len + 1) + i]`: the first position ≥ i matching step k
    /// (`len` when none).
    next: Vec<u32>,
    /// `prefix[x * (len + 1) + i]`: exclusion x's events before position i.
    prefix: Vec<u32>,
    /// The attempt being followed: where it met each step (ordered and
    /// strict).
    pos: [usize; MAX_STEPS],
    /// The times of the steps it met, in time order.
    times: [f64; MAX_STEPS],
}

/// Units with at most this many attempts scan forward from each start;
/// others build a table of next positions (linear in the unit's events
/// whatever the number of attempts).
const SCAN_ATTEMPTS: usize = 4;

/// The simple funnel's first pass: counts the valid events (`kind` of
/// their name ≠ 0, an actor (`has_actor`), a time in range), and lists the rows of
/// those kept (`kind` 2) in `rows`; returns the valid events and the
/// invalid ones. No branch depends on the row (a kept row is written, and
/// the list grows by one or none), so the mix of names costs no
/// mispredictions; units are found later, for the kept rows alone.
fn kept_rows(event_codes: &[u32], has_actor: impl Iterator<Item = bool>, at: &[f64], kind: &[u8], rows: &mut Vec<u32>) -> (u64, usize) {
    rows.clear();
    rows.resize(event_codes.len() + 1, 0);
    let (mut valid, mut kept) = (0u64, 0usize);
    for (i, ((&c, a), &t)) in event_codes.iter().zip(has_actor).zip(at).enumerate() {
        let k = kind.get(c as usize).copied().unwrap_or(0);
        let ok = (k != 0) & a & crate::time::in_range(t);
        valid += u64::from(ok);
        rows[kept] = i as u32;
        kept += usize::from(ok & (k == 2));
    }
    rows.truncate(kept);
    (valid, event_codes.len() - valid as usize)
}

/// The simple funnel's second pass: the kept `rows`, placed by their
/// `unit` (units are below `units`).
fn place_by_unit(rows: &[u32], unit: impl Fn(usize) -> u32, event_codes: &[u32], at: &[f64], masks: &[(u32, u32)], units: usize, exclusions: bool) -> ByUnit {
    let mut sizes: Vec<u32> = vec![0; units];
    for &i in rows {
        sizes[unit(i as usize) as usize] += 1;
    }
    let (mut by_unit, mut fill) = ByUnit::new(&sizes, exclusions);
    drop(sizes);
    for &i in rows {
        let (mask, excl) = masks[event_codes[i as usize] as usize];
        by_unit.place(&mut fill, unit(i as usize), Ev { t: at[i as usize], mask, row: i }, excl);
    }
    by_unit
}

/// The actor of each row, as a unit number.
struct Actors<'t> {
    ids: ActorIds<'t>,
    /// The unit number of a missing actor.
    missing: u32,
    /// Unit numbers are below this.
    count: usize,
}

enum ActorIds<'t> {
    /// Codes of the actor column (its keys are not needed).
    Codes(Vec<u32>),
    /// Ids that are whole numbers of a narrow range (such as 0..n): the
    /// unit is the id's offset from the smallest (NaN: missing), so no
    /// column of codes is built. Units with no event are left empty.
    Offsets(&'t [f64], f64),
}

/// The unit of an id in a range starting at `lo` (`u32::MAX` for NaN, missing).
#[inline]
fn offset(x: f64, lo: f64) -> u32 {
    if x.is_nan() {
        u32::MAX
    } else {
        (x - lo) as u32
    }
}

impl<'t> Actors<'t> {
    fn of(table: &'t Table<'_>, n: usize) -> Actors<'t> {
        if let Some(crate::table::Numbers::F64(v)) = table.numbers(0) {
            if let Some((lo, span)) = crate::table::narrow_whole_span(v, n) {
                return Actors { ids: ActorIds::Offsets(v, lo), missing: u32::MAX, count: span + 1 };
            }
        }
        let (codes, keys) = table.key_codes(0);
        Actors { ids: ActorIds::Codes(codes), missing: keys.len() as u32 - 1, count: keys.len() }
    }

    fn unit(&self, i: usize) -> u32 {
        match &self.ids {
            ActorIds::Codes(c) => c[i],
            &ActorIds::Offsets(v, lo) => offset(v[i], lo),
        }
    }
}

/// The unit's counted attempt (see the module docs); `level` 0 when every
/// attempt was disqualified; `None` when it has no attempt. `excl` is the
/// exclusions each event matches (empty without exclusions). The counted
/// attempt's times between steps are appended to `gaps` (`level − 1` of
/// them, from its `gaps_at`).
#[allow(clippy::too_many_arguments)]
fn best_attempt(ev: &[Ev], excl: &[u32], order: Order, m: usize, window: f64, bounds: &[(usize, usize)], s: &mut Scratch, gaps: &mut Vec<f64>) -> Option<Outcome> {
    let len = ev.len();
    let w = len + 1;
    let anchor_bits = if order == Order::Unordered { u32::MAX } else { 1 };
    let attempts = ev.iter().filter(|e| e.mask & anchor_bits != 0).count();
    if attempts == 0 {
        return None;
    }
    // Next positions of each step, for many attempts or unordered funnels.
    let table = order == Order::Unordered || (order == Order::Ordered && attempts > SCAN_ATTEMPTS);
    if table {
        s.next.clear();
        s.next.resize(m * w, len as u32);
        for k in 0..m {
            let next = &mut s.next[k * w..(k + 1) * w];
            for i in (0..len).rev() {
                next[i] = if ev[i].mask >> k & 1 == 1 { i as u32 } else { next[i + 1] };
            }
        }
    }
    if !bounds.is_empty() {
        s.prefix.clear();
        s.prefix.resize(bounds.len() * w, 0);
        for x in 0..bounds.len() {
            let p = &mut s.prefix[x * w..(x + 1) * w];
            for i in 0..len {
                p[i + 1] = p[i] + (excl[i] >> x & 1);
            }
        }
    }
    let gaps_at = gaps.len();
    let outcome = |level: usize, e: &Ev| Outcome { level, start: e.t, row: e.row, gaps_at: gaps_at as u32 };
    let mut best: Option<Outcome> = None;
    let mut first_disqualified: Option<Outcome> = None;
    let Scratch { next, prefix, pos, times } = s;
    for start in 0..len {
        if ev[start].mask & anchor_bits == 0 {
            continue;
        }
        let limit = ev[start].t + window;
        let mut level = 1;
        match order {
            Order::Unordered => {
                let mut reached = 0;
                for k in 0..m {
                    let j = next[k * w + start] as usize;
                    if j < len && ev[j].t <= limit {
                        times[reached] = ev[j].t;
                        reached += 1;
                    }
                }
                times[..reached].sort_by(f64::total_cmp);
                level = reached;
            }
            Order::Ordered | Order::Strict => {
                pos[0] = start;
                if table {
                    for k in 1..m {
                        let j = next[k * w + pos[k - 1] + 1] as usize;
                        if j >= len || ev[j].t > limit {
                            break;
                        }
                        pos[k] = j;
                        level = k + 1;
                    }
                } else {
                    // Forward: each event fulfils the next step if it can.
                    let strict = order == Order::Strict;
                    let mut j = start + 1;
                    while level < m && j < len && ev[j].t <= limit {
                        if ev[j].mask >> level & 1 == 1 {
                            pos[level] = j;
                            level += 1;
                        } else if strict {
                            break;
                        }
                        j += 1;
                    }
                }
                // Exclusions.
                let disqualified = bounds.iter().enumerate().any(|(x, &(from, to))| {
                    if level <= from {
                        return false;
                    }
                    let lo = pos[from] + 1;
                    let hi = if level > to { pos[to] } else { ev.partition_point(|e| e.t <= limit) };
                    hi > lo && prefix[x * w + hi] > prefix[x * w + lo]
                });
                if disqualified {
                    if first_disqualified.is_none() {
                        first_disqualified = Some(outcome(0, &ev[start]));
                    }
                    continue;
                }
            }
        }
        if best.as_ref().map_or(true, |b| level > b.level) {
            best = Some(outcome(level, &ev[start]));
            if order != Order::Unordered {
                for k in 0..level {
                    times[k] = ev[pos[k]].t;
                }
            }
            gaps.truncate(gaps_at);
            gaps.extend(times[..level].windows(2).map(|t| t[1] - t[0]));
            if level == m {
                break;
            }
        }
    }
    best.or(first_disqualified)
}

/// The step results of a set of outcomes (level 0, excluded, is left out).
fn step_results<'o>(o: &FunnelOptions, outcomes: impl Iterator<Item = &'o Outcome> + Clone, all_gaps: &[f64], level: f64) -> Vec<StepResult> {
    let m = o.steps.len();
    let mut counts = vec![0u64; m];
    for x in outcomes.clone() {
        for c in &mut counts[..x.level] {
            *c += 1;
        }
    }
    // The times between steps, each list allocated once at its size.
    let mut gaps: Vec<Vec<f64>> = counts.iter().enumerate().map(|(k, &c)| Vec::with_capacity(if k > 0 { c as usize } else { 0 })).collect();
    for x in outcomes {
        for (k, g) in gaps.iter_mut().enumerate().take(x.level).skip(1) {
            g.push(all_gaps[x.gaps_at as usize + k - 1]);
        }
    }
    let first = counts[0];
    (0..m)
        .map(|k| {
            let prev = if k == 0 { first } else { counts[k - 1] };
            let q = crate::stats::quantiles(&mut gaps[k], &[50.0, 90.0], crate::stats::QuantileMethod::Inclusive);
            let step = &o.steps[k].0;
            StepResult {
                step: k + 1,
                name: step.name.clone().unwrap_or_else(|| step.event.clone()),
                event: step.event.clone(),
                count: counts[k],
                conversion_from_start: crate::kpi::share(counts[k] as f64, first as f64),
                conversion_from_previous: crate::kpi::share(counts[k] as f64, prev as f64),
                drop_off: if k == 0 { 0 } else { prev - counts[k] },
                confidence_interval: crate::stats::wilson(counts[k] as f64 / first.max(1) as f64, first as f64, level).map(|b| ConfidenceInterval {
                    low: 100.0 * b.low,
                    high: 100.0 * b.high,
                    level,
                    method: "wilson",
                }),
                median_time_from_previous_ms: if k == 0 { None } else { q[0] },
                p90_time_from_previous_ms: if k == 0 { None } else { q[1] },
            }
        })
        .collect()
}

/// The schema of an event log with these fields.
pub fn schema<'s>(fields: &'s [Field<'s>]) -> Schema<'s> {
    // The caller's own log: properties the options do not name are not
    // read (rows and columns alike).
    Schema { name: "events", fields, text_cells: true }
}

/// `funnel(events, options)`: reads the columns the options name, then
/// computes the funnel.
///
/// # Errors
/// As [`funnel`], and the table reader's.
pub fn funnel_of(data: crate::wire::args::OpenTable<'_>, o: &FunnelOptions) -> Result<Funnel> {
    let plan = Plan::new(o)?;
    let fields = plan.fields(o);
    let schema = schema(&fields);
    let table = crate::wire::table::read_table(data.0, &schema)?;
    funnel_with(&table, o, &plan)
}

#[cfg(test)]
mod tests;
