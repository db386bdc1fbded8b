//! Conventions shared by every KPI family: the invalid-input policy, the
//! shape of confidence intervals and of reported skipped inputs.

use crate::error::{Error, Result};
use serde::Serialize;

/// At most this many skipped inputs are described in a result's `invalid`
/// list; all of them are counted in `skipped`.
pub const MAX_REPORTED_INVALID: usize = 100;

/// What to do with an input that is not valid (an answer, a ticket).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvalidPolicy {
    /// Fail with an error naming the first bad input (the default).
    #[default]
    Error,
    /// Leave it out and count it in `skipped`.
    Skip,
}

impl InvalidPolicy {
    /// Parses `"error"` or `"skip"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "error" => Ok(InvalidPolicy::Error),
            "skip" => Ok(InvalidPolicy::Skip),
            _ => Err(Error::option("invalid", format!("must be \"error\" or \"skip\"; got \"{s}\""))),
        }
    }
}

/// One skipped input, as reported in results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvalidEntry {
    /// Position in the input.
    pub index: usize,
    /// The error code it would have raised, e.g. `SCORE_OUT_OF_RANGE`.
    pub code: &'static str,
    /// The message it would have raised.
    pub message: String,
}

impl InvalidEntry {
    #[cfg_attr(not(feature = "survey"), allow(dead_code))]
    pub(crate) fn from_error(e: &Error) -> Self {
        InvalidEntry { index: e.index().unwrap_or(0), code: e.code(), message: e.to_string() }
    }
}

/// Checks a confidence level: strictly between 0 and 1.
pub(crate) fn check_level(level: f64) -> Result<f64> {
    if level > 0.0 && level < 1.0 {
        Ok(level)
    } else {
        Err(Error::option(
            "confidence",
            format!("must be a number between 0 and 1, exclusive (e.g. 0.95); got {}", crate::error::num(level)),
        ))
    }
}

/// A confidence interval as returned in results.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfidenceInterval {
    /// Lower bound, in the unit of the statistic.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
    /// Confidence level, e.g. 0.95.
    pub level: f64,
    /// How it was computed: `"adjusted-wald"`, `"wald"`, `"wilson"` or `"t"`.
    pub method: &'static str,
}

/// Number of responses as an `f64` percentage share, `None` when `total` is 0.
pub(crate) fn share(part: f64, total: f64) -> Option<f64> {
    if total > 0.0 { Some(100.0 * part / total) } else { None }
}
