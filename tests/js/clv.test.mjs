// bgNbdFit: the published CDNOW fit (Fader, Hardie & Lee 2005) from a
// generic start, and a cross-check against lifetimes (PyPI) on CDNOW and
// on customers simulated from known parameters: parameters, P(alive) and
// expected purchases. Bad customers give coded errors.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bgNbdFit, clv, gammaGammaFit, purchaseMetrics, rfmSummary } from "../../pkg/tickets.js";
import { rng } from "../support/rng.mjs";
import { throwsCode } from "../support/errors.mjs";

const script = fileURLToPath(new URL("../support/clv_reference.py", import.meta.url));
const ref = JSON.parse(execFileSync("python3", [script], { maxBuffer: 1 << 26, stdio: ["ignore", "pipe", "pipe"] }).toString());
const near = (a, b, rel, what) => assert.ok(Math.abs(a - b) <= rel * Math.max(1e-12, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe("BG/NBD on CDNOW", () => {
  const { frequency, recency, T } = ref.cdnow;
  test("reproduces the published fit: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4", () => {
    const f = bgNbdFit({ frequency, recency, T });
    assert.equal(f.customers, 2357);
    assert.ok(f.converged);
    assert.deepEqual([f.r, f.alpha, f.a, f.b].map((v) => Number(v.toFixed(3))), [0.243, 4.414, 0.793, 2.426]);
    assert.equal(Number(f.logLikelihood.toFixed(1)), -9582.4);
  });

  for (const model of ["bg-nbd", "mbg-nbd"]) {
    test(`${model}: parameters, P(alive) and expected purchases agree with lifetimes`, () => {
      const f = bgNbdFit({ frequency, recency, T }, { model, horizon: ref.horizon });
      const want = ref.cdnow[model];
      for (const k of ["r", "alpha", "a", "b"]) near(f[k], want.params[k], 1e-4, k);
      assert.ok(f.pAlive instanceof Float64Array);
      f.pAlive.forEach((p, i) => near(p, want.pAlive[i], 1e-4, `pAlive[${i}]`));
      f.expectedPurchases.forEach((e, i) => near(e, want.expectedPurchases[i], 1e-4, `expectedPurchases[${i}]`));
    });
  }
});

describe("penalised fits", () => {
  const { frequency, recency, T } = ref.cdnow;
  for (const model of ["bg-nbd", "mbg-nbd"]) {
    for (const penalizer of [0.001, 0.01]) {
      test(`${model}, penalizer ${penalizer}: lifetimes' fit, the same in weeks and in days`, () => {
        // The penalty was on the parameters of the data's unit: not
        // lifetimes' (which fits with times over the longest T), and a fit
        // in days differed from the same in weeks (r 0.096 against 0.158).
        const want = ref.cdnow.penalised[`${model} ${penalizer}`];
        const weeks = bgNbdFit({ frequency, recency, T }, { model, penalizer });
        const days = bgNbdFit({ frequency, recency: recency.map((v) => 7 * v), T: T.map((v) => 7 * v) }, { model, penalizer });
        for (const k of ["r", "alpha", "a", "b"]) {
          near(weeks[k], want[k], 1e-4, k);
          near(days[k] / (k === "alpha" ? 7 : 1), want[k], 1e-4, `${k} in days`);
        }
      });
    }
  }

  test("a penalty that drives a parameter out of the numbers is an option error, not Infinity", () => {
    // 200 customers; MBG/NBD with penalizer 1e6 ended at a = 0 and
    // b = 5e-324, and expected purchases of Infinity.
    const r = rng(7);
    const rows = Array.from({ length: 200 }, () => {
      const T = 30 + Math.floor(r() * 50);
      const frequency = Math.floor(r() * 5);
      return { frequency, recency: frequency ? Math.min(T, 1 + Math.floor(r() * T)) : 0, T };
    });
    for (const penalizer of [1e3, 1e6, 1e10]) {
      let fit = null;
      throwsCode(() => (fit = bgNbdFit(rows, { model: "mbg-nbd", penalizer, horizon: 30 })), "INVALID_OPTION", { field: "penalizer", message: /drives a to 0/ });
      assert.equal(fit, null);
    }
    // Whatever the penalty, a fit returned has parameters above 0 and
    // finite predictions.
    for (const model of ["bg-nbd", "mbg-nbd"]) {
      for (const penalizer of [0, 1, 100, 1e3, 1e6, 1e12, 1e300]) {
        let f;
        try {
          f = bgNbdFit(rows, { model, penalizer, horizon: 30 });
        } catch (e) {
          assert.equal(e.code, "INVALID_OPTION", `${model} ${penalizer}`);
          continue;
        }
        for (const k of ["r", "alpha", "a", "b"]) assert.ok(f[k] >= 2.2250738585072014e-308 && Number.isFinite(f[k]), `${model} ${penalizer}: ${k} = ${f[k]}`);
        for (const v of [...f.pAlive, ...f.expectedPurchases]) assert.ok(Number.isFinite(v) && v >= 0, `${model} ${penalizer}: ${v}`);
      }
    }
  });
});

describe("simulated customers", () => {
  const { frequency, recency, T } = ref.generated;
  for (const model of ["bg-nbd", "mbg-nbd"]) {
    test(`${model}: converges from the generic start to lifetimes' fit`, () => {
      const f = bgNbdFit({ frequency, recency, T }, { model, horizon: ref.horizon });
      assert.ok(f.converged);
      const want = ref.generated[model];
      for (const k of ["r", "alpha", "a", "b"]) near(f[k], want.params[k], 1e-3, k);
      f.expectedPurchases.forEach((e, i) => near(e, want.expectedPurchases[i], 1e-3, `expectedPurchases[${i}]`));
    });
  }
  test("BG/NBD gives one-time buyers P(alive) = 1; MBG/NBD does not", () => {
    const bg = bgNbdFit({ frequency, recency, T });
    const mbg = bgNbdFit({ frequency, recency, T }, { model: "mbg-nbd" });
    const once = frequency.map((x, i) => (x === 0 ? i : -1)).filter((i) => i >= 0);
    assert.ok(once.length > 0);
    for (const i of once) {
      assert.equal(bg.pAlive[i], 1);
      assert.ok(mbg.pAlive[i] < 1);
    }
  });
});

describe("rfmSummary", () => {
  const { customerId, at, amount, observationEnd } = ref.rfm;
  for (const [name, options] of [
    ["day", { period: "day" }],
    ["week", { period: "week" }],
    ["days/7", { period: "day", multiplier: 7 }],
  ]) {
    test(`CDNOW's 69 659 transactions by ${name}: the summary of lifetimes, customer by customer`, () => {
      const got = rfmSummary({ customerId, at, amount }, { ...options, observationEnd });
      const want = ref.rfm[name];
      assert.equal(got.customerId.length, want.customerId.length);
      const index = new Map(got.customerId.map((c, i) => [c, i]));
      want.customerId.forEach((c, k) => {
        const i = index.get(c);
        assert.ok(i !== undefined, c);
        for (const f of ["frequency", "recency", "T"]) near(got[f][i], want[f][k], 1e-12, `${c} ${f}`);
        near(got.monetaryValue[i], want.monetaryValue[k], 1e-9, `${c} monetaryValue`);
      });
    });
  }
  test("bad transactions are named; periods after the end are left out", () => {
    throwsCode(() => rfmSummary([{ customerId: "a", at: 0, amount: -1 }]), "INVALID_VALUE", { index: 0, field: "amount" });
    throwsCode(() => rfmSummary([{ customerId: "a", at: 0 }, { at: 0 }]), "MISSING_FIELD", { index: 1, field: "customerId" });
    const day = 86_400_000;
    const s = rfmSummary([{ customerId: 1, at: 0, amount: 5 }, { customerId: 1, at: 2 * day, amount: 7 }, { customerId: 1, at: 2.5 * day, amount: 1 }, { customerId: 1, at: 9 * day, amount: 100 }], { observationEnd: 4 * day });
    assert.deepEqual([s.customerId[0], s.frequency[0], s.recency[0], s.T[0], s.monetaryValue[0]], [1, 1, 2, 4, 8]);
  });
});

describe("Gamma-Gamma and CLV on CDNOW", () => {
  const g = ref.gammaGamma;
  test("reproduces lifetimes' Gamma-Gamma fit: p ≈ 6.25, q ≈ 3.74, γ ≈ 15.44, and its expected average values", () => {
    const f = gammaGammaFit({ frequency: g.frequency, monetaryValue: g.monetaryValue });
    assert.ok(f.converged);
    assert.equal(f.customers, 946);
    assert.deepEqual([f.p, f.q, f.gamma].map((v) => Number(v.toFixed(2))), [6.25, 3.74, 15.45]);
    for (const k of ["p", "q", "gamma"]) near(f[k], g.params[k], 1e-4, k);
    f.expectedAverageValue.forEach((v, i) => near(v, g.expectedAverageValue[i], 1e-4, `expectedAverageValue[${i}]`));
  });
  test("clv equals lifetimes' customer_lifetime_value (12 months, 1 % a month, weeks)", () => {
    const bg = bgNbdFit({ frequency: g.frequency, recency: g.recency, T: g.T });
    const gg = gammaGammaFit({ frequency: g.frequency, monetaryValue: g.monetaryValue });
    const v = clv({ frequency: g.frequency, recency: g.recency, T: g.T, monetaryValue: g.monetaryValue }, { bgNbd: bg, gammaGamma: gg, months: 12, discountRate: 0.01, unitsPerMonth: 4.345 });
    v.clv.forEach((x, i) => near(x, g.clv[i], 1e-3, `clv[${i}]`));
    near(v.total, g.clv.reduce((a, b) => a + b, 0), 1e-4, "total");
  });
  test("bad input", () => {
    throwsCode(() => gammaGammaFit({ frequency: [1, 2], monetaryValue: [10, 0] }), "INVALID_VALUE", { index: 1, field: "monetaryValue" });
    throwsCode(() => gammaGammaFit({ frequency: [0, 0], monetaryValue: [0, 0] }), "NOT_ENOUGH_DATA");
    const c = { frequency: [1], recency: [2], T: [3], monetaryValue: [10] };
    throwsCode(() => clv(c), "INVALID_OPTION", { field: "bgNbd" });
    throwsCode(() => clv(c, { bgNbd: { r: 1, alpha: 1, a: 1, b: 1 }, gammaGamma: { p: 1, q: 0.5, gamma: 1 } }), "INVALID_OPTION", { field: "gammaGamma.q" });
  });
});

describe("purchaseMetrics", () => {
  test("statuses, repeat rate, frequency, AOV and historical CLV agree with an independent count", () => {
    const r = rng(9);
    const day = 86_400_000;
    const asOf = Date.UTC(2026, 5, 1);
    const tx = Array.from({ length: 20_000 }, () => ({ customerId: `c${Math.floor(r() * 3000)}`, at: Date.UTC(2025, 0, 1) + Math.floor(r() * 540) * day + Math.floor(r() * day), amount: Math.round(r() * 10_000) / 100 }));
    for (const [options, risk, churn] of [
      [{ asOf }, 45, 90],
      [{ asOf, inactiveAfterDays: 180, atRiskAfterDays: 60 }, 60, 180],
    ]) {
      const m = purchaseMetrics(tx, options);
      const by = new Map();
      for (const t of tx.filter((t) => t.at <= asOf)) {
        if (!by.has(t.customerId)) by.set(t.customerId, { n: 0, spend: 0, last: -Infinity });
        const c = by.get(t.customerId);
        c.n++;
        c.spend += t.amount;
        c.last = Math.max(c.last, t.at);
      }
      const counts = { active: 0, atRisk: 0, churned: 0 };
      for (const c of by.values()) {
        const d = (asOf - c.last) / day;
        if (d >= churn && d > 0) counts.churned++;
        else if (d >= risk && d > 0) counts.atRisk++;
        else counts.active++;
      }
      assert.deepEqual(m.customers, { total: by.size, ...counts });
      const orders = [...by.values()].reduce((a, c) => a + c.n, 0);
      const revenue = [...by.values()].reduce((a, c) => a + c.spend, 0);
      assert.equal(m.orders, orders);
      near(m.revenue, revenue, 1e-12, "revenue");
      assert.equal(m.repeatPurchaseRate.count, [...by.values()].filter((c) => c.n >= 2).length);
      near(m.purchaseFrequency, orders / by.size, 1e-12, "frequency");
      near(m.averageOrderValue, revenue / orders, 1e-12, "AOV");
      near(m.historicalClv, revenue / by.size, 1e-12, "historical CLV");
      m.perCustomer.customerId.forEach((id, i) => {
        assert.equal(m.perCustomer.orders[i], by.get(id).n);
        near(m.perCustomer.revenue[i], by.get(id).spend, 1e-12, id);
      });
    }
  });
  test("bad transactions and options", () => {
    throwsCode(() => purchaseMetrics([{ customerId: "a", at: 0, amount: -2 }], { asOf: 1 }), "INVALID_VALUE", { index: 0, field: "amount" });
    throwsCode(() => purchaseMetrics([], { inactiveAfterDays: 0 }), "INVALID_OPTION", { field: "inactiveAfterDays" });
    throwsCode(() => purchaseMetrics([], { atRiskAfterDays: 200 }), "INVALID_OPTION", { field: "atRiskAfterDays" });
    throwsCode(() => purchaseMetrics([], { inactiveAfter: { gapPercentile: 2 } }), "INVALID_OPTION", { field: "inactiveAfter.gapPercentile" });
    // asOf defaults to the time of the call.
    assert.equal(purchaseMetrics([{ customerId: "a", at: Date.now() - 1000 }]).customers.active, 1);
  });
});

describe("errors", () => {
  test("bad customers are named by index and column", () => {
    const ok = { frequency: [2, 0], recency: [10, 0], T: [20, 5] };
    assert.equal(bgNbdFit(ok).customers, 2);
    throwsCode(() => bgNbdFit({ ...ok, frequency: [2, 1.5] }), "INVALID_VALUE", { index: 1, field: "frequency" });
    throwsCode(() => bgNbdFit({ ...ok, recency: [30, 0] }), "INVALID_VALUE", { index: 0, field: "recency" });
    throwsCode(() => bgNbdFit({ ...ok, recency: [10, 2] }), "INVALID_VALUE", { index: 1, field: "recency" });
    throwsCode(() => bgNbdFit({ ...ok, T: [20, 0] }), "INVALID_VALUE", { index: 1, field: "T" });
    throwsCode(() => bgNbdFit({ ...ok, T: [20, null] }), "MISSING_FIELD", { index: 1, field: "T" });
    throwsCode(() => bgNbdFit({ frequency: [], recency: [], T: [] }), "NOT_ENOUGH_DATA");
    throwsCode(() => bgNbdFit({ frequency: [0, 0, 0], recency: [0, 0, 0], T: [5, 6, 7] }), "NOT_ENOUGH_DATA", { message: /repeat purchase/ });
    // Fits at the edge of the parameter space (here r and α run off
    // together) predict finite counts ≥ 0, not −Infinity or NaN.
    for (const data of [{ frequency: [0, 1, 2, 5, 0], recency: [0, 3, 10, 20, 0], T: [5, 10, 30, 30, 2] }, { frequency: [3], recency: [0.019], T: [1.9] }]) {
      for (const model of ["bg-nbd", "mbg-nbd"]) {
        const f = bgNbdFit(data, { horizon: 17, model });
        for (const v of [...f.expectedPurchases, ...f.pAlive]) assert.ok(Number.isFinite(v) && v >= 0, `${model} ${JSON.stringify(data)}: ${v}`);
      }
    }
    throwsCode(() => bgNbdFit(ok, { model: "pareto-nbd" }), "INVALID_OPTION");
    throwsCode(() => bgNbdFit(ok, { horizon: -1 }), "INVALID_OPTION", { field: "horizon" });
    const s = bgNbdFit({ ...ok, frequency: [2, 1.5, 1], recency: [10, 0, 1], T: [20, 5, 3] }, { invalid: "skip" });
    assert.deepEqual([s.customers, s.skipped, s.invalid[0].index, s.pAlive.length], [2, 1, 1, 2]);
  });
});

describe("rfmSummary: instants and amounts at their limits", () => {
  test("an instant past year 9999 is an INVALID_TIMESTAMP of its row (it was an option error about `every`), skipped under skip", () => {
    for (const at of ["9999-12-31T23:59:59Z", 1e300, 8.64e15]) {
      const rows = [
        { customerId: "a", at: 0, amount: 1 },
        { customerId: "a", at, amount: 1 },
      ];
      throwsCode(() => rfmSummary(rows), "INVALID_TIMESTAMP", { index: 1, field: "at" });
      const s = rfmSummary(rows, { invalid: "skip" });
      assert.deepEqual([s.transactions, s.skipped, s.frequency[0]], [1, 1, 0]);
    }
  });

  test("amounts above 1e250 are refused: two of 1.7e308 on one day made monetaryValue Infinity", () => {
    const rows = [
      { customerId: "a", at: 0, amount: 1.7e308 },
      { customerId: "a", at: 0, amount: 1.7e308 },
    ];
    throwsCode(() => rfmSummary(rows), "INVALID_VALUE", { index: 0, field: "amount", message: /1e250/ });
    assert.equal(rfmSummary([{ customerId: "a", at: 0, amount: 1e250 }, { customerId: "a", at: 86_400_000, amount: 1e250 }]).monetaryValue[0], 1e250);
  });
});

describe("Gamma-Gamma and BG/NBD where the likelihood has no maximum", () => {
  test("spends with little spread: the log-likelihood is that of the parameters (it was 0, or 5.7e45)", () => {
    const a = gammaGammaFit({ frequency: [11, 5, 10, 2, 7, 7, 3, 9, 4], monetaryValue: [48.72, 93.87, 47.9, 77.18, 75.0, 37.45, 48.67, 50.48, 88.39] });
    // The supremum, −39.0197 by mpmath as p → ∞ (with γp/q fixed), is
    // approached from below.
    assert.ok(a.logLikelihood < -39 && a.logLikelihood > -39.02, String(a.logLikelihood));
    const b = gammaGammaFit({ frequency: [4, 10, 5, 6, 3, 3, 6, 4], monetaryValue: [6.88, 9.55, 7.66, 4.42, 7.58, 9.87, 4.82, 11.39] });
    assert.ok(b.logLikelihood < -18 && b.logLikelihood > -18.4, String(b.logLikelihood));
  });

  test("one repeat buyer is NOT_ENOUGH_DATA; a repeat buyer with recency 0 is an invalid row", () => {
    throwsCode(() => gammaGammaFit({ frequency: [2, 0], monetaryValue: [20, 0] }), "NOT_ENOUGH_DATA");
    throwsCode(() => bgNbdFit({ frequency: [2, 1], recency: [0, 3], T: [5, 6] }), "INVALID_VALUE", { index: 0, field: "recency" });
    const s = bgNbdFit({ frequency: [2, 1, 0], recency: [0, 3, 0], T: [5, 6, 4] }, { invalid: "skip" });
    assert.deepEqual([s.customers, s.skipped], [2, 1]);
  });
});

describe("options and parameters at their limits", () => {
  const customers = { frequency: [1, 2, 0, 3, 5], recency: [3, 5, 0, 8, 9], T: [10, 10, 10, 10, 12], monetaryValue: [20, 30, 0, 25, 40] };
  const bgNbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const gammaGamma = { p: 6.25, q: 3.74, gamma: 15.44 };

  test("expected purchases over horizons far past the data are finite, grow with the horizon, and overflow is an option error", () => {
    const data = { frequency: [0, 1, 0, 0, 2, 0, 0, 0], recency: [0, 5, 0, 0, 9, 0, 0, 0], T: [10, 10, 12, 13, 10, 11, 10, 10] };
    let before = new Float64Array(8);
    for (const horizon of [1e4, 1e7, 1e8, 1e100, 1e300]) {
      const e = bgNbdFit(data, { horizon }).expectedPurchases;
      for (let i = 0; i < 8; i++) assert.ok(Number.isFinite(e[i]) && e[i] > before[i], `${horizon} ${i}: ${e[i]} after ${before[i]}`);
      before = e;
    }
    throwsCode(() => clv(customers, { bgNbd: { ...bgNbd, r: 1e10, alpha: 1, a: 1e-10 }, gammaGamma, months: 12, unitsPerMonth: 1e300 }), "INVALID_OPTION", { field: "unitsPerMonth", message: /1\.8e308/ });
  });

  test("a discount rate next to −1 compounded over 1200 months is an option error, not Infinity and a null total", () => {
    throwsCode(() => clv(customers, { bgNbd, gammaGamma, months: 1200, discountRate: -0.999 }), "INVALID_OPTION", { field: "discountRate" });
    const v = clv(customers, { bgNbd, gammaGamma, months: 12, discountRate: -0.5 });
    assert.ok(Number.isFinite(v.total) && v.total > clv(customers, { bgNbd, gammaGamma, months: 12 }).total);
  });

  test("huge Gamma-Gamma parameters give the value they imply, or an error where it passes 1.8e308 (they gave NaN)", () => {
    const v = clv(customers, { bgNbd, gammaGamma: { p: 1e300, q: 1e300, gamma: 1e250 }, months: 12 });
    assert.ok(v.clv.every(Number.isFinite), String(v.clv));
    throwsCode(() => clv(customers, { bgNbd, gammaGamma: { p: 1e308, q: 1e308, gamma: 1e308 }, months: 12 }), "INVALID_VALUE", { field: "monetaryValue" });
  });

  test("a spend whose total passes 1.8e308 is an invalid row", () => {
    throwsCode(() => gammaGammaFit({ frequency: [3, 5, 2], monetaryValue: [1e308, 30, 40] }), "INVALID_VALUE", { index: 0, field: "monetaryValue" });
  });

  test("equal spends have no Gamma-Gamma fit without a penalty (it stopped on the way to p → ∞ and called that converged)", () => {
    throwsCode(() => gammaGammaFit({ frequency: [3, 5, 2, 8], monetaryValue: [30, 30, 30, 30] }), "NOT_ENOUGH_DATA", { message: /same mean spend/ });
    const f = gammaGammaFit({ frequency: [3, 5, 2, 8], monetaryValue: [30, 30, 30, 30] }, { penalizer: 0.01 });
    assert.ok(Number.isFinite(f.logLikelihood));
  });

  test("the log-likelihood of a fit that runs off to a, b ≈ 1e150 is 89,614.15 (mpmath at 300 digits; it was 1.2e139)", () => {
    const f = bgNbdFit({ frequency: [0, 10000, 5000, 3], recency: [0, 9, 5, 8], T: [10, 10, 10, 10] });
    const direct = [f.r, f.alpha, f.a, f.b];
    assert.ok(direct.every(Number.isFinite));
    if (f.a > 1e100) near(f.logLikelihood, 89614.149980234752, 1e-9, "logLikelihood");
    else assert.ok(Math.abs(f.logLikelihood) < 1e6, String(f.logLikelihood));
  });

  test("option ranges: penalizer up to 1e10, multiplier 1e-6 to 1e6, inactiveAfterDays from 1e-6 days; errors name the option given", () => {
    const data = { frequency: [1, 2, 0, 3], recency: [3, 5, 0, 8], T: [10, 10, 10, 10] };
    throwsCode(() => bgNbdFit(data, { penalizer: 1e308 }), "INVALID_OPTION", { field: "penalizer" });
    throwsCode(() => gammaGammaFit({ frequency: [3, 5], monetaryValue: [20, 30] }, { penalizer: 1e11 }), "INVALID_OPTION", { field: "penalizer" });
    const rows = { customerId: ["a", "a", "b"], at: [0, 86_400_000 * 3, 86_400_000], amount: [1, 2, 3] };
    throwsCode(() => rfmSummary(rows, { multiplier: 5e-324 }), "INVALID_OPTION", { field: "multiplier" });
    assert.deepEqual([...rfmSummary(rows, { multiplier: 1e-6 }).recency], [3e6, 0]);
    throwsCode(() => rfmSummary(rows, { observationEnd: 8.64e15 }), "INVALID_OPTION", { field: "observationEnd" });
    throwsCode(() => purchaseMetrics(rows, { inactiveAfterDays: 5e-324, asOf: 86_400_000 * 10 }), "INVALID_OPTION", { field: "inactiveAfterDays" });
  });
});
