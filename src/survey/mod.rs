//! Survey KPIs: NPS (and eNPS), CSAT and CES.
//!
//! All three are computed the same way: the answers are first *tallied* into
//! counts per scale point (weighted when weights are given), and every
//! statistic is then read off the tally. Thresholds (promoter cut-offs, top-2
//! box, easy/difficult boxes) are applied when reading, never when counting,
//! which is what lets the [accumulators](NpsAccumulator) merge without loss.

mod accumulator;
mod ces;
mod csat;
mod nps;
mod tally;

pub use accumulator::{NpsAccumulator, ScaleAccumulator};
pub use ces::{ces, ces_from_tally, CesOptions, CesResult};
pub use csat::{csat, csat_from_tally, CsatOptions, CsatResult};
pub use nps::{
    enps, nps, nps_compare, nps_from_counts, nps_from_distribution, Band, BandThresholds, IntervalMethod,
    NpsComparison, NpsOptions, NpsResult, NpsSample,
};
pub use tally::{tally, InvalidEntry, Scores, Tally, MAX_REPORTED_INVALID};

use crate::error::{num, Error, Result, ScaleDesc};
use serde::Serialize;

/// What to do with an answer that is not a valid score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvalidPolicy {
    /// Fail with an error naming the first bad answer (the default).
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

/// An inclusive scale of whole-number scores, e.g. 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    min: i32,
    max: i32,
    metric: &'static str,
}

/// Largest number of points a scale may have.
pub const MAX_SCALE_POINTS: i32 = 101;

impl Scale {
    /// The NPS / eNPS scale, 0–10.
    pub const NPS: Scale = Scale { min: 0, max: 10, metric: "NPS" };
    /// The eNPS scale, 0–10 (named eNPS in messages).
    pub const ENPS: Scale = Scale { min: 0, max: 10, metric: "eNPS" };

    /// A scale from `min` to `max` inclusive for the metric named `metric`.
    ///
    /// # Errors
    /// `INVALID_OPTION` (option `scale`) unless both ends are whole numbers,
    /// `min < max`, and the scale has at most 101 points.
    pub fn new(min: f64, max: f64, metric: &'static str) -> Result<Self> {
        let whole = |v: f64| v.is_finite() && v.fract() == 0.0 && v.abs() <= 1e6;
        if !whole(min) || !whole(max) {
            return Err(Error::option("scale", "must be two whole numbers [min, max]"));
        }
        if min >= max {
            return Err(Error::option("scale", format!("must have min < max; got [{}, {}]", num(min), num(max))));
        }
        if max - min + 1.0 > MAX_SCALE_POINTS as f64 {
            return Err(Error::option("scale", format!("may have at most {MAX_SCALE_POINTS} points; got [{}, {}]", num(min), num(max))));
        }
        Ok(Scale { min: min as i32, max: max as i32, metric })
    }

    /// Lowest valid score.
    pub fn min(&self) -> i32 {
        self.min
    }
    /// Highest valid score.
    pub fn max(&self) -> i32 {
        self.max
    }
    /// Number of points, `max − min + 1`.
    pub fn points(&self) -> usize {
        (self.max - self.min + 1) as usize
    }
    pub(crate) fn desc(&self) -> ScaleDesc {
        ScaleDesc { metric: self.metric, min: self.min, max: self.max }
    }
    /// Checks that a threshold option lies on the scale.
    pub(crate) fn check_threshold(&self, name: &'static str, v: f64) -> Result<i32> {
        if !(v.is_finite() && v.fract() == 0.0 && v >= self.min as f64 && v <= self.max as f64) {
            return Err(Error::option(
                name,
                format!("must be a whole number on the scale {}–{}; got {}", self.min, self.max, crate::error::num(v)),
            ));
        }
        Ok(v as i32)
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
