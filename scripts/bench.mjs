// npm run bench: cx-metrics (wasm) against the best plain-JavaScript code for
// the same job, measured in the same run, plus size and start-up cost.
// Prints a table of median times and ratios; asserts nothing (a benchmark,
// not a test).
//
//   node scripts/bench.mjs [--quick]
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.argv.includes("--quick");
const cx = await import(join(root, "pkg", "index.js"));

// ---------------------------------------------------------------- helpers

/**
 * Median wall time (ms) of one call of each of `fns`, repeating each enough
 * to time reliably, with their samples taken in turn (a, b, c, a, b, c, …):
 * this machine's speed changes over seconds, and taking one function's
 * samples after the other's would show such a change as a change of ratio.
 */
function measureAll(fns, { minMs = quick ? 20 : 60, samples = quick ? 5 : 11 } = {}) {
  const reps = fns.map((fn) => {
    fn(); // warm up (JIT, wasm memory growth)
    let r = 1;
    for (;;) {
      const t = performance.now();
      for (let i = 0; i < r; i++) fn();
      if (performance.now() - t >= minMs / 4 || r > 1e6) return r;
      r *= 2;
    }
  });
  const times = fns.map(() => []);
  for (let s = 0; s < samples; s++) {
    fns.forEach((fn, k) => {
      const t = performance.now();
      for (let i = 0; i < reps[k]; i++) fn();
      times[k].push((performance.now() - t) / reps[k]);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

/** Median wall time (ms) of one call of `fn`, repeating it enough to time reliably. */
function measure(fn, options) {
  return measureAll([fn], options)[0];
}

function fmt(ms) {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 1) return ms.toFixed(2);
  if (ms >= 0.01) return ms.toFixed(3);
  return ms.toExponential(2);
}

function table(title, header, rows) {
  console.log(`\n${title}\n`);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => "| " + r.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
  console.log(line(header));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows) console.log(line(r));
}

function lcg(seed) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 4294967296;
}

// ---------------------------------------------------------------- JS baselines

// The fastest plain JavaScript we found for NPS of bytes: count into a
// 256-slot histogram without a branch, then reject the input if anything
// landed outside 0..10 (the same validation the library does).
function jsNpsBytes(a) {
  const h = new Uint32Array(256);
  const n = a.length;
  for (let i = 0; i < n; i++) h[a[i]]++;
  let valid = 0;
  for (let k = 0; k <= 10; k++) valid += h[k];
  if (valid !== n) throw new RangeError("score out of range");
  const p = h[9] + h[10];
  let d = 0;
  for (let k = 0; k <= 6; k++) d += h[k];
  return n ? (100 * (p - d)) / n : null;
}

// number[]: the type check is needed (strings like "7" would otherwise be
// counted); non-integers, NaN and out-of-range values are no-ops on a typed
// array, so the total detects them.
function jsNpsNumbers(a) {
  const h = new Float64Array(11);
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v !== "number") throw new TypeError("not a number");
    h[v]++;
  }
  let valid = 0;
  for (let k = 0; k <= 10; k++) valid += h[k];
  if (valid !== n) throw new RangeError("invalid score");
  const p = h[9] + h[10];
  let d = 0;
  for (let k = 0; k <= 6; k++) d += h[k];
  return n ? (100 * (p - d)) / n : null;
}

// ---------------------------------------------------------------- survey

const sizes = quick ? [1e3, 1e5, 1e6] : [1e3, 1e5, 1e7];
const rows = [];
let floorRow = null;
for (const n of sizes) {
  const r = lcg(n);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(r() * 11);
  const numbers = Array.from(bytes);
  // Same answers from both, or the comparison means nothing.
  if (Math.abs(cx.nps(bytes).score - jsNpsBytes(bytes)) > 1e-9 || Math.abs(cx.nps(numbers).score - jsNpsNumbers(numbers)) > 1e-9) {
    throw new Error("wasm and JS disagree");
  }
  const [wBytes, jBytes] = measureAll([() => cx.nps(bytes), () => jsNpsBytes(bytes)]);
  rows.push([n.toExponential(0), "Uint8Array", fmt(wBytes), fmt(jBytes), (jBytes / wBytes).toFixed(1) + "×"]);
  const [wNum, jNum] = measureAll([() => cx.nps(numbers), () => jsNpsNumbers(numbers)]);
  rows.push([n.toExponential(0), "number[]", fmt(wNum), fmt(jNum), (jNum / wNum).toFixed(1) + "×"]);
  if (n === sizes[sizes.length - 1]) {
    const dst = new Uint8Array(n);
    const copy = measure(() => dst.set(bytes));
    floorRow = { n, copy, wasm: wBytes };
  }
}
table("NPS (median ms per call; wasm time includes copying the input into wasm memory)", ["n", "input", "cx-metrics wasm", "best plain JS", "JS / wasm"], rows);
if (floorRow) {
  const mb = floorRow.n / 1e6;
  console.log(
    `\nFloor: copying the ${mb} MB Uint8Array once (TypedArray.prototype.set) takes ${fmt(floorRow.copy)} ms ` +
      `(${(mb / floorRow.copy).toFixed(1)} GB/s); nps() on it takes ${(floorRow.wasm / floorRow.copy).toFixed(1)}× that.`,
  );
}

// ---------------------------------------------------------------- small inputs

// What a calculator on a web page or a spreadsheet cell passes: 10 to 10 000
// answers. Against complete plain-JS implementations (scripts/bench-js.mjs:
// same validation, same fields, same intervals), results checked equal.
const { jsNps, jsCsat, jsCes } = await import("./bench-js.mjs");

function sameResult(a, b, what) {
  for (const k of Object.keys(b)) {
    const x = a[k];
    const y = b[k];
    if (typeof y === "number" && Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(y))) throw new Error(`${what}: ${k} ${x} vs ${y}`);
    if (y && typeof y === "object" && !Array.isArray(y)) sameResult(x, y, `${what}.${k}`);
    if (Array.isArray(y) && JSON.stringify(x) !== JSON.stringify(y)) throw new Error(`${what}: ${k} differs`);
  }
}

const small = [];
const crossings = [];
for (const [name, ours, theirs, scale] of [
  ["nps", cx.nps, jsNps, [0, 10]],
  ["csat", cx.csat, jsCsat, [1, 5]],
  ["ces", cx.ces, jsCes, [1, 7]],
]) {
  for (const type of ["Uint8Array", "number[]"]) {
    const ratios = [];
    for (const n of [10, 100, 1000, 10000]) {
      const r = lcg(n + scale[1]);
      const plain = Array.from({ length: n }, () => scale[0] + Math.floor(r() * (scale[1] - scale[0] + 1)));
      const input = type === "Uint8Array" ? Uint8Array.from(plain) : plain;
      sameResult(ours(input), theirs(input), `${name}(${type}, ${n})`);
      const [w, j] = measureAll([() => ours(input), () => theirs(input)]);
      ratios.push([n, j / w]);
      small.push([name, type, n, fmt(w * 1000), fmt(j * 1000), (j / w).toFixed(2) + "×"]);
    }
    // Break-even: where JS time / wasm time crosses 1 (log-linear between sizes).
    let at = "below 10";
    if (ratios[0][1] < 1) {
      at = "above 10 000";
      for (let i = 1; i < ratios.length; i++) {
        const [n0, r0] = ratios[i - 1];
        const [n1, r1] = ratios[i];
        if (r0 < 1 && r1 >= 1) {
          const f = (0 - Math.log(r0)) / (Math.log(r1) - Math.log(r0));
          at = `≈ ${Math.round(Math.exp(Math.log(n0) + f * (Math.log(n1) - Math.log(n0))))}`;
          break;
        }
      }
    }
    crossings.push([name, type, at]);
  }
}
{
  const a10 = [10, 9, 8, 7, 6, 5, 4, 3, 10, 9];
  const opts = { confidence: 0.9 };
  const [w, j] = measureAll([() => cx.nps(a10, opts), () => jsNps(a10, opts)]);
  small.push(["nps + options object", "number[]", 10, fmt(w * 1000), fmt(j * 1000), (j / w).toFixed(2) + "×"]);
}
table("Small inputs (median µs per call; complete plain-JS implementations in the same run)", ["KPI", "input", "n", "cx-metrics µs", "plain JS µs", "JS / wasm"], small);
table("Break-even: the number of answers from which cx-metrics is faster", ["KPI", "input", "break-even"], crossings);

// ---------------------------------------------------------------- tickets

const tk = await import(join(root, "pkg", "tickets.js"));
const HOUR = 3_600_000;

// Plain JS duration statistics over columns, doing the same checks and
// reporting the same numbers (PERCENTILE.INC median, p90, p95; mean; min;
// max; the default histogram).
const EDGES = [1, 5, 15, 30, 60, 120, 240, 480, 1440, 2880, 10080].map((m) => m * 60_000);
function jsDurationStats(created, first) {
  const n = created.length;
  const d = new Float64Array(n);
  let k = 0;
  let sum = 0;
  const hist = new Uint32Array(EDGES.length + 1);
  for (let i = 0; i < n; i++) {
    const c = created[i];
    const f = first[i];
    if (Number.isNaN(c) || !Number.isFinite(c)) throw new RangeError(`createdAt at ${i}`);
    if (Number.isNaN(f)) continue;
    const v = f - c;
    if (v < 0) throw new RangeError(`negative at ${i}`);
    d[k++] = v;
    sum += v;
    let b = 0;
    while (b < EDGES.length && EDGES[b] < v) b++;
    hist[b]++;
  }
  const s = d.subarray(0, k).sort();
  const q = (p) => {
    const h = (k - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((lo + 1 < k ? s[lo + 1] : s[lo]) - s[lo]);
  };
  return { count: k, mean: sum / k, median: q(0.5), p90: q(0.9), p95: q(0.95), min: s[0], max: s[k - 1], hist };
}

// Business time with Luxon, the usual way: walk the local days (the same
// function the tests use as an oracle).
const { luxonBusiness, WEEKDAY_KEYS: KEYS } = await import("../tests/support/luxon-business.mjs");

const tRows = [];
{
  const n = quick ? 2e5 : 1e6;
  const r = lcg(42);
  const created = new Float64Array(n);
  const first = new Float64Array(n);
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < n; i++) {
    created[i] = Math.floor(t0 + r() * 300 * 24 * HOUR);
    first[i] = r() < 0.05 ? NaN : Math.floor(created[i] + r() * r() * 48 * HOUR);
  }
  const w = tk.ticketMetrics({ createdAt: created, firstResponseAt: first }).firstResponse;
  const j = jsDurationStats(created, first);
  for (const key of ["count", "mean", "median", "p90", "p95", "min", "max"]) {
    if (Math.abs(w[key] - j[key]) > 1e-6 * Math.max(1, Math.abs(j[key]))) throw new Error(`stats disagree on ${key}: ${w[key]} vs ${j[key]}`);
  }
  const [wt, jt] = measureAll([() => tk.ticketMetrics({ createdAt: created, firstResponseAt: first }), () => jsDurationStats(created, first)], { samples: quick ? 3 : 7 });
  tRows.push([`first-response statistics, ${n.toExponential(0)} tickets (Float64Array columns)`, fmt(wt), fmt(jt) + " (plain JS, typed-array sort)", (jt / wt).toFixed(1) + "×"]);
  // The same tickets as an API returns them: rows with ISO 8601 strings.
  const m = n / 10;
  const iso = (t) => new Date(t).toISOString();
  const rows = Array.from({ length: m }, (_, i) => ({ id: `T-${i}`, createdAt: iso(created[i]), firstResponseAt: Number.isNaN(first[i]) ? null : iso(first[i]), status: "solved" }));
  const jsRows = () => {
    const c = new Float64Array(m);
    const f = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const r = rows[i];
      c[i] = Date.parse(r.createdAt);
      f[i] = r.firstResponseAt == null ? NaN : Date.parse(r.firstResponseAt);
    }
    return jsDurationStats(c, f);
  };
  const wr = tk.ticketMetrics(rows).firstResponse;
  const jr = jsRows();
  for (const key of ["count", "mean", "median", "p90", "p95", "min", "max"]) {
    if (Math.abs(wr[key] - jr[key]) > 1e-6 * Math.max(1, Math.abs(jr[key]))) throw new Error(`stats on rows disagree on ${key}: ${wr[key]} vs ${jr[key]}`);
  }
  const [wrt, jrt] = measureAll([() => tk.ticketMetrics(rows), jsRows], { samples: quick ? 3 : 7 });
  tRows.push([`the same, ${m.toExponential(0)} tickets as rows with ISO 8601 strings`, fmt(wrt), fmt(jrt) + " (plain JS, Date.parse)", (jrt / wrt).toFixed(1) + "×"]);
}
{
  const n = quick ? 2e4 : 1e5;
  const cal = {
    timeZone: "America/Sao_Paulo",
    week: Object.fromEntries(KEYS.slice(0, 5).map((k) => [k, [["09:00", "12:00"], ["13:00", "18:00"]]])),
    holidays: ["2026-04-03", "2026-04-21", "2026-05-01", "2026-09-07", "2026-10-12", "2026-11-02", "2026-12-25"],
  };
  const r = lcg(7);
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < n; i++) {
    starts[i] = Math.floor(t0 + r() * 300 * 24 * HOUR);
    ends[i] = Math.floor(starts[i] + r() * r() * 7 * 24 * HOUR);
  }
  const ours = tk.businessDurations(starts, ends, cal);
  for (let i = 0; i < n; i += 97) {
    const l = luxonBusiness(starts[i], ends[i], cal);
    if (ours[i] !== l) throw new Error(`business durations disagree at ${i}: ${ours[i]} vs ${l}`);
  }
  const wt = measure(() => tk.businessDurations(starts, ends, cal), { samples: quick ? 3 : 7 });
  const t = performance.now();
  for (let i = 0; i < n; i++) luxonBusiness(starts[i], ends[i], cal);
  const lt = performance.now() - t;
  tRows.push([`business durations, ${n.toExponential(0)} tickets (lunch break, holidays, America/Sao_Paulo)`, fmt(wt), fmt(lt) + " (Luxon 3, day walk)", (lt / wt).toFixed(0) + "×"]);
}
{
  // SLA deadlines: each ticket's creation + 8 business hours, against the
  // most used business-hours plugin on npm, dayjs-business-time. It works in
  // the process's local zone and in whole minutes, so the case runs with
  // TZ=UTC (restored after) on creation instants in whole minutes, with a
  // calendar both can state: Mon–Fri 09:00–17:00, UTC, holidays.
  const n = quick ? 2e4 : 1e5;
  const SLA = 8 * HOUR;
  const holidays = ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"];
  const cal = { timeZone: "UTC", week: Object.fromEntries(KEYS.slice(0, 5).map((k) => [k, [["09:00", "17:00"]]])), holidays };
  const r = lcg(11);
  const created = new Float64Array(n);
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < n; i++) created[i] = t0 + Math.floor(r() * 330 * 24 * 60) * 60_000;
  const tz = process.env.TZ;
  process.env.TZ = "UTC";
  try {
    const dayjs = (await import("dayjs")).default;
    dayjs.extend((await import("dayjs-business-time")).default);
    dayjs.setHolidays(holidays);
    const day = [{ start: "09:00:00", end: "17:00:00" }];
    dayjs.setBusinessTime({ sunday: null, monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: null });
    const viaDayjs = (a) => {
      const out = new Float64Array(a.length);
      for (let i = 0; i < a.length; i++) out[i] = dayjs(a[i]).addBusinessHours(8).valueOf();
      return out;
    };
    const ours = tk.addBusinessTimes(created, SLA, cal);
    const d0 = performance.now();
    const theirs = viaDayjs(created); // the check is also the warm-up
    const dFirst = performance.now() - d0;
    for (let i = 0; i < n; i++) {
      const one = tk.addBusinessTime(created[i], SLA, cal);
      if (ours[i] !== theirs[i] || one !== ours[i]) throw new Error(`SLA deadlines disagree at ${i} (${new Date(created[i]).toISOString()}): ${ours[i]} / ${one} vs ${theirs[i]}`);
    }
    const wt = measure(() => tk.addBusinessTimes(created, SLA, cal), { samples: quick ? 3 : 7 });
    const out = new Float64Array(n);
    const st = measure(() => {
      for (let i = 0; i < n; i++) out[i] = tk.addBusinessTime(created[i], SLA, cal);
    }, { samples: quick ? 3 : 5 });
    const d1 = performance.now();
    viaDayjs(created);
    const dt = Math.min(dFirst, performance.now() - d1);
    const label = `SLA deadlines (+8 business hours), ${n.toExponential(0)} tickets (Mon–Fri 09:00–17:00, holidays, UTC)`;
    tRows.push([`${label}: addBusinessTimes`, fmt(wt), fmt(dt) + " (dayjs-business-time, addBusinessHours per ticket)", (dt / wt).toFixed(0) + "×"]);
    tRows.push([`${label}: addBusinessTime per ticket`, fmt(st), fmt(dt) + " (dayjs-business-time, addBusinessHours per ticket)", (dt / st).toFixed(0) + "×"]);
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
}
table("Tickets (median ms per call; results checked equal before timing)", ["job", "cx-metrics wasm", "JavaScript", "JS / wasm"], tRows);

// ---------------------------------------------------------------- groupKpis

{
  const { rollup } = await import("d3-array");
  const DAY = 86_400_000;
  const n = quick ? 2e5 : 1e6;
  const SEGMENTS = 50;
  const WEEKS = 52;
  const rand = lcg(2026);
  const t0 = Date.UTC(2024, 0, 1); // a Monday: 52 ISO weeks follow
  const segNames = Array.from({ length: SEGMENTS }, (_, i) => `segment-${String(i).padStart(2, "0")}`);
  const segCode = new Uint8Array(n);
  const seg = new Array(n);
  const at = new Float64Array(n);
  const score = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    segCode[i] = Math.floor(rand() * SEGMENTS);
    seg[i] = segNames[segCode[i]];
    at[i] = t0 + Math.floor(rand() * WEEKS * 7 * DAY);
    score[i] = Math.floor(rand() * 11);
  }
  // ISO week label of a UTC instant (plain arithmetic; UTC has no clock changes).
  const weekLabel = (t) => {
    const days = Math.floor(t / DAY);
    const monday = days - ((days + 3) % 7 + 7) % 7;
    const thursday = new Date((monday + 3) * DAY);
    const y = thursday.getUTCFullYear();
    const week = Math.floor((monday + 3 - Date.UTC(y, 0, 1) / DAY) / 7) + 1;
    return `${y}-W${String(week).padStart(2, "0")}`;
  };
  const npsOf = (p, d, total) => (total > 0 ? (100 * (p - d)) / total : null);
  const options = { by: ["seg", { time: "at", every: "week" }], metrics: { nps: { kind: "nps", column: "score" } } };
  const ours = () => tk.groupKpis({ seg, at, score }, options);
  const oursCoded = () => tk.groupKpis({ seg: segCode, at, score }, options);
  // 1. Split in JS, then nps() per group.
  const split = () => {
    const groups = new Map();
    for (let i = 0; i < n; i++) {
      const k = seg[i] + "|" + weekLabel(at[i]);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(score[i]);
    }
    const out = new Map();
    for (const [k, v] of groups) out.set(k, cx.nps(Uint8Array.from(v)).score);
    return out;
  };
  // 2. d3-array's rollup, NPS computed in JS.
  const d3 = () => {
    const idx = Array.from({ length: n }, (_, i) => i);
    return rollup(
      idx,
      (v) => {
        let p = 0;
        let d = 0;
        for (const i of v) {
          const s = score[i];
          if (s >= 9) p++;
          else if (s <= 6) d++;
        }
        return npsOf(p, d, v.length);
      },
      (i) => seg[i],
      (i) => weekLabel(at[i]),
    );
  };
  // 3. The ideal single pass over coded columns: one count table.
  const ideal = () => {
    const counts = new Uint32Array(SEGMENTS * WEEKS * 11);
    const w0 = Math.floor(t0 / DAY);
    for (let i = 0; i < n; i++) {
      const w = Math.floor((Math.floor(at[i] / DAY) - w0) / 7);
      counts[(segCode[i] * WEEKS + w) * 11 + score[i]]++;
    }
    const out = new Float64Array(SEGMENTS * WEEKS);
    for (let g = 0; g < SEGMENTS * WEEKS; g++) {
      let p = 0;
      let d = 0;
      let total = 0;
      for (let s = 0; s <= 10; s++) {
        const c = counts[g * 11 + s];
        total += c;
        if (s >= 9) p += c;
        else if (s <= 6) d += c;
      }
      out[g] = npsOf(p, d, total);
    }
    return out;
  };
  // Checked equal before timing.
  const r = ours();
  const rc = oursCoded();
  const sp = split();
  const dd = d3();
  const id = ideal();
  if (r.rows.length !== SEGMENTS * WEEKS || rc.rows.length !== r.rows.length || sp.size !== r.rows.length) throw new Error("groupKpis: group counts differ");
  r.rows.forEach((row, k) => {
    const key = row.seg + "|" + row.period;
    const s = row.nps.score;
    if (sp.get(key) !== s || dd.get(row.seg).get(row.period) !== s) throw new Error(`groupKpis disagrees with JS at ${key}`);
    if (Math.abs(id[k] - s) > 1e-9 || Math.abs(rc.rows[k].nps.score - s) > 1e-9) throw new Error(`groupKpis disagrees with the count table at ${key}`);
  });
  const samples = quick ? 3 : 7;
  const [tOurs, tCoded, tSplit, tD3, tIdeal] = measureAll([ours, oursCoded, split, d3, ideal], { samples });
  table(
    `groupKpis: NPS of ${n.toExponential(0)} answers in ${SEGMENTS} segments × ${WEEKS} ISO weeks (median ms per call; results checked equal before timing)`,
    ["job", "cx-metrics ms", "JavaScript ms", "JS / wasm"],
    [
      ["string labels, epoch ms, Uint8Array scores", fmt(tOurs), fmt(tSplit) + " (split in JS, nps() per group)", (tSplit / tOurs).toFixed(1) + "×"],
      ["string labels, epoch ms, Uint8Array scores", fmt(tOurs), fmt(tD3) + " (d3-array rollup, NPS in JS)", (tD3 / tOurs).toFixed(1) + "×"],
      ["coded columns (Uint8Array segment ids)", fmt(tCoded), fmt(tIdeal) + " (ideal single pass, one count table)", (tIdeal / tCoded).toFixed(2) + "×"],
    ],
  );
}

// ---------------------------------------------------------------- revenueMetrics

{
  const DAY = 86_400_000;
  const customers = quick ? 2e4 : 1e5;
  const rand = lcg(2027);
  const months = { month: 1, quarter: 3, year: 12 };
  const kinds = ["month", "month", "month", "quarter", "year"];
  const subs = [];
  const t0 = Date.UTC(2024, 0, 1);
  for (let c = 0; c < customers; c++) {
    for (let k = 0; k < 3; k++) {
      const start = t0 + Math.floor(rand() * 36 * 30 * DAY);
      subs.push({
        customerId: `cus_${c}`,
        start,
        end: rand() < 0.4 ? start + Math.floor(rand() * 500 * DAY) : null,
        amount: Math.round(rand() * 300),
        interval: kinds[Math.floor(rand() * kinds.length)],
      });
    }
  }
  const cols = Object.fromEntries(Object.keys(subs[0]).map((k) => [k, subs.map((r) => r[k])]));
  const options = { from: t0, to: Date.UTC(2026, 11, 15), movements: false };
  const ours = () => tk.revenueMetrics(cols, options);
  // The same with numeric customer ids in a Float64Array (no strings to encode).
  const numericCols = { ...cols, customerId: Float64Array.from(subs, (s) => Number(s.customerId.slice(4))) };
  const oursNumeric = () => tk.revenueMetrics(numericCols, options);
  // A straightforward JS implementation of the same definitions: each
  // customer's MRR just before every month's end, then the movements.
  const ends = [];
  for (let m = 0; m <= 36; m++) ends.push(Date.UTC(2024, m, 1));
  const js = () => {
    const byCustomer = new Map();
    for (const s of subs) {
      let l = byCustomer.get(s.customerId);
      if (!l) byCustomer.set(s.customerId, (l = []));
      l.push(s);
    }
    const out = [];
    for (let p = 0; p < 36; p++) {
      const [a, b] = [ends[p], ends[p + 1]];
      const o = { startingMrr: 0, new: 0, expansion: 0, contraction: 0, churned: 0, reactivation: 0, endingMrr: 0 };
      for (const l of byCustomer.values()) {
        let m0 = 0, m1 = 0, a0 = false, a1 = false, first = Infinity;
        for (const s of l) {
          const stop = s.end ?? Infinity;
          const mrr = s.amount / months[s.interval];
          if (stop > s.start && s.start < first) first = s.start;
          if (s.start < a && stop >= a) (m0 += mrr), (a0 = true);
          if (s.start < b && stop >= b) (m1 += mrr), (a1 = true);
        }
        o.startingMrr += m0;
        o.endingMrr += m1;
        if (!a0 && a1) first < a ? (o.reactivation += m1) : (o.new += m1);
        else if (a0 && !a1) o.churned += m0;
        else if (a0 && a1) m1 > m0 ? (o.expansion += m1 - m0) : (o.contraction += m0 - m1);
      }
      out.push(o);
    }
    return out;
  };
  const r = ours();
  const j = js();
  const rn = oursNumeric();
  if (JSON.stringify(rn.periods) !== JSON.stringify(r.periods)) throw new Error("revenueMetrics: numeric ids disagree with string ids");
  if (r.periods.length !== 36) throw new Error(`revenueMetrics: ${r.periods.length} periods`);
  r.periods.forEach((p, k) => {
    for (const f of ["startingMrr", "new", "expansion", "contraction", "churned", "reactivation", "endingMrr"]) {
      if (Math.abs(p[f] - j[k][f]) > 1e-6 * Math.max(1, j[k][f])) throw new Error(`revenueMetrics disagrees with JS: ${p.period} ${f} ${p[f]} vs ${j[k][f]}`);
    }
  });
  const samples = quick ? 3 : 5;
  const [tOurs, tNumeric, tJs] = measureAll([ours, oursNumeric, js], { samples });
  table(
    `revenueMetrics: ${customers.toExponential(0)} customers, ${subs.length.toExponential(0)} subscriptions, 36 months (median ms per call; movements checked equal before timing)`,
    ["job", "cx-metrics ms", "JavaScript ms", "JS / wasm"],
    [
      ["MRR movements, customers, churn rates, NRR/GRR, LTV (columns, string ids)", fmt(tOurs), fmt(tJs) + " (straightforward JS, movements only)", (tJs / tOurs).toFixed(1) + "×"],
      ["the same, numeric ids in a Float64Array", fmt(tNumeric), fmt(tJs) + " (the same JS)", (tJs / tNumeric).toFixed(1) + "×"],
    ],
  );
}

// ---------------------------------------------------------------- bgNbdFit

{
  // Customers simulated from the BG/NBD process (r = 0.8, α = 6, a = 0.6,
  // b = 3) over 52 weeks: purchases at rate λ ~ Gamma(r, 1/α), each followed
  // by dropout with probability p ~ Beta(a, b).
  const n = quick ? 2e4 : 1e5;
  const rand = lcg(52);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const gamma = (k) => {
    // Marsaglia–Tsang (with the k < 1 boost).
    if (k < 1) return gamma(k + 1) * Math.pow(rand(), 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = normal();
      const v = Math.pow(1 + c * z, 3);
      if (v > 0 && Math.log(rand()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n).fill(52);
  for (let i = 0; i < n; i++) {
    const lambda = gamma(0.8) / 6;
    const x = gamma(0.6);
    const p = x / (x + gamma(3));
    let t = 0;
    let purchases = 0;
    let last = 0;
    for (;;) {
      t += -Math.log(1 - rand()) / lambda;
      if (t > 52) break;
      purchases++;
      last = t;
      if (rand() < p) break;
    }
    frequency[i] = purchases;
    recency[i] = last;
  }
  // Mean spends of the repeat buyers: Gamma-Gamma with p = 6, q = 4, γ = 15
  // (a customer's mean spend ν ~ Gamma(q, 1/γ); each spend ~ Gamma(p, ν)).
  const monetaryValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = frequency[i];
    if (x === 0) continue;
    const nu = gamma(4) / 15;
    let sum = 0;
    for (let k = 0; k < x; k++) sum += gamma(6) / nu;
    monetaryValue[i] = sum / x;
  }
  let fit;
  let gg;
  let value;
  const t = measure(() => (fit = tk.bgNbdFit({ frequency, recency, T }, { horizon: 52 })), { samples: 3, minMs: 1 });
  const tg = measure(() => (gg = tk.gammaGammaFit({ frequency, monetaryValue })), { samples: 3, minMs: 1 });
  const tc = measure(() => (value = tk.clv({ frequency, recency, T, monetaryValue }, { bgNbd: fit, gammaGamma: gg, months: 12, unitsPerMonth: 4.345 })), { samples: 3, minMs: 1 });
  const three = (v) => v.map((x) => x.toFixed(3)).join(", ");
  table(
    `bgNbdFit, gammaGammaFit, clv: ${n.toExponential(0)} simulated customers (median ms per call)`,
    ["job", "cx-metrics ms", "result", "converged"],
    [
      ["BG/NBD fit, with P(alive) and 52-week expected purchases", fmt(t), `${three([fit.r, fit.alpha, fit.a, fit.b])} (true 0.8, 6, 0.6, 3)`, String(fit.converged)],
      [`Gamma-Gamma fit (${gg.customers} repeat buyers)`, fmt(tg), `${three([gg.p, gg.q, gg.gamma])} (true 6, 4, 15)`, String(gg.converged)],
      ["12-month CLV of every customer", fmt(tc), `total ${value.total.toFixed(0)}`, ""],
    ],
  );
}

// ---------------------------------------------------------------- funnel

{
  // An event log: every actor's journey of 10 events over a few weeks (the
  // five funnel steps in order with drop-offs, restarts at step 1, and
  // events of no step), the whole log sorted by time as an export would be.
  const DAY = 86_400_000;
  const n = quick ? 2e5 : 1e6;
  const actors = n / 10;
  const STEPS = ["visit", "signup", "activate", "subscribe", "renew"];
  const NOISE = ["page_view", "search", "click"];
  const rand = lcg(2028);
  const t0 = Date.UTC(2025, 0, 1);
  const log = [];
  for (let a = 0; a < actors; a++) {
    let t = t0 + Math.floor(rand() * 90 * DAY);
    let next = 0;
    for (let j = 0; j < 10; j++) {
      t += Math.floor(-Math.log(1 - rand()) * 1.5 * DAY);
      const u = rand();
      let event;
      if (u < 0.3 && next < STEPS.length) event = STEPS[next++];
      else if (u < 0.4) (event = STEPS[0]), (next = 1);
      else event = NOISE[Math.floor(rand() * NOISE.length)];
      log.push({ a, t, event });
    }
  }
  log.sort((x, y) => x.t - y.t);
  const cols = { actor: log.map((e) => `user_${e.a}`), timestamp: Float64Array.from(log, (e) => e.t), event: log.map((e) => e.event) };
  const numericCols = { ...cols, actor: Float64Array.from(log, (e) => e.a) };
  const options = { steps: STEPS, order: "ordered", window: { days: 14 } };
  const ours = () => tk.funnel(cols, options);
  const oursNumeric = () => tk.funnel(numericCols, options);

  // The best straightforward JS for the same definitions: the same checks
  // on every event, actors numbered through a Map, each actor's events put
  // together (a counting sort keeps input order) and sorted by time
  // (insertion sort: stable, and a short, nearly sorted run is its best
  // case), then every attempt walked from each step-1 event; the same
  // counts, rates, Wilson intervals and type-7 quantiles.
  const Z95 = 1.959963984540054;
  const wilson = (x, m) => {
    const p = x / m;
    const z2 = Z95 * Z95;
    const d = 1 + z2 / m;
    const c = (p + z2 / (2 * m)) / d;
    const h = (Z95 / d) * Math.sqrt((p * (1 - p)) / m + z2 / (4 * m * m));
    return { low: Math.max(0, 100 * (c - h)), high: Math.min(100, 100 * (c + h)), level: 0.95, method: "wilson" };
  };
  const js = ({ actor, timestamp, event }, steps, windowMs) => {
    const len = actor.length;
    const S = steps.length;
    const stepOf = new Map(steps.map((s, k) => [s, k]));
    const ids = new Map();
    const unit = new Int32Array(len);
    const step = new Int8Array(len);
    for (let i = 0; i < len; i++) {
      const a = actor[i];
      if (a === null || a === undefined || (typeof a === "string" && a.trim() === "") || (typeof a === "number" && Number.isNaN(a))) throw new Error(`actor missing at ${i}`);
      const t = timestamp[i];
      if (typeof t !== "number" || !Number.isFinite(t)) throw new Error(`timestamp at ${i}`);
      const e = event[i];
      if (typeof e !== "string" || e.trim() === "") throw new Error(`event at ${i}`);
      let id = ids.get(a);
      if (id === undefined) ids.set(a, (id = ids.size));
      unit[i] = id;
      const k = stepOf.get(e);
      step[i] = k === undefined ? -1 : k;
    }
    const units = ids.size;
    const start = new Int32Array(units + 1);
    for (let i = 0; i < len; i++) start[unit[i] + 1]++;
    for (let u = 0; u < units; u++) start[u + 1] += start[u];
    const fill = start.slice(0, units);
    const order = new Int32Array(len);
    for (let i = 0; i < len; i++) order[fill[unit[i]]++] = i;
    const levels = new Int32Array(S + 1);
    const gaps = Array.from({ length: S }, () => []);
    const pos = new Int32Array(S);
    const best = new Int32Array(S);
    for (let u = 0; u < units; u++) {
      const lo = start[u];
      const hi = start[u + 1];
      for (let i = lo + 1; i < hi; i++) {
        const x = order[i];
        const tx = timestamp[x];
        let j = i - 1;
        while (j >= lo && timestamp[order[j]] > tx) (order[j + 1] = order[j]), j--;
        order[j + 1] = x;
      }
      let bestLevel = 0;
      for (let p = lo; p < hi && bestLevel < S; p++) {
        if (step[order[p]] !== 0) continue;
        const end = timestamp[order[p]] + windowMs;
        pos[0] = p;
        let level = 1;
        for (let q = p + 1; q < hi && level < S; q++) {
          const o = order[q];
          if (timestamp[o] > end) break;
          if (step[o] === level) pos[level++] = q;
        }
        if (level > bestLevel) {
          bestLevel = level;
          best.set(pos);
        }
      }
      levels[bestLevel]++;
      for (let k = 1; k < bestLevel; k++) gaps[k].push(timestamp[order[best[k]]] - timestamp[order[best[k - 1]]]);
    }
    const count = new Array(S);
    let reached = 0;
    for (let k = S; k >= 1; k--) count[k - 1] = reached += levels[k];
    const q7 = (s, q) => {
      const h = (s.length - 1) * q;
      const l = Math.floor(h);
      return s[l] + (h - l) * ((l + 1 < s.length ? s[l + 1] : s[l]) - s[l]);
    };
    const out = steps.map((name, k) => {
      const c = count[k];
      const s = k > 0 && c > 0 ? Float64Array.from(gaps[k]).sort() : null;
      return {
        step: k + 1,
        name,
        event: name,
        count: c,
        conversionFromStart: count[0] ? (100 * c) / count[0] : null,
        conversionFromPrevious: k === 0 ? (count[0] ? 100 : null) : count[k - 1] ? (100 * c) / count[k - 1] : null,
        dropOff: k === 0 ? 0 : count[k - 1] - c,
        confidenceInterval: count[0] ? wilson(c, count[0]) : null,
        medianTimeFromPreviousMs: s && q7(s, 0.5),
        p90TimeFromPreviousMs: s && q7(s, 0.9),
      };
    });
    return { units: count[0], steps: out, events: len };
  };

  // What most people write first: rows of event objects, a Map of arrays
  // per actor, Array.prototype.sort by timestamp, attempts from each step-1
  // event, then the statistics.
  const rows = log.map((e, i) => ({ actor: cols.actor[i], timestamp: e.t, event: e.event }));
  const oursRows = () => tk.funnel(rows, options);
  // Each actor's events (objects with timestamp and event) → the steps.
  const straightforwardSteps = (byActor, steps, windowMs) => {
    const counts = steps.map(() => 0);
    const gaps = steps.map(() => []);
    for (const list of byActor.values()) {
      list.sort((a, b) => a.timestamp - b.timestamp);
      let best = null;
      for (let i = 0; i < list.length; i++) {
        if (list[i].event !== steps[0]) continue;
        const times = [list[i].timestamp];
        for (let j = i + 1; j < list.length && times.length < steps.length; j++) {
          if (list[j].timestamp > list[i].timestamp + windowMs) break;
          if (list[j].event === steps[times.length]) times.push(list[j].timestamp);
        }
        if (!best || times.length > best.length) best = times;
      }
      if (!best) continue;
      best.forEach((t, k) => {
        counts[k]++;
        if (k > 0) gaps[k].push(t - best[k - 1]);
      });
    }
    const quantile = (sorted, q) => {
      const h = (sorted.length - 1) * q;
      const l = Math.floor(h);
      return sorted[l] + (h - l) * (sorted[Math.min(l + 1, sorted.length - 1)] - sorted[l]);
    };
    return steps.map((name, k) => {
      const sorted = gaps[k].slice().sort((a, b) => a - b);
      return {
        step: k + 1,
        count: counts[k],
        conversionFromStart: counts[0] ? (100 * counts[k]) / counts[0] : null,
        dropOff: k === 0 ? 0 : counts[k - 1] - counts[k],
        confidenceInterval: counts[0] ? wilson(counts[k], counts[0]) : null,
        medianTimeFromPreviousMs: k > 0 && sorted.length ? quantile(sorted, 0.5) : null,
        p90TimeFromPreviousMs: k > 0 && sorted.length ? quantile(sorted, 0.9) : null,
      };
    });
  };
  const straightforward = (events, steps, windowMs) => {
    const byActor = new Map();
    for (const e of events) {
      if (!e.actor || !Number.isFinite(e.timestamp) || !e.event) throw new Error("invalid event");
      let list = byActor.get(e.actor);
      if (!list) byActor.set(e.actor, (list = []));
      list.push(e);
    }
    return straightforwardSteps(byActor, steps, windowMs);
  };
  // The same on columns: an object per event, as the rows have.
  const straightforwardColumns = ({ actor, timestamp, event }, steps, windowMs) => {
    const byActor = new Map();
    for (let i = 0; i < actor.length; i++) {
      const a = actor[i];
      const e = { timestamp: timestamp[i], event: event[i] };
      if (Number.isNaN(a) || !Number.isFinite(e.timestamp) || !e.event) throw new Error("invalid event");
      let list = byActor.get(a);
      if (!list) byActor.set(a, (list = []));
      list.push(e);
    }
    return straightforwardSteps(byActor, steps, windowMs);
  };

  const r = ours();
  const j = js(cols, STEPS, 14 * DAY);
  const plain = straightforward(rows, STEPS, 14 * DAY);
  if (JSON.stringify(straightforwardColumns(numericCols, STEPS, 14 * DAY)) !== JSON.stringify(plain)) throw new Error("funnel: the straightforward JS on columns disagrees");
  if (JSON.stringify(plain.map((s) => [s.count, s.medianTimeFromPreviousMs, s.p90TimeFromPreviousMs])) !== JSON.stringify(j.steps.map((s) => [s.count, s.medianTimeFromPreviousMs, s.p90TimeFromPreviousMs])))
    throw new Error("funnel: the straightforward JS disagrees");
  if (JSON.stringify(oursRows().steps) !== JSON.stringify(r.steps)) throw new Error("funnel: rows disagree with columns");
  const jn = js(numericCols, STEPS, 14 * DAY);
  if (JSON.stringify(oursNumeric().steps) !== JSON.stringify(r.steps)) throw new Error("funnel: numeric actors disagree with string actors");
  if (r.units !== j.units || r.events !== n || JSON.stringify(jn.steps) !== JSON.stringify(j.steps)) throw new Error("funnel: units or events disagree");
  r.steps.forEach((s, k) => {
    for (const f of ["count", "conversionFromStart", "conversionFromPrevious", "dropOff", "medianTimeFromPreviousMs", "p90TimeFromPreviousMs"]) {
      const [x, y] = [s[f], j.steps[k][f]];
      if (x !== y && Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(y))) throw new Error(`funnel disagrees with JS: step ${k + 1} ${f} ${x} vs ${y}`);
    }
    const [ci, cj] = [s.confidenceInterval, j.steps[k].confidenceInterval];
    if (Math.abs(ci.low - cj.low) > 1e-9 || Math.abs(ci.high - cj.high) > 1e-9) throw new Error(`funnel disagrees with JS: step ${k + 1} interval`);
  });
  const samples = quick ? 3 : 5;
  const [tOurs, tNumeric, tJs, tJsNumeric, tRows, tPlain, tPlainColumns] = measureAll(
    [
      ours,
      oursNumeric,
      () => js(cols, STEPS, 14 * DAY),
      () => js(numericCols, STEPS, 14 * DAY),
      oursRows,
      () => straightforward(rows, STEPS, 14 * DAY),
      () => straightforwardColumns(numericCols, STEPS, 14 * DAY),
    ],
    { samples },
  );
  table(
    `funnel: ${n.toExponential(0)} events, ${actors.toExponential(0)} actors, 5 steps, ordered, 14-day window (median ms per call; steps checked equal before timing; ${r.steps.map((s) => s.count).join(" → ")} actors)`,
    ["job", "cx-metrics ms", "JavaScript ms", "JS / wasm"],
    [
      ["counts, conversion, Wilson intervals, median and p90 step times (columns, string actor ids)", fmt(tOurs), fmt(tJs) + " (Map, counting sort, per-actor attempts)", (tJs / tOurs).toFixed(1) + "×"],
      ["the same, numeric actor ids in a Float64Array", fmt(tNumeric), fmt(tJsNumeric) + " (the same JS)", (tJsNumeric / tNumeric).toFixed(1) + "×"],
      ["rows of event objects against the straightforward JS", fmt(tRows), fmt(tPlain) + " (Map of arrays, Array sort, attempts)", (tPlain / tRows).toFixed(1) + "×"],
      ["columns against the straightforward JS on rows", fmt(tOurs), fmt(tPlain) + " (the same)", (tPlain / tOurs).toFixed(1) + "×"],
      ["numeric-id columns against the straightforward JS on rows", fmt(tNumeric), fmt(tPlain) + " (the same)", (tPlain / tNumeric).toFixed(1) + "×"],
      ["numeric-id columns against the straightforward JS on the same columns", fmt(tNumeric), fmt(tPlainColumns) + " (the same, an object per event)", (tPlainColumns / tNumeric).toFixed(1) + "×"],
    ],
  );
}

// ---------------------------------------------------------------- size and start-up

// Compile and instantiate in a fresh process each time, so no code cache helps.
const startupScript = (wasm, meta) => `import { readFileSync } from "node:fs";
  import { runtime } from ${JSON.stringify(join(root, "pkg", "runtime.js"))};
  import meta, { builders } from ${JSON.stringify(join(root, "pkg", "wasm", meta))};
  const bytes = readFileSync(${JSON.stringify(join(root, "pkg", "wasm", wasm))});
  const t0 = performance.now();
  const module = new WebAssembly.Module(bytes);
  const t1 = performance.now();
  runtime(module, meta, { builders });
  const t2 = performance.now();
  console.log(JSON.stringify({ compile: t1 - t0, instantiate: t2 - t1 }));`;
const startup = (wasm, meta) => {
  const runs = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    runs.push(JSON.parse(execFileSync("node", ["--input-type=module", "-e", startupScript(wasm, meta)], { encoding: "utf8" })));
  }
  return runs;
};
const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
// What an import loads: the entry, the runtime, the module's description and
// the .wasm, each gzipped as a server would send it.
const gz = (...parts) => gzipSync(readFileSync(join(root, "pkg", ...parts)), { level: 9 }).length;
// Each entry is one file: runtime, description and the inlined module.
const loads = (entry) => gz(entry);
const ticketsWasm = readFileSync(join(root, "pkg", "wasm", "cx_metrics_tickets_bg.wasm"));
console.log(
  `\nAn import of "cx-metrics" (survey API) loads ${(loads("index.js") / 1024).toFixed(1)} KB gzipped ` +
    `(one file: runtime, description and the inlined wasm); "cx-metrics/tickets" and "cx-metrics/group" (one module) load ${(loads("tickets.js") / 1024).toFixed(1)} KB gzipped, ` +
    `of which ${(gzipSync(ticketsWasm, { level: 9 }).length / 1024).toFixed(1)} KB is the .wasm (${ticketsWasm.length} bytes raw, IANA time-zone database included).`,
);
table(
  "Package size and start-up (fresh Node process each run; median)",
  ["module", "bytes", "gzip -9", "compile ms", "instantiate ms"],
  [
    ["cx_metrics_bg.wasm (survey API)", "cx_metrics"],
    ["cx_metrics_tickets_bg.wasm (tickets API)", "cx_metrics_tickets"],
  ].map(([label, name]) => {
    const bytes = readFileSync(join(root, "pkg", "wasm", `${name}_bg.wasm`));
    const runs = startup(`${name}_bg.wasm`, `${name}.meta.js`);
    return [label, bytes.length, gzipSync(bytes, { level: 9 }).length, fmt(med(runs.map((r) => r.compile))), fmt(med(runs.map((r) => r.instantiate)))];
  }),
);

// ---------------------------------------------------------------- demo page in Chromium

try {
  const { benchWww } = await import("./bench-www.mjs");
  const w = await benchWww(quick ? { loads: 3, keystrokes: 10 } : undefined);
  table("Demo page in Chromium (median)", ["measure", "ms"], [
    ["navigation → first NPS computed and drawn (module + wasm loading included)", w.firstResultMs],
    [`keystroke in a textarea of ${w.responses.toLocaleString("en-US")} scores → parsed, recomputed, drawn`, w.recompute100kMs],
    ["the same keystroke → next frame (includes Chromium editing the textarea)", w.keystrokeToFrame100kMs],
  ]);
} catch (e) {
  console.log(`\n(demo page benchmark skipped: ${e.message})`);
}

// ---------------------------------------------------------------- start-up in Chromium

try {
  const { benchStartup } = await import("./bench-startup.mjs");
  const rows = await benchStartup({ loads: quick ? 5 : 21 });
  table(
    "Start-up in Chromium: navigation → first NPS on screen (median of fresh loads, brotli-served, no bundler)",
    ["network", "plain-JS page ms", "cx-metrics page ms", "ratio", "demo page ms", "demo ÷ cx-metrics page"],
    rows.map((r) => [r.network, r.plainMs, r.cxMs, r.ratio.toFixed(2) + "×", r.demoMs, r.demoRatio.toFixed(2) + "×"]),
  );
} catch (e) {
  console.log(`\n(start-up benchmark skipped: ${e.message})`);
}
