// bounceRate (GA4 and single-page) and cartAbandonment from an event log:
// hand-worked sessions and logs, an independent classification of random
// sessions, and hostile values.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { bounceRate, cartAbandonment } from "../../pkg/tickets.js";
import { conversionRate, cartAbandonment as cartFromCounts } from "../../pkg/index.js";
import { throwsCode } from "../support/errors.mjs";

describe("bounceRate", () => {
  const sessions = [
    { durationMs: 12_000, pageViews: 1, keyEvents: 0 }, // engaged: ≥ 10 s
    { durationMs: 10_000, pageViews: 1 }, // engaged: exactly 10 s
    { durationMs: 9_999, pageViews: 2 }, // engaged: 2 page views
    { durationMs: 3_000, pageViews: 1, keyEvents: 1 }, // engaged: a key event
    { durationMs: 3_000, pageViews: 1, keyEvents: 0 }, // bounce
    { pageViews: 1 }, // bounce: missing fields meet no threshold
  ];

  test("GA4: 1 − engaged ÷ sessions, by hand", () => {
    const r = bounceRate(sessions);
    assert.deepEqual([r.bounces, r.sessions, r.engagedSessions, r.definition], [2, 6, 4, "ga4"]);
    assert.ok(Math.abs(r.rate - 100 / 3) < 1e-12);
    assert.ok(Math.abs(r.engagementRate - 200 / 3) < 1e-12);
    // The interval is conversionRate's for 2 of 6.
    assert.deepEqual(r.confidenceInterval, conversionRate({ conversions: 2, visitors: 6 }).confidenceInterval);
    // Thresholds: 30 s engagement makes the 12 s and 10 s sessions bounce too.
    assert.equal(bounceRate(sessions, { minEngagementMs: 30_000 }).bounces, 4);
    assert.equal(bounceRate(sessions, { minPageViews: 3, minKeyEvents: 2 }).bounces, 4);
    // Columns give the same.
    const cols = { durationMs: sessions.map((s) => s.durationMs ?? null), pageViews: new Uint8Array(sessions.map((s) => s.pageViews)), keyEvents: sessions.map((s) => s.keyEvents) };
    assert.deepEqual(bounceRate(cols), r);
  });

  test("single-page: sessions with fewer than 2 page views", () => {
    const r = bounceRate(sessions, { definition: "single-page" });
    assert.deepEqual([r.bounces, r.sessions, r.definition], [5, 6, "single-page"]);
    throwsCode(() => bounceRate([{ durationMs: 1 }], { definition: "single-page" }), "MISSING_FIELD", { index: 0, field: "pageViews" });
  });

  test("counts", () => {
    const r = bounceRate({ sessions: 1200, engagedSessions: 780 });
    assert.deepEqual([r.bounces, r.rate, r.engagementRate], [420, 35, 65]);
    assert.equal(bounceRate({ sessions: 10, bounces: 4 }).rate, 40);
    assert.equal(bounceRate({ sessions: 0, bounces: 0 }).rate, null);
    throwsCode(() => bounceRate({ sessions: 10, engagedSessions: 11 }), "INVALID_VALUE");
    throwsCode(() => bounceRate({ sessions: 10, engagedSessions: 1.5 }), "INVALID_COUNT");
    throwsCode(() => bounceRate({ sessions: 10 }), "MISSING_FIELD");
    throwsCode(() => bounceRate({ sessions: 10, bounces: 1, engagedSessions: 9 }), "INVALID_VALUE");
  });

  test("bad sessions: an error naming the row, or skipped", () => {
    throwsCode(() => bounceRate([{ pageViews: 1 }, { durationMs: -5 }]), "INVALID_VALUE", { index: 1, field: "durationMs" });
    throwsCode(() => bounceRate([{ pageViews: "two" }]), "NOT_A_NUMBER", { index: 0 });
    throwsCode(() => bounceRate([{}]), "MISSING_FIELD", { index: 0 });
    const r = bounceRate([{ pageViews: 1 }, { durationMs: -5 }, { keyEvents: Infinity }], { invalid: "skip" });
    assert.deepEqual([r.sessions, r.skipped, r.invalid.map((e) => e.index)], [1, 2, [1, 2]]);
    throwsCode(() => bounceRate([], { minEngagementMs: -1 }), "INVALID_OPTION", { field: "minEngagementMs" });
    throwsCode(() => bounceRate([], { definition: "ua" }), "INVALID_OPTION");
  });

  test("agrees with an independent classification of random sessions", () => {
    const field = fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: undefined });
    const session = fc.record({ durationMs: field, pageViews: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), keyEvents: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(session, { maxLength: 40 }), fc.integer({ min: 0, max: 20_000 }), (rows, minMs) => {
        const valid = rows.filter((s) => s.durationMs !== undefined || s.pageViews !== undefined || s.keyEvents !== undefined);
        const bounced = valid.filter((s) => !((s.durationMs ?? -1) >= minMs || (s.pageViews ?? -1) >= 2 || (s.keyEvents ?? -1) >= 1)).length;
        const r = bounceRate(rows, { minEngagementMs: minMs, invalid: "skip" });
        assert.deepEqual([r.sessions, r.bounces, r.skipped], [valid.length, bounced, rows.length - valid.length]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("cartAbandonment from events", () => {

  test("an empty step name is refused under the option that gave it (cart, checkout, order), not steps[0]", () => {
    const rows = [{ actor: "a", timestamp: 0, event: "add_to_cart" }];
    throwsCode(() => cartAbandonment(rows, { cart: "" }), "INVALID_OPTION", { field: "cart" });
    throwsCode(() => cartAbandonment(rows, { order: " " }), "INVALID_OPTION", { field: "order" });
    throwsCode(() => cartAbandonment(rows, { checkout: "", basis: "checkout" }), "INVALID_OPTION", { field: "checkout" });
  });
  const DAY = 86_400_000;
  const events = [
    { actor: "a", timestamp: 0, event: "add_to_cart" },
    { actor: "a", timestamp: 1000, event: "purchase" }, // a: cart then order
    { actor: "b", timestamp: 0, event: "purchase" },
    { actor: "b", timestamp: 1000, event: "add_to_cart" }, // b: order before the cart: abandoned
    { actor: "c", timestamp: 0, event: "add_to_cart" },
    { actor: "c", timestamp: 15 * DAY, event: "purchase" }, // c: order after the 14-day window: abandoned
    { actor: "d", timestamp: 0, event: "begin_checkout" },
    { actor: "d", timestamp: 5, event: "purchase" }, // d: no cart event (checkout only)
    { actor: "e", timestamp: 0, event: "add_to_cart" },
    { actor: "e", timestamp: 1, event: "begin_checkout" }, // e: checkout, no order
  ];

  test("carts basis: units with a cart, and those that ordered after it", () => {
    const r = cartAbandonment(events);
    // Carts: a, b, c, e = 4; orders after a cart within 14 days: a = 1.
    assert.deepEqual([r.total, r.ordersCompleted, r.abandoned, r.rate, r.basis, r.events], [4, 1, 3, 75, "cart", 10]);
    assert.deepEqual(r.confidenceInterval, cartFromCounts({ cartsCreated: 4, ordersCompleted: 1 }).confidenceInterval);
    // A 30-day window takes c's order in.
    assert.equal(cartAbandonment(events, { window: { days: 30 } }).ordersCompleted, 2);
  });

  test("checkout basis, and own event names", () => {
    const r = cartAbandonment(events, { basis: "checkout" });
    // Checkouts: d, e = 2; orders after: d.
    assert.deepEqual([r.total, r.ordersCompleted, r.rate], [2, 1, 50]);
    const renamed = events.map((e) => ({ ...e, event: { add_to_cart: "cart", purchase: "order", begin_checkout: "checkout" }[e.event] }));
    assert.equal(cartAbandonment(renamed, { cart: "cart", order: "order" }).rate, 75);
  });

  test("counts still work, and bad events are rows", () => {
    assert.equal(cartAbandonment({ cartsCreated: 1000, checkoutsStarted: 400, ordersCompleted: 300 }).rate, 70);
    throwsCode(() => cartAbandonment([{ actor: "a", timestamp: "yesterday", event: "add_to_cart" }]), "INVALID_TIMESTAMP", { index: 0 });
    assert.equal(cartAbandonment([{ actor: null, timestamp: 0, event: "add_to_cart" }, ...events], { invalid: "skip" }).skipped, 1);
  });
});

describe("funnel cohorts by the period of entry", () => {
  const DAY = 86_400_000;
  const at = (s) => Date.parse(s);
  // Week 2026-W10 (2–8 March): a converts, b does not. Week 2026-W11: c
  // converts; d enters on Sunday 15 March 23:30 in Lisbon (UTC), which is
  // Monday 16 March in Bucharest (W12 there).
  const events = [
    { actor: "a", timestamp: at("2026-03-02T10:00:00Z"), event: "view" },
    { actor: "a", timestamp: at("2026-03-03T10:00:00Z"), event: "buy" },
    { actor: "b", timestamp: at("2026-03-08T10:00:00Z"), event: "view" },
    { actor: "c", timestamp: at("2026-03-10T10:00:00Z"), event: "view" },
    { actor: "c", timestamp: at("2026-03-10T11:00:00Z"), event: "buy" },
    { actor: "d", timestamp: at("2026-03-15T23:30:00Z"), event: "view" },
  ];

  test("weekly cohorts in time order, in the zone asked", async () => {
    const { funnel } = await import("../../pkg/tickets.js");
    const f = funnel(events, { steps: ["view", "buy"], breakdown: { every: "week" } });
    assert.deepEqual(f.breakdown.map((g) => [g.value, g.steps[0].count, g.steps[1].count]), [
      ["2026-W10", 2, 1],
      ["2026-W11", 2, 1],
    ]);
    const ro = funnel(events, { steps: ["view", "buy"], breakdown: { every: "week", timeZone: "Europe/Bucharest" } });
    assert.deepEqual(ro.breakdown.map((g) => [g.value, g.units]), [
      ["2026-W10", 2],
      ["2026-W11", 1],
      ["2026-W12", 1],
    ]);
    assert.throws(() => funnel(events, { steps: ["view"], breakdown: { every: "fortnight" } }), (e) => e.code === "INVALID_OPTION");
    // A property and a period together: each plan in each week, weeks by
    // time and plans by first appearance.
    const withPlan = events.map((e) => ({ ...e, plan: e.actor === "b" || e.actor === "d" ? "free" : "pro" }));
    const both = funnel(withPlan, { steps: ["view", "buy"], breakdown: [{ every: "week" }, "plan"] });
    assert.deepEqual(both.breakdown.map((g) => [g.value, g.units, g.steps[1].count]), [
      [["2026-W10", "pro"], 1, 1],
      [["2026-W10", "free"], 1, 0],
      [["2026-W11", "pro"], 1, 1],
      [["2026-W11", "free"], 1, 0],
    ]);
    assert.throws(() => funnel(events, { steps: ["view"], breakdown: [] }), (e) => e.code === "INVALID_OPTION");
    assert.throws(() => funnel(events, { steps: ["view"], breakdown: { every: "week", timeZone: "Mars/Base" } }), (e) => e.code === "UNKNOWN_TIME_ZONE");
    void DAY;
  });
});
