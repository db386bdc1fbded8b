//! Holiday rules: dates that recur every year, written once.
//!
//! A rule gives at most one date per year (its *base* date), and, with an
//! observed-date rule, a second date when the base falls on a weekend:
//!
//! - a fixed date (`"*-12-25"`, `{ month: 12, day: 25 }`);
//! - the nth or last weekday of a month (`{ month: 11, weekday: "thu", nth:
//!   4 }`; `nth: -1` is the last);
//! - a weekday relative to a fixed date (`{ weekday: "mon", onOrAfter:
//!   "*-05-24" }`; also `after`, `onOrBefore`, `before`);
//! - a day relative to Easter Sunday, Western (Gregorian computus,
//!   Meeus/Jones/Butcher) or Orthodox (Julian computus, converted to the
//!   Gregorian calendar) (`{ easter: -2 }`, `{ easter: 1, orthodox: true }`);
//! - one date (`"2026-06-19"`).
//!
//! Observed dates (`observed`):
//! - `"nearest-weekday"`: Saturday → the Friday before, Sunday → the Monday
//!   after (US federal holidays);
//! - `"sunday-to-monday"`: Sunday → Monday;
//! - `"weekend-to-monday"`: Saturday or Sunday → Monday;
//! - `"next-free-weekday"`: Saturday or Sunday → the next weekday that is
//!   neither another rule's own date nor already the substitute day of an
//!   earlier rule (UK substitute days, Christmas before Boxing Day: Christmas
//!   on a Saturday is observed on Monday the 27th and Boxing Day on Tuesday
//!   the 28th; Christmas on a Sunday on Tuesday the 27th, after Boxing Day
//!   on the Monday);
//! - `"previous-free-weekday"`: Saturday or Sunday, or a date an earlier
//!   rule already closes → the previous weekday that is not already a
//!   holiday (Texas's Christmas Eve, before a Christmas observed on Friday
//!   the 24th).
//!
//! The base date stays a holiday too. `from` and `to` bound the years a rule
//! applies in (inclusive). A rule with `hours` is a half day: those hours
//! instead of the weekday's (a holiday on the same date wins).

use jiff::civil::{Date, Weekday};
use std::borrow::Cow;

/// Seconds since local midnight, `[start, end)`.
pub type Hours = Vec<(u32, u32)>;

/// How a rule finds its date in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    /// One date.
    Date(Date),
    /// Month and day, every year (29 February only in leap years).
    Fixed {
        /// 1–12.
        month: i8,
        /// 1–31.
        day: i8,
    },
    /// The nth weekday of a month (1–5), or from its end (−1 last … −5).
    Nth {
        /// 1–12.
        month: i8,
        /// The weekday.
        weekday: Weekday,
        /// 1–5 or −1…−5.
        nth: i8,
    },
    /// The first `weekday` after (or before) a fixed date, or on it when
    /// `inclusive`.
    Relative {
        /// 1–12.
        month: i8,
        /// 1–31.
        day: i8,
        /// The weekday.
        weekday: Weekday,
        /// After the date (else before it).
        after: bool,
        /// The date itself counts.
        inclusive: bool,
    },
    /// Days after Easter Sunday (negative: before).
    Easter {
        /// Days from Easter Sunday.
        offset: i16,
        /// Orthodox Easter (else Western).
        orthodox: bool,
    },
}

/// Where a holiday that falls on a weekend is observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Observed {
    /// Only on its date.
    #[default]
    None,
    /// Saturday → Friday, Sunday → Monday.
    NearestWeekday,
    /// Sunday → Monday.
    SundayToMonday,
    /// Saturday or Sunday → Monday.
    WeekendToMonday,
    /// Saturday or Sunday → the next weekday that is not already a holiday.
    NextFreeWeekday,
    /// Saturday or Sunday, or a date an earlier rule already closes → the
    /// previous weekday that is not already a holiday (Texas's Christmas
    /// Eve: Friday 22 December when the 24th is a Sunday, Thursday 23rd
    /// when the 24th is the Friday that observes Christmas).
    PreviousFreeWeekday,
}

/// A holiday rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Its date in a year.
    pub day: Day,
    /// Where it is observed when on a weekend.
    pub observed: Observed,
    /// First year it applies in.
    pub from: Option<i16>,
    /// Last year it applies in.
    pub to: Option<i16>,
    /// Hours for a half day; `None`: closed all day.
    pub hours: Option<Cow<'static, [(u32, u32)]>>,
    /// Its name.
    pub name: Cow<'static, str>,
}

impl Rule {
    /// A rule closing `day` all day, every year, unnamed.
    pub const fn new(day: Day) -> Rule {
        Rule { day, observed: Observed::None, from: None, to: None, hours: None, name: Cow::Borrowed("") }
    }

    /// The base date of the rule in `year` (before observing), if the rule
    /// gives one that year.
    pub fn base(&self, year: i16) -> Option<Date> {
        if self.from.is_some_and(|f| year < f) || self.to.is_some_and(|t| year > t) {
            return None;
        }
        match self.day {
            Day::Date(d) => (d.year() == year).then_some(d),
            Day::Fixed { month, day } => Date::new(year, month, day).ok(),
            Day::Nth { month, weekday, nth } => {
                let first = Date::new(year, month, 1).ok()?;
                if nth > 0 {
                    let shift = (weekday.to_monday_zero_offset() - first.weekday().to_monday_zero_offset()).rem_euclid(7);
                    let d = add_days(first, i64::from(shift) + 7 * i64::from(nth - 1))?;
                    (d.month() == month).then_some(d)
                } else {
                    let last = first.last_of_month();
                    let shift = (last.weekday().to_monday_zero_offset() - weekday.to_monday_zero_offset()).rem_euclid(7);
                    let d = add_days(last, -(i64::from(shift) + 7 * i64::from(-nth - 1)))?;
                    (d.month() == month).then_some(d)
                }
            }
            Day::Relative { month, day, weekday, after, inclusive } => {
                let anchor = Date::new(year, month, day).ok()?;
                let a = anchor.weekday().to_monday_zero_offset();
                let w = weekday.to_monday_zero_offset();
                let mut shift = if after { (w - a).rem_euclid(7) } else { -((a - w).rem_euclid(7)) };
                if shift == 0 && !inclusive {
                    shift = if after { 7 } else { -7 };
                }
                add_days(anchor, i64::from(shift))
            }
            Day::Easter { offset, orthodox } => {
                let e = if orthodox { orthodox_easter(year)? } else { western_easter(year)? };
                add_days(e, i64::from(offset))
            }
        }
    }
}

/// Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher), valid for every Gregorian year.
pub fn western_easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    Date::new(year, month as i8, day as i8).ok()
}

/// Orthodox Easter Sunday: Meeus's Julian algorithm, then the Julian date
/// converted to the Gregorian calendar (13 days in 1900–2099; the
/// difference grows by a day in each century year not divisible by 400).
pub fn orthodox_easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y.rem_euclid(4);
    let b = y.rem_euclid(7);
    let c = y.rem_euclid(19);
    let d = (19 * c + 15).rem_euclid(30);
    let e = (2 * a + 4 * b - d + 34).rem_euclid(7);
    let month = (d + e + 114).div_euclid(31);
    let day = (d + e + 114).rem_euclid(31) + 1;
    // Julian → Gregorian: days = ⌊y/100⌋ − ⌊y/400⌋ − 2 (for March–April).
    let shift = y.div_euclid(100) - y.div_euclid(400) - 2;
    let julian = Date::new(year, month as i8, day as i8).ok()?;
    add_days(julian, i64::from(shift))
}

/// The countries with bundled public holidays.
pub fn bundled_codes() -> Vec<&'static str> {
    super::countries::COUNTRIES.iter().map(|c| c.code).collect()
}

/// The rules of a bundled national set (and of a subdivision's own
/// holidays); `None` for an unknown country or subdivision.
pub fn bundled(country: &str, subdivision: Option<&str>) -> Option<Vec<Rule>> {
    super::countries::rules_for(country, subdivision)
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The day number of a date (days since 1970-01-01).
pub fn day_number(d: Date) -> i64 {
    crate::time::days_from_civil(i64::from(d.year()), d.month() as u32, d.day() as u32)
}

/// `d` plus `n` days (by day numbers: jiff's span arithmetic is not
/// needed for whole days); `None` outside years −9999..9999.
pub fn add_days(d: Date, n: i64) -> Option<Date> {
    let (y, m, day) = crate::time::civil_from_days(day_number(d).checked_add(n)?);
    Date::new(i16::try_from(y).ok()?, m as i8, day as i8).ok()
}

/// Every date the rules give in `year`: `(date, rule, observed)`, in rule
/// order (an observed date right after its base date). Observed dates that
/// fall in the next or previous year (1 January on a Saturday, observed on
/// 31 December) are counted in the year they fall in.
fn occurrences(rules: &[Rule], year: i16) -> Vec<(Date, usize, bool)> {
    let mut out = Vec::new();
    let mut closed: Vec<Date> = Vec::new();
    for y in [year.saturating_sub(1), year, year.saturating_add(1)] {
        closed.clear();
        // The rules' own dates: a substitute day never lands on another
        // holiday's date, whichever rule comes first.
        let own: Vec<Date> = rules.iter().filter(|r| r.hours.is_none()).filter_map(|r| r.base(y)).collect();
        for (k, r) in rules.iter().enumerate() {
            let Some(base) = r.base(y) else { continue };
            let mut days = vec![(base, false)];
            if r.observed == Observed::PreviousFreeWeekday && (is_weekend(base) || closed.contains(&base)) {
                let mut d = add_days(base, -1);
                while let Some(x) = d {
                    if !is_weekend(x) && !closed.contains(&x) {
                        break;
                    }
                    d = add_days(x, -1);
                }
                days.extend(d.map(|d| (d, true)));
            } else if is_weekend(base) {
                let shifted = match (r.observed, base.weekday()) {
                    (Observed::None, _) => None,
                    (Observed::NearestWeekday, Weekday::Saturday) => add_days(base, -1),
                    (Observed::NearestWeekday | Observed::SundayToMonday, Weekday::Sunday) => add_days(base, 1),
                    (Observed::SundayToMonday, _) => None,
                    (Observed::WeekendToMonday, Weekday::Saturday) => add_days(base, 2),
                    (Observed::WeekendToMonday, _) => add_days(base, 1),
                    (Observed::NextFreeWeekday, _) => {
                        let mut d = add_days(base, 1);
                        while let Some(x) = d {
                            if !is_weekend(x) && !closed.contains(&x) && !own.contains(&x) {
                                break;
                            }
                            d = add_days(x, 1);
                        }
                        d
                    }
                    _ => None,
                };
                days.extend(shifted.map(|d| (d, true)));
            }
            for (d, observed) in days {
                if r.hours.is_none() {
                    closed.push(d);
                }
                if d.year() == year {
                    out.push((d, k, observed));
                }
            }
        }
    }
    out
}

/// The dates of `rules` in `year`, each with its hours (`None`: closed),
/// sorted; a closed day wins over a half day on the same date.
pub fn dates_in(rules: &[Rule], year: i16) -> Vec<(Date, Option<Hours>)> {
    let mut out: Vec<(Date, Option<Hours>)> =
        occurrences(rules, year).into_iter().map(|(d, k, _)| (d, rules[k].hours.as_ref().map(|h| h.to_vec()))).collect();
    // Closed wins over hours; one entry per date.
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.is_some().cmp(&b.1.is_some())));
    out.dedup_by(|later, first| later.0 == first.0);
    out
}

/// One holiday as `publicHolidays` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Holiday {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Its name.
    pub name: String,
    /// Whether this is the observed (substitute) day of a holiday on a
    /// weekend.
    pub observed: bool,
}

/// The closed days of `rules` in years `from..=to`, sorted by date (a date
/// two holidays share is listed for each).
pub fn holidays_in(rules: &[Rule], from: i16, to: i16) -> Vec<Holiday> {
    let mut out = Vec::new();
    for y in from..=to {
        let mut v: Vec<(Date, usize, bool)> = occurrences(rules, y).into_iter().filter(|&(_, k, _)| rules[k].hours.is_none()).collect();
        v.sort_by_key(|x| x.0);
        out.extend(v.into_iter().map(|(d, k, observed)| Holiday { date: d.to_string(), name: rules[k].name.to_string(), observed }));
    }
    out
}

/// The options of `publicHolidays`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ListOptions {
    /// A subdivision (`"CA"`, `"SP"`, `"BY"`).
    pub subdivision: Option<String>,
    /// First year (default: this year).
    pub from: Option<f64>,
    /// Last year (default: `from`).
    pub to: Option<f64>,
}

/// `publicHolidays(country, options)`: a bundled set's holidays in years
/// `from..=to` (default: the year of `now`, UTC).
///
/// # Errors
/// `INVALID_OPTION` for an unknown country or subdivision, or years that
/// are not whole numbers from 1 to 9999 (at most 200 of them).
pub fn public_holidays(country: &str, o: &ListOptions, now: Option<f64>) -> crate::Result<Vec<Holiday>> {
    let rules = bundled(country, o.subdivision.as_deref()).ok_or_else(|| match bundled(country, None) {
        Some(_) => crate::Error::option(
            "subdivision",
            format!("\"{}\" is not a subdivision of {} with its own holidays", crate::error::echo(o.subdivision.as_deref().unwrap_or("")), crate::error::echo(country)),
        ),
        None => crate::Error::option("country", format!("\"{}\" has no bundled holidays; bundled: {}", crate::error::echo(country), bundled_codes().join(", "))),
    })?;
    let this_year = now.map_or(2026, |ms| crate::time::civil_from_days((ms / 86_400_000.0).floor() as i64).0) as f64;
    let year = |v: Option<f64>, name: &str, default: f64| -> crate::Result<i16> {
        let y = v.unwrap_or(default);
        if y.fract() == 0.0 && (1.0..=9999.0).contains(&y) {
            Ok(y as i16)
        } else {
            Err(crate::Error::option(name.to_string(), format!("must be a year from 1 to 9999; got {}", crate::error::num(y))))
        }
    };
    let from = year(o.from, "from", this_year)?;
    let to = year(o.to, "to", f64::from(from))?;
    if to < from || to - from >= 200 {
        return Err(crate::Error::option("to", format!("must be from `from` ({from}) to 199 years after it; got {to}")));
    }
    Ok(holidays_in(&rules, from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn easter_dates_by_hand() {
        // Published tables (e.g. the US Naval Observatory's and the Orthodox
        // Church's calendars).
        for (y, w, o) in [(2000, "2000-04-23", "2000-04-30"), (2024, "2024-03-31", "2024-05-05"), (2025, "2025-04-20", "2025-04-20"), (2026, "2026-04-05", "2026-04-12"), (2038, "2038-04-25", "2038-04-25"), (2050, "2050-04-10", "2050-04-17")] {
            assert_eq!(western_easter(y), Some(date(w)), "{y}");
            assert_eq!(orthodox_easter(y), Some(date(o)), "{y}");
        }
    }

    #[test]
    fn rules_by_hand() {
        let nth = |month, weekday, nth| Rule::new(Day::Nth { month, weekday, nth });
        // Thanksgiving 2026: 4th Thursday of November = 26th; Memorial Day:
        // last Monday of May 2026 = 25th.
        assert_eq!(nth(11, Weekday::Thursday, 4).base(2026), Some(date("2026-11-26")));
        assert_eq!(nth(5, Weekday::Monday, -1).base(2026), Some(date("2026-05-25")));
        assert_eq!(nth(2, Weekday::Monday, 5).base(2026), None);
        // Buß- und Bettag: the Wednesday before 23 November (2026: 18th).
        let bb = Rule::new(Day::Relative { month: 11, day: 23, weekday: Weekday::Wednesday, after: false, inclusive: false });
        assert_eq!(bb.base(2026), Some(date("2026-11-18")));
        assert_eq!(bb.base(2022), Some(date("2022-11-16")), "23 Nov 2022 was a Wednesday: the one before");
        // Good Friday 2026.
        assert_eq!(Rule::new(Day::Easter { offset: -2, orthodox: false }).base(2026), Some(date("2026-04-03")));
        // 29 February only in leap years.
        assert_eq!(Rule::new(Day::Fixed { month: 2, day: 29 }).base(2026), None);
        let mut r = Rule::new(Day::Fixed { month: 11, day: 20 });
        r.from = Some(2024);
        assert_eq!((r.base(2023), r.base(2024)), (None, Some(date("2024-11-20"))));
    }

    #[test]
    fn observed_dates() {
        // US: 4 July 2026 is a Saturday, observed Friday 3rd; 1 January 2022
        // a Saturday, observed Friday 31 December 2021 (counted in 2021).
        let mut july = Rule::new(Day::Fixed { month: 7, day: 4 });
        july.observed = Observed::NearestWeekday;
        let mut ny = Rule::new(Day::Fixed { month: 1, day: 1 });
        ny.observed = Observed::NearestWeekday;
        let days = |rules: &[Rule], y| dates_in(rules, y).into_iter().map(|d| d.0.to_string()).collect::<Vec<_>>();
        assert_eq!(days(&[july.clone()], 2026), ["2026-07-03", "2026-07-04"]);
        assert_eq!(days(&[ny.clone()], 2021), ["2021-01-01", "2021-12-31"]);
        assert_eq!(days(&[ny], 2022), ["2022-01-01"]);
        // UK 2021: Christmas Saturday → Monday 27th, Boxing Day Sunday →
        // Tuesday 28th.
        let mut xmas = Rule::new(Day::Fixed { month: 12, day: 25 });
        xmas.observed = Observed::NextFreeWeekday;
        let mut boxing = Rule::new(Day::Fixed { month: 12, day: 26 });
        boxing.observed = Observed::NextFreeWeekday;
        assert_eq!(days(&[xmas.clone(), boxing.clone()], 2021), ["2021-12-25", "2021-12-26", "2021-12-27", "2021-12-28"]);
        // Which substitute day is whose: Christmas (Saturday) takes Monday
        // the 27th, Boxing Day (Sunday) Tuesday the 28th (gov.uk's 2021
        // list); Christmas on a Sunday skips Boxing Day's Monday (2022).
        let whose = |y| occurrences(&[xmas.clone(), boxing.clone()], y).into_iter().filter(|o| o.2).map(|(d, k, _)| (d.to_string(), k)).collect::<Vec<_>>();
        assert_eq!(whose(2021), [("2021-12-27".to_string(), 0), ("2021-12-28".to_string(), 1)]);
        assert_eq!(whose(2022), [("2022-12-27".to_string(), 0)]);
    }
}
