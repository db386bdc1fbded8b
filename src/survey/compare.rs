//! Comparisons of two survey samples: NPS, CSAT and CES, each side given
//! as answers or as the summary of a result.
//!
//! - NPS: [`nps_compare`] (z test with each sample's own variance).
//! - CSAT: the satisfied share by the pooled two-proportion z test, with
//!   Newcombe's interval ([`two_proportions`]), on effective sample sizes.
//! - CES: the mean by Welch's t test ([`welch`]), on effective sample sizes.
//!
//! Every comparison reads `a − b`.

use super::{ces_from_tally, csat_from_tally, nps::from_tally, tally_table, CesOptions, CesResult, CsatOptions, CsatResult};
use super::{nps_compare, NpsOptions, NpsResult, NpsSample, Scale, SCORES};
use crate::error::{Error, Result};
use crate::kpi::check_level;
use crate::stats::{two_proportions, welch, Change};
use crate::table::Table;
use crate::wire::args::field_path;

pub use crate::kpi::{Side, Summary};


/// A count of a result: finite and ≥ 0.
fn count(v: Option<f64>, field: &str, side: &str) -> Result<f64> {
    match v {
        Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Some(x) => Err(Error::InvalidCount { field: field_path(side, field).into(), index: None, value: x }),
        None => Ok(f64::NAN),
    }
}

impl Summary for NpsSample {
    const ANSWERS: &'static crate::table::Schema<'static> = &SCORES;
    const FIELDS: &'static [(&'static str, bool)] =
        &[("promoters", true), ("passives", true), ("detractors", true), ("effectiveN", false)];
    const EXPECTED: &'static str = "an array of scores or an NPS result";
    fn from_fields(v: &[Option<f64>], side: &str) -> Result<Self> {
        let (p, pa, d) = (count(v[0], "promoters", side)?, count(v[1], "passives", side)?, count(v[2], "detractors", side)?);
        let n = if v[3].is_some() { count(v[3], "effectiveN", side)? } else { p + pa + d };
        Ok(NpsSample { promoters: p, passives: pa, detractors: d, effective_n: n })
    }
}

/// The summary of a CSAT side: satisfied and valid answers (weighted), and
/// the effective sample size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CsatSample {
    /// Satisfied answers (weighted).
    pub satisfied: f64,
    /// Valid answers (weighted).
    pub total: f64,
    /// Kish effective sample size (the total without weights).
    pub effective_n: f64,
}

impl Summary for CsatSample {
    const ANSWERS: &'static crate::table::Schema<'static> = &SCORES;
    const FIELDS: &'static [(&'static str, bool)] = &[("satisfied", true), ("total", true), ("effectiveN", false)];
    const EXPECTED: &'static str = "an array of scores or a CSAT result";
    fn from_fields(v: &[Option<f64>], side: &str) -> Result<Self> {
        let (satisfied, total) = (count(v[0], "satisfied", side)?, count(v[1], "total", side)?);
        if satisfied > total {
            return Err(Error::InvalidValue {
                field: field_path(side, "satisfied").into(),
                index: None,
                detail: format!("is {}, more than total ({})", crate::error::num(satisfied), crate::error::num(total)).into(),
            });
        }
        let effective_n = if v[2].is_some() { count(v[2], "effectiveN", side)? } else { total };
        Ok(CsatSample { satisfied, total, effective_n })
    }
}

impl From<&CsatResult> for CsatSample {
    fn from(r: &CsatResult) -> Self {
        CsatSample { satisfied: r.satisfied, total: r.total, effective_n: r.effective_n }
    }
}

/// The summary of a CES side: mean, sample standard deviation and
/// effective sample size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CesSample {
    /// Mean answer (`None` for an empty sample).
    pub mean: Option<f64>,
    /// Sample standard deviation (`None` below two answers).
    pub standard_deviation: Option<f64>,
    /// Effective sample size.
    pub effective_n: f64,
}

impl Summary for CesSample {
    const ANSWERS: &'static crate::table::Schema<'static> = &SCORES;
    const FIELDS: &'static [(&'static str, bool)] = &[("mean", false), ("standardDeviation", false), ("effectiveN", true)];
    const EXPECTED: &'static str = "an array of scores or a CES result";
    fn from_fields(v: &[Option<f64>], side: &str) -> Result<Self> {
        let mean = match v[0] {
            Some(m) if !m.is_finite() => {
                return Err(Error::NotANumber { field: field_path(side, "mean").into(), index: None, found: crate::error::num(m).into() })
            }
            m => m,
        };
        let sd = match v[1] {
            Some(s) if !(s.is_finite() && s >= 0.0) => {
                return Err(Error::InvalidValue {
                    field: field_path(side, "standardDeviation").into(),
                    index: None,
                    detail: format!("is {}; a standard deviation is a finite number ≥ 0", crate::error::num(s)).into(),
                })
            }
            s => s,
        };
        Ok(CesSample { mean, standard_deviation: sd, effective_n: count(v[2], "effectiveN", side)? })
    }
}

impl From<&CesResult> for CesSample {
    fn from(r: &CesResult) -> Self {
        CesSample { mean: r.mean, standard_deviation: r.standard_deviation, effective_n: r.effective_n }
    }
}

/// NPS `a − b` as a [`Change`] (the z test of [`nps_compare`]).
///
/// # Errors
/// `INVALID_OPTION` for a level outside (0, 1).
pub fn nps_change(a: &NpsSample, b: &NpsSample, level: f64) -> Result<Change> {
    let c = nps_compare(a, b, level)?;
    Ok(Change {
        difference: c.difference,
        standard_error: c.standard_error,
        z: c.z,
        t: None,
        df: None,
        p_value: c.p_value,
        q_value: None,
        significant: c.significant,
        level: c.level,
        confidence_interval: c.confidence_interval,
        test: "nps-z",
    })
}

/// CSAT `a − b` in percentage points: the two-proportion z test and
/// Newcombe interval ([`two_proportions`]) on the satisfied shares, with the
/// effective sample sizes as the denominators (so weighted samples count
/// for what they are worth).
pub fn csat_change(a: &CsatSample, b: &CsatSample, level: f64) -> Change {
    let side = |s: &CsatSample| if s.total > 0.0 { (s.satisfied / s.total * s.effective_n, s.effective_n) } else { (0.0, 0.0) };
    let ((xa, na), (xb, nb)) = (side(a), side(b));
    two_proportions(xa, na, xb, nb, level)
}

/// CES `a − b` in scale points: Welch's t test ([`welch`]) on the means,
/// with the effective sample sizes.
pub fn ces_change(a: &CesSample, b: &CesSample, level: f64) -> Change {
    // A side of one answer has a mean and no standard deviation: the
    // difference alone.
    let var = |s: &CesSample| s.standard_deviation.map_or(f64::NAN, |sd| sd * sd);
    match (a.mean, b.mean) {
        (Some(ma), Some(mb)) => welch(ma, var(a), a.effective_n, mb, var(b), b.effective_n, level),
        _ => Change::empty(level, "welch-t"),
    }
}

/// [`csat_change`] of two sides (answers are tallied with `options`).
///
/// # Errors
/// Bad options; the answer errors of the answers.
pub fn csat_compare_sides(a: &Side<'_, CsatSample>, b: &Side<'_, CsatSample>, options: &CsatOptions) -> Result<Change> {
    check_level(options.confidence)?;
    options.satisfied_from()?;
    let sample = |t: &Table<'_>| Ok(CsatSample::from(&csat_from_tally(&tally_table(t, None, options.scale.named("CSAT"), options.invalid)?, options)?));
    let (a, b) = Side::summaries(a, b, sample)?;
    Ok(csat_change(&a, &b, options.confidence))
}

/// [`ces_change`] of two sides (answers are tallied with `options`).
///
/// # Errors
/// Bad options; the answer errors of the answers.
pub fn ces_compare_sides(a: &Side<'_, CesSample>, b: &Side<'_, CesSample>, options: &CesOptions) -> Result<Change> {
    check_level(options.confidence)?;
    let sample = |t: &Table<'_>| Ok(CesSample::from(&ces_from_tally(&tally_table(t, None, options.scale.named("CES"), options.invalid)?, options)?));
    let (a, b) = Side::summaries(a, b, sample)?;
    Ok(ces_change(&a, &b, options.confidence))
}

/// The NPS sample of answers (for [`Side`]s of NPS).
pub(crate) fn nps_sample(t: &Table<'_>, policy: crate::kpi::InvalidPolicy) -> Result<NpsSample> {
    let opts = NpsOptions { invalid: policy, ..NpsOptions::default() };
    Ok(NpsResult::sample(&from_tally(&tally_table(t, None, Scale::NPS, policy)?, &opts)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{csat, Scores};

    #[test]
    fn csat_change_is_newcombe_on_counts() {
        // 56 of 70 satisfied vs 48 of 80: Newcombe (1998) example (a),
        // +5.24 to +33.39 points.
        let a = CsatSample { satisfied: 56.0, total: 70.0, effective_n: 70.0 };
        let b = CsatSample { satisfied: 48.0, total: 80.0, effective_n: 80.0 };
        let c = csat_change(&a, &b, 0.95);
        let ci = c.confidence_interval.unwrap();
        assert!((c.difference.unwrap() - 20.0).abs() < 1e-9);
        assert!((ci.low - 5.24).abs() < 0.005 && (ci.high - 33.39).abs() < 0.005, "{ci:?}");
        // The same from answers: 4 and 5 satisfied on 1–5.
        let answers = |sat: usize, n: usize| -> Vec<u8> { (0..n).map(|i| if i < sat { 5 } else { 2 }).collect() };
        let (ra, rb) = (answers(56, 70), answers(48, 80));
        let o = CsatOptions::default();
        let (sa, sb) = (csat(Scores::U8(&ra), None, &o).unwrap(), csat(Scores::U8(&rb), None, &o).unwrap());
        assert_eq!(csat_change(&(&sa).into(), &(&sb).into(), 0.95), c);
    }

    #[test]
    fn empty_sides_give_nulls() {
        let e = CsatSample { satisfied: 0.0, total: 0.0, effective_n: 0.0 };
        let c = csat_change(&e, &e, 0.95);
        assert_eq!((c.difference, c.p_value, c.test), (None, None, "two-proportion-z"));
        let e = CesSample { mean: None, standard_deviation: None, effective_n: 0.0 };
        assert_eq!(ces_change(&e, &e, 0.9).difference, None);
    }
}
