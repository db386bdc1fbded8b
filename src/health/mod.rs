//! Customer health scores: a 0–100 score per account, a weighted mix of
//! measures scored by a plain-JSON spec, as customer-success teams build
//! them in Gainsight, Totango, ChurnZero or HubSpot.
//!
//! A measure reads a column and scores each value 0–100:
//! - `thresholds`: good / average / poor points (Totango's health rules);
//! - `ranges`: contiguous ranges of values → points (ChurnZero's and
//!   HubSpot's score ranges);
//! - `linear`: 0 points at `min`, 100 at `max`, clamped;
//! - `percentile`: the value's mid-rank percentile among the accounts that
//!   have one, 100·(below + (equal − 1)/2)/(n − 1) (ties share their
//!   average rank; 50 for a single account).
//!
//! `direction: "lower"` turns a measure where less is better around.
//!
//! Measures sit in weighted groups. A measure's effective weight is its
//! group's share of the group weights times its share of its group's
//! measure weights. Missing values (`missing`):
//! - `"renormalize"` (default): Gainsight's NA rule. A missing measure drops
//!   out and the other measures of its group share its weight; a group with
//!   no measure drops out and the other groups share its weight. E.g.
//!   weights 40/30/30 and scores 80, NA, 50 give (0.4·80 + 0.3·50)/0.7 =
//!   67.14.
//! - `"zero"`: a missing measure scores 0; `"neutral"`: it scores
//!   `neutralScore` (50).
//!
//! `coverage` is the share of the effective weight whose measures have a
//! value; below `minCoverage` the score is `null`, with the reason.

use std::rc::Rc;
use crate::error::{num, Error, Result};
use crate::kpi::{InvalidEntry, InvalidPolicy, Rejects};
use crate::table::{Field, Key, Kind, Schema, Table};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

/// How a missing measure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    /// It drops out; the other weights renormalise (the default).
    #[default]
    Renormalize,
    /// It scores 0.
    Zero,
    /// It scores `neutralScore`.
    Neutral,
}

/// Whether more is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// More is better (the default).
    #[default]
    Higher,
    /// Less is better.
    Lower,
}

/// The kinds of scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScoringType {
    /// Good / average / poor.
    Thresholds,
    /// Ranges of values → points.
    Ranges,
    /// Linear between two values.
    Linear,
    /// Percentile rank in the portfolio.
    Percentile,
}

/// Points of the three threshold levels.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LevelPoints {
    /// Points when good (100).
    #[serde(default = "hundred")]
    pub good: f64,
    /// Points when average (50).
    #[serde(default = "fifty")]
    pub average: f64,
    /// Points when poor (0).
    #[serde(default)]
    pub poor: f64,
}

fn hundred() -> f64 {
    100.0
}
fn fifty() -> f64 {
    50.0
}
fn one() -> f64 {
    1.0
}

/// One range of values: `min` inclusive, `max` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Range {
    /// Lower bound, inclusive (absent on the first range).
    #[serde(default)]
    pub min: Option<f64>,
    /// Upper bound, exclusive (absent on the last range).
    #[serde(default)]
    pub max: Option<f64>,
    /// Points of values in the range.
    pub points: f64,
}

/// How a measure scores its values; which fields apply depends on `type`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scoring {
    /// The kind.
    #[serde(rename = "type")]
    pub kind: ScoringType,
    /// Thresholds: the good threshold.
    #[serde(default)]
    pub good: Option<f64>,
    /// Thresholds: the poor threshold.
    #[serde(default)]
    pub poor: Option<f64>,
    /// Thresholds: the points of each level.
    #[serde(default)]
    pub points: Option<LevelPoints>,
    /// Ranges.
    #[serde(default)]
    pub ranges: Option<Vec<Range>>,
    /// Linear: 0 points here (100 with `direction: "lower"`).
    #[serde(default)]
    pub min: Option<f64>,
    /// Linear: 100 points here.
    #[serde(default)]
    pub max: Option<f64>,
}

/// One measure.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Measure {
    /// Its name in results (default: the column).
    #[serde(default)]
    pub name: Option<String>,
    /// The column it reads.
    pub column: String,
    /// Its weight within the group (1).
    #[serde(default = "one")]
    pub weight: f64,
    /// How values score.
    pub scoring: Scoring,
    /// `"higher"` (default) or `"lower"` is better.
    #[serde(default)]
    pub direction: Direction,
}

impl Measure {
    fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.column)
    }
}

/// A group of measures.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Group {
    /// Its name (unique).
    pub name: String,
    /// Its weight (1).
    #[serde(default = "one")]
    pub weight: f64,
    /// Its measures (none is the value rules' error, "must list at least
    /// one measure", so that a validation goes on past it).
    #[serde(default)]
    pub measures: Vec<Measure>,
}

/// A colour band: `min` inclusive, `max` exclusive (the top band's `max`
/// inclusive).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Band {
    /// Its label (`"red"`, `"at risk"`).
    pub label: String,
    /// A CSS colour.
    pub color: String,
    /// Lower bound, inclusive.
    pub min: f64,
    /// Upper bound, exclusive (inclusive for the top band).
    pub max: f64,
}

/// The default bands: red < 50 ≤ yellow < 75 ≤ green.
pub fn default_bands() -> Vec<Band> {
    let b = |label: &str, color: &str, min: f64, max: f64| Band { label: label.into(), color: color.into(), min, max };
    vec![b("red", "#d64545", 0.0, 50.0), b("yellow", "#e6b800", 50.0, 75.0), b("green", "#2e9e5b", 75.0, 100.0)]
}

/// The trend against a previous score.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Trend {
    /// The column of previous scores.
    pub column: String,
    /// Changes of at most this many points are flat (1).
    #[serde(default = "one")]
    pub epsilon: f64,
}

/// A manual override of the score.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Override {
    /// The column of manual scores (0–100; empty = none).
    pub column: String,
    /// A column of instants after which an override no longer applies.
    #[serde(default)]
    pub expires: Option<String>,
    /// The time expiry is judged at (default: now).
    #[serde(default, deserialize_with = "crate::kpi::instant_option")]
    pub as_of: Option<f64>,
}

/// A health-score spec (plain JSON).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HealthSpec {
    /// A column whose value labels each account in results.
    #[serde(default)]
    pub id: Option<String>,
    /// A column whose values split the portfolio (a segment, a CSM, a
    /// plan): `segments` in the result.
    #[serde(default)]
    pub segment: Option<String>,
    /// The groups of measures.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// How a missing measure counts.
    #[serde(default)]
    pub missing: Missing,
    /// The score of a missing measure with `missing: "neutral"` (50).
    #[serde(default = "fifty")]
    pub neutral_score: f64,
    /// Below this coverage (0–1) the score is `null` (0).
    #[serde(default)]
    pub min_coverage: f64,
    /// The bands (default red / yellow / green).
    #[serde(default)]
    pub bands: Option<Vec<Band>>,
    /// Trend against a previous score.
    #[serde(default)]
    pub trend: Option<Trend>,
    /// Manual override.
    #[serde(default, rename = "override")]
    pub override_: Option<Override>,
    /// What to do with an account that has an unreadable value (error).
    #[serde(default)]
    pub invalid: InvalidPolicy,
}

impl Default for HealthSpec {
    fn default() -> Self {
        HealthSpec {
            id: None,
            segment: None,
            groups: Vec::new(),
            missing: Missing::Renormalize,
            neutral_score: 50.0,
            min_coverage: 0.0,
            bands: None,
            trend: None,
            override_: None,
            invalid: InvalidPolicy::Error,
        }
    }
}

fn bad(path: impl Into<String>, rule: impl Into<String>) -> Error {
    Error::option(path.into(), rule.into())
}

fn points_ok(v: f64) -> bool {
    v.is_finite() && (0.0..=100.0).contains(&v)
}

/// Every problem of a spec, each naming its path
/// (`groups[0].measures[1].weight`), in spec order.
pub fn validate(spec: &HealthSpec) -> Vec<Error> {
    let mut errs = Vec::new();
    let mut push = |path: String, rule: String| errs.push(bad(path, rule));
    if spec.groups.is_empty() {
        push("groups".into(), "must list at least one group of measures".into());
    } else if spec.groups.iter().all(|g| g.weight == 0.0) {
        push("groups".into(), "must have a group with a weight above 0".into());
    }
    // (Sets as maps of the kind `fields` uses: one instantiation less.)
    let mut names: crate::hash::FxHashMap<&str, usize> = crate::hash::map();
    for (g, group) in spec.groups.iter().enumerate() {
        let gp = format!("groups[{g}]");
        if group.name.trim().is_empty() {
            push(format!("{gp}.name"), "must not be blank".into());
        } else if names.insert(&group.name, g).is_some() {
            push(format!("{gp}.name"), format!("\"{}\" names two groups; group names are unique", crate::error::echo(&group.name)));
        }
        if !(0.0..=crate::kpi::MAX_WEIGHT).contains(&group.weight) {
            push(format!("{gp}.weight"), format!("must be a number from 0 to {} (0 switches the group off); got {}", num(crate::kpi::MAX_WEIGHT), num(group.weight)));
        }
        if group.measures.is_empty() {
            push(format!("{gp}.measures"), "must list at least one measure".into());
        } else if group.weight > 0.0 && group.measures.iter().all(|m| m.weight == 0.0) {
            push(format!("{gp}.measures"), "must have a measure with a weight above 0 (or give the group weight 0)".into());
        }
        for (i, m) in group.measures.iter().enumerate() {
            let mp = format!("{gp}.measures[{i}]");
            if m.column.trim().is_empty() {
                push(format!("{mp}.column"), "must name a column".into());
            }
            if !(0.0..=crate::kpi::MAX_WEIGHT).contains(&m.weight) {
                push(format!("{mp}.weight"), format!("must be a number from 0 to {} (0 switches the measure off); got {}", num(crate::kpi::MAX_WEIGHT), num(m.weight)));
            }
            let s = &m.scoring;
            let sp = format!("{mp}.scoring");
            let allowed: &[&str] = match s.kind {
                ScoringType::Thresholds => &["good", "poor", "points"],
                ScoringType::Ranges => &["ranges"],
                ScoringType::Linear => &["min", "max"],
                ScoringType::Percentile => &[],
            };
            let given = [
                ("good", s.good.is_some()),
                ("poor", s.poor.is_some()),
                ("points", s.points.is_some()),
                ("ranges", s.ranges.is_some()),
                ("min", s.min.is_some()),
                ("max", s.max.is_some()),
            ];
            for (k, present) in given {
                if present && !allowed.contains(&k) {
                    push(format!("{sp}.{k}"), format!("does not apply to scoring of type \"{}\"", type_name(s.kind)));
                }
            }
            let need = |v: Option<f64>, k: &str, push: &mut dyn FnMut(String, String)| match v {
                Some(x) if x.is_finite() => Some(x),
                Some(x) => {
                    push(format!("{sp}.{k}"), format!("must be a finite number; got {}", num(x)));
                    None
                }
                None => {
                    push(format!("{sp}.{k}"), format!("is required by scoring of type \"{}\"", type_name(s.kind)));
                    None
                }
            };
            match s.kind {
                ScoringType::Thresholds => {
                    if let (Some(good), Some(poor)) = (need(s.good, "good", &mut push), need(s.poor, "poor", &mut push)) {
                        match m.direction {
                            Direction::Higher if good <= poor => push(
                                format!("{sp}.good"),
                                format!("({}) must be above poor ({}) when higher is better; set direction: \"lower\" otherwise", num(good), num(poor)),
                            ),
                            Direction::Lower if good >= poor => {
                                push(format!("{sp}.good"), format!("({}) must be below poor ({}) when lower is better", num(good), num(poor)))
                            }
                            _ => {}
                        }
                    }
                    if let Some(p) = s.points {
                        for (k, v) in [("good", p.good), ("average", p.average), ("poor", p.poor)] {
                            if !points_ok(v) {
                                push(format!("{sp}.points.{k}"), format!("must be from 0 to 100; got {}", num(v)));
                            }
                        }
                    }
                }
                ScoringType::Linear => {
                    if let (Some(lo), Some(hi)) = (need(s.min, "min", &mut push), need(s.max, "max", &mut push)) {
                        if lo >= hi {
                            push(format!("{sp}.max"), format!("({}) must be above min ({})", num(hi), num(lo)));
                        }
                    }
                }
                ScoringType::Ranges => {
                    if m.direction == Direction::Lower {
                        push(format!("{mp}.direction"), "does not apply to ranges: their points say which values are better".into());
                    }
                    match &s.ranges {
                        None => push(format!("{sp}.ranges"), "is required by scoring of type \"ranges\"".into()),
                        Some(r) if r.is_empty() => push(format!("{sp}.ranges"), "must list at least one range".into()),
                        Some(r) => {
                            let last = r.len() - 1;
                            for (k, range) in r.iter().enumerate() {
                                let rp = format!("{sp}.ranges[{k}]");
                                if !points_ok(range.points) {
                                    push(format!("{rp}.points"), format!("must be from 0 to 100; got {}", num(range.points)));
                                }
                                match (k, range.min) {
                                    (0, Some(_)) => push(format!("{rp}.min"), "must be absent: the first range takes every value below its max".into()),
                                    (k, None) if k > 0 => push(format!("{rp}.min"), "is required (the previous range's max)".into()),
                                    _ => {}
                                }
                                match (k == last, range.max) {
                                    (true, Some(_)) => push(format!("{rp}.max"), "must be absent: the last range takes every value from its min".into()),
                                    (false, None) => push(format!("{rp}.max"), "is required (the next range's min)".into()),
                                    _ => {}
                                }
                                if let (Some(lo), Some(hi)) = (range.min, range.max) {
                                    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                                        push(format!("{rp}.max"), format!("({}) must be above min ({})", num(hi), num(lo)));
                                    }
                                }
                                if k > 0 {
                                    if let (Some(prev), Some(lo)) = (r[k - 1].max, range.min) {
                                        if prev != lo {
                                            let what = if lo > prev { "a gap" } else { "an overlap" };
                                            push(
                                                format!("{rp}.min"),
                                                format!("({}) must equal the previous range's max ({}): ranges leave {what}", num(lo), num(prev)),
                                            );
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                ScoringType::Percentile => {}
            }
        }
    }
    if !(spec.min_coverage.is_finite() && (0.0..=1.0).contains(&spec.min_coverage)) {
        push("minCoverage".into(), format!("must be from 0 to 1; got {}", num(spec.min_coverage)));
    }
    if !points_ok(spec.neutral_score) {
        push("neutralScore".into(), format!("must be from 0 to 100; got {}", num(spec.neutral_score)));
    }
    if let Some(bands) = &spec.bands {
        if bands.is_empty() {
            push("bands".into(), "must list at least one band".into());
        }
        for (k, b) in bands.iter().enumerate() {
            let bp = format!("bands[{k}]");
            if b.label.trim().is_empty() {
                push(format!("{bp}.label"), "must not be blank".into());
            }
            if b.color.trim().is_empty() {
                push(format!("{bp}.color"), "must be a CSS colour".into());
            }
            if !(b.min.is_finite() && b.max.is_finite() && b.min < b.max) {
                push(format!("{bp}.max"), format!("({}) must be above min ({})", num(b.max), num(b.min)));
            }
            if k == 0 && b.min != 0.0 {
                push(format!("{bp}.min"), format!("must be 0: the bands cover 0–100; got {}", num(b.min)));
            }
            if k > 0 && bands[k - 1].max != b.min {
                let what = if b.min > bands[k - 1].max { "a gap" } else { "an overlap" };
                push(format!("{bp}.min"), format!("({}) must equal the previous band's max ({}): bands leave {what}", num(b.min), num(bands[k - 1].max)));
            }
            if k + 1 == bands.len() && b.max != 100.0 {
                push(format!("{bp}.max"), format!("must be 100: the bands cover 0–100; got {}", num(b.max)));
            }
        }
    }
    if let Some(t) = &spec.trend {
        if !(t.epsilon.is_finite() && t.epsilon >= 0.0) {
            push("trend.epsilon".into(), format!("must be a number ≥ 0; got {}", num(t.epsilon)));
        }
        if t.column.trim().is_empty() {
            push("trend.column".into(), "must name a column".into());
        }
    }
    if let Some(o) = &spec.override_ {
        if o.column.trim().is_empty() {
            push("override.column".into(), "must name a column".into());
        }
        if o.as_of.is_some_and(|t| !t.is_finite()) {
            push("override.asOf".into(), crate::table::TIME_RULE.into());
        }
    }
    errs
}

fn type_name(k: ScoringType) -> &'static str {
    match k {
        ScoringType::Thresholds => "thresholds",
        ScoringType::Ranges => "ranges",
        ScoringType::Linear => "linear",
        ScoringType::Percentile => "percentile",
    }
}

/// One problem of a spec, as `validateHealthSpec` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpecProblem {
    /// Where: `groups[0].measures[1].weight`.
    pub path: String,
    /// `INVALID_OPTION` (or `INVALID_TYPE` for a spec that is not an object).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

/// The result of `validateHealthSpec`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    /// No problem.
    pub valid: bool,
    /// The problems.
    pub errors: Vec<SpecProblem>,
}

impl Validation {
    /// The validation of a spec, or of the error reading it.
    pub fn of(spec: &Result<HealthSpec>) -> Validation {
        Validation::of_errors(match spec {
            Ok(s) => validate(s),
            Err(e) => vec![e.clone()],
        })
    }

    /// The validation that found `errs`.
    pub fn of_errors(errs: Vec<Error>) -> Validation {
        Validation {
            valid: errs.is_empty(),
            errors: errs
                .into_iter()
                .map(|e| SpecProblem { path: e.field().unwrap_or("spec").to_string(), code: e.code(), message: e.to_string() })
                .collect(),
        }
    }
}

/// The columns a spec reads, deduplicated (a column read as two kinds is an
/// error).
///
/// # Errors
/// `INVALID_OPTION` for a column used as two kinds of value.
pub fn fields<'s>(spec: &'s HealthSpec) -> Result<Vec<Field<'s>>> {
    let mut out: Vec<Field<'s>> = Vec::new();
    // (By a map: a spec of 40,000 measures compared every column with
    // every other.)
    let mut seen: crate::hash::FxHashMap<&'s str, usize> = crate::hash::map();
    let mut add = |name: &'s str, kind: Kind, path: &str| -> Result<()> {
        match seen.get(name).map(|&k| &out[k]) {
            Some(f) if f.kind != kind => Err(bad(path, format!("reads the column \"{}\" as two kinds of value", crate::error::echo(name)))),
            Some(_) => Ok(()),
            None => {
                seen.insert(name, out.len());
                out.push(Field { name, kind, required: false });
                Ok(())
            }
        }
    };
    if let Some(id) = &spec.id {
        add(id, Kind::Key, "id")?;
    }
    if let Some(seg) = &spec.segment {
        add(seg, Kind::Key, "segment")?;
    }
    for (g, group) in spec.groups.iter().enumerate() {
        for (i, m) in group.measures.iter().enumerate() {
            add(&m.column, Kind::Number, &format!("groups[{g}].measures[{i}].column"))?;
        }
    }
    if let Some(t) = &spec.trend {
        add(&t.column, Kind::Number, "trend.column")?;
    }
    if let Some(o) = &spec.override_ {
        add(&o.column, Kind::Number, "override.column")?;
        if let Some(e) = &o.expires {
            add(e, Kind::Instant, "override.expires")?;
        }
    }
    Ok(out)
}

/// A list of `(name, value)` written as an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Named<T>(pub Vec<(Rc<str>, T)>);

impl<T: Serialize> Serialize for Named<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// What one measure added to an account's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contribution {
    /// The group's name.
    pub group: Rc<str>,
    /// The measure's name.
    pub measure: Rc<str>,
    /// Its column.
    pub column: Rc<str>,
    /// The value read (`null` when missing).
    pub value: Option<f64>,
    /// Its points, 0–100 (`null` when missing and dropped out).
    pub points: Option<f64>,
    /// Its effective weight in this account's score (0–1; after
    /// renormalising).
    pub weight: f64,
    /// Points it added to the score: weight × points.
    pub contribution: f64,
    /// Whether the value was missing.
    pub missing: bool,
}

/// A band in results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandRef {
    /// Its label.
    pub label: Rc<str>,
    /// Its colour.
    pub color: Rc<str>,
}

/// One account's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountScore {
    /// Its row.
    pub index: usize,
    /// The value of the `id` column.
    pub id: Option<Key>,
    /// The score, 0–100 (`null` below `minCoverage` or without data).
    pub score: Option<f64>,
    /// Its band.
    pub band: Option<BandRef>,
    /// Each group's score (`null` when none of its measures has a value
    /// and missing values drop out).
    pub group_scores: Named<Option<f64>>,
    /// What each measure added.
    pub contributions: Vec<Contribution>,
    /// Share of the effective weight whose measures have a value (0–1).
    pub coverage: f64,
    /// `"up"`, `"flat"` or `"down"` against the previous score.
    pub trend: Option<&'static str>,
    /// The previous score.
    pub previous: Option<f64>,
    /// Whether a manual override set the score.
    pub overridden: bool,
    /// The score the measures give (before an override).
    pub computed_score: Option<f64>,
    /// Why the score is `null`.
    pub reason: Option<String>,
}

/// The count of one band in the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BandCount {
    /// Its label.
    pub label: String,
    /// Its colour.
    pub color: String,
    /// Accounts in it.
    pub count: u64,
    /// Percent of the scored accounts; `null` when none is scored.
    pub share: Option<f64>,
}

/// The portfolio.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Portfolio {
    /// Accounts scored or not.
    pub accounts: u64,
    /// Accounts with a score.
    pub scored: u64,
    /// Mean score; `null` when none.
    pub average: Option<f64>,
    /// Median score (type 7).
    pub median: Option<f64>,
    /// Accounts per band.
    pub bands: Vec<BandCount>,
}

/// The portfolio of one segment (`segment` in the spec).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentPortfolio {
    /// The segment's value (`null`: accounts without one).
    pub value: Option<Key>,
    /// Its accounts' portfolio.
    #[serde(flatten)]
    pub portfolio: Portfolio,
}

/// The result of `healthScores`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthScores {
    /// One entry per account, in input order.
    pub accounts: Vec<AccountScore>,
    /// The portfolio.
    pub portfolio: Portfolio,
    /// With `segment`: the portfolio of each segment, in order of first
    /// appearance.
    pub segments: Option<Vec<SegmentPortfolio>>,
    /// Accounts left out (an unreadable value, under `invalid: "skip"`).
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
}

/// Points of value `v` under a measure (not percentile).
fn points(m: &Measure, v: f64) -> f64 {
    let s = &m.scoring;
    let lower = m.direction == Direction::Lower;
    match s.kind {
        ScoringType::Thresholds => {
            let p = s.points.unwrap_or(LevelPoints { good: 100.0, average: 50.0, poor: 0.0 });
            let (good, poor) = (s.good.unwrap_or(0.0), s.poor.unwrap_or(0.0));
            let (is_good, is_poor) = if lower { (v <= good, v >= poor) } else { (v >= good, v <= poor) };
            if is_good {
                p.good
            } else if is_poor {
                p.poor
            } else {
                p.average
            }
        }
        ScoringType::Ranges => {
            let r = s.ranges.as_deref().unwrap_or(&[]);
            r.iter().find(|r| r.max.map_or(true, |hi| v < hi)).or(r.last()).map_or(0.0, |r| r.points)
        }
        ScoringType::Linear => {
            let (lo, hi) = (s.min.unwrap_or(0.0), s.max.unwrap_or(1.0));
            // The ratio first, and of halves where a difference overflows
            // (min −1e308 to max 1e308 gave ∞/∞: no points at all).
            let share = if (hi - lo).is_finite() { (v - lo) / (hi - lo) } else { (v / 2.0 - lo / 2.0) / (hi / 2.0 - lo / 2.0) };
            let x = (100.0 * share).clamp(0.0, 100.0);
            if lower { 100.0 - x } else { x }
        }
        ScoringType::Percentile => 50.0,
    }
}

/// Mid-rank percentile of `v` among `sorted` (which holds `v`).
fn percentile(sorted: &[f64], v: f64) -> f64 {
    let n = sorted.len();
    if n <= 1 {
        return 50.0;
    }
    let below = sorted.partition_point(|&x| x < v);
    let equal = sorted.partition_point(|&x| x <= v) - below;
    100.0 * (below as f64 + (equal as f64 - 1.0) / 2.0) / (n - 1) as f64
}

/// Scores a table of accounts.
///
/// # Errors
/// The first problem of the spec ([`validate`]), then under
/// `invalid: "error"` the first unreadable value (`NOT_A_NUMBER`,
/// `INVALID_TYPE`, `INVALID_TIMESTAMP`), or an override outside 0–100
/// (`INVALID_VALUE`).
pub fn health_scores(table: &Table<'_>, spec: &HealthSpec, now: Option<f64>) -> Result<HealthScores> {
    if let Some(e) = validate(spec).into_iter().next() {
        return Err(e);
    }
    score(table, spec, now)
}

/// [`health_scores`] of a spec already validated.
fn score(table: &Table<'_>, spec: &HealthSpec, now: Option<f64>) -> Result<HealthScores> {
    let n = table.len;
    let position: crate::hash::FxHashMap<&str, usize> = table.schema.fields.iter().enumerate().map(|(k, f)| (f.name, k)).collect();
    let col = |name: &str| -> Vec<f64> { position.get(name).and_then(|&f| table.values(f)).map_or_else(|| vec![f64::NAN; n], |c| c.into_owned()) };
    let bands = spec.bands.clone().unwrap_or_else(default_bands);
    let ids = spec.id.as_ref().and_then(|id| table.schema.position(id)).map(|f| table.key_codes(f));
    let measures: Vec<(usize, &Measure)> = spec.groups.iter().enumerate().flat_map(|(g, gr)| gr.measures.iter().map(move |m| (g, m))).collect();
    // Names repeated in every account's result: shared, not copied.
    let group_names: Vec<Rc<str>> = spec.groups.iter().map(|g| Rc::from(g.name.as_str())).collect();
    let measure_names: Vec<(Rc<str>, Rc<str>)> = measures.iter().map(|(_, m)| (Rc::from(m.label()), Rc::from(m.column.as_str()))).collect();
    let band_names: Vec<(Rc<str>, Rc<str>)> = bands.iter().map(|b| (Rc::from(b.label.as_str()), Rc::from(b.color.as_str()))).collect();
    let values: Vec<Vec<f64>> = measures.iter().map(|(_, m)| col(&m.column)).collect();
    let previous = spec.trend.as_ref().map(|t| col(&t.column));
    let manual = spec.override_.as_ref().map(|o| col(&o.column));
    let expires = spec.override_.as_ref().and_then(|o| o.expires.as_ref()).map(|e| col(e));
    let as_of = spec.override_.as_ref().and_then(|o| o.as_of).or(now);

    // Valid accounts.
    let mut rejects = Rejects::new(spec.invalid);
    let mut problems = table.problem_cursor();
    let mut rows: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        let e = match problems.first_at(i) {
            Some(e) => Some(e.clone()),
            None if measures.iter().zip(&values).any(|(_, v)| v[i].is_infinite()) => {
                let k = values.iter().position(|v| v[i].is_infinite()).unwrap_or(0);
                Some(Error::InvalidValue {
                    field: measures[k].1.column.clone().into(),
                    index: Some(i),
                    detail: format!("is {}; measure values are finite numbers", num(values[k][i])).into(),
                })
            }
            None => match &manual {
                Some(v) if !v[i].is_nan() && !points_ok(v[i]) => Some(Error::InvalidValue {
                    field: spec.override_.as_ref().map_or(String::new(), |o| o.column.clone()).into(),
                    index: Some(i),
                    detail: format!("is {}; a manual score is from 0 to 100", num(v[i])).into(),
                }),
                _ => None,
            },
        };
        match e {
            Some(e) => rejects.reject(i, e)?,
            None => rows.push(i),
        }
    }
    // The portfolio of each percentile measure.
    let sorted: Vec<Option<Vec<f64>>> = measures
        .iter()
        .zip(&values)
        .map(|((_, m), v)| {
            (m.scoring.kind == ScoringType::Percentile).then(|| {
                let mut s: Vec<f64> = rows.iter().map(|&i| v[i]).filter(|x| !x.is_nan()).collect();
                s.sort_by(f64::total_cmp);
                s
            })
        })
        .collect();
    let group_total: f64 = spec.groups.iter().map(|g| g.weight).sum();
    let measure_total: Vec<f64> = spec.groups.iter().map(|g| g.measures.iter().map(|m| m.weight).sum()).collect();

    let mut accounts = Vec::with_capacity(rows.len());
    for &i in &rows {
        // Points per measure (None = missing).
        let pts: Vec<Option<f64>> = measures
            .iter()
            .enumerate()
            .map(|(k, (_, m))| {
                let v = values[k][i];
                if v.is_nan() {
                    None
                } else if let Some(s) = &sorted[k] {
                    let p = percentile(s, v);
                    Some(if m.direction == Direction::Lower { 100.0 - p } else { p })
                } else {
                    Some(points(m, v))
                }
            })
            .collect();
        let coverage: f64 = measures
            .iter()
            .enumerate()
            .filter(|(k, _)| pts[*k].is_some())
            .map(|(_, (g, m))| if measure_total[*g] > 0.0 { spec.groups[*g].weight / group_total * m.weight / measure_total[*g] } else { 0.0 })
            .sum();
        let substitute = match spec.missing {
            Missing::Renormalize => None,
            Missing::Zero => Some(0.0),
            Missing::Neutral => Some(spec.neutral_score),
        };
        let used: Vec<Option<f64>> = pts.iter().map(|p| p.or(substitute)).collect();
        // Group scores and their present weights.
        // (One pass over the measures: per group, a pass over all of them
        // made 40,000 groups cost 16 s.)
        let mut within: Vec<f64> = vec![0.0; spec.groups.len()];
        let mut sums: Vec<f64> = vec![0.0; spec.groups.len()];
        for (k, &(g, m)) in measures.iter().enumerate() {
            if let (Some(p), true) = (used[k], m.weight > 0.0) {
                within[g] += m.weight;
                sums[g] += m.weight * p;
            }
        }
        let group_scores: Vec<(Rc<str>, Option<f64>)> = (0..spec.groups.len()).map(|g| (group_names[g].clone(), (within[g] > 0.0).then(|| sums[g] / within[g]))).collect();
        let present_groups: f64 = spec.groups.iter().zip(&group_scores).filter(|(_, s)| s.1.is_some()).map(|(g, _)| g.weight).sum();
        let computed = (present_groups > 0.0).then(|| {
            spec.groups.iter().zip(&group_scores).filter_map(|(g, s)| s.1.map(|v| g.weight * v)).sum::<f64>() / present_groups
        });
        let counted = computed.is_some() && coverage + 1e-12 >= spec.min_coverage;
        let contributions: Vec<Contribution> = measures
            .iter()
            .enumerate()
            .map(|(k, (g, m))| {
                let weight = match used[k] {
                    Some(_) if counted && m.weight > 0.0 && group_scores[*g].1.is_some() => spec.groups[*g].weight / present_groups * m.weight / within[*g],
                    _ => 0.0,
                };
                let v = values[k][i];
                Contribution {
                    group: group_names[*g].clone(),
                    measure: measure_names[k].0.clone(),
                    column: measure_names[k].1.clone(),
                    value: (!v.is_nan()).then_some(v),
                    points: used[k],
                    weight,
                    contribution: weight * used[k].unwrap_or(0.0),
                    missing: v.is_nan(),
                }
            })
            .collect();
        let (mut score, mut reason) = match computed {
            None => (None, Some("no measure has a value".to_string())),
            Some(_) if coverage + 1e-12 < spec.min_coverage => (
                None,
                Some(format!("coverage {} % is below minCoverage {} %", num((1000.0 * coverage).round() / 10.0), num(100.0 * spec.min_coverage))),
            ),
            Some(s) => (Some(s), None),
        };
        let computed_score = score;
        let mut overridden = false;
        if let Some(v) = &manual {
            let live = expires.as_ref().map_or(true, |e| e[i].is_nan() || as_of.map_or(true, |t| e[i] > t));
            if !v[i].is_nan() && live {
                score = Some(v[i]);
                reason = None;
                overridden = true;
            }
        }
        let prev = previous.as_ref().map(|p| p[i]).filter(|p| !p.is_nan());
        let trend = match (score, prev, &spec.trend) {
            (Some(s), Some(p), Some(t)) => Some(if s - p > t.epsilon {
                "up"
            } else if p - s > t.epsilon {
                "down"
            } else {
                "flat"
            }),
            _ => None,
        };
        let band = score.and_then(|s| band_index(&bands, s)).map(|b| {
            let (label, color) = &band_names[b];
            BandRef { label: label.clone(), color: color.clone() }
        });
        accounts.push(AccountScore {
            index: i,
            id: ids.as_ref().and_then(|(codes, keys)| keys[codes[i] as usize].clone()),
            score,
            band,
            group_scores: Named(group_scores),
            contributions,
            coverage,
            trend,
            previous: prev,
            overridden,
            computed_score,
            reason,
        });
    }
    let summary = |members: &[&AccountScore]| {
        let mut scores: Vec<f64> = members.iter().filter_map(|a| a.score).collect();
        let scored = scores.len() as u64;
        let average = (scored > 0).then(|| scores.iter().sum::<f64>() / scored as f64);
        let median = crate::stats::quantiles(&mut scores, &[50.0], crate::stats::QuantileMethod::Inclusive)[0];
        let bands = bands
            .iter()
            .map(|b| {
                let count = members.iter().filter(|a| a.band.as_ref().is_some_and(|x| *x.label == *b.label)).count() as u64;
                BandCount { label: b.label.clone(), color: b.color.clone(), count, share: crate::kpi::share(count as f64, scored as f64) }
            })
            .collect();
        Portfolio { accounts: members.len() as u64, scored, average, median, bands }
    };
    let portfolio = summary(&accounts.iter().collect::<Vec<_>>());
    let segments = spec.segment.as_ref().and_then(|c| table.schema.position(c)).map(|f| {
        let (codes, keys) = table.key_codes(f);
        let mut order: Vec<u32> = Vec::new();
        let mut members: Vec<Vec<&AccountScore>> = vec![Vec::new(); keys.len()];
        for a in &accounts {
            let k = codes[a.index];
            if members[k as usize].is_empty() {
                order.push(k);
            }
            members[k as usize].push(a);
        }
        order.into_iter().map(|k| SegmentPortfolio { value: keys[k as usize].clone(), portfolio: summary(&members[k as usize]) }).collect()
    });
    Ok(HealthScores {
        portfolio,
        segments,
        accounts,
        skipped: rejects.skipped,
        invalid: rejects.invalid,
    })
}

/// The band of a score: `min ≤ s < max`, or `s ≤ max` for the top band.
pub fn band_of(bands: &[Band], s: f64) -> Option<&Band> {
    band_index(bands, s).map(|k| &bands[k])
}

/// The position of [`band_of`]'s band.
pub fn band_index(bands: &[Band], s: f64) -> Option<usize> {
    let last = bands.len().checked_sub(1)?;
    bands.iter().enumerate().position(|(k, b)| s >= b.min && (s < b.max || (k == last && s <= b.max)))
}

/// The schema of an accounts table with these fields.
pub fn schema<'s>(fields: &'s [Field<'s>]) -> Schema<'s> {
    Schema { name: "accounts", fields, text_cells: true }
}

/// `healthScores(accounts, spec)`: reads the columns the spec names, then
/// scores the accounts.
///
/// # Errors
/// As [`health_scores`], and the table reader's.
pub fn health_scores_of(data: crate::wire::args::OpenTable<'_>, spec: &HealthSpec, now: Option<f64>) -> Result<HealthScores> {
    if let Some(e) = validate(spec).into_iter().next() {
        return Err(e);
    }
    let fields = fields(spec)?;
    let schema = schema(&fields);
    let given = match data.0.get() {
        crate::wire::V::Object(o) => !o.is_empty(),
        _ => false,
    };
    let table = crate::wire::table::read_table(data.0, &schema)?;
    if given {
        // Columns without the column a measure reads: a typo, not a
        // portfolio without values. (Rows may leave out a key whose value
        // is missing, so rows are not judged so.)
        // (Trend and override columns may be absent: no history yet, no
        // override set. But with overrides, their `expires` column may not:
        // misspelt, every manual score would stand for ever.)
        let present = |name: &str| schema.fields.iter().zip(&table.columns).any(|(f, c)| f.name == name && c.is_some());
        let expiry = spec.override_.as_ref().and_then(|o| o.expires.as_deref().filter(|_| present(&o.column)));
        let measured: crate::hash::FxHashMap<&str, usize> = spec.groups.iter().flat_map(|g| g.measures.iter().map(|m| (m.column.as_str(), 0))).collect();
        let required = |name: &str| spec.id.as_deref() == Some(name) || spec.segment.as_deref() == Some(name) || expiry == Some(name) || measured.contains_key(name);
        if let Some(f) = schema.fields.iter().zip(&table.columns).find_map(|(f, c)| (c.is_none() && required(f.name)).then_some(f)) {
            return Err(Error::MissingField { field: f.name.to_string().into(), index: None });
        }
    }
    score(&table, spec, now)
}

/// `validateHealthSpec(spec)`: every problem of a spec, with its path.
pub fn validate_health_spec(v: crate::wire::Value<'_>) -> Validation {
    use crate::wire::de::{from_value_leaving_out, Ctx};
    /// Most keys left out: each costs a reading of the whole spec.
    const MAX_LEFT_OUT: usize = 20;
    // Path `a` is `b` or holds it (`groups[0]` holds `groups[0].weight`).
    let holds = |a: &str, b: &str| b == a || (b.starts_with(a) && matches!(b.as_bytes().get(a.len()), Some(b'.' | b'[')));
    // A problem in the shape stops serde; each one found is left out (its
    // key read as absent) and the spec read again, so that every problem
    // is listed. A required key left out is then missing: that follows
    // from leaving it out and is not listed; the key holding it is left
    // out instead, as is an array holding an element (an element cannot be
    // left out: the paths after it would move). The value rules' problems
    // at a key so left out for another's sake are not listed either (a
    // group whose measures were all left out "must list one").
    let mut left: Vec<String> = Vec::new();
    let mut holders: Vec<String> = Vec::new();
    let mut errors: Vec<Error> = Vec::new();
    loop {
        match from_value_leaving_out::<HealthSpec>(v, "", Ctx::OPTIONS, &left) {
            Ok(spec) => {
                errors.extend(validate(&spec).into_iter().filter(|e| !holders.iter().any(|h| holds(e.field().unwrap_or(""), h))));
                break;
            }
            Err(e) => {
                let mut path = e.field().unwrap_or("").to_string();
                let follows = left.contains(&path);
                if !follows {
                    errors.push(e);
                }
                let mut cascade = false;
                while path.ends_with(']') || left.contains(&path) {
                    let cut = if path.ends_with(']') { path.rfind('[') } else { path.rfind(['.', '[']) };
                    path.truncate(cut.unwrap_or(0));
                    cascade = true;
                }
                // The whole spec, or enough readings: stop here.
                if path.is_empty() || left.len() >= MAX_LEFT_OUT {
                    break;
                }
                if cascade {
                    holders.push(path.clone());
                }
                left.push(path);
            }
        }
    }
    // (A key whose name holds "." or "[" can make one problem come twice.)
    // (By a map of their hashes, of a kind the crate has already; a
    // collision keeps both.)
    let texts: Vec<(String, String)> = errors.iter().map(|e| (e.field().unwrap_or("").to_string(), e.to_string())).collect();
    let mut first: crate::hash::FxHashMap<u64, u32> = crate::hash::map();
    let keep: Vec<bool> = texts
        .iter()
        .enumerate()
        .map(|(k, t)| {
            use std::hash::{Hash, Hasher};
            let mut h = crate::hash::FxHasher::default();
            t.hash(&mut h);
            let j = *first.entry(h.finish()).or_insert(k as u32) as usize;
            j == k || texts[j] != *t
        })
        .collect();
    let mut k = 0;
    errors.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    Validation::of_errors(errors)
}

#[cfg(test)]
mod tests;
