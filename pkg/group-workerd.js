// cx-metrics/group for Cloudflare Workers: the same module as cx-metrics/tickets.
export * from "./tickets-workerd.js";
