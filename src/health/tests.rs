use super::*;
use crate::table::{Column, Table};

fn measure(column: &str, weight: f64, scoring: Scoring) -> Measure {
    Measure { name: None, column: column.into(), weight, scoring, direction: Direction::Higher }
}

fn linear(min: f64, max: f64) -> Scoring {
    Scoring { kind: ScoringType::Linear, good: None, poor: None, points: None, ranges: None, min: Some(min), max: Some(max) }
}

fn spec(groups: Vec<Group>) -> HealthSpec {
    HealthSpec { groups, ..HealthSpec::default() }
}

fn one_group(measures: Vec<Measure>) -> Vec<Group> {
    vec![Group { name: "all".into(), weight: 1.0, measures }]
}

/// A table of number columns named by the spec.
fn run(spec: &HealthSpec, cols: &[(&str, Vec<f64>)]) -> HealthScores {
    let fields = fields(spec).unwrap();
    let schema = schema(&fields);
    let n = cols[0].1.len();
    let mut t = Table::new(&schema, n);
    for (name, v) in cols {
        t.set(schema.position(name).unwrap(), Column::Values(v.clone())).unwrap();
    }
    health_scores(&t, spec, None).unwrap()
}

const NA: f64 = f64::NAN;

#[test]
fn renormalises_missing_measures_as_in_the_issue() {
    // Weights 40/30/30, scores 80, NA, 50 → (0.4·80 + 0.3·50)/0.7 = 67.142857.
    let s = spec(one_group(vec![measure("a", 40.0, linear(0.0, 100.0)), measure("b", 30.0, linear(0.0, 100.0)), measure("c", 30.0, linear(0.0, 100.0))]));
    let r = run(&s, &[("a", vec![80.0]), ("b", vec![NA]), ("c", vec![50.0])]);
    let a = &r.accounts[0];
    assert!((a.score.unwrap() - 47.0 / 0.7).abs() < 1e-9, "{:?}", a.score);
    assert!((a.coverage - 0.7).abs() < 1e-12);
    // Contributions add up to the score: 0.4/0.7·80 = 45.714…, 0.3/0.7·50 = 21.428….
    assert!((a.contributions[0].contribution - 32.0 / 0.7).abs() < 1e-9);
    assert_eq!(a.contributions[1].contribution, 0.0);
    assert!(a.contributions[1].missing);
    assert_eq!(&*a.band.as_ref().unwrap().label, "yellow");
    // zero: (0.4·80 + 0 + 0.3·50) = 47; neutral: 47 + 0.3·50 = 62.
    let mut z = s.clone();
    z.missing = Missing::Zero;
    assert!((run(&z, &[("a", vec![80.0]), ("b", vec![NA]), ("c", vec![50.0])]).accounts[0].score.unwrap() - 47.0).abs() < 1e-9);
    z.missing = Missing::Neutral;
    assert!((run(&z, &[("a", vec![80.0]), ("b", vec![NA]), ("c", vec![50.0])]).accounts[0].score.unwrap() - 62.0).abs() < 1e-9);
    // minCoverage 0.8 > 0.7: null with a reason.
    let mut m = s.clone();
    m.min_coverage = 0.8;
    let a = &run(&m, &[("a", vec![80.0]), ("b", vec![NA]), ("c", vec![50.0])]).accounts[0];
    assert_eq!(a.score, None);
    assert!(a.reason.as_deref().unwrap().contains("coverage 70 %"), "{:?}", a.reason);
}

#[test]
fn groups_renormalise_in_two_levels() {
    // Group A (weight 60): x (linear 0–10) = 5 → 50, y missing. Group B
    // (weight 40): z missing → B drops out. Score = A = 50, coverage =
    // 0.6 · ½ = 0.3.
    let s = spec(vec![
        Group { name: "A".into(), weight: 60.0, measures: vec![measure("x", 1.0, linear(0.0, 10.0)), measure("y", 1.0, linear(0.0, 10.0))] },
        Group { name: "B".into(), weight: 40.0, measures: vec![measure("z", 1.0, linear(0.0, 10.0))] },
    ]);
    let a = &run(&s, &[("x", vec![5.0]), ("y", vec![NA]), ("z", vec![NA])]).accounts[0];
    assert_eq!(a.score, Some(50.0));
    assert!((a.coverage - 0.3).abs() < 1e-12);
    assert_eq!(a.group_scores.0, vec![("A".into(), Some(50.0)), ("B".into(), None)]);
}

#[test]
fn scorings_by_hand() {
    let th = Scoring { kind: ScoringType::Thresholds, good: Some(20.0), poor: Some(5.0), points: None, ranges: None, min: None, max: None };
    let m = measure("v", 1.0, th.clone());
    assert_eq!([25.0, 20.0, 10.0, 5.0, 1.0].map(|v| points(&m, v)), [100.0, 100.0, 50.0, 0.0, 0.0]);
    let lower = Measure { direction: Direction::Lower, scoring: Scoring { good: Some(2.0), poor: Some(8.0), ..th }, ..m };
    assert_eq!([1.0, 2.0, 5.0, 8.0, 9.0].map(|v| points(&lower, v)), [100.0, 100.0, 50.0, 0.0, 0.0]);
    let ranges = Scoring {
        kind: ScoringType::Ranges,
        ranges: Some(vec![
            Range { min: None, max: Some(3.0), points: 100.0 },
            Range { min: Some(3.0), max: Some(10.0), points: 50.0 },
            Range { min: Some(10.0), max: None, points: 0.0 },
        ]),
        good: None,
        poor: None,
        points: None,
        min: None,
        max: None,
    };
    let r = measure("v", 1.0, ranges);
    assert_eq!([-1.0, 2.9, 3.0, 9.99, 10.0, 1e9].map(|v| points(&r, v)), [100.0, 100.0, 50.0, 50.0, 0.0, 0.0]);
    let l = Measure { direction: Direction::Lower, ..measure("v", 1.0, linear(0.2, 0.9)) };
    assert!((points(&l, 0.55) - 50.0).abs() < 1e-9);
    assert_eq!(points(&l, 0.0), 100.0);
    // Mid-rank percentiles of 10, 20, 20, 40: 0, 50, 50, 100.
    let s = [10.0, 20.0, 20.0, 40.0];
    assert_eq!(s.map(|v| percentile(&s, v)), [0.0, 50.0, 50.0, 100.0]);
}

#[test]
fn bands_and_validation_paths() {
    let b = default_bands();
    assert_eq!(band_of(&b, 49.999).unwrap().label, "red");
    assert_eq!(band_of(&b, 50.0).unwrap().label, "yellow");
    assert_eq!(band_of(&b, 75.0).unwrap().label, "green");
    assert_eq!(band_of(&b, 100.0).unwrap().label, "green");
    let mut s = spec(one_group(vec![measure("a", 1.0, linear(0.0, 1.0)), measure("b", -1.0, linear(5.0, 1.0))]));
    s.bands = Some(vec![Band { label: "low".into(), color: "red".into(), min: 0.0, max: 40.0 }, Band { label: "hi".into(), color: "green".into(), min: 50.0, max: 100.0 }]);
    let paths: Vec<String> = validate(&s).iter().map(|e| e.field().unwrap().to_string()).collect();
    assert_eq!(paths, vec!["groups[0].measures[1].weight", "groups[0].measures[1].scoring.max", "bands[1].min"]);
}

#[test]
fn linear_over_the_widest_range() {
    // min −1e308 to max 1e308: max − min overflows, and every account
    // scored null (∞/∞). 0 → 50, 5e307 → 75, 1e308 → 100, −1e308 → 0; far
    // outside a narrow range the points stay clamped.
    let s = spec(one_group(vec![measure("x", 1.0, linear(-1e308, 1e308))]));
    let r = run(&s, &[("x", vec![0.0, 5e307, 1e308, -1e308, -5e307])]);
    let scores: Vec<f64> = r.accounts.iter().map(|a| a.score.unwrap()).collect();
    assert_eq!(scores, [50.0, 75.0, 100.0, 0.0, 25.0]);
    let s = spec(one_group(vec![measure("x", 1.0, linear(-1.0, 1.0))]));
    let r = run(&s, &[("x", vec![1.7e308, -1.7e308, 0.5])]);
    let scores: Vec<f64> = r.accounts.iter().map(|a| a.score.unwrap()).collect();
    assert_eq!(scores, [100.0, 0.0, 75.0]);
}
