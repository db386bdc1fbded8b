//! Hand-worked revenue metrics.

use super::*;
use crate::table::{Column, Numbers};

fn ms(s: &str) -> f64 {
    crate::time::parse_instant(s).unwrap()
}

/// A subscription row for the test tables.
#[derive(Clone)]
struct Row {
    customer: &'static str,
    id: Option<&'static str>,
    start: &'static str,
    end: Option<&'static str>,
    amount: f64,
    interval: &'static str,
    currency: Option<&'static str>,
    status: Option<&'static str>,
}

fn sub(customer: &'static str, start: &'static str, end: Option<&'static str>, amount: f64, interval: &'static str) -> Row {
    Row { customer, id: None, start, end, amount, interval, currency: None, status: None }
}

fn labels(values: Vec<Option<String>>) -> (Vec<u32>, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    let codes = values
        .into_iter()
        .map(|v| match v {
            None => MISSING_LABEL,
            Some(v) => match names.iter().position(|n| *n == v) {
                Some(i) => i as u32,
                None => {
                    names.push(v);
                    (names.len() - 1) as u32
                }
            },
        })
        .collect();
    (codes, names)
}

fn run_with(rows: &[Row], options: &RevenueOptions) -> Result<RevenueResult> {
    with_table(rows, |t| revenue_metrics(t, options, None))
}

fn with_table<R>(rows: &[Row], f: impl FnOnce(&Table<'_>) -> Result<R>) -> Result<R> {
    let n = rows.len();
    let starts: Vec<f64> = rows.iter().map(|r| ms(r.start)).collect();
    let ends: Vec<f64> = rows.iter().map(|r| r.end.map_or(f64::NAN, ms)).collect();
    let amounts: Vec<f64> = rows.iter().map(|r| r.amount).collect();
    let mut t = Table::new(&SCHEMA, n);
    let (codes, names) = labels(rows.iter().map(|r| Some(r.customer.to_string())).collect());
    t.set(CUSTOMER, Column::Keys { codes, keys: names.into_iter().map(|n| Key::Str(n.into())).collect() })?;
    let (codes, names) = labels(rows.iter().map(|r| r.id.map(String::from)).collect());
    t.set(SUBSCRIPTION, Column::Keys { codes, keys: names.into_iter().map(|n| Key::Str(n.into())).collect() })?;
    t.set(START, Column::Numbers(Numbers::F64(&starts)))?;
    t.set(END, Column::Numbers(Numbers::F64(&ends)))?;
    t.set(AMOUNT, Column::Numbers(Numbers::F64(&amounts)))?;
    let (codes, names) = labels(rows.iter().map(|r| Some(r.interval.to_string())).collect());
    t.set(INTERVAL, Column::Labels { codes, names })?;
    let (codes, names) = labels(rows.iter().map(|r| r.currency.map(String::from)).collect());
    t.set(CURRENCY, Column::Labels { codes, names })?;
    let (codes, names) = labels(rows.iter().map(|r| r.status.map(String::from)).collect());
    t.set(STATUS, Column::Labels { codes, names })?;
    f(&t)
}

fn options(from: &str, to: &str) -> RevenueOptions {
    RevenueOptions { from: Some(ms(from)), to: Some(ms(to)), as_of: Some(ms("2030-01-01T00:00:00Z")), ..RevenueOptions::default() }
}

#[test]
fn intervals_normalise_to_months() {
    assert_eq!(interval_months("month"), Some(1.0));
    assert_eq!(interval_months("Year"), Some(12.0));
    assert_eq!(interval_months("quarter"), Some(3.0));
    assert_eq!(interval_months("2 years"), Some(24.0));
    assert_eq!(interval_months("6 months"), Some(6.0));
    assert_eq!(interval_months("week"), Some(12.0 / 52.0));
    assert_eq!(interval_months("fortnight"), None);
    assert_eq!(interval_months("0 months"), None);
}

/// ChartMogul's example: 100 customers at the start of the month, 12
/// churned in it, of whom one came back in the same month and one had
/// joined that month: Standard 10 %, simple 12 %.
#[test]
fn chartmogul_customer_churn_example() {
    let names: Vec<&'static str> = (0..101).map(|i| &*Box::leak(format!("c{i}").into_boxed_str())).collect();
    let mut rows: Vec<Row> = Vec::new();
    for (i, &c) in names.iter().enumerate().take(100) {
        // 11 of the 100 end in March; c0 comes back on the 20th.
        let end = if i < 11 { Some("2026-03-10T00:00:00Z") } else { None };
        rows.push(sub(c, "2026-01-01T00:00:00Z", end, 50.0, "month"));
    }
    rows.push(sub(names[0], "2026-03-20T00:00:00Z", None, 50.0, "month"));
    rows.push(sub(names[100], "2026-03-05T00:00:00Z", Some("2026-03-25T00:00:00Z"), 50.0, "month"));
    let o = options("2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z");
    let r = run_with(&rows, &o).unwrap();
    let march = &r.periods[0];
    assert_eq!(march.period, "2026-03");
    assert_eq!((march.customers.start, march.customers.churned, march.customers.end), (100, 10, 90));
    assert_eq!(march.customer_churn_rate.rate, Some(10.0));
    let simple = run_with(&rows, &RevenueOptions { customer_churn: CustomerChurn::Simple, ..o }).unwrap();
    assert_eq!(simple.periods[0].customer_churn_rate.rate, Some(12.0));
}

/// Movements by hand over three months.
#[test]
fn movements_by_hand() {
    let rows = vec![
        // A: $100/month, a second subscription of $50 on 15 Feb: expansion.
        sub("A", "2026-01-01T00:00:00Z", None, 100.0, "month"),
        sub("A", "2026-02-15T00:00:00Z", None, 50.0, "month"),
        // B: $1 200 a year (MRR 100), ending 1 March: churn in March.
        sub("B", "2026-01-01T00:00:00Z", Some("2026-03-01T00:00:00Z"), 1200.0, "year"),
        // C: $30 + $20; the $20 ends 10 Feb: contraction (1 of 2 cancelled).
        sub("C", "2026-01-01T00:00:00Z", None, 30.0, "month"),
        sub("C", "2026-01-01T00:00:00Z", Some("2026-02-10T00:00:00Z"), 20.0, "month"),
        // D: in and out within January (no movement), back on 5 March at $15.
        sub("D", "2026-01-01T00:00:00Z", Some("2026-01-20T00:00:00Z"), 10.0, "month"),
        sub("D", "2026-03-05T00:00:00Z", None, 15.0, "month"),
        // E: a two-year plan of $2 400 (MRR 100) from 1 Feb.
        sub("E", "2026-02-01T00:00:00Z", None, 2400.0, "2 years"),
    ];
    let r = run_with(&rows, &options("2026-01-01T00:00:00Z", "2026-03-31T00:00:00Z")).unwrap();
    let m: Vec<(f64, f64, f64, f64, f64, f64, f64)> =
        r.periods.iter().map(|p| (p.starting_mrr, p.new, p.expansion, p.contraction, p.churned, p.reactivation, p.ending_mrr)).collect();
    // January: A 100, B 100, C 50 are new (D joins and leaves).
    assert_eq!(m[0], (0.0, 250.0, 0.0, 0.0, 0.0, 0.0, 250.0));
    // February: A +50, C −20, E new 100.
    assert_eq!(m[1], (250.0, 100.0, 50.0, 20.0, 0.0, 0.0, 380.0));
    // March: B churns 100, D is back with 15.
    assert_eq!(m[2], (380.0, 0.0, 0.0, 0.0, 100.0, 15.0, 295.0));
    let c = &r.periods[2].customers;
    assert_eq!((c.start, c.new, c.churned, c.reactivated, c.end), (4, 0, 1, 1, 4));
    // Rates of February: gross (0 + 20)/250, net (20 − 50)/250, NRR (250 + 50 − 20)/250.
    let feb = &r.periods[1];
    assert_eq!(feb.gross_mrr_churn_rate, Some(8.0));
    assert_eq!(feb.net_mrr_churn_rate, Some(-12.0));
    assert_eq!(feb.nrr, Some(112.0));
    assert_eq!(feb.grr, Some(92.0));
    assert_eq!(feb.quick_ratio, Some(150.0 / 20.0));
    assert_eq!(feb.arpa, Some(380.0 / 4.0));
    // The movement log.
    let log: Vec<(String, &str, &str, f64)> = r
        .movements
        .iter()
        .map(|x| (format!("{:?}", x.customer_id), &*x.period, x.kind, x.amount))
        .filter(|x| x.1 == "2026-03")
        .collect();
    assert_eq!(log, vec![("Str(\"B\")".to_string(), "2026-03", "churn", -100.0), ("Str(\"D\")".to_string(), "2026-03", "reactivation", 15.0)]);
}

#[test]
fn free_plans_by_the_zero_price_rule() {
    // Paid until 1 Feb, then a $0 plan.
    let rows = vec![
        sub("A", "2026-01-01T00:00:00Z", Some("2026-02-01T00:00:00Z"), 40.0, "month"),
        sub("A", "2026-02-01T00:00:00Z", None, 0.0, "month"),
        sub("B", "2026-01-01T00:00:00Z", None, 60.0, "month"),
    ];
    let o = options("2026-01-01T00:00:00Z", "2026-02-15T00:00:00Z");
    let active = run_with(&rows, &o).unwrap();
    let feb = &active.periods[1];
    assert_eq!((feb.contraction, feb.churned, feb.customers.end), (40.0, 0.0, 2));
    let churned = run_with(&rows, &RevenueOptions { zero_price: ZeroPrice::Churned, ..o }).unwrap();
    let feb = &churned.periods[1];
    assert_eq!((feb.contraction, feb.churned, feb.customers.end), (0.0, 40.0, 1));
    assert_eq!(feb.customer_churn_rate.rate, Some(50.0));
}

#[test]
fn ltv_is_arpa_over_the_trailing_churn() {
    // 10 customers at $100; one churns each month from February.
    let names: Vec<&'static str> = (0..10).map(|i| &*Box::leak(format!("c{i}").into_boxed_str())).collect();
    let ends = ["2026-02-10T00:00:00Z", "2026-03-10T00:00:00Z", "2026-04-10T00:00:00Z"];
    let rows: Vec<Row> = names.iter().enumerate().map(|(i, &c)| sub(c, "2026-01-01T00:00:00Z", ends.get(i).copied(), 100.0, "month")).collect();
    let o = RevenueOptions { ltv: LtvOptions { trailing: 2.0 }, ..options("2026-01-01T00:00:00Z", "2026-04-15T00:00:00Z") };
    let r = run_with(&rows, &o).unwrap();
    let rates: Vec<Option<f64>> = r.periods.iter().map(|p| p.customer_churn_rate.rate).collect();
    assert_eq!(rates, vec![None, Some(10.0), Some(100.0 / 9.0), Some(12.5)]);
    // January has no churn history; February's history is January's (no rate).
    assert_eq!((r.periods[0].ltv, r.periods[1].ltv), (None, None));
    // March: ARPA 100 over the mean churn of February (10 %) only: 1 000.
    assert!((r.periods[2].ltv.unwrap() - 1000.0).abs() < 1e-9);
    // April: ARPA 100 over mean(10 %, 11.1 %) = 10.5556 %.
    assert!((r.periods[3].ltv.unwrap() - 100.0 / ((0.1 + 1.0 / 9.0) / 2.0)).abs() < 1e-9);
}

#[test]
fn simple_churn_over_no_customers_has_no_rate_and_stays_out_of_ltv() {
    // A joins and leaves in January, which starts with no customers; C
    // leaves in February (B and C at its start): simple churn is 1/0 in
    // January (no rate) and 1/2 in February. March's LTV is ARPA 10 over
    // the mean of the known rates, 50 %: 20. (The 1/0 was Infinity, which
    // made the mean Infinity and LTV 0 in February and March.)
    let rows = [
        sub("A", "2026-01-10T00:00:00Z", Some("2026-01-20T00:00:00Z"), 10.0, "month"),
        sub("B", "2026-01-05T00:00:00Z", None, 10.0, "month"),
        sub("C", "2026-01-05T00:00:00Z", Some("2026-02-15T00:00:00Z"), 10.0, "month"),
    ];
    let o = RevenueOptions { customer_churn: CustomerChurn::Simple, ..options("2026-01-01T00:00:00Z", "2026-03-15T00:00:00Z") };
    let r = run_with(&rows, &o).unwrap();
    let jan = &r.periods[0].customer_churn_rate;
    assert_eq!((jan.rate, jan.count, jan.total), (None, 1, 0));
    assert_eq!(r.periods[1].customer_churn_rate.rate, Some(50.0));
    assert_eq!((r.periods[0].ltv, r.periods[1].ltv), (None, None));
    assert!((r.periods[2].ltv.unwrap() - 20.0).abs() < 1e-9, "{:?}", r.periods[2].ltv);
}

#[test]
fn bad_rows_are_named() {
    let mut bad = sub("A", "2026-01-01T00:00:00Z", Some("2025-12-01T00:00:00Z"), 10.0, "month");
    let o = options("2026-01-01T00:00:00Z", "2026-01-15T00:00:00Z");
    let e = run_with(&[sub("A", "2026-01-01T00:00:00Z", None, 5.0, "month"), bad.clone()], &o).unwrap_err();
    assert_eq!((e.code(), e.index(), e.field()), ("INVALID_VALUE", Some(1), Some("end")));
    bad.end = None;
    bad.amount = -5.0;
    let e = run_with(&[bad.clone()], &o).unwrap_err();
    assert_eq!((e.code(), e.field()), ("INVALID_VALUE", Some("amount")));
    bad.amount = 5.0;
    bad.interval = "fortnight";
    assert_eq!(run_with(&[bad.clone()], &o).unwrap_err().field(), Some("interval"));
    // Currencies.
    let mut eur = sub("A", "2026-01-01T00:00:00Z", None, 10.0, "month");
    eur.currency = Some("EUR");
    let mut usd = eur.clone();
    usd.currency = Some("usd");
    let e = run_with(&[eur.clone(), usd.clone()], &o).unwrap_err();
    assert_eq!((e.code(), e.index()), ("MIXED_CURRENCY", Some(1)));
    assert!(e.to_string().contains("index 0 (EUR) and 1 (USD)"), "{e}");
    let fx = RevenueOptions { currency: Some("USD".into()), fx: [("EUR".to_string(), 1.5)].into_iter().collect(), ..o.clone() };
    let r = run_with(&[eur, usd], &fx).unwrap();
    assert_eq!((r.currency.as_deref(), r.periods[0].ending_mrr), (Some("USD"), 25.0));
    // Repeated ids: the same data once; other data an error.
    let mut a = sub("A", "2026-01-01T00:00:00Z", None, 10.0, "month");
    a.id = Some("s1");
    let r = run_with(&[a.clone(), a.clone()], &o).unwrap();
    assert_eq!(r.subscriptions, 1);
    let mut b = a.clone();
    b.amount = 11.0;
    let e = run_with(&[a.clone(), b.clone()], &o).unwrap_err();
    assert_eq!((e.code(), e.index(), e.field()), ("INVALID_VALUE", Some(1), Some("subscriptionId")));
    // Skipped under invalid: "skip", and trials carry no MRR.
    let mut trial = sub("T", "2026-01-01T00:00:00Z", None, 99.0, "month");
    trial.status = Some("trialing");
    let r = run_with(&[a, b, trial], &RevenueOptions { invalid: InvalidPolicy::Skip, ..o }).unwrap();
    assert_eq!((r.skipped, r.subscriptions, r.periods[0].ending_mrr), (1, 1, 10.0));
}

#[test]
fn states_merge_as_the_whole() {
    let rows = vec![
        sub("A", "2026-01-01T00:00:00Z", None, 100.0, "month"),
        sub("B", "2026-01-05T00:00:00Z", Some("2026-02-03T00:00:00Z"), 50.0, "month"),
        sub("A", "2026-02-15T00:00:00Z", None, 10.0, "week"),
    ];
    let o = options("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z");
    let whole = run_with(&rows, &o).unwrap();
    let table = |rows: &[Row]| {
        let r = run_with(rows, &RevenueOptions { movements: false, ..o.clone() }).unwrap();
        r.subscriptions
    };
    assert_eq!(table(&rows[..1]) + table(&rows[1..]), whole.subscriptions);
    let mut a = RevenueState::default();
    let ca = a.customer(&Key::Str("A".into()));
    a.subscriptions.push(Subscription { customer: ca, start: ms("2026-01-01T00:00:00Z"), stop: f64::INFINITY, mrr: 100.0 });
    a.rows = 1;
    // In the second part, B is customer 0 and A customer 1.
    let mut b = RevenueState::default();
    let (cb, ca2) = (b.customer(&Key::Str("B".into())), b.customer(&Key::Str("A".into())));
    b.subscriptions.push(Subscription { customer: cb, start: ms("2026-01-05T00:00:00Z"), stop: ms("2026-02-03T00:00:00Z"), mrr: 50.0 });
    b.subscriptions.push(Subscription { customer: ca2, start: ms("2026-02-15T00:00:00Z"), stop: f64::INFINITY, mrr: 10.0 / interval_months("week").unwrap() });
    b.rows = 2;
    a.merge(&b).unwrap();
    assert_eq!(read(&a, &o, None).unwrap().periods, whole.periods);
}


/// Cohorts by hand: January's three customers (one joins and leaves within
/// January), February's one; A expands in March.
#[test]
fn cohorts_by_hand() {
    let rows = vec![
        sub("A", "2026-01-05T00:00:00Z", None, 100.0, "month"),
        sub("A", "2026-03-01T00:00:00Z", None, 50.0, "month"),
        sub("B", "2026-01-10T00:00:00Z", Some("2026-02-15T00:00:00Z"), 50.0, "month"),
        sub("C", "2026-01-20T00:00:00Z", Some("2026-01-25T00:00:00Z"), 30.0, "month"),
        sub("D", "2026-02-03T00:00:00Z", None, 20.0, "month"),
    ];
    let o = options("2026-01-01T00:00:00Z", "2026-04-15T00:00:00Z");
    let run = |basis| with_table(&rows, |t| cohort_retention(t, &CohortOptions { revenue: o.clone(), basis }, None)).unwrap();
    let c = run(CohortBasis::Customers);
    let jan = &c.cohorts[0];
    assert_eq!((jan.cohort.as_str(), jan.customers, jan.mrr), ("2026-01", 3, 150.0));
    let cells: Vec<(u32, u64, f64)> = jan.periods.iter().map(|x| (x.age, x.customers, x.mrr)).collect();
    assert_eq!(cells, vec![(0, 2, 150.0), (1, 1, 100.0), (2, 1, 150.0), (3, 1, 150.0)]);
    let pct: Vec<Option<f64>> = jan.periods.iter().map(|x| x.retention).collect();
    assert_eq!(pct, vec![Some(200.0 / 3.0), Some(100.0 / 3.0), Some(100.0 / 3.0), Some(100.0 / 3.0)]);
    let feb = &c.cohorts[1];
    assert_eq!((feb.customers, feb.periods.len(), feb.periods[2].retention), (1, 3, Some(100.0)));
    // March has no new customer: no base.
    assert_eq!((c.cohorts[2].customers, c.cohorts[2].periods[0].retention), (0, None));
    // MRR basis: net of expansion, against the end of the first period.
    let m = run(CohortBasis::Mrr);
    let pct: Vec<Option<f64>> = m.cohorts[0].periods.iter().map(|x| x.retention).collect();
    assert_eq!(pct, vec![Some(100.0), Some(100.0 * 100.0 / 150.0), Some(100.0), Some(100.0)]);
}
