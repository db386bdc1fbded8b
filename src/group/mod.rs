//! KPIs by segment and period in one pass: `groupKpis`.
//!
//! Each row of the input is placed in a group by its keys (label columns,
//! and at most one time column bucketed into [`Periods`] of a time zone);
//! each metric folds the row into the group's mergeable state (survey
//! counts, [`TicketState`]s). Results are read from the states, so totals
//! over periods, rolling windows and the previous period's result are
//! merges of states, never averages of results.
//!
//! - **Keys.** Label cells are strings, numbers or booleans; blank strings,
//!   `null`, `undefined` and NaN are missing and grouped as `null` (or the
//!   row is left out with `dropMissingKeys`). Groups are sorted by their
//!   keys (booleans, numbers, then strings; `null` last), periods in time
//!   order.
//! - **Cells.** Rows may come from a CSV file: numeric strings are numbers,
//!   blank cells are missing ([`text_cell`](crate::table::text_cell)). A
//!   missing score is no answer for that metric, never 0.
//! - **Invalid rows.** A row with a cell that breaks its column's rule (a
//!   score off its scale, a ticket event before its creation, a missing or
//!   out-of-range time key) is invalid as a whole: under `invalid: "error"`
//!   the first one is the error, under `"skip"` it counts in `skipped`.
//! - **Periods.** Without `fill`, a group has rows for the periods in which
//!   it has data; with `fill`, for every period from the first to the last
//!   of the whole input. A period whose end is after `asOf` (default: the
//!   time of the call) is flagged `complete: false`.
//! - **Rolling windows.** With `rolling: { days: N }`, the result of each
//!   period pools every row of its group in the N local days before the
//!   period's end (the way Delighted reports a 30-day NPS); it is not an
//!   average of periods.
//! - **Changes.** With `compare: "previous"`, every result has a `change`
//!   against the calendar-previous period of the same group (a
//!   [`Change`]: NPS by its z test; rates by the two-proportion z test with
//!   Newcombe's interval; CES by Welch's t; durations by the Price–Bonett
//!   difference of medians; SLA results have none). `adjust: "bh"` adds
//!   Benjamini–Hochberg q-values over all the changes of the call, and
//!   judges significance by them.

pub mod spec;

pub use spec::{GroupSpec, KeySpec, MetricKind, MetricSpec, SurveyKpi, TicketKpi};

use crate::wire::out::{OutError, Tape};
use std::borrow::Cow;
use std::rc::Rc;
use crate::error::{Error, Result};
use crate::kpi::{InvalidEntry, Merge, Rate, Rejects};
use crate::stats::{benjamini_hochberg, median_difference, median_difference_of, two_proportions, Change, DurationSketch, DurationStats};
use crate::survey::{ces_change, csat_change, nps_change, CesSample, CsatSample, Scale, Tally};
use crate::table::{Column, Field, Key, Kind, Numbers, Schema, Table};
use crate::tickets::{self, SlaReport, TicketState};
use crate::time::{Bucketer, Periods, MAX_MS, MIN_MS};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Most rows `fill` may make (groups × periods).
pub const MAX_FILLED_ROWS: usize = 200_000;

/// The columns a grouping reads: (name, kind), each once.
///
/// # Errors
/// `INVALID_OPTION` for a column used with two kinds (a key that is also a
/// column of scores).
pub fn fields<'s>(spec: &'s GroupSpec) -> Result<Vec<Field<'s>>> {
    let mut out: Vec<Field<'s>> = Vec::new();
    let mut add = |name: &'s str, kind: Kind, required: bool| -> Result<()> {
        if let Some(f) = out.iter_mut().find(|f| f.name == name && f.kind == kind) {
            f.required |= required;
        }
        match out.iter().find(|f| f.name == name) {
            Some(f) if f.kind != kind => Err(Error::option(
                "metrics",
                format!("use the column \"{}\" as two different things (a key and a value, or a number and a time)", crate::error::echo(name)),
            )),
            Some(_) => Ok(()),
            None => {
                out.push(Field { name, kind, required });
                Ok(())
            }
        }
    };
    for k in &spec.keys {
        match k {
            KeySpec::Label(c) => add(c, Kind::Key, true)?,
            KeySpec::Time { column, .. } => add(column, Kind::Instant, true)?,
        }
    }
    if spec.from_states {
        // The format's version, when the rows say it.
        add(STATE_VERSION_COLUMN, Kind::Number, false)?;
    }
    for m in &spec.metrics {
        match &m.kind {
            MetricKind::Survey { kpi, column, state_columns, outside, invalid } => {
                if spec.from_states {
                    for c in state_columns {
                        add(c, Kind::Number, true)?;
                    }
                    for c in outside {
                        add(c, Kind::Number, false)?;
                    }
                    add(invalid, Kind::Number, false)?;
                } else if matches!(kpi, SurveyKpi::Conversion(_) | SurveyKpi::CartAbandonment(_)) {
                    add(column, Kind::Bool, true)?;
                } else if let Some(b) = bounce_of(kpi) {
                    for c in &b.columns {
                        add(c, Kind::Number, false)?;
                    }
                    add(column, Kind::Number, false)?;
                } else {
                    add(column, Kind::Number, true)?;
                }
            }
            MetricKind::Tickets { state_columns, .. } if spec.from_states => {
                for c in state_columns {
                    add(c, Kind::Number, true)?;
                }
            }
            MetricKind::Tickets { columns, .. } => {
                // The creation time is required; other ticket columns may be
                // absent (open tickets, no replies recorded). The calendar
                // names may be a key's column (a team's calendar, by team).
                for (k, (c, f)) in columns.iter().zip(tickets::SCHEMA.fields).enumerate() {
                    if !(k == tickets::SCHEDULE_FIELD && spec.is_label_key(c)) {
                        add(c, f.kind, f.required)?;
                    }
                }
            }
        }
    }
    Ok(out)
}

/// A state of one metric in one group.
#[derive(Debug, Clone)]
enum State {
    Tally(Tally),
    Tickets(Box<TicketState>),
    /// A duration metric read from states.
    Sketch(Box<DurationSketch>),
    /// A rate metric read from states: successes, trials.
    Rate(u64, u64),
}

impl State {
    fn merge(&mut self, other: &State) -> Result<()> {
        match (self, other) {
            (State::Tally(a), State::Tally(b)) => a.merge(b),
            (State::Tickets(a), State::Tickets(b)) => a.merge(b),
            (State::Sketch(a), State::Sketch(b)) => a.merge(b),
            (State::Rate(a, n), State::Rate(b, m)) => {
                (*a, *n) = (a.saturating_add(*b), n.saturating_add(*m));
                Ok(())
            }
            _ => Err(Error::state("the states of two different metrics cannot be merged")),
        }
    }
}

/// The empty state of a metric.
fn empty(m: &MetricSpec, from_states: bool) -> State {
    match &m.kind {
        MetricKind::Survey { kpi, .. } => State::Tally(Tally::new(kpi.scale())),
        MetricKind::Tickets { kpi, .. } if from_states => {
            if kpi.durations(false).is_some() {
                State::Sketch(Box::default())
            } else {
                State::Rate(0, 0)
            }
        }
        MetricKind::Tickets { .. } => State::Tickets(Box::default()),
    }
}


/// One metric's result, with its change when asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricResult {
    /// NPS / eNPS.
    Nps(crate::survey::NpsResult),
    /// CSAT.
    Csat(crate::survey::CsatResult),
    /// CES.
    Ces(crate::survey::CesResult),
    /// Durations.
    Durations(DurationStats),
    /// A rate.
    Rate(Rate),
    /// SLA attainment.
    Sla(SlaReport),
}

/// A result and its change.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The result.
    pub result: MetricResult,
    /// Its change since the previous period (`compare: "previous"`).
    pub change: Option<Change>,
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct With<'a, T: Serialize> {
            #[serde(flatten)]
            result: &'a T,
            change: &'a Option<Change>,
        }
        macro_rules! out {
            ($r:expr) => {
                if self.change.is_some() {
                    With { result: $r, change: &self.change }.serialize(s)
                } else {
                    $r.serialize(s)
                }
            };
        }
        match &self.result {
            MetricResult::Nps(r) => out!(r),
            MetricResult::Csat(r) => out!(r),
            MetricResult::Ces(r) => out!(r),
            MetricResult::Durations(r) => out!(r),
            MetricResult::Rate(r) => out!(r),
            MetricResult::Sla(r) => out!(r),
        }
    }
}

impl Cell {
    /// Writes the cell for the binding's reader: as its `Serialize` does,
    /// a result that has a flat form (and no change) in that form.
    fn write(&self, t: &mut Tape) -> std::result::Result<(), OutError> {
        match (&self.result, &self.change) {
            (MetricResult::Nps(r), None) => t.write_flat(r),
            (MetricResult::Csat(r), None) => t.write_flat(r),
            (MetricResult::Ces(r), None) => t.write_flat(r),
            _ => t.write(self),
        }
    }
}

/// One row of a grouping's output.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The label keys: (column, value; `None` = missing).
    pub keys: Vec<(Rc<str>, Option<Key>)>,
    /// The period, when grouped by time: label, start, end, complete.
    pub period: Option<(Rc<str>, f64, f64, bool)>,
    /// (metric name, result).
    pub cells: Vec<(Rc<str>, Cell)>,
}

/// A value of a row's entry.
enum RowValue<'a> {
    Key(&'a Option<Key>),
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Cell(&'a Cell),
}

impl Serialize for RowValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            RowValue::Key(k) => k.serialize(s),
            RowValue::Text(t) => t.serialize(s),
            RowValue::Number(x) => x.serialize(s),
            RowValue::Bool(b) => b.serialize(s),
            RowValue::Cell(c) => c.serialize(s),
        }
    }
}

impl Row {
    /// The row's entries in order, each given to `entry`: the label keys,
    /// the period (label, start, end, complete), then the metrics.
    fn entries<E>(&self, mut entry: impl FnMut(&str, RowValue<'_>) -> std::result::Result<(), E>) -> std::result::Result<(), E> {
        for (k, v) in &self.keys {
            entry(k, RowValue::Key(v))?;
        }
        if let Some((label, start, end, complete)) = &self.period {
            entry("period", RowValue::Text(label))?;
            entry("periodStart", RowValue::Number(*start))?;
            entry("periodEnd", RowValue::Number(*end))?;
            entry("complete", RowValue::Bool(*complete))?;
        }
        for (k, v) in &self.cells {
            entry(k, RowValue::Cell(v))?;
        }
        Ok(())
    }

    /// The row's keys, in the order of [`Row::entries`].
    fn names(&self) -> impl Iterator<Item = &str> {
        const PERIOD: [&str; 4] = ["period", "periodStart", "periodEnd", "complete"];
        let period = if self.period.is_some() { &PERIOD[..] } else { &[] };
        self.keys.iter().map(|(k, _)| &**k).chain(period.iter().copied()).chain(self.cells.iter().map(|(k, _)| &**k))
    }

    /// Writes the row for the binding's reader: as its `Serialize` does,
    /// with results that have a flat form in that form. Rows of the same
    /// keys (a list's, as a rule) are one shape of the tape: `shape`, which
    /// the caller keeps from one row to the next.
    fn write<'r>(&'r self, t: &mut Tape, shape: &mut RowShape<'r>) -> std::result::Result<(), OutError> {
        // Names compared by address: a list's rows share theirs (equal
        // names elsewhere only define the shape again).
        let same = shape.id.is_some() && shape.names.len() == self.names().count() && shape.names.iter().zip(self.names()).all(|(&a, b)| std::ptr::eq(a, b));
        if !same {
            shape.names = self.names().collect();
            shape.id = None;
        }
        t.open_shaped(&mut shape.id, shape.names.iter().copied());
        self.entries(|_, v| match v {
            RowValue::Cell(c) => c.write(t),
            v => t.write(&v),
        })
    }
}

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        self.entries(|k, v| m.serialize_entry(k, &v))?;
        m.end()
    }
}

/// The shape of the tape that rows of the same keys share
/// ([`Row::write`]): its number, once defined, and the keys.
#[derive(Default)]
struct RowShape<'r> {
    id: Option<u32>,
    names: Vec<&'r str>,
}

/// Rows (or null) for the binding's reader ([`Row::write`]).
fn write_rows<'r>(t: &mut Tape, rows: Option<&'r [Row]>, shape: &mut RowShape<'r>) -> std::result::Result<(), OutError> {
    let Some(rows) = rows else { return t.write(&()) };
    let at = t.open_array();
    for r in rows {
        r.write(t, shape)?;
    }
    t.close_count(at, rows.len());
    Ok(())
}

crate::flat! { Grouped as "Grouped", |t, r| {
    "rows": with(write_rows(t, Some(&r.rows), &mut RowShape::default())),
    "totals": with(write_rows(t, r.totals.as_deref(), &mut RowShape::default())),
    "total": with(match &r.total {
        Some(row) => row.write(t, &mut RowShape::default()),
        None => t.write(&()),
    }),
    "count": num(r.count as f64),
    "skipped": num(r.skipped as f64),
    "invalid": value(&r.invalid),
    "states": value(&r.states),
} }

/// The output of a grouping.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grouped {
    /// A row per group and period.
    pub rows: Vec<Row>,
    /// With `totals`: a row per group over all periods.
    pub totals: Option<Vec<Row>>,
    /// With `totals`: every row together.
    pub total: Option<Row>,
    /// Rows counted (valid ones).
    pub count: u64,
    /// Invalid rows left out (`invalid: "skip"`).
    pub skipped: u64,
    /// The first 100 of them, with the reason.
    pub invalid: Vec<InvalidEntry>,
    /// With `states`: the mergeable state of every group and period (of
    /// every day, with a rolling window), in the form
    /// `groupKpisFromStates` reads.
    pub states: Option<Vec<StateRow>>,
}

/// Version of the state rows' format.
pub const STATE_VERSION: u32 = 1;
/// The column that states the version of a state row.
pub const STATE_VERSION_COLUMN: &str = "stateVersion";

/// The state of one group and period: its keys, the start of its period
/// (under the time key's column), and the counts of each survey metric's
/// scale points (`<metric>_<score>`).
#[derive(Debug, Clone, PartialEq)]
pub struct StateRow {
    /// The label keys.
    pub keys: Vec<(Rc<str>, Option<Key>)>,
    /// The time key's column and the start of the period.
    pub time: Option<(String, f64)>,
    /// (column, value) of the metrics' state columns.
    pub counts: Vec<(String, f64)>,
}

impl Serialize for StateRow {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (k, v) in &self.keys {
            m.serialize_entry(k, v)?;
        }
        if let Some((column, start)) = &self.time {
            m.serialize_entry(column, start)?;
        }
        for (k, v) in &self.counts {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry(STATE_VERSION_COLUMN, &STATE_VERSION)?;
        m.end()
    }
}

/// `a` and `b` in key order (`None` last).
fn key_order(a: &Option<Key>, b: &Option<Key>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Runs a grouping over a table read with [`fields`].
///
/// # Errors
/// `MISSING_FIELD` for a column absent from the input; the first invalid
/// row under `invalid: "error"`; `INVALID_OPTION` for periods out of range.
pub fn group(table: &Table<'_>, spec: &GroupSpec, now: Option<f64>) -> Result<Grouped> {
    let n = table.len;
    let schema = table.schema;
    if n > 0 {
        if let Some(field) = schema.fields.iter().zip(&table.columns).find_map(|(f, c)| (f.required && c.is_none()).then_some(f)) {
            return Err(Error::MissingField { field: field.name.to_string().into(), index: None });
        }
    }
    let pos = |name: &str| schema.position(name).unwrap_or(usize::MAX);
    // Numeric columns as f64, but for survey scores in bytes (read as they
    // are: the fast path; counts of states are read as f64).
    let bytes_only = |f: usize| {
        !spec.from_states
            && matches!(table.numbers(f), Some(Numbers::U8(_)))
            && spec.keys.iter().all(|k| !matches!(k, KeySpec::Time { column, .. } if pos(column) == f))
            && spec.metrics.iter().all(|m| match &m.kind {
                MetricKind::Tickets { columns, .. } => columns.iter().all(|c| pos(c) != f),
                MetricKind::Survey { .. } => true,
            })
    };
    let owned: Vec<Option<std::borrow::Cow<'_, [f64]>>> = (0..schema.fields.len())
        .map(|f| if matches!(schema.fields[f].kind, Kind::Key | Kind::Label | Kind::Interval) || bytes_only(f) { None } else { table.values(f) })
        .collect();
    let values = |f: usize| owned.get(f).and_then(|c| c.as_deref());
    let version_col = if spec.from_states { values(pos(STATE_VERSION_COLUMN)) } else { None };
    // Ticket metrics' rules, checked column by column first (their errors
    // come after the other checks of a row).
    let mut ticket_cols: Vec<Vec<Option<&[f64]>>> = Vec::new();
    let mut ticket_bad: Vec<(usize, Vec<bool>, crate::table::RuleSet, Vec<&str>)> = Vec::new();
    // The time key: its column, and the periods over the data's span.
    let time = spec.time_key();
    let (t_col, bucketer, clean_times): (&[f64], Option<Bucketer>, bool) = match time {
        Some((_, column, periods)) => {
            let t = values(pos(column)).unwrap_or(&[]);
            let (lo, hi, within) = crate::table::span_in(t, MIN_MS, MAX_MS);
            (t, if lo <= hi { Some(Bucketer::new(periods, spec.rolling_days.is_some(), lo, hi)?) } else { None }, within && t.len() == n)
        }
        None => (&[], None, false),
    };
    let period_ids: Vec<i64> = bucketer.as_ref().map_or(vec![0], |b| b.ids.clone());
    let periods_n = period_ids.len();

    // Label keys: codes per column; a combination's code in mixed radix. A
    // lone key of bytes may take every byte for a key (no pass to find the
    // bytes the rows have) when the dense table of every byte still fits:
    // the groups are made from the cells that have rows (and the checked
    // pass makes those of the rows it places).
    let label_count = spec.keys.iter().filter(|k| matches!(k, KeySpec::Label(_))).count();
    // Each survey metric's points (the counts of a bucket), in order.
    let points: Vec<usize> = spec
        .metrics
        .iter()
        .filter_map(|m| match &m.kind {
            MetricKind::Survey { kpi, .. } => Some(kpi.scale().points()),
            MetricKind::Tickets { .. } => None,
        })
        .collect();
    // (Survey metrics only: the dense table is theirs.)
    let every_byte = label_count == 1 && points.len() == spec.metrics.len() && DenseCells::fits(257, periods_n, &points, n).is_some();
    let labels: Vec<LabelColumn> = spec
        .keys
        .iter()
        .filter_map(|k| match k {
            KeySpec::Label(c) => {
                let (codes, keys) = match (table.numbers(pos(c)), table.columns.get(pos(c))) {
                    (Some(Numbers::U8(v)), Some(Some(Column::Numbers(_)))) => Codes::bytes(&v[..n.min(v.len())], every_byte),
                    _ => {
                        let (codes, keys) = table.key_codes(pos(c));
                        (Codes::of(codes), keys)
                    }
                };
                Some((c.clone(), codes, keys))
            }
            KeySpec::Time { .. } => None,
        })
        .collect();
    // Each ticket metric's reader of calendar names (with `calendars`), and
    // each row's schedule.
    // A calendar column that is also a key was read as keys: its codes are
    // the key's, its names the keys' text.
    let calendar_keys: Vec<Option<(usize, Vec<String>)>> = spec
        .metrics
        .iter()
        .map(|m| match (&m.kind, spec.from_states) {
            (MetricKind::Tickets { columns, .. }, false) => columns.get(tickets::SCHEDULE_FIELD).and_then(|name| {
                let present = table.columns.get(pos(name)).is_some_and(Option::is_some);
                let l = labels.iter().position(|(c, _, _)| c == name).filter(|_| present)?;
                Some((l, labels[l].2.iter().map(|k| k.as_ref().map_or_else(String::new, Key::text)).collect()))
            }),
            _ => None,
        })
        .collect();
    let mut ticket_schedules: Vec<(usize, tickets::Schedules<'_>)> = Vec::new();
    let mut schedule_of: Vec<Vec<u16>> = vec![Vec::new(); spec.metrics.len()];
    for (mi, m) in spec.metrics.iter().enumerate() {
        let (MetricKind::Tickets { columns, options, .. }, false) = (&m.kind, spec.from_states) else {
            ticket_cols.push(Vec::new());
            continue;
        };
        let cols: Vec<Option<&[f64]>> = columns.iter().take(tickets::STATUS_FIELD).map(|c| values(pos(c))).collect();
        let set = tickets::rules(options);
        ticket_bad.push((mi, set.bad_rows(&cols, n), set, columns.iter().map(String::as_str).collect()));
        ticket_cols.push(cols);
        if let Some(name) = columns.get(tickets::SCHEDULE_FIELD) {
            let labels = match (table.columns.get(pos(name)).and_then(|c| c.as_ref()), &calendar_keys[mi]) {
                (Some(Column::Labels { codes, names }), _) => Some((codes.as_slice(), names.as_slice())),
                (_, Some((l, names))) => Some((&labels[*l].1[..], names.as_slice())),
                _ => None,
            };
            ticket_schedules.push((mi, tickets::Schedules::new(labels, options, name)?));
            schedule_of[mi] = vec![u16::MAX; n];
        }
    }

    // Ticket metrics read from states: their state columns.
    let ticket_states: Vec<(usize, bool, StateColumns<'_>)> = if spec.from_states {
        spec.metrics
            .iter()
            .enumerate()
            .filter_map(|(mi, m)| match &m.kind {
                MetricKind::Tickets { kpi, state_columns, .. } => {
                    Some((mi, kpi.durations(false).is_some(), state_columns.iter().map(|c| (values(pos(c)), c.as_str())).collect()))
                }
                MetricKind::Survey { .. } => None,
            })
            .collect()
    } else {
        Vec::new()
    };


    // Combinations of keys and periods are numbered in u64 (u128 arithmetic
    // is a library call in wasm).
    let radix: u128 = labels.iter().map(|(_, _, keys)| keys.len() as u128).product();
    if radix * (periods_n as u128) > u64::MAX as u128 {
        return Err(Error::option("by", "has more combinations of key values than can be numbered (2⁶⁴); group by fewer keys"));
    }
    let radix = radix as u64;

    // Survey metrics: their score columns (bytes as they are) and counts
    // per bucket.
    enum Scores<'s> {
        Bytes(&'s [u8]),
        Values(&'s [f64]),
        /// States: a count per scale point (and its column's name).
        /// The counts' columns, those of the scores outside the scale
        /// (which must be blank or 0), and that of the answers a warehouse
        /// found invalid ([`spec::invalid_column`]).
        Counts(Vec<(Option<&'s [f64]>, &'s str)>, Vec<(Option<&'s [f64]>, &'s str)>, (Option<&'s [f64]>, &'s str)),
        None,
    }
    let surveys: Vec<(usize, Scale, Scores<'_>, &str)> = spec
        .metrics
        .iter()
        .enumerate()
        .filter_map(|(m, metric)| match &metric.kind {
            MetricKind::Survey { kpi, column, state_columns, outside, invalid } => {
                let f = pos(column);
                let scores = if spec.from_states {
                    Scores::Counts(
                        state_columns.iter().map(|c| (values(pos(c)), c.as_str())).collect(),
                        outside.iter().map(|c| (values(pos(c)), c.as_str())).collect(),
                        (values(pos(invalid)), invalid.as_str()),
                    )
                } else {
                    match (table.numbers(f), values(f)) {
                        (Some(Numbers::U8(b)), _) => Scores::Bytes(b),
                        (_, Some(v)) => Scores::Values(v),
                        _ => Scores::None,
                    }
                };
                Some((m, kpi.scale(), scores, column.as_str()))
            }
            MetricKind::Tickets { .. } => None,
        })
        .collect();

    let mut groups = Buckets::new(radix, periods_n);
    let mut counts: Vec<Vec<u64>> = vec![Vec::new(); surveys.len()];
    let label_code = |i: usize| label_code(&labels, spec.drop_missing_keys, i);

    // First, a pass that assumes every row valid (no unreadable cells, no
    // ticket metric, no states): the common case, without the bookkeeping of
    // rejects. At the first invalid row it gives up, and the checked pass
    // below runs over the whole table and reports it.
    let clean = !spec.from_states && ticket_bad.is_empty() && table.problems.is_empty() && surveys.iter().all(|s| !matches!(s.2, Scores::Counts(..)));
    let mut fast_done = false;
    if clean {
        let sources: Vec<FastScores<'_>> = surveys
            .iter()
            .map(|(_, scale, scores, _)| match scores {
                // (Scales have at most 101 points: offsets fit a byte.)
                Scores::Bytes(v) => FastScores::Bytes(v, Box::new(std::array::from_fn(|b| scale.offset(b as f64).unwrap_or(scale.points()) as u8))),
                Scores::Values(v) => FastScores::Values(v, *scale),
                _ => FastScores::None,
            })
            .collect();
        let times = bucketer.as_ref().map(|b| (t_col, b));
        // A time key whose column has no instant in range: every row is
        // invalid, which the checked pass reports.
        let no_times = time.is_some() && times.is_none() && n > 0;
        let dense = DenseCells::fits(radix, periods_n, &points, n);
        let rows = FastRows {
            n,
            times,
            labels: &labels,
            drop_missing: spec.drop_missing_keys,
            clean_times,
            period_ids: &period_ids,
            sources: &sources,
            points: &points,
        };
        fast_done = !no_times
            && match dense {
                Some(d) => d.pass(&rows, &mut groups, &mut counts),
                None => fast_pass(&rows, &mut groups, &mut counts),
            };
        if !fast_done {
            groups = Buckets::new(radix, periods_n);
            counts = vec![Vec::new(); surveys.len()];
        }
    }

    // The checked pass: each row checked (unreadable cells, the time key,
    // scores, tickets' rules: the first problem is the row's), placed in its
    // label group and bucket, and counted.
    let mut problems = table.problem_cursor();
    let mut rejects = Rejects::new(spec.invalid);
    let mut bucket_of_row = if fast_done { Vec::new() } else { vec![u32::MAX; n] };
    let mut offs = vec![u8::MAX; surveys.len()];
    let checked = if fast_done { 0 } else { n };
    'rows: for i in 0..checked {
        // Unreadable cells.
        if let Some(e) = problems.first_at(i) {
            rejects.reject(i, e.clone())?;
            continue;
        }
        // The time key.
        let mut p = 0u32;
        if let Some((_, column, _)) = time {
            let ms = t_col.get(i).copied().unwrap_or(f64::NAN);
            if crate::time::in_range(ms) {
                if let Some(b) = &bucketer {
                    p = b.index(ms);
                }
            } else {
                rejects.reject(i, time_error(column, i, ms))?;
                continue;
            }
        }
        // Scores (or, from states, counts: whole numbers ≥ 0; a missing
        // count, as SQL's SUM over no rows gives, is 0).
        for (k, (_, scale, scores, column)) in surveys.iter().enumerate() {
            let x = match scores {
                Scores::Bytes(b) => b[i] as f64,
                Scores::Values(v) => v[i],
                Scores::Counts(cols, outside, (invalid_col, invalid_name)) => {
                    for (col, name) in cols {
                        let c = cell(*col, i);
                        if !c.is_nan() {
                            if let Err(e) = crate::survey::check_count_at(name, i, c) {
                                rejects.reject(i, e)?;
                                continue 'rows;
                            }
                        }
                    }
                    for (col, name) in outside {
                        let c = cell(*col, i);
                        if c != 0.0 && !c.is_nan() {
                            let e = Error::state_at(
                                format!(
                                    "state row {i} has {name} {}: a count of a score outside the metric's scale {}–{} (read states with the scale they were written with)",
                                    crate::error::num(c),
                                    scale.min(),
                                    scale.max()
                                ),
                                Some(i),
                                name.to_string(),
                            );
                            rejects.reject(i, e)?;
                            continue 'rows;
                        }
                    }
                    // Answers the warehouse could not count: the row's
                    // error, or under skip that many answers skipped (the
                    // row's counts stand: a warehouse's sums cannot leave
                    // out the rows of those answers, as groupKpis does).
                    let bad = cell(*invalid_col, i);
                    if !bad.is_nan() {
                        if let Err(e) = crate::survey::check_count_at(invalid_name, i, bad) {
                            rejects.reject(i, e)?;
                            continue 'rows;
                        }
                        if bad > 0.0 {
                            let e = Error::InvalidValue {
                                field: invalid_name.to_string().into(),
                                index: Some(i),
                                detail: format!(
                                    "is {n}: the warehouse met {n} answers that are no point of the scale {}–{} (out of it, fractions or NaN; negative for a session); invalid: \"skip\" leaves them out",
                                    scale.min(),
                                    scale.max(),
                                    n = crate::error::num(bad),
                                )
                                .into(),
                            };
                            rejects.reject_many(i, e, bad as u64)?;
                        }
                    }
                    offs[k] = u8::MAX;
                    continue;
                }
                Scores::None => f64::NAN,
            };
            offs[k] = match scale.offset(x) {
                Some(off) => off as u8,
                None if x.is_nan() => u8::MAX,
                None => {
                    let e = crate::survey::check_score(x, Some(i), scale).err().unwrap_or(Error::state("a score"));
                    rejects.reject(i, e.in_column(column))?;
                    continue 'rows;
                }
            };
        }
        // The state format's version.
        if let Some(v) = version_col.and_then(|c| c.get(i).copied()) {
            if !v.is_nan() && v != STATE_VERSION as f64 {
                rejects.reject(
                    i,
                    Error::state_at(
                        format!("state row {i} has {STATE_VERSION_COLUMN} {}; this version of cx-metrics reads version {STATE_VERSION}", crate::error::num(v)),
                        Some(i),
                        STATE_VERSION_COLUMN,
                    ),
                )?;
                continue 'rows;
            }
        }
        // Ticket metrics' states.
        for (_, duration, cols) in &ticket_states {
            if let Err(e) = check_ticket_state(*duration, cols, i) {
                rejects.reject(i, e)?;
                continue 'rows;
            }
        }
        // Tickets' rules, then their calendars.
        for (mi, broken, set, names) in &ticket_bad {
            if broken[i] {
                if let Some(e) = set.first_error(names, &ticket_cols[*mi], i) {
                    rejects.reject(i, e)?;
                    continue 'rows;
                }
            }
        }
        for (mi, reader) in &ticket_schedules {
            match reader.at(i) {
                Ok(k) => schedule_of[*mi][i] = k,
                Err(e) => {
                    rejects.reject(i, e)?;
                    continue 'rows;
                }
            }
        }
        // The label group and bucket.
        let Some(code) = label_code(i) else { continue };
        let b = groups.place(code, p, &period_ids, || row_keys(&labels, i), || add_bucket(&mut counts, &points));
        bucket_of_row[i] = b as u32;
        groups.count += 1;
        for (k, (_, scale, scores, _)) in surveys.iter().enumerate() {
            if let Scores::Counts(cols, _, _) = scores {
                for (p, (col, _)) in cols.iter().enumerate() {
                    let c = cell(*col, i);
                    if c > 0.0 {
                        let slot = &mut counts[k][b * scale.points() + p];
                        *slot = slot.saturating_add(c as u64);
                    }
                }
            } else if offs[k] != u8::MAX {
                counts[k][b * scale.points() + offs[k] as usize] += 1;
            }
        }
    }
    // Counts read from states must add up to at most 2⁵³ − 1 over all of
    // them (the largest merge: the grand total), or sums lose units.
    if spec.from_states {
        for (k, (m, _, _, _)) in surveys.iter().enumerate() {
            let total = counts[k].iter().fold(0u64, |a, &c| a.saturating_add(c));
            if total > crate::survey::MAX_COUNT {
                return Err(summed_too_far(&spec.metrics[*m].name, total as f64));
            }
        }
    }
    let Buckets { label_keys, buckets, count, .. } = groups;

    // States per bucket and metric.
    let mut states: Vec<Vec<State>> = Vec::with_capacity(spec.metrics.len());
    let mut survey_counts = surveys.iter().zip(counts);
    for (mi, m) in spec.metrics.iter().enumerate() {
        match &m.kind {
            MetricKind::Survey { .. } => {
                let Some(((_, scale, _, _), c)) = survey_counts.next() else { continue };
                let points = scale.points();
                states.push(c.chunks(points.max(1)).take(buckets.len()).map(|c| State::Tally(Tally::from_counts(*scale, c, 0))).collect());
            }
            MetricKind::Tickets { .. } if spec.from_states => {
                let mut s: Vec<State> = vec![empty(m, true); buckets.len()];
                if let Some((_, duration, cols)) = ticket_states.iter().find(|t| t.0 == mi) {
                    for (i, &b) in bucket_of_row.iter().enumerate() {
                        if b != u32::MAX {
                            fold_ticket_state(&mut s[b as usize], *duration, cols, i);
                        }
                    }
                    // Trials, or durations counted, over every bucket.
                    let total = s.iter().fold(0u64, |a, st| {
                        a.saturating_add(match st {
                            State::Rate(_, n) => *n,
                            State::Sketch(k) => k.count,
                            _ => 0,
                        })
                    });
                    if total > crate::survey::MAX_COUNT {
                        return Err(summed_too_far(&m.name, total as f64));
                    }
                    // Each group's merged sketch must be one that durations
                    // can have (its mean and percentiles would be made up).
                    for (b, st) in s.iter().enumerate() {
                        if let State::Sketch(k) = st {
                            if let Err(why) = k.consistent() {
                                // Named by the first state row of the group
                                // and period, and the metric's sums.
                                let first = bucket_of_row.iter().position(|&r| r == b as u32);
                                let at = first.map_or_else(String::new, |i| format!(" (those of state row {i})"));
                                return Err(Error::state_at(
                                    format!("the state rows of {} for one group and period{at} {why}", m.name),
                                    first,
                                    format!("{}_sum", m.name),
                                ));
                            }
                        }
                    }
                }
                states.push(s);
            }
            MetricKind::Tickets { columns, options, .. } => {
                let mut s: Vec<TicketState> = vec![TicketState::default(); buckets.len()];
                let status = match table.columns.get(pos(&columns[tickets::STATUS_FIELD])).and_then(|c| c.as_ref()) {
                    Some(Column::Labels { codes, names }) => Some((codes.as_slice(), names.as_slice())),
                    _ => None,
                };
                tickets::measure_groups(&mut s, &bucket_of_row, &ticket_cols[mi], status, &schedule_of[mi], options)?;
                states.push(s.into_iter().map(|t| State::Tickets(Box::new(t))).collect());
            }
        }
    }

    // Label groups in key order.
    let mut order: Vec<usize> = (0..label_keys.len()).collect();
    order.sort_by(|&a, &b| {
        for (k, (_, _, keys)) in labels.iter().enumerate() {
            let o = key_order(&keys[label_keys[a][k] as usize], &keys[label_keys[b][k] as usize]);
            if o != std::cmp::Ordering::Equal {
                return o;
            }
        }
        std::cmp::Ordering::Equal
    });
    // Names shared by every row (a row's names are counted references).
    let label_names: Vec<Rc<str>> = labels.iter().map(|(name, _, _)| Rc::from(name.as_str())).collect();
    let metric_names: Vec<Rc<str>> = spec.metrics.iter().map(|m| Rc::from(m.name.as_str())).collect();
    let key_values = |g: usize| -> Vec<(Rc<str>, Option<Key>)> {
        label_names.iter().enumerate().map(|(k, name)| (name.clone(), labels[k].2[label_keys[g][k] as usize].clone())).collect()
    };
    let read_all = |states: &[Cow<'_, State>], prev: Option<&[Cow<'_, State>]>| read_all(spec, &metric_names, states, prev);
    let now = spec.as_of.or(now);

    // Buckets of each label group, by bucket id.
    let mut by_group: Vec<Vec<(i64, u32)>> = vec![Vec::new(); label_keys.len()];
    for (b, &(g, id)) in buckets.iter().enumerate() {
        by_group[g as usize].push((id, b as u32));
    }
    for v in &mut by_group {
        v.sort_unstable();
    }
    let merged = |g: usize, lo: i64, hi: i64| -> Result<Vec<Cow<'_, State>>> {
        // The states of group g's buckets with ids in [lo, hi): one
        // bucket's as they are (most rows: a group in one period).
        let v = &by_group[g];
        let start = v.partition_point(|&(id, _)| id < lo);
        let within = v[start..].iter().take_while(|&&(id, _)| id < hi);
        if let (Some(&(_, b)), 1) = (within.clone().next(), within.clone().count()) {
            return Ok(bucket_states(&states, b as usize));
        }
        let mut out: Vec<Cow<'_, State>> = spec.metrics.iter().map(|m| Cow::Owned(empty(m, spec.from_states))).collect();
        for &(_, b) in within {
            for (m, s) in out.iter_mut().enumerate() {
                s.to_mut().merge(&states[m][b as usize])?;
            }
        }
        Ok(out)
    };

    let mut rows = Vec::new();
    let mut changes: Vec<(usize, usize)> = Vec::new();
    match time {
        None => {
            for &g in &order {
                let st = merged(g, i64::MIN, i64::MAX)?;
                rows.push(Row { keys: key_values(g), period: None, cells: read_all(&st, None)? });
            }
        }
        Some((_, _, periods)) => {
            // The periods of each group (or all of them, with fill).
            let period_of = |id: i64| -> Result<i64> {
                if spec.rolling_days.is_some() { periods.id_of(periods.midnight(id)?) } else { Ok(id) }
            };
            let mut all: Vec<i64> = Vec::new();
            if spec.fill {
                if let (Some(lo), Some(hi)) = (buckets.iter().map(|b| b.1).min(), buckets.iter().map(|b| b.1).max()) {
                    let (mut p, last) = (period_of(lo)?, period_of(hi)?);
                    // Rows are objects in JavaScript: a fill is kept to
                    // MAX_FILLED_ROWS of them.
                    let groups = order.len().max(1);
                    while p <= last {
                        if periods.happened(p)? {
                            all.push(p);
                        }
                        if all.len() * groups > MAX_FILLED_ROWS {
                            return Err(Error::option(
                                "fill",
                                format!("would make more than {MAX_FILLED_ROWS} rows ({groups} groups × {}+ periods); use a longer period", all.len()),
                            ));
                        }
                        p = periods.next(p)?;
                    }
                }
            }
            // Label, start and end of each period, worked out once (each is a
            // time-zone conversion).
            type Info = (Rc<str>, f64, f64);
            let info: std::cell::RefCell<crate::hash::FxHashMap<i64, Info>> = std::cell::RefCell::new(crate::hash::map());
            let period_info = |p: i64| -> Result<Info> {
                if let Some(v) = info.borrow().get(&p) {
                    return Ok(v.clone());
                }
                let v = (Rc::from(periods.label(p)?), periods.start(p)?, periods.end(p)?);
                info.borrow_mut().insert(p, v.clone());
                Ok(v)
            };
            // (Worth it when a window spans several periods: a window that
            // moves by most of its length each period is as quick merged
            // afresh, and that needs no copies.)
            let slides = spec.metrics.iter().all(|m| !matches!(empty(m, spec.from_states), State::Tickets(_)))
                && spec.rolling_days.is_some_and(|days| f64::from(days) >= 4.0 * periods.every.nominal_days())
                && !tests_merge_afresh();
            for &g in &order {
                let ids: Vec<i64> = if spec.fill {
                    all.clone()
                } else {
                    let mut v = by_group[g].iter().map(|&(id, _)| period_of(id)).collect::<Result<Vec<_>>>()?;
                    v.dedup();
                    v
                };
                // Rolling windows of states of a fixed size slide (each
                // bucket merged a few times, not once per window it is in);
                // lists of durations are merged afresh per window.
                let mut sliding = (spec.rolling_days.is_some() && slides).then(|| Sliding::new(&by_group[g]));
                let mut state_of = |p: i64| -> Result<Vec<Cow<'_, State>>> {
                    match spec.rolling_days {
                        Some(days) => {
                            let end_day = periods.day_of(period_info(p)?.2 - 1.0)? + 1;
                            match sliding.as_mut() {
                                Some(w) => w.window(end_day - days as i64, end_day, &states, || spec.metrics.iter().map(|m| empty(m, spec.from_states)).collect()),
                                None => merged(g, end_day - days as i64, end_day),
                            }
                        }
                        None => merged(g, p, p + 1),
                    }
                };
                for p in ids {
                    // The previous period first: sliding windows only move forward.
                    let prev = if spec.compare {
                        let before = previous(periods, p)?;
                        Some(state_of(before)?)
                    } else {
                        None
                    };
                    let st = state_of(p)?;
                    let (label, start, end) = period_info(p)?;
                    let complete = now.map_or(true, |t| end <= t);
                    let cells = read_all(&st, prev.as_deref())?;
                    for (m, (_, cell)) in cells.iter().enumerate() {
                        if cell.change.as_ref().is_some_and(|c| c.p_value.is_some()) {
                            changes.push((rows.len(), m));
                        }
                    }
                    rows.push(Row { keys: key_values(g), period: Some((label, start, end, complete)), cells });
                }
            }
        }
    }
    if spec.adjust {
        let p: Vec<f64> = changes.iter().map(|&(r, m)| rows[r].cells[m].1.change.as_ref().and_then(|c| c.p_value).unwrap_or(1.0)).collect();
        for (&(r, m), q) in changes.iter().zip(benjamini_hochberg(&p)) {
            if let Some(c) = rows[r].cells[m].1.change.as_mut() {
                c.adjust(q);
            }
        }
    }
    let (totals, total) = if spec.totals {
        let mut t = Vec::new();
        let mut all: Vec<Cow<'_, State>> = spec.metrics.iter().map(|m| Cow::Owned(empty(m, spec.from_states))).collect();
        for &g in &order {
            let st = merged(g, i64::MIN, i64::MAX)?;
            for (a, s) in all.iter_mut().zip(&st) {
                a.to_mut().merge(s)?;
            }
            t.push(Row { keys: key_values(g), period: None, cells: read_all(&st, None)? });
        }
        let keys = label_names.iter().map(|name| (name.clone(), None)).collect();
        (Some(t), Some(Row { keys, period: None, cells: read_all(&all, None)? }))
    } else {
        (None, None)
    };
    let states = if spec.states {
        let mut out = Vec::new();
        for &g in &order {
            for &(id, b) in &by_group[g] {
                let time = match time {
                    Some((_, column, periods)) => {
                        let start = if spec.rolling_days.is_some() { periods.midnight(id)? } else { periods.start(id)? };
                        Some((column.to_string(), start))
                    }
                    None => None,
                };
                // Counts and rates in the first row; a duration sketch has
                // a row per bucket.
                let mut cells: Vec<Vec<(String, f64)>> = vec![Vec::new()];
                for (m, metric) in spec.metrics.iter().enumerate() {
                    let sketch = match (&metric.kind, &states[m][b as usize]) {
                        (MetricKind::Survey { state_columns, .. }, State::Tally(t)) => {
                            cells[0].extend(state_columns.iter().cloned().zip(t.counts.iter().copied()));
                            None
                        }
                        (MetricKind::Tickets { kpi, options, state_columns, .. }, State::Tickets(t)) => match (kpi.durations(options.has_calendar()), kpi.rate()) {
                            (Some(which), _) => Some(DurationSketch::of(t.durations(which))),
                            (None, Some(which)) => {
                                let r = t.rate(which, options.confidence);
                                cells[0].extend(state_columns.iter().cloned().zip([r.count as f64, r.total as f64]));
                                None
                            }
                            _ => None,
                        },
                        (MetricKind::Tickets { state_columns, .. }, State::Rate(a, n)) => {
                            cells[0].extend(state_columns.iter().cloned().zip([*a as f64, *n as f64]));
                            None
                        }
                        (_, State::Sketch(s)) => Some((**s).clone()),
                        _ => None,
                    };
                    if let (Some(sketch), MetricKind::Tickets { state_columns, .. }) = (sketch, &metric.kind) {
                        let rows = sketch.rows();
                        if rows.is_empty() {
                            // No durations: the columns are still written
                            // (count 0, which readers skip), so that every
                            // state table has every metric's columns.
                            cells[0].extend(state_columns.iter().cloned().zip([0.0; 6]));
                        }
                        for (j, (k, c, sum, sq, min, max)) in rows.into_iter().enumerate() {
                            if cells.len() <= j {
                                cells.push(Vec::new());
                            }
                            cells[j].extend(state_columns.iter().cloned().zip([f64::from(k), c as f64, sum, sq, min, max]));
                        }
                    }
                }
                for counts in cells {
                    out.push(StateRow { keys: key_values(g), time: time.clone(), counts });
                }
            }
        }
        Some(out)
    } else {
        None
    };
    Ok(Grouped { rows, totals, total, count, skipped: rejects.skipped, invalid: rejects.invalid, states })
}

/// A metric's state columns (when present) and their names.
type StateColumns<'a> = Vec<(Option<&'a [f64]>, &'a str)>;

/// The cells of a ticket metric's state row `i`: `(bucket, count, sum,
/// sumsq, min, max)` of a duration sketch, or `(successes, trials)`; NaN is
/// missing (a row of another metric's query). A fixed array: this runs for
/// every state row, twice.
fn ticket_cells(cols: &[(Option<&[f64]>, &str)], i: usize) -> [f64; 6] {
    let mut v = [f64::NAN; 6];
    for (o, (c, _)) in v.iter_mut().zip(cols) {
        *o = cell(*c, i);
    }
    v
}

/// Row `i` of a state column (NaN when the column or the cell is absent:
/// blank, which is 0 for counts).
fn cell(col: Option<&[f64]>, i: usize) -> f64 {
    col.and_then(|c| c.get(i).copied()).unwrap_or(f64::NAN)
}

/// The error of a metric whose counts, summed over its state rows, pass
/// 2⁵³ − 1 (past it, sums of f64 counts lose units).
fn summed_too_far(metric: &str, total: f64) -> Error {
    Error::InvalidCount { field: format!("metrics.{metric}: its counts summed over the state rows").into(), index: None, value: total }
}

/// Checks row `i` of a ticket metric's state (see [`ticket_cells`]).
fn check_ticket_state(duration: bool, cols: &[(Option<&[f64]>, &str)], i: usize) -> Result<()> {
    let v = ticket_cells(cols, i);
    let bad = |k: usize, rule: &str| {
        let found = if v[k].is_nan() { "blank (NULL)".to_string() } else { crate::error::num(v[k]) };
        Error::state_at(format!("state row {i} has {} {found}, which {rule}", cols[k].1), Some(i), cols[k].1.to_string())
    };
    let counts: &[usize] = if duration { &[1] } else { &[0, 1] };
    for &k in counts {
        if !v[k].is_nan() {
            crate::survey::check_count_at(cols[k].1, i, v[k])?;
        }
    }
    if duration {
        if v[1].is_nan() || v[1] == 0.0 {
            // No durations: no sum either.
            if v[2] > 0.0 {
                return Err(bad(2, "is above 0 with no durations counted"));
            }
            return Ok(());
        }
        if !(v[0].fract() == 0.0 && (0.0..=f64::from(crate::stats::sketch::MAX_KEY)).contains(&v[0])) {
            return Err(bad(0, &format!("is not a sketch bucket (a whole number from 0 to {})", crate::stats::sketch::MAX_KEY)));
        }
        if let Some(k) = (2..6).find(|&k| !(v[k].is_finite() && v[k] >= 0.0)) {
            return Err(bad(k, "is not a finite number ≥ 0 (durations are never negative)"));
        }
        if v[4] > v[5] {
            return Err(bad(4, "is above the maximum"));
        }
    } else if v[0] > 0.0 && !(v[0] <= v[1]) {
        // A blank or NULL count is 0: successes with NULL trials are as
        // many more than the trials as with 0.
        return Err(bad(0, &format!("is more than the trials ({})", if v[1].is_nan() { "blank, so 0".to_string() } else { crate::error::num(v[1]) })));
    }
    Ok(())
}

/// Adds row `i` of a ticket metric's state (checked) to `state`.
fn fold_ticket_state(state: &mut State, duration: bool, cols: &[(Option<&[f64]>, &str)], i: usize) {
    let v = ticket_cells(cols, i);
    let whole = |x: f64| if x.is_nan() { 0 } else { x as u64 };
    match state {
        State::Sketch(s) if duration => s.add_bucket(v[0] as i32, whole(v[1]), v[2], v[3], v[4], v[5]),
        State::Rate(a, n) if !duration => {
            (*a, *n) = (a.saturating_add(whole(v[0])), n.saturating_add(whole(v[1])));
        }
        _ => {}
    }
}

/// A label key's column: its name, each row's code, and the key of each
/// code (the last one `None`, for missing).
type LabelColumn<'t> = (String, Codes<'t>, Vec<Option<Key>>);

/// Each row's code of a label column. A column of bytes (a `Uint8Array` of
/// group ids) keeps its bytes and the code of each byte, and makes the
/// codes only when a pass asks for them: the fast pass over a dense table
/// reads the bytes, and a code per row would cost it more than the rest.
struct Codes<'t> {
    bytes: Option<(&'t [u8], Box<[u32; 256]>)>,
    all: std::cell::OnceCell<Vec<u32>>,
}

impl<'t> Codes<'t> {
    /// Codes made already.
    fn of(codes: Vec<u32>) -> Self {
        Codes { bytes: None, all: std::cell::OnceCell::from(codes) }
    }

    /// A column of bytes: its keys in order of value (rows are sorted by
    /// key later: the order of codes is free), then `None` for missing,
    /// which bytes never are; the bytes the rows have, or with `every`
    /// each of the 256.
    fn bytes(v: &'t [u8], every: bool) -> (Self, Vec<Option<Key>>) {
        let mut seen = [every; 256];
        if !every {
            for &b in v {
                seen[b as usize] = true;
            }
        }
        let mut code = Box::new([u32::MAX; 256]);
        let mut keys = Vec::new();
        for (b, _) in seen.iter().enumerate().filter(|(_, &s)| s) {
            code[b] = keys.len() as u32;
            keys.push(Some(Key::Num(b as f64)));
        }
        keys.push(None);
        (Codes { bytes: Some((v, code)), all: std::cell::OnceCell::new() }, keys)
    }
}

impl std::ops::Deref for Codes<'_> {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        self.all.get_or_init(|| self.bytes.as_ref().map_or_else(Vec::new, |(v, code)| v.iter().map(|&b| code[b as usize]).collect()))
    }
}

/// Row `i`'s combination of label codes, numbered in mixed radix (the
/// last label varies fastest); `None` for a row left out (a missing key
/// with `dropMissingKeys`).
fn label_code(labels: &[LabelColumn<'_>], drop_missing: bool, i: usize) -> Option<u64> {
    let mut code: u64 = 0;
    for (_, codes, keys) in labels {
        let c = codes[i];
        if drop_missing && c as usize == keys.len() - 1 {
            return None;
        }
        code = code * keys.len() as u64 + c as u64;
    }
    Some(code)
}

/// Row `i`'s label codes, one per label key.
fn row_keys(labels: &[LabelColumn<'_>], i: usize) -> Vec<u32> {
    labels.iter().map(|(_, codes, _)| codes[i]).collect()
}

/// Room for one more bucket in each survey metric's counts (`points` per
/// bucket).
fn add_bucket(counts: &mut [Vec<u64>], points: &[usize]) {
    for (c, &pts) in counts.iter_mut().zip(points) {
        c.resize(c.len() + pts, 0);
    }
}

/// A survey metric's scores as the fast pass reads them: bytes with the
/// scale offset of each byte value (the number of points when it is not on
/// the scale: the column past the scale's in the dense tables), or
/// numbers; `None` for a column that is absent.
enum FastScores<'s> {
    Bytes(&'s [u8], Box<[u8; 256]>),
    Values(&'s [f64], Scale),
    None,
}

/// What the fast passes read: the rows, their instants and the periods'
/// guide, the label columns, and each survey metric's scores and points.
#[derive(Clone, Copy)]
struct FastRows<'a> {
    n: usize,
    times: Option<(&'a [f64], &'a Bucketer)>,
    labels: &'a [LabelColumn<'a>],
    drop_missing: bool,
    /// Every instant within the supported range (none NaN).
    clean_times: bool,
    period_ids: &'a [i64],
    sources: &'a [FastScores<'a>],
    points: &'a [usize],
}

/// The pass that assumes every row valid (no unreadable cell, no ticket
/// metric, no states: the common case), without the bookkeeping of
/// rejects, column by column: each row's period, its bucket (label group ×
/// period), then each survey metric's counts. It gives up (`false`) at the
/// first row it cannot count; the checked pass then runs over the whole
/// table and reports that row. [`DenseCells`] does the same job faster
/// when the buckets are few.
fn fast_pass(rows: &FastRows<'_>, groups: &mut Buckets, counts: &mut [Vec<u64>]) -> bool {
    let FastRows { n, times, labels, drop_missing, period_ids, sources, points, .. } = *rows;
    let mut period = vec![0u32; if times.is_some() { n } else { 0 }];
    if let Some((t, b)) = times {
        if !b.indices(&t[..n], &mut period, None) {
            return false;
        }
    }
    let single = match labels {
        [(_, codes, _)] if !drop_missing => Some(&codes[..n]),
        _ => None,
    };
    let label_code = |i: usize| label_code(labels, drop_missing, i);
    // Each row's bucket (u32::MAX: left out).
    let mut bucket: Vec<u32> = Vec::with_capacity(n);
    let mut placed = 0u64;
    for i in 0..n {
        let code = match single {
            Some(codes) => codes[i] as u64,
            None => match label_code(i) {
                Some(c) => c,
                None => {
                    bucket.push(u32::MAX);
                    continue;
                }
            },
        };
        let p = period.get(i).copied().unwrap_or(0);
        placed += 1;
        bucket.push(match groups.known(code, p) {
            Some(b) => b,
            None => groups.place(code, p, period_ids, || row_keys(labels, i), || add_bucket(counts, points)) as u32,
        });
    }
    for ((source, c), &pts) in sources.iter().zip(counts.iter_mut()).zip(points) {
        match source {
            FastScores::Bytes(v, lut) => {
                for (&b, &x) in bucket.iter().zip(&v[..n]) {
                    let off = lut[x as usize];
                    if off as usize == pts {
                        return false;
                    }
                    if b != u32::MAX {
                        c[b as usize * pts + off as usize] += 1;
                    }
                }
            }
            FastScores::Values(v, scale) => {
                for (&b, &x) in bucket.iter().zip(&v[..n]) {
                    match scale.offset(x) {
                        Some(off) if b != u32::MAX => c[b as usize * pts + off] += 1,
                        None if !x.is_nan() => return false,
                        _ => {}
                    }
                }
            }
            FastScores::None => {}
        }
    }
    groups.count = placed;
    true
}

/// The fast pass when the buckets (label combinations × periods) are few
/// enough for a dense table of counts: each row's cell is worked out, then
/// each metric adds 1 to its cell's count of the row's score, as an ideal
/// hand-written loop would; the buckets are made afterwards from the cells
/// that have rows (in cell order; rows are sorted later).
#[derive(Clone, Copy)]
struct DenseCells {
    cells: usize,
    periods: usize,
}

impl DenseCells {
    /// A dense table when its counters are no more than the rows plus 64 Ki
    /// (clearing and scanning it costs less than the rows).
    fn fits(radix: u64, periods: usize, points: &[usize], n: usize) -> Option<Self> {
        let cells = (radix as u128) * periods as u128;
        let width = points.iter().map(|p| p + 1).sum::<usize>().max(1) as u128;
        (n < u32::MAX as usize && cells * width <= (n as u128) + (1 << 16)).then_some(DenseCells { cells: cells as usize, periods })
    }

    /// As [`fast_pass`]: `false` (and nothing placed) at any row it cannot
    /// count. Each metric's table has a column past the scale's points
    /// where scores off the scale are counted, so the loops have no branch
    /// for them: a count there sends the table to the checked pass.
    fn pass(self, rows: &FastRows<'_>, groups: &mut Buckets, counts: &mut [Vec<u64>]) -> bool {
        let FastRows { n, times, labels, drop_missing, sources, points, clean_times, .. } = *rows;
        let DenseCells { cells, periods } = self;
        // One label key, a time key whose instants are all in range, and
        // one metric of bytes (the common case): each row counted as it
        // is placed, in one loop over the columns.
        if let (Some((t, b)), [(_, codes, _)], false, true, [FastScores::Bytes(v, lut)]) = (times, labels, drop_missing, clean_times, sources) {
            if let Some(at) = b.locator() {
                let stride = points[0] + 1;
                let mut table = vec![0u32; (cells + 1) * stride];
                let (t, v) = (&t[..n], &v[..n]);
                match &codes.bytes {
                    Some((c, code)) => count_fused(&mut table, t, at, c.iter().map(|&b| code[b as usize]), periods as u32, v, lut, stride as u32),
                    None => count_fused(&mut table, t, at, codes[..n].iter().copied(), periods as u32, v, lut, stride as u32),
                }
                return self.place(rows, groups, counts, &[table], None);
            }
        }
        // Each row's cell; `cells` (one past the last) for a row left out.
        let mut cell = vec![0u32; n];
        let in_range = match (labels, drop_missing) {
            ([], _) => row_cells(&mut cell, times, None, periods),
            ([(_, codes, _)], false) => row_cells(&mut cell, times, Some(&codes[..n]), periods),
            _ => {
                let mut code = vec![0u32; n];
                for (_, codes, keys) in labels {
                    let radix = keys.len() as u32;
                    let missing = radix - 1;
                    for (c, &k) in code.iter_mut().zip(&codes[..n]) {
                        *c = if *c == u32::MAX || (drop_missing && k == missing) { u32::MAX } else { *c * radix + k };
                    }
                }
                let ok = row_cells(&mut cell, times, Some(&code), periods);
                for (c, &k) in cell.iter_mut().zip(&code) {
                    if k == u32::MAX {
                        *c = cells as u32;
                    }
                }
                ok
            }
        };
        if !in_range {
            return false;
        }
        // Rows per cell, unless the first metric's bytes count every row.
        let by_bytes = matches!(sources.first(), Some(FastScores::Bytes(..)));
        let mut in_cells: Vec<u32> = if by_bytes { Vec::new() } else { vec![0; cells + 1] };
        if !by_bytes {
            for &c in &cell {
                in_cells[c as usize] += 1;
            }
        }
        let mut tables: Vec<Vec<u32>> = Vec::with_capacity(sources.len());
        for (source, &pts) in sources.iter().zip(points) {
            let stride = pts + 1;
            let mut table = vec![0u32; (cells + 1) * stride];
            match source {
                FastScores::Bytes(v, lut) => count_bytes(&mut table, &cell, &v[..n], lut, stride),
                FastScores::Values(v, scale) => {
                    for (&c, &x) in cell.iter().zip(&v[..n]) {
                        match scale.offset(x) {
                            Some(off) => table[c as usize * stride + off] += 1,
                            None if x.is_nan() => {}
                            None => return false,
                        }
                    }
                }
                FastScores::None => {}
            }
            tables.push(table);
        }
        self.place(rows, groups, counts, &tables, (!by_bytes).then_some(&in_cells[..]))
    }

    /// After [`Self::pass`] counted each metric's `tables` (and, unless
    /// the first metric is of bytes, the rows of each cell): the buckets of
    /// the cells with rows, in cell order, and their counts. `false` when a
    /// table counted a score off the scale.
    fn place(self, rows: &FastRows<'_>, groups: &mut Buckets, counts: &mut [Vec<u64>], tables: &[Vec<u32>], in_cells: Option<&[u32]>) -> bool {
        let FastRows { labels, period_ids, points, .. } = *rows;
        let DenseCells { cells, periods } = self;
        // Scores off the scale (in rows left out too: they are checked
        // as the checked pass checks them).
        for (table, &pts) in tables.iter().zip(points) {
            if table.chunks_exact(pts + 1).any(|c| c[pts] != 0) {
                return false;
            }
        }
        // The buckets of the cells with rows, and their counts.
        let radices: Vec<usize> = labels.iter().map(|(_, _, keys)| keys.len()).collect();
        let mut placed = 0u64;
        for c in 0..cells {
            let in_cell: u64 = match in_cells {
                Some(in_cells) => in_cells[c] as u64,
                None => tables[0][c * (points[0] + 1)..][..points[0]].iter().map(|&x| x as u64).sum(),
            };
            if in_cell == 0 {
                continue;
            }
            placed += in_cell;
            let (code, p) = (c / periods, c % periods);
            let keys = || {
                let mut keys = vec![0u32; radices.len()];
                let mut rest = code;
                for (k, &r) in keys.iter_mut().zip(&radices).rev() {
                    *k = (rest % r) as u32;
                    rest /= r;
                }
                keys
            };
            let b = groups.place(code as u64, p as u32, period_ids, keys, || add_bucket(counts, points));
            for ((counts, table), &pts) in counts.iter_mut().zip(tables).zip(points) {
                for (to, &from) in counts[b * pts..][..pts].iter_mut().zip(&table[c * (pts + 1)..][..pts]) {
                    *to += from as u64;
                }
            }
        }
        groups.count = placed;
        true
    }
}

/// Each row's cell in a dense table (label code × periods + period), for
/// rows with one label code (`None`: no label; `u32::MAX`: left out, the
/// cell one past the table). `false` when an instant is out of range.
#[inline(never)]
fn row_cells(cell: &mut [u32], times: Option<(&[f64], &Bucketer)>, codes: Option<&[u32]>, periods: usize) -> bool {
    let periods = periods as u32;
    let mut ok = true;
    match (times, codes) {
        (Some((t, b)), Some(codes)) => {
            // The code of each row, then its period added, in one pass.
            let m = cell.len().min(t.len()).min(codes.len());
            ok = b.indices(&t[..m], &mut cell[..m], Some((&codes[..m], periods)));
        }
        (Some((t, b)), None) => ok = b.indices(t, cell, None),
        (None, Some(codes)) => {
            for (c, &k) in cell.iter_mut().zip(codes) {
                *c = k.wrapping_mul(periods);
            }
        }
        (None, None) => {}
    }
    ok
}

/// Adds each row's score (a byte, through `lut` to its offset on the scale;
/// off the scale, the last column) to the counts of its cell: the row's
/// label code (from `codes`) times `periods`, plus the period of its
/// instant (all within the span of `at`). One loop over the columns, with
/// no vector of cells between: on the columns of a million rows, writing
/// and reading one costs as much as the rest.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn count_fused(table: &mut [u32], t: &[f64], at: crate::time::Locator<'_>, mut codes: impl Iterator<Item = u32>, periods: u32, v: &[u8], lut: &[u8; 256], stride: u32) {
    let mut count = |code: u32, p: u32, x: u8| {
        let cell = code.wrapping_mul(periods).wrapping_add(p);
        table[cell.wrapping_mul(stride).wrapping_add(lut[x as usize] as u32) as usize] += 1;
    };
    // Two rows at a time: their periods' steps side by side.
    let (pairs, scores) = (t.chunks_exact(2), v.chunks_exact(2));
    let (rest, rest_scores) = (pairs.remainder(), scores.remainder());
    for (ms, x) in pairs.zip(scores) {
        let (Some(c0), Some(c1)) = (codes.next(), codes.next()) else { return };
        let (p0, p1) = at.at2(ms[0], ms[1]);
        count(c0, p0, x[0]);
        count(c1, p1, x[1]);
    }
    if let (Some(&ms), Some(&x), Some(c)) = (rest.first(), rest_scores.first(), codes.next()) {
        count(c, at.at(ms), x);
    }
}

/// Adds each row's score (a byte, through `lut` to its offset on the scale;
/// off the scale, the last column) to its cell's counts.
#[inline(never)]
fn count_bytes(table: &mut [u32], cell: &[u32], v: &[u8], lut: &[u8; 256], stride: usize) {
    let stride = stride as u32;
    for (&c, &x) in cell.iter().zip(v) {
        let off = lut[x as usize];
        table[(c * stride + off as u32) as usize] += 1;
    }
}

/// The label groups and buckets (label group × period) met so far, numbered
/// in order of appearance; dense tables when the combinations are few.
struct Buckets {
    /// Each label group's key codes (one per label column).
    label_keys: Vec<Vec<u32>>,
    label_dense: Vec<u32>,
    label_hashed: crate::hash::FxHashMap<u64, u32>,
    /// Each bucket's label group and period id.
    buckets: Vec<(u32, i64)>,
    bucket_dense: Vec<u32>,
    bucket_hashed: crate::hash::FxHashMap<u64, u32>,
    periods: u64,
    /// Rows placed.
    count: u64,
}

impl Buckets {
    fn new(radix: u64, periods: usize) -> Self {
        Buckets {
            label_keys: Vec::new(),
            label_dense: if radix <= 1 << 22 { vec![u32::MAX; radix as usize] } else { Vec::new() },
            label_hashed: crate::hash::map(),
            buckets: Vec::new(),
            bucket_dense: if radix * periods as u64 <= 1 << 24 { vec![u32::MAX; radix as usize * periods] } else { Vec::new() },
            bucket_hashed: crate::hash::map(),
            periods: periods as u64,
            count: 0,
        }
    }

    /// The bucket of label combination `code` and period index `p`, when
    /// it is in a dense table.
    #[inline(always)]
    fn known(&self, code: u64, p: u32) -> Option<u32> {
        let slot = *self.bucket_dense.get((code * self.periods + p as u64) as usize)?;
        (slot != u32::MAX).then_some(slot)
    }

    /// The bucket of label combination `code` and period index `p`; a new
    /// bucket calls `fresh` (and a new label group takes `keys()`).
    #[inline]
    fn place(&mut self, code: u64, p: u32, period_ids: &[i64], keys: impl FnOnce() -> Vec<u32>, fresh: impl FnOnce()) -> usize {
        let key = code * self.periods + p as u64;
        let slot = if self.bucket_dense.is_empty() { *self.bucket_hashed.get(&key).unwrap_or(&u32::MAX) } else { self.bucket_dense[key as usize] };
        if slot != u32::MAX {
            return slot as usize;
        }
        let g = if self.label_dense.is_empty() { self.label_hashed.entry(code).or_insert(u32::MAX) } else { &mut self.label_dense[code as usize] };
        if *g == u32::MAX {
            *g = self.label_keys.len() as u32;
            self.label_keys.push(keys());
        }
        let b = self.buckets.len() as u32;
        self.buckets.push((*g, period_ids[p as usize]));
        if self.bucket_dense.is_empty() {
            self.bucket_hashed.insert(key, b);
        } else {
            self.bucket_dense[key as usize] = b;
        }
        fresh();
        b as usize
    }
}

/// The error of a row whose time key is missing or out of range.
fn time_error(column: &str, i: usize, ms: f64) -> Error {
    if ms.is_nan() {
        return Error::MissingField { field: column.to_string().into(), index: Some(i) };
    }
    Error::InvalidTimestamp { field: column.to_string().into(), index: Some(i), detail: crate::time::out_of_range(ms).into() }
}

/// A window sliding forward over one group's buckets (ids ascending):
/// the states of the buckets with ids in `[lo, hi)`, for windows whose
/// bounds never move back. The two-stack queue: the newer buckets are
/// merged into one state as they enter (`back`); the older ones are kept
/// as suffix states (`front[j]` merges the front's `j + 1` newest buckets,
/// so its last entry merges them all, and dropping the oldest bucket is a
/// pop), made afresh from the back's buckets when the front runs out.
/// Each bucket is merged about three times however long the window, and
/// always in time order (older before newer), as a fresh merge would.
struct Sliding<'b> {
    buckets: &'b [(i64, u32)],
    /// The window's first bucket, the first of the back, and the first
    /// not yet in (`first ≤ split ≤ next`).
    first: usize,
    split: usize,
    next: usize,
    front: Vec<Vec<State>>,
    back: Option<Vec<State>>,
}

impl<'b> Sliding<'b> {
    fn new(buckets: &'b [(i64, u32)]) -> Self {
        Sliding { buckets, first: 0, split: 0, next: 0, front: Vec::new(), back: None }
    }

    /// The states of bucket `i` (one per metric).
    fn bucket(&self, i: usize, states: &[Vec<State>]) -> Vec<State> {
        let b = self.buckets[i].1 as usize;
        states.iter().map(|s| s[b].clone()).collect()
    }

    /// The merged states of the buckets with ids in `[lo, hi)` (`empty`
    /// when there is none); `lo` and `hi` are at least those of the last call.
    fn window<'s>(&mut self, lo: i64, hi: i64, states: &'s [Vec<State>], empty: impl Fn() -> Vec<State>) -> Result<Vec<Cow<'s, State>>> {
        // Out of the window, from the front (made from the back when empty).
        while self.first < self.next && self.buckets[self.first].0 < lo {
            if self.first == self.split {
                self.front.clear();
                for i in (self.split..self.next).rev() {
                    let mut s = self.bucket(i, states);
                    if let Some(newer) = self.front.last() {
                        merge_all(&mut s, newer)?;
                    }
                    self.front.push(s);
                }
                self.split = self.next;
                self.back = None;
            }
            self.front.pop();
            self.first += 1;
        }
        // Buckets the window passed over while empty are never merged.
        if self.first == self.next {
            while self.next < self.buckets.len() && self.buckets[self.next].0 < lo {
                self.next += 1;
            }
            (self.first, self.split) = (self.next, self.next);
        }
        // Into the window, at the back.
        while self.next < self.buckets.len() && self.buckets[self.next].0 < hi {
            match self.back.as_mut() {
                Some(back) => {
                    let b = self.buckets[self.next].1 as usize;
                    for (a, s) in back.iter_mut().zip(states) {
                        a.merge(&s[b])?;
                    }
                }
                None => self.back = Some(self.bucket(self.next, states)),
            }
            self.next += 1;
        }
        // One bucket: its states as they are.
        if self.next - self.first == 1 {
            return Ok(bucket_states(states, self.buckets[self.first].1 as usize));
        }
        let mut out = match self.front.last() {
            Some(f) => f.clone(),
            None => empty(),
        };
        if let Some(back) = &self.back {
            merge_all(&mut out, back)?;
        }
        Ok(out.into_iter().map(Cow::Owned).collect())
    }
}

#[cfg(test)]
thread_local! {
    /// Tests: rolling windows merged afresh, to check the sliding ones.
    pub(crate) static MERGE_AFRESH: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
fn tests_merge_afresh() -> bool {
    MERGE_AFRESH.with(|c| c.get())
}

#[cfg(not(test))]
#[inline(always)]
fn tests_merge_afresh() -> bool {
    false
}

/// The states of bucket `b` (one per metric), as they are.
fn bucket_states(states: &[Vec<State>], b: usize) -> Vec<Cow<'_, State>> {
    states.iter().map(|s| Cow::Borrowed(&s[b])).collect()
}

/// Merges `other` into `into`, metric by metric.
fn merge_all(into: &mut [State], other: &[State]) -> Result<()> {
    for (a, b) in into.iter_mut().zip(other) {
        a.merge(b)?;
    }
    Ok(())
}

/// The id of the period before `p`.
fn previous(periods: &Periods, p: i64) -> Result<i64> {
    if periods.whole_days() {
        // A day a zone skipped (Pacific/Kiritimati's 1994-12-31, Samoa's
        // 2011-12-30) never happened: the day before is the one before it.
        let mut q = p - 1;
        while q > p - 4 && !periods.happened(q)? {
            q -= 1;
        }
        Ok(q)
    } else {
        periods.id_of(periods.start(p)? - 1.0)
    }
}

/// The results of every metric from its state, with changes against
/// `prev` when given.
fn read_all(spec: &GroupSpec, names: &[Rc<str>], states: &[Cow<'_, State>], prev: Option<&[Cow<'_, State>]>) -> Result<Vec<(Rc<str>, Cell)>> {
    let level = spec.confidence;
    let mut out = Vec::with_capacity(spec.metrics.len());
    for (m, metric) in spec.metrics.iter().enumerate() {
        let result = read(metric, &states[m])?;
        let sla = matches!(metric.kind, MetricKind::Tickets { kpi: TicketKpi::Sla, .. });
        let change = match prev {
            Some(_) if sla => None,
            Some(p) => {
                let before = read(metric, &p[m])?;
                Some(change(metric, &result, &before, &states[m], &p[m], level)?)
            }
            None => None,
        };
        out.push((names[m].clone(), Cell { result, change }));
    }
    Ok(out)
}

/// A metric's result from its state.
fn read(metric: &MetricSpec, state: &State) -> Result<MetricResult> {
    Ok(match (&metric.kind, state) {
        (MetricKind::Survey { kpi, .. }, State::Tally(t)) => match kpi {
            SurveyKpi::Nps(o, _) => MetricResult::Nps(crate::survey::nps_from_tally(t, o)),
            SurveyKpi::Csat(o) => MetricResult::Csat(crate::survey::csat_from_tally(t, o)?),
            SurveyKpi::Ces(o) => MetricResult::Ces(crate::survey::ces_from_tally(t, o)?),
            SurveyKpi::Bounce(b) => MetricResult::Rate(Rate::new(t.count_between(1, 1) as u64, t.total() as u64, b.options.confidence)),
            SurveyKpi::CartAbandonment(level) => MetricResult::Rate(Rate::new(t.count_between(0, 0) as u64, t.total() as u64, *level)),
            SurveyKpi::Conversion(level) => {
                MetricResult::Rate(Rate::new(t.count_between(1, 1) as u64, t.total() as u64, *level))
            }
        },
        (MetricKind::Tickets { options, .. }, State::Sketch(s)) => {
            MetricResult::Durations(s.stats(&options.percentiles, &crate::stats::percentile_keys(&options.percentiles)?, &options.histogram_ms))
        }
        (MetricKind::Tickets { options, .. }, State::Rate(a, n)) => MetricResult::Rate(Rate::new(*a, *n, options.confidence)),
        (MetricKind::Tickets { kpi, options, .. }, State::Tickets(s)) => {
            // Only the part the metric reports is computed.
            if let Some(which) = kpi.durations(options.has_calendar()) {
                MetricResult::Durations(options.stats(s.durations(which), &crate::stats::percentile_keys(&options.percentiles)?))
            } else if let Some(which) = kpi.rate() {
                MetricResult::Rate(s.rate(which, options.confidence))
            } else {
                match s.sla_report(options) {
                    Some(r) => MetricResult::Sla(r),
                    None => return Err(Error::option(format!("metrics.{}.sla", metric.name), "is required for an SLA metric")),
                }
            }
        }
        _ => return Err(Error::state("a metric's state is of another kind")),
    })
}

/// The durations of a ticket state that a duration metric summarises, sorted.
fn durations(kpi: TicketKpi, s: &TicketState, business: bool) -> Vec<f64> {
    let mut v = kpi.durations(business).map_or_else(Vec::new, |which| s.durations(which).to_vec());
    v.sort_unstable_by(f64::total_cmp);
    v
}

/// The change of a metric from `before` to `now`.
fn change(metric: &MetricSpec, now: &MetricResult, before: &MetricResult, s_now: &State, s_before: &State, level: f64) -> Result<Change> {
    Ok(match (now, before) {
        (MetricResult::Nps(a), MetricResult::Nps(b)) => nps_change(&a.sample(), &b.sample(), level)?,
        (MetricResult::Csat(a), MetricResult::Csat(b)) => csat_change(&CsatSample::from(a), &CsatSample::from(b), level),
        (MetricResult::Ces(a), MetricResult::Ces(b)) => ces_change(&CesSample::from(a), &CesSample::from(b), level),
        (MetricResult::Rate(a), MetricResult::Rate(b)) => two_proportions(a.count as f64, a.total as f64, b.count as f64, b.total as f64, level),
        (MetricResult::Durations(_), MetricResult::Durations(_)) => match (&metric.kind, s_now, s_before) {
            (MetricKind::Tickets { .. }, State::Sketch(x), State::Sketch(y)) => median_difference_of((x.quantile(0.5), x.median_with_se()), (y.quantile(0.5), y.median_with_se()), level),
            (MetricKind::Tickets { kpi, options, .. }, State::Tickets(x), State::Tickets(y)) => {
                let business = options.has_calendar();
                median_difference(&durations(*kpi, x, business), &durations(*kpi, y, business), level)
            }
            _ => Change::empty(level, "median-price-bonett"),
        },
        _ => return Err(Error::state("the results of two different metrics cannot be compared")),
    })
}

/// The schema of a grouping's table: its fields, read as cells of a
/// spreadsheet.
pub fn schema<'s>(fields: &'s [Field<'s>]) -> Schema<'s> {
    Schema { name: "data", fields, text_cells: true }
}

/// The data argument of `groupKpis`: rows or columns, read once the options
/// have named the columns.
pub use crate::wire::args::OpenTable as GroupData;

/// `groupKpis(data, options)`: reads the table the options name, then
/// groups it. `now` is the time of the call (for incomplete periods).
///
/// # Errors
/// As [`group`], and the table reader's.
pub fn group_kpis(data: GroupData<'_>, spec: &GroupSpec, now: Option<f64>) -> Result<Grouped> {
    let fields = fields(spec)?;
    let schema = schema(&fields);
    // Instants written as local dates and times without an offset (a
    // spreadsheet's "2026-03-14" or "2026-03-14 10:30") are read in the
    // zone the periods are counted in.
    let zone = spec.time_key().map(|(_, _, periods)| periods.tz.clone());
    let local = zone.as_ref().map(|tz| move |s: &str| crate::time::business::local_instant(s, tz));
    let mut table = crate::wire::table::read_table_in(data.0, &schema, local.as_ref().map(|f| crate::table::LocalTimes(f)))?;
    derive(&mut table, spec)?;
    group(&table, spec, now)
}

/// The bounce metric of a KPI, if it is one.
fn bounce_of(kpi: &SurveyKpi) -> Option<&spec::BounceMetric> {
    match kpi {
        SurveyKpi::Bounce(b) => Some(b),
        _ => None,
    }
}

/// Fills the derived columns of a table: each bounce metric's outcome per
/// row (1 bounced, 0 engaged, NaN without session data), with a problem
/// for a row whose session values are invalid.
///
/// # Errors
/// None in practice: the derived columns have the table's length.
pub fn derive(table: &mut Table<'_>, spec: &GroupSpec) -> Result<()> {
    if spec.from_states {
        return Ok(());
    }
    for m in &spec.metrics {
        let MetricKind::Survey { kpi: SurveyKpi::Bounce(b), column, .. } = &m.kind else { continue };
        let schema = table.schema;
        let col = |name: &str| schema.position(name).and_then(|f| table.values(f)).map(|c| c.into_owned());
        let cols: Vec<Option<Vec<f64>>> = b.columns.iter().map(|c| col(c)).collect();
        let names = [b.columns[0].as_str(), b.columns[1].as_str(), b.columns[2].as_str()];
        let mut out = vec![f64::NAN; table.len];
        let mut problems = Vec::new();
        for (i, o) in out.iter_mut().enumerate() {
            let v = |k: usize| cols[k].as_ref().map_or(f64::NAN, |c| c[i]);
            match crate::events::session_outcome([v(0), v(1), v(2)], names, i, &b.options) {
                Ok(Some(bounced)) => *o = if bounced { 1.0 } else { 0.0 },
                Ok(None) => {}
                Err(e) => problems.push((i, e)),
            }
        }
        if let Some(f) = schema.position(column) {
            table.set(f, Column::Values(out))?;
        }
        if !problems.is_empty() {
            table.problems.extend(problems);
            table.sort_problems();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
