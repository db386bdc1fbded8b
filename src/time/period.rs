//! Periods of local time in a time zone: clock hours, days, weeks, months,
//! quarters, years, and fiscal quarters and years.
//!
//! A period is numbered by an id ([`Periods::id_of`]) that grows by one from
//! a period to the next (for hours: the period's start instant, and
//! [`Periods::next`] steps to the next). Day-long and longer periods start
//! at local midnight, found by the "compatible" rule of RFC 5545 and
//! Temporal (a midnight in a gap moves forward by the gap), so a day has 23
//! or 25 hours across a clock change; hours are counted on the timeline (a
//! fall-back night has 25 of them).
//!
//! Labels are stable strings:
//!
//! | every | label |
//! |---|---|
//! | `hour` | `2026-03-14T09:00+01:00` (local start with its offset) |
//! | `day` | `2026-03-14` |
//! | `week` | `2026-W09` (ISO 8601 week, Monday start, ISO week-year) |
//! | `week-sunday` | `2026-03-08` (the Sunday that starts it) |
//! | `month` | `2026-03` |
//! | `quarter` | `2026-Q1` |
//! | `year` | `2026` |
//! | `fiscal-quarter` | `FY2027-Q1` |
//! | `fiscal-year` | `FY2027` |
//!
//! A fiscal year starts on the first day of the month `fiscalYearStart`
//! (1–12) and is named by the calendar year in which it ends (FY2027 starts
//! on 1 April 2026 when `fiscalYearStart` is 4), as the U.S. federal
//! government, Microsoft and Apple name theirs; with `fiscalYearStart: 1` it
//! is the calendar year.

use super::{civil_from_days, days_from_civil};
use crate::error::{Error, Result};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The length of the periods of a series or a grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// Clock hours (on the timeline).
    Hour,
    /// Local days.
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Weeks from Sunday to Saturday.
    WeekSunday,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
    /// Fiscal quarters (with a fiscal year start month).
    FiscalQuarter,
    /// Fiscal years.
    FiscalYear,
}

impl Period {
    /// Its usual length in days (to choose between ways of computing, never
    /// for dates: months and years have their calendar lengths).
    pub fn nominal_days(self) -> f64 {
        match self {
            Period::Hour => 1.0 / 24.0,
            Period::Day => 1.0,
            Period::Week | Period::WeekSunday => 7.0,
            Period::Month => 30.44,
            Period::Quarter | Period::FiscalQuarter => 91.31,
            Period::Year | Period::FiscalYear => 365.25,
        }
    }
}

const HOUR_MS: f64 = 3_600_000.0;

/// Periods of one length in one zone.
#[derive(Debug, Clone)]
pub struct Periods {
    /// The length.
    pub every: Period,
    /// First month of the fiscal year, 1–12.
    pub fiscal_start: u8,
    /// The zone.
    pub tz: TimeZone,
}

fn range_err() -> Error {
    Error::option("every", "reaches a date outside years -9999..9999")
}

impl Periods {
    /// Periods of `every` in `tz`, fiscal years starting in month
    /// `fiscal_start`.
    ///
    /// # Errors
    /// `INVALID_OPTION` (option `fiscalYearStart`) for a month outside 1–12.
    pub fn new(every: Period, fiscal_start: f64, tz: TimeZone) -> Result<Periods> {
        if !(fiscal_start.fract() == 0.0 && (1.0..=12.0).contains(&fiscal_start)) {
            return Err(Error::option(
                "fiscalYearStart",
                format!("must be a month number from 1 (January) to 12; got {}", crate::error::num(fiscal_start)),
            ));
        }
        Ok(Periods { every, fiscal_start: fiscal_start as u8, tz })
    }

    fn local_date(&self, ms: f64) -> Result<(Date, jiff::civil::DateTime)> {
        // The millisecond the instant is in (floor: −0.4 is in the last
        // millisecond of 1969, where a cast to an integer made it 1970's).
        let ts = Timestamp::from_millisecond(ms.floor() as i64).map_err(|_| range_err())?;
        let dt = self.tz.to_datetime(ts);
        Ok((dt.date(), dt))
    }

    fn days(d: Date) -> i64 {
        days_from_civil(d.year() as i64, d.month() as u32, d.day() as u32)
    }

    fn date(days: i64) -> Result<Date> {
        let (y, m, d) = civil_from_days(days);
        Date::new(i16::try_from(y).map_err(|_| range_err())?, m as i8, d as i8).map_err(|_| range_err())
    }

    /// The fiscal year of a year and month (named by the year it ends in).
    fn fiscal_year(&self, y: i64, m: i64) -> i64 {
        let s = self.fiscal_start as i64;
        y + (s > 1 && m >= s) as i64
    }

    /// The id of the period containing instant `ms` (epoch ms).
    ///
    /// # Errors
    /// `INVALID_OPTION` for an instant outside the supported range.
    pub fn id_of(&self, ms: f64) -> Result<i64> {
        let (d, dt) = self.local_date(ms)?;
        let (y, m) = (d.year() as i64, d.month() as i64);
        Ok(match self.every {
            Period::Hour => {
                let into = dt.minute() as i64 * 60_000 + dt.second() as i64 * 1000 + dt.subsec_nanosecond() as i64 / 1_000_000;
                ms.floor() as i64 - into
            }
            Period::Day => Self::days(d),
            Period::Week => (Self::days(d) + 3).div_euclid(7),
            Period::WeekSunday => (Self::days(d) + 4).div_euclid(7),
            Period::Month => y * 12 + m - 1,
            Period::Quarter => y * 4 + (m - 1) / 3,
            Period::Year => y,
            Period::FiscalYear => self.fiscal_year(y, m),
            Period::FiscalQuarter => {
                let k = (m - self.fiscal_start as i64).rem_euclid(12) / 3;
                self.fiscal_year(y, m) * 4 + k
            }
        })
    }

    /// The local date that starts period `id` (not for hours).
    fn start_date(&self, id: i64) -> Result<Date> {
        let ym = |y: i64, m0: i64| -> Result<Date> {
            let (y, m0) = (y + m0.div_euclid(12), m0.rem_euclid(12));
            Date::new(i16::try_from(y).map_err(|_| range_err())?, (m0 + 1) as i8, 1).map_err(|_| range_err())
        };
        let s0 = self.fiscal_start as i64 - 1;
        match self.every {
            Period::Hour => Err(range_err()),
            Period::Day => Self::date(id),
            Period::Week => Self::date(id * 7 - 3),
            Period::WeekSunday => Self::date(id * 7 - 4),
            Period::Month => ym(id.div_euclid(12), id.rem_euclid(12)),
            Period::Quarter => ym(id.div_euclid(4), id.rem_euclid(4) * 3),
            Period::Year => ym(id, 0),
            Period::FiscalYear => ym(id - (s0 > 0) as i64, s0),
            Period::FiscalQuarter => ym(id.div_euclid(4) - (s0 > 0) as i64, s0 + id.rem_euclid(4) * 3),
        }
    }

    /// The start instant of period `id` (epoch ms).
    ///
    /// # Errors
    /// `INVALID_OPTION` outside the supported range.
    pub fn start(&self, id: i64) -> Result<f64> {
        if self.every == Period::Hour {
            return Ok(id as f64);
        }
        let d = self.start_date(id)?;
        let ts = self.tz.to_timestamp(d.at(0, 0, 0, 0)).map_err(|_| range_err())?;
        Ok(ts.as_millisecond() as f64)
    }

    /// The id of the period after `id`.
    ///
    /// # Errors
    /// `INVALID_OPTION` outside the supported range.
    pub fn next(&self, id: i64) -> Result<i64> {
        match self.every {
            // The local hour an hour later on the timeline.
            Period::Hour => {
                let n = self.id_of(id as f64 + HOUR_MS)?;
                Ok(if n > id { n } else { id + HOUR_MS as i64 })
            }
            _ => Ok(id + 1),
        }
    }

    /// The end instant of period `id` (the start of the next; exclusive).
    ///
    /// # Errors
    /// `INVALID_OPTION` outside the supported range.
    pub fn end(&self, id: i64) -> Result<f64> {
        self.start(self.next(id)?)
    }

    /// The label of period `id` (see the module docs).
    ///
    /// # Errors
    /// `INVALID_OPTION` outside the supported range.
    pub fn label(&self, id: i64) -> Result<String> {
        // Four digits, and a sign before years before 1 BC (ISO 8601's
        // expanded form, as "-0001-W52" sorts with its kind).
        let year = |y: i64| if y < 0 { format!("{y:05}") } else { format!("{y:04}") };
        Ok(match self.every {
            Period::Hour => {
                let ts = Timestamp::from_millisecond(id).map_err(|_| range_err())?;
                let z = self.tz.to_datetime(ts);
                let off = self.tz.to_offset(ts).seconds();
                let sign = if off < 0 { '-' } else { '+' };
                let off = off.unsigned_abs();
                let d = z.date();
                format!(
                    "{}-{:02}-{:02}T{:02}:00{sign}{:02}:{:02}",
                    year(d.year() as i64),
                    d.month(),
                    d.day(),
                    z.hour(),
                    off / 3600,
                    off / 60 % 60
                )
            }
            Period::Day | Period::WeekSunday => {
                let d = self.start_date(id)?;
                format!("{}-{:02}-{:02}", year(d.year() as i64), d.month(), d.day())
            }
            Period::Week => {
                let w = self.start_date(id)?.iso_week_date();
                format!("{}-W{:02}", year(w.year() as i64), w.week())
            }
            Period::Month => format!("{}-{:02}", year(id.div_euclid(12)), id.rem_euclid(12) + 1),
            Period::Quarter => format!("{}-Q{}", year(id.div_euclid(4)), id.rem_euclid(4) + 1),
            Period::Year => year(id),
            Period::FiscalYear => format!("FY{}", year(id)),
            Period::FiscalQuarter => format!("FY{}-Q{}", year(id.div_euclid(4)), id.rem_euclid(4) + 1),
        })
    }

    /// Whether periods are a day or longer (their bounds are local midnights).
    pub fn whole_days(&self) -> bool {
        self.every != Period::Hour
    }

    /// Whether period `id` has any time in it. Only a day can have none: one
    /// a zone skipped when it moved across the date line (Pacific/Kiritimati's
    /// 1994-12-31, Samoa's 2011-12-30); other periods are not looked up.
    ///
    /// # Errors
    /// `INVALID_OPTION` outside the supported range.
    pub fn happened(&self, id: i64) -> Result<bool> {
        Ok(self.every != Period::Day || self.start(id)? < self.end(id)?)
    }

    /// The local day number (days since 1970-01-01) of an instant.
    ///
    /// # Errors
    /// `INVALID_OPTION` outside the supported range.
    pub fn day_of(&self, ms: f64) -> Result<i64> {
        Ok(Self::days(self.local_date(ms)?.0))
    }

    /// The instant of local midnight starting day number `day`.
    ///
    /// # Errors
    /// `INVALID_OPTION` outside the supported range.
    pub fn midnight(&self, day: i64) -> Result<f64> {
        let ts = self.tz.to_timestamp(Self::date(day)?.at(0, 0, 0, 0)).map_err(|_| range_err())?;
        Ok(ts.as_millisecond() as f64)
    }
}

/// Places instants in periods: the period starts over the span of the data
/// (a time-zone conversion per row would cost ten times more), and a guide
/// table of equal steps a little shorter than the shortest period, so that
/// finding an instant's period is a multiplication, a rounding and at most
/// one comparison.
pub struct Bucketer {
    /// Start instant of each period, ascending, and the end of the last.
    pub starts: Vec<f64>,
    /// Id of each period (day numbers with `days`).
    pub ids: Vec<i64>,
    /// The guide: entry g is the period at (the instant a little before)
    /// `starts[0] + (g − ½)·step`, clamped to the periods; empty when there
    /// is none.
    guide: Vec<GuideEntry>,
    /// 1 / step.
    inverse: f64,
}

impl Bucketer {
    /// Most periods a grouping spans.
    pub const MAX_PERIODS: usize = 1 << 20;
    /// Largest guide table.
    const MAX_GUIDE: usize = 1 << 22;

    /// The periods (or local days, with `days`) from the one holding `lo`
    /// to the one holding `hi`.
    ///
    /// # Errors
    /// `INVALID_OPTION` (option `by`) for more than [`Self::MAX_PERIODS`].
    pub fn new(periods: &Periods, days: bool, lo: f64, hi: f64) -> Result<Self> {
        let id_of = |ms: f64| if days { periods.day_of(ms) } else { periods.id_of(ms) };
        let start_of = |id: i64| if days { periods.midnight(id) } else { periods.start(id) };
        let next = |id: i64| if days { Ok(id + 1) } else { periods.next(id) };
        let (first, last) = (id_of(lo)?, id_of(hi)?);
        let mut b = Bucketer { starts: Vec::new(), ids: Vec::new(), guide: Vec::new(), inverse: 0.0 };
        let mut id = first;
        loop {
            b.ids.push(id);
            b.starts.push(start_of(id)?);
            if id >= last {
                break;
            }
            if b.ids.len() >= Self::MAX_PERIODS {
                return Err(Error::option(
                    "by",
                    format!("the data spans more than {} periods (or days, with rolling); use a longer period", Self::MAX_PERIODS),
                ));
            }
            id = next(id)?;
        }
        b.starts.push(start_of(next(last)?)?);
        let shortest = b.starts.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min);
        let span = b.starts[b.starts.len() - 1] - b.starts[0];
        if shortest > 0.0 && span / shortest + 4.0 < Self::MAX_GUIDE as f64 {
            // An instant t is looked up at g = round((t − starts[0]) / step),
            // so the guide's point g − ½ steps (less a margin) is at or
            // before t, and less than a step plus the margin before it: less
            // than the shortest period, so at most one boundary lies between.
            // The margins (millionths of the shortest period, an hour or
            // more) cover the rounding of the instants (a tenth of a
            // millisecond at the ends of the supported range) and of the
            // division (billionths of a step).
            let margin = shortest * 1e-6;
            let step = shortest - 4.0 * margin;
            b.inverse = 1.0 / step;
            let last = b.ids.len() - 1;
            let mut k = 0usize;
            for g in 0..=Self::MAX_GUIDE {
                let at = b.starts[0] + (g as f64 - 0.5) * step - margin;
                while k < last && b.starts[k + 1] <= at {
                    k += 1;
                }
                b.guide.push(GuideEntry { period: k as u32, next: if k < last { b.starts[k + 1] } else { f64::INFINITY } });
                if k == last {
                    break;
                }
            }
        }
        Ok(b)
    }

    /// `out[i]` = the period index ([`Self::index`]) of each instant
    /// `t[i]`, plus `codes[i] · stride` with `codes` (a row's code and its
    /// period in one pass, wrapping), in a loop with the guide's fields held
    /// in locals (a call per row, or fields read again per row, would cost
    /// more than the row). `false` when an instant is outside
    /// [`crate::time::MIN_MS`]..=[`crate::time::MAX_MS`] (its index is then meaningless).
    /// (Not generic: one copy of the loop in the module.)
    pub fn indices(&self, t: &[f64], out: &mut [u32], codes: Option<(&[u32], u32)>) -> bool {
        let (codes, stride) = codes.unwrap_or((&[], 0));
        let each = |i: usize, p: u32| codes.get(i).map_or(p, |&c| c.wrapping_mul(stride).wrapping_add(p));
        let Some(guide) = self.guide() else {
            let mut ok = true;
            for (i, (o, &ms)) in out.iter_mut().zip(t).enumerate() {
                ok &= crate::time::in_range(ms);
                *o = each(i, self.search(ms));
            }
            return ok;
        };
        guide.indices(t, out, each)
    }

    /// The dense index of the period of `ms` (the first period before the
    /// span and for NaN, the last after it).
    /// (Always inlined: it runs once per row.)
    #[inline(always)]
    pub fn index(&self, ms: f64) -> u32 {
        if ms.is_nan() {
            return 0;
        }
        match self.guide() {
            Some(g) => g.at(ms),
            None => self.search(ms),
        }
    }

    /// A copy of the guide, for a loop of its own that places instants
    /// known to be within the supported range (`None` without a guide:
    /// use [`Self::indices`]).
    pub fn locator(&self) -> Option<Locator<'_>> {
        self.guide().map(Locator)
    }

    /// The guide's fields, to be held in locals (`None` without a guide).
    #[inline(always)]
    fn guide(&self) -> Option<Guide<'_>> {
        let top = self.guide.len().checked_sub(1)?;
        Some(Guide { start: self.starts[0], inverse: self.inverse, top: top as i64, guide: &self.guide })
    }

    /// The period of `ms` by binary search (when there is no guide).
    fn search(&self, ms: f64) -> u32 {
        let k = self.starts[..self.ids.len()].partition_point(|&s| s <= ms);
        k.saturating_sub(1) as u32
    }
}

/// 1.5 · 2⁵²: a number from −2⁵¹ to 2⁵¹ plus this is rounded to a whole
/// number, and the bits of the sum less the bits of this are that whole
/// number (a signed integer).
const ROUNDER: f64 = 6_755_399_441_055_744.0;

/// A [`Bucketer`]'s guide, held in locals by a loop of its own
/// ([`Bucketer::locator`]).
#[derive(Clone, Copy)]
pub struct Locator<'a>(Guide<'a>);

impl Locator<'_> {
    /// The period index of `ms`, an instant within the span the
    /// [`Bucketer`] was made for (else a period of the span, not
    /// necessarily the nearest).
    ///
    /// Its step is then at least 0, and clamped only to the last (its low
    /// 32 bits: [`ROUNDER`]'s are 0).
    #[inline(always)]
    pub fn at(&self, ms: f64) -> u32 {
        let Guide { start, inverse, .. } = self.0;
        let y = (ms - start) * inverse + ROUNDER;
        self.entry(y.to_bits() as u32, ms)
    }

    /// [`Self::at`] of two instants, their steps worked out side by side.
    #[inline(always)]
    pub fn at2(&self, a: f64, b: f64) -> (u32, u32) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            use core::arch::wasm32::*;
            let Guide { start, inverse, .. } = self.0;
            let y = f64x2_add(f64x2_mul(f64x2_sub(f64x2(a, b), f64x2_splat(start)), f64x2_splat(inverse)), f64x2_splat(ROUNDER));
            (self.entry(i64x2_extract_lane::<0>(y) as u32, a), self.entry(i64x2_extract_lane::<1>(y) as u32, b))
        }
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        {
            (self.at(a), self.at(b))
        }
    }

    /// The period of `ms`, whose rounded step has low bits `g`.
    #[inline(always)]
    fn entry(&self, g: u32, ms: f64) -> u32 {
        self.0.period((g as usize).min(self.0.guide.len() - 1), ms)
    }
}

/// One step of a [`Bucketer`]'s guide: the period at its point, and the
/// start of the next (infinite after the last), side by side.
#[derive(Debug, Clone, Copy)]
struct GuideEntry {
    next: f64,
    period: u32,
}

/// A [`Bucketer`]'s guide, borrowed once.
#[derive(Clone, Copy)]
struct Guide<'a> {
    start: f64,
    inverse: f64,
    /// The last step.
    top: i64,
    guide: &'a [GuideEntry],
}

impl Guide<'_> {
    /// The step of `ms`: (ms − start) / step rounded to a whole number,
    /// clamped to the guide.
    ///
    /// The rounding is that of adding [`ROUNDER`], and the clamp is on
    /// integers: WebAssembly's float-to-integer conversions saturate, and
    /// engines check that (and float selects) with branches that cost more
    /// than the rest of the row.
    #[inline(always)]
    fn step(&self, ms: f64) -> usize {
        let y = (ms - self.start) * self.inverse + ROUNDER;
        self.clamp(y.to_bits() as i64)
    }

    /// The step whose rounded sum has bits `bits`, clamped.
    #[inline(always)]
    fn clamp(&self, bits: i64) -> usize {
        let g = bits.wrapping_sub(ROUNDER.to_bits() as i64);
        let g = if g < 0 { 0 } else { g };
        (if g > self.top { self.top } else { g }) as usize
    }

    /// The period of `ms` (the first before the guide, the last after it).
    #[inline(always)]
    fn at(&self, ms: f64) -> u32 {
        self.period(self.step(ms), ms)
    }

    /// The period of `ms`, whose step is `g`: at most one boundary lies
    /// between the guide's point and `ms` (branch-free, as instants come in
    /// any order).
    #[inline(always)]
    fn period(&self, g: usize, ms: f64) -> u32 {
        let e = self.guide[g];
        e.period + (e.next <= ms) as u32
    }

    /// [`Bucketer::indices`] with a guide.
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    fn indices(&self, t: &[f64], out: &mut [u32], each: impl Fn(usize, u32) -> u32) -> bool {
        let mut ok = true;
        for (i, (o, &ms)) in out.iter_mut().zip(t).enumerate() {
            ok &= crate::time::in_range(ms);
            *o = each(i, self.at(ms));
        }
        ok
    }

    /// [`Bucketer::indices`] with a guide: two instants at a time, their
    /// steps as [`Self::step`] takes them.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn indices(&self, t: &[f64], out: &mut [u32], each: impl Fn(usize, u32) -> u32) -> bool {
        use core::arch::wasm32::*;
        let n = t.len().min(out.len());
        let (start, inverse, rounder) = (f64x2_splat(self.start), f64x2_splat(self.inverse), f64x2_splat(ROUNDER));
        let (min, max) = (f64x2_splat(crate::time::MIN_MS), f64x2_splat(crate::time::MAX_MS));
        let mut outside = i64x2_splat(0);
        let (pairs, rest) = (t[..n].chunks_exact(2), &t[n - n % 2..n]);
        for (j, (o, p)) in out[..n].chunks_exact_mut(2).zip(pairs).enumerate() {
            let v = f64x2(p[0], p[1]);
            outside = v128_or(outside, v128_not(v128_and(f64x2_ge(v, min), f64x2_le(v, max))));
            let y = f64x2_add(f64x2_mul(f64x2_sub(v, start), inverse), rounder);
            let (g0, g1) = (self.clamp(i64x2_extract_lane::<0>(y)), self.clamp(i64x2_extract_lane::<1>(y)));
            o[0] = each(2 * j, self.period(g0, p[0]));
            o[1] = each(2 * j + 1, self.period(g1, p[1]));
        }
        let mut ok = !v128_any_true(outside);
        if let (Some(o), [ms]) = (out[..n].last_mut(), rest) {
            ok &= crate::time::in_range(*ms);
            *o = each(n - 1, self.at(*ms));
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> f64 {
        crate::time::parse_instant(s).unwrap()
    }

    fn p(every: Period, tz: &str) -> Periods {
        Periods::new(every, 1.0, TimeZone::get(tz).unwrap()).unwrap()
    }

    fn label_of(ps: &Periods, t: &str) -> String {
        ps.label(ps.id_of(ms(t)).unwrap()).unwrap()
    }

    #[test]
    fn a_fraction_of_a_millisecond_before_1970_is_in_1969() {
        // −0.4 ms: cast to an integer it was 0, 1970's first millisecond.
        let m = p(Period::Month, "UTC");
        assert_eq!(m.label(m.id_of(-0.4).unwrap()).unwrap(), "1969-12");
        assert_eq!(m.label(m.id_of(0.0).unwrap()).unwrap(), "1970-01");
        assert_eq!(label_of(&m, "2026-03-31T23:59:59.9999999Z"), "2026-03");
        let d = p(Period::Day, "UTC");
        assert_eq!(d.label(d.id_of(-1e-9).unwrap()).unwrap(), "1969-12-31");
    }

    #[test]
    fn iso_weeks_follow_the_iso_year() {
        let w = p(Period::Week, "UTC");
        // 2021-01-03 (a Sunday) is in 2020-W53; 2021-01-04 starts 2021-W01.
        assert_eq!(label_of(&w, "2021-01-03T12:00:00Z"), "2020-W53");
        assert_eq!(label_of(&w, "2021-01-04T00:00:00Z"), "2021-W01");
        // 2024-12-30 (Monday) is 2025-W01.
        assert_eq!(label_of(&w, "2024-12-31T00:00:00Z"), "2025-W01");
        assert_eq!(label_of(&w, "2026-03-01T00:00:00Z"), "2026-W09");
        let id = w.id_of(ms("2026-03-01T00:00:00Z")).unwrap();
        assert_eq!(w.start(id).unwrap(), ms("2026-02-23T00:00:00Z"));
        assert_eq!(w.end(id).unwrap(), ms("2026-03-02T00:00:00Z"));
        let s = p(Period::WeekSunday, "UTC");
        assert_eq!(label_of(&s, "2026-03-14T00:00:00Z"), "2026-03-08");
        assert_eq!(label_of(&s, "2026-03-08T00:00:00Z"), "2026-03-08");
        assert_eq!(label_of(&s, "2026-03-07T23:59:59Z"), "2026-03-01");
    }

    #[test]
    fn local_days_across_clock_changes() {
        let d = p(Period::Day, "Europe/Berlin");
        // 00:30 in Berlin on 29 March is still 28 March UTC.
        assert_eq!(label_of(&d, "2026-03-28T23:30:00Z"), "2026-03-29");
        let id = d.id_of(ms("2026-03-29T12:00:00Z")).unwrap();
        // The spring-forward day has 23 hours.
        assert_eq!(d.end(id).unwrap() - d.start(id).unwrap(), 23.0 * 3_600_000.0);
        let m = p(Period::Month, "America/New_York");
        let id = m.id_of(ms("2026-03-01T04:59:00Z")).unwrap();
        assert_eq!(m.label(id).unwrap(), "2026-02");
        assert_eq!(m.start(id + 1).unwrap(), ms("2026-03-01T05:00:00Z"));
        // Hours: the fall-back night has two 01:00 hours, told apart by offset.
        let h = p(Period::Hour, "America/New_York");
        assert_eq!(label_of(&h, "2026-11-01T05:30:00Z"), "2026-11-01T01:00-04:00");
        assert_eq!(label_of(&h, "2026-11-01T06:30:00Z"), "2026-11-01T01:00-05:00");
        let first = h.id_of(ms("2026-11-01T05:30:00Z")).unwrap();
        assert_eq!(h.next(first).unwrap(), h.id_of(ms("2026-11-01T06:30:00Z")).unwrap());
        // Half-hour zones: hours start at :30 UTC.
        let k = p(Period::Hour, "Asia/Kolkata");
        assert_eq!(label_of(&k, "2026-03-14T03:29:00Z"), "2026-03-14T08:00+05:30");
        assert_eq!(k.start(k.id_of(ms("2026-03-14T03:29:00Z")).unwrap()).unwrap(), ms("2026-03-14T02:30:00Z"));
    }

    #[test]
    fn quarters_years_and_fiscal_years() {
        assert_eq!(label_of(&p(Period::Quarter, "UTC"), "2026-05-01T00:00:00Z"), "2026-Q2");
        assert_eq!(label_of(&p(Period::Year, "UTC"), "2026-05-01T00:00:00Z"), "2026");
        let f = Periods::new(Period::FiscalQuarter, 4.0, TimeZone::UTC).unwrap();
        // Fiscal year from April, named by the year it ends in.
        assert_eq!(label_of(&f, "2026-04-01T00:00:00Z"), "FY2027-Q1");
        assert_eq!(label_of(&f, "2026-03-31T23:00:00Z"), "FY2026-Q4");
        assert_eq!(label_of(&f, "2027-01-15T00:00:00Z"), "FY2027-Q4");
        let id = f.id_of(ms("2026-12-01T00:00:00Z")).unwrap();
        assert_eq!(f.label(id).unwrap(), "FY2027-Q3");
        assert_eq!(f.start(id).unwrap(), ms("2026-10-01T00:00:00Z"));
        assert_eq!(f.end(id).unwrap(), ms("2027-01-01T00:00:00Z"));
        let y = Periods::new(Period::FiscalYear, 7.0, TimeZone::UTC).unwrap();
        assert_eq!(label_of(&y, "2026-06-30T00:00:00Z"), "FY2026");
        let id = y.id_of(ms("2026-07-01T00:00:00Z")).unwrap();
        assert_eq!((y.label(id).unwrap(), y.start(id).unwrap()), ("FY2027".to_string(), ms("2026-07-01T00:00:00Z")));
        assert_eq!(label_of(&Periods::new(Period::FiscalYear, 1.0, TimeZone::UTC).unwrap(), "2026-06-30T00:00:00Z"), "FY2026");
        assert_eq!(Periods::new(Period::Year, 13.0, TimeZone::UTC).unwrap_err().code(), "INVALID_OPTION");
        // Before 1970 and negative days.
        assert_eq!(label_of(&p(Period::Week, "UTC"), "1969-12-31T00:00:00Z"), "1970-W01");
        // Years before 1 BC: a sign and four digits (-0001, not -1).
        let at = |every, ms: f64| {
            let ps = p(every, "UTC");
            ps.label(ps.id_of(ms).unwrap()).unwrap()
        };
        assert_eq!(at(Period::Year, -62_185_708_800_000.0), "-0001");
        assert_eq!(at(Period::Month, -62_185_708_800_000.0), "-0001-06");
        assert_eq!(at(Period::Day, -62_167_564_800_000.0), "-0001-12-28");
        assert_eq!(at(Period::Quarter, -377_692_070_400_000.0), "-9999-Q2");
        assert_eq!(crate::time::format_instant(-62_185_708_800_000.0), "-0001-06-01T00:00:00Z");
    }

    #[test]
    fn guided_indices_equal_a_binary_search() {
        // Periods with clock changes (Lord Howe moves by 30 minutes), local
        // days, and instants on and next to every boundary, before and
        // after the span, and outside the supported range.
        // Spans at both ends of the supported range too, where an instant
        // rounds to a sixteenth of a millisecond.
        const DAY: f64 = 86_400_000.0;
        let spans = [
            (ms("2024-03-30T00:00:00Z"), ms("2026-11-02T00:00:00Z")),
            (crate::time::MIN_MS + 400.0 * DAY, crate::time::MIN_MS + 500.0 * DAY),
            (crate::time::MAX_MS - 500.0 * DAY, crate::time::MAX_MS - 400.0 * DAY),
        ];
        let kinds = [(Period::Hour, false), (Period::Day, true), (Period::Week, false), (Period::Month, false), (Period::FiscalQuarter, false)];
        for ((lo, hi), (every, days)) in spans.iter().flat_map(|s| kinds.iter().map(move |k| (s, k))) {
            let (lo, hi, every, days) = (*lo, *hi, *every, *days);
            let ps = Periods::new(every, 10.0, TimeZone::get("Australia/Lord_Howe").unwrap()).unwrap();
            let b = Bucketer::new(&ps, days, lo, hi).unwrap();
            let last = b.ids.len() - 1;
            let mut t: Vec<f64> = b.starts.iter().flat_map(|&s| [s - 1.0, s, s + 1.0, s + 0.5]).collect();
            let mut x = 12345u64;
            t.extend((0..5000).map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                lo - 3e9 + (x >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo + 6e9)
            }));
            // And next to where the rounding of the guide's steps turns.
            let step = 1.0 / b.inverse;
            for g in 0..b.guide.len() {
                let at = b.starts[0] + (g as f64 + 0.5) * step;
                t.extend([-1.0, -0.0625, 0.0, 0.0625, 1.0].map(|d| at + d));
            }
            t.retain(|&ms| crate::time::in_range(ms));
            let mut out = vec![0u32; t.len()];
            assert!(b.indices(&t, &mut out, None), "{every:?}");
            for (&ms, &k) in t.iter().zip(&out) {
                let want = b.starts[..=last].partition_point(|&s| s <= ms).saturating_sub(1) as u32;
                assert_eq!((k, b.index(ms)), (want, want), "{every:?} at {ms}");
            }
            for bad in [f64::NAN, f64::INFINITY, -f64::INFINITY, crate::time::MAX_MS + 1.0] {
                assert!(!b.indices(&[lo, bad, hi], &mut [0; 3], None), "{every:?} {bad}");
            }
        }
    }

    #[test]
    fn ids_are_consecutive_and_bounds_tile() {
        for every in [Period::Day, Period::Week, Period::WeekSunday, Period::Month, Period::Quarter, Period::Year, Period::FiscalQuarter, Period::FiscalYear] {
            let ps = Periods::new(every, 10.0, TimeZone::get("Australia/Lord_Howe").unwrap()).unwrap();
            let mut id = ps.id_of(ms("2025-12-30T00:00:00Z")).unwrap();
            for _ in 0..30 {
                let (s, e) = (ps.start(id).unwrap(), ps.end(id).unwrap());
                assert!(s < e);
                assert_eq!(ps.id_of(s).unwrap(), id, "{every:?}");
                assert_eq!(ps.id_of(e - 1.0).unwrap(), id, "{every:?}");
                assert_eq!(ps.id_of(e).unwrap(), ps.next(id).unwrap(), "{every:?}");
                id = ps.next(id).unwrap();
            }
        }
    }
}
