// Builds the npm package in pkg/: one wasm module per entry point (so that
// survey-only users never download what other entry points need), each
// passed through wasm-bindgen (--target web) and binaryen's wasm-opt.
//
//   node scripts/build.mjs            release build
//   node scripts/build.mjs --quiet    same, fewer lines
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quiet = process.argv.includes("--quiet");
const log = (...a) => quiet || console.log(...a);

// The wasm modules of the package: output name and cargo features.
export const MODULES = [
  { name: "cx_metrics", features: "survey" },
  { name: "cx_metrics_tickets", features: "tickets" },
];

const WASM_BINDGEN_VERSION = readFileSync(join(root, "Cargo.toml"), "utf8").match(/wasm-bindgen = "=([\d.]+)"/)[1];

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { cwd: root, stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit", ...opts });
}

function checkWasmBindgen() {
  let v = "";
  try {
    v = execFileSync("wasm-bindgen", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      `wasm-bindgen is not installed; run: cargo install wasm-bindgen-cli --version ${WASM_BINDGEN_VERSION}`,
    );
  }
  if (!v.endsWith(WASM_BINDGEN_VERSION)) {
    throw new Error(`${v} found, but Cargo.toml pins ${WASM_BINDGEN_VERSION}; run: cargo install wasm-bindgen-cli --version ${WASM_BINDGEN_VERSION} --force`);
  }
}

// Features the Rust wasm32 target enables by default, plus SIMD.
const WASM_FEATURES = [
  "--enable-simd",
  "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-reference-types",
  "--enable-multivalue",
];

export function build() {
  checkWasmBindgen();
  const out = join(root, "pkg", "wasm");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const sizes = [];
  for (const m of MODULES) {
    run("cargo", [
      "build", "--release", "--lib", "--target", "wasm32-unknown-unknown",
      "--no-default-features", "--features", m.features,
    ]);
    const built = join(root, "target", "wasm32-unknown-unknown", "release", "cx_metrics.wasm");
    run("wasm-bindgen", ["--target", "web", "--out-dir", out, "--out-name", m.name, built]);
    // Classes declare [Symbol.dispose]; make the declarations compile for
    // projects whose `lib` predates it (TypeScript >= 5.2 knows this lib).
    const dts = join(out, `${m.name}.d.ts`);
    writeFileSync(dts, `/// <reference lib="esnext.disposable" />\n` + readFileSync(dts, "utf8"));
    const wasm = join(out, `${m.name}_bg.wasm`);
    run(join(root, "node_modules", ".bin", "wasm-opt"), [
      "-O3", ...WASM_FEATURES, "--strip-debug", "--strip-producers", wasm, "-o", wasm,
    ]);
    const bytes = readFileSync(wasm);
    sizes.push({ module: `${m.name}_bg.wasm`, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  for (const f of ["README.md", "LICENSE-MIT", "LICENSE-APACHE"]) {
    try {
      copyFileSync(join(root, f), join(root, "pkg", f));
    } catch {
      // optional files
    }
  }
  for (const s of sizes) {
    log(`${s.module}: ${s.bytes} bytes, ${s.gzip} gzipped`);
  }
  return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    build();
  } catch (e) {
    console.error(String(e.message || e));
    process.exit(1);
  }
}
