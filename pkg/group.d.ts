// Types of cx-metrics/group: the same module as cx-metrics/tickets.
export * from "./tickets.js";
