//! Business-time arithmetic on a [`Calendar`]: adding business time, the
//! next and previous openings and closings, whether an instant is business
//! time, and business days.
//!
//! Business time is the union of the calendar's intervals, read as in
//! [`super::calendar`]; touching intervals (22:00–24:00, then 00:00–06:00)
//! are one stretch: its opening is the first one's, its closing the last
//! one's. Days are local dates of the calendar's zone; a *business day* is
//! a date with at least one interval (after holidays and overrides).

use super::calendar::{check_ms, merge, Calendar};
use super::{MAX_MS, MAX_SPAN_MS, MIN_MS};
use crate::error::{num, Error, Result};
use jiff::civil::Date;

const DAY: f64 = 86_400_000.0;

fn none_within(what: &str) -> Error {
    Error::InvalidCalendar { field: "calendar".into(), rule: format!("has no {what} within 100 years").into() }
}

impl Calendar {
    /// The stretches of business time (merged, sorted) of the dates whose
    /// hours can hold an instant of `[from, to]`.
    fn runs(&self, from: f64, to: f64) -> Vec<(f64, f64)> {
        let mut p = self.pieces(from, to);
        merge(&mut p);
        p
    }

    /// The instant when `ms` of business time have elapsed after `start`
    /// (before it, for a negative `ms`).
    ///
    /// - `ms = 0`: `start`.
    /// - `ms > 0`: the earliest `t` with `business_ms(start, t) = ms`: when
    ///   the sum lands exactly on a closing time, that closing instant (never
    ///   the next opening); from outside business hours, the next opening
    ///   plus `ms`.
    /// - `ms < 0`: the latest `t ≤ start` with `business_ms(t, start) =
    ///   −ms`: landing on an opening gives the opening, never the previous
    ///   closing.
    ///
    /// # Errors
    /// `INVALID_TIMESTAMP` for a start out of range; `INVALID_DURATION` for
    /// an `ms` that is not finite; `INVALID_CALENDAR` when there is not that
    /// much business time within 100 years.
    pub fn add_business(&self, start: f64, ms: f64) -> Result<f64> {
        check_ms(start, "start", None)?;
        if !ms.is_finite() {
            return Err(Error::InvalidDuration { field: "ms".into(), index: None, found: num(ms).into() });
        }
        // More than 100 years of business time cannot fit in the 100 years
        // searched, whatever the calendar.
        if ms.abs() > MAX_SPAN_MS {
            return Err(Error::InvalidValue { field: "ms".into(), index: None, detail: format!("is {}; at most 100 years (3.15576e12 ms) of business time can be added", num(ms)).into() });
        }
        if ms == 0.0 {
            return Ok(start);
        }
        let forward = ms > 0.0;
        let mut left = ms.abs();
        let mut cursor = start;
        let mut width = 8.0 * DAY;
        // The search ends 100 years from the start (its last window grew
        // past that, and an answer of 104 years was given, which
        // `businessDuration` then refused).
        let (min, max) = ((start - MAX_SPAN_MS).max(MIN_MS), (start + MAX_SPAN_MS).min(MAX_MS));
        loop {
            let (lo, hi) = if forward { (cursor, (cursor + width).min(max)) } else { ((cursor - width).max(min), cursor) };
            let runs = self.runs(lo, hi);
            if forward {
                for &(a, b) in &runs {
                    let (a, b) = (a.max(lo), b.min(hi));
                    if b <= a {
                        continue;
                    }
                    if b - a >= left {
                        return Ok(a + left);
                    }
                    left -= b - a;
                }
            } else {
                for &(a, b) in runs.iter().rev() {
                    let (a, b) = (a.max(lo), b.min(hi));
                    if b <= a {
                        continue;
                    }
                    if b - a >= left {
                        return Ok(b - left);
                    }
                    left -= b - a;
                }
            }
            cursor = if forward { hi } else { lo };
            if cursor >= max || cursor <= min {
                return Err(none_within(&format!("{} ms of business time {} {}", num(ms.abs()), if forward { "after" } else { "before" }, crate::time::format_instant(start))));
            }
            width = (width * 4.0).min(MAX_SPAN_MS);
        }
    }

    /// Whether `t` is business time: inside a stretch `[opening, closing)`.
    ///
    /// # Errors
    /// `INVALID_TIMESTAMP` for an instant out of range.
    pub fn is_business(&self, t: f64) -> Result<bool> {
        check_ms(t, "instant", None)?;
        Ok(self.runs(t, t).iter().any(|&(a, b)| a <= t && t < b))
    }

    /// Searches windows forward (or backward) from `t` until `pick` finds
    /// an answer in the stretches of a window, for up to 100 years.
    fn search(&self, t: f64, forward: bool, pick: impl Fn(&[(f64, f64)], f64, f64) -> Option<f64>) -> Result<Option<f64>> {
        check_ms(t, "instant", None)?;
        let mut width = 8.0 * DAY;
        loop {
            let (lo, hi) = if forward { (t, (t + width).min(MAX_MS)) } else { ((t - width).max(MIN_MS), t) };
            if let Some(x) = pick(&self.runs(lo, hi), lo, hi) {
                return Ok(Some(x));
            }
            if width >= MAX_SPAN_MS || hi >= MAX_MS || lo <= MIN_MS {
                return Ok(None);
            }
            width = (width * 4.0).min(MAX_SPAN_MS);
        }
    }

    /// The earliest opening at or after `t` (inside business hours: the
    /// opening of the next stretch); `None` within 100 years.
    ///
    /// # Errors
    /// `INVALID_TIMESTAMP` for an instant out of range.
    pub fn next_open(&self, t: f64) -> Result<Option<f64>> {
        self.search(t, true, |runs, _, hi| runs.iter().map(|r| r.0).find(|&a| a >= t && a < hi))
    }

    /// The earliest closing strictly after `t`; `None` within 100 years
    /// (a calendar open around the clock never closes).
    ///
    /// # Errors
    /// `INVALID_TIMESTAMP` for an instant out of range.
    pub fn next_close(&self, t: f64) -> Result<Option<f64>> {
        // A stretch that reaches the window's end may go on: not final.
        self.search(t, true, |runs, _, hi| runs.iter().map(|r| r.1).find(|&b| b > t).filter(|&b| b < hi))
    }

    /// The latest opening at or before `t`; `None` within 100 years.
    ///
    /// # Errors
    /// `INVALID_TIMESTAMP` for an instant out of range.
    pub fn previous_open(&self, t: f64) -> Result<Option<f64>> {
        self.search(t, false, |runs, lo, _| runs.iter().rev().map(|r| r.0).find(|&a| a <= t).filter(|&a| a > lo))
    }

    /// The latest closing at or before `t`; `None` within 100 years.
    ///
    /// # Errors
    /// `INVALID_TIMESTAMP` for an instant out of range.
    pub fn previous_close(&self, t: f64) -> Result<Option<f64>> {
        self.search(t, false, |runs, lo, _| runs.iter().rev().map(|r| r.1).find(|&b| b <= t && b > lo))
    }

    /// Whether a local date is a business day: it has hours.
    pub fn is_business_day(&self, d: Date) -> bool {
        !self.hours(d).is_empty()
    }

    /// The business days `d` with `from ≤ d < to` (negative, counted the
    /// same way, when `to < from`), as gocardless/business's
    /// `business_days_between`.
    ///
    /// # Errors
    /// `INVALID_VALUE` for dates more than 100 years apart.
    pub fn business_days(&self, from: Date, to: Date) -> Result<i64> {
        let (a, b, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
        if super::holidays::day_number(b) - super::holidays::day_number(a) > 36_525 {
            return Err(Error::InvalidValue { field: "to".into(), index: None, detail: "is more than 100 years from `from`".into() });
        }
        let mut n = 0;
        let mut d = a;
        while d < b {
            n += i64::from(self.is_business_day(d));
            d = match d.tomorrow() {
                Ok(x) => x,
                Err(_) => break,
            };
        }
        Ok(sign * n)
    }

    /// `date` plus `n` business days, as gocardless/business's
    /// `add_business_days` (`n < 0`: `subtract_business_days`): a date that
    /// is not a business day first moves to the next one (the previous one
    /// for `n < 0`), then each step moves to the next (previous) business
    /// day.
    ///
    /// # Errors
    /// `INVALID_CALENDAR` when there are not enough business days within
    /// 100 years.
    pub fn add_business_days(&self, date: Date, n: i64) -> Result<Date> {
        let step = |d: Date| if n < 0 { d.yesterday() } else { d.tomorrow() };
        let mut d = date;
        let mut walked = 0i64;
        let mut left = n.abs();
        let advance = |d: Date, walked: &mut i64| -> Result<Date> {
            *walked += 1;
            if *walked > 36_525 {
                return Err(none_within(&format!("{} business day{} {} {date}", n.abs(), if n.abs() == 1 { "" } else { "s" }, if n < 0 { "before" } else { "after" })));
            }
            step(d).map_err(|_| none_within(&format!("{} business days from {date}", n.abs())))
        };
        while !self.is_business_day(d) {
            d = advance(d, &mut walked)?;
        }
        while left > 0 {
            d = advance(d, &mut walked)?;
            if self.is_business_day(d) {
                left -= 1;
            }
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use crate::time::calendar::{Calendar, CalendarSpec, HolidayEntry};
    use jiff::Timestamp;

    fn ms(s: &str) -> f64 {
        s.parse::<Timestamp>().unwrap().as_millisecond() as f64
    }

    const HOUR: f64 = 3_600_000.0;

    fn cal(tz: &str, days: &[&str], hours: &[(&str, &str)], holidays: &[&str]) -> Calendar {
        let h: Vec<(String, String)> = hours.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        Calendar::parse(&CalendarSpec {
            time_zone: tz.into(),
            week: days.iter().map(|d| (d.to_string(), h.clone())).collect(),
            holidays: holidays.iter().map(|&h| HolidayEntry::from(h)).collect(),
            ..Default::default()
        })
        .unwrap()
    }

    const WEEK: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

    #[test]
    fn adding_stays_within_100_years() {
        // Around the clock: 3.3e12 ms (104.6 years) gave an instant
        // that businessDuration refused; it is more than the 100 years
        // searched, for any calendar. Up to them, the sum and back.
        let always = cal("UTC", &["mon", "tue", "wed", "thu", "fri", "sat", "sun"], &[("00:00", "24:00")], &[]);
        let start = ms("2026-01-01T00:00:00Z");
        for d in [3.3e12, 1e15, -3.3e12] {
            assert_eq!(always.add_business(start, d).unwrap_err().code(), "INVALID_VALUE", "{d}");
        }
        let d = 3.1e12;
        let t = always.add_business(start, d).unwrap();
        assert_eq!(t, start + d);
        assert_eq!(always.business_ms(start, t).unwrap(), d);
        // Office hours hold 3e12 ms of business time only in some 400 years.
        let c = cal("Europe/Berlin", &WEEK, &[("09:00", "17:00")], &[]);
        assert_eq!(c.add_business(start, 3e12).unwrap_err().code(), "INVALID_CALENDAR");
        let e = super::add_business_many(&always, &[start, start, start], &[1.0, 1.0, 1e15]).unwrap_err();
        assert_eq!((e.code(), e.index(), e.field()), ("INVALID_VALUE", Some(2), Some("ms")));
    }

    #[test]
    fn adding_business_time_by_hand() {
        let c = cal("Europe/Berlin", &WEEK, &[("09:00", "17:00")], &["2026-03-13"]);
        // Thursday 12 March 2026 16:00 + 2 h: 1 h on Thursday, Friday is a
        // holiday, 1 h on Monday → Monday 10:00 (CET, +01:00).
        assert_eq!(c.add_business(ms("2026-03-12T16:00:00+01:00"), 2.0 * HOUR).unwrap(), ms("2026-03-16T10:00:00+01:00"));
        // Landing exactly on a closing: the closing, not the next opening.
        assert_eq!(c.add_business(ms("2026-03-12T16:00:00+01:00"), HOUR).unwrap(), ms("2026-03-12T17:00:00+01:00"));
        // From outside hours: the next opening plus the time.
        assert_eq!(c.add_business(ms("2026-03-14T12:00:00+01:00"), 30.0 * 60_000.0).unwrap(), ms("2026-03-16T09:30:00+01:00"));
        // Subtracting lands on an opening, never the previous closing.
        assert_eq!(c.add_business(ms("2026-03-16T10:00:00+01:00"), -HOUR).unwrap(), ms("2026-03-16T09:00:00+01:00"));
        assert_eq!(c.add_business(ms("2026-03-16T10:00:00+01:00"), -2.0 * HOUR).unwrap(), ms("2026-03-12T16:00:00+01:00"));
        // Across the spring-forward weekend (29 March): still 8 h a day.
        assert_eq!(c.add_business(ms("2026-03-27T09:00:00+01:00"), 16.0 * HOUR).unwrap(), ms("2026-03-30T17:00:00+02:00"));
        assert_eq!(c.add_business(5.0, 0.0).unwrap(), 5.0);
        assert_eq!(c.add_business(f64::NAN, 1.0).unwrap_err().code(), "INVALID_TIMESTAMP");
        assert_eq!(c.add_business(0.0, f64::INFINITY).unwrap_err().code(), "INVALID_DURATION");
        let closed = cal("UTC", &[], &[], &[]);
        assert_eq!(closed.add_business(0.0, 1.0).unwrap_err().code(), "INVALID_CALENDAR");
    }

    #[test]
    fn openings_and_closings() {
        // A night shift Monday 22:00 → Tuesday 06:00, written as two
        // touching intervals on Tuesday too: one stretch.
        let c = Calendar::parse(&CalendarSpec {
            time_zone: "UTC".into(),
            week: vec![("mon".into(), vec![("22:00".into(), "24:00".into())]), ("tue".into(), vec![("00:00".into(), "06:00".into())])],
            ..Default::default()
        })
        .unwrap();
        let t = ms("2026-03-09T23:00:00Z");
        assert!(c.is_business(t).unwrap());
        assert!(!c.is_business(ms("2026-03-10T06:00:00Z")).unwrap(), "a closing is not business time");
        assert!(c.is_business(ms("2026-03-09T22:00:00Z")).unwrap(), "an opening is");
        assert_eq!(c.next_close(t).unwrap(), Some(ms("2026-03-10T06:00:00Z")));
        assert_eq!(c.previous_open(t).unwrap(), Some(ms("2026-03-09T22:00:00Z")));
        assert_eq!(c.next_open(t).unwrap(), Some(ms("2026-03-16T22:00:00Z")));
        assert_eq!(c.next_open(ms("2026-03-09T22:00:00Z")).unwrap(), Some(ms("2026-03-09T22:00:00Z")));
        assert_eq!(c.previous_close(t).unwrap(), Some(ms("2026-03-03T06:00:00Z")));
        assert_eq!(c.previous_close(ms("2026-03-10T06:00:00Z")).unwrap(), Some(ms("2026-03-10T06:00:00Z")));
        // Around the clock: never closes.
        let always = cal("UTC", &["mon", "tue", "wed", "thu", "fri", "sat", "sun"], &[("00:00", "24:00")], &[]);
        assert_eq!(always.next_close(t).unwrap(), None);
        assert_eq!(cal("UTC", &[], &[], &[]).next_open(t).unwrap(), None);
    }

    #[test]
    fn business_days_as_gocardless() {
        let c = cal("UTC", &WEEK, &[("09:00", "17:00")], &["2026-12-25"]);
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        // Mon 2026-03-09 to Mon 2026-03-16: 5 (from inclusive, to exclusive).
        assert_eq!(c.business_days(d("2026-03-09"), d("2026-03-16")).unwrap(), 5);
        assert_eq!(c.business_days(d("2026-03-16"), d("2026-03-09")).unwrap(), -5);
        assert_eq!(c.business_days(d("2026-03-14"), d("2026-03-16")).unwrap(), 0);
        // Christmas week 2026: Mon 21 to Mon 28 has 4.
        assert_eq!(c.business_days(d("2026-12-21"), d("2026-12-28")).unwrap(), 4);
        // Adding: Friday + 1 = Monday; Saturday + 0 = Monday; Saturday − 1 =
        // Thursday (rolled back to Friday first); over Christmas.
        assert_eq!(c.add_business_days(d("2026-03-13"), 1).unwrap(), d("2026-03-16"));
        assert_eq!(c.add_business_days(d("2026-03-14"), 0).unwrap(), d("2026-03-16"));
        assert_eq!(c.add_business_days(d("2026-03-14"), -1).unwrap(), d("2026-03-12"));
        assert_eq!(c.add_business_days(d("2026-12-24"), 1).unwrap(), d("2026-12-28"));
    }

    #[test]
    fn adding_inverts_business_time() {
        // Every start and amount on a grid, in a zone with DST.
        let c = cal("America/New_York", &WEEK, &[("08:30", "12:00"), ("13:00", "17:45")], &["2026-11-26"]);
        let c0 = ms("2026-10-28T00:00:00Z");
        for i in 0..200 {
            let start = c0 + i as f64 * 7_919_000.0;
            for d in [0.0, 1.0, 1_800_000.0, 3.5 * HOUR, 26.0 * HOUR, 100.0 * HOUR] {
                let t = c.add_business(start, d).unwrap();
                assert_eq!(c.business_ms(start, t).unwrap(), d, "start {start} + {d}");
                if d > 0.0 {
                    assert!(c.business_ms(start, t - 1.0).unwrap() < d, "earliest");
                    let back = c.add_business(start, -d).unwrap();
                    assert_eq!(c.business_ms(back, start).unwrap(), d);
                }
                // The compiled form agrees.
                let comp = c.compile(start - 40.0 * 86_400_000.0, start + 60.0 * 86_400_000.0).unwrap().unwrap();
                assert_eq!(comp.add(start, d), Some(t));
            }
        }
    }
}

/// `addBusinessTimes(starts, ms, calendar)`: [`Calendar::add_business`] of
/// every start (NaN: missing → NaN) with one amount, or one per start. The
/// calendar is unrolled once over the starts' range (and two months after)
/// and each sum found by binary search; a sum outside that range is
/// computed on its own.
///
/// # Errors
/// `LENGTH_MISMATCH` for amounts of another length; as
/// [`Calendar::add_business`] for the first start or amount that fails,
/// naming its index.
pub fn add_business_many(calendar: &Calendar, starts: &[f64], ms: &[f64]) -> Result<Vec<f64>> {
    if ms.len() != 1 && ms.len() != starts.len() {
        return Err(Error::LengthMismatch { field: "ms".into(), expected: starts.len(), actual: ms.len() });
    }
    let amount = |i: usize| if ms.len() == 1 { ms[0] } else { ms[i] };
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (i, &s) in starts.iter().enumerate() {
        if !s.is_nan() {
            check_ms(s, "starts", Some(i))?;
            lo = lo.min(s);
            hi = hi.max(s);
        }
    }
    let compiled = if lo <= hi {
        let span = 62.0 * DAY;
        calendar.compile((lo - span).max(MIN_MS), (hi + span).min(MAX_MS))?
    } else {
        None
    };
    let with_index = |e: Error, i: usize| match e {
        Error::InvalidTimestamp { field, detail, .. } => Error::InvalidTimestamp { field, index: Some(i), detail },
        Error::InvalidDuration { found, .. } => Error::InvalidDuration { field: "ms".into(), index: Some(i), found },
        Error::InvalidValue { field, detail, .. } => Error::InvalidValue { field, index: Some(i), detail },
        e => e,
    };
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let m = amount(i);
            if s.is_nan() || m.is_nan() {
                return Ok(f64::NAN);
            }
            if let Some(t) = compiled.as_ref().and_then(|c| if m.is_finite() { c.add(s, m) } else { None }) {
                return Ok(t);
            }
            calendar.add_business(s, m).map_err(|e| with_index(e, i))
        })
        .collect()
}

/// An amount of milliseconds, or one per element (`addBusinessTimes`).
#[derive(Debug, Clone)]
pub struct Amounts<'a>(pub std::borrow::Cow<'a, [f64]>);

impl<'a> crate::wire::args::Arg<'a> for Amounts<'a> {
    fn read(v: crate::wire::Value<'a>, name: &'static str) -> Result<Self> {
        use crate::wire::V;
        match v.get() {
            V::Number(x) => Ok(Amounts(std::borrow::Cow::Owned(vec![x]))),
            V::Column(crate::table::Numbers::F64(x)) => Ok(Amounts(std::borrow::Cow::Borrowed(x))),
            V::Column(n) => Ok(Amounts(std::borrow::Cow::Owned(n.to_f64(name)?))),
            V::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for (i, x) in a.items().enumerate() {
                    out.push(match x.get() {
                        V::Number(n) => n,
                        _ if x.is_nullish() => f64::NAN,
                        _ => return Err(Error::NotANumber { field: name.into(), index: Some(i), found: x.describe().into() }),
                    });
                }
                Ok(Amounts(std::borrow::Cow::Owned(out)))
            }
            _ => Err(Error::InvalidType {
                field: name.into(),
                index: None,
                expected: "a number of milliseconds, or one per start (a Float64Array or an array)".into(),
                found: v.describe().into(),
            }),
        }
    }
}

/// A day: a date `YYYY-MM-DD`, or an instant (its local date in the
/// calendar's zone).
#[derive(Debug, Clone, Copy)]
pub enum DayArg {
    /// A date.
    Date(Date),
    /// An instant, epoch ms.
    Instant(f64),
}

impl<'a> crate::wire::args::Arg<'a> for DayArg {
    fn read(v: crate::wire::Value<'a>, name: &'static str) -> Result<Self> {
        use crate::wire::V;
        if let V::Str(s) = v.get() {
            let s = s.string();
            if s.len() == 10 && !s.contains('T') {
                return super::calendar::parse_date(&s, name)
                    .map(DayArg::Date)
                    .map_err(|_| Error::InvalidTimestamp { field: name.into(), index: None, detail: format!("is \"{}\", not a date (YYYY-MM-DD)", crate::error::echo(&s)).into() });
            }
        }
        crate::wire::table::instant(v, name).map(DayArg::Instant)
    }
}

impl DayArg {
    /// The local date in `calendar`'s zone.
    ///
    /// # Errors
    /// `INVALID_TIMESTAMP` for an instant out of range.
    pub fn date(self, calendar: &Calendar, field: &'static str) -> Result<Date> {
        match self {
            DayArg::Date(d) => Ok(d),
            DayArg::Instant(ms) => Ok(calendar.local_date(super::calendar::timestamp(ms, field, None)?)),
        }
    }
}

/// `businessDays(from, to, calendar)`.
///
/// # Errors
/// As [`Calendar::business_days`].
pub fn business_days_between(from: DayArg, to: DayArg, calendar: &Calendar) -> Result<f64> {
    calendar.business_days(from.date(calendar, "from")?, to.date(calendar, "to")?).map(|n| n as f64)
}

/// `addBusinessDays(date, n, calendar)`: the date, `YYYY-MM-DD`.
///
/// # Errors
/// `INVALID_VALUE` for an `n` that is not a whole number (within ±10⁶);
/// as [`Calendar::add_business_days`].
pub fn add_business_days_to(date: DayArg, n: f64, calendar: &Calendar) -> Result<String> {
    if !(n.fract() == 0.0 && n.abs() <= 1e6) {
        return Err(Error::InvalidValue { field: "n".into(), index: None, detail: format!("is {}; it must be a whole number of days", num(n)).into() });
    }
    Ok(calendar.add_business_days(date.date(calendar, "date")?, n as i64)?.to_string())
}

/// What [`instants_many`] finds for each instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Find {
    /// [`Calendar::next_open`].
    NextOpen,
    /// [`Calendar::next_close`].
    NextClose,
    /// [`Calendar::previous_open`].
    PreviousOpen,
    /// [`Calendar::previous_close`].
    PreviousClose,
    /// [`Calendar::is_business`] (1 or 0).
    IsBusiness,
}

/// The vectorised forms (`nextBusinessOpens`, …, `isBusinessTimes`): one
/// answer per instant (NaN for a missing instant, or when there is none
/// within 100 years). The calendar is unrolled once over the instants'
/// range (and two months each side); an answer that the unrolled range
/// cannot settle is computed on its own.
///
/// # Errors
/// `INVALID_TIMESTAMP` for an instant out of range, naming its index.
pub fn instants_many(calendar: &Calendar, instants: &[f64], find: Find) -> Result<Vec<f64>> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (i, &t) in instants.iter().enumerate() {
        if !t.is_nan() {
            check_ms(t, "instants", Some(i))?;
            lo = lo.min(t);
            hi = hi.max(t);
        }
    }
    let span = 62.0 * DAY;
    let compiled = if lo <= hi { calendar.compile((lo - span).max(MIN_MS), (hi + span).min(MAX_MS))? } else { None };
    // Stretches near the range's ends may continue outside it: answers
    // there are not settled.
    let margin = 3.0 * DAY;
    let fast = |t: f64| -> Option<f64> {
        let (starts, ends, lo, hi) = compiled.as_ref()?.stretches();
        let (safe_lo, safe_hi) = (lo + margin, hi - margin);
        if !(t >= safe_lo && t <= safe_hi) {
            return None;
        }
        let first_start_at_or_after = starts.partition_point(|&a| a < t);
        let last_start_at_or_before = starts.partition_point(|&a| a <= t).checked_sub(1);
        match find {
            Find::NextOpen => starts.get(first_start_at_or_after).copied().filter(|&a| a <= safe_hi),
            Find::NextClose => ends.get(ends.partition_point(|&b| b <= t)).copied().filter(|&b| b <= safe_hi),
            Find::PreviousOpen => last_start_at_or_before.map(|k| starts[k]).filter(|&a| a >= safe_lo),
            Find::PreviousClose => ends.partition_point(|&b| b <= t).checked_sub(1).map(|k| ends[k]).filter(|&b| b >= safe_lo),
            Find::IsBusiness => Some(f64::from(u8::from(last_start_at_or_before.is_some_and(|k| t < ends[k])))),
        }
    };
    instants
        .iter()
        .map(|&t| {
            if t.is_nan() {
                return Ok(f64::NAN);
            }
            if let Some(x) = fast(t) {
                return Ok(x);
            }
            let found = match find {
                Find::NextOpen => calendar.next_open(t)?,
                Find::NextClose => calendar.next_close(t)?,
                Find::PreviousOpen => calendar.previous_open(t)?,
                Find::PreviousClose => calendar.previous_close(t)?,
                Find::IsBusiness => Some(f64::from(u8::from(calendar.is_business(t)?))),
            };
            Ok(found.unwrap_or(f64::NAN))
        })
        .collect()
}

#[cfg(test)]
mod many_tests {
    use super::*;
    use crate::time::calendar::CalendarSpec;

    #[test]
    fn vectorised_answers_equal_the_scalar_ones() {
        let h = vec![("08:00".to_string(), "12:00".to_string()), ("22:00".to_string(), "02:00".to_string())];
        let cal = Calendar::parse(&CalendarSpec {
            time_zone: "Europe/London".into(),
            week: ["mon", "tue", "wed", "fri", "sat"].iter().map(|d| (d.to_string(), h.clone())).collect(),
            holidays: vec!["*-12-25".into()],
            ..Default::default()
        })
        .unwrap();
        let t0 = 1_774_000_000_000.0; // March 2026, around the clock change
        let instants: Vec<f64> = (0..400).map(|i| t0 + i as f64 * 7_777_777.0).collect();
        for find in [Find::NextOpen, Find::NextClose, Find::PreviousOpen, Find::PreviousClose, Find::IsBusiness] {
            let many = instants_many(&cal, &instants, find).unwrap();
            for (&t, &got) in instants.iter().zip(&many) {
                let want = match find {
                    Find::NextOpen => cal.next_open(t).unwrap(),
                    Find::NextClose => cal.next_close(t).unwrap(),
                    Find::PreviousOpen => cal.previous_open(t).unwrap(),
                    Find::PreviousClose => cal.previous_close(t).unwrap(),
                    Find::IsBusiness => Some(f64::from(u8::from(cal.is_business(t).unwrap()))),
                };
                assert_eq!(Some(got), want, "{find:?} at {t}");
            }
        }
    }
}

/// `businessIntervals(from, to, calendar)`: the stretches of business time
/// that overlap `[from, to)`, cut to it, as `[opening, closing]` pairs of
/// epoch ms (touching intervals merged into one stretch).
///
/// # Errors
/// `INVALID_TIMESTAMP` for instants out of range or more than 100 years
/// apart; `NEGATIVE_DURATION` when `to < from`.
pub fn business_intervals(calendar: &Calendar, from: f64, to: f64) -> Result<Vec<[f64; 2]>> {
    calendar.business_ms(from, to)?;
    Ok(calendar.runs(from, to).into_iter().filter_map(|(a, b)| {
        let (a, b) = (a.max(from), b.min(to));
        (b > a).then_some([a, b])
    }).collect())
}

/// `zonedInstant(local, timeZone)`: the instant of a local date and time
/// in an IANA zone, by [`local_instant`]'s rule.
///
/// # Errors
/// `INVALID_TIMESTAMP` for text that is not a local date and time;
/// `UNKNOWN_TIME_ZONE`.
pub fn zoned_instant(local: &str, zone: &str) -> Result<f64> {
    let tz = super::calendar::time_zone(zone, "timeZone")?;
    let ms = local_instant(local, &tz).ok_or_else(|| Error::InvalidTimestamp {
        field: "local".into(),
        index: None,
        detail: format!("is \"{}\", not a local date and time (YYYY-MM-DDTHH:MM, seconds optional)", crate::error::echo(local)).into(),
    })?;
    check_ms(ms, "local", None)?;
    Ok(ms)
}

/// The instant of a local date and time written without an offset, by
/// the syntax of [`parse_local_time`](crate::time::parse_local_time)
/// (`"2026-03-12T16:00"`, `T`, `t` or a space, seconds and their fraction
/// optional, or a date alone: midnight) in zone `tz`, by the "compatible"
/// rule of RFC 5545 and Temporal: a time the clocks skip moves forward by
/// the gap, a repeated time is taken at its first occurrence. `None` for
/// any other text.
pub fn local_instant(local: &str, tz: &jiff::tz::TimeZone) -> Option<f64> {
    let b = local.as_bytes();
    let (t, end) = crate::time::parse_local_time(b, true)?;
    if end != b.len() {
        return None;
    }
    let dt = jiff::civil::DateTime::new(i16::try_from(t.year).ok()?, t.month as i8, t.day as i8, t.hour as i8, t.minute as i8, t.second as i8, 0).ok()?;
    // `to_timestamp` uses the compatible disambiguation; the fraction is
    // added after (it is within the second, which no clock change splits).
    Some(super::instant::with_fraction(tz.to_timestamp(dt).ok()?.as_millisecond() as f64, t.fraction_ms))
}

#[cfg(test)]
mod zoned_tests {
    use super::*;

    #[test]
    fn local_times_in_a_zone() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_millisecond() as f64;
        assert_eq!(zoned_instant("2026-03-12T16:00", "Europe/Berlin").unwrap(), at("2026-03-12T15:00:00Z"));
        // New York skips 02:00–03:00 on 8 March 2026: 02:30 is 03:30 EDT.
        assert_eq!(zoned_instant("2026-03-08T02:30", "America/New_York").unwrap(), at("2026-03-08T07:30:00Z"));
        // 01:30 on 1 November 2026 happens twice: the first (EDT).
        assert_eq!(zoned_instant("2026-11-01T01:30:00", "America/New_York").unwrap(), at("2026-11-01T05:30:00Z"));
        assert_eq!(zoned_instant("2026-11-01", "UTC").unwrap(), at("2026-11-01T00:00:00Z"));
        assert_eq!(zoned_instant("2026-11-01T25:00", "UTC").unwrap_err().code(), "INVALID_TIMESTAMP");
        assert_eq!(zoned_instant("yesterday", "UTC").unwrap_err().code(), "INVALID_TIMESTAMP");
        assert_eq!(zoned_instant("2026-11-01", "Mars/Base").unwrap_err().code(), "UNKNOWN_TIME_ZONE");
    }

    #[test]
    fn local_times_read_by_the_syntax_of_instants() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_millisecond() as f64;
        let berlin = crate::time::calendar::time_zone("Europe/Berlin", "timeZone").unwrap();
        let l = |s: &str| local_instant(s, &berlin);
        assert_eq!(l("2026-07-01"), Some(at("2026-06-30T22:00:00Z")));
        assert_eq!(l("2026-07-01 12:30"), Some(at("2026-07-01T10:30:00Z")));
        assert_eq!(l("2026-07-01t12:30:15"), Some(at("2026-07-01T10:30:15Z")));
        assert_eq!(l("2026-07-01T12:30:15.25"), Some(at("2026-07-01T10:30:15Z") + 250.0));
        assert_eq!(l("2026-07-01T12:30:15,000001"), Some(at("2026-07-01T10:30:15Z") + 0.001));
        assert_eq!(l("2026-07-01T23:59:60"), Some(at("2026-07-01T21:59:59Z")));
        // With an offset, after the time, or not on the calendar: not a
        // local time (an offset is read by parse_instant).
        for s in ["2026-07-01T12:30Z", "2026-07-01T12:30+02:00", "2026-07-01 ", "2026-07-01T12", "2026-02-29", "2026-13-01", "2026-7-1", "01/07/2026", "", "2026-07-01T12:30:15."] {
            assert_eq!(l(s), None, "{s}");
        }
        assert_eq!(crate::time::parse_instant("2026-07-01"), None);
    }
}
