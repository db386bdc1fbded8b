// The demo page (www/) in Chromium: pasting, counts, CSV columns, bad rows,
// comparison, CSAT/CES, languages, keyboard and phone width. Expected numbers
// are worked out by hand in the comments, not computed by the library.
// Screenshots go to tests/artifacts/screenshots/ for a person to look at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { demoSite, watchedPage } from "../support/browser.mjs";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

const site = demoSite();
const { shots } = site;

// 100 answers: 25×10 and 25×9 (50 promoters), 20×8 and 20×7 (40 passives),
// 10 detractors 0,1,2,3,3,4,5,5,6,6. NPS = 50 − 10 = 40 ("reasonable").
// Adjusted Wald (Rocks 2016), 95%: n′ = 103, p′ = 50.75/103, d′ = 10.75/103,
// centre 0.38835, Var′ = p′ + d′ − (p′ − d′)² = 0.44627, SE′ = 0.065823,
// ±1.95996·SE′ → [25.93, 51.74]: "between 26 and 52", margin ±12.9 points.
const KNOWN_SORTED = [
  ...Array(25).fill(10), ...Array(25).fill(9), ...Array(20).fill(8), ...Array(20).fill(7),
  0, 1, 2, 3, 3, 4, 5, 5, 6, 6,
];
const KNOWN = KNOWN_SORTED.map((_, i) => KNOWN_SORTED[(i * 37) % 100]); // a shuffle (37 is coprime with 100)
const KNOWN_HIST = "Answers by score: 0: 1, 1: 1, 2: 1, 3: 2, 4: 1, 5: 2, 6: 2, 7: 20, 8: 20, 9: 25, 10: 25.";
const KNOWN_SHARES = "Shares: Detractors 10%, Passives 40%, Promoters 50%.";

/** Opens the page (optionally at a hash) and waits for the first result. */
async function open(viewport = DESKTOP, hash = "") {
  const w = await watchedPage(site.browser, site.server.url, viewport);
  await site.goto(w.page, hash);
  await w.page.waitForFunction(() => document.querySelector("#nps")?.result?.score != null, null, { timeout: 15000 });
  return w;
}

/** What a calculator shows, read from its shadow DOM. */
function view(page, host) {
  return page.evaluate((host) => {
    const el = document.querySelector(host);
    const q = (id) => el.shadowRoot.getElementById(id);
    const text = (id) => q(id).textContent.trim();
    return {
      value: text("value"),
      chip: q("chip").hidden ? null : text("chip"),
      summary: text("summary"),
      interval: text("interval"),
      meta: text("meta"),
      bar: q("bar").getAttribute("aria-label"),
      hist: q("hist-wrap").hidden ? null : q("hist").getAttribute("aria-label"),
      gauge: q("results").querySelector("svg").getAttribute("aria-label"),
      errors: q("errors").hidden ? [] : [...q("errors-list").children].map((li) => li.textContent),
      errorsTitle: q("errors").hidden ? null : text("errors-title"),
      countErrors: q("count-errors").hidden ? [] : [...q("count-errors-list").children].map((li) => li.textContent),
      stale: q("results").classList.contains("stale"),
      staleNote: text("stale-note"),
      info: text("info"),
      live: text("live"),
      columns: q("column-row").hidden ? null : [...q("column").options].map((o) => o.textContent),
      result: el.result,
    };
  }, host);
}

const tabOf = (page, host, name) => page.locator(host).getByRole("tab", { name });
const scoresBox = (page, host) => page.locator(host).getByRole("textbox", { name: /^(Scores|Notas|Scoruri)$/ });
const countBox = (page, host, name) =>
  page.locator(host).getByRole("textbox", typeof name === "object" && !(name instanceof RegExp) ? name : { name });

function assertKnown(v) {
  assert.equal(v.value, "40");
  assert.equal(v.chip, "Reasonable");
  assert.equal(v.bar, KNOWN_SHARES);
  assert.match(v.summary, /^NPS 40 \(Reasonable\) from 100 responses: 50% promoters, 40% passives, 10% detractors\.$/);
  assert.equal(v.interval, "With 95% confidence the true NPS is between 26 and 52. Margin of error: ±12.9 points.");
  assert.equal(v.gauge, "Gauge: NPS 40 on a scale from −100 to 100.");
  assert.ok(v.meta.startsWith("100 responses counted"), v.meta);
  assert.equal(v.result.score, 40);
  assert.ok(Math.abs(v.result.confidenceInterval.low - 25.934) < 0.001, `${v.result.confidenceInterval.low}`);
  assert.ok(Math.abs(v.result.confidenceInterval.high - 51.736) < 0.001, `${v.result.confidenceInterval.high}`);
}

test("pasting a known column of scores shows the right NPS, shares, interval and band", async () => {
  const { page, context, problems } = await open();
  // The page starts with an example; the result is announced through the live region.
  await page.waitForFunction(() => document.querySelector("#nps").shadowRoot.getElementById("live").textContent !== "");
  assert.match((await view(page, "#nps")).live, /^NPS 50 /);

  await page.evaluate(() => {
    window.changes = [];
    document.querySelector("#nps").addEventListener("change", (e) => window.changes.push(e.detail));
  });
  await scoresBox(page, "#nps").fill("Score\n" + KNOWN.join("\n") + "\n");
  const v = await view(page, "#nps");
  assertKnown(v);
  assert.equal(v.hist, KNOWN_HIST);
  assert.equal(v.info, "Row 1 is a header (“Score”) and is not counted.");
  assert.deepEqual(v.errors, []);
  const changes = await page.evaluate(() => window.changes);
  assert.equal(changes.at(-1).score, 40);
  assert.deepEqual(changes.at(-1).distribution, [1, 1, 1, 2, 1, 2, 2, 20, 20, 25, 25]);
  // The summary reaches screen readers after a short pause.
  await page.waitForFunction(() =>
    document.querySelector("#nps").shadowRoot.getElementById("live").textContent.startsWith("NPS 40 (Reasonable)"),
  );

  // Other separators: commas, semicolons, tabs and spaces on one line.
  await scoresBox(page, "#nps").fill(KNOWN.slice(0, 50).join(", ") + ";" + KNOWN.slice(50).join("\t") + "\n");
  assertKnown(await view(page, "#nps"));

  await page.screenshot({ path: join(shots, "desktop-nps.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("typing counts gives the same result as pasting the equivalent scores", async () => {
  const { page, context, problems } = await open();
  await scoresBox(page, "#nps").fill(KNOWN.join("\n"));
  const pasted = await view(page, "#nps");
  assertKnown(pasted);

  await tabOf(page, "#nps", "Type counts").click();
  await countBox(page, "#nps", /^Promoters/).fill("50");
  await countBox(page, "#nps", /^Passives/).fill("40");
  await countBox(page, "#nps", /^Detractors/).fill("10");
  const groups = await view(page, "#nps");
  assertKnown(groups);
  for (const k of ["value", "chip", "summary", "interval", "bar"]) assert.equal(groups[k], pasted[k], k);
  assert.equal(groups.hist, null, "no histogram from group counts");

  // The 11 counts of scores 0..10.
  await page.locator("#nps").getByRole("radio", { name: /Each score/ }).check();
  const counts = [1, 1, 1, 2, 1, 2, 2, 20, 20, 25, 25];
  for (let k = 0; k <= 10; k++) await countBox(page, "#nps", { name: `Number of answers with score ${k}`, exact: true }).fill(String(counts[k]));
  const points = await view(page, "#nps");
  assertKnown(points);
  assert.equal(points.hist, KNOWN_HIST);
  assert.deepEqual(points.result.distribution, pasted.result.distribution);

  // A bad count is reported and the last valid result stays.
  await countBox(page, "#nps", "Number of answers with score 10").fill("2.5");
  const bad = await view(page, "#nps");
  assert.deepEqual(bad.countErrors, ["Score 10: 2.5 is not a whole number of 0 or more"]);
  assert.equal(bad.stale, true);
  assert.equal(bad.value, "40");
  assert.equal(
    await countBox(page, "#nps", "Number of answers with score 10").getAttribute("aria-invalid"),
    "true",
  );
  await page.screenshot({ path: join(shots, "desktop-nps-counts-error.png"), fullPage: true });
  await countBox(page, "#nps", "Number of answers with score 10").fill("25");
  assert.equal((await view(page, "#nps")).stale, false);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a CSV file with several columns: picking the column gives the right result", async () => {
  const { page, context, problems } = await open();
  // Two score columns; the comment of row 3 holds a comma, a quote and a line break
  // (one spreadsheet row). Q1: 10 promoters, 5 passives, 5 detractors → NPS 25.
  // Q2: 14 promoters, 4 passives, 2 detractors → NPS 60; row 12 of Q2 says "n/a".
  const q1 = [10, 9, 10, 9, 10, 9, 10, 9, 10, 9, 8, 7, 8, 7, 8, 0, 3, 6, 5, 6];
  const q2 = [10, 10, 9, 9, 10, 10, 9, 9, 10, 10, "n/a", 9, 9, 10, 10, 8, 7, 8, 7, 2, 6];
  const lines = ["id,comment,Q1 2024,Q2 2024"];
  for (let i = 0; i < 21; i++) {
    const comment = i === 1 ? '"Fast, ""friendly""\nand kind"' : i % 3 ? "ok" : "";
    lines.push(`${i + 1},${comment},${q1[i] ?? ""},${q2[i]}`);
  }
  const csv = lines.join("\r\n") + "\r\n";
  await page.locator("#nps").locator('input[type="file"]').setInputFiles({ name: "survey.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.querySelector("#nps").shadowRoot.getElementById("info").textContent.includes("survey.csv"));
  let v = await view(page, "#nps");
  assert.deepEqual(v.columns, ["id", "comment", "Q1 2024", "Q2 2024", "All columns, as one list"]);
  // First guess: the first column made of scores, Q1.
  assert.equal(v.value, "25");
  assert.equal(v.bar, "Shares: Detractors 25%, Passives 25%, Promoters 50%.");
  assert.match(v.info, /Loaded “survey\.csv”\. Row 1 is a header .* 1 empty cell ignored\./);

  // A file is read with bad rows skipped and listed: the score over the
  // valid rows shows at once.
  assert.equal(await page.locator("#nps").getByRole("checkbox", { name: "Skip bad rows" }).isChecked(), true);
  await page.locator("#nps").getByRole("combobox", { name: "Column" }).selectOption({ label: "Q2 2024" });
  v = await view(page, "#nps");
  // 20 valid answers: 14 promoters (70%), 4 passives (20%), 2 detractors (10%).
  assert.equal(v.value, "60");
  assert.equal(v.chip, "Very good");
  assert.equal(v.bar, "Shares: Detractors 10%, Passives 20%, Promoters 70%.");
  assert.match(v.meta, /^20 responses counted · 1 row skipped/);
  assert.equal(v.errorsTitle, "1 row skipped:");
  assert.deepEqual(v.errors, ["row 12: “n/a” is not a number"]);
  // Unticked: the bad row is an error, and the last valid result stays, marked as not current.
  await page.locator("#nps").getByRole("checkbox", { name: "Skip bad rows" }).uncheck();
  v = await view(page, "#nps");
  assert.deepEqual(v.errors, ["row 12: “n/a” is not a number"]);
  assert.equal(v.stale, true, "the last result stays, marked as not current");
  await page.locator("#nps").getByRole("checkbox", { name: "Skip bad rows" }).check();

  // The same file dropped onto the calculator.
  await page.locator("#nps").getByRole("checkbox", { name: "Skip bad rows" }).uncheck();
  await scoresBox(page, "#nps").fill("");
  const dt = await page.evaluateHandle((csv) => {
    const d = new DataTransfer();
    d.items.add(new File([csv], "dropped.csv", { type: "text/csv" }));
    return d;
  }, csv.replace("n/a", "9"));
  await page.locator("#nps").dispatchEvent("dragover", { dataTransfer: dt });
  await page.locator("#nps").dispatchEvent("drop", { dataTransfer: dt });
  await page.waitForFunction(() => document.querySelector("#nps").shadowRoot.getElementById("info").textContent.includes("dropped.csv"));
  await page.locator("#nps").getByRole("combobox", { name: "Column" }).selectOption({ label: "Q2 2024" });
  v = await view(page, "#nps");
  // 21 answers: 15 promoters, 4 passives, 2 detractors → 100·13/21 = 61.9.
  assert.equal(v.value, "61.9");
  assert.deepEqual(v.errors, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("bad rows are reported with their row numbers; skipping them gives the right result", async () => {
  const { page, context, problems } = await open();
  const box = scoresBox(page, "#nps");
  await box.fill("Score\n" + KNOWN.join("\n"));
  assertKnown(await view(page, "#nps"));

  // Rows as in a spreadsheet: the header is row 1.
  const lines = ["Score", ...KNOWN.map(String)];
  for (const [row, bad] of [[17, "11"], [30, "7.5"], [45, "abc"], [60, "-1"]]) lines.splice(row - 1, 0, bad);
  await box.fill(lines.join("\n"));
  let v = await view(page, "#nps");
  assert.deepEqual(v.errors, [
    "row 17: 11 is not a 0–10 score",
    "row 30: 7.5 is not a whole number",
    "row 45: “abc” is not a number",
    "row 60: -1 is not a 0–10 score",
  ]);
  assert.equal(v.errorsTitle, "4 rows can’t be counted:");
  // The last valid result stays visible, marked as such.
  assert.equal(v.stale, true);
  assert.equal(v.staleNote, "Showing the last valid result. Fix the rows listed, or tick “Skip bad rows”.");
  assertKnown(v);
  await page.screenshot({ path: join(shots, "desktop-nps-bad-rows.png"), fullPage: true });

  await page.locator("#nps").getByRole("checkbox", { name: "Skip bad rows" }).check();
  v = await view(page, "#nps");
  assert.equal(v.stale, false);
  assert.equal(v.errorsTitle, "4 rows skipped:");
  assertKnown(v);
  assert.match(v.meta, /^100 responses counted · 4 rows skipped/);

  // Many bad rows: the first 20 are listed, then a count of the rest.
  await page.locator("#nps").getByRole("checkbox", { name: "Skip bad rows" }).uncheck();
  await box.fill(["Score", ...KNOWN.map(String), ...Array(130).fill("12")].join("\n"));
  v = await view(page, "#nps");
  assert.equal(v.errors.length, 21);
  assert.equal(v.errors[0], "row 102: 12 is not a 0–10 score");
  assert.equal(v.errors[20], "… and 110 more.");
  assert.equal(v.errorsTitle, "130 rows can’t be counted:");

  // Bad input never breaks the page: nonsense of every kind.
  for (const text of ["\u0000\u0001", '"""', ",,,;;;\t\t", "NaN Infinity -Infinity 1e400", "x".repeat(5000), "9\r\n\r\n10\r"]) {
    await box.fill(text);
  }
  v = await view(page, "#nps");
  assert.equal(v.value, "100"); // 9 and 10: two promoters
  assert.equal(v.info, "1 empty row ignored.");

  // Phone width, with the errors shown.
  await box.fill(lines.join("\n"));
  await page.setViewportSize(PHONE);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
  await page.screenshot({ path: join(shots, "phone-nps-bad-rows.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("comparison: significant for clearly different samples, not for near-identical ones", async () => {
  const { page, context, problems } = await open(DESKTOP, "#compare");
  assert.equal(await page.locator("#tab-compare").getAttribute("aria-selected"), "true");
  const verdict = () =>
    page.evaluate(() => ({
      delta: document.getElementById("delta").textContent,
      badge: document.getElementById("badge").hidden ? null : document.getElementById("badge").textContent,
      text: document.getElementById("verdict-text").textContent,
      ci: document.getElementById("verdict-ci").textContent,
    }));
  // A: the known 100 scores, pasted (50/40/10, NPS 40).
  await tabOf(page, "#period-a", "Paste scores").click();
  await scoresBox(page, "#period-a").fill(KNOWN.join("\n"));
  // B: 20 promoters, 40 passives, 40 detractors (NPS −20).
  await countBox(page, "#period-b", /^Promoters/).fill("20");
  await countBox(page, "#period-b", /^Passives/).fill("40");
  await countBox(page, "#period-b", /^Detractors/).fill("40");
  // Var(A) = 0.6 − 0.4² = 0.44, Var(B) = 0.6 − 0.2² = 0.56; SE = √(0.0044 + 0.0056) = 0.1,
  // z = −0.6/0.1 = −6, p ≈ 2·10⁻⁹; 95% interval −60 ± 19.6 → [−79.6, −40.4].
  let v = await verdict();
  assert.equal(v.delta, "-60");
  assert.equal(v.badge, "Significant");
  assert.equal(
    v.text,
    "From A to B the NPS fell by 60 points (40 → -20). The difference is statistically significant at the 95% level (p < 0.001): it is unlikely to be chance.",
  );
  assert.equal(v.ci, "With 95% confidence the true change is between -79.6 and -40.4 points.");
  // The chart: the change and its interval around zero (axis ±100 here).
  const chart = await page.evaluate(() => {
    const svg = document.getElementById("diff-chart");
    const ci = svg.querySelector(".ci");
    return { alt: svg.getAttribute("aria-label"), cx: +svg.querySelector(".dot").getAttribute("cx"), x1: +ci.getAttribute("x1"), x2: +ci.getAttribute("x2"), sig: ci.classList.contains("sig") };
  });
  assert.equal(chart.alt, "Chart: the change is -60 points, with its interval from -79.6 to -40.4; the vertical line is no change.");
  const x = (d) => 30 + ((d + 100) / 200) * 540;
  assert.ok(Math.abs(chart.cx - x(-60)) < 0.01 && Math.abs(chart.x1 - x(-79.6)) < 0.1 && Math.abs(chart.x2 - x(-40.4)) < 0.1, JSON.stringify(chart));
  assert.equal(chart.sig, true);
  await page.screenshot({ path: join(shots, "desktop-compare.png"), fullPage: true });

  // B: 49 promoters, 41 passives, 10 detractors (NPS 39). Var(B) = 0.59 − 0.39² = 0.4379;
  // SE = √(0.0044 + 0.004379) = 0.09370, z = −0.01/0.0937 = −0.107, p = 0.915.
  await countBox(page, "#period-b", /^Promoters/).fill("49");
  await countBox(page, "#period-b", /^Passives/).fill("41");
  await countBox(page, "#period-b", /^Detractors/).fill("10");
  v = await verdict();
  assert.equal(v.delta, "-1");
  assert.equal(v.badge, "Not significant");
  assert.equal(
    v.text,
    "From A to B the NPS fell by 1 point (40 → 39). The difference is not statistically significant at the 95% level (p = 0.92): it could be chance. More responses would tell.",
  );

  // Both periods at 90%: the comparison follows them (z·SE with z = 1.645).
  for (const id of ["#period-a", "#period-b"]) await page.locator(id).getByLabel("Confidence").selectOption("0.9");
  v = await verdict();
  assert.match(v.text, /not statistically significant at the 90% level \(p = 0\.92\)/);
  assert.match(v.ci, /^With 90% confidence the true change is between -16\.4 and \+14\.4 points\.$/);

  // No data on one side: no verdict.
  await countBox(page, "#period-b", /^Promoters/).fill("");
  await countBox(page, "#period-b", /^Passives/).fill("");
  await countBox(page, "#period-b", /^Detractors/).fill("");
  v = await verdict();
  assert.equal(v.delta, "—");
  assert.equal(v.text, "Enter scores or counts for both periods to compare them.");
  assert.deepEqual(problems, []);
  await context.close();
});

test("CSAT and CES tabs: paste and counts", async () => {
  const { page, context, problems } = await open(DESKTOP, "#csat");
  // CSAT on 1–5, satisfied = 4 and 5: 7 of 10 → 70%; mean 37/10 = 3.7.
  // Wilson 95%: centre (0.7 + 1.96²/20)/(1 + 1.96²/10) = 0.6445, half-width 0.2477 → [39.7%, 89.2%].
  await scoresBox(page, "#csat").fill("5\n5\n4\n4\n4\n3\n2\n1\n5\n4");
  let v = await view(page, "#csat");
  assert.equal(v.value, "70%");
  assert.equal(v.summary, "CSAT 70%: 7 of 10 responses are satisfied (4–5). Average 3.7 out of 5.");
  assert.equal(v.interval, "With 95% confidence the true CSAT is between 40% and 89%.");
  assert.equal(v.hist, "Answers by score: 1: 1, 2: 1, 3: 1, 4: 4, 5: 3.");
  await page.screenshot({ path: join(shots, "desktop-csat.png"), fullPage: true });
  // Counts per point give the same.
  await tabOf(page, "#csat", "Type counts").click();
  for (const [k, c] of [[1, 1], [2, 1], [3, 1], [4, 4], [5, 3]]) await countBox(page, "#csat", { name: `Number of answers with score ${k}`, exact: true }).fill(String(c));
  const counted = await view(page, "#csat");
  for (const k of ["value", "summary", "interval", "hist"]) assert.equal(counted[k], v[k], k);
  // Scale 1–7: satisfied from 6 by default; a 6 in the counts… and bad paste rows name the scale.
  await tabOf(page, "#csat", "Paste scores").click();
  await page.locator("#csat").getByRole("combobox", { name: "Scale" }).selectOption("1-7");
  await scoresBox(page, "#csat").fill("7\n6\n5\n8");
  v = await view(page, "#csat");
  assert.deepEqual(v.errors, ["row 4: 8 is not a 1–7 score"]);

  // CES on 1–7, higher is easier: 7, 6, 5, 1 → mean 4.75; easy (6–7) 2/4 = 50%,
  // difficult (1–2) 1/4 = 25%, net effort +25.
  await page.locator("#tab-ces").click();
  await scoresBox(page, "#ces").fill("7 6 5 1");
  v = await view(page, "#ces");
  assert.equal(v.value, "4.75");
  assert.equal(
    v.summary,
    "Average effort score 4.75 on a 1–7 scale (higher is easier). 50% found it easy, 25% difficult: net effort +25.",
  );
  assert.equal(v.bar, "Shares: Difficult 25%, Neutral 25%, Easy 50%.");
  await page.screenshot({ path: join(shots, "desktop-ces.png"), fullPage: true });
  // Lower is easier: the same answers read the other way: easy (1–2) 25%, difficult (6–7) 50%.
  await page.locator("#ces").getByRole("checkbox", { name: "A higher answer means less effort" }).uncheck();
  v = await view(page, "#ces");
  assert.equal(v.bar, "Shares: Difficult 50%, Neutral 25%, Easy 25%.");
  assert.equal(v.result.higherIsEasier, false);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Portuguese labels and number formats", async () => {
  const { page, context, problems } = await open();
  await page.getByRole("button", { name: "PT" }).click();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "pt-BR");
  await scoresBox(page, "#nps").fill("Nota\n" + KNOWN.join("\n"));
  const v = await view(page, "#nps");
  assert.equal(v.chip, "Aperfeiçoamento");
  assert.equal(v.interval, "Com 95% de confiança, o NPS real está entre 26 e 52. Margem de erro: ±12,9 pontos.");
  assert.equal(v.bar, "Proporções: Detratores 10%, Neutros 40%, Promotores 50%.");
  assert.equal(v.info, "A linha 1 é um cabeçalho (“Nota”) e não é contada.");
  await page.locator("#nps").getByRole("tab", { name: "Digitar contagens" }).click();
  await countBox(page, "#nps", /^Promotores/).fill("2");
  await countBox(page, "#nps", /^Neutros/).fill("1");
  await countBox(page, "#nps", /^Detratores/).fill("0");
  assert.equal((await view(page, "#nps")).value, "66,7"); // 100·2/3
  await page.screenshot({ path: join(shots, "desktop-nps-pt.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("Romanian labels, number formats and plurals, and back to English", async () => {
  const { page, context, problems } = await open();
  await page.getByRole("button", { name: "RO" }).click();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "ro");
  assert.equal(await page.getByRole("button", { name: "RO" }).getAttribute("aria-pressed"), "true");
  assert.equal(await page.getByRole("button", { name: "EN" }).getAttribute("aria-pressed"), "false");
  assert.equal(await page.locator("h1").textContent(), "Calculator NPS");
  assert.equal(await page.title(), "Calculator NPS · cx-metrics");
  assert.equal(await page.locator("#tab-compare").textContent(), "Comparați perioade");
  assert.equal(await page.locator("#tab-health").textContent(), "Scoruri de sănătate");
  assert.equal(await page.getByRole("tablist", { name: "Calculatoare" }).count(), 1);
  // The element: "promotori / pasivi / detractori", a decimal comma, "%" after a no-break space.
  const pct = (n) => `${n}\u00a0%`;
  await scoresBox(page, "#nps").fill("Scor\n" + KNOWN.join("\n"));
  let v = await view(page, "#nps");
  assert.equal(v.value, "40");
  assert.equal(v.chip, "Rezonabil");
  assert.equal(v.summary, `NPS 40 (rezonabil) din 100 de răspunsuri: ${pct(50)} promotori, ${pct(40)} pasivi, ${pct(10)} detractori.`);
  assert.equal(v.interval, `Cu o încredere de ${pct(95)}, NPS-ul real este între 26 și 52. Marjă de eroare: ±12,9 puncte.`);
  assert.equal(v.bar, `Ponderi: Detractori ${pct(10)}, Pasivi ${pct(40)}, Promotori ${pct(50)}.`);
  assert.equal(v.gauge, "Indicator: NPS 40 pe o scală de la −100 la 100.");
  assert.equal(v.info, "Rândul 1 este un antet („Scor”) și nu este numărat.");
  assert.equal(v.meta.split(" · ")[0], "100 de răspunsuri numărate");
  // Bad rows, in Romanian.
  await scoresBox(page, "#nps").fill("Scor\n9\n11\nabc\n7.5");
  v = await view(page, "#nps");
  assert.deepEqual(v.errors, [
    "rândul 3: 11 nu este un scor de la 0 la 10",
    "rândul 4: „abc” nu este un număr",
    "rândul 5: 7.5 nu este un număr întreg",
  ]);
  assert.equal(v.errorsTitle, "3 rânduri nu pot fi numărate:");
  // Three plural forms: 1; 2–19 and numbers ending in 01–19; 20 and up with "de".
  await tabOf(page, "#nps", "Tastați totaluri").click();
  for (const [p, pa, d, meta] of [
    ["1", "0", "0", "1 răspuns numărat"],
    ["2", "0", "0", "2 răspunsuri numărate"],
    ["12", "5", "2", "19 răspunsuri numărate"],
    ["12", "6", "2", "20 de răspunsuri numărate"],
    ["60", "30", "11", "101 răspunsuri numărate"],
    ["600", "400", "250", "1.250 de răspunsuri numărate"],
  ]) {
    await countBox(page, "#nps", /^Promotori/).fill(p);
    await countBox(page, "#nps", /^Pasivi/).fill(pa);
    await countBox(page, "#nps", /^Detractori/).fill(d);
    assert.equal((await view(page, "#nps")).meta.split(" · ")[0], meta);
  }
  await countBox(page, "#nps", /^Promotori/).fill("2");
  await countBox(page, "#nps", /^Pasivi/).fill("1");
  await countBox(page, "#nps", /^Detractori/).fill("0");
  assert.equal((await view(page, "#nps")).value, "66,7"); // 100·2/3
  await page.screenshot({ path: join(shots, "desktop-nps-ro.png"), fullPage: true });

  // The comparison: A 118/64/58 (NPS 25), B 152/60/44 (NPS 42.1875): +17.2 points, p = 0.016,
  // 95% interval [3.2, 31.2] (the engine's npsCompare, as the English test works it out).
  await page.locator("#tab-compare").click();
  await page.waitForFunction(() => document.querySelector("#period-b").result?.score != null && document.getElementById("verdict-text").textContent.startsWith("De la"));
  assert.equal(await page.locator("#period-a").evaluate((el) => el.shadowRoot.getElementById("title").textContent), "Perioada A");
  assert.equal(await page.locator("#delta").textContent(), "+17,2");
  assert.equal(await page.locator("#badge").textContent(), "Semnificativă");
  assert.equal(
    await page.locator("#verdict-text").textContent(),
    `De la A la B, NPS-ul a crescut cu 17,2 puncte (25 → 42,2). Diferența este semnificativă statistic la nivelul de ${pct(95)} (p = 0,016): este puțin probabil să fie întâmplătoare.`,
  );
  assert.equal(await page.locator("#verdict-ci").textContent(), `Cu o încredere de ${pct(95)}, variația reală este între +3,2 și +31,2 puncte.`);
  // CSAT and CES speak Romanian too.
  await page.locator("#tab-csat").click();
  assert.equal(await tabOf(page, "#csat", "Lipiți scoruri").getAttribute("aria-selected"), "true");
  assert.match((await view(page, "#csat")).bar, /^Ponderi: Nemulțumiți [\d,]+\u00a0%, Mulțumiți [\d,]+\u00a0%\.$/);
  await page.locator("#tab-ces").click();
  assert.match((await view(page, "#ces")).bar, /^Ponderi: Dificil [\d,]+\u00a0%, Neutru [\d,]+\u00a0%, Ușor [\d,]+\u00a0%\.$/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), DESKTOP.width);

  // Back to English: the page, the elements and the numbers.
  await page.getByRole("button", { name: "EN" }).click();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  assert.equal(await page.getByRole("button", { name: "RO" }).getAttribute("aria-pressed"), "false");
  assert.equal(await page.locator("h1").textContent(), "NPS calculator");
  await page.locator("#tab-compare").click(); // the comparison is worked out when its tab is shown
  assert.equal(await page.locator("#verdict-ci").textContent(), "With 95% confidence the true change is between +3.2 and +31.2 points.");
  await page.locator("#tab-nps").click();
  assert.equal(await tabOf(page, "#nps", "Type counts").getAttribute("aria-selected"), "true");
  v = await view(page, "#nps");
  assert.equal(v.value, "66.7");
  assert.equal(v.meta.split(" · ")[0], "3 responses counted");
  assert.equal(await countBox(page, "#nps", /^Promoters/).inputValue(), "2");
  // The choice is remembered.
  await page.getByRole("button", { name: "RO" }).click();
  await page.reload();
  await page.waitForFunction(() => document.querySelector("#nps")?.result?.score != null, null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => document.documentElement.lang), "ro");
  assert.equal(await tabOf(page, "#nps", "Lipiți scoruri").getAttribute("aria-selected"), "true");
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard, labels, live region, phone width; screenshots of every tab", async () => {
  const { page, context, problems } = await open();
  // Page tabs: arrow keys move and select.
  await page.locator("#tab-nps").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-compare");
  assert.equal(await page.locator("#tab-compare").getAttribute("aria-selected"), "true");
  assert.equal(await page.locator("#panel-compare").isVisible(), true);
  await page.keyboard.press("End");
  assert.equal(await page.locator("#tab-segments").getAttribute("aria-selected"), "true");
  await page.keyboard.press("Home");
  assert.equal(await page.locator("#tab-nps").getAttribute("aria-selected"), "true");
  // The element's own tabs.
  const paste = tabOf(page, "#nps", "Paste scores");
  await paste.focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await tabOf(page, "#nps", "Type counts").getAttribute("aria-selected"), "true");
  assert.equal(await countBox(page, "#nps", /^Promoters/).isVisible(), true);
  await page.keyboard.press("Tab"); // the checked "Group" radio
  assert.equal(await page.evaluate(() => document.querySelector("#nps").shadowRoot.activeElement.value), "group");
  await page.keyboard.press("Tab");
  await page.keyboard.type("3");
  await page.keyboard.press("Tab");
  await page.keyboard.type("1");
  assert.equal((await view(page, "#nps")).value, "75"); // 3 promoters, 1 passive: 100·3/4

  // Every form control, in the page and in every shadow root, has an accessible name.
  const unlabelled = await page.evaluate(() => {
    const out = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll("input, select, textarea, button")) {
        const named = el.labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || (el.tagName === "BUTTON" && el.textContent.trim());
        if (!named) out.push(el.outerHTML.slice(0, 80));
      }
      for (const el of root.querySelectorAll("*")) if (el.shadowRoot) visit(el.shadowRoot);
    };
    visit(document);
    return out;
  });
  assert.deepEqual(unlabelled, []);
  const live = await page.evaluate(() =>
    [...document.querySelectorAll("nps-calculator, csat-calculator, ces-calculator")].map((el) => el.shadowRoot.querySelector('[aria-live="polite"][role="status"]') !== null),
  );
  assert.deepEqual(live, [true, true, true, true, true]);

  for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    await page.setViewportSize(viewport);
    for (const tab of ["nps", "compare", "csat", "ces", "segments"]) {
      await page.locator(`#tab-${tab}`).click();
      if (tab === "segments") await page.waitForFunction(() => document.querySelectorAll("#seg-table tbody tr").length > 0, null, { timeout: 20000 });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.equal(width, viewport.width, `${name} ${tab}: no horizontal scroll`);
      if (name === "phone" || tab === "compare") await page.screenshot({ path: join(shots, `${name}-${tab}.png`), fullPage: true });
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("100 000 pasted scores: all counted, recomputed on a keystroke", async () => {
  const { page, context, problems } = await open();
  // 100 000 = 1000 × the known column: NPS 40, 50 000 promoters.
  await page.evaluate((known) => {
    document.querySelector("#nps").scores = Array.from({ length: 100000 }, (_, i) => known[i % 100]).join("\n");
  }, KNOWN);
  const box = scoresBox(page, "#nps");
  await box.focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n9");
  await page.waitForFunction(() => document.querySelector("#nps").result.responses === 100001);
  const v = await view(page, "#nps");
  assert.equal(v.result.responses, 100001);
  assert.equal(v.result.promoters, 50001);
  assert.match(v.meta, /^100,001 responses counted/);
  const ms = await page.evaluate(() => document.querySelector("#nps").lastComputeMs);
  assert.ok(typeof ms === "number" && ms > 0, `lastComputeMs = ${ms}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the inlined module is decoded natively in Chromium (btoa, Uint8Array.fromBase64), to the same bytes as one character per byte", async () => {
  const { page, context, problems } = await open();
  const r = await page.evaluate(async () => {
    const { bytesOf } = await import("/pkg/runtime.js");
    const expected = new Uint8Array(256 * 7 + 5);
    for (let i = 0; i < expected.length; i++) expected[i] = (i * 7 + (i >> 8)) & 255;
    const text = String.fromCharCode(...expected);
    const btoa = globalThis.btoa;
    let encoded = 0;
    globalThis.btoa = (s) => (encoded++, btoa(s));
    try {
      const got = bytesOf(text);
      return { native: typeof Uint8Array.fromBase64 === "function", encoded, same: got.length === expected.length && got.every((b, i) => b === expected[i]) };
    } finally {
      globalThis.btoa = btoa;
    }
  });
  assert.deepEqual(r, { native: true, encoded: 1, same: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("a classic script bundle in a page without a charset (read as windows-1252) still loads the module", async () => {
  // A bundler's IIFE keeps the inlined module's characters as UTF-8; a page
  // without <meta charset>, served without a charset, reads it as
  // windows-1252 (Chromium's default here), which garbled the module.
  const { buildSync } = await import("esbuild");
  const bundled = buildSync({
    entryPoints: [join(site.root, "pkg", "index.js")],
    bundle: true,
    format: "iife",
    globalName: "cx",
    charset: "utf8",
    write: false,
    logLevel: "silent",
  }).outputFiles[0].contents;
  assert.ok(bundled.some((b) => b >= 0x80), "the bundle holds bytes above 0x7F, as most bundlers write it");
  const origin = "http://charset.test";
  const { page, context, problems } = await watchedPage(site.browser, origin);
  await context.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/") return route.fulfill({ status: 200, headers: { "content-type": "text/html" }, body: '<!doctype html><title>x</title><script src="/cx.js"></script><p id="out"></p><script>document.getElementById("out").textContent = String(cx.nps([10, 9, 0]).score)</script>' });
    if (path === "/cx.js") return route.fulfill({ status: 200, headers: { "content-type": "text/javascript" }, body: Buffer.from(bundled) });
    return route.fulfill({ status: 404, body: "" });
  });
  await page.goto(`${origin}/`);
  assert.equal(await page.evaluate(() => document.characterSet), "windows-1252");
  // Two promoters (10, 9) and one detractor (0) of three: (2 − 1) / 3 · 100.
  assert.equal(await page.textContent("#out"), String((100 * (2 - 1)) / 3));
  assert.deepEqual(problems.filter((p) => !p.includes("favicon")), []);
  await context.close();
});
