//! JavaScript exports of the ticket KPIs and business-hours calendars.

use super::{array_kind, array_length, describe, element_at, js_error, own_keys, read_prop, to_js, Input, JsResult, Options};
use crate::common::InvalidPolicy;
use crate::error::Error;
use crate::stats::QuantileMethod;
use crate::tickets::{self as core, BacklogSpec, CalendarSpec, Period, SlaTargets, TicketColumns, TicketOptions, FIELDS};
use js_sys::Float64Array;
use std::borrow::Cow;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** An instant: epoch milliseconds, an ISO 8601 string with an offset or Z, or a Date. */
export type TimeInput = number | string | Date;

/** One ticket. Missing fields mean "not yet" (a ticket without resolvedAt is open). Other properties are ignored. */
export interface TicketRow {
  createdAt: TimeInput;
  firstResponseAt?: TimeInput | null;
  resolvedAt?: TimeInput | null;
  closedAt?: TimeInput | null;
  /** Agent handle time, ms. */
  handleMs?: number | null;
  /** Requester wait time, ms. */
  waitMs?: number | null;
  /** Number of agent replies. */
  replies?: number | null;
  /** Number of times reopened. */
  reopens?: number | null;
  abandoned?: boolean | null;
  status?: string | null;
}

/** A column of instants: epoch ms in a Float64Array (NaN = missing), or an array of TimeInput/null. */
export type TimeColumn = Float64Array | readonly (TimeInput | null | undefined)[];
/** A column of numbers (NaN or null = missing). */
export type NumberColumn = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array | readonly (number | null | undefined)[];

/** The same tickets as parallel columns, for speed. */
export interface TicketColumns {
  createdAt: TimeColumn;
  firstResponseAt?: TimeColumn;
  resolvedAt?: TimeColumn;
  closedAt?: TimeColumn;
  handleMs?: NumberColumn;
  waitMs?: NumberColumn;
  replies?: NumberColumn;
  reopens?: NumberColumn;
  /** 1/0 (Uint8Array) or booleans; NaN/null = unknown. */
  abandoned?: Uint8Array | Float64Array | readonly (boolean | null | undefined)[];
  status?: readonly (string | null | undefined)[];
}

export type TicketInput = readonly TicketRow[] | TicketColumns;

/** "HH:MM" (or "HH:MM:SS"), 00:00 to 24:00. */
export type ClockTime = string;
/** [start, end) in local time. */
export type BusinessInterval = readonly [ClockTime, ClockTime];

/** When work happens, in the local time of one IANA time zone. */
export interface BusinessCalendar {
  /** IANA name, e.g. "America/Sao_Paulo". */
  timeZone: string;
  /** Intervals per weekday; a day left out is closed. */
  week: Partial<Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", readonly BusinessInterval[]>>;
  /** "YYYY-MM-DD" dates closed all day. */
  holidays?: readonly string[];
  /** "YYYY-MM-DD" → hours for that date instead of the weekday's ([] closes it). Wins over holidays. */
  overrides?: Readonly<Record<string, readonly BusinessInterval[]>>;
}

export interface SlaOptions {
  firstResponseMs?: number;
  resolutionMs?: number;
  /** Default "calendar"; "business" needs a calendar. */
  time?: "calendar" | "business";
}

export interface BacklogOptions {
  from: TimeInput;
  to: TimeInput;
  every: "hour" | "day" | "week" | "month";
  /** Zone of the period boundaries. Default: the calendar's, else UTC. */
  timeZone?: string;
}

export interface TicketOptions {
  /** Adds business-time twins (firstResponseBusiness, resolutionBusiness). */
  calendar?: BusinessCalendar;
  /** Percentiles besides the median, in percent. Default [90, 95]. */
  percentiles?: readonly number[];
  /** Default "inclusive" (PERCENTILE.INC, Hyndman-Fan 7). */
  quantileMethod?: "inclusive" | "exclusive" | "nearest-rank";
  /** Upper bin edges of the duration histograms, ms, ascending. */
  histogram?: readonly number[];
  /** Most agent replies a first-contact resolution may have. Default 1. */
  fcrMaxReplies?: number;
  /** Abandons with waitMs below this are left out of the abandonment rate. Default 0. */
  shortAbandonMs?: number;
  sla?: SlaOptions;
  /** "Now", for open tickets and pending SLAs. */
  asOf?: TimeInput;
  backlog?: BacklogOptions;
  /** Level of the rate intervals. Default 0.95. */
  confidence?: number;
  invalid?: InvalidPolicy;
}

export interface HistogramBin {
  /** Lower edge, ms (exclusive, except 0). */
  from: number;
  /** Upper edge, ms (inclusive); null for the last bin. */
  to: number | null;
  count: number;
}

/** Durations in ms. Requested percentiles appear as p90, p95, p99.9, … */
export interface DurationStats {
  count: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  standardDeviation: number | null;
  histogram: HistogramBin[];
  [percentile: `p${number}`]: number | null;
}

export interface Rate {
  /** Percent; null when the denominator is 0. */
  rate: number | null;
  count: number;
  total: number;
  /** Wilson score interval, percent. */
  confidenceInterval: ConfidenceInterval | null;
}

export interface SlaResult {
  targetMs: number;
  achieved: number;
  breached: number;
  pending: number;
  /** 100 · achieved / (achieved + breached). */
  attainment: number | null;
  breachedIndices: number[];
}

export interface SlaReport {
  time: "calendar" | "business";
  firstResponse: SlaResult | null;
  resolution: SlaResult | null;
}

export interface BacklogPoint {
  start: number;
  end: number;
  created: number;
  resolved: number;
  /** Open at the end of the period. */
  open: number;
}

export interface TicketMetrics {
  tickets: number;
  skipped: number;
  invalid: InvalidEntry[];
  resolved: number;
  open: number;
  asOf: number | null;
  firstResponse: DurationStats;
  firstResponseBusiness: DurationStats | null;
  resolution: DurationStats;
  resolutionBusiness: DurationStats | null;
  handle: DurationStats;
  wait: DurationStats;
  firstContactResolution: Rate;
  reopenRate: Rate;
  abandonmentRate: Rate;
  sla: SlaReport | null;
  backlog: BacklogPoint[] | null;
  byStatus: Record<string, number>;
  quantileMethod: string;
  timeZone: string | null;
}
"#;

#[wasm_bindgen(module = "/src/wasm/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = readColumn)]
    fn read_column(arr: &JsValue, kind: u32) -> JsValue;
    #[wasm_bindgen(js_name = rowsToColumns)]
    fn rows_to_columns(rows: &JsValue, fields: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = timeValue)]
    fn time_value(v: &JsValue) -> JsValue;
}

/// Field kinds, in the order of [`FIELDS`]: 0 instant, 1 number, 2 boolean, 3 label.
const KINDS: [u32; 10] = [0, 0, 0, 0, 1, 1, 1, 1, 2, 3];

const TIME_RULE: &str = "timestamps are epoch milliseconds, ISO 8601 strings with an offset or Z (e.g. \"2026-03-06T17:30:00-03:00\"), or Dates";

fn parse_iso(s: &str, field: &'static str, index: Option<usize>) -> Result<f64, Error> {
    core::time::parse_instant(s).ok_or_else(|| {
        let shown: String = s.chars().take(40).collect();
        Error::InvalidTimestamp { field: field.into(), index, detail: format!("is \"{shown}\", which is not a timestamp; {TIME_RULE}").into() }
    })
}

/// Reads a single instant.
fn read_time(v: &JsValue, field: &'static str) -> Result<f64, Error> {
    let t = time_value(v);
    if let Some(ms) = t.as_f64() {
        if ms.is_nan() {
            return Err(Error::InvalidTimestamp { field: field.into(), index: None, detail: format!("is NaN; {TIME_RULE}").into() });
        }
        return Ok(ms);
    }
    if let Some(s) = t.as_string() {
        return parse_iso(&s, field, None);
    }
    Err(Error::InvalidTimestamp { field: field.into(), index: None, detail: format!("is {}; {TIME_RULE}", describe(v)).into() })
}

/// A column read by the JS helper: values plus the cells to parse or reject.
struct Column {
    values: Vec<f64>,
    names: Vec<String>,
}

fn field_name(f: usize) -> &'static str {
    FIELDS[f]
}

fn unreadable_cell(f: usize, i: usize, found: String) -> Error {
    let field: Cow<'static, str> = field_name(f).into();
    match KINDS[f] {
        0 => Error::InvalidTimestamp { field, index: Some(i), detail: format!("is {found}; {TIME_RULE}").into() },
        1 => Error::NotANumber { field, index: Some(i), found: found.into() },
        2 => Error::InvalidType { field, index: Some(i), expected: "true or false".into(), found: found.into() },
        _ => Error::InvalidType { field, index: Some(i), expected: "a string".into(), found: found.into() },
    }
}

/// Turns the helper's column object into values, parsing timestamp strings.
fn finish_column(obj: &JsValue, f: usize, unreadable: &mut Vec<(usize, Error)>) -> Column {
    let values = read_prop(obj, "values");
    let mut values = values.dyn_ref::<Float64Array>().map(|a| a.to_vec()).unwrap_or_default();
    let strings = read_prop(obj, "strings");
    let len = array_length(&strings).max(0.0) as usize;
    for k in (0..len).step_by(2) {
        let i = element_at(&strings, k as f64).as_f64().unwrap_or(0.0) as usize;
        let s = element_at(&strings, k as f64 + 1.0).as_string().unwrap_or_default();
        match parse_iso(&s, field_name(f), Some(i)) {
            Ok(ms) => {
                if let Some(v) = values.get_mut(i) {
                    *v = ms;
                }
            }
            Err(e) => unreadable.push((i, e)),
        }
    }
    let bad = read_prop(obj, "bad");
    let len = array_length(&bad).max(0.0) as usize;
    for k in (0..len).step_by(2) {
        let i = element_at(&bad, k as f64).as_f64().unwrap_or(0.0) as usize;
        let d = element_at(&bad, k as f64 + 1.0).as_string().unwrap_or_default();
        unreadable.push((i, unreadable_cell(f, i, d)));
    }
    let names_js = read_prop(obj, "names");
    let names = (0..array_length(&names_js).max(0.0) as usize)
        .map(|k| element_at(&names_js, k as f64).as_string().unwrap_or_default())
        .collect();
    Column { values, names }
}

struct Table {
    columns: Vec<Option<Column>>,
    unreadable: Vec<(usize, Error)>,
}

fn read_table(v: &JsValue) -> Result<Table, Error> {
    let mut unreadable = Vec::new();
    let mut columns: Vec<Option<Column>> = (0..FIELDS.len()).map(|_| None).collect();
    let kind = array_kind(v);
    if kind == 0 {
        let fields = js_sys::Array::new();
        for (f, k) in FIELDS.iter().zip(KINDS) {
            let pair = js_sys::Array::new();
            pair.push(&JsValue::from_str(f));
            pair.push(&JsValue::from(k));
            fields.push(&pair);
        }
        let out = rows_to_columns(v, &fields);
        if out.is_null() || out.is_undefined() {
            return Err(Error::InvalidType {
                field: "tickets".into(),
                index: None,
                expected: "an array of ticket objects".into(),
                found: "an array that could not be read".into(),
            });
        }
        let n = read_prop(&out, "n").as_f64().unwrap_or(0.0) as usize;
        let cols = read_prop(&out, "columns");
        for (f, slot) in columns.iter_mut().enumerate() {
            let c = element_at(&cols, f as f64);
            if !c.is_null() && !c.is_undefined() {
                *slot = Some(finish_column(&c, f, &mut unreadable));
            }
        }
        if columns[0].is_none() {
            columns[0] = Some(Column { values: vec![f64::NAN; n], names: Vec::new() });
        }
        let bad = read_prop(&out, "badRows");
        for k in (0..array_length(&bad).max(0.0) as usize).step_by(2) {
            let i = element_at(&bad, k as f64).as_f64().unwrap_or(0.0) as usize;
            let d = element_at(&bad, k as f64 + 1.0).as_string().unwrap_or_default();
            unreadable.push((i, Error::InvalidType { field: "tickets".into(), index: Some(i), expected: "a ticket object".into(), found: d.into() }));
        }
    } else if kind < 0 && !own_keys(v).is_null() {
        let keys = own_keys(v);
        for k in 0..array_length(&keys).max(0.0) as usize {
            let key = element_at(&keys, k as f64).as_string().unwrap_or_default();
            let Some(f) = FIELDS.iter().position(|x| *x == key) else {
                return Err(Error::InvalidType {
                    field: format!("tickets.{key}").into(),
                    index: None,
                    expected: format!("one of the ticket columns ({})", FIELDS.join(", ")).into(),
                    found: "an unknown column".into(),
                });
            };
            let col = read_prop(v, &key);
            if col.is_undefined() || col.is_null() {
                continue;
            }
            let ck = array_kind(&col);
            columns[f] = if ck > 0 && KINDS[f] != 3 {
                Some(Column { values: Input::read(&col, FIELDS[f])?.into_f64(), names: Vec::new() })
            } else if ck == 0 {
                let obj = read_column(&col, KINDS[f]);
                if obj.is_null() {
                    return Err(super::invalid_type(FIELDS[f], "an array", &col));
                }
                Some(finish_column(&obj, f, &mut unreadable))
            } else {
                return Err(super::invalid_type(FIELDS[f], "an array or a typed array (one value per ticket)", &col));
            };
        }
        if columns[0].is_none() {
            return Err(Error::MissingField { field: "createdAt".into(), index: None });
        }
    } else {
        return Err(super::invalid_type("tickets", "an array of ticket objects, or an object of columns", v));
    }
    // By ticket, keeping field order within a ticket (the key makes an
    // unstable sort stable here).
    let mut keyed: Vec<(usize, usize, Error)> = unreadable.into_iter().enumerate().map(|(k, (i, e))| (i, k, e)).collect();
    keyed.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let unreadable = keyed.into_iter().map(|(i, _, e)| (i, e)).collect();
    Ok(Table { columns, unreadable })
}

fn bad_calendar(field: String, rule: &str) -> Error {
    Error::InvalidCalendar { field: field.into(), rule: rule.to_string().into() }
}

fn read_intervals(v: &JsValue, field: &str) -> Result<Vec<(String, String)>, Error> {
    if array_kind(v) != 0 {
        return Err(bad_calendar(field.to_string(), &format!("must be a list of [\"HH:MM\", \"HH:MM\"] intervals; got {}", describe(v))));
    }
    let mut out = Vec::new();
    for i in 0..array_length(v).max(0.0) as usize {
        let pair = element_at(v, i as f64);
        let parsed = (array_kind(&pair) == 0 && array_length(&pair) == 2.0)
            .then(|| Some((element_at(&pair, 0.0).as_string()?, element_at(&pair, 1.0).as_string()?)))
            .flatten();
        match parsed {
            Some(p) => out.push(p),
            None => {
                return Err(bad_calendar(
                    format!("{field}[{i}]"),
                    &format!("must be a pair of times like [\"09:00\", \"18:00\"]; got {}", describe(&pair)),
                ))
            }
        }
    }
    Ok(out)
}

fn keys_of(v: &JsValue) -> Vec<String> {
    let keys = own_keys(v);
    (0..array_length(&keys).max(0.0) as usize).filter_map(|k| element_at(&keys, k as f64).as_string()).collect()
}

/// Reads a calendar object into a spec (shape only; the core checks values).
fn read_calendar(v: &JsValue) -> Result<CalendarSpec, Error> {
    if own_keys(v).is_null() {
        return Err(bad_calendar("calendar".into(), &format!("must be an object {{ timeZone, week, holidays?, overrides? }}; got {}", describe(v))));
    }
    for k in keys_of(v) {
        if !["timeZone", "week", "holidays", "overrides"].contains(&k.as_str()) {
            return Err(bad_calendar(format!("calendar.{k}"), "is not a calendar field; use timeZone, week, holidays, overrides"));
        }
    }
    let tz = read_prop(v, "timeZone");
    let Some(time_zone) = tz.as_string() else {
        return Err(bad_calendar("calendar.timeZone".into(), &format!("must be an IANA time-zone name such as \"America/Sao_Paulo\"; got {}", describe(&tz))));
    };
    let week_js = read_prop(v, "week");
    if own_keys(&week_js).is_null() {
        return Err(bad_calendar("calendar.week".into(), &format!("must be an object like {{ mon: [[\"09:00\", \"18:00\"]], … }}; got {}", describe(&week_js))));
    }
    let mut week = Vec::new();
    for k in keys_of(&week_js) {
        let field = format!("calendar.week.{k}");
        week.push((k.clone(), read_intervals(&read_prop(&week_js, &k), &field)?));
    }
    let mut holidays = Vec::new();
    let h = read_prop(v, "holidays");
    if !h.is_undefined() && !h.is_null() {
        if array_kind(&h) != 0 {
            return Err(bad_calendar("calendar.holidays".into(), &format!("must be a list of \"YYYY-MM-DD\" dates; got {}", describe(&h))));
        }
        for i in 0..array_length(&h).max(0.0) as usize {
            let d = element_at(&h, i as f64);
            match d.as_string() {
                Some(s) => holidays.push(s),
                None => return Err(bad_calendar(format!("calendar.holidays[{i}]"), &format!("must be a \"YYYY-MM-DD\" string; got {}", describe(&d)))),
            }
        }
    }
    let mut overrides = Vec::new();
    let o = read_prop(v, "overrides");
    if !o.is_undefined() && !o.is_null() {
        if own_keys(&o).is_null() {
            return Err(bad_calendar("calendar.overrides".into(), &format!("must be an object {{ \"YYYY-MM-DD\": [[\"09:00\", \"13:00\"]] }}; got {}", describe(&o))));
        }
        for k in keys_of(&o) {
            let field = format!("calendar.overrides.{k}");
            overrides.push((k.clone(), read_intervals(&read_prop(&o, &k), &field)?));
        }
    }
    Ok(CalendarSpec { time_zone, week, holidays, overrides })
}

fn number_list(o: &Options, key: &'static str) -> Result<Option<Vec<f64>>, Error> {
    match o.get(key) {
        None => Ok(None),
        Some(v) => {
            if array_kind(&v) < 0 {
                return Err(Error::InvalidOption { option: key.into(), rule: format!("must be an array of numbers; got {}", describe(&v)).into() });
            }
            let input = Input::read(&v, key).map_err(|_| Error::InvalidOption {
                option: key.into(),
                rule: "must be an array of numbers".into(),
            })?;
            let values = input.into_f64();
            if let Some(i) = values.iter().position(|x| x.is_nan()) {
                return Err(Error::InvalidOption { option: format!("{key}[{i}]").into(), rule: "must be a number".into() });
            }
            Ok(Some(values))
        }
    }
}

const TICKET_OPTIONS: &[&str] = &[
    "calendar",
    "percentiles",
    "quantileMethod",
    "histogram",
    "fcrMaxReplies",
    "shortAbandonMs",
    "sla",
    "asOf",
    "backlog",
    "confidence",
    "invalid",
];

fn ticket_options(options: &JsValue) -> Result<TicketOptions, Error> {
    let o = Options::read(options, TICKET_OPTIONS, "")?;
    let mut t = TicketOptions::default();
    if let Some(c) = o.get("calendar") {
        t.calendar = Some(core::Calendar::parse(&read_calendar(&c)?)?);
    }
    if let Some(p) = number_list(&o, "percentiles")? {
        t.percentiles = p;
    }
    if let Some(m) = o.string("quantileMethod")? {
        t.quantile_method = QuantileMethod::parse(&m)?;
    }
    if let Some(h) = number_list(&o, "histogram")? {
        t.histogram_ms = h;
    }
    if let Some(v) = o.number("fcrMaxReplies")? {
        t.fcr_max_replies = v;
    }
    if let Some(v) = o.number("shortAbandonMs")? {
        t.short_abandon_ms = v;
    }
    if let Some(s) = o.get("sla") {
        let so = Options::read(&s, &["firstResponseMs", "resolutionMs", "time"], "sla.")?;
        let business = match so.string("time")?.as_deref() {
            None | Some("calendar") => false,
            Some("business") => true,
            Some(other) => {
                return Err(Error::InvalidOption { option: "sla.time".into(), rule: format!("must be \"calendar\" or \"business\"; got \"{other}\"").into() })
            }
        };
        t.sla = Some(SlaTargets { first_response_ms: so.number("firstResponseMs")?, resolution_ms: so.number("resolutionMs")?, business });
    }
    if let Some(v) = o.get("asOf") {
        t.as_of = Some(read_time(&v, "asOf")?);
    }
    if let Some(b) = o.get("backlog") {
        let bo = Options::read(&b, &["from", "to", "every", "timeZone"], "backlog.")?;
        let from = bo.get("from").ok_or_else(|| Error::option("backlog.from", "is required"))?;
        let to = bo.get("to").ok_or_else(|| Error::option("backlog.to", "is required"))?;
        let every = bo.string("every")?.ok_or_else(|| Error::option("backlog.every", "is required (\"hour\", \"day\", \"week\" or \"month\")"))?;
        let time_zone = match bo.string("timeZone")? {
            Some(name) => Some(core::calendar::time_zone(&name, "backlog.timeZone")?),
            None => None,
        };
        t.backlog = Some(BacklogSpec { from: read_time(&from, "backlog.from")?, to: read_time(&to, "backlog.to")?, every: Period::parse(&every)?, time_zone });
    }
    if let Some(v) = o.number("confidence")? {
        t.confidence = v;
    }
    if let Some(s) = o.string("invalid")? {
        t.invalid = InvalidPolicy::parse(&s)?;
    }
    Ok(t)
}

fn run_ticket_metrics(tickets: &JsValue, options: &JsValue) -> Result<core::TicketMetrics, Error> {
    let opts = ticket_options(options)?;
    let table = read_table(tickets)?;
    let col = |f: usize| table.columns[f].as_ref().map(|c| c.values.as_slice());
    let status_codes: Option<Vec<u32>> = table.columns[9]
        .as_ref()
        .map(|c| c.values.iter().map(|&v| if v.is_nan() { u32::MAX } else { v as u32 }).collect());
    let status = match (&status_codes, &table.columns[9]) {
        (Some(codes), Some(c)) => Some((codes.as_slice(), c.names.as_slice())),
        _ => None,
    };
    let columns = TicketColumns {
        created_at: col(0).unwrap_or(&[]),
        first_response_at: col(1),
        resolved_at: col(2),
        closed_at: col(3),
        handle_ms: col(4),
        wait_ms: col(5),
        replies: col(6),
        reopens: col(7),
        abandoned: col(8),
        status,
        unreadable: &table.unreadable,
    };
    core::ticket_metrics(&columns, &opts)
}

/// Ticket KPIs: durations (calendar and business), rates, SLA, backlog.
#[wasm_bindgen(js_name = ticketMetrics, unchecked_return_type = "TicketMetrics")]
pub fn ticket_metrics_js(
    #[wasm_bindgen(unchecked_param_type = "TicketInput")] tickets: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TicketOptions")] options: JsValue,
) -> JsResult<JsValue> {
    to_js(&run_ticket_metrics(&tickets, &options).map_err(|e| js_error(&e))?)
}

fn calendar(v: &JsValue) -> Result<core::Calendar, Error> {
    core::Calendar::parse(&read_calendar(v)?)
}

/// Milliseconds of business time between two instants.
#[wasm_bindgen(js_name = businessDuration)]
pub fn business_duration_js(
    #[wasm_bindgen(unchecked_param_type = "TimeInput")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TimeInput")] end: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BusinessCalendar")] calendar_spec: JsValue,
) -> JsResult<f64> {
    let run = || -> Result<f64, Error> {
        let cal = calendar(&calendar_spec)?;
        let (s, e) = (read_time(&start, "start")?, read_time(&end, "end")?);
        cal.business_ms(s, e)
    };
    run().map_err(|e| js_error(&e))
}

fn time_column(v: &JsValue, field: &'static str) -> Result<Vec<f64>, Error> {
    let kind = array_kind(v);
    if kind == 9 {
        return Ok(Input::read(v, field)?.into_f64());
    }
    if kind != 0 {
        return Err(super::invalid_type(field, "a Float64Array of epoch ms or an array of timestamps", v));
    }
    let obj = read_column(v, 0);
    if obj.is_null() {
        return Err(super::invalid_type(field, "an array of timestamps", v));
    }
    let mut problems = Vec::new();
    let col = finish_column(&obj, 0, &mut problems);
    if let Some((_, e)) = problems.into_iter().min_by_key(|(i, _)| *i) {
        // Re-label: the column is `starts` or `ends`, not createdAt.
        return Err(match e {
            Error::InvalidTimestamp { index, detail, .. } => Error::InvalidTimestamp { field: field.into(), index, detail },
            other => other,
        });
    }
    Ok(col.values)
}

/// Business milliseconds for many (start, end) pairs; NaN where either is missing.
#[wasm_bindgen(js_name = businessDurations)]
pub fn business_durations_js(
    #[wasm_bindgen(unchecked_param_type = "TimeColumn")] starts: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TimeColumn")] ends: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BusinessCalendar")] calendar_spec: JsValue,
) -> JsResult<Float64Array> {
    let run = || -> Result<Vec<f64>, Error> {
        let cal = calendar(&calendar_spec)?;
        let (s, e) = (time_column(&starts, "starts")?, time_column(&ends, "ends")?);
        core::business_durations(&cal, &s, &e)
    };
    run().map(|v| Float64Array::from(v.as_slice())).map_err(|e| js_error(&e))
}
