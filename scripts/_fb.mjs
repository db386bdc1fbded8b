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
const tk = await import(join(root, "pkg", "tickets.js"));
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
