//! Row rules: one definition per rule, applied two ways.
//!
//! A KPI states what a valid row is as a list of [`Rule`]s over its numeric
//! columns. [`RuleSet::bad_rows`] applies them column by column (tight loops
//! over whole columns, which is what makes validation cheap); for the rows it
//! finds bad, [`RuleSet::first_error`] applies the same rules to the row alone,
//! in order, to name the first one broken. Both call the same predicate of
//! each rule ([`Rule::holds`]), so they cannot disagree.

use crate::error::{num, Error, Result};
use std::borrow::Cow;

/// One condition a row must meet. Fields are column positions in the
/// schema; a missing value (NaN) passes every rule but [`Rule::Required`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// The value is present. `MISSING_FIELD`.
    Required(usize),
    /// An instant within `[min, max]` epoch ms. `INVALID_TIMESTAMP`.
    Instant {
        /// The column.
        field: usize,
        /// Earliest allowed.
        min: f64,
        /// Latest allowed.
        max: f64,
    },
    /// Not before the value of `start` (an event after creation).
    /// `NEGATIVE_DURATION`.
    NotBefore {
        /// The column.
        field: usize,
        /// The column it must not precede.
        start: usize,
    },
    /// A duration in ms: finite, at most `max`, not negative.
    /// `INVALID_DURATION` / `NEGATIVE_DURATION`.
    Duration {
        /// The column.
        field: usize,
        /// Longest allowed.
        max: f64,
    },
    /// A whole number ≥ 0. `INVALID_COUNT`.
    Count(usize),
    /// 0 or 1. `INVALID_TYPE`.
    Flag(usize),
    /// At most `max` ms after the value of `start`. `INVALID_TIMESTAMP`.
    MaxSpan {
        /// The column.
        field: usize,
        /// The column it is measured from.
        start: usize,
        /// Longest span.
        max: f64,
        /// The rule, for the message.
        why: &'static str,
    },
    /// A fixed instant (`asOf`, named `name`) at most `max` ms after the
    /// value of `start`. `INVALID_TIMESTAMP`.
    MaxSpanTo {
        /// The instant.
        at: f64,
        /// Its option name.
        name: &'static str,
        /// The column it is measured from.
        start: usize,
        /// Longest span.
        max: f64,
        /// The rule, for the message.
        why: &'static str,
    },
}

/// Value of column `f` at row `i` (NaN when the column is absent).
#[inline(always)]
fn at(cols: &[Option<&[f64]>], f: usize, i: usize) -> f64 {
    match cols.get(f) {
        Some(Some(c)) => c.get(i).copied().unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}

impl Rule {
    /// The predicate of the rule for one value `v` of its column (and `w`,
    /// the value of the column it refers to, where it has one).
    #[inline(always)]
    pub fn holds(&self, v: f64, w: f64) -> bool {
        match *self {
            Rule::Required(_) => !v.is_nan(),
            Rule::Instant { min, max, .. } => v.is_nan() || (v >= min && v <= max),
            Rule::NotBefore { .. } => !(v < w),
            Rule::Duration { max, .. } => v.is_nan() || (0.0..=max).contains(&v),
            Rule::Count(_) => v.is_nan() || ((0.0..=f64::MAX).contains(&v) && v.fract() == 0.0),
            Rule::Flag(_) => v.is_nan() || v == 0.0 || v == 1.0,
            Rule::MaxSpan { max, .. } | Rule::MaxSpanTo { max, .. } => !(v - w > max),
        }
    }

    /// The column the rule is about and the column (or fixed value) it refers to.
    fn operands(&self, cols: &[Option<&[f64]>], i: usize) -> (f64, f64) {
        match *self {
            Rule::Required(f) | Rule::Count(f) | Rule::Flag(f) => (at(cols, f, i), f64::NAN),
            Rule::Instant { field, .. } | Rule::Duration { field, .. } => (at(cols, field, i), f64::NAN),
            Rule::NotBefore { field, start } | Rule::MaxSpan { field, start, .. } => (at(cols, field, i), at(cols, start, i)),
            Rule::MaxSpanTo { at: a, start, .. } => (a, at(cols, start, i)),
        }
    }

    /// The column the rule reads, if it reads one directly.
    fn field(&self) -> Option<usize> {
        match *self {
            Rule::Required(f) | Rule::Count(f) | Rule::Flag(f) => Some(f),
            Rule::Instant { field, .. } | Rule::Duration { field, .. } => Some(field),
            Rule::NotBefore { field, .. } | Rule::MaxSpan { field, .. } => Some(field),
            Rule::MaxSpanTo { .. } => None,
        }
    }

    /// The error of a row that breaks the rule.
    fn error(&self, names: &[&str], cols: &[Option<&[f64]>], i: usize) -> Error {
        let (v, w) = self.operands(cols, i);
        let name = |f: usize| -> Cow<'static, str> { names.get(f).copied().unwrap_or("?").to_string().into() };
        let index = Some(i);
        let iso = crate::time::format_instant;
        match *self {
            Rule::Required(f) => Error::MissingField { field: name(f), index },
            Rule::Instant { field, .. } => Error::InvalidTimestamp {
                field: name(field),
                index,
                detail: crate::time::out_of_range(v).into(),
            },
            Rule::NotBefore { field, start } => Error::NegativeDuration {
                field: name(field),
                index,
                detail: format!("({}) is before {} ({})", iso(v), name(start), iso(w)).into(),
            },
            Rule::Duration { field, .. } if v < 0.0 => Error::NegativeDuration {
                field: name(field),
                index,
                detail: format!("is {} ms; durations cannot be negative", num(v)).into(),
            },
            Rule::Duration { field, .. } => Error::InvalidDuration { field: name(field), index, found: num(v).into() },
            Rule::Count(f) => Error::InvalidCount { field: name(f), index, value: v },
            Rule::Flag(f) => Error::InvalidType { field: name(f), index, expected: "true or false".into(), found: num(v).into() },
            Rule::MaxSpan { field, why, .. } => Error::InvalidTimestamp { field: name(field), index, detail: why.into() },
            Rule::MaxSpanTo { name: n, why, .. } => Error::InvalidTimestamp { field: n.into(), index, detail: why.into() },
        }
    }
}

/// The rules of one KPI's rows, in the order their errors are reported.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// The rules.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Marks every row that breaks a rule, column by column.
    pub fn bad_rows(&self, cols: &[Option<&[f64]>], n: usize) -> Vec<bool> {
        let mut bad = vec![false; n];
        let col = |f: usize| cols.get(f).copied().flatten();
        for rule in &self.rules {
            match *rule {
                // Rules over one column: skip absent columns, except Required.
                Rule::Required(f) => match col(f) {
                    Some(c) => mark(&mut bad, c, |v| rule.holds(v, f64::NAN)),
                    None => bad.iter_mut().for_each(|b| *b = true),
                },
                Rule::MaxSpanTo { at: a, start, .. } => {
                    if let Some(s) = col(start) {
                        mark(&mut bad, s, |w| rule.holds(a, w));
                    }
                }
                Rule::NotBefore { field, start } | Rule::MaxSpan { field, start, .. } => {
                    if let (Some(c), Some(s)) = (col(field), col(start)) {
                        for ((b, &v), &w) in bad.iter_mut().zip(c).zip(s) {
                            *b |= !rule.holds(v, w);
                        }
                    }
                }
                _ => {
                    if let Some(c) = rule.field().and_then(col) {
                        mark(&mut bad, c, |v| rule.holds(v, f64::NAN));
                    }
                }
            }
        }
        bad
    }

    /// The first rule row `i` breaks, as its error.
    pub fn first_error(&self, names: &[&str], cols: &[Option<&[f64]>], i: usize) -> Option<Error> {
        self.rules.iter().find(|r| {
            let (v, w) = r.operands(cols, i);
            !r.holds(v, w)
        }).map(|r| r.error(names, cols, i))
    }

    /// Checks one row, for callers that validate single values.
    ///
    /// # Errors
    /// The first rule broken.
    pub fn check(&self, names: &[&str], cols: &[Option<&[f64]>], i: usize) -> Result<()> {
        self.first_error(names, cols, i).map_or(Ok(()), Err)
    }
}

#[inline(always)]
fn mark(bad: &mut [bool], c: &[f64], ok: impl Fn(f64) -> bool) {
    for (b, &v) in bad.iter_mut().zip(c) {
        *b |= !ok(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_and_row_checks_agree() {
        let names = ["createdAt", "doneAt", "n", "flag"];
        let set = RuleSet {
            rules: vec![
                Rule::Required(0),
                Rule::Instant { field: 0, min: -1e15, max: 1e15 },
                Rule::NotBefore { field: 1, start: 0 },
                Rule::Count(2),
                Rule::Flag(3),
                Rule::MaxSpanTo { at: 1000.0, name: "asOf", start: 0, max: 500.0, why: "too far" },
            ],
        };
        let created = [600.0, f64::NAN, 700.0, 800.0, 2e15, 100.0, 900.0];
        let done = [700.0, 1.0, 600.0, f64::NAN, f64::NAN, 200.0, 950.0];
        let n = [1.0, 0.0, 2.0, 1.5, 0.0, 3.0, f64::NAN];
        let flag = [0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 2.0];
        let cols = [Some(&created[..]), Some(&done[..]), Some(&n[..]), Some(&flag[..])];
        let bad = set.bad_rows(&cols, 7);
        assert_eq!(bad, vec![false, true, true, true, true, true, true]);
        let codes: Vec<_> = (0..7).map(|i| set.first_error(&names, &cols, i).map(|e| e.code())).collect();
        assert_eq!(
            codes,
            vec![None, Some("MISSING_FIELD"), Some("NEGATIVE_DURATION"), Some("INVALID_COUNT"), Some("INVALID_TIMESTAMP"), Some("INVALID_TIMESTAMP"), Some("INVALID_TYPE")]
        );
        for (i, &b) in bad.iter().enumerate() {
            assert_eq!(b, set.first_error(&names, &cols, i).is_some(), "row {i}");
        }
    }
}
