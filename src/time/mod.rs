//! Time: instants (RFC 3339 syntax, always available), and — with the
//! time-zone database (feature `tz`) — business-hours calendars and periods
//! in IANA time zones.

mod instant;
pub use instant::{civil_from_days, days_from_civil, format_instant, parse_instant, parse_local_time, LocalTime};

#[cfg(feature = "tz")]
pub mod calendar;
#[cfg(feature = "tz")]
pub mod countries;
#[cfg(feature = "tz")]
pub mod holidays;
#[cfg(feature = "tz")]
pub mod business;
#[cfg(feature = "tz")]
pub mod period;
#[cfg(feature = "tz")]
pub use calendar::{Calendar, CalendarSpec, CompiledCalendar, WEEKDAYS};
#[cfg(feature = "tz")]
pub use period::{Bucketer, Locator, Period, Periods};

/// Earliest supported instant, epoch ms (-9999-01-02T01:59:59Z, the
/// earliest instant that is a valid date in every time zone).
pub const MIN_MS: f64 = -377_705_023_201_000.0;
/// Latest supported instant, epoch ms (9999-12-30T22:00:00Z).
pub const MAX_MS: f64 = 253_402_207_200_000.0;
/// The supported instants, as messages state them ([`MIN_MS`]..[`MAX_MS`]).
pub const RANGE: &str = "from -9999-01-02T01:59:59Z to 9999-12-30T22:00:00Z (dates of years -9999 to 9999 in every time zone)";

/// Whether `ms` is an instant of [`RANGE`] (NaN, a missing instant, is not).
#[inline]
pub fn in_range(ms: f64) -> bool {
    (MIN_MS..=MAX_MS).contains(&ms)
}

/// The detail of an `INVALID_TIMESTAMP` for `ms` outside [`RANGE`].
pub fn out_of_range(ms: f64) -> String {
    format!("is {}; timestamps are epoch milliseconds {RANGE}", crate::error::num(ms))
}
/// Longest span business time is computed for: 100 years (36 525 days).
/// Longer spans are data errors in a helpdesk and would take seconds to walk.
pub const MAX_SPAN_MS: f64 = 36_525.0 * 86_400_000.0;
