//! The kernel every KPI is built on.
//!
//! A KPI is three things (the shape of `vks/average`'s estimators):
//! - a small **state** of sufficient statistics (counts, sums, durations)
//!   that [merges](Merge) without loss, so that the state of any split of the
//!   data, merged, equals the state of all of it;
//! - an **add** step that folds a [`Table`](crate::table::Table) of typed
//!   columns into the state, applying the one [invalid-entry policy](Rejects);
//! - a **read** step that turns a state into a result under read options
//!   (confidence level, thresholds), which is why thresholds are applied when
//!   reading and never when counting.
//!
//! [`Metric`] ties the three together; [`compute`] runs add then read on one
//! table. The binding exports any `Metric` with one line.

use crate::error::{num, Error, Result};
use crate::table::{Schema, Table};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Largest weight accepted anywhere (survey weights, health-score weights):
/// far above any real weighting, and small enough that sums of weights and
/// of their squares, and weights times 0–100 points, cannot overflow.
pub const MAX_WEIGHT: f64 = 1e100;

/// Largest money amount of one row (a subscription's MRR, a transaction):
/// far above any revenue, and low enough that sums over any number of
/// rows (2⁵³ at most) stay finite (1e308 twice is Infinity).
pub const MAX_AMOUNT: f64 = 1e250;

/// States that merge: `a.merge(&b)` makes `a` the state of both inputs.
///
/// The merge law, which every KPI's state obeys (and is tested for): for any
/// split of the data into parts, merging the parts' states equals the state
/// of all of the data.
///
/// ```
/// use cx_metrics::kpi::Merge;
/// use cx_metrics::survey::{Counts, InvalidPolicy, Scale, Scores};
/// let all = [10u8, 9, 3, 7, 0, 10];
/// let mut whole = Counts::new(Scale::NPS, InvalidPolicy::Error);
/// whole.add_many(Scores::U8(&all)).unwrap();
/// let (mut a, mut b) = (Counts::new(Scale::NPS, InvalidPolicy::Error), Counts::new(Scale::NPS, InvalidPolicy::Error));
/// a.add_many(Scores::U8(&all[..2])).unwrap();
/// b.add_many(Scores::U8(&all[2..])).unwrap();
/// a.merge(&b).unwrap();
/// assert_eq!(a, whole);
/// ```
pub trait Merge {
    /// Adds `other` into `self`.
    ///
    /// # Errors
    /// When the two states cannot be combined (e.g. counts on different
    /// scales: `SCALE_MISMATCH`); `self` is then unchanged.
    fn merge(&mut self, other: &Self) -> Result<()>;
}

/// One KPI: options, a mergeable state, the columns it reads, and its result.
pub trait Metric {
    /// Options for adding and reading (camelCase in JavaScript, unknown keys
    /// rejected). Deserialised by serde.
    type Options: DeserializeOwned + Default;
    /// Sufficient statistics.
    type State: Merge;
    /// The result, serialised to a plain object.
    type Output: Serialize;
    /// The columns of the input table.
    const SCHEMA: &'static Schema<'static>;

    /// An empty state for these options (the scale, the calendar, …).
    ///
    /// # Errors
    /// `INVALID_OPTION` and friends for options that cannot be used.
    fn state(options: &Self::Options) -> Result<Self::State>;
    /// Folds a table into the state. All or nothing: on error the state is
    /// unchanged.
    ///
    /// # Errors
    /// The first invalid entry under [`InvalidPolicy::Error`].
    fn add(state: &mut Self::State, table: &Table<'_>, options: &Self::Options) -> Result<()>;
    /// The result of a state.
    ///
    /// # Errors
    /// Options that are invalid for reading.
    fn read(state: &Self::State, options: &Self::Options) -> Result<Self::Output>;
    /// Writes a result for the binding's reader: its tagged form, or the
    /// flat form of a [`Flat`](crate::wire::out::Flat) result.
    ///
    /// # Errors
    /// As [`Tape::write`](crate::wire::out::Tape::write).
    fn write(out: &Self::Output, tape: &mut crate::wire::out::Tape) -> std::result::Result<(), crate::wire::out::OutError> {
        tape.write(out)
    }
}

/// Add then read: the KPI of one table.
///
/// # Errors
/// As [`Metric::state`], [`Metric::add`] and [`Metric::read`].
pub fn compute<M: Metric>(table: &Table<'_>, options: &M::Options) -> Result<M::Output> {
    let mut state = M::state(options)?;
    M::add(&mut state, table, options)?;
    M::read(&state, options)
}

/// At most this many skipped inputs are described in a result's `invalid`
/// list; all of them are counted in `skipped`.
pub const MAX_REPORTED_INVALID: usize = 100;

/// What to do with an input that is not valid (an answer, a ticket).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InvalidPolicy {
    /// Fail with an error naming the first bad input (the default).
    #[default]
    Error,
    /// Leave it out and count it in `skipped`.
    Skip,
}

impl InvalidPolicy {
    /// Parses `"error"` or `"skip"`.
    ///
    /// # Errors
    /// `INVALID_OPTION` (option `invalid`) for anything else.
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
    /// The error itself, so that the entry can move when states merge.
    #[serde(skip)]
    pub error: Option<Error>,
}

impl InvalidEntry {
    /// The entry for `e` at `index` (when `e` names no index).
    pub fn new(index: usize, e: Error) -> Self {
        InvalidEntry { index: e.index().unwrap_or(index), code: e.code(), message: e.to_string(), error: Some(e) }
    }

    /// Moves the entry `by` places later (an entry of a part of the input
    /// that starts at `by`): its index and the index its message names.
    pub fn shift(&mut self, by: usize) {
        self.index += by;
        if let Some(e) = &mut self.error {
            e.shift_index(by);
            self.message = e.to_string();
        }
    }
}

/// The one invalid-entry policy, applied in one place: under
/// [`InvalidPolicy::Error`] the first rejected entry is the error; under
/// [`InvalidPolicy::Skip`] entries are counted and the first
/// [`MAX_REPORTED_INVALID`] are described.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rejects {
    policy: InvalidPolicy,
    /// How many entries were rejected.
    pub skipped: u64,
    /// The first [`MAX_REPORTED_INVALID`] of them.
    pub invalid: Vec<InvalidEntry>,
}

impl Rejects {
    /// No rejects yet, under `policy`.
    pub fn new(policy: InvalidPolicy) -> Self {
        Rejects { policy, skipped: 0, invalid: Vec::new() }
    }

    /// The policy in force.
    pub fn policy(&self) -> InvalidPolicy {
        self.policy
    }

    /// Rejects one entry: returns the error under the error policy, records
    /// it under the skip policy. `index` is the entry's position, used when
    /// the error does not carry one.
    ///
    /// # Errors
    /// `e` itself under [`InvalidPolicy::Error`].
    pub fn reject(&mut self, index: usize, e: Error) -> Result<()> {
        match self.policy {
            InvalidPolicy::Error => Err(e),
            InvalidPolicy::Skip => {
                self.skipped = self.skipped.saturating_add(1);
                if self.invalid.len() < MAX_REPORTED_INVALID {
                    self.invalid.push(InvalidEntry::new(index, e));
                }
                Ok(())
            }
        }
    }

    /// Rejects `n` entries that one input entry stands for (a state row of
    /// `n` answers a warehouse could not count): as [`Rejects::reject`],
    /// with `n` added to `skipped` and one description listed.
    ///
    /// # Errors
    /// `e` itself under [`InvalidPolicy::Error`].
    pub fn reject_many(&mut self, index: usize, e: Error, n: u64) -> Result<()> {
        self.reject(index, e)?;
        self.skipped = self.skipped.saturating_add(n.saturating_sub(1));
        Ok(())
    }

    /// Adds the rejects of a later part of the input whose indices start at
    /// `offset`.
    pub fn extend(&mut self, other: Rejects, offset: usize) {
        self.skipped = self.skipped.saturating_add(other.skipped);
        for mut e in other.invalid {
            if self.invalid.len() >= MAX_REPORTED_INVALID {
                break;
            }
            e.shift(offset);
            self.invalid.push(e);
        }
    }
}

/// Checks a confidence level: strictly between 0 and 1.
///
/// # Errors
/// `INVALID_OPTION` (option `confidence`).
#[inline]
pub fn check_level(level: f64) -> Result<f64> {
    if level > 0.0 && level < 1.0 {
        Ok(level)
    } else {
        Err(level_error(level))
    }
}

#[cold]
#[inline(never)]
fn level_error(level: f64) -> Error {
    Error::option("confidence", format!("must be a number between 0 and 1, exclusive (e.g. 0.95); got {}", num(level)))
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

crate::flat! { ConfidenceInterval as "ConfidenceInterval", |t, r| {
    "low": num(r.low),
    "high": num(r.high),
    "level": num(r.level),
    "method": value(r.method),
} }

/// `part` as a percentage of `total`; `None` when `total` is 0.
pub fn share(part: f64, total: f64) -> Option<f64> {
    if total > 0.0 { Some(100.0 * part / total) } else { None }
}

/// Bounds of a proportion (fractions) as the percent interval of `x / n`.
/// With `holds` (every method but Jeffreys', whose equal-tailed posterior
/// interval may leave the rate out at small levels) the bounds are kept on
/// either side of the rate as results write it, 100·x/n: the fractions
/// hold x/n, but 100·low may round an ulp past it.
pub fn percent_interval(b: crate::stats::Bounds, x: f64, n: f64, holds: bool, level: f64, method: &'static str) -> ConfidenceInterval {
    let (mut low, mut high) = (100.0 * b.low, 100.0 * b.high);
    if let (true, Some(rate)) = (holds, share(x, n)) {
        (low, high) = (low.min(rate), high.max(rate));
    }
    ConfidenceInterval { low, high, level, method }
}

/// A rate with its counts and a Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rate {
    /// Percent, `None` when the denominator is 0.
    pub rate: Option<f64>,
    /// Numerator.
    pub count: u64,
    /// Denominator.
    pub total: u64,
    /// Wilson score interval of the percent
    /// ([`wilson`](crate::stats::wilson)).
    pub confidence_interval: Option<ConfidenceInterval>,
}

impl Rate {
    /// `count / total` in percent with a Wilson interval at `level`.
    pub fn new(count: u64, total: u64, level: f64) -> Rate {
        let (p, n) = (count as f64, total as f64);
        Rate {
            rate: share(p, n),
            count,
            total,
            confidence_interval: if total > 0 {
                crate::stats::wilson(p / n, n, level).map(|b| percent_interval(b, p, n, true, level, "wilson"))
            } else {
                None
            },
        }
    }
}

/// The newtype name that marks a [`StaticStrs`].
pub const STATIC_STRS: &str = "$cx::StaticStrs";

/// A list of static strings that is the same in every result (such as the
/// NPS group of each score): the binding writes it so that JavaScript can
/// build it once and copy it. Serialised as the newtype
/// [`STATIC_STRS`] of `(key, list)`, the key being the list's address.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaticStrs(pub &'static [&'static str]);

impl Serialize for StaticStrs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The list's address is its key.
        s.serialize_newtype_struct(STATIC_STRS, &(self.0.as_ptr() as usize as u64, self.0))
    }
}

/// Most distinct lists [`Labels::new`] keeps for the life of the program.
const MAX_INTERNED_LISTS: usize = 64;

/// Most labels in a list [`Labels::new`] interns (a scale's points).
const MAX_INTERNED_LABELS: usize = 128;

/// A label per scale point that depends on options (the CSAT or CES group
/// of each score): interned, so that equal lists are one static list
/// ([`StaticStrs`]) which JavaScript builds once. The first
/// [`MAX_INTERNED_LISTS`] distinct lists are kept; any other is written as a
/// plain array.
#[derive(Debug, Clone, PartialEq)]
pub enum Labels {
    /// An interned list.
    Static(StaticStrs),
    /// A list past the interning limits.
    Owned(Vec<&'static str>),
}

impl Labels {
    /// The labels `label(0)`, …, `label(n − 1)`.
    pub fn new(n: usize, label: impl Fn(usize) -> &'static str) -> Labels {
        crate::local!(static LISTS: std::cell::RefCell<Vec<&'static [&'static str]>> = std::cell::RefCell::new(Vec::new()););
        // The labels are literals: compared by address and length (equal
        // texts at two addresses only make a second, equivalent list).
        let same = |a: &str, b: &str| a.as_ptr() == b.as_ptr() && a.len() == b.len();
        LISTS.with(|lists| {
            let mut lists = lists.borrow_mut();
            if let Some(found) = lists.iter().find(|l| l.len() == n && l.iter().enumerate().all(|(k, s)| same(s, label(k)))) {
                return Labels::Static(StaticStrs(found));
            }
            let list: Vec<&'static str> = (0..n).map(&label).collect();
            if lists.len() == MAX_INTERNED_LISTS || n > MAX_INTERNED_LABELS {
                return Labels::Owned(list);
            }
            // Kept for the life of the program (at most MAX_INTERNED_LISTS
            // lists, so a bounded amount of memory).
            let kept: &'static [&'static str] = Box::leak(list.into_boxed_slice());
            lists.push(kept);
            Labels::Static(StaticStrs(kept))
        })
    }
}

impl std::ops::Deref for Labels {
    type Target = [&'static str];
    fn deref(&self) -> &[&'static str] {
        match self {
            Labels::Static(s) => s.0,
            Labels::Owned(v) => v,
        }
    }
}

impl Serialize for Labels {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Labels::Static(l) => l.serialize(s),
            Labels::Owned(v) => v.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_interned_by_content_within_limits() {
        let pick = |from: usize| move |k: usize| if k >= from { "yes" } else { "no" };
        let (a, b, c) = (Labels::new(5, pick(3)), Labels::new(5, pick(3)), Labels::new(5, pick(4)));
        assert_eq!(&*a, ["no", "no", "no", "yes", "yes"]);
        assert_eq!(&*c, ["no", "no", "no", "no", "yes"]);
        match (&a, &b, &c) {
            (Labels::Static(x), Labels::Static(y), Labels::Static(z)) => {
                assert!(std::ptr::eq(x.0, y.0), "equal lists are one list");
                assert!(!std::ptr::eq(x.0, z.0));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(Labels::new(MAX_INTERNED_LABELS + 1, pick(1)), Labels::Owned(_)));
        // Past the number of lists kept, new lists are plain (and right);
        // known ones are still shared.
        for n in 1..=MAX_INTERNED_LISTS + 5 {
            let l = Labels::new(n + 10, pick(n));
            assert_eq!(l.len(), n + 10);
            assert_eq!(l.iter().position(|s| *s == "yes"), Some(n));
        }
        assert!(matches!(Labels::new(MAX_INTERNED_LISTS + 20, pick(MAX_INTERNED_LISTS + 9)), Labels::Owned(_)));
        assert!(matches!(Labels::new(5, pick(3)), Labels::Static(_)));
    }

    #[test]
    fn rejects_error_then_skip() {
        let e = || Error::InvalidCount { field: "x".into(), index: Some(3), value: -1.0 };
        let mut r = Rejects::new(InvalidPolicy::Error);
        assert_eq!(r.reject(3, e()).unwrap_err().code(), "INVALID_COUNT");
        let mut r = Rejects::new(InvalidPolicy::Skip);
        for i in 0..150 {
            r.reject(i, e()).unwrap();
        }
        assert_eq!(r.skipped, 150);
        assert_eq!(r.invalid.len(), MAX_REPORTED_INVALID);
        let mut a = Rejects::new(InvalidPolicy::Skip);
        a.reject(0, Error::state("x")).unwrap();
        let mut b = Rejects::new(InvalidPolicy::Skip);
        b.reject(2, Error::state("y")).unwrap();
        a.extend(b, 10);
        assert_eq!(a.invalid.iter().map(|e| e.index).collect::<Vec<_>>(), vec![0, 12]);
    }

    #[test]
    fn rate_is_null_without_a_denominator() {
        let r = Rate::new(0, 0, 0.95);
        assert_eq!((r.rate, r.confidence_interval), (None, None));
        let r = Rate::new(81, 263, 0.95);
        let ci = r.confidence_interval.unwrap();
        // Newcombe 1998, Table II, method 3: 0.2553–0.3662.
        assert!((ci.low - 25.53).abs() < 5e-3 && (ci.high - 36.62).abs() < 5e-3, "{ci:?}");
    }
}

// ---------------------------------------------------------------- options and serde
//
// Options are deserialised by serde from whatever the caller passed. A few
// option types need more than serde's data model says; they mark themselves
// with these names, which the binding's deserializer (`crate::wire`) knows.
// Any other deserializer sees ordinary newtypes, tuples and structs.

/// Tuple-struct name of [`Weighted`](crate::survey::Weighted): one options
/// object holding both `weights` and a KPI's options; the deserializer
/// presents it as the sequence `[weights, the object without weights]`.
pub const WEIGHTED: &str = "$cx::Weighted";
/// Tuple-struct name of a [`Scale`](crate::survey::Scale) `[min, max]`.
pub const SCALE: &str = "$cx::Scale";
/// Newtype name of [`DataColumn`]: data inside an options object (weights),
/// whose errors are data errors (`NOT_A_NUMBER`, `INVALID_TYPE`), not
/// `INVALID_OPTION`.
pub const DATA_COLUMN: &str = "$cx::DataColumn";
/// Newtype name of [`InstantOption`]: epoch ms, an ISO 8601 string with an
/// offset, or a `Date`; errors are `INVALID_TIMESTAMP`.
pub const INSTANT: &str = "$cx::Instant";
/// Newtype name of calendars: errors inside are `INVALID_CALENDAR`.
pub const CALENDAR: &str = "$cx::Calendar";
/// Struct name of an option that is a string, an object or an array (a
/// funnel step: `"signup"` or `{ event, where }`; a calendar's holidays: a
/// list, or `{ country }`): the deserializer gives a string to the
/// visitor's `visit_str`, an array to `visit_seq`, and reads an object as a
/// struct, with its field list (so unknown keys are named with the known
/// ones).
pub const NAME_OR_STRUCT: &str = "$cx::NameOrStruct";
/// The serde name of [`InvalidPolicy`].
pub const INVALID_POLICY: &str = "InvalidPolicy";
/// Stands for the `weights` of a [`WEIGHTED`] options object in refusal lists.
pub const WEIGHTED_WEIGHTS: &str = "$cx::Weighted.weights";
/// Types that only mean something when answers are added, not when a result
/// is read from a state (an accumulator's `result`): the deserializer
/// refuses them there.
pub const ADD_TIME: &[&str] = &[SCALE, INVALID_POLICY, WEIGHTED_WEIGHTS];

/// Numbers given as data inside options (weights).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataColumn(pub Vec<f64>);

impl<'de> serde::Deserialize<'de> for DataColumn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = DataColumn;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array of numbers")
            }
            fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<DataColumn, D::Error> {
                // The binding's deserializer has read the column already
                // (in bulk, with data errors); others read a sequence.
                match take_data_column() {
                    Some(values) => Ok(DataColumn(values)),
                    None => <Vec<f64> as serde::Deserialize>::deserialize(d).map(DataColumn),
                }
            }
        }
        d.deserialize_newtype_struct(DATA_COLUMN, V)
    }
}

crate::local! {
    static DATA: std::cell::RefCell<Option<Vec<f64>>> = std::cell::RefCell::new(None);
}

/// Hands a column read in bulk to the [`DataColumn`] being deserialised.
pub fn put_data_column(values: Vec<f64>) {
    DATA.with(|d| *d.borrow_mut() = Some(values));
}

fn take_data_column() -> Option<Vec<f64>> {
    DATA.with(|d| d.borrow_mut().take())
}

/// An instant given in options (`asOf`): epoch ms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InstantOption(pub f64);

impl<'de> serde::Deserialize<'de> for InstantOption {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = InstantOption;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(crate::table::TIME_RULE)
            }
            fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<InstantOption, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<InstantOption, E> {
                Ok(InstantOption(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<InstantOption, E> {
                Ok(InstantOption(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<InstantOption, E> {
                Ok(InstantOption(v as f64))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> std::result::Result<InstantOption, E> {
                crate::time::parse_instant(s).map(InstantOption).ok_or_else(|| E::custom(crate::table::TIME_RULE))
            }
        }
        d.deserialize_newtype_struct(INSTANT, V)
    }
}

/// Visits `[a, b]`, two numbers.
pub struct PairVisitor;

impl<'de> serde::de::Visitor<'de> for PairVisitor {
    type Value = (f64, f64);
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of two numbers [min, max]")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(f64, f64), A::Error> {
        let a = seq.next_element()?.ok_or_else(|| serde::de::Error::invalid_length(0, &self))?;
        let b = seq.next_element()?.ok_or_else(|| serde::de::Error::invalid_length(1, &self))?;
        if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            return Err(serde::de::Error::invalid_length(3, &self));
        }
        Ok((a, b))
    }
}

crate::local! {
    static PENDING: std::cell::RefCell<Option<Error>> = std::cell::RefCell::new(None);
}

/// Turns an error of this crate raised inside a `Deserialize` impl into the
/// deserializer's error. serde errors carry only a message; the binding's
/// deserializer takes the original (code, field) back with
/// [`take_de_error`], other deserializers see its message.
pub fn de_error<E: serde::de::Error>(e: Error) -> E {
    let msg = e.to_string();
    PENDING.with(|p| *p.borrow_mut() = Some(e));
    E::custom(msg)
}

/// The error passed to [`de_error`] whose message is `msg`, if any.
pub fn take_de_error(msg: &str) -> Option<Error> {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        match p.as_ref() {
            Some(e) if e.to_string() == msg => p.take(),
            _ => None,
        }
    })
}

/// `deserialize_with` for a required instant (see [`InstantOption`]).
pub fn instant<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
    <InstantOption as serde::Deserialize>::deserialize(d).map(|i| i.0)
}

/// `deserialize_with` for an optional instant (see [`InstantOption`]).
pub fn instant_option<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<f64>, D::Error> {
    <Option<InstantOption> as serde::Deserialize>::deserialize(d).map(|o| o.map(|i| i.0))
}

/// `deserialize_with` for an object read as `(key, value)` pairs in key order.
pub fn map_pairs<'de, D, V>(d: D) -> std::result::Result<Vec<(String, V)>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: serde::Deserialize<'de>,
{
    struct Pairs<V>(std::marker::PhantomData<V>);
    impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Pairs<V> {
        type Value = Vec<(String, V)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((k, v)) = map.next_entry::<String, V>()? {
                out.push((k, v));
            }
            Ok(out)
        }
    }
    d.deserialize_map(Pairs(std::marker::PhantomData))
}

/// The summary of one side of a comparison, read from a result object (or
/// any object with these fields; other fields are ignored).
pub trait Summary: Sized {
    /// The fields read, and whether each is required.
    const FIELDS: &'static [(&'static str, bool)];
    /// What a side is, for messages (`"an array of scores or a CSAT result"`).
    const EXPECTED: &'static str;
    /// The one-column table of a side given as answers (scores, outcomes).
    const ANSWERS: &'static Schema<'static>;
    /// The summary of the fields' values (`None` = absent or null), in the
    /// order of [`FIELDS`](Summary::FIELDS). `side` is the side's name, for
    /// messages (a field is named by [`field_path`](crate::wire::args::field_path)).
    ///
    /// # Errors
    /// A value that cannot be (a negative count), naming its field.
    fn from_fields(values: &[Option<f64>], side: &str) -> Result<Self>;
}

/// One side of a comparison (or the input of a KPI that also takes counts):
/// answers, or a summary.
#[derive(Debug, Clone)]
pub enum Side<'a, S> {
    /// Raw answers.
    Answers(Table<'a>),
    /// The summary of a result.
    Summary(S),
}

impl<'a, S: Summary> crate::wire::args::Arg<'a> for Side<'a, S> {
    fn read(v: crate::wire::Value<'a>, name: &'static str) -> Result<Self> {
        use crate::wire::{args::number_field, table::read_table, V};
        match v.get() {
            V::Array(_) | V::Column(_) => Ok(Side::Answers(read_table(v, S::ANSWERS)?)),
            V::Object(o) => {
                let mut values = Vec::with_capacity(S::FIELDS.len());
                for &(key, required) in S::FIELDS {
                    values.push(match o.get(key) {
                        Some(x) if !required && x.is_nullish() => None,
                        None if !required => None,
                        _ => Some(number_field(&o, key, name)?),
                    });
                }
                S::from_fields(&values, name).map(Side::Summary)
            }
            _ => Err(Error::InvalidType { field: name.into(), index: None, expected: S::EXPECTED.into(), found: v.describe().into() }),
        }
    }
}

impl<S: Copy> Side<'_, S> {
    /// The side's summary: as given, or made from its answers by `of`.
    ///
    /// # Errors
    /// What `of` returns.
    pub fn summary(&self, of: impl Fn(&Table<'_>) -> Result<S>) -> Result<S> {
        match self {
            Side::Summary(x) => Ok(*x),
            Side::Answers(t) => of(t),
        }
    }

    /// The summaries of sides `a` and `b` ([`Side::summary`]); an answer's
    /// error names its side (`a at index 1 is 11`).
    ///
    /// # Errors
    /// What `of` returns, with the side as its field.
    pub fn summaries(a: &Self, b: &Self, of: impl Fn(&Table<'_>) -> Result<S>) -> Result<(S, S)> {
        Ok((a.summary(&of).map_err(|e| e.in_column("a"))?, b.summary(&of).map_err(|e| e.in_column("b"))?))
    }
}
