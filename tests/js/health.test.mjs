// healthScores and validateHealthSpec: hand-worked scores (the issue's
// 40/30/30 example, two-level renormalisation, each scoring), an
// independent JavaScript scorer on random portfolios, spec validation
// paths, and hostile specs and cells.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { healthScores, validateHealthSpec, ticketMetrics } from "../../pkg/tickets.js";
import { throwsCode } from "../support/errors.mjs";

const close = (a, b, eps = 1e-9) => assert.ok(a === b || Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
const identity = { type: "linear", min: 0, max: 100 };

describe("healthScores: hand-worked", () => {
  test("weights 40/30/30 with scores 80, NA and 50 give (0.4·80 + 0.3·50)/0.7 = 67.14", () => {
    const spec = {
      groups: [
        { name: "a", weight: 40, measures: [{ column: "a", scoring: identity }] },
        { name: "b", weight: 30, measures: [{ column: "b", scoring: identity }] },
        { name: "c", weight: 30, measures: [{ column: "c", scoring: identity }] },
      ],
    };
    const [acc] = healthScores([{ a: 80, b: null, c: 50 }], spec).accounts;
    close(acc.score, 67.14285714285714);
    assert.equal(acc.score.toFixed(2), "67.14");
    close(acc.coverage, 0.7);
    assert.deepEqual(acc.groupScores, { a: 80, b: null, c: 50 });
    // Contributions add up to the score; the missing measure adds nothing.
    close(acc.contributions.reduce((s, c) => s + c.contribution, 0), acc.score);
    assert.deepEqual(acc.contributions.map((c) => c.missing), [false, true, false]);
    assert.deepEqual(acc.band, { label: "yellow", color: "#e6b800" });
    // The same weights inside one group renormalise the same way.
    const flat = { groups: [{ name: "all", measures: ["a", "b", "c"].map((c, i) => ({ column: c, weight: [40, 30, 30][i], scoring: identity })) }] };
    close(healthScores([{ a: 80, b: null, c: 50 }], flat).accounts[0].score, 67.14285714285714);
    // zero: 0.4·80 + 0.3·50 = 47 (red); neutral: 47 + 0.3·50 = 62.
    assert.equal(healthScores([{ a: 80, c: 50 }], { ...flat, missing: "zero" }).accounts[0].score, 47);
    close(healthScores([{ a: 80, c: 50 }], { ...flat, missing: "neutral" }).accounts[0].score, 62);
    close(healthScores([{ a: 80, c: 50 }], { ...flat, missing: "neutral", neutralScore: 100 }).accounts[0].score, 77);
  });

  test("scorings: thresholds, ranges, linear, percentile, and direction lower", () => {
    const spec = {
      id: "id",
      groups: [
        {
          name: "g",
          measures: [
            { name: "t", column: "t", scoring: { type: "thresholds", good: 20, poor: 5, points: { good: 90, average: 60, poor: 10 } } },
            { name: "r", column: "r", scoring: { type: "ranges", ranges: [{ max: 3, points: 100 }, { min: 3, max: 10, points: 50 }, { min: 10, points: 0 }] } },
            { name: "l", column: "l", direction: "lower", scoring: { type: "linear", min: 0.2, max: 0.9 } },
            { name: "p", column: "p", scoring: { type: "percentile" } },
          ],
        },
      ],
    };
    const rows = [
      { id: "x", t: 20, r: 3, l: 0.55, p: 10 }, // 90, 50, 50, 0
      { id: "y", t: 5, r: 2.99, l: 1, p: 20 }, // 10, 100, 0, 50 (20 twice: ranks 1 and 2 share 1.5 of 0..3)
      { id: "z", t: 6, r: 10, l: 0, p: 20 }, // 60, 0, 100, 50
      { id: "w", t: 100, r: -5, l: 0.2, p: 40 }, // 90, 100, 100, 100
    ];
    const r = healthScores(rows, spec);
    const pts = r.accounts.map((a) => a.contributions.map((c) => Math.round(c.points * 1e9) / 1e9));
    assert.deepEqual(pts, [
      [90, 50, 50, 0],
      [10, 100, 0, 50],
      [60, 0, 100, 50],
      [90, 100, 100, 100],
    ]);
    assert.deepEqual(r.accounts.map((a) => a.id), ["x", "y", "z", "w"]);
    close(r.accounts[0].score, (90 + 50 + 50 + 0) / 4);
  });

  test("groups renormalise in two levels (a group with nothing drops out)", () => {
    const spec = {
      groups: [
        { name: "A", weight: 60, measures: [{ column: "x", scoring: { type: "linear", min: 0, max: 10 } }, { column: "y", scoring: identity }] },
        { name: "B", weight: 40, measures: [{ column: "z", scoring: identity }] },
      ],
    };
    const [a] = healthScores({ x: [5], y: [null], z: [""] }, spec).accounts;
    assert.equal(a.score, 50);
    close(a.coverage, 0.3);
    assert.deepEqual(a.groupScores, { A: 50, B: null });
    const [b] = healthScores({ x: [null], y: [null], z: [null] }, spec).accounts;
    assert.equal(b.score, null);
    assert.equal(b.band, null);
    assert.match(b.reason, /no measure/);
  });

  test("minCoverage, bands, trend and override", () => {
    const spec = {
      groups: [{ name: "g", measures: [{ column: "a", weight: 3, scoring: identity }, { column: "b", scoring: identity }] }],
      minCoverage: 0.8,
      bands: [
        { label: "risk", color: "#c00", min: 0, max: 40 },
        { label: "ok", color: "#0a0", min: 40, max: 100 },
      ],
      trend: { column: "prev", epsilon: 2 },
      override: { column: "manual", expires: "until", asOf: "2026-06-01T00:00:00Z" },
    };
    const rows = [
      { a: 40, b: 40, prev: 38 }, // 40: "ok" (min inclusive); +2 is flat (epsilon inclusive)
      { a: 39.99, b: 39.99, prev: 45 }, // risk, down
      { a: 50 }, // coverage 0.75 < 0.8: null
      { a: 10, b: 10, manual: 90, until: "2026-07-01T00:00:00Z" }, // override live
      { a: 10, b: 10, manual: 90, until: "2026-05-01T00:00:00Z" }, // expired
      { a: 100, b: 100, prev: 97.9 }, // top band's max is inclusive; up
    ];
    const r = healthScores(rows, spec);
    assert.deepEqual(
      r.accounts.map((a) => [a.score === null ? null : Math.round(a.score * 100) / 100, a.band?.label ?? null, a.trend, a.overridden]),
      [
        [40, "ok", "flat", false],
        [39.99, "risk", "down", false],
        [null, null, null, false],
        [90, "ok", null, true],
        [10, "risk", null, false],
        [100, "ok", "up", false],
      ],
    );
    assert.match(r.accounts[2].reason, /coverage 75 % is below minCoverage 80 %/);
    // An unscored account's measures add nothing.
    assert.deepEqual(r.accounts[2].contributions.map((c) => c.contribution), [0, 0]);
    assert.equal(r.accounts[3].computedScore, 10);
    assert.deepEqual(r.portfolio.bands.map((b) => [b.label, b.count]), [["risk", 2], ["ok", 3]]);
    assert.equal(r.portfolio.scored, 5);
    close(r.portfolio.average, (40 + 39.99 + 90 + 10 + 100) / 5);
    assert.equal(r.portfolio.median, 40);
  });

  test("segments: each segment's portfolio, as the portfolio of its accounts alone", () => {
    const spec = { id: "id", segment: "csm", groups: [{ name: "g", measures: [{ column: "a", scoring: identity }] }] };
    const rows = [
      { id: 1, csm: "Ana", a: 90 },
      { id: 2, csm: "Rui", a: 40 },
      { id: 3, csm: "Ana", a: 60 },
      { id: 4, a: 70 },
      { id: 5, csm: "Rui", a: null },
    ];
    const r = healthScores(rows, spec);
    assert.deepEqual(r.segments.map((s) => [s.value, s.accounts, s.scored, s.average, s.median]), [
      ["Ana", 2, 2, 75, 75],
      ["Rui", 2, 1, 40, 40],
      [null, 1, 1, 70, 70],
    ]);
    const ana = healthScores(rows.filter((x) => x.csm === "Ana"), { ...spec, segment: undefined }).portfolio;
    assert.deepEqual(r.segments[0].bands, ana.bands);
    assert.equal(healthScores(rows, { ...spec, segment: undefined }).segments, null);
  });

  test("CSV cells: numeric strings are numbers, blank is missing, text is an error", () => {
    const spec = { groups: [{ name: "g", measures: [{ column: "a", scoring: identity }] }] };
    assert.equal(healthScores({ a: [" 70 ", ""] }, spec).accounts[0].score, 70);
    assert.equal(healthScores({ a: [" 70 ", ""] }, spec).accounts[1].score, null);
    throwsCode(() => healthScores({ a: ["70", "n/a"] }, spec), "NOT_A_NUMBER", { index: 1 });
    const skipped = healthScores({ a: ["70", "n/a"] }, { ...spec, invalid: "skip" });
    assert.equal(skipped.skipped, 1);
    assert.equal(skipped.accounts.length, 1);
    throwsCode(() => healthScores([{ a: 1, m: 120 }], { ...spec, override: { column: "m" } }), "INVALID_VALUE", { index: 0 });
    throwsCode(() => healthScores({ a: new Float64Array([1, Infinity]) }, spec), "INVALID_VALUE", { index: 1, field: "a" });
    // Columns without a measure's column: a typo, not missing values.
    throwsCode(() => healthScores({ b: [1] }, spec), "MISSING_FIELD", { field: "a" });
    assert.equal(healthScores([], spec).accounts.length, 0);
    // Trend and override columns may be absent.
    assert.equal(healthScores([{ a: 5 }], { ...spec, trend: { column: "prev" }, override: { column: "m" } }).accounts[0].score, 5);
    // But not the expiry of overrides given: misspelt, a manual score that
    // expired in January stood (90, overridden, for a computed 10).
    const expiring = { ...spec, override: { column: "manual", expires: "manualUntil", asOf: "2026-06-01T00:00:00Z" } };
    throwsCode(() => healthScores({ a: [1], manual: [90], manualUntill: ["2026-01-15T00:00:00Z"] }, expiring), "MISSING_FIELD", { field: "manualUntil" });
    const a = healthScores({ a: [1], manual: [90], manualUntil: ["2026-01-15T00:00:00Z"] }, expiring).accounts[0];
    assert.deepEqual([a.score, a.overridden], [1, false]);
    assert.equal(healthScores({ a: [1] }, expiring).accounts[0].score, 1);
  });
});

describe("validateHealthSpec", () => {
  test("lists every problem with its path", () => {
    const v = validateHealthSpec({
      groups: [
        { name: "g", measures: [{ column: "a", scoring: identity }, { column: "b", weight: -1, scoring: { type: "thresholds", good: 1, poor: 5 } }] },
        { name: "g", weight: -2, measures: [{ column: "c", direction: "lower", scoring: { type: "ranges", ranges: [{ max: 3, points: 100 }, { min: 4, points: 0 }] } }] },
      ],
      bands: [
        { label: "a", color: "red", min: 0, max: 50 },
        { label: "b", color: "green", min: 40, max: 90 },
      ],
      minCoverage: 2,
    });
    assert.equal(v.valid, false);
    assert.deepEqual(v.errors.map((e) => e.path), [
      "groups[0].measures[1].weight",
      "groups[0].measures[1].scoring.good",
      "groups[1].name",
      "groups[1].weight",
      "groups[1].measures[0].direction",
      "groups[1].measures[0].scoring.ranges[1].min",
      "minCoverage",
      "bands[1].min",
      "bands[1].max",
    ]);
    assert.ok(v.errors.every((e) => e.code === "INVALID_OPTION" && e.message.includes(e.path)));
    assert.match(v.errors[5].message, /gap/);
    assert.match(v.errors[7].message, /overlap/);
  });

  test("a weight of 0 switches a measure or a group off", () => {
    const groups = [
      { name: "a", weight: 1, measures: [{ column: "x", scoring: identity }, { column: "y", weight: 0, scoring: identity }] },
      { name: "b", weight: 0, measures: [{ column: "z", scoring: identity }] },
    ];
    const [acc] = healthScores([{ x: 60, y: 0, z: 0 }], { groups }).accounts;
    assert.equal(acc.score, 60);
    assert.equal(acc.coverage, 1);
    assert.deepEqual(validateHealthSpec({ groups: [{ name: "a", measures: [{ column: "x", weight: 0, scoring: identity }] }] }).errors.map((e) => e.path), ["groups[0].measures"]);
    assert.deepEqual(validateHealthSpec({ groups: [{ name: "a", weight: 0, measures: [{ column: "x", scoring: identity }] }] }).errors.map((e) => e.path), ["groups"]);
  });

  test("shape errors name their path; a valid spec is valid", () => {
    assert.deepEqual(validateHealthSpec({ groups: [{ name: "g", measures: [{ column: "a", scoring: identity }] }] }), { valid: true, errors: [] });
    const typo = validateHealthSpec({ groups: [{ name: "g", measures: [{ column: "a", wieght: 2, scoring: identity }] }] });
    assert.equal(typo.errors[0].path, "groups[0].measures[0].wieght");
    assert.match(typo.errors[0].message, /known options are name, column, weight, scoring, direction/);
    const type = validateHealthSpec({ groups: [{ name: "g", measures: [{ column: "a", scoring: { type: "cubic" } }] }] });
    assert.equal(type.errors[0].path, "groups[0].measures[0].scoring.type");
    throwsCode(() => healthScores([], { groups: [{ name: "g", measures: [{ column: "a", weight: "2", scoring: identity }] }] }), "INVALID_OPTION", {
      field: "groups[0].measures[0].weight",
    });
  });

  test("every problem is listed, shape and values alike, each once (not only the first)", () => {
    const lin = { type: "linear", min: 0, max: 100 };
    const spec = {
      groups: [
        { name: "A", weight: -3, measures: [{ column: "x", weight: -1, scoring: lin }, { column: "y", wieght: 2, scoring: { type: "linear", min: 5, max: 1 } }] },
        { name: "B", measures: [{ column: "z", scoring: lin, direction: "sideways" }] },
      ],
      missing: "foo",
      minCoverage: 2,
    };
    const paths = validateHealthSpec(spec).errors.map((e) => e.path).sort();
    assert.deepEqual(paths, [
      "groups[0].measures[0].weight",
      "groups[0].measures[1].scoring.max",
      "groups[0].measures[1].wieght",
      "groups[0].weight",
      "groups[1].measures[0].direction",
      "minCoverage",
      "missing",
    ]);
    // A measure whose scoring cannot be read hides the rest of its group's
    // measures, not the rest of the spec.
    const hidden = validateHealthSpec({ ...spec, groups: [{ name: "A", measures: [{ column: "a", scoring: { type: "cubic" } }, { column: "b", weight: -1, scoring: lin }] }, { name: "B", weight: -2, measures: [{ column: "z", scoring: lin }] }] });
    assert.deepEqual(hidden.errors.map((e) => e.path).sort(), ["groups[0].measures[0].scoring.type", "groups[1].weight", "minCoverage", "missing"]);
    // An unknown key beside a value problem of what holds it hides nothing.
    const zero = { groups: [{ name: "A", weight: 0, measures: [{ column: "x", scoring: lin }] }, { name: "B", weight: 0, zz: 1, measures: [{ column: "y", scoring: lin }] }] };
    assert.deepEqual(validateHealthSpec(zero).errors.map((e) => e.path).sort(), ["groups", "groups[1].zz"]);
    // healthScores throws one of them.
    assert.throws(() => healthScores([], spec), (e) => e.code === "INVALID_OPTION" && paths.includes(e.field));
  });

  test("weights above 1e100 are refused (sums of 1e307 weights overflowed to a null score)", () => {
    const spec = (g, m) => ({ groups: [{ name: "g", weight: g, measures: [{ column: "a", weight: m, scoring: identity }, { column: "b", weight: m, scoring: identity }] }, { name: "h", weight: g, measures: [{ column: "a", scoring: identity }] }] });
    assert.deepEqual(validateHealthSpec(spec(1e307, 1)).errors.map((e) => e.path), ["groups[0].weight", "groups[1].weight"]);
    assert.deepEqual(validateHealthSpec(spec(1, 1e307)).errors.map((e) => e.path), ["groups[0].measures[0].weight", "groups[0].measures[1].weight"]);
    throwsCode(() => healthScores([{ a: 50, b: 50 }], spec(1e307, 1)), "INVALID_OPTION", { field: "groups[0].weight", message: /1e100/ });
    const score = healthScores([{ a: 50, b: 70 }], spec(1e100, 1e100)).accounts[0].score;
    assert.ok(Math.abs(score - 55) < 1e-12, `score ${score}`);
  });

  test("never throws, whatever the spec", () => {
    const spec = fc.oneof(
      fc.anything(),
      fc.record({ groups: fc.array(fc.record({ name: fc.string(), weight: fc.anything(), measures: fc.array(fc.dictionary(fc.constantFrom("column", "weight", "scoring", "direction", "name", "x"), fc.anything())) })) }),
    );
    fc.assert(
      fc.property(spec, (s) => {
        const v = validateHealthSpec(s);
        assert.equal(typeof v.valid, "boolean");
        assert.equal(v.valid, v.errors.length === 0);
        for (const e of v.errors) assert.equal(typeof e.path, "string");
      }),
      { numRuns: 300 },
    );
    assert.equal(ticketMetrics([]).tickets, 0, "the module still works");
  });
});

describe("healthScores against an independent scorer", () => {
  // The textbook: nested renormalisation over present measures.
  function reference(rows, spec) {
    return rows.map((row) => {
      let gw = 0;
      let sum = 0;
      for (const g of spec.groups) {
        let mw = 0;
        let ms = 0;
        for (const m of g.measures) {
          const v = row[m.column];
          if (v === null || v === undefined) continue;
          const x = Math.min(100, Math.max(0, (100 * (v - m.scoring.min)) / (m.scoring.max - m.scoring.min)));
          mw += m.weight;
          ms += m.weight * (m.direction === "lower" ? 100 - x : x);
        }
        if (mw > 0) {
          gw += g.weight;
          sum += (g.weight * ms) / mw;
        }
      }
      return gw > 0 ? sum / gw : null;
    });
  }

  test("random portfolios and specs", () => {
    const measure = (i) =>
      fc.record({
        column: fc.constant(`c${i}`),
        weight: fc.integer({ min: 1, max: 9 }),
        direction: fc.constantFrom("higher", "lower"),
        scoring: fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 100 })).map(([lo, d]) => ({ type: "linear", min: lo, max: lo + d })),
      });
    const specArb = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }).chain((sizes) => {
      let k = 0;
      return fc.tuple(...sizes.map((n, g) => fc.record({ name: fc.constant(`g${g}`), weight: fc.integer({ min: 1, max: 9 }), measures: fc.tuple(...Array.from({ length: n }, () => measure(k++))) })));
    });
    const value = fc.option(fc.double({ min: -100, max: 200, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(specArb, fc.array(fc.array(value, { minLength: 9, maxLength: 9 }), { minLength: 1, maxLength: 8 }), (groups, cells) => {
        const spec = { groups };
        const rows = cells.map((c) => Object.fromEntries(c.map((v, i) => [`c${i}`, v])));
        const got = healthScores(rows, spec).accounts.map((a) => a.score);
        const want = reference(rows, spec);
        got.forEach((g, i) => (want[i] === null ? assert.equal(g, null) : close(g, want[i], 1e-9)));
      }),
      { numRuns: 200 },
    );
  });

  test("hostile cells never crash the module", () => {
    const spec = { groups: [{ name: "g", measures: [{ column: "a", scoring: { type: "percentile" } }, { column: "b", scoring: identity }] }], invalid: "skip" };
    fc.assert(
      fc.property(fc.array(fc.record({ a: fc.anything(), b: fc.oneof(fc.double(), fc.string(), fc.constant(null)) }), { maxLength: 20 }), (rows) => {
        try {
          const r = healthScores(rows, spec);
          for (const a of r.accounts) assert.ok(a.score === null || (a.score >= 0 && a.score <= 100), `score ${a.score}`);
        } catch (e) {
          assert.equal(typeof e.code, "string", e.message);
        }
      }),
      { numRuns: 300 },
    );
    assert.equal(healthScores({ a: [1], b: [null] }, spec).accounts[0].score, 50);
  });
});
