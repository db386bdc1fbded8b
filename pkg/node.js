// Node.js entry point: the WebAssembly module is read from disk and compiled
// synchronously while this module loads, so imports are ready immediately.
import { readFileSync } from "node:fs";
import { initSync } from "./wasm/cx_metrics.js";

initSync({ module: readFileSync(new URL("./wasm/cx_metrics_bg.wasm", import.meta.url)) });

export * from "./api.js";
