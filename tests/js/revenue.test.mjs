// revenueMetrics: hand-worked examples (ChartMogul's churn example, MRR
// movements), a cross-check of every period against an independent
// implementation of the dbt-labs mrr-playbook logic on generated
// subscriptions, laws on hostile input (fast-check), and coded errors.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { cohortRetention, revenueMetrics } from "../../pkg/tickets.js";
import { throwsCode } from "../support/errors.mjs";
import { rng } from "../support/rng.mjs";

const DAY = 86_400_000;
const iso = (s) => Date.parse(s);
const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe("hand-worked", () => {
  test("ChartMogul's example: 100 at the start, 12 churned (1 back, 1 new in the month): Standard 10 %, simple 12 %", () => {
    const rows = [];
    for (let i = 0; i < 100; i++) rows.push({ customerId: `c${i}`, start: "2026-01-01T00:00:00Z", end: i < 11 ? "2026-03-10T00:00:00Z" : null, amount: 50, interval: "month" });
    rows.push({ customerId: "c0", start: "2026-03-20T00:00:00Z", amount: 50, interval: "month" });
    rows.push({ customerId: "late", start: "2026-03-05T00:00:00Z", end: "2026-03-25T00:00:00Z", amount: 50, interval: "month" });
    const o = { from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z" };
    const march = revenueMetrics(rows, o).periods[0];
    assert.equal(march.customerChurnRate.rate, 10);
    assert.deepEqual(march.customers, { start: 100, new: 0, churned: 10, reactivated: 0, end: 90 });
    assert.equal(revenueMetrics(rows, { ...o, customerChurn: "simple" }).periods[0].customerChurnRate.rate, 12);
  });

  test("movements: a second subscription is expansion, cancelling one of two is contraction, annual ÷ 12, back after a churn is reactivation", () => {
    const rows = [
      { customerId: "A", start: "2026-01-01T00:00:00Z", amount: 100, interval: "month" },
      { customerId: "A", start: "2026-02-15T00:00:00Z", amount: 50, interval: "month" },
      { customerId: "B", start: "2026-01-01T00:00:00Z", end: "2026-03-01T00:00:00Z", amount: 1200, interval: "year" },
      { customerId: "C", start: "2026-01-01T00:00:00Z", amount: 30, interval: "month" },
      { customerId: "C", start: "2026-01-01T00:00:00Z", end: "2026-02-10T00:00:00Z", amount: 20, interval: "month" },
      { customerId: "D", start: "2026-01-01T00:00:00Z", end: "2026-01-20T00:00:00Z", amount: 10, interval: "month" },
      { customerId: "D", start: "2026-03-05T00:00:00Z", amount: 5, interval: "month", quantity: 3 },
      { customerId: 7, start: "2026-02-01T00:00:00Z", amount: 2400, interval: "2 years" },
    ];
    const r = revenueMetrics(rows, { from: "2026-01-01T00:00:00Z", to: "2026-03-31T00:00:00Z", asOf: "2026-03-20T00:00:00Z" });
    const pick = (p) => [p.startingMrr, p.new, p.expansion, p.contraction, p.churned, p.reactivation, p.endingMrr];
    assert.deepEqual(r.periods.map(pick), [
      [0, 250, 0, 0, 0, 0, 250],
      [250, 100, 50, 20, 0, 0, 380],
      [380, 0, 0, 0, 100, 15, 295],
    ]);
    assert.deepEqual(r.periods.map((p) => p.complete), [true, true, false]);
    assert.equal(r.periods[1].nrr, 112);
    assert.equal(r.periods[1].netMrrChurnRate, -12);
    assert.deepEqual(
      r.movements.filter((m) => m.period === "2026-02"),
      [
        { customerId: "A", period: "2026-02", kind: "expansion", amount: 50 },
        { customerId: "C", period: "2026-02", kind: "contraction", amount: -20 },
        { customerId: 7, period: "2026-02", kind: "new", amount: 100 },
      ],
    );
  });

  test("columns give the same result as rows", () => {
    const rows = makeSubscriptions(300, 3);
    const cols = Object.fromEntries(Object.keys(rows[0]).map((k) => [k, rows.map((r) => r[k])]));
    const o = { from: "2025-01-01T00:00:00Z", to: "2026-12-01T00:00:00Z" };
    assert.deepEqual(revenueMetrics(cols, o), revenueMetrics(rows, o));
    // Numeric customer ids, as a typed array, are ids like any other.
    const numeric = { ...cols, customerId: Float64Array.from(rows, (r) => Number(r.customerId.slice(4))) };
    const a = revenueMetrics(numeric, o);
    const b = revenueMetrics(rows, o);
    assert.deepEqual(a.periods, b.periods);
    assert.equal(a.movements[0].customerId, Number(b.movements[0].customerId.slice(4)));
  });
});

/** Generated subscriptions: customers with 1–3 subscriptions over two years, some $0, some ended, mixed intervals. */
function makeSubscriptions(n, seed) {
  const r = rng(seed);
  const intervals = ["month", "month", "month", "year", "quarter", "week", "2 years"];
  const out = [];
  for (let c = 0; c < n; c++) {
    const subs = 1 + Math.floor(r() * 3);
    for (let k = 0; k < subs; k++) {
      const start = iso("2025-01-01T00:00:00Z") + Math.floor(r() * 700) * DAY + Math.floor(r() * DAY);
      const ended = r() < 0.4;
      out.push({
        customerId: `cus_${c}`,
        start,
        end: ended ? start + Math.floor(r() * 400 * DAY) : null,
        amount: r() < 0.1 ? 0 : Math.round(r() * 500),
        interval: intervals[Math.floor(r() * intervals.length)],
        quantity: r() < 0.2 ? 1 + Math.floor(r() * 5) : null,
      });
    }
  }
  return out;
}

/**
 * The dbt-labs mrr-playbook logic, written independently: each customer's
 * MRR on a date spine of period ends (a subscription counts at a period's
 * end when start < end ≤ its own end), the previous period's by a lag, and
 * the change classified.
 */
function playbook(subs, periods, zeroPrice = "active") {
  const months = { month: 1, quarter: 3, year: 12, week: 12 / 52, "2 years": 24 };
  const byCustomer = new Map();
  for (const s of subs) {
    if (!byCustomer.has(s.customerId)) byCustomer.set(s.customerId, []);
    byCustomer.get(s.customerId).push(s);
  }
  const at = (list, t) => {
    let mrr = 0;
    let active = false;
    for (const s of list) {
      const stop = s.end ?? Infinity;
      if (s.start < t && stop >= t) {
        const m = (s.amount * (s.quantity ?? 1)) / months[s.interval];
        mrr += m;
        active ||= zeroPrice === "active" || m > 0;
      }
    }
    return { mrr, active };
  };
  return periods.map((p) => {
    const o = { startingMrr: 0, new: 0, expansion: 0, contraction: 0, churned: 0, reactivation: 0, endingMrr: 0, customers: { start: 0, new: 0, churned: 0, reactivated: 0, end: 0 } };
    for (const list of byCustomer.values()) {
      const before = at(list, p.periodStart);
      const after = at(list, p.periodEnd);
      const first = Math.min(...list.filter((s) => zeroPrice === "active" || s.amount * (s.quantity ?? 1) > 0).filter((s) => (s.end ?? Infinity) > s.start).map((s) => s.start));
      o.startingMrr += before.mrr;
      o.endingMrr += after.mrr;
      o.customers.start += before.active;
      o.customers.end += after.active;
      if (!before.active && after.active) {
        if (first < p.periodStart) (o.reactivation += after.mrr), o.customers.reactivated++;
        else (o.new += after.mrr), o.customers.new++;
      } else if (before.active && !after.active) (o.churned += before.mrr), o.customers.churned++;
      else if (before.active && after.active) {
        if (after.mrr > before.mrr) o.expansion += after.mrr - before.mrr;
        else o.contraction += before.mrr - after.mrr;
      }
    }
    return o;
  });
}

describe("cross-check with the mrr-playbook logic", () => {
  for (const [zone, zeroPrice] of [
    ["UTC", "active"],
    ["America/New_York", "churned"],
  ]) {
    test(`3 000 customers over 24 months in ${zone}, zeroPrice ${zeroPrice}: every period's movements and customers agree`, () => {
      const subs = makeSubscriptions(3000, zone.length);
      const r = revenueMetrics(subs, { from: "2025-01-01T12:00:00Z", to: "2026-12-15T00:00:00Z", timeZone: zone, zeroPrice, movements: false });
      assert.equal(r.periods.length, 24);
      const want = playbook(subs, r.periods, zeroPrice);
      r.periods.forEach((p, k) => {
        for (const f of ["startingMrr", "new", "expansion", "contraction", "churned", "reactivation", "endingMrr"]) close(p[f], want[k][f], `${p.period} ${f}`);
        assert.deepEqual(p.customers, want[k].customers, p.period);
      });
    });
  }
});

describe("laws", () => {
  test("MRR and customers add up, and each period starts where the last ended (fast-check)", () => {
    const row = fc.record({
      customerId: fc.constantFrom("a", "b", "c", 1, 2),
      start: fc.integer({ min: 0, max: 400 }).map((d) => iso("2026-01-01T00:00:00Z") + d * DAY),
      len: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
      amount: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
      interval: fc.constantFrom("month", "year", "week", "quarter", "6 months"),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.constantFrom("active", "churned"), fc.constantFrom("standard", "simple", "stripe"), (rows, zeroPrice, customerChurn) => {
        const subs = rows.map(({ len, ...r }) => ({ ...r, end: len === null ? null : r.start + len * DAY }));
        const res = revenueMetrics(subs, { from: "2026-01-01T00:00:00Z", to: "2027-06-01T00:00:00Z", zeroPrice, customerChurn });
        let prev = null;
        for (const p of res.periods) {
          close(p.endingMrr, p.startingMrr + p.new + p.expansion - p.contraction - p.churned + p.reactivation, "MRR identity");
          const c = p.customers;
          assert.equal(c.end, c.start + c.new + c.reactivated - c.churned);
          if (prev) {
            close(p.startingMrr, prev.endingMrr, "continuity");
            assert.equal(c.start, prev.customers.end);
          }
          const rate = p.customerChurnRate.rate;
          // Simple churn counts joiners who left too: it may pass 100 %, without an interval.
          assert.ok(rate === null || (rate >= 0 && (rate <= 100 || (customerChurn === "simple" && p.customerChurnRate.confidenceInterval === null))));
          prev = p;
        }
      }),
      { numRuns: 300 },
    );
  });

  test("hostile rows give a coded error or a result, never a crash", () => {
    const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.double(), fc.boolean(), fc.constant({}), fc.constant([]), fc.bigInt());
    fc.assert(
      fc.property(fc.array(fc.record({ customerId: junk, start: junk, end: junk, amount: junk, interval: junk, quantity: junk, currency: junk, status: junk }), { maxLength: 8 }), fc.constantFrom("error", "skip"), (rows, invalid) => {
        try {
          const r = revenueMetrics(rows, { invalid, from: 0, to: 1e10 });
          assert.ok(Array.isArray(r.periods));
        } catch (e) {
          assert.ok(typeof e.code === "string" && e.code.length > 0, `${e.name}: ${e.message}`);
        }
      }),
      { numRuns: 300 },
    );
    // Still working.
    assert.equal(revenueMetrics([{ customerId: 1, start: 0, amount: 10, interval: "month" }], { to: 1 }).periods[0].endingMrr, 10);
  });
});

describe("errors", () => {
  const ok = { customerId: "a", start: "2026-01-01T00:00:00Z", amount: 10, interval: "month" };
  test("bad rows are named by index and column", () => {
    throwsCode(() => revenueMetrics([ok, { ...ok, amount: -1 }]), "INVALID_VALUE", { index: 1, field: "amount" });
    throwsCode(() => revenueMetrics([ok, { ...ok, end: "2025-01-01T00:00:00Z" }]), "INVALID_VALUE", { index: 1, field: "end" });
    throwsCode(() => revenueMetrics([{ ...ok, interval: "fortnight" }]), "INVALID_VALUE", { index: 0, field: "interval" });
    throwsCode(() => revenueMetrics([{ ...ok, customerId: "" }]), "MISSING_FIELD", { index: 0, field: "customerId" });
    throwsCode(() => revenueMetrics([{ ...ok, subscriptionId: "s" }, { ...ok, subscriptionId: "s", amount: 11 }]), "INVALID_VALUE", { index: 1, field: "subscriptionId" });
    throwsCode(() => revenueMetrics([{ ...ok, currency: "EUR" }, ok, { ...ok, currency: "USD" }]), "MIXED_CURRENCY", { index: 2, message: /index 0 \(EUR\) and 2 \(USD\)/ });
    throwsCode(() => revenueMetrics([ok], { every: "day" }), "INVALID_OPTION", { field: "every" });
    throwsCode(() => revenueMetrics([ok], { fx: { EUR: 1 } }), "INVALID_OPTION", { field: "fx" });
    throwsCode(() => revenueMetrics([ok], { customerChurn: "profitwell" }), "INVALID_OPTION");
    const r = revenueMetrics([ok, { ...ok, amount: -1 }, { ...ok, currency: "EUR" }], { invalid: "skip", to: "2026-01-02T00:00:00Z" });
    assert.deepEqual([r.skipped, r.invalid[0].index, r.invalid[0].code, r.currency], [1, 1, "INVALID_VALUE", "EUR"]);
  });

  test("intervals as objects of one unit: { months: 3 } is \"3 months\", in rows and columns", () => {
    const to = { to: "2026-01-02T00:00:00Z" };
    const mrr = (interval) => revenueMetrics([{ ...ok, amount: 120, interval }], to).periods[0].endingMrr;
    close(mrr({ months: 3 }), 40, "quarterly");
    close(mrr({ years: 2 }), 5, "two years");
    close(mrr({ weeks: 2 }), 120 * 52 / 24, "fortnightly");
    close(mrr({ quarters: 1 }), mrr("quarter"), "a quarter");
    // Columns mixing the two forms, as a billing export does.
    const cols = { customerId: ["a", "b", "c"], start: [0, 0, 0], amount: [12, 12, 12], interval: ["year", { months: 12 }, "12 months"] };
    close(revenueMetrics(cols, { to: 1 }).periods[0].endingMrr, 3, "columns");
    // An object is an interval only with one unit and a positive count;
    // other columns never read objects as text.
    throwsCode(() => revenueMetrics([{ ...ok, interval: { months: 0 } }]), "INVALID_VALUE", { index: 0, field: "interval", message: /0 months/ });
    throwsCode(() => revenueMetrics([{ ...ok, interval: { fortnights: 1 } }]), "INVALID_VALUE", { index: 0, field: "interval" });
    throwsCode(() => revenueMetrics([ok, { ...ok, interval: { months: 1, years: 1 } }]), "INVALID_TYPE", { index: 1, field: "interval", message: /months: 3/ });
    throwsCode(() => revenueMetrics([{ ...ok, interval: { months: "3" } }]), "INVALID_TYPE", { index: 0, field: "interval" });
    throwsCode(() => revenueMetrics([{ ...ok, status: { months: 1 } }]), "INVALID_TYPE", { index: 0, field: "status" });
  });

  test("MRR is exactly 0 when only customers on $0 plans are left, never a rounding residue or below 0", () => {
    const o = { from: "2025-01-01T00:00:00Z", to: "2025-05-15T00:00:00Z", asOf: "2030-01-01T00:00:00Z" };
    for (const b of ["year", "month"]) {
      const r = revenueMetrics(
        [
          { customerId: "A", start: "2025-01-05T00:00:00Z", end: "2025-03-05T00:00:00Z", amount: 0.1, interval: "week" },
          { customerId: "B", start: "2025-02-05T00:00:00Z", end: "2025-04-05T00:00:00Z", amount: 0.1, interval: b },
          { customerId: "C", start: "2025-01-05T00:00:00Z", amount: 0, interval: "month" },
        ],
        o,
      );
      const may = r.periods[4];
      assert.deepEqual([may.startingMrr, may.endingMrr, may.arpa, may.nrr, may.grr], [0, 0, 0, null, null], b);
    }
  });

  test("an MRR no sum can hold is an error, not null in a number field", () => {
    throwsCode(() => revenueMetrics([{ ...ok, amount: 1e308 }, { ...ok, customerId: "b", amount: 1e308 }]), "INVALID_VALUE", { index: 0, field: "amount", message: /1e250/ });
    throwsCode(() => revenueMetrics([{ ...ok, amount: 1e308, quantity: 10 }]), "INVALID_VALUE", { index: 0, field: "amount" });
    assert.equal(revenueMetrics([{ ...ok, amount: 1e200 }]).periods[0].endingMrr > 0, true);
  });

  test("fx converts into the results' currency", () => {
    const r = revenueMetrics([{ ...ok, currency: "eur" }, { ...ok, customerId: "b", currency: "USD" }], { currency: "USD", fx: { EUR: 1.1 }, to: "2026-01-02T00:00:00Z" });
    assert.equal(r.currency, "USD");
    close(r.periods[0].endingMrr, 21, "converted");
  });
});

describe("cohortRetention", () => {
  test("against an independent count: cohort by first activation, active and MRR at each later period's end", () => {
    const subs = makeSubscriptions(1500, 41);
    const months = { month: 1, quarter: 3, year: 12, week: 12 / 52, "2 years": 24 };
    const o = { from: "2025-01-01T00:00:00Z", to: "2026-12-15T00:00:00Z" };
    const t = cohortRetention(subs, o);
    const m = cohortRetention(subs, { ...o, basis: "mrr" });
    assert.equal(t.cohorts.length, 24);
    const ends = t.cohorts.map((c) => c.periods[0]).map((_, q) => t.cohorts[q].cohortStart);
    const bounds = [...ends, Date.UTC(2027, 0, 1)];
    const byCustomer = new Map();
    for (const x of subs) {
      if (!byCustomer.has(x.customerId)) byCustomer.set(x.customerId, []);
      byCustomer.get(x.customerId).push(x);
    }
    const want = bounds.slice(0, -1).map(() => ({ size: 0, active: new Array(25).fill(0), mrr: new Array(25).fill(0) }));
    for (const list of byCustomer.values()) {
      const starts = list.filter((x) => (x.end ?? Infinity) > x.start).map((x) => x.start);
      if (!starts.length) continue;
      const first = Math.min(...starts);
      const q = bounds.findIndex((b, k) => k < 24 && first >= b && first < bounds[k + 1]);
      if (q < 0) continue;
      want[q].size++;
      for (let k = q + 1; k <= 24; k++) {
        const on = list.filter((x) => x.start < bounds[k] && (x.end ?? Infinity) >= bounds[k]);
        if (on.length) want[q].active[k]++;
        want[q].mrr[k] += on.reduce((a, x) => a + (x.amount * (x.quantity ?? 1)) / months[x.interval], 0);
      }
    }
    t.cohorts.forEach((c, q) => {
      assert.equal(c.customers, want[q].size, c.cohort);
      c.periods.forEach((cell, age) => {
        const k = q + age + 1;
        assert.equal(cell.customers, want[q].active[k], `${c.cohort} +${age}`);
        close(cell.mrr, want[q].mrr[k], `${c.cohort} +${age} mrr`);
        if (want[q].size) close(cell.retention, (100 * want[q].active[k]) / want[q].size, "customer retention");
        const base = want[q].mrr[q + 1];
        const mr = m.cohorts[q].periods[age].retention;
        if (base > 0) close(mr, (100 * want[q].mrr[k]) / base, "MRR retention");
        else assert.equal(mr, null);
      });
    });
  });

  test("options: basis is checked, the rest are revenueMetrics's", () => {
    const ok = [{ customerId: "a", start: "2026-01-01T00:00:00Z", amount: 10, interval: "month" }];
    throwsCode(() => cohortRetention(ok, { basis: "revenue" }), "INVALID_OPTION", { field: "basis" });
    throwsCode(() => cohortRetention(ok, { evry: "month" }), "INVALID_OPTION");
    assert.equal(cohortRetention(ok, { to: "2026-01-02T00:00:00Z" }).cohorts[0].periods[0].retention, 100);
  });
});

describe("MRR sums keep small customers whole", () => {
  test("after large customers churn, the one left has its own MRR (1/12), in revenueMetrics and cohortRetention", () => {
    // big1: 123456789.7 a week, big2: 987654321.3 a day, both gone by
    // April; small: 1 a year, so 1/12 a month, from January on.
    const subs = [
      { customerId: "big1", start: "2026-01-05T00:00:00Z", end: "2026-03-05T00:00:00Z", amount: 123456789.7, interval: "7 days" },
      { customerId: "big2", start: "2026-02-05T00:00:00Z", end: "2026-04-05T00:00:00Z", amount: 987654321.3, interval: "day" },
      { customerId: "small", start: "2026-01-05T00:00:00Z", amount: 1, interval: "year" },
    ];
    const o = { from: "2026-01-01T00:00:00Z", to: "2026-06-01T00:00:00Z", asOf: "2026-07-01T00:00:00Z" };
    const r = revenueMetrics(subs, o);
    for (const p of r.periods.slice(3)) {
      assert.equal(p.customers.end, 1, p.period);
      assert.equal(p.endingMrr, 1 / 12, p.period); // a running sum gave 0.0833320617…
      assert.equal(p.arpa, 1 / 12, p.period);
    }
    const c = cohortRetention(subs, { ...o, basis: "mrr" });
    assert.equal(c.cohorts[0].periods.find((x) => x.period === "2026-05").mrr, 1 / 12);
  });

  test("when every customer of the start churns, NRR and GRR are 0 and gross MRR churn 100 %, not a rounding beyond", () => {
    // c0 (10 a year) alone at the start of September, gone on the 6th; c1
    // (13 a year) left in August.
    const subs = [
      { customerId: "c0", start: "2026-01-06T00:00:00Z", end: "2026-09-06T00:00:00Z", amount: 10, interval: "year" },
      { customerId: "c1", start: "2026-04-06T00:00:00Z", end: "2026-08-06T00:00:00Z", amount: 13, interval: "year" },
    ];
    const r = revenueMetrics(subs, { from: "2026-01-01T00:00:00Z", to: "2026-10-01T00:00:00Z", asOf: "2026-12-01T00:00:00Z" });
    const p = r.periods.find((x) => x.period === "2026-09");
    assert.deepEqual([p.startingMrr, p.churned, p.endingMrr, p.nrr, p.grr, p.grossMrrChurnRate], [10 / 12, 10 / 12, 0, 0, 0, 100]);
  });
});
