// conversionRate, compareRates, cartAbandonment: published values (Newcombe
// 1998's tables, R's binom.confint and DescTools as quoted by statsmodels'
// tests, field_test's and cprior's tests of Evan Miller's and Stucchio's
// closed forms, Fagerland et al.'s risk-ratio example), an independent
// numerical integration of the posteriors, laws on hostile input
// (fast-check), and coded errors.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { cartAbandonment, compareRates, conversionRate, nps } from "../../pkg/index.js";
import { throwsCode } from "../support/errors.mjs";

const near = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
const side = (x, n) => ({ successes: x, trials: n });

describe("conversionRate: intervals of one proportion", () => {
  // Newcombe, "Two-sided confidence intervals for the single proportion",
  // Stat Med 17 (1998), Table I: Wilson (method 3) and Clopper–Pearson
  // (method 5), 4 decimals.
  const newcombe = [
    [81, 263, [0.2553, 0.3662], [0.2527, 0.3676]],
    [15, 148, [0.0624, 0.1605], [0.0578, 0.1617]],
    [0, 20, [0.0, 0.1611], [0.0, 0.1684]],
    [1, 29, [0.0061, 0.1718], [0.0009, 0.1776]],
  ];
  for (const [x, n, w, cp] of newcombe) {
    test(`${x}/${n}: Newcombe's Table I`, () => {
      const r = conversionRate({ conversions: x, visitors: n });
      near(r.rate, (100 * x) / n, 1e-12, "rate");
      assert.equal(r.confidenceInterval.method, "wilson");
      near(r.confidenceInterval.low, 100 * w[0], 0.005, "Wilson low");
      near(r.confidenceInterval.high, 100 * w[1], 0.005, "Wilson high");
      const e = conversionRate({ conversions: x, visitors: n }, { method: "clopper-pearson" }).confidenceInterval;
      near(e.low, 100 * cp[0], 0.005, "Clopper–Pearson low");
      near(e.high, 100 * cp[1], 0.005, "Clopper–Pearson high");
    });
  }

  test("R's binom.confint and DescTools, as statsmodels' tests quote them (7 decimals)", () => {
    const cases = [
      [4, 20, { "agresti-coull": [0.0749115, 0.4217636], jeffreys: [0.0715201, 0.4082258], wilson: [0.0806577, 0.4160174], "clopper-pearson": [0.057334, 0.436614] }],
      [18, 20, { "agresti-coull": [0.6867561, 0.9843438], jeffreys: [0.7161467, 0.9786275] }],
      [100, 200, { wilson: [0.4313609, 0.5686391], "agresti-coull": [0.4313609, 0.5686391], jeffreys: [0.4311217, 0.5688783], "clopper-pearson": [0.4286584, 0.5713416] }],
    ];
    for (const [x, n, byMethod] of cases) {
      for (const [method, [lo, hi]] of Object.entries(byMethod)) {
        const ci = conversionRate({ conversions: x, visitors: n }, { method }).confidenceInterval;
        assert.equal(ci.method, method);
        near(ci.low, 100 * lo, 1e-5, `${x}/${n} ${method} low`);
        near(ci.high, 100 * hi, 1e-5, `${x}/${n} ${method} high`);
      }
    }
  });

  test("outcomes: booleans, 1/0 numbers or a typed array count as the counts do", () => {
    const outcomes = [true, false, 1, 0, true, 1, false];
    const want = conversionRate({ conversions: 4, visitors: 7 });
    for (const input of [outcomes, Uint8Array.from(outcomes, Number), Float64Array.from(outcomes, Number)]) {
      assert.deepEqual(conversionRate(input), want);
    }
    const skipped = conversionRate([...outcomes, 2, "yes", null], { invalid: "skip" });
    assert.deepEqual([skipped.conversions, skipped.visitors, skipped.skipped], [4, 7, 3]);
    assert.deepEqual(skipped.invalid.map((e) => [e.index, e.code]), [[7, "INVALID_VALUE"], [8, "NOT_A_NUMBER"], [9, "NOT_A_NUMBER"]]);
  });

  test("exact intervals at a billion trials and more: statsmodels' proportion_confint", () => {
    // Percent. (The incomplete beta function behind them lost 10⁻¹⁰ to 10⁻⁵
    // of these bounds before its factor was formed around the mean.)
    const rel = (a, b, what) => assert.ok(Math.abs(a / b - 1) <= 1e-11, `${what}: ${a} vs ${b}`);
    const cp = conversionRate({ conversions: 5e7, visitors: 1e9 }, { method: "clopper-pearson" }).confidenceInterval;
    rel(cp.low, 4.998649268292576, "Clopper–Pearson low");
    rel(cp.high, 5.001350992208027, "Clopper–Pearson high");
    const j = conversionRate({ conversions: 4e9, visitors: 1e12 }, { method: "jeffreys" }).confidenceInterval;
    rel(j.low, 0.39998762905955637, "Jeffreys low");
    rel(j.high, 0.4000123712275597, "Jeffreys high");
  });

  test("upper exact bounds of a few conversions in huge samples: 50-digit values", () => {
    // Percent. Clopper–Pearson's upper bound solves P(Binomial(n, p) ≤ x) =
    // 2.5 %, summed term by term; Jeffreys' solves I_p(x + ½, n − x + ½) =
    // 97.5 % with I in its hypergeometric form (DLMF 8.17.8); both in
    // 50-digit arithmetic (mpmath). The continued fraction at 1 − p lost up
    // to 4·10⁻⁵ of these (Jeffreys, none of 10¹²).
    const rel = (a, b, what) => assert.ok(Math.abs(a / b - 1) <= 1e-12, `${what}: ${a} vs ${b}`);
    for (const [x, n, want] of [[1, 1e9, 5.5716433782031153e-9], [30, 1e9, 4.2826865120140448e-8], [3, 1e12, 8.7672730697170444e-12], [10, 1e15, 1.8390356042017702e-14]]) {
      rel(conversionRate({ conversions: x, visitors: n }, { method: "clopper-pearson" }).confidenceInterval.high, 100 * want, `Clopper–Pearson, ${x} of ${n}`);
    }
    for (const [x, n, want] of [[0, 1e12, 2.5119430936536616e-12], [3, 1e12, 8.006382137292619e-12], [1, 1e15, 4.6742018022480641e-15], [100, 1e15, 1.2107793174019133e-13]]) {
      rel(conversionRate({ conversions: x, visitors: n }, { method: "jeffreys" }).confidenceInterval.high, 100 * want, `Jeffreys, ${x} of ${n}`);
    }
  });

  test("Wilson's interval ends at 0 for no conversions and at 100 for all, exactly", () => {
    // centre ∓ half-width left 5.6e-15 at 0 of 2 and 99.99999999999997 at n of n.
    for (let n = 1; n <= 2000; n += 13) {
      for (const confidence of [0.9, 0.95, 0.99]) {
        assert.equal(conversionRate({ conversions: 0, visitors: n }, { confidence }).confidenceInterval.low, 0, `0 of ${n}`);
        assert.equal(conversionRate({ conversions: n, visitors: n }, { confidence }).confidenceInterval.high, 100, `${n} of ${n}`);
      }
    }
  });

  test("Clopper–Pearson upper bounds near level 1: exact, and wider as the level rises", () => {
    // 1 of n: the bound p solves P(Binomial(n, p) ≤ 1) = α/2, that is
    // (n − 1)·ln(1 − p) + ln(1 + (n − 1)p) = ln(α/2), by bisection here.
    const n = 1e6;
    const exact = (level) => {
      const target = Math.log((1 - level) / 2);
      let [lo, hi] = [0, 1];
      for (let k = 0; k < 200; k++) {
        const p = (lo + hi) / 2;
        if ((n - 1) * Math.log1p(-p) + Math.log1p((n - 1) * p) > target) lo = p;
        else hi = p;
      }
      return 100 * lo;
    };
    let last = 0;
    for (const level of [0.99999999, 1 - 1e-11, 1 - 1e-13, 1 - 1e-15, 1 - 6.66e-16, 1 - 3e-16]) {
      const high = conversionRate({ conversions: 1, visitors: n }, { method: "clopper-pearson", confidence: level }).confidenceInterval.high;
      assert.ok(Math.abs(high / exact(level) - 1) < 1e-6, `${level}: ${high} vs ${exact(level)}`);
      assert.ok(high > last, `${level}: ${high} not above ${last}`);
      last = high;
    }
  });

  test("the rate is inside Wilson's, Agresti–Coull's and Clopper–Pearson's intervals at any level, as written in percent", () => {
    const cases = [[16135433831899, 83476874954589], [1, 3], [2 ** 53 - 2, 2 ** 53 - 1], [7, 10]];
    for (const [conversions, visitors] of cases) {
      for (const method of ["wilson", "agresti-coull", "clopper-pearson"]) {
        for (const confidence of [1e-16, 1e-12, 0.5, 0.95]) {
          const r = conversionRate({ conversions, visitors }, { method, confidence });
          const { low, high } = r.confidenceInterval;
          assert.ok(low <= r.rate && r.rate <= high, `${method} ${conversions}/${visitors} at ${confidence}: ${low} ≤ ${r.rate} ≤ ${high}`);
        }
      }
    }
  });

  test("no visitors: null, never NaN or 0", () => {
    const r = conversionRate({ conversions: 0, visitors: 0 });
    assert.equal(r.rate, null);
    assert.equal(r.confidenceInterval, null);
    assert.equal(conversionRate([]).rate, null);
  });
});

describe("compareRates", () => {
  // Newcombe, "Interval estimation for the difference between independent
  // proportions", Stat Med 17 (1998), Table II, method 10 (hybrid score):
  // p1 − p2 is B − A here.
  const table2 = [
    [[56, 70], [48, 80], [0.0524, 0.3339]],
    [[9, 10], [3, 10], [0.1705, 0.809]],
    [[6, 7], [2, 7], [0.0582, 0.8062]],
    [[5, 56], [0, 29], [-0.0381, 0.1926]],
    [[0, 10], [0, 20], [-0.1611, 0.2775]],
    [[0, 10], [0, 10], [-0.2775, 0.2775]],
    [[10, 10], [0, 20], [0.6791, 1.0]],
    [[10, 10], [0, 10], [0.6075, 1.0]],
  ];
  for (const [[x1, n1], [x2, n2], [lo, hi]] of table2) {
    test(`${x1}/${n1} − ${x2}/${n2}: Newcombe's Table II, method 10`, () => {
      const r = compareRates(side(x2, n2), side(x1, n1));
      near(r.difference, 100 * (x1 / n1 - x2 / n2), 1e-9, "difference");
      assert.equal(r.differenceInterval.method, "newcombe");
      near(r.differenceInterval.low, 100 * lo, 0.01, "low");
      near(r.differenceInterval.high, 100 * hi, 0.01, "high");
    });
  }

  test("the pooled z test by hand: 48/80 against 56/70", () => {
    const r = compareRates(side(48, 80), side(56, 70));
    const p = 104 / 150;
    const z = (56 / 70 - 48 / 80) / Math.sqrt(p * (1 - p) * (1 / 80 + 1 / 70));
    near(r.z, z, 1e-12, "z");
    assert.equal(r.significant, true);
    near(r.relativeLift, 100 * ((56 / 70) / (48 / 80) - 1), 1e-9, "lift");
  });

  test("Katz's log interval of the lift: Fagerland et al.'s 7/34 against 1/34 (0.9096 to 53.8695)", () => {
    const r = compareRates(side(1, 34), side(7, 34));
    near(r.relativeLift, 600, 1e-9, "lift");
    assert.equal(r.relativeLiftInterval.method, "katz-log");
    near(r.relativeLiftInterval.low, 100 * (0.9096 - 1), 0.01, "low");
    near(r.relativeLiftInterval.high, 100 * (53.8695 - 1), 0.01, "high");
    assert.equal(compareRates(side(0, 34), side(7, 34)).relativeLift, null, "no lift over a zero rate");
  });

  test("P(B beats A): field_test's and cprior's tests of Evan Miller's closed form", () => {
    // (αA, βA, αB, βB) = (1 + successes, 1 + failures) of each side.
    const post = (aA, bA, aB, bB) => compareRates(side(aA - 1, aA + bA - 2), side(aB - 1, aB + bB - 2));
    near(post(1, 2, 3, 4).probabilityBBeatsA, 9 / 14, 1e-12, "9/14");
    near(post(55, 50, 30, 30).probabilityBBeatsA, 0.38386463776317903, 1e-10, "field_test 2");
    near(post(50, 50, 35, 30).probabilityBBeatsA, 0.6867997222295887, 1e-10, "field_test 3");
    near(post(10, 50, 60, 250).probabilityBBeatsA, 0.70889192, 1e-8, "cprior");
    const r = post(40, 60, 70, 90);
    near(r.probabilityBBeatsA, 0.7262717462, 1e-9, "cprior B > A");
    assert.equal(r.posteriorMethod, "exact");
    // Stucchio's expected loss, in percentage points: cprior's 0.0481119843 and 0.0106119843.
    near(r.expectedLoss.a, 4.81119843, 1e-6, "loss of choosing A");
    near(r.expectedLoss.b, 1.06119843, 1e-6, "loss of choosing B");
  });

  test("P(B beats A) and the losses equal a numerical integration of the Beta posteriors", () => {
    // Independent: the densities on a fine grid (log-gamma by Stirling's
    // series), P(B > A) = ∫ f_B(x) F_A(x) dx and E[max(A − B, 0)] = ∫∫ (x − y)⁺ f_A f_B.
    const lgamma = (z) => {
      if (z < 7) return lgamma(z + 1) - Math.log(z);
      const z2 = 1 / (z * z);
      return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + (1 / z) * (1 / 12 - z2 * (1 / 360 - z2 * (1 / 1260 - z2 / 1680)));
    };
    const density = (a, b, m) => {
      const c = lgamma(a + b) - lgamma(a) - lgamma(b);
      return Array.from({ length: m }, (_, i) => {
        const x = (i + 0.5) / m;
        return Math.exp(c + (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x)) / m;
      });
    };
    for (const [[xa, na], [xb, nb]] of [[[12, 100], [19, 100]], [[3, 40], [2, 35]], [[30, 400], [41, 410]]]) {
      const m = 4000;
      const fa = density(1 + xa, 1 + na - xa, m);
      const fb = density(1 + xb, 1 + nb - xb, m);
      let p = 0, lossB = 0, cumA = 0, cumAx = 0;
      for (let i = 0; i < m; i++) {
        const x = (i + 0.5) / m;
        // A below x: half of the own cell (midpoint rule on the diagonal).
        p += fb[i] * (cumA + fa[i] / 2);
        cumA += fa[i];
        cumAx += fa[i] * x;
        void cumAx;
      }
      for (let i = 0; i < m; i++) {
        const x = (i + 0.5) / m;
        for (let j = 0; j < i; j++) lossB += fa[i] * fb[j] * (x - (j + 0.5) / m);
      }
      const r = compareRates(side(xa, na), side(xb, nb));
      near(r.probabilityBBeatsA, p, 2e-4, `P(B > A) for ${xa}/${na} vs ${xb}/${nb}`);
      near(r.expectedLoss.b, 100 * lossB, 0.01, `loss of B for ${xa}/${na} vs ${xb}/${nb}`);
    }
  });

  test("laws on any counts: P(B > A) + P(A > B) = 1, losses differ by the posterior means, intervals hold the difference", () => {
    const counts = fc.integer({ min: 1, max: 3000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(counts, counts, ([xa, na], [xb, nb]) => {
        const ab = compareRates(side(xa, na), side(xb, nb));
        const ba = compareRates(side(xb, nb), side(xa, na));
        near(ab.probabilityBBeatsA + ba.probabilityBBeatsA, 1, 1e-9, "complement");
        const mean = (x, n) => (1 + x) / (2 + n);
        near(ab.expectedLoss.a - ab.expectedLoss.b, 100 * (mean(xb, nb) - mean(xa, na)), 1e-7, "losses");
        assert.ok(ab.expectedLoss.a >= 0 && ab.expectedLoss.b >= 0);
        const ci = ab.differenceInterval;
        assert.ok(ci.low <= ab.difference + 1e-9 && ab.difference <= ci.high + 1e-9);
        assert.ok(ci.low >= -100 - 1e-9 && ci.high <= 100 + 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  test("P(B beats A) at a hundred million visitors: a numerical integration (scipy)", () => {
    // 5 % of 10⁸ against 5 % of 1.002·10⁸: ∫ pdf_A · sf_B by adaptive
    // quadrature gives 0.4999998449118672; the loss of each choice, from
    // the normal posteriors (exact to about 10⁻⁶ here), 0.0012290081 and
    // 0.0012290099 percentage points. Summing Evan Miller's terms from the
    // first gave 0.500000004 and 0.0012305, in half a second; Stucchio's
    // difference of two such sums left the losses 1.6·10⁻⁵ off.
    const t0 = performance.now();
    const r = compareRates(side(5e6, 1e8), side(5.01e6, 1.002e8));
    assert.equal(r.posteriorMethod, "exact");
    near(r.probabilityBBeatsA, 0.4999998449118672, 2e-9, "P(B > A)");
    near(r.expectedLoss.a / 0.00122900814056321, 1, 3e-6, "loss of A");
    near(r.expectedLoss.b / 0.00122900993697032, 1, 3e-6, "loss of B");
    assert.ok(performance.now() - t0 < 1000, "the exact sum starts at its peak");
  });

  test("huge samples stay fast: the normal approximation past the exact sum's term limit", () => {
    const t0 = performance.now();
    const r = compareRates(side(4e7, 1e9), side(4.001e7, 1e9));
    assert.equal(r.posteriorMethod, "normal");
    assert.ok(r.probabilityBBeatsA > 0.5 && r.probabilityBBeatsA < 1);
    const exact = compareRates(side(4e5, 1e7), side(4.01e5, 1e7));
    assert.equal(exact.posteriorMethod, "exact");
    assert.ok(performance.now() - t0 < 5000);
  });

  test("a side may be outcomes, or a conversionRate result", () => {
    const a = [true, false, false, true, false];
    const b = conversionRate({ conversions: 4, visitors: 5 });
    assert.deepEqual(compareRates(a, b), compareRates(side(2, 5), side(4, 5)));
  });
});

describe("cartAbandonment", () => {
  test("carts, or checkouts, without an order", () => {
    const r = cartAbandonment({ cartsCreated: 1000, checkoutsStarted: 400, ordersCompleted: 300 });
    assert.deepEqual([r.rate, r.abandoned, r.total, r.basis], [70, 700, 1000, "cart"]);
    const c = cartAbandonment({ cartsCreated: 1000, checkoutsStarted: 400, ordersCompleted: 300 }, { basis: "checkout" });
    assert.deepEqual([c.rate, c.abandoned, c.total, c.basis], [25, 100, 400, "checkout"]);
    const w = conversionRate({ conversions: 100, visitors: 400 }).confidenceInterval;
    assert.deepEqual([c.confidenceInterval.low, c.confidenceInterval.high], [w.low, w.high]);
    assert.equal(cartAbandonment({ cartsCreated: 0, ordersCompleted: 0 }).rate, null);
  });

  test("counts out of the funnel's order are refused, the count not used as the basis too", () => {
    throwsCode(() => cartAbandonment({ cartsCreated: 100, checkoutsStarted: 40, ordersCompleted: 50 }), "INVALID_VALUE", { field: "counts.ordersCompleted", message: /more than checkoutsStarted \(40\)/ });
    throwsCode(() => cartAbandonment({ cartsCreated: 100, checkoutsStarted: 140, ordersCompleted: 30 }), "INVALID_VALUE", { field: "counts.checkoutsStarted", message: /more than cartsCreated \(100\)/ });
    throwsCode(() => cartAbandonment({ cartsCreated: 100, checkoutsStarted: 140, ordersCompleted: 30 }, { basis: "checkout" }), "INVALID_VALUE", { field: "counts.checkoutsStarted" });
    assert.equal(cartAbandonment({ cartsCreated: 100, ordersCompleted: 30 }).rate, 70);
    assert.equal(cartAbandonment({ checkoutsStarted: 40, ordersCompleted: 30 }, { basis: "checkout" }).rate, 25);
  });
});

describe("errors", () => {
  test("bad counts and options are coded, and the module survives", () => {
    const alive = () => assert.equal(nps([10]).score, 100);
    throwsCode(() => conversionRate({ conversions: 5, visitors: 4 }), "INVALID_VALUE", { field: "input.conversions" }, alive);
    throwsCode(() => conversionRate({ conversions: -1, visitors: 4 }), "INVALID_COUNT", { field: "input.conversions" }, alive);
    throwsCode(() => conversionRate({ conversions: 1.5, visitors: 4 }), "INVALID_COUNT", {}, alive);
    throwsCode(() => conversionRate({ conversions: 1 }), "INVALID_TYPE", { field: "input" }, alive);
    throwsCode(() => conversionRate({ successes: 1, visitors: 3 }), "INVALID_TYPE", {}, alive);
    throwsCode(() => conversionRate("12%"), "INVALID_TYPE", {}, alive);
    throwsCode(() => conversionRate([true, 2]), "INVALID_VALUE", { index: 1 }, alive);
    throwsCode(() => conversionRate({ conversions: 1, visitors: 2 }, { method: "wald" }), "INVALID_OPTION", {}, alive);
    throwsCode(() => conversionRate({ conversions: 1, visitors: 2 }, { confidence: 1 }), "INVALID_OPTION", {}, alive);
    throwsCode(() => compareRates(side(1, 2), side(3, 2)), "INVALID_VALUE", { field: "b.successes" }, alive);
    throwsCode(() => compareRates(side(1, 2), side(1, 2), { alpha: 0.05 }), "INVALID_OPTION", {}, alive);
    throwsCode(() => cartAbandonment({ cartsCreated: 3, ordersCompleted: 4 }), "INVALID_VALUE", { field: "counts.ordersCompleted" }, alive);
    throwsCode(() => cartAbandonment({ ordersCompleted: 4 }), "MISSING_FIELD", { field: "counts.cartsCreated" }, alive);
    throwsCode(() => cartAbandonment({ cartsCreated: 3, ordersCompleted: 1 }, { basis: "checkout" }), "MISSING_FIELD", { field: "counts.checkoutsStarted" }, alive);
  });

  test("hostile inputs never throw anything but a coded error", () => {
    const hostile = fc.oneof(
      fc.anything(),
      fc.record({ successes: fc.anything(), trials: fc.anything() }),
      fc.record({ conversions: fc.double(), visitors: fc.double() }),
      fc.array(fc.oneof(fc.boolean(), fc.constantFrom(0, 1, 2, -0, NaN, Infinity), fc.anything())),
    );
    fc.assert(
      fc.property(hostile, hostile, fc.constantFrom("error", "skip"), (a, b, invalid) => {
        for (const f of [() => conversionRate(a, { invalid }), () => compareRates(a, b, { invalid }), () => cartAbandonment(a)]) {
          try {
            const r = f();
            assert.ok(!JSON.stringify(r).includes("NaN"));
          } catch (e) {
            assert.equal(typeof e.code, "string", String(e));
          }
        }
      }),
      { numRuns: 300 },
    );
    assert.equal(nps([10]).score, 100);
  });
});

describe("compareRates: errors say which side", () => {
  test("a bad outcome is in a or b (both were \"outcomes\")", () => {
    throwsCode(() => compareRates([1, 0, 7], [1, 0]), "INVALID_VALUE", { field: "a", index: 2 });
    throwsCode(() => compareRates([1, 0], [1, 0, 7]), "INVALID_VALUE", { field: "b", index: 2 });
    throwsCode(() => compareRates({ successes: 3, trials: 2 }, [1, 0]), "INVALID_VALUE", { field: "a.successes" });
  });
});
