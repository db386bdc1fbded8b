// An independent reference implementation of funnel(events, options), written
// directly from its definition, as plainly as possible: every unit's events
// sorted, every attempt walked step by step, every quantile from a sorted
// copy. Slow on purpose (quadratic per unit); for tests only.
//
// Where the definition leaves a choice open, this file takes the most literal
// reading and says so here:
//
//  1. Actor (and session) identity: two values are the same actor when they
//     have the same type and value (1 and "1" are different actors), as for
//     `where` equality.
//  2. "Blank string" (actor, session, event) = a string that is empty or
//     whitespace only. NaN as an actor or session is missing (the package's
//     convention for missing numbers in a Float64Array column); so is NaN as
//     a property value.
//  3. An event name that is present but not a string (a number, say), and an
//     actor or session that is not a string, number or boolean, are not
//     covered; taken as invalid with the package's code for a value of the
//     wrong type, INVALID_TYPE. A row that is not an object (null) is read as
//     an object without fields (MISSING_FIELD on its actor).
//  4. A missing (null/undefined) timestamp is taken as INVALID_TIMESTAMP
//     (only "invalid → INVALID_TIMESTAMP" is specified for timestamps). An
//     ISO string without an offset or Z is invalid.
//  5. An event with several faults reports the first in the order the fields
//     are listed: actor, timestamp, event, session.
//  6. Breakdown ties: "the value's first appearance in the input (row
//     order)" is taken as the first row of the input, in row order, carrying
//     that value of the property (null: the first row without it), whether or
//     not that row is a valid event (with invalid: "skip") and whether or not
//     it starts an attempt.
//  7. The sentence on a breakdown group's `excluded` is cut short ("excluded
//     units whose ..."); taken as: the excluded units whose first attempt's
//     step-1 event carries the group's value. A value carried only by
//     excluded units still makes a group (count_1 = 0, sorted by count_1 like
//     the others).
//  8. `exclusions: []` with order "unordered" is allowed (no exclusion is
//     given); a non-empty list is INVALID_OPTION. With a one-step funnel the
//     default to = 1 = from, so every exclusion is INVALID_OPTION.
//  9. An exclusion event may be one of the attempt's own step events (from
//     = 1, to = 3: the step-2 event lies strictly between) and then
//     disqualifies the attempt.
// 10. `asOf` in the result: epoch ms. Excluded units are never censored
//     (they have no counted attempt); `excluded` is the same with or without
//     asOf.
// 11. `events`: every valid event read, whether or not it matches a step.
// 12. Window sizes need not be whole numbers ({ hours: 1.5 } is 5 400 000
//     ms); the result's `windowMs` is the size in ms, at most the span of
//     the supported instants (a window of 1e308 days is that span).
// 13. Wilson bounds are clamped to [0, 100]; `level` is the confidence as
//     given (0.95), as conversionRate reports it.
// 14. Columns of unequal lengths: the row count is the longest of actor,
//     timestamp and event; a shorter column reads as missing.
// 15. "Only those [property columns] named ... are read": a column named by
//     no option is ignored (not an error), and a property named by a `where`
//     or `breakdown` that no event has is missing on every event (never
//     matches; breakdown value null), not an error.
// 16. Option values the definition does not bound: an empty array of values
//     in a `where` matches nothing; an `asOf` that is not an instant is
//     INVALID_OPTION.

const UNIT_MS = {
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
};

function fail(code, message, extra = {}) {
  const e = new Error(message);
  e.code = code;
  Object.assign(e, extra);
  return e;
}

const isBlank = (v) => typeof v === "string" && v.trim() === "";
const isMissing = (v) => v === null || v === undefined || isBlank(v) || (typeof v === "number" && Number.isNaN(v));
const isScalar = (v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
// Equality by type and value.
const same = (a, b) => typeof a === typeof b && a === b;
// A Map key keeping the type: 1 and "1" are different keys.
const keyOf = (v) => (v === null ? "null" : typeof v + ":" + String(v));

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function readInstant(v) {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isFinite(t) ? t : null;
  }
  if (typeof v === "string" && ISO.test(v.trim())) {
    const t = Date.parse(v.trim());
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

// ---------------------------------------------------------------- options

function readStep(s, what) {
  if (typeof s === "string") {
    if (isBlank(s)) throw fail("INVALID_OPTION", `${what}: blank event name`);
    return { event: s, where: [], name: s };
  }
  if (s === null || typeof s !== "object" || Array.isArray(s)) throw fail("INVALID_OPTION", `${what}: not a step`);
  if (typeof s.event !== "string" || isBlank(s.event)) throw fail("INVALID_OPTION", `${what}.event`);
  const where = [];
  if (s.where !== undefined) {
    if (s.where === null || typeof s.where !== "object" || Array.isArray(s.where)) throw fail("INVALID_OPTION", `${what}.where`);
    for (const [prop, want] of Object.entries(s.where)) {
      const values = Array.isArray(want) ? want : [want];
      for (const v of values) if (!isScalar(v)) throw fail("INVALID_OPTION", `${what}.where.${prop}`);
      where.push([prop, values]);
    }
  }
  if (s.name !== undefined && typeof s.name !== "string") throw fail("INVALID_OPTION", `${what}.name`);
  return { event: s.event, where, name: s.name ?? s.event };
}

function readOptions(o) {
  if (o === null || typeof o !== "object") throw fail("INVALID_OPTION", "options");
  if (!Array.isArray(o.steps) || o.steps.length < 1 || o.steps.length > 32) throw fail("INVALID_OPTION", "steps: 1 to 32 entries");
  const steps = o.steps.map((s, i) => readStep(s, `steps[${i}]`));

  const order = o.order ?? "ordered";
  if (!["ordered", "strict", "unordered"].includes(order)) throw fail("INVALID_OPTION", "order");

  const window = o.window ?? { days: 14 };
  if (window === null || typeof window !== "object") throw fail("INVALID_OPTION", "window");
  const units = Object.keys(window);
  if (units.length !== 1 || !(units[0] in UNIT_MS)) throw fail("INVALID_OPTION", "window: exactly one unit");
  const n = window[units[0]];
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) throw fail("INVALID_OPTION", "window: must be a finite length above 0");
  // Longer than the supported instants apart (−9999-01-02T01:59:59Z to
  // 9999-12-30T22:00:00Z) is that span: no limit, and finite.
  const windowMs = Math.min(n * UNIT_MS[units[0]], 253_402_207_200_000 + 377_705_023_201_000);

  const countBy = o.countBy ?? "actor";
  if (countBy !== "actor" && countBy !== "session") throw fail("INVALID_OPTION", "countBy");

  const exclusions = [];
  if (o.exclusions !== undefined) {
    if (!Array.isArray(o.exclusions)) throw fail("INVALID_OPTION", "exclusions");
    if (order === "unordered" && o.exclusions.length > 0) throw fail("INVALID_OPTION", "exclusions with unordered");
    o.exclusions.forEach((x, i) => {
      const m = readStep(x, `exclusions[${i}]`);
      const from = x.from ?? 1;
      const to = x.to ?? steps.length;
      if (!Number.isInteger(from) || !Number.isInteger(to) || !(1 <= from && from < to && to <= steps.length)) {
        throw fail("INVALID_OPTION", `exclusions[${i}]: 1 <= from < to <= steps`);
      }
      exclusions.push({ ...m, from, to });
    });
  }

  const breakdown = o.breakdown ?? null;
  if (breakdown !== null && (typeof breakdown !== "string" || breakdown === "")) throw fail("INVALID_OPTION", "breakdown");

  let asOf = null;
  if (o.asOf !== undefined && o.asOf !== null) {
    asOf = readInstant(o.asOf);
    if (asOf === null) throw fail("INVALID_OPTION", "asOf");
  }

  const confidence = o.confidence ?? 0.95;
  if (typeof confidence !== "number" || !(confidence > 0 && confidence < 1)) throw fail("INVALID_OPTION", "confidence");

  const invalid = o.invalid ?? "error";
  if (invalid !== "error" && invalid !== "skip") throw fail("INVALID_OPTION", "invalid");

  return { steps, order, windowMs, countBy, exclusions, breakdown, asOf, confidence, invalid };
}

// ---------------------------------------------------------------- events

function toRows(input) {
  if (Array.isArray(input)) return input.map((r) => r ?? {});
  if (input === null || typeof input !== "object") throw fail("INVALID_OPTION", "events: rows or columns");
  const n = Math.max(...["actor", "timestamp", "event"].map((k) => (input[k] ? input[k].length : 0)));
  const rows = [];
  for (let i = 0; i < n; i++) {
    const r = {};
    for (const [k, col] of Object.entries(input)) if (col && i < col.length) r[k] = col[i];
    rows.push(r);
  }
  return rows;
}

function readEvent(row, opts) {
  if (isMissing(row.actor)) return { code: "MISSING_FIELD", field: "actor" };
  if (!isScalar(row.actor)) return { code: "INVALID_TYPE", field: "actor" };
  const timestamp = readInstant(row.timestamp);
  if (timestamp === null) return { code: "INVALID_TIMESTAMP", field: "timestamp" };
  if (row.event === null || row.event === undefined || isBlank(row.event)) return { code: "MISSING_FIELD", field: "event" };
  if (typeof row.event !== "string") return { code: "INVALID_TYPE", field: "event" };
  if (opts.countBy === "session") {
    if (isMissing(row.session)) return { code: "MISSING_FIELD", field: "session" };
    if (!isScalar(row.session)) return { code: "INVALID_TYPE", field: "session" };
  }
  return { timestamp };
}

const propOf = (ev, prop) => (isMissing(ev.row[prop]) ? null : ev.row[prop]);

function matches(ev, step) {
  if (ev.event !== step.event) return false;
  for (const [prop, values] of step.where) {
    const v = propOf(ev, prop);
    if (v === null) return false;
    if (!values.some((w) => same(v, w))) return false;
  }
  return true;
}

// ---------------------------------------------------------------- attempts

/** Ordered and strict: every attempt of one unit, with its level, its step events and whether an exclusion disqualifies it. */
function orderedAttempts(evs, opts) {
  const S = opts.steps.length;
  const W = opts.windowMs;
  const attempts = [];
  for (let p1 = 0; p1 < evs.length; p1++) {
    if (!matches(evs[p1], opts.steps[0])) continue;
    const end = evs[p1].t + W;
    const pos = [p1];
    for (let k = 1; k < S; k++) {
      const prev = pos[k - 1];
      let found = -1;
      if (opts.order === "strict") {
        const q = prev + 1;
        if (q < evs.length && matches(evs[q], opts.steps[k]) && evs[q].t <= end) found = q;
      } else {
        for (let q = prev + 1; q < evs.length; q++) {
          if (matches(evs[q], opts.steps[k]) && evs[q].t <= end) {
            found = q;
            break;
          }
        }
      }
      if (found < 0) break;
      pos.push(found);
    }
    const level = pos.length;
    let disqualified = false;
    for (const x of opts.exclusions) {
      if (level < x.from) continue;
      const after = pos[x.from - 1];
      for (let q = after + 1; q < evs.length; q++) {
        const inside = level >= x.to ? q < pos[x.to - 1] : evs[q].t <= end;
        if (inside && matches(evs[q], x)) disqualified = true;
      }
    }
    attempts.push({ start: p1, level, times: pos.map((q) => evs[q].t), first: evs[p1], disqualified });
  }
  return attempts;
}

function unorderedAttempts(evs, opts) {
  const W = opts.windowMs;
  const attempts = [];
  for (let p0 = 0; p0 < evs.length; p0++) {
    if (!opts.steps.some((s) => matches(evs[p0], s))) continue;
    const end = evs[p0].t + W;
    const completion = [];
    for (const s of opts.steps) {
      for (let q = p0; q < evs.length; q++) {
        if (evs[q].t <= end && matches(evs[q], s)) {
          completion.push(evs[q].t);
          break;
        }
      }
    }
    completion.sort((a, b) => a - b);
    attempts.push({ start: p0, level: completion.length, times: completion, first: evs[p0], disqualified: false });
  }
  return attempts;
}

// ---------------------------------------------------------------- statistics

// Wichura's AS 241 (PPND16): the standard normal quantile to ~1e-16.
function normalQuantile(p) {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    x =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -x : x;
}

/** Wilson score interval of x / n, in percent. */
function wilson(x, n, level) {
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const clamp = (v) => Math.min(100, Math.max(0, 100 * v));
  return { low: clamp(center - half), high: clamp(center + half), level, method: "wilson" };
}

/** Quantile type 7 (linear interpolation, h = (n − 1)q). */
function quantile7(values, q) {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** The step entries over a list of counted units ({ level, times }). */
function stepEntries(units, opts) {
  const count = opts.steps.map((_, k) => units.filter((u) => u.level >= k + 1).length);
  return opts.steps.map((s, k) => {
    const c = count[k];
    const c1 = count[0];
    let median = null;
    let p90 = null;
    if (k > 0 && c > 0) {
      const d = units.filter((u) => u.level >= k + 1).map((u) => u.times[k] - u.times[k - 1]);
      median = quantile7(d, 0.5);
      p90 = quantile7(d, 0.9);
    }
    return {
      step: k + 1,
      name: s.name,
      event: s.event,
      count: c,
      conversionFromStart: c1 === 0 ? null : (100 * c) / c1,
      conversionFromPrevious: k === 0 ? (c1 > 0 ? 100 : null) : count[k - 1] === 0 ? null : (100 * c) / count[k - 1],
      dropOff: k === 0 ? 0 : count[k - 1] - c,
      confidenceInterval: c1 === 0 ? null : wilson(c, c1, opts.confidence),
      medianTimeFromPreviousMs: median,
      p90TimeFromPreviousMs: p90,
    };
  });
}

// ---------------------------------------------------------------- funnel

export function funnelReference(input, options) {
  const opts = readOptions(options);
  const rows = toRows(input);

  // Valid events, in row order.
  const valid = [];
  const invalid = [];
  rows.forEach((row, index) => {
    const r = readEvent(row, opts);
    if (r.code) {
      if (opts.invalid === "error") throw fail(r.code, `event ${index}: ${r.field}`, { index, field: r.field });
      invalid.push({ index, code: r.code });
      return;
    }
    valid.push({ index, row, t: r.timestamp, event: row.event });
  });

  // Units, each with its events sorted by timestamp (input order on ties).
  const byUnit = new Map();
  for (const ev of valid) {
    const key = opts.countBy === "session" ? keyOf(ev.row.actor) + "|" + keyOf(ev.row.session) : keyOf(ev.row.actor);
    if (!byUnit.has(key)) byUnit.set(key, []);
    byUnit.get(key).push(ev);
  }

  const counted = [];
  const excludedUnits = [];
  for (const list of byUnit.values()) {
    const evs = [...list].sort((a, b) => a.t - b.t || a.index - b.index);
    const attempts = opts.order === "unordered" ? unorderedAttempts(evs, opts) : orderedAttempts(evs, opts);
    if (attempts.length === 0) continue;
    let best = null;
    for (const a of attempts) {
      if (a.disqualified) continue;
      if (best === null || a.level > best.level) best = a;
    }
    if (best === null) {
      excludedUnits.push({ first: attempts[0].first });
      continue;
    }
    const censored = opts.asOf !== null && best.first.t + opts.windowMs > opts.asOf && best.level < opts.steps.length;
    counted.push({ level: best.level, times: best.times, first: best.first, censored });
  }

  const result = {
    order: opts.order,
    countBy: opts.countBy,
    windowMs: opts.windowMs,
    units: counted.length,
    steps: stepEntries(counted, opts),
    excluded: excludedUnits.length,
    censored: opts.asOf === null ? null : counted.filter((u) => u.censored).length,
    settledSteps: opts.asOf === null ? null : stepEntries(counted.filter((u) => !u.censored), opts),
    asOf: opts.asOf,
    breakdown: null,
    events: valid.length,
    skipped: invalid.length,
    invalid: invalid.slice(0, 100),
  };

  if (opts.breakdown !== null) {
    const prop = opts.breakdown;
    const firstSeen = new Map();
    rows.forEach((row, index) => {
      const k = keyOf(propOf({ row }, prop));
      if (!firstSeen.has(k)) firstSeen.set(k, index);
    });
    const groups = new Map();
    const group = (ev) => {
      const value = propOf(ev, prop);
      const k = keyOf(value);
      if (!groups.has(k)) groups.set(k, { value, units: [], excluded: 0, seen: firstSeen.get(k) });
      return groups.get(k);
    };
    for (const u of counted) group(u.first).units.push(u);
    for (const u of excludedUnits) group(u.first).excluded++;
    result.breakdown = [...groups.values()]
      .sort((a, b) => b.units.length - a.units.length || a.seen - b.seen)
      .map((g) => ({ value: g.value, steps: stepEntries(g.units, opts), excluded: g.excluded }));
  }
  return result;
}
