//! Properties of the survey KPIs that must hold for any data: the merge law,
//! order invariance, neutrality of unit weights, and "nothing panics".

mod common;
use common::Rng;

use cx_metrics::kpi::Merge;
use cx_metrics::survey::{
    ces, csat, nps, nps_compare, nps_from_counts, nps_from_distribution, tally, CesOptions, CsatOptions,
    IntervalMethod, InvalidPolicy, NpsAccumulator, NpsOptions, Scale, ScaleAccumulator, Scores,
};


fn scores(rng: &mut Rng, n: usize, max: u64) -> Vec<u8> {
    (0..n).map(|_| rng.below(max + 1) as u8).collect()
}

#[test]
fn merge_law_nps() {
    let mut rng = Rng(7);
    for round in 0..50 {
        let data = scores(&mut rng, 1 + round * 23, 10);
        let whole = nps(Scores::U8(&data), None, &NpsOptions::default()).unwrap();
        let mut parts = vec![NpsAccumulator::default(); 1 + (round % 4)];
        let k = parts.len() as u64;
        for &s in &data {
            parts[rng.below(k) as usize].add(s as f64).unwrap();
        }
        let mut merged = NpsAccumulator::default();
        for p in &parts {
            merged.merge(p).unwrap();
        }
        assert_eq!(merged.result(&NpsOptions::default()).unwrap(), whole, "round {round}");
        // Merging is commutative.
        let mut reversed = NpsAccumulator::default();
        for p in parts.iter().rev() {
            reversed.merge(p).unwrap();
        }
        assert_eq!(reversed, merged);
    }
}

#[test]
fn merge_law_scale_accumulators() {
    let mut rng = Rng(9);
    let scale = Scale::new(1.0, 7.0, "CES").unwrap();
    for round in 0..30 {
        let data: Vec<u8> = scores(&mut rng, 5 + round * 17, 6).iter().map(|x| x + 1).collect();
        let opts = CesOptions { scale, ..CesOptions::default() };
        let whole = ces(Scores::U8(&data), None, &opts).unwrap();
        let cut = rng.below(data.len() as u64) as usize;
        let mut a = ScaleAccumulator::new(scale, InvalidPolicy::Error);
        let mut b = ScaleAccumulator::new(scale, InvalidPolicy::Error);
        a.add_many(Scores::U8(&data[..cut])).unwrap();
        b.add_many(Scores::U8(&data[cut..])).unwrap();
        a.merge(&b).unwrap();
        assert_eq!(a.ces(&opts).unwrap(), whole);
        let copts = CsatOptions { scale, ..CsatOptions::default() };
        assert_eq!(a.csat(&copts).unwrap(), csat(Scores::U8(&data), None, &copts).unwrap());
    }
}

#[test]
fn order_does_not_matter() {
    let mut rng = Rng(11);
    let mut data = scores(&mut rng, 999, 10);
    let a = nps(Scores::U8(&data), None, &NpsOptions::default()).unwrap();
    data.reverse();
    data.rotate_left(333);
    let b = nps(Scores::U8(&data), None, &NpsOptions::default()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn unit_weights_change_nothing() {
    let mut rng = Rng(13);
    let data: Vec<f64> = scores(&mut rng, 400, 10).into_iter().map(f64::from).collect();
    let ones = vec![1.0; data.len()];
    let o = NpsOptions::default();
    assert_eq!(nps(Scores::F64(&data), Some(&ones), &o).unwrap(), nps(Scores::F64(&data), None, &o).unwrap());
    let c = CsatOptions { scale: Scale::new(0.0, 10.0, "CSAT").unwrap(), ..CsatOptions::default() };
    assert_eq!(csat(Scores::F64(&data), Some(&ones), &c).unwrap(), csat(Scores::F64(&data), None, &c).unwrap());
}

#[test]
fn every_integer_type_agrees() {
    let mut rng = Rng(17);
    let data = scores(&mut rng, 300, 12); // includes invalid 11 and 12
    let o = NpsOptions { invalid: InvalidPolicy::Skip, ..NpsOptions::default() };
    let want = nps(Scores::U8(&data), None, &o).unwrap();
    let i32s: Vec<i32> = data.iter().map(|&x| x as i32).collect();
    let f32s: Vec<f32> = data.iter().map(|&x| x as f32).collect();
    let u16s: Vec<u16> = data.iter().map(|&x| x as u16).collect();
    assert_eq!(nps(Scores::I32(&i32s), None, &o).unwrap(), want);
    assert_eq!(nps(Scores::F32(&f32s), None, &o).unwrap(), want);
    assert_eq!(nps(Scores::U16(&u16s), None, &o).unwrap(), want);
}

#[test]
fn groups_distribution_and_answers_agree() {
    let mut rng = Rng(19);
    let data = scores(&mut rng, 250, 10);
    let o = NpsOptions::default();
    let r = nps(Scores::U8(&data), None, &o).unwrap();
    let d = nps_from_distribution(r.distribution.as_ref().unwrap(), &o).unwrap();
    assert_eq!(d, r);
    let g = nps_from_counts(r.promoters, r.passives, r.detractors, &o).unwrap();
    assert_eq!((g.score, g.standard_error, g.confidence_interval), (r.score, r.standard_error, r.confidence_interval));
}

/// Arbitrary values, including every special float, must give Ok or Err,
/// never a panic, and never a NaN in a result.
#[test]
fn nothing_panics_and_nothing_is_nan() {
    let specials = [
        f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 0.0, 1e-310, -1e-310, 1e300, -1e300, 0.5, 10.0, 11.0, -1.0,
        4_294_967_296.0, 9_007_199_254_740_993.0,
    ];
    let mut rng = Rng(23);
    for _ in 0..3000 {
        let n = rng.below(20) as usize;
        let pick = |rng: &mut Rng| {
            if rng.below(3) == 0 {
                specials[rng.below(specials.len() as u64) as usize]
            } else {
                rng.below(12) as f64
            }
        };
        let data: Vec<f64> = (0..n).map(|_| pick(&mut rng)).collect();
        let weights: Vec<f64> = (0..n).map(|_| if rng.below(5) == 0 { pick(&mut rng) } else { rng.unit() * 3.0 }).collect();
        let level = [0.95, 0.0, 1.0, f64::NAN, -0.5, 0.5, 1e-300, 0.999_999_999][rng.below(8) as usize];
        let policy = if rng.below(2) == 0 { InvalidPolicy::Skip } else { InvalidPolicy::Error };
        let method = if rng.below(2) == 0 { IntervalMethod::Wald } else { IntervalMethod::AdjustedWald };
        let w = if rng.below(2) == 0 { Some(weights.as_slice()) } else { None };
        let o = NpsOptions { confidence: level, method, invalid: policy, ..NpsOptions::default() };
        if let Ok(r) = nps(Scores::F64(&data), w, &o) {
            assert!(r.total.is_finite() && r.effective_n.is_finite() && r.promoters.is_finite(), "{r:?}");
            let nums = [r.score, r.standard_error, r.promoter_share, r.confidence_interval.map(|c| c.low), r.confidence_interval.map(|c| c.high)];
            assert!(nums.iter().flatten().all(|v| v.is_finite()), "{r:?}");
            let _ = nps_compare(&r.sample(), &r.sample(), level);
        }
        let (lo, hi) = (pick(&mut rng) - 1.0, pick(&mut rng) + 2.0);
        if let Ok(scale) = Scale::new(lo, hi, "X") {
            let sat = if rng.below(2) == 0 { Some(pick(&mut rng)) } else { None };
            let c = CsatOptions { scale, satisfied_from: sat, confidence: level, invalid: policy };
            if let Ok(r) = csat(Scores::F64(&data), w, &c) {
                assert!(r.score.map_or(true, f64::is_finite) && r.mean.map_or(true, f64::is_finite), "{r:?}");
            }
            let e = CesOptions { scale, easy_from: sat, difficult_from: None, higher_is_easier: rng.below(2) == 0, confidence: level, invalid: policy };
            if let Ok(r) = ces(Scores::F64(&data), w, &e) {
                assert!(r.total.is_finite() && r.effective_n.is_finite(), "{r:?}");
                let nums = [r.mean, r.standard_deviation, r.confidence_interval.map(|c| c.low), r.confidence_interval.map(|c| c.high)];
                assert!(nums.iter().flatten().all(|v| v.is_finite()), "{r:?}");
            }
            let _ = tally(Scores::F64(&data), w, scale, policy);
        }
        let _ = nps_from_counts(pick(&mut rng), pick(&mut rng), pick(&mut rng), &o);
        let mut acc = NpsAccumulator::new(policy);
        for &x in &data {
            let _ = acc.add(x);
        }
        let _ = NpsAccumulator::from_counts(&data, pick(&mut rng), policy);
    }
}
