// Types of cx-metrics/tickets: ticket timing KPIs and business-hours
// calendars. Hand-written; tests/js/types.test.mjs checks them against the
// engine.
import type { ConfidenceInterval, CxError, CxErrorCode, InvalidEntry, InvalidPolicy } from "./types.js";
export type { ConfidenceInterval, CxError, CxErrorCode, InvalidEntry, InvalidPolicy } from "./types.js";
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
  /** "YYYY-MM-DD" dates closed all day. */
  holidays?: readonly string[];
  /** "YYYY-MM-DD" → hours for that date instead of the weekday's ([] closes it). Wins over holidays. */
  overrides?: Readonly<Record<string, readonly BusinessInterval[]>>;
}

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
