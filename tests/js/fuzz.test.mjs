// The JavaScript boundary, tried as a hostile caller would: property-based
// fuzzing (fast-check) of every export and every option with hostile values
// — every typed-array kind, detached and resizable buffers, Proxies,
// throwing getters, prototype-polluted objects, sparse arrays, extreme
// numbers, forged states — and a model of the accumulators.
//
// After every call: either a valid result (no NaN or ±Infinity anywhere) or
// a thrown Error carrying one of the documented codes; the module keeps
// working. On failure fast-check prints the seed and path; FUZZ_SEED and
// FUZZ_RUNS reproduce or deepen a run.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { runInNewContext } from "node:vm";
import { throwsCode } from "../support/errors.mjs";
import { execFileSync } from "node:child_process";
import * as survey from "../../pkg/index.js";
import * as tickets from "../../pkg/tickets.js";
import surveyMeta from "../../pkg/wasm/cx_metrics.meta.js";

const CODES = new Set(surveyMeta.codes);
const RUNS = Number(process.env.FUZZ_RUNS || 1500);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
// fast-check's own report prints the counterexample by reading it, and the
// hostile values here throw when read (getters, proxies): the report would
// then throw that value instead of saying what failed. This one prints what
// it can and always reports the failure, its seed and its path.
function printable(v) {
  try {
    return fc.stringify(v);
  } catch (e) {
    return `<a value that throws when read (${e instanceof Error ? e.message : typeof e})>`;
  }
}
function reporter(run) {
  if (!run.failed) return;
  const values = Array.isArray(run.counterexample) ? run.counterexample.map(printable).join(", ") : "(none)";
  const cause = run.errorInstance instanceof Error ? run.errorInstance.stack : printable(run.errorInstance);
  throw new Error(`Property failed after ${run.numRuns} runs { seed: ${run.seed}, path: "${run.counterexamplePath}" }\nCounterexample: [${values}]\n${cause}`);
}
const params = { numRuns: RUNS, seed: SEED, endOnFailure: true, reporter };
let calls = 0;
let results = 0;

// ---------------------------------------------------------------- the rule

/** A result must hold no NaN / ±Infinity (Float64Array outputs may hold NaN: missing). */
function finiteEverywhere(v, path = "result", seen = new Set()) {
  if (typeof v === "number") {
    assert.ok(Number.isFinite(v), `${path} is ${v}`);
    return;
  }
  if (v === null || typeof v !== "object" || seen.has(v)) return;
  if (v instanceof Float64Array) return;
  seen.add(v);
  for (const [k, x] of Object.entries(v)) finiteEverywhere(x, `${path}.${k}`, seen);
}

/** Rule 1: a valid result or an Error with a documented code. */
function rule(fn) {
  calls++;
  let result;
  try {
    result = fn();
  } catch (e) {
    assert.ok(e instanceof Error, `a thrown value that is not an Error: ${String(e)}`);
    assert.ok(CODES.has(e.code), `an error without a documented code: ${e.constructor.name}: ${e.message} (code ${e.code})`);
    assert.ok(survey.isCxError(e) && tickets.isCxError(e));
    assert.ok(typeof e.message === "string" && e.message.length > 0 && e.message.length < 1500, `message length ${e.message.length}`);
    if ("index" in e) assert.ok(Number.isInteger(e.index) && e.index >= 0);
    return { error: e };
  }
  finiteEverywhere(result);
  results++;
  return { result };
}

function stillWorks() {
  assert.equal(survey.nps([10, 0]).score, 0);
  assert.equal(tickets.businessDuration(0, 3_600_000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } }), 3_600_000);
}

// ---------------------------------------------------------------- hostile values

const specialNumbers = fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 53 - 1, -(2 ** 31), 2 ** 32, 255, 256, 11, 10.5, 1e-200, 1e100, 1e101);
const number = fc.oneof(specialNumbers, fc.integer({ min: -3, max: 12 }), fc.double());
const string = fc.oneof(fc.string(), fc.constantFrom("", "7", " 7 ", "1e3", "__proto__", "constructor", "\ud800", "x".repeat(5000), "2026-03-06T17:30:00Z", "09:00"));
const primitive = fc.oneof(number, string, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), fc.constant(Symbol("s")), fc.constant(() => 1));

const TYPED = [Uint8Array, Uint8ClampedArray, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array];
if (typeof Float16Array === "function") TYPED.push(globalThis.Float16Array);

function detached(T, n) {
  const a = new T(n);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

function outOfBounds(T, n) {
  const buf = new ArrayBuffer(n * T.BYTES_PER_ELEMENT, { maxByteLength: 64 * 8 });
  const a = new T(buf, 0, n);
  buf.resize(0);
  return a;
}

function lengthTracking(T, n) {
  const buf = new ArrayBuffer(n * T.BYTES_PER_ELEMENT, { maxByteLength: 64 * 8 });
  const a = new T(buf);
  for (let i = 0; i < n; i++) a[i] = typeof a[0] === "bigint" ? BigInt(i % 11) : i % 11;
  return a;
}

function lying(T, n) {
  // A typed array claiming to be something else.
  const a = new T(n).fill(typeof new T(1)[0] === "bigint" ? 1n : 9);
  Object.defineProperty(a, Symbol.toStringTag, { value: "Uint8Array" });
  Object.defineProperty(a, "length", { value: 3 });
  return a;
}

const typedArray = fc.tuple(fc.constantFrom(...TYPED), fc.integer({ min: 0, max: 40 }), fc.constantFrom("plain", "detached", "oob", "tracking", "lying", "sub", "shared")).map(([T, n, how]) => {
  const big = typeof new T(1)[0] === "bigint";
  switch (how) {
    case "detached":
      return detached(T, n);
    case "oob":
      return outOfBounds(T, n);
    case "tracking":
      return lengthTracking(T, n);
    case "lying":
      return lying(T, n);
    case "sub": {
      const a = new T(n + 4).fill(big ? 3n : 3);
      return a.subarray(2, 2 + n);
    }
    case "shared": {
      const a = new T(new SharedArrayBuffer(n * T.BYTES_PER_ELEMENT));
      a.fill(big ? 10n : 10);
      return a;
    }
    default: {
      const a = new T(n);
      for (let i = 0; i < n; i++) a[i] = big ? BigInt(i % 12) : (i * 7) % 12;
      return a;
    }
  }
});

function throwingGetter(key, v) {
  const o = {};
  Object.defineProperty(o, key, { enumerable: true, get: () => { throw v; } });
  return o;
}

const proxies = fc.constantFrom(
  () => new Proxy([], { get() { throw new Error("trap"); } }),
  () => new Proxy([1, 2, 3], { get(t, k) { if (k === "1") throw 1; return Reflect.get(t, k); } }),
  () => new Proxy({}, { ownKeys() { throw new TypeError("keys"); } }),
  () => new Proxy({ a: 1 }, { getOwnPropertyDescriptor() { throw "desc"; } }),
  () => new Proxy(new Uint8Array(3), {}),
  () => new Proxy({ confidence: 0.9 }, { get() { throw new Error("no"); } }),
).map((f) => f());

const oddObjects = fc.constantFrom(
  () => new DataView(new ArrayBuffer(8)),
  () => new ArrayBuffer(8),
  () => new Date(NaN),
  () => new Date(0),
  () => Object.create(Date.prototype),
  () => new Map([["a", 1]]),
  () => Object.create(null),
  () => { const a = [1, , 3]; return a; },
  () => { const a = [1, 2, 3]; Object.defineProperty(a, 1, { get() { throw new Error("el"); } }); return a; },
  () => { const o = {}; o.self = o; return o; },
  () => { const a = []; a.push(a); return a; },
  () => new Array(2 ** 32 - 1),
  () => ({ toJSON() { throw new Error("toJSON"); } }),
  () => ({ get toJSON() { throw 1; } }),
  () => ({ kind: "nps", version: 1, counts: Array(11).fill(2 ** 53 - 1), skipped: 0 }),
  () => ({ kind: "csat", version: 1, scale: [1, 5], counts: [1, 2, 3, 4, 5], skipped: 0 }),
  () => ({ kind: "nps", version: 2, counts: [] }),
  () => ({ kind: "nps", version: 1, counts: [-1, 1.5, NaN, "x", null, 1, 1, 1, 1, 1, 1] }),
  () => throwingGetter("counts", new Error("g")),
  () => throwingGetter("createdAt", 7),
  () => ({ promoters: 1e308, passives: 1e308, detractors: 1e308, effectiveN: 1e-300 }),
  () => ({ promoters: 5, passives: 0, detractors: 5, effectiveN: 5e-324 }),
).map((f) => f());

const leaf = fc.oneof(primitive, typedArray, proxies, oddObjects);
const hostile = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 12 }),
  object: fc.dictionary(fc.oneof(string, fc.constantFrom("confidence", "weights", "invalid", "method", "bands", "scale", "satisfiedFrom", "easyFrom", "higherIsEasier", "createdAt", "calendar", "timeZone", "week", "percentiles", "sla", "backlog", "asOf", "distribution", "promoters", "kind", "counts")), tie("value"), { maxKeys: 6 }),
})).value;

// Valid-looking values with hostile parts, so that deeper code is reached.
const scores = fc.oneof(
  fc.array(fc.oneof(fc.integer({ min: 0, max: 10 }), number, primitive), { maxLength: 50 }),
  typedArray,
  hostile,
);
const calendar = fc.record(
  {
    timeZone: fc.oneof(fc.constantFrom("UTC", "America/New_York", "Pacific/Apia", "Australia/Lord_Howe", "Nowhere/Else", "america/sao_paulo"), hostile),
    week: fc.oneof(
      fc.dictionary(fc.constantFrom("mon", "tue", "sat", "sun", "monday"), fc.array(fc.tuple(fc.constantFrom("00:00", "09:00", "12:30", "18:00", "24:00", "25:00", "9am"), fc.constantFrom("00:00", "09:00", "12:30", "18:00", "24:00")), { maxLength: 3 })),
      hostile,
    ),
    holidays: fc.oneof(fc.array(fc.constantFrom("2026-12-25", "2026-02-30", "x"), { maxLength: 2 }), hostile),
  },
  { requiredKeys: ["timeZone", "week"] },
);
const options = fc.oneof(
  fc.record(
    {
      confidence: fc.oneof(fc.constantFrom(0.9, 0.95, 0.99), number, hostile),
      method: fc.oneof(fc.constantFrom("wald", "adjusted-wald"), hostile),
      invalid: fc.oneof(fc.constantFrom("skip", "error"), hostile),
      weights: fc.oneof(fc.array(number, { maxLength: 50 }), typedArray, hostile),
      scale: fc.oneof(fc.constantFrom([1, 5], [0, 10], [1, 7], [5, 1], [0, 1000]), hostile),
      bands: fc.oneof(fc.record({ excellent: number, veryGood: number }), hostile),
      satisfiedFrom: number,
      easyFrom: number,
      higherIsEasier: fc.oneof(fc.boolean(), hostile),
    },
    { requiredKeys: [] },
  ),
  hostile,
);
const instant = fc.oneof(fc.integer({ min: 1.7e12, max: 1.8e12 }), number, fc.constantFrom("2026-03-06T17:30:00-03:00", "2026-03-06T17:30:00", new Date(1.77e12), new Date(NaN)), hostile);
const ticketRow = fc.record(
  {
    createdAt: instant,
    firstResponseAt: instant,
    resolvedAt: instant,
    handleMs: number,
    replies: number,
    abandoned: fc.oneof(fc.boolean(), hostile),
    status: fc.oneof(fc.constantFrom("open", "__proto__", "constructor"), hostile),
  },
  { requiredKeys: [] },
);
const ticketOptions = fc.oneof(
  fc.record(
    {
      calendar,
      percentiles: fc.oneof(fc.array(number, { maxLength: 4 }), hostile),
      quantileMethod: fc.oneof(fc.constantFrom("inclusive", "exclusive", "nearest-rank"), hostile),
      sla: fc.oneof(fc.record({ firstResponseMs: number, time: fc.constantFrom("business", "calendar") }), hostile),
      asOf: instant,
      backlog: fc.oneof(fc.record({ from: instant, to: instant, every: fc.constantFrom("day", "week", "fortnight"), timeZone: fc.constantFrom("UTC", "Nowhere") }), hostile),
      invalid: fc.oneof(fc.constantFrom("skip", "error"), hostile),
    },
    { requiredKeys: [] },
  ),
  hostile,
);

const groupRow = fc.record(
  {
    seg: fc.oneof(fc.constantFrom("EU", "US", "", "  ", "__proto__"), fc.integer({ min: -2, max: 2 }), fc.boolean(), primitive, hostile),
    at: instant,
    score: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom("7", " 9 ", "", "x", "1e1", "0x10", "Infinity"), number, hostile),
    createdAt: instant,
    firstResponseAt: instant,
  },
  { requiredKeys: [] },
);
const groupMetric = fc.oneof(
  fc.record({ kind: fc.constantFrom("nps", "enps", "csat", "ces"), column: fc.constantFrom("score", "seg", "nope"), confidence: fc.oneof(fc.constantFrom(0.9, 0.95), number) }, { requiredKeys: ["kind", "column"] }),
  fc.record(
    {
      kind: fc.constantFrom("firstResponse", "fcr", "sla", "handle"),
      sla: fc.record({ firstResponseMs: number }),
      calendar,
      // Each ticket's schedule named in a column, which may be a key.
      calendars: fc.oneof(fc.dictionary(fc.constantFrom("EU", "US", "", "__proto__", "1"), calendar, { maxKeys: 3 }), hostile),
      calendarColumn: fc.oneof(fc.constantFrom("seg", "calendar", "score", ""), hostile),
    },
    { requiredKeys: ["kind"] },
  ),
  hostile,
);
const groupOptions = fc.oneof(
  fc.record(
    {
      by: fc.oneof(
        fc.array(fc.oneof(fc.constantFrom("seg", "score", ""), fc.record({ time: fc.constantFrom("at", "createdAt"), every: fc.constantFrom("hour", "day", "week", "week-sunday", "month", "quarter", "fiscal-year", "decade"), timeZone: fc.constantFrom("UTC", "Pacific/Apia", "Australia/Lord_Howe", "Nowhere") }, { requiredKeys: ["time", "every"] }), hostile), { maxLength: 3 }),
        hostile,
      ),
      metrics: fc.oneof(fc.dictionary(fc.constantFrom("m", "n", "period", "seg"), groupMetric, { maxKeys: 3 }), hostile),
      compare: fc.oneof(fc.constantFrom("previous", "none"), hostile),
      totals: fc.oneof(fc.boolean(), hostile),
      fill: fc.boolean(),
      rolling: fc.oneof(fc.record({ days: fc.oneof(fc.integer({ min: 0, max: 40 }), number) }), hostile),
      adjust: fc.oneof(fc.constantFrom("bh", "none"), hostile),
      invalid: fc.constantFrom("skip", "error"),
      dropMissingKeys: fc.boolean(),
    },
    { requiredKeys: ["by", "metrics"] },
  ),
  hostile,
);

// ---------------------------------------------------------------- properties

describe("fuzz: every export obeys the rule on hostile input", () => {
  test("nps, enps, csat, ces", () => {
    fc.assert(
      fc.property(fc.constantFrom("nps", "enps", "csat", "ces"), scores, options, (f, s, o) => {
        rule(() => survey[f](s, o));
      }),
      params,
    );
    stillWorks();
  });

  test("npsFromCounts, csatFromCounts, cesFromCounts", () => {
    fc.assert(
      fc.property(fc.constantFrom("npsFromCounts", "csatFromCounts", "cesFromCounts"), fc.oneof(fc.array(number, { maxLength: 12 }), hostile), options, (f, c, o) => {
        rule(() => survey[f](c, o));
      }),
      params,
    );
    stillWorks();
  });

  test("npsCompare", () => {
    fc.assert(
      fc.property(scores, scores, options, (a, b, o) => {
        rule(() => survey.npsCompare(a, b, o));
      }),
      params,
    );
    stillWorks();
  });

  test("csatCompare and cesCompare", () => {
    const side = fc.oneof(
      scores,
      fc.record({ satisfied: fc.oneof(fc.double(), hostile), total: fc.oneof(fc.double(), hostile), effectiveN: fc.oneof(fc.double(), hostile) }, { requiredKeys: [] }),
      fc.record({ mean: fc.oneof(fc.double(), hostile), standardDeviation: fc.oneof(fc.double(), hostile), effectiveN: fc.oneof(fc.double(), hostile) }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(side, side, options, (a, b, o) => {
        for (const f of ["csatCompare", "cesCompare"]) {
          rule(() => survey[f](a, b, o));
        }
      }),
      params,
    );
    stillWorks();
  });

  test("ticketMetrics on rows and columns", () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.oneof(ticketRow, hostile), { maxLength: 12 }), fc.record({ createdAt: fc.oneof(fc.array(instant, { maxLength: 8 }), typedArray, hostile), resolvedAt: fc.oneof(fc.array(instant, { maxLength: 8 }), hostile) }), hostile), ticketOptions, (t, o) => {
        rule(() => tickets.ticketMetrics(t, o));
      }),
      { ...params, numRuns: Math.ceil(RUNS / 2) },
    );
    stillWorks();
  });

  test("groupKpis on hostile rows, columns and options; groups partition the rows counted", () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.oneof(groupRow, hostile), { maxLength: 20 }), fc.record({ seg: fc.oneof(fc.array(fc.constantFrom("a", "b", ""), { maxLength: 6 }), typedArray), score: fc.oneof(typedArray, fc.array(number, { maxLength: 6 })) }), hostile), groupOptions, (data, o) => {
        const r = rule(() => tickets.groupKpis(data, o));
        if (r.result && o && o.totals === true && o.metrics?.m?.kind === "nps" && !o.rolling && !o.fill) {
          // Totals pool the rows: their counts add up to the grand total's.
          const t = r.result;
          const sum = t.totals.reduce((a, row) => a + row.m.total, 0);
          assert.equal(sum, t.total.m.total);
          assert.equal(t.rows.reduce((a, row) => a + row.m.total, 0), sum);
        }
      }),
      params,
    );
    stillWorks();
  });

  test("revenue and shop models on hostile rows, columns and options", () => {
    const key = fc.oneof(fc.constantFrom("a", "b", "c", 1, 2), hostile);
    const subscription = fc.record({ customerId: key, start: fc.oneof(instant, hostile), end: fc.oneof(instant, fc.constant(null), hostile), amount: fc.oneof(number, hostile), interval: fc.oneof(fc.constantFrom("month", "year", "week", "3 months", "x"), hostile) }, { requiredKeys: [] });
    const transaction = fc.record({ customerId: key, at: fc.oneof(instant, hostile), amount: fc.oneof(number, hostile) }, { requiredKeys: [] });
    const revenueOptions = { every: fc.constantFrom("month", "week", "quarter", "year", "day"), from: instant, to: instant, asOf: instant, zeroPrice: fc.constantFrom("active", "churned"), invalid: fc.constantFrom("error", "skip") };
    const options = fc.oneof(hostile, fc.record({ ...revenueOptions, customerChurn: fc.constantFrom("standard", "simple", "stripe") }, { requiredKeys: [] }));
    const cohortOptions = fc.oneof(hostile, fc.record({ ...revenueOptions, basis: fc.constantFrom("customers", "mrr", "x") }, { requiredKeys: [] }));
    const shopOptions = fc.record({ to: instant, asOf: instant, invalid: fc.constantFrom("error", "skip") }, { requiredKeys: [] });
    const fit = fc.record({ frequency: fc.oneof(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), number), { maxLength: 8 }), typedArray, hostile), recency: fc.oneof(fc.array(number, { maxLength: 8 }), typedArray), T: fc.oneof(fc.array(number, { maxLength: 8 }), typedArray), monetaryValue: fc.oneof(fc.array(number, { maxLength: 8 }), typedArray) });
    fc.assert(
      fc.property(fc.array(subscription, { maxLength: 10 }), fc.array(transaction, { maxLength: 10 }), fit, options, cohortOptions, shopOptions, (subs, tx, f, o, co, so) => {
        rule(() => tickets.revenueMetrics(subs, o));
        rule(() => tickets.cohortRetention(subs, co));
        rule(() => tickets.rfmSummary(tx, { observationEnd: so.to, invalid: so.invalid }));
        rule(() => tickets.purchaseMetrics(tx, { asOf: so.asOf, invalid: so.invalid }));
        rule(() => tickets.bgNbdFit({ frequency: f.frequency, recency: f.recency, T: f.T }, { invalid: so.invalid, horizon: 10 }));
        rule(() => tickets.gammaGammaFit({ frequency: f.frequency, monetaryValue: f.monetaryValue }, { invalid: so.invalid }));
        rule(() => tickets.clv(f, { bgNbd: { r: 0.5, alpha: 4, a: 0.8, b: 2.4 }, gammaGamma: { p: 6, q: 3.7, gamma: 15 } }));
      }),
      { ...params, numRuns: Math.ceil(RUNS / 4) },
    );
    stillWorks();
  });

  test("rates, A/B comparisons, cart abandonment and bounce rate", () => {
    const count = fc.oneof(fc.integer({ min: 0, max: 50 }), number, hostile);
    const outcome = fc.oneof(fc.boolean(), fc.constantFrom(0, 1, 2, -1, 0.5, "1", "true", "", null, undefined), number, hostile);
    const rateInput = fc.oneof(
      fc.record({ successes: count, trials: count }, { requiredKeys: [] }),
      fc.record({ conversions: count, visitors: count }, { requiredKeys: [] }),
      fc.array(outcome, { maxLength: 30 }),
      typedArray,
      hostile,
    );
    const rateOptions = fc.oneof(
      fc.record(
        {
          confidence: fc.oneof(fc.constantFrom(0.9, 0.95, 0.99, 0.999999), number, hostile),
          method: fc.oneof(fc.constantFrom("wilson", "agresti-coull", "jeffreys", "clopper-pearson", "wald"), hostile),
          invalid: fc.oneof(fc.constantFrom("skip", "error"), hostile),
        },
        { requiredKeys: [] },
      ),
      hostile,
    );
    const cartCounts = fc.oneof(fc.record({ cartsCreated: count, ordersCompleted: count, checkoutsStarted: count }, { requiredKeys: [] }), hostile);
    const cartOptions = fc.oneof(fc.record({ basis: fc.oneof(fc.constantFrom("cart", "checkout"), hostile), confidence: number, cart: string, order: string }, { requiredKeys: [] }), hostile);
    const cartEvents = fc.array(
      fc.oneof(fc.record({ actor: fc.oneof(fc.constantFrom("a", "b", 1), hostile), timestamp: instant, event: fc.oneof(fc.constantFrom("add_to_cart", "begin_checkout", "purchase", "x"), hostile) }, { requiredKeys: [] }), hostile),
      { maxLength: 12 },
    );
    const session = fc.oneof(fc.record({ durationMs: fc.oneof(count, fc.constant(null)), pageViews: count, keyEvents: count }, { requiredKeys: [] }), hostile);
    const sessions = fc.oneof(
      fc.array(session, { maxLength: 12 }),
      fc.record({ durationMs: fc.oneof(fc.array(number, { maxLength: 6 }), typedArray), pageViews: fc.oneof(fc.array(count, { maxLength: 6 }), typedArray) }, { requiredKeys: [] }),
      fc.record({ sessions: count, engagedSessions: count }),
      fc.record({ sessions: count, bounces: count }),
      hostile,
    );
    const bounceOptions = fc.oneof(
      fc.record({ definition: fc.oneof(fc.constantFrom("ga4", "single-page", "ua"), hostile), minEngagementMs: number, minPageViews: number, minKeyEvents: number, confidence: number, invalid: fc.constantFrom("skip", "error") }, { requiredKeys: [] }),
      hostile,
    );
    fc.assert(
      fc.property(rateInput, rateInput, rateOptions, cartCounts, fc.oneof(cartEvents, hostile), cartOptions, sessions, bounceOptions, (a, b, o, cc, ce, co, ss, bo) => {
        rule(() => survey.conversionRate(a, o));
        rule(() => survey.compareRates(a, b, o));
        rule(() => survey.cartAbandonment(cc, co));
        rule(() => tickets.cartAbandonment(ce, co));
        rule(() => tickets.bounceRate(ss, bo));
      }),
      { ...params, numRuns: Math.ceil(RUNS / 2) },
    );
    stillWorks();
  });

  test("healthScores and validateHealthSpec: the spec is checked, never trusted", () => {
    const num = fc.oneof(fc.integer({ min: -10, max: 110 }), number, hostile);
    const scoring = fc.oneof(
      fc.record(
        {
          type: fc.oneof(fc.constantFrom("thresholds", "ranges", "linear", "percentile", "sigmoid"), hostile),
          good: num,
          poor: num,
          points: fc.oneof(fc.record({ good: num, average: num, poor: num }, { requiredKeys: [] }), hostile),
          ranges: fc.oneof(fc.array(fc.record({ min: num, max: num, points: num }, { requiredKeys: [] }), { maxLength: 4 }), hostile),
          min: num,
          max: num,
        },
        { requiredKeys: ["type"] },
      ),
      hostile,
    );
    const measure = fc.oneof(fc.record({ name: string, column: fc.oneof(fc.constantFrom("a", "b", "id", "__proto__"), hostile), weight: num, scoring, direction: fc.oneof(fc.constantFrom("higher", "lower"), hostile) }, { requiredKeys: ["column", "scoring"] }), hostile);
    const group = fc.oneof(fc.record({ name: fc.oneof(fc.constantFrom("usage", "support", ""), string), weight: num, measures: fc.oneof(fc.array(measure, { maxLength: 3 }), hostile) }, { requiredKeys: ["name", "measures"] }), hostile);
    const spec = fc.oneof(
      fc.record(
        {
          id: fc.oneof(fc.constantFrom("id", "nope"), hostile),
          segment: fc.oneof(fc.constantFrom("seg", "a"), hostile),
          groups: fc.oneof(fc.array(group, { maxLength: 3 }), hostile),
          missing: fc.oneof(fc.constantFrom("renormalize", "zero", "neutral"), hostile),
          neutralScore: num,
          minCoverage: num,
          bands: fc.oneof(fc.array(fc.record({ label: string, color: fc.constantFrom("#f00", "red", ""), min: num, max: num }), { maxLength: 3 }), hostile),
          trend: fc.oneof(fc.record({ column: fc.constantFrom("prev", "a"), epsilon: num }, { requiredKeys: ["column"] }), hostile),
          override: fc.oneof(fc.record({ column: fc.constantFrom("ov", "a"), expires: fc.constantFrom("until", "a"), asOf: instant }, { requiredKeys: ["column"] }), hostile),
          invalid: fc.constantFrom("skip", "error"),
        },
        { requiredKeys: ["groups"] },
      ),
      hostile,
    );
    const cell = fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom("12", " 7 ", "", "x", "1e400", null, undefined), number, hostile);
    const account = fc.oneof(fc.record({ id: fc.oneof(fc.constantFrom("x", "y"), cell), seg: cell, a: cell, b: cell, prev: cell, ov: cell, until: instant }, { requiredKeys: [] }), hostile);
    const accounts = fc.oneof(fc.array(account, { maxLength: 10 }), fc.record({ a: fc.oneof(fc.array(cell, { maxLength: 6 }), typedArray), b: fc.oneof(fc.array(cell, { maxLength: 6 }), typedArray) }, { requiredKeys: [] }), hostile);
    fc.assert(
      fc.property(accounts, spec, (rows, sp) => {
        const v = rule(() => tickets.validateHealthSpec(sp));
        const h = rule(() => tickets.healthScores(rows, sp));
        // A spec that validateHealthSpec finds valid is not rejected as a
        // spec by healthScores (its data may still be invalid).
        if (v.result?.valid === true && h.error) assert.ok(!h.error.message.includes("groups["), `a valid spec was rejected: ${h.error.message}`);
        if (v.result) for (const p of v.result.errors) assert.ok(CODES.has(p.code) && typeof p.path === "string", `a problem without a code or path: ${printable(p)}`);
      }),
      { ...params, numRuns: Math.ceil(RUNS / 2) },
    );
    stillWorks();
  });

  test("sqlStates, groupKpisFromStates, zonedInstant and publicHolidays", () => {
    const kind = fc.oneof(fc.constantFrom("nps", "enps", "csat", "ces", "conversion", "cartAbandonment", "bounce", "firstResponse", "fcr", "resolution", "sla", "x"), hostile);
    const ident = fc.oneof(fc.constantFrom("score", "seg", "a b", 'x"; DROP TABLE t; --', "__proto__", ""), hostile);
    const sqlOptions = fc.oneof(fc.record({ column: ident, prefix: ident, scale: fc.oneof(fc.constantFrom([1, 5], [0, 10], [1, 7]), hostile), created: ident, firstResponse: ident }, { requiredKeys: [] }), hostile);
    const stateRow = fc.oneof(
      fc.record({ seg: fc.oneof(fc.constantFrom("EU", "US", ""), primitive), at: instant, stateVersion: fc.oneof(fc.constantFrom(1, 2), number), ...Object.fromEntries(Array.from({ length: 11 }, (_, k) => [`nps_${k}`, fc.oneof(fc.integer({ min: 0, max: 5 }), number, primitive)])) }, { requiredKeys: [] }),
      hostile,
    );
    const zone = fc.oneof(fc.constantFrom("UTC", "Europe/Berlin", "America/Sao_Paulo", "Pacific/Apia", "Nowhere/Else", "", "utc"), hostile);
    const local = fc.oneof(fc.constantFrom("2026-03-29T02:30:00", "2026-10-25T02:30", "2026-03-14", "2026-02-30", "+275760-09-13T00:00", "T24:00", "2026-13-01T00:00"), string, hostile);
    const country = fc.oneof(fc.constantFrom("BR", "US", "DE", "br", "XX", "", "GB"), hostile);
    fc.assert(
      fc.property(kind, sqlOptions, fc.oneof(fc.array(stateRow, { maxLength: 10 }), hostile), groupOptions, zone, local, country, fc.oneof(fc.record({ subdivision: fc.oneof(fc.constantFrom("SP", "CA", "BY", "x"), hostile), from: fc.oneof(fc.integer({ min: 1900, max: 2200 }), number), to: fc.oneof(fc.integer({ min: 1900, max: 2200 }), number) }, { requiredKeys: [] }), hostile), (k, so, rows, go, z, l, c, ho) => {
        rule(() => tickets.sqlStates(k, so));
        rule(() => tickets.groupKpisFromStates(rows, go));
        rule(() => tickets.zonedInstant(l, z));
        rule(() => tickets.publicHolidays(c, ho));
      }),
      { ...params, numRuns: Math.ceil(RUNS / 2) },
    );
    stillWorks();
  });

  test("businessDuration and businessDurations", () => {
    fc.assert(
      fc.property(instant, instant, fc.oneof(calendar, hostile), fc.oneof(fc.array(instant, { maxLength: 6 }), typedArray, hostile), (s, e, cal, col) => {
        const whole = rule(() => tickets.businessDuration(s, e, cal));
        rule(() => tickets.businessDurations(col, col, cal));
        // The laws of business time, wherever the span is valid: never more
        // than the elapsed time, and additive at any split.
        if (whole.result !== undefined && typeof s === "number" && typeof e === "number") {
          assert.ok(whole.result <= e - s, `${whole.result} ms of business time in ${e - s} ms`);
          // A whole millisecond inside the span (for a span within one
          // millisecond, its start: the floor of the middle may lie before it).
          const m = Math.min(Math.max(Math.floor((s + e) / 2), s), e);
          const halves = tickets.businessDuration(s, m, cal) + tickets.businessDuration(m, e, cal);
          assert.equal(halves, whole.result, `split at ${m}`);
        }
      }),
      { ...params, numRuns: Math.ceil(RUNS / 2) },
    );
    stillWorks();
  });

  test("accumulator methods with hostile arguments and receivers", () => {
    const classes = [survey.NpsAccumulator, survey.CsatAccumulator, survey.CesAccumulator];
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.constantFrom("add", "addMany", "merge", "result", "toJSON", "free"), hostile, fc.oneof(hostile, fc.constantFrom("other", "self", "freed")), (k, method, arg, receiver) => {
        const C = classes[k];
        const made = rule(() => new C(arg));
        const acc = made.result ?? new C();
        const other = new classes[(k + 1) % 3]();
        const freed = new C();
        freed.free();
        const self = receiver === "other" ? other : receiver === "self" ? acc : receiver === "freed" ? freed : receiver;
        rule(() => C.prototype[method].call(self, arg));
        rule(() => C.fromJSON(arg, arg));
        rule(() => C.fromCounts(arg, arg));
        rule(() => acc.merge(arg));
        rule(() => Object.getOwnPropertyDescriptor(C.prototype, "count").get.call(self));
        acc.free();
        other.free();
      }),
      params,
    );
    stillWorks();
  });
});

// ---------------------------------------------------------------- the accumulator model

describe("fuzz: accumulators match a plain model of their counts", () => {
  test("any sequence of add / addMany / merge / fromJSON / free, with errors mixed in", () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant("add"), at: fc.nat(3), v: fc.oneof(fc.integer({ min: -1, max: 12 }), primitive) }),
      fc.record({ op: fc.constant("addMany"), at: fc.nat(3), v: fc.oneof(fc.array(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(11, -1, 7.5, NaN, "7", null)), { maxLength: 20 }), typedArray, hostile) }),
      fc.record({ op: fc.constant("merge"), at: fc.nat(3), from: fc.nat(3), json: fc.boolean() }),
      fc.record({ op: fc.constant("fromJSON"), at: fc.nat(3), from: fc.nat(3) }),
      fc.record({ op: fc.constant("free"), at: fc.nat(3) }),
      fc.record({ op: fc.constant("forged"), at: fc.nat(3), v: hostile }),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 25 }), (skip, ops) => {
        const policy = { invalid: skip ? "skip" : "error" };
        const accs = Array.from({ length: 4 }, () => new survey.NpsAccumulator(policy));
        const model = accs.map(() => ({ counts: Array(11).fill(0), skipped: 0, live: true }));
        const valid = (x) => typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 10;
        for (const o of ops) {
          const a = accs[o.at];
          const m = model[o.at];
          const before = m.live ? JSON.stringify(a) : null;
          const out = rule(() => {
            switch (o.op) {
              case "add":
                return a.add(o.v);
              case "addMany":
                return a.addMany(o.v);
              case "merge":
                return a.merge(o.json ? JSON.parse(JSON.stringify(accs[o.from])) : accs[o.from]);
              case "fromJSON":
                accs[o.at] = survey.NpsAccumulator.fromJSON(accs[o.from].toJSON(), policy);
                return null;
              case "free":
                return a.free();
              default:
                return a.merge(o.v);
            }
          });
          if (out.error) {
            // An error changes nothing.
            if (m.live) assert.equal(JSON.stringify(a), before, `${o.op} failed (${out.error.code}) but changed the state`);
            continue;
          }
          switch (o.op) {
            case "add":
              if (valid(o.v)) m.counts[o.v]++;
              else m.skipped++;
              break;
            case "addMany": {
              const list = Array.from(o.v);
              for (const x of list) if (valid(x)) m.counts[x]++; else m.skipped++;
              break;
            }
            case "merge": {
              const f = model[o.from];
              for (let i = 0; i < 11; i++) m.counts[i] += f.counts[i];
              m.skipped += f.skipped;
              break;
            }
            case "fromJSON":
              model[o.at] = { counts: [...model[o.from].counts], skipped: model[o.from].skipped, live: true };
              break;
            case "free":
              m.live = false;
              break;
            default: {
              const s = o.v;
              for (let i = 0; i < 11; i++) m.counts[i] += s.counts[i];
              m.skipped += s.skipped ?? 0;
            }
          }
          for (let i = 0; i < 4; i++) {
            if (!model[i].live) {
              assert.equal(rule(() => accs[i].count).error?.code, "INVALID_STATE", "a freed accumulator answers INVALID_STATE");
              continue;
            }
            const st = accs[i].toJSON();
            assert.deepEqual(st.counts, model[i].counts, `accumulator ${i} after ${o.op}`);
            assert.equal(st.skipped, model[i].skipped);
          }
        }
        for (const a of accs) a.free();
      }),
      params,
    );
    stillWorks();
  });
});

// ---------------------------------------------------------------- targeted rules

describe("the boundary cannot be broken", () => {
  test("100 000 errors of every kind in a row, then a correct call", () => {
    const buf = new Uint8Array(8);
    structuredClone(buf.buffer, { transfer: [buf.buffer] });
    const getter = { get confidence() { throw new Error("x"); } };
    const kinds = [
      () => survey.nps([11]),
      () => survey.nps(buf),
      () => survey.nps([1], getter),
      () => survey.nps([1], { confidnce: 1 }),
      () => survey.NpsAccumulator.prototype.add.call({}, 1),
      () => survey.npsCompare("a", "b"),
      () => tickets.businessDuration(0, 1, { timeZone: "Nowhere", week: {} }),
      () => tickets.ticketMetrics([{ createdAt: "x" }]),
      () => new survey.NpsAccumulator().merge({ get toJSON() { throw 1; } }),
      () => survey.nps(new Proxy([], { get() { throw 1; } })),
    ];
    for (let i = 0; i < 100_000; i++) {
      const f = kinds[i % kinds.length];
      let threw = false;
      try {
        f();
      } catch (e) {
        threw = true;
        assert.ok(CODES.has(e.code), `${i}: ${e.message}`);
      }
      assert.ok(threw);
    }
    const acc = new survey.NpsAccumulator();
    acc.addMany([10, 9, 0]);
    assert.equal(acc.result().score, 100 / 3);
    stillWorks();
  });

  test("revoked Proxies (kept out of the generators: fast-check cannot print them)", () => {
    for (const target of [{}, [], new Uint8Array(2)]) {
      const r = Proxy.revocable(target, {});
      r.revoke();
      for (const f of [() => survey.nps(r.proxy), () => survey.nps([1], r.proxy), () => survey.npsFromCounts(r.proxy), () => tickets.ticketMetrics(r.proxy), () => tickets.ticketMetrics([r.proxy]), () => new survey.NpsAccumulator().merge(r.proxy), () => tickets.businessDuration(0, 1, r.proxy)]) {
        assert.ok(rule(f).error);
      }
    }
    stillWorks();
  });

  test("circular and much-shared objects are read once, not as endless trees", { timeout: 60_000 }, () => {
    // An object holding itself twice was read 32 levels deep, twice per
    // level (2^32 reads: a hang); a tree of 40 levels each holding the
    // next twice is 2^40 objects as a tree.
    const o = {};
    o.a = o;
    o.b = o;
    let dag = { leaf: 1 };
    for (let i = 0; i < 40; i++) dag = { x: dag, y: dag };
    const nps = { by: [], metrics: { n: { kind: "nps", column: "s" } } };
    for (const odd of [o, dag]) {
      // An unused extra column of a row or of columns: the result is as without it.
      assert.equal(tickets.groupKpis([{ s: 9, meta: odd }], nps).rows[0].n.score, 100);
      assert.equal(tickets.groupKpis({ s: [9], meta: odd }, nps).rows[0].n.score, 100);
      assert.equal(tickets.funnel([{ actor: "x", timestamp: 0, event: "a", raw: odd }], { steps: ["a"] }).steps[0].count, 1);
      // Where it is read, a coded error naming it.
      for (const f of [() => tickets.zonedInstant("2026-01-01T00:00", odd), () => tickets.groupKpis([{ s: odd }], nps), () => survey.nps([9], odd), () => tickets.healthScores([{ m: 1 }], odd)]) {
        const e = rule(f).error;
        assert.ok(e && typeof e.code === "string", String(e && e.message));
      }
    }
    const self = {};
    self.excellent = self;
    assert.match(rule(() => survey.nps([9], { bands: self })).error.message, /circular/);
    stillWorks();
  });

  test("a Date of another realm is a Date; an object that only claims the tag is not", () => {
    const foreign = runInNewContext('new Date("2026-03-02T10:00:00Z")');
    const ms = Date.UTC(2026, 2, 2, 10);
    const cal = { timeZone: "UTC", week: { mon: [["09:00", "17:00"]] } };
    assert.equal(tickets.isBusinessTime(foreign, cal), true);
    assert.equal(tickets.businessDuration(foreign, ms + 3_600_000, cal), 3_600_000);
    const t = tickets.ticketMetrics([{ createdAt: foreign, firstResponseAt: new Date(ms + 60_000) }]);
    assert.equal(t.firstResponse.median, 60_000);
    const g = tickets.groupKpis({ at: [foreign], s: [9] }, { by: [{ time: "at", every: "day" }], metrics: { n: { kind: "nps", column: "s" } } });
    assert.equal(g.rows[0].period, "2026-03-02");
    const fake = { [Symbol.toStringTag]: "Date" };
    Object.setPrototypeOf(fake, null);
    assert.equal(rule(() => tickets.isBusinessTime(fake, cal)).error.code, "INVALID_TIMESTAMP");
    stillWorks();
  });

  test("a Proxy of an array whose length is not a whole number is refused, and its valueOf never called", () => {
    let called = 0;
    const lengths = [{ valueOf() { called++; return 2; } }, NaN, 1.5, -1, "2", 2 ** 32];
    for (const length of lengths) {
      const p = new Proxy([9, 10], { get: (t, k) => (k === "length" ? length : t[k]) });
      for (const f of [() => survey.nps(p), () => tickets.ticketMetrics(p), () => tickets.groupKpis({ s: p }, { by: [], metrics: { n: { kind: "nps", column: "s" } } })]) {
        const e = rule(f).error;
        assert.ok(e && e.code === "INVALID_TYPE" && /its length is/.test(e.message), `${String(length)}: ${e && e.message}`);
      }
    }
    assert.equal(called, 0);
    stillWorks();
  });

  test("a detached, out-of-bounds or lying typed array is read by what it is", () => {
    const u8 = new Uint8Array([10, 9, 8]);
    structuredClone(u8.buffer, { transfer: [u8.buffer] });
    assert.equal(rule(() => survey.nps(u8)).error.code, "INVALID_TYPE");
    assert.equal(rule(() => survey.nps(outOfBounds(Uint8Array, 4))).error.code, "INVALID_TYPE");
    // A Float64Array whose toStringTag says Uint8Array is read as floats.
    const f = new Float64Array([10, 9.5]);
    Object.defineProperty(f, Symbol.toStringTag, { value: "Uint8Array" });
    const e = rule(() => survey.nps(f)).error;
    assert.equal(e.code, "NOT_AN_INTEGER", "9.5 was read as a float, not as bytes");
    // length is the internal one
    const g = new Uint8Array([10, 10, 0]);
    Object.defineProperty(g, "length", { value: 1 });
    assert.equal(survey.nps(g).total, 3);
    assert.equal(rule(() => survey.nps(new DataView(new ArrayBuffer(3)))).error.code, "INVALID_TYPE");
    // A typed array detached while a later argument is read.
    const h = new Uint8Array([10, 9]);
    const opts = { get confidence() { structuredClone(h.buffer, { transfer: [h.buffer] }); return 0.9; } };
    assert.equal(rule(() => survey.nps(h, opts)).error.code, "INVALID_TYPE");
    // A length-tracking view of a resizable buffer is read at its current length.
    assert.deepEqual(survey.nps(lengthTracking(Uint8Array, 11)).distribution, Array(11).fill(1));
  });

  test("accumulators after free(), on double free, and against the wrong kind of object", () => {
    const a = new survey.NpsAccumulator();
    const c = new survey.CsatAccumulator();
    c.add(5);
    const e = rule(() => survey.NpsAccumulator.prototype.add.call(c, 10)).error;
    assert.equal(e.code, "INVALID_TYPE");
    assert.deepEqual(c.toJSON().counts, [0, 0, 0, 0, 1], "the CSAT accumulator is unchanged");
    a.free();
    a.free(); // double free: a no-op
    for (const m of ["add", "addMany", "merge", "result", "toJSON"]) {
      assert.equal(rule(() => a[m](m === "addMany" ? [1] : 1)).error.code, "INVALID_STATE", m);
    }
    assert.equal(rule(() => a.count).error.code, "INVALID_STATE");
    assert.equal(rule(() => c.merge(a)).error.code, "INVALID_STATE");
    c.free();
  });

  test("only own properties are read", () => {
    const keys = ["invalid", "resolvedAt", "weights", "confidence", "kind", "counts", "holidays", "promoters"];
    try {
      Object.prototype.invalid = "skip";
      Object.prototype.resolvedAt = 0;
      Object.prototype.confidence = 2;
      Object.prototype.weights = [100, 100];
      // The polluted keys are inherited, not own: nothing changes.
      assert.equal(rule(() => survey.nps([11])).error.code, "SCORE_OUT_OF_RANGE");
      assert.equal(survey.nps([10, 0], {}).confidenceInterval.level, 0.95);
      const m = tickets.ticketMetrics([{ createdAt: 1e12 }]);
      assert.equal(m.resolved, 0);
    } finally {
      for (const k of keys) delete Object.prototype[k];
    }
    // A hole of a sparse array is a hole, not what a prototype holds at
    // its index: the same results (and errors) as without the pollution,
    // for scores, weights, rows and columns.
    const sparse = () => [
      rule(() => survey.nps([9, , 7])),
      rule(() => survey.nps([9, , 7], { invalid: "skip" })),
      rule(() => survey.nps([9, 8, 7], { weights: [1, , 1] })),
      rule(() => survey.csat([5, , 1], { invalid: "skip" })),
      rule(() => tickets.ticketMetrics([{ createdAt: 1e12 }, , { createdAt: 1e12 }], { invalid: "skip" })),
      rule(() => tickets.groupKpis({ s: [9, , 7], k: ["a", , "a"] }, { by: ["k"], metrics: { n: { kind: "nps", column: "s" } }, invalid: "skip" })),
    ].map((r) => JSON.stringify(r.error ? [r.error.code, r.error.index, r.error.message] : r.result));
    const clean = sparse();
    try {
      Array.prototype[1] = 10;
      Object.prototype[1] = { createdAt: 1e12 };
      assert.deepEqual(sparse(), clean, "holes read through Array.prototype");
      delete Array.prototype[1];
      Object.prototype[1] = 10;
      assert.deepEqual(sparse(), clean, "holes read through Object.prototype");
    } finally {
      delete Array.prototype[1];
      delete Object.prototype[1];
    }
    // A billion holes with an index on Array.prototype: the size limit
    // comes before the copy of the own elements (which ran Node out of
    // memory), as it does without the pollution.
    const holes = [];
    holes.length = 1e9;
    try {
      Array.prototype[1] = 7;
      throwsCode(() => tickets.bgNbdFit({ frequency: holes, recency: holes, T: holes }), "INVALID_TYPE", { message: /1 GiB/ });
      throwsCode(() => tickets.rfmSummary(holes), "INVALID_TYPE", { message: /1 GiB/ });
      throwsCode(() => survey.nps(holes), "INVALID_TYPE", { message: /1 GiB/ });
    } finally {
      delete Array.prototype[1];
    }
    // A string with half of a UTF-16 pair (an emoji cut in two) is not
    // text: reported at its row, never read as U+FFFD (which would make
    // two different such strings one status or one group).
    const half = tickets.ticketMetrics([{ createdAt: 1e12, status: "a\uD800" }, { createdAt: 1e12, status: "a\uDC00" }, { createdAt: 1e12, status: "ok 😀" }], { invalid: "skip" });
    assert.deepEqual({ ...half.byStatus }, { "ok 😀": 1 });
    assert.deepEqual(half.invalid.map((e) => [e.index, e.code, e.message.slice(0, 16)]), [[0, "INVALID_TYPE", "status at index "], [1, "INVALID_TYPE", "status at index "]]);
    const e = rule(() => tickets.ticketMetrics([{ createdAt: 1e12, status: "\uDBFF" }])).error;
    assert.equal(e.code, "INVALID_TYPE");
    assert.match(e.message, /^status at index 0 must be a string; got a string with half of a UTF-16 pair \(U\+DBFF at position 0\)/);
    for (const seg of [["x\uD800", "x\uDBFF", "😀"], ["x\uD800", 7, "😀"]]) {
      const g = tickets.groupKpis({ seg, s: [10, 0, 5] }, { by: ["seg"], metrics: { n: { kind: "nps", column: "s" } }, invalid: "skip" });
      assert.deepEqual(g.rows.map((r) => r.seg).sort(), seg.filter((x) => typeof x !== "string" || x.isWellFormed()).sort(), "a group key");
      assert.equal(g.skipped, seg.filter((x) => typeof x === "string" && !x.isWellFormed()).length);
    }
    const f = tickets.funnel([{ actor: "\uD800", timestamp: 1, event: "A" }, { actor: "b", timestamp: 2, event: "A\uDC00" }, { actor: "c", timestamp: 3, event: "A" }], { steps: ["A"], invalid: "skip" });
    assert.deepEqual([f.steps[0].count, f.skipped], [1, 2]);
    // The same in options: names and values are text, or an INVALID_OPTION.
    const names = rule(() => tickets.groupKpis({ s: [10, 0] }, { by: [], metrics: { "a\uD800": { kind: "nps", column: "s" }, "a\uDBFF": { kind: "nps", column: "s" } } })).error;
    assert.deepEqual([names.code, names.field], ["INVALID_OPTION", "metrics"]);
    const step = rule(() => tickets.funnel([{ actor: "a", timestamp: 1, event: "A" }], { steps: ["A\uD800"] })).error;
    assert.deepEqual([step.code, step.field], ["INVALID_OPTION", "steps[0]"]);
    assert.match(step.message, /must be text; got a string with half of a UTF-16 pair \(U\+D800 at position 1\)/);
    // A status called "__proto__" is counted like any other.
    const m = tickets.ticketMetrics([{ createdAt: 1e12, status: "__proto__" }, { createdAt: 1e12, status: "__proto__" }, { createdAt: 1e12, status: "open" }]);
    assert.equal(Object.getPrototypeOf(m.byStatus), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(m.byStatus, "__proto__").value, 2);
    assert.equal(m.byStatus.open, 1);
    // A throwing getter is an error with a code, not a silent default.
    assert.equal(rule(() => survey.nps([1], throwingGetter("invalid", 1))).error.code, "INVALID_OPTION");
    assert.equal(rule(() => tickets.ticketMetrics([throwingGetter("createdAt", 1)])).error.code, "INVALID_TIMESTAMP");
  });

  test("numbers stay honest at the extremes", () => {
    // Weights are scale-free.
    const s = [10, 9, 3, 7, 0];
    const one = survey.nps(s, { weights: [1, 2, 3, 4, 5] }).effectiveN;
    for (const k of [1e-200, 1e-300, 1e90]) {
      const w = [1, 2, 3, 4, 5].map((x) => x * k);
      assert.ok(Math.abs(survey.nps(s, { weights: w }).effectiveN - one) < 1e-9, `${k}`);
    }
    // Counts up to 2^53 − 1: finite results, or INVALID_COUNT when a merge would pass it.
    const max = 2 ** 53 - 1;
    const big = survey.NpsAccumulator.fromJSON({ kind: "nps", version: 1, counts: [max, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], skipped: 0 });
    finiteEverywhere(big.result());
    assert.equal(rule(() => big.merge(big.toJSON())).error.code, "INVALID_COUNT");
    finiteEverywhere(survey.npsFromCounts({ promoters: max, passives: max, detractors: max }));
    // npsCompare never returns Infinity or NaN.
    for (const side of [{ promoters: 1e308, passives: 1e308, detractors: 1e308 }, { promoters: 1, passives: 0, detractors: 1, effectiveN: 5e-324 }]) {
      finiteEverywhere(survey.npsCompare(side, [10, 0]));
    }
    // Percentile keys never collide: each is "p" and the percent as
    // JavaScript writes it.
    const keys = Object.keys(tickets.ticketMetrics([{ createdAt: 0, firstResponseAt: 5 }], { percentiles: [99.9999999, 100, 12.5] }).firstResponse);
    for (const k of ["p99.9999999", "p100", "p12.5"]) assert.ok(keys.includes(k), `${k} in ${keys}`);
    // PERCENTILE.EXC is exact where the answer is exact.
    const created = new Float64Array(5);
    const first = new Float64Array([15, 20, 35, 40, 50]);
    const f = tickets.ticketMetrics({ createdAt: created, firstResponseAt: first }, { percentiles: [40, 80], quantileMethod: "exclusive" }).firstResponse;
    assert.equal(f.p40, 26);
    assert.equal(f.p80, 48);
    // Echoed input is cut.
    const long = "y".repeat(100_000);
    for (const e of [rule(() => survey.nps([long])).error, rule(() => survey.nps([1], { method: long })).error, rule(() => survey.nps([1], { [long]: 1 })).error, rule(() => tickets.businessDuration(0, 1, { timeZone: long, week: {} })).error, rule(() => tickets.businessDuration(0, 1, { timeZone: "UTC", week: { mon: [[long, "10:00"]] } })).error]) {
      assert.ok(e.message.length < 400, `${e.code}: a message of ${e.message.length} characters`);
    }
  });

  test("a key of ±Infinity is an invalid entry in every KPI that reads keys (funnels, health scores, revenue and shop models; it named a group null)", () => {
    const h = { id: "id", groups: [{ name: "g", measures: [{ column: "u", scoring: { type: "linear", min: 0, max: 10 } }] }] };
    const sub = (customerId) => ({ customerId, start: "2026-01-01T00:00:00Z", amount: 10, interval: "month" });
    const tx = (customerId, day) => ({ customerId, at: `2026-01-0${day}T00:00:00Z`, amount: 5 });
    for (const bad of [Infinity, -Infinity]) {
      const ev = [
        { actor: "a", timestamp: 0, event: "s1", plan: "p" },
        { actor: "a", timestamp: 1, event: "s2" },
        { actor: bad, timestamp: 0, event: "s1", plan: "p" },
        { actor: "b", timestamp: 2, event: "s1", plan: bad, session: bad },
      ];
      const steps = { steps: ["s1", "s2"] };
      const cases = [
        // [call, index of the first bad row, field, the call under skip, what skip keeps]
        [(o) => tickets.funnel(ev, { ...steps, ...o }), 2, "actor", (r) => r.units, 2],
        [(o) => tickets.funnel({ actor: Float64Array.of(1, 1, bad), timestamp: [0, 1, 0], event: ["s1", "s2", "s1"] }, { ...steps, ...o }), 2, "actor", (r) => r.units, 1],
        [(o) => tickets.funnel(ev, { ...steps, breakdown: "plan", ...o }), 2, "actor", (r) => r.breakdown.map((b) => b.value), ["p"]],
        [(o) => tickets.funnel([{ ...ev[0], session: "x" }, { ...ev[1], session: "x" }, { ...ev[3], plan: "p" }], { ...steps, countBy: "session", ...o }), 2, "session", (r) => r.units, 1],
        [(o) => tickets.healthScores([{ id: "a", u: 5 }, { id: bad, u: 3 }], { ...h, ...o }), 1, "id", (r) => r.accounts.map((a) => a.id), ["a"]],
        [(o) => tickets.revenueMetrics([sub("a"), sub(bad)], o), 1, "customerId", (r) => r.subscriptions, 1],
        [(o) => tickets.rfmSummary([tx("a", 1), tx("a", 2), tx(bad, 3)], { observationEnd: "2026-02-01T00:00:00Z", ...o }), 2, "customerId", (r) => r.customerId.length, 1],
      ];
      for (const [call, index, field, kept, want] of cases) {
        const e = rule(() => call({})).error;
        assert.ok(e, `${field} ${bad}: no error`);
        assert.deepEqual([e.code, e.index, e.field], ["INVALID_VALUE", index, field], e.message);
        assert.match(e.message, /finite numbers/);
        assert.deepEqual(kept(call({ invalid: "skip" })), want, `${field} ${bad} under skip`);
      }
    }
  });

  test("Array.prototype[0] set before the first call changes nothing (it was read as the first call's encoder)", () => {
    // A fresh process: the pollution must come before the module's first call.
    const code = `
      Array.prototype[0] = { seg: "p", t: 0, s: 0 };
      const { nps } = await import(${JSON.stringify(new URL("../../pkg/index.js", import.meta.url).href)});
      const { groupKpis } = await import(${JSON.stringify(new URL("../../pkg/group.js", import.meta.url).href)});
      const g = groupKpis([{ seg: "a", s: 9 }], { by: ["seg"], metrics: { nps: { kind: "nps", column: "s" } } });
      console.log(JSON.stringify([nps([9, 10]).score, g.rows.map((r) => [r.seg, r.nps.score])]));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), [100, [["a", 100]]]);
  });

  test("NaN in rows is an invalid timestamp (it means missing only in columns)", () => {
    assert.equal(rule(() => tickets.ticketMetrics([{ createdAt: 0, resolvedAt: NaN }])).error.code, "INVALID_TIMESTAMP");
    assert.equal(tickets.ticketMetrics({ createdAt: [0], resolvedAt: [NaN] }).resolved, 0);
  });

  // A column of rows whose cells are all numbers is sent packed (a
  // Float64Array) and read by the rules of rows; a column with one cell of
  // another kind goes cell by cell. Both must read alike, for every kind of
  // column: numbers, instants, booleans (0 and 1), labels and intervals (a
  // number is an invalid one), keys (numbers are keys).
  test("rows: a column of numbers only reads as the same cells sent one by one", () => {
    const number = fc.oneof(fc.constantFrom(0, 1, -0, 2, 0.5, NaN, 1e15, -1, 60_000, 1.7e308), fc.integer({ min: -1e6, max: 1e8 }));
    const tables = [
      { f: (rows) => tickets.ticketMetrics(rows, { invalid: "error" }), fields: ["createdAt", "firstResponseAt", "resolvedAt", "replies", "abandoned", "status"], base: { createdAt: 0 } },
      { f: (rows) => tickets.revenueMetrics(rows, { from: 0, to: 86_400_000 }), fields: ["customerId", "start", "end", "amount", "interval", "currency"], base: { customerId: "c", start: 0, amount: 1, interval: "month" } },
      { f: (rows) => tickets.funnel(rows, { steps: ["a", "b"] }), fields: ["actor", "timestamp"], base: { actor: "x", timestamp: 0, event: "a" } },
      { f: (rows) => tickets.groupKpis(rows, { by: ["k"], metrics: { n: { kind: "nps", column: "score" } } }), fields: ["k", "score"], base: { k: "x", score: 10 } },
    ];
    fc.assert(
      fc.property(fc.nat(tables.length - 1), fc.nat(5), fc.array(number, { minLength: 1, maxLength: 6 }), (t, fi, values) => {
        const { f, fields, base } = tables[t];
        const field = fields[fi % fields.length];
        const rows = values.map((v) => ({ ...base, [field]: v }));
        // The same rows and one more whose cell is missing: not all numbers.
        const mixed = [...rows, { ...base, [field]: undefined }];
        const a = rule(() => f(rows));
        const b = rule(() => f(mixed));
        if (a.error) {
          const e = a.error;
          const want = b.error;
          assert.ok(want, `${field}: ${e.code} packed, none cell by cell`);
          assert.deepEqual([e.code, e.index, e.field, e.message, e.constructor], [want.code, want.index, want.field, want.message, want.constructor], field);
        } else if (b.error) {
          assert.equal(b.error.index, rows.length, `${field}: ${b.error.message}`);
        }
        // Finite numbers mean the same in columns.
        if (!a.error && values.every(Number.isFinite)) {
          const columns = Object.fromEntries(Object.keys(rows[0]).map((k) => [k, rows.map((r) => r[k])]));
          const c = rule(() => f(columns));
          if (!c.error) assert.deepEqual(a.result, c.result, field);
        }
      }),
      params,
    );
  });

  test("rows that are not objects are invalid at their index, and described", () => {
    for (const n of [6, 600]) {
      const rows = Array.from({ length: n }, (_, i) => ({ actor: "a", timestamp: i, event: "x", createdAt: i }));
      const bad = { 1: 5, 2: null, 3: [1], 4: new Uint8Array(2), [n - 1]: "s" };
      for (const [i, v] of Object.entries(bad)) rows[i] = v;
      const want = [[1, "5"], [2, "null"], [3, "an array"], [4, "a Uint8Array"], [n - 1, 'a string "s"']];
      for (const [f, name] of [[(r) => tickets.ticketMetrics(r, { invalid: "skip" }), "tickets"], [(r) => tickets.funnel(r, { steps: ["x"], invalid: "skip" }), "events"]]) {
        const got = f(rows).invalid;
        assert.deepEqual(got.map((e) => [e.index, e.code]), want.map(([i]) => [i, "INVALID_TYPE"]), name);
        got.forEach((e, k) => assert.equal(e.message, `${name} at index ${want[k][0]} must be an object; got ${want[k][1]}`));
      }
    }
  });

  // Past 4096 distinct strings a column of rows goes as it is, not as a
  // dictionary, and a column of instants or numbers parses each string in
  // place: the same cells as in a small table, with the same errors.
  test("rows: many distinct strings in a column of instants read as the same cells as a few", () => {
    const n = 5000;
    const at = (i) => Date.UTC(2026, 0, 1) + i * 61_000;
    const rows = Array.from({ length: n }, (_, i) => ({ actor: `a${i % 50}`, event: i % 2 ? "b" : "a", createdAt: new Date(at(i)).toISOString(), timestamp: new Date(at(i)).toISOString(), resolvedAt: new Date(at(i) + 3_600_000 + i).toISOString() }));
    const numeric = rows.map((r, i) => ({ ...r, createdAt: at(i), timestamp: at(i), resolvedAt: at(i) + 3_600_000 + i }));
    const calls = [
      [(r) => tickets.ticketMetrics(r), "resolvedAt"],
      [(r) => tickets.ticketMetrics(r, { invalid: "skip" }), "resolvedAt"],
      [(r) => tickets.funnel(r, { steps: ["a", "b"] }), "timestamp"],
      [(r) => tickets.funnel(r, { steps: ["a", "b"], invalid: "skip" }), "timestamp"],
    ];
    for (const [f, field] of calls) {
      assert.deepEqual(f(rows), f(numeric), field);
      for (const bad of ["2026-13-01T00:00:00Z", "", "  ", "abc", "été", "12345", "2026-01-01"]) {
        const k = 4321;
        const big = rule(() => f(rows.map((r, i) => (i === k ? { ...r, [field]: bad } : r))));
        const small = rule(() => f([rows[0], { ...rows[1], [field]: bad }]));
        const show = (o) => (o.error ? [o.error.code, o.error.index, o.error.field, o.error.message] : o.result.invalid ?? o.result.invalidRows);
        const fix = (x) => JSON.stringify(x).replaceAll(`${k}`, "1");
        assert.equal(fix(show(big)), fix(show(small)), `${field} = ${JSON.stringify(bad)}`);
      }
    }
  });

  test(`at least 20 000 generated calls were made`, (t) => {
    t.diagnostic(`${calls} calls checked, ${results} of them returned a result`);
    assert.ok(calls >= 20_000 || RUNS < 1500, `${calls} calls`);
    assert.ok(results > calls / 20, "the generators reach past argument checking");
  });
});
