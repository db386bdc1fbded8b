// The one test command (npm test): installs what is missing, then runs every
// suite in order and stops at the first failure.
//
//   1. native Rust tests of the core (unit, property, doc tests), and
//      clippy's lints of the library and its tests
//   2. the npm package build (release wasm, wasm-bindgen, wasm-opt)
//   3. the core compiled to wasm32, under Node (wasm-bindgen-test-runner)
//   4. JavaScript tests of the built package under Node
//   5. the packed tarball: publint, arethetypeswrong, sizes, types, and the
//      projects of examples/ built and run in every bundler, framework and
//      runtime (Vite 5–8, webpack, esbuild, Rollup, Parcel, Next.js, Astro,
//      Jest, Vitest, Node 18, Deno, Bun, workerd)
//   6. the demo page in Chromium (Playwright)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function step(title, cmd, args, env = {}) {
  console.log(`\n\x1b[1m== ${title}\x1b[0m\n$ ${cmd} ${args.join(" ")}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`\n\x1b[31mFAILED: ${title}\x1b[0m`);
    process.exit(r.status || 1);
  }
  console.log(`-- ${title}: ok (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

const suites = (dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".test.mjs"))
    .map((f) => join(dir, f));

step("toolchain", "bash", ["scripts/setup.sh", "--browser"]);
step("Rust core (native)", "cargo", ["test", "--all-features"]);
// Each wasm module of the package is the core with some features only: its
// unit tests run with exactly those (a test or an item gated on the wrong
// feature shows here, not in a user's build).
const { MODULES } = await import("./build.mjs");
for (const m of MODULES) {
  step(`Rust core (native) with the features of the module ${m.name} alone`, "cargo", [
    "test", "--no-default-features", "--features", m.features, "--lib",
  ]);
}
// Lints of the library and its tests, where the toolchain has clippy.
if (spawnSync("cargo", ["clippy", "--version"], { cwd: root, stdio: "ignore" }).status === 0) {
  step("Rust lints (clippy, warnings are errors)", "cargo", ["clippy", "--all-features", "--all-targets", "--", "-D", "warnings"]);
  // The binding is compiled for wasm32 only, once per module of the
  // package (with the features the build gives each).
  for (const m of MODULES) {
    step(`Rust lints of the wasm32 module ${m.name}`, "cargo", [
      "clippy", "--target", "wasm32-unknown-unknown", "--no-default-features", "--features", m.features, "--lib", "--", "-D", "warnings",
    ]);
  }
} else {
  console.log("\n(clippy is not installed with this Rust toolchain: lints skipped)");
}
step("build the npm package", "node", ["scripts/build.mjs"]);
step("Rust core compiled to wasm32, under Node", "cargo", [
  "test", "--target", "wasm32-unknown-unknown", "--all-features", "--test", "wasm_kernel",
]);
step("JavaScript API under Node", "node", ["--test", ...suites("tests/js")]);
step("packed tarball: package checks, and the examples built in every bundler, framework and runtime", "node", ["--test", ...suites("tests/package")]);
if (existsSync(join(root, "tests", "www"))) {
  step("demo page in Chromium", "node", ["--test", "--test-concurrency=1", ...suites("tests/www")]);
}
console.log("\n\x1b[32mAll tests passed.\x1b[0m");
