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
const cx = await import(join(root, "pkg", "node.js"));

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
  const wBytes = measure(() => cx.nps(bytes));
  const jBytes = measure(() => jsNpsBytes(bytes));
  rows.push([n.toExponential(0), "Uint8Array", fmt(wBytes), fmt(jBytes), (jBytes / wBytes).toFixed(1) + "×"]);
  const wNum = measure(() => cx.nps(numbers));
  const jNum = measure(() => jsNpsNumbers(numbers));
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

// ---------------------------------------------------------------- size and start-up

const wasmPath = join(root, "pkg", "wasm", "cx_metrics_bg.wasm");
const wasmBytes = readFileSync(wasmPath);
// Compile and instantiate in a fresh process each time, so no code cache helps.
const startupScript = `import { readFileSync } from "node:fs";
  import { initSync } from ${JSON.stringify(join(root, "pkg", "wasm", "cx_metrics.js"))};
  const bytes = readFileSync(${JSON.stringify(wasmPath)});
  const t0 = performance.now();
  const module = new WebAssembly.Module(bytes);
  const t1 = performance.now();
  initSync({ module });
  const t2 = performance.now();
  console.log(JSON.stringify({ compile: t1 - t0, instantiate: t2 - t1 }));`;
const runs = [];
for (let i = 0; i < (quick ? 3 : 7); i++) {
  runs.push(JSON.parse(execFileSync("node", ["--input-type=module", "-e", startupScript], { encoding: "utf8" })));
}
const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
table("Package size and start-up (fresh Node process each run; median)", ["module", "bytes", "gzip -9", "compile ms", "instantiate ms"], [
  [
    "cx_metrics_bg.wasm (survey API)",
    wasmBytes.length,
    gzipSync(wasmBytes, { level: 9 }).length,
    fmt(med(runs.map((r) => r.compile))),
    fmt(med(runs.map((r) => r.instantiate))),
  ],
]);
