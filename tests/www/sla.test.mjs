// The demo page's "SLA due dates" tab in Chromium: a business calendar from
// a small form, a creation time read in the calendar's zone, the due time by
// addBusinessTime, "now", and the 7 days from the creation drawn with their
// business hours, public holidays and markers. The due times are worked out
// by hand in the comments, not computed by the library. Screenshots go to
// tests/artifacts/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { demoSite, watchedPage } from "../support/browser.mjs";

const site = demoSite();
const { shots } = site;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"];

async function open(viewport = DESKTOP, url = "#sla") {
  const w = await watchedPage(site.browser, site.server.url, viewport);
  const requests = [];
  w.page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await site.goto(w.page, url);
  if (url.includes("#sla")) await drawn(w.page);
  else await w.page.waitForFunction(() => document.querySelector("#nps")?.result?.score != null, null, { timeout: 15000 });
  return { ...w, requests };
}

/** Waits for the week strip. */
const drawn = (page) => page.waitForFunction(() => document.querySelectorAll("#sla-week .sla-bar").length === 7, null, { timeout: 30000 });

/** Sets the whole form, so that the result does not depend on the browser's zone or clock. */
async function setForm(page, { zone = "Europe/Berlin", days = WEEKDAYS, hours = [["09:00", "17:00"]], night = false, country = "DE", created, target }) {
  await page.locator("#sla-zone").selectOption(zone);
  for (const d of ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]) await page.locator(`#sla-day-${d}`).setChecked(days.includes(d));
  const [first, second = ["", ""]] = hours;
  await page.locator("#sla-open-1").fill(first[0]);
  await page.locator("#sla-close-1").fill(first[1]);
  await page.locator("#sla-open-2").fill(second[0]);
  await page.locator("#sla-close-2").fill(second[1]);
  await page.locator("#sla-night").setChecked(night);
  await page.locator("#sla-country").selectOption(country);
  await page.locator("#sla-created").fill(created);
  await page.locator("#sla-target").fill(String(target));
}

const state = (page) =>
  page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent;
    return {
      due: text("sla-due"),
      error: document.getElementById("sla-error").hidden ? null : text("sla-error"),
      elapsed: text("sla-elapsed"),
      now: text("sla-now"),
      days: [...document.querySelectorAll("#sla-week .sla-day")].map((li) => ({
        date: li.dataset.date,
        label: li.querySelector(".sla-date").textContent,
        holiday: li.querySelector(".sla-holiday-name")?.textContent ?? null,
        alt: li.querySelector(".sla-bar").getAttribute("aria-label"),
        open: [...li.querySelectorAll(".sla-open")].map((s) => [parseFloat(s.style.left), parseFloat(s.style.width)]),
        marks: [...li.querySelectorAll(".sla-mark")].map((m) => [m.classList.contains("created") ? "created" : "due", parseFloat(m.style.left), m.textContent]),
      })),
      later: document.querySelector("#sla-week .sla-later")?.textContent ?? null,
      holidays: [...document.querySelectorAll("#sla-holidays li")].map((li) => li.textContent),
    };
  });

/** Every text and attribute of the page: "NaN" must be nowhere. */
const nowhereNaN = async (page) => {
  const found = await page.evaluate(() => {
    const out = [];
    if (/NaN/.test(document.body.innerText)) out.push("text");
    for (const el of document.querySelectorAll("#panel-sla *")) {
      for (const a of el.attributes) if (/NaN|undefined|Infinity/.test(a.value)) out.push(`${el.tagName}@${a.name}=${a.value}`);
      if (/NaN|undefined|Infinity/.test(el.textContent)) out.push(`${el.tagName}#${el.id}: ${el.textContent.slice(0, 80)}`);
    }
    return out;
  });
  assert.deepEqual(found, []);
};

const near = (a, b, at) => assert.ok(Math.abs(a - b) < 0.01, `${at}: ${a} ≠ ${b}`);

test("the tab loads the tickets module when opened; a ticket due the next morning", async () => {
  const { page, context, problems, requests } = await open(DESKTOP, "");
  assert.equal(requests.filter((r) => r.endsWith("/tickets.js")).length, 0, "the tickets module waits for its tab");
  await page.locator("#tab-sla").click();
  await drawn(page);
  assert.equal(requests.filter((r) => r.endsWith("/tickets.js")).length, 1);
  assert.equal(new URL(page.url()).hash, "#sla");
  assert.equal(await page.locator("#panel-sla").isVisible(), true);

  // Berlin, Mon–Fri 09:00–17:00, German holidays. Created Thursday 12 March
  // 2026 at 16:00 with 2 business hours: 16:00–17:00 on Thursday is one, and
  // Friday 13 March (no holiday in Germany) opens at 09:00: the second ends
  // at 10:00. On the clock, 16:00 to 10:00 the next day is 18 hours.
  await setForm(page, { created: "2026-03-12T16:00", target: 2 });
  let v = await state(page);
  assert.equal(v.due, "Due Friday 13 March, 10:00 (Europe/Berlin)");
  assert.equal(v.error, null);
  assert.equal(v.elapsed, "That is 18 hours after the ticket was created.");
  // The strip: the 7 days from Thursday 12 March, 09:00–17:00 shaded on the
  // weekdays (from 37.5% of the day for 33.3% of it), the weekend closed.
  assert.deepEqual(v.days.map((d) => d.date), ["2026-03-12", "2026-03-13", "2026-03-14", "2026-03-15", "2026-03-16", "2026-03-17", "2026-03-18"]);
  assert.deepEqual(v.days.map((d) => d.label), ["Thu 12 Mar", "Fri 13 Mar", "Sat 14 Mar", "Sun 15 Mar", "Mon 16 Mar", "Tue 17 Mar", "Wed 18 Mar"]);
  assert.deepEqual(v.days.map((d) => d.alt), [
    "Thursday 12 March: open 09:00–17:00. Created at 16:00.",
    "Friday 13 March: open 09:00–17:00. Due at 10:00.",
    "Saturday 14 March: closed.",
    "Sunday 15 March: closed.",
    "Monday 16 March: open 09:00–17:00.",
    "Tuesday 17 March: open 09:00–17:00.",
    "Wednesday 18 March: open 09:00–17:00.",
  ]);
  for (const [i, d] of v.days.entries()) {
    assert.equal(d.open.length, i === 2 || i === 3 ? 0 : 1, d.date);
    if (d.open.length) {
      near(d.open[0][0], 37.5, d.date);
      near(d.open[0][1], 100 / 3, d.date);
    }
  }
  // The markers: created at 16:00 (2/3 of Thursday), due at 10:00 (10/24 of Friday).
  assert.equal(v.days[0].marks.length, 1);
  assert.deepEqual([v.days[0].marks[0][0], v.days[0].marks[0][2]], ["created", "created 16:00"]);
  near(v.days[0].marks[0][1], 200 / 3, "created");
  assert.deepEqual([v.days[1].marks[0][0], v.days[1].marks[0][2]], ["due", "due 10:00"]);
  near(v.days[1].marks[0][1], (100 * 10) / 24, "due");
  assert.equal(v.later, null);
  assert.deepEqual(v.holidays, ["None in these days."]);
  // "Now" is whatever the clock says; its sentence is complete.
  assert.match(v.now, /^Now \([A-Z][a-z]+day \d{1,2} [A-Z][a-z]+( \d{4})?, \d\d:\d\d\) is (business time|outside business hours)\. Next closing: .+\. Next opening: .+\.$/);
  await page.screenshot({ path: join(shots, "desktop-sla.png"), fullPage: true });

  // The same wall-clock times in another zone give the same wall-clock due time.
  await page.locator("#sla-zone").selectOption("America/Sao_Paulo");
  await page.locator("#sla-country").selectOption("BR");
  assert.equal((await state(page)).due, "Due Friday 13 March, 10:00 (America/Sao_Paulo)");

  // Across the change to summer time: Friday 27 March 2026 at 16:00 in
  // Berlin, 2 business hours: 16:00–17:00 on Friday, then Monday 30 March
  // 09:00–10:00. Clocks go forward on Sunday 29 March (02:00 → 03:00), so
  // Friday 16:00 CET to Monday 10:00 CEST is 66 − 1 = 65 hours: 2 days, 17 hours.
  await setForm(page, { created: "2026-03-27T16:00", target: 2 });
  v = await state(page);
  assert.equal(v.due, "Due Monday 30 March, 10:00 (Europe/Berlin)");
  assert.equal(v.elapsed, "That is 2 days, 17 hours after the ticket was created.");
  assert.equal(v.days[3].alt, "Monday 30 March: open 09:00–17:00. Due at 10:00.");
  near(v.days[3].open[0][0], 37.5, "after the change");
  // Beyond the 7 days: 40 business hours from Friday 16:00 are 1 on Friday,
  // 32 from Monday 30 March to Thursday 2 April, then Good Friday (3 April)
  // and Easter Monday (6 April) are holidays: the last 7 end on Tuesday 7
  // April at 16:00.
  await page.locator("#sla-target").fill("40");
  v = await state(page);
  assert.equal(v.due, "Due Tuesday 7 April, 16:00 (Europe/Berlin)");
  assert.equal(v.later, "The due time is after these 7 days.");
  assert.deepEqual(v.days.flatMap((d) => d.marks.map((m) => m[0])), ["created"]);
  await nowhereNaN(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test("public holidays in view are drawn and named; a substitute day and a night shift", async () => {
  const { page, context, problems } = await open();
  // Wednesday 23 December 2026, 09:00, 17 business hours, Mon–Fri 09:00–17:00
  // in Germany: Wednesday 8 h, Thursday 24 December 8 h (not a public
  // holiday), Friday 25 and Saturday 26 are holidays, Sunday is closed, and
  // Monday 28 December 09:00–10:00 is the last hour.
  await setForm(page, { created: "2026-12-23T09:00", target: 17 });
  let v = await state(page);
  assert.equal(v.due, "Due Monday 28 December, 10:00 (Europe/Berlin)");
  const byDate = Object.fromEntries(v.days.map((d) => [d.date, d]));
  assert.equal(byDate["2026-12-25"].holiday, "Erster Weihnachtstag");
  assert.equal(byDate["2026-12-26"].holiday, "Zweiter Weihnachtstag");
  assert.equal(byDate["2026-12-24"].holiday, null);
  assert.equal(byDate["2026-12-25"].alt, "Friday 25 December: closed, public holiday (Erster Weihnachtstag).");
  assert.deepEqual(byDate["2026-12-25"].open, []);
  assert.equal(await page.locator('#sla-week li[data-date="2026-12-25"]').evaluate((li) => li.classList.contains("holiday")), true);
  assert.deepEqual(v.holidays, ["Friday 25 December — Erster Weihnachtstag", "Saturday 26 December — Zweiter Weihnachtstag"]);
  await page.screenshot({ path: join(shots, "desktop-sla-holidays.png"), fullPage: true });

  // In Great Britain Boxing Day (Saturday 26) is also taken on Monday 28:
  // the last hour moves to Tuesday 29 December, 09:00–10:00.
  await page.locator("#sla-country").selectOption("GB");
  v = await state(page);
  assert.equal(v.due, "Due Tuesday 29 December, 10:00 (Europe/Berlin)");
  assert.deepEqual(v.holidays, [
    "Friday 25 December — Christmas Day",
    "Saturday 26 December — Boxing Day",
    "Monday 28 December — Boxing Day (substitute day)",
  ]);
  assert.equal(v.days.find((d) => d.date === "2026-12-28").holiday, "Boxing Day (substitute day)");
  // No country: no holidays, and Friday 25 December is a working day
  // (Wednesday 8 h, Thursday 8 h, Friday 09:00–10:00).
  await page.locator("#sla-country").selectOption("");
  v = await state(page);
  assert.equal(v.due, "Due Friday 25 December, 10:00 (Europe/Berlin)");
  assert.deepEqual(v.holidays, ["Choose a country to close its public holidays."]);

  // A night shift crossing midnight: Thursday 24 December 16:00 in Germany,
  // 4 business hours: 16:00–17:00, then Thursday's 22:00–06:00 runs into
  // the holiday (the interval belongs to Thursday): 22:00–01:00 on Friday.
  // Thursday also has the end of Wednesday's night, 00:00–06:00.
  await setForm(page, { created: "2026-12-24T16:00", target: 4, night: true });
  v = await state(page);
  assert.equal(v.due, "Due Friday 25 December, 01:00 (Europe/Berlin)");
  assert.equal(v.days[0].alt, "Thursday 24 December: open 00:00–06:00, 09:00–17:00, 22:00–24:00. Created at 16:00.");
  assert.equal(v.days[1].alt, "Friday 25 December: open 00:00–06:00, public holiday (Erster Weihnachtstag). Due at 01:00.");
  near(v.days[1].open[0][0], 0, "from midnight");
  near(v.days[1].open[0][1], 25, "to 06:00");
  // Saturday 26 has no shift (Friday was a holiday); Monday has no early hours (Sunday is not a working day).
  assert.equal(v.days[2].alt, "Saturday 26 December: closed, public holiday (Zweiter Weihnachtstag).");
  assert.equal(v.days[4].alt, "Monday 28 December: open 09:00–17:00, 22:00–24:00.");
  // Two intervals a day.
  await setForm(page, { hours: [["09:00", "12:00"], ["13:00", "18:00"]], created: "2026-03-12T11:00", target: 3 });
  v = await state(page);
  // 11:00–12:00 and 13:00–15:00 on Thursday 12 March.
  assert.equal(v.due, "Due Thursday 12 March, 15:00 (Europe/Berlin)");
  assert.equal(v.days[0].alt, "Thursday 12 March: open 09:00–12:00, 13:00–18:00. Created at 11:00. Due at 15:00.");
  await nowhereNaN(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test("errors: the library's message for a bad calendar, a sentence for a missing input, never NaN", async () => {
  const { page, context, problems } = await open();
  await setForm(page, { created: "2026-03-12T16:00", target: 2 });
  // No working day: the calendar has no hours.
  await setForm(page, { days: [], created: "2026-03-12T16:00", target: 2 });
  let v = await state(page);
  assert.equal(v.due, "—");
  // The message is the library's own (the amount in ms and the start in UTC).
  assert.equal(v.error, "calendar: has no 7200000 ms of business time after 2026-03-12T15:00:00Z within 100 years");
  assert.equal(v.elapsed, "");
  assert.deepEqual(v.days.map((d) => d.alt.endsWith("closed.") || d.alt.endsWith("Created at 16:00.")), Array(7).fill(true));
  assert.match(v.now, /is outside business hours\. No closing within 100 years\. No opening within 100 years\.$/);
  await nowhereNaN(page);
  // Overlapping intervals: the library names the day and the intervals.
  await setForm(page, { hours: [["09:00", "12:00"], ["11:00", "13:00"]], created: "2026-03-12T16:00", target: 2 });
  v = await state(page);
  assert.equal(v.due, "—");
  assert.equal(v.error, "calendar.week.mon: 09:00–12:00 overlaps 11:00–13:00");
  assert.deepEqual(v.days, []);
  assert.equal(v.now, "");
  await nowhereNaN(page);
  // Half an interval.
  await setForm(page, { hours: [["09:00", ""]], created: "2026-03-12T16:00", target: 2 });
  assert.equal((await state(page)).error, 'calendar.week.mon[0]: "" is not a time of day (HH:MM, from 00:00 to 24:00)');
  // Back to a good calendar, then no target and no creation time.
  await setForm(page, { created: "2026-03-12T16:00", target: 2 });
  assert.equal((await state(page)).error, null);
  await page.locator("#sla-target").fill("");
  v = await state(page);
  assert.deepEqual([v.due, v.error, v.elapsed], ["—", "Enter the SLA target in business hours (a number).", ""]);
  assert.equal(v.days.length, 7, "the week is still drawn");
  await nowhereNaN(page);
  await page.locator("#sla-target").fill("2");
  await page.locator("#sla-created").fill("");
  v = await state(page);
  assert.deepEqual([v.due, v.error], ["—", "Enter when the ticket was created."]);
  assert.deepEqual(v.days, []);
  await nowhereNaN(page);
  // More time than a century of business hours: the library's message again.
  await page.locator("#sla-created").fill("2026-03-12T16:00");
  await page.locator("#sla-target").fill("1e12");
  v = await state(page);
  assert.equal(v.due, "—");
  assert.equal(v.error, "ms is 3600000000000000000; at most 100 years (3.15576e12 ms) of business time can be added");
  await nowhereNaN(page);
  // A year the library does not take (a datetime-local goes up to 275760): its message.
  await page.locator("#sla-target").fill("2");
  for (const created of ["9999-12-31T16:00", "275760-09-12T16:00"]) {
    await page.locator("#sla-created").fill(created);
    v = await state(page);
    assert.equal(v.due, "—", created);
    assert.match(v.error, /^instant is .+; timestamps are epoch milliseconds from -9999-01-02T01:59:59Z to 9999-12-30T22:00:00Z \(dates of years -9999 to 9999 in every time zone\)$/, created);
    assert.deepEqual(v.days, [], created);
    await nowhereNaN(page);
  }
  await page.screenshot({ path: join(shots, "desktop-sla-error.png"), fullPage: true });
  // A time the clocks skip (Berlin, 29 March 2026, 02:00 → 03:00) is read
  // as after the change: 02:30 is 03:30 summer time; Monday 09:00–11:00.
  await page.locator("#sla-created").fill("2026-03-29T02:30");
  v = await state(page);
  assert.equal(v.days[0].alt, "Sunday 29 March: closed. Created at 03:30.");
  assert.equal(v.due, "Due Monday 30 March, 11:00 (Europe/Berlin)");
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: the page tabs reach the tab, Tab goes on into its form; every control has a name; axe", async () => {
  const { page, context, problems } = await open(DESKTOP, "#health");
  await page.locator("#tab-health").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-sla");
  assert.equal(await page.locator("#tab-sla").getAttribute("aria-selected"), "true");
  assert.equal(await page.locator("#tab-sla").getAttribute("tabindex"), "0");
  assert.equal(await page.locator("#panel-sla").isVisible(), true);
  assert.equal(new URL(page.url()).hash, "#sla");
  await drawn(page);
  // End still lands on the last tab; back by one arrow.
  await page.keyboard.press("End");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-segments");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-sla");
  // Into the panel: the time zone first, then the working days.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "sla-zone");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "sla-day-mon");
  // Saturday by keyboard: Space ticks it.
  for (let i = 0; i < 5; i++) await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "sla-day-sat");
  const before = await page.locator("#sla-day-sat").isChecked();
  await page.keyboard.press("Space");
  assert.equal(await page.locator("#sla-day-sat").isChecked(), !before);
  // Every control has a name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll("#panel-sla input, #panel-sla select, #panel-sla button")]
      .filter((el) => !(el.labels?.length || el.getAttribute("aria-label")))
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unnamed, []);
  assert.equal(await page.getByLabel("Opens at", { exact: true }).count(), 1);
  assert.equal(await page.getByRole("group", { name: "Working days" }).getByRole("checkbox").count(), 7);
  assert.equal(await page.getByRole("status").filter({ hasText: /^Due / }).count(), 1);
  assert.equal(await page.getByRole("img", { name: /^Thursday|^Monday|^Tuesday|^Wednesday|^Friday|^Saturday|^Sunday/ }).count(), 7);
  // axe, colour contrast included, on the tab with an example.
  await setForm(page, { created: "2026-12-23T09:00", target: 17, night: true });
  await page.addScriptTag({ content: readFileSync(join(site.root, "node_modules", "axe-core", "axe.min.js"), "utf8") });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document.getElementById("panel-sla"), { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the time zone starts as the browser's own when it is in the list, and the creation time as now", async () => {
  const context = await site.browser.newContext({ timezoneId: "Asia/Tokyo", viewport: DESKTOP });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await site.goto(page, "#sla");
  await drawn(page);
  assert.equal(await page.locator("#sla-zone").inputValue(), "Asia/Tokyo");
  // Now on Tokyo's clock (UTC+9, no summer time), to the minute.
  const tokyo = (ms) => new Date(ms + 9 * 3600000).toISOString().slice(0, 16);
  const value = await page.locator("#sla-created").inputValue();
  const now = Date.now();
  assert.ok([tokyo(now), tokyo(now - 60000)].includes(value), `${value} is not now in Tokyo`);
  await context.close();
  // A zone that is not in the list: UTC.
  const other = await site.browser.newContext({ timezoneId: "America/Anchorage", viewport: DESKTOP });
  const p2 = await other.newPage();
  await site.goto(p2, "#sla");
  await drawn(p2);
  assert.equal(await p2.locator("#sla-zone").inputValue(), "UTC");
  await other.close();
  assert.deepEqual(errors, []);
});

test("Romanian and Portuguese labels and dates; a phone", async () => {
  const { page, context, problems, requests } = await open(DESKTOP, "?lang=ro#sla");
  assert.equal(await page.locator("#tab-sla").textContent(), "Termene SLA");
  assert.equal(await page.getByRole("tablist", { name: "Calculatoare" }).getByRole("tab", { name: "Termene SLA" }).count(), 1);
  await setForm(page, { created: "2026-03-12T16:00", target: 2 });
  let v = await state(page);
  assert.equal(v.due, "Termen: vineri, 13 martie, ora 10:00 (Europe/Berlin)");
  assert.equal(v.elapsed, "Adică la 18 ore după crearea tichetului.");
  assert.equal(v.days[1].alt, "vineri, 13 martie: deschis 09:00–17:00. Termen la 10:00.");
  assert.equal(await page.locator('label[for="sla-created"]').textContent(), "Creat la");
  assert.equal(await page.locator('#sla-country option[value="DE"]').textContent(), "Germania (DE)");
  assert.match(v.now, /^Acum \(.+\) este (în programul de lucru|în afara programului de lucru)\. /);
  await setForm(page, { created: "2026-12-23T09:00", target: 17 });
  v = await state(page);
  assert.equal(v.due, "Termen: luni, 28 decembrie, ora 10:00 (Europe/Berlin)");
  assert.deepEqual(v.holidays, ["vineri, 25 decembrie — Erster Weihnachtstag", "sâmbătă, 26 decembrie — Zweiter Weihnachtstag"]);
  await page.screenshot({ path: join(shots, "desktop-sla-ro.png"), fullPage: true });
  await nowhereNaN(page);

  // Portuguese, switched on the page: the same result, reworded; the module is not loaded again.
  await page.getByRole("button", { name: "PT" }).click();
  assert.equal(await page.locator("#tab-sla").textContent(), "Prazos de SLA");
  v = await state(page);
  assert.equal(v.due, "Prazo: segunda-feira, 28 de dezembro, 10:00 (Europe/Berlin)");
  assert.equal(v.days[2].alt, "sexta-feira, 25 de dezembro: fechado, feriado (Erster Weihnachtstag).");
  assert.equal(await page.locator("#sla-day-sat + span").textContent(), "sáb");
  assert.equal(requests.filter((r) => r.endsWith("/tickets.js")).length, 1);
  // English again.
  await page.getByRole("button", { name: "EN" }).click();
  assert.equal((await state(page)).due, "Due Monday 28 December, 10:00 (Europe/Berlin)");
  assert.deepEqual(problems, []);
  await context.close();

  const phone = await open(PHONE, "?lang=ro#sla");
  await setForm(phone.page, { created: "2026-12-23T09:00", target: 17, night: true });
  assert.equal(await phone.page.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
  await phone.page.screenshot({ path: join(shots, "phone-sla-ro.png"), fullPage: true });
  await nowhereNaN(phone.page);
  assert.deepEqual(phone.problems, []);
  await phone.context.close();
});
