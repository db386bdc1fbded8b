// Node.js entry point of the ticket KPIs (compiled synchronously at import).
import { readFileSync } from "node:fs";
import { initSync } from "./wasm/cx_metrics_tickets.js";

initSync({ module: readFileSync(new URL("./wasm/cx_metrics_tickets_bg.wasm", import.meta.url)) });

export * from "./tickets-api.js";
