// The demo page's "Health scores" tab in Chromium: a form that writes a
// healthScores spec, a CSV of accounts, and the scores coloured by band with
// their trends and contributions, the portfolio's bands and average. The
// expected scores are worked out here by the rules of the README (scoring,
// Gainsight's renormalisation, coverage, bands, trend), independently of
// the library, for whatever spec the form shows. Screenshots go to
// tests/artifacts/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { demoSite, watchedPage } from "../support/browser.mjs";
import { readCsv } from "../support/csv.mjs";

const site = demoSite();
const { shots } = site;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const RGB = { "#d64545": "rgb(214, 69, 69)", "#e6b800": "rgb(230, 184, 0)", "#2e9e5b": "rgb(46, 158, 91)" };

// ------------------------------------------------------------------ reference

/** The columns of a CSV text (RFC 4180, lone CRs ending lines too), by header. */
function csvColumns(text) {
  const rows = readCsv(text, { loneCr: true });
  const body = rows.slice(1).filter((r) => r.some((c) => c.trim() !== ""));
  return Object.fromEntries(rows[0].map((h, i) => [h.trim(), body.map((r) => (r[i] ?? "").trim())]));
}

const value = (c) => (c === undefined || c === null || String(c).trim() === "" || Number.isNaN(Number(c)) ? null : Number(c));

/** Health scores by the rules of the README. */
function reference(columns, spec) {
  const n = Object.values(columns)[0].length;
  const measures = spec.groups.flatMap((g, gi) => g.measures.map((m) => ({ g, gi, m, w: m.weight ?? 1, values: columns[m.column].map(value) })));
  const points = (m, v, values) => {
    const s = m.scoring;
    const lower = m.direction === "lower";
    if (s.type === "thresholds") {
      const p = { good: 100, average: 50, poor: 0, ...s.points };
      if (lower) return v <= s.good ? p.good : v >= s.poor ? p.poor : p.average;
      return v >= s.good ? p.good : v <= s.poor ? p.poor : p.average;
    }
    if (s.type === "ranges") return s.ranges.find((r) => (r.min === undefined || v >= r.min) && (r.max === undefined || v < r.max)).points;
    if (s.type === "linear") {
      const x = 100 * Math.max(0, Math.min(1, (v - s.min) / (s.max - s.min)));
      return lower ? 100 - x : x;
    }
    const have = values.filter((x) => x !== null);
    const below = have.filter((x) => x < v).length;
    const equal = have.filter((x) => x === v).length;
    const x = have.length === 1 ? 50 : (100 * (below + (equal - 1) / 2)) / (have.length - 1);
    return lower ? 100 - x : x;
  };
  const bands = spec.bands ?? [
    { label: "red", color: "#d64545", min: 0, max: 50 },
    { label: "yellow", color: "#e6b800", min: 50, max: 75 },
    { label: "green", color: "#2e9e5b", min: 75, max: 100 },
  ];
  const groupW = spec.groups.map((g) => g.weight ?? 1);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const accounts = [];
  for (let i = 0; i < n; i++) {
    const rows = measures.map((x) => {
      const v = x.values[i];
      let p = v === null ? null : points(x.m, v, x.values);
      if (p === null && spec.missing === "zero") p = 0;
      if (p === null && spec.missing === "neutral") p = spec.neutralScore ?? 50;
      return { ...x, v, p };
    });
    // Renormalised effective weights: a group's share among the groups with a value, times the measure's share in its group.
    const inGroup = spec.groups.map((_, gi) => sum(rows.filter((r) => r.gi === gi && r.p !== null).map((r) => r.w)));
    const groupsW = sum(groupW.filter((_, gi) => inGroup[gi] > 0));
    const contributions = rows.map((r) => {
      const weight = r.p === null ? 0 : (groupW[r.gi] / groupsW) * (r.w / inGroup[r.gi]);
      return { measure: r.m.name ?? r.m.column, contribution: weight * (r.p ?? 0), missing: r.v === null };
    });
    // Coverage: the share of the full effective weights that had a value.
    const coverage = sum(rows.map((r) => (r.v === null ? 0 : (groupW[r.gi] / sum(groupW)) * (r.w / sum(spec.groups[r.gi].measures.map((m) => m.weight ?? 1))))));
    let score = groupsW > 0 ? sum(contributions.map((c) => c.contribution)) : null;
    if (coverage < (spec.minCoverage ?? 0)) score = null;
    const band = score === null ? null : bands.find((b, k) => score >= b.min && (score < b.max || (k === bands.length - 1 && score <= b.max)));
    const previous = spec.trend ? value(columns[spec.trend.column][i]) : null;
    const eps = spec.trend?.epsilon ?? 1;
    const trend = score === null || previous === null ? null : score - previous > eps ? "up" : previous - score > eps ? "down" : "flat";
    accounts.push({ id: spec.id ? columns[spec.id][i] : null, score, band, trend, previous, coverage, contributions });
  }
  const scored = accounts.filter((a) => a.score !== null).map((a) => a.score).sort((a, b) => a - b);
  const k = scored.length;
  return {
    accounts,
    average: k ? sum(scored) / k : null,
    median: k ? (k % 2 ? scored[(k - 1) / 2] : (scored[k / 2 - 1] + scored[k / 2]) / 2) : null,
    bands: bands.map((b) => ({ label: b.label, count: accounts.filter((a) => a.band === b).length })),
    scored: k,
  };
}

// ------------------------------------------------------------------ the page

const f1 = (v) => v.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const signed = (v) => (v >= 0 ? "+" : "-") + f1(Math.abs(v));

async function open(viewport = DESKTOP, url = "#health") {
  const w = await watchedPage(site.browser, site.server.url, viewport);
  const requests = [];
  w.page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await site.goto(w.page, url);
  if (url.includes("#health")) await scores(w.page);
  return { ...w, requests };
}

/** Waits for the table of scores. */
const scores = (page) => page.waitForFunction(() => document.querySelectorAll("#health-table tbody tr").length > 0, null, { timeout: 30000 });

/** The spec the form produced (its JSON view) and the accounts in the CSV box. */
const inputs = (page) => page.evaluate(() => ({ spec: JSON.parse(document.getElementById("health-json").value), csv: document.getElementById("health-csv").value }));

const table = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("#health-table tbody tr")].map((tr) => {
      const pill = tr.querySelector(".hpill");
      const trend = tr.querySelector(".htrend");
      return {
        account: tr.querySelector("th").textContent,
        score: pill.textContent,
        background: pill.style.background ? getComputedStyle(pill).backgroundColor : null,
        band: tr.querySelector(".hband").textContent,
        trend: trend ? trend.getAttribute("aria-label") : null,
        arrow: trend?.textContent ?? null,
        coverage: tr.querySelector("td.num").textContent,
        contributions: tr.querySelector(".hcontrib-text").textContent,
        bar: [...tr.querySelectorAll(".hbar span")].map((s) => parseFloat(s.style.width)),
      };
    }),
  );

/**
 * Each row of the table beside the reference's account for the form's spec
 * and the CSV (as many rows as accounts): `check(row, account, label)`.
 * Returns the reference.
 */
async function eachAccount(page, check) {
  const { spec, csv } = await inputs(page);
  const want = reference(csvColumns(csv), spec);
  const rows = await table(page);
  assert.equal(rows.length, want.accounts.length);
  rows.forEach((row, i) => check(row, want.accounts[i], `${want.accounts[i].id}: ${JSON.stringify(row)}`));
  return want;
}

/** The table must show what the reference computes for the form's spec and the CSV. */
async function assertScores(page) {
  const want = await eachAccount(page, (row, a, at) => {
    assert.equal(row.account, String(a.id), at);
    if (a.score === null) {
      assert.equal(row.score, "—", at);
      assert.equal(row.background, null, at);
      assert.match(row.band, /coverage/, at);
      assert.equal(row.trend, null, at);
      assert.deepEqual(row.bar, [], at);
    } else {
      assert.equal(row.score, f1(a.score), at);
      assert.equal(row.band, a.band.label, at);
      assert.equal(row.background, RGB[a.band.color] ?? a.band.color, at);
      const word = a.trend && { up: "up", flat: "flat", down: "down" }[a.trend];
      assert.equal(row.trend, word ? `Trend: ${word} (previous score ${f1(a.previous)})` : null, at);
      assert.equal(row.arrow, a.trend ? { up: "↑", flat: "→", down: "↓" }[a.trend] : null, at);
      assert.equal(row.contributions, a.contributions.map((c) => (c.missing ? `${c.measure} missing` : `${c.measure} ${signed(c.contribution)}`)).join(" · "), at);
      // The stacked bar: one segment per measure that added points, as wide as its points.
      const added = a.contributions.filter((c) => !c.missing && c.contribution > 0).map((c) => c.contribution);
      assert.equal(row.bar.length, added.length, at);
      row.bar.forEach((w, k) => assert.ok(Math.abs(w - added[k]) < 1e-3, at));
    }
    assert.equal(row.coverage, `${Math.round(100 * a.coverage)}%`, at);
  });
  const summary = await page.locator("#health-summary").textContent();
  assert.equal(summary, `${want.accounts.length} accounts, ${want.scored} scored. Average score ${f1(want.average)}, median ${f1(want.median)}.`);
  const legend = await page.locator(".hdist-legend:not(.measures) li").allTextContents();
  assert.deepEqual(legend, want.bands.map((b) => `${b.label}: ${b.count} (${Math.round((100 * b.count) / want.scored)}%)`));
  return want;
}

const field = (page, group, measure, label) => {
  let scope = page.getByRole("group", { name: `Group ${group}`, exact: true });
  if (measure) scope = scope.getByRole("group", { name: `Measure ${measure}`, exact: true });
  return scope.getByLabel(label, { exact: true });
};

// ------------------------------------------------------------------ tests

test("the example: scores coloured by band, trends, contributions, portfolio; the module loads with the tab", async () => {
  const { page, context, problems, requests } = await open(DESKTOP, "#nps");
  await page.waitForFunction(() => document.querySelector("#nps")?.result?.score != null, null, { timeout: 15000 });
  assert.equal(requests.filter((r) => r.endsWith("/tickets.js")).length, 0, "the table module waits for its tab");
  await page.locator("#tab-health").click();
  await scores(page);
  assert.equal(requests.filter((r) => r.endsWith("/tickets.js")).length, 1);
  assert.equal(new URL(page.url()).hash, "#health");
  const want = await assertScores(page);
  // By hand. Acme: logins 42 ≥ 20 → 100, seats 0.92 ≥ 0.9 → 100, 1 ticket → 100,
  // NPS 9 is above 4 of the 6 answers → 100·4/5 = 80: 0.4·100 + 0.3·100 + 0.3·80 = 94.
  // Umbrella has no NPS: Usage (2·100 + 97.14)/3 = 99.05 and Support 100 share
  // the weight, (0.4·99.05 + 0.3·100)/0.7 = 99.46, coverage 70%. Soylent has
  // only seat use: coverage 0.4·1/3 = 13% < 50%, no score.
  const rows = await table(page);
  const row = (name) => rows.find((r) => r.account === name);
  assert.deepEqual([row("Acme Corp").score, row("Acme Corp").band, row("Acme Corp").arrow], ["94.0", "green", "↑"]);
  assert.equal(row("Acme Corp").background, "rgb(46, 158, 91)");
  assert.equal(row("Acme Corp").contributions, "Logins +26.7 · Seats +13.3 · Tickets +30.0 · NPS +24.0");
  assert.deepEqual([row("Umbrella, Ltd").score, row("Umbrella, Ltd").coverage], ["99.5", "70%"]);
  assert.match(row("Umbrella, Ltd").contributions, /NPS missing$/);
  assert.equal(row("Soylent").score, "—");
  assert.equal(row("Soylent").coverage, "13%");
  assert.deepEqual(new Set(rows.filter((r) => r.background).map((r) => r.background)), new Set(Object.values(RGB)), "all three band colours");
  assert.deepEqual(new Set(rows.map((r) => r.arrow).filter(Boolean)), new Set(["↑", "→", "↓"]));
  assert.equal(want.scored, 7);
  // The portfolio bar: one segment per band, as wide as its share.
  const segments = await page.evaluate(() => [...document.querySelectorAll(".hdist-bar span")].map((s) => [parseFloat(s.style.width), getComputedStyle(s).backgroundColor]));
  assert.deepEqual(segments.map((s) => s[1]), [RGB["#d64545"], RGB["#e6b800"], RGB["#2e9e5b"]]);
  assert.ok(Math.abs(segments[2][0] - 300 / 7) < 1e-3, JSON.stringify(segments));
  assert.match(await page.locator(".hdist-bar").getAttribute("aria-label"), /^Accounts by band: red: 2 \(29%\), yellow: 2 \(29%\), green: 3 \(43%\)\.$/);
  assert.match(await page.locator("#health-status").textContent(), /^8 accounts read, computed in [\d.]+ ms\.$/);
  // The spec the form produced.
  const { spec } = await inputs(page);
  assert.equal(spec.groups.length, 3);
  assert.deepEqual(spec.groups[0].measures[0], { name: "Logins", column: "logins30d", weight: 2, scoring: { type: "thresholds", good: 20, poor: 5 } });
  assert.deepEqual(spec.trend, { column: "previousScore", epsilon: 1 });
  assert.equal(await page.locator("#health-errors").isVisible(), false);
  await page.screenshot({ path: join(shots, "desktop-health.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("editing the form changes the scores, and the Spec JSON follows; editing the JSON changes the form", async () => {
  const { page, context, problems } = await open();
  const before = await table(page);
  // Logins weighs as much as seat use in its group.
  await field(page, 1, 1, "Weight").fill("1");
  await assertScores(page);
  const after = await table(page);
  assert.notEqual(after.find((r) => r.account === "Globex").score, before.find((r) => r.account === "Globex").score);
  assert.equal(after.find((r) => r.account === "Acme Corp").score, "94.0", "all 100 in Usage: no change");
  assert.equal((await inputs(page)).spec.groups[0].measures[0].weight, 1);
  // Usage weighs twice as much.
  await field(page, 1, null, "Group weight").fill("80");
  await assertScores(page);
  assert.equal((await inputs(page)).spec.groups[0].weight, 80);
  // Seat use scored by rank instead: its bounds go away.
  const seats = field(page, 1, 2, "Scoring");
  await seats.selectOption("percentile");
  assert.equal(await field(page, 1, 2, "0 points at").count(), 0);
  assert.deepEqual((await inputs(page)).spec.groups[0].measures[1].scoring, { type: "percentile" });
  await assertScores(page);
  // Fewer tickets are better anyway; NPS read the other way round, for the test's sake.
  await field(page, 3, 1, "Better when").selectOption("lower");
  assert.equal((await inputs(page)).spec.groups[2].measures[0].direction, "lower");
  await assertScores(page);
  // Thresholds follow the direction: good and poor swap.
  await field(page, 1, 1, "Better when").selectOption("lower");
  assert.deepEqual((await inputs(page)).spec.groups[0].measures[0].scoring, { type: "thresholds", good: 5, poor: 20 });
  assert.equal(await field(page, 1, 1, "Good up to").inputValue(), "5");
  await assertScores(page);
  // The JSON view is editable: no minimum coverage, and Soylent gets a score.
  await page.locator("#health-json-box summary").click();
  const json = page.getByRole("textbox", { name: "The spec as JSON (editable)" });
  const spec = JSON.parse(await json.inputValue());
  spec.minCoverage = 0;
  await json.fill(JSON.stringify(spec, null, 2));
  assert.equal(await page.getByLabel("Minimum coverage (0–1)").inputValue(), "0");
  await assertScores(page);
  assert.equal((await table(page)).find((r) => r.account === "Soylent").score, "28.6"); // seat use 0.4: 100·0.2/0.7
  // Not JSON: said so, and the scores stay.
  await json.fill("{ oops");
  assert.match(await page.locator("#health-json-error").textContent(), /^Not valid JSON: /);
  assert.equal((await table(page)).length, 8);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an invalid spec shows each problem with its path, next to its field", async () => {
  const { page, context, problems } = await open();
  const weight = field(page, 1, 1, "Weight");
  await weight.fill("-1");
  const errors = () => page.evaluate(() => [...document.querySelectorAll("#health-errors-list li")].map((li) => li.textContent));
  let list = await errors();
  assert.equal(list.length, 1);
  assert.match(list[0], /^groups\[0\]\.measures\[0\]\.weight .*-1/);
  assert.equal(await page.locator("#health-errors-title").textContent(), "1 problem in the definition:");
  // Next to the field: the same message, tied to it.
  assert.equal(await weight.getAttribute("aria-invalid"), "true");
  const note = page.locator(`#${await weight.getAttribute("aria-describedby")}`);
  assert.equal(await note.textContent(), list[0].replace(/^groups\[0\]\.measures\[0\]\.weight /, ""));
  assert.equal(await note.isVisible(), true);
  assert.equal(await page.locator("#health-table tbody tr").count(), 0);
  assert.equal(await page.locator("#health-status").textContent(), "Correct the definition to see the scores.");
  assert.equal(await page.locator("#health-portfolio").isVisible(), false);
  await page.screenshot({ path: join(shots, "desktop-health-error.png"), fullPage: true });
  // The path goes to its field.
  await page.locator("#health-errors-list button").first().click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "groups[0].measures[0].weight");
  // More problems: coverage above 1, a range without its upper limit.
  await page.getByLabel("Minimum coverage (0–1)").fill("2");
  await page.getByRole("textbox", { name: "Upper limit of range 1" }).fill("");
  list = await errors();
  assert.equal(list.length, 3, JSON.stringify(list));
  assert.ok(list.some((e) => e.startsWith("minCoverage ")), JSON.stringify(list));
  assert.ok(list.some((e) => e.startsWith("groups[1].measures[0].scoring.ranges[0].max ")), JSON.stringify(list));
  assert.equal(await page.locator(".hrange-table .field-error").count(), 1);
  assert.equal(await page.getByRole("textbox", { name: "Upper limit of range 1" }).getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#health-errors-title").textContent(), "3 problems in the definition:");
  assert.doesNotMatch(await page.locator("body").innerText(), /NaN/);
  // Fixed: the scores are back.
  await weight.fill("2");
  await page.getByLabel("Minimum coverage (0–1)").fill("0.5");
  await page.getByRole("textbox", { name: "Upper limit of range 1" }).fill("3");
  await scores(page);
  assert.equal(await page.locator("#health-errors").isVisible(), false);
  assert.equal(await page.locator("[aria-invalid='true']").count(), 0);
  assert.equal(await page.locator(".field-error.inline").count(), 0);
  await assertScores(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a CSV file with quoted fields; measures added and removed", async () => {
  const { page, context, problems } = await open();
  const csv = [
    "account,logins30d,seatUse,tickets90d,nps,previousScore",
    '"Lopes, Silva & Filhos",40,"0.95",0,10,90',
    '"The ""Best"" Co",2,0.1,20,1,',
    '"Multi\nline",12,0.55,5,6,50',
  ].join("\r\n");
  await page.locator("#health-file").setInputFiles({ name: "accounts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.querySelectorAll("#health-table tbody tr").length === 3);
  const rows = await table(page);
  assert.deepEqual(rows.map((r) => r.account), ["Lopes, Silva & Filhos", 'The "Best" Co', "Multi\nline"]);
  await assertScores(page);
  assert.equal(rows[0].score, "100.0");
  assert.equal(rows[1].trend, null, "no previous score, no trend");
  // A new measure takes a column not used yet; here every one is used: the first numeric.
  await page.getByRole("group", { name: "Group 3", exact: true }).getByRole("button", { name: "Add a measure" }).click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "groups[2].measures[1].name");
  assert.deepEqual((await inputs(page)).spec.groups[2].measures[1], { name: "logins30d", column: "logins30d", weight: 1, scoring: { type: "percentile" } });
  await assertScores(page);
  await page.getByRole("button", { name: "Remove the measure logins30d" }).click();
  assert.equal((await inputs(page)).spec.groups[2].measures.length, 1);
  // A group added and removed.
  await page.getByRole("button", { name: "Add a group" }).click();
  assert.equal((await inputs(page)).spec.groups.length, 4);
  await assertScores(page);
  await page.getByRole("button", { name: "Remove the group Group 4" }).click();
  assert.equal((await inputs(page)).spec.groups.length, 3);
  await assertScores(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard, labels, Portuguese and a phone", async () => {
  const { page, context, problems } = await open(DESKTOP, "#ab");
  await page.locator("#tab-ab").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-health");
  assert.equal(await page.locator("#tab-health").getAttribute("aria-selected"), "true");
  assert.equal(await page.locator("#panel-health").isVisible(), true);
  await scores(page);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.getElementById("panel-health").contains(document.activeElement)), true);
  // Every control of the tab has a name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll("#panel-health input, #panel-health select, #panel-health textarea, #panel-health button")]
      .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || (el.tagName === "BUTTON" && el.textContent.trim())))
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unnamed, []);
  assert.equal(await page.locator("#health-table th[scope=col]").first().textContent(), "Account");
  await context.close();

  const pt = await open(PHONE, "?lang=pt#health");
  assert.equal(await pt.page.locator("#tab-health").textContent(), "Health score");
  assert.match(await pt.page.locator("#health-status").textContent(), /^8 contas lidas, calculado em [\d,]+ ms\.$/);
  const rows = await table(pt.page);
  assert.equal(rows[0].account, "Acme Corp");
  assert.equal(rows[0].score, "94,0");
  assert.equal(rows[0].band, "verde");
  assert.equal(rows[0].trend, "Tendência: subindo (nota anterior 80,0)");
  assert.equal(await pt.page.getByRole("group", { name: "Grupo 1", exact: true }).getByLabel("Nome do grupo").inputValue(), "Uso");
  assert.equal(await pt.page.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
  await pt.page.screenshot({ path: join(shots, "phone-health-pt.png"), fullPage: true });
  assert.deepEqual([...problems, ...pt.problems], []);
  await pt.context.close();
});

test("Romanian: labels, plurals, decimal commas in the table and in the form", async () => {
  const { page, context, problems } = await open(DESKTOP, "?lang=ro#health");
  const pct = (n) => `${n}\u00a0%`;
  assert.equal(await page.locator("#tab-health").textContent(), "Scoruri de sănătate");
  assert.match(await page.locator("#health-status").textContent(), /^8 conturi citite, calculat în [\d,]+ ms\.$/);
  const rows = await table(page);
  const row = (name) => rows.find((r) => r.account === name);
  assert.deepEqual([row("Acme Corp").score, row("Acme Corp").band], ["94,0", "verde"]);
  assert.equal(row("Acme Corp").trend, "Tendință: în creștere (scorul anterior 80,0)");
  assert.equal(row("Acme Corp").contributions, "Autentificări +26,7 · Licențe +13,3 · Tichete +30,0 · NPS +24,0");
  assert.deepEqual([row("Umbrella, Ltd").score, row("Umbrella, Ltd").coverage], ["99,5", pct(70)]);
  assert.match(row("Umbrella, Ltd").contributions, /NPS lipsă$/);
  assert.match(await page.locator("#health-summary").textContent(), /^8 conturi, 7 cu scor\. Scor mediu \d+,\d, mediana \d+,\d\.$/);
  assert.equal(
    await page.locator(".hdist-bar").getAttribute("aria-label"),
    `Conturi pe categorii: roșu: 2 (${pct(29)}), galben: 2 (${pct(29)}), verde: 3 (${pct(43)}).`,
  );
  const group1 = page.getByRole("group", { name: "Grupul 1", exact: true });
  assert.equal(await group1.getByLabel("Numele grupului").inputValue(), "Utilizare");
  // Numbers in the form are shown and read with a decimal comma.
  const seatsMin = group1.getByRole("group", { name: "Măsura 2", exact: true }).getByLabel("0 puncte la", { exact: true });
  assert.equal(await seatsMin.inputValue(), "0,2");
  await seatsMin.fill("0,3");
  assert.equal((await inputs(page)).spec.groups[0].measures[1].scoring.min, 0.3);
  await assertScoresRo(page);
  await page.screenshot({ path: join(shots, "desktop-health-ro.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

/** The table matches the reference (scores with a decimal comma, Romanian band names). */
async function assertScoresRo(page) {
  await eachAccount(page, (row, a, at) => {
    assert.equal(row.score, a.score === null ? "—" : a.score.toLocaleString("ro-RO", { minimumFractionDigits: 1, maximumFractionDigits: 1 }), at);
    if (a.score !== null) assert.equal(row.band, a.band.label, at);
  });
}
