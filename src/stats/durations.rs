//! Summary statistics of durations: count, mean, median, percentiles, min,
//! max, standard deviation and a histogram.

use super::{quantiles, QuantileMethod};
use crate::error::{num, Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// Summary statistics of a set of durations (ms).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DurationStats {
    /// Number of durations.
    pub count: u64,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// 50th percentile by the chosen method.
    pub median: Option<f64>,
    /// The requested percentiles, keyed `p90`, `p95`, `p99.9`, … (see
    /// [`percentile_keys`]).
    #[serde(flatten)]
    pub percentiles: BTreeMap<String, Option<f64>>,
    /// Smallest.
    pub min: Option<f64>,
    /// Largest.
    pub max: Option<f64>,
    /// Sample standard deviation (n − 1); `None` below two values.
    pub standard_deviation: Option<f64>,
    /// Counts per bin; a value equal to an edge falls in the bin it closes.
    pub histogram: Vec<HistogramBin>,
}

/// One bin `(from, to]` of a duration histogram (the first starts at 0
/// inclusive; `to` is `None` for the last, open bin).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistogramBin {
    /// Lower edge (exclusive, except 0).
    pub from: f64,
    /// Upper edge (inclusive); `None` = no upper bound.
    pub to: Option<f64>,
    /// Number of durations in the bin.
    pub count: u64,
}

/// Default histogram bin edges (ms): 1, 5, 15, 30 min; 1, 2, 4, 8, 24, 48 h;
/// 7 days.
pub const DEFAULT_HISTOGRAM_MS: [f64; 11] = [
    60_000.0,
    300_000.0,
    900_000.0,
    1_800_000.0,
    3_600_000.0,
    7_200_000.0,
    14_400_000.0,
    28_800_000.0,
    86_400_000.0,
    172_800_000.0,
    604_800_000.0,
];

/// The result keys of percentiles (`p90`, `p99.9`), checked to be distinct.
///
/// # Errors
/// `INVALID_OPTION` (option `percentiles[i]`) for a percent outside 0–100,
/// or for two different percents that would be reported under the same key
/// (a key is `p` and the percent as JavaScript writes it: `p99.9`).
pub fn percentile_keys(percentiles: &[f64]) -> Result<Vec<String>> {
    let mut keys: Vec<String> = Vec::with_capacity(percentiles.len());
    for (i, &p) in percentiles.iter().enumerate() {
        if !(0.0..=100.0).contains(&p) {
            return Err(Error::option(format!("percentiles[{i}]"), format!("must be a percent from 0 to 100 (e.g. 90); got {}", num(p))));
        }
        let key = format!("p{}", num(p));
        if let Some(j) = keys.iter().position(|k| *k == key) {
            if percentiles[j] != p {
                return Err(Error::option(
                    format!("percentiles[{i}]"),
                    format!("({}) and percentiles[{j}] ({}) would both be reported as {key}; give them with fewer digits", num(p), num(percentiles[j])),
                ));
            }
        }
        keys.push(key);
    }
    Ok(keys)
}

/// Checks histogram edges: finite, positive, increasing.
///
/// # Errors
/// `INVALID_OPTION` (option `histogram[i]`).
pub fn check_edges(edges: &[f64]) -> Result<()> {
    let mut prev = 0.0;
    for (i, &b) in edges.iter().enumerate() {
        if !(b.is_finite() && b > prev) {
            return Err(Error::option(format!("histogram[{i}]"), "must be a finite number of ms, positive and larger than the previous edge"));
        }
        prev = b;
    }
    Ok(())
}

/// The bins of a histogram with these edges, empty.
pub(crate) fn empty_histogram(edges: &[f64]) -> Vec<HistogramBin> {
    let mut histogram: Vec<HistogramBin> = Vec::with_capacity(edges.len() + 1);
    let mut from = 0.0;
    for &e in edges {
        histogram.push(HistogramBin { from, to: Some(e), count: 0 });
        from = e;
    }
    histogram.push(HistogramBin { from, to: None, count: 0 });
    histogram
}

/// The bin of duration `v`: a value equal to an edge falls in the bin it
/// closes.
pub(crate) fn bin_of(edges: &[f64], v: f64) -> usize {
    edges.partition_point(|&e| e < v)
}

/// Summarises durations (reorders `values`). `keys` are the result keys of
/// `percentiles` ([`percentile_keys`]).
///
/// The mean is a Neumaier-compensated sum over n; percentiles use `method`
/// ([`QuantileMethod`], spreadsheet `PERCENTILE.INC` by default).
pub fn duration_stats(values: &mut [f64], percentiles: &[f64], keys: &[String], method: QuantileMethod, edges: &[f64]) -> DurationStats {
    let n = values.len();
    let mut histogram = empty_histogram(edges);
    if n == 0 {
        return DurationStats {
            count: 0,
            mean: None,
            median: None,
            percentiles: keys.iter().map(|k| (k.clone(), None)).collect(),
            min: None,
            max: None,
            standard_deviation: None,
            histogram,
        };
    }
    let mut sum = super::Sum::default();
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in values.iter() {
        sum.add(v);
        min = min.min(v);
        max = max.max(v);
        histogram[bin_of(edges, v)].count += 1;
    }
    let mean = sum.value() / n as f64;
    let standard_deviation = (n > 1).then(|| {
        let ss: f64 = values.iter().map(|&v| (v - mean) * (v - mean)).sum();
        (ss / (n - 1) as f64).sqrt()
    });
    let mut ps: Vec<f64> = vec![50.0];
    ps.extend_from_slice(percentiles);
    let got = quantiles(values, &ps, method);
    DurationStats {
        count: n as u64,
        mean: Some(mean),
        median: got[0],
        percentiles: keys.iter().cloned().zip(got[1..].iter().copied()).collect(),
        min: Some(min),
        max: Some(max),
        standard_deviation,
        histogram,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_collide() {
        assert_eq!(percentile_keys(&[90.0, 99.9, 99.99]).unwrap(), vec!["p90", "p99.9", "p99.99"]);
        // Keys are the percents as JavaScript writes them (String(p)).
        assert_eq!(percentile_keys(&[99.999_999_9, 100.0, 12.5, 0.000001]).unwrap(), vec!["p99.9999999", "p100", "p12.5", "p0.000001"]);
        assert_eq!(percentile_keys(&[90.0, 90.0]).unwrap().len(), 2);
        assert_eq!(percentile_keys(&[101.0]).unwrap_err().field(), Some("percentiles[0]"));
    }

    #[test]
    fn summary_by_hand() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0];
        let keys = percentile_keys(&[90.0]).unwrap();
        let s = duration_stats(&mut v, &[90.0], &keys, QuantileMethod::Inclusive, &[2.0]);
        assert_eq!((s.count, s.mean, s.median, s.min, s.max), (4, Some(2.5), Some(2.5), Some(1.0), Some(4.0)));
        assert_eq!(s.percentiles["p90"], Some(3.7));
        assert_eq!(s.histogram.iter().map(|b| b.count).collect::<Vec<_>>(), vec![2, 2]);
    }
}
