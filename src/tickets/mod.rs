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
//!
//! The KPI is a [`Metric`] ([`Tickets`]): adding a table measures each valid
//! ticket once (durations, business durations, rate counts, SLA outcomes)
//! into a [`TicketState`], which merges by concatenation; reading summarises
//! the state.

mod backlog;
mod sla;

pub use backlog::{backlog_series, BacklogPoint, BacklogSpec};
pub use sla::{SlaReport, SlaResult, SlaTargets};

pub use crate::kpi::Rate;
pub use crate::stats::{DurationStats, HistogramBin, DEFAULT_HISTOGRAM_MS};
pub use crate::time::calendar::{self, Calendar, CalendarSpec, CompiledCalendar, WEEKDAYS};
pub use crate::time::Period;

use crate::error::{Error, Result};
use crate::kpi::{check_level, InvalidEntry, InvalidPolicy, Merge, Metric, Rejects};
use crate::stats::{check_edges, duration_stats, percentile_keys, QuantileMethod};
use crate::table::{Column, Field, Kind, Numbers, Rule, RuleSet, Schema, Table};
use crate::time::{MAX_MS, MAX_SPAN_MS, MIN_MS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The columns of a ticket table, in schema order.
pub const FIELDS: [&str; 11] = [
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
    "calendar",
];
/// What each column of a ticket table is, as named where a grouping maps
/// its own column names onto them (`{ kind: "firstResponse", created:
/// "opened_at" }`), in schema order.
pub const ROLES: [&str; 10] =
    ["created", "firstResponse", "resolved", "closed", "handle", "wait", "replies", "reopens", "abandoned", "status"];
/// Position of the status column.
pub const STATUS_FIELD: usize = STATUS;
const CREATED: usize = 0;
const FIRST: usize = 1;
const RESOLVED: usize = 2;
const CLOSED: usize = 3;
const HANDLE: usize = 4;
const WAIT: usize = 5;
const REPLIES: usize = 6;
const REOPENS: usize = 7;
const ABANDONED: usize = 8;
const STATUS: usize = 9;
/// The name of the ticket's schedule among `calendars`.
const SCHEDULE: usize = 10;
/// Position of the column of calendar names.
pub const SCHEDULE_FIELD: usize = SCHEDULE;

/// The ticket table: instants, durations, counts, a flag and a label.
pub const SCHEMA: Schema<'static> = Schema {
    name: "tickets",
    fields: &[
        Field { name: FIELDS[CREATED], kind: Kind::Instant, required: true },
        Field { name: FIELDS[FIRST], kind: Kind::Instant, required: false },
        Field { name: FIELDS[RESOLVED], kind: Kind::Instant, required: false },
        Field { name: FIELDS[CLOSED], kind: Kind::Instant, required: false },
        Field { name: FIELDS[HANDLE], kind: Kind::Number, required: false },
        Field { name: FIELDS[WAIT], kind: Kind::Number, required: false },
        Field { name: FIELDS[REPLIES], kind: Kind::Number, required: false },
        Field { name: FIELDS[REOPENS], kind: Kind::Number, required: false },
        Field { name: FIELDS[ABANDONED], kind: Kind::Bool, required: false },
        Field { name: FIELDS[STATUS], kind: Kind::Label, required: false },
        Field { name: FIELDS[SCHEDULE], kind: Kind::Label, required: false },
    ],
    text_cells: false,
};

/// Longest duration accepted in `handleMs` / `waitMs`: the whole supported
/// time range (years −9999..9999), so that sums and variances stay finite.
const MAX_DURATION_MS: f64 = MAX_MS - MIN_MS;

const SPAN_RULE: &str = "is more than 100 years after its start; business time is computed for spans up to 100 years";

/// What a valid ticket is, as rules over its columns, in the order their
/// errors are reported. With a calendar, business time is measured from
/// creation to each event (and to `asOf` for pending business SLAs), so each
/// of those spans must be at most 100 years.
pub fn rules(options: &TicketOptions) -> RuleSet {
    let mut rules = vec![Rule::Required(CREATED), Rule::Instant { field: CREATED, min: MIN_MS, max: MAX_MS }];
    for f in [FIRST, RESOLVED, CLOSED] {
        rules.push(Rule::Instant { field: f, min: MIN_MS, max: MAX_MS });
        rules.push(Rule::NotBefore { field: f, start: CREATED });
    }
    for f in [HANDLE, WAIT] {
        rules.push(Rule::Duration { field: f, max: MAX_DURATION_MS });
    }
    rules.extend([Rule::Count(REPLIES), Rule::Count(REOPENS)]);
    if options.has_calendar() {
        for f in [FIRST, RESOLVED, CLOSED] {
            rules.push(Rule::MaxSpan { field: f, start: CREATED, max: MAX_SPAN_MS, why: SPAN_RULE });
        }
        if let (Some(t), Some(true)) = (options.as_of, options.sla.map(|s| s.business)) {
            rules.push(Rule::MaxSpanTo { at: t, name: "asOf", start: CREATED, max: MAX_SPAN_MS, why: SPAN_RULE });
        }
    }
    rules.push(Rule::Flag(ABANDONED));
    RuleSet { rules }
}

/// Ticket data as parallel columns (epoch milliseconds; NaN = missing), for
/// Rust callers; JavaScript input becomes a [`Table`] directly.
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
    /// sorted by index.
    pub unreadable: &'a [(usize, Error)],
}

impl<'a> TicketColumns<'a> {
    /// The columns as a [`Table`].
    ///
    /// # Errors
    /// `LENGTH_MISMATCH` for columns of different lengths.
    pub fn table(&self) -> Result<Table<'a>> {
        let mut t = Table::new(&SCHEMA, self.created_at.len());
        t.set(CREATED, Column::Numbers(Numbers::F64(self.created_at)))?;
        let others = [
            (FIRST, self.first_response_at),
            (RESOLVED, self.resolved_at),
            (CLOSED, self.closed_at),
            (HANDLE, self.handle_ms),
            (WAIT, self.wait_ms),
            (REPLIES, self.replies),
            (REOPENS, self.reopens),
            (ABANDONED, self.abandoned),
        ];
        for (f, c) in others {
            if let Some(c) = c {
                t.set(f, Column::Numbers(Numbers::F64(c)))?;
            }
        }
        if let Some((codes, names)) = self.status {
            t.set(STATUS, Column::Labels { codes: codes.to_vec(), names: names.to_vec() })?;
        }
        t.problems = self.unreadable.to_vec();
        Ok(t)
    }
}

/// Options of [`ticket_metrics`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct TicketOptions {
    /// Business-hours calendar; adds the business-time twins.
    pub calendar: Option<Calendar>,
    /// Named calendars (a team's schedule each): a ticket's `calendar`
    /// column names the one it is measured in (the default `calendar`, if
    /// any, for a ticket without a name), as Zendesk's multi-schedule SLAs.
    #[serde(deserialize_with = "crate::kpi::map_pairs")]
    pub calendars: Vec<(String, Calendar)>,
    /// Percentiles to report besides the median, in percent (default 90, 95).
    pub percentiles: Vec<f64>,
    /// Quantile definition (default: inclusive, `PERCENTILE.INC`).
    pub quantile_method: QuantileMethod,
    /// Upper edges of the histogram bins, ms, ascending.
    #[serde(rename = "histogram")]
    pub histogram_ms: Vec<f64>,
    /// Most agent replies a first-contact resolution may have (default 1).
    pub fcr_max_replies: f64,
    /// Abandons with `waitMs` below this are left out of the abandonment
    /// rate (default 0: none).
    pub short_abandon_ms: f64,
    /// SLA targets.
    pub sla: Option<SlaTargets>,
    /// The instant "now" for open tickets and pending SLAs.
    #[serde(deserialize_with = "crate::kpi::instant_option")]
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
            calendars: Vec::new(),
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
    /// Whether business time is measured: a `calendar` or `calendars`.
    pub fn has_calendar(&self) -> bool {
        self.calendar.is_some() || !self.calendars.is_empty()
    }

    pub(crate) fn validate(&self) -> Result<()> {
        check_level(self.confidence)?;
        percentile_keys(&self.percentiles)?;
        check_edges(&self.histogram_ms)?;
        let nonneg = |name: &'static str, v: f64, what: &str| {
            if v >= 0.0 && v.is_finite() {
                Ok(())
            } else {
                Err(Error::option(name, format!("must be a number{what} ≥ 0; got {}", crate::error::num(v))))
            }
        };
        nonneg("fcrMaxReplies", self.fcr_max_replies, "")?;
        nonneg("shortAbandonMs", self.short_abandon_ms, " of ms")?;
        if let Some(sla) = &self.sla {
            for (name, v) in [("sla.firstResponseMs", sla.first_response_ms), ("sla.resolutionMs", sla.resolution_ms)] {
                if let Some(v) = v {
                    nonneg(name, v, " of ms")?;
                }
            }
            if sla.business && !self.has_calendar() {
                return Err(Error::option("sla.time", "is \"business\", which needs a `calendar` (or `calendars`)"));
            }
        }
        if let Some(t) = self.as_of {
            calendar::timestamp(t, "asOf", None)?;
        }
        if let Some(b) = &self.backlog {
            b.validate()?;
        }
        Ok(())
    }
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

/// The mergeable state of the ticket KPIs: each valid ticket measured once
/// (durations, business durations, rate counts, SLA outcomes). States merge
/// by concatenation and addition, so tickets can be added in parts and
/// grouped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketState {
    /// Rows seen so far, valid or not (the offset of the next table's indices).
    pub rows: usize,
    /// Valid tickets.
    pub tickets: u64,
    /// Skipped tickets.
    pub rejects: Rejects,
    /// First response durations, calendar ms.
    pub first: Vec<f64>,
    /// … in business ms (with a calendar).
    pub first_business: Vec<f64>,
    /// Resolution durations, calendar ms.
    pub resolution: Vec<f64>,
    /// … in business ms.
    pub resolution_business: Vec<f64>,
    /// Handle times.
    pub handle: Vec<f64>,
    /// Wait times.
    pub wait: Vec<f64>,
    /// Resolved tickets.
    pub resolved: u64,
    /// Open tickets (at `asOf`, or without a resolution).
    pub open: u64,
    /// First-contact resolutions, and their base.
    pub fcr: (u64, u64),
    /// Reopened tickets.
    pub reopened: u64,
    /// Abandoned and offered.
    pub abandoned: (u64, u64),
    /// Tickets per status.
    pub by_status: BTreeMap<String, u64>,
    /// SLA outcomes: first response, resolution.
    pub sla: [sla::SlaCounter; 2],
    /// Creation instants of valid tickets (for the backlog).
    pub created: Vec<f64>,
    /// Resolution instants of resolved valid tickets (for the backlog).
    pub done: Vec<f64>,
}

impl Merge for TicketState {
    fn merge(&mut self, other: &TicketState) -> Result<()> {
        let offset = self.rows;
        self.rows += other.rows;
        self.tickets += other.tickets;
        self.rejects.extend(other.rejects.clone(), offset);
        for (a, b) in [
            (&mut self.first, &other.first),
            (&mut self.first_business, &other.first_business),
            (&mut self.resolution, &other.resolution),
            (&mut self.resolution_business, &other.resolution_business),
            (&mut self.handle, &other.handle),
            (&mut self.wait, &other.wait),
            (&mut self.created, &other.created),
            (&mut self.done, &other.done),
        ] {
            a.extend_from_slice(b);
        }
        self.resolved += other.resolved;
        self.open += other.open;
        self.fcr = (self.fcr.0 + other.fcr.0, self.fcr.1 + other.fcr.1);
        self.reopened += other.reopened;
        self.abandoned = (self.abandoned.0 + other.abandoned.0, self.abandoned.1 + other.abandoned.1);
        for (k, v) in &other.by_status {
            *self.by_status.entry(k.clone()).or_default() += v;
        }
        for (a, b) in self.sla.iter_mut().zip(&other.sla) {
            a.merge(b, offset);
        }
        Ok(())
    }
}

/// The sets of durations a ticket state keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durations {
    /// First response, calendar ms.
    FirstResponse,
    /// First response, business ms.
    FirstResponseBusiness,
    /// Resolution, calendar ms.
    Resolution,
    /// Resolution, business ms.
    ResolutionBusiness,
    /// Handle times.
    Handle,
    /// Wait times.
    Wait,
}

/// The rates a ticket state keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rates {
    /// First-contact resolutions over resolved tickets with a reply count.
    FirstContactResolution,
    /// Reopened over resolved tickets.
    Reopen,
    /// Abandoned over offered.
    Abandonment,
}

impl TicketState {
    /// One set of durations, in the order measured.
    pub fn durations(&self, which: Durations) -> &[f64] {
        match which {
            Durations::FirstResponse => &self.first,
            Durations::FirstResponseBusiness => &self.first_business,
            Durations::Resolution => &self.resolution,
            Durations::ResolutionBusiness => &self.resolution_business,
            Durations::Handle => &self.handle,
            Durations::Wait => &self.wait,
        }
    }

    /// One rate, with its Wilson interval at `level`.
    pub fn rate(&self, which: Rates, level: f64) -> Rate {
        match which {
            Rates::FirstContactResolution => Rate::new(self.fcr.0, self.fcr.1, level),
            Rates::Reopen => Rate::new(self.reopened, self.resolved, level),
            Rates::Abandonment => Rate::new(self.abandoned.0, self.abandoned.1, level),
        }
    }

    /// SLA attainment against the targets of `options`, when there are any.
    pub fn sla_report(&self, options: &TicketOptions) -> Option<SlaReport> {
        options.sla.map(|t| SlaReport {
            time: if t.business { "business" } else { "calendar" },
            first_response: t.first_response_ms.map(|ms| self.sla[0].result(ms)),
            resolution: t.resolution_ms.map(|ms| self.sla[1].result(ms)),
        })
    }
}

impl TicketOptions {
    /// The statistics of `values` under these options (`keys`: the names of
    /// the percentiles, from [`percentile_keys`]).
    pub fn stats(&self, values: &[f64], keys: &[String]) -> DurationStats {
        let mut v = values.to_vec();
        duration_stats(&mut v, &self.percentiles, keys, self.quantile_method, &self.histogram_ms)
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

    fn add(&self, start: f64, ms: f64) -> Result<f64> {
        if let Some(t) = self.compiled.as_ref().and_then(|c| c.add(start, ms)) {
            return Ok(t);
        }
        self.calendar.add_business(start, ms)
    }
}

/// The ticket KPIs as a [`Metric`].
#[derive(Debug, Clone, Copy)]
pub struct Tickets;

impl Metric for Tickets {
    type Options = TicketOptions;
    type State = TicketState;
    type Output = TicketMetrics;
    const SCHEMA: &'static Schema<'static> = &SCHEMA;

    fn state(options: &TicketOptions) -> Result<TicketState> {
        options.validate()?;
        Ok(TicketState { rejects: Rejects::new(options.invalid), ..TicketState::default() })
    }

    fn add(state: &mut TicketState, table: &Table<'_>, options: &TicketOptions) -> Result<()> {
        let mut part = TicketState { rejects: Rejects::new(options.invalid), ..TicketState::default() };
        measure(&mut part, table, options)?;
        state.merge(&part)
    }

    fn read(s: &TicketState, options: &TicketOptions) -> Result<TicketMetrics> {
        options.validate()?;
        let keys = percentile_keys(&options.percentiles)?;
        let stats = |which: Durations| options.stats(s.durations(which), &keys);
        let level = options.confidence;
        let business = options.has_calendar();
        let backlog = match &options.backlog {
            Some(spec) => {
                let tz = spec
                    .time_zone
                    .clone()
                    .or_else(|| options.calendar.as_ref().map(|c| c.time_zone().clone()))
                    .unwrap_or(jiff::tz::TimeZone::UTC);
                Some(backlog_series(s.created.clone(), s.done.clone(), spec, &tz)?)
            }
            None => None,
        };
        Ok(TicketMetrics {
            tickets: s.tickets,
            skipped: s.rejects.skipped,
            invalid: s.rejects.invalid.clone(),
            resolved: s.resolved,
            open: s.open,
            as_of: options.as_of,
            first_response: stats(Durations::FirstResponse),
            first_response_business: business.then(|| stats(Durations::FirstResponseBusiness)),
            resolution: stats(Durations::Resolution),
            resolution_business: business.then(|| stats(Durations::ResolutionBusiness)),
            handle: stats(Durations::Handle),
            wait: stats(Durations::Wait),
            first_contact_resolution: s.rate(Rates::FirstContactResolution, level),
            reopen_rate: s.rate(Rates::Reopen, level),
            abandonment_rate: s.rate(Rates::Abandonment, level),
            sla: s.sla_report(options),
            backlog,
            by_status: s.by_status.clone(),
            quantile_method: options.quantile_method.describe(),
            time_zone: options.calendar.as_ref().map(|c| c.time_zone_name().to_string()),
        })
    }
}

/// Validates a table of tickets: the rows a rule rejects or a cell could not
/// be read in, in input order, each with its first problem.
fn validate(table: &Table<'_>, cols: &[Option<&[f64]>], set: &RuleSet, rejects: &mut Rejects) -> Result<Vec<bool>> {
    let n = table.len;
    let mut bad = set.bad_rows(cols, n);
    for (i, _) in &table.problems {
        if let Some(b) = bad.get_mut(*i) {
            *b = true;
        }
    }
    if bad.iter().any(|&b| b) {
        let names: Vec<&str> = table.schema.fields.iter().map(|f| f.name).collect();
        let mut problems = table.problem_cursor();
        for i in (0..n).filter(|&i| bad[i]) {
            // Every bad row has a problem or breaks a rule: both come from
            // the same predicates.
            if let Some(e) = problems.first_at(i).cloned().or_else(|| set.first_error(&names, cols, i)) {
                rejects.reject(i, e)?;
            }
        }
    }
    Ok(bad)
}

/// Measures every valid ticket of `table` into `s`.
fn measure(s: &mut TicketState, table: &Table<'_>, options: &TicketOptions) -> Result<()> {
    let n = table.len;
    let owned: Vec<Option<std::borrow::Cow<'_, [f64]>>> = (0..STATUS).map(|f| table.values(f)).collect();
    let cols: Vec<Option<&[f64]>> = owned.iter().map(|c| c.as_deref()).collect();
    let set = rules(options);
    let mut bad = validate(table, &cols, &set, &mut s.rejects)?;
    let schedules = schedules(table, options, &mut bad, &mut s.rejects)?;
    s.rows = n;
    // Invalid tickets are in no group.
    let group: Vec<u32> = bad.iter().map(|&b| if b { u32::MAX } else { 0 }).collect();
    measure_groups(std::slice::from_mut(s), &group, &cols, table.labels(STATUS), &schedules, options)
}

/// Each ticket's schedule: its position in `calendars`, or `u16::MAX` for
/// the default `calendar`. A ticket that names no known schedule, or none
/// when there is no default, is rejected (and marked bad).
///
/// # Errors
/// `INVALID_OPTION` when tickets name schedules but no `calendars` are
/// given; under `invalid: "error"`, the first ticket rejected
/// (`INVALID_VALUE`, `MISSING_FIELD`).
fn schedules(table: &Table<'_>, options: &TicketOptions, bad: &mut [bool], rejects: &mut Rejects) -> Result<Vec<u16>> {
    let labels = table.labels(SCHEDULE);
    if labels.is_none() {
        if options.calendar.is_none() && !options.calendars.is_empty() {
            if let Some(i) = bad.iter().position(|b| !b) {
                rejects.reject(i, Error::MissingField { field: "calendar".into(), index: Some(i) })?;
                bad.iter_mut().for_each(|b| *b = true);
            }
        }
        return Ok(Vec::new());
    }
    let reader = Schedules::new(labels, options, "calendar")?;
    let mut out = vec![u16::MAX; bad.len()];
    for (i, o) in out.iter_mut().enumerate() {
        if bad[i] {
            continue;
        }
        match reader.at(i) {
            Ok(k) => *o = k,
            Err(e) => {
                rejects.reject(i, e)?;
                bad[i] = true;
            }
        }
    }
    Ok(out)
}

/// Reads each ticket's schedule from the column of calendar names (`None`:
/// no such column): its position in `calendars`, or `u16::MAX` for the
/// default `calendar`.
pub(crate) struct Schedules<'a> {
    labels: Option<(&'a [u32], &'a [String])>,
    /// Each name's position in `calendars`.
    known: Vec<Option<u16>>,
    options: &'a TicketOptions,
    /// The column's name, in messages.
    column: &'a str,
}

impl<'a> Schedules<'a> {
    /// # Errors
    /// `INVALID_OPTION` when tickets name schedules but no `calendars` are
    /// given.
    pub(crate) fn new(labels: Option<(&'a [u32], &'a [String])>, options: &'a TicketOptions, column: &'a str) -> Result<Self> {
        let names = labels.map_or(&[][..], |l| l.1);
        if options.calendars.is_empty() && names.iter().any(|n| !crate::table::is_blank(n)) {
            return Err(Error::option("calendars", format!("is needed: tickets name their calendar (the `{column}` column) but no `calendars` are given")));
        }
        let known = names.iter().map(|n| options.calendars.iter().position(|(k, _)| k == n).map(|k| k as u16)).collect();
        Ok(Schedules { labels, known, options, column })
    }

    /// Ticket `i`'s schedule.
    ///
    /// # Errors
    /// `INVALID_VALUE` for a name that is not one of `calendars`;
    /// `MISSING_FIELD` for no name when there is no default `calendar`.
    pub(crate) fn at(&self, i: usize) -> std::result::Result<u16, Error> {
        let code = self.labels.map(|(codes, _)| codes[i] as usize);
        let names = self.labels.map_or(&[][..], |l| l.1);
        match code.filter(|&c| c < names.len() && !crate::table::is_blank(&names[c])) {
            Some(c) => self.known[c].ok_or_else(|| Error::InvalidValue {
                field: self.column.to_string().into(),
                index: Some(i),
                detail: format!(
                    "is \"{}\", which is not one of `calendars` ({})",
                    crate::error::echo(&names[c]),
                    self.options.calendars.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ")
                )
                .into(),
            }),
            None if self.options.calendar.is_none() && !self.options.calendars.is_empty() => {
                Err(Error::MissingField { field: self.column.to_string().into(), index: Some(i) })
            }
            None => Ok(u16::MAX),
        }
    }
}

/// Measures each ticket into the state of its group, `states[group[i]]`
/// (`u32::MAX`: in no group, such as an invalid ticket). `cols` are the
/// numeric columns in schema order (`None`: absent), `status` the labels.
///
/// # Errors
/// A calendar that cannot be compiled over the span of the data.
pub(crate) fn measure_groups(
    states: &mut [TicketState],
    group: &[u32],
    cols: &[Option<&[f64]>],
    status: Option<(&[u32], &[String])>,
    schedules: &[u16],
    options: &TicketOptions,
) -> Result<()> {
    let n = group.len();
    let groups = states.len();
    let ok = |i: usize| (group[i] as usize) < groups;
    let nan = vec![f64::NAN; n];
    let col = |f: usize| cols.get(f).copied().flatten().unwrap_or(&nan);
    let created = col(CREATED);

    // When each ticket was done: resolvedAt, else closedAt (NaN = open).
    let done: Vec<f64> = col(RESOLVED).iter().zip(col(CLOSED)).map(|(&r, &c)| if r.is_nan() { c } else { r }).collect();

    // Business calendars, unrolled over the span of the data.
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    if options.has_calendar() {
        for i in (0..n).filter(|&i| ok(i)) {
            lo = lo.min(created[i]);
            hi = hi.max(created[i]).max(col(FIRST)[i].max(done[i]));
        }
        if let Some(t) = options.as_of {
            hi = hi.max(t);
            lo = lo.min(t);
        }
    }
    fn unroll(cal: &Calendar, lo: f64, hi: f64) -> Result<Business<'_>> {
        Ok(Business { calendar: cal, compiled: if lo <= hi { cal.compile(lo, hi)? } else { None } })
    }
    let default = options.calendar.as_ref().map(|c| unroll(c, lo, hi)).transpose()?;
    let named: Vec<Business<'_>> = options.calendars.iter().map(|(_, c)| unroll(c, lo, hi)).collect::<Result<_>>()?;

    for i in (0..n).filter(|&i| ok(i)) {
        let business = match schedules.get(i) {
            Some(&k) if k != u16::MAX => named.get(k as usize),
            _ => default.as_ref(),
        };
        let s = &mut states[group[i] as usize];
        s.tickets += 1;
        let c = created[i];
        s.created.push(c);
        let first_at = col(FIRST)[i];
        let first_b = match (business, first_at.is_nan()) {
            (Some(b), false) => Some(b.ms(c, first_at)?),
            _ => None,
        };
        if !first_at.is_nan() {
            s.first.push(first_at - c);
        }
        if let Some(v) = first_b {
            s.first_business.push(v);
        }
        let d = done[i];
        let done_b = match (business, d.is_nan()) {
            (Some(b), false) => Some(b.ms(c, d)?),
            _ => None,
        };
        if !d.is_nan() {
            s.resolution.push(d - c);
            s.done.push(d);
        }
        if let Some(v) = done_b {
            s.resolution_business.push(v);
        }
        for (f, out) in [(HANDLE, &mut s.handle), (WAIT, &mut s.wait)] {
            let v = col(f)[i];
            if !v.is_nan() {
                out.push(v);
            }
        }
        let is_open = match options.as_of {
            Some(t) => c <= t && !(d <= t),
            None => d.is_nan(),
        };
        s.open += is_open as u64;
        if !d.is_nan() {
            s.resolved += 1;
            let reopens = col(REOPENS)[i];
            let never_reopened = reopens.is_nan() || reopens == 0.0;
            s.reopened += !never_reopened as u64;
            let replies = col(REPLIES)[i];
            if !replies.is_nan() {
                s.fcr.1 += 1;
                s.fcr.0 += (replies <= options.fcr_max_replies && never_reopened) as u64;
            }
        }
        let a = col(ABANDONED)[i];
        if !a.is_nan() {
            let w = col(WAIT)[i];
            let short = a == 1.0 && options.short_abandon_ms > 0.0 && !w.is_nan() && w < options.short_abandon_ms;
            if !short {
                s.abandoned.1 += 1;
                s.abandoned.0 += (a == 1.0) as u64;
            }
        }
        if let Some(t) = options.sla {
            for (k, (event, event_b, target)) in
                [(first_at, first_b, t.first_response_ms), (d, done_b, t.resolution_ms)].into_iter().enumerate()
            {
                let Some(target) = target else { continue };
                let elapsed = if event.is_nan() { None } else if t.business { event_b } else { Some(event - c) };
                let so_far = match (elapsed, options.as_of) {
                    (None, Some(now)) if now >= c => Some(match (business, t.business) {
                        (Some(b), true) => b.ms(c, now)?,
                        _ => now - c,
                    }),
                    _ => None,
                };
                let due = || match (business, t.business) {
                    (Some(b), true) => b.add(c, target),
                    _ => Ok(c + target),
                };
                s.sla[k].count(i, target, elapsed, so_far, due)?;
            }
        }
    }
    if let Some((codes, names)) = status {
        let mut counts = vec![0u64; names.len() * states.len()];
        for i in (0..n).filter(|&i| ok(i)) {
            if (codes[i] as usize) < names.len() {
                counts[group[i] as usize * names.len() + codes[i] as usize] += 1;
            }
        }
        for (g, s) in states.iter_mut().enumerate() {
            for (name, &k) in names.iter().zip(&counts[g * names.len()..]) {
                if k > 0 {
                    *s.by_status.entry(name.clone()).or_default() += k;
                }
            }
        }
    }
    Ok(())
}

/// All ticket KPIs of one set of columns (add then read; see [`Tickets`]).
///
/// # Errors
/// `INVALID_OPTION` for bad options; `LENGTH_MISMATCH` for columns of
/// different lengths; per ticket (unless skipped): `MISSING_FIELD` (no
/// `createdAt`), `INVALID_TIMESTAMP`, `NEGATIVE_DURATION` (an event before
/// creation, a negative duration), `INVALID_DURATION`, `INVALID_COUNT`
/// (replies, reopens), `INVALID_TYPE` (abandoned not a boolean).
pub fn ticket_metrics(c: &TicketColumns<'_>, options: &TicketOptions) -> Result<TicketMetrics> {
    let mut state = Tickets::state(options)?;
    let table = c.table()?;
    Tickets::add(&mut state, &table, options)?;
    Tickets::read(&state, options)
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
    const NAMES: [&str; 2] = ["starts", "ends"];
    let set = RuleSet {
        rules: vec![
            Rule::Instant { field: 0, min: MIN_MS, max: MAX_MS },
            Rule::Instant { field: 1, min: MIN_MS, max: MAX_MS },
            Rule::NotBefore { field: 1, start: 0 },
            Rule::MaxSpan { field: 1, start: 0, max: MAX_SPAN_MS, why: SPAN_RULE },
        ],
    };
    let cols = [Some(starts), Some(ends)];
    let bad = set.bad_rows(&cols, starts.len());
    if let Some(i) = bad.iter().position(|&b| b) {
        if let Some(e) = set.first_error(&NAMES, &cols, i) {
            return Err(match e {
                Error::NegativeDuration { field, index, .. } => Error::NegativeDuration {
                    field,
                    index,
                    detail: format!("({}) is before its start ({})", crate::time::format_instant(ends[i]), crate::time::format_instant(starts[i])).into(),
                },
                e => e,
            });
        }
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (&s, &e) in starts.iter().zip(ends) {
        if !(s.is_nan() || e.is_nan()) {
            lo = lo.min(s);
            hi = hi.max(e);
        }
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
