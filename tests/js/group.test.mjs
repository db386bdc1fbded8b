// groupKpis: hand-worked groupings, an independent JavaScript grouping
// (local dates from the engine's own Intl data, ISO weeks by the textbook
// algorithm, NPS by counting), the traps of CSV cells, changes, q-values,
// rolling windows and errors.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { groupKpis, groupKpisFromStates, sqlStates, ticketMetrics, businessDurations } from "../../pkg/tickets.js";
import { npsCompare, csatCompare, cesCompare, nps, compareRates } from "../../pkg/index.js";
import { throwsCode } from "../support/errors.mjs";
import { rng } from "../support/rng.mjs";
import * as fc from "fast-check";

const DAY = 86_400_000;
const ms = (s) => Date.parse(s);

describe("groupKpis: hand-worked", () => {
  const rows = [
    { seg: "EU", at: "2026-03-02T10:00:00Z", score: 10 },
    { seg: "EU", at: "2026-03-31T22:30:00Z", score: 0 }, // 1 April in Berlin
    { seg: "EU", at: "2026-03-03T10:00:00Z", score: 9 },
    { seg: "US", at: "2026-03-05T10:00:00Z", score: 7 },
    { seg: "EU", at: "2026-04-03T10:00:00Z", score: 3 },
  ];
  const opts = { by: ["seg", { time: "at", every: "month", timeZone: "Europe/Berlin" }], metrics: { nps: { kind: "nps", column: "score" } } };

  test("NPS per segment per month, in the zone's months", () => {
    const t = groupKpis(rows, opts);
    const got = t.rows.map((r) => [r.seg, r.period, r.nps.promoters, r.nps.detractors, r.nps.score]);
    assert.deepEqual(got, [
      ["EU", "2026-03", 2, 0, 100],
      ["EU", "2026-04", 0, 2, -100],
      ["US", "2026-03", 0, 0, 0],
    ]);
    assert.equal(t.rows[0].periodStart, ms("2026-02-28T23:00:00Z"));
    assert.equal(t.rows[0].periodEnd, ms("2026-03-31T22:00:00Z"), "March ends at Berlin midnight, CEST");
    assert.equal(t.count, 5);
    assert.equal(t.totals, null);
    // A metric result is the same object nps() gives for the same answers.
    assert.deepEqual(t.rows[1].nps, nps([0, 3]));
  });

  test("totals pool the answers, they do not average the periods", () => {
    const t = groupKpis(rows, { ...opts, totals: true });
    assert.deepEqual(t.totals.map((r) => [r.seg, r.nps.score]), [["EU", 0], ["US", 0]]);
    assert.deepEqual(t.totals[0].nps, nps([10, 0, 9, 3]));
    assert.deepEqual(t.total.nps, nps([10, 0, 9, 7, 3]));
    assert.equal(t.total.seg, null);
    assert.equal("period" in t.totals[0], false);
  });

  test("changes since the previous period equal npsCompare of the two periods", () => {
    const t = groupKpis(rows, { ...opts, compare: "previous" });
    const april = t.rows[1];
    assert.deepEqual({ ...april.nps.change }, { ...npsCompare([0, 3], [10, 9]), t: null, df: null, qValue: null, test: "nps-z" });
    // March has no previous data: a change of nulls.
    assert.equal(t.rows[0].nps.change.difference, null);
    assert.equal(t.rows[0].nps.change.test, "nps-z");
  });

  test("fill adds the empty periods between the first and last of the input", () => {
    const t = groupKpis(
      [
        { s: "a", t: "2026-01-10T00:00:00Z", x: 10 },
        { s: "b", t: "2026-04-10T00:00:00Z", x: 0 },
      ],
      { by: ["s", { time: "t", every: "month" }], metrics: { x: { kind: "nps", column: "x" } }, fill: true },
    );
    assert.deepEqual(t.rows.map((r) => `${r.s} ${r.period} ${r.x.total}`), [
      "a 2026-01 1", "a 2026-02 0", "a 2026-03 0", "a 2026-04 0",
      "b 2026-01 0", "b 2026-02 0", "b 2026-03 0", "b 2026-04 1",
    ]);
    assert.equal(t.rows[1].x.score, null, "an empty period has a null score, never 0");
  });

  test("the current period is flagged incomplete", () => {
    const now = Date.now();
    const t = groupKpis([{ t: now - 40 * DAY, x: 9 }, { t: now, x: 9 }], { by: [{ time: "t", every: "day" }], metrics: { x: { kind: "nps", column: "x" } } });
    assert.deepEqual(t.rows.map((r) => r.complete), [true, false]);
    const fixed = groupKpis([{ t: 0, x: 9 }], { by: [{ time: "t", every: "day" }], metrics: { x: { kind: "nps", column: "x" } }, asOf: 3_600_000 });
    assert.equal(fixed.rows[0].complete, false);
  });

  test("no keys: one row", () => {
    const t = groupKpis({ score: new Uint8Array([10, 9, 0]) }, { by: [], metrics: { n: { kind: "nps", column: "score" } } });
    assert.equal(t.rows.length, 1);
    assert.deepEqual(t.rows[0].n, nps([10, 9, 0]));
  });
});

describe("groupKpis: cells from CSV files", () => {
  const metrics = { n: { kind: "nps", column: "score" } };
  test("numeric strings are numbers; blank cells are missing, never 0", () => {
    const t = groupKpis(
      [
        { seg: "a", score: "10" },
        { seg: "a", score: " 9 " },
        { seg: "a", score: "7.0" },
        { seg: "a", score: "" },
        { seg: "a", score: null },
        { seg: "a" },
        { seg: "a", score: "  " },
      ],
      { by: ["seg"], metrics },
    );
    assert.equal(t.rows[0].n.total, 3);
    assert.equal(t.rows[0].n.detractors, 0, "a blank cell is not a 0 (a detractor)");
    assert.equal(t.rows[0].n.score, 200 / 3);
  });

  test("anything else is an invalid row, with its index and column", () => {
    const rows = [{ seg: "a", score: 9 }, { seg: "a", score: "nine" }, { seg: "a", score: 11 }, { seg: "a", score: "0x10" }];
    throwsCode(() => groupKpis(rows, { by: ["seg"], metrics }), "NOT_A_NUMBER", { index: 1, field: "score" });
    const t = groupKpis(rows, { by: ["seg"], metrics, invalid: "skip" });
    assert.equal(t.skipped, 3);
    assert.deepEqual(t.invalid.map((e) => [e.index, e.code]), [[1, "NOT_A_NUMBER"], [2, "SCORE_OUT_OF_RANGE"], [3, "NOT_A_NUMBER"]]);
    assert.equal(t.rows[0].n.total, 1);
    assert.equal(t.count, 1);
  });

  test("typed columns: an invalid row after valid ones is reported, and skipping it leaves the rest as if it were absent", () => {
    const day = 86_400_000;
    const at = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7], (d) => Date.UTC(2026, 2, 1) + d * day);
    at[5] = NaN;
    const data = { seg: Float64Array.of(1, 2, NaN, 1, 2, 1, 2, 1), at, score: Uint8Array.of(9, 10, 0, 3, 11, 7, 200, 10) };
    const o = { by: ["seg", { time: "at", every: "month", timeZone: "UTC" }], metrics: { n: { kind: "nps", column: "score" } } };
    throwsCode(() => groupKpis(data, o), "SCORE_OUT_OF_RANGE", { index: 4, field: "score" });
    const t = groupKpis(data, { ...o, invalid: "skip" });
    assert.deepEqual(t.invalid.map((e) => [e.index, e.code]), [[4, "SCORE_OUT_OF_RANGE"], [5, "MISSING_FIELD"], [6, "SCORE_OUT_OF_RANGE"]]);
    assert.equal(t.count, 5);
    // Seg 1: 9, 3, 10; seg 2: 10; null: 0.
    assert.deepEqual(t.rows.map((r) => [r.seg, r.n.promoters, r.n.passives, r.n.detractors]), [[1, 2, 0, 1], [2, 1, 0, 0], [null, 0, 0, 1]]);
    const d = groupKpis(data, { ...o, invalid: "skip", dropMissingKeys: true });
    assert.equal(d.count, 4);
    assert.deepEqual(d.rows.map((r) => r.seg), [1, 2]);
    const clean = { seg: data.seg.filter((_, i) => ![4, 5, 6].includes(i)), at: at.filter((_, i) => ![4, 5, 6].includes(i)), score: data.score.filter((_, i) => ![4, 5, 6].includes(i)) };
    assert.deepEqual(groupKpis(clean, o).rows, t.rows);
  });

  test("blank keys group as null, or are dropped", () => {
    const rows = [{ seg: "", score: 9 }, { seg: null, score: 9 }, { score: 0 }, { seg: "a", score: 10 }, { seg: "  ", score: 0 }];
    const t = groupKpis(rows, { by: ["seg"], metrics });
    assert.deepEqual(t.rows.map((r) => [r.seg, r.n.total]), [["a", 1], [null, 4]]);
    const d = groupKpis(rows, { by: ["seg"], metrics, dropMissingKeys: true });
    assert.deepEqual(d.rows.map((r) => [r.seg, r.n.total]), [["a", 1]]);
  });

  test("keys keep their type, and sort booleans, numbers, strings, null", () => {
    const rows = [{ k: "b" }, { k: 2 }, { k: true }, { k: "a" }, { k: 10 }, { k: false }, { k: null }, { k: "B" }].map((r) => ({ ...r, s: 9 }));
    const t = groupKpis(rows, { by: ["k"], metrics: { s: { kind: "nps", column: "s" } } });
    assert.deepEqual(t.rows.map((r) => r.k), [false, true, 2, 10, "B", "a", "b", null]);
  });

  test("dates and local times without an offset are read in the grouping's zone", () => {
    // Berlin: CET (+01:00) until 29 March 2026 02:00, then CEST (+02:00);
    // back to CET on 25 October at 03:00 (02:00–03:00 happens twice).
    const rows = [
      { t: "2026-03-31", s: 9 }, //                 22:00Z on 30 March: March
      { t: "2026-03-31 23:30", s: 9 }, //           21:30Z: March
      { t: "2026-04-01 00:30", s: 0 }, //           22:30Z on 31 March: April in Berlin
      { t: "2026-04-01T00:30:15", s: 0 }, //        the same, with T and seconds
      { t: "2026-04-01T00:30:00+02:00", s: 10 }, // an offset still decides
      { t: Date.UTC(2026, 2, 31, 22, 45), s: 10 }, // epoch ms: April in Berlin
    ];
    const o = { by: [{ time: "t", every: "month", timeZone: "Europe/Berlin" }], metrics: { s: { kind: "nps", column: "s" } } };
    const t = groupKpis(rows, o);
    assert.deepEqual(t.rows.map((r) => [r.period, r.s.promoters, r.s.detractors]), [["2026-03", 2, 0], ["2026-04", 2, 2]]);
    // The same rows in UTC: local times are UTC times.
    const u = groupKpis(rows, { ...o, by: [{ time: "t", every: "month" }] });
    assert.deepEqual(u.rows.map((r) => [r.period, r.s.total]), [["2026-03", 4], ["2026-04", 2]]);
    // A time the clocks skip moves forward by the gap (02:30 → 03:30 CEST,
    // 01:30Z); a repeated one is its first occurrence (02:30 CEST, 00:30Z).
    const hours = groupKpis(
      [{ t: "2026-03-29 02:30", s: 9 }, { t: "2026-10-25 02:30", s: 0 }],
      { by: [{ time: "t", every: "hour", timeZone: "Europe/Berlin" }], metrics: o.metrics },
    );
    assert.deepEqual(hours.rows.map((r) => r.periodStart), [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 0)]);
    // As columns, and in the totals of a grouping with no time key a local
    // time is not an instant (no zone is named).
    assert.deepEqual(groupKpis({ t: rows.map((r) => r.t), s: rows.map((r) => r.s) }, o).rows, t.rows);
    throwsCode(() => groupKpis([{ t: "2026-03-31", s: 9 }], { by: [], metrics: { f: { kind: "firstResponse", created: "t", firstResponse: "t" } } }), "INVALID_TIMESTAMP", { index: 0, field: "t" });
    // State rows from a warehouse may name their period by its local date.
    const states = groupKpis(rows, { ...o, states: true }).states.map((r) => ({ ...r, t: r.t < Date.UTC(2026, 2, 20) ? "2026-03-01" : "2026-04-01" }));
    assert.deepEqual(groupKpisFromStates(states, { ...o, metrics: { s: { kind: "nps" } } }).rows.map((r) => [r.period, r.s.score]), t.rows.map((r) => [r.period, r.s.score]));
    // Text that is neither says what is allowed.
    const e = throwsCode(() => groupKpis([{ t: "31/03/2026", s: 9 }], o), "INVALID_TIMESTAMP", { index: 0, field: "t" });
    assert.match(e.message, /local dates and times read in the grouping's time zone/);
  });

  test("string keys of every length come back as they were", () => {
    const keys = [];
    for (let n = 1; n <= 20; n++) keys.push("abcdefghijklmnopqrstuvwxyz".slice(0, n), "é".padEnd(n, "x"), "x".repeat(n - 1) + "日", "\u007f".repeat(n));
    keys.push("😀", "a😀b", "São Paulo", "\u0000", "a\u0000b");
    const t = groupKpis(keys.map((k) => ({ k, s: 9 })), { by: ["k"], metrics: { s: { kind: "nps", column: "s" } } });
    assert.deepEqual(new Set(t.rows.map((r) => r.k)), new Set(keys));
    assert.equal(t.rows.length, keys.length);
  });

  test("a missing time key makes a row invalid", () => {
    const rows = [{ t: "2026-03-01T00:00:00Z", s: 9 }, { t: "", s: 9 }, { t: "yesterday", s: 9 }];
    const o = { by: [{ time: "t", every: "day" }], metrics: { s: { kind: "nps", column: "s" } } };
    throwsCode(() => groupKpis(rows, o), "MISSING_FIELD", { index: 1, field: "t" });
    const t = groupKpis(rows, { ...o, invalid: "skip" });
    assert.deepEqual(t.invalid.map((e) => [e.index, e.code]), [[1, "MISSING_FIELD"], [2, "INVALID_TIMESTAMP"]]);
  });
});

/** Local calendar fields of `t` in `zone`, from the JavaScript engine's own time-zone data. */
function localParts(t, zone) {
  const f = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric", hourCycle: "h23" });
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day) };
}

/** ISO 8601 week of a civil date: the week-year and week of its Thursday (the textbook rule). */
function isoWeek({ y, m, d }) {
  const date = new Date(Date.UTC(y, m - 1, d));
  const dow = (date.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(date.getTime() + (3 - dow) * DAY);
  const wy = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday - Date.UTC(wy, 0, 1)) / DAY); // 0-based
  const week = Math.floor(dayOfYear / 7) + 1;
  return `${wy}-W${String(week).padStart(2, "0")}`;
}

/** NPS per (segment, label), computed by counting. */
function reference(rows, label) {
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.seg}|${label(r.at)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { seg: r.seg, period: label(r.at), p: 0, d: 0, n: 0 }));
    g.n++;
    if (r.score >= 9) g.p++;
    else if (r.score <= 6) g.d++;
  }
  return groups;
}

describe("groupKpis against an independent JavaScript grouping", () => {
  const zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Apia"];
  for (const zone of zones) {
    test(`months and ISO weeks in ${zone}`, () => {
      const r = rng(zone.length * 7919);
      const segs = ["EU", "US", "APAC", "LATAM"];
      const start = ms("2020-12-20T00:00:00Z");
      const rows = Array.from({ length: 3000 }, () => ({
        seg: segs[Math.floor(r() * segs.length)],
        at: start + Math.floor(r() * 400 * DAY),
        score: Math.floor(r() * 11),
      }));
      const month = (t) => {
        const p = localParts(t, zone);
        return `${p.y}-${String(p.m).padStart(2, "0")}`;
      };
      for (const [every, label] of [["month", month], ["week", (t) => isoWeek(localParts(t, zone))]]) {
        const want = reference(rows, label);
        const t = groupKpis(rows, { by: ["seg", { time: "at", every, timeZone: zone }], metrics: { nps: { kind: "nps", column: "score" } } });
        assert.equal(t.rows.length, want.size, `${every}: number of groups`);
        for (const row of t.rows) {
          const g = want.get(`${row.seg}|${row.period}`);
          assert.ok(g, `${every}: ${row.seg} ${row.period} is a group of the reference`);
          assert.equal(row.nps.total, g.n);
          assert.equal(row.nps.promoters, g.p);
          assert.equal(row.nps.detractors, g.d);
          assert.equal(row.nps.score, (100 * (g.p - g.d)) / g.n);
          // The period's bounds hold its rows: local midnights of the zone.
          assert.equal(label(row.periodStart), row.period);
          assert.notEqual(label(row.periodEnd), row.period);
          assert.equal(label(row.periodEnd - 1), row.period);
        }
        // Sorted by segment, then time.
        for (let i = 1; i < t.rows.length; i++) {
          const [a, b] = [t.rows[i - 1], t.rows[i]];
          assert.ok(a.seg < b.seg || (a.seg === b.seg && a.periodStart < b.periodStart));
        }
      }
    });
  }

  test("columns (coded ids, typed arrays) and rows give the same result", () => {
    const r = rng(42);
    const n = 5000;
    const seg = new Uint16Array(n);
    const at = new Float64Array(n);
    const score = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      seg[i] = Math.floor(r() * 7);
      at[i] = ms("2026-01-01T00:00:00Z") + Math.floor(r() * 90 * DAY);
      score[i] = Math.floor(r() * 11);
    }
    const o = { by: ["seg", { time: "at", every: "week" }], metrics: { nps: { kind: "nps", column: "score" } }, compare: "previous", totals: true };
    const cols = groupKpis({ seg, at, score }, o);
    const rows = groupKpis(Array.from({ length: n }, (_, i) => ({ seg: seg[i], at: new Date(at[i]), score: String(score[i]) })), o);
    assert.deepEqual(cols, rows);
  });

  test("a Uint8Array of ids over a year of weeks: every byte value a key, and a bad score last (the checked pass) count as rows do", () => {
    // Enough rows for the dense table of every byte value × week: the
    // module then takes all 256 for keys, and makes groups of the cells
    // that have rows; the score of 11 in the last row sends the table to
    // the pass that checks each row, which must place the same groups.
    const r = rng(2718);
    const n = 120_000;
    const seg = new Uint8Array(n);
    const at = new Float64Array(n);
    const score = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      seg[i] = [0, 7, 200, 255][Math.floor(r() * 4)];
      at[i] = ms("2025-01-06T00:00:00Z") + Math.floor(r() * 364 * DAY);
      score[i] = Math.floor(r() * 11);
    }
    const o = { by: ["seg", { time: "at", every: "week", timeZone: "Europe/Berlin" }], metrics: { nps: { kind: "nps", column: "score" } }, invalid: "skip" };
    const asRows = (k) => Array.from({ length: k }, (_, i) => ({ seg: seg[i], at: at[i], score: score[i] }));
    const fast = groupKpis({ seg, at, score }, o);
    assert.deepEqual(fast, groupKpis(asRows(n), o));
    assert.deepEqual([...new Set(fast.rows.map((row) => row.seg))], [0, 7, 200, 255]);
    score[n - 1] = 11;
    const checked = groupKpis({ seg, at, score }, o);
    assert.equal(checked.skipped, 1);
    assert.deepEqual(checked, groupKpis(asRows(n), o));
  });
});

describe("groupKpis: string keys with many distinct values", () => {
  // Past a few thousand distinct strings a column is sent as it is and the
  // module builds the dictionary: the result must not depend on it.
  const r = rng(77);
  const n = 20000;
  const ids = Array.from({ length: n }, (_, i) => {
    const k = Math.floor(r() * 9000);
    // Blank and missing ids, non-ASCII and astral ones, among the rest.
    return k === 0 ? "" : k === 1 ? null : k % 97 === 0 ? `kund-ø${k}-😀` : `c${k}`;
  });
  const score = Uint8Array.from({ length: n }, () => Math.floor(r() * 11));
  const o = { by: ["id"], metrics: { nps: { kind: "nps", column: "score" } } };
  const reference = () => {
    const m = new Map();
    ids.forEach((id, i) => {
      const k = id === "" || id === null ? null : id;
      const g = m.get(k) ?? { n: 0, p: 0, d: 0 };
      g.n++;
      g.p += score[i] >= 9;
      g.d += score[i] <= 6;
      m.set(k, g);
    });
    return m;
  };

  test("columns and rows group as an independent count does", () => {
    const want = reference();
    assert.ok(want.size > 5000);
    const cols = groupKpis({ id: ids, score }, o);
    const rows = groupKpis(ids.map((id, i) => ({ id, score: score[i] })), o);
    assert.deepEqual(cols, rows);
    assert.equal(cols.rows.length, want.size);
    for (const row of cols.rows) {
      const g = want.get(row.id);
      assert.ok(g, `${row.id} is a group`);
      assert.deepEqual([row.nps.total, row.nps.promoters, row.nps.detractors], [g.n, g.p, g.d]);
    }
  });

  test("an invalid cell late in the column is reported at its index", () => {
    const bad = [...ids];
    bad[n - 3] = { id: 1 };
    throwsCode(() => groupKpis({ id: bad, score }, o), "INVALID_TYPE", { index: n - 3, field: "id" });
    const skipped = groupKpis({ id: bad, score }, { ...o, invalid: "skip" });
    assert.equal(skipped.skipped, 1);
  });
});

describe("groupKpis: the other metrics", () => {
  test("CSAT and CES changes are csatCompare and cesCompare of the periods", () => {
    const rows = [
      ...[5, 4, 4, 2, 1, 5].map((v) => ({ t: "2026-01-05T00:00:00Z", csat: v, ces: v + 2 })),
      ...[5, 5, 4, 4, 4, 3, 5].map((v) => ({ t: "2026-02-05T00:00:00Z", csat: v, ces: v + 1 })),
    ];
    const t = groupKpis(rows, {
      by: [{ time: "t", every: "month" }],
      metrics: { csat: { kind: "csat", column: "csat" }, ces: { kind: "ces", column: "ces", scale: [1, 7] } },
      compare: "previous",
    });
    const feb = t.rows[1];
    assert.deepEqual(feb.csat.change, csatCompare([5, 5, 4, 4, 4, 3, 5], [5, 4, 4, 2, 1, 5]));
    assert.deepEqual(feb.ces.change, cesCompare([6, 6, 5, 5, 5, 4, 6], [7, 6, 6, 4, 3, 7], { scale: [1, 7] }));
  });

  test("ticket metrics per group equal ticketMetrics of each group's tickets", () => {
    const r = rng(7);
    const tickets = Array.from({ length: 400 }, (_, i) => {
      const created = ms("2026-03-01T00:00:00Z") + Math.floor(r() * 20 * DAY);
      return {
        team: ["a", "b", "c"][i % 3],
        createdAt: created,
        firstResponseAt: r() < 0.9 ? created + Math.floor(r() * 8 * 3600e3) : null,
        resolvedAt: r() < 0.7 ? created + Math.floor(r() * 5 * DAY) : undefined,
        replies: Math.floor(r() * 4),
      };
    });
    const calendar = { timeZone: "America/New_York", week: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] } };
    const t = groupKpis(tickets, {
      by: ["team"],
      metrics: {
        frt: { kind: "firstResponse", calendar },
        res: { kind: "resolution" },
        fcr: { kind: "fcr" },
        sla: { kind: "sla", sla: { firstResponseMs: 4 * 3600e3 } },
      },
    });
    for (const row of t.rows) {
      const at = tickets.map((x, i) => [x, i]).filter(([x]) => x.team === row.team).map(([, i]) => i);
      const m = ticketMetrics(at.map((i) => tickets[i]), { calendar, sla: { firstResponseMs: 4 * 3600e3 } });
      assert.deepEqual(row.frt, m.firstResponseBusiness);
      assert.deepEqual(row.res, m.resolution);
      assert.deepEqual(row.fcr, m.firstContactResolution);
      // SLA results name tickets by their index in the whole input.
      const fr = m.sla.firstResponse;
      assert.deepEqual(row.sla.firstResponse, { ...fr, breachedIndices: fr.breachedIndices.map((j) => at[j]), pendingIndices: fr.pendingIndices.map((j) => at[j]) });
    }
  });

  test("states of groups without durations still name the duration columns, and read back", () => {
    // Team "a" has no first response yet; team "b" has one of 2 hours.
    const tickets = [
      { team: "a", createdAt: "2026-03-02T10:00:00Z" },
      { team: "b", createdAt: "2026-03-02T10:00:00Z", firstResponseAt: "2026-03-02T12:00:00Z" },
    ];
    const o = { by: ["team"], metrics: { frt: { kind: "firstResponse" } } };
    for (const input of [tickets.slice(0, 1), tickets]) {
      const g = groupKpis(input, { ...o, states: true });
      for (const row of g.states) for (const c of ["bucket", "count", "sum", "sumsq", "min", "max"]) assert.ok(Object.hasOwn(row, `frt_${c}`), `frt_${c} in ${JSON.stringify(row)}`);
      const back = groupKpisFromStates(g.states, o);
      assert.deepEqual(back.rows.map((r) => [r.team, r.frt.count, r.frt.median]), g.rows.map((r) => [r.team, r.frt.count, r.frt.median]));
    }
  });

  test("duration changes: the Price–Bonett difference of medians", () => {
    // statpsych::ci.median2 example: y1 − y2 = −8.5, SE 4.316291, CI (−16.95977, −0.04022524).
    const y1 = [32, 39, 26, 35, 43, 27, 40, 37, 34, 29];
    const y2 = [36, 44, 47, 42, 49, 39, 46, 31, 33, 48];
    const rows = [...y2.map((v) => ({ t: "2026-01-02T00:00:00Z", h: v })), ...y1.map((v) => ({ t: "2026-01-03T00:00:00Z", h: v }))];
    const t = groupKpis(rows, { by: [{ time: "t", every: "day" }], metrics: { h: { kind: "handle", handle: "h", created: "t" } }, compare: "previous" });
    const c = t.rows[1].h.change;
    assert.equal(c.difference, -8.5);
    assert.ok(Math.abs(c.standardError - 4.316291) < 1e-6);
    assert.ok(Math.abs(c.confidenceInterval.low + 16.95977) < 1e-5);
    assert.ok(Math.abs(c.confidenceInterval.high + 0.04022524) < 1e-7);
    assert.equal(c.test, "median-price-bonett");
  });
});

describe("groupKpis: q-values and rolling windows", () => {
  test("adjust: bh gives the q-values of R's p.adjust(p, 'BH') over all changes", () => {
    const r = rng(99);
    const rows = [];
    for (let s = 0; s < 12; s++) {
      for (let m = 0; m < 3; m++) {
        for (let i = 0; i < 40; i++) rows.push({ s, t: Date.UTC(2026, m, 10), x: Math.min(10, Math.floor(r() * (8 + s / 3 + m))) });
      }
    }
    const o = { by: ["s", { time: "t", every: "month" }], metrics: { x: { kind: "nps", column: "x" } }, compare: "previous" };
    const plain = groupKpis(rows, o);
    const adj = groupKpis(rows, { ...o, adjust: "bh" });
    const p = plain.rows.map((row) => row.x.change.pValue).filter((v) => v !== null);
    // p.adjust "BH", written out.
    const m = p.length;
    const order = p.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
    const q = new Array(m);
    let run = 1;
    for (let k = m - 1; k >= 0; k--) {
      run = Math.min(run, (m * order[k][0]) / (k + 1), 1);
      q[order[k][1]] = run;
    }
    const got = adj.rows.map((row) => row.x.change.qValue).filter((v) => v !== null);
    assert.equal(got.length, m);
    got.forEach((v, i) => assert.ok(Math.abs(v - q[i]) < 1e-12, `q ${i}`));
    for (const row of adj.rows) {
      const c = row.x.change;
      if (c.qValue !== null) assert.equal(c.significant, c.qValue < 0.05);
    }
  });

  test("rolling: { days } pools the trailing window at each period's end", () => {
    const r = rng(5);
    const rows = Array.from({ length: 2000 }, () => ({ t: ms("2026-01-01T00:00:00Z") + Math.floor(r() * 120 * DAY), x: Math.floor(r() * 11) }));
    const t = groupKpis(rows, { by: [{ time: "t", every: "week", timeZone: "UTC" }], metrics: { x: { kind: "nps", column: "x" } }, rolling: { days: 30 } });
    for (const row of t.rows) {
      const from = row.periodEnd - 30 * DAY;
      const inWindow = rows.filter((x) => x.t >= from && x.t < row.periodEnd).map((x) => x.x);
      assert.deepEqual(row.x, nps(inWindow), row.period);
    }
  });

  test("long rolling windows (which slide) pool the same rows, per segment, across gaps, with changes", () => {
    const r = rng(8);
    const rows = [];
    while (rows.length < 3000) {
      const day = Math.floor(r() * 400);
      // Gaps of two months: windows empty out and fill again.
      if (day % 150 < 60) continue;
      rows.push({ s: ["a", "b", "c"][Math.floor(r() * 3)], t: ms("2026-01-01T00:00:00Z") + day * DAY + Math.floor(r() * DAY), x: Math.floor(r() * 11) });
    }
    const windowOf = (s, end, days) => rows.filter((x) => x.s === s && x.t >= end - days * DAY && x.t < end).map((x) => x.x);
    for (const [every, days] of [["day", 45], ["day", 365], ["week", 100]]) {
      const t = groupKpis(rows, { by: ["s", { time: "t", every, timeZone: "UTC" }], metrics: { x: { kind: "nps", column: "x" } }, rolling: { days }, compare: "previous" });
      assert.ok(t.rows.length > 100);
      for (const row of t.rows) {
        const { change, ...result } = row.x;
        const { change: _, ...expected } = nps(windowOf(row.s, row.periodEnd, days));
        assert.deepEqual(result, expected, `${every} ${days} ${row.s} ${row.period}`);
        // The previous period's window ends where this period starts.
        const before = nps(windowOf(row.s, row.periodStart, days));
        if (change && before.score !== null && result.score !== null) assert.ok(Math.abs(change.difference - (result.score - before.score)) < 1e-9, `${every} ${days} ${row.s} ${row.period} change`);
      }
    }
  });
});

describe("groupKpis: days a zone skipped", () => {
  test("a day that never happened (Kiritimati's 1994-12-31, Samoa's 2011-12-30) is no period: fill leaves it out, and the day after compares with the day before", () => {
    const H = 3_600_000;
    const metrics = { n: { kind: "nps", column: "s" } };
    // Local noon of the day before and of the day after the skipped one.
    for (const [timeZone, before, after, skipped] of [
      ["Pacific/Kiritimati", Date.UTC(1994, 11, 30, 22), Date.UTC(1994, 11, 31, 22), "1994-12-31"],
      ["Pacific/Apia", Date.UTC(2011, 11, 28, 22), Date.UTC(2011, 11, 29, 23), "2011-12-30"],
    ]) {
      const rows = [{ t: before, s: 10 }, { t: before + H, s: 9 }, { t: after, s: 0 }, { t: after + H, s: 3 }];
      const by = [{ time: "t", every: "day", timeZone }];
      const filled = groupKpis(rows, { by, metrics, fill: true });
      assert.ok(!filled.rows.some((r) => r.period === skipped), `${timeZone}: ${filled.rows.map((r) => r.period)}`);
      assert.equal(filled.rows.length, 2, timeZone);
      for (const r of filled.rows) assert.equal(r.periodEnd - r.periodStart, 24 * H, `${timeZone} ${r.period}`);
      const compared = groupKpis(rows, { by, metrics, compare: "previous" });
      assert.equal(compared.rows[1].n.change.difference, -200, `${timeZone}: the day after against the day before`);
    }
  });
});

describe("groupKpis: instants at the edge of a period", () => {
  test("a fraction of a second stays in its second, and a fraction of a millisecond before 1970 is in 1969", () => {
    // Seven nines of a second rounded into the next month; −0.4 ms was cast
    // to 0, 1970's first millisecond.
    const rows = [
      { t: "2026-03-31T23:59:59.9999999Z", s: 9 },
      { t: "2026-03-31T23:59:59.9996+00:00", s: 9 },
      { t: "1969-12-31T23:59:59.9996Z", s: 9 },
      { t: -0.4, s: 9 },
      { t: -1e-9, s: 3 },
    ];
    const r = groupKpis(rows, { by: [{ time: "t", every: "month" }], metrics: { n: { kind: "nps", column: "s" } } });
    assert.deepEqual(r.rows.map((x) => [x.period, x.n.total]), [["1969-12", 3], ["2026-03", 2]]);
    // As JavaScript's Date puts them.
    for (const row of rows.filter((x) => typeof x.t === "string")) assert.equal(new Date(Date.parse(row.t)).toISOString().slice(0, 7), r.rows.find((x) => x.n.total === (row.t.startsWith("1969") ? 3 : 2)).period);
  });
});

describe("groupKpis: errors", () => {
  test("a key of ±Infinity is an invalid row (it was a group named null beside the missing one)", () => {
    const metrics = { nps: { kind: "nps", column: "s" } };
    for (const seg of [Infinity, -Infinity]) {
      throwsCode(() => groupKpis([{ seg: "a", s: 9 }, { seg, s: 9 }, { seg: null, s: 3 }], { by: ["seg"], metrics }), "INVALID_VALUE", { index: 1, field: "seg", message: /finite numbers/ });
      const r = groupKpis([{ seg: "a", s: 9 }, { seg, s: 9 }, { seg: null, s: 3 }], { by: ["seg"], metrics, invalid: "skip" });
      assert.deepEqual(r.rows.map((x) => [x.seg, x.nps.total]), [["a", 1], [null, 1]]);
      assert.deepEqual([r.skipped, r.invalid.map((e) => [e.index, e.code])], [1, [[1, "INVALID_VALUE"]]]);
      // The same from a typed array of group ids.
      const cols = { seg: Float64Array.of(1, seg, 1), s: [9, 9, 3] };
      throwsCode(() => groupKpis(cols, { by: ["seg"], metrics }), "INVALID_VALUE", { index: 1, field: "seg" });
      assert.deepEqual(groupKpis(cols, { by: ["seg"], metrics, invalid: "skip" }).rows.map((x) => [x.seg, x.nps.total]), [[1, 2]]);
    }
  });

  const data = [{ s: "a", x: 9 }];
  const metrics = { x: { kind: "nps", column: "x" } };
  test("options", () => {
    throwsCode(() => groupKpis(data), "INVALID_TYPE", { field: "options" });
    throwsCode(() => groupKpis(data, { by: ["s"] }), "INVALID_OPTION", { field: "metrics" });
    throwsCode(() => groupKpis(data, { metrics }), "INVALID_OPTION");
    throwsCode(() => groupKpis(data, { by: ["s"], metrics, bogus: 1 }), "INVALID_OPTION", { field: "bogus" });
    throwsCode(() => groupKpis(data, { by: ["s"], metrics: { x: { kind: "npx", column: "x" } } }), "INVALID_OPTION", { field: "metrics.x.kind" });
    throwsCode(() => groupKpis(data, { by: ["s"], metrics: { x: { kind: "nps" } } }), "INVALID_OPTION", { field: "metrics.x.column" });
    throwsCode(() => groupKpis(data, { by: ["s"], metrics: { x: { kind: "nps", column: "x", confidence: 2 } } }), "INVALID_OPTION", { field: "confidence" });
    throwsCode(() => groupKpis(data, { by: ["s"], metrics: { x: { kind: "nps", column: "x", weights: [1] } } }), "INVALID_OPTION", { field: "metrics.x.weights" });
    throwsCode(() => groupKpis(data, { by: ["s"], metrics: { x: { kind: "nps", column: "x", invalid: "skip" } } }), "INVALID_OPTION", { field: "metrics.x.invalid" });
    throwsCode(() => groupKpis(data, { by: ["s"], metrics, compare: "previous" }), "INVALID_OPTION", { field: "compare" });
    throwsCode(() => groupKpis(data, { by: ["s"], metrics, rolling: { days: 30 } }), "INVALID_OPTION", { field: "rolling" });
    throwsCode(() => groupKpis(data, { by: [{ time: "t", every: "hour" }], metrics, rolling: { days: 30 } }), "INVALID_OPTION", { field: "rolling" });
    throwsCode(() => groupKpis(data, { by: [{ time: "t", every: "fortnight" }], metrics }), "INVALID_OPTION", { field: "by[0].every" });
    throwsCode(() => groupKpis(data, { by: [{ time: "t", every: "month", timeZone: "Mars/Olympus" }], metrics }), "UNKNOWN_TIME_ZONE");
    throwsCode(() => groupKpis(data, { by: [{ time: "t", every: "fiscal-year", fiscalYearStart: 13 }], metrics }), "INVALID_OPTION", { field: "fiscalYearStart" });
    throwsCode(() => groupKpis(data, { by: ["x"], metrics }), "INVALID_OPTION", { field: "by" }); // a key and a metric both named x
    throwsCode(() => groupKpis(data, { by: ["x"], metrics: { m: { kind: "nps", column: "x" } } }), "INVALID_OPTION", { field: "metrics" });
    throwsCode(() => groupKpis(data, { by: ["period"], metrics }), "INVALID_OPTION", { field: "by" });
    throwsCode(() => groupKpis(data, { by: ["s"], metrics: { x: { kind: "handle", backlog: { from: 0, to: 1, every: "day" } } } }), "INVALID_OPTION", { field: "metrics.x.backlog" });
    throwsCode(() => groupKpis(data, { by: ["s"], metrics: { x: { kind: "sla" } } }), "INVALID_OPTION", { field: "metrics.x.sla" });
  });
  test("data", () => {
    throwsCode(() => groupKpis(data, { by: ["seg"], metrics }), "MISSING_FIELD", { field: "seg" });
    throwsCode(() => groupKpis(42, { by: ["s"], metrics }), "INVALID_TYPE", { field: "data" });
    throwsCode(() => groupKpis({ s: ["a"], x: [1, 2] }, { by: ["s"], metrics }), "LENGTH_MISMATCH");
    throwsCode(() => groupKpis([{ s: {}, x: 9 }], { by: ["s"], metrics }), "INVALID_TYPE", { index: 0, field: "s" });
    throwsCode(() => groupKpis([7, { s: "a", x: 9 }], { by: ["s"], metrics }), "INVALID_TYPE", { index: 0 });
    // An empty input: no rows, no error.
    assert.deepEqual(groupKpis([], { by: ["s"], metrics }).rows, []);
  });
});

describe("groupKpis: conversion rates", () => {
  // Hand-counted: A in March 2 of 4 converted, in April 3 of 3; B in March 1 of 2.
  const rows = [
    { seg: "A", at: "2026-03-02T10:00:00Z", bought: true },
    { seg: "A", at: "2026-03-03T10:00:00Z", bought: false },
    { seg: "A", at: "2026-03-04T10:00:00Z", bought: 1 },
    { seg: "A", at: "2026-03-05T10:00:00Z", bought: "0" },
    { seg: "A", at: "2026-04-02T10:00:00Z", bought: "true" },
    { seg: "A", at: "2026-04-03T10:00:00Z", bought: true },
    { seg: "A", at: "2026-04-04T10:00:00Z", bought: 1 },
    { seg: "A", at: "2026-04-05T10:00:00Z", bought: "" }, // blank: missing, not a failure
    { seg: "B", at: "2026-03-06T10:00:00Z", bought: false },
    { seg: "B", at: "2026-03-07T10:00:00Z", bought: true },
  ];
  const opts = { by: ["seg", { time: "at", every: "month" }], metrics: { cr: { kind: "conversion", column: "bought" } }, compare: "previous" };

  test("a rate per group, and its change is compareRates of the two periods", () => {
    const t = groupKpis(rows, opts);
    assert.deepEqual(
      t.rows.map((r) => [r.seg, r.period, r.cr.count, r.cr.total, r.cr.rate]),
      [
        ["A", "2026-03", 2, 4, 50],
        ["A", "2026-04", 3, 3, 100],
        ["B", "2026-03", 1, 2, 50],
      ],
    );
    const c = t.rows[1].cr.change;
    const ref = compareRates({ successes: 2, trials: 4 }, { successes: 3, trials: 3 });
    assert.ok(Math.abs(c.difference - ref.difference) < 1e-9, `${c.difference} vs ${ref.difference}`);
    assert.ok(Math.abs(c.pValue - ref.pValue) < 1e-9, `${c.pValue} vs ${ref.pValue}`);
  });

  test("cart abandonment is the share of carts without an order, per group", () => {
    const t = groupKpis(rows, { ...opts, metrics: { ab: { kind: "cartAbandonment", column: "bought" } } });
    // A in March: 2 of 4 carts without an order; in April 0 of 3.
    assert.deepEqual(t.rows.map((r) => [r.seg, r.period, r.ab.count, r.ab.total, r.ab.rate]), [
      ["A", "2026-03", 2, 4, 50],
      ["A", "2026-04", 0, 3, 0],
      ["B", "2026-03", 1, 2, 50],
    ]);
    // Its change mirrors the conversion's: the same test, the opposite sign.
    const both = groupKpis(rows, { ...opts, metrics: { cr: { kind: "conversion", column: "bought" }, ab: { kind: "cartAbandonment", column: "bought" } } });
    const [ab, cr] = [both.rows[1].ab.change, both.rows[1].cr.change];
    assert.ok(Math.abs(ab.difference + cr.difference) < 1e-9, `${ab.difference} vs ${cr.difference}`);
    assert.ok(Math.abs(ab.pValue - cr.pValue) < 1e-12);
  });

  test("a value that is not an outcome is an invalid row", () => {
    throwsCode(() => groupKpis([{ seg: "A", at: 0, bought: 2 }], opts), "INVALID_TYPE");
    const t = groupKpis([{ seg: "A", at: 0, bought: "yes" }, { seg: "A", at: 1, bought: true }], { ...opts, invalid: "skip" });
    assert.equal(t.skipped, 1);
    assert.equal(t.rows[0].cr.total, 1);
  });
});

describe("groupKpis: bounce rates", () => {
  // Sessions by channel: ads has 3 sessions, 2 bounced (by hand: 3 s and one
  // page; 12 s is engaged); seo has 2, 1 bounced; one row has no session data.
  const rows = [
    { ch: "ads", dur: 3000, pv: 1 },
    { ch: "ads", dur: 12000, pv: 1 },
    { ch: "ads", dur: 1000, pv: 1, ke: 0 },
    { ch: "seo", dur: 500, pv: 3 },
    { ch: "seo", dur: 500, pv: 1 },
    { ch: "seo" },
  ];
  const metric = { kind: "bounce", durationMs: "dur", pageViews: "pv", keyEvents: "ke" };

  test("a rate per group equal to bounceRate of the group's sessions", async () => {
    const { bounceRate } = await import("../../pkg/tickets.js");
    const t = groupKpis(rows, { by: ["ch"], metrics: { b: metric } });
    assert.deepEqual(
      t.rows.map((r) => [r.ch, r.b.count, r.b.total]),
      [
        ["ads", 2, 3],
        ["seo", 1, 2],
      ],
    );
    const ads = bounceRate(rows.filter((r) => r.ch === "ads").map((r) => ({ durationMs: r.dur, pageViews: r.pv, keyEvents: r.ke })));
    assert.equal(t.rows[0].b.rate, ads.rate);
    assert.deepEqual(t.rows[0].b.confidenceInterval, ads.confidenceInterval);
    // Thresholds are options: at 15 s the 12 s session bounces too.
    assert.equal(groupKpis(rows, { by: ["ch"], metrics: { b: { ...metric, minEngagementMs: 15000 } } }).rows[0].b.count, 3);
  });

  test("a negative value is an invalid row; SQL states agree with the grouping", () => {
    throwsCode(() => groupKpis([{ ch: "a", dur: -1 }], { by: ["ch"], metrics: { b: metric } }), "INVALID_VALUE", { index: 0, field: "dur" });
    const sql = sqlStates("bounce", { ...metric, name: "b" });
    assert.match(sql, /AS b_0, .* AS b_1, .* AS b_invalid$/);
    // A negative value makes the session invalid in SQL too (it counted
    // as a bounce).
    assert.match(sql, /COALESCE\(dur, 0\) < 0 OR COALESCE\(pv, 0\) < 0 OR COALESCE\(ke, 0\) < 0/);
    assert.match(sql, /COALESCE\(dur, -1\) >= 10000 OR COALESCE\(pv, -1\) >= 2 OR COALESCE\(ke, -1\) >= 1/);
    const st = groupKpisFromStates([{ ch: "ads", b_0: 1, b_1: 2 }], { by: ["ch"], metrics: { b: { kind: "bounce" } } });
    assert.deepEqual([st.rows[0].b.count, st.rows[0].b.total], [2, 3]);
  });
});

describe("groupKpis: counts of random tables against an independent count (fast-check)", () => {
  // The engine counts with a dense table of cells when the label
  // combinations × periods are few, and with buckets met row by row when
  // they are many; both, with one or several labels, missing keys kept or
  // dropped, scores in bytes or numbers (blank ones), and an invalid score
  // (skipped), must count what a plain count counts; so must the one loop
  // that places and counts the rows of one label key and a metric of
  // bytes, in a zone with clock changes too, for instants anywhere in a
  // week (its own minutes next to midnight among them).
  const WEEK = 7 * DAY;
  const t0 = ms("2026-01-05T00:00:00Z"); // a Monday
  const table = fc.record({
    rows: fc.array(
      fc.record({
        a: fc.oneof(fc.constantFrom("x", "y", "", null), fc.integer({ min: 0, max: 400 }).map((k) => `k${k}`)),
        b: fc.integer({ min: 0, max: 5 }),
        // Numbers in a Float64Array, NaN for missing.
        c: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(NaN)),
        w: fc.integer({ min: 0, max: 30 }),
        // Where in the week, in minutes: anywhere, or next to a midnight.
        minute: fc.oneof(fc.integer({ min: 0, max: 7 * 1440 - 1 }), fc.integer({ min: 0, max: 6 }).chain((d) => fc.integer({ min: d * 1440 - 90, max: d * 1440 + 90 }))),
        score: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 10 }) }, { weight: 1, arbitrary: fc.constantFrom(NaN, 11) }),
      }),
      { maxLength: 300 },
    ),
    keys: fc.constantFrom(["a"], ["b"], ["c"], ["a", "b"], ["c", "a"], []),
    time: fc.boolean(),
    bytes: fc.boolean(),
    drop: fc.boolean(),
    zone: fc.constantFrom("UTC", "Europe/Berlin", "Australia/Lord_Howe", "America/Sao_Paulo"),
  });
  test("counts, totals and skipped rows", () => {
    fc.assert(
      fc.property(table, ({ rows, keys, time, bytes, drop, zone }) => {
        // Bytes cannot hold a blank: there it is a 0.
        const score = rows.map((r) => (bytes && Number.isNaN(r.score) ? 0 : r.score));
        const data = {
          a: rows.map((r) => r.a),
          b: Uint8Array.from(rows, (r) => r.b),
          c: Float64Array.from(rows, (r) => r.c),
          at: Float64Array.from(rows, (r) => t0 + r.w * WEEK + r.minute * 60_000),
          score: bytes ? Uint8Array.from(score) : Float64Array.from(score),
        };
        const by = [...keys, ...(time ? [{ time: "at", every: "week", timeZone: zone }] : [])];
        const t = groupKpis(data, { by, metrics: { nps: { kind: "nps", column: "score" } }, invalid: "skip", dropMissingKeys: drop });
        const want = new Map();
        let skipped = 0;
        rows.forEach((r, i) => {
          if (score[i] === 11) return void skipped++;
          const a = r.a === "" ? null : r.a;
          const c = Number.isNaN(r.c) ? null : r.c;
          if (drop && ((keys.includes("a") && a === null) || (keys.includes("c") && c === null))) return;
          const key = JSON.stringify([...keys.map((k) => (k === "a" ? a : k === "c" ? c : r.b)), time ? isoWeek(localParts(data.at[i], zone)) : 0]);
          const g = want.get(key) ?? { n: 0, p: 0, d: 0 };
          if (!Number.isNaN(score[i])) {
            g.n++;
            g.p += score[i] >= 9;
            g.d += score[i] <= 6;
          }
          want.set(key, g);
        });
        assert.equal(t.skipped, skipped);
        assert.equal(t.rows.length, want.size);
        for (const row of t.rows) {
          const key = JSON.stringify([...keys.map((k) => row[k]), time ? row.period : 0]);
          const g = want.get(key);
          assert.ok(g, `${key} is a group`);
          assert.deepEqual([row.nps.total, row.nps.promoters, row.nps.detractors], [g.n, g.p, g.d], key);
        }
      }),
      { numRuns: Number(process.env.GROUP_RUNS ?? 400) },
    );
  });
});

describe("groupKpis: each ticket in its own calendar (calendars)", () => {
  const week = Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["09:00", "17:00"]]]));
  const calendars = {
    emea: { timeZone: "Europe/Berlin", week, holidays: ["*-12-25", "*-12-26"] },
    us: { timeZone: "America/New_York", week: { ...week, fri: [["09:00", "13:00"]] }, holidays: [{ month: 11, weekday: "thu", nth: 4 }] },
    apac: { timeZone: "Asia/Tokyo", week: { ...week, sat: [["10:00", "14:00"]] } },
  };

  test("hand-worked: Friday 16:00 to Monday 10:00 is 2 business hours in Berlin and in New York (across the US clock change)", () => {
    const rows = [
      { team: "emea", createdAt: "2026-03-06T16:00:00+01:00", firstResponseAt: "2026-03-09T10:00:00+01:00" },
      // 8 March 2026: New York moves from EST to EDT.
      { team: "us", createdAt: "2026-03-05T16:00:00-05:00", firstResponseAt: "2026-03-09T10:00:00-04:00" },
    ];
    const t = groupKpis(rows, { by: ["team"], metrics: { frt: { kind: "firstResponse", calendars, calendarColumn: "team" } } });
    // emea: 16–17 Friday, 9–10 Monday. us: Thursday 16–17, Friday 9–13, Monday 9–10.
    assert.deepEqual(t.rows.map((r) => [r.team, r.frt.median / 3_600_000]), [["emea", 2], ["us", 6]]);
  });

  test("the same statistics as ticketMetrics per team with that team's calendar", () => {
    const r = rng(2031);
    const teams = Object.keys(calendars);
    const start = ms("2026-11-02T00:00:00Z");
    const tickets = Array.from({ length: 600 }, () => {
      const createdAt = start + Math.floor(r() * 60 * DAY);
      const first = r() < 0.9 ? createdAt + Math.floor(r() * 5 * DAY) : null;
      const resolved = first !== null && r() < 0.8 ? first + Math.floor(r() * 9 * DAY) : null;
      return { team: teams[Math.floor(r() * teams.length)], createdAt, firstResponseAt: first, resolvedAt: resolved };
    });
    const metrics = { frt: { kind: "firstResponse", calendars, calendarColumn: "team" }, res: { kind: "resolution", calendars, calendarColumn: "team" } };
    const t = groupKpis(tickets, { by: ["team"], metrics });
    assert.equal(t.rows.length, teams.length);
    for (const row of t.rows) {
      const mine = tickets.filter((x) => x.team === row.team);
      const want = ticketMetrics(mine, { calendar: calendars[row.team] });
      for (const [got, w] of [[row.frt, want.firstResponseBusiness], [row.res, want.resolutionBusiness]]) {
        assert.deepEqual([got.count, got.median, got.mean, got.p90, got.min, got.max], [w.count, w.median, w.mean, w.p90, w.min, w.max], row.team);
      }
    }
    // By week too, with the calendar names in a column of their own (the
    // default "calendar") and a default calendar for tickets without one.
    const withDefault = tickets.map((x, i) => ({ ...x, calendar: i % 7 === 0 ? "" : x.team }));
    const w = groupKpis(withDefault, { by: ["team", { time: "createdAt", every: "week" }], metrics: { frt: { kind: "firstResponse", calendars, calendar: calendars.emea } } });
    const expected = new Map();
    for (const team of teams) {
      for (const [cal, rows] of [[calendars[team], withDefault.filter((x) => x.team === team && x.calendar !== "")], [calendars.emea, withDefault.filter((x) => x.team === team && x.calendar === "")]]) {
        const d = businessDurations(rows.map((x) => x.createdAt), rows.map((x) => x.firstResponseAt ?? NaN), cal);
        rows.forEach((x, i) => {
          const key = `${team}|${isoWeek(localParts(x.createdAt, "UTC"))}`;
          if (!Number.isNaN(d[i])) expected.set(key, [...(expected.get(key) ?? []), d[i]]);
        });
      }
    }
    for (const row of w.rows) {
      const v = (expected.get(`${row.team}|${row.period}`) ?? []).sort((a, b) => a - b);
      assert.equal(row.frt.count, v.length, `${row.team} ${row.period}`);
      if (v.length) assert.equal(row.frt.max, v.at(-1));
    }
  });

  test("a name not among calendars is an invalid row; without a default a blank one is missing", () => {
    const rows = [
      { team: "emea", createdAt: "2026-03-06T16:00:00Z" },
      { team: "latam", createdAt: "2026-03-06T16:00:00Z" },
      { team: "", createdAt: "2026-03-06T16:00:00Z" },
    ];
    const o = { by: ["team"], metrics: { frt: { kind: "firstResponse", calendars, calendarColumn: "team" } } };
    throwsCode(() => groupKpis(rows, o), "INVALID_VALUE", { index: 1, field: "team" });
    const skipped = groupKpis(rows, { ...o, invalid: "skip" });
    assert.deepEqual(skipped.invalid.map((e) => [e.index, e.code]), [[1, "INVALID_VALUE"], [2, "MISSING_FIELD"]]);
    assert.deepEqual(skipped.rows.map((r) => r.team), ["emea"]);
    // A default calendar takes the blank one.
    const withDefault = groupKpis(rows, { ...o, invalid: "skip", metrics: { frt: { ...o.metrics.frt, calendar: calendars.us } } });
    assert.deepEqual(withDefault.invalid.map((e) => e.index), [1]);
  });

  test("calendarColumn needs calendars; states and SQL recipes have no tickets to read calendars from", () => {
    throwsCode(() => groupKpis([], { by: [], metrics: { frt: { kind: "firstResponse", calendarColumn: "team" } } }), "INVALID_OPTION", { field: "metrics.frt.calendarColumn" });
    throwsCode(() => groupKpisFromStates([], { by: [], metrics: { frt: { kind: "firstResponse", calendars } } }), "INVALID_OPTION", { field: "metrics.frt.calendars" });
    throwsCode(() => sqlStates("firstResponse", { calendars }), "INVALID_OPTION");
  });
});

describe("durations at the edge of what states carry", () => {
  test("a standard deviation the sums of states cannot give to 0.1 % is null (a year ± 1 s was read back as 1,024 ms for 1,000)", () => {
    const c = Date.UTC(2025, 0, 1);
    const Y = 365 * 86_400_000;
    const opts = { by: [], metrics: { res: { kind: "resolution" } } };
    const far = [Y, Y + 1000, Y + 2000].map((d) => ({ createdAt: c, resolvedAt: c + d }));
    const one = groupKpis(far, { ...opts, states: true });
    assert.equal(one.rows[0].res.standardDeviation, 1000);
    assert.equal(groupKpisFromStates(one.states, opts).rows[0].res.standardDeviation, null);
    const near = [3_600_000, 3_601_000, 3_602_000].map((d) => ({ createdAt: c, resolvedAt: c + d }));
    const back = groupKpisFromStates(groupKpis(near, { ...opts, states: true }).states, opts).rows[0].res.standardDeviation;
    assert.ok(Math.abs(back - 1000) < 1e-3, String(back));
  });

  test("one duration a period: the change is the difference of the medians alone (it was all null)", () => {
    const c0 = Date.UTC(2026, 0, 10);
    const c1 = Date.UTC(2026, 1, 10);
    const rows = [
      { t: c0, createdAt: c0, firstResponseAt: c0 + 1000 },
      { t: c1, createdAt: c1, firstResponseAt: c1 + 2000 },
    ];
    const r = groupKpis(rows, { by: [{ time: "t", every: "month" }], compare: "previous", metrics: { frt: { kind: "firstResponse" } } });
    const ch = r.rows[1].frt.change;
    assert.deepEqual([ch.difference, ch.standardError, ch.pValue, ch.significant, ch.confidenceInterval], [1000, null, null, null, null]);
  });
});
