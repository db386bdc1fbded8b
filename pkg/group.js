// cx-metrics/group: the grouping API. It lives in the same module as
// cx-metrics/tickets (one copy of the time-zone database for both).
export * from "./tickets.js";
