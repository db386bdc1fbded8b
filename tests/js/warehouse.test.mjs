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
    throwsCode(() => groupKpisFromStates([{ seg: "a", ...good }], { by: ["seg"], metrics: { f: { kind: "firstResponse" } } }), "INVALID_OPTION", { field: "metrics.f.kind" });
    throwsCode(() => groupKpis(rows, { by, metrics: { f: { kind: "handle" } }, states: true }), "INVALID_OPTION", { field: "states" });
    // Counts in typed arrays (columns of states).
    const cols = Object.fromEntries(Array.from({ length: 11 }, (_, k) => [`nps_${k}`, new Uint8Array([k, 1])]));
    const typed = groupKpisFromStates({ seg: ["a", "a"], ...cols }, o).rows[0].nps;
    assert.deepEqual(typed.distribution, Array.from({ length: 11 }, (_, k) => k + 1));
    // BigInts, as database drivers give BIGINTs, are numbers when exact.
    const big = Object.fromEntries(Array.from({ length: 11 }, (_, k) => [`nps_${k}`, 2n]));
    assert.equal(groupKpisFromStates([{ seg: "a", ...big }], o).rows[0].nps.total, 22);
    throwsCode(() => groupKpisFromStates([{ seg: "a", ...big, nps_0: 2n ** 60n }], o), "NOT_A_NUMBER", { index: 0, field: "nps_0" });
    // The format is versioned.
    throwsCode(() => groupKpisFromStates([{ seg: "a", ...good, stateVersion: 2 }], o), "INVALID_STATE", { message: /stateVersion 2/ });
    assert.equal(groupKpisFromStates([{ seg: "a", ...good, stateVersion: 1 }], o).rows[0].nps.total, 11);
    // SQL's SUM over no rows is NULL: a missing count is 0.
    const t = groupKpisFromStates([{ seg: "a", ...good, nps_10: null }], o);
    assert.equal(t.rows[0].nps.total, 10);
  });
});

describe("SQL recipes", () => {
  test("sqlStates writes one SUM(CASE …) per scale point, named for the state", () => {
    const nps = sqlStates("nps", { column: "score" });
    assert.equal(nps.split(", ").length, 11);
    assert.equal(nps.split(", ")[0], "SUM(CASE WHEN score = 0 THEN 1 ELSE 0 END) AS nps_0");
    assert.equal(nps.split(", ")[10], "SUM(CASE WHEN score = 10 THEN 1 ELSE 0 END) AS nps_10");
    assert.equal(sqlStates("csat", { column: "sat", name: "csat_q1", scale: [1, 3] }), "SUM(CASE WHEN sat = 1 THEN 1 ELSE 0 END) AS csat_q1_1, SUM(CASE WHEN sat = 2 THEN 1 ELSE 0 END) AS csat_q1_2, SUM(CASE WHEN sat = 3 THEN 1 ELSE 0 END) AS csat_q1_3");
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

  after(() => rmSync(dir, { recursive: true, force: true }));
});
