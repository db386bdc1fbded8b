// Ticket KPIs and business-hours calendars, from the built package under
// Node: hand-worked cases (weekends, lunch breaks, holidays, DST nights,
// half-hour zones), a cross-check of business durations against an
// independent implementation on Luxon, spreadsheet percentiles, and errors.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { luxonBusiness, WEEKDAY_KEYS as KEYS } from "../support/luxon-business.mjs";
import { throwsCode as throwsCodeThen } from "../support/errors.mjs";
import { rng } from "../support/rng.mjs";
import { ticketMetrics, businessDuration, businessDurations, addBusinessTime } from "../../pkg/tickets.js";
import { nps } from "../../pkg/index.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function weekdays(timeZone, hours, extra = {}) {
  return { timeZone, week: Object.fromEntries(KEYS.slice(0, 5).map((k) => [k, hours])), ...extra };
}
const SP = weekdays("America/Sao_Paulo", [["09:00", "18:00"]]);

// Every error check also shows both modules keep working afterwards.
const throwsCode = (fn, code, extra = {}) =>
  throwsCodeThen(fn, code, extra, () => {
    assert.equal(businessDuration(0, HOUR, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } }), HOUR);
    assert.equal(nps([10]).score, 100);
  });

// ------------------------------------------------------------ independent reference


// Spreadsheet PERCENTILE.INC, written out directly.
function percentileInc(values, p) {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[lo + 1] ?? s[lo]) - s[lo]);
}

// ------------------------------------------------------------ business time

describe("business durations: hand-worked", () => {
  test("Friday 17:30 to Monday 09:15 is 45 business minutes (09:00–18:00 Mon–Fri)", () => {
    assert.equal(businessDuration("2026-03-06T17:30:00-03:00", "2026-03-09T09:15:00-03:00", SP), 45 * MIN);
    // Same instants as epoch ms and as Dates.
    const s = Date.parse("2026-03-06T20:30:00Z");
    const e = new Date("2026-03-09T12:15:00Z");
    assert.equal(businessDuration(s, e, SP), 45 * MIN);
  });

  test("lunch breaks are not business time", () => {
    const cal = weekdays("America/Sao_Paulo", [["09:00", "12:00"], ["13:00", "18:00"]]);
    // Tuesday 11:00 → 14:00: 1 h before lunch + 1 h after.
    assert.equal(businessDuration("2026-03-10T11:00:00-03:00", "2026-03-10T14:00:00-03:00", cal), 2 * HOUR);
    // A whole day is 8 hours, not 9.
    assert.equal(businessDuration("2026-03-10T00:00:00-03:00", "2026-03-11T00:00:00-03:00", cal), 8 * HOUR);
  });

  test("holidays close the day; overrides set special hours", () => {
    const cal = weekdays("Europe/Lisbon", [["09:00", "18:00"]], {
      holidays: ["2026-12-25"],
      overrides: { "2026-12-24": [["09:00", "13:00"]], "2026-12-26": [["10:00", "12:00"]] },
    });
    // Wed 23rd 17:00 → Mon 28th 10:00 (Lisbon is UTC+0 in winter):
    // 1 h (23rd) + 4 h (24th) + 0 (25th) + 2 h (Saturday 26th, override) + 1 h (28th).
    assert.equal(businessDuration("2026-12-23T17:00:00Z", "2026-12-28T10:00:00Z", cal), 8 * HOUR);
  });

  test("a ticket across the spring-forward night (New York)", () => {
    // Night shift 22:00–24:00 and 00:00–06:00 every day. On Sunday 2026-03-08
    // clocks jump from 02:00 to 03:00: the 00:00–06:00 shift lasts 5 hours.
    const night = { timeZone: "America/New_York", week: Object.fromEntries(KEYS.map((k) => [k, [["00:00", "06:00"], ["22:00", "24:00"]]])) };
    const start = "2026-03-07T21:00:00-05:00"; // Saturday 21:00 EST
    const end = "2026-03-08T07:00:00-04:00"; // Sunday 07:00 EDT
    assert.equal(businessDuration(start, end, night), 2 * HOUR + 5 * HOUR);
    // Elapsed time is 9 hours, not 10.
    assert.equal(Date.parse(end) - Date.parse(start), 9 * HOUR);
  });

  test("a ticket across the fall-back night (New York)", () => {
    const night = { timeZone: "America/New_York", week: Object.fromEntries(KEYS.map((k) => [k, [["00:00", "06:00"], ["22:00", "24:00"]]])) };
    // Sunday 2026-11-01: 01:00–02:00 happens twice; the 00:00–06:00 shift lasts 7 hours.
    assert.equal(businessDuration("2026-10-31T21:00:00-04:00", "2026-11-01T07:00:00-05:00", night), 2 * HOUR + 7 * HOUR);
  });

  test("daylight saving does not change a 09:00–18:00 day (Europe/Lisbon)", () => {
    const cal = { timeZone: "Europe/Lisbon", week: Object.fromEntries(KEYS.map((k) => [k, [["09:00", "18:00"]]])) };
    // Saturday 2026-03-28 12:00 → Monday 2026-03-30 12:00 spans the change on Sunday 29th at 01:00.
    assert.equal(businessDuration("2026-03-28T12:00:00Z", "2026-03-30T11:00:00Z", cal), 6 * HOUR + 9 * HOUR + 3 * HOUR);
  });

  test("half-hour and 45-minute offsets", () => {
    const kolkata = weekdays("Asia/Kolkata", [["09:00", "18:00"]]);
    // 09:00 IST is 03:30 UTC: 03:00–04:00 UTC on a Tuesday holds 30 business minutes.
    assert.equal(businessDuration("2026-03-10T03:00:00Z", "2026-03-10T04:00:00Z", kolkata), 30 * MIN);
    const kathmandu = weekdays("Asia/Kathmandu", [["09:00", "18:00"]]);
    assert.equal(businessDuration("2026-03-10T03:00:00Z", "2026-03-10T04:00:00Z", kathmandu), 45 * MIN);
    // Adelaide: UTC+10:30 in (southern) summer, +09:30 in winter.
    const adelaide = weekdays("Australia/Adelaide", [["09:00", "17:00"]]);
    assert.equal(businessDuration("2026-01-13T22:00:00Z", "2026-01-13T23:00:00Z", adelaide), 30 * MIN);
    assert.equal(businessDuration("2026-07-14T23:00:00Z", "2026-07-15T00:00:00Z", adelaide), 30 * MIN);
  });

  test("created outside business hours and answered before opening: zero", () => {
    assert.equal(businessDuration("2026-03-10T19:00:00-03:00", "2026-03-11T08:45:00-03:00", SP), 0);
    assert.equal(businessDuration("2026-03-07T10:00:00-03:00", "2026-03-08T20:00:00-03:00", SP), 0); // a weekend
    assert.equal(businessDuration("2026-03-10T10:00:00-03:00", "2026-03-10T10:00:00-03:00", SP), 0);
  });

  test("24:00 ends a day", () => {
    const cal = { timeZone: "UTC", week: { tue: [["20:00", "24:00"]], wed: [["00:00", "02:00"]] } };
    assert.equal(businessDuration("2026-03-10T19:00:00Z", "2026-03-11T03:00:00Z", cal), 6 * HOUR);
  });
});

describe("business durations: cross-check with Luxon", () => {
  const calendars = [
    SP,
    weekdays("America/New_York", [["08:30", "12:00"], ["13:00", "17:30"]], { holidays: ["2026-07-03", "2026-11-26"] }),
    { timeZone: "Europe/Lisbon", week: { mon: [["09:00", "18:00"]], wed: [["09:00", "18:00"]], sat: [["10:00", "14:00"]] }, overrides: { "2026-10-25": [["10:00", "12:00"]] } },
    weekdays("Asia/Kolkata", [["09:30", "13:00"], ["14:00", "18:30"]]),
    weekdays("Australia/Adelaide", [["09:00", "17:00"]]),
    { timeZone: "Pacific/Chatham", week: Object.fromEntries(KEYS.map((k) => [k, [["00:00", "24:00"]]])) },
  ];
  for (const cal of calendars) {
    test(`${cal.timeZone}: 1500 random tickets`, () => {
      const r = rng(cal.timeZone.length * 7919);
      const from = Date.parse("2025-06-01T00:00:00Z");
      const span = 550 * DAY;
      const starts = new Float64Array(1500);
      const ends = new Float64Array(1500);
      for (let i = 0; i < starts.length; i++) {
        starts[i] = Math.floor(from + r() * span);
        ends[i] = Math.floor(starts[i] + r() * r() * 20 * DAY);
      }
      const bulk = businessDurations(starts, ends, cal);
      for (let i = 0; i < starts.length; i++) {
        const want = luxonBusiness(starts[i], ends[i], cal);
        assert.equal(bulk[i], want, `bulk ${i}: ${new Date(starts[i]).toISOString()} → ${new Date(ends[i]).toISOString()}`);
        if (i % 10 === 0) assert.equal(businessDuration(starts[i], ends[i], cal), want);
      }
    });
  }
});

describe("business durations: bad input", () => {
  test("calendar rules", () => {
    throwsCode(() => businessDuration(0, 1, { timeZone: "Mars/Olympus_Mons", week: {} }), "UNKNOWN_TIME_ZONE", { field: "calendar.timeZone" });
    throwsCode(() => businessDuration(0, 1, { timeZone: "UTC", week: { mon: [["13:00", "13:00"]] } }), "INVALID_CALENDAR", { field: "calendar.week.mon[0]" });
    throwsCode(() => businessDuration(0, 1, { timeZone: "UTC", week: { mon: [["09:00", "12:30"], ["12:00", "18:00"]] } }), "INVALID_CALENDAR", {
      message: /09:00–12:30 overlaps 12:00–18:00/,
    });
    throwsCode(() => businessDuration(0, 1, { timeZone: "UTC", week: { mon: [["9am", "5pm"]] } }), "INVALID_CALENDAR");
    throwsCode(() => businessDuration(0, 1, { timeZone: "UTC", week: { monday: [] } }), "INVALID_CALENDAR", { field: "calendar.week.monday" });
    throwsCode(() => businessDuration(0, 1, { timeZone: "UTC", week: {}, holidays: ["2026-02-30"] }), "INVALID_CALENDAR", { field: "calendar.holidays[0]" });
    throwsCode(() => businessDuration(0, 1, { timeZone: "UTC", week: {}, holidays: "2026-12-25" }), "INVALID_CALENDAR", { field: "calendar.holidays" });
    throwsCode(() => businessDuration(0, 1, { timeZone: "UTC" }), "INVALID_CALENDAR", { field: "calendar.week" });
    throwsCode(() => businessDuration(0, 1, { week: {} }), "INVALID_CALENDAR", { field: "calendar.timeZone" });
    throwsCode(() => businessDuration(0, 1, "UTC"), "INVALID_CALENDAR", { field: "calendar" });
    throwsCode(() => businessDuration(0, 1, { timeZone: "UTC", week: {}, hollidays: [] }), "INVALID_CALENDAR", { field: "calendar.hollidays" });
  });

  test("instants", () => {
    throwsCode(() => businessDuration(10, 5, SP), "NEGATIVE_DURATION", { field: "end" });
    // Two instants in one millisecond read apart in the message.
    throwsCode(() => businessDuration(0.75, 0.25, SP), "NEGATIVE_DURATION", { message: /\(1970-01-01T00:00:00\.000250Z\) is before start \(1970-01-01T00:00:00\.000750Z\)/ });
    throwsCode(() => businessDuration(-1e-271, -1, SP), "NEGATIVE_DURATION", { message: /\(1969-12-31T23:59:59\.999Z\) is before start \(1970-01-01T00:00:00Z\)/ });
    throwsCode(() => businessDuration("2026-03-06T17:30:00", 5, SP), "INVALID_TIMESTAMP", { field: "start", message: /offset or Z/ });
    throwsCode(() => businessDuration(NaN, 5, SP), "INVALID_TIMESTAMP");
    throwsCode(() => businessDuration(new Date("nope"), 5, SP), "INVALID_TIMESTAMP");
    throwsCode(() => businessDuration(null, 5, SP), "INVALID_TIMESTAMP", { message: /is null/ });
    throwsCode(() => businessDurations([0, 1], [5], SP), "LENGTH_MISMATCH", { field: "ends" });
    throwsCode(() => businessDurations([0, "x"], [5, 6], SP), "INVALID_TIMESTAMP", { field: "starts", index: 1 });
    throwsCode(() => businessDurations([10], [5], SP), "NEGATIVE_DURATION", { index: 0 });
  });
});

// ------------------------------------------------------------ ticket metrics

describe("ticketMetrics", () => {
  test("first response and resolution: calendar and business twins", () => {
    const m = ticketMetrics(
      [
        { createdAt: "2026-03-06T17:30:00-03:00", firstResponseAt: "2026-03-09T09:15:00-03:00", resolvedAt: "2026-03-09T10:15:00-03:00" },
        { createdAt: "2026-03-10T10:00:00-03:00", firstResponseAt: "2026-03-10T10:30:00-03:00" },
      ],
      { calendar: SP },
    );
    assert.equal(m.tickets, 2);
    assert.deepEqual([m.firstResponseBusiness.min, m.firstResponseBusiness.max], [30 * MIN, 45 * MIN]);
    assert.equal(m.firstResponse.max, 63 * HOUR + 45 * MIN);
    assert.equal(m.resolutionBusiness.mean, 105 * MIN);
    assert.equal(m.resolution.count, 1);
    assert.equal(m.open, 1);
    assert.equal(m.timeZone, "America/Sao_Paulo");
  });

  test("percentiles match PERCENTILE.INC; other methods selectable", () => {
    const r = rng(5);
    const created = new Float64Array(501).map((_, i) => i * HOUR);
    const first = created.map((c) => c + Math.floor(r() * 8 * HOUR));
    const m = ticketMetrics({ createdAt: created, firstResponseAt: first }, { percentiles: [90, 95, 99] });
    const d = Array.from(first, (f, i) => f - created[i]);
    const f = m.firstResponse;
    assert.equal(f.count, 501);
    assert.equal(f.median, percentileInc(d, 0.5));
    for (const p of [90, 95, 99]) assert.ok(Math.abs(f[`p${p}`] - percentileInc(d, p / 100)) < 1e-6, `p${p}`);
    assert.equal(f.min, Math.min(...d));
    assert.equal(f.max, Math.max(...d));
    assert.ok(Math.abs(f.mean - d.reduce((a, b) => a + b) / d.length) < 1e-6);
    assert.equal(f.histogram.reduce((a, b) => a + b.count, 0), 501);
    assert.match(m.quantileMethod, /PERCENTILE\.INC/);
    // Ten values 1..10 minutes: nearest rank p90 = 9 min; exclusive p90 = 9.9 min.
    const c10 = Array.from({ length: 10 }, (_, i) => i * HOUR);
    const f10 = c10.map((c, i) => c + (i + 1) * MIN);
    assert.equal(ticketMetrics({ createdAt: c10, firstResponseAt: f10 }, { quantileMethod: "nearest-rank" }).firstResponse.p90, 9 * MIN);
    assert.ok(Math.abs(ticketMetrics({ createdAt: c10, firstResponseAt: f10 }, { quantileMethod: "exclusive" }).firstResponse.p90 - 9.9 * MIN) < 1e-6);
  });

  test("rows, columns, epoch ms, ISO strings and Dates give the same result", () => {
    const rows = [
      { createdAt: "2026-03-02T09:00:00Z", firstResponseAt: "2026-03-02T09:20:00Z", resolvedAt: "2026-03-02T12:00:00Z", replies: 1, status: "solved", handleMs: 600000, waitMs: 1200000 },
      { createdAt: "2026-03-02T10:00:00Z", firstResponseAt: "2026-03-02T13:00:00Z", replies: 3, reopens: 1, status: "open", abandoned: false },
      { createdAt: "2026-03-03T08:00:00Z", abandoned: true, waitMs: 30000 },
    ];
    const asMs = rows.map((r) => ({ ...r, createdAt: Date.parse(r.createdAt), firstResponseAt: r.firstResponseAt && new Date(r.firstResponseAt) }));
    const cols = {
      createdAt: new Float64Array(rows.map((r) => Date.parse(r.createdAt))),
      firstResponseAt: rows.map((r) => r.firstResponseAt ?? null),
      resolvedAt: rows.map((r) => r.resolvedAt),
      replies: rows.map((r) => r.replies ?? NaN),
      reopens: [null, 1, undefined],
      status: rows.map((r) => r.status),
      handleMs: new Float64Array([600000, NaN, NaN]),
      waitMs: [1200000, null, 30000],
      abandoned: [null, false, true],
    };
    const a = ticketMetrics(rows, { calendar: weekdays("UTC", [["09:00", "17:00"]]) });
    assert.deepEqual(ticketMetrics(asMs, { calendar: weekdays("UTC", [["09:00", "17:00"]]) }), a);
    assert.deepEqual(ticketMetrics(cols, { calendar: weekdays("UTC", [["09:00", "17:00"]]) }), a);
    assert.deepEqual(a.byStatus, { open: 1, solved: 1 });
    assert.equal(a.handle.mean, 600000);
    assert.equal(a.wait.count, 2);
    assert.equal(a.abandonmentRate.rate, 50);
    assert.equal(a.firstResponse.median, (20 * MIN + 3 * HOUR) / 2);
  });

  test("first-contact resolution, reopen and abandonment rates", () => {
    const t0 = Date.parse("2026-03-02T09:00:00Z");
    const rows = [
      { createdAt: t0, resolvedAt: t0 + HOUR, replies: 1 }, // FCR
      { createdAt: t0, resolvedAt: t0 + HOUR, replies: 0 }, // FCR (solved without a reply)
      { createdAt: t0, resolvedAt: t0 + HOUR, replies: 2 }, // not FCR: two replies
      { createdAt: t0, resolvedAt: t0 + HOUR, replies: 1, reopens: 1 }, // not FCR: reopened
      { createdAt: t0, closedAt: t0 + HOUR }, // resolved (closed), replies unknown: not in the FCR base
      { createdAt: t0, replies: 1 }, // open: not in any base
      { createdAt: t0, abandoned: true, waitMs: 5000 },
      { createdAt: t0, abandoned: true, waitMs: 90000 },
      { createdAt: t0, abandoned: false, waitMs: 10000 },
    ];
    const m = ticketMetrics(rows);
    assert.deepEqual([m.firstContactResolution.count, m.firstContactResolution.total], [2, 4]);
    assert.equal(m.firstContactResolution.rate, 50);
    assert.equal(m.firstContactResolution.confidenceInterval.method, "wilson");
    assert.deepEqual([m.reopenRate.count, m.reopenRate.total], [1, 5]);
    assert.deepEqual([m.abandonmentRate.count, m.abandonmentRate.total], [2, 3]);
    const short = ticketMetrics(rows, { shortAbandonMs: 10000, fcrMaxReplies: 2 });
    assert.deepEqual([short.abandonmentRate.count, short.abandonmentRate.total], [1, 2]);
    assert.equal(short.firstContactResolution.count, 3);
    assert.equal(ticketMetrics([]).firstContactResolution.rate, null);
  });

  test("SLA attainment in calendar and business time, with breached indices", () => {
    const rows = [
      { createdAt: "2026-03-06T17:30:00-03:00", firstResponseAt: "2026-03-09T09:15:00-03:00" }, // 45 business min, 63.75 h calendar
      { createdAt: "2026-03-10T10:00:00-03:00", firstResponseAt: "2026-03-10T10:30:00-03:00" }, // 30 min
      { createdAt: "2026-03-10T10:00:00-03:00", firstResponseAt: "2026-03-10T12:00:00-03:00" }, // 2 h
      { createdAt: "2026-03-10T16:00:00-03:00" }, // waiting
    ];
    const cal = ticketMetrics(rows, { sla: { firstResponseMs: HOUR } }).sla;
    assert.equal(cal.time, "calendar");
    assert.deepEqual(
      [cal.firstResponse.achieved, cal.firstResponse.breached, cal.firstResponse.pending, cal.firstResponse.breachedIndices],
      [1, 2, 1, [0, 2]],
    );
    const bus = ticketMetrics(rows, { calendar: SP, sla: { firstResponseMs: HOUR, time: "business" }, asOf: "2026-03-11T10:00:00-03:00" }).sla;
    // Ticket 3 has waited 3 business hours by asOf (16:00–18:00, 09:00–10:00): breached.
    assert.deepEqual([bus.firstResponse.achieved, bus.firstResponse.breached, bus.firstResponse.pending], [2, 2, 0]);
    assert.deepEqual(bus.firstResponse.breachedIndices, [2, 3]);
    assert.equal(bus.firstResponse.attainment, 50);
    throwsCode(() => ticketMetrics(rows, { sla: { firstResponseMs: HOUR, time: "business" } }), "INVALID_OPTION", { field: "sla.time" });
  });

  test("open tickets and a daily backlog", () => {
    const d0 = Date.parse("2026-03-02T00:00:00Z");
    const rows = [
      { createdAt: d0 + HOUR, resolvedAt: d0 + DAY + HOUR },
      { createdAt: d0 + 2 * HOUR },
      { createdAt: d0 + DAY + 5 * HOUR, resolvedAt: d0 + 2 * DAY + HOUR },
      { createdAt: d0 + 2 * DAY + 2 * HOUR },
    ];
    const m = ticketMetrics(rows, { asOf: d0 + 1.5 * DAY, backlog: { from: d0, to: d0 + 3 * DAY - 1, every: "day" } });
    assert.equal(m.open, 2);
    assert.deepEqual(
      m.backlog.map((p) => [p.created, p.resolved, p.open]),
      [
        [2, 0, 2],
        [1, 1, 2],
        [1, 1, 2],
      ],
    );
    assert.equal(m.backlog[0].start, d0);
    assert.equal(m.backlog[2].end, d0 + 3 * DAY);
    // Local days of São Paulo start at 03:00 UTC.
    const sp = ticketMetrics(rows, { backlog: { from: d0, to: d0 + DAY, every: "day", timeZone: "America/Sao_Paulo" } });
    assert.equal(sp.backlog[0].start, Date.parse("2026-03-01T00:00:00-03:00"));
    // A day the zone skipped is no period: Kiritimati went from 1994-12-30
    // to 1995-01-01 (it was a one-hour period overlapping the next day).
    const k0 = Date.parse("1994-12-29T00:00:00-10:00");
    const kiri = ticketMetrics([{ createdAt: k0 + 3_600_000, resolvedAt: k0 + 2.5 * DAY }], { backlog: { from: k0, to: k0 + 3 * DAY - 1, every: "day", timeZone: "Pacific/Kiritimati" } }).backlog;
    assert.deepEqual(
      kiri.map((p) => [new Date(p.start).toISOString(), (p.end - p.start) / 3_600_000, p.created, p.resolved, p.open]),
      [
        ["1994-12-29T10:00:00.000Z", 24, 1, 0, 1],
        ["1994-12-30T10:00:00.000Z", 24, 0, 0, 1],
        ["1994-12-31T10:00:00.000Z", 24, 0, 1, 0],
      ],
    );
    for (let i = 1; i < kiri.length; i++) assert.equal(kiri[i].start, kiri[i - 1].end);
    throwsCode(() => ticketMetrics(rows, { backlog: { from: d0, to: d0 + DAY, every: "fortnight" } }), "INVALID_OPTION", { field: "backlog.every" });
    throwsCode(() => ticketMetrics(rows, { backlog: { from: d0, to: d0 + DAY, every: "day", timeZone: "Nowhere" } }), "UNKNOWN_TIME_ZONE", { field: "backlog.timeZone" });
  });

  test("bad tickets: codes, indices, fields; skip leaves them out", () => {
    const ok = { createdAt: "2026-03-02T09:00:00Z" };
    throwsCode(() => ticketMetrics([ok, { createdAt: "2026-03-02T09:00:00Z", firstResponseAt: "2026-03-02T08:00:00Z" }]), "NEGATIVE_DURATION", {
      index: 1,
      field: "firstResponseAt",
      message: /row at index 1: firstResponseAt \(2026-03-02T08:00:00Z\) is before createdAt \(2026-03-02T09:00:00Z\)/,
    });
    throwsCode(() => ticketMetrics([ok, ok, { createdAt: "02/03/2026 09:00" }]), "INVALID_TIMESTAMP", { index: 2, field: "createdAt" });
    throwsCode(() => ticketMetrics([{ createdAt: "2026-03-02T09:00:00" }]), "INVALID_TIMESTAMP", { message: /offset or Z/ });
    throwsCode(() => ticketMetrics([{ firstResponseAt: 5 }]), "MISSING_FIELD", { index: 0, field: "createdAt" });
    throwsCode(() => ticketMetrics([ok, { createdAt: 0, handleMs: -1 }]), "NEGATIVE_DURATION", { index: 1, field: "handleMs" });
    throwsCode(() => ticketMetrics([{ createdAt: 0, handleMs: "5" }]), "NOT_A_NUMBER", { index: 0, field: "handleMs" });
    throwsCode(() => ticketMetrics([{ createdAt: 0, waitMs: Infinity }]), "INVALID_DURATION", { field: "waitMs" });
    throwsCode(() => ticketMetrics([{ createdAt: 0, replies: 1.5 }]), "INVALID_COUNT", { field: "replies" });
    throwsCode(() => ticketMetrics([{ createdAt: 0, abandoned: "yes" }]), "INVALID_TYPE", { index: 0, field: "abandoned" });
    throwsCode(() => ticketMetrics([{ createdAt: 0, status: 3 }]), "INVALID_TYPE", { field: "status" });
    throwsCode(() => ticketMetrics([ok, null]), "INVALID_TYPE", { index: 1 });
    throwsCode(() => ticketMetrics("tickets"), "INVALID_TYPE", { field: "tickets" });
    throwsCode(() => ticketMetrics({ createdAt: [0, 1], resolvedAt: [2] }), "LENGTH_MISMATCH", { field: "resolvedAt" });
    throwsCode(() => ticketMetrics({ createdAt: [0], createdat: [1] }), "INVALID_TYPE", { field: "tickets.createdat" });
    throwsCode(() => ticketMetrics({ resolvedAt: [0] }), "MISSING_FIELD", { field: "createdAt" });
    throwsCode(() => ticketMetrics([ok], { percentiles: [150] }), "INVALID_OPTION", { field: "percentiles[0]" });
    throwsCode(() => ticketMetrics([ok], { quantileMethod: "median-unbiased" }), "INVALID_OPTION", { field: "quantileMethod" });
    throwsCode(() => ticketMetrics([ok], { histogram: [10, 5] }), "INVALID_OPTION", { field: "histogram[1]" });
    throwsCode(() => ticketMetrics([ok], { calendr: SP }), "INVALID_OPTION", { field: "calendr" });
    throwsCode(() => ticketMetrics([ok], { asOf: "soon" }), "INVALID_TIMESTAMP", { field: "asOf" });

    const rows = [ok, { createdAt: 0, firstResponseAt: -5 }, { createdAt: "junk" }, null, { createdAt: 1, replies: -2 }, ok];
    const m = ticketMetrics(rows, { invalid: "skip" });
    assert.equal(m.tickets, 2);
    assert.equal(m.skipped, 4);
    assert.deepEqual(
      m.invalid.map((e) => [e.index, e.code]),
      [
        [1, "NEGATIVE_DURATION"],
        [2, "INVALID_TIMESTAMP"],
        [3, "INVALID_TYPE"],
        [4, "INVALID_COUNT"],
      ],
    );
  });

  test("empty input: counts are 0 and statistics null", () => {
    const m = ticketMetrics([], { calendar: SP });
    assert.equal(m.tickets, 0);
    assert.equal(m.firstResponse.count, 0);
    assert.equal(m.firstResponse.mean, null);
    assert.equal(m.firstResponse.p90, null);
    assert.equal(m.firstResponseBusiness.median, null);
    assert.equal(m.reopenRate.rate, null);
  });
});

describe("ticketMetrics: SLA due dates of pending tickets", () => {
  const iso = (s) => Date.parse(s);
  const H = 3_600_000;
  const calendar = {
    timeZone: "Europe/Berlin",
    week: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["09:00", "17:00"]]])),
    holidays: ["2026-03-13"],
  };
  const tickets = [
    { createdAt: "2026-03-12T16:00:00+01:00" }, // pending: 1 h on Thursday, Friday is a holiday, 1 h Monday → due Mon 10:00
    { createdAt: "2026-03-12T10:00:00+01:00", firstResponseAt: "2026-03-12T11:00:00+01:00" }, // achieved
    { createdAt: "2026-03-11T09:00:00+01:00" }, // 15 business hours by asOf: breached
  ];
  const asOf = "2026-03-12T16:30:00+01:00";

  test("business time: due when the target's business time has elapsed; time left in business ms", () => {
    const m = ticketMetrics(tickets, { calendar, sla: { firstResponseMs: 2 * H, time: "business" }, asOf });
    const fr = m.sla.firstResponse;
    assert.deepEqual([fr.achieved, fr.breached, fr.pending], [1, 1, 1]);
    assert.deepEqual(fr.pendingIndices, [0]);
    assert.deepEqual(fr.dueAt, [iso("2026-03-16T10:00:00+01:00")]);
    assert.deepEqual(fr.dueAt, [addBusinessTime(tickets[0].createdAt, 2 * H, calendar)]);
    // 30 business minutes used of 2 h.
    assert.deepEqual(fr.timeToBreachMs, [1.5 * H]);
  });

  test("calendar time: created + target; without asOf no time left is known", () => {
    const m = ticketMetrics(tickets.slice(0, 1), { sla: { firstResponseMs: 2 * H } });
    assert.deepEqual(m.sla.firstResponse.dueAt, [iso("2026-03-12T18:00:00+01:00")]);
    assert.deepEqual(m.sla.firstResponse.timeToBreachMs, [null]);
    const at = ticketMetrics(tickets.slice(0, 1), { sla: { firstResponseMs: 2 * H }, asOf });
    assert.deepEqual(at.sla.firstResponse.timeToBreachMs, [1.5 * H]);
  });
});

describe("ticketMetrics: several schedules", () => {
  const H = 3_600_000;
  const days = (hours) => Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [hours]]));
  const calendars = {
    support: { timeZone: "America/New_York", week: days(["08:00", "20:00"]) },
    billing: { timeZone: "Europe/Lisbon", week: days(["09:00", "17:00"]) },
  };
  const tickets = [
    // Monday 2026-03-09, 14:00 UTC: support (NY, 10:00 EDT) answers 15:00 UTC → 1 business hour.
    { createdAt: "2026-03-09T14:00:00Z", firstResponseAt: "2026-03-09T15:00:00Z", calendar: "support" },
    // billing (Lisbon, WET = UTC): 16:00 → next day 10:00 → 1 h Monday + 1 h Tuesday.
    { createdAt: "2026-03-09T16:00:00Z", firstResponseAt: "2026-03-10T10:00:00Z", calendar: "billing" },
  ];

  test("each ticket in its team's hours, as businessDuration in that calendar", () => {
    const m = ticketMetrics(tickets, { calendars });
    assert.equal(m.firstResponseBusiness.count, 2);
    assert.equal(m.firstResponseBusiness.min, 1 * H);
    assert.equal(m.firstResponseBusiness.max, 2 * H);
    assert.equal(businessDuration(tickets[1].createdAt, tickets[1].firstResponseAt, calendars.billing), 2 * H);
  });

  test("a ticket without a name takes the default calendar; an unknown name is an invalid ticket", () => {
    const m = ticketMetrics([...tickets, { createdAt: "2026-03-09T14:00:00Z", firstResponseAt: "2026-03-09T15:00:00Z" }], { calendars, calendar: calendars.billing });
    assert.equal(m.firstResponseBusiness.count, 3);
    throwsCodeThen(() => ticketMetrics([{ createdAt: 0, calendar: "sales" }], { calendars }), "INVALID_VALUE", { index: 0, field: "calendar" });
    throwsCodeThen(() => ticketMetrics([{ createdAt: 0 }], { calendars }), "MISSING_FIELD", { index: 0, field: "calendar" });
    throwsCodeThen(() => ticketMetrics([{ createdAt: 0, calendar: "sales" }], {}), "INVALID_OPTION", { field: "calendars" });
    const skipped = ticketMetrics([...tickets, { createdAt: 0, calendar: "sales" }], { calendars, invalid: "skip" });
    assert.deepEqual([skipped.tickets, skipped.skipped], [2, 1]);
  });
});
