// Tests of the built package (pkg/) under Node: hand-worked examples,
// independent reference values (tests/fixtures/survey-reference.json, from
// SciPy/statsmodels), an independent plain-JS implementation, properties,
// and every error code.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { throwsCode as throwsCodeThen } from "../support/errors.mjs";
import { rng } from "../support/rng.mjs";
import {
  nps,
  enps,
  npsFromCounts,
  npsCompare,
  csatCompare,
  cesCompare,
  csat,
  ces,
  csatFromCounts,
  cesFromCounts,
  NpsAccumulator,
  CsatAccumulator,
  CesAccumulator,
} from "../../pkg/index.js";

const ref = JSON.parse(readFileSync(new URL("../fixtures/survey-reference.json", import.meta.url), "utf8"));

function close(actual, expected, tol = 1e-9, what = "") {
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} != ${expected}`,
  );
}

// Every error check also shows the module keeps working afterwards.
const throwsCode = (fn, code, extra = {}) =>
  throwsCodeThen(fn, code, extra, () => assert.equal(nps([10, 0]).score, 0));


function randomScores(n, seed, max = 10) {
  const r = rng(seed);
  return Array.from({ length: n }, () => Math.floor(r() * (max + 1)));
}

// An independent, deliberately naive implementation.
function naiveNps(scores) {
  let p = 0,
    d = 0;
  for (const s of scores) {
    if (s >= 9) p++;
    else if (s <= 6) d++;
  }
  return scores.length ? ((p - d) / scores.length) * 100 : null;
}

describe("nps: hand-worked", () => {
  test("100 answers, 50 promoters and 10 detractors give 40", () => {
    const scores = [...Array(25).fill(10), ...Array(25).fill(9), ...Array(40).fill(7), ...Array(10).fill(3)];
    const r = nps(new Uint8Array(scores));
    assert.equal(r.score, 40);
    assert.equal(r.total, 100);
    assert.deepEqual([r.promoters, r.passives, r.detractors], [50, 40, 10]);
    assert.deepEqual([r.promoterShare, r.passiveShare, r.detractorShare], [50, 40, 10]);
    assert.deepEqual(r.distribution, [0, 0, 0, 10, 0, 0, 0, 40, 0, 25, 25]);
    assert.equal(r.band, "reasonable");
    // Var = 0.5 + 0.1 - 0.4^2 = 0.44; SE = 100 * sqrt(0.44 / 100).
    close(r.standardError, 100 * Math.sqrt(0.0044), 1e-12, "SE");
    assert.equal(r.confidenceInterval.method, "adjusted-wald");
    assert.equal(r.confidenceInterval.level, 0.95);
    assert.equal(r.skipped, 0);
    assert.deepEqual(r.invalid, []);
  });

  test("the example from the API docs", () => {
    assert.equal(nps(new Uint8Array([10, 9, 8, 6, 10])).score, 40);
  });

  test("every input type gives the same result", () => {
    const plain = [10, 9, 8, 6, 10, 0, 7, 7, 3];
    const want = nps(plain);
    for (const T of [Uint8Array, Uint8ClampedArray, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array]) {
      assert.deepEqual(nps(T.from(plain)), want, T.name);
    }
  });

  test("empty input is null, never NaN or 0", () => {
    for (const input of [[], new Uint8Array(0), new Float64Array(0)]) {
      const r = nps(input);
      assert.equal(r.score, null);
      assert.equal(r.standardError, null);
      assert.equal(r.confidenceInterval, null);
      assert.equal(r.band, null);
      assert.equal(r.promoterShare, null);
      assert.equal(r.total, 0);
    }
  });

  test("bands and overridable thresholds", () => {
    const of = (p, d, n) => npsFromCounts({ promoters: p, passives: n - p - d, detractors: d });
    assert.equal(of(80, 5, 100).band, "excellent"); // 75
    assert.equal(of(60, 10, 100).band, "very-good"); // 50
    assert.equal(of(30, 30, 100).band, "reasonable"); // 0
    assert.equal(of(20, 30, 100).band, "poor"); // -10
    const custom = npsFromCounts({ promoters: 60, passives: 30, detractors: 10 }, { bands: { excellent: 50 } });
    assert.equal(custom.band, "excellent");
    throwsCode(() => npsFromCounts({ promoters: 1, passives: 0, detractors: 0 }, { bands: { excellent: 10, veryGood: 20 } }), "INVALID_OPTION", { field: "bands" });
  });

  test("intervals: wald selectable, clamped to [-100, 100]", () => {
    const all = nps(new Uint8Array(10).fill(10), { method: "wald" });
    assert.deepEqual([all.confidenceInterval.low, all.confidenceInterval.high], [100, 100]);
    const adj = nps(new Uint8Array(10).fill(10));
    assert.ok(adj.confidenceInterval.low < 100 && adj.confidenceInterval.high === 100);
    const neg = nps(new Uint8Array(5).fill(0));
    assert.equal(neg.confidenceInterval.low, -100);
  });

  test("eNPS is the same computation with its own name in messages", () => {
    const s = randomScores(200, 7);
    assert.deepEqual(enps(s), nps(s));
    throwsCode(() => enps([11]), "SCORE_OUT_OF_RANGE", { message: /eNPS scores are integers 0–10/ });
  });
});

describe("nps: independent references", () => {
  for (const [i, c] of ref.nps.entries()) {
    test(`SciPy reference case ${i} (n=${c.scores.length}${c.weights ? ", weighted" : ""})`, () => {
      for (const { level, wald, adjustedWald } of c.intervals) {
        const opts = { confidence: level };
        if (c.weights) opts.weights = new Float64Array(c.weights);
        const r = nps(new Uint8Array(c.scores), opts);
        close(r.score, c.score, 1e-12, "score");
        close(r.total, c.total, 1e-12, "total");
        close(r.effectiveN, c.effectiveN, 1e-12, "effectiveN");
        close(r.standardError, c.standardError, 1e-10, "SE");
        r.distribution.forEach((v, k) => close(v, c.distribution[k], 1e-12, `distribution[${k}]`));
        close(r.confidenceInterval.low, adjustedWald[0], 1e-10, `adjusted low @${level}`);
        close(r.confidenceInterval.high, adjustedWald[1], 1e-10, `adjusted high @${level}`);
        const w = nps(c.scores, { ...opts, method: "wald" });
        close(w.confidenceInterval.low, wald[0], 1e-10, `wald low @${level}`);
        close(w.confidenceInterval.high, wald[1], 1e-10, `wald high @${level}`);
      }
    });
  }

  test("agrees with a naive JS implementation on random data", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const s = randomScores(1 + seed * 37, seed);
      close(nps(new Uint8Array(s)).score, naiveNps(s), 1e-13, `seed ${seed}`);
    }
  });

  test("large Uint8Array (SIMD path, odd length) counts exactly", () => {
    const s = new Uint8Array(1_000_003);
    const r = rng(99);
    const counts = new Array(11).fill(0);
    for (let i = 0; i < s.length; i++) {
      s[i] = Math.floor(r() * 11);
      counts[s[i]]++;
    }
    assert.deepEqual(nps(s).distribution, counts);
  });
});

describe("nps: properties", () => {
  test("order does not matter", () => {
    const s = randomScores(500, 3);
    const shuffled = [...s].sort(() => 0).reverse();
    assert.deepEqual(nps(shuffled), nps(s));
  });

  test("weights of 1 equal no weights", () => {
    const s = randomScores(321, 11);
    assert.deepEqual(nps(s, { weights: new Float64Array(s.length).fill(1) }), nps(s));
  });

  test("integer weights equal repeating answers", () => {
    const s = [10, 9, 3, 7, 0];
    const w = [3, 1, 2, 1, 4];
    const repeated = s.flatMap((v, i) => Array(w[i]).fill(v));
    const a = nps(s, { weights: w });
    const b = nps(repeated);
    assert.equal(a.score, b.score);
    assert.deepEqual(a.distribution, b.distribution);
    assert.ok(a.effectiveN < b.effectiveN, "Kish n is smaller than the sum of weights");
  });

  test("npsFromCounts equals nps on equivalent answers", () => {
    const s = randomScores(777, 5);
    const full = nps(s);
    const fromGroups = npsFromCounts({ promoters: full.promoters, passives: full.passives, detractors: full.detractors });
    assert.equal(fromGroups.distribution, null);
    assert.deepEqual({ ...fromGroups, distribution: full.distribution }, full);
    assert.deepEqual(npsFromCounts({ distribution: full.distribution }), full);
    assert.deepEqual(npsFromCounts(full.distribution), full);
  });
});

describe("nps: invalid answers", () => {
  test("error names the index, the value and the rule", () => {
    const s = new Uint8Array(30).fill(8);
    s[17] = 11;
    const e = throwsCode(() => nps(s), "SCORE_OUT_OF_RANGE", { index: 17, field: "scores", class: "RangeError" });
    assert.equal(e.message, "score at index 17 is 11; NPS scores are integers 0–10");
  });

  test("a long array of non-numbers is read, counted and described (4e7 nulls ran the module out of memory)", () => {
    const acc = new NpsAccumulator();
    acc.add(9);
    const a = new Array(4e7).fill(null);
    a[0] = 9;
    const r = nps(a, { invalid: "skip" });
    assert.equal(r.total, 1);
    assert.equal(r.skipped, 4e7 - 1);
    assert.equal(r.invalid.length, 100);
    assert.deepEqual(r.invalid[99], { index: 100, code: "NOT_A_NUMBER", message: "score at index 100 is null, not a number" });
    throwsCode(() => nps(a), "NOT_A_NUMBER", { index: 1, message: /is null/ });
    // The module was not restarted: accumulators made before still work.
    acc.add(10);
    assert.equal(acc.count, 2);
  });

  test("codes for NaN, fractions, negatives and non-numbers", () => {
    throwsCode(() => nps([1, NaN]), "NOT_A_NUMBER", { index: 1, class: "TypeError" });
    throwsCode(() => nps([7.5]), "NOT_AN_INTEGER", { index: 0, message: /7\.5, not a whole number/ });
    // Numbers in messages read as JavaScript writes them, never rounded
    // into another (9.000000000000002 is not shown as 9; 5e-324 is not
    // "Infinity").
    throwsCode(() => nps([9.000000000000002]), "NOT_AN_INTEGER", { message: /is 9\.000000000000002, not a whole number/ });
    throwsCode(() => nps([5e-324]), "NOT_AN_INTEGER", { message: /is 4\.940656e-324/ });
    throwsCode(() => nps([2 ** 60]), "SCORE_OUT_OF_RANGE", { message: /is 1152921504606846976;/ }); // every digit, exact
    throwsCode(() => nps(new Float64Array([3, -1])), "SCORE_OUT_OF_RANGE", { index: 1 });
    throwsCode(() => nps([Infinity]), "SCORE_OUT_OF_RANGE", { index: 0 });
    throwsCode(() => nps(new Int32Array([5, -2147483648])), "SCORE_OUT_OF_RANGE", { index: 1 });
    throwsCode(() => nps(new Uint32Array([4294967295])), "SCORE_OUT_OF_RANGE", { index: 0 });
    throwsCode(() => nps([1, 2, "7"]), "NOT_A_NUMBER", { index: 2, message: /a string "7"/ });
    throwsCode(() => nps([null]), "NOT_A_NUMBER", { index: 0, message: /is null/ });
    throwsCode(() => nps([1, undefined]), "NOT_A_NUMBER", { index: 1, message: /undefined/ });
    throwsCode(() => nps([{}]), "NOT_A_NUMBER", { index: 0, message: /an object/ });
    throwsCode(() => nps([true]), "NOT_A_NUMBER", { index: 0, message: /boolean/ });
    // eslint-disable-next-line no-sparse-arrays
    throwsCode(() => nps([1, , 3]), "NOT_A_NUMBER", { index: 1 });
  });

  test("skip leaves invalid answers out, counts and describes them", () => {
    const r = nps([10, "x", 11, 9, NaN, 7.5, 0], { invalid: "skip" });
    assert.equal(r.skipped, 4);
    assert.equal(r.total, 3);
    assert.equal(r.score, 100 / 3);
    assert.deepEqual(
      r.invalid.map((e) => [e.index, e.code]),
      [
        [1, "NOT_A_NUMBER"],
        [2, "SCORE_OUT_OF_RANGE"],
        [4, "NOT_A_NUMBER"],
        [5, "NOT_AN_INTEGER"],
      ],
    );
    assert.match(r.invalid[0].message, /a string "x"/);
    const many = nps(new Uint8Array(1000).fill(200), { invalid: "skip" });
    assert.equal(many.skipped, 1000);
    assert.equal(many.invalid.length, 100);
    assert.equal(many.score, null);
  });
});

describe("errors: arguments and options", () => {
  test("wrong argument types have a code, never a panic", () => {
    for (const bad of ["abc", 42, null, undefined, {}, { length: 3 }, true, Symbol("s"), () => 1, new DataView(new ArrayBuffer(4))]) {
      throwsCode(() => nps(bad), "INVALID_TYPE", { field: "scores", class: "TypeError" });
    }
    throwsCode(() => nps(new BigInt64Array(2)), "INVALID_TYPE", { message: /BigInt64Array/ });
    // Too big to copy into wasm memory: an error, not an aborted module.
    throwsCode(() => nps(new Array(2e8)), "INVALID_TYPE", { message: /at most 1 GiB/ });
    throwsCode(() => nps([1], "fast"), "INVALID_TYPE", { field: "options" });
    throwsCode(() => csat([1], 5), "INVALID_TYPE", { field: "options" });
  });

  test("option values are checked", () => {
    throwsCode(() => nps([1], { confidence: 95 }), "INVALID_OPTION", { field: "confidence", message: /between 0 and 1/ });
    throwsCode(() => nps([1], { confidence: "0.9" }), "INVALID_OPTION", { field: "confidence", message: /a string/ });
    throwsCode(() => nps([1], { confidence: 1 }), "INVALID_OPTION", { field: "confidence" });
    throwsCode(() => nps([1], { method: "wilson" }), "INVALID_OPTION", { field: "method" });
    throwsCode(() => nps([1], { invalid: "ignore" }), "INVALID_OPTION", { field: "invalid" });
    throwsCode(() => nps([1], { confidnce: 0.9 }), "INVALID_OPTION", { field: "confidnce", message: /not a known option/ });
    throwsCode(() => nps([1], { bands: { great: 1 } }), "INVALID_OPTION", { field: "bands.great" });
    throwsCode(() => nps([1], { bands: { excellent: 101 } }), "INVALID_OPTION", { field: "bands.excellent" });
    throwsCode(() => csat([1], { scale: [5, 1] }), "INVALID_OPTION", { field: "scale" });
    throwsCode(() => csat([1], { scale: [1] }), "INVALID_OPTION", { field: "scale" });
    throwsCode(() => csat([1], { scale: [0, 1000] }), "INVALID_OPTION", { field: "scale" });
    throwsCode(() => csat([1], { satisfiedFrom: 6 }), "INVALID_OPTION", { field: "satisfiedFrom" });
    throwsCode(() => ces([1], { easyFrom: 2.5 }), "INVALID_OPTION", { field: "easyFrom" });
    throwsCode(() => ces([1], { higherIsEasier: "no" }), "INVALID_OPTION", { field: "higherIsEasier" });
    // undefined and null mean "default"
    assert.equal(nps([10], { confidence: undefined, method: null }).score, 100);
  });

  test("weights are checked", () => {
    throwsCode(() => nps([1, 2], { weights: [1] }), "LENGTH_MISMATCH", { field: "weights", class: "RangeError" });
    throwsCode(() => nps([1, 2], { weights: [1, -1] }), "INVALID_WEIGHT", { index: 1, field: "weights" });
    throwsCode(() => nps([1, 2], { weights: [1, Infinity] }), "INVALID_WEIGHT", { index: 1 });
    throwsCode(() => nps([1, 2], { weights: [NaN, 1] }), "NOT_A_NUMBER", { index: 0, field: "weights" });
    throwsCode(() => nps([1, 2], { weights: [1, "2"] }), "NOT_A_NUMBER", { index: 1, field: "weights" });
    throwsCode(() => nps([1, 2], { weights: "heavy" }), "INVALID_TYPE", { field: "weights" });
    // all-zero weights: no value rather than NaN
    assert.equal(nps([1, 2], { weights: [0, 0] }).score, null);
  });

  test("counts are checked", () => {
    throwsCode(() => npsFromCounts({ promoters: -1, passives: 0, detractors: 0 }), "INVALID_COUNT", { field: "promoters" });
    throwsCode(() => npsFromCounts({ promoters: 1.5, passives: 0, detractors: 0 }), "INVALID_COUNT", { field: "promoters" });
    throwsCode(() => npsFromCounts({ promoters: 1, passives: "2", detractors: 0 }), "NOT_A_NUMBER", { field: "passives" });
    throwsCode(() => npsFromCounts({ promoters: 1, passives: 2 }), "INVALID_TYPE", { field: "detractors" });
    throwsCode(() => npsFromCounts([1, 2, 3]), "LENGTH_MISMATCH", { field: "distribution" });
    throwsCode(() => npsFromCounts("10"), "INVALID_TYPE", { field: "counts" });
    assert.equal(npsFromCounts({ promoters: 0, passives: 0, detractors: 0 }).score, null);
  });

  test("throwing getters and proxies do not break the module", () => {
    const evil = {
      get confidence() {
        throw new Error("boom");
      },
    };
    // An option whose getter throws is an error with a code, not a silent default.
    throwsCode(() => nps([10], evil), "INVALID_OPTION", { field: "confidence", message: /could not be read/ });
    const proxy = new Proxy([], {
      get() {
        throw new Error("boom");
      },
    });
    throwsCode(() => nps(proxy), "INVALID_TYPE");
    const badArray = [1, 2, 3];
    Object.defineProperty(badArray, 1, {
      get() {
        throw new Error("boom");
      },
    });
    throwsCode(() => nps(badArray), "INVALID_TYPE", { message: /could not be read/ });
  });
});

describe("npsCompare", () => {
  for (const [i, c] of ref.compare.entries()) {
    test(`SciPy reference case ${i}`, () => {
      const r = npsCompare(c.a, c.b);
      close(r.difference, c.difference, 1e-12, "difference");
      close(r.standardError, c.standardError, 1e-10, "SE");
      close(r.z, c.z, 1e-10, "z");
      close(r.pValue, c.pValue, 1e-9, "p");
      assert.equal(r.significant, c.pValue < 0.05);
      assert.equal(r.level, 0.95);
    });
  }

  test("arrays and results give the same answer", () => {
    const a = randomScores(300, 21);
    const b = randomScores(250, 22);
    assert.deepEqual(npsCompare(nps(a), nps(b)), npsCompare(a, b));
    assert.deepEqual(npsCompare(new Uint8Array(a), { promoters: nps(b).promoters, passives: nps(b).passives, detractors: nps(b).detractors }), npsCompare(a, b));
  });

  test("clearly different samples are significant, near-identical ones are not", () => {
    const good = [...Array(60).fill(10), ...Array(30).fill(8), ...Array(10).fill(2)];
    const bad = [...Array(20).fill(10), ...Array(30).fill(8), ...Array(50).fill(2)];
    assert.equal(npsCompare(good, bad).significant, true);
    const almost = [...Array(59).fill(10), ...Array(31).fill(8), ...Array(10).fill(2)];
    assert.equal(npsCompare(good, almost).significant, false);
  });

  test("undefined tests are null, not NaN", () => {
    const r = npsCompare([10, 10], [10, 10, 10]);
    assert.equal(r.difference, 0);
    assert.equal(r.standardError, 0);
    assert.equal(r.z, null);
    assert.equal(r.pValue, null);
    assert.equal(r.significant, null);
    const e = npsCompare([], [10]);
    assert.equal(e.difference, null);
  });

  test("bad inputs", () => {
    throwsCode(() => npsCompare("a", [1]), "INVALID_TYPE", { field: "a" });
    // An answer's error names its side.
    throwsCode(() => npsCompare([1], [12]), "SCORE_OUT_OF_RANGE", { field: "b", index: 0, message: /^b at index 0 is 12;/ });
    throwsCode(() => npsCompare([9, 11], [9]), "SCORE_OUT_OF_RANGE", { field: "a", index: 1 });
    throwsCode(() => csatCompare([1, null], [5]), "NOT_A_NUMBER", { field: "a", index: 1, message: /^a at index 1 is null/ });
    throwsCode(() => cesCompare([1], [3, 9]), "SCORE_OUT_OF_RANGE", { field: "b", index: 1 });
    throwsCode(() => npsCompare([1], { promoters: -1, passives: 0, detractors: 1 }), "INVALID_COUNT", { field: "b.promoters" });
    throwsCode(() => npsCompare([1], [1], { confidence: 2 }), "INVALID_OPTION", { field: "confidence" });
  });
});

describe("csatCompare and cesCompare", () => {
  const near = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
  test("CSAT: Newcombe (1998) example (a), 56/70 vs 48/80: +5.24 to +33.39 points", () => {
    const side = (sat, n) => Array.from({ length: n }, (_, i) => (i < sat ? 5 : 2));
    const c = csatCompare(side(56, 70), side(48, 80));
    near(c.difference, 20, 1e-9, "difference");
    near(c.confidenceInterval.low, 5.24, 0.005, "low");
    near(c.confidenceInterval.high, 33.39, 0.005, "high");
    assert.equal(c.confidenceInterval.method, "newcombe");
    // scipy chi2_contingency([[56,14],[48,32]], correction=False): p = 0.0080450814.
    near(c.pValue, 0.008_045_081_4, 1e-9, "p");
    assert.equal(c.test, "two-proportion-z");
    assert.equal(c.t, null);
    // Results and bare summaries compare alike.
    assert.deepEqual(csatCompare(csat(side(56, 70)), { satisfied: 48, total: 80 }), c);
  });
  test("CES: Welch's t against scipy.stats.ttest_ind(equal_var=False)", () => {
    const a = [7, 6, 6, 5, 7, 4, 6];
    const b = [3, 5, 4, 6, 2, 5];
    const c = cesCompare(a, b);
    near(c.t, 2.334_465_619_736_072_5, 1e-9, "t");
    near(c.df, 9.008_684_134_608_298, 1e-9, "df");
    near(c.pValue, 0.044_395_008_275_556_35, 1e-9, "p");
    near(c.confidenceInterval.low, 0.052_602_009_322_579_635, 1e-8, "low");
    near(c.confidenceInterval.high, 3.328_350_371_629_8, 1e-8, "high");
    assert.equal(c.significant, true);
    assert.equal(c.z, null);
    assert.deepEqual(cesCompare(ces(a), ces(b)), c);
  });
  test("empty sides give nulls, bad sides name their field", () => {
    const e = csatCompare([], [5]);
    assert.equal(e.difference, null);
    assert.equal(e.pValue, null);
    // One answer has a mean but no variance: the difference, and no test.
    const one = cesCompare([7], [1, 2]);
    assert.deepEqual([one.difference, one.standardError, one.t, one.df, one.pValue, one.significant, one.confidenceInterval], [5.5, null, null, null, null, null, null]);
    throwsCode(() => csatCompare("a", [1]), "INVALID_TYPE", { field: "a" });
    throwsCode(() => csatCompare([1], { satisfied: 5, total: 2 }), "INVALID_VALUE", { field: "b.satisfied", message: /^b\.satisfied is 5, more than total \(2\)$/ });
    throwsCode(() => cesCompare([1], { mean: 3, standardDeviation: -1, effectiveN: 10 }), "INVALID_VALUE", { field: "b.standardDeviation", message: /a standard deviation is a finite number ≥ 0/ });
    throwsCode(() => csatCompare([1], { satisfied: 1 }), "INVALID_TYPE", { field: "b.total" });
    throwsCode(() => cesCompare([1], [9]), "SCORE_OUT_OF_RANGE", { index: 0 });
    throwsCode(() => cesCompare([1], [1], { confidence: 1 }), "INVALID_OPTION", { field: "confidence" });
  });
  test("Welch's test does not depend on the unit: tiny or huge standard deviations", () => {
    // df = (a + b)² / (a²/(n−1) + b²/(m−1)), a = s²/n: 1²/10 and 2²/12
    // give 16.7477477… (by hand), whatever the unit.
    const want = (0.1 + 1 / 3) ** 2 / (0.01 / 9 + 1 / 9 / 11);
    for (const k of [1, 1e-150, 1e150]) {
      const c = cesCompare({ mean: 3 * k, standardDeviation: k, effectiveN: 10 }, { mean: 4 * k, standardDeviation: 2 * k, effectiveN: 12 });
      close(c.df, want, 1e-9, `df at ${k}`);
      assert.equal(c.significant, false, `significant at ${k}`);
    }
    // A test with no p-value says nothing about significance.
    const tiny = cesCompare({ mean: 3, standardDeviation: 1e-160, effectiveN: 10 }, { mean: 4, standardDeviation: 1e-160, effectiveN: 10 });
    assert.ok(tiny.pValue === null ? tiny.significant === null : tiny.significant === true, JSON.stringify(tiny));
  });
});

describe("csat", () => {
  test("hand-worked: top-2 box of 1-5", () => {
    const r = csat([5, 4, 4, 3, 1]);
    assert.equal(r.score, 60);
    assert.equal(r.mean, 3.4);
    assert.equal(r.satisfiedFrom, 4);
    assert.deepEqual(r.scale, [1, 5]);
    assert.deepEqual(r.distribution, [1, 0, 1, 2, 1]);
    assert.equal(r.confidenceInterval.method, "wilson");
  });

  test("default top-2 box per scale", () => {
    assert.equal(csat([6], { scale: [1, 7] }).satisfiedFrom, 6);
    assert.equal(csat([9], { scale: [1, 10] }).satisfiedFrom, 9);
    assert.equal(csat([1], { scale: [0, 1] }).satisfiedFrom, 1);
  });

  for (const [i, c] of ref.csat.entries()) {
    test(`statsmodels Wilson reference case ${i}`, () => {
      for (const { level, low, high } of c.intervals) {
        const r = csat(new Uint8Array(c.scores), { scale: c.scale, satisfiedFrom: c.satisfiedFrom, confidence: level });
        close(r.score, c.score, 1e-12, "score");
        close(r.mean, c.mean, 1e-12, "mean");
        close(r.confidenceInterval.low, low, 1e-9, `low @${level}`);
        close(r.confidenceInterval.high, high, 1e-9, `high @${level}`);
      }
    });
  }

  test("the group of each point follows the options, call after call, and each result owns its list", () => {
    const r = csat([5]);
    assert.deepEqual(r.groups, ["unsatisfied", "unsatisfied", "unsatisfied", "satisfied", "satisfied"]);
    r.groups[0] = "changed by the caller";
    assert.deepEqual(csat([5]).groups, ["unsatisfied", "unsatisfied", "unsatisfied", "satisfied", "satisfied"]);
    assert.deepEqual(csat([5], { satisfiedFrom: 5 }).groups, ["unsatisfied", "unsatisfied", "unsatisfied", "unsatisfied", "satisfied"]);
    assert.deepEqual(csat([5], { satisfiedFrom: 2 }).groups, ["unsatisfied", "satisfied", "satisfied", "satisfied", "satisfied"]);
    // More distinct lists than the engine keeps as shared lists: every one
    // still right (scales 0–1 to 0–100, each with two thresholds).
    for (let max = 1; max <= 100; max++) {
      for (const from of [1, max]) {
        const g = csat([0], { scale: [0, max], satisfiedFrom: from }).groups;
        assert.equal(g.length, max + 1);
        assert.equal(g.indexOf("satisfied"), from, `scale 0–${max}, satisfied from ${from}`);
        assert.ok(g.slice(from).every((x) => x === "satisfied") && g.slice(0, from).every((x) => x === "unsatisfied"));
      }
    }
    assert.deepEqual(csat([5]).groups, ["unsatisfied", "unsatisfied", "unsatisfied", "satisfied", "satisfied"]);
  });

  test("out-of-scale answer", () => {
    throwsCode(() => csat([5, 6]), "SCORE_OUT_OF_RANGE", { index: 1, message: /CSAT scores are integers 1–5/ });
    assert.equal(csat([5, 6, 0], { invalid: "skip" }).skipped, 2);
    assert.equal(csat([]).score, null);
  });
});

describe("ces", () => {
  test("hand-worked on 1-7 (higher is easier)", () => {
    const r = ces([7, 6, 5, 2]);
    assert.equal(r.mean, 5);
    assert.deepEqual([r.easyShare, r.difficultShare, r.netEffort], [50, 25, 25]);
    assert.deepEqual([r.easyFrom, r.difficultFrom], [6, 2]);
  });

  test("the group of each point follows the options", () => {
    assert.deepEqual(ces([7]).groups, ["difficult", "difficult", "neutral", "neutral", "neutral", "easy", "easy"]);
    assert.deepEqual(ces([7], { easyFrom: 5, difficultFrom: 1 }).groups, ["difficult", "neutral", "neutral", "neutral", "easy", "easy", "easy"]);
    assert.deepEqual(ces([1], { scale: [1, 5], higherIsEasier: false }).groups, ["easy", "easy", "neutral", "difficult", "difficult"]);
    assert.deepEqual(ces([7]).groups, ["difficult", "difficult", "neutral", "neutral", "neutral", "easy", "easy"]);
  });

  test("CEB 1-5 where 5 is the most effort", () => {
    const r = ces([1, 2, 2, 3, 5], { scale: [1, 5], higherIsEasier: false });
    assert.deepEqual([r.easyShare, r.difficultShare, r.netEffort], [60, 20, 40]);
    assert.equal(r.higherIsEasier, false);
    close(r.mean, 2.6, 1e-12, "mean");
  });

  for (const [i, c] of ref.ces.entries()) {
    test(`SciPy t-interval reference case ${i}`, () => {
      for (const { level, low, high } of c.intervals) {
        const r = ces(new Uint8Array(c.scores), { scale: c.scale, confidence: level });
        close(r.mean, c.mean, 1e-12, "mean");
        close(r.standardDeviation, c.standardDeviation, 1e-12, "sd");
        close(r.confidenceInterval.low, low, 1e-9, `low @${level}`);
        close(r.confidenceInterval.high, high, 1e-9, `high @${level}`);
      }
    });
  }

  test("one answer: a mean but no interval; none: nulls", () => {
    const one = ces([4]);
    assert.equal(one.mean, 4);
    assert.equal(one.confidenceInterval, null);
    const none = ces([]);
    assert.equal(none.mean, null);
    assert.equal(none.netEffort, null);
  });
});

describe("accumulators", () => {
  test("merge law: any split merged equals the whole", () => {
    const all = randomScores(5000, 42);
    const whole = nps(all);
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed);
      const parts = [new NpsAccumulator(), new NpsAccumulator(), new NpsAccumulator()];
      for (const s of all) parts[Math.floor(r() * 3)].add(s);
      const merged = new NpsAccumulator();
      for (const p of parts) merged.merge(p);
      assert.deepEqual(merged.result(), whole);
      // via JSON, as from a Web Worker
      const viaJson = NpsAccumulator.fromJSON(JSON.parse(JSON.stringify(parts[0])));
      viaJson.merge(JSON.parse(JSON.stringify(parts[1])));
      viaJson.merge(parts[2].toJSON());
      assert.deepEqual(viaJson.result(), whole);
    }
  });

  test("addMany is all or nothing; add rejects non-numbers", () => {
    const a = new NpsAccumulator();
    a.addMany(new Uint8Array([10, 9, 0]));
    const before = JSON.stringify(a);
    throwsCode(() => a.addMany([1, 2, 99]), "SCORE_OUT_OF_RANGE", { index: 2 });
    throwsCode(() => a.add("7"), "NOT_A_NUMBER", { message: /a string "7"/ });
    throwsCode(() => a.add(null), "NOT_A_NUMBER");
    throwsCode(() => a.add(10.5), "NOT_AN_INTEGER");
    throwsCode(() => a.add(256), "SCORE_OUT_OF_RANGE", { message: /^score is 256/ });
    assert.equal(JSON.stringify(a), before);
    assert.equal(a.count, 3);
    assert.equal(a.result().score, 100 / 3);
  });

  test("skip policy and result options", () => {
    const a = new NpsAccumulator({ invalid: "skip" });
    a.addMany([10, 11, "x", 0]);
    a.add(NaN);
    assert.equal(a.skipped, 3);
    assert.equal(a.count, 2);
    assert.equal(a.result({ confidence: 0.9 }).confidenceInterval.level, 0.9);
    throwsCode(() => a.result({ confidence: 9 }), "INVALID_OPTION");
    throwsCode(() => new NpsAccumulator({ invalid: "maybe" }), "INVALID_OPTION");
  });

  test("under skip, add() skips what addMany() skips, non-numbers included; its errors name score", () => {
    const a = new NpsAccumulator({ invalid: "skip" });
    for (const bad of [null, undefined, "7", {}, true, 9n, new Date(0), NaN, 11, 9.5]) a.add(bad);
    a.add(10);
    assert.equal(a.skipped, 10);
    assert.equal(a.count, 1);
    const b = new NpsAccumulator();
    for (const [bad, code] of [[NaN, "NOT_A_NUMBER"], [Infinity, "SCORE_OUT_OF_RANGE"], [9.5, "NOT_AN_INTEGER"], [null, "NOT_A_NUMBER"]]) {
      throwsCode(() => b.add(bad), code, { field: "score" });
    }
    assert.equal(b.count + b.skipped, 0);
  });

  test("an accumulator freed in the middle of its own call fails the call and touches no other", () => {
    // An option's getter (or an element's, through a Proxy) frees the
    // accumulator and makes another, which may take its place in memory.
    const a = new NpsAccumulator();
    a.addMany([9, 10, 0]);
    let b;
    throwsCode(() => a.result({ get confidence() { a.free(); b = new CsatAccumulator({ scale: [1, 3] }); b.add(2); return 0.9; } }), "INVALID_STATE");
    assert.deepEqual(b.toJSON().counts, [0, 1, 0]);
    const c = new NpsAccumulator();
    let d;
    const scores = new Proxy([2, 2, 3], { get(t, k) { if (k === "0" && !d) { c.free(); d = new CsatAccumulator(); } return t[k]; } });
    throwsCode(() => c.addMany(scores), "INVALID_STATE");
    assert.deepEqual(d.toJSON().counts, [0, 0, 0, 0, 0]);
    // Handles of freed accumulators stay dead however often slots are reused.
    const dead = [];
    for (let i = 0; i < 50; i++) {
      const x = new NpsAccumulator();
      x.add(i % 11);
      dead.push(x);
      x.free();
      const y = new NpsAccumulator();
      y.add(10);
      throwsCode(() => x.add(1), "INVALID_STATE");
      assert.equal(y.count, 1);
      y.free();
    }
  });

  test("every way into a state keeps its total at most 2^53 − 1 (fromJSON, fromCounts and add took more, which merge then refused)", () => {
    const state = (c) => ({ kind: "nps", version: 1, counts: c, skipped: 0 });
    throwsCode(() => NpsAccumulator.fromJSON(state(Array(11).fill(2 ** 50))), "INVALID_STATE", { field: "counts", message: /12384898975268864/ });
    throwsCode(() => NpsAccumulator.fromCounts(Array(11).fill(2 ** 52)), "INVALID_STATE", { field: "counts" });
    const full = NpsAccumulator.fromJSON(state([2 ** 53 - 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    throwsCode(() => full.add(10), "INVALID_COUNT", { field: "counts" });
    throwsCode(() => full.merge(state([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])), "INVALID_COUNT", { field: "counts" });
    assert.equal(full.count, 2 ** 53 - 1);
  });

  test("merging an accumulator of another kind names `kind`, as merging its state does (it had no field)", () => {
    const n = new NpsAccumulator();
    n.add(9);
    const c = new CesAccumulator();
    throwsCode(() => c.merge(n), "INVALID_STATE", { field: "kind" });
    throwsCode(() => c.merge(n.toJSON()), "INVALID_STATE", { field: "kind" });
    assert.equal(c.count, 0);
  });

  test("a toJSON that Object.prototype or Array.prototype holds is not a state", () => {
    const a = new NpsAccumulator();
    try {
      Object.prototype.toJSON = () => ({ kind: "nps", version: 1, counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100], skipped: 0 });
      throwsCode(() => a.merge({ counts: [] }), "INVALID_STATE");
      throwsCode(() => a.merge([]), "INVALID_STATE");
      throwsCode(() => NpsAccumulator.fromJSON({ version: 1 }), "INVALID_STATE");
      Array.prototype.toJSON = Object.prototype.toJSON;
      throwsCode(() => a.merge([]), "INVALID_STATE");
    } finally {
      delete Object.prototype.toJSON;
      delete Array.prototype.toJSON;
    }
    assert.equal(a.count, 0);
    // An object whose own class gives toJSON (an accumulator of another
    // copy of the package) is still read through it.
    class Saved {
      toJSON() {
        return { kind: "nps", version: 1, counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], skipped: 0 };
      }
    }
    a.merge(new Saved());
    assert.equal(a.count, 2);
  });

  test("saved states are validated, and errors name the key at fault", () => {
    throwsCode(() => NpsAccumulator.fromJSON({ kind: "csat", version: 1, counts: [] }), "INVALID_STATE", { field: "kind" });
    throwsCode(() => NpsAccumulator.fromJSON({ kind: "nps", version: 2, counts: Array(11).fill(0) }), "INVALID_STATE", { field: "version" });
    throwsCode(() => NpsAccumulator.fromJSON({ kind: "nps", version: 1, counts: Array(10).fill(0) }), "INVALID_STATE", { field: "counts" });
    throwsCode(() => NpsAccumulator.fromJSON({ kind: "nps", version: 1, counts: [...Array(10).fill(0), -1] }), "INVALID_STATE", {
      field: "counts",
      index: 10,
      message: /counts\[10\] is -1/,
    });
    throwsCode(() => CsatAccumulator.fromJSON({ kind: "csat", version: 1, counts: [0, 0, 0, 0, 0], skipped: 0 }), "INVALID_STATE", { field: "scale" });
    throwsCode(() => CsatAccumulator.fromJSON({ kind: "csat", version: 1, scale: [5, 1], counts: [0, 0, 0, 0, 0], skipped: 0 }), "INVALID_STATE", {
      field: "scale",
      message: /^not a saved state: scale must have min < max; got \[5, 1\]$/,
    });
    throwsCode(() => NpsAccumulator.fromJSON({ kind: "nps", version: 1, counts: Array(11).fill(0), skipped: -2 }), "INVALID_STATE", { field: "skipped", index: undefined });
    throwsCode(() => NpsAccumulator.fromJSON("{}"), "INVALID_STATE");
    const a = new NpsAccumulator();
    throwsCode(() => a.merge({ kind: "nps", version: 1, counts: [1.5, ...Array(10).fill(0)] }), "INVALID_STATE");
    throwsCode(() => a.merge(new CsatAccumulator()), "INVALID_STATE");
    assert.equal(a.count, 0);
    a.add(10);
    throwsCode(() => a.merge(a), "INVALID_STATE", { message: /cannot be merged into itself/ });
    a.merge(NpsAccumulator.fromJSON(a.toJSON()));
    assert.equal(a.count, 2);
  });

  test("CSAT and CES accumulators", () => {
    const s = [5, 4, 3, 3, 1, 5, 2];
    const c = new CsatAccumulator();
    c.addMany(new Uint8Array(s.slice(0, 3)));
    const d = new CsatAccumulator();
    for (const x of s.slice(3)) d.add(x);
    c.merge(d);
    assert.deepEqual(c.result(), csat(s));
    assert.deepEqual(c.result({ satisfiedFrom: 5 }), csat(s, { satisfiedFrom: 5 }));
    throwsCode(() => c.merge(new CsatAccumulator({ scale: [1, 7] })), "SCALE_MISMATCH");
    const restored = CsatAccumulator.fromJSON(JSON.parse(JSON.stringify(c)));
    assert.deepEqual(restored.result(), csat(s));

    const e = new CesAccumulator({ scale: [1, 5] });
    e.addMany([1, 2, 2, 3, 5]);
    assert.deepEqual(e.result({ higherIsEasier: false }), ces([1, 2, 2, 3, 5], { scale: [1, 5], higherIsEasier: false }));
    assert.deepEqual(CesAccumulator.fromJSON(e.toJSON()).toJSON(), e.toJSON());
    throwsCode(() => CesAccumulator.fromJSON({ kind: "ces", version: 1, scale: [1, 5], counts: [1, 2] }), "INVALID_STATE");
  });
});

describe("csatFromCounts and cesFromCounts", () => {
  test("hand-worked: 2, 3, 10, 40, 45 answers on 1–5 give CSAT 85 (top-2 box)", () => {
    const r = csatFromCounts([2, 3, 10, 40, 45]);
    assert.equal(r.score, 85);
    assert.equal(r.satisfied, 85);
    assert.equal(r.total, 100);
    assert.deepEqual(r.distribution, [2, 3, 10, 40, 45]);
    assert.deepEqual(r.groups, ["unsatisfied", "unsatisfied", "unsatisfied", "satisfied", "satisfied"]);
    // Mean (1·2 + 2·3 + 3·10 + 4·40 + 5·45) / 100 = 4.23.
    close(r.mean, 4.23, 1e-12, "mean");
  });

  test("the same result as the answers themselves", () => {
    const counts = [2, 3, 10, 40, 45];
    const answers = counts.flatMap((c, k) => Array(c).fill(k + 1));
    assert.deepEqual(csatFromCounts(counts, { satisfiedFrom: 5 }), csat(answers, { satisfiedFrom: 5 }));
    const effort = [1, 0, 2, 4, 6, 9, 3];
    const efforts = effort.flatMap((c, k) => Array(c).fill(k + 1));
    assert.deepEqual(cesFromCounts(effort, { confidence: 0.9 }), ces(efforts, { confidence: 0.9 }));
    assert.deepEqual(cesFromCounts({ distribution: [1, 1, 2, 4] }, { scale: [1, 4] }), ces([1, 2, 3, 3, 4, 4, 4, 4], { scale: [1, 4] }));
  });

  test("counts are checked: one per scale point, whole, not negative; no invalid policy", () => {
    throwsCode(() => csatFromCounts([1, 2, 3]), "LENGTH_MISMATCH");
    throwsCode(() => csatFromCounts([1, 2, 3, 4, 0.5]), "INVALID_COUNT");
    throwsCode(() => cesFromCounts([1, 2, 3, 4, 5, 6, -1]), "INVALID_COUNT");
    throwsCode(() => csatFromCounts([1, 2, 3, 4, 5], { invalid: "skip" }), "INVALID_OPTION");
    throwsCode(() => csatFromCounts("1,2,3,4,5"), "INVALID_TYPE");
  });
});

// Results written flat (NPS, CSAT, CES, their intervals, a grouping) are
// read by object-literal builders generated at build time; a runtime given
// none builds the same objects from the shapes the module describes. Both
// must give the same objects, field for field.
describe("flat results without the generated builders", () => {
  const wasm = (name) => new WebAssembly.Module(readFileSync(new URL(`../../pkg/wasm/${name}_bg.wasm`, import.meta.url)));
  test("survey results", async () => {
    const { runtime } = await import("../../pkg/runtime.js");
    const { default: meta } = await import("../../pkg/wasm/cx_metrics.meta.js");
    const plain = runtime(wasm("cx_metrics"), meta);
    const calls = [
      ["nps", [10, 9, 8, 7, 0, 11], { invalid: "skip", weights: [1, 2, 1, 1, 3, 1] }],
      ["nps", new Uint8Array([10, 10, 9, 3])],
      ["nps", [], {}],
      ["enps", [10, 6, 0]],
      ["npsFromCounts", { promoters: 3, passives: 0, detractors: 1 }],
      ["csat", [5, 4, 1, "x"], { invalid: "skip", confidence: 0.9 }],
      ["csat", []],
      ["ces", [7, 6, 1, 2], { scale: [1, 7] }],
      ["ces", [5, 1], { scale: [1, 5], higherIsEasier: false }],
      ["csatFromCounts", [1, 0, 0, 2, 1]],
      ["cesFromCounts", [1, 0, 0, 0, 0, 0, 1]],
    ];
    for (const [name, ...args] of calls) {
      const expected = { nps, enps, npsFromCounts, csat, ces, csatFromCounts, cesFromCounts }[name](...args);
      assert.deepEqual(plain.fn(name)(...args), expected, name);
    }
  });
  test("a grouping", async () => {
    const { runtime } = await import("../../pkg/runtime.js");
    const { default: meta } = await import("../../pkg/wasm/cx_metrics_tickets.meta.js");
    const { groupKpis } = await import("../../pkg/group.js");
    const plain = runtime(wasm("cx_metrics_tickets"), meta);
    const data = { seg: ["a", "b", "a", null], at: [0, 86_400_000, 2 * 86_400_000, 3], score: [10, 3, 9, 7], sat: [5, 1, 4, 4] };
    const options = {
      by: ["seg", { time: "at", every: "day" }],
      metrics: { nps: { kind: "nps", column: "score" }, csat: { kind: "csat", column: "sat" }, ces: { kind: "ces", column: "sat", scale: [1, 5] } },
      compare: "previous",
      totals: true,
      states: true,
    };
    assert.deepEqual(plain.fn("groupKpis")(data, options, 5 * 86_400_000), groupKpis(data, options, 5 * 86_400_000));
  });
});

describe("results do not depend on the calls made before", () => {
  // The engine remembers the last critical values it computed (z and t for
  // a level): a fresh module and one that has answered other levels must
  // give the same results to the last digit.
  test("intervals at the default level, after other levels and in a fresh module", async () => {
    const { runtime } = await import("../../pkg/runtime.js");
    const { default: meta, builders } = await import("../../pkg/wasm/cx_metrics.meta.js");
    const calls = [
      ["nps", [10, 9, 8, 7, 0, 3, 10]],
      ["csat", [5, 4, 1, 3, 5]],
      ["ces", [7, 6, 1, 2, 5], { scale: [1, 7] }],
    ];
    for (const [name, ...args] of calls) {
      const fresh = runtime(new WebAssembly.Module(readFileSync(new URL("../../pkg/wasm/cx_metrics_bg.wasm", import.meta.url))), meta, { builders });
      const first = fresh.fn(name)(...args);
      for (const confidence of [0.9, 0.99, 0.8]) fresh.fn(name)(args[0], { ...args[1], confidence });
      assert.deepEqual(fresh.fn(name)(...args), first, `${name}, the same module`);
      const { nps, csat, ces } = await import("../../pkg/index.js");
      ({ nps, csat, ces })[name](args[0], { ...args[1], confidence: 0.9 });
      assert.deepEqual(({ nps, csat, ces })[name](...args), first, `${name}, the package's module`);
    }
  });
});
