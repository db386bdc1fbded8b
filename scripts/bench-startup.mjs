// Start-up in Chromium (not a test; asserts nothing): from navigation to the
// first NPS result on a page that imports cx-metrics with no bundler, against
// the same page computing it with a plain-JS module, on loopback and under
// 40 ms latency / 10 Mbit/s (DevTools network emulation). Each load is a
// fresh context with the HTTP cache disabled; files are served compressed
// (brotli), as static hosts serve them. Also the demo page's first result
// on screen (after the frame that shows it) under the same conditions.
//
//   node scripts/bench-startup.mjs [--quick]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch } from "../tests/support/browser.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// The same work on both pages: an NPS of ten answers, written into the page.
const PAGE = (module) => `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,">
<title>start-up</title><p>NPS: <output id="out"></output></p>
<script type="module">
import { nps } from "${module}";
const r = nps([10, 9, 8, 6, 10, 7, 9, 10, 3, 9]);
document.getElementById("out").textContent = r.score.toFixed(1);
performance.mark("first-nps");
</script>`;

// A plain-JS NPS with the same checks (a score outside 0–10 is an error).
const PLAIN = `export function nps(scores) {
  let p = 0, d = 0, n = 0;
  for (const s of scores) {
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > 10) throw new RangeError("not a 0–10 score: " + s);
    n++;
    if (s >= 9) p++;
    else if (s <= 6) d++;
  }
  return { score: n ? (100 * (p - d)) / n : null, total: n, promoters: p, detractors: d };
}
`;

const NETWORKS = {
  loopback: null,
  "40 ms, 10 Mbit/s": { offline: false, latency: 40, downloadThroughput: (10e6 / 8), uploadThroughput: (10e6 / 8) },
};

async function load(browser, url, network, mark) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (network) await cdp.send("Network.emulateNetworkConditions", network);
  // The mark, then the frame after it: the result is on screen. The frame
  // is asked for when the page makes the mark (not when a poll finds it,
  // which on a busy page is a frame or two later).
  await page.addInitScript((name) => {
    const mark = performance.mark.bind(performance);
    performance.mark = (...args) => {
      const entry = mark(...args);
      if (args[0] === name) requestAnimationFrame(() => setTimeout(() => (window.__onScreen = performance.now()), 0));
      return entry;
    };
  }, mark);
  await page.goto(url, { waitUntil: "commit" });
  // Read by a plain poll (Playwright's waitForFunction would first load its
  // own script into the page, on the main thread the page is using).
  const ms = await page.evaluate(
    () =>
      new Promise((ok) => {
        const check = () => (window.__onScreen === undefined ? setTimeout(check, 5) : ok(window.__onScreen));
        check();
      }),
  );
  await context.close();
  return ms;
}

export async function benchStartup({ loads = 21 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "cx-metrics-startup-"));
  writeFileSync(join(dir, "cx.html"), PAGE(process.env.CX_ENTRY || "/pkg/index.js"));
  writeFileSync(join(dir, "plain.html"), PAGE("./plain.js"));
  writeFileSync(join(dir, "plain.js"), PLAIN);
  const pages = await serve(dir, { mounts: { "/pkg": join(root, "pkg") } });
  const demo = await serve(join(root, "www"), { mounts: { "/pkg": join(root, "pkg") } });
  const browser = await launch();
  const rows = [];
  try {
    for (const [name, network] of Object.entries(NETWORKS)) {
      const times = { plain: [], cx: [], demo: [] };
      // Interleaved, so that drift in the machine's speed hits all three alike.
      for (let i = 0; i < loads; i++) {
        times.plain.push(await load(browser, pages.url + "plain.html", network, "first-nps"));
        times.cx.push(await load(browser, pages.url + "cx.html", network, "first-nps"));
        times.demo.push(await load(browser, demo.url, network, "nps-calculator:first-result"));
      }
      const [plain, cx, dm] = [median(times.plain), median(times.cx), median(times.demo)];
      rows.push({ network: name, plainMs: Math.round(plain), cxMs: Math.round(cx), ratio: cx / plain, demoMs: Math.round(dm), demoRatio: dm / cx });
    }
  } finally {
    await browser.close();
    await pages.close();
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const rows = await benchStartup({ loads: process.argv.includes("--quick") ? 5 : 21 });
  for (const r of rows) {
    console.log(
      `${r.network}: plain JS ${r.plainMs} ms, cx-metrics ${r.cxMs} ms (${r.ratio.toFixed(2)}×); demo page first result on screen ${r.demoMs} ms (${r.demoRatio.toFixed(2)}× the cx-metrics page)`,
    );
  }
}
