// The calculator people embed, from the packed tarball, in Chromium: result
// first on a phone, the interval on the gauge, a benchmark marker, the
// formula, dark mode (and axe: no violations, light and dark), sharing (text,
// image, permalink) and the first change event reaching a listener added
// right after insertion.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, rmSync, readFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../scripts/serve.mjs";
import { launch, watchedPage } from "../support/browser.mjs";
import { packIntoTemp, installProject } from "../support/tarball.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const shots = join(root, "tests", "artifacts", "screenshots");
let dir;
let server;
let browser;

const page = (body, head = "") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>features</title>${head}
<script type="module" src="./node_modules/cx-metrics/calculator.js"></script></head>
<body style="margin:0">${body}</body></html>`;

before(async () => {
  mkdirSync(shots, { recursive: true });
  let tarball;
  ({ dir, tarball } = packIntoTemp("cx-metrics-features-"));
  installProject(dir, tarball, { name: "site" });
  writeFileSync(join(dir, "bare.html"), page("<nps-calculator></nps-calculator>"));
  writeFileSync(join(dir, "counts.html"), page('<nps-calculator counts="50,40,10"></nps-calculator>'));
  writeFileSync(join(dir, "bench.html"), page('<nps-calculator counts="50,40,10" benchmark="42" benchmark-label="Industry"></nps-calculator>'));
  writeFileSync(join(dir, "dark.html"), page('<nps-calculator counts="50,40,10" theme="dark"></nps-calculator><csat-calculator counts="1,2,3,20,30" theme="dark"></csat-calculator><ces-calculator counts="1,1,2,3,8,9,6" theme="dark"></ces-calculator>'));
  writeFileSync(join(dir, "light.html"), page('<nps-calculator counts="50,40,10"></nps-calculator><csat-calculator counts="1,2,3,20,30"></csat-calculator><ces-calculator counts="1,1,2,3,8,9,6"></ces-calculator>'));
  writeFileSync(join(dir, "es.html"), page('<nps-calculator counts="50,40,10" lang="es"></nps-calculator><nps-calculator counts="50,40,10" lang="it"></nps-calculator>'));
  // Every element in every language, with both input tabs shown.
  const langs = ["en", "pt", "es", "it", "ro"].flatMap((l) => ["nps", "csat", "ces"].map((m) => `<${m}-calculator lang="${l}" mode="paste"></${m}-calculator>`));
  writeFileSync(join(dir, "langs.html"), page(langs.join("")));
  writeFileSync(join(dir, "axe.min.js"), readFileSync(join(root, "node_modules", "axe-core", "axe.min.js")));
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir && !process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
});

async function open(path, { viewport, colorScheme, permissions } = {}) {
  const w = await watchedPage(browser, server.url, viewport);
  if (colorScheme) await w.page.emulateMedia({ colorScheme });
  if (permissions) await w.context.grantPermissions(permissions, { origin: server.url });
  await w.page.goto(server.url + path);
  await w.page.waitForFunction(() => [...document.querySelectorAll("nps-calculator")].every((e) => e.shadowRoot?.getElementById("value")));
  return w;
}

const shadow = (p, selector, sel, prop = "textContent") =>
  p.evaluate(([a, b, c]) => document.querySelector(a).shadowRoot.querySelector(b)?.[c], [selector, sel, prop]);

test("on a 390×844 phone the score of a bare embed is on screen without scrolling", async () => {
  const { page: p, context, problems } = await open("counts.html", { viewport: { width: 390, height: 844 } });
  const box = await p.evaluate(() => {
    const r = document.querySelector("nps-calculator").shadowRoot.getElementById("value").getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, width: document.documentElement.scrollWidth };
  });
  assert.equal(await shadow(p, "nps-calculator", "#value"), "40");
  assert.ok(box.top >= 0 && box.bottom <= 844, `the score is at ${box.top}–${box.bottom}`);
  assert.ok(box.width <= 390, "no horizontal scroll");
  await p.screenshot({ path: join(shots, "phone-result-first.png") });
  // A bare element starts with counts to type.
  const bare = await open("bare.html", { viewport: { width: 390, height: 844 } });
  assert.equal(await bare.page.evaluate(() => document.querySelector("nps-calculator").mode), "counts");
  await bare.context.close();
  await context.close();
  assert.deepEqual(problems, []);
});

test("the gauge shades the confidence interval and marks a benchmark", async () => {
  const { page: p, context, problems } = await open("bench.html");
  const g = await p.evaluate(() => {
    const root = document.querySelector("nps-calculator").shadowRoot;
    const bench = root.querySelector(".gauge .bench");
    return {
      ci: root.querySelector(".gauge .ci").getAttribute("d"),
      bench: !bench.hasAttribute("hidden"),
      label: bench.querySelector("text").textContent,
      alt: root.querySelector(".gauge svg").getAttribute("aria-label"),
      interval: root.getElementById("interval").textContent,
    };
  });
  // 50/40/10 answers: adjusted-Wald 95% interval [25.93, 51.74] on a −100..100 arc of radius 88 around (110, 110).
  const point = (v) => {
    const a = Math.PI * (1 - (v + 100) / 200);
    return [110 + 88 * Math.cos(a), 110 - 88 * Math.sin(a)];
  };
  const [x0, y0] = point(25.934);
  const [x1, y1] = point(51.736);
  const m = g.ci.match(/^M([\d.]+) ([\d.]+)A88 88 0 0 1 ([\d.]+) ([\d.]+)$/);
  assert.ok(m, g.ci);
  assert.ok(Math.abs(m[1] - x0) < 0.05 && Math.abs(m[2] - y0) < 0.05, `starts at the lower bound: ${g.ci}`);
  assert.ok(Math.abs(m[3] - x1) < 0.05 && Math.abs(m[4] - y1) < 0.05, `ends at the upper bound: ${g.ci}`);
  assert.equal(g.bench, true);
  assert.equal(g.label, "Industry");
  assert.match(g.alt, /Industry: 42\./);
  await p.locator("nps-calculator").getByText("How it is computed").click();
  assert.match(await shadow(p, "nps-calculator", "#formula-text"), /adjusted Wald interval \(Rocks, 2016\)/);
  await p.screenshot({ path: join(shots, "gauge-interval-benchmark.png") });
  await context.close();
  assert.deepEqual(problems, []);
});

test("dark mode: by the system's preference, or theme=dark; theme=light overrides", async () => {
  const bg = (p, sel = "nps-calculator") => p.evaluate((s) => getComputedStyle(document.querySelector(s).shadowRoot.querySelector(".card")).backgroundColor, sel);
  const light = await open("counts.html");
  assert.equal(await bg(light.page), "rgb(255, 255, 255)");
  await light.context.close();
  const system = await open("counts.html", { colorScheme: "dark" });
  assert.equal(await bg(system.page), "rgb(17, 24, 39)");
  await system.page.evaluate(() => document.querySelector("nps-calculator").setAttribute("theme", "light"));
  assert.equal(await bg(system.page), "rgb(255, 255, 255)");
  await system.context.close();
  const forced = await open("dark.html");
  assert.equal(await bg(forced.page), "rgb(17, 24, 39)");
  await forced.page.screenshot({ path: join(shots, "dark.png"), fullPage: true });
  await forced.context.close();
});

for (const [name, path, colorScheme] of [
  ["light", "light.html", "light"],
  ["dark", "dark.html", "dark"],
]) {
  test(`axe finds no violations, colour contrast included (${name})`, async () => {
    const { page: p, context } = await open(path, { colorScheme });
    await p.addScriptTag({ url: server.url + "axe.min.js" });
    // Open every disclosure so that hidden text is checked too.
    await p.evaluate(() => {
      for (const e of document.querySelectorAll("nps-calculator, csat-calculator, ces-calculator")) e.shadowRoot.getElementById("formula").open = true;
    });
    const violations = await p.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
    });
    await context.close();
    assert.deepEqual(violations, []);
  });
}

test("share: copy the result as text, a permalink that reopens the counts, and the chart as an image", async () => {
  const { page: p, context, problems } = await open("counts.html", { permissions: ["clipboard-read", "clipboard-write"] });
  const el = p.locator("nps-calculator");
  await el.getByRole("button", { name: "Copy result" }).click();
  await p.waitForFunction(() => document.querySelector("nps-calculator").shadowRoot.getElementById("share-status").textContent);
  const text = await p.evaluate(() => navigator.clipboard.readText());
  assert.match(text, /^Net Promoter Score\nNPS 40 \(Reasonable\) from 100 responses/);
  assert.match(text, /With 95% confidence the true NPS is between 26 and 52\./);
  await el.getByRole("button", { name: "Copy link" }).click();
  await p.waitForFunction(() => /Link copied/.test(document.querySelector("nps-calculator").shadowRoot.getElementById("share-status").textContent));
  const link = await p.evaluate(() => navigator.clipboard.readText());
  // Counts typed as three groups come back as the groups.
  assert.equal(link, server.url + "counts.html#nps-calculator=g:50,40,10");
  // The link opens a bare calculator with the same counts.
  const again = await open("bare.html" + link.slice(link.indexOf("#")));
  assert.equal(await shadow(again.page, "nps-calculator", "#value"), "40");
  assert.equal(await again.page.evaluate(() => document.querySelector("nps-calculator").mode), "counts");
  await again.context.close();
  const [download] = await Promise.all([p.waitForEvent("download"), el.getByRole("button", { name: "Download image" }).click()]);
  assert.equal(download.suggestedFilename(), "nps.png");
  const png = readFileSync(await download.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
  assert.ok(png.length > 5000, "with the chart drawn");
  writeFileSync(join(shots, "shared.png"), png);
  await context.close();
  assert.deepEqual(problems, []);
});

test("the first change event reaches a listener added right after insertion", async () => {
  const { page: p, context } = await open("bare.html");
  const got = await p.evaluate(async () => {
    const el = document.createElement("nps-calculator");
    el.setAttribute("counts", "50,40,10");
    document.body.append(el);
    const events = [];
    el.addEventListener("change", (e) => events.push(e.detail.score));
    await new Promise((r) => setTimeout(r, 0));
    return events;
  });
  await context.close();
  assert.deepEqual(got, [40]);
});

test("Spanish and Italian labels", async () => {
  const { page: p, context, problems } = await open("es.html");
  const labels = await p.evaluate(() =>
    [...document.querySelectorAll("nps-calculator")].map((e) => [e.shadowRoot.getElementById("tab-counts").textContent, e.shadowRoot.getElementById("chip").textContent]),
  );
  assert.deepEqual(labels, [["Escribir recuentos", "Razonable"], ["Scrivi i conteggi", "Discreto"]]);
  await context.close();
  assert.deepEqual(problems, []);
});

test("the first result makes no Intl.NumberFormat (a page's first costs 15–25 ms), and its numbers read as Intl writes them", async () => {
  const w = await watchedPage(browser, server.url);
  await w.page.addInitScript(() => {
    const Real = Intl.NumberFormat;
    window.__made = 0;
    Intl.NumberFormat = function (...args) {
      window.__made++;
      return new Real(...args);
    };
  });
  await w.page.goto(server.url + "es.html");
  await w.page.waitForFunction(() => [...document.querySelectorAll("nps-calculator")].every((e) => e.shadowRoot?.getElementById("value")?.textContent));
  const made = await w.page.evaluate(() => window.__made);
  const shown = await w.page.evaluate(() => [...document.querySelectorAll("nps-calculator")].map((e) => e.shadowRoot.getElementById("summary").textContent));
  await w.context.close();
  assert.equal(made, 0);
  // 50 promoters, 40 passives, 10 detractors: 50 %, 40 %, 10 % in each language's own writing.
  const pct = (locale, x) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(x);
  assert.ok(shown[0].includes(pct("es-ES", 0.5)), shown[0]);
  assert.ok(shown[1].includes(pct("it-IT", 0.5)), shown[1]);
  assert.deepEqual(w.problems, []);
});

test("in every language the input tabs fit a 320 px phone: a long label wraps in its tab, the page never scrolls sideways", async () => {
  for (const width of [320, 375]) {
    const { page: p, context, problems } = await open("langs.html", { viewport: { width, height: 800 } });
    await p.waitForFunction(() => [...document.querySelectorAll("csat-calculator, ces-calculator")].every((e) => e.shadowRoot?.querySelector('[role="tablist"]')));
    const misfits = await p.evaluate(() =>
      [...document.querySelectorAll("nps-calculator, csat-calculator, ces-calculator")].flatMap((el) => {
        const strip = el.shadowRoot.querySelector('[role="tablist"]');
        const host = el.getBoundingClientRect();
        return [strip, ...strip.querySelectorAll('[role="tab"]')]
          .filter((t) => t.getBoundingClientRect().right > host.right + 0.5 || t.scrollWidth > t.clientWidth)
          .map((t) => `${el.localName} ${el.lang}: ${t.id || "tablist"} ends at ${Math.round(t.getBoundingClientRect().right)} px, the element at ${Math.round(host.right)}`);
      }),
    );
    assert.deepEqual(misfits, [], `${width} px`);
    assert.equal(await p.evaluate(() => document.documentElement.scrollWidth), width, `${width} px: no horizontal scroll`);
    if (width === 320) await p.screenshot({ path: join(shots, "phone-320-every-language.png"), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  }
});
