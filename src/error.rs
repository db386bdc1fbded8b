//! The one error type of the crate.
//!
//! Every fallible function returns [`Error`]. Each variant has a stable,
//! machine-readable [`Error::code`] (the `code` property of the JavaScript
//! error), an optional [`Error::index`] of the offending element and an
//! optional [`Error::field`] naming the argument or option at fault. The
//! [`Display`](std::fmt::Display) text is meant for people and may change
//! between versions; the code does not.
//!
//! "No data" is never an error: an empty sample gives `None` (JavaScript
//! `null`) in the result instead.

use std::borrow::Cow;
use std::fmt;

/// Describes a scale of integer scores, used in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleDesc {
    /// Name of the metric, e.g. `"NPS"`.
    pub metric: &'static str,
    /// Lowest valid score.
    pub min: i32,
    /// Highest valid score.
    pub max: i32,
}

impl fmt::Display for ScaleDesc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} scores are integers {}–{}", self.metric, self.min, self.max)
    }
}

/// Everything that can go wrong, each with a stable code.
///
/// The enum is `#[non_exhaustive]`: later versions add variants (with new
/// codes) but never change the code of an existing one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// `SCORE_OUT_OF_RANGE`: a score is a whole number outside its scale
    /// (e.g. 11 for NPS). Fix the data, or pass `invalid: "skip"` to count it
    /// in `skipped` instead.
    ScoreOutOfRange {
        /// The column of scores: `"scores"` for an array of answers, the
        /// column name in a table.
        field: Cow<'static, str>,
        /// Position in the input (`None` for a single score).
        index: Option<usize>,
        /// The value found.
        value: f64,
        /// The scale it violates.
        scale: ScaleDesc,
    },
    /// `NOT_AN_INTEGER`: a finite score with a fractional part (e.g. 7.5).
    NotAnInteger {
        /// The column of scores, as for [`Error::ScoreOutOfRange`].
        field: Cow<'static, str>,
        /// Position in the input (`None` for a single score).
        index: Option<usize>,
        /// The value found.
        value: f64,
        /// The scale it violates.
        scale: ScaleDesc,
    },
    /// `NOT_A_NUMBER`: `NaN`, an infinity where a finite number is needed, or
    /// (from JavaScript) a value that is not a number at all: a string,
    /// `null`, `undefined`, an object.
    NotANumber {
        /// Argument or option at fault, e.g. `"scores"` or `"weights"`.
        field: Cow<'static, str>,
        /// Position in the input, when the value is an array element.
        index: Option<usize>,
        /// What was found, for the message (e.g. `NaN`, `a string "7"`).
        found: Cow<'static, str>,
    },
    /// `INVALID_WEIGHT`: a weight that is negative, infinite or above [`crate::kpi::MAX_WEIGHT`].
    InvalidWeight {
        /// Position in the weights.
        index: usize,
        /// The weight found.
        value: f64,
    },
    /// `INVALID_OPTION`: an option has a wrong value or type, or is unknown.
    InvalidOption {
        /// The option, e.g. `"confidence"` or `"bands.excellent"`.
        option: Cow<'static, str>,
        /// The rule it breaks, phrased to follow "option `x` ...".
        rule: Cow<'static, str>,
    },
    /// `LENGTH_MISMATCH`: two inputs that must be parallel have different
    /// lengths (scores and weights, or the columns of a table).
    LengthMismatch {
        /// The input whose length is wrong.
        field: Cow<'static, str>,
        /// The length it must have.
        expected: usize,
        /// The length it has.
        actual: usize,
    },
    /// `INVALID_TYPE`: an argument of the wrong kind altogether, e.g. a
    /// string where an array of scores is expected.
    InvalidType {
        /// The argument at fault.
        field: Cow<'static, str>,
        /// Position, when the value is an array element (a ticket row).
        index: Option<usize>,
        /// What is accepted.
        expected: Cow<'static, str>,
        /// What was found.
        found: Cow<'static, str>,
    },
    /// `INVALID_COUNT`: a count (in `npsFromCounts`, or a saved accumulator
    /// state) that is not a non-negative whole number.
    InvalidCount {
        /// The count at fault, e.g. `"promoters"` or `"distribution"`.
        field: Cow<'static, str>,
        /// Position when the count is an array element.
        index: Option<usize>,
        /// The value found.
        value: f64,
    },
    /// `INVALID_STATE`: a saved accumulator state (`fromJSON`) that is not
    /// one this library wrote.
    InvalidState {
        /// What is wrong with it.
        reason: Cow<'static, str>,
        /// The state row at fault (`groupKpisFromStates`), when there is one.
        index: Option<usize>,
        /// The state column or key at fault, when there is one.
        field: Option<Cow<'static, str>>,
    },
    /// `SCALE_MISMATCH`: merging two accumulators built on different scales.
    ScaleMismatch {
        /// Scale of the receiving accumulator.
        left: (i32, i32),
        /// Scale of the one merged in.
        right: (i32, i32),
    },
    /// `NEGATIVE_DURATION`: an end before its start (a first response
    /// before the ticket was created, a negative handle time, …).
    NegativeDuration {
        /// The field holding the end (or the negative duration).
        field: Cow<'static, str>,
        /// Row of the ticket, when the error is about one.
        index: Option<usize>,
        /// What is wrong, e.g. "2026-03-01T10:00:00Z is before createdAt 2026-03-01T11:00:00Z".
        detail: Cow<'static, str>,
    },
    /// `INVALID_TIMESTAMP`: a timestamp that cannot be read: a string that is
    /// not ISO 8601 with an offset or `Z`, a number that is not a finite
    /// epoch-millisecond value in the range of JavaScript dates, an invalid
    /// `Date`.
    InvalidTimestamp {
        /// The field.
        field: Cow<'static, str>,
        /// Row of the ticket, when the error is about one.
        index: Option<usize>,
        /// What was found and why it is rejected.
        detail: Cow<'static, str>,
    },
    /// `MISSING_FIELD`: a field every ticket needs (`createdAt`) is missing.
    MissingField {
        /// The field.
        field: Cow<'static, str>,
        /// Row of the ticket.
        index: Option<usize>,
    },
    /// `INVALID_DURATION`: a duration field (`handleMs`, `waitMs`) that is
    /// not a finite number of milliseconds.
    InvalidDuration {
        /// The field.
        field: Cow<'static, str>,
        /// Row of the ticket.
        index: Option<usize>,
        /// What was found.
        found: Cow<'static, str>,
    },
    /// `UNKNOWN_TIME_ZONE`: a time-zone name not in the IANA database.
    UnknownTimeZone {
        /// The option holding it, e.g. `calendar.timeZone`.
        field: Cow<'static, str>,
        /// The name given.
        name: Cow<'static, str>,
    },
    /// `INVALID_CALENDAR`: a business-hours calendar that breaks a rule: a
    /// time that is not `HH:MM` (00:00–24:00), an interval that ends before it
    /// starts, overlapping intervals, a date that is not `YYYY-MM-DD`.
    InvalidCalendar {
        /// Path of the offending part, e.g. `calendar.week.mon[1]`.
        field: Cow<'static, str>,
        /// The rule it breaks.
        rule: Cow<'static, str>,
    },
    /// `INVALID_VALUE`: a cell of a row that breaks its column's rule (an
    /// amount below 0, an end before its start, an unknown interval, a
    /// repeated id with other data).
    InvalidValue {
        /// The column.
        field: Cow<'static, str>,
        /// Row.
        index: Option<usize>,
        /// What was found and the rule, e.g. "is -5; amounts are ≥ 0".
        detail: Cow<'static, str>,
    },
    /// `MIXED_CURRENCY`: rows in two currencies without `currency` and `fx`
    /// rates to convert them.
    MixedCurrency {
        /// The first row in currency `a`.
        first: usize,
        /// The first row in currency `b`.
        second: usize,
        /// The first currency.
        a: String,
        /// The other.
        b: String,
    },
    /// `NOT_ENOUGH_DATA`: a model that the valid rows cannot determine
    /// (no customer left to fit, or none with the information the model
    /// needs). A KPI of an empty sample is `null`, not this error: this is
    /// for fits, whose parameters do not exist without data.
    NotEnoughData {
        /// What is missing, e.g. "no customer has a repeat purchase".
        reason: Cow<'static, str>,
    },
}

/// Every code an [`Error`] can have, in the order of the variants.
pub const CODES: &[&str] = &[
    "SCORE_OUT_OF_RANGE",
    "NOT_AN_INTEGER",
    "NOT_A_NUMBER",
    "INVALID_WEIGHT",
    "INVALID_OPTION",
    "LENGTH_MISMATCH",
    "INVALID_TYPE",
    "INVALID_COUNT",
    "INVALID_STATE",
    "SCALE_MISMATCH",
    "NEGATIVE_DURATION",
    "INVALID_TIMESTAMP",
    "MISSING_FIELD",
    "INVALID_DURATION",
    "UNKNOWN_TIME_ZONE",
    "INVALID_CALENDAR",
    "INVALID_VALUE",
    "MIXED_CURRENCY",
    "NOT_ENOUGH_DATA",
];

/// The variants that name the position of the offending element (always,
/// or when there is one), listed once for reading and for moving it.
macro_rules! with_index {
    ($e:expr, fixed $f:ident => $fixed:expr, optional $o:ident => $optional:expr, none => $none:expr) => {
        match $e {
            Error::InvalidWeight { index: $f, .. } | Error::MixedCurrency { second: $f, .. } => $fixed,
            Error::ScoreOutOfRange { index: $o, .. }
            | Error::NotAnInteger { index: $o, .. }
            | Error::NotANumber { index: $o, .. }
            | Error::InvalidCount { index: $o, .. }
            | Error::NegativeDuration { index: $o, .. }
            | Error::InvalidTimestamp { index: $o, .. }
            | Error::MissingField { index: $o, .. }
            | Error::InvalidDuration { index: $o, .. }
            | Error::InvalidValue { index: $o, .. }
            | Error::InvalidType { index: $o, .. }
            | Error::InvalidState { index: $o, .. } => $optional,
            _ => $none,
        }
    };
}

/// The variants whose `field` is a name of their own, listed once for
/// reading it and for renaming it.
macro_rules! with_field {
    ($e:expr, named $f:ident => $named:expr, other => $other:expr) => {
        match $e {
            Error::ScoreOutOfRange { field: $f, .. }
            | Error::NotAnInteger { field: $f, .. }
            | Error::NotANumber { field: $f, .. }
            | Error::LengthMismatch { field: $f, .. }
            | Error::InvalidType { field: $f, .. }
            | Error::InvalidCount { field: $f, .. }
            | Error::NegativeDuration { field: $f, .. }
            | Error::InvalidTimestamp { field: $f, .. }
            | Error::MissingField { field: $f, .. }
            | Error::InvalidDuration { field: $f, .. }
            | Error::UnknownTimeZone { field: $f, .. }
            | Error::InvalidCalendar { field: $f, .. }
            | Error::InvalidValue { field: $f, .. } => $named,
            _ => $other,
        }
    };
}

impl Error {
    /// The stable machine-readable code, e.g. `"SCORE_OUT_OF_RANGE"`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::ScoreOutOfRange { .. } => "SCORE_OUT_OF_RANGE",
            Error::NotAnInteger { .. } => "NOT_AN_INTEGER",
            Error::NotANumber { .. } => "NOT_A_NUMBER",
            Error::InvalidWeight { .. } => "INVALID_WEIGHT",
            Error::InvalidOption { .. } => "INVALID_OPTION",
            Error::LengthMismatch { .. } => "LENGTH_MISMATCH",
            Error::InvalidType { .. } => "INVALID_TYPE",
            Error::InvalidCount { .. } => "INVALID_COUNT",
            Error::InvalidState { .. } => "INVALID_STATE",
            Error::ScaleMismatch { .. } => "SCALE_MISMATCH",
            Error::NegativeDuration { .. } => "NEGATIVE_DURATION",
            Error::InvalidTimestamp { .. } => "INVALID_TIMESTAMP",
            Error::MissingField { .. } => "MISSING_FIELD",
            Error::InvalidDuration { .. } => "INVALID_DURATION",
            Error::UnknownTimeZone { .. } => "UNKNOWN_TIME_ZONE",
            Error::InvalidCalendar { .. } => "INVALID_CALENDAR",
            Error::InvalidValue { .. } => "INVALID_VALUE",
            Error::MixedCurrency { .. } => "MIXED_CURRENCY",
            Error::NotEnoughData { .. } => "NOT_ENOUGH_DATA",
        }
    }

    /// Position of the offending element, when the error is about one.
    pub fn index(&self) -> Option<usize> {
        with_index!(self, fixed i => Some(*i), optional i => *i, none => None)
    }

    /// Moves the error `by` places later in its input (the error of a
    /// part of the input whose first element is at `by` in the whole).
    pub fn shift_index(&mut self, by: usize) {
        with_index!(self, fixed i => *i += by, optional i => {
            if let Some(i) = i {
                *i += by;
            }
        }, none => ())
    }

    /// The argument or option at fault, when there is one.
    pub fn field(&self) -> Option<&str> {
        with_field!(self, named field => Some(field), other => match self {
            Error::InvalidWeight { .. } => Some("weights"),
            Error::MixedCurrency { .. } => Some("currency"),
            Error::InvalidOption { option, .. } => Some(option),
            Error::InvalidState { field, .. } => field.as_deref(),
            _ => None,
        })
    }

    /// The same error with field `from` called `to` (an argument that two
    /// of a call's arguments share: `compareRates`' two arrays of outcomes
    /// are `a` and `b`).
    pub fn renamed(mut self, from: &str, to: &'static str) -> Self {
        with_field!(&mut self, named field => if field == from {
            *field = to.into();
        }, other => ());
        self
    }

    /// Sets the `found` description of a [`Error::NotANumber`] (used by the
    /// JavaScript binding, which knows what the original value was).
    pub fn with_found(mut self, description: String) -> Self {
        if let Error::NotANumber { found, .. } = &mut self {
            *found = Cow::Owned(description);
        }
        self
    }

    /// The same error about column `name` of a table (an error of a score
    /// or number names its column; others are unchanged).
    pub fn in_column(mut self, name: &str) -> Self {
        if let Error::ScoreOutOfRange { field, .. } | Error::NotAnInteger { field, .. } | Error::NotANumber { field, .. } = &mut self {
            *field = name.to_string().into();
        }
        self
    }

    /// An [`Error::InvalidState`] that names no row or column.
    pub(crate) fn state(reason: impl Into<Cow<'static, str>>) -> Self {
        Error::InvalidState { reason: reason.into(), index: None, field: None }
    }

    /// An [`Error::InvalidState`] at a state row (`index`) and column or
    /// key (`field`).
    pub(crate) fn state_at(reason: impl Into<Cow<'static, str>>, index: Option<usize>, field: impl Into<Cow<'static, str>>) -> Self {
        Error::InvalidState { reason: reason.into(), index, field: Some(field.into()) }
    }

    pub(crate) fn option(option: impl Into<Cow<'static, str>>, rule: impl Into<Cow<'static, str>>) -> Self {
        Error::InvalidOption { option: option.into(), rule: rule.into() }
    }
}

/// Formats a number for a message the way a person would type it: `11`,
/// `7.5`, `-0.25`, `9.000000000000002`, `1.5e-9`. From 1e-6 up to 2⁵³ the
/// fewest decimals that read back as the same number are shown (17
/// significant digits where no shorter form does), so a message never
/// shows a number as whole, or as another, when it is not; whole numbers
/// up to 2⁶⁴ are written out in full; other numbers in exponent form, with
/// up to six decimals.
///
/// Written out by hand rather than with `{}`: Rust's shortest-float
/// formatting would add about 15 KB to the WebAssembly module. Whether a
/// form reads back is decided exactly: `m / 10^d` of two exact floats is
/// correctly rounded, as a parser's result is.
pub fn num(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    if a == 0.0 {
        return "0".into();
    }
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2⁵³
    if (1e-6..EXACT).contains(&a) {
        // The fewest decimals d with round(a·10^d) / 10^d == a.
        for d in 0..=22 {
            let p = 10f64.powi(d);
            let m = (a * p).round();
            if m >= EXACT {
                break;
            }
            if m / p == a {
                return format!("{sign}{}", decimal(m as u64, d as usize));
            }
        }
        // 17 significant digits (always enough to read back), rounded
        // from the exact value: a = M·2^x, so a·10^d = M·5^d·2^(d+x), an
        // integer product of at most 104 bits for d ≤ 22.
        let d = (16 - sci(a).1).clamp(0, 22);
        let bits = a.to_bits();
        let (m, x) = ((bits & ((1 << 52) - 1)) | (1 << 52), ((bits >> 52) & 0x7ff) as i32 - 1075);
        let prod = u128::from(m) * 5u128.pow(d as u32);
        let shift = d + x;
        let m = if shift >= 0 {
            prod << shift
        } else {
            let s = (-shift) as u32;
            let (q, rem, half) = (prod >> s, prod & ((1u128 << s) - 1), 1u128 << (s - 1));
            q + u128::from(rem > half || (rem == half && q & 1 == 1))
        };
        return format!("{sign}{}", decimal(m as u64, d as usize));
    }
    if (EXACT..18_446_744_073_709_551_616.0).contains(&a) {
        return format!("{sign}{}", a as u64);
    }
    // Exponent form: the mantissa's six decimals (rounded first: 9.9999999
    // must read 1e(e+1), not 10e(e)).
    let (mant, e) = sci(a);
    let m = (mant * 1e6).round() / 1e6;
    let (m, e) = if m >= 10.0 { (m / 10.0, e + 1) } else { (m, e) };
    format!("{sign}{}e{e}", num(m))
}

/// `m / 10^d` written out (`decimal(12345, 2)` is `123.45`), without
/// trailing zeros.
fn decimal(m: u64, d: usize) -> String {
    let digits = format!("{m:0>width$}", width = d + 1);
    let (int, frac) = digits.split_at(digits.len() - d);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// `(m, e)` with `a = m · 10^e` and `1 ≤ m < 10`, for a finite `a > 0`
/// (subnormals included: `10^-324` alone would be 0, so the scaling is in
/// two steps).
fn sci(a: f64) -> (f64, i32) {
    let e = a.log10().floor() as i32;
    let m = if e < -300 { a * 1e300 * 10f64.powi(-e - 300) } else { a / 10f64.powi(e) };
    if m < 1.0 {
        (m * 10.0, e - 1)
    } else if m >= 10.0 {
        (m / 10.0, e + 1)
    } else {
        (m, e)
    }
}

/// A piece of the caller's input quoted in a message (a key, a name, a
/// time), cut to 60 characters: messages never echo more than that.
pub fn echo(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &s[..at]).into(),
        None => s.into(),
    }
}

fn row_at(index: Option<usize>) -> String {
    match index {
        Some(i) => format!("row at index {i}: "),
        None => String::new(),
    }
}

fn at(what: &str, index: Option<usize>) -> String {
    match index {
        Some(i) => format!("{what} at index {i}"),
        None => what.to_string(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::ScoreOutOfRange { field, index, value, scale } => {
                let what = if field == "scores" { "score" } else { field };
                write!(f, "{} is {}; {scale}", at(what, *index), num(*value))
            }
            Error::NotAnInteger { field, index, value, scale } => {
                let what = if field == "scores" { "score" } else { field };
                write!(f, "{} is {}, not a whole number; {scale}", at(what, *index), num(*value))
            }
            Error::NotANumber { field, index, found } => {
                let what = if field == "scores" { "score" } else if field == "weights" { "weight" } else { field };
                write!(f, "{} is {found}, not a number", at(what, *index))
            }
            Error::InvalidWeight { index, value } => write!(
                f,
                "weight at index {index} is {}; weights are numbers from 0 to {}",
                num(*value),
                num(crate::kpi::MAX_WEIGHT)
            ),
            Error::InvalidOption { option, rule } => write!(f, "option `{option}` {rule}"),
            Error::LengthMismatch { field, expected, actual } => {
                let per = match field.as_ref() {
                    "weights" => " (one per score)",
                    "distribution" => " (one count per point of the scale, lowest first)",
                    "ends" => " (one per start)",
                    _ => " (one per row, as the table's other columns)",
                };
                write!(f, "{field} has {actual} elements but must have {expected}{per}")
            }
            Error::InvalidType { field, index, expected, found } => {
                write!(f, "{} must be {expected}; got {found}", at(field, *index))
            }
            Error::InvalidCount { field, index, value } => match index {
                Some(i) => write!(
                    f,
                    "{field}[{i}] is {}; counts are whole numbers from 0 to 2^53 - 1",
                    num(*value)
                ),
                None => write!(f, "{field} is {}; counts are whole numbers from 0 to 2^53 - 1", num(*value)),
            },
            Error::InvalidState { reason, .. } => write!(f, "not a saved state: {reason}"),
            Error::ScaleMismatch { left, right } => write!(
                f,
                "cannot merge an accumulator on scale {}–{} into one on scale {}–{}",
                right.0, right.1, left.0, left.1
            ),
            Error::NegativeDuration { field, index, detail } => {
                write!(f, "{}{field} {detail}", row_at(*index))
            }
            Error::InvalidTimestamp { field, index, detail } => {
                write!(f, "{}{field} {detail}", row_at(*index))
            }
            Error::MissingField { field, index: Some(i) } => write!(f, "{field} at index {i} is missing; every row needs one"),
            Error::MissingField { field, index: None } => write!(f, "{field} is missing: the data has no such column"),
            Error::InvalidDuration { field, index, found } => write!(
                f,
                "{}{field} is {found}; durations are finite numbers of milliseconds, at most 6.3e14 (20 000 years)",
                row_at(*index)
            ),
            Error::UnknownTimeZone { field, name } => write!(
                f,
                "{field} \"{name}\" is not a time zone of the IANA database (e.g. \"America/Sao_Paulo\", \"UTC\")"
            ),
            Error::InvalidCalendar { field, rule } => write!(f, "{field}: {rule}"),
            Error::InvalidValue { field, index, detail } => write!(f, "{}{field} {detail}", row_at(*index)),
            Error::MixedCurrency { first, second, a, b } => write!(
                f,
                "the rows at index {first} ({a}) and {second} ({b}) are in different currencies; set `currency` and give `fx` rates to convert"
            ),
            Error::NotEnoughData { reason } => write!(f, "{reason}"),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    const NPS: ScaleDesc = ScaleDesc { metric: "NPS", min: 0, max: 10 };

    #[test]
    fn message_names_index_value_and_rule() {
        let e = Error::ScoreOutOfRange { field: "scores".into(), index: Some(17), value: 11.0, scale: NPS };
        assert_eq!(e.to_string(), "score at index 17 is 11; NPS scores are integers 0–10");
        assert_eq!(e.code(), "SCORE_OUT_OF_RANGE");
        assert_eq!(e.index(), Some(17));
        assert_eq!(e.field(), Some("scores"));
    }

    #[test]
    fn not_a_number_message() {
        let e = Error::NotANumber { field: "scores".into(), index: Some(3), found: "NaN".into() };
        assert_eq!(e.to_string(), "score at index 3 is NaN, not a number");
        let e = e.with_found("a string \"7\"".into());
        assert_eq!(e.to_string(), "score at index 3 is a string \"7\", not a number");
    }

    #[test]
    fn numbers_in_messages() {
        assert_eq!(num(11.0), "11");
        assert_eq!(num(7.5), "7.5");
        assert_eq!(num(-0.25), "-0.25");
        assert_eq!(num(10.000001), "10.000001");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-3.0), "-3");
        assert_eq!(num(1e20), "1e20");
        assert_eq!(num(1e21), "1e21");
        assert_eq!(num(1.5e-9), "1.5e-9");
        assert_eq!(num(f64::NAN), "NaN");
        assert_eq!(num(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(num(9007199254740993.0), "9007199254740992");
        assert_eq!(num(1e101), "1e101");
        assert_eq!(num(9.9999999e20), "1e21");
        assert_eq!(num(2f64.powi(60)), "1152921504606846976");
        assert_eq!(num(9.9999999e21), "1e22");
        assert_eq!(num(2.5e-300), "2.5e-300");
        // Subnormals (10^-324 alone is 0).
        assert_eq!(num(5e-324), "4.940656e-324");
        assert_eq!(num(-2.2250738585072014e-308), "-2.225074e-308");
        // Never shown as whole, or as another number, when it is not.
        assert_eq!(num(9.000000000000002), "9.000000000000002");
        assert_eq!(num(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(123456.123456789), "123456.123456789");
        assert_eq!(num(4503599627370495.5), "4503599627370495.5");
        assert_eq!(num(1e-6), "0.000001");
        assert_eq!(num(1.0000000000000002e-6), "0.0000010000000000000002");
        // Read back, every number from 1e-6 to 2⁶⁴ is itself.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x >> 2 | 0x3eb0_0000_0000_0000);
            let v = if v < 1e21 { v } else { v / 1e30 };
            if (1e-6..1.8e19).contains(&v) {
                assert_eq!(num(v).parse::<f64>().unwrap(), v, "{v:e} written {}", num(v));
            }
        }
    }

    #[test]
    fn codes_are_distinct() {
        let all = [
            Error::ScoreOutOfRange { field: "scores".into(), index: None, value: 0.0, scale: NPS },
            Error::NotAnInteger { field: "scores".into(), index: Some(0), value: 0.5, scale: NPS },
            Error::NotANumber { field: "x".into(), index: None, found: "NaN".into() },
            Error::InvalidWeight { index: 0, value: -1.0 },
            Error::option("x", "is bad"),
            Error::LengthMismatch { field: "weights".into(), expected: 1, actual: 2 },
            Error::InvalidType { field: "scores".into(), index: None, expected: "an array".into(), found: "a string".into() },
            Error::InvalidCount { field: "promoters".into(), index: None, value: -1.0 },
            Error::state("x"),
            Error::ScaleMismatch { left: (1, 5), right: (1, 7) },
            Error::NegativeDuration { field: "x".into(), index: None, detail: "x".into() },
            Error::InvalidTimestamp { field: "x".into(), index: None, detail: "x".into() },
            Error::MissingField { field: "x".into(), index: None },
            Error::InvalidDuration { field: "x".into(), index: None, found: "x".into() },
            Error::UnknownTimeZone { field: "x".into(), name: "x".into() },
            Error::InvalidCalendar { field: "x".into(), rule: "x".into() },
            Error::InvalidValue { field: "amount".into(), index: Some(3), detail: "is -1".into() },
            Error::MixedCurrency { first: 0, second: 4, a: "EUR".into(), b: "USD".into() },
            Error::NotEnoughData { reason: "x".into() },
        ];
        let codes: Vec<_> = all.iter().map(Error::code).collect();
        assert_eq!(codes, CODES, "CODES lists every code, in variant order");
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
    }
}
