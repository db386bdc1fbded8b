//! Business-hours calendars in IANA time zones.
//!
//! A calendar says when work happens, in the local time of one time zone:
//! several intervals per weekday (a lunch break is two intervals), holidays
//! (closed all day) and per-date overrides (special hours; an empty list
//! closes the day). Precedence: override > holiday > weekday.
//!
//! Business time between two instants is the measure of the instants in
//! `[start, end)` whose *local* date and time — read on the clocks of the
//! calendar's zone, by the rules of jiff's bundled IANA database — fall in
//! one of that date's intervals. Daylight-saving changes are therefore exact
//! whatever their kind: a 09:00–18:00 day is 9 hours long even on the night
//! clocks change; 01:00–04:00 lasts 2 hours on a spring-forward night (the
//! hour 02:00–03:00 never shows on the clocks) and 4 on a fall-back night
//! (01:00–02:00 shows twice); a day the zone skipped (Pacific/Apia,
//! 2011-12-30) has no business time; offsets that change by 30 minutes
//! (Australia/Lord_Howe) need nothing special. Business time never exceeds
//! elapsed time, and splitting an interval in two never changes a total.

use crate::error::{Error, Result};
use super::{MAX_MS, MAX_SPAN_MS, MIN_MS};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// The weekday keys of a calendar's `week`, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A calendar as written by a person (strings), before validation:
/// `{ timeZone, week: { mon: [["09:00", "18:00"]], … }, holidays?, overrides? }`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CalendarSpec {
    /// IANA name, e.g. `"America/Sao_Paulo"`.
    pub time_zone: String,
    /// `(weekday key, [(start, end)])`; a weekday not listed is closed.
    #[serde(deserialize_with = "crate::kpi::map_pairs")]
    pub week: Vec<(String, Vec<(String, String)>)>,
    /// Dates `YYYY-MM-DD` closed all day.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// `(date, [(start, end)])`: hours for that date instead of the weekday's.
    #[serde(default, deserialize_with = "crate::kpi::map_pairs")]
    pub overrides: Vec<(String, Vec<(String, String)>)>,
}

impl<'de> serde::Deserialize<'de> for Calendar {
    /// A [`CalendarSpec`], validated by [`Calendar::parse`]; errors inside
    /// are `INVALID_CALENDAR` with their path.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = CalendarSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a calendar { timeZone, week, holidays?, overrides? }")
            }
            fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<CalendarSpec, D::Error> {
                <CalendarSpec as serde::Deserialize>::deserialize(d)
            }
        }
        let spec = d.deserialize_newtype_struct(crate::kpi::CALENDAR, V)?;
        Calendar::parse(&spec).map_err(crate::kpi::de_error)
    }
}

/// Seconds since local midnight, `[start, end)`.
type Hours = Vec<(u32, u32)>;

/// A validated calendar.
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: TimeZone,
    name: String,
    week: [Hours; 7],
    holidays: BTreeSet<Date>,
    overrides: BTreeMap<Date, Hours>,
}

fn bad(field: impl Into<Cow<'static, str>>, rule: impl Into<Cow<'static, str>>) -> Error {
    Error::InvalidCalendar { field: field.into(), rule: rule.into() }
}

/// Parses `HH:MM` or `HH:MM:SS`, 00:00 to 24:00, into seconds.
fn parse_time(s: &str, field: &str) -> Result<u32> {
    let parts: Vec<&str> = s.split(':').collect();
    let ok = (parts.len() == 2 || parts.len() == 3) && parts.iter().all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
    let err = || bad(field.to_string(), format!("\"{}\" is not a time of day (HH:MM, from 00:00 to 24:00)", crate::error::echo(s)));
    if !ok {
        return Err(err());
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(99)).collect();
    let (h, m, sec) = (n[0], n[1], n.get(2).copied().unwrap_or(0));
    if m > 59 || sec > 59 || h > 24 || (h == 24 && (m > 0 || sec > 0)) {
        return Err(err());
    }
    Ok(h * 3600 + m * 60 + sec)
}

fn fmt_time(s: u32) -> String {
    if s % 60 == 0 {
        format!("{:02}:{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

fn parse_hours(list: &[(String, String)], field: &str) -> Result<Hours> {
    let mut out = Vec::with_capacity(list.len());
    for (i, (a, b)) in list.iter().enumerate() {
        let f = format!("{field}[{i}]");
        let (start, end) = (parse_time(a, &f)?, parse_time(b, &f)?);
        if start == 24 * 3600 {
            return Err(bad(f, "24:00 can only end an interval"));
        }
        if end == start {
            return Err(bad(f, format!("{a}–{b} is empty; an interval must end after it starts")));
        }
        if end < start {
            return Err(bad(f, format!("{a}–{b} ends before it starts (intervals cannot cross midnight; split them)")));
        }
        out.push((start, end));
    }
    // Insertion sort: a day has a handful of intervals, and this keeps one
    // more sort implementation out of the wasm module.
    for i in 1..out.len() {
        let mut j = i;
        while j > 0 && out[j - 1] > out[j] {
            out.swap(j - 1, j);
            j -= 1;
        }
    }
    for w in out.windows(2) {
        if w[1].0 < w[0].1 {
            return Err(bad(
                field.to_string(),
                format!(
                    "{}–{} overlaps {}–{}",
                    fmt_time(w[0].0),
                    fmt_time(w[0].1),
                    fmt_time(w[1].0),
                    fmt_time(w[1].1)
                ),
            ));
        }
    }
    Ok(out)
}

/// Parses a calendar date `YYYY-MM-DD` (exactly that form).
pub fn parse_date(s: &str, field: &str) -> Result<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let err = || bad(field.to_string(), format!("\"{}\" is not a date (YYYY-MM-DD)", crate::error::echo(s)));
    if !shape {
        return Err(err());
    }
    let y: i16 = s[0..4].parse().map_err(|_| err())?;
    let m: i8 = s[5..7].parse().map_err(|_| err())?;
    let d: i8 = s[8..10].parse().map_err(|_| err())?;
    Date::new(y, m, d).map_err(|_| err())
}

/// Looks up an IANA time zone in the bundled database.
///
/// # Errors
/// `UNKNOWN_TIME_ZONE` naming `field`.
pub fn time_zone(name: &str, field: &'static str) -> Result<TimeZone> {
    // Like Intl and Temporal, names match case-insensitively; links such as
    // "US/Eastern" are accepted.
    TimeZone::get(name).map_err(|_| Error::UnknownTimeZone { field: field.into(), name: crate::error::echo(name).into_owned().into() })
}


/// Checks epoch milliseconds: finite and within years −9999..9999 (narrower
/// than JavaScript dates, which reach ±275 760 years).
pub(crate) fn check_ms(ms: f64, field: &'static str, index: Option<usize>) -> Result<()> {
    if !(MIN_MS..=MAX_MS).contains(&ms) {
        return Err(Error::InvalidTimestamp {
            field: field.into(),
            index,
            detail: format!("is {}; timestamps are epoch milliseconds within years -9999 to 9999", crate::error::num(ms)).into(),
        });
    }
    Ok(())
}


/// Checks that `[start, end]` is at most [`MAX_SPAN_MS`] long.
pub(crate) fn check_span(start: f64, end: f64, field: &'static str, index: Option<usize>) -> Result<()> {
    if end - start > MAX_SPAN_MS {
        return Err(Error::InvalidTimestamp {
            field: field.into(),
            index,
            detail: "is more than 100 years after its start; business time is computed for spans up to 100 years".into(),
        });
    }
    Ok(())
}

/// Converts epoch milliseconds into a jiff timestamp (years −9999..9999).
pub(crate) fn timestamp(ms: f64, field: &'static str, index: Option<usize>) -> Result<Timestamp> {
    check_ms(ms, field, index)?;
    // Sub-millisecond parts are kept by the caller; the day lookup only needs
    // the millisecond.
    Timestamp::from_millisecond(ms.floor() as i64).map_err(|_| Error::InvalidTimestamp {
        field: field.into(),
        index,
        detail: format!("is {}, outside the supported years -9999..9999", crate::error::num(ms)).into(),
    })
}

impl Calendar {
    /// Validates a calendar.
    ///
    /// # Errors
    /// `UNKNOWN_TIME_ZONE` (field `calendar.timeZone`); `INVALID_CALENDAR` for
    /// an unknown weekday key, a time that is not `HH:MM`/`HH:MM:SS` from
    /// 00:00 to 24:00, an interval that does not end after it starts,
    /// overlapping intervals, or a date that is not `YYYY-MM-DD`.
    pub fn parse(spec: &CalendarSpec) -> Result<Calendar> {
        let tz = time_zone(&spec.time_zone, "calendar.timeZone")?;
        let mut week: [Hours; 7] = Default::default();
        let mut seen = [false; 7];
        for (key, hours) in &spec.week {
            let Some(d) = WEEKDAYS.iter().position(|w| w == key) else {
                return Err(bad(
                    format!("calendar.week.{}", crate::error::echo(key)),
                    format!("is not a weekday key; use {}", WEEKDAYS.join(", ")),
                ));
            };
            if seen[d] {
                return Err(bad(format!("calendar.week.{}", crate::error::echo(key)), "is given twice"));
            }
            seen[d] = true;
            week[d] = parse_hours(hours, &format!("calendar.week.{}", crate::error::echo(key)))?;
        }
        let mut holidays = BTreeSet::new();
        for (i, h) in spec.holidays.iter().enumerate() {
            holidays.insert(parse_date(h, &format!("calendar.holidays[{i}]"))?);
        }
        let mut overrides = BTreeMap::new();
        for (date, hours) in &spec.overrides {
            let field = format!("calendar.overrides.{}", crate::error::echo(date));
            let d = parse_date(date, &field)?;
            overrides.insert(d, parse_hours(hours, &field)?);
        }
        Ok(Calendar { tz, name: spec.time_zone.clone(), week, holidays, overrides })
    }

    /// The IANA name of the calendar's time zone.
    pub fn time_zone_name(&self) -> &str {
        &self.name
    }

    /// The time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// Working hours of a local date (override > holiday > weekday).
    pub fn hours(&self, date: Date) -> &[(u32, u32)] {
        if let Some(h) = self.overrides.get(&date) {
            return h;
        }
        if self.holidays.contains(&date) {
            return &[];
        }
        &self.week[date.weekday().to_monday_zero_offset() as usize]
    }

    /// The local date of an instant in this calendar's zone.
    pub fn local_date(&self, ts: Timestamp) -> Date {
        self.tz.to_datetime(ts).date()
    }

    /// The instant of a local date and time (seconds since midnight, up to
    /// 86 400 for 24:00) by the "compatible" rule of RFC 5545 and Temporal: a
    /// time in a gap moves forward by the gap, a repeated time is taken at its
    /// first occurrence. Used for period boundaries, not for business time.
    /// At the ends of the supported range an instant that cannot be
    /// represented saturates to the range's limit.
    pub fn instant(&self, date: Date, secs: u32) -> f64 {
        let saturated = if date.year() < 0 { MIN_MS } else { MAX_MS };
        let (date, secs) = if secs >= 86_400 {
            match date.tomorrow() {
                Ok(d) => (d, secs - 86_400),
                Err(_) => return saturated,
            }
        } else {
            (date, secs)
        };
        let dt = date.at((secs / 3600) as i8, (secs / 60 % 60) as i8, (secs % 60) as i8, 0);
        self.tz.to_timestamp(dt).map_or(saturated, |ts| ts.as_millisecond() as f64)
    }

    /// The instants whose local date and time lie in `[la, lb)`, local
    /// milliseconds (milliseconds since 1970-01-01T00:00 of the local clock),
    /// appended to `out` as disjoint `[start, end)` epoch-millisecond pairs.
    ///
    /// The local clock is `t + offset(t)`, with the offset constant between
    /// two transitions of the zone, so on each such segment the instants of
    /// `[la, lb)` are `[la − offset, lb − offset)` cut to the segment. That is
    /// exact for every kind of discontinuity: a gap contributes nothing, a
    /// repeated hour counts twice, a day that was skipped (Pacific/Apia,
    /// 2011-12-30) has no instants at all, and offsets that change by other
    /// than an hour (Lord Howe's 30 minutes) or twice in a day are no
    /// different.
    fn preimage(&self, la: f64, lb: f64, out: &mut Vec<(f64, f64)>) {
        // Offsets are within ±26 h, so the instants lie in this window.
        const SLACK: f64 = 26.0 * 3_600_000.0;
        let t0 = (la - SLACK).max(MIN_MS);
        let t1 = (lb + SLACK).min(MAX_MS);
        if !(t0 < t1) {
            return;
        }
        let Ok(start) = Timestamp::from_millisecond(t0 as i64) else { return };
        let mut seg = t0;
        let mut off = self.tz.to_offset(start).seconds() as f64 * 1000.0;
        let mut emit = |from: f64, to: f64, off: f64| {
            let (a, b) = ((la - off).max(from), (lb - off).min(to));
            if b > a {
                out.push((a, b));
            }
        };
        for tr in self.tz.following(start) {
            let at = tr.timestamp().as_millisecond() as f64;
            if at >= t1 {
                break;
            }
            emit(seg, at, off);
            seg = at;
            off = tr.offset().seconds() as f64 * 1000.0;
        }
        emit(seg, t1, off);
    }

    /// The business intervals of one local date, as disjoint epoch-millisecond
    /// pairs: the instants whose local date is `date` and whose local time is
    /// in one of the date's intervals.
    fn day_intervals(&self, date: Date, out: &mut Vec<(f64, f64)>) {
        let hours = self.hours(date);
        if hours.is_empty() {
            return;
        }
        let base = crate::time::days_from_civil(date.year() as i64, date.month() as u32, date.day() as u32) as f64 * 86_400_000.0;
        for &(a, b) in hours {
            self.preimage(base + a as f64 * 1000.0, base + b as f64 * 1000.0, out);
        }
    }

    /// The local dates whose instants can fall in `[start, end]`: the UTC
    /// dates of `start − 26 h` to `end + 26 h` (no offset exceeds 26 hours).
    fn date_span(start: f64, end: f64) -> (Date, Date) {
        const SLACK: f64 = 26.0 * 3_600_000.0;
        let date = |ms: f64| {
            let ms = ms.clamp(MIN_MS, MAX_MS);
            let (y, m, d) = crate::time::civil_from_days((ms / 86_400_000.0).floor() as i64);
            Date::new(y as i16, m as i8, d as i8).unwrap_or(if ms < 0.0 { Date::MIN } else { Date::MAX })
        };
        (date(start - SLACK), date(end + SLACK))
    }

    /// Business milliseconds in `[start, end)` (epoch milliseconds): the
    /// measure of the instants in `[start, end)` whose local date and time
    /// fall in the calendar's hours. It never exceeds `end − start`, and
    /// splitting an interval of the calendar in two never changes it.
    ///
    /// # Errors
    /// `NEGATIVE_DURATION` if `end < start`; `INVALID_TIMESTAMP` for a value
    /// that is not a finite timestamp in range, or a span of more than
    /// [`MAX_SPAN_MS`] (100 years).
    pub fn business_ms(&self, start: f64, end: f64) -> Result<f64> {
        check_ms(start, "start", None)?;
        check_ms(end, "end", None)?;
        check_span(start, end, "end", None)?;
        if end < start {
            return Err(Error::NegativeDuration {
                field: "end".into(),
                index: None,
                detail: format!(
                    "({}) is before start ({})",
                    crate::time::format_instant(end),
                    crate::time::format_instant(start)
                )
                .into(),
            });
        }
        let (mut d, last) = Self::date_span(start, end);
        let mut total = 0.0;
        let mut buf = Vec::with_capacity(4);
        loop {
            buf.clear();
            self.day_intervals(d, &mut buf);
            for &(a, b) in &buf {
                let overlap = b.min(end) - a.max(start);
                if overlap > 0.0 {
                    total += overlap;
                }
            }
            if d >= last {
                break;
            }
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        Ok(total)
    }

    /// Precomputes the business intervals of every local date that can hold
    /// an instant of `[from, to]` (epoch milliseconds), so that each later
    /// query in that range costs two binary searches.
    ///
    /// Returns `None` for a span of more than 100 000 days, where computing
    /// day by day per query is cheaper.
    ///
    /// # Errors
    /// `INVALID_TIMESTAMP` for bounds out of range.
    pub fn compile(&self, from: f64, to: f64) -> Result<Option<CompiledCalendar>> {
        check_ms(from, "start", None)?;
        check_ms(to, "end", None)?;
        let (mut d, last) = Self::date_span(from, to);
        let days = last.duration_since(d).as_secs() / 86_400;
        if days > 100_000 {
            return Ok(None);
        }
        let mut intervals = Vec::with_capacity((days.max(0) as usize + 1) * 2);
        loop {
            self.day_intervals(d, &mut intervals);
            if d >= last {
                break;
            }
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        // Disjoint pieces; a backward jump of the clock can put a date's
        // pieces after the next date's, so sort by start.
        intervals.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let mut prefix = Vec::with_capacity(intervals.len() + 1);
        let mut acc = 0.0;
        prefix.push(0.0);
        for &(a, b) in &intervals {
            acc += b - a;
            prefix.push(acc);
        }
        Ok(Some(CompiledCalendar {
            starts: intervals.iter().map(|i| i.0).collect(),
            ends: intervals.iter().map(|i| i.1).collect(),
            prefix,
            lo: from,
            hi: to,
        }))
    }
}

/// A calendar unrolled into sorted business intervals over a date range,
/// with running totals: business time between two instants in the range is
/// `B(end) − B(start)`, where `B(t)` is the business time from the start of
/// the range to `t`.
#[derive(Debug, Clone)]
pub struct CompiledCalendar {
    starts: Vec<f64>,
    ends: Vec<f64>,
    prefix: Vec<f64>,
    lo: f64,
    hi: f64,
}

impl CompiledCalendar {
    /// Whether an instant lies in the precomputed range.
    pub fn covers(&self, t: f64) -> bool {
        t >= self.lo && t <= self.hi
    }

    fn cumulative(&self, t: f64) -> f64 {
        let i = self.starts.partition_point(|&a| a <= t);
        if i == 0 {
            return 0.0;
        }
        let k = i - 1;
        self.prefix[k] + (t.min(self.ends[k]) - self.starts[k]).max(0.0)
    }

    /// Business milliseconds in `[start, end)`; both must be covered.
    pub fn business_ms(&self, start: f64, end: f64) -> f64 {
        (self.cumulative(end) - self.cumulative(start)).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> f64 {
        s.parse::<Timestamp>().unwrap().as_millisecond() as f64
    }

    fn weekdays(tz: &str, hours: &[(&str, &str)]) -> Calendar {
        let h: Vec<(String, String)> = hours.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let spec = CalendarSpec {
            time_zone: tz.into(),
            week: WEEKDAYS[..5].iter().map(|d| (d.to_string(), h.clone())).collect(),
            ..Default::default()
        };
        Calendar::parse(&spec).unwrap()
    }

    const MIN: f64 = 60_000.0;
    const HOUR: f64 = 3_600_000.0;

    #[test]
    fn friday_evening_to_monday_morning() {
        // Friday 2026-03-06 17:30 → Monday 2026-03-09 09:15, 09:00–18:00 Mon–Fri
        // in São Paulo (UTC−3, no DST since 2019): 30 min + 15 min.
        let cal = weekdays("America/Sao_Paulo", &[("09:00", "18:00")]);
        let got = cal.business_ms(ms("2026-03-06T17:30:00-03:00"), ms("2026-03-09T09:15:00-03:00")).unwrap();
        assert_eq!(got, 45.0 * MIN);
        let compiled = cal.compile(ms("2026-03-01T00:00:00Z"), ms("2026-03-31T00:00:00Z")).unwrap().unwrap();
        assert_eq!(compiled.business_ms(ms("2026-03-06T17:30:00-03:00"), ms("2026-03-09T09:15:00-03:00")), 45.0 * MIN);
    }

    #[test]
    fn lunch_break_is_not_business_time() {
        let cal = weekdays("UTC", &[("09:00", "12:00"), ("13:00", "18:00")]);
        // Tuesday 11:00 → 14:00 = 1 h before lunch + 1 h after.
        assert_eq!(cal.business_ms(ms("2026-03-10T11:00:00Z"), ms("2026-03-10T14:00:00Z")).unwrap(), 2.0 * HOUR);
        // Created during lunch, answered during lunch: zero.
        assert_eq!(cal.business_ms(ms("2026-03-10T12:10:00Z"), ms("2026-03-10T12:50:00Z")).unwrap(), 0.0);
    }

    #[test]
    fn spring_forward_and_fall_back_in_new_york() {
        // 00:00–24:00 every day: business time equals elapsed time, DST or not.
        let spec = CalendarSpec {
            time_zone: "America/New_York".into(),
            week: WEEKDAYS.iter().map(|d| (d.to_string(), vec![("00:00".into(), "24:00".into())])).collect(),
            ..Default::default()
        };
        let cal = Calendar::parse(&spec).unwrap();
        // Sunday 2026-03-08 has 23 hours in New York.
        let (a, b) = (ms("2026-03-08T00:00:00-05:00"), ms("2026-03-09T00:00:00-04:00"));
        assert_eq!(b - a, 23.0 * HOUR);
        assert_eq!(cal.business_ms(a, b).unwrap(), 23.0 * HOUR);
        // Sunday 2026-11-01 has 25.
        let (a, b) = (ms("2026-11-01T00:00:00-04:00"), ms("2026-11-02T00:00:00-05:00"));
        assert_eq!(cal.business_ms(a, b).unwrap(), 25.0 * HOUR);
        // A 01:00–04:00 interval on the spring-forward night lasts 2 hours.
        let spec = CalendarSpec {
            time_zone: "America/New_York".into(),
            week: vec![("sun".into(), vec![("01:00".into(), "04:00".into())])],
            ..Default::default()
        };
        let cal = Calendar::parse(&spec).unwrap();
        assert_eq!(cal.business_ms(ms("2026-03-07T00:00:00Z"), ms("2026-03-10T00:00:00Z")).unwrap(), 2.0 * HOUR);
        // ... and 4 hours on the fall-back night.
        assert_eq!(cal.business_ms(ms("2026-10-31T00:00:00Z"), ms("2026-11-03T00:00:00Z")).unwrap(), 4.0 * HOUR);
    }

    #[test]
    fn half_hour_zone() {
        // Kolkata is UTC+05:30: 09:00–18:00 local is 03:30–12:30 UTC.
        let cal = weekdays("Asia/Kolkata", &[("09:00", "18:00")]);
        assert_eq!(cal.business_ms(ms("2026-03-10T03:00:00Z"), ms("2026-03-10T04:00:00Z")).unwrap(), 30.0 * MIN);
        // Kathmandu, UTC+05:45.
        let cal = weekdays("Asia/Kathmandu", &[("09:00", "18:00")]);
        assert_eq!(cal.business_ms(ms("2026-03-10T03:00:00Z"), ms("2026-03-10T04:00:00Z")).unwrap(), 45.0 * MIN);
    }

    #[test]
    fn holidays_and_overrides() {
        let spec = CalendarSpec {
            time_zone: "Europe/Lisbon".into(),
            week: WEEKDAYS[..5].iter().map(|d| (d.to_string(), vec![("09:00".into(), "18:00".into())])).collect(),
            holidays: vec!["2026-12-25".into()],
            overrides: vec![("2026-12-24".into(), vec![("09:00".into(), "13:00".into())])],
        };
        let cal = Calendar::parse(&spec).unwrap();
        // Wed 23rd 17:00 → Mon 28th 10:00: 1 h (23rd) + 4 h (24th, short day)
        // + 0 (25th holiday) + 1 h (28th).
        let got = cal.business_ms(ms("2026-12-23T17:00:00Z"), ms("2026-12-28T10:00:00Z")).unwrap();
        assert_eq!(got, 6.0 * HOUR);
    }

    #[test]
    fn created_outside_hours_answered_before_opening() {
        let cal = weekdays("UTC", &[("09:00", "18:00")]);
        assert_eq!(cal.business_ms(ms("2026-03-10T20:00:00Z"), ms("2026-03-11T08:30:00Z")).unwrap(), 0.0);
        assert_eq!(cal.business_ms(ms("2026-03-10T20:00:00Z"), ms("2026-03-10T20:00:00Z")).unwrap(), 0.0);
    }

    #[test]
    fn calendar_errors() {
        let mk = |tz: &str, day: &str, hours: Vec<(&str, &str)>| {
            Calendar::parse(&CalendarSpec {
                time_zone: tz.into(),
                week: vec![(day.into(), hours.into_iter().map(|(a, b)| (a.into(), b.into())).collect())],
                ..Default::default()
            })
        };
        assert_eq!(mk("Mars/Olympus", "mon", vec![]).unwrap_err().code(), "UNKNOWN_TIME_ZONE");
        assert_eq!(mk("", "mon", vec![]).unwrap_err().code(), "UNKNOWN_TIME_ZONE");
        assert!(mk("america/sao_paulo", "mon", vec![]).is_ok());
        let e = mk("UTC", "mon", vec![("13:00", "12:00")]).unwrap_err();
        assert_eq!((e.code(), e.field()), ("INVALID_CALENDAR", Some("calendar.week.mon[0]")));
        let e = mk("UTC", "mon", vec![("09:00", "12:30"), ("12:00", "18:00")]).unwrap_err();
        assert_eq!(e.to_string(), "calendar.week.mon: 09:00–12:30 overlaps 12:00–18:00");
        assert_eq!(mk("UTC", "mon", vec![("9:00", "12:00")]).unwrap_err().code(), "INVALID_CALENDAR");
        assert_eq!(mk("UTC", "mon", vec![("24:00", "24:00")]).unwrap_err().code(), "INVALID_CALENDAR");
        assert_eq!(mk("UTC", "mon", vec![("10:00", "24:01")]).unwrap_err().code(), "INVALID_CALENDAR");
        assert!(mk("UTC", "mon", vec![("18:00", "24:00"), ("00:00", "09:00")]).is_ok());
        assert_eq!(mk("UTC", "monday", vec![]).unwrap_err().field(), Some("calendar.week.monday"));
        assert_eq!(parse_date("2026-02-30", "h").unwrap_err().code(), "INVALID_CALENDAR");
        assert_eq!(parse_date("20260228", "h").unwrap_err().code(), "INVALID_CALENDAR");
        let cal = weekdays("UTC", &[("09:00", "18:00")]);
        assert_eq!(cal.business_ms(2.0, 1.0).unwrap_err().code(), "NEGATIVE_DURATION");
        assert_eq!(cal.business_ms(f64::NAN, 1.0).unwrap_err().code(), "INVALID_TIMESTAMP");
    }

    #[test]
    fn compiled_matches_day_walk() {
        let spec = CalendarSpec {
            time_zone: "America/New_York".into(),
            week: WEEKDAYS[..6].iter().map(|d| (d.to_string(), vec![("08:30".into(), "12:00".into()), ("13:00".into(), "17:45".into())])).collect(),
            holidays: vec!["2026-07-03".into()],
            overrides: vec![("2026-11-27".into(), vec![])],
        };
        let cal = Calendar::parse(&spec).unwrap();
        let (from, to) = (ms("2026-01-01T00:00:00Z"), ms("2027-01-01T00:00:00Z"));
        let c = cal.compile(from, to).unwrap().unwrap();
        let mut x: u64 = 99;
        for _ in 0..2000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let a = from + ((x >> 11) as f64 / (1u64 << 53) as f64) * (to - from - 30.0 * 86_400_000.0);
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let b = a + ((x >> 11) as f64 / (1u64 << 53) as f64) * 30.0 * 86_400_000.0;
            assert_eq!(c.business_ms(a.floor(), b.floor()), cal.business_ms(a.floor(), b.floor()).unwrap());
        }
    }

    fn every_day(tz: &str, hours: &[(&str, &str)]) -> Calendar {
        let h: Vec<(String, String)> = hours.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        Calendar::parse(&CalendarSpec {
            time_zone: tz.into(),
            week: WEEKDAYS.iter().map(|d| (d.to_string(), h.clone())).collect(),
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn an_interval_ending_in_a_gap_is_not_counted_twice() {
        // New York, Sunday 2026-03-08: clocks jump from 02:00 to 03:00.
        // 01:00–02:30 shows on the clocks only as 01:00–02:00 (1 h), and
        // 03:00–04:00 is 1 h: 2 h in all, within 06:00Z–08:00Z.
        let cal = every_day("America/New_York", &[("01:00", "02:30"), ("03:00", "04:00")]);
        let (s, e) = (ms("2026-03-08T06:00:00Z"), ms("2026-03-08T08:00:00Z"));
        assert_eq!(cal.business_ms(s, e).unwrap(), 2.0 * HOUR);
        assert_eq!(cal.compile(s, e).unwrap().unwrap().business_ms(s, e), 2.0 * HOUR);
    }

    #[test]
    fn splitting_an_interval_in_a_gap_changes_nothing() {
        let whole = every_day("America/New_York", &[("02:00", "03:00")]);
        let halves = every_day("America/New_York", &[("02:00", "02:30"), ("02:30", "03:00")]);
        let (s, e) = (ms("2026-03-08T00:00:00Z"), ms("2026-03-09T00:00:00Z"));
        assert_eq!(whole.business_ms(s, e).unwrap(), 0.0, "02:00–03:00 does not exist that night");
        assert_eq!(halves.business_ms(s, e).unwrap(), 0.0);
        // On the fall-back night the hour 01:00–02:00 happens twice.
        let whole = every_day("America/New_York", &[("01:00", "02:00")]);
        let halves = every_day("America/New_York", &[("01:00", "01:30"), ("01:30", "02:00")]);
        let (s, e) = (ms("2026-11-01T00:00:00Z"), ms("2026-11-02T00:00:00Z"));
        assert_eq!(whole.business_ms(s, e).unwrap(), 2.0 * HOUR);
        assert_eq!(halves.business_ms(s, e).unwrap(), 2.0 * HOUR);
    }

    #[test]
    fn a_day_the_zone_skipped_has_no_business_time() {
        // Samoa (Pacific/Apia) went from 2011-12-29 24:00 (UTC−10) straight
        // to 2011-12-31 00:00 (UTC+14): 30 December 2011 never happened there.
        // 09:00–18:00 every day from 29 December to 1 January inclusive:
        // 29th, 31st and 1st, 9 h each.
        let cal = every_day("Pacific/Apia", &[("09:00", "18:00")]);
        let (s, e) = (ms("2011-12-29T00:00:00-10:00"), ms("2012-01-02T00:00:00+14:00"));
        assert_eq!(cal.business_ms(s, e).unwrap(), 27.0 * HOUR);
        assert_eq!(cal.compile(s, e).unwrap().unwrap().business_ms(s, e), 27.0 * HOUR);
    }

    #[test]
    fn half_hour_daylight_saving_on_lord_howe() {
        // Australia/Lord_Howe moves its clocks by 30 minutes: on Sunday
        // 2026-04-05 at 02:00 they go back to 01:30 (01:30–02:00 twice), on
        // Sunday 2026-10-04 at 02:00 forward to 02:30.
        let cal = every_day("Australia/Lord_Howe", &[("01:00", "03:00")]);
        let day = |d: &str| (ms(&format!("{d}T00:00:00Z")) - 12.0 * HOUR, ms(&format!("{d}T00:00:00Z")) + 12.0 * HOUR);
        let (s, e) = day("2026-04-05");
        assert_eq!(cal.business_ms(s, e).unwrap(), 2.5 * HOUR);
        let (s, e) = day("2026-10-04");
        assert_eq!(cal.business_ms(s, e).unwrap(), 1.5 * HOUR);
        let (s, e) = day("2026-06-07");
        assert_eq!(cal.business_ms(s, e).unwrap(), 2.0 * HOUR);
    }

    /// Zones chosen for their transitions: gaps and overlaps at midnight,
    /// 30-minute changes, skipped days, two changes a year near the date
    /// line, permanent offset changes.
    const ZONES: [&str; 24] = [
        "America/New_York",
        "America/Sao_Paulo",
        "America/Santiago",
        "America/Havana",
        "America/Asuncion",
        "America/St_Johns",
        "America/Godthab",
        "Europe/Lisbon",
        "Europe/London",
        "Europe/Moscow",
        "Europe/Chisinau",
        "Asia/Beirut",
        "Asia/Gaza",
        "Asia/Tehran",
        "Asia/Kathmandu",
        "Asia/Pyongyang",
        "Australia/Lord_Howe",
        "Australia/Adelaide",
        "Pacific/Apia",
        "Pacific/Chatham",
        "Pacific/Kiritimati",
        "Pacific/Fakaofo",
        "Antarctica/Troll",
        "Africa/Casablanca",
    ];

    fn lcg(x: &mut u64) -> f64 {
        *x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (*x >> 11) as f64 / (1u64 << 53) as f64
    }

    fn random_hours(x: &mut u64) -> Vec<(String, String)> {
        // Whole quarter hours, sorted, disjoint.
        let mut cuts: Vec<u32> = (0..2 * (1 + (lcg(x) * 3.0) as usize)).map(|_| (lcg(x) * 97.0) as u32).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let t = |q: u32| format!("{:02}:{:02}", q / 4, q % 4 * 15);
        cuts.chunks_exact(2).map(|c| (t(c[0]), t(c[1]))).collect()
    }

    #[test]
    fn business_time_laws_in_zones_with_transitions() {
        let mut x = 7u64;
        for tz in ZONES {
            let week: Vec<(String, Vec<(String, String)>)> = WEEKDAYS.iter().map(|d| (d.to_string(), random_hours(&mut x))).collect();
            let cal = Calendar::parse(&CalendarSpec { time_zone: tz.into(), week: week.clone(), ..Default::default() }).unwrap();
            // The same calendar with every interval cut in two where it can be.
            let split: Vec<(String, Vec<(String, String)>)> = week
                .iter()
                .map(|(d, hours)| {
                    let mut out = Vec::new();
                    for (a, b) in hours {
                        let (qa, qb) = (parse_time(a, "").unwrap() / 900, parse_time(b, "").unwrap() / 900);
                        if qb - qa >= 2 {
                            let m = qa + (qb - qa) / 2;
                            let t = |q: u32| format!("{:02}:{:02}", q / 4, q % 4 * 15);
                            out.push((a.clone(), t(m)));
                            out.push((t(m), b.clone()));
                        } else {
                            out.push((a.clone(), b.clone()));
                        }
                    }
                    (d.clone(), out)
                })
                .collect();
            let cut = Calendar::parse(&CalendarSpec { time_zone: tz.into(), week: split, ..Default::default() }).unwrap();
            let (from, to) = (ms("2005-01-01T00:00:00Z"), ms("2027-01-01T00:00:00Z"));
            let compiled = cal.compile(from, to).unwrap().unwrap();
            for _ in 0..300 {
                let s = (from + lcg(&mut x) * (to - from - 40.0 * 86_400_000.0)).floor();
                let e = (s + lcg(&mut x) * lcg(&mut x) * 40.0 * 86_400_000.0).floor();
                let m = (s + lcg(&mut x) * (e - s)).floor();
                let b = cal.business_ms(s, e).unwrap();
                assert!(b <= e - s, "{tz}: business {b} > elapsed {}", e - s);
                assert!(b >= 0.0);
                assert_eq!(b, cut.business_ms(s, e).unwrap(), "{tz}: splitting intervals changed a total");
                assert_eq!(b, cal.business_ms(s, m).unwrap() + cal.business_ms(m, e).unwrap(), "{tz}: not additive");
                assert_eq!(b, compiled.business_ms(s, e), "{tz}: compiled and day walk differ");
            }
        }
    }
}
