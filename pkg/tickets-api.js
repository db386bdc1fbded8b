// The public functions of the tickets API, for both of its entry points
// (tickets.js and tickets-node.js).
export { ticketMetrics, businessDuration, businessDurations } from "./wasm/cx_metrics_tickets.js";
