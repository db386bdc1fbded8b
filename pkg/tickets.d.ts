// Public types of cx-metrics/tickets (generated from the Rust binding into
// wasm/cx_metrics_tickets.d.ts; this file selects the public surface).
export { ticketMetrics, businessDuration, businessDurations } from "./wasm/cx_metrics_tickets.js";

export type {
  TimeInput,
  TicketRow,
  TimeColumn,
  NumberColumn,
  TicketColumns,
  TicketInput,
  ClockTime,
  BusinessInterval,
  BusinessCalendar,
  SlaOptions,
  BacklogOptions,
  TicketOptions,
  HistogramBin,
  DurationStats,
  Rate,
  SlaResult,
  SlaReport,
  BacklogPoint,
  TicketMetrics,
  InvalidPolicy,
  CxErrorCode,
  CxError,
  ConfidenceInterval,
  InvalidEntry,
} from "./wasm/cx_metrics_tickets.js";
