// funnel(events, options): hand-worked event logs for every order, exclusions,
// the window's edge, ties, sessions, breakdowns, censoring and `where`
// filters (expected numbers worked out by hand in the comments); a
// property test (fast-check) against the plain reference implementation in
// ./funnel-reference.mjs, rows against columns; and coded errors.
//
// Every hand-worked log is also checked against the reference itself, so a
// disagreement between the two points at the side the hand-worked numbers
// contradict. FUNNEL_RUNS and FUNNEL_SEED deepen or reproduce the property
// test.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fc from "fast-check";
import * as tickets from "../../pkg/tickets.js";
import { conversionRate } from "../../pkg/index.js";
import { throwsCode } from "../support/errors.mjs";
import { funnelReference } from "./funnel-reference.mjs";

const { funnel } = tickets;
const skip = typeof funnel === "function" ? false : "funnel is not exported by this build of pkg/tickets.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 2); // 2026-03-02T00:00:00Z

const RUNS = Number(process.env.FUNNEL_RUNS || 400);
const SEED = process.env.FUNNEL_SEED ? Number(process.env.FUNNEL_SEED) : undefined;

/** An event `minutes` after T0. */
const ev = (actor, minutes, event, extra = {}) => ({ actor, timestamp: T0 + minutes * MIN, event, ...extra });

const near = (a, b, what, tol = 1e-6) => assert.ok(typeof a === "number" && Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
const counts = (steps) => steps.map((s) => s.count);
const field = (steps, k) => steps.map((s) => s[k]);

function nearAll(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => (e === null ? assert.equal(actual[i], null, `${what}[${i}]`) : near(actual[i], e, `${what}[${i}]`)));
}

/** Rows → columns (an object of arrays; a missing property is undefined). */
function toColumns(rows) {
  const keys = [...new Set(["actor", "timestamp", "event", ...rows.flatMap((r) => Object.keys(r))])];
  return Object.fromEntries(keys.map((k) => [k, rows.map((r) => r[k])]));
}

/** Every hand-worked case runs against the package and against the reference. */
function handWorked(title, body) {
  test(title, { skip }, () => body(funnel));
  test(`${title} (reference implementation)`, () => body(funnelReference));
}

// ------------------------------------------------------------ hand-worked logs

// Five actors, steps view → cart → buy, a 30-minute window. Minutes after T0
// (rows deliberately not in time order):
//   A: view 0, cart 5, buy 20
//   B: view 0, buy 3, cart 10
//   C: cart 0, view 5, cart 50
//   D: buy 0
//   E: view 0, view 10, cart 35, buy 38
const SHOP = [
  ev("E", 38, "buy"),
  ev("A", 0, "view"),
  ev("B", 10, "cart"),
  ev("C", 50, "cart"),
  ev("E", 0, "view"),
  ev("A", 20, "buy"),
  ev("B", 0, "view"),
  ev("D", 0, "buy"),
  ev("E", 35, "cart"),
  ev("C", 0, "cart"),
  ev("A", 5, "cart"),
  ev("B", 3, "buy"),
  ev("E", 10, "view"),
  ev("C", 5, "view"),
];
const SHOP_STEPS = ["view", "cart", "buy"];
const W30 = { minutes: 30 };

describe("funnel: ordered, strict and unordered on one log", () => {
  handWorked("ordered", (f) => {
    // A: view 0 → cart 5 → buy 20: level 3, times 5 and 15 min.
    // B: view 0 → cart 10 (the buy at 3 comes before the cart) → no buy after 10: level 2, time 10.
    // C: the attempt at view 5 → the cart at 50 is past 5 + 30 = 35: level 1.
    // D: no view, no attempt: not counted.
    // E: view 0 → cart 35 is past 30: level 1; view 10 → cart 35 → buy 38 (≤ 40): level 3,
    //    times 25 and 3; the counted attempt is the second (highest level).
    // count = [4 (A B C E), 3 (A B E), 2 (A E)].
    // cart − view: [5, 10, 25] → median 10; p90: h = 2·0.9 = 1.8 → 10 + 0.8·15 = 22 min.
    // buy − cart: [3, 15] → median 9; p90: h = 0.9 → 3 + 0.9·12 = 13.8 min.
    const r = f(SHOP, { steps: SHOP_STEPS, window: W30 });
    assert.equal(r.order, "ordered");
    assert.equal(r.countBy, "actor");
    assert.equal(r.windowMs, 1_800_000);
    assert.equal(r.units, 4);
    assert.equal(r.events, 14);
    assert.deepEqual([r.excluded, r.skipped, r.invalid], [0, 0, []]);
    assert.deepEqual([r.censored, r.settledSteps, r.asOf, r.breakdown], [null, null, null, null]);
    assert.deepEqual(field(r.steps, "step"), [1, 2, 3]);
    assert.deepEqual(field(r.steps, "name"), ["view", "cart", "buy"]);
    assert.deepEqual(field(r.steps, "event"), ["view", "cart", "buy"]);
    assert.deepEqual(counts(r.steps), [4, 3, 2]);
    nearAll(field(r.steps, "conversionFromStart"), [100, 75, 50], "conversionFromStart");
    nearAll(field(r.steps, "conversionFromPrevious"), [100, 75, 200 / 3], "conversionFromPrevious");
    assert.deepEqual(field(r.steps, "dropOff"), [0, 1, 1]);
    nearAll(field(r.steps, "medianTimeFromPreviousMs"), [null, 10 * MIN, 9 * MIN], "median");
    nearAll(field(r.steps, "p90TimeFromPreviousMs"), [null, 22 * MIN, 13.8 * MIN], "p90");
  });

  handWorked("ordered: Wilson intervals of count_k / count_1", (f) => {
    // 4/4: low = n / (n + z²) = 4 / (4 + 1.959964²) = 4 / 7.841459 = 51.0109 %, high 100 %.
    // 2/4: p = ½: centre 50 %, half-width z/(1 + z²/4)·√(1/16 + z²/64) = 0.999795·0.350033 = 34.996 %.
    // 3/4: as conversionRate computes Wilson (30.064 %, 95.441 %).
    const r = f(SHOP, { steps: SHOP_STEPS, window: W30 });
    const [c1, c2, c3] = r.steps.map((s) => s.confidenceInterval);
    assert.equal(c1.method, "wilson");
    assert.equal(c1.level, 0.95);
    near(c1.low, 51.0109, "4/4 low", 1e-3);
    near(c1.high, 100, "4/4 high", 1e-9);
    near(c3.low, 15.004, "2/4 low", 1e-3);
    near(c3.high, 84.996, "2/4 high", 1e-3);
    const w = conversionRate({ conversions: 3, visitors: 4 }).confidenceInterval;
    near(c2.low, w.low, "3/4 low", 1e-9);
    near(c2.high, w.high, "3/4 high", 1e-9);
    near(c2.low, 30.064, "3/4 low", 1e-3);
    const r99 = f(SHOP, { steps: SHOP_STEPS, window: W30, confidence: 0.99 });
    const w99 = conversionRate({ conversions: 3, visitors: 4 }, { confidence: 0.99 }).confidenceInterval;
    assert.equal(r99.steps[1].confidenceInterval.level, 0.99);
    near(r99.steps[1].confidenceInterval.low, w99.low, "99 % low", 1e-9);
    near(r99.steps[1].confidenceInterval.high, w99.high, "99 % high", 1e-9);
  });

  handWorked("strict", (f) => {
    // A: view, cart, buy are consecutive: level 3 (times 5, 15).
    // B: the event after view 0 is buy 3, not cart: level 1.
    // C: after view 5 comes cart 50, past 35: level 1.
    // E: view 0 is followed by view 10: level 1; view 10 → cart 35 → buy 38: level 3 (times 25, 3).
    // count = [4, 2, 2]; cart − view [5, 25] → median 15, p90 5 + 0.9·20 = 23 min;
    // buy − cart [3, 15] → median 9, p90 13.8 min.
    const r = f(SHOP, { steps: SHOP_STEPS, window: W30, order: "strict" });
    assert.equal(r.order, "strict");
    assert.equal(r.units, 4);
    assert.deepEqual(counts(r.steps), [4, 2, 2]);
    nearAll(field(r.steps, "conversionFromStart"), [100, 50, 50], "conversionFromStart");
    nearAll(field(r.steps, "conversionFromPrevious"), [100, 50, 100], "conversionFromPrevious");
    assert.deepEqual(field(r.steps, "dropOff"), [0, 2, 0]);
    nearAll(field(r.steps, "medianTimeFromPreviousMs"), [null, 15 * MIN, 9 * MIN], "median");
    nearAll(field(r.steps, "p90TimeFromPreviousMs"), [null, 23 * MIN, 13.8 * MIN], "p90");
  });

  handWorked("unordered", (f) => {
    // An attempt starts at any step's event and collects every step seen within 30 min.
    // A: from view 0: view 0, cart 5, buy 20 → 3 steps; sorted times 0, 5, 20 → gaps 5, 15.
    // B: from view 0: view 0, buy 3, cart 10 → 3 steps; gaps 3, 7.
    // C: from cart 0: cart 0, view 5 → 2 steps (gap 5); later attempts reach 1.
    // D: from buy 0: 1 step — D counts now.
    // E: from view 10: view 10, cart 35, buy 38 → 3 steps; gaps 25, 3.
    // count = [5, 4, 3]; 2nd − 1st: [3, 5, 5, 25] → median 5, p90 h = 2.7 → 5 + 0.7·20 = 19 min;
    // 3rd − 2nd: [3, 7, 15] → median 7, p90 h = 1.8 → 7 + 0.8·8 = 13.4 min.
    const r = f(SHOP, { steps: SHOP_STEPS, window: W30, order: "unordered" });
    assert.equal(r.order, "unordered");
    assert.equal(r.units, 5);
    assert.deepEqual(counts(r.steps), [5, 4, 3]);
    nearAll(field(r.steps, "conversionFromStart"), [100, 80, 60], "conversionFromStart");
    nearAll(field(r.steps, "conversionFromPrevious"), [100, 80, 75], "conversionFromPrevious");
    assert.deepEqual(field(r.steps, "dropOff"), [0, 1, 1]);
    nearAll(field(r.steps, "medianTimeFromPreviousMs"), [null, 5 * MIN, 7 * MIN], "median");
    nearAll(field(r.steps, "p90TimeFromPreviousMs"), [null, 19 * MIN, 13.4 * MIN], "p90");
  });

  handWorked("the same log as columns, and with timestamps as ISO strings and Dates", (f) => {
    const want = f(SHOP, { steps: SHOP_STEPS, window: W30 });
    assert.deepEqual(f(toColumns(SHOP), { steps: SHOP_STEPS, window: W30 }), want);
    const cols = toColumns(SHOP);
    assert.deepEqual(f({ ...cols, timestamp: Float64Array.from(cols.timestamp) }, { steps: SHOP_STEPS, window: W30 }), want);
    const iso = SHOP.map((e, i) => ({ ...e, timestamp: i % 2 ? new Date(e.timestamp).toISOString() : new Date(e.timestamp) }));
    assert.deepEqual(f(iso, { steps: SHOP_STEPS, window: W30 }), want);
    // 02:00 at +02:00 is 00:00Z.
    const offset = SHOP.map((e) => ({ ...e, timestamp: new Date(e.timestamp + 2 * HOUR).toISOString().replace("Z", "+02:00") }));
    assert.deepEqual(f(offset, { steps: SHOP_STEPS, window: W30 }), want);
  });

  handWorked("no unit reaches step 1: counts 0, rates and times null", (f) => {
    const r = f([ev("A", 0, "cart")], { steps: ["view", "cart"] });
    assert.equal(r.units, 0);
    assert.deepEqual(counts(r.steps), [0, 0]);
    assert.deepEqual(field(r.steps, "conversionFromStart"), [null, null]);
    assert.deepEqual(field(r.steps, "conversionFromPrevious"), [null, null]);
    assert.deepEqual(field(r.steps, "confidenceInterval"), [null, null]);
    assert.deepEqual(field(r.steps, "medianTimeFromPreviousMs"), [null, null]);
    assert.deepEqual(field(r.steps, "dropOff"), [0, 0]);
    assert.equal(r.events, 1);
  });
});

describe("funnel: exclusions", () => {
  handWorked("an exclusion disqualifies one attempt, not the actor's next one", (f) => {
    // Steps view → buy, exclusion "refund" (from 1 to 2), 30-minute window.
    // A: view 0, refund 1, buy 2, view 10, buy 12. Attempt at view 0 reaches buy 2 with the
    //    refund strictly between: disqualified. Attempt at view 10 → buy 12, nothing between:
    //    counted, level 2, time 2 min.
    // B: view 0, refund 5, no buy: level 1, the refund is within the window (5 ≤ 30):
    //    every attempt disqualified → excluded.
    // C: view 0, buy 5, refund 6: the refund is after the buy: level 2, time 5.
    // D: view 0, refund 31: level 1, the refund is past 0 + 30: counted at level 1.
    // E: view 0, refund at exactly 30 (the window's end is in): excluded.
    // count = [3 (A C D), 2 (A C)], excluded 2; times [2, 5] → median 3.5, p90 2 + 0.9·3 = 4.7 min.
    const rows = [
      ev("A", 0, "view"), ev("A", 1, "refund"), ev("A", 2, "buy"), ev("A", 10, "view"), ev("A", 12, "buy"),
      ev("B", 0, "view"), ev("B", 5, "refund"),
      ev("C", 0, "view"), ev("C", 5, "buy"), ev("C", 6, "refund"),
      ev("D", 0, "view"), ev("D", 31, "refund"),
      ev("E", 0, "view"), ev("E", 30, "refund"),
    ];
    const r = f(rows, { steps: ["view", "buy"], window: W30, exclusions: [{ event: "refund" }] });
    assert.equal(r.units, 3);
    assert.equal(r.excluded, 2);
    assert.deepEqual(counts(r.steps), [3, 2]);
    nearAll(field(r.steps, "medianTimeFromPreviousMs"), [null, 3.5 * MIN], "median");
    nearAll(field(r.steps, "p90TimeFromPreviousMs"), [null, 4.7 * MIN], "p90");
    // Without the exclusion: A's first attempt counts (time 2), B and E at level 1.
    const plain = f(rows, { steps: ["view", "buy"], window: W30 });
    assert.deepEqual([plain.units, plain.excluded, ...counts(plain.steps)], [5, 0, 5, 2]);
  });

  handWorked("from/to and where: only events between step `from` and step `to`", (f) => {
    // Steps a → b → c; exclusion x with kind "hard", from step 2 to step 3.
    // P: a 0, x 1, b 2, c 3: the x is before step 2: level 3.
    // Q: a 0, b 1, x 2, c 3: x between b and c: excluded.
    // R: a 0, b 1, x 2 (no c): reached step 2, not 3; x within the window: excluded.
    // S: a 0, x 1: never reached step 2: counted at level 1.
    // T: a 0, b 1, x 2 with kind "soft", c 3: the exclusion's where fails: level 3.
    // count = [3 (P S T), 2 (P T), 2 (P T)], excluded 2.
    const hard = { kind: "hard" };
    const rows = [
      ev("P", 0, "a"), ev("P", 1, "x", hard), ev("P", 2, "b"), ev("P", 3, "c"),
      ev("Q", 0, "a"), ev("Q", 1, "b"), ev("Q", 2, "x", hard), ev("Q", 3, "c"),
      ev("R", 0, "a"), ev("R", 1, "b"), ev("R", 2, "x", hard),
      ev("S", 0, "a"), ev("S", 1, "x", hard),
      ev("T", 0, "a"), ev("T", 1, "b"), ev("T", 2, "x", { kind: "soft" }), ev("T", 3, "c"),
    ];
    const r = f(rows, { steps: ["a", "b", "c"], window: W30, exclusions: [{ event: "x", where: hard, from: 2, to: 3 }] });
    assert.deepEqual([r.units, r.excluded, ...counts(r.steps)], [3, 2, 3, 2, 2]);
  });
});

describe("funnel: the window and ties", () => {
  handWorked("an event exactly at the window's end is in; 1 ms later it is out", (f) => {
    // Steps a → b, 10-minute window. A: b at exactly 10 min → level 2. B: b at 10 min + 1 ms → level 1.
    const rows = [ev("A", 0, "a"), ev("A", 10, "b"), ev("B", 0, "a"), { actor: "B", timestamp: T0 + 10 * MIN + 1, event: "b" }];
    for (const order of ["ordered", "strict", "unordered"]) {
      const r = f(rows, { steps: ["a", "b"], window: { minutes: 10 }, order });
      assert.deepEqual(counts(r.steps), [2, 1], order);
      assert.equal(r.steps[1].medianTimeFromPreviousMs, 10 * MIN, order);
    }
  });

  handWorked("window units: weeks, days, hours, minutes, seconds, milliseconds; 14 days by default", (f) => {
    const rows = [ev("A", 0, "a")];
    const ms = (window) => f(rows, { steps: ["a"], window }).windowMs;
    assert.equal(f(rows, { steps: ["a"] }).windowMs, 1_209_600_000); // 14 × 86 400 000
    assert.equal(ms({ weeks: 2 }), 1_209_600_000);
    assert.equal(ms({ days: 1 }), 86_400_000);
    assert.equal(ms({ hours: 3 }), 10_800_000);
    assert.equal(ms({ minutes: 2 }), 120_000);
    assert.equal(ms({ seconds: 5 }), 5_000);
    assert.equal(ms({ milliseconds: 7 }), 7);
  });

  handWorked("equal timestamps keep input order", (f) => {
    // All at minute 5, rows in this order: A a, B b, A b, B a, C a, C x, C b.
    // ordered:   A: a then b → level 2 (time 0); B: b comes before a → level 1; C: a, x, b → level 2.
    // strict:    C: the event after a is x → level 1.
    // unordered: B: the attempt at b (position 0) sees a at position 1 → level 2.
    const rows = [ev("A", 5, "a"), ev("B", 5, "b"), ev("A", 5, "b"), ev("B", 5, "a"), ev("C", 5, "a"), ev("C", 5, "x"), ev("C", 5, "b")];
    const run = (order) => f(rows, { steps: ["a", "b"], order });
    assert.deepEqual(counts(run("ordered").steps), [3, 2]);
    assert.equal(run("ordered").steps[1].medianTimeFromPreviousMs, 0);
    assert.deepEqual(counts(run("strict").steps), [3, 1]);
    assert.deepEqual(counts(run("unordered").steps), [3, 3]);
  });
});

describe("funnel: units, breakdown, censoring, filters", () => {
  handWorked('countBy "session": a unit is an (actor, session) pair', (f) => {
    // u1 s1: a 0 | u1 s2: b 1, a 2, b 3 | u2 s1: a 0, b 1.
    // By actor: u1 a 0 → b 1 (level 2, 1 min); u2 level 2 (1 min): count [2, 2].
    // By session: (u1, s1) level 1; (u1, s2) a 2 → b 3 level 2; (u2, s1) level 2: count [3, 2].
    // "s1" of u1 and of u2 are different units.
    const rows = [
      ev("u1", 0, "a", { session: "s1" }), ev("u1", 1, "b", { session: "s2" }), ev("u1", 2, "a", { session: "s2" }),
      ev("u1", 3, "b", { session: "s2" }), ev("u2", 0, "a", { session: "s1" }), ev("u2", 1, "b", { session: "s1" }),
    ];
    const byActor = f(rows, { steps: ["a", "b"] });
    assert.equal(byActor.countBy, "actor");
    assert.deepEqual(counts(byActor.steps), [2, 2]);
    assert.equal(byActor.steps[1].medianTimeFromPreviousMs, MIN);
    const bySession = f(rows, { steps: ["a", "b"], countBy: "session" });
    assert.equal(bySession.countBy, "session");
    assert.equal(bySession.units, 3);
    assert.deepEqual(counts(bySession.steps), [3, 2]);
    assert.equal(bySession.steps[1].medianTimeFromPreviousMs, MIN);
    // The session is only read with countBy "session".
    const noSession = [...rows, ev("u3", 0, "a")];
    assert.deepEqual(counts(f(noSession, { steps: ["a", "b"] }).steps), [3, 2]);
    throwsCode(() => f(noSession, { steps: ["a", "b"], countBy: "session" }), "MISSING_FIELD", { index: 6 });
  });

  handWorked("breakdown by the counted attempt's step-1 event; groups by units, ties by first appearance", (f) => {
    // Steps a → b, 5-minute window, exclusion x, breakdown "plan". Minutes:
    //   u1: a 0 (pro), b 1              → level 2, pro, time 1
    //   u2: a 0 (free)                  → level 1, free
    //   u3: a 0 (free), b 2             → level 2, free, time 2
    //   u4: a 0 (no plan)               → level 1, null
    //   u6: a 0 (pro), a 10 (free), b 11 → the attempt at 0 misses b (11 > 5): level 1; the
    //       attempt at 10 reaches b 11: level 2, counted → free, time 1
    //   u7: a 0 (pro), x 1              → excluded, attributed to pro
    //   u8: a 0 (plan 1, a number)      → level 1, group 1
    //   u9: a 0 (plan "1", a string)    → level 1, group "1"
    // Overall: count [7, 3], excluded 1; times [1, 2, 1] → median 1, p90 1 + 0.8·1 = 1.8 min.
    // Groups: free 3 units [3, 2] (times [2, 1] → median 1.5 min); then four with 1 unit, by first
    // row: pro (row 0) [1, 1] excluded 1; null (row 1, u1's b) [1, 0]; 1 (row 11) [1, 0]; "1" (row 12) [1, 0].
    const rows = [
      ev("u1", 0, "a", { plan: "pro" }), ev("u1", 1, "b"),
      ev("u2", 0, "a", { plan: "free" }),
      ev("u3", 0, "a", { plan: "free" }), ev("u3", 2, "b"),
      ev("u4", 0, "a"),
      ev("u6", 0, "a", { plan: "pro" }), ev("u6", 10, "a", { plan: "free" }), ev("u6", 11, "b"),
      ev("u7", 0, "a", { plan: "pro" }), ev("u7", 1, "x"),
      ev("u8", 0, "a", { plan: 1 }),
      ev("u9", 0, "a", { plan: "1" }),
    ];
    const r = f(rows, { steps: ["a", "b"], window: { minutes: 5 }, exclusions: [{ event: "x" }], breakdown: "plan" });
    assert.deepEqual([r.units, r.excluded, ...counts(r.steps)], [7, 1, 7, 3]);
    nearAll(field(r.steps, "medianTimeFromPreviousMs"), [null, MIN], "median");
    nearAll(field(r.steps, "p90TimeFromPreviousMs"), [null, 1.8 * MIN], "p90");
    assert.deepEqual(r.breakdown.map((g) => g.value), ["free", "pro", null, 1, "1"]);
    assert.deepEqual(r.breakdown.map((g) => counts(g.steps)), [[3, 2], [1, 1], [1, 0], [1, 0], [1, 0]]);
    assert.deepEqual(r.breakdown.map((g) => g.excluded), [0, 1, 0, 0, 0]);
    nearAll(field(r.breakdown[0].steps, "medianTimeFromPreviousMs"), [null, 1.5 * MIN], "free median");
    nearAll(field(r.breakdown[0].steps, "conversionFromStart"), [100, 200 / 3], "free conversion");
    nearAll(field(r.breakdown[2].steps, "conversionFromPrevious"), [100, 0], "null conversion");
    assert.deepEqual(field(r.breakdown[2].steps, "dropOff"), [0, 1]);
    assert.equal(r.breakdown[2].steps[1].medianTimeFromPreviousMs, null);
    assert.equal(f(rows, { steps: ["a", "b"] }).breakdown, null);
  });

  handWorked("breakdown in unordered: the attempt's first event", (f) => {
    // Steps a, b unordered. u1: b 0 (plan "x"), a 1 (plan "y") → the attempt at b 0 has both: "x".
    // u2: a 0 (plan "y") → 1 step, "y". Groups by units: x (1), y (1) → tie, x first (row 0).
    const rows = [ev("u1", 0, "b", { plan: "x" }), ev("u1", 1, "a", { plan: "y" }), ev("u2", 0, "a", { plan: "y" })];
    const r = f(rows, { steps: ["a", "b"], order: "unordered", breakdown: "plan" });
    assert.deepEqual(r.breakdown.map((g) => [g.value, ...counts(g.steps)]), [["x", 1, 1], ["y", 1, 0]]);
  });

  handWorked("asOf: units whose window is still open and that have not finished are censored", (f) => {
    // Steps a → b → c, 1-hour window, asOf = T0 + 90 min.
    //   u1: a 0, b 10         → level 2, window ends 60 ≤ 90: settled
    //   u2: a 40, b 50        → level 2, window ends 100 > 90, not finished: censored
    //   u3: a 40, b 45, c 50  → level 3 = every step: settled
    //   u4: a 30              → level 1, window ends exactly 90, not > 90: settled
    // steps [4, 3, 1]; censored 1; settledSteps over u1 u3 u4: [3, 2, 1].
    // b − a: all [10, 10, 5] → median 10 min; settled [10, 5] → median 7.5 min. c − b: [5].
    const rows = [ev("u1", 0, "a"), ev("u1", 10, "b"), ev("u2", 40, "a"), ev("u2", 50, "b"), ev("u3", 40, "a"), ev("u3", 45, "b"), ev("u3", 50, "c"), ev("u4", 30, "a")];
    const asOf = T0 + 90 * MIN;
    for (const given of [asOf, new Date(asOf), "2026-03-02T01:30:00Z", "2026-03-02T02:30:00+01:00"]) {
      const r = f(rows, { steps: ["a", "b", "c"], window: { hours: 1 }, asOf: given });
      assert.equal(r.asOf, asOf);
      assert.equal(r.censored, 1);
      assert.equal(r.units, 4);
      assert.deepEqual(counts(r.steps), [4, 3, 1]);
      assert.deepEqual(counts(r.settledSteps), [3, 2, 1]);
      nearAll(field(r.steps, "medianTimeFromPreviousMs"), [null, 10 * MIN, 5 * MIN], "median");
      nearAll(field(r.settledSteps, "medianTimeFromPreviousMs"), [null, 7.5 * MIN, 5 * MIN], "settled median");
      nearAll(field(r.settledSteps, "conversionFromStart"), [100, 200 / 3, 100 / 3], "settled conversion");
    }
    // One ms earlier, u4's window (ends at 90) is open too: censored 2.
    assert.equal(f(rows, { steps: ["a", "b", "c"], window: { hours: 1 }, asOf: asOf - 1 }).censored, 2);
    const none = f(rows, { steps: ["a", "b", "c"], window: { hours: 1 } });
    assert.deepEqual([none.censored, none.settledSteps, none.asOf], [null, null, null]);
  });

  handWorked('where filters: equality by type and value ("1" is not 1), arrays of values, step names', (f) => {
    // Step 1: view with page "1"; step 2: buy with plan "pro" or 2, named "Purchase".
    //   u1: view "1" 0, buy "pro" 1              → level 2, time 1
    //   u2: view 1 (number) 0, buy "pro" 1       → no attempt
    //   u3: view "1" 0, buy "2" (string) 1       → level 1
    //   u4: view "1" 0, buy 2 1                  → level 2, time 1
    //   u5: view without page 0                  → no attempt
    //   u6: view "1" 0, buy (no plan) 1, buy "pro" 2 → level 2, time 2
    //   u7: view true 0                          → no attempt
    // count [4, 3]; times [1, 1, 2] → median 1, p90 h = 1.8 → 1 + 0.8·1 = 1.8 min.
    const rows = [
      ev("u1", 0, "view", { page: "1" }), ev("u1", 1, "buy", { plan: "pro" }),
      ev("u2", 0, "view", { page: 1 }), ev("u2", 1, "buy", { plan: "pro" }),
      ev("u3", 0, "view", { page: "1" }), ev("u3", 1, "buy", { plan: "2" }),
      ev("u4", 0, "view", { page: "1" }), ev("u4", 1, "buy", { plan: 2 }),
      ev("u5", 0, "view"),
      ev("u6", 0, "view", { page: "1" }), ev("u6", 1, "buy"), ev("u6", 2, "buy", { plan: "pro" }),
      ev("u7", 0, "view", { page: true }),
    ];
    const steps = [{ event: "view", where: { page: "1" } }, { event: "buy", where: { plan: ["pro", 2] }, name: "Purchase" }];
    for (const input of [rows, toColumns(rows)]) {
      const r = f(input, { steps });
      assert.deepEqual(field(r.steps, "name"), ["view", "Purchase"]);
      assert.deepEqual(field(r.steps, "event"), ["view", "buy"]);
      assert.deepEqual(counts(r.steps), [4, 3]);
      nearAll(field(r.steps, "medianTimeFromPreviousMs"), [null, MIN], "median");
      nearAll(field(r.steps, "p90TimeFromPreviousMs"), [null, 1.8 * MIN], "p90");
    }
    // page 1 (the number) matches u2 only: it reaches "Purchase" at 1 min.
    assert.deepEqual(counts(f(rows, { steps: [{ event: "view", where: { page: 1 } }, steps[1]] }).steps), [1, 1]);
    // A boolean matches a boolean.
    assert.deepEqual(counts(f(rows, { steps: [{ event: "view", where: { page: [true] } }] }).steps), [1]);
  });
});

describe("funnel: properties and columns that are absent or not named", () => {
  const rows = [ev("A", 0, "a"), ev("A", 1, "x"), ev("A", 2, "b"), ev("B", 0, "a")];

  handWorked("a property no event has: a missing value never matches, and its breakdown value is null", (f) => {
    // Steps a → b with plan "pro" on b: nobody has a plan, so count [2, 0].
    const r = f(rows, { steps: ["a", { event: "b", where: { plan: "pro" } }] });
    assert.deepEqual(counts(r.steps), [2, 0]);
    // An exclusion on x with plan "pro" never matches: A reaches b 2 (count [2, 1]), none excluded.
    const x = f(rows, { steps: ["a", "b"], exclusions: [{ event: "x", where: { plan: "pro" } }] });
    assert.deepEqual([x.excluded, ...counts(x.steps)], [0, 2, 1]);
    // Breakdown by plan: both units in the null group.
    const b = f(rows, { steps: ["a", "b"], breakdown: "plan" });
    assert.deepEqual(b.breakdown.map((g) => [g.value, ...counts(g.steps), g.excluded]), [[null, 2, 1, 0]]);
    // The same in columns.
    assert.deepEqual(f(toColumns(rows), { steps: ["a", "b"], breakdown: "plan" }), b);
  });

  handWorked("columns not named by the options are not read", (f) => {
    // Only actor, timestamp, event (and the named properties) are read: a `note` column changes nothing.
    const want = f(toColumns(rows), { steps: ["a", "b"] });
    assert.deepEqual(f({ ...toColumns(rows), note: ["n", "n", "n", "n"] }, { steps: ["a", "b"] }), want);
    assert.deepEqual(f(rows.map((r) => ({ ...r, note: "n" })), { steps: ["a", "b"] }), want);
    assert.deepEqual(counts(want.steps), [2, 1]);
  });

  handWorked("no events: rows [] and empty columns give zero units", (f) => {
    for (const input of [[], { actor: [], timestamp: [], event: [] }, { actor: new Float64Array(0), timestamp: new Float64Array(0), event: [] }]) {
      const r = f(input, { steps: ["a", "b"] });
      assert.deepEqual([r.units, r.events, r.excluded, ...counts(r.steps)], [0, 0, 0, 0, 0]);
    }
  });
});

// ------------------------------------------------------------ hostile input

describe("funnel: invalid events and options", () => {
  const ok = (t, event = "a", actor = "A") => ({ actor, timestamp: T0 + t, event });
  const alive = (f) => () => assert.equal(f([ok(0)], { steps: ["a"] }).units, 1);

  handWorked("an invalid event throws a coded error naming its index", (f) => {
    const o = { steps: ["a", "b"] };
    throwsCode(() => f([ok(0), { timestamp: T0, event: "a" }], o), "MISSING_FIELD", { index: 1 }, alive(f));
    throwsCode(() => f([ok(0), ok(1), { actor: null, timestamp: T0, event: "a" }], o), "MISSING_FIELD", { index: 2 }, alive(f));
    throwsCode(() => f([{ actor: "", timestamp: T0, event: "a" }], o), "MISSING_FIELD", { index: 0 }, alive(f));
    throwsCode(() => f([ok(0), { actor: "A", timestamp: "yesterday", event: "a" }], o), "INVALID_TIMESTAMP", { index: 1 }, alive(f));
    throwsCode(() => f([ok(0), { actor: "A", timestamp: NaN, event: "a" }], o), "INVALID_TIMESTAMP", { index: 1 }, alive(f));
    throwsCode(() => f([ok(0), { actor: "A", timestamp: new Date(NaN), event: "a" }], o), "INVALID_TIMESTAMP", { index: 1 }, alive(f));
    throwsCode(() => f([ok(0), ok(1, "")], o), "MISSING_FIELD", { index: 1 }, alive(f));
    throwsCode(() => f([ok(0), { actor: "A", timestamp: T0 }], o), "MISSING_FIELD", { index: 1 }, alive(f));
    // The same in columns: the index is the row's.
    throwsCode(() => f({ actor: ["A", "A", undefined], timestamp: [T0, T0, T0], event: ["a", "b", "a"] }, o), "MISSING_FIELD", { index: 2 }, alive(f));
    throwsCode(() => f({ actor: ["A", "A"], timestamp: [T0, "soon"], event: ["a", "b"] }, o), "INVALID_TIMESTAMP", { index: 1 }, alive(f));
  });

  handWorked('invalid: "skip" drops them, counts them, lists the first 100', (f) => {
    // Rows 1–3 are invalid; A's a 0 → b 5 remains: count [1, 1], 2 events.
    const rows = [ok(0), { timestamp: T0, event: "a" }, { actor: "A", timestamp: "nope", event: "b" }, ok(1, ""), ok(5, "b")];
    for (const input of [rows, toColumns(rows)]) {
      const r = f(input, { steps: ["a", "b"], invalid: "skip" });
      assert.equal(r.skipped, 3);
      assert.equal(r.events, 2);
      assert.deepEqual(r.invalid.map((e) => [e.index, e.code]), [[1, "MISSING_FIELD"], [2, "INVALID_TIMESTAMP"], [3, "MISSING_FIELD"]]);
      assert.deepEqual(counts(r.steps), [1, 1]);
      assert.equal(r.steps[1].medianTimeFromPreviousMs, 5);
    }
    const many = [ok(0), ...Array.from({ length: 150 }, () => ({ actor: "A", timestamp: "nope", event: "a" }))];
    const r = f(many, { steps: ["a"], invalid: "skip" });
    assert.equal(r.skipped, 150);
    assert.equal(r.invalid.length, 100);
    assert.deepEqual([r.invalid[0].index, r.invalid[99].index], [1, 100]);
  });

  handWorked("bad options throw INVALID_OPTION", (f) => {
    const rows = [ok(0), ok(1, "b")];
    const bad = [
      {},
      { steps: [] },
      { steps: Array.from({ length: 33 }, () => "a") },
      { steps: ["a", "b"], order: "sideways" },
      { steps: ["a", "b"], window: { days: 0 } },
      { steps: ["a", "b"], window: { days: -1 } },
      { steps: ["a", "b"], window: { days: 1, hours: 1 } },
      { steps: ["a", "b"], window: { fortnights: 1 } },
      { steps: ["a", "b"], window: {} },
      { steps: ["a", "b"], countBy: "user" },
      { steps: ["a", "b"], order: "unordered", exclusions: [{ event: "x" }] },
      { steps: ["a", "b", "c"], exclusions: [{ event: "x", from: 2, to: 2 }] },
      { steps: ["a", "b", "c"], exclusions: [{ event: "x", from: 3, to: 2 }] },
      { steps: ["a", "b", "c"], exclusions: [{ event: "x", from: 0, to: 2 }] },
      { steps: ["a", "b", "c"], exclusions: [{ event: "x", from: 2, to: 4 }] },
      { steps: ["a", "b", "c"], exclusions: [{ event: "x", from: 3 }] }, // to defaults to 3
      { steps: ["a", "b"], invalid: "ignore" },
    ];
    for (const o of bad) throwsCode(() => f(rows, o), "INVALID_OPTION", {}, alive(f));
    // Not errors: 32 steps; an exclusion over the default range.
    assert.equal(f(rows, { steps: Array.from({ length: 32 }, () => "a") }).steps.length, 32);
    assert.equal(f(rows, { steps: ["a", "b"], exclusions: [{ event: "x" }] }).units, 1);
    // A window longer than any two instants apart (1e308 days is Infinity
    // in ms) is no limit, not "a length above 0"; Infinity itself is refused.
    const huge = f(rows, { steps: ["a", "b"], window: { days: 1e308 } });
    assert.deepEqual(counts(huge.steps), [1, 1]);
    assert.ok(Number.isFinite(huge.windowMs) && huge.windowMs > 6e14, String(huge.windowMs));
    throwsCode(() => f(rows, { steps: ["a", "b"], window: { days: Infinity } }), "INVALID_OPTION", { message: /finite length above 0/ }, alive(f));
  });
});

// ------------------------------------------------------------ against the reference

/** Compares a result against the reference's: every field of `want`, numbers to a relative 1e-9. */
function sameAs(got, want, path = "result") {
  if (want === null || typeof want !== "object") {
    if (typeof want === "number" && typeof got === "number") {
      assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${path}: ${got} vs ${want}`);
    } else {
      assert.equal(got, want, path);
    }
    return;
  }
  assert.ok(got !== null && typeof got === "object", `${path}: ${JSON.stringify(got)} vs an object`);
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${path}: not an array`);
    assert.equal(got.length, want.length, `${path}.length`);
    want.forEach((w, i) => sameAs(got[i], w, `${path}[${i}]`));
    return;
  }
  for (const k of Object.keys(want)) {
    assert.ok(k in got, `${path}.${k} is missing`);
    sameAs(got[k], want[k], `${path}.${k}`);
  }
}

/** fc.assert, with the failing assertion's message, the seed and the (shrunk) counterexample in the error. */
function check(property, params) {
  const d = fc.check(property, params);
  if (!d.failed) return;
  const cause = d.errorInstance instanceof Error ? d.errorInstance.message : String(d.errorInstance);
  throw new Error(`${cause}\n(seed ${d.seed}, path "${d.counterexamplePath}"; FUNNEL_SEED=${d.seed} reproduces it)\ncounterexample: ${fc.stringify(d.counterexample)}`);
}

function outcome(fn) {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
}

const ACTORS = ["a", "b", "c", 7, 8, true];
const NAMES = ["a", "b", "c", "d"];
const VALUES = ["x", "1", 1, true];
const UNITS = [
  ["milliseconds", 1],
  ["seconds", 1000],
  ["minutes", MIN],
];

// Few actors, names, values and instants, so that steps match and
// timestamps tie often; some steps and exclusions filter with `where`, a
// few rows are invalid.
const arbWhere = fc.record(
  { p: fc.oneof(fc.constantFrom(...VALUES), fc.subarray(VALUES, { minLength: 1 })), q: fc.constantFrom(...VALUES) },
  { requiredKeys: [] },
);
const arbMaybeWhere = fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: arbWhere, weight: 1 });
const arbMatcher = fc.record({ event: fc.constantFrom(...NAMES), where: arbMaybeWhere }).map(({ event, where }) => (where ? { event, where } : { event }));
const arbStep = fc.oneof(
  { arbitrary: fc.constantFrom(...NAMES), weight: 2 },
  { arbitrary: fc.tuple(arbMatcher, fc.option(fc.constantFrom("first", "second"), { nil: undefined })).map(([m, name]) => (name ? { ...m, name } : m)), weight: 1 },
);
const arbHostile = fc.constantFrom(
  { actor: null },
  { actor: "" },
  { actor: undefined },
  { timestamp: NaN },
  { timestamp: "nope" },
  { event: "" },
  { event: undefined },
);

const arbCase = fc
  .record({
    unit: fc.constantFrom(...UNITS),
    rows: fc.array(
      fc.record({
        actor: fc.constantFrom(...ACTORS),
        t: fc.integer({ min: 0, max: 20 }),
        event: fc.constantFrom(...NAMES, ...NAMES, "z"),
        session: fc.constantFrom("s1", "s2", 3),
        p: fc.option(fc.constantFrom(...VALUES), { nil: undefined, freq: 3 }),
        q: fc.option(fc.constantFrom(...VALUES), { nil: undefined, freq: 3 }),
        hostile: fc.oneof({ arbitrary: fc.constant(undefined), weight: 80 }, { arbitrary: arbHostile, weight: 1 }),
      }),
      { minLength: 1, maxLength: 60, size: "max" }, // no events at all: a hand-worked case
    ),
    steps: fc.array(arbStep, { minLength: 1, maxLength: 4 }),
    order: fc.constantFrom("ordered", "strict", "unordered", undefined),
    window: fc.option(fc.integer({ min: 1, max: 15 }), { nil: undefined, freq: 8 }),
    exclusions: fc.array(fc.record({ m: arbMatcher, from: fc.option(fc.nat(), { nil: undefined }), to: fc.option(fc.nat(), { nil: undefined }) }), { maxLength: 2 }),
    countBy: fc.constantFrom("actor", "session", undefined),
    breakdown: fc.constantFrom("p", "q", undefined),
    asOf: fc.option(fc.integer({ min: 0, max: 35 }), { nil: undefined }),
    confidence: fc.constantFrom(0.8, 0.95, 0.99, undefined),
    skipInvalid: fc.boolean(),
  })
  .map((c) => {
    const [unitName, unitMs] = c.unit;
    const rows = c.rows.map((r) => {
      const row = { actor: r.actor, timestamp: T0 + r.t * unitMs, event: r.event, session: r.session };
      if (r.p !== undefined) row.p = r.p;
      if (r.q !== undefined) row.q = r.q;
      return r.hostile ? { ...row, ...r.hostile } : row;
    });
    const S = c.steps.length;
    const options = { steps: c.steps };
    if (c.order) options.order = c.order;
    if (c.window !== undefined) options.window = { [unitName]: c.window };
    if (c.countBy) options.countBy = c.countBy;
    if (c.breakdown) options.breakdown = c.breakdown;
    if (c.asOf !== undefined) options.asOf = T0 + c.asOf * unitMs;
    if (c.confidence) options.confidence = c.confidence;
    if (c.skipInvalid) options.invalid = "skip";
    if (c.order !== "unordered" && S >= 2 && c.exclusions.length > 0) {
      options.exclusions = c.exclusions.map(({ m, from, to }) => {
        const x = { ...m };
        const f = from === undefined ? 1 : 1 + (from % (S - 1));
        if (from !== undefined) x.from = f;
        if (to !== undefined) x.to = f + 1 + (to % (S - f));
        return x;
      });
    }
    return { rows, options };
  });

describe("funnel: against the reference implementation (fast-check)", { skip }, () => {
  const params = { numRuns: RUNS, seed: SEED };

  test("random logs as rows: the reference's result, or its error code and index", () => {
    check(
      fc.property(arbCase, ({ rows, options }) => {
        const want = outcome(() => funnelReference(rows, options));
        const got = outcome(() => funnel(rows, options));
        if (want.error) {
          assert.ok(got.error, `expected ${want.error.code} at ${want.error.index}, got a result`);
          assert.equal(got.error.code, want.error.code, got.error.message);
          assert.equal(got.error.index, want.error.index, `index of: ${got.error.message}`);
          return;
        }
        if (got.error) throw got.error;
        sameAs(got.result, want.result);
      }),
      params,
    );
  });

  test("the same logs as columns (an object of arrays): the same result as rows", () => {
    check(
      fc.property(arbCase, ({ rows, options }) => {
        const fromRows = outcome(() => funnel(rows, options));
        const fromColumns = outcome(() => funnel(toColumns(rows), options));
        if (fromRows.error) {
          assert.ok(fromColumns.error, `rows: ${fromRows.error.code}; columns: a result`);
          // In columns NaN means missing (typed arrays have no other way to
          // say it); in rows it is an invalid timestamp.
          const nan = Number.isNaN(rows[fromRows.error.index]?.timestamp);
          const code = fromRows.error.code === "INVALID_TIMESTAMP" && nan ? "MISSING_FIELD" : fromRows.error.code;
          assert.equal(fromColumns.error.code, code, fromColumns.error.message);
          assert.equal(fromColumns.error.index, fromRows.error.index, fromColumns.error.message);
          return;
        }
        if (fromColumns.error) throw fromColumns.error;
        // Skipped rows with a NaN timestamp: missing in columns (see above).
        const want = structuredClone(fromRows.result);
        want.invalid = want.invalid.map((e) => (e.code === "INVALID_TIMESTAMP" && Number.isNaN(rows[e.index]?.timestamp) ? { index: e.index, code: "MISSING_FIELD" } : e));
        sameAs(fromColumns.result, want, "columns");
      }),
      params,
    );
  });

  test("typed-array columns (numeric actors): the reference's result", () => {
    check(
      fc.property(
        fc.array(fc.record({ actor: fc.integer({ min: 0, max: 5 }), t: fc.integer({ min: 0, max: 30 }), event: fc.constantFrom("a", "b", "c") }), { minLength: 1, maxLength: 80, size: "max" }),
        fc.constantFrom("ordered", "strict", "unordered"),
        // Ids 0..5 as they are, negative, far apart or fractional (the
        // engine numbers a narrow range of whole ids by offset, others by
        // hashing).
        fc.constantFrom(1, -7, 1e7, 0.5),
        (raw, order, scale) => {
          const rows = raw.map((r) => ({ actor: r.actor * scale, timestamp: T0 + r.t * MIN, event: r.event }));
          const options = { steps: ["a", "b", "c"], order, window: { minutes: 10 } };
          const columns = {
            actor: Float64Array.from(rows, (r) => r.actor),
            timestamp: Float64Array.from(rows, (r) => r.timestamp),
            event: rows.map((r) => r.event),
          };
          const want = funnelReference(rows, options);
          sameAs(funnel(rows, options), want);
          sameAs(funnel(columns, options), want, "columns");
        },
      ),
      { ...params, numRuns: Math.ceil(RUNS / 2) },
    );
  });

  test("a NaN actor in a typed-array column is a missing actor, whatever the other ids", () => {
    const events = ["a", "b", "a", "b", "a"];
    const timestamp = Float64Array.from([0, 1, 2, 3, 4], (k) => T0 + k * MIN);
    const options = { steps: ["a", "b"], window: { minutes: 10 } };
    // Narrow whole ids, far-apart ids, fractional ids.
    for (const ids of [[0, 0, NaN, 1, 1], [0, 0, NaN, 1e9, 1e9], [0.5, 0.5, NaN, 1.5, 1.5]]) {
      const actor = Float64Array.from(ids);
      throwsCode(() => funnel({ actor, timestamp, event: events }, options), "MISSING_FIELD", { index: 2, field: "actor" });
      const r = funnel({ actor, timestamp, event: events }, { ...options, invalid: "skip" });
      // Actor 1 has b then a: it enters but does not convert.
      assert.deepEqual([r.units, r.steps[1].count, r.skipped, r.invalid.map((e) => [e.index, e.code])], [2, 1, 1, [[2, "MISSING_FIELD"]]], String(ids));
    }
  });
});

describe("funnel: instants out of range and rows that cannot be read", { skip }, () => {
  test("an infinite or far-off timestamp is an INVALID_TIMESTAMP naming its row, skipped under invalid: skip", () => {
    // They were counted: step 2 reached at Infinity, with no time between steps.
    for (const bad of [Infinity, -Infinity, 1e300, 8.64e15]) {
      const rows = [
        { actor: "a", timestamp: 0, event: "A" },
        { actor: "a", timestamp: bad, event: "B" },
      ];
      throwsCode(() => funnel(rows, { steps: ["A", "B"] }), "INVALID_TIMESTAMP", { index: 1, field: "timestamp" });
      const r = funnel(rows, { steps: ["A", "B"], invalid: "skip" });
      assert.deepEqual([r.steps[0].count, r.steps[1].count, r.skipped], [1, 0, 1], String(bad));
      throwsCode(() => funnel({ actor: ["a", "a"], timestamp: new Float64Array([0, bad]), event: ["A", "B"] }, { steps: ["A", "B"] }), "INVALID_TIMESTAMP", { index: 1 });
    }
    // With a period breakdown it was an option error that skipping could not help.
    const r = funnel(
      [
        { actor: "a", timestamp: 0, event: "A" },
        { actor: "b", timestamp: 1e300, event: "A" },
      ],
      { steps: ["A"], breakdown: { every: "week" }, invalid: "skip" },
    );
    assert.deepEqual([r.units, r.skipped], [1, 1]);
  });

  test("a string of a few digits is not epoch milliseconds: a date 20260306 was read as 1970", () => {
    const rows = [
      { actor: "a", timestamp: "20260306", event: "A" },
      { actor: "a", timestamp: "2026-03-07T00:00:00Z", event: "B" },
    ];
    throwsCode(() => funnel(rows, { steps: ["A", "B"], window: { days: 30 } }), "INVALID_TIMESTAMP", { index: 0, field: "timestamp", message: /"20260306"/ });
    // Epoch milliseconds as text (a BIGINT from a driver) still are.
    const ms = String(Date.UTC(2026, 2, 6));
    assert.equal(funnel([{ ...rows[0], timestamp: ms }, rows[1]], { steps: ["A", "B"], window: { days: 30 } }).steps[1].count, 1);
  });

  test("a row whose keys cannot be listed is an INVALID_TYPE at its index, not a missing column", () => {
    const trap = new Proxy({ actor: "a", timestamp: 0, event: "A" }, { ownKeys() { throw new Error("trap"); } });
    throwsCode(() => funnel([trap], { steps: ["A"] }), "INVALID_TYPE", { index: 0, message: /keys cannot be read.*trap/ });
    const r = funnel([{ actor: "b", timestamp: 0, event: "A" }, trap], { steps: ["A"], invalid: "skip" });
    assert.deepEqual([r.units, r.skipped, r.invalid[0].index, r.invalid[0].code], [1, 1, 1, "INVALID_TYPE"]);
  });
});

describe("funnel: errors of a breakdown name its place", () => {
  test("a bad time zone or fiscal year start in a list of breakdowns is breakdown[k].… (it was breakdown.timeZone, or fiscalYearStart alone)", () => {
    const ev = { actor: ["u"], timestamp: [0], event: ["a"], plan: ["x"] };
    throwsCode(() => tickets.funnel(ev, { steps: ["a"], breakdown: ["plan", { every: "week", timeZone: "Mars/Base" }] }), "UNKNOWN_TIME_ZONE", { field: "breakdown[1].timeZone" });
    throwsCode(() => tickets.funnel(ev, { steps: ["a"], breakdown: ["plan", { every: "fiscal-year", fiscalYearStart: 13 }] }), "INVALID_OPTION", { field: "breakdown[1].fiscalYearStart" });
    throwsCode(() => tickets.funnel(ev, { steps: ["a"], breakdown: { every: "fiscal-year", fiscalYearStart: 13 } }), "INVALID_OPTION", { field: "breakdown.fiscalYearStart" });
    throwsCode(() => tickets.funnel(ev, { steps: ["a"], breakdown: { every: "week", timeZone: "Mars/Base" } }), "UNKNOWN_TIME_ZONE", { field: "breakdown.timeZone" });
  });
});
