// Business time by walking the timeline, with the JavaScript engine's own
// time-zone data (Intl, through Luxon) — an implementation independent of
// cx-metrics' bundled database and of its algorithm.
//
// Definition: the business time of [start, end) is the length of the set of
// instants t in it whose local wall-clock time (the clocks of the calendar's
// zone at t) falls in one of the intervals of t's local date.
//
// The walk: from t, read the local time; it advances with t until the next
// interval boundary of the day (or midnight), unless the zone's offset changes
// first (found by bisection to the millisecond). Between two such events
// being "inside" does not change, so the walk adds whole stretches.
import { DateTime } from "luxon";

const KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function hoursOf(cal, local) {
  const iso = local.toISODate();
  if (cal.overrides && Object.hasOwn(cal.overrides, iso)) return cal.overrides[iso];
  if (cal.holidays?.includes(iso)) return [];
  return cal.week[KEYS[local.weekday - 1]] ?? [];
}

const secs = (hhmm) => {
  const [h, m, s = 0] = hhmm.split(":").map(Number);
  return h * 3600 + m * 60 + s;
};

export function timelineBusiness(startMs, endMs, cal) {
  const zone = cal.timeZone;
  const offset = (t) => DateTime.fromMillis(t, { zone }).offset;
  let t = startMs;
  let total = 0;
  let guard = 0;
  while (t < endMs) {
    if (++guard > 1e6) throw new Error("timeline walk did not end");
    const local = DateTime.fromMillis(t, { zone });
    const sod = local.hour * 3600 + local.minute * 60 + local.second + local.millisecond / 1000;
    const hours = hoursOf(cal, local).map(([a, b]) => [secs(a), secs(b)]);
    let inside = false;
    let next = 86400; // the next boundary of the local day
    for (const [a, b] of hours) {
      if (sod >= a && sod < b) inside = true;
      if (a > sod && a < next) next = a;
      if (b > sod && b < next) next = b;
    }
    // At most 6 hours at a time, so that no two offset changes fit in one step.
    let to = Math.min(endMs, t + Math.round((next - sod) * 1000), t + 6 * 3600 * 1000);
    // An offset change before `to` ends the stretch there.
    const o = offset(t);
    if (offset(to) !== o || offset(to - 1) !== o) {
      let lo = t;
      let hi = to;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offset(mid) === o) lo = mid;
        else hi = mid;
      }
      to = hi;
    }
    if (inside) total += to - t;
    t = to;
  }
  return total;
}
