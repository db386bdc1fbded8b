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

/** Median wall time (ms) of one call of `fn`, repeating it enough to time reliably. */
function measure(fn, { minMs = quick ? 20 : 60, samples = quick ? 5 : 11 } = {}) {
  fn(); // warm up (JIT, wasm memory growth)
  let reps = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    const dt = performance.now() - t;
    if (dt >= minMs / 4 || reps > 1e6) break;
    reps *= 2;
  }
  const times = [];
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    times.push((performance.now() - t) / reps);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
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

const tk = await import(join(root, "pkg", "tickets.js"));
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
  const tOurs = measure(ours, { samples });
  const tCoded = measure(oursCoded, { samples });
  const tSplit = measure(split, { samples });
  const tD3 = measure(d3, { samples });
  const tIdeal = measure(ideal, { samples });
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

