// Business time across every kind of local-time discontinuity: hand-worked
// cases (gaps, overlaps, a skipped day, 30-minute changes), the laws it must
// obey (never more than elapsed time; splitting an interval changes
// nothing; additivity), and a cross-check against an independent timeline
// walk on the JavaScript engine's own time-zone data, over random calendars
// in 24 zones chosen for their transitions.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { businessDuration, businessDurations } from "../../pkg/tickets.js";
import { timelineBusiness } from "../support/timeline-business.mjs";
import { rng } from "../support/rng.mjs";

const HOUR = 3_600_000;
const KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const everyDay = (timeZone, hours) => ({ timeZone, week: Object.fromEntries(KEYS.map((k) => [k, hours])) });

describe("hand-worked discontinuities", () => {
  test("an interval ending in a spring-forward gap is not counted twice (New York)", () => {
    const cal = everyDay("America/New_York", [["01:00", "02:30"], ["03:00", "04:00"]]);
    // 06:00Z–08:00Z is 01:00 EST to 04:00 EDT on Sunday 2026-03-08: 2 hours elapse, 2 are business.
    assert.equal(businessDuration("2026-03-08T06:00:00Z", "2026-03-08T08:00:00Z", cal), 2 * HOUR);
  });

  test("splitting an interval in two never changes a total", () => {
    const day = ["2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z"];
    assert.equal(businessDuration(...day, everyDay("America/New_York", [["02:00", "03:00"]])), 0);
    assert.equal(businessDuration(...day, everyDay("America/New_York", [["02:00", "02:30"], ["02:30", "03:00"]])), 0);
  });

  test("a day the zone skipped has no business time (Samoa, 30 December 2011)", () => {
    const cal = everyDay("Pacific/Apia", [["09:00", "18:00"]]);
    // 29 December to 1 January inclusive: the 29th, 31st and 1st.
    assert.equal(businessDuration("2011-12-29T00:00:00-10:00", "2012-01-02T00:00:00+14:00", cal), 27 * HOUR);
  });

  test("30-minute clock changes (Lord Howe Island)", () => {
    const cal = everyDay("Australia/Lord_Howe", [["01:00", "03:00"]]);
    assert.equal(businessDuration("2026-04-04T12:00:00Z", "2026-04-05T12:00:00Z", cal), 2.5 * HOUR);
    assert.equal(businessDuration("2026-10-03T12:00:00Z", "2026-10-04T12:00:00Z", cal), 1.5 * HOUR);
  });

  test("an interval that is empty is refused, saying so", () => {
    assert.throws(() => businessDuration(0, 1, everyDay("UTC", [["09:00", "09:00"]])), (e) => e.code === "INVALID_CALENDAR" && /is empty/.test(e.message));
  });

  test("an interval is two times: a third element is refused, not ignored", () => {
    for (const interval of [["09:00", "17:00", "18:00"], ["09:00"], []]) {
      assert.throws(
        () => businessDuration(0, 1, { timeZone: "UTC", week: { mon: [interval] } }),
        (e) => e.code === "INVALID_CALENDAR" && e.field === "calendar.week.mon[0]" && /an array of 2 elements/.test(e.message),
        JSON.stringify(interval),
      );
    }
  });
});

// Zones chosen for their transitions: gaps and overlaps at midnight, 30- and
// 45-minute offsets and changes, skipped days near the date line, permanent
// offset changes, Ramadan suspensions, two-hour changes.
const ZONES = [
  "America/New_York", "America/Sao_Paulo", "America/Santiago", "America/Havana", "America/Asuncion",
  "America/St_Johns", "America/Nuuk", "Europe/Lisbon", "Europe/London", "Europe/Moscow", "Europe/Chisinau",
  "Asia/Beirut", "Asia/Gaza", "Asia/Tehran", "Asia/Kathmandu", "Asia/Pyongyang", "Australia/Lord_Howe",
  "Australia/Adelaide", "Pacific/Apia", "Pacific/Chatham", "Pacific/Kiritimati", "Pacific/Fakaofo",
  "Antarctica/Troll", "Africa/Casablanca",
];

function randomCalendar(r, timeZone) {
  const t = (q) => `${String(Math.floor(q / 4)).padStart(2, "0")}:${String((q % 4) * 15).padStart(2, "0")}`;
  const hours = () => {
    const cuts = [...new Set(Array.from({ length: 2 * (1 + Math.floor(r() * 3)) }, () => Math.floor(r() * 97)))].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < cuts.length; i += 2) out.push([t(cuts[i]), t(cuts[i + 1])]);
    return out;
  };
  const week = Object.fromEntries(KEYS.filter(() => r() < 0.85).map((k) => [k, hours()]));
  const date = () => new Date(Date.UTC(2005, 0, 1) + Math.floor(r() * 19 * 365) * 86_400_000).toISOString().slice(0, 10);
  return { timeZone, week, holidays: [date(), date()], overrides: { [date()]: hours(), [date()]: [] } };
}

describe("cross-check with a timeline walk on the engine's own time-zone data", () => {
  for (const zone of ZONES) {
    test(zone, () => {
      const r = rng(zone.length * 131 + zone.charCodeAt(zone.length - 1));
      for (let round = 0; round < 3; round++) {
        const cal = randomCalendar(r, zone);
        const n = 60;
        const starts = new Float64Array(n);
        const ends = new Float64Array(n);
        const from = Date.UTC(2005, 0, 1);
        const span = Date.UTC(2024, 0, 1) - from;
        for (let i = 0; i < n; i++) {
          starts[i] = Math.floor(from + r() * span);
          ends[i] = Math.floor(starts[i] + r() * r() * 12 * 86_400_000);
        }
        const got = businessDurations(starts, ends, cal);
        for (let i = 0; i < n; i++) {
          const want = timelineBusiness(starts[i], ends[i], cal);
          assert.equal(got[i], want, `${new Date(starts[i]).toISOString()} → ${new Date(ends[i]).toISOString()} in ${JSON.stringify(cal)}`);
          assert.ok(got[i] <= ends[i] - starts[i]);
        }
      }
    });
  }
});
