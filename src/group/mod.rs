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

use crate::error::{Error, Result};
use crate::kpi::{InvalidEntry, Merge, Rate, Rejects};
use crate::stats::{benjamini_hochberg, median_difference, two_proportions, Change, DurationStats};
use crate::survey::{ces_change, csat_change, nps_change, CesSample, CsatSample, Scale, Tally};
use crate::table::{Column, Field, Key, Kind, Schema, Table, MISSING_LABEL};
use crate::tickets::{self, SlaReport, TicketMetrics, TicketState, Tickets};
use crate::time::Periods;
use crate::kpi::Metric;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::HashMap;

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
    for m in &spec.metrics {
        match &m.kind {
            MetricKind::Survey { column, .. } => add(column, Kind::Number, true)?,
            MetricKind::Tickets { columns, .. } => {
                // The creation time is required; other ticket columns may be
                // absent (open tickets, no replies recorded).
                for (c, f) in columns.iter().zip(tickets::SCHEMA.fields) {
                    add(c, f.kind, f.required)?;
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
}

impl State {
    fn merge(&mut self, other: &State) -> Result<()> {
        match (self, other) {
            (State::Tally(a), State::Tally(b)) => a.merge(b),
            (State::Tickets(a), State::Tickets(b)) => a.merge(b),
            _ => Err(Error::InvalidState { reason: "the states of two different metrics cannot be merged".into() }),
        }
    }
}

/// The empty state of a metric.
fn empty(m: &MetricSpec) -> State {
    match &m.kind {
        MetricKind::Survey { kpi, .. } => State::Tally(Tally::new(scale_of(kpi))),
        MetricKind::Tickets { .. } => State::Tickets(Box::default()),
    }
}

fn scale_of(kpi: &SurveyKpi) -> Scale {
    match kpi {
        SurveyKpi::Nps(_, s) => *s,
        SurveyKpi::Csat(o) => o.scale.named("CSAT"),
        SurveyKpi::Ces(o) => o.scale.named("CES"),
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

/// One row of a grouping's output.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The label keys: (column, value; `None` = missing).
    pub keys: Vec<(String, Option<Key>)>,
    /// The period, when grouped by time: label, start, end, complete.
    pub period: Option<(String, f64, f64, bool)>,
    /// (metric name, result).
    pub cells: Vec<(String, Cell)>,
}

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (k, v) in &self.keys {
            m.serialize_entry(k, v)?;
        }
        if let Some((label, start, end, complete)) = &self.period {
            m.serialize_entry("period", label)?;
            m.serialize_entry("periodStart", start)?;
            m.serialize_entry("periodEnd", end)?;
            m.serialize_entry("complete", complete)?;
        }
        for (k, v) in &self.cells {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

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
}

/// The code of each row's label key `k`, dense from 0; the number of codes;
/// and the key of each code. Missing values have the last code.
fn key_codes(table: &Table<'_>, f: usize, n: usize) -> (Vec<u32>, Vec<Option<Key>>) {
    let mut codes = vec![0u32; n];
    let mut keys: Vec<Option<Key>> = Vec::new();
    match table.columns.get(f).and_then(|c| c.as_ref()) {
        Some(Column::Keys { codes: c, keys: k }) => {
            keys.extend(k.iter().cloned().map(Some));
            let missing = keys.len() as u32;
            for (o, &c) in codes.iter_mut().zip(c) {
                *o = if c == MISSING_LABEL { missing } else { c };
            }
        }
        _ => {
            // Numbers (a typed array of group ids): NaN is missing.
            let values = table.values(f).unwrap_or_default();
            let mut index: HashMap<u64, u32> = HashMap::new();
            for (o, &v) in codes.iter_mut().zip(values.iter()) {
                *o = if v.is_nan() {
                    u32::MAX
                } else {
                    *index.entry((v + 0.0).to_bits()).or_insert_with(|| {
                        keys.push(Some(Key::Num(v + 0.0)));
                        (keys.len() - 1) as u32
                    })
                };
            }
            let missing = keys.len() as u32;
            for o in codes.iter_mut().filter(|o| **o == u32::MAX) {
                *o = missing;
            }
        }
    }
    keys.push(None);
    (codes, keys)
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
    let owned: Vec<Option<std::borrow::Cow<'_, [f64]>>> = (0..schema.fields.len())
        .map(|f| if matches!(schema.fields[f].kind, Kind::Key | Kind::Label) { None } else { table.values(f) })
        .collect();
    let values = |f: usize| owned.get(f).and_then(|c| c.as_deref());

    // Which rows are bad, and why: unreadable cells, then each metric's rules.
    let mut why: Vec<Option<Error>> = vec![None; n];
    for (i, e) in &table.problems {
        if why[*i].is_none() {
            why[*i] = Some(e.clone());
        }
    }
    let time = spec.time_key();
    let mut day_or_period: Vec<i64> = vec![0; n];
    if let Some((_, column, periods)) = time {
        let t = values(pos(column)).unwrap_or(&[]);
        let bucket = |ms: f64| if spec.rolling_days.is_some() { periods.day_of(ms) } else { periods.id_of(ms) };
        for i in 0..n {
            if why[i].is_some() {
                continue;
            }
            let ms = t.get(i).copied().unwrap_or(f64::NAN);
            if ms.is_nan() {
                why[i] = Some(Error::MissingField { field: column.to_string().into(), index: Some(i) });
            } else if let Err(e) = crate::time::calendar::timestamp(ms, "by", Some(i)) {
                why[i] = Some(match e {
                    Error::InvalidTimestamp { detail, .. } => Error::InvalidTimestamp { field: column.to_string().into(), index: Some(i), detail },
                    e => e,
                });
            } else {
                day_or_period[i] = bucket(ms)?;
            }
        }
    }
    // Survey scores: offsets on the scale (u8::MAX = no answer).
    let mut offsets: Vec<Vec<u8>> = Vec::new();
    for m in &spec.metrics {
        let MetricKind::Survey { kpi, column } = &m.kind else {
            offsets.push(Vec::new());
            continue;
        };
        let scale = scale_of(kpi);
        let v = values(pos(column)).unwrap_or(&[]);
        let mut off = vec![u8::MAX; n];
        for i in 0..n {
            let x = v.get(i).copied().unwrap_or(f64::NAN);
            if x.is_nan() {
                continue;
            }
            match crate::survey::check_score(x, Some(i), &scale) {
                Ok(k) => off[i] = k as u8,
                Err(e) => {
                    if why[i].is_none() {
                        why[i] = Some(e.in_column(column));
                    }
                }
            }
        }
        offsets.push(off);
    }
    // Tickets: the rules of ticketMetrics over the mapped columns.
    let mut ticket_cols: Vec<Vec<Option<&[f64]>>> = Vec::new();
    for m in &spec.metrics {
        let MetricKind::Tickets { columns, options, .. } = &m.kind else {
            ticket_cols.push(Vec::new());
            continue;
        };
        let cols: Vec<Option<&[f64]>> = columns.iter().take(tickets::STATUS_FIELD).map(|c| values(pos(c))).collect();
        let names: Vec<&str> = columns.iter().map(String::as_str).collect();
        let set = tickets::rules(options);
        let bad = set.bad_rows(&cols, n);
        for i in 0..n {
            if bad[i] && why[i].is_none() {
                why[i] = set.first_error(&names, &cols, i);
            }
        }
        ticket_cols.push(cols);
    }
    let mut rejects = Rejects::new(spec.invalid);
    let mut bad = vec![false; n];
    for (i, e) in why.into_iter().enumerate() {
        if let Some(e) = e {
            bad[i] = true;
            rejects.reject(i, e)?;
        }
    }

    // Group ids: label keys (mixed radix), then the time bucket.
    let labels: Vec<(String, Vec<u32>, Vec<Option<Key>>)> = spec
        .keys
        .iter()
        .filter_map(|k| match k {
            KeySpec::Label(c) => {
                let (codes, keys) = key_codes(table, pos(c), n);
                Some((c.clone(), codes, keys))
            }
            KeySpec::Time { .. } => None,
        })
        .collect();
    let mut label_of_row: Vec<u32> = vec![0; n];
    let mut label_index: HashMap<Vec<u32>, u32> = HashMap::new();
    let mut label_keys: Vec<Vec<u32>> = Vec::new();
    let mut tuple = vec![0u32; labels.len()];
    for i in 0..n {
        if bad[i] {
            continue;
        }
        let mut dropped = false;
        for (k, (_, codes, keys)) in labels.iter().enumerate() {
            tuple[k] = codes[i];
            dropped |= spec.drop_missing_keys && keys[codes[i] as usize].is_none();
        }
        if dropped {
            label_of_row[i] = u32::MAX;
            continue;
        }
        label_of_row[i] = match label_index.get(&tuple) {
            Some(&g) => g,
            None => {
                let g = label_keys.len() as u32;
                label_index.insert(tuple.clone(), g);
                label_keys.push(tuple.clone());
                g
            }
        };
    }
    // Buckets: (label group, period or day) → dense index.
    let mut bucket_index: HashMap<(u32, i64), u32> = HashMap::new();
    let mut buckets: Vec<(u32, i64)> = Vec::new();
    let mut bucket_of_row = vec![u32::MAX; n];
    let mut count = 0u64;
    for i in 0..n {
        if bad[i] || label_of_row[i] == u32::MAX {
            continue;
        }
        count += 1;
        let key = (label_of_row[i], day_or_period[i]);
        bucket_of_row[i] = *bucket_index.entry(key).or_insert_with(|| {
            buckets.push(key);
            (buckets.len() - 1) as u32
        });
    }

    // States per bucket and metric.
    let mut states: Vec<Vec<State>> = Vec::with_capacity(spec.metrics.len());
    for (mi, m) in spec.metrics.iter().enumerate() {
        match &m.kind {
            MetricKind::Survey { kpi, .. } => {
                let scale = scale_of(kpi);
                let points = scale.points();
                let mut counts = vec![0u64; buckets.len() * points];
                for (i, &off) in offsets[mi].iter().enumerate() {
                    let b = bucket_of_row[i];
                    if b != u32::MAX && off != u8::MAX {
                        counts[b as usize * points + off as usize] += 1;
                    }
                }
                states.push(counts.chunks(points.max(1)).take(buckets.len()).map(|c| State::Tally(Tally::from_counts(scale, c, 0))).collect());
            }
            MetricKind::Tickets { columns, options, .. } => {
                let mut s: Vec<TicketState> = vec![TicketState::default(); buckets.len()];
                let status = match table.columns.get(pos(&columns[tickets::STATUS_FIELD])).and_then(|c| c.as_ref()) {
                    Some(Column::Labels { codes, names }) => Some((codes.as_slice(), names.as_slice())),
                    _ => None,
                };
                let unplaced = bucket_of_row.iter().map(|&b| b == u32::MAX).collect::<Vec<_>>();
                tickets::measure_groups(&mut s, &bucket_of_row, &unplaced, &ticket_cols[mi], status, options)?;
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
    let key_values = |g: usize| -> Vec<(String, Option<Key>)> {
        labels.iter().enumerate().map(|(k, (name, _, keys))| (name.clone(), keys[label_keys[g][k] as usize].clone())).collect()
    };
    let now = spec.as_of.or(now);

    // Buckets of each label group, by bucket id.
    let mut by_group: Vec<Vec<(i64, u32)>> = vec![Vec::new(); label_keys.len()];
    for (b, &(g, id)) in buckets.iter().enumerate() {
        by_group[g as usize].push((id, b as u32));
    }
    for v in &mut by_group {
        v.sort_unstable();
    }
    let merged = |g: usize, lo: i64, hi: i64| -> Result<Vec<State>> {
        // The states of group g's buckets with ids in [lo, hi).
        let mut out: Vec<State> = spec.metrics.iter().map(empty).collect();
        let v = &by_group[g];
        let start = v.partition_point(|&(id, _)| id < lo);
        for &(id, b) in &v[start..] {
            if id >= hi {
                break;
            }
            for (m, s) in out.iter_mut().enumerate() {
                s.merge(&states[m][b as usize])?;
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
                rows.push(Row { keys: key_values(g), period: None, cells: read_all(spec, &st, None)? });
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
                        all.push(p);
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
            for &g in &order {
                let ids: Vec<i64> = if spec.fill {
                    all.clone()
                } else {
                    let mut v = by_group[g].iter().map(|&(id, _)| period_of(id)).collect::<Result<Vec<_>>>()?;
                    v.dedup();
                    v
                };
                let state_of = |p: i64| -> Result<Vec<State>> {
                    match spec.rolling_days {
                        Some(days) => {
                            let end_day = periods.day_of(periods.end(p)? - 1.0)? + 1;
                            merged(g, end_day - days as i64, end_day)
                        }
                        None => merged(g, p, p + 1),
                    }
                };
                for p in ids {
                    let st = state_of(p)?;
                    let prev = if spec.compare {
                        let before = previous(periods, p)?;
                        Some(state_of(before)?)
                    } else {
                        None
                    };
                    let (start, end) = (periods.start(p)?, periods.end(p)?);
                    let complete = now.is_none_or(|t| end <= t);
                    let cells = read_all(spec, &st, prev.as_deref())?;
                    for m in 0..cells.len() {
                        if cells[m].1.change.as_ref().is_some_and(|c| c.p_value.is_some()) {
                            changes.push((rows.len(), m));
                        }
                    }
                    rows.push(Row { keys: key_values(g), period: Some((periods.label(p)?, start, end, complete)), cells });
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
        let mut all: Vec<State> = spec.metrics.iter().map(empty).collect();
        for &g in &order {
            let st = merged(g, i64::MIN, i64::MAX)?;
            for (a, s) in all.iter_mut().zip(&st) {
                a.merge(s)?;
            }
            t.push(Row { keys: key_values(g), period: None, cells: read_all(spec, &st, None)? });
        }
        let keys = labels.iter().map(|(name, _, _)| (name.clone(), None)).collect();
        (Some(t), Some(Row { keys, period: None, cells: read_all(spec, &all, None)? }))
    } else {
        (None, None)
    };
    Ok(Grouped { rows, totals, total, count, skipped: rejects.skipped, invalid: rejects.invalid })
}

/// The id of the period before `p`.
fn previous(periods: &Periods, p: i64) -> Result<i64> {
    if periods.whole_days() {
        Ok(p - 1)
    } else {
        periods.id_of(periods.start(p)? - 1.0)
    }
}

/// The results of every metric from its state, with changes against
/// `prev` when given.
fn read_all(spec: &GroupSpec, states: &[State], prev: Option<&[State]>) -> Result<Vec<(String, Cell)>> {
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
        out.push((metric.name.clone(), Cell { result, change }));
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
        },
        (MetricKind::Tickets { kpi, options, .. }, State::Tickets(s)) => {
            let r: TicketMetrics = Tickets::read(s, options)?;
            let business = options.calendar.is_some();
            match kpi {
                TicketKpi::FirstResponse => MetricResult::Durations(if business { r.first_response_business.unwrap_or(r.first_response) } else { r.first_response }),
                TicketKpi::Resolution => MetricResult::Durations(if business { r.resolution_business.unwrap_or(r.resolution) } else { r.resolution }),
                TicketKpi::Handle => MetricResult::Durations(r.handle),
                TicketKpi::Wait => MetricResult::Durations(r.wait),
                TicketKpi::Fcr => MetricResult::Rate(r.first_contact_resolution),
                TicketKpi::Reopen => MetricResult::Rate(r.reopen_rate),
                TicketKpi::Abandonment => MetricResult::Rate(r.abandonment_rate),
                TicketKpi::Sla => match r.sla {
                    Some(s) => MetricResult::Sla(s),
                    None => return Err(Error::option(format!("metrics.{}.sla", metric.name), "is required for an SLA metric")),
                },
            }
        }
        _ => return Err(Error::InvalidState { reason: "a metric's state is of another kind".into() }),
    })
}

/// The durations of a ticket state that a duration metric summarises, sorted.
fn durations(kpi: TicketKpi, s: &TicketState, business: bool) -> Vec<f64> {
    let mut v = match (kpi, business) {
        (TicketKpi::FirstResponse, false) => s.first.clone(),
        (TicketKpi::FirstResponse, true) => s.first_business.clone(),
        (TicketKpi::Resolution, false) => s.resolution.clone(),
        (TicketKpi::Resolution, true) => s.resolution_business.clone(),
        (TicketKpi::Handle, _) => s.handle.clone(),
        (TicketKpi::Wait, _) => s.wait.clone(),
        _ => Vec::new(),
    };
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
            (MetricKind::Tickets { kpi, options, .. }, State::Tickets(x), State::Tickets(y)) => {
                let business = options.calendar.is_some();
                median_difference(&durations(*kpi, x, business), &durations(*kpi, y, business), level)
            }
            _ => Change::empty(level, "median-price-bonett"),
        },
        _ => return Err(Error::InvalidState { reason: "the results of two different metrics cannot be compared".into() }),
    })
}

/// The schema of a grouping's table: its fields, read as cells of a
/// spreadsheet.
pub fn schema<'s>(fields: &'s [Field<'s>]) -> Schema<'s> {
    Schema { name: "data", fields, text_cells: true }
}

/// The data argument of `groupKpis`: rows or columns, read once the options
/// have named the columns.
#[derive(Debug, Clone, Copy)]
pub struct GroupData<'a>(pub crate::wire::Value<'a>);

impl<'a> crate::wire::args::Arg<'a> for GroupData<'a> {
    const ANY_FIELDS: bool = true;
    fn read(v: crate::wire::Value<'a>, _name: &'static str) -> Result<Self> {
        Ok(GroupData(v))
    }
}

/// `groupKpis(data, options)`: reads the table the options name, then
/// groups it. `now` is the time of the call (for incomplete periods).
///
/// # Errors
/// As [`group`], and the table reader's.
pub fn group_kpis(data: GroupData<'_>, spec: &GroupSpec, now: Option<f64>) -> Result<Grouped> {
    let fields = fields(spec)?;
    let schema = schema(&fields);
    let table = crate::wire::table::read_table(data.0, &schema)?;
    group(&table, spec, now)
}

