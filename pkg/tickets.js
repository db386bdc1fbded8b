// Browser / bundler entry point of the ticket KPIs: a separate WebAssembly
// module (it carries the IANA time-zone database), so that people who only
// compute survey KPIs never download it. Instantiated by a top-level await.
import init from "./wasm/cx_metrics_tickets.js";

await init({ module_or_path: new URL("./wasm/cx_metrics_tickets_bg.wasm", import.meta.url) });

export * from "./tickets-api.js";
