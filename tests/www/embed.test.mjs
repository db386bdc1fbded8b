// <nps-calculator> from the packed tarball, installed into a fresh project,
// on pages that contain nothing but the element: change events with the
// result, attributes (mode, lang, confidence), Romanian from the closest
// lang attribute, theming, and its TypeScript
// declarations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync, rmSync, readdirSync, mkdirSync } from "node:fs";
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

const page = (body, style = "") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>embed</title>${style}
<script type="module" src="./node_modules/cx-metrics/calculator.js"></script></head>
<body>${body}</body></html>`;

before(async () => {
  mkdirSync(shots, { recursive: true });
  let tarball;
  ({ dir, tarball } = packIntoTemp("cx-metrics-embed-"));
  installProject(dir, tarball, { name: "marketing-site" });
  writeFileSync(join(dir, "index.html"), page("<nps-calculator></nps-calculator>"));
  writeFileSync(
    join(dir, "pt.html"),
    page(
      '<nps-calculator mode="counts" lang="pt" confidence="0.9"></nps-calculator>',
      "<style>nps-calculator { --nps-promoter-color: rgb(0, 120, 240); --nps-radius: 3px; --nps-font: Georgia, serif; }</style>",
    ),
  );
  // No lang on the element: it speaks the language of its closest ancestor with one.
  writeFileSync(join(dir, "ro.html"), page('<main lang="ro-RO"><nps-calculator mode="counts"></nps-calculator></main>'));
  // A strict Content-Security-Policy: no inline script or style anywhere.
  writeFileSync(
    join(dir, "csp.html"),
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'">
<link rel="icon" href="./favicon.svg"><title>csp</title>
<script type="module" src="./csp.js"></script>
<script type="module" src="./node_modules/cx-metrics/calculator.js"></script></head>
<body><nps-calculator example></nps-calculator><csat-calculator example></csat-calculator><ces-calculator mode="counts"></ces-calculator></body></html>`,
  );
  writeFileSync(join(dir, "favicon.svg"), `<svg xmlns="http://www.w3.org/2000/svg"/>`);
  writeFileSync(join(dir, "csp.js"), `window.violations = []; document.addEventListener("securitypolicyviolation", (e) => window.violations.push(e.violatedDirective + " " + e.blockedURI));`);
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir && !process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
});

/** Opens a page, recording every change event that reaches the document. */
async function openEmbed(path, viewport = { width: 900, height: 900 }) {
  const w = await watchedPage(browser, server.url, viewport);
  await w.page.addInitScript(() => {
    window.changes = [];
    document.addEventListener("change", (e) => {
      if (e.target.localName === "nps-calculator") {
        window.changes.push({ detail: e.detail, bubbles: e.bubbles, composed: e.composed, custom: e instanceof CustomEvent });
      }
    });
  });
  await w.page.goto(server.url + path);
  await w.page.waitForFunction(() => customElements.get("nps-calculator") && document.querySelector("nps-calculator").shadowRoot);
  return w;
}

test("the elements render fully under a strict Content-Security-Policy", async () => {
  const { page: p, context, problems } = await watchedPage(browser, server.url, { width: 900, height: 1400 });
  await p.goto(server.url + "csp.html");
  await p.waitForFunction(() => document.querySelector("nps-calculator")?.shadowRoot?.getElementById("value")?.textContent !== "—", null, { timeout: 15000 });
  const state = await p.evaluate(() => {
    const el = document.querySelector("nps-calculator");
    const card = el.shadowRoot.querySelector(".card");
    const style = getComputedStyle(card);
    return {
      violations: window.violations,
      styled: style.borderTopLeftRadius !== "0px" && style.borderTopStyle === "solid",
      sheets: el.shadowRoot.adoptedStyleSheets.length,
      inlineStyles: [...document.querySelectorAll("nps-calculator, csat-calculator, ces-calculator")].reduce((n, e) => n + e.shadowRoot.querySelectorAll("style, [style]").length, 0),
      score: el.shadowRoot.getElementById("value").textContent,
      csat: document.querySelector("csat-calculator").shadowRoot.getElementById("value").textContent,
    };
  });
  await p.screenshot({ path: join(shots, "embed-csp.png"), fullPage: true });
  await context.close();
  assert.deepEqual(state.violations, [], "no securitypolicyviolation events");
  assert.equal(state.sheets, 1, "styles come from a constructable stylesheet");
  assert.ok(state.styled, "the styles apply");
  assert.notEqual(state.score, "—");
  assert.notEqual(state.csat, "—");
  assert.deepEqual(problems, []);
});

test("the tarball ships the element and its types", () => {
  const files = readdirSync(join(dir, "node_modules", "cx-metrics"), { recursive: true });
  for (const f of ["calculator.js", "calculator.d.ts", "index.js", "wasm/cx_metrics_bg.wasm"]) assert.ok(files.includes(f), f);
});

test("a page with only <nps-calculator>: typing scores emits change events with the NPS result", async () => {
  const { page: p, context, problems } = await openEmbed("index.html");
  const el = p.locator("nps-calculator");
  // A bare element starts with counts to type (the first thing a visitor
  // of a marketing page does); the shadow DOM is reached with ordinary locators.
  assert.equal(await el.getByRole("tab", { name: "Type counts" }).getAttribute("aria-selected"), "true");
  assert.deepEqual(await p.evaluate(() => window.changes), [], "no event before there is data");
  await el.getByRole("tab", { name: "Paste scores" }).click();

  // 50 promoters, 40 passives, 10 detractors → NPS 40; 95% adjusted Wald [25.93, 51.74].
  const scores = [...Array(50).fill(9), ...Array(40).fill(7), ...Array(10).fill(2)];
  await el.getByRole("textbox", { name: "Scores" }).fill(scores.join("\n"));
  let changes = await p.evaluate(() => window.changes);
  const last = changes.at(-1);
  assert.deepEqual([last.bubbles, last.composed, last.custom], [true, true, true]);
  const r = last.detail;
  assert.equal(r.score, 40);
  assert.deepEqual([r.promoters, r.passives, r.detractors, r.total], [50, 40, 10, 100]);
  assert.deepEqual([r.promoterShare, r.passiveShare, r.detractorShare], [50, 40, 10]);
  assert.equal(r.band, "reasonable");
  assert.ok(Math.abs(r.confidenceInterval.low - 25.934) < 0.001 && Math.abs(r.confidenceInterval.high - 51.736) < 0.001);
  assert.equal(r.confidenceInterval.level, 0.95);
  assert.deepEqual(r.distribution, [0, 0, 10, 0, 0, 0, 0, 40, 0, 50, 0]);
  assert.deepEqual(await p.evaluate(() => document.querySelector("nps-calculator").result), r, "the result property");
  assert.match(await el.locator("#interval").textContent(), /between 26 and 52/);

  // One more keystroke: one more event, with the new result (a 10 → 51 promoters of 101).
  const before = changes.length;
  await el.getByRole("textbox", { name: "Scores" }).press("End");
  await el.getByRole("textbox", { name: "Scores" }).pressSequentially("\n10");
  changes = await p.evaluate(() => window.changes);
  assert.ok(changes.length > before);
  assert.equal(changes.at(-1).detail.total, 101);
  assert.equal(changes.at(-1).detail.promoters, 51);

  // Bad input: no event, the result stays.
  const n = changes.length;
  await el.getByRole("textbox", { name: "Scores" }).pressSequentially("0");
  assert.match(await el.locator("#errors").textContent(), /row 101: 100 is not a 0–10 score/);
  assert.equal((await p.evaluate(() => window.changes)).length, n);
  assert.equal(await p.evaluate(() => document.querySelector("nps-calculator").result.total), 101);

  await p.screenshot({ path: join(shots, "embed-en.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("attributes: counts mode, Portuguese, 90% confidence; themed with CSS custom properties", async () => {
  const { page: p, context, problems } = await openEmbed("pt.html", { width: 375, height: 800 });
  const el = p.locator("nps-calculator");
  assert.equal(await el.getByRole("tab", { name: "Digitar contagens" }).getAttribute("aria-selected"), "true");
  await el.getByRole("textbox", { name: /^Promotores/ }).fill("50");
  await el.getByRole("textbox", { name: /^Neutros/ }).fill("40");
  await el.getByRole("textbox", { name: /^Detratores/ }).fill("10");
  const r = (await p.evaluate(() => window.changes)).at(-1).detail;
  // 90%: z = 1.64485, ±1.64485·0.065823 = ±0.10827 around 0.38835 → [28.01, 49.66].
  assert.equal(r.score, 40);
  assert.equal(r.confidenceInterval.level, 0.9);
  assert.ok(Math.abs(r.confidenceInterval.low - 28.008) < 0.01, `${r.confidenceInterval.low}`);
  assert.ok(Math.abs(r.confidenceInterval.high - 49.662) < 0.01, `${r.confidenceInterval.high}`);
  assert.equal(
    (await el.locator("#interval").textContent()).trim(),
    "Com 90% de confiança, o NPS real está entre 28 e 50. Margem de erro: ±10,8 pontos.",
  );
  assert.equal((await el.locator("#chip").textContent()).trim(), "Aperfeiçoamento");
  // Theming reaches inside the shadow DOM.
  const styles = await p.evaluate(() => {
    const root = document.querySelector("nps-calculator").shadowRoot;
    return {
      promoter: getComputedStyle(root.querySelector(".bar .promoter")).backgroundColor,
      radius: getComputedStyle(root.querySelector(".card")).borderTopLeftRadius,
      font: getComputedStyle(root.querySelector(".card")).fontFamily,
    };
  });
  assert.deepEqual(styles, { promoter: "rgb(0, 120, 240)", radius: "3px", font: "Georgia, serif" });
  await p.screenshot({ path: join(shots, "embed-pt-phone.png"), fullPage: true });
  // Attributes can change later: language and mode.
  await p.evaluate(() => {
    const c = document.querySelector("nps-calculator");
    c.setAttribute("lang", "en");
    c.setAttribute("mode", "paste");
  });
  assert.equal(await el.getByRole("tab", { name: "Paste scores" }).getAttribute("aria-selected"), "true");
  assert.equal(await el.getByRole("textbox", { name: "Scores" }).isVisible(), true);
  assert.equal(await p.evaluate(() => document.documentElement.scrollWidth), 375);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Romanian from the closest lang attribute: promotori, pasivi, detractori, decimal comma, plurals", async () => {
  const { page: p, context, problems } = await openEmbed("ro.html", { width: 375, height: 800 });
  const el = p.locator("nps-calculator");
  assert.equal(await el.getByRole("tab", { name: "Tastați totaluri" }).getAttribute("aria-selected"), "true");
  assert.equal(await el.locator(".card").getAttribute("lang"), "ro");
  // The two input tabs fit in their strip on a phone.
  const strip = await p.evaluate(() => {
    const t = document.querySelector("nps-calculator").shadowRoot.querySelector('[role="tablist"]');
    return [t.scrollWidth, t.clientWidth];
  });
  assert.ok(strip[0] <= strip[1], `tab strip ${strip[0]} px wide in ${strip[1]} px`);
  await el.getByRole("textbox", { name: /^Promotori/ }).fill("50");
  await el.getByRole("textbox", { name: /^Pasivi/ }).fill("40");
  await el.getByRole("textbox", { name: /^Detractori/ }).fill("10");
  const r = (await p.evaluate(() => window.changes)).at(-1).detail;
  assert.equal(r.score, 40);
  assert.deepEqual([r.promoters, r.passives, r.detractors], [50, 40, 10]);
  const text = async (id) => (await el.locator(`#${id}`).textContent()).trim();
  // ro-RO: a decimal comma, and a no-break space before "%".
  assert.equal(await text("interval"), "Cu o încredere de 95\u00a0%, NPS-ul real este între 26 și 52. Marjă de eroare: ±12,9 puncte.");
  assert.equal(await text("chip"), "Rezonabil");
  assert.equal(await el.locator("#bar").getAttribute("aria-label"), "Ponderi: Detractori 10\u00a0%, Pasivi 40\u00a0%, Promotori 50\u00a0%.");
  assert.equal(
    await text("summary"),
    "NPS 40 (rezonabil) din 100 de răspunsuri: 50\u00a0% promotori, 40\u00a0% pasivi, 10\u00a0% detractori.",
  );
  assert.equal((await text("meta")).split(" · ")[0], "100 de răspunsuri numărate");
  // 2 promoters of 3: 66,7; and the forms for 1 and for 2–19.
  await el.getByRole("textbox", { name: /^Promotori/ }).fill("2");
  await el.getByRole("textbox", { name: /^Pasivi/ }).fill("1");
  await el.getByRole("textbox", { name: /^Detractori/ }).fill("0");
  assert.equal(await text("value"), "66,7");
  assert.equal((await text("meta")).split(" · ")[0], "3 răspunsuri numărate");
  await el.getByRole("textbox", { name: /^Pasivi/ }).fill("0");
  await el.getByRole("textbox", { name: /^Promotori/ }).fill("1");
  assert.equal((await text("meta")).split(" · ")[0], "1 răspuns numărat");
  await p.screenshot({ path: join(shots, "embed-ro-phone.png"), fullPage: true });
  // Its own lang attribute wins over the ancestor's, and may change later.
  await p.evaluate(() => document.querySelector("nps-calculator").setAttribute("lang", "en"));
  assert.equal(await el.getByRole("tab", { name: "Type counts" }).getAttribute("aria-selected"), "true");
  assert.equal((await text("meta")).split(" · ")[0], "1 response counted");
  await p.evaluate(() => document.querySelector("nps-calculator").setAttribute("lang", "ro"));
  assert.equal(await el.getByRole("tab", { name: "Tastați totaluri" }).getAttribute("aria-selected"), "true");
  // Without a lang of its own it follows the page's, when a language
  // switcher changes it later (the ancestor's, then the document's).
  await p.evaluate(() => document.querySelector("nps-calculator").removeAttribute("lang"));
  await p.evaluate(() => document.querySelector("main").setAttribute("lang", "pt-BR"));
  assert.equal(await el.getByRole("tab", { name: "Digitar contagens" }).getAttribute("aria-selected"), "true");
  assert.equal((await text("meta")).split(" · ")[0], "1 resposta contada");
  await p.evaluate(() => {
    document.querySelector("main").removeAttribute("lang");
    document.documentElement.setAttribute("lang", "es");
  });
  assert.equal(await el.getByRole("tab", { name: "Escribir recuentos" }).getAttribute("aria-selected"), "true");
  // The result stays; no change event for a new language alone.
  const events = await p.evaluate(() => window.changes.length);
  await p.evaluate(() => document.documentElement.setAttribute("lang", "it"));
  assert.equal(await el.getByRole("tab", { name: "Scrivi i conteggi" }).getAttribute("aria-selected"), "true");
  assert.equal(await p.evaluate(() => window.changes.length), events);
  await p.evaluate(() => document.documentElement.setAttribute("lang", "ro"));
  assert.equal(await p.evaluate(() => document.documentElement.scrollWidth), 375);
  assert.deepEqual(problems, []);
  await context.close();
});

test("properties and attributes at their edges: setters always apply, blank is not 0, scores set early win", async () => {
  writeFileSync(
    join(dir, "edges.html"),
    page(`<nps-calculator id="a" lang="constructor" scores="10"></nps-calculator>
<csat-calculator id="b" scale="0-10" satisfied-from="" scores="0\n1\n2"></csat-calculator>
<nps-calculator id="c" mode="paste" scores="10\n9\n0"></nps-calculator>
<nps-calculator id="d" counts="5,0,0"></nps-calculator>
<div hidden><nps-calculator id="e" scores="10"></nps-calculator></div>
<nps-calculator id="f" scores="10"></nps-calculator>
<nps-calculator id="g"></nps-calculator>
<nps-calculator id="h" scores="10"></nps-calculator>
<script>document.getElementById("f").scores = "0";</script>`),
  );
  const { page: p, context, problems } = await openEmbed("edges.html");
  await p.waitForFunction(() => document.getElementById("f").result);
  const out = await p.evaluate(async () => {
    const $ = (id) => document.getElementById(id);
    const shadow = (id, inner) => $(id).shadowRoot.getElementById(inner);
    const r = {};
    // lang="constructor" is not a language: English (it threw, and nothing rendered).
    r.a = [$("a").result.score, shadow("a", "interval").textContent.startsWith("With 95% confidence")];
    // A blank satisfied-from is not given: the top-2 box (9–10), not 0 (CSAT 100 %).
    r.b = [$("b").result.satisfiedFrom, $("b").result.score];
    // Setters apply when the attribute already says so (the user changed it since).
    const c = $("c");
    shadow("c", "tab-counts").click();
    c.mode = "paste";
    r.mode = c.mode;
    c.confidence = 0.5;
    const select = shadow("c", "confidence");
    r.select = [c.result.confidenceInterval.level, select.options[select.selectedIndex].textContent];
    select.value = "0.9";
    select.dispatchEvent(new Event("change"));
    c.confidence = 0.5;
    r.back = [c.confidence, c.result.confidenceInterval.level];
    // Counts: "1 2" is not 12; "1 250" is 1250 (groups of three).
    const d = $("d");
    const promoters = shadow("d", "g-promoters");
    promoters.value = "1 2";
    promoters.dispatchEvent(new Event("input"));
    r.spaced = [d.result.promoters, d.stale, !shadow("d", "count-errors").hidden];
    promoters.value = "1 250";
    promoters.dispatchEvent(new Event("input"));
    r.thousands = [d.result.promoters, d.stale];
    // A scores attribute set later shows them, as the property does.
    d.setAttribute("scores", "10\n9");
    r.attribute = [d.mode, d.result.score];
    // A benchmark is a plain number: "50abc" is none (it was 50).
    const gauge = () => $("a").shadowRoot.querySelector(".gauge svg").getAttribute("aria-label");
    const none = gauge();
    $("a").setAttribute("benchmark", "50");
    const fifty = gauge();
    $("a").setAttribute("benchmark", "50abc");
    r.benchmark = [fifty !== none, gauge() === none];
    // scores set by code win over the attribute: while hidden, and before the element was defined.
    $("e").scores = "0";
    r.hidden = [$("e").scores, $("e").result.score];
    r.early = [$("f").scores, $("f").result.score];
    // example added after set-up fills in the example (it was ignored),
    // unless the element was given scores.
    const g = $("g");
    const before = [g.mode, g.result === null || g.result.total === 0];
    g.setAttribute("example", "");
    r.example = [...before, g.mode, g.result.total > 0, g.scores.length > 0];
    $("h").setAttribute("example", "");
    r.exampleKept = [$("h").scores, $("h").result.score];
    return r;
  });
  assert.deepEqual(out, {
    a: [100, true],
    b: [9, 0],
    mode: "paste",
    select: [0.5, "50%"],
    back: [0.5, 0.5],
    spaced: [5, true, true],
    thousands: [1250, false],
    attribute: ["paste", 100],
    benchmark: [true, true],
    hidden: ["0", -100],
    early: ["0", -100],
    example: ["counts", true, "paste", true, true],
    exampleKept: ["10", 100],
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("TypeScript: the element, its attributes and its typed change event", () => {
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom", "dom.iterable"], skipLibCheck: false },
      files: ["check.ts"],
    }),
  );
  writeFileSync(
    join(dir, "check.ts"),
    `import { NpsCalculatorElement, type NpsCalculatorAttributes, type CalculatorMode } from "cx-metrics/calculator";
import type { NpsResult, CsatResult, CesResult } from "cx-metrics";

const el = document.querySelector("nps-calculator");
if (el) {
  const r: NpsResult | null = el.result;
  el.addEventListener("change", (e) => {
    const d: NpsResult = e.detail;
    const s: number | null = d.score;
    void s;
  });
  el.addEventListener("click", (e) => void e.clientX);
  const m: CalculatorMode = el.mode;
  el.confidence = 0.9;
  el.scores = "10\\n9\\n8";
  const ms: number | null = el.lastComputeMs;
  const stale: boolean = el.stale;
  void [r, m, ms, stale];
}
document.createElement("csat-calculator").addEventListener("change", (e) => { const d: CsatResult = e.detail; void d; });
document.createElement("ces-calculator").addEventListener("change", (e) => { const d: CesResult = e.detail; void d; });
const made: NpsCalculatorElement = document.createElement("nps-calculator");
const attrs: NpsCalculatorAttributes = { mode: "counts", lang: "pt-BR", confidence: "0.9", compact: true };
const ro: NpsCalculatorAttributes = { lang: "ro" };
const roRO: NpsCalculatorAttributes = { lang: "ro-RO" };
// @ts-expect-error: not a mode
const bad: NpsCalculatorAttributes = { mode: "typing" };
// @ts-expect-error: the detail is a result, not a string
made.addEventListener("change", (e) => { const s: string = e.detail; void s; });
// @ts-expect-error: result is read-only
made.result = null;
void [attrs, ro, roRO, bad];
`,
  );
  execFileSync("node", [join(root, "node_modules", ".bin", "tsc"), "-p", "tsconfig.json"], { cwd: dir, stdio: "pipe" });
});
