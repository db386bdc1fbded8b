//! Periods of local time (hours, days, ISO weeks, months) in a time zone.

use crate::error::{Error, Result};
use jiff::civil::Date;

/// Length of the periods of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// Clock hours.
    Hour,
    /// Local days.
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
}

impl Period {
    /// Parses `"hour"`, `"day"`, `"week"` or `"month"`.
    ///
    /// # Errors
    /// `INVALID_OPTION` naming `option`.
    pub fn parse(s: &str, option: &'static str) -> Result<Self> {
        match s {
            "hour" => Ok(Period::Hour),
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            _ => Err(Error::option(option, format!("must be \"hour\", \"day\", \"week\" or \"month\"; got \"{s}\""))),
        }
    }

    /// The local date that starts the period containing `date` (for hours,
    /// the date itself).
    pub fn start_of(self, date: Date) -> Date {
        match self {
            Period::Hour | Period::Day => date,
            Period::Week => date
                .checked_sub(jiff::Span::new().days(date.weekday().to_monday_zero_offset() as i64))
                .unwrap_or(date),
            Period::Month => date.first_of_month(),
        }
    }
}
