use super::*;
use crate::table::{Column, Table};

/// A table of `(actor, t, event)` rows with string actors.
fn log<'s>(schema: &'s Schema<'s>, rows: &[(&str, f64, &str)]) -> Table<'s> {
    let mut t = Table::new(schema, rows.len());
    let mut actors: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let code = |list: &mut Vec<String>, s: &str| match list.iter().position(|x| x == s) {
        Some(i) => i as u32,
        None => {
            list.push(s.to_string());
            (list.len() - 1) as u32
        }
    };
    let a: Vec<u32> = rows.iter().map(|r| code(&mut actors, r.0)).collect();
    let e: Vec<u32> = rows.iter().map(|r| code(&mut names, r.2)).collect();
    t.set(0, Column::Keys { codes: a, keys: actors.into_iter().map(|s| Key::Str(s.into())).collect() }).unwrap();
    t.set(1, Column::Values(rows.iter().map(|r| r.1).collect())).unwrap();
    t.set(2, Column::Labels { codes: e, names }).unwrap();
    t
}

fn opts(steps: &[&str]) -> FunnelOptions {
    FunnelOptions { steps: steps.iter().map(|s| Step(EventMatch { event: s.to_string(), ..Default::default() })).collect(), ..Default::default() }
}

fn run(rows: &[(&str, f64, &str)], o: &FunnelOptions) -> Funnel {
    let plan = Plan::new(o).unwrap();
    let fields = plan.fields(o);
    let schema = schema(&fields);
    funnel(&log(&schema, rows), o).unwrap()
}

fn counts(f: &Funnel) -> Vec<u64> {
    f.steps.iter().map(|s| s.count).collect()
}

const H: f64 = 3_600_000.0;

#[test]
fn ordered_strict_unordered_by_hand() {
    // a: view, other, cart, buy → ordered 3 steps; strict stops after view
    //    (the next event is "other").
    // b: cart, view, buy → ordered: view then buy (2 steps); unordered: 3.
    // c: view only.
    let rows = [
        ("a", 0.0, "view"),
        ("a", 1.0 * H, "other"),
        ("a", 2.0 * H, "cart"),
        ("a", 3.0 * H, "buy"),
        ("b", 0.0, "cart"),
        ("b", 1.0 * H, "view"),
        ("b", 5.0 * H, "buy"),
        ("c", 0.0, "view"),
    ];
    let mut o = opts(&["view", "cart", "buy"]);
    let f = run(&rows, &o);
    assert_eq!(counts(&f), vec![3, 1, 1]);
    assert_eq!(f.steps[1].drop_off, 2);
    // Only a reached cart, 2 h after its view; buy 1 h after cart.
    assert_eq!(f.steps[1].median_time_from_previous_ms, Some(2.0 * H));
    assert_eq!(f.steps[2].median_time_from_previous_ms, Some(1.0 * H));
    o.order = Order::Strict;
    assert_eq!(counts(&run(&rows, &o)), vec![3, 0, 0]);
    o.order = Order::Unordered;
    let f = run(&rows, &o);
    assert_eq!(counts(&f), vec![3, 2, 2]);
    // b completes cart 0, view 1 h, buy 5 h: gaps 1 h and 4 h; a: 2 h, 1 h.
    assert_eq!(f.steps[1].median_time_from_previous_ms, Some(1.5 * H));
    assert_eq!(f.steps[2].median_time_from_previous_ms, Some(2.5 * H));
    assert_eq!(f.steps[1].conversion_from_start, Some(200.0 / 3.0));
}

#[test]
fn window_is_inclusive_and_ties_keep_input_order() {
    let w = 86_400_000.0;
    let mut o = opts(&["view", "buy"]);
    o.window = Some(Window { days: Some(1.0), ..Default::default() });
    // x buys exactly at the window's end; y 1 ms later.
    let rows = [("x", 0.0, "view"), ("x", w, "buy"), ("y", 0.0, "view"), ("y", w + 1.0, "buy")];
    assert_eq!(counts(&run(&rows, &o)), vec![2, 1]);
    // Same timestamp: input order decides. z's buy comes first in the
    // input, so it is before the view; v's comes after.
    let rows = [("z", 5.0, "buy"), ("z", 5.0, "view"), ("v", 5.0, "view"), ("v", 5.0, "buy")];
    assert_eq!(counts(&run(&rows, &o)), vec![2, 1]);
}

#[test]
fn exclusions_disqualify_an_attempt_not_the_actor() {
    let mut o = opts(&["view", "cart", "buy"]);
    o.exclusions = vec![Exclusion { event: "refund".into(), from: Some(1.0), to: Some(2.0), ..Default::default() }];
    // a's first attempt has a refund between view and cart; its second
    // attempt (view at 10) is clean and reaches cart at 11.
    // b: refund between cart and buy: outside 1→2, counts fully.
    // c: only a disqualified attempt → excluded.
    let rows = [
        ("a", 0.0, "view"),
        ("a", 1.0, "refund"),
        ("a", 2.0, "cart"),
        ("a", 10.0, "view"),
        ("a", 11.0, "cart"),
        ("b", 0.0, "view"),
        ("b", 1.0, "cart"),
        ("b", 2.0, "refund"),
        ("b", 3.0, "buy"),
        ("c", 0.0, "view"),
        ("c", 1.0, "refund"),
    ];
    let f = run(&rows, &o);
    assert_eq!(counts(&f), vec![2, 2, 1]);
    assert_eq!(f.excluded, 1);
    // a's counted attempt starts at 10: cart 1 ms later; b's 1 ms.
    assert_eq!(f.steps[1].median_time_from_previous_ms, Some(1.0));
}

#[test]
fn censoring_with_as_of() {
    let mut o = opts(&["view", "buy"]);
    o.window = Some(Window { hours: Some(1.0), ..Default::default() });
    o.as_of = Some(10.0 * H);
    // p entered at 9.5 h and has not bought: censored. q entered at 9.5 h
    // and bought: not censored. r entered at 0 and did not buy: settled.
    let rows = [("p", 9.5 * H, "view"), ("q", 9.5 * H, "view"), ("q", 9.6 * H, "buy"), ("r", 0.0, "view")];
    let f = run(&rows, &o);
    assert_eq!(f.censored, Some(1));
    let settled = f.settled_steps.unwrap();
    assert_eq!(settled.iter().map(|s| s.count).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!(settled[1].conversion_from_start, Some(50.0));
}

#[test]
fn options_are_checked() {
    assert_eq!(Plan::new(&opts(&[])).unwrap_err().code(), "INVALID_OPTION");
    let mut o = opts(&["a", "b"]);
    o.window = Some(Window { days: Some(0.0), ..Default::default() });
    assert_eq!(Plan::new(&o).unwrap_err().field(), Some("window"));
    let mut o = opts(&["a", "b"]);
    o.order = Order::Unordered;
    o.exclusions = vec![Exclusion { event: "x".into(), ..Default::default() }];
    assert_eq!(Plan::new(&o).unwrap_err().code(), "INVALID_OPTION");
    let mut o = opts(&["a", "b"]);
    o.exclusions = vec![Exclusion { event: "x".into(), from: Some(2.0), to: Some(2.0), ..Default::default() }];
    assert!(Plan::new(&o).is_err());
}

#[test]
fn instants_out_of_range_are_invalid_timestamps() {
    // ±Infinity and instants past year 9999 were counted as events.
    for bad in [f64::INFINITY, f64::NEG_INFINITY, 1e300, 8.64e15] {
        let rows = [("a", 0.0, "A"), ("a", bad, "B"), ("b", 0.0, "A")];
        let o = opts(&["A", "B"]);
        let plan = Plan::new(&o).unwrap();
        let fields = plan.fields(&o);
        let schema = schema(&fields);
        let e = funnel(&log(&schema, &rows), &o).unwrap_err();
        assert_eq!((e.code(), e.index(), e.field()), ("INVALID_TIMESTAMP", Some(1), Some("timestamp")), "{bad}: {e}");
        let skip = FunnelOptions { invalid: InvalidPolicy::Skip, ..o.clone() };
        let f = funnel(&log(&schema, &rows), &skip).unwrap();
        assert_eq!((counts(&f), f.skipped, f.events), (vec![2, 0], 1, 2), "{bad}");
    }
}
