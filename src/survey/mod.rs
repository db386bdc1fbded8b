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
pub use tally::{tally, Scores, Tally};

pub use crate::common::{ConfidenceInterval, InvalidEntry, InvalidPolicy, MAX_REPORTED_INVALID};
pub(crate) use crate::common::{check_level, share};
use crate::error::{num, Error, Result, ScaleDesc};

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

