// The demo page's "By segment" tab in Chromium: a 50 000-row CSV file
// (date, segment, score) becomes a table of NPS per segment × month with
// intervals, significant changes marked, a heat-map, a trend line per
// segment, and a CSV export. The expected numbers are counted here from the
// generated answers (independently of the library), and a screenshot goes
// to tests/artifacts/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { demoSite, watchedPage } from "../support/browser.mjs";
import { rng } from "../support/rng.mjs";

const site = demoSite();
const { shots } = site;

// 50 000 answers over six months of 2026 in five regions, with some blank
// and unreadable cells; "North" collapses in May.
function survey() {
  const r = rng(2026);
  const regions = ["East", "North", "South", "West", "Central"];
  const lines = ["submitted_at;region;nps_answer;comment"];
  const counts = new Map(); // region|month → [promoters, detractors, total]
  let skipped = 0;
  for (let i = 0; i < 50_000; i++) {
    const region = regions[Math.floor(r() * regions.length)];
    const month = 1 + Math.floor(r() * 6);
    const day = 1 + Math.floor(r() * 28);
    const base = region === "North" && month >= 5 ? 4 : 7.5;
    let score = Math.max(0, Math.min(10, Math.round(base + (r() - 0.5) * 6)));
    let cell = String(score);
    const odd = r();
    if (odd < 0.002) cell = ""; // a blank cell: no answer, not a 0
    else if (odd < 0.003) {
      cell = "n/a"; // invalid: skipped
      skipped++;
    }
    const date = `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")} ${String(Math.floor(r() * 24)).padStart(2, "0")}:15`;
    lines.push(`${date};${region};${cell};${i % 7 ? "ok" : '"slow; then fine"'}`);
    if (cell === "" || cell === "n/a") continue;
    const k = `${region}|2026-${String(month).padStart(2, "0")}`;
    const c = counts.get(k) ?? [0, 0, 0];
    if (score >= 9) c[0]++;
    else if (score <= 6) c[1]++;
    c[2]++;
    counts.set(k, c);
  }
  return { csv: lines.join("\n") + "\n", counts, skipped };
}

test("a 50 000-row CSV: NPS per segment × month, changes, heat-map, trend, export", async () => {
  const { csv, counts, skipped } = survey();
  const { page, problems } = await watchedPage(site.browser, site.server.url, { width: 1280, height: 900 });
  await site.goto(page, "#segments");
  // The example loads first.
  await page.waitForFunction(() => document.querySelectorAll("#seg-table tbody tr").length > 0, null, { timeout: 20000 });
  await page.locator("#seg-file").setInputFiles({ name: "survey.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.querySelector("#seg-table thead")?.textContent.includes("2026-06") && [...document.querySelectorAll("#seg-table tbody th")].some((th) => th.textContent === "North"), null, { timeout: 20000 });
  // The pickers guessed the columns by their headers.
  const picked = await page.evaluate(() => ["seg-date", "seg-segment", "seg-score"].map((id) => document.getElementById(id).selectedOptions[0].textContent));
  assert.deepEqual(picked, ["submitted_at", "region", "nps_answer"]);
  const table = await page.evaluate(() => {
    const head = [...document.querySelectorAll("#seg-table thead th")].map((th) => th.textContent);
    const rows = [...document.querySelectorAll("#seg-table tbody tr")].map((tr) => ({
      segment: tr.querySelector("th").textContent,
      cells: [...tr.querySelectorAll("td")].map((td) => ({ score: td.querySelector(".score")?.textContent ?? td.textContent, ci: td.querySelector(".ci")?.textContent ?? "", cls: td.className, bg: td.style.background })),
      spark: tr.querySelector(".spark path")?.getAttribute("d") ?? "",
    }));
    return { head, rows, status: document.getElementById("seg-status").textContent };
  });
  assert.deepEqual(table.head.slice(0, 7), ["Segment", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]);
  assert.deepEqual(table.rows.map((r) => r.segment), ["Central", "East", "North", "South", "West"]);
  // Every cell: NPS rounded, from the counts made here.
  for (const row of table.rows) {
    for (let m = 1; m <= 6; m++) {
      const [p, d, n] = counts.get(`${row.segment}|2026-0${m}`);
      const want = Math.round((100 * (p - d)) / n) || 0; // no −0
      const got = row.cells[m - 1].score.replace(/[▲▼ ]/g, "").replace("−", "-");
      assert.equal(Number(got), want, `${row.segment} 2026-0${m}`);
      assert.match(row.cells[m - 1].ci, /… /, "an interval under each score");
      assert.match(row.cells[m - 1].bg, /color-mix/, "a heat-map colour");
    }
    assert.match(row.spark, /^M[\d.]+,[\d.-]+(L[\d.]+,[\d.-]+){5}$/, "a trend line through six months");
  }
  // North collapses in May: a significant fall, marked; nothing else moves
  // that much.
  const north = table.rows.find((r) => r.segment === "North");
  assert.match(north.cells[4].score, /▼$/);
  assert.equal(north.cells[4].cls, "down");
  const answered = [...counts.values()].reduce((a, c) => a + c[2], 0);
  assert.match(table.status, new RegExp(`^${answered.toLocaleString("en-US")} answers in 5 segments; ${skipped} rows left out`));
  await page.screenshot({ path: join(shots, "segments-desktop.png"), fullPage: true });

  // The export is the table as CSV.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = readFileSync(await (await download).path(), "utf8").trim().split("\n");
  assert.equal(file[0], "segment,period,responses,nps,ci_low,ci_high,change,q_value,significant");
  assert.equal(file.length, 1 + 5 * 6);
  const may = file.find((l) => l.startsWith("North,2026-05,")).split(",");
  const [p, d, n] = counts.get("North|2026-05");
  assert.equal(Number(may[2]), n);
  assert.ok(Math.abs(Number(may[3]) - (100 * (p - d)) / n) < 1e-9);
  assert.equal(may[8], "true");

  // Quarters instead of months.
  await page.locator("#seg-every").selectOption("quarter");
  await page.waitForFunction(() => document.querySelector("#seg-table thead").textContent.includes("2026-Q2"));
  assert.deepEqual(problems, []);
});

test("Portuguese, and a file without the needed columns", async () => {
  const { page, problems } = await watchedPage(site.browser, site.server.url, { width: 390, height: 844 });
  await site.goto(page, "?lang=pt#segments");
  await page.waitForFunction(() => document.querySelectorAll("#seg-table tbody tr").length > 0, null, { timeout: 20000 });
  assert.equal(await page.locator("#tab-segments").textContent(), "Por segmento");
  assert.match(await page.locator("#seg-status").textContent(), /respostas em 4 segmentos/);
  await page.screenshot({ path: join(shots, "segments-phone-pt.png"), fullPage: true });
  await page.locator("#seg-text").fill("just one line");
  await page.waitForFunction(() => document.getElementById("seg-status").textContent.includes("cabeçalho"));
  assert.equal(await page.locator("#seg-table tbody tr").count(), 0);
  assert.deepEqual(problems, []);
});

test("Romanian, and a file without the needed columns", async () => {
  const { page, problems } = await watchedPage(site.browser, site.server.url, { width: 390, height: 844 });
  await site.goto(page, "?lang=ro#segments");
  await page.waitForFunction(() => document.querySelectorAll("#seg-table tbody tr").length > 0, null, { timeout: 20000 });
  assert.equal(await page.locator("#tab-segments").textContent(), "Pe segmente");
  // The example: 6 months × (120 + 160 + 200 + 240) answers = 4 320, "de" before the noun from 20 on.
  assert.match(await page.locator("#seg-status").textContent(), /^4\.320 de răspunsuri în 4 segmente\. Calculat în [\d,]+ ms\.$/);
  assert.equal(await page.locator("#seg-table thead th").first().textContent(), "Segment");
  await page.screenshot({ path: join(shots, "segments-phone-ro.png"), fullPage: true });
  await page.locator("#seg-text").fill("just one line");
  await page.waitForFunction(() => document.getElementById("seg-status").textContent.includes("antet"));
  assert.equal(await page.locator("#seg-table tbody tr").count(), 0);
  assert.deepEqual(problems, []);
});
