use super::*;
use jiff::tz::TimeZone;

fn ms(s: &str) -> f64 {
    s.parse::<jiff::Timestamp>().unwrap().as_millisecond() as f64
}

const MIN: f64 = 60_000.0;
const HOUR: f64 = 3_600_000.0;
const NAN: f64 = f64::NAN;

fn sao_paulo_9_to_6() -> Calendar {
    Calendar::parse(&CalendarSpec {
        time_zone: "America/Sao_Paulo".into(),
        week: WEEKDAYS[..5].iter().map(|d| (d.to_string(), vec![("09:00".into(), "18:00".into())])).collect(),
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn friday_evening_ticket_is_45_business_minutes() {
    let created = [ms("2026-03-06T17:30:00-03:00")];
    let first = [ms("2026-03-09T09:15:00-03:00")];
    let c = TicketColumns { created_at: &created, first_response_at: Some(&first), ..Default::default() };
    let o = TicketOptions { calendar: Some(sao_paulo_9_to_6()), ..Default::default() };
    let m = ticket_metrics(&c, &o).unwrap();
    assert_eq!(m.first_response.mean, Some(first[0] - created[0]));
    assert_eq!(m.first_response.mean, Some(63.0 * HOUR + 45.0 * MIN));
    assert_eq!(m.first_response_business.as_ref().unwrap().mean, Some(45.0 * MIN));
    assert_eq!(m.time_zone.as_deref(), Some("America/Sao_Paulo"));
    assert_eq!(m.open, 1);
    assert_eq!(m.resolved, 0);
}

#[test]
fn percentiles_match_percentile_inc() {
    // First response times 1..10 minutes: PERCENTILE.INC(…, 0.9) = 9.1 min.
    let created: Vec<f64> = (0..10).map(|i| i as f64 * HOUR).collect();
    let first: Vec<f64> = created.iter().enumerate().map(|(i, c)| c + (10 - i) as f64 * MIN).collect();
    let c = TicketColumns { created_at: &created, first_response_at: Some(&first), ..Default::default() };
    let m = ticket_metrics(&c, &TicketOptions::default()).unwrap();
    let f = &m.first_response;
    assert_eq!(f.count, 10);
    assert_eq!(f.median, Some(5.5 * MIN));
    assert!((f.percentiles["p90"].unwrap() - 9.1 * MIN).abs() < 1e-6);
    assert!((f.percentiles["p95"].unwrap() - 9.55 * MIN).abs() < 1e-6);
    assert_eq!((f.min, f.max, f.mean), (Some(MIN), Some(10.0 * MIN), Some(5.5 * MIN)));
    // Histogram: 1 min falls in the first bin (0, 1 min]; 2..5 min in (1, 5].
    assert_eq!(f.histogram[0].count, 1);
    assert_eq!(f.histogram[1].count, 4);
    assert_eq!(f.histogram[2].count, 5);
    assert_eq!(m.quantile_method, "inclusive (Hyndman-Fan 7, PERCENTILE.INC)");
    let o = TicketOptions { percentiles: vec![99.9], quantile_method: QuantileMethod::Exclusive, ..Default::default() };
    let m = ticket_metrics(&c, &o).unwrap();
    assert_eq!(m.first_response.percentiles["p99.9"], None, "PERCENTILE.EXC is #NUM! there");
}

#[test]
fn rates_fcr_reopen_abandon() {
    let created = [0.0; 6];
    let resolved = [HOUR, HOUR, HOUR, HOUR, NAN, NAN];
    let replies = [1.0, 0.0, 2.0, 1.0, 1.0, NAN];
    let reopens = [0.0, NAN, 0.0, 1.0, 0.0, 0.0];
    let abandoned = [NAN, NAN, NAN, NAN, 1.0, 1.0];
    let wait = [NAN, NAN, NAN, NAN, 5_000.0, 60_000.0];
    let c = TicketColumns {
        created_at: &created,
        resolved_at: Some(&resolved),
        replies: Some(&replies),
        reopens: Some(&reopens),
        abandoned: Some(&abandoned),
        wait_ms: Some(&wait),
        ..Default::default()
    };
    let m = ticket_metrics(&c, &TicketOptions::default()).unwrap();
    // Resolved with replies known: tickets 0..3; FCR: 0 (1 reply) and 1 (0 replies).
    assert_eq!((m.first_contact_resolution.count, m.first_contact_resolution.total), (2, 4));
    assert_eq!(m.first_contact_resolution.rate, Some(50.0));
    assert_eq!((m.reopen_rate.count, m.reopen_rate.total), (1, 4));
    assert_eq!((m.abandonment_rate.count, m.abandonment_rate.total), (2, 2));
    let o = TicketOptions { short_abandon_ms: 10_000.0, fcr_max_replies: 2.0, ..Default::default() };
    let m = ticket_metrics(&c, &o).unwrap();
    assert_eq!((m.abandonment_rate.count, m.abandonment_rate.total), (1, 1));
    assert_eq!(m.first_contact_resolution.count, 3);
    let ci = m.first_contact_resolution.confidence_interval.unwrap();
    assert_eq!(ci.method, "wilson");
}

#[test]
fn sla_with_pending_and_as_of() {
    let created = [0.0, 0.0, 0.0, 0.0];
    let first = [30.0 * MIN, 2.0 * HOUR, NAN, NAN];
    let c = TicketColumns { created_at: &created, first_response_at: Some(&first), ..Default::default() };
    let sla = SlaTargets { first_response_ms: Some(HOUR), resolution_ms: None, business: false };
    let m = ticket_metrics(&c, &TicketOptions { sla: Some(sla), ..Default::default() }).unwrap();
    let r = m.sla.as_ref().unwrap().first_response.as_ref().unwrap();
    assert_eq!((r.achieved, r.breached, r.pending), (1, 1, 2));
    assert_eq!(r.attainment, Some(50.0));
    assert_eq!(r.breached_indices, vec![1]);
    // Two hours later, the two unanswered tickets are breached too.
    let m = ticket_metrics(&c, &TicketOptions { sla: Some(sla), as_of: Some(2.0 * HOUR), ..Default::default() }).unwrap();
    let r = m.sla.as_ref().unwrap().first_response.as_ref().unwrap();
    assert_eq!((r.achieved, r.breached, r.pending), (1, 3, 0));
    assert_eq!(r.breached_indices, vec![1, 2, 3]);
    assert_eq!(m.sla.as_ref().unwrap().resolution, None);
    // Business SLA needs a calendar.
    let b = SlaTargets { business: true, ..sla };
    assert_eq!(ticket_metrics(&c, &TicketOptions { sla: Some(b), ..Default::default() }).unwrap_err().code(), "INVALID_OPTION");
}

#[test]
fn business_sla_over_a_weekend() {
    // Created Friday 17:30, answered Monday 09:15 (45 business minutes):
    // meets a 1-hour business SLA, misses a 1-hour calendar SLA.
    let created = [ms("2026-03-06T17:30:00-03:00")];
    let first = [ms("2026-03-09T09:15:00-03:00")];
    let c = TicketColumns { created_at: &created, first_response_at: Some(&first), ..Default::default() };
    let sla = SlaTargets { first_response_ms: Some(HOUR), resolution_ms: None, business: true };
    let o = TicketOptions { calendar: Some(sao_paulo_9_to_6()), sla: Some(sla), ..Default::default() };
    let r = ticket_metrics(&c, &o).unwrap().sla.unwrap();
    assert_eq!(r.time, "business");
    assert_eq!(r.first_response.unwrap().achieved, 1);
    let o = TicketOptions { sla: Some(SlaTargets { business: false, ..sla }), ..o };
    assert_eq!(ticket_metrics(&c, &o).unwrap().sla.unwrap().first_response.unwrap().breached, 1);
}

#[test]
fn open_and_backlog() {
    let day = 24.0 * HOUR;
    let t0 = ms("2026-03-02T00:00:00Z"); // a Monday
    let created = [t0 + 1.0, t0 + 1.0, t0 + day + 5.0, t0 + 2.0 * day + 5.0];
    let resolved = [t0 + day + 10.0, NAN, t0 + 3.0 * day, NAN];
    let c = TicketColumns { created_at: &created, resolved_at: Some(&resolved), ..Default::default() };
    let spec = BacklogSpec { from: t0, to: t0 + 3.0 * day - 1.0, every: Period::Day, time_zone: None };
    let o = TicketOptions { backlog: Some(spec), as_of: Some(t0 + 1.5 * day), ..Default::default() };
    let m = ticket_metrics(&c, &o).unwrap();
    assert_eq!(m.open, 2); // ticket 0 resolved at day 1 + 10 ms; 1 and 2 open; 3 not created yet
    let b = m.backlog.unwrap();
    assert_eq!(b.len(), 3);
    assert_eq!((b[0].created, b[0].resolved, b[0].open), (2, 0, 2));
    assert_eq!((b[1].created, b[1].resolved, b[1].open), (1, 1, 2));
    assert_eq!((b[2].created, b[2].resolved, b[2].open), (1, 0, 3));
    assert_eq!((b[0].start, b[0].end), (t0, t0 + day));
    // Weeks in São Paulo start on Monday 00:00 local (03:00 UTC).
    let spec = BacklogSpec { from: t0 + 4.0 * day, to: t0 + 10.0 * day, every: Period::Week, time_zone: Some(TimeZone::get("America/Sao_Paulo").unwrap()) };
    let b = ticket_metrics(&c, &TicketOptions { backlog: Some(spec), ..Default::default() }).unwrap().backlog.unwrap();
    assert_eq!(b[0].start, ms("2026-03-02T00:00:00-03:00"));
    assert_eq!(b[0].end, ms("2026-03-09T00:00:00-03:00"));
    // Days in New York around the spring-forward Sunday: 23 hours.
    let spec = BacklogSpec { from: ms("2026-03-08T12:00:00Z"), to: ms("2026-03-08T13:00:00Z"), every: Period::Day, time_zone: Some(TimeZone::get("America/New_York").unwrap()) };
    let b = ticket_metrics(&c, &TicketOptions { backlog: Some(spec), ..Default::default() }).unwrap().backlog.unwrap();
    assert_eq!(b[0].end - b[0].start, 23.0 * HOUR);
    // Months have their own lengths.
    let spec = BacklogSpec { from: ms("2026-02-10T00:00:00Z"), to: ms("2026-03-10T00:00:00Z"), every: Period::Month, time_zone: None };
    let b = ticket_metrics(&c, &TicketOptions { backlog: Some(spec), ..Default::default() }).unwrap().backlog.unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(b[0].end - b[0].start, 28.0 * day);
}

#[test]
fn errors_name_ticket_and_field() {
    let created = [0.0, HOUR];
    let first = [MIN, 0.0];
    let c = TicketColumns { created_at: &created, first_response_at: Some(&first), ..Default::default() };
    let e = ticket_metrics(&c, &TicketOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.index(), e.field()), ("NEGATIVE_DURATION", Some(1), Some("firstResponseAt")));
    assert_eq!(
        e.to_string(),
        "row at index 1: firstResponseAt (1970-01-01T00:00:00Z) is before createdAt (1970-01-01T01:00:00Z)"
    );
    let m = ticket_metrics(&c, &TicketOptions { invalid: InvalidPolicy::Skip, ..Default::default() }).unwrap();
    assert_eq!((m.tickets, m.skipped), (1, 1));
    assert_eq!(m.invalid[0].code, "NEGATIVE_DURATION");

    let created = [NAN];
    let c = TicketColumns { created_at: &created, ..Default::default() };
    assert_eq!(ticket_metrics(&c, &TicketOptions::default()).unwrap_err().code(), "MISSING_FIELD");
    for bad in [f64::INFINITY, 8.64e15, -4e14] {
        let created = [bad];
        let c = TicketColumns { created_at: &created, ..Default::default() };
        assert_eq!(ticket_metrics(&c, &TicketOptions::default()).unwrap_err().code(), "INVALID_TIMESTAMP");
    }
    // The extremes are fine, also with a calendar, for spans up to 100 years.
    let created = [crate::time::MIN_MS, crate::time::MAX_MS - 1.0, crate::time::MIN_MS];
    let resolved = [crate::time::MIN_MS + 86_400_000.0, crate::time::MAX_MS, crate::time::MAX_MS];
    let c = TicketColumns { created_at: &created, resolved_at: Some(&resolved), ..Default::default() };
    let o = TicketOptions { calendar: Some(sao_paulo_9_to_6()), ..Default::default() };
    let e = ticket_metrics(&c, &o).unwrap_err();
    assert_eq!((e.code(), e.index(), e.field()), ("INVALID_TIMESTAMP", Some(2), Some("resolvedAt")));
    let m = ticket_metrics(&c, &TicketOptions { invalid: InvalidPolicy::Skip, ..o }).unwrap();
    assert_eq!((m.resolution_business.unwrap().count, m.skipped), (2, 1));
    // Without a calendar there is no limit on spans.
    assert_eq!(ticket_metrics(&c, &TicketOptions::default()).unwrap().resolution.count, 3);
    let created = [0.0, 0.0];
    let short = [1.0];
    let c = TicketColumns { created_at: &created, resolved_at: Some(&short), ..Default::default() };
    let e = ticket_metrics(&c, &TicketOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("LENGTH_MISMATCH", Some("resolvedAt")));
    let neg = [-5.0, 1.0];
    let c = TicketColumns { created_at: &created, handle_ms: Some(&neg), ..Default::default() };
    assert_eq!(ticket_metrics(&c, &TicketOptions::default()).unwrap_err().code(), "NEGATIVE_DURATION");
    let inf = [f64::INFINITY, 1.0];
    let c = TicketColumns { created_at: &created, wait_ms: Some(&inf), ..Default::default() };
    assert_eq!(ticket_metrics(&c, &TicketOptions::default()).unwrap_err().code(), "INVALID_DURATION");
    let frac = [1.5, 1.0];
    let c = TicketColumns { created_at: &created, replies: Some(&frac), ..Default::default() };
    assert_eq!(ticket_metrics(&c, &TicketOptions::default()).unwrap_err().code(), "INVALID_COUNT");
    // Problems found by the reader come in index order with the others.
    let created = [0.0, 0.0, 0.0];
    let first = [-1.0, 1.0, 1.0];
    let unreadable = [(1, Error::InvalidTimestamp { field: "resolvedAt".into(), index: Some(1), detail: "is bad".into() })];
    let c = TicketColumns { created_at: &created, first_response_at: Some(&first), unreadable: &unreadable, ..Default::default() };
    assert_eq!(ticket_metrics(&c, &TicketOptions::default()).unwrap_err().index(), Some(0));
    let m = ticket_metrics(&c, &TicketOptions { invalid: InvalidPolicy::Skip, ..Default::default() }).unwrap();
    assert_eq!((m.tickets, m.skipped), (1, 2));
    assert_eq!(m.invalid.iter().map(|e| (e.index, e.code)).collect::<Vec<_>>(), vec![(0, "NEGATIVE_DURATION"), (1, "INVALID_TIMESTAMP")]);
    let o = TicketOptions { percentiles: vec![150.0], ..Default::default() };
    let c = TicketColumns { created_at: &created, ..Default::default() };
    assert_eq!(ticket_metrics(&c, &o).unwrap_err().field(), Some("percentiles[0]"));
}

#[test]
fn empty_input_gives_nulls() {
    let c = TicketColumns { created_at: &[], ..Default::default() };
    let m = ticket_metrics(&c, &TicketOptions { calendar: Some(sao_paulo_9_to_6()), ..Default::default() }).unwrap();
    assert_eq!(m.tickets, 0);
    assert_eq!((m.first_response.count, m.first_response.mean, m.first_response.median), (0, None, None));
    assert_eq!(m.first_response.percentiles["p90"], None);
    assert_eq!(m.first_contact_resolution.rate, None);
    assert_eq!(m.first_response_business.unwrap().count, 0);
}

#[test]
fn bulk_business_durations() {
    let cal = sao_paulo_9_to_6();
    let s = [ms("2026-03-06T17:30:00-03:00"), NAN, ms("2026-03-10T10:00:00-03:00")];
    let e = [ms("2026-03-09T09:15:00-03:00"), 5.0, ms("2026-03-10T11:30:00-03:00")];
    let got = business_durations(&cal, &s, &e).unwrap();
    assert_eq!(got[0], 45.0 * MIN);
    assert!(got[1].is_nan());
    assert_eq!(got[2], 90.0 * MIN);
    let bad = business_durations(&cal, &[10.0], &[5.0]).unwrap_err();
    assert_eq!((bad.code(), bad.index()), ("NEGATIVE_DURATION", Some(0)));
}
