//! Hand-worked groupings through the core (the JavaScript suite checks the
//! same against an independent implementation).

use super::*;
use crate::kpi::InvalidPolicy;
use crate::survey::NpsOptions;
use crate::table::{Column, Numbers, Table};
use crate::time::{Period, Periods};
use jiff::tz::TimeZone;

fn ms(s: &str) -> f64 {
    crate::time::parse_instant(s).unwrap()
}

fn spec(every: Period, zone: &str) -> GroupSpec {
    GroupSpec {
        keys: vec![
            KeySpec::Label("seg".into()),
            KeySpec::Time { column: "at".into(), periods: Periods::new(every, 1.0, TimeZone::get(zone).unwrap()).unwrap() },
        ],
        metrics: vec![MetricSpec {
            name: "nps".into(),
            kind: MetricKind::Survey {
                kpi: SurveyKpi::Nps(NpsOptions::default(), Scale::NPS),
                column: "score".into(),
                state_columns: (0..=10).map(|k| spec::state_column("nps", k)).collect(),
                outside: Vec::new(),
                invalid: spec::invalid_column("nps"),
            },
        }],
        compare: false,
        totals: false,
        fill: false,
        rolling_days: None,
        adjust: false,
        invalid: InvalidPolicy::Error,
        drop_missing_keys: false,
        confidence: 0.95,
        as_of: Some(ms("2027-01-01T00:00:00Z")),
        states: false,
        from_states: false,
    }
}

/// Runs a grouping of (segment id, instant, score) rows.
fn run(spec: &GroupSpec, seg: &[u8], at: &[f64], score: &[f64]) -> Result<Grouped> {
    let fields = fields(spec)?;
    let schema = schema(&fields);
    let mut t = Table::new(&schema, seg.len());
    t.set(0, Column::Numbers(Numbers::U8(seg)))?;
    t.set(1, Column::Numbers(Numbers::F64(at)))?;
    t.set(2, Column::Numbers(Numbers::F64(score)))?;
    group(&t, spec, None)
}

/// Adds CSAT and CES of the same 0–10 scores to the spec's metrics.
fn with_csat_and_ces(s: &mut GroupSpec) {
    let scale = Scale::new(0.0, 10.0, "score").unwrap();
    for (name, kpi) in [
        ("csat", SurveyKpi::Csat(crate::survey::CsatOptions { scale, ..Default::default() })),
        ("ces", SurveyKpi::Ces(crate::survey::CesOptions { scale, ..Default::default() })),
    ] {
        let state_columns = (0..=10).map(|k| spec::state_column(name, k)).collect();
        s.metrics.push(MetricSpec { name: name.into(), kind: MetricKind::Survey { kpi, column: "score".into(), state_columns, outside: Vec::new(), invalid: spec::invalid_column(name) } });
    }
}

fn nps_of(row: &Row) -> &crate::survey::NpsResult {
    match &row.cells[0].1.result {
        MetricResult::Nps(r) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn nps_per_segment_and_local_month() {
    // Segment 1: 10 and 9 in March (Berlin), 0 on 31 March 22:30 UTC, which
    // is 1 April in Berlin. Segment 0: one 7 in March.
    let seg = [1, 1, 1, 0];
    let at = [ms("2026-03-02T10:00:00Z"), ms("2026-03-03T10:00:00Z"), ms("2026-03-31T22:30:00Z"), ms("2026-03-05T10:00:00Z")];
    let g = run(&spec(Period::Month, "Europe/Berlin"), &seg, &at, &[10.0, 9.0, 0.0, 7.0]).unwrap();
    let got: Vec<(Option<Key>, String, Option<f64>, f64)> = g
        .rows
        .iter()
        .map(|r| (r.keys[0].1.clone(), r.period.as_ref().unwrap().0.to_string(), nps_of(r).score, nps_of(r).total))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(Key::Num(0.0)), "2026-03".into(), Some(0.0), 1.0),
            (Some(Key::Num(1.0)), "2026-03".into(), Some(100.0), 2.0),
            (Some(Key::Num(1.0)), "2026-04".into(), Some(-100.0), 1.0),
        ]
    );
    // March in Berlin: 1 March 00:00 CET to 1 April 00:00 CEST.
    let (_, start, end, complete) = g.rows[0].period.clone().unwrap();
    assert_eq!((start, end, complete), (ms("2026-02-28T23:00:00Z"), ms("2026-03-31T22:00:00Z"), true));
}

#[test]
fn an_invalid_row_is_the_error_or_skipped_whole() {
    let seg = [0, 0, 0];
    let at = [ms("2026-03-02T10:00:00Z"), f64::NAN, ms("2026-03-02T10:00:00Z")];
    let score = [9.0, 9.0, 11.0];
    let e = run(&spec(Period::Day, "UTC"), &seg, &at, &score).unwrap_err();
    assert_eq!((e.code(), e.index(), e.field()), ("MISSING_FIELD", Some(1), Some("at")));
    let mut s = spec(Period::Day, "UTC");
    s.invalid = InvalidPolicy::Skip;
    let g = run(&s, &seg, &at, &score).unwrap();
    assert_eq!((g.count, g.skipped), (1, 2));
    assert_eq!(g.invalid.iter().map(|e| (e.index, e.code)).collect::<Vec<_>>(), vec![(1, "MISSING_FIELD"), (2, "SCORE_OUT_OF_RANGE")]);
    assert_eq!(nps_of(&g.rows[0]).total, 1.0);
}

#[test]
fn totals_and_fill_merge_states() {
    // Segment 0 answers in January and March; fill adds February, empty.
    let seg = [0, 0, 0];
    let at = [ms("2026-01-10T00:00:00Z"), ms("2026-03-10T00:00:00Z"), ms("2026-03-11T00:00:00Z")];
    let mut s = spec(Period::Month, "UTC");
    s.fill = true;
    s.totals = true;
    let g = run(&s, &seg, &at, &[10.0, 0.0, 0.0]).unwrap();
    let periods: Vec<_> = g.rows.iter().map(|r| (r.period.clone().unwrap().0, nps_of(r).score)).collect();
    assert_eq!(periods, vec![("2026-01".into(), Some(100.0)), ("2026-02".into(), None), ("2026-03".into(), Some(-100.0))]);
    // The total pools the answers (1 promoter, 2 detractors: −33.3), it
    // does not average the months.
    let total = nps_of(g.total.as_ref().unwrap()).score.unwrap();
    assert!((total - (-100.0 / 3.0)).abs() < 1e-12);
}

#[test]
fn the_states_of_a_split_merge_into_the_whole() {
    // The merge law for groupings: the states of two halves of the rows,
    // finalised together, give the grouping of all of them.
    let n = 500;
    let seg: Vec<u8> = (0..n).map(|i| (i * 7 % 3) as u8).collect();
    let at: Vec<f64> = (0..n).map(|i| ms("2026-01-01T00:00:00Z") + (i as f64) * 3.7 * 3_600_000.0).collect();
    let score: Vec<f64> = (0..n).map(|i| ((i * 13) % 11) as f64).collect();
    let mut s = spec(Period::Week, "America/New_York");
    s.compare = true;
    s.totals = true;
    let whole = run(&s, &seg, &at, &score).unwrap();
    let mut with_states = s.clone();
    with_states.states = true;
    let half = n / 2;
    let a = run(&with_states, &seg[..half], &at[..half], &score[..half]).unwrap().states.unwrap();
    let b = run(&with_states, &seg[half..], &at[half..], &score[half..]).unwrap().states.unwrap();
    // The state rows of both halves as one table of states.
    let rows: Vec<&StateRow> = a.iter().chain(&b).collect();
    let seg_s: Vec<u8> = rows.iter().map(|r| match r.keys[0].1 { Some(Key::Num(v)) => v as u8, _ => panic!() }).collect();
    let at_s: Vec<f64> = rows.iter().map(|r| r.time.as_ref().unwrap().1).collect();
    let counts: Vec<Vec<f64>> = (0..11).map(|k| rows.iter().map(|r| r.counts[k].1).collect()).collect();
    let mut from = s.clone();
    from.from_states = true;
    let fields = fields(&from).unwrap();
    let schema = schema(&fields);
    let mut t = Table::new(&schema, rows.len());
    t.set(0, Column::Numbers(Numbers::U8(&seg_s))).unwrap();
    t.set(1, Column::Numbers(Numbers::F64(&at_s))).unwrap();
    for (k, c) in counts.iter().enumerate() {
        let f = schema.position(&spec::state_column("nps", k as i32)).unwrap();
        t.set(f, Column::Numbers(Numbers::F64(c))).unwrap();
    }
    let merged = group(&t, &from, None).unwrap();
    assert_eq!(merged.rows, whole.rows);
    assert_eq!(merged.totals, whole.totals);
    assert_eq!(merged.total, whole.total);
}

/// The flat form of a grouping (results of NPS without a change flat, the
/// others tagged) reads as its tagged form.
#[test]
fn flat_form_reads_as_the_tagged_form() {
    use crate::wire::out::{tests::show, Tape};
    let seg = [1u8, 2, 1, 2, 1, 3];
    let at = [ms("2026-01-10T00:00:00Z"), ms("2026-03-10T00:00:00Z"), ms("2026-03-11T00:00:00Z"), ms("2026-02-01T00:00:00Z"), ms("2026-02-11T00:00:00Z"), ms("2026-03-30T00:00:00Z")];
    let score = [10.0, 9.0, 0.0, 7.0, 3.0, 8.0];
    for (compare, totals, fill) in [(false, false, false), (true, true, false), (false, true, true)] {
        let mut s = spec(Period::Month, "UTC");
        (s.compare, s.totals, s.fill) = (compare, totals, fill);
        with_csat_and_ces(&mut s);
        let g = run(&s, &seg, &at, &score).unwrap();
        let (mut a, mut b) = (Tape::new(0, 0), Tape::new(0, 0));
        a.write(&g).unwrap();
        b.write_flat(&g).unwrap();
        assert_eq!(show(&a, &mut 0), show(&b, &mut 0));
    }
}

#[test]
fn sliding_rolling_windows_equal_windows_merged_afresh() {
    // Rows on random days with gaps longer than some windows (so windows
    // empty out and refill), in three segments, scored on 0–10.
    let mut x: u64 = 7;
    let mut rand = || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (x >> 33) as f64 / (1u64 << 31) as f64
    };
    let (mut seg, mut at, mut score) = (Vec::new(), Vec::new(), Vec::new());
    let start = ms("2026-01-01T00:00:00Z");
    while seg.len() < 600 {
        let day = (rand() * 240.0).floor();
        if day as i64 % 41 < 12 {
            continue;
        }
        seg.push((rand() * 3.0) as u8);
        at.push(start + day * 86_400_000.0 + (rand() * 86_400_000.0).floor());
        score.push((rand() * 11.0).floor());
    }
    for every in [Period::Day, Period::Week, Period::Month] {
        for days in [1u32, 5, 30, 90, 365] {
            for (compare, fill) in [(false, false), (true, false), (true, true)] {
                let mut s = spec(every, "Europe/Berlin");
                (s.compare, s.fill, s.rolling_days) = (compare, fill, Some(days));
                with_csat_and_ces(&mut s);
                let sliding = run(&s, &seg, &at, &score).unwrap();
                MERGE_AFRESH.with(|c| c.set(true));
                let afresh = run(&s, &seg, &at, &score).unwrap();
                MERGE_AFRESH.with(|c| c.set(false));
                assert_eq!(format!("{sliding:?}"), format!("{afresh:?}"), "{every:?}, {days} days, compare {compare}, fill {fill}");
                assert!(sliding.rows.iter().any(|r| nps_of(r).total > 0.0));
            }
        }
    }
}
