//! Survey KPIs: NPS (and eNPS), CSAT and CES.
//!
//! All three are computed the same way: the answers are first *tallied* into
//! counts per scale point (weighted when weights are given), and every
//! statistic is then read off the tally. Thresholds (promoter cut-offs, top-2
//! box, easy/difficult boxes) are applied when reading, never when counting,
//! which is what lets the [accumulators](NpsAccumulator) merge without loss.

mod ces;
mod compare;
mod counts;
mod csat;
mod nps;
mod points;
mod tally;

pub use compare::{ces_change, ces_compare_sides, csat_change, csat_compare_sides, nps_change, CesSample, CsatSample, Side, Summary};
pub use ces::{ces, ces_from_counts, ces_from_tally, Ces, CesOptions, CesResult};
pub use counts::{Counts, NpsAccumulator, ScaleAccumulator, MAX_COUNT};
pub use csat::{csat, csat_from_counts, csat_from_tally, Csat, CsatOptions, CsatResult};
pub use points::Points;
pub use nps::{
    enps, nps, nps_compare, nps_compare_sides, nps_from, nps_from_counts, nps_from_distribution, Band, BandThresholds,
    CompareOptions, CompareSide, Enps, IntervalMethod, Nps, NpsComparison, NpsCounts, NpsOptions, NpsResult, NpsSample,
};
pub use tally::{tally, Scores, Tally};
#[cfg(feature = "group")]
pub(crate) use nps::from_tally as nps_from_tally;
#[cfg(feature = "group")]
pub(crate) use tally::check as check_score;

pub use crate::kpi::{ConfidenceInterval, InvalidEntry, InvalidPolicy, MAX_REPORTED_INVALID};
pub(crate) use crate::kpi::{check_level, share};
use crate::error::{num, Error, Result, ScaleDesc};
use crate::table::{Field, Kind, Schema, Table};

/// The input of a survey KPI: one column of answers.
pub const SCORES: Schema<'static> = Schema { name: "scores", fields: &[Field { name: "score", kind: Kind::Number, required: true }], text_cells: false };

/// Tallies the answers of a survey table (its one column). Answers the
/// reader could not take as numbers (a string in a `number[]`) are NaN in
/// the column and reported with what they were.
///
/// # Errors
/// As [`tally`].
pub(crate) fn tally_table(table: &Table<'_>, weights: Option<&[f64]>, scale: Scale, policy: InvalidPolicy) -> Result<Tally> {
    let problem = |i: usize| {
        table.problems.binary_search_by_key(&i, |(r, _)| *r).ok().map(|k| table.problems[k].1.clone())
    };
    let explain = |e: Error| match (e.code(), e.index(), e.field()) {
        ("NOT_A_NUMBER", Some(i), Some("scores")) => problem(i).unwrap_or(e),
        _ => e,
    };
    let mut t = tally(table.numbers(0).unwrap_or(Scores::F64(&[])), weights, scale, policy).map_err(explain)?;
    for entry in t.invalid.iter_mut().filter(|e| e.code == "NOT_A_NUMBER") {
        if let Some(p) = problem(entry.index) {
            *entry = InvalidEntry::new(entry.index, p);
        }
    }
    Ok(t)
}

/// Options of a survey KPI over raw answers: the KPI's own options plus one
/// weight per answer. In JavaScript both are keys of one options object
/// (`{ weights, confidence, … }`); the binding's deserializer splits them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weighted<O> {
    /// One non-negative weight per answer.
    pub weights: Option<Vec<f64>>,
    /// The KPI's options.
    pub options: O,
}

impl<'de, O: serde::Deserialize<'de>> serde::Deserialize<'de> for Weighted<O> {
    /// Reads `{ weights, ...options }`: the deserializer presents the object
    /// as the sequence `[weights, the object without weights]` when asked
    /// for the tuple struct [`WEIGHTED`](crate::kpi::WEIGHTED).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<O>(std::marker::PhantomData<O>);
        impl<'de, O: serde::Deserialize<'de>> serde::de::Visitor<'de> for V<O> {
            type Value = Weighted<O>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an options object")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Self::Value, A::Error> {
                let weights = seq.next_element::<Option<crate::kpi::DataColumn>>()?.flatten().map(|c| c.0);
                let options = seq.next_element::<O>()?.ok_or_else(|| serde::de::Error::invalid_length(1, &self))?;
                Ok(Weighted { weights, options })
            }
        }
        d.deserialize_tuple_struct(crate::kpi::WEIGHTED, 2, V(std::marker::PhantomData))
    }
}

/// An inclusive scale of whole-number scores, e.g. 1–5. Written
/// `[min, max]` in options.
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
    /// Outcomes, 0 (no) and 1 (yes): a conversion rate's answers.
    pub const OUTCOMES: Scale = Scale { min: 0, max: 1, metric: "conversion" };

    /// That `other` has the same points (what merging two states needs).
    ///
    /// # Errors
    /// `SCALE_MISMATCH` naming both ranges.
    pub fn check_same(&self, other: &Scale) -> Result<()> {
        if self.min != other.min || self.max != other.max {
            return Err(Error::ScaleMismatch { left: (self.min, self.max), right: (other.min, other.max) });
        }
        Ok(())
    }

    /// A scale from `min` to `max` inclusive for the metric named `metric`.
    ///
    /// # Errors
    /// `INVALID_OPTION` (option `scale`) unless both ends are whole numbers
    /// from −10⁶ to 10⁶, `min < max`, and the scale has at most 101 points.
    pub fn new(min: f64, max: f64, metric: &'static str) -> Result<Self> {
        let whole = |v: f64| v.is_finite() && v.fract() == 0.0 && v.abs() <= 1e6;
        if !whole(min) || !whole(max) {
            return Err(Error::option("scale", format!("must be two whole numbers [min, max] from -1000000 to 1000000; got [{}, {}]", num(min), num(max))));
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
    /// The position of score `v` on the scale (0 for the lowest point), or
    /// `None` when `v` is not a whole number on it (NaN included).
    #[inline]
    pub fn offset(&self, v: f64) -> Option<usize> {
        let off = v - self.min as f64;
        (off >= 0.0 && off <= (self.max - self.min) as f64 && v.fract() == 0.0).then_some(off as usize)
    }
    /// The same scale with `metric` named in messages.
    pub fn named(self, metric: &'static str) -> Scale {
        Scale { metric, ..self }
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


impl<'de> serde::Deserialize<'de> for Scale {
    /// `[min, max]`, checked by [`Scale::new`]. An add-time option: it is
    /// refused where a result is read from counts (the counts have their own).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let (min, max) = d.deserialize_tuple_struct(crate::kpi::SCALE, 2, crate::kpi::PairVisitor)?;
        Scale::new(min, max, "scale").map_err(crate::kpi::de_error)
    }
}

/// Counts typed by a person, one per scale point from the lowest: an array
/// (`[3, 0, 5, …]`) or `{ distribution: [...] }`.
#[derive(Debug, Clone, PartialEq)]
pub struct PointCounts(pub Vec<f64>);

impl<'a> crate::wire::args::Arg<'a> for PointCounts {
    fn read(v: crate::wire::Value<'a>, name: &'static str) -> Result<Self> {
        use crate::wire::V;
        let list = match v.get() {
            V::Object(o) => o.get("distribution").unwrap_or(v),
            _ => v,
        };
        let field = match list.get() {
            V::Array(_) | V::Column(_) if !matches!(v.get(), V::Object(_)) => name,
            _ => "distribution",
        };
        match list.get() {
            V::Column(n) => Ok(PointCounts(n.to_f64(field)?)),
            V::Array(a) => a
                .items()
                .enumerate()
                .map(|(i, x)| match x.get() {
                    crate::wire::V::Number(c) => Ok(c),
                    _ => Err(Error::NotANumber { field: field.into(), index: Some(i), found: x.describe().into() }),
                })
                .collect::<Result<Vec<f64>>>()
                .map(PointCounts),
            _ => Err(Error::InvalidType {
                field: name.into(),
                index: None,
                expected: "an array of counts, one per scale point, or { distribution }".into(),
                found: v.describe().into(),
            }),
        }
    }
}

impl PointCounts {
    /// The counts as a tally on `scale`, checked: one per point, each a
    /// whole number from 0 to 2⁵³ − 1.
    ///
    /// # Errors
    /// `LENGTH_MISMATCH` (field `distribution`); `INVALID_COUNT` /
    /// `NOT_A_NUMBER` with the index of the bad count.
    pub fn tally(&self, scale: Scale) -> Result<Tally> {
        if self.0.len() != scale.points() {
            return Err(Error::LengthMismatch { field: "distribution".into(), expected: scale.points(), actual: self.0.len() });
        }
        let mut whole = Vec::with_capacity(self.0.len());
        for (i, &c) in self.0.iter().enumerate() {
            whole.push(check_count("distribution", Some(i), c)? as u64);
        }
        Ok(Tally::from_counts(scale, &whole, 0))
    }
}

/// Checks a count typed by a person: a whole number from 0 to 2⁵³ − 1.
///
/// # Errors
/// `NOT_A_NUMBER` for NaN, `INVALID_COUNT` otherwise.
pub(crate) fn check_count(field: impl Into<std::borrow::Cow<'static, str>>, index: Option<usize>, v: f64) -> Result<f64> {
    check_count_named(v, index, || field.into())
}

/// [`check_count`], with the field's name made only for an error.
///
/// # Errors
/// As [`check_count`].
pub(crate) fn check_count_named(v: f64, index: Option<usize>, field: impl FnOnce() -> std::borrow::Cow<'static, str>) -> Result<f64> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= MAX_COUNT as f64 {
        Ok(v)
    } else if v.is_nan() {
        Err(Error::NotANumber { field: field(), index, found: "NaN".into() })
    } else {
        Err(Error::InvalidCount { field: field(), index, value: v })
    }
}

/// [`check_count`] of a count at row `index` of a table's column `field`.
///
/// # Errors
/// As [`check_count`], naming the column.
#[cfg(feature = "group")]
pub(crate) fn check_count_at(field: &str, index: usize, v: f64) -> Result<f64> {
    check_count("count", Some(index), v).map_err(|e| match e {
        Error::InvalidCount { index, value, .. } => Error::InvalidCount { field: field.to_string().into(), index, value },
        e => e.in_column(field),
    })
}

/// The answers of a survey table as accumulator counts (for
/// `Accumulator.addMany`), with unreadable answers explained as in
/// [`tally_table`].
///
/// # Errors
/// As [`tally`].
pub fn tally_table_counts(table: &Table<'_>, scale: Scale, policy: InvalidPolicy) -> Result<Counts> {
    Ok(Counts::from_tally(&tally_table(table, None, scale, policy)?, policy))
}
