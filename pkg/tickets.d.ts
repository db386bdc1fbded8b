// Types of cx-metrics/tickets: ticket timing KPIs and business-hours
// calendars. Hand-written; tests/js/types.test.mjs checks them against the
// engine.
import type { Change, ColumnData, ConfidenceInterval, CxError, CxErrorCode, InvalidEntry, InvalidPolicy } from "./types.js";
import type { CartAbandonment, CartCounts, CartOptions, CesCompareOptions, CesResult, CsatCompareOptions, CsatResult, NpsReadOptions, NpsResult, RateIntervalMethod } from "./index.js";
export type { Change, ColumnData, ConfidenceInterval, CxError, CxErrorCode, InvalidEntry, InvalidPolicy } from "./types.js";
export { isCxError } from "./types.js";
/** An instant: epoch milliseconds, an ISO 8601 string with an offset or Z, or a Date. */
export type TimeInput = number | string | Date;

/** One ticket. Missing fields mean "not yet" (a ticket without resolvedAt is open). Other properties are ignored. */
export interface TicketRow {
  createdAt: TimeInput;
  firstResponseAt?: TimeInput | null;
  resolvedAt?: TimeInput | null;
  closedAt?: TimeInput | null;
  /** Agent handle time, ms. */
  handleMs?: number | null;
  /** Requester wait time, ms. */
  waitMs?: number | null;
  /** Number of agent replies. */
  replies?: number | null;
  /** Number of times reopened. */
  reopens?: number | null;
  abandoned?: boolean | null;
  status?: string | null;
  /** The name of the ticket's schedule among the options' `calendars` (a team's business hours). */
  calendar?: string | null;
}

/** A column of instants: epoch ms in a Float64Array (NaN = missing), or an array of TimeInput/null. */
export type TimeColumn = Float64Array | readonly (TimeInput | null | undefined)[];
/** A column of numbers (NaN or null = missing). */
export type NumberColumn = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array | readonly (number | null | undefined)[];

/** The same tickets as parallel columns, for speed. */
export interface TicketColumns {
  createdAt: TimeColumn;
  firstResponseAt?: TimeColumn;
  resolvedAt?: TimeColumn;
  closedAt?: TimeColumn;
  handleMs?: NumberColumn;
  waitMs?: NumberColumn;
  replies?: NumberColumn;
  reopens?: NumberColumn;
  /** 1/0 (Uint8Array) or booleans; NaN/null = unknown. */
  abandoned?: Uint8Array | Float64Array | readonly (boolean | null | undefined)[];
  status?: readonly (string | null | undefined)[];
  /** Each ticket's schedule among `calendars`. */
  calendar?: readonly (string | null | undefined)[];
}

export type TicketInput = readonly TicketRow[] | TicketColumns;

/** "HH:MM" (or "HH:MM:SS"), 00:00 to 24:00. */
export type ClockTime = string;
/** [start, end) in local time. */
export type BusinessInterval = readonly [ClockTime, ClockTime];

/** When work happens, in the local time of one IANA time zone. */
export interface BusinessCalendar {
  /** IANA name, e.g. "America/Sao_Paulo". */
  timeZone: string;
  /** Intervals per weekday; a day left out is closed. */
  week: Partial<Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", readonly BusinessInterval[]>>;
  /** Days closed all day: "YYYY-MM-DD" dates, "*-MM-DD" every year, rules, and bundled national sets; or one { country, subdivision? }. */
  holidays?: readonly HolidayEntry[] | HolidaySet;
  /** "YYYY-MM-DD" (or "*-MM-DD", every year: a half day) → hours for that date instead of the weekday's ([] closes it). A dated override wins over holidays. */
  overrides?: Readonly<Record<string, readonly BusinessInterval[]>>;
}

/** Where a holiday on a weekend is also observed. */
export type ObservedRule = "nearest-weekday" | "sunday-to-monday" | "weekend-to-monday" | "next-free-weekday" | "previous-free-weekday";

/** A yearly holiday rule; `from`/`to` bound its years, `name` labels it. */
export type HolidayRule = (
  | { date: string; observed?: ObservedRule }
  | { month: number; day: number; observed?: ObservedRule }
  | { month: number; weekday: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"; nth: number }
  | { weekday: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"; onOrAfter?: string; after?: string; onOrBefore?: string; before?: string }
  | { easter: number; orthodox?: boolean }
) & { from?: number; to?: number; name?: string; /** Hours instead of closing: a yearly half day. */ hours?: readonly BusinessInterval[] };

/** A bundled national set of public holidays. */
export interface HolidaySet {
  country: string;
  subdivision?: string;
}

export type HolidayEntry = string | HolidayRule | HolidaySet;

export interface SlaOptions {
  firstResponseMs?: number;
  resolutionMs?: number;
  /** Default "calendar"; "business" needs a calendar. */
  time?: "calendar" | "business";
}

export interface BacklogOptions {
  from: TimeInput;
  to: TimeInput;
  every: "hour" | "day" | "week" | "month";
  /** Zone of the period boundaries. Default: the calendar's, else UTC. */
  timeZone?: string;
}

export interface TicketOptions {
  /** Adds business-time twins (firstResponseBusiness, resolutionBusiness). */
  calendar?: BusinessCalendar;
  /** Named schedules: each ticket's `calendar` column names the one it is measured in (the default `calendar` for a ticket without one). In groupKpis the column is the metric's `calendarColumn`; not in states or SQL recipes. */
  calendars?: Readonly<Record<string, BusinessCalendar>>;
  /** Percentiles besides the median, in percent. Default [90, 95]. */
  percentiles?: readonly number[];
  /** Default "inclusive" (PERCENTILE.INC, Hyndman-Fan 7). */
  quantileMethod?: "inclusive" | "exclusive" | "nearest-rank";
  /** Upper bin edges of the duration histograms, ms, ascending. */
  histogram?: readonly number[];
  /** Most agent replies a first-contact resolution may have. Default 1. */
  fcrMaxReplies?: number;
  /** Abandons with waitMs below this are left out of the abandonment rate. Default 0. */
  shortAbandonMs?: number;
  sla?: SlaOptions;
  /** "Now", for open tickets and pending SLAs. */
  asOf?: TimeInput;
  backlog?: BacklogOptions;
  /** Level of the rate intervals. Default 0.95. */
  confidence?: number;
  invalid?: InvalidPolicy;
}

export interface HistogramBin {
  /** Lower edge, ms (exclusive, except 0). */
  from: number;
  /** Upper edge, ms (inclusive); null for the last bin. */
  to: number | null;
  count: number;
}

/** Durations in ms. Requested percentiles appear as p90, p95, p99.9, … */
export interface DurationStats {
  count: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  standardDeviation: number | null;
  histogram: HistogramBin[];
  [percentile: `p${number}`]: number | null;
}

export interface Rate {
  /** Percent; null when the denominator is 0. */
  rate: number | null;
  count: number;
  total: number;
  /** Wilson score interval, percent. */
  confidenceInterval: ConfidenceInterval | null;
}

export interface SlaResult {
  targetMs: number;
  achieved: number;
  breached: number;
  pending: number;
  /** 100 · achieved / (achieved + breached). */
  attainment: number | null;
  breachedIndices: number[];
  /** The pending tickets, in input order, with when each breaches (creation + target, in calendar or business time) and the time left at asOf (business ms for a business SLA; null without asOf). */
  pendingIndices: number[];
  dueAt: number[];
  timeToBreachMs: (number | null)[];
}

export interface SlaReport {
  time: "calendar" | "business";
  firstResponse: SlaResult | null;
  resolution: SlaResult | null;
}

export interface BacklogPoint {
  start: number;
  end: number;
  created: number;
  resolved: number;
  /** Open at the end of the period. */
  open: number;
}

export interface TicketMetrics {
  tickets: number;
  skipped: number;
  invalid: InvalidEntry[];
  resolved: number;
  open: number;
  asOf: number | null;
  firstResponse: DurationStats;
  firstResponseBusiness: DurationStats | null;
  resolution: DurationStats;
  resolutionBusiness: DurationStats | null;
  handle: DurationStats;
  wait: DurationStats;
  firstContactResolution: Rate;
  reopenRate: Rate;
  abandonmentRate: Rate;
  sla: SlaReport | null;
  backlog: BacklogPoint[] | null;
  byStatus: Record<string, number>;
  quantileMethod: string;
  timeZone: string | null;
}

/** Ticket KPIs: durations (calendar and business), rates, SLA, backlog. */
export declare function ticketMetrics(tickets: TicketInput, options?: TicketOptions): TicketMetrics;
/** Milliseconds of business time between two instants. */
export declare function businessDuration(start: TimeInput, end: TimeInput, calendar: BusinessCalendar): number;
/** Business milliseconds for many (start, end) pairs; NaN where either is missing. */
export declare function businessDurations(starts: TimeColumn, ends: TimeColumn, calendar: BusinessCalendar): Float64Array;
/** The instant when `ms` of business time have elapsed after `start` (before it for a negative `ms`); landing on a closing gives the closing. */
export declare function addBusinessTime(start: TimeInput, ms: number, calendar: BusinessCalendar): number;
/** addBusinessTime for many starts, with one amount or one per start; NaN where either is missing. */
export declare function addBusinessTimes(starts: TimeColumn, ms: number | NumberColumn, calendar: BusinessCalendar): Float64Array;
/** Whether an instant is business time (an opening is, a closing is not). */
export declare function isBusinessTime(instant: TimeInput, calendar: BusinessCalendar): boolean;
/** The earliest opening at or after the instant; null if none within 100 years. */
export declare function nextBusinessOpen(instant: TimeInput, calendar: BusinessCalendar): number | null;
/** The earliest closing after the instant; null if none within 100 years (open around the clock). */
export declare function nextBusinessClose(instant: TimeInput, calendar: BusinessCalendar): number | null;
/** The latest opening at or before the instant; null if none within 100 years. */
export declare function previousBusinessOpen(instant: TimeInput, calendar: BusinessCalendar): number | null;
/** The latest closing at or before the instant; null if none within 100 years. */
export declare function previousBusinessClose(instant: TimeInput, calendar: BusinessCalendar): number | null;
/** A bundled public holiday. */
export interface PublicHoliday {
  /** "YYYY-MM-DD". */
  date: string;
  name: string;
  /** The substitute day of a holiday on a weekend. */
  observed: boolean;
}

/** The bundled public holidays of a country (BR, DE, ES, FR, GB, IT, PT, RO, US) or one of its subdivisions, in years from..to (`from` defaults to this year, `to` to `from`); names are in the country's language. */
export declare function publicHolidays(country: string, options?: { subdivision?: string; from?: number; to?: number }): PublicHoliday[];
/** The stretches of business time overlapping [from, to), cut to it: [opening, closing] pairs of epoch ms (touching intervals merged). */
export declare function businessIntervals(from: TimeInput, to: TimeInput, calendar: BusinessCalendar): [number, number][];
/** The instant of a local date and time ("2026-03-12T16:00", T or a space, seconds and their fraction optional, or a date: midnight) in an IANA zone; a skipped time moves forward by the gap, a repeated one is its first occurrence. */
export declare function zonedInstant(local: string, timeZone: string): number;
/** nextBusinessOpen of many instants: a Float64Array (NaN for a missing instant or none within 100 years). */
export declare function nextBusinessOpens(instants: TimeColumn, calendar: BusinessCalendar): Float64Array;
/** nextBusinessClose of many instants. */
export declare function nextBusinessCloses(instants: TimeColumn, calendar: BusinessCalendar): Float64Array;
/** previousBusinessOpen of many instants. */
export declare function previousBusinessOpens(instants: TimeColumn, calendar: BusinessCalendar): Float64Array;
/** previousBusinessClose of many instants. */
export declare function previousBusinessCloses(instants: TimeColumn, calendar: BusinessCalendar): Float64Array;
/** isBusinessTime of many instants: 1 or 0 (NaN for a missing instant). */
export declare function isBusinessTimes(instants: TimeColumn, calendar: BusinessCalendar): Float64Array;
/** Business days d with from ≤ d < to ("YYYY-MM-DD" dates, or instants read as local dates); negative when to < from. */
export declare function businessDays(from: string | TimeInput, to: string | TimeInput, calendar: BusinessCalendar): number;
/** The date n business days after `date` (a date that is not a business day first moves to the next one, or the previous one for n < 0), "YYYY-MM-DD". */
export declare function addBusinessDays(date: string | TimeInput, n: number, calendar: BusinessCalendar): string;

// ------------------------------------------------------------ groupKpis

/** Period lengths of a time key. */
export type PeriodLength = "hour" | "day" | "week" | "week-sunday" | "month" | "quarter" | "year" | "fiscal-quarter" | "fiscal-year";

/** A time key: rows bucketed into periods of local time. */
export interface TimeKey {
  /** The column of instants: epoch ms, ISO 8601 strings with an offset, Dates, or local dates and times without an offset ("2026-03-14", "2026-03-14 10:30"), read in `timeZone`. */
  time: string;
  every: PeriodLength;
  /** IANA zone whose local days, weeks and months delimit the periods. Default "UTC". */
  timeZone?: string;
  /** First month (1–12) of the fiscal year, for "fiscal-quarter" and "fiscal-year". Default 1. */
  fiscalYearStart?: number;
}

/** A survey metric of a grouping: NPS or eNPS of one column of 0–10 scores. */
export interface GroupNpsMetric {
  kind: "nps" | "enps";
  /** The column of scores. */
  column: string;
  confidence?: NpsReadOptions["confidence"];
  method?: NpsReadOptions["method"];
  bands?: NpsReadOptions["bands"];
  /** Set once for the call, in GroupOptions. */
  invalid?: "error";
}

/** A CSAT metric of a grouping. */
export interface GroupCsatMetric extends CsatCompareOptions {
  kind: "csat";
  column: string;
}

/** A CES metric of a grouping. */
export interface GroupCesMetric extends CesCompareOptions {
  kind: "ces";
  column: string;
}

/** A conversion rate of a grouping: a column of outcomes (true/false, 1/0; "true"/"1" in text); its change is the pooled two-proportion z test. */
export interface GroupConversionMetric {
  kind: "conversion";
  column: string;
  confidence?: number;
}

/** Cart (or checkout) abandonment of a grouping: each row a cart, `column` whether it became an order (true/false, 1/0); the rate is of those that did not. */
export interface GroupCartAbandonmentMetric {
  kind: "cartAbandonment";
  column: string;
  confidence?: number;
}

/** A bounce rate of a grouping: each row a session, its columns named here (each defaults to bounceRate's field name); `method` is Wilson's and `invalid` is set once for the call. */
export interface GroupBounceMetric extends BounceOptions {
  kind: "bounce";
  durationMs?: string;
  pageViews?: string;
  keyEvents?: string;
}

/** The ticket KPIs a grouping can compute (parts of ticketMetrics). */
export type GroupTicketKind = "firstResponse" | "resolution" | "handle" | "wait" | "fcr" | "reopen" | "abandonment" | "sla";

/**
 * A ticket metric of a grouping: the ticket columns it reads (each defaults
 * to the ticket field's own name: createdAt, firstResponseAt, …) and the
 * options of ticketMetrics (`backlog` is refused; `invalid` is set once for
 * the call).
 */
export interface GroupTicketMetric extends TicketOptions, TicketColumnNames {
  kind: GroupTicketKind;
}

/** The ticket columns a metric reads; each defaults to the ticket field's own name (createdAt, firstResponseAt, …). */
export interface TicketColumnNames {
  created?: string;
  firstResponse?: string;
  resolved?: string;
  closed?: string;
  handle?: string;
  wait?: string;
  replies?: string;
  reopens?: string;
  abandoned?: string;
  status?: string;
  /** With `calendars`: the column of each ticket's calendar name (default "calendar"); it may be a key of the grouping (each team in its own hours). */
  calendarColumn?: string;
}

export type GroupMetric = GroupNpsMetric | GroupCsatMetric | GroupCesMetric | GroupConversionMetric | GroupCartAbandonmentMetric | GroupBounceMetric | GroupTicketMetric;

/** The result type of a metric. */
export type GroupMetricResult<M> = M extends { kind: "nps" | "enps" }
  ? NpsResult
  : M extends { kind: "csat" }
    ? CsatResult
    : M extends { kind: "ces" }
      ? CesResult
      : M extends { kind: "firstResponse" | "resolution" | "handle" | "wait" }
        ? DurationStats
        : M extends { kind: "fcr" | "reopen" | "abandonment" | "conversion" | "cartAbandonment" | "bounce" }
          ? Rate
          : M extends { kind: "sla" }
            ? SlaReport
            : never;

/** A metric's result in a row; `change` with compare: "previous" (not for SLA metrics). */
export type GroupCell<M> = GroupMetricResult<M> & { change?: Change };

export interface GroupOptions<M extends Record<string, GroupMetric> = Record<string, GroupMetric>> {
  /** Keys: label columns (strings, numbers, booleans) and at most one time key. */
  by: readonly (string | TimeKey)[];
  /** Metrics by name: each becomes a field of every row. */
  metrics: M;
  /** "previous": every result gets its change since the previous period of its group. */
  compare?: "previous" | "none";
  /** Adds `totals` (a row per group over all periods) and `total` (everything). */
  totals?: boolean;
  /** Rows for the periods without data between the first and last period of the data. */
  fill?: boolean;
  /** Each period pools the rows of the N local days before its end (e.g. a 30-day NPS). */
  rolling?: { days: number };
  /** "bh": Benjamini–Hochberg q-values over all changes of the call; significance by q. */
  adjust?: "bh" | "none";
  /** Invalid rows: "error" (default) or "skip" (counted in `skipped`). */
  invalid?: InvalidPolicy;
  /** Leave out rows with a missing key instead of grouping them under null. */
  dropMissingKeys?: boolean;
  /** Level of the change tests and intervals. Default 0.95. */
  confidence?: number;
  /** "Now", for flagging incomplete periods. Default: the time of the call. */
  asOf?: TimeInput;
  /** Adds `states`: the mergeable state of every group and period (survey metrics). */
  states?: boolean;
}

/** The fields of a row that a grouping by time adds. */
export interface GroupPeriodFields {
  /** Stable label: "2026-03-14", "2026-W09", "2026-03", "2026-Q1", "2026", "FY2027-Q1", "2026-03-14T09:00+01:00". */
  period: string;
  /** Start instant, epoch ms (inclusive). */
  periodStart: number;
  /** End instant, epoch ms (exclusive). */
  periodEnd: number;
  /** False for the period that `asOf` (now) is in, or a later one. */
  complete: boolean;
}

/** A key value: null for a missing key. */
export type GroupKey = string | number | boolean | null;

/** One row: its keys (by column name), its period (with a time key), and a result per metric. */
export type GroupRow<M extends Record<string, GroupMetric> = Record<string, GroupMetric>> = { [K in keyof M]: GroupCell<M[K]> } & Partial<GroupPeriodFields> & {
  [column: string]: unknown;
};

export interface GroupResult<M extends Record<string, GroupMetric> = Record<string, GroupMetric>> {
  /** A row per group and period, groups in key order (null last), periods in time order. */
  rows: GroupRow<M>[];
  /** With totals: a row per group over all periods. */
  totals: GroupRow<M>[] | null;
  /** With totals: one row over everything (keys null). */
  total: GroupRow<M> | null;
  /** Rows counted. */
  count: number;
  /** Invalid rows left out (invalid: "skip"). */
  skipped: number;
  /** The first 100 of them, with the reason. */
  invalid: InvalidEntry[];
  /** With states: true, the state of every group and period (of every day, with rolling). */
  states: GroupStateRow[] | null;
}

/**
 * A state row of one group and period: its keys, the start of its period
 * (under the time key's column), the format's version, and per metric:
 * - survey metrics: the count of each scale point (`nps_0` … `nps_10`,
 *   `csat_1` … `csat_5`; a negative score −2 is written `m2`), and from
 *   sqlStates `<name>_invalid`, the answers no scale point holds;
 * - rates (fcr, reopen, abandonment): `<name>_successes`, `<name>_trials`;
 * - durations: one DDSketch bucket (1 % relative accuracy) per row:
 *   `<name>_bucket` (⌈ln d / ln γ⌉, γ = 1.01/0.99; 0 below 1 ms) and the
 *   `_count`, `_sum`, `_sumsq`, `_min` and `_max` of its durations. A
 *   group has as many rows as its largest sketch has buckets; counts and
 *   rates are in its first row (a missing cell is an empty state).
 * The rows groupKpisFromStates reads, and that sqlStates's SQL computes in
 * a warehouse. SLA metrics have no state.
 */
export interface GroupStateRow {
  stateVersion: 1;
  [column: string]: GroupKey | number;
}

/** Rows (objects) or columns (arrays, typed arrays) by name. */
export type GroupData = readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, ColumnData>>;

/** Every metric per segment × period in one pass; see the README, "groupKpis". */
export declare function groupKpis<M extends Record<string, GroupMetric>>(data: GroupData, options: GroupOptions<M>): GroupResult<M>;

/**
 * A metric of groupKpisFromStates: a survey metric without its column, or a
 * ticket metric other than SLA (its state columns are named after it). The
 * medians and percentiles of durations read from states are DDSketch
 * estimates of the order statistic of rank ⌊q(n − 1)⌋, within 1 %; counts,
 * means, extremes, standard deviations and rates are exact.
 */
export type GroupStateMetric =
  | Omit<GroupNpsMetric, "column">
  | Omit<GroupCsatMetric, "column">
  | Omit<GroupCesMetric, "column">
  | Omit<GroupConversionMetric, "column">
  | Omit<GroupCartAbandonmentMetric, "column">
  | Omit<GroupBounceMetric, "durationMs" | "pageViews" | "keyEvents">
  | (Omit<GroupTicketMetric, "kind"> & { kind: Exclude<GroupTicketKind, "sla"> });

/**
 * Finalises states (from groupKpis's `states`, or computed in SQL with
 * sqlStates) into the rows groupKpis gives for the answers: intervals,
 * changes and totals, since states merge. A state row's time column may hold
 * any instant of its period (states of days merge into months).
 */
export declare function groupKpisFromStates<M extends Record<string, GroupStateMetric>>(
  states: GroupData,
  options: Omit<GroupOptions<Record<string, GroupMetric>>, "metrics" | "states"> & { metrics: M },
): GroupResult<{ [K in keyof M]: M[K] & GroupMetric }>;

/** Ticket kinds also take the ticket columns (epoch-ms numbers), as GroupTicketMetric does. */
export interface SqlStatesOptions extends TicketColumnNames {
  /** The column of scores (survey kinds): a plain SQL identifier. */
  column?: string;
  /** Duration kinds: an SQL expression of the duration in ms, instead of the default (e.g. a column of business durations). */
  duration?: string;
  /** Prefix of the state columns. Default: the kind ("nps" → nps_0 … nps_10). */
  name?: string;
  scale?: readonly [number, number];
  [option: string]: unknown;
}

/**
 * SQL aggregate expressions computing a metric's state in any SQL engine
 * (see GroupStateRow): `SUM(CASE WHEN score = 0 THEN 1 ELSE 0 END) AS
 * nps_0, …` for surveys, and `<name>_invalid`, the answers no scale point
 * holds (an error of groupKpisFromStates, or skipped under skip); successes
 * and trials for rates; a DDSketch bucket
 * key with its count, sums and extremes for durations. Select them with the
 * grouping's keys and MIN(time), GROUP BY the keys and the period (or day)
 * (and, for a duration, its `<name>_bucket` column), and pass the rows of
 * all queries to groupKpisFromStates.
 */
export declare function sqlStates(kind: "nps" | "enps" | "csat" | "ces" | "conversion" | "cartAbandonment" | "bounce" | Exclude<GroupTicketKind, "sla">, options: SqlStatesOptions): string;

// ---------------------------------------------------------------- revenue

/** A subscription: one row (or one column each) of revenueMetrics's input. */
/** A billing interval as an object of one unit: { months: 3 } is "3 months". */
export type SubscriptionInterval =
  | { months: number }
  | { quarters: number }
  | { years: number }
  | { weeks: number }
  | { days: number };

export interface SubscriptionRow {
  /** The customer (string, number or boolean); several subscriptions of one customer are summed. */
  customerId: string | number | boolean;
  /** Optional id; a repeated id must repeat the same data (it is then counted once). */
  subscriptionId?: string | number | null;
  /** Start: epoch ms, ISO 8601 with an offset, or a Date. */
  start: number | string | Date;
  /** End (exclusive); missing = active. */
  end?: number | string | Date | null;
  /** Price per interval (≥ 0), before quantity. */
  amount: number;
  /** "month", "quarter", "year", "week", "day", or "N months" / "N years" / "N weeks"; or an object of one unit, { months: 3 }. */
  interval: string | SubscriptionInterval;
  /** Seats (default 1). */
  quantity?: number | null;
  /** ISO currency code. */
  currency?: string | null;
  /** "trialing", "incomplete", "incomplete_expired": no MRR; "past_due" and others: active until end. */
  status?: string | null;
  /** With churnAt: "cancel", the subscription stops counting here. */
  canceledAt?: number | string | Date | null;
}

/** Rows of subscriptions, or columns by field name. */
export type SubscriptionInput = readonly SubscriptionRow[] | { readonly [K in keyof SubscriptionRow]?: ColumnData };

export interface RevenueOptions {
  /** Period length (default "month"). */
  every?: "week" | "month" | "quarter" | "year";
  /** An instant in the first period, which starts at that period's start (default: the earliest start of a subscription that is not a trial). */
  from?: number | string | Date;
  /** An instant in the last period (default: asOf). */
  to?: number | string | Date;
  /** IANA zone of the periods (default "UTC"). */
  timeZone?: string;
  /** Now (default: the time of the call); its period is incomplete. */
  asOf?: number | string | Date;
  /** When a cancelled subscription stops counting (default "end"). */
  churnAt?: "end" | "cancel";
  /** Whether a customer on $0 plans is a customer (default "active": paid → free is contraction; "churned": churn). */
  zeroPrice?: "active" | "churned";
  /** The customer churn rate's definition (default "standard": ChartMogul's). */
  customerChurn?: "standard" | "simple" | "stripe";
  /** The results' currency; other currencies convert by fx. */
  currency?: string;
  /** Units of `currency` per unit of each other currency, e.g. { EUR: 1.08 }. */
  fx?: Record<string, number>;
  /** LTV's trailing churn window (default { trailing: 6 } periods). */
  ltv?: { trailing?: number };
  /** List every movement (default true). */
  movements?: boolean;
  /** Confidence level of the churn rate's interval (default 0.95). */
  confidence?: number;
  invalid?: InvalidPolicy;
}

export interface CustomerFlow {
  start: number;
  new: number;
  churned: number;
  reactivated: number;
  end: number;
}

/** One period: MRR movements (amounts in the results' currency), customers and rates (percent). */
export interface RevenuePeriod {
  period: string;
  periodStart: number;
  periodEnd: number;
  complete: boolean;
  startingMrr: number;
  new: number;
  expansion: number;
  contraction: number;
  churned: number;
  reactivation: number;
  endingMrr: number;
  customers: CustomerFlow;
  customerChurnRate: Rate;
  grossMrrChurnRate: number | null;
  netMrrChurnRate: number | null;
  nrr: number | null;
  grr: number | null;
  quickRatio: number | null;
  arpa: number | null;
  ltv: number | null;
}

export interface Movement {
  customerId: string | number | boolean;
  period: string;
  kind: "new" | "expansion" | "contraction" | "churn" | "reactivation";
  /** Change of MRR (negative for contraction and churn). */
  amount: number;
}

export interface RevenueResult {
  currency: string | null;
  subscriptions: number;
  skipped: number;
  invalid: InvalidEntry[];
  periods: RevenuePeriod[];
  movements: Movement[];
}

/** MRR movements, customers, churn, NRR/GRR, quick ratio, ARPA and LTV per period; see the README, "revenueMetrics". */
export declare function revenueMetrics(subscriptions: SubscriptionInput, options?: RevenueOptions): RevenueResult;

export interface CohortOptions extends Omit<RevenueOptions, "customerChurn" | "ltv" | "movements" | "confidence"> {
  /** Retain customers (default) or MRR (net of expansion and contraction). */
  basis?: "customers" | "mrr";
  /** Accepted as in revenueMetrics; they do not change cohorts. */
  customerChurn?: RevenueOptions["customerChurn"];
  ltv?: RevenueOptions["ltv"];
  movements?: boolean;
  confidence?: number;
}

/** A cohort at the end of one period. */
export interface CohortCell {
  period: string;
  /** Periods since the cohort's own (0). */
  age: number;
  /** The cohort's customers active at the end of the period. */
  customers: number;
  /** Their MRR then. */
  mrr: number;
  /** Percent of the cohort's customers, or (basis "mrr") of its MRR at the end of its first period; null when that base is 0. */
  retention: number | null;
  complete: boolean;
}

export interface Cohort {
  /** The label of the period of the customers' first activation. */
  cohort: string;
  cohortStart: number;
  /** Customers first active in that period. */
  customers: number;
  /** Their MRR at its end (the base of basis "mrr"). */
  mrr: number;
  periods: CohortCell[];
}

export interface CohortTable {
  basis: "customers" | "mrr";
  currency: string | null;
  subscriptions: number;
  skipped: number;
  invalid: InvalidEntry[];
  cohorts: Cohort[];
}

/** The retention triangle: cohorts by first period, the share retained at each later period's end; see the README, "cohortRetention". */
export declare function cohortRetention(subscriptions: SubscriptionInput, options?: CohortOptions): CohortTable;

/** Per customer, as lifetimes' summary_data_from_transaction_data defines them (one unit of time throughout). */
export interface BgNbdInput {
  /** Repeat purchase periods (whole, ≥ 0). */
  frequency: ArrayLike<number>;
  /** Time of the last purchase since the first (0 when frequency is 0; at most T). */
  recency: ArrayLike<number>;
  /** Time since the first purchase (> 0). */
  T: ArrayLike<number>;
}

export interface BgNbdOptions {
  /** "bg-nbd" (default; Fader, Hardie & Lee 2005) or "mbg-nbd" (Batislam et al. 2007: one-time buyers can be gone too). */
  model?: "bg-nbd" | "mbg-nbd";
  /** Expected purchases per customer over this many units of time. */
  horizon?: number;
  /** L2 penalty on the parameters (default 0; at most 1e10). */
  penalizer?: number;
  /** Most BFGS iterations (default 500). */
  maxIterations?: number;
  invalid?: InvalidPolicy;
}

export interface BgNbdResult {
  model: "bg-nbd" | "mbg-nbd";
  r: number;
  alpha: number;
  a: number;
  b: number;
  /** At the fit, without the penalty. */
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  customers: number;
  skipped: number;
  invalid: InvalidEntry[];
  /** P(alive) of each valid customer, in input order. */
  pAlive: Float64Array;
  /** Expected purchases of each valid customer over `horizon` (null without it). */
  expectedPurchases: Float64Array | null;
}

/** Fits BG/NBD or MBG/NBD by maximum likelihood; see the README, "bgNbdFit". */
export declare function bgNbdFit(customers: BgNbdInput | readonly { frequency: number; recency: number; T: number }[], options?: BgNbdOptions): BgNbdResult;

export interface RfmTransaction {
  customerId: string | number | boolean;
  /** Epoch ms, ISO 8601 with an offset, or a Date. */
  at: number | string | Date;
  /** Spend (≥ 0); missing counts as 0. */
  amount?: number | null;
}

export interface RfmOptions {
  /** The end of observation (default: the last transaction). */
  observationEnd?: number | string | Date;
  /** "day" (default; pandas freq "D") or "week" (Monday to Sunday; freq "W"). */
  period?: "day" | "week";
  /** Periods per result unit (pandas freq_multiplier; 7 with days gives fractional weeks); 1e-6 to 1e6. */
  multiplier?: number;
  /** The zone of the local dates (default "UTC"). */
  timeZone?: string;
  invalid?: InvalidPolicy;
}

/** One entry per customer in order of first appearance; its frequency, recency and T columns are bgNbdFit's input. */
export interface RfmSummary {
  customerId: (string | number | boolean)[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
  transactions: number;
  skipped: number;
  invalid: InvalidEntry[];
}

/** lifetimes' summary_data_from_transaction_data: frequency, recency, T and monetary value per customer. */
export declare function rfmSummary(transactions: readonly RfmTransaction[] | { readonly [K in keyof RfmTransaction]?: ColumnData }, options?: RfmOptions): RfmSummary;

export interface GammaGammaOptions {
  /** L2 penalty on the parameters (default 0; at most 1e10). */
  penalizer?: number;
  /** Most BFGS iterations (default 500). */
  maxIterations?: number;
  invalid?: InvalidPolicy;
}

export interface GammaGammaResult {
  p: number;
  q: number;
  /** The scale (`v` in lifetimes). */
  gamma: number;
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  /** Customers fitted (those with repeat purchases). */
  customers: number;
  skipped: number;
  invalid: InvalidEntry[];
  /** E(mean spend | x, m̄) of each valid customer (null when q ≤ 1). */
  expectedAverageValue: Float64Array | null;
}

/** The Gamma-Gamma model of mean spend (Fader & Hardie 2013), fitted by maximum likelihood; see the README. */
export declare function gammaGammaFit(
  customers: { frequency: ArrayLike<number>; monetaryValue: ArrayLike<number> } | readonly { frequency: number; monetaryValue: number }[],
  options?: GammaGammaOptions,
): GammaGammaResult;

export interface ClvOptions {
  /** A BG/NBD fit (a bgNbdFit result as it is, or { r, alpha, a, b, model? }). */
  bgNbd: { r: number; alpha: number; a: number; b: number; model?: "bg-nbd" | "mbg-nbd" };
  /** A Gamma-Gamma fit (a gammaGammaFit result as it is, or { p, q, gamma }). */
  gammaGamma: { p: number; q: number; gamma: number };
  /** Months ahead (default 12). */
  months?: number;
  /** Monthly discount rate (default 0.01). */
  discountRate?: number;
  /** Units of the customers' time per month (default 30: days; 4.345 for weeks). */
  unitsPerMonth?: number;
}

export interface ClvResult {
  /** Each customer's discounted value over the months ahead. */
  clv: Float64Array;
  total: number;
}

/** Customer lifetime value from a BG/NBD and a Gamma-Gamma fit, as lifetimes' customer_lifetime_value; see the README. */
export declare function clv(
  customers: { frequency: ArrayLike<number>; recency: ArrayLike<number>; T: ArrayLike<number>; monetaryValue: ArrayLike<number> },
  options: ClvOptions,
): ClvResult;

export interface PurchaseOptions {
  /** Now (default: the time of the call). Transactions after it are left out. */
  asOf?: number | string | Date;
  /** Days without an order after which a customer is churned (default 90; 1e-6 to 1e7). */
  inactiveAfterDays?: number;
  /** Days without an order after which a customer is at risk (default: half of inactiveAfterDays). */
  atRiskAfterDays?: number;
  /** Churn by each customer's usual gap: at risk from their median gap on, churned from this percentile (0–1) of their gaps on; customers with fewer than two gaps use the days above. */
  inactiveAfter?: { gapPercentile: number };
  /** Confidence level of the repeat purchase rate's interval (default 0.95). */
  confidence?: number;
  invalid?: InvalidPolicy;
}

export interface ActivityCounts {
  total: number;
  active: number;
  atRisk: number;
  churned: number;
}

/** Per customer, in order of first appearance. */
export interface PurchaseCustomers {
  customerId: (string | number | boolean)[];
  orders: Float64Array;
  /** Spend: the historical CLV. */
  revenue: Float64Array;
  firstAt: Float64Array;
  lastAt: Float64Array;
  daysSinceLast: Float64Array;
  status: ("active" | "at-risk" | "churned")[];
}

export interface PurchaseMetrics {
  asOf: number;
  customers: ActivityCounts;
  orders: number;
  revenue: number;
  /** Customers with two orders or more, percent, with a Wilson interval. */
  repeatPurchaseRate: Rate;
  purchaseFrequency: number | null;
  averageOrderValue: number | null;
  /** Revenue per customer. */
  historicalClv: number | null;
  skipped: number;
  invalid: InvalidEntry[];
  perCustomer: PurchaseCustomers;
}

/** Shop KPIs from orders: active / at risk / churned, repeat purchase rate, frequency, AOV, historical CLV; see the README. */
export declare function purchaseMetrics(transactions: readonly RfmTransaction[] | { readonly [K in keyof RfmTransaction]?: ColumnData }, options?: PurchaseOptions): PurchaseMetrics;

// ---------------------------------------------------------------- funnels

/** A property value an event may be required to have. */
export type PropertyValue = string | number | boolean;

/** A condition on events: its name and, optionally, property values (one value, or any of a list; "1" is not 1). */
export interface EventMatch {
  event: string;
  where?: { readonly [property: string]: PropertyValue | readonly PropertyValue[] };
}

/** A funnel step: an event name, or a condition with an optional display name. */
export type FunnelStep = string | (EventMatch & { name?: string });

/** Events that disqualify an attempt between step `from` and step `to` (1-based; default the first and the last). */
export interface FunnelExclusion extends EventMatch {
  from?: number;
  to?: number;
}

/** A length of time in one fixed unit (a day is 24 hours). */
export type WindowLength =
  | { weeks: number }
  | { days: number }
  | { hours: number }
  | { minutes: number }
  | { seconds: number }
  | { milliseconds: number };

export interface FunnelOptions {
  /** 1 to 32 steps. */
  steps: readonly FunnelStep[];
  /** "ordered" (default): other events may come between steps; "strict": none may; "unordered": any order. */
  order?: "ordered" | "strict" | "unordered";
  /** From the first step; default { days: 14 }. */
  window?: WindowLength;
  /** "actor" (default) or "session" (an attempt stays within a session). */
  countBy?: "actor" | "session";
  /** Not with order "unordered". */
  exclusions?: readonly FunnelExclusion[];
  /** A property whose value at step 1 splits the results; or cohorts by the period of the first step (in time order, labelled as groupKpis labels periods). */
  breakdown?: FunnelBreakdown | readonly FunnelBreakdown[];
  /** The time of the data: units still inside their window are reported as censored. */
  asOf?: TimeInput;
  confidence?: number;
  invalid?: InvalidPolicy;
}

/** One event: a row of funnel's input. Other keys are properties. */
export interface EventRow {
  actor: string | number | boolean;
  timestamp: TimeInput;
  event: string;
  session?: string | number | boolean | null;
  readonly [property: string]: unknown;
}

export type EventInput = readonly EventRow[] | { readonly [column: string]: ColumnData };

export interface FunnelStepResult {
  /** 1-based. */
  step: number;
  name: string;
  event: string;
  /** Units that reached the step (unordered: that completed at least this many steps). */
  count: number;
  /** Percent of the units that entered; null when none did. */
  conversionFromStart: number | null;
  conversionFromPrevious: number | null;
  dropOff: number;
  /** Wilson interval of the conversion from the start, percent. */
  confidenceInterval: ConfidenceInterval | null;
  /** Type 7 quantiles of the time from the previous step; null for step 1. */
  medianTimeFromPreviousMs: number | null;
  p90TimeFromPreviousMs: number | null;
}

/** A property, or periods of the first step's time (labelled as groupKpis labels periods). Several (up to 3): the funnel of each combination, in order (periods by time, property values by first appearance). */
export type FunnelBreakdown = string | { every: "hour" | "day" | "week" | "week-sunday" | "month" | "quarter" | "year" | "fiscal-quarter" | "fiscal-year"; timeZone?: string; fiscalYearStart?: number };

export interface FunnelBreakdownGroup {
  /** One breakdown: its value (a period's label); several: an array of them. */
  value: PropertyValue | null | (PropertyValue | null)[];
  units: number;
  steps: FunnelStepResult[];
  excluded: number;
}

export interface FunnelResult {
  order: "ordered" | "strict" | "unordered";
  countBy: "actor" | "session";
  windowMs: number;
  /** Units that entered (the count of step 1). */
  units: number;
  steps: FunnelStepResult[];
  /** Units whose every attempt an exclusion disqualified. */
  excluded: number;
  /** With asOf: units inside their window that have not reached the last step. */
  censored: number | null;
  /** With asOf: the steps over the units that are not censored. */
  settledSteps: FunnelStepResult[] | null;
  asOf: number | null;
  breakdown: FunnelBreakdownGroup[] | null;
  /** Valid events read. */
  events: number;
  skipped: number;
  invalid: InvalidEntry[];
}

/** A funnel from an event log; see the README, "funnel". */
export declare function funnel(events: EventInput, options: FunnelOptions): FunnelResult;

// ---------------------------------------------------------------- cart abandonment from events

export interface CartEventOptions extends CartOptions {
  /** The cart event (default "add_to_cart", GA4's name). */
  cart?: string;
  /** The checkout event (default "begin_checkout"). */
  checkout?: string;
  /** The order event (default "purchase"). */
  order?: string;
  /** How long after the cart (or checkout) an order counts; default { days: 14 }. */
  window?: WindowLength;
  countBy?: "actor" | "session";
  invalid?: InvalidPolicy;
}

export interface CartResult extends CartAbandonment {
  /** Valid events read (0 for counts). */
  events: number;
  skipped: number;
  invalid: InvalidEntry[];
}

/** Cart (or checkout) abandonment from counts, or from an event log by the funnel rules: units with a cart event, and those of them with an order after it within the window. */
export declare function cartAbandonment(input: CartCounts | EventInput, options?: CartEventOptions): CartResult;

// ---------------------------------------------------------------- bounce rate

/** One session: GA4 engagement time, page (or screen) views, key events. */
export interface SessionRow {
  durationMs?: number | null;
  pageViews?: number | null;
  keyEvents?: number | null;
}

export type SessionInput =
  | readonly SessionRow[]
  | { durationMs?: NumberColumn; pageViews?: NumberColumn; keyEvents?: NumberColumn }
  | { sessions: number; engagedSessions: number }
  | { sessions: number; bounces: number };

export interface BounceOptions {
  /** "ga4" (default): not engaged; "single-page": fewer than 2 page views. */
  definition?: "ga4" | "single-page";
  /** GA4: engaged from this engagement time (10 000 ms). */
  minEngagementMs?: number;
  /** GA4: engaged from this many page views (2). */
  minPageViews?: number;
  /** GA4: engaged from this many key events (1). */
  minKeyEvents?: number;
  confidence?: number;
  method?: RateIntervalMethod;
  invalid?: InvalidPolicy;
}

export interface BounceRate {
  /** Percent; null without sessions. */
  rate: number | null;
  bounces: number;
  sessions: number;
  engagedSessions: number;
  engagementRate: number | null;
  confidenceInterval: ConfidenceInterval | null;
  definition: "ga4" | "single-page";
  skipped: number;
  invalid: InvalidEntry[];
}

/** Bounce rate of sessions (GA4 or single-page); see the README, "bounceRate". */
export declare function bounceRate(sessions: SessionInput, options?: BounceOptions): BounceRate;

// ---------------------------------------------------------------- health scores

export interface HealthScoring {
  type: "thresholds" | "ranges" | "linear" | "percentile";
  /** thresholds */
  good?: number;
  poor?: number;
  points?: { good?: number; average?: number; poor?: number };
  /** ranges: min inclusive, max exclusive; the first has no min, the last no max. */
  ranges?: readonly { min?: number; max?: number; points: number }[];
  /** linear: 0 points at min, 100 at max */
  min?: number;
  max?: number;
}

export interface HealthMeasure {
  name?: string;
  column: string;
  /** Within its group (1); 0 switches the measure off. */
  weight?: number;
  scoring: HealthScoring;
  direction?: "higher" | "lower";
}

export interface HealthGroup {
  name: string;
  weight?: number;
  measures: readonly HealthMeasure[];
}

/** A colour band: min inclusive, max exclusive (the top band's max inclusive). */
export interface HealthBand {
  label: string;
  color: string;
  min: number;
  max: number;
}

export interface HealthSpec {
  /** A column whose value labels each account. */
  id?: string;
  /** A column whose values split the portfolio (a segment, a CSM, a plan): `segments` in the result. */
  segment?: string;
  groups: readonly HealthGroup[];
  /** "renormalize" (default, Gainsight's NA rule), "zero" or "neutral". */
  missing?: "renormalize" | "zero" | "neutral";
  /** Score of a missing measure with missing "neutral" (50). */
  neutralScore?: number;
  /** 0–1; below it the score is null (0). */
  minCoverage?: number;
  /** Default: red [0, 50), yellow [50, 75), green [75, 100]. */
  bands?: readonly HealthBand[];
  trend?: { column: string; epsilon?: number };
  override?: { column: string; expires?: string; asOf?: TimeInput };
  invalid?: InvalidPolicy;
}

export interface HealthContribution {
  group: string;
  measure: string;
  column: string;
  value: number | null;
  points: number | null;
  /** Effective weight in this account's score, 0–1. */
  weight: number;
  /** Points added to the score. */
  contribution: number;
  missing: boolean;
}

export interface AccountHealth {
  index: number;
  id: PropertyValue | null;
  score: number | null;
  band: { label: string; color: string } | null;
  groupScores: { [group: string]: number | null };
  contributions: HealthContribution[];
  coverage: number;
  trend: "up" | "flat" | "down" | null;
  previous: number | null;
  overridden: boolean;
  computedScore: number | null;
  /** Why the score is null. */
  reason: string | null;
}

export interface HealthPortfolio {
  accounts: number;
  scored: number;
  average: number | null;
  median: number | null;
  /** share: percent of the scored accounts (coverage and weights are 0–1). */
  bands: { label: string; color: string; count: number; share: number | null }[];
}

export interface HealthSegment extends HealthPortfolio {
  value: PropertyValue | null;
}

export interface HealthScores {
  accounts: AccountHealth[];
  portfolio: HealthPortfolio;
  /** With `segment`: each segment's portfolio, in order of first appearance. */
  segments: HealthSegment[] | null;
  skipped: number;
  invalid: InvalidEntry[];
}

export interface HealthSpecProblem {
  /** e.g. "groups[0].measures[1].weight" */
  path: string;
  code: CxErrorCode;
  message: string;
}

/** Health scores of accounts (rows or columns; numeric strings are read as numbers); see the README, "healthScores". */
export declare function healthScores(accounts: readonly { readonly [column: string]: unknown }[] | { readonly [column: string]: ColumnData }, spec: HealthSpec): HealthScores;

/** Every problem of a spec, with its path; never throws for a bad spec. */
export declare function validateHealthSpec(spec: unknown): { valid: boolean; errors: HealthSpecProblem[] };
