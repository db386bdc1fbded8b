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
use super::holidays::{Day, Observed, Rule};
use jiff::civil::Weekday;
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
    /// Days closed all day: dates `YYYY-MM-DD`, yearly dates `*-MM-DD`,
    /// rules, and bundled national sets (see [`super::holidays`]).
    #[serde(default, deserialize_with = "holiday_list")]
    pub holidays: Vec<HolidayEntry>,
    /// `(date, [(start, end)])`: hours for that date instead of the
    /// weekday's; the date `YYYY-MM-DD`, or `*-MM-DD` every year.
    #[serde(default, deserialize_with = "crate::kpi::map_pairs")]
    pub overrides: Vec<(String, Vec<(String, String)>)>,
}

/// One entry of a calendar's `holidays`.
#[derive(Debug, Clone, PartialEq)]
pub enum HolidayEntry {
    /// `"YYYY-MM-DD"` or `"*-MM-DD"`.
    Text(String),
    /// A rule, or a bundled set (`{ country, subdivision? }`).
    Rule(Box<RuleSpec>),
}

impl From<&str> for HolidayEntry {
    fn from(s: &str) -> Self {
        HolidayEntry::Text(s.to_string())
    }
}

impl From<String> for HolidayEntry {
    fn from(s: String) -> Self {
        HolidayEntry::Text(s)
    }
}

/// A holiday rule or bundled set as written: which fields apply depends on
/// the kind (checked by [`Calendar::parse`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleSpec {
    /// `"*-MM-DD"` (or one date `"YYYY-MM-DD"`), with `observed`.
    pub date: Option<String>,
    /// 1–12, with `day` (fixed) or `weekday` and `nth`.
    pub month: Option<f64>,
    /// 1–31.
    pub day: Option<f64>,
    /// `"mon"` … `"sun"`.
    pub weekday: Option<String>,
    /// 1–5, or −1 (last) … −5.
    pub nth: Option<f64>,
    /// `"*-MM-DD"`: the first `weekday` on or after it.
    pub on_or_after: Option<String>,
    /// The first `weekday` after it.
    pub after: Option<String>,
    /// The last `weekday` on or before it.
    pub on_or_before: Option<String>,
    /// The last `weekday` before it.
    pub before: Option<String>,
    /// Days after Easter Sunday.
    pub easter: Option<f64>,
    /// Orthodox Easter.
    pub orthodox: Option<bool>,
    /// `"nearest-weekday"`, `"sunday-to-monday"`, `"weekend-to-monday"`,
    /// `"next-free-weekday"`, `"previous-free-weekday"`.
    pub observed: Option<String>,
    /// First year.
    pub from: Option<f64>,
    /// Last year.
    pub to: Option<f64>,
    /// A name.
    pub name: Option<String>,
    /// A bundled national set: `"US"`, `"BR"`, …
    pub country: Option<String>,
    /// Its subdivision: `"CA"`, `"SP"`, …
    pub subdivision: Option<String>,
    /// Hours instead of closing all day: a yearly half day.
    pub hours: Option<Vec<(String, String)>>,
}

const RULE_FIELDS: &[&str] = &[
    "date", "month", "day", "weekday", "nth", "onOrAfter", "after", "onOrBefore", "before", "easter", "orthodox", "observed", "from", "to", "name",
    "country", "subdivision", "hours",
];

impl<'de> serde::Deserialize<'de> for HolidayEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = HolidayEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date (\"2026-12-25\", \"*-12-25\") or a rule object")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<HolidayEntry, E> {
                Ok(HolidayEntry::Text(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<HolidayEntry, A::Error> {
                <RuleSpec as serde::Deserialize>::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(|r| HolidayEntry::Rule(Box::new(r)))
            }
        }
        d.deserialize_struct(crate::kpi::NAME_OR_STRUCT, RULE_FIELDS, V)
    }
}

/// `holidays`: a list of entries, or one `{ country }` object.
fn holiday_list<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<HolidayEntry>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Vec<HolidayEntry>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array of dates and rules, or { country, subdivision? }")
        }
        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Vec<HolidayEntry>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Vec<HolidayEntry>, A::Error> {
            let mut out = Vec::new();
            while let Some(e) = seq.next_element::<HolidayEntry>()? {
                out.push(e);
            }
            Ok(out)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<Vec<HolidayEntry>, A::Error> {
            <RuleSpec as serde::Deserialize>::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(|r| vec![HolidayEntry::Rule(Box::new(r))])
        }
    }
    d.deserialize_struct(crate::kpi::NAME_OR_STRUCT, RULE_FIELDS, V)
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

/// Seconds since local midnight, `[start, end)`; an interval that crosses
/// midnight ends after 24:00 (22:00–06:00 is 79 200–108 000).
type Hours = Vec<(u32, u32)>;

/// A validated calendar.
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: TimeZone,
    name: String,
    week: [Hours; 7],
    holidays: BTreeSet<Date>,
    overrides: BTreeMap<Date, Hours>,
    /// Yearly rules: holidays (closed) and half days (`hours`).
    rules: Vec<Rule>,
    /// The dates of the rules in recently used years.
    years: std::cell::RefCell<Vec<(i16, YearDates)>>,
}

/// The dates the rules give in one year, with their hours (`None`: closed).
type YearDates = std::rc::Rc<Vec<(Date, Option<Hours>)>>;

fn bad(field: impl Into<Cow<'static, str>>, rule: impl Into<Cow<'static, str>>) -> Error {
    Error::InvalidCalendar { field: field.into(), rule: rule.into() }
}

/// Parses `HH:MM` or `HH:MM:SS`, 00:00 to 24:00, into seconds.
fn parse_time(s: &str, field: &dyn Fn() -> String) -> Result<u32> {
    let b = s.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let (x, y) = (*b.get(i)?, *b.get(i + 1)?);
        (x.is_ascii_digit() && y.is_ascii_digit()).then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
    };
    let hms = match b.len() {
        5 if b[2] == b':' => two(0).zip(two(3)).map(|(h, m)| (h, m, 0)),
        8 if b[2] == b':' && b[5] == b':' => two(0).zip(two(3)).zip(two(6)).map(|((h, m), s)| (h, m, s)),
        _ => None,
    };
    match hms {
        Some((h, m, sec)) if !(m > 59 || sec > 59 || h > 24 || (h == 24 && (m > 0 || sec > 0))) => Ok(h * 3600 + m * 60 + sec),
        _ => Err(bad(field(), format!("\"{}\" is not a time of day (HH:MM, from 00:00 to 24:00)", crate::error::echo(s)))),
    }
}

fn fmt_time(s: u32) -> String {
    // The end of an interval that crosses midnight: the next day's time.
    if s > 86_400 {
        return format!("{} (next day)", fmt_time(s - 86_400));
    }
    if s % 60 == 0 {
        format!("{:02}:{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

fn parse_hours(list: &[(String, String)], field: &dyn Fn() -> String) -> Result<Hours> {
    let mut out = Vec::with_capacity(list.len());
    for (i, (a, b)) in list.iter().enumerate() {
        // The path of an interval, written only for an error.
        let f = || format!("{}[{i}]", field());
        let (start, end) = (parse_time(a, &f)?, parse_time(b, &f)?);
        if start == 24 * 3600 {
            return Err(bad(f(), "24:00 can only end an interval"));
        }
        if end == start {
            return Err(bad(f(), format!("{a}–{b} is empty; an interval must end after it starts")));
        }
        // An interval that ends before it starts crosses midnight: it ends
        // on the next day (22:00–06:00).
        out.push((start, if end < start { end + 86_400 } else { end }));
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
                field(),
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

/// The same calendar error at another path.
fn relabel(e: Error, field: String) -> Error {
    match e {
        Error::InvalidCalendar { rule, .. } => Error::InvalidCalendar { field: field.into(), rule },
        e => e,
    }
}

/// Parses `*-MM-DD` (every year) into a fixed day.
fn yearly(s: &str, field: &str) -> Result<Day> {
    let err = || bad(field.to_string(), format!("\"{}\" is not a yearly date (*-MM-DD)", crate::error::echo(s)));
    let rest = s.strip_prefix("*-").ok_or_else(err)?;
    let b = rest.as_bytes();
    if !(b.len() == 5 && b[2] == b'-' && b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit())) {
        return Err(err());
    }
    let (month, day): (i8, i8) = (rest[0..2].parse().map_err(|_| err())?, rest[3..5].parse().map_err(|_| err())?);
    // 2024 is a leap year: 29 February is a valid yearly date.
    Date::new(2024, month, day).map_err(|_| err())?;
    Ok(Day::Fixed { month, day })
}

fn weekday_of(s: &str, field: &str) -> Result<Weekday> {
    const DAYS: [Weekday; 7] =
        [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday, Weekday::Saturday, Weekday::Sunday];
    WEEKDAYS
        .iter()
        .position(|w| *w == s)
        .map(|i| DAYS[i])
        .ok_or_else(|| bad(field.to_string(), format!("\"{}\" is not a weekday; use {}", crate::error::echo(s), WEEKDAYS.join(", "))))
}

fn whole(v: f64, lo: f64, hi: f64, field: &str, what: &str) -> Result<i64> {
    if v.fract() == 0.0 && v >= lo && v <= hi {
        Ok(v as i64)
    } else {
        Err(bad(field.to_string(), format!("must be {what}; got {}", crate::error::num(v))))
    }
}

/// Checks a rule as written and adds it (or a bundled set's rules) to
/// `out`.
fn parse_rule(r: &RuleSpec, field: &str, out: &mut Vec<Rule>) -> Result<()> {
    let at = |k: &str| format!("{field}.{k}");
    if let Some(c) = &r.country {
        let others = [r.date.is_some(), r.month.is_some(), r.day.is_some(), r.weekday.is_some(), r.easter.is_some(), r.observed.is_some(), r.from.is_some(), r.to.is_some(), r.hours.is_some()];
        if others.iter().any(|&x| x) {
            return Err(bad(field.to_string(), "a bundled set { country, subdivision? } takes no rule fields"));
        }
        let rules = super::holidays::bundled(c, r.subdivision.as_deref()).ok_or_else(|| match super::holidays::bundled(c, None) {
            Some(_) => bad(at("subdivision"), format!("\"{}\" is not a subdivision of {} with its own holidays", crate::error::echo(r.subdivision.as_deref().unwrap_or("")), crate::error::echo(c))),
            None => bad(at("country"), format!("\"{}\" has no bundled holidays; bundled: {}", crate::error::echo(c), super::holidays::bundled_codes().join(", "))),
        })?;
        out.extend(rules);
        return Ok(());
    }
    if r.subdivision.is_some() {
        return Err(bad(at("subdivision"), "needs a country"));
    }
    let anchors = [("onOrAfter", &r.on_or_after, true, true), ("after", &r.after, true, false), ("onOrBefore", &r.on_or_before, false, true), ("before", &r.before, false, false)];
    let anchor: Vec<_> = anchors.iter().filter(|a| a.1.is_some()).collect();
    let kinds = [r.date.is_some(), r.month.is_some() && anchor.is_empty(), !anchor.is_empty(), r.easter.is_some()].iter().filter(|&&x| x).count();
    if kinds != 1 {
        return Err(bad(
            field.to_string(),
            "must be one kind of rule: { date: \"*-MM-DD\" }, { month, day }, { month, weekday, nth }, { weekday, onOrAfter | after | onOrBefore | before: \"*-MM-DD\" }, { easter, orthodox? }, or { country, subdivision? }",
        ));
    }
    let day = if let Some(d) = &r.date {
        if d.starts_with("*-") {
            yearly(d, &at("date"))?
        } else {
            Day::Date(parse_date(d, &at("date"))?)
        }
    } else if let Some(e) = r.easter {
        Day::Easter { offset: whole(e, -400.0, 400.0, &at("easter"), "a whole number of days from Easter Sunday, −400 to 400")? as i16, orthodox: r.orthodox.unwrap_or(false) }
    } else if let Some(&&(key, Some(date), after, inclusive)) = anchor.first() {
        if anchor.len() > 1 {
            return Err(bad(field.to_string(), "takes one of onOrAfter, after, onOrBefore, before"));
        }
        let Day::Fixed { month, day } = yearly(date, &at(key))? else { unreachable!() };
        let weekday = weekday_of(r.weekday.as_deref().ok_or_else(|| bad(at("weekday"), format!("is required with {key}")))?, &at("weekday"))?;
        Day::Relative { month, day, weekday, after, inclusive }
    } else {
        let month = whole(r.month.unwrap_or(0.0), 1.0, 12.0, &at("month"), "a month from 1 to 12")? as i8;
        match (r.day, &r.weekday) {
            (Some(d), None) => {
                let day = whole(d, 1.0, 31.0, &at("day"), "a day of the month from 1 to 31")? as i8;
                Date::new(2024, month, day).map_err(|_| bad(at("day"), format!("{day} is not a day of month {month}")))?;
                Day::Fixed { month, day }
            }
            (None, Some(w)) => {
                let weekday = weekday_of(w, &at("weekday"))?;
                let nth = whole(r.nth.ok_or_else(|| bad(at("nth"), "is required with month and weekday (1–5, or −1 for the last)"))?, -5.0, 5.0, &at("nth"), "1 to 5, or −1 (last) to −5")?;
                if nth == 0 {
                    return Err(bad(at("nth"), "must be 1 to 5, or −1 (last) to −5; got 0"));
                }
                Day::Nth { month, weekday, nth: nth as i8 }
            }
            _ => return Err(bad(field.to_string(), "with month, give day (a fixed date) or weekday and nth")),
        }
    };
    if r.orthodox.is_some() && r.easter.is_none() {
        return Err(bad(at("orthodox"), "only applies to easter rules"));
    }
    if r.nth.is_some() && !matches!(day, Day::Nth { .. }) {
        return Err(bad(at("nth"), "only applies to { month, weekday, nth }"));
    }
    let observed = match r.observed.as_deref() {
        None => Observed::None,
        Some("nearest-weekday") => Observed::NearestWeekday,
        Some("sunday-to-monday") => Observed::SundayToMonday,
        Some("weekend-to-monday") => Observed::WeekendToMonday,
        Some("next-free-weekday") => Observed::NextFreeWeekday,
        Some("previous-free-weekday") => Observed::PreviousFreeWeekday,
        Some(o) => {
            return Err(bad(
                at("observed"),
                format!("\"{}\" is not an observed rule; use nearest-weekday, sunday-to-monday, weekend-to-monday, next-free-weekday or previous-free-weekday", crate::error::echo(o)),
            ))
        }
    };
    let year = |v: Option<f64>, k: &str| -> Result<Option<i16>> { v.map(|y| whole(y, -9999.0, 9999.0, &at(k), "a year").map(|y| y as i16)).transpose() };
    let (from, to) = (year(r.from, "from")?, year(r.to, "to")?);
    if let (Some(a), Some(b)) = (from, to) {
        if b < a {
            return Err(bad(at("to"), format!("({b}) is before from ({a})")));
        }
    }
    let hours = match &r.hours {
        Some(h) => Some(Cow::Owned(parse_hours(h, &|| at("hours"))?)),
        None => None,
    };
    out.push(Rule { day, observed, from, to, hours, name: Cow::Owned(r.name.clone().unwrap_or_default()) });
    Ok(())
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
    if !super::in_range(ms) {
        return Err(Error::InvalidTimestamp {
            field: field.into(),
            index,
            detail: super::out_of_range(ms).into(),
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
        detail: super::out_of_range(ms).into(),
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
            week[d] = parse_hours(hours, &|| format!("calendar.week.{}", crate::error::echo(key)))?;
        }
        let mut holidays = BTreeSet::new();
        let mut rules = Vec::new();
        for (i, h) in spec.holidays.iter().enumerate() {
            // The path, written only for an error (a calendar is read on
            // every call).
            let field = || format!("calendar.holidays[{i}]");
            match h {
                HolidayEntry::Text(t) if t.starts_with("*-") => rules.push(Rule::new(yearly(t, "").map_err(|e| relabel(e, field()))?)),
                HolidayEntry::Text(t) => {
                    holidays.insert(parse_date(t, "").map_err(|e| relabel(e, field()))?);
                }
                HolidayEntry::Rule(r) => parse_rule(r, &field(), &mut rules)?,
            }
        }
        let mut overrides = BTreeMap::new();
        for (date, hours) in &spec.overrides {
            let field = format!("calendar.overrides.{}", crate::error::echo(date));
            if date.starts_with("*-") {
                let mut r = Rule::new(yearly(date, &field)?);
                r.hours = Some(Cow::Owned(parse_hours(hours, &|| field.clone())?));
                rules.push(r);
            } else {
                let d = parse_date(date, &field)?;
                overrides.insert(d, parse_hours(hours, &|| field.clone())?);
            }
        }
        Ok(Calendar { tz, name: spec.time_zone.clone(), week, holidays, overrides, rules, years: Default::default() })
    }

    /// The IANA name of the calendar's time zone.
    pub fn time_zone_name(&self) -> &str {
        &self.name
    }

    /// The time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// Working hours of a local date: an override of that date > a holiday
    /// (a date, a rule or a bundled set) > a half-day rule > the weekday's.
    pub fn hours(&self, date: Date) -> Cow<'_, [(u32, u32)]> {
        if let Some(h) = self.overrides.get(&date) {
            return Cow::Borrowed(h);
        }
        if self.holidays.contains(&date) {
            return Cow::Borrowed(&[]);
        }
        if !self.rules.is_empty() {
            let year = self.rule_dates(date.year());
            if let Ok(k) = year.binary_search_by(|(d, _)| d.cmp(&date)) {
                return match &year[k].1 {
                    None => Cow::Borrowed(&[]),
                    Some(h) => Cow::Owned(h.clone()),
                };
            }
        }
        Cow::Borrowed(&self.week[date.weekday().to_monday_zero_offset() as usize])
    }

    /// The dates of the rules in `year` (cached for the last few years).
    fn rule_dates(&self, year: i16) -> YearDates {
        let mut cache = self.years.borrow_mut();
        if let Some((_, v)) = cache.iter().find(|(y, _)| *y == year) {
            return v.clone();
        }
        let v = std::rc::Rc::new(super::holidays::dates_in(&self.rules, year));
        if cache.len() >= 8 {
            cache.remove(0);
        }
        cache.push((year, v.clone()));
        v
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
        let hours = &*hours;
        let base = crate::time::days_from_civil(date.year() as i64, date.month() as u32, date.day() as u32) as f64 * 86_400_000.0;
        for &(a, b) in hours {
            self.preimage(base + a as f64 * 1000.0, base + b as f64 * 1000.0, out);
        }
    }

    /// The local dates whose hours can hold an instant of `[start, end]`:
    /// the UTC dates of `start − 50 h` to `end + 26 h` (no offset exceeds 26
    /// hours, and an interval that crosses midnight ends within the next
    /// day).
    fn date_span(start: f64, end: f64) -> (Date, Date) {
        const SLACK: f64 = 26.0 * 3_600_000.0;
        let start = start - 24.0 * 3_600_000.0;
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
        let mut pieces = self.pieces(start, end);
        merge(&mut pieces);
        let mut total = 0.0;
        for &(a, b) in &pieces {
            let overlap = b.min(end) - a.max(start);
            if overlap > 0.0 {
                total += overlap;
            }
        }
        Ok(total)
    }

    /// The business intervals of every local date whose hours can hold an
    /// instant of `[start, end]`, sorted by start (not merged).
    pub(crate) fn pieces(&self, start: f64, end: f64) -> Vec<(f64, f64)> {
        let (mut d, last) = Self::date_span(start, end);
        let mut out = Vec::with_capacity(8);
        loop {
            self.day_intervals(d, &mut out);
            if d >= last {
                break;
            }
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        out.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        out
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
        // A backward jump of the clock can put a date's pieces after the
        // next date's, so sort by start; an interval that crosses midnight
        // can overlap the next date's: merge.
        intervals.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        merge(&mut intervals);
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

/// Merges sorted intervals that overlap or touch into maximal stretches.
pub(crate) fn merge(v: &mut Vec<(f64, f64)>) {
    let mut w = 0;
    for i in 0..v.len() {
        if w > 0 && v[i].0 <= v[w - 1].1 {
            v[w - 1].1 = v[w - 1].1.max(v[i].1);
        } else {
            v[w] = v[i];
            w += 1;
        }
    }
    v.truncate(w);
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

    /// The merged stretches `(starts, ends)` and the range `(lo, hi)`.
    pub fn stretches(&self) -> (&[f64], &[f64], f64, f64) {
        (&self.starts, &self.ends, self.lo, self.hi)
    }

    /// [`Calendar::add_business`] within the range: `None` when the answer
    /// is not inside it (the caller then asks the calendar).
    pub fn add(&self, start: f64, ms: f64) -> Option<f64> {
        if !self.covers(start) {
            return None;
        }
        if ms == 0.0 {
            return Some(start);
        }
        let target = self.cumulative(start) + ms;
        let total = *self.prefix.last()?;
        // Forward: the first piece whose running total reaches the target
        // (its end when the target is exactly its end: a closing time);
        // backward: the first piece whose total passes it (its start when
        // the target is exactly its start: an opening).
        let k = if ms > 0.0 {
            if target > total {
                return None;
            }
            self.prefix[1..].partition_point(|&p| p < target)
        } else {
            if target < 0.0 {
                return None;
            }
            self.prefix[1..].partition_point(|&p| p <= target)
        };
        if k >= self.starts.len() {
            return None;
        }
        let t = (self.starts[k] + (target - self.prefix[k])).min(self.ends[k]);
        self.covers(t).then_some(t)
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

    fn spec(tz: &str, week: &[(&str, &[(&str, &str)])]) -> CalendarSpec {
        CalendarSpec {
            time_zone: tz.into(),
            week: week.iter().map(|(d, h)| (d.to_string(), h.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect())).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn night_shifts_cross_midnight() {
        // Monday 22:00 → Tuesday 06:00, and Tuesday 05:00–09:00 overlapping
        // it: the union, 22:00–09:00, is 11 hours.
        let cal = Calendar::parse(&spec("UTC", &[("mon", &[("22:00", "06:00")]), ("tue", &[("05:00", "09:00")])])).unwrap();
        assert_eq!(cal.business_ms(ms("2026-03-09T00:00:00Z"), ms("2026-03-11T00:00:00Z")).unwrap(), 11.0 * HOUR);
        // A holiday on Monday removes the night; one on Tuesday does not.
        let mut s = spec("UTC", &[("mon", &[("22:00", "06:00")])]);
        s.holidays = vec!["2026-03-10".into()];
        let cal = Calendar::parse(&s).unwrap();
        assert_eq!(cal.business_ms(ms("2026-03-09T00:00:00Z"), ms("2026-03-11T00:00:00Z")).unwrap(), 8.0 * HOUR);
        s.holidays = vec!["2026-03-09".into()];
        let cal = Calendar::parse(&s).unwrap();
        assert_eq!(cal.business_ms(ms("2026-03-09T00:00:00Z"), ms("2026-03-11T00:00:00Z")).unwrap(), 0.0);
        // The compiled form agrees.
        let cal = Calendar::parse(&spec("UTC", &[("mon", &[("22:00", "06:00")]), ("tue", &[("05:00", "09:00")])])).unwrap();
        let c = cal.compile(ms("2026-03-01T00:00:00Z"), ms("2026-04-01T00:00:00Z")).unwrap().unwrap();
        assert_eq!(c.business_ms(ms("2026-03-09T00:00:00Z"), ms("2026-03-11T00:00:00Z")), 11.0 * HOUR);
    }

    #[test]
    fn holiday_rules_in_calendars() {
        let mut s = spec("America/New_York", &[("mon", &[("09:00", "17:00")]), ("thu", &[("09:00", "17:00")]), ("fri", &[("09:00", "17:00")])]);
        s.holidays = vec![
            HolidayEntry::Rule(Box::new(RuleSpec { month: Some(11.0), weekday: Some("thu".into()), nth: Some(4.0), ..Default::default() })),
            HolidayEntry::Rule(Box::new(RuleSpec { date: Some("*-07-04".into()), observed: Some("nearest-weekday".into()), ..Default::default() })),
            "*-12-25".into(),
        ];
        s.overrides = vec![("*-12-24".into(), vec![("09:00".into(), "13:00".into())])];
        let cal = Calendar::parse(&s).unwrap();
        // Thanksgiving 2026 (Thursday 26 November): closed; Friday 27th open.
        assert!(cal.hours("2026-11-26".parse().unwrap()).is_empty());
        assert_eq!(cal.hours("2026-11-27".parse().unwrap()).len(), 1);
        // 4 July 2026 is a Saturday: observed Friday 3rd.
        assert!(cal.hours("2026-07-03".parse().unwrap()).is_empty());
        // Christmas Eve 2026 (a Thursday): a half day, 4 hours.
        assert_eq!(cal.business_ms(ms("2026-12-24T00:00:00-05:00"), ms("2026-12-25T00:00:00-05:00")).unwrap(), 4.0 * HOUR);
        assert!(cal.hours("2026-12-25".parse().unwrap()).is_empty());
        // Any rule with hours is a yearly half day: the day after
        // Thanksgiving 2026 (Friday 27th) 09:00–13:00.
        let mut h = spec("America/New_York", &[("fri", &[("09:00", "17:00")])]);
        h.holidays = vec![HolidayEntry::Rule(Box::new(RuleSpec {
            weekday: Some("fri".into()),
            after: Some("*-11-22".into()),
            hours: Some(vec![("09:00".into(), "13:00".into())]),
            ..Default::default()
        }))];
        let cal = Calendar::parse(&h).unwrap();
        assert_eq!(cal.business_ms(ms("2026-11-27T00:00:00-05:00"), ms("2026-11-28T00:00:00-05:00")).unwrap(), 4.0 * HOUR);
        // Bad rules name their field.
        let bad_rule = |r: RuleSpec| {
            let mut s = spec("UTC", &[]);
            s.holidays = vec![HolidayEntry::Rule(Box::new(r))];
            Calendar::parse(&s).unwrap_err()
        };
        let e = bad_rule(RuleSpec { month: Some(13.0), day: Some(1.0), ..Default::default() });
        assert_eq!(e.field(), Some("calendar.holidays[0].month"));
        let e = bad_rule(RuleSpec { month: Some(11.0), weekday: Some("thu".into()), ..Default::default() });
        assert_eq!(e.field(), Some("calendar.holidays[0].nth"));
        let e = bad_rule(RuleSpec { easter: Some(1.0), month: Some(1.0), day: Some(1.0), ..Default::default() });
        assert_eq!(e.field(), Some("calendar.holidays[0]"));
        let e = bad_rule(RuleSpec { date: Some("*-02-30".into()), ..Default::default() });
        assert_eq!(e.field(), Some("calendar.holidays[0].date"));
        let e = bad_rule(RuleSpec { date: Some("*-12-25".into()), observed: Some("monday".into()), ..Default::default() });
        assert_eq!(e.field(), Some("calendar.holidays[0].observed"));
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
        // 13:00–12:00 crosses midnight: 23 hours.
        assert!(mk("UTC", "mon", vec![("13:00", "12:00")]).is_ok());
        let e = mk("UTC", "mon", vec![("13:00", "13:00")]).unwrap_err();
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
                        let (qa, qb) = (parse_time(a, &String::new).unwrap() / 900, parse_time(b, &String::new).unwrap() / 900);
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
