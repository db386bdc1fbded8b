//! Properties of the ticket KPIs for arbitrary data: nothing panics, nothing
//! is NaN in a statistic, skipping is the same as leaving the bad tickets out,
//! and rows split across calls add up.

mod common;
use common::Rng;

use cx_metrics::kpi::InvalidPolicy;
use cx_metrics::stats::QuantileMethod;
use cx_metrics::tickets::{
    business_durations, ticket_metrics, BacklogSpec, Calendar, CalendarSpec, DurationStats, Period, SlaTargets,
    TicketColumns, TicketOptions, WEEKDAYS,
};


const HOUR: f64 = 3_600_000.0;
const T0: f64 = 1_767_225_600_000.0; // 2026-01-01T00:00:00Z

fn finite(s: &DurationStats) -> bool {
    let mut all = vec![s.mean, s.median, s.min, s.max, s.standard_deviation];
    all.extend(s.percentiles.values().copied());
    all.into_iter().flatten().all(f64::is_finite)
}

fn calendars() -> Vec<Calendar> {
    let mk = |tz: &str, hours: Vec<(&str, &str)>| {
        Calendar::parse(&CalendarSpec {
            time_zone: tz.into(),
            week: WEEKDAYS[..5].iter().map(|d| (d.to_string(), hours.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect())).collect(),
            holidays: vec!["2026-04-03".into(), "2026-12-25".into()],
            overrides: vec![("2026-12-24".into(), vec![("09:00".into(), "13:00".into())])],
        })
        .unwrap()
    };
    vec![
        mk("America/Sao_Paulo", vec![("09:00", "18:00")]),
        mk("America/New_York", vec![("00:00", "02:30"), ("08:00", "12:00"), ("13:00", "24:00")]),
        mk("Asia/Kathmandu", vec![("09:30", "17:30")]),
    ]
}

#[test]
fn nothing_panics_and_statistics_are_finite() {
    let specials = [f64::NAN, f64::INFINITY, -1.0, 0.0, 1e300, -8.64e15, 1.5, T0, T0 + 1e12];
    let mut rng = Rng(99);
    let cals = calendars();
    for round in 0..400 {
        let n = rng.below(30) as usize;
        let pick = |rng: &mut Rng, base: f64| {
            if rng.below(6) == 0 {
                specials[rng.below(specials.len() as u64) as usize]
            } else {
                base + rng.unit() * 200.0 * HOUR
            }
        };
        let created: Vec<f64> = (0..n).map(|_| pick(&mut rng, T0)).collect();
        let col = |rng: &mut Rng| -> Vec<f64> {
            created.iter().map(|&c| if rng.below(3) == 0 { f64::NAN } else { pick(rng, if c.is_finite() { c } else { T0 }) }).collect()
        };
        let first = col(&mut rng);
        let resolved = col(&mut rng);
        let closed = col(&mut rng);
        let handle: Vec<f64> = (0..n).map(|_| pick(&mut rng, 0.0)).collect();
        let replies: Vec<f64> = (0..n).map(|_| [f64::NAN, 0.0, 1.0, 2.0, -1.0, 0.5][rng.below(6) as usize]).collect();
        let abandoned: Vec<f64> = (0..n).map(|_| [f64::NAN, 0.0, 1.0, 2.0][rng.below(4) as usize]).collect();
        let c = TicketColumns {
            created_at: &created,
            first_response_at: Some(&first),
            resolved_at: Some(&resolved),
            closed_at: if round % 2 == 0 { Some(&closed) } else { None },
            handle_ms: Some(&handle),
            wait_ms: Some(&handle),
            replies: Some(&replies),
            reopens: Some(&replies),
            abandoned: Some(&abandoned),
            ..Default::default()
        };
        let options = TicketOptions {
            calendar: if rng.below(2) == 0 { Some(cals[rng.below(3) as usize].clone()) } else { None },
            percentiles: vec![50.0, 90.0, 99.9],
            quantile_method: [QuantileMethod::Inclusive, QuantileMethod::Exclusive, QuantileMethod::NearestRank][rng.below(3) as usize],
            sla: Some(SlaTargets { first_response_ms: Some(HOUR), resolution_ms: Some(24.0 * HOUR), business: false }),
            as_of: if rng.below(2) == 0 { Some(T0 + 100.0 * HOUR) } else { None },
            backlog: Some(BacklogSpec { from: T0, to: T0 + 240.0 * HOUR, every: Period::Day, time_zone: None }),
            invalid: if rng.below(2) == 0 { InvalidPolicy::Skip } else { InvalidPolicy::Error },
            ..Default::default()
        };
        let options = TicketOptions {
            sla: options.sla.map(|s| SlaTargets { business: options.calendar.is_some() && rng.below(2) == 0, ..s }),
            ..options
        };
        if let Ok(m) = ticket_metrics(&c, &options) {
            for s in [&m.first_response, &m.resolution, &m.handle, &m.wait] {
                assert!(finite(s), "{s:?}");
            }
            for s in [&m.first_response_business, &m.resolution_business].into_iter().flatten() {
                assert!(finite(s), "{s:?}");
                assert!(s.min.is_none_or(|v| v >= 0.0));
            }
            assert_eq!(m.tickets + m.skipped, n as u64);
        }
        if let Some(cal) = &options.calendar {
            let _ = business_durations(cal, &created, &first);
        }
    }
}

#[test]
fn skipping_equals_leaving_out() {
    let created = [T0, T0, T0 + HOUR, f64::NAN, T0 + 2.0 * HOUR];
    let first = [T0 + 60_000.0, T0 - 1.0, T0 + 2.0 * HOUR, T0, T0 + 9.0 * HOUR];
    let c = TicketColumns { created_at: &created, first_response_at: Some(&first), ..Default::default() };
    let cal = calendars().remove(0);
    let o = TicketOptions { calendar: Some(cal.clone()), invalid: InvalidPolicy::Skip, ..Default::default() };
    let skipped = ticket_metrics(&c, &o).unwrap();
    let good_c = [T0, T0 + HOUR, T0 + 2.0 * HOUR];
    let good_f = [T0 + 60_000.0, T0 + 2.0 * HOUR, T0 + 9.0 * HOUR];
    let g = TicketColumns { created_at: &good_c, first_response_at: Some(&good_f), ..Default::default() };
    let clean = ticket_metrics(&g, &TicketOptions { calendar: Some(cal), ..Default::default() }).unwrap();
    assert_eq!(skipped.first_response, clean.first_response);
    assert_eq!(skipped.first_response_business, clean.first_response_business);
    assert_eq!(skipped.skipped, 2);
    assert_eq!(skipped.invalid.iter().map(|e| e.index).collect::<Vec<_>>(), vec![1, 3]);
}

#[test]
fn order_of_tickets_does_not_matter() {
    let mut rng = Rng(5);
    let n = 300;
    let created: Vec<f64> = (0..n).map(|_| T0 + rng.unit() * 1000.0 * HOUR).collect();
    let first: Vec<f64> = created.iter().map(|c| c + rng.unit() * 30.0 * HOUR).collect();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.reverse();
    let c2: Vec<f64> = idx.iter().map(|&i| created[i]).collect();
    let f2: Vec<f64> = idx.iter().map(|&i| first[i]).collect();
    let o = TicketOptions { calendar: Some(calendars().remove(1)), ..Default::default() };
    let a = ticket_metrics(&TicketColumns { created_at: &created, first_response_at: Some(&first), ..Default::default() }, &o).unwrap();
    let b = ticket_metrics(&TicketColumns { created_at: &c2, first_response_at: Some(&f2), ..Default::default() }, &o).unwrap();
    // Sums may differ in the last bit with the order; everything else is exact.
    assert_eq!(a.first_response.median, b.first_response.median);
    assert_eq!(a.first_response_business.as_ref().unwrap().percentiles, b.first_response_business.as_ref().unwrap().percentiles);
    assert_eq!(a.first_response.histogram, b.first_response.histogram);
    let (ma, mb) = (a.first_response.mean.unwrap(), b.first_response.mean.unwrap());
    assert!((ma - mb).abs() <= 1e-9 * ma);
}
