//! Support-ticket timing KPIs: first response, resolution, handle and wait
//! times (calendar and business time), first-contact resolution, reopen and
//! abandonment rates, SLA attainment, open tickets and backlog.
//!
//! Definitions (README, "Tickets"):
//! - **First response time** = `firstResponseAt − createdAt` (Zendesk "first
//!   reply time": creation to the first public agent comment).
//! - **Resolution time** = `resolvedAt − createdAt`, or `closedAt −
//!   createdAt` when there is no `resolvedAt` (Zendesk "full resolution
//!   time": creation to solved).
//! - **Handle** and **wait** times are durations the helpdesk measured
//!   (`handleMs`, `waitMs`: Zendesk "agent work time" and "requester wait
//!   time"), summarised as given; they have no business-time twin because
//!   their start and end are not known.
//! - **First-contact resolution**: resolved with at most `fcrMaxReplies`
//!   (default 1) agent replies and never reopened (Zendesk "one-touch":
//!   solved with fewer than two agent replies), over resolved tickets whose
//!   reply count is known.
//! - **Reopen rate**: resolved tickets reopened at least once, over resolved
//!   tickets.
//! - **Abandonment rate**: abandoned over offered (tickets with `abandoned`
//!   set); abandons shorter than `shortAbandonMs` (by `waitMs`) can be left
//!   out of both.
//! - **SLA attainment** = achieved / (achieved + breached) (Zendesk); a ticket
//!   still waiting is *pending* until its elapsed time passes the target (as
//!   of `asOf`), then it is breached.
//!
//! Missing fields mean "not yet": a ticket without `resolvedAt` is open, not
//! an error.

pub mod calendar;
pub mod time;

pub use calendar::{Calendar, CalendarSpec, CompiledCalendar, WEEKDAYS};

use crate::common::{check_level, share, ConfidenceInterval, InvalidEntry, InvalidPolicy, MAX_REPORTED_INVALID};
use crate::error::{num, Error, Result};
use crate::stats::{quantiles, wilson, QuantileMethod};
use calendar::{check_ms, timestamp};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Ticket data as parallel columns (epoch milliseconds; NaN = missing).
#[derive(Debug, Clone, Copy, Default)]
pub struct TicketColumns<'a> {
    /// Creation instants; required for every ticket.
    pub created_at: &'a [f64],
    /// First agent reply.
    pub first_response_at: Option<&'a [f64]>,
    /// (First) resolution.
    pub resolved_at: Option<&'a [f64]>,
    /// Closing; stands in for `resolved_at` when that is missing.
    pub closed_at: Option<&'a [f64]>,
    /// Agent handle time, ms.
    pub handle_ms: Option<&'a [f64]>,
    /// Requester wait time, ms.
    pub wait_ms: Option<&'a [f64]>,
    /// Number of agent replies.
    pub replies: Option<&'a [f64]>,
    /// Number of times reopened.
    pub reopens: Option<&'a [f64]>,
    /// 1 abandoned, 0 not, NaN unknown (chats, calls).
    pub abandoned: Option<&'a [f64]>,
    /// Status code per ticket (an index into the names; `u32::MAX` = none).
    pub status: Option<(&'a [u32], &'a [String])>,
    /// Problems found while reading the input (a value of the wrong type, a
    /// timestamp string that does not parse), as `(ticket index, error)`
    /// sorted by index. They are reported (or skipped) in input order
    /// together with the problems found here.
    pub unreadable: &'a [(usize, Error)],
}

/// Field names, as used in messages and errors.
pub const FIELDS: [&str; 10] = [
    "createdAt",
    "firstResponseAt",
    "resolvedAt",
    "closedAt",
    "handleMs",
    "waitMs",
    "replies",
    "reopens",
    "abandoned",
    "status",
];

/// Targets of a service-level agreement.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SlaTargets {
    /// First response within this many ms.
    pub first_response_ms: Option<f64>,
    /// Resolution within this many ms.
    pub resolution_ms: Option<f64>,
    /// Measure in business time (needs a calendar) instead of calendar time.
    pub business: bool,
}

/// Length of the periods of a backlog series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Clock hours.
    Hour,
    /// Local days.
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
}

impl Period {
    /// Parses `"hour"`, `"day"`, `"week"` or `"month"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "hour" => Ok(Period::Hour),
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            _ => Err(Error::option("backlog.every", format!("must be \"hour\", \"day\", \"week\" or \"month\"; got \"{s}\""))),
        }
    }
}

/// A backlog series request: periods from the one containing `from` up to
/// `to`, in `time_zone`.
#[derive(Debug, Clone)]
pub struct BacklogSpec {
    /// First instant (epoch ms).
    pub from: f64,
    /// Last instant (epoch ms).
    pub to: f64,
    /// Period length.
    pub every: Period,
    /// Zone whose local days/weeks/months delimit the periods (default: the
    /// calendar's, else UTC).
    pub time_zone: Option<TimeZone>,
}

/// Default histogram bin edges (ms): 1, 5, 15, 30 min; 1, 2, 4, 8, 24, 48 h;
/// 7 days.
pub const DEFAULT_HISTOGRAM_MS: [f64; 11] = [
    60_000.0,
    300_000.0,
    900_000.0,
    1_800_000.0,
    3_600_000.0,
    7_200_000.0,
    14_400_000.0,
    28_800_000.0,
    86_400_000.0,
    172_800_000.0,
    604_800_000.0,
];

/// Options of [`ticket_metrics`].
#[derive(Debug, Clone)]
pub struct TicketOptions {
    /// Business-hours calendar; adds the business-time twins.
    pub calendar: Option<Calendar>,
    /// Percentiles to report besides the median, in percent (default 90, 95).
    pub percentiles: Vec<f64>,
    /// Quantile definition (default: inclusive, `PERCENTILE.INC`).
    pub quantile_method: QuantileMethod,
    /// Upper edges of the histogram bins, ms, ascending.
    pub histogram_ms: Vec<f64>,
    /// Most agent replies a first-contact resolution may have (default 1).
    pub fcr_max_replies: f64,
    /// Abandons with `waitMs` below this are left out of the abandonment
    /// rate (default 0: none).
    pub short_abandon_ms: f64,
    /// SLA targets.
    pub sla: Option<SlaTargets>,
    /// The instant "now" for open tickets and pending SLAs.
    pub as_of: Option<f64>,
    /// Backlog series.
    pub backlog: Option<BacklogSpec>,
    /// Confidence level of the rate intervals (default 0.95).
    pub confidence: f64,
    /// What to do with an invalid ticket (default: error).
    pub invalid: InvalidPolicy,
}

impl Default for TicketOptions {
    fn default() -> Self {
        TicketOptions {
            calendar: None,
            percentiles: vec![90.0, 95.0],
            quantile_method: QuantileMethod::Inclusive,
            histogram_ms: DEFAULT_HISTOGRAM_MS.to_vec(),
            fcr_max_replies: 1.0,
            short_abandon_ms: 0.0,
            sla: None,
            as_of: None,
            backlog: None,
            confidence: 0.95,
            invalid: InvalidPolicy::Error,
        }
    }
}

impl TicketOptions {
    fn validate(&self) -> Result<()> {
        check_level(self.confidence)?;
        for (i, &p) in self.percentiles.iter().enumerate() {
            if !(0.0..=100.0).contains(&p) {
                return Err(Error::option(
                    format!("percentiles[{i}]"),
                    format!("must be a percent from 0 to 100 (e.g. 90); got {}", num(p)),
                ));
            }
        }
        let mut prev = 0.0;
        for (i, &b) in self.histogram_ms.iter().enumerate() {
            if !(b.is_finite() && b > prev) {
                return Err(Error::option(
                    format!("histogram[{i}]"),
                    "must be a finite number of ms, positive and larger than the previous edge",
                ));
            }
            prev = b;
        }
        if !(self.fcr_max_replies >= 0.0 && self.fcr_max_replies.is_finite()) {
            return Err(Error::option("fcrMaxReplies", format!("must be a number ≥ 0; got {}", num(self.fcr_max_replies))));
        }
        if !(self.short_abandon_ms >= 0.0 && self.short_abandon_ms.is_finite()) {
            return Err(Error::option("shortAbandonMs", format!("must be a number of ms ≥ 0; got {}", num(self.short_abandon_ms))));
        }
        if let Some(sla) = &self.sla {
            for (name, v) in [("sla.firstResponseMs", sla.first_response_ms), ("sla.resolutionMs", sla.resolution_ms)] {
                if let Some(v) = v {
                    if !(v >= 0.0 && v.is_finite()) {
                        return Err(Error::option(name, format!("must be a number of ms ≥ 0; got {}", num(v))));
                    }
                }
            }
            if sla.business && self.calendar.is_none() {
                return Err(Error::option("sla.time", "is \"business\", which needs a `calendar`"));
            }
        }
        if let Some(t) = self.as_of {
            timestamp(t, "asOf", None)?;
        }
        Ok(())
    }
}

/// Summary statistics of a set of durations (ms).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DurationStats {
    /// Number of durations.
    pub count: u64,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// 50th percentile by the chosen method.
    pub median: Option<f64>,
    /// The requested percentiles, keyed `p90`, `p95`, `p99.9`, …
    #[serde(flatten)]
    pub percentiles: BTreeMap<String, Option<f64>>,
    /// Smallest.
    pub min: Option<f64>,
    /// Largest.
    pub max: Option<f64>,
    /// Sample standard deviation (n − 1); `None` below two values.
    pub standard_deviation: Option<f64>,
    /// Counts per bin; a value equal to an edge falls in the bin it closes.
    pub histogram: Vec<HistogramBin>,
}

/// One bin `(from, to]` of a duration histogram (the first starts at 0
/// inclusive; `to` is `None` for the last, open bin).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistogramBin {
    /// Lower edge (exclusive, except 0).
    pub from: f64,
    /// Upper edge (inclusive); `None` = no upper bound.
    pub to: Option<f64>,
    /// Number of durations in the bin.
    pub count: u64,
}

/// A rate with its counts and a Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rate {
    /// Percent, `None` when the denominator is 0.
    pub rate: Option<f64>,
    /// Numerator.
    pub count: u64,
    /// Denominator.
    pub total: u64,
    /// Wilson score interval of the percent.
    pub confidence_interval: Option<ConfidenceInterval>,
}

/// Attainment of one SLA target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaResult {
    /// The target, ms.
    pub target_ms: f64,
    /// Tickets that met the target.
    pub achieved: u64,
    /// Tickets that missed it (including open ones already past it at `asOf`).
    pub breached: u64,
    /// Open tickets not yet past the target (or all open ones without `asOf`).
    pub pending: u64,
    /// 100 · achieved / (achieved + breached).
    pub attainment: Option<f64>,
    /// Indices of the breached tickets, in input order.
    pub breached_indices: Vec<usize>,
}

/// SLA report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaReport {
    /// `"calendar"` or `"business"`.
    pub time: &'static str,
    /// First-response target, if one was set.
    pub first_response: Option<SlaResult>,
    /// Resolution target, if one was set.
    pub resolution: Option<SlaResult>,
}

/// One period of a backlog series.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BacklogPoint {
    /// Start of the period (epoch ms, inclusive).
    pub start: f64,
    /// End of the period (epoch ms, exclusive).
    pub end: f64,
    /// Tickets created in the period.
    pub created: u64,
    /// Tickets resolved (or closed) in the period.
    pub resolved: u64,
    /// Tickets open at the end of the period.
    pub open: u64,
}

/// Everything [`ticket_metrics`] reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketMetrics {
    /// Tickets counted (valid ones).
    pub tickets: u64,
    /// Invalid tickets left out (`invalid: "skip"`).
    pub skipped: u64,
    /// The first 100 skipped tickets, with the reason.
    pub invalid: Vec<InvalidEntry>,
    /// Tickets with a resolution (or closing) time.
    pub resolved: u64,
    /// Tickets open at `asOf` (created at or before it, not resolved by it);
    /// without `asOf`, tickets without a resolution.
    pub open: u64,
    /// The `asOf` instant used, if any.
    pub as_of: Option<f64>,
    /// First response times, calendar ms.
    pub first_response: DurationStats,
    /// First response times in business ms (with a calendar).
    pub first_response_business: Option<DurationStats>,
    /// Resolution times, calendar ms.
    pub resolution: DurationStats,
    /// Resolution times in business ms (with a calendar).
    pub resolution_business: Option<DurationStats>,
    /// Handle times as given.
    pub handle: DurationStats,
    /// Wait times as given.
    pub wait: DurationStats,
    /// First-contact resolution.
    pub first_contact_resolution: Rate,
    /// Reopen rate.
    pub reopen_rate: Rate,
    /// Abandonment rate.
    pub abandonment_rate: Rate,
    /// SLA attainment, when targets were given.
    pub sla: Option<SlaReport>,
    /// Backlog series, when requested.
    pub backlog: Option<Vec<BacklogPoint>>,
    /// Tickets per status.
    pub by_status: BTreeMap<String, u64>,
    /// The quantile definition used.
    pub quantile_method: &'static str,
    /// The calendar's time zone, when there is one.
    pub time_zone: Option<String>,
}

fn iso(ms: f64) -> String {
    time::format_instant(ms)
}

fn col(c: Option<&[f64]>, i: usize) -> f64 {
    c.map_or(f64::NAN, |c| c[i])
}

use calendar::{check_span, MAX_MS, MAX_SPAN_MS, MIN_MS};

/// Longest duration accepted in `handleMs` / `waitMs`: the whole supported
/// time range (years −9999..9999), so that sums and variances stay finite.
const MAX_DURATION_MS: f64 = MAX_MS - MIN_MS;

/// Checks one ticket (the rules of the column-wise check in
/// [`ticket_metrics`], with messages).
/// `business_until`: with a calendar, business time is measured from
/// creation to each event (and to `asOf` for pending business SLAs), so each
/// of those spans must be at most 100 years.
fn check_ticket(c: &TicketColumns<'_>, i: usize, business_until: Option<Option<f64>>) -> Result<()> {
    let created = c.created_at[i];
    if created.is_nan() {
        return Err(Error::MissingField { field: "createdAt".into(), index: Some(i) });
    }
    check_ms(created, "createdAt", Some(i))?;
    for (name, column) in [("firstResponseAt", c.first_response_at), ("resolvedAt", c.resolved_at), ("closedAt", c.closed_at)] {
        let v = col(column, i);
        if v.is_nan() {
            continue;
        }
        check_ms(v, name, Some(i))?;
        if v < created {
            return Err(Error::NegativeDuration {
                field: name.into(),
                index: Some(i),
                detail: format!("({}) is before createdAt ({})", iso(v), iso(created)).into(),
            });
        }
    }
    for (name, column) in [("handleMs", c.handle_ms), ("waitMs", c.wait_ms)] {
        let v = col(column, i);
        if v.is_nan() {
            continue;
        }
        if !v.is_finite() || v > MAX_DURATION_MS {
            return Err(Error::InvalidDuration { field: name.into(), index: Some(i), found: num(v).into() });
        }
        if v < 0.0 {
            return Err(Error::NegativeDuration {
                field: name.into(),
                index: Some(i),
                detail: format!("is {} ms; durations cannot be negative", num(v)).into(),
            });
        }
    }
    for (name, column) in [("replies", c.replies), ("reopens", c.reopens)] {
        let v = col(column, i);
        if !v.is_nan() && !(v >= 0.0 && v.is_finite() && v.fract() == 0.0) {
            return Err(Error::InvalidCount { field: name.into(), index: Some(i), value: v });
        }
    }
    if let Some(as_of) = business_until {
        for (name, column) in [("firstResponseAt", c.first_response_at), ("resolvedAt", c.resolved_at), ("closedAt", c.closed_at)] {
            let v = col(column, i);
            if !v.is_nan() {
                check_span(created, v, name, Some(i))?;
            }
        }
        if let Some(t) = as_of {
            check_span(created, t, "asOf", Some(i))?;
        }
    }
    let a = col(c.abandoned, i);
    if !a.is_nan() && a != 0.0 && a != 1.0 {
        return Err(Error::InvalidType {
            field: "abandoned".into(),
            index: Some(i),
            expected: "true or false".into(),
            found: num(a).into(),
        });
    }
    Ok(())
}

fn check_lengths(c: &TicketColumns<'_>) -> Result<()> {
    let n = c.created_at.len();
    let cols = [
        ("firstResponseAt", c.first_response_at.map(<[f64]>::len)),
        ("resolvedAt", c.resolved_at.map(<[f64]>::len)),
        ("closedAt", c.closed_at.map(<[f64]>::len)),
        ("handleMs", c.handle_ms.map(<[f64]>::len)),
        ("waitMs", c.wait_ms.map(<[f64]>::len)),
        ("replies", c.replies.map(<[f64]>::len)),
        ("reopens", c.reopens.map(<[f64]>::len)),
        ("abandoned", c.abandoned.map(<[f64]>::len)),
        ("status", c.status.map(|s| s.0.len())),
    ];
    for (name, len) in cols {
        if let Some(len) = len {
            if len != n {
                return Err(Error::LengthMismatch { field: name.into(), expected: n, actual: len });
            }
        }
    }
    Ok(())
}

/// Summarises durations (reorders `values`).
pub fn duration_stats(values: &mut [f64], percentiles: &[f64], method: QuantileMethod, edges: &[f64]) -> DurationStats {
    let n = values.len();
    let mut histogram: Vec<HistogramBin> = Vec::with_capacity(edges.len() + 1);
    let mut from = 0.0;
    for &e in edges {
        histogram.push(HistogramBin { from, to: Some(e), count: 0 });
        from = e;
    }
    histogram.push(HistogramBin { from, to: None, count: 0 });
    if n == 0 {
        return DurationStats {
            count: 0,
            mean: None,
            median: None,
            percentiles: percentiles.iter().map(|&p| (format!("p{}", num(p)), None)).collect(),
            min: None,
            max: None,
            standard_deviation: None,
            histogram,
        };
    }
    // Neumaier-compensated sums.
    let (mut sum, mut comp) = (0.0f64, 0.0f64);
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in values.iter() {
        let t = sum + v;
        comp += if sum.abs() >= v.abs() { (sum - t) + v } else { (v - t) + sum };
        sum = t;
        min = min.min(v);
        max = max.max(v);
        let bin = edges.partition_point(|&e| e < v);
        histogram[bin].count += 1;
    }
    let mean = (sum + comp) / n as f64;
    let standard_deviation = (n > 1).then(|| {
        let ss: f64 = values.iter().map(|&v| (v - mean) * (v - mean)).sum();
        (ss / (n - 1) as f64).sqrt()
    });
    let mut qs: Vec<f64> = vec![0.5];
    qs.extend(percentiles.iter().map(|p| p / 100.0));
    let got = quantiles(values, &qs, method);
    DurationStats {
        count: n as u64,
        mean: Some(mean),
        median: got[0],
        percentiles: percentiles.iter().zip(&got[1..]).map(|(&p, &v)| (format!("p{}", num(p)), v)).collect(),
        min: Some(min),
        max: Some(max),
        standard_deviation,
        histogram,
    }
}

fn rate(count: u64, total: u64, level: f64) -> Rate {
    let (p, n) = (count as f64, total as f64);
    Rate {
        rate: share(p, n),
        count,
        total,
        confidence_interval: if total > 0 {
            wilson(p / n, n, level).map(|b| ConfidenceInterval { low: 100.0 * b.low, high: 100.0 * b.high, level, method: "wilson" })
        } else {
            None
        },
    }
}

/// Business time between two instants with a compiled calendar when it
/// covers them, day by day otherwise.
struct Business<'a> {
    calendar: &'a Calendar,
    compiled: Option<CompiledCalendar>,
}

impl Business<'_> {
    fn ms(&self, start: f64, end: f64) -> Result<f64> {
        if let Some(c) = &self.compiled {
            if c.covers(start) && c.covers(end) {
                return Ok(c.business_ms(start, end));
            }
        }
        self.calendar.business_ms(start, end)
    }
}

/// All ticket KPIs in one pass over the data.
///
/// # Errors
/// `INVALID_OPTION` for bad options; `LENGTH_MISMATCH` for columns of
/// different lengths; per ticket (unless skipped): `MISSING_FIELD` (no
/// `createdAt`), `INVALID_TIMESTAMP`, `NEGATIVE_DURATION` (an event before
/// creation, a negative duration), `INVALID_DURATION`, `INVALID_COUNT`
/// (replies, reopens), `INVALID_TYPE` (abandoned not a boolean).
pub fn ticket_metrics(c: &TicketColumns<'_>, options: &TicketOptions) -> Result<TicketMetrics> {
    options.validate()?;
    check_lengths(c)?;
    let n = c.created_at.len();
    let level = options.confidence;
    let created = c.created_at;

    // Validation, column by column (tight loops the compiler vectorises);
    // only rows found bad are checked again one by one for their message.
    let mut bad = vec![false; n];
    for (b, &t) in bad.iter_mut().zip(created) {
        *b |= !(t >= MIN_MS && t <= MAX_MS);
    }
    for column in [c.first_response_at, c.resolved_at, c.closed_at].into_iter().flatten() {
        for ((b, &v), &t) in bad.iter_mut().zip(column).zip(created) {
            *b |= !(v.is_nan() || (v <= MAX_MS && v >= t));
        }
    }
    for column in [c.handle_ms, c.wait_ms].into_iter().flatten() {
        for (b, &v) in bad.iter_mut().zip(column) {
            *b |= !(v.is_nan() || (0.0..=MAX_DURATION_MS).contains(&v));
        }
    }
    for column in [c.replies, c.reopens].into_iter().flatten() {
        for (b, &v) in bad.iter_mut().zip(column) {
            *b |= !(v.is_nan() || ((0.0..=f64::MAX).contains(&v) && v.fract() == 0.0));
        }
    }
    if let Some(column) = c.abandoned {
        for (b, &v) in bad.iter_mut().zip(column) {
            *b |= !(v.is_nan() || v == 0.0 || v == 1.0);
        }
    }
    // Spans business time is measured over (see `check_ticket`).
    let business_until = options.calendar.as_ref().map(|_| {
        let pending_business_sla = options.sla.is_some_and(|s| s.business);
        options.as_of.filter(|_| pending_business_sla)
    });
    if let Some(as_of) = business_until {
        for column in [c.first_response_at, c.resolved_at, c.closed_at].into_iter().flatten() {
            for ((b, &v), &t) in bad.iter_mut().zip(column).zip(created) {
                *b |= v - t > MAX_SPAN_MS;
            }
        }
        if let Some(a) = as_of {
            for (b, &t) in bad.iter_mut().zip(created) {
                *b |= a - t > MAX_SPAN_MS;
            }
        }
    }
    for (i, _) in c.unreadable {
        if let Some(b) = bad.get_mut(*i) {
            *b = true;
        }
    }
    let mut skipped = 0u64;
    let mut invalid = Vec::new();
    if bad.iter().any(|&b| b) {
        let mut unreadable = c.unreadable.iter().peekable();
        for i in (0..n).filter(|&i| bad[i]) {
            let mut problem = None;
            while let Some((j, e)) = unreadable.peek() {
                if *j > i {
                    break;
                }
                if *j == i && problem.is_none() {
                    problem = Some(e.clone());
                }
                unreadable.next();
            }
            let e = match problem {
                Some(e) => e,
                None => match check_ticket(c, i, business_until) {
                    Err(e) => e,
                    // Cannot happen: both checks apply the same rules.
                    Ok(()) => {
                        debug_assert!(false, "row {i} failed the column check only");
                        continue;
                    }
                },
            };
            match options.invalid {
                InvalidPolicy::Error => return Err(e),
                InvalidPolicy::Skip => {
                    skipped += 1;
                    if invalid.len() < MAX_REPORTED_INVALID {
                        invalid.push(InvalidEntry { index: i, code: e.code(), message: e.to_string() });
                    }
                }
            }
        }
    }
    let ok = |i: usize| !bad[i];

    // When each ticket was done: resolvedAt, else closedAt (NaN = open).
    let done: Vec<f64> = match (c.resolved_at, c.closed_at) {
        (Some(r), Some(cl)) => r.iter().zip(cl).map(|(&r, &cl)| if r.is_nan() { cl } else { r }).collect(),
        (Some(r), None) => r.to_vec(),
        (None, Some(cl)) => cl.to_vec(),
        (None, None) => vec![f64::NAN; n],
    };

    // Business calendar, unrolled over the span of the data.
    let business = match &options.calendar {
        Some(cal) => {
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for i in (0..n).filter(|&i| ok(i)) {
                lo = lo.min(created[i]);
                hi = hi.max(created[i]).max(col(c.first_response_at, i).max(done[i]));
            }
            if let Some(t) = options.as_of {
                hi = hi.max(t);
                lo = lo.min(t);
            }
            let compiled = if lo <= hi { cal.compile(lo, hi)? } else { None };
            Some(Business { calendar: cal, compiled })
        }
        None => None,
    };
    // Elapsed business time per ticket to an event column (NaN = no event).
    let business_to = |b: &Business<'_>, events: &[f64]| -> Result<Vec<f64>> {
        (0..n).map(|i| if ok(i) && !events[i].is_nan() { b.ms(created[i], events[i]) } else { Ok(f64::NAN) }).collect()
    };
    let durations = |events: &[f64]| -> Vec<f64> {
        (0..n).filter(|&i| ok(i) && !events[i].is_nan()).map(|i| events[i] - created[i]).collect()
    };
    let present = |v: &[f64]| -> Vec<f64> { (0..n).filter(|&i| ok(i) && !v[i].is_nan()).map(|i| v[i]).collect() };

    let nan_column = vec![f64::NAN; if c.first_response_at.is_some() { 0 } else { n }];
    let first_at = c.first_response_at.unwrap_or(&nan_column);
    let mut first = durations(first_at);
    let mut resolution = durations(&done);
    let (first_b, done_b) = match &business {
        Some(b) => (Some(business_to(b, first_at)?), Some(business_to(b, &done)?)),
        None => (None, None),
    };
    let mut handle = c.handle_ms.map(present).unwrap_or_default();
    let mut wait = c.wait_ms.map(present).unwrap_or_default();

    let (mut resolved, mut open) = (0u64, 0u64);
    let (mut fcr, mut fcr_total, mut reopened) = (0u64, 0u64, 0u64);
    for i in (0..n).filter(|&i| ok(i)) {
        let d = done[i];
        let is_open = match options.as_of {
            Some(t) => created[i] <= t && !(d <= t),
            None => d.is_nan(),
        };
        open += is_open as u64;
        if !d.is_nan() {
            resolved += 1;
            let reopens = col(c.reopens, i);
            let never_reopened = reopens.is_nan() || reopens == 0.0;
            reopened += !never_reopened as u64;
            let replies = col(c.replies, i);
            if !replies.is_nan() {
                fcr_total += 1;
                fcr += (replies <= options.fcr_max_replies && never_reopened) as u64;
            }
        }
    }
    let (mut abandoned, mut offered) = (0u64, 0u64);
    if let Some(a) = c.abandoned {
        for i in (0..n).filter(|&i| ok(i) && !a[i].is_nan()) {
            let w = col(c.wait_ms, i);
            let short = a[i] == 1.0 && options.short_abandon_ms > 0.0 && !w.is_nan() && w < options.short_abandon_ms;
            if !short {
                offered += 1;
                abandoned += (a[i] == 1.0) as u64;
            }
        }
    }
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    if let Some((codes, names)) = c.status {
        let mut counts = vec![0u64; names.len()];
        for i in (0..n).filter(|&i| ok(i)) {
            if let Some(k) = counts.get_mut(codes[i] as usize) {
                *k += 1;
            }
        }
        for (name, k) in names.iter().zip(counts) {
            if k > 0 {
                *by_status.entry(name.clone()).or_default() += k;
            }
        }
    }

    let sla = match options.sla {
        Some(s) => {
            let measure = |events: &[f64], events_b: Option<&Vec<f64>>, target: f64| -> Result<SlaResult> {
                let mut counter = SlaCounter::default();
                for i in (0..n).filter(|&i| ok(i)) {
                    let elapsed_to = |end: f64, known: Option<f64>| -> Result<f64> {
                        match (s.business, known, &business) {
                            (true, Some(v), _) => Ok(v),
                            (true, None, Some(b)) => b.ms(created[i], end),
                            _ => Ok(end - created[i]),
                        }
                    };
                    let e = events[i];
                    let elapsed = if e.is_nan() { None } else { Some(elapsed_to(e, events_b.map(|v| v[i]))?) };
                    let so_far = match (elapsed, options.as_of) {
                        (None, Some(t)) if t >= created[i] => Some(elapsed_to(t, None)?),
                        _ => None,
                    };
                    counter.count(i, target, elapsed, so_far);
                }
                Ok(counter.finish(target))
            };
            Some(SlaReport {
                time: if s.business { "business" } else { "calendar" },
                first_response: s.first_response_ms.map(|t| measure(first_at, first_b.as_ref(), t)).transpose()?,
                resolution: s.resolution_ms.map(|t| measure(&done, done_b.as_ref(), t)).transpose()?,
            })
        }
        None => None,
    };
    let backlog = match &options.backlog {
        Some(spec) => {
            let tz = spec
                .time_zone
                .clone()
                .or_else(|| options.calendar.as_ref().map(|c| c.time_zone().clone()))
                .unwrap_or(TimeZone::UTC);
            let created: Vec<f64> = (0..n).filter(|&i| ok(i)).map(|i| created[i]).collect();
            let done: Vec<f64> = (0..n).filter(|&i| ok(i) && !done[i].is_nan()).map(|i| done[i]).collect();
            Some(backlog_series(created, done, spec, &tz)?)
        }
        None => None,
    };
    let stats = |v: &mut Vec<f64>| duration_stats(v, &options.percentiles, options.quantile_method, &options.histogram_ms);
    let business_stats = |v: Option<Vec<f64>>| {
        v.map(|v| {
            let mut v: Vec<f64> = v.into_iter().filter(|x| !x.is_nan()).collect();
            stats(&mut v)
        })
    };
    Ok(TicketMetrics {
        tickets: (n as u64) - bad.iter().filter(|&&b| b).count() as u64,
        skipped,
        invalid,
        resolved,
        open,
        as_of: options.as_of,
        first_response: stats(&mut first),
        first_response_business: business_stats(first_b),
        resolution: stats(&mut resolution),
        resolution_business: business_stats(done_b),
        handle: stats(&mut handle),
        wait: stats(&mut wait),
        first_contact_resolution: rate(fcr, fcr_total, level),
        reopen_rate: rate(reopened, resolved, level),
        abandonment_rate: rate(abandoned, offered, level),
        sla,
        backlog,
        by_status,
        quantile_method: options.quantile_method.describe(),
        time_zone: options.calendar.as_ref().map(|c| c.time_zone_name().to_string()),
    })
}

#[derive(Default)]
struct SlaCounter {
    achieved: u64,
    pending: u64,
    breached: Vec<usize>,
}

impl SlaCounter {
    /// `elapsed`: the time to the event, if it happened; `so_far`: the time
    /// elapsed at `asOf` for a ticket still waiting.
    fn count(&mut self, i: usize, target: f64, elapsed: Option<f64>, so_far: Option<f64>) {
        match (elapsed, so_far) {
            (Some(e), _) if e <= target => self.achieved += 1,
            (Some(_), _) => self.breached.push(i),
            (None, Some(s)) if s > target => self.breached.push(i),
            (None, _) => self.pending += 1,
        }
    }

    fn finish(&mut self, target: f64) -> SlaResult {
        let breached = self.breached.len() as u64;
        let decided = self.achieved + breached;
        SlaResult {
            target_ms: target,
            achieved: self.achieved,
            breached,
            pending: self.pending,
            attainment: (decided > 0).then(|| 100.0 * self.achieved as f64 / decided as f64),
            breached_indices: std::mem::take(&mut self.breached),
        }
    }
}

/// The local start of the period containing `date` (a local date).
fn period_start(date: Date, every: Period) -> Date {
    match every {
        Period::Hour | Period::Day => date,
        Period::Week => date
            .checked_sub(jiff::Span::new().days(date.weekday().to_monday_zero_offset() as i64))
            .unwrap_or(date),
        Period::Month => date.first_of_month(),
    }
}

fn backlog_series(mut created: Vec<f64>, mut done: Vec<f64>, spec: &BacklogSpec, tz: &TimeZone) -> Result<Vec<BacklogPoint>> {
    let from = timestamp(spec.from, "backlog.from", None)?;
    timestamp(spec.to, "backlog.to", None)?;
    if spec.to < spec.from {
        return Err(Error::option("backlog.to", "must not be before backlog.from"));
    }
    created.sort_unstable_by(f64::total_cmp);
    done.sort_unstable_by(f64::total_cmp);
    let before = |v: &[f64], t: f64| v.partition_point(|&x| x < t) as u64;
    let range_err = || Error::option("backlog", "reaches a date outside years -9999..9999");
    let to_ms = |dt: jiff::civil::DateTime| -> Result<f64> {
        tz.to_timestamp(dt).map(|t| t.as_millisecond() as f64).map_err(|_| range_err())
    };
    let local = tz.to_datetime(from);
    let mut cursor = match spec.every {
        Period::Hour => local.date().at(local.hour(), 0, 0, 0),
        _ => period_start(local.date(), spec.every).at(0, 0, 0, 0),
    };
    let mut out = Vec::new();
    loop {
        let start = to_ms(cursor)?;
        if start > spec.to {
            break;
        }
        if out.len() >= 100_000 {
            return Err(Error::option("backlog", "would have more than 100 000 periods; use a longer period"));
        }
        let next = match spec.every {
            Period::Hour => {
                // Hours are counted on the timeline, not the clock: a
                // fall-back night has 25 of them.
                let t = jiff::Timestamp::from_millisecond(start as i64 + 3_600_000).map_err(|_| range_err())?;
                tz.to_datetime(t)
            }
            Period::Day => cursor.date().tomorrow().map_err(|_| range_err())?.at(0, 0, 0, 0),
            Period::Week => cursor.date().checked_add(jiff::Span::new().days(7)).map_err(|_| range_err())?.at(0, 0, 0, 0),
            Period::Month => cursor.date().checked_add(jiff::Span::new().months(1)).map_err(|_| range_err())?.at(0, 0, 0, 0),
        };
        let end = to_ms(next)?;
        let end = if end > start { end } else { start + 3_600_000.0 };
        out.push(BacklogPoint {
            start,
            end,
            created: before(&created, end) - before(&created, start),
            resolved: before(&done, end) - before(&done, start),
            open: before(&created, end) - before(&done, end),
        });
        cursor = next;
        if end > spec.to {
            break;
        }
    }
    Ok(out)
}

/// Business durations for many (start, end) pairs with one calendar, e.g.
/// columns of a ticket export.
///
/// # Errors
/// `LENGTH_MISMATCH`; per pair (with the index): `INVALID_TIMESTAMP`,
/// `NEGATIVE_DURATION`. NaN in either column gives NaN in the output
/// (missing stays missing).
pub fn business_durations(calendar: &Calendar, starts: &[f64], ends: &[f64]) -> Result<Vec<f64>> {
    if starts.len() != ends.len() {
        return Err(Error::LengthMismatch { field: "ends".into(), expected: starts.len(), actual: ends.len() });
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (i, (&s, &e)) in starts.iter().zip(ends).enumerate() {
        if s.is_nan() || e.is_nan() {
            continue;
        }
        check_ms(s, "starts", Some(i))?;
        check_ms(e, "ends", Some(i))?;
        if e < s {
            return Err(Error::NegativeDuration {
                field: Cow::Borrowed("ends"),
                index: Some(i),
                detail: format!("({}) is before its start ({})", iso(e), iso(s)).into(),
            });
        }
        check_span(s, e, "ends", Some(i))?;
        lo = lo.min(s);
        hi = hi.max(e);
    }
    let business = Business { calendar, compiled: if lo <= hi { calendar.compile(lo, hi)? } else { None } };
    starts
        .iter()
        .zip(ends)
        .map(|(&s, &e)| if s.is_nan() || e.is_nan() { Ok(f64::NAN) } else { business.ms(s, e) })
        .collect()
}

#[cfg(test)]
mod tests;
