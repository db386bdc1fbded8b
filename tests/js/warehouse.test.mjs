// The warehouse path: groupKpis's states, SQL recipes run by DuckDB and by
// Apache Spark (local mode) over the same million rows, and
// groupKpisFromStates finalising them into the same rows as groupKpis on the
// raw answers.
import { test, describe, after } from "node:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { DuckDBInstance } from "@duckdb/node-api";
import { groupKpis, groupKpisFromStates, sqlStates } from "../../pkg/group.js";
import { throwsCode } from "../support/errors.mjs";
import { rng } from "../support/rng.mjs";

const DAY = 86_400_000;
/** The parts of two groupings that must agree (counts of input rows differ: answers vs states). */
const results = (t) => ({ rows: t.rows, totals: t.totals, total: t.total });

describe("states", () => {
  const r = rng(11);
  const rows = Array.from({ length: 4000 }, () => ({
    seg: ["a", "b", "c"][Math.floor(r() * 3)],
    at: Date.UTC(2026, 0, 1) + Math.floor(r() * 200 * DAY),
    x: Math.floor(r() * 11),
    s: 1 + Math.floor(r() * 5),
  }));
  const by = ["seg", { time: "at", every: "month", timeZone: "America/New_York" }];
  const metrics = { nps: { kind: "nps", column: "x" }, sat: { kind: "csat", column: "s", satisfiedFrom: 5 } };
  const bare = { nps: { kind: "nps" }, sat: { kind: "csat", satisfiedFrom: 5 } };

  test("the state of every group is the counts of its scale points", () => {
    const t = groupKpis(rows, { by, metrics, states: true });
    assert.equal(t.states.length, t.rows.length);
    const s = t.states[0];
    assert.deepEqual(Object.keys(s), ["seg", "at", ...Array.from({ length: 11 }, (_, k) => `nps_${k}`), ...[1, 2, 3, 4, 5].map((k) => `sat_${k}`), "stateVersion"]);
    assert.equal(s.at, t.rows[0].periodStart);
    assert.deepEqual(Array.from({ length: 11 }, (_, k) => s[`nps_${k}`]), t.rows[0].nps.distribution);
    assert.equal(s.stateVersion, 1);
  });

  test("finalising the states gives the rows of the answers, with changes and totals", () => {
    const o = { by, compare: "previous", totals: true, adjust: "bh" };
    const direct = groupKpis(rows, { ...o, metrics, states: true });
    assert.deepEqual(results(groupKpisFromStates(direct.states, { ...o, metrics: bare })), results(direct));
    // States of finer groups (days) merge into months.
    const daily = groupKpis(rows, { by: ["seg", { time: "at", every: "day", timeZone: "America/New_York" }], metrics, states: true });
    assert.deepEqual(results(groupKpisFromStates(daily.states, { ...o, metrics: bare })), results(direct));
    // And rolling windows from daily states.
    const roll = { by, metrics, rolling: { days: 30 } };
    assert.deepEqual(results(groupKpisFromStates(daily.states, { ...roll, metrics: bare })), results(groupKpis(rows, roll)));
  });

  test("bad states name their row and column", () => {
    const o = { by: ["seg"], metrics: { nps: { kind: "nps" } } };
    const good = Object.fromEntries(Array.from({ length: 11 }, (_, k) => [`nps_${k}`, 1]));
    throwsCode(() => groupKpisFromStates([{ seg: "a", ...good }, { seg: "a", ...good, nps_3: -1 }], o), "INVALID_COUNT", { index: 1, field: "nps_3" });
    throwsCode(() => groupKpisFromStates([{ seg: "a", ...good, nps_3: 1.5 }], o), "INVALID_COUNT", { index: 0, field: "nps_3" });
    throwsCode(() => groupKpisFromStates([{ seg: "a", nps_0: 1 }], o), "MISSING_FIELD", { field: "nps_1" });
    throwsCode(() => groupKpisFromStates([{ seg: "a", ...good }], { by: ["seg"], metrics: { f: { kind: "sla", sla: { firstResponseMs: 1 } } } }), "INVALID_OPTION", { field: "metrics.f.kind" });
    throwsCode(() => groupKpis(rows, { by, metrics: { f: { kind: "sla", sla: { firstResponseMs: 1 } } }, states: true }), "INVALID_OPTION", { field: "states" });
    throwsCode(() => groupKpisFromStates([{ seg: "a", ...good }], { by: ["seg"], metrics: { f: { kind: "firstResponse" } } }), "MISSING_FIELD", { field: "f_bucket" });
    // Counts in typed arrays (columns of states).
    const cols = Object.fromEntries(Array.from({ length: 11 }, (_, k) => [`nps_${k}`, new Uint8Array([k, 1])]));
    const typed = groupKpisFromStates({ seg: ["a", "a"], ...cols }, o).rows[0].nps;
    assert.deepEqual(typed.distribution, Array.from({ length: 11 }, (_, k) => k + 1));
    // BigInts, as database drivers give BIGINTs, are numbers when exact.
    const big = Object.fromEntries(Array.from({ length: 11 }, (_, k) => [`nps_${k}`, 2n]));
    assert.equal(groupKpisFromStates([{ seg: "a", ...big }], o).rows[0].nps.total, 22);
    throwsCode(() => groupKpisFromStates([{ seg: "a", ...big, nps_0: 2n ** 60n }], o), "NOT_A_NUMBER", { index: 0, field: "nps_0" });
    // The format is versioned.
    throwsCode(() => groupKpisFromStates([{ seg: "a", ...good }, { seg: "a", ...good, stateVersion: 2 }], o), "INVALID_STATE", {
      message: /stateVersion 2/,
      index: 1,
      field: "stateVersion",
    });
    assert.equal(groupKpisFromStates([{ seg: "a", ...good, stateVersion: 1 }], o).rows[0].nps.total, 11);
    // SQL's SUM over no rows is NULL: a missing count is 0.
    const t = groupKpisFromStates([{ seg: "a", ...good, nps_10: null }], o);
    assert.equal(t.rows[0].nps.total, 10);
  });
});

/** Tickets of 3 segments over 90 days: first responses from seconds to days, some unanswered or unresolved. */
function makeTickets(n, seed) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const createdAt = Date.UTC(2026, 0, 1) + Math.floor(r() * 90 * DAY);
    const frt = Math.floor(Math.exp(r() * 14) * 1000); // 1 s … 14 days
    out.push({
      seg: ["a", "b", "c"][Math.floor(r() * 3)],
      createdAt,
      firstResponseAt: r() < 0.1 ? null : createdAt + frt,
      resolvedAt: r() < 0.2 ? null : createdAt + frt + Math.floor(r() * 5 * DAY),
      replies: 1 + Math.floor(r() * 3),
      reopens: r() < 0.1 ? 1 : 0,
    });
  }
  return out;
}
const ticketMetrics = { frt: { kind: "firstResponse", percentiles: [90] }, res: { kind: "resolution" }, fcr: { kind: "fcr" }, reo: { kind: "reopen" } };
const bareTickets = { frt: { kind: "firstResponse", percentiles: [90] }, res: { kind: "resolution" }, fcr: { kind: "fcr" }, reo: { kind: "reopen" } };

/** The value of rank ⌊q(n − 1)⌋ of `values` (the rank DDSketch estimates). */
const lowerRank = (values, q) => {
  const v = values.filter((x) => x !== null).sort((a, b) => a - b);
  return v[Math.floor(q * (v.length - 1))];
};

/** Checks grouped duration results from states against the exact durations of each row's tickets. */
function checkSketched(fromStates, direct, tickets, by) {
  assert.equal(fromStates.rows.length, direct.rows.length);
  fromStates.rows.forEach((row, k) => {
    const d = direct.rows[k];
    assert.deepEqual([row.seg, row.period], [d.seg, d.period]);
    // Rates: exact.
    assert.deepEqual(row.fcr, d.fcr);
    assert.deepEqual(row.reo, d.reo);
    for (const m of ["frt", "res"]) {
      const [a, b] = [row[m], d[m]];
      assert.equal(a.count, b.count);
      assert.equal(a.min, b.min);
      assert.equal(a.max, b.max);
      assert.ok(Math.abs(a.mean - b.mean) <= 1e-9 * b.mean, `${m} mean`);
      assert.ok(Math.abs(a.standardDeviation - b.standardDeviation) <= 1e-6 * b.standardDeviation, `${m} sd`);
      // Median and p90 within 1 % of the exact order statistic.
      const values = tickets
        .filter((t) => t.seg === row.seg && by(t) === row.period)
        .map((t) => (m === "frt" ? (t.firstResponseAt === null ? null : t.firstResponseAt - t.createdAt) : t.resolvedAt === null ? null : t.resolvedAt - t.createdAt));
      for (const [key, q] of [["median", 0.5], ["p90", 0.9]]) {
        if (a[key] === undefined) continue;
        const exact = lowerRank(values, q);
        assert.ok(Math.abs(a[key] - exact) <= 0.01 * exact, `${m} ${key}: ${a[key]} vs ${exact}`);
      }
      assert.equal(a.histogram.reduce((s, x) => s + x.count, 0), b.count);
    }
  });
}

describe("ticket states (rates exact, durations as a DDSketch)", () => {
  const tickets = makeTickets(6000, 5);
  const by = ["seg", { time: "createdAt", every: "month", timeZone: "UTC" }];
  const monthOf = (t) => new Date(t.createdAt).toISOString().slice(0, 7);

  test("states of rates are successes and trials; of durations, a row per sketch bucket", () => {
    const t = groupKpis(tickets, { by, metrics: ticketMetrics, states: true });
    const first = t.states[0];
    assert.deepEqual(Object.keys(first), ["seg", "createdAt", "frt_bucket", "frt_count", "frt_sum", "frt_sumsq", "frt_min", "frt_max", "res_bucket", "res_count", "res_sum", "res_sumsq", "res_min", "res_max", "fcr_successes", "fcr_trials", "reo_successes", "reo_trials", "stateVersion"].filter((k) => k in first));
    assert.equal(first.fcr_successes, t.rows[0].fcr.count);
    assert.equal(first.fcr_trials, t.rows[0].fcr.total);
    const rowsOfFirst = t.states.filter((s) => s.seg === first.seg && s.createdAt === first.createdAt);
    assert.equal(rowsOfFirst.reduce((s, x) => s + (x.frt_count ?? 0), 0), t.rows[0].frt.count);
    // Bucket keys by hand: ⌈ln d / ln γ⌉, γ = 1.01/0.99.
    const g = Math.log(1.01 / 0.99);
    for (const s of rowsOfFirst.filter((x) => x.frt_count > 0)) {
      assert.ok(s.frt_min === undefined || s.frt_bucket >= 0);
    }
    const one = groupKpis([{ seg: "a", createdAt: 0, firstResponseAt: 100_000 }], { by: ["seg"], metrics: { frt: { kind: "firstResponse" } }, states: true }).states;
    assert.deepEqual(one, [{ seg: "a", frt_bucket: Math.ceil(Math.log(100_000) / g), frt_count: 1, frt_sum: 100_000, frt_sumsq: 1e10, frt_min: 100_000, frt_max: 100_000, stateVersion: 1 }]);
  });

  test("finalised: counts, means and extremes exact, quantiles within 1 %, changes by Price–Bonett on the sketch", () => {
    const o = { by, compare: "previous", totals: true };
    const direct = groupKpis(tickets, { ...o, metrics: ticketMetrics, states: true });
    const fromStates = groupKpisFromStates(direct.states, { ...o, metrics: bareTickets });
    checkSketched(fromStates, direct, tickets, monthOf);
    const changed = fromStates.rows.filter((r) => r.frt.change?.pValue != null);
    assert.ok(changed.length > 0);
    for (const r of changed) assert.equal(r.frt.change.test, "median-price-bonett");
    // Daily states merge into months the same way.
    const daily = groupKpis(tickets, { by: ["seg", { time: "createdAt", every: "day", timeZone: "UTC" }], metrics: ticketMetrics, states: true });
    checkSketched(groupKpisFromStates(daily.states, { ...o, metrics: bareTickets }), direct, tickets, monthOf);
  });

  test("bad ticket states name their row and column", () => {
    const o = { by: ["seg"], metrics: { f: { kind: "firstResponse" }, r: { kind: "fcr" } } };
    // Durations of 10 and 11 ms: buckets 116 and 120 (γ = 1.01/0.99), 118 between.
    const good = { seg: "a", f_bucket: 118, f_count: 2, f_sum: 21, f_sumsq: 221, f_min: 10, f_max: 11, r_successes: 1, r_trials: 2 };
    assert.equal(groupKpisFromStates([good], o).rows[0].f.count, 2);
    throwsCode(() => groupKpisFromStates([good, { ...good, f_count: -1 }], o), "INVALID_COUNT", { index: 1, field: "f_count" });
    throwsCode(() => groupKpisFromStates([{ ...good, f_min: 12 }], o), "INVALID_STATE", { message: /row 0 has f_min 12/, index: 0, field: "f_min" });
    throwsCode(() => groupKpisFromStates([good, { ...good, r_successes: 3 }], o), "INVALID_STATE", { index: 1, field: "r_successes" });
    throwsCode(() => groupKpisFromStates([{ ...good, f_bucket: 1.5 }], o), "INVALID_STATE", { message: /f_bucket/ });
    throwsCode(() => groupKpisFromStates([{ ...good, f_sum: -1 }], o), "INVALID_STATE", { message: /f_sum/ });
    throwsCode(() => groupKpisFromStates([{ ...good, r_successes: 3 }], o), "INVALID_STATE", { message: /r_successes 3/ });
    // Sums that 2 durations from 10 to 11 cannot have, a bucket none of
    // them is in, a sum without durations: each a made-up mean or percentile.
    throwsCode(() => groupKpisFromStates([{ ...good, f_sum: 100 }], o), "INVALID_STATE", { message: /state rows of f for one group and period \(those of state row 0\) add up to 2 durations from 10 to 11 summing to 100/ });
    // Named by the group's first state row and the metric's sums (they named neither).
    throwsCode(() => groupKpisFromStates([{ seg: "b", r_successes: 1, r_trials: 1 }, { ...good, f_sum: 100 }], o), "INVALID_STATE", { index: 1, field: "f_sum" });
    throwsCode(() => groupKpisFromStates([{ ...good, f_sumsq: 1 }], o), "INVALID_STATE", { message: /whose squares sum to 1/ });
    throwsCode(() => groupKpisFromStates([{ ...good, f_bucket: 10 }], o), "INVALID_STATE", { message: /have bucket 10, which no duration from 10 to 11 is in/ });
    throwsCode(() => groupKpisFromStates([{ ...good, f_count: 0, f_sum: 5 }], o), "INVALID_STATE", { message: /f_sum 5, which is above 0 with no durations/ });
    // Rows of another metric's query: missing cells are empty states.
    const t = groupKpisFromStates([good, { seg: "a", r_successes: 1, r_trials: 1 }], o);
    assert.deepEqual([t.rows[0].f.count, t.rows[0].r.count, t.rows[0].r.total], [2, 2, 3]);
    // Blank (NULL) trials are 0: successes above them are refused as above
    // 0 trials are (they were taken, and a total read 4 of 4 for 1 of 4 and 3 of NULL).
    for (const r_trials of [null, 0]) {
      throwsCode(() => groupKpisFromStates([good, { ...good, r_successes: 2, r_trials }], o), "INVALID_STATE", { message: /r_successes 2, which is more than the trials/ });
    }
  });
});

describe("key columns named as state columns", () => {
  test("are refused before any state is written or read (a key csat_5 was overwritten by a count)", () => {
    const m = { csat: { kind: "csat", column: "s", scale: [1, 5] } };
    for (const key of ["csat_5", "csat_6", "csat_0", "stateVersion"]) {
      throwsCode(() => groupKpis([{ [key]: "x", s: 5 }], { by: [key], metrics: m, states: true }), "INVALID_OPTION", { field: "by[0]" });
      throwsCode(() => groupKpisFromStates([], { by: [key], metrics: { csat: { kind: "csat", scale: [1, 5] } } }), "INVALID_OPTION", { field: "by[0]" });
    }
    throwsCode(() => groupKpis([{ h_sum: 1, createdAt: 0, handleMs: 5 }], { by: ["h_sum"], metrics: { h: { kind: "handle" } }, states: true }), "INVALID_OPTION", { field: "by[0]", message: /state column of metric `h`/ });
    // Without states the name is free.
    assert.equal(groupKpis([{ csat_5: "x", s: 5 }], { by: ["csat_5"], metrics: m }).rows[0].csat_5, "x");
  });
});

describe("states of another scale", () => {
  test("counts of scores just outside the metric's scale are refused, not dropped (states of 1–7 read as 1–5 lost 100 of 101 answers)", () => {
    const rows = [{ s: 7 }, ...Array.from({ length: 100 }, () => ({ s: 6 }))];
    const wide = groupKpis(rows, { by: [], metrics: { csat: { kind: "csat", column: "s", scale: [1, 7] } }, states: true }).states;
    throwsCode(() => groupKpisFromStates(wide, { by: [], metrics: { csat: { kind: "csat", scale: [1, 5] } } }), "INVALID_STATE", { message: /csat_6 100: a count of a score outside the metric's scale 1–5/, field: "csat_6" });
    assert.equal(groupKpisFromStates(wide, { by: [], metrics: { csat: { kind: "csat", scale: [1, 7] } } }).rows[0].csat.total, 101);
    // 0 or blank just outside is no count.
    assert.equal(groupKpisFromStates([{ ...wide[0], csat_6: 0, csat_7: 1, csat_0: null }].map(({ csat_7, ...r }) => r), { by: [], metrics: { csat: { kind: "csat", scale: [1, 5] } } }).rows[0].csat.total, 0);
    // Further out too: sevens with no six (they were dropped, as were
    // counts from csat_8 to csat_100 and below 0).
    const sevens = groupKpis([{ s: 7 }, { s: 7 }, { s: 2 }], { by: [], metrics: { csat: { kind: "csat", column: "s", scale: [1, 7] } }, states: true }).states;
    throwsCode(() => groupKpisFromStates(sevens, { by: [], metrics: { csat: { kind: "csat", scale: [1, 5] } } }), "INVALID_STATE", { message: /csat_7 2: a count of a score outside/, field: "csat_7" });
    for (const [far, scale] of [["csat_106", [1, 5]], ["csat_m95", [1, 5]], ["nps_m1", [0, 10]]]) {
      const name = far.split("_")[0];
      const metric = { kind: name, ...(name === "csat" ? { scale } : {}) };
      const [state] = groupKpis([{ s: scale[0] }], { by: [], metrics: { [name]: { ...metric, column: "s" } }, states: true }).states;
      assert.equal(groupKpisFromStates([state], { by: [], metrics: { [name]: metric } }).rows[0][name].total, 1);
      throwsCode(() => groupKpisFromStates([{ ...state, [far]: 1 }], { by: [], metrics: { [name]: metric } }), "INVALID_STATE", { field: far });
    }
  });
});

describe("counts summed past 2^53 - 1", () => {
  test("states whose counts add up past 2^53 - 1 are INVALID_COUNT, as accumulators' merges are (the sum lost units)", () => {
    const T = Date.parse("2026-03-01T10:00:00Z");
    const o = { by: [{ time: "t", every: "month" }], metrics: { nps: { kind: "nps" } } };
    const row = (n0) => ({ t: T, ...Object.fromEntries(Array.from({ length: 11 }, (_, k) => [`nps_${k}`, 0])), nps_0: n0 });
    assert.equal(groupKpisFromStates([row(2 ** 53 - 2), row(1)], o).rows[0].nps.total, 2 ** 53 - 1);
    throwsCode(() => groupKpisFromStates([row(2 ** 53 - 1), row(1), row(1)], o), "INVALID_COUNT", { message: /metrics\.nps/ });
    // In different periods too: the total over all of them is a merge.
    throwsCode(() => groupKpisFromStates([row(2 ** 53 - 1), { ...row(5), t: T + 40 * 86400e3 }], o), "INVALID_COUNT");
    const f = { by: [], metrics: { fcr: { kind: "fcr" } } };
    throwsCode(() => groupKpisFromStates([{ fcr_successes: 0, fcr_trials: 2 ** 53 - 1 }, { fcr_successes: 0, fcr_trials: 2 }], f), "INVALID_COUNT", { message: /metrics\.fcr/ });
  });
});

describe("SQL recipes", () => {
  test("sqlStates writes one SUM(CASE …) per scale point, named for the state", () => {
    const nps = sqlStates("nps", { column: "score" });
    const parts = nps.split(/, (?=SUM)/);
    assert.equal(parts.length, 12);
    assert.equal(parts[0], "SUM(CASE WHEN score = 0 THEN 1 ELSE 0 END) AS nps_0");
    assert.equal(parts[10], "SUM(CASE WHEN score = 10 THEN 1 ELSE 0 END) AS nps_10");
    // Every other answer that is not NULL is counted as invalid.
    assert.equal(parts[11], "SUM(CASE WHEN score IS NULL THEN 0 WHEN score IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) THEN 0 ELSE 1 END) AS nps_invalid");
    assert.equal(
      sqlStates("csat", { column: "sat", name: "csat_q1", scale: [1, 3] }),
      "SUM(CASE WHEN sat = 1 THEN 1 ELSE 0 END) AS csat_q1_1, SUM(CASE WHEN sat = 2 THEN 1 ELSE 0 END) AS csat_q1_2, SUM(CASE WHEN sat = 3 THEN 1 ELSE 0 END) AS csat_q1_3, " +
        "SUM(CASE WHEN sat IS NULL THEN 0 WHEN sat IN (1, 2, 3) THEN 0 ELSE 1 END) AS csat_q1_invalid",
    );
    assert.equal(sqlStates("csat", { column: "sat", scale: [-1, 1] }).split(", ")[0], "SUM(CASE WHEN sat = -1 THEN 1 ELSE 0 END) AS csat_m1");
    throwsCode(() => sqlStates("nps", { column: "the score" }), "INVALID_OPTION", { field: "column" });
    throwsCode(() => sqlStates("nps", { column: "x; DROP TABLE t" }), "INVALID_OPTION", { field: "column" });
    throwsCode(() => sqlStates("handle", { column: "x" }), "INVALID_OPTION");
    throwsCode(() => sqlStates("npx", { column: "x" }), "INVALID_OPTION");
  });

  // One million answers, written once as a CSV that both engines read; the
  // same SQL text runs in both. Grouping by UTC day (FLOOR(ts / 86400000),
  // portable SQL) gives states that merge into any UTC period.
  const N = 1_000_000;
  const data = (() => {
    const r = rng(20260301);
    const segment = new Array(N);
    const ts = new Float64Array(N);
    const score = new Uint8Array(N);
    for (let i = 0; i < N; i++) {
      segment[i] = `segment-${Math.floor(r() * 50)}`;
      ts[i] = Date.UTC(2024, 0, 1) + Math.floor(r() * 366 * DAY);
      score[i] = Math.floor(r() * 11);
    }
    return { segment, ts, score };
  })();
  const dir = mkdtempSync(join(tmpdir(), "cx-warehouse-"));
  const csv = join(dir, "answers.csv");
  {
    const lines = ["segment,ts,score"];
    for (let i = 0; i < N; i++) lines.push(`${data.segment[i]},${data.ts[i]},${data.score[i]}`);
    writeFileSync(csv, lines.join("\n") + "\n");
  }
  const sql = `SELECT segment, MIN(ts) AS ts, ${sqlStates("nps", { column: "score" })}
FROM answers
GROUP BY segment, FLOOR(ts / 86400000)`;
  const finalise = (states) => {
    const o = { compare: "previous", totals: true };
    for (const every of ["month", "week"]) {
      const by = ["segment", { time: "ts", every }];
      const fromStates = groupKpisFromStates(states, { ...o, by, metrics: { nps: { kind: "nps" } } });
      const direct = groupKpis(data, { ...o, by, metrics: { nps: { kind: "nps", column: "score" } } });
      assert.equal(direct.count, N);
      assert.equal(fromStates.total.nps.total, N);
      assert.deepEqual(results(fromStates), results(direct), every);
    }
  };

  test("DuckDB: the recipes over 1e6 rows, finalised = groupKpis on the same rows", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run(`CREATE VIEW answers AS SELECT * FROM read_csv('${csv}', header = true, columns = {'segment': 'VARCHAR', 'ts': 'BIGINT', 'score': 'INTEGER'})`);
    // As a database driver gives them to JSON: BIGINTs as strings.
    const states = (await c.runAndReadAll(sql)).getRowObjectsJson();
    assert.equal(states.length, 50 * 366);
    finalise(states);
    c.closeSync?.();
  });

  test("Apache Spark (local mode): the same SQL text, finalised = groupKpis on the same rows", () => {
    const query = join(dir, "query.sql");
    const out = join(dir, "spark.jsonl");
    writeFileSync(query, sql);
    const script = fileURLToPath(new URL("../support/spark_states.py", import.meta.url));
    execFileSync("python3", [script, csv, query, out], { stdio: ["ignore", "ignore", "pipe"], timeout: 600_000 });
    const states = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(states.length, 50 * 366);
    finalise(states);
  });

  // Tickets: durations (a DDSketch bucket per row: GROUP BY the bucket too)
  // and rates, one query per duration metric; the rows of all queries
  // together are the states.
  const tickets = makeTickets(200_000, 77);
  const ticketCsv = join(dir, "tickets.csv");
  {
    // closedAt is empty: the recipes read every column their rule names.
    const lines = ["seg,createdAt,firstResponseAt,resolvedAt,closedAt,replies,reopens"];
    for (const t of tickets) lines.push([t.seg, t.createdAt, t.firstResponseAt ?? "", t.resolvedAt ?? "", "", t.replies, t.reopens].join(","));
    writeFileSync(ticketCsv, lines.join("\n") + "\n");
  }
  const day = "GROUP BY seg, FLOOR(createdAt / 86400000)";
  const ticketSql = [
    `SELECT seg, MIN(createdAt) AS createdAt, ${sqlStates("firstResponse", { name: "frt" })} FROM tickets ${day}, frt_bucket`,
    `SELECT seg, MIN(createdAt) AS createdAt, ${sqlStates("resolution", { name: "res" })} FROM tickets ${day}, res_bucket`,
    `SELECT seg, MIN(createdAt) AS createdAt, ${sqlStates("fcr", {})}, ${sqlStates("reopen", { name: "reo" })} FROM tickets ${day}`,
  ];
  const finaliseTickets = (states) => {
    const o = { by: ["seg", { time: "createdAt", every: "month", timeZone: "UTC" }], compare: "previous" };
    const direct = groupKpis(tickets, { ...o, metrics: ticketMetrics, states: true });
    const want = groupKpisFromStates(direct.states, { ...o, metrics: bareTickets });
    const got = groupKpisFromStates(states, { ...o, metrics: bareTickets });
    assert.equal(got.rows.length, want.rows.length);
    got.rows.forEach((row, k) => {
      const w = want.rows[k];
      assert.deepEqual([row.seg, row.period, row.fcr, row.reo], [w.seg, w.period, w.fcr, w.reo]);
      for (const m of ["frt", "res"]) {
        // The same buckets; sums in another order.
        const { mean, standardDeviation, change, ...rest } = row[m];
        const { mean: wm, standardDeviation: ws, change: wc, ...wrest } = w[m];
        assert.deepEqual(rest, wrest, `${row.seg} ${row.period} ${m}`);
        assert.ok(Math.abs(mean - wm) <= 1e-9 * wm && Math.abs(standardDeviation - ws) <= 1e-6 * ws);
      }
    });
    checkSketched(got, direct, tickets, (t) => new Date(t.createdAt).toISOString().slice(0, 7));
  };

  test("DuckDB: ticket recipes (durations as sketches, rates), finalised = groupKpis's states", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run(
      `CREATE VIEW tickets AS SELECT * FROM read_csv('${ticketCsv}', header = true, columns = {'seg': 'VARCHAR', 'createdAt': 'BIGINT', 'firstResponseAt': 'BIGINT', 'resolvedAt': 'BIGINT', 'closedAt': 'BIGINT', 'replies': 'INTEGER', 'reopens': 'INTEGER'})`,
    );
    const states = [];
    for (const q of ticketSql) states.push(...(await c.runAndReadAll(q)).getRowObjectsJson());
    finaliseTickets(states);
    c.closeSync?.();
  });

  test("Apache Spark (local mode): the same ticket recipes, finalised = groupKpis's states", () => {
    const query = join(dir, "tickets.sql");
    const out = join(dir, "spark-tickets.jsonl");
    writeFileSync(query, ticketSql.join("\n;\n"));
    const script = fileURLToPath(new URL("../support/spark_states.py", import.meta.url));
    const schema = "seg STRING, createdAt BIGINT, firstResponseAt BIGINT, resolvedAt BIGINT, closedAt BIGINT, replies INT, reopens INT";
    execFileSync("python3", [script, ticketCsv, query, out, "tickets", schema], { stdio: ["ignore", "ignore", "pipe"], timeout: 600_000 });
    finaliseTickets(readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l)));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));
});

describe("conversion and bounce states in SQL", () => {
  test("DuckDB runs sqlStates of conversion and bounce metrics; finalised = groupKpis on the rows", async () => {
    const r = rng(7);
    const n = 5000;
    const rows = Array.from({ length: n }, () => {
      const row = { ch: ["ads", "seo", "mail"][Math.floor(r() * 3)], bought: r() < 0.3 ? 1 : 0 };
      // Sessions with missing fields, as analytics exports have them.
      if (r() < 0.8) row.dur = Math.floor(r() * 30_000);
      if (r() < 0.8) row.pv = Math.floor(r() * 4);
      if (r() < 0.5) row.ke = Math.floor(r() * 2);
      return row;
    });
    const metrics = { cr: { kind: "conversion", column: "bought" }, b: { kind: "bounce", durationMs: "dur", pageViews: "pv", keyEvents: "ke", minEngagementMs: 12_000 } };
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run("CREATE TABLE s (ch VARCHAR, bought INTEGER, dur BIGINT, pv INTEGER, ke INTEGER)");
    const values = rows.map((x) => `('${x.ch}', ${x.bought}, ${x.dur ?? "NULL"}, ${x.pv ?? "NULL"}, ${x.ke ?? "NULL"})`).join(", ");
    await c.run(`INSERT INTO s VALUES ${values}`);
    const sql = `SELECT ch, ${sqlStates("conversion", { column: "bought", name: "cr" })}, ${sqlStates("bounce", { ...metrics.b, name: "b" })} FROM s GROUP BY ch`;
    const states = (await c.runAndReadAll(sql)).getRowObjectsJson();
    const bare = { cr: { kind: "conversion" }, b: { kind: "bounce", minEngagementMs: 12_000 } };
    const fromStates = groupKpisFromStates(states, { by: ["ch"], metrics: bare });
    const direct = groupKpis(rows, { by: ["ch"], metrics });
    assert.deepEqual(fromStates.rows, direct.rows);
    assert.ok(direct.rows.every((x) => x.b.total > 0 && x.b.total < x.cr.total), "rows without session data are not sessions");
    c.closeSync?.();
  });

  test("answers a warehouse cannot count are counted as invalid, not dropped: an error, or under skip that many skipped", async () => {
    // Scores out of the scale, fractions and NaN; conversions that are not
    // 0 or 1; sessions with a negative value. They vanished from the
    // recipes' sums before, and a negative duration counted as a bounce.
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run("CREATE TABLE a (seg VARCHAR, score DOUBLE, bought INTEGER, dur BIGINT, pv INTEGER, ke INTEGER)");
    await c.run(`INSERT INTO a VALUES ('x', 9, 1, 20000, 1, 0), ('x', 11, 0, -3000, 1, 0), ('x', 7.5, 2, 500, 1, 0), ('x', 'NaN', 1, 500, -1, 0),
                                      ('x', NULL, NULL, NULL, NULL, NULL), ('y', 3, 0, 500, 1, 0), ('y', 10, 1, 500, 3, 0)`);
    const b = { kind: "bounce", durationMs: "dur", pageViews: "pv", keyEvents: "ke" };
    const sql = `SELECT seg, ${sqlStates("nps", { column: "score" })}, ${sqlStates("conversion", { column: "bought", name: "cr" })}, ${sqlStates("bounce", { ...b, name: "b" })} FROM a GROUP BY seg ORDER BY seg`;
    const states = (await c.runAndReadAll(sql)).getRowObjectsJson();
    assert.deepEqual(states.map((r) => [r.seg, Number(r.nps_invalid), Number(r.cr_invalid), Number(r.b_invalid)]), [["x", 3, 1, 2], ["y", 0, 0, 0]]);
    const metrics = { nps: { kind: "nps" }, cr: { kind: "conversion" }, b: { kind: "bounce" } };
    throwsCode(() => groupKpisFromStates(states, { by: ["seg"], metrics }), "INVALID_VALUE", { index: 0, field: "nps_invalid", message: /nps_invalid is 3: the warehouse met 3 answers that are no point of the scale 0–10/ });
    const t = groupKpisFromStates(states, { by: ["seg"], metrics, invalid: "skip" });
    // The answers the warehouse could count stand (its sums cannot leave
    // out the whole row of a bad cell, as groupKpis does).
    assert.deepEqual(t.rows.map((r) => [r.seg, r.nps.total, r.cr.total, r.b.total, r.b.count]), [["x", 1, 3, 2, 1], ["y", 2, 2, 2, 1]]);
    assert.equal(t.skipped, 6);
    assert.deepEqual(t.invalid.map((e) => [e.index, e.code, e.message.match(/\w+_invalid/)[0]]), [[0, "INVALID_VALUE", "nps_invalid"], [0, "INVALID_VALUE", "cr_invalid"], [0, "INVALID_VALUE", "b_invalid"]]);
    c.closeSync?.();
  });
});
