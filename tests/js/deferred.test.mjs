// Tables whose options name their columns (funnel, groupKpis, healthScores):
// from 256 rows on, the engine first names the columns it reads and the rows
// (or the columns' values) follow in a second message with only those. These tests compare
// that path with the one-message path (every own key of every row read) on
// random and hostile rows, through two runtimes over the same module: one
// that always defers and one that never does. Both must give the same
// result, or the same error.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { runtime } from "../../pkg/runtime.js";
import meta from "../../pkg/wasm/cx_metrics_tickets.meta.js";
import * as tk from "../../pkg/tickets.js";

const RUNS = Number(process.env.FUZZ_RUNS || 300);
const module = new WebAssembly.Module(readFileSync(new URL("../../pkg/wasm/cx_metrics_tickets_bg.wasm", import.meta.url)));
const always = runtime(module, meta, { deferRows: 1 });
const never = runtime(module, meta, { deferRows: Infinity });
const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;

function outcome(f) {
  try {
    return { result: f() };
  } catch (e) {
    return { error: { name: e.constructor.name, code: e.code, index: e.index, field: e.field, message: e.message } };
  }
}

/** The same outcome from both runtimes, for the rows and for them as columns. */
function same(name, rows, options) {
  const a = outcome(() => always.fn(name)(rows, options, 0));
  const b = outcome(() => never.fn(name)(rows, options, 0));
  assert.deepEqual(a, b);
  const columns = toColumns(rows);
  assert.deepEqual(outcome(() => always.fn(name)(columns, options, 0)), outcome(() => never.fn(name)(columns, options, 0)), "columns");
  return a;
}

/**
 * The rows as an object of columns (each key of any object row, undefined
 * where a row lacks it), with a column nothing names, and sometimes a
 * throwing getter or a typed array.
 */
function toColumns(rows) {
  const keys = new Set();
  for (const r of rows) if (r !== null) for (const k of Object.keys(r)) if (k !== "junk2") keys.add(k);
  const out = {};
  for (const k of keys) {
    const cell = (r) => {
      try {
        return r === null ? undefined : r[k];
      } catch {
        return undefined; // (a row's throwing getter: the columns have their own)
      }
    };
    Object.defineProperty(out, k, { value: rows.map(cell), enumerable: true, writable: true, configurable: true });
  }
  out.unnamed = rows.map((_, i) => `x${i}`);
  if (rows.length % 5 === 1) throwing(out, "junk3");
  if (rows.length % 7 === 2) out.numbers = Float64Array.from(rows, (_, i) => i);
  return out;
}

// A value whose reading throws (a getter on the row).
const throwing = (row, key) => Object.defineProperty(row, key, { enumerable: true, get: () => { throw new Error("getter"); } });

/** Rows: the named fields from `named`, sometimes left out, plus properties nothing names. */
function arbRows(named) {
  const row = fc.record({
    cells: fc.record(Object.fromEntries(Object.entries(named).map(([k, arb]) => [k, fc.option(arb, { nil: undefined, freq: 6 })]))),
    extra: fc.dictionary(fc.constantFrom("junk", "meta", "url", "plan2", "__proto__", "constructor"), fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxKeys: 3 }),
    hostile: fc.constantFrom(null, null, null, null, null, null, null, null, "extra", "named", "hidden", "notObject"),
  });
  return fc.array(row, { minLength: 0, maxLength: 40 }).map((list) =>
    list.map(({ cells, extra, hostile }) => {
      if (hostile === "notObject") return null;
      const r = {};
      for (const [k, v] of Object.entries(extra)) Object.defineProperty(r, k, { value: v, enumerable: true, writable: true, configurable: true });
      for (const [k, v] of Object.entries(cells)) if (v !== undefined) r[k] = v;
      if (hostile === "extra") throwing(r, "junk2");
      if (hostile === "named") throwing(r, Object.keys(named)[0]);
      if (hostile === "named") throwing(r, "junk2");
      // A named field that is an own property but not enumerable.
      if (hostile === "hidden") Object.defineProperty(r, Object.keys(named)[1], { value: 1, enumerable: false });
      return r;
    }),
  );
}

describe("a table whose options name its columns, read in two messages", () => {
  test("funnel: the same result or error either way", () => {
    const named = {
      actor: fc.constantFrom("a", "b", 1, 2, null, ""),
      timestamp: fc.integer({ min: 0, max: 30 }).map((k) => T0 + k * MIN),
      event: fc.constantFrom("x", "y", "z", "", 3),
      session: fc.constantFrom("s1", "s2", {}),
      p: fc.constantFrom("pro", "free", 1, true),
    };
    const arbOptions = fc.record({
      steps: fc.constantFrom(["x"], ["x", "y"], [{ event: "x", where: { p: "pro" } }, "y"], ["y", "x", "z"]),
      order: fc.constantFrom("ordered", "strict", "unordered"),
      countBy: fc.constantFrom("actor", "session"),
      breakdown: fc.constantFrom(undefined, "p", "absent"),
      invalid: fc.constantFrom("error", "skip"),
    }).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    fc.assert(fc.property(arbRows(named), arbOptions, (rows, options) => void same("funnel", rows, options)), { numRuns: RUNS });
  });

  test("groupKpis: the same result or error either way", () => {
    const named = { seg: fc.constantFrom("EU", "US", 1, null, " "), at: fc.integer({ min: 0, max: 60 }).map((d) => T0 + d * 86_400_000), score: fc.constantFrom(0, 6, 7, 9, 10, "8", 11, null) };
    const arbOptions = fc.record({
      by: fc.constantFrom(["seg"], ["seg", { time: "at", every: "week" }], [{ time: "at", every: "month" }], ["missing"]),
      invalid: fc.constantFrom("error", "skip"),
      totals: fc.boolean(),
    }).map((o) => ({ ...o, metrics: { nps: { kind: "nps", column: "score" } } }));
    fc.assert(fc.property(arbRows(named), arbOptions, (rows, options) => void same("groupKpis", rows, options)), { numRuns: RUNS });
  });

  test("healthScores: the same result or error either way", () => {
    const named = { id: fc.constantFrom("a", "b", "c", 1, null), x: fc.constantFrom(0, 3, 10, null, "7", "x"), prev: fc.constantFrom(40, 60, null) };
    const arbSpec = fc.constantFrom(
      { id: "id", groups: [{ name: "g", measures: [{ column: "x", scoring: { type: "linear", min: 0, max: 10 } }] }] },
      { id: "id", groups: [{ name: "g", measures: [{ column: "x", scoring: { type: "linear", min: 0, max: 10 } }] }], trend: { column: "prev" } },
      { groups: [{ name: "g", measures: [{ column: "nowhere", scoring: { type: "percentile" } }] }] },
    );
    fc.assert(fc.property(arbRows(named), arbSpec, (rows, spec) => void same("healthScores", rows, spec)), { numRuns: RUNS });
  });

  test("cartAbandonment: events, and counts that merely contain a long column, read the same either way", () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ actor: `a${i % 40}`, timestamp: T0 + i * MIN, event: ["add_to_cart", "purchase", "view"][i % 3], junk: i }));
    same("cartAbandonment", rows, {});
    // A counts object is read by its values (ordersCompleted a number): a
    // long column beside it does not make it a table sent by its names.
    const odd = { ordersCompleted: 3, cartsCreated: Array.from({ length: 300 }, () => 1) };
    const a = outcome(() => always.fn("cartAbandonment")(odd, {}));
    assert.deepEqual(a, outcome(() => never.fn("cartAbandonment")(odd, {})));
    assert.equal(a.error?.code, "NOT_A_NUMBER");
  });

  test("the options and every row are read once, and options errors come first", () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ actor: `u${i % 7}`, timestamp: T0 + i * MIN, event: i % 2 ? "y" : "x", junk: i }));
    let optionReads = 0;
    const options = {
      get steps() {
        optionReads++;
        return ["x", "y"];
      },
    };
    let rowReads = 0;
    const watched = rows.slice();
    Object.defineProperty(watched, 5, { enumerable: true, get: () => (rowReads++, rows[5]) });
    const r = tk.funnel(watched, options);
    assert.equal(optionReads, 1);
    assert.equal(rowReads, 1);
    assert.deepEqual(r, tk.funnel(rows, { steps: ["x", "y"] }));
    // An options error is the error, as with a few rows.
    assert.throws(() => tk.funnel(rows, { steps: [] }), (e) => e.code === "INVALID_OPTION" && e.field === "steps");
  });

  test("columns nothing names are not read", () => {
    let reads = 0;
    const n = 400;
    const columns = {
      actor: Array.from({ length: n }, (_, i) => `u${i % 9}`),
      timestamp: Float64Array.from({ length: n }, (_, i) => T0 + i * MIN),
      event: Array.from({ length: n }, (_, i) => ["x", "y"][i % 2]),
    };
    const watched = { ...columns };
    Object.defineProperty(watched, "payload", { enumerable: true, get: () => (reads++, Array.from({ length: n }, () => "p")) });
    Object.defineProperty(watched, "actor", { enumerable: true, get: () => (reads++, columns.actor) });
    assert.deepEqual(tk.funnel(watched, { steps: ["x", "y"] }), tk.funnel(columns, { steps: ["x", "y"] }));
    // Each getter once: the columns are read once, before the engine names them.
    assert.equal(reads, 2);
  });

  test("properties nothing names change nothing, and are not read", () => {
    let extraReads = 0;
    const rows = Array.from({ length: 500 }, (_, i) => {
      const r = { actor: i % 13, timestamp: T0 + (i % 50) * MIN, event: ["x", "y", "z"][i % 3] };
      Object.defineProperty(r, "payload", { enumerable: true, get: () => (extraReads++, "x".repeat(100)) });
      return r;
    });
    const plain = rows.map(({ actor, timestamp, event }) => ({ actor, timestamp, event }));
    assert.deepEqual(tk.funnel(rows, { steps: ["x", "y", "z"] }), tk.funnel(plain, { steps: ["x", "y", "z"] }));
    assert.equal(extraReads, 0);
  });
});
