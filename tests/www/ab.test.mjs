// The demo page's "A/B test" tab in Chromium: two variants' visitors and
// conversions give the rates with their intervals, the difference B − A with
// its interval (drawn around zero), the chance that B is better and a
// plain-language verdict, updated as one types; bad counts show the engine's
// message next to the variant, and nothing ever reads "NaN". The expected
// numbers are worked out here (Wilson, Newcombe, and the exact Beta posterior
// sum), independently of the library. Screenshots go to
// tests/artifacts/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { demoSite, watchedPage } from "../support/browser.mjs";

const site = demoSite();
const { shots } = site;
const Z = 1.959963984540054;

/** Wilson score interval of x successes in n trials, as proportions. */
function wilson(x, n) {
  const p = x / n;
  const centre = (p + (Z * Z) / (2 * n)) / (1 + (Z * Z) / n);
  const half = (Z / (1 + (Z * Z) / n)) * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n));
  return [centre - half, centre + half];
}

/** Newcombe's hybrid score interval (method 10) of pB − pA, in points. */
function newcombe(xa, na, xb, nb) {
  const [la, ua] = wilson(xa, na);
  const [lb, ub] = wilson(xb, nb);
  const pa = xa / na;
  const pb = xb / nb;
  const d = pb - pa;
  return [100 * (d - Math.sqrt((pb - lb) ** 2 + (ua - pa) ** 2)), 100 * (d + Math.sqrt((ub - pb) ** 2 + (pa - la) ** 2))];
}

// ln Γ by Lanczos (g = 7, n = 9): plenty for these sums.
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
function lnGamma(x) {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
const lnBeta = (a, b) => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/** P(pB > pA) with Beta(1 + successes, 1 + failures) posteriors: Evan Miller's closed form. */
function bBeatsA(xa, na, xb, nb) {
  const [aA, bA, aB, bB] = [1 + xa, 1 + na - xa, 1 + xb, 1 + nb - xb];
  let total = 0;
  for (let i = 0; i < aB; i++) total += Math.exp(lnBeta(aA + i, bA + bB) - Math.log(bB + i) - lnBeta(1 + i, bB) - lnBeta(aA, bA));
  return total;
}

const one = (v) => (v > 0 ? "+" : "") + v.toFixed(1);
const pct = (p) => `${(100 * p).toFixed(1)}%`;

async function open(viewport = { width: 1280, height: 900 }, url = "#ab") {
  const w = await watchedPage(site.browser, site.server.url, viewport);
  const requests = [];
  w.page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await site.goto(w.page, url);
  // The A/B tab computes when it is shown; the NPS tab's calculator starts the page.
  if (url.includes("#ab")) await w.page.waitForFunction(() => document.getElementById("ab-verdict-text")?.textContent !== "", null, { timeout: 15000 });
  else await w.page.waitForFunction(() => document.querySelector("#nps")?.result?.score != null, null, { timeout: 15000 });
  return { ...w, requests };
}

const state = (page) =>
  page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent;
    const svg = document.getElementById("ab-chart");
    const ci = svg.querySelector(".ci");
    return {
      rateA: text("ab-a-rate"),
      detailA: text("ab-a-detail"),
      rateB: text("ab-b-rate"),
      detailB: text("ab-b-detail"),
      errorA: document.getElementById("ab-a-error").hidden ? null : text("ab-a-error"),
      errorB: document.getElementById("ab-b-error").hidden ? null : text("ab-b-error"),
      invalid: [...document.querySelectorAll("#panel-ab input[aria-invalid='true']")].map((e) => e.id),
      delta: text("ab-delta"),
      badge: document.getElementById("ab-badge").hidden ? null : text("ab-badge"),
      verdict: text("ab-verdict-text"),
      chance: text("ab-chance"),
      lift: text("ab-lift"),
      p: text("ab-p"),
      loss: text("ab-loss"),
      chart: ci ? { alt: svg.getAttribute("aria-label"), x1: +ci.getAttribute("x1"), x2: +ci.getAttribute("x2"), cx: +svg.querySelector(".dot").getAttribute("cx"), zero: [...svg.querySelectorAll("line.zero")].map((l) => +l.getAttribute("x1")) } : null,
    };
  });

/** Every text and attribute of the page: "NaN" must be nowhere. */
const nowhereNaN = async (page) => {
  const found = await page.evaluate(() => {
    const out = [];
    if (/NaN/.test(document.body.innerText)) out.push("text");
    for (const el of document.querySelectorAll("#panel-ab *")) {
      for (const a of el.attributes) if (/NaN/.test(a.value)) out.push(`${el.tagName}@${a.name}=${a.value}`);
      if (/NaN/.test(el.textContent)) out.push(`${el.tagName}#${el.id}: ${el.textContent.slice(0, 80)}`);
    }
    return out;
  });
  assert.deepEqual(found, []);
};

test("the example: rates, difference with its interval, chance that B is better, verdict", async () => {
  const { page, context, problems, requests } = await open();
  assert.equal(await page.locator("#tab-ab").getAttribute("aria-selected"), "true");
  const v = await state(page);
  // A: 48 of 80 = 60%, Wilson 49.05–70.04; B: 56 of 70 = 80%, Wilson 69.18–87.70.
  const [la, ua] = wilson(48, 80);
  const [lb, ub] = wilson(56, 70);
  assert.equal(v.rateA, "60.0%");
  assert.equal(v.detailA, `48 of 80 · 95% interval ${pct(la)} to ${pct(ua)}`);
  assert.equal(v.detailA, "48 of 80 · 95% interval 49.0% to 70.0%");
  assert.equal(v.rateB, "80.0%");
  assert.equal(v.detailB, `56 of 70 · 95% interval ${pct(lb)} to ${pct(ub)}`);
  // B − A = 20 points; Newcombe: 5.24 to 33.39; P(B > A) = 0.9959.
  const [lo, hi] = newcombe(48, 80, 56, 70);
  const p = bBeatsA(48, 80, 56, 70);
  assert.ok(Math.abs(lo - 5.243) < 0.01 && Math.abs(hi - 33.387) < 0.01, `${lo} ${hi}`);
  assert.ok(Math.abs(p - 0.99593) < 1e-4, `${p}`);
  assert.equal(v.delta, "+20.0");
  assert.equal(v.badge, "Significant");
  assert.equal(v.verdict, `B converts better than A: +20.0 points (95% interval ${one(lo)} to ${one(hi)}). The chance that B is truly better is ${pct(p)}.`);
  assert.equal(v.verdict, "B converts better than A: +20.0 points (95% interval +5.2 to +33.4). The chance that B is truly better is 99.6%.");
  assert.equal(v.chance, "99.6%");
  // Lift: 80/60 − 1 = +33.3%; pooled z test: p̄ = 104/150, z = 0.2/√(p̄(1 − p̄)(1/80 + 1/70)) = 2.650, p = 0.0080.
  assert.match(v.lift, /^\+33\.3% \(\+\d+\.\d% to \+\d+\.\d%\)$/);
  assert.equal(v.p, "0.008");
  assert.match(v.loss, /^\d+(\.\d+)? \/ \d+(\.\d+)? points$/);
  // The interval bar around zero: axis ±50 points here (reach 33.4 → steps of 25).
  const x = (d) => 30 + ((d + 50) / 100) * 540;
  assert.ok(Math.abs(v.chart.x1 - x(lo)) < 0.1 && Math.abs(v.chart.x2 - x(hi)) < 0.1 && Math.abs(v.chart.cx - x(20)) < 0.1, JSON.stringify(v.chart));
  assert.ok(v.chart.zero.every((z) => Math.abs(z - x(0)) < 0.01));
  assert.equal(v.chart.alt, "Chart: B − A is +20.0 points, with its interval from +5.2 to +33.4; the vertical line is no difference.");
  await nowhereNaN(page);
  // The table module (health scores) is not loaded for this tab.
  assert.equal(requests.filter((r) => r.endsWith("/tickets.js")).length, 0);
  await page.screenshot({ path: join(shots, "desktop-ab.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("typing new counts updates the verdict; a difference that may be noise says so", async () => {
  const { page, context, problems } = await open();
  // B: 38 of 70 (54.3%): B − A = −5.7 points, the interval spans zero.
  await page.getByRole("textbox", { name: "Conversions" }).nth(1).fill("38");
  let v = await state(page);
  const [lo, hi] = newcombe(48, 80, 38, 70);
  const p = bBeatsA(48, 80, 38, 70);
  assert.equal(v.rateB, "54.3%");
  assert.equal(v.delta, "-5.7");
  assert.equal(v.badge, "Not significant");
  assert.equal(v.verdict, `Not enough evidence yet: the difference could be anywhere from ${one(lo)} to ${one(hi)} points. The chance that B is better is ${pct(p)}.`);
  assert.match(v.verdict, /^Not enough evidence yet: the difference could be anywhere from -21\.0 to \+9\.9 points\./);
  // Typed one key at a time: every keystroke recomputes. A: 480 of 800.
  const visitorsA = page.locator("#ab-a-trials");
  await visitorsA.fill("");
  await visitorsA.pressSequentially("800");
  await page.locator("#ab-a-successes").fill("");
  await page.locator("#ab-a-successes").pressSequentially("480");
  // A big A and a B that is clearly worse: A wins.
  await page.locator("#ab-b-trials").fill("700");
  await page.locator("#ab-b-successes").fill("300");
  v = await state(page);
  const [lo2, hi2] = newcombe(480, 800, 300, 700);
  const p2 = bBeatsA(480, 800, 300, 700);
  assert.equal(v.rateA, "60.0%");
  assert.equal(v.rateB, "42.9%");
  assert.equal(v.verdict, `A converts better than B: -17.1 points (95% interval ${one(lo2)} to ${one(hi2)}). The chance that A is truly better is ${1 - p2 > 0.999 ? "> 99.9%" : pct(1 - p2)}.`);
  // Thousands separators are read: 1,000 visitors.
  await page.locator("#ab-a-trials").fill("1,000");
  v = await state(page);
  assert.equal(v.detailA.split(" · ")[0], "480 of 1,000");
  await nowhereNaN(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test("invalid counts show the engine's message next to the variant, never NaN", async () => {
  const { page, context, problems } = await open();
  const cases = [
    // [input, value, side, message pattern, marked input]
    ["#ab-b-successes", "90", "B", /b\.successes \(90\) is more than trials \(70\)/, "ab-b-successes"],
    ["#ab-a-trials", "-5", "A", /a\.trials is -5; counts are whole numbers/, "ab-a-trials"],
    ["#ab-a-successes", "", "A", /a\.successes is a string "", not a number/, "ab-a-successes"],
    ["#ab-b-trials", "abc", "B", /b\.trials is a string "abc", not a number/, "ab-b-trials"],
    ["#ab-b-trials", "2.5", "B", /b\.trials is 2\.5; counts are whole numbers/, "ab-b-trials"],
  ];
  for (const [sel, value, side, message, marked] of cases) {
    await page.locator("#ab-a-trials").fill("80");
    await page.locator("#ab-a-successes").fill("48");
    await page.locator("#ab-b-trials").fill("70");
    await page.locator("#ab-b-successes").fill("56");
    assert.equal((await state(page)).delta, "+20.0");
    await page.locator(sel).fill(value);
    const v = await state(page);
    const shown = side === "A" ? v.errorA : v.errorB;
    assert.match(shown ?? "", message, `${sel} = ${JSON.stringify(value)}`);
    assert.equal(side === "A" ? v.errorB : v.errorA, null);
    assert.deepEqual(v.invalid, [marked]);
    assert.equal(await page.locator(sel).getAttribute("aria-describedby"), `ab-${side.toLowerCase()}-error`);
    assert.equal(side === "A" ? v.rateA : v.rateB, "—");
    assert.equal(v.delta, "—");
    assert.equal(v.badge, null);
    assert.equal(v.verdict, "Correct the value marked above to see the comparison.");
    assert.equal(v.chart, null);
    assert.deepEqual([v.chance, v.lift, v.p, v.loss], ["—", "—", "—", "—"]);
    await nowhereNaN(page);
    if (value === "90") await page.screenshot({ path: join(shots, "desktop-ab-error.png"), fullPage: true });
  }
  // Both sides wrong: each shows its own message.
  await page.locator("#ab-a-successes").fill("81");
  await page.locator("#ab-b-successes").fill("-1");
  let v = await state(page);
  assert.match(v.errorA, /a\.successes \(81\) is more than trials \(80\)/);
  assert.match(v.errorB, /b\.successes is -1/);
  // No visitors at all: no comparison yet, and no error.
  await page.locator("#ab-a-successes").fill("0");
  await page.locator("#ab-a-trials").fill("0");
  await page.locator("#ab-b-successes").fill("0");
  await page.locator("#ab-b-trials").fill("0");
  v = await state(page);
  assert.equal(v.errorA, null);
  assert.equal(v.errorB, null);
  assert.equal(v.rateA, "—");
  assert.equal(v.detailA, "No visitors yet");
  assert.equal(v.verdict, "Enter the visitors of both variants to compare them.");
  await nowhereNaN(page);
  // Fixed again: the verdict comes back.
  for (const [sel, value] of [["#ab-a-trials", "80"], ["#ab-a-successes", "48"], ["#ab-b-trials", "70"], ["#ab-b-successes", "56"]]) await page.locator(sel).fill(value);
  v = await state(page);
  assert.equal(v.delta, "+20.0");
  assert.deepEqual(v.invalid, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: the page tabs reach the A/B tab, and Tab goes on into its fields", async () => {
  const { page, context, problems } = await open({ width: 1280, height: 900 }, "");
  await page.locator("#tab-nps").focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-ab");
  assert.equal(await page.locator("#tab-ab").getAttribute("aria-selected"), "true");
  assert.equal(await page.locator("#tab-ab").getAttribute("tabindex"), "0");
  assert.equal(await page.locator("#panel-ab").isVisible(), true);
  assert.equal(await page.locator("#panel-nps").isVisible(), false);
  assert.equal(new URL(page.url()).hash, "#ab");
  // From the last tab, back by arrows.
  await page.keyboard.press("End");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-ab");
  // Into the panel: the first field is A's visitors; type a new count.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "ab-a-trials");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("60");
  assert.equal((await state(page)).rateA, "80.0%");
  // Every field has a name: its label.
  for (const [sel, name] of [["#ab-a-trials", "Visitors"], ["#ab-a-successes", "Conversions"]]) {
    assert.equal(await page.locator(sel).evaluate((el) => el.labels[0].textContent.trim()), name);
  }
  assert.equal(await page.getByRole("group", { name: "Variant A" }).count(), 1);
  assert.equal(await page.getByRole("group", { name: "Variant B" }).count(), 1);
  assert.equal(await page.getByRole("status").filter({ hasText: /^Not enough evidence yet/ }).count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Portuguese, and a phone", async () => {
  const { page, context, problems } = await open({ width: 375, height: 812 }, "?lang=pt#ab");
  assert.equal(await page.locator("#tab-ab").textContent(), "Teste A/B");
  const v = await state(page);
  assert.equal(v.rateA, "60,0%");
  assert.equal(v.detailA, "48 de 80 · intervalo de 95%: 49,0% a 70,0%");
  assert.equal(v.verdict, "B converte melhor que A: +20,0 pontos (intervalo de 95%: +5,2 a +33,4). A chance de B ser de fato melhor é de 99,6%.");
  assert.equal(v.badge, "Significativa");
  // A Brazilian thousands separator.
  await page.locator("#ab-a-trials").fill("1.000");
  assert.equal((await state(page)).detailA.split(" · ")[0], "48 de 1.000");
  await page.locator("#ab-a-trials").fill("80");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
  await page.screenshot({ path: join(shots, "phone-ab-pt.png"), fullPage: true });
  await nowhereNaN(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Romanian: percentages, points and a Romanian thousands separator", async () => {
  const { page, context, problems } = await open({ width: 375, height: 812 }, "?lang=ro#ab");
  assert.equal(await page.locator("#tab-ab").textContent(), "Test A/B");
  assert.equal(await page.locator("#ab-side-a legend").textContent(), "Varianta A");
  const v = await state(page);
  // ro-RO: a decimal comma, and a no-break space before "%".
  assert.equal(v.rateA, "60,0\u00a0%");
  assert.equal(v.detailA, "48 din 80 · interval de 95\u00a0%: de la 49,0\u00a0% la 70,0\u00a0%");
  assert.equal(
    v.verdict,
    "B convertește mai bine decât A: +20,0 puncte (interval de 95\u00a0%: de la +5,2 la +33,4). Șansa ca B să fie cu adevărat mai bună este de 99,6\u00a0%.",
  );
  assert.equal(v.badge, "Semnificativă");
  // 1.000 is a thousand in Romanian, as in Portuguese.
  await page.locator("#ab-a-trials").fill("1.000");
  assert.equal((await state(page)).detailA.split(" · ")[0], "48 din 1.000");
  await page.locator("#ab-a-trials").fill("80");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
  await page.screenshot({ path: join(shots, "phone-ab-ro.png"), fullPage: true });
  await nowhereNaN(page);
  assert.deepEqual(problems, []);
  await context.close();
});
