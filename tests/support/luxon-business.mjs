// Business time the straightforward way, with Luxon: walk the local days of
// the calendar's zone, turn each interval into instants, intersect with
// [start, end). Luxon takes its time-zone rules from the JavaScript engine
// (Intl), not from cx-metrics' bundled database, so agreement between the two
// is independent evidence. Used by the tests as an oracle and by the
// benchmark as the "usual JavaScript way".
import { DateTime } from "luxon";

export const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export function luxonBusiness(startMs, endMs, cal) {
  const zone = cal.timeZone;
  let day = DateTime.fromMillis(startMs, { zone }).startOf("day");
  const last = DateTime.fromMillis(endMs, { zone }).startOf("day");
  const at = (d, hhmm) => {
    if (hhmm === "24:00") return d.plus({ days: 1 }).startOf("day").toMillis();
    const [h, m] = hhmm.split(":").map(Number);
    return d.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
  };
  let total = 0;
  while (day <= last) {
    const iso = day.toISODate();
    const hours = cal.overrides?.[iso] ?? (cal.holidays?.includes(iso) ? [] : (cal.week[WEEKDAY_KEYS[day.weekday - 1]] ?? []));
    for (const [a, b] of hours) {
      total += Math.max(0, Math.min(at(day, b), endMs) - Math.max(at(day, a), startMs));
    }
    day = day.plus({ days: 1 }).startOf("day");
  }
  return total;
}
