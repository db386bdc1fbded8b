//! The merge law for every KPI of the kernel: the states of the parts of any
//! split of a table, merged in order, read the same result as the state of
//! the whole table.

mod common;
use common::Rng;

use cx_metrics::kpi::{compute, InvalidPolicy, Merge, Metric};
use cx_metrics::survey::{Ces, CesOptions, Csat, CsatOptions, Enps, Nps, NpsOptions, Weighted, SCORES};
use cx_metrics::table::{Column, Numbers, Table};
use cx_metrics::tickets::{BacklogSpec, Calendar, CalendarSpec, SlaTargets, TicketColumns, TicketOptions, Tickets, WEEKDAYS};

/// Cut points: `0 = c0 ≤ c1 ≤ … ≤ n`, some parts empty.
fn cuts(rng: &mut Rng, n: usize) -> Vec<usize> {
    let mut c: Vec<usize> = (0..rng.below(5)).map(|_| rng.below(n as u64 + 1) as usize).collect();
    c.push(0);
    c.push(n);
    c.sort_unstable();
    c
}

/// Adds each part of `table` (rows `a..b`) into its own state, merges the
/// states in order and reads the result; `part_options` gives the options
/// of a part (weights are per answer, so they are cut with the rows).
fn merged<M: Metric>(parts: &[(Table<'_>, M::Options)], read_with: &M::Options) -> String
where
    M::Output: std::fmt::Debug,
    M::State: std::fmt::Debug,
{
    let mut states = parts.iter().map(|(t, o)| {
        let mut s = M::state(o).unwrap();
        M::add(&mut s, t, o).unwrap();
        s
    });
    let mut all = states.next().unwrap();
    for s in states {
        all.merge(&s).unwrap();
    }
    format!("{:?}", M::read(&all, read_with).unwrap())
}

fn scores_table(values: &[f64]) -> Table<'_> {
    let mut t = Table::new(&SCORES, values.len());
    t.set(0, Column::Numbers(Numbers::F64(values))).unwrap();
    t
}

fn survey_law<M, O: Clone + Default>(metric: &str, scale: (i32, i32), options: O)
where
    M: Metric<Options = Weighted<O>>,
    M::Output: std::fmt::Debug,
    M::State: std::fmt::Debug,
{
    let mut rng = Rng(0x5eed ^ scale.1 as u64);
    for round in 0..300 {
        let n = rng.below(80) as usize;
        let span = (scale.1 - scale.0 + 3) as u64;
        // Mostly valid answers, some out of the scale or fractional (skipped).
        let values: Vec<f64> = (0..n)
            .map(|_| match rng.below(12) {
                0 => 7.5,
                1 => f64::NAN,
                _ => (scale.0 - 1 + rng.below(span) as i32) as f64,
            })
            .collect();
        // Weights that are powers of two (and 0): sums and ratios are exact,
        // so the merged result must equal the whole to the last bit. (Other
        // weights merge to within rounding: the order of additions differs.)
        let weights: Option<Vec<f64>> = (round % 2 == 1).then(|| (0..n).map(|_| [0.0, 0.5, 1.0, 2.0, 4.0][rng.below(5) as usize]).collect());
        let o = |w: Option<Vec<f64>>| Weighted { weights: w, options: options.clone() };
        let whole = format!("{:?}", compute::<M>(&scores_table(&values), &o(weights.clone())).unwrap());
        let c = cuts(&mut rng, n);
        let parts: Vec<(Table<'_>, Weighted<O>)> = c
            .windows(2)
            .map(|w| (scores_table(&values[w[0]..w[1]]), o(weights.as_ref().map(|ws| ws[w[0]..w[1]].to_vec()))))
            .collect();
        assert_eq!(merged::<M>(&parts, &o(None)), whole, "{metric}, round {round}, cuts {c:?}");
    }
}

#[test]
fn merge_law_survey() {
    let skip = InvalidPolicy::Skip;
    survey_law::<Nps, _>("NPS", (0, 10), NpsOptions { invalid: skip, ..Default::default() });
    survey_law::<Enps, _>("eNPS", (0, 10), NpsOptions { invalid: skip, ..Default::default() });
    survey_law::<Csat, _>("CSAT", (1, 5), CsatOptions { invalid: skip, ..Default::default() });
    survey_law::<Ces, _>("CES", (1, 7), CesOptions { invalid: skip, ..Default::default() });
}

#[test]
fn merge_law_tickets() {
    const HOUR: f64 = 3_600_000.0;
    const T0: f64 = 1_767_225_600_000.0; // 2026-01-01T00:00:00Z
    let calendar = Calendar::parse(&CalendarSpec {
        time_zone: "America/New_York".into(),
        week: WEEKDAYS[..5].iter().map(|d| (d.to_string(), vec![("09:00".into(), "17:00".into())])).collect(),
        holidays: vec!["2026-01-19".into()],
        overrides: vec![],
    })
    .unwrap();
    let options = TicketOptions {
        calendar: Some(calendar),
        sla: Some(SlaTargets { first_response_ms: Some(4.0 * HOUR), resolution_ms: Some(48.0 * HOUR), ..Default::default() }),
        as_of: Some(T0 + 400.0 * HOUR),
        backlog: Some(BacklogSpec { from: T0, to: T0 + 500.0 * HOUR, every: cx_metrics::tickets::Period::Day, time_zone: None }),
        invalid: InvalidPolicy::Skip,
        ..Default::default()
    };
    let mut rng = Rng(77);
    for round in 0..200 {
        let n = rng.below(60) as usize;
        let created: Vec<f64> = (0..n).map(|_| if rng.below(15) == 0 { f64::NAN } else { T0 + rng.unit() * 300.0 * HOUR }).collect();
        let later = |rng: &mut Rng, missing: u64| -> Vec<f64> {
            created
                .iter()
                .map(|&c| match rng.below(missing) {
                    0 => f64::NAN,
                    1 => c - HOUR, // before creation: skipped
                    _ => c + rng.unit() * 90.0 * HOUR,
                })
                .collect()
        };
        let first = later(&mut rng, 5);
        let resolved = later(&mut rng, 3);
        let replies: Vec<f64> = (0..n).map(|_| rng.below(4) as f64).collect();
        let reopens: Vec<f64> = (0..n).map(|_| rng.below(3) as f64).collect();
        let columns = |a: usize, b: usize| TicketColumns {
            created_at: &created[a..b],
            first_response_at: Some(&first[a..b]),
            resolved_at: Some(&resolved[a..b]),
            replies: Some(&replies[a..b]),
            reopens: Some(&reopens[a..b]),
            ..Default::default()
        };
        let whole = format!("{:?}", compute::<Tickets>(&columns(0, n).table().unwrap(), &options).unwrap());
        let c = cuts(&mut rng, n);
        let parts: Vec<(Table<'_>, TicketOptions)> = c.windows(2).map(|w| (columns(w[0], w[1]).table().unwrap(), options.clone())).collect();
        assert_eq!(merged::<Tickets>(&parts, &options), whole, "tickets, round {round}, cuts {c:?}");
    }
}
