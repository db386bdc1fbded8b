// Speed of the demo page in Chromium (not a test; asserts nothing):
//   firstResultMs    navigation start → first NPS computed and drawn
//                    (module and wasm loading included), median of fresh loads
//   recompute100kMs  one keystroke in a textarea holding 100 000 scores →
//                    text parsed, NPS recomputed and drawn (the element's
//                    lastComputeMs), median over many keystrokes
//   keystrokeToFrame100kMs  the same keystroke, from the key event to the
//                    next animation frame (includes the browser's own editing
//                    of the 100 000-line textarea)
//
//   node scripts/bench-www.mjs [--quick]
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

export async function benchWww({ loads = 9, keystrokes = 30 } = {}) {
  const server = await serve(join(root, "www"), { mounts: { "/pkg": join(root, "pkg") } });
  const browser = await launch();
  try {
    // Time to first result: a fresh context (empty cache) per load.
    const first = [];
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => performance.getEntriesByName("nps-calculator:first-result").length > 0, null, {
        timeout: 20000,
        polling: 5,
      });
      const ms = await page.evaluate(() => performance.getEntriesByName("nps-calculator:first-result")[0].startTime);
      first.push(ms);
      await context.close();
    }

    // Recompute after a keystroke with 100 000 scores in the textarea.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelector("#nps")?.result?.score != null, null, { timeout: 20000 });
    await page.evaluate(() => {
      const el = document.querySelector("#nps");
      const ta = el.shadowRoot.getElementById("text");
      el.scores = Array.from({ length: 100000 }, (_, i) => (i * 7919) % 11).join("\n");
      window.frames100k = [];
      ta.addEventListener("keydown", (e) => {
        const t0 = e.timeStamp;
        requestAnimationFrame(() => window.frames100k.push(performance.now() - t0));
      });
    });
    const box = page.locator("#nps").getByRole("textbox", { name: "Scores" });
    await box.focus();
    await page.keyboard.press("Control+End");
    const compute = [];
    for (let i = 0; i < keystrokes; i++) {
      await page.keyboard.press(i % 2 ? "Backspace" : "8");
      compute.push(await page.evaluate(() => document.querySelector("#nps").lastComputeMs));
    }
    await page.waitForTimeout(50);
    const frames = await page.evaluate(() => window.frames100k);
    const responses = await page.evaluate(() => document.querySelector("#nps").result.responses);
    await context.close();
    return {
      firstResultMs: Math.round(median(first)),
      recompute100kMs: +median(compute.slice(2)).toFixed(1),
      keystrokeToFrame100kMs: +median(frames.slice(2)).toFixed(1),
      responses,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const quick = process.argv.includes("--quick");
  const r = await benchWww(quick ? { loads: 3, keystrokes: 10 } : undefined);
  console.log(`first result after navigation:        ${r.firstResultMs} ms (median of fresh loads)`);
  console.log(`recompute NPS of ${r.responses.toLocaleString("en-US")} pasted scores: ${r.recompute100kMs} ms (parse + engine + draw, median per keystroke)`);
  console.log(`keystroke to next frame:              ${r.keystrokeToFrame100kMs} ms (includes the browser editing the textarea)`);
}
