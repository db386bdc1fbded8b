// Browser / bundler entry point. The WebAssembly module is fetched and
// instantiated by a top-level await, so every export is ready to call as soon
// as the import resolves: no init() to remember. Bundlers (Vite, Rollup,
// webpack 5) see the `new URL(..., import.meta.url)` and ship the .wasm file.
import init from "./wasm/cx_metrics.js";

await init({ module_or_path: new URL("./wasm/cx_metrics_bg.wasm", import.meta.url) });

export * from "./api.js";
