// Bundled public holidays and holiday rules in calendars: published lists
// (the US Office of Personnel Management's federal holidays, GOV.UK's bank
// holidays, Romania's Labour Code art. 139), and calendars that use them.
// The sets are also checked year by year, 2000–2050, against the Python
// `holidays` package in the Rust tests (src/time/countries.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { publicHolidays, businessDays, addBusinessDays, businessDuration, isBusinessTime } from "../../pkg/tickets.js";
import { throwsCode } from "../support/errors.mjs";

const dates = (list) => list.map((h) => h.date);
const week = Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["09:00", "17:00"]]]));

test("US federal holidays 2026 as OPM publishes them (4 July on a Saturday is observed Friday 3rd)", () => {
  const us = publicHolidays("US", { from: 2026 });
  assert.deepEqual(dates(us), ["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-07-04", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"]);
  assert.equal(us.find((h) => h.date === "2026-07-03").observed, true);
  // Juneteenth is a federal holiday from 2021.
  assert.ok(!dates(publicHolidays("US", { from: 2020 })).some((d) => d.endsWith("-06-19")));
  assert.ok(dates(publicHolidays("US", { from: 2021 })).includes("2021-06-18"), "19 June 2021 was a Saturday: observed Friday 18th");
});

test("England and Wales bank holidays 2026–2027 as GOV.UK lists them", () => {
  assert.deepEqual(dates(publicHolidays("GB", { subdivision: "ENG", from: 2026, to: 2027 })).filter((d) => !["2026-12-26", "2027-12-25", "2027-12-26"].includes(d)), [
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
    "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
  ]);
});

test("UK substitute days carry the name of the holiday they stand for (GOV.UK: 2021 and 2022; Scotland 2022 and 2023)", () => {
  const subs = (y, subdivision) => publicHolidays("GB", { subdivision, from: y, to: y }).filter((h) => h.observed).map((h) => [h.date, h.name]);
  // Christmas on a Saturday: Christmas Day (substitute) Monday 27th, Boxing Day (substitute) Tuesday 28th.
  assert.deepEqual(subs(2021, "ENG"), [["2021-12-27", "Christmas Day"], ["2021-12-28", "Boxing Day"]]);
  // Christmas on a Sunday: Boxing Day on Monday 26th, Christmas Day (substitute) Tuesday 27th; 1 January a Saturday: Monday 3rd.
  assert.deepEqual(subs(2022, "ENG"), [["2022-01-03", "New Year's Day"], ["2022-12-27", "Christmas Day"]]);
  // Scotland 2022: 1 January (Saturday) → Monday 3rd, 2 January (Sunday) → Tuesday 4th.
  assert.deepEqual(subs(2022, "SCT").filter(([d]) => d.startsWith("2022-01")), [["2022-01-03", "New Year's Day"], ["2022-01-04", "New Year Holiday"]]);
  // Scotland 2023: 1 January a Sunday, 2 January the Monday: New Year's Day (substitute) Tuesday 3rd.
  assert.deepEqual(subs(2023, "SCT").filter(([d]) => d.startsWith("2023-01")), [["2023-01-03", "New Year's Day"]]);
});

test("Romania 2026 (Labour Code art. 139): Orthodox Easter and Pentecost, 24 January, 30 November", () => {
  assert.deepEqual(
    [...new Set(dates(publicHolidays("RO", { from: 2026 })))],
    ["2026-01-01", "2026-01-02", "2026-01-06", "2026-01-07", "2026-01-24", "2026-04-10", "2026-04-12", "2026-04-13", "2026-05-01", "2026-05-31", "2026-06-01", "2026-08-15", "2026-11-30", "2026-12-01", "2026-12-25", "2026-12-26"],
  );
});

test("Texas's Christmas Eve moves before a Christmas observed on Friday, and off a Sunday to Friday (previous-free-weekday)", () => {
  const eve = (year) => publicHolidays("US", { subdivision: "TX", from: year, to: year }).filter((h) => h.name === "Christmas Eve").map((h) => [h.date, h.observed]);
  // 2021: Christmas (Saturday) is observed Friday 24th, so Christmas Eve on Thursday 23rd.
  assert.deepEqual(eve(2021), [["2021-12-23", true], ["2021-12-24", false]]);
  // 2023: the 24th is a Sunday: Friday 22nd. 2022: a Saturday: Friday 23rd. 2025: a Wednesday.
  assert.deepEqual(eve(2023), [["2023-12-22", true], ["2023-12-24", false]]);
  assert.deepEqual(eve(2022), [["2022-12-23", true], ["2022-12-24", false]]);
  assert.deepEqual(eve(2025), [["2025-12-24", false]]);
  // The same rule in a calendar of one's own: a team that closes on 31 July,
  // or on the weekday before when the 31st is a weekend or already closed.
  const cal = { timeZone: "UTC", week, holidays: ["*-07-30", { month: 7, day: 31, observed: "previous-free-weekday" }] };
  // 2027: 31 July is a Saturday, the 30th (Friday) is closed already: Thursday 29th.
  assert.equal(isBusinessTime("2027-07-29T10:00:00Z", cal), false);
  assert.equal(isBusinessTime("2027-07-28T10:00:00Z", cal), true);
  throwsCode(() => isBusinessTime(0, { timeZone: "UTC", week, holidays: [{ month: 7, day: 31, observed: "previous-weekday" }] }), "INVALID_CALENDAR", { field: "calendar.holidays[0].observed" });
});

test("a calendar with a bundled set and rules of its own", () => {
  const cal = { timeZone: "Europe/Berlin", week, holidays: [{ country: "DE", subdivision: "BY" }, "*-12-24", { month: 11, weekday: "fri", nth: -1, name: "company day" }] };
  // 21 Dec 2026 – 10 Jan 2027: 15 weekdays less 24, 25 Dec, 1 Jan and 6 Jan (Bavaria).
  assert.equal(businessDays("2026-12-21", "2027-01-11", cal), 11);
  assert.equal(addBusinessDays("2026-12-23", 1, cal), "2026-12-28");
  // The last Friday of November 2026 is the 27th.
  assert.equal(isBusinessTime("2026-11-27T10:00:00+01:00", cal), false);
  assert.equal(isBusinessTime("2026-11-26T10:00:00+01:00", cal), true);
  // A half day every 31 December.
  const half = { timeZone: "Europe/Berlin", week, overrides: { "*-12-31": [["09:00", "12:00"]] } };
  assert.equal(businessDuration("2027-12-31T00:00:00+01:00", "2028-01-01T00:00:00+01:00", half), 3 * 3_600_000);
});

test("errors name the country, subdivision or rule", () => {
  throwsCode(() => publicHolidays("XX"), "INVALID_OPTION", { field: "country" });
  throwsCode(() => publicHolidays("US", { subdivision: "ZZ" }), "INVALID_OPTION", { field: "subdivision" });
  throwsCode(() => publicHolidays("US", { from: 2026, to: 2025 }), "INVALID_OPTION", { field: "to" });
  throwsCode(() => businessDays("2026-01-01", "2026-02-01", { timeZone: "UTC", week, holidays: { country: "XX" } }), "INVALID_CALENDAR", { field: "calendar.holidays[0].country" });
  throwsCode(() => businessDays("2026-01-01", "2026-02-01", { timeZone: "UTC", week, holidays: [{ month: 2, weekday: "mon", nth: 6 }] }), "INVALID_CALENDAR", { field: "calendar.holidays[0].nth" });
});
