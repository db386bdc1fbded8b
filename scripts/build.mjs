// Builds the npm package in pkg/: one wasm module per entry point (so that
// survey-only users never download what other entry points need), each
// compiled with cargo, passed through wasm-bindgen and binaryen's wasm-opt,
// then described (its exports, classes, error codes and encodings are read
// from the module itself) to generate the entry points and wasm/*.meta.js.
//
//   node scripts/build.mjs            release build
//   node scripts/build.mjs --quiet    same, fewer lines
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { describeModule, FLAT_FIELD_READERS, runtime } from "../pkg/runtime.js";
import binaryen from "binaryen";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quiet = process.argv.includes("--quiet");
const log = (...a) => quiet || console.log(...a);

// The wasm modules of the package: output name, cargo features, and the
// entry point generated for it (`entry`: ESM; also `.cjs` for require() and
// `-workerd.js` for Cloudflare's runtime, which compiles no wasm at run time).
// `opt` is rustc's opt-level: "s" gives the smaller modules. ("z" makes
// the tickets module 16 KB smaller but sorts 2.5× slower; "3" makes it
// 16 KB larger for a 15 % faster sort.)
//
// `samples` are calls whose results show every struct the module returns:
// their shapes become object-literal builders (faster than building objects
// key by key). A struct no sample shows is still read, key by key.
export const MODULES = [
  {
    name: "cx_metrics",
    features: "survey,rates",
    opt: "s",
    entry: "index",
    samples: (api) => {
      api.nps([10, 9, 0, 11], { invalid: "skip", weights: [1, 2, 1, 1] });
      api.npsFromCounts({ promoters: 1, passives: 1, detractors: 1 });
      api.csat([5, 4, 1]);
      api.ces([7, 6, 1]);
      api.csatFromCounts([1, 0, 0, 0, 1]);
      api.cesFromCounts([1, 0, 0, 0, 0, 0, 1]);
      api.npsCompare([10, 9, 0], [0, 0, 9]);
      api.csatCompare([5, 4, 1], [1, 2, 5]);
      api.conversionRate({ conversions: 3, visitors: 10 }, { method: "jeffreys" });
      api.compareRates([true, false, 1, 0], { successes: 3, trials: 10 }, { invalid: "skip" });
      api.cartAbandonment({ cartsCreated: 10, ordersCompleted: 3 });
      const a = new api.NpsAccumulator();
      a.addMany([10, 0]);
      a.toJSON();
      void a.count;
      a.result();
      const c = new api.CsatAccumulator();
      c.toJSON();
      c.result();
      new api.CesAccumulator().result();
      try {
        api.nps([11]);
      } catch {
        // the error's shape
      }
    },
  },
  {
    name: "cx_metrics_tickets",
    features: "tickets,group,revenue,events,health",
    opt: "s",
    entry: "tickets",
    samples: (api) => {
      const calendar = { timeZone: "UTC", week: { mon: [["09:00", "17:00"]] } };
      api.ticketMetrics([{ createdAt: 0, firstResponseAt: 60_000, resolvedAt: 120_000, replies: 1, abandoned: false, status: "x" }, { createdAt: "x" }], {
        calendar,
        sla: { firstResponseMs: 1, resolutionMs: 1 },
        asOf: 200_000,
        backlog: { from: 0, to: 1, every: "day" },
        invalid: "skip",
      });
      api.revenueMetrics(
        [
          { customerId: "a", start: 0, end: 5_000_000_000, amount: 10, interval: "month" },
          { customerId: "b", start: 0, amount: 0, interval: "year" },
        ],
        { from: 0, to: 6_000_000_000, asOf: 1 },
      );
      api.bgNbdFit({ frequency: [2, 0], recency: [10, 0], T: [20, 5] }, { horizon: 1 });
      api.gammaGammaFit({ frequency: [2, 1, 0], monetaryValue: [10, 20, 0] });
      api.clv({ frequency: [1], recency: [2], T: [3], monetaryValue: [10] }, { bgNbd: { r: 1, alpha: 1, a: 1, b: 1 }, gammaGamma: { p: 1, q: 2, gamma: 1 } });
      api.funnel(
        [{ actor: "a", timestamp: 0, event: "v", p: 1 }, { actor: "a", timestamp: 1, event: "b", p: 1 }, { actor: "b", timestamp: 1, event: "v" }, { actor: null }],
        { steps: ["v", { event: "b", where: { p: 1 } }], breakdown: "p", asOf: 2, invalid: "skip" },
      );
      api.cartAbandonment([{ actor: "a", timestamp: 0, event: "add_to_cart" }, { actor: "a", timestamp: 1, event: "purchase" }]);
      api.bounceRate([{ durationMs: 1, pageViews: 1, keyEvents: 0 }, { durationMs: -1 }], { invalid: "skip" });
      api.healthScores({ id: ["a", "b"], x: [1, null], p: [50, 40], m: [null, 90] }, {
        id: "id",
        groups: [{ name: "g", measures: [{ column: "x", scoring: { type: "linear", min: 0, max: 2 } }] }],
        trend: { column: "p" },
        override: { column: "m" },
      });
      api.validateHealthSpec({ groups: [] });
      api.publicHolidays("US", { from: 2026 });
      api.purchaseMetrics([{ customerId: "a", at: 0, amount: 1 }], { asOf: 1e9 });
      api.rfmSummary([{ customerId: "a", at: 0, amount: 1 }, { customerId: "a", at: 1e9, amount: 2 }]);
      api.cohortRetention([{ customerId: "a", start: 1, amount: 10, interval: "month" }], { from: 0, to: 3_000_000_000, asOf: 1 });
      api.groupKpis(
        [{ s: "a", t: 0, x: 9, y: 5, z: 3, c: 0, f: 60_000 }, { s: "a", t: 86_400_000, x: 0, y: 1, z: 5, c: 0, f: 120_000 }],
        {
          by: ["s", { time: "t", every: "day" }],
          metrics: {
            x: { kind: "nps", column: "x" },
            y: { kind: "csat", column: "y" },
            z: { kind: "ces", column: "z" },
            f: { kind: "firstResponse", created: "c", firstResponse: "f" },
            r: { kind: "fcr", created: "c", resolved: "f", replies: "x" },
            l: { kind: "sla", created: "c", firstResponse: "f", sla: { firstResponseMs: 1 } },
          },
          compare: "previous",
          totals: true,
        },
      );
      try {
        api.businessDuration(1, 0, calendar);
      } catch {
        // the error's shape
      }
    },
  },
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
    throw new Error(`wasm-bindgen is not installed; run: cargo install wasm-bindgen-cli --version ${WASM_BINDGEN_VERSION}`);
  }
  if (!v.endsWith(WASM_BINDGEN_VERSION)) {
    throw new Error(`${v} found, but Cargo.toml pins ${WASM_BINDGEN_VERSION}; run: cargo install wasm-bindgen-cli --version ${WASM_BINDGEN_VERSION} --force`);
  }
}

// Features the Rust wasm32 target enables by default, plus SIMD.
// Functions wasm-opt must not inline (name patterns): hot loops, which V8
// optimises worse inside the large function that calls them once.
const NO_INLINE = ["*count_fused*"];

const WASM_FEATURES = [
  "--enable-simd",
  "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-reference-types",
  "--enable-multivalue",
];

const GENERATED = "// Generated by scripts/build.mjs from the wasm module's own description: do not edit.\n";

/** The structs a module's samples return: name → field names. */
function shapesOf(m, module, meta) {
  const shapes = {};
  const rt = runtime(module, meta, { record: (name, keys) => (shapes[name] = keys) });
  const api = {};
  for (const e of meta.exports.filter((e) => e.public)) api[e.name] = rt.fn(e.name);
  for (const a of meta.accumulators) api[a.class] = rt.accumulator(a.class);
  m.samples(api);
  return shapes;
}

/**
 * Object-literal builders for the structs: name → [field names joined by
 * ",", build(read)]; and under "#flat", for the flat structs (see
 * runtime.js, tapeReader): name → build(field readers, flat builders).
 */
function buildersSource(shapes, flats) {
  const key = (name, k) => {
    if (k === "__proto__" || !/^[A-Za-z_$][\w$]*$/.test(k)) throw new Error(`${name}.${k} cannot be a builder key`);
    return k;
  };
  const lines = ["export const builders = {"];
  for (const [name, keys] of Object.entries(shapes).sort()) {
    lines.push(`  ${JSON.stringify(name)}: [${JSON.stringify(keys.join(","))}, (f) => ({ ${keys.map((k) => `${key(name, k)}: f()`).join(", ")} })],`);
  }
  const field = ([k, kind, nested]) => {
    if (!Object.hasOwn(FLAT_FIELD_READERS, kind)) throw new Error(`unknown flat field kind ${kind}`);
    const read = `R.${FLAT_FIELD_READERS[kind]}()`;
    return kind === "nested" ? `${read} ? F[${JSON.stringify(nested)}](R, F) : null` : read;
  };
  lines.push(`  "#flat": {`);
  for (const f of flats) lines.push(`    ${JSON.stringify(f.name)}: (R, F) => ({ ${f.fields.map((x) => `${key(f.name, x[0])}: ${field(x)}`).join(", ")} }),`);
  lines.push("  },");
  lines.push("};");
  return lines.join("\n");
}

/**
 * The module's bytes as a JavaScript string literal, one character per
 * byte (U+0000..U+00FF; quotes, backslashes, line breaks and NUL escaped).
 * Inlined, the module needs no fetch, no file access, no URL and no
 * top-level await, so the package works unchanged in every bundler and
 * runtime; gzipped, it is within 10 % of the .wasm file (base64 is 35 %).
 */
function bytesSource(bytes) {
  let text = "";
  for (const b of bytes) {
    if (b === 0x5c) text += "\\\\";
    else if (b === 0x22) text += '\\"';
    else if (b === 0x0a) text += "\\n";
    else if (b === 0x0d) text += "\\r";
    else if (b === 0x00) text += "\\x00";
    else text += String.fromCharCode(b);
  }
  return `${GENERATED}// The WebAssembly module, one character per byte (see runtime.js, bytesOf),\n// and its length in bytes (a script read in another encoding is longer).\nexport default "${text}";\nexport const length = ${bytes.length};\n`;
}

/** `bytes` without the export `name` (what only it reached is left for wasm-opt to drop). */
function withoutExport(bytes, name) {
  // Names kept, for wasm-opt's --no-inline patterns (its --strip-debug
  // drops them from the module shipped).
  binaryen.setDebugInfo(true);
  const m = binaryen.readBinary(bytes);
  // As wasm-opt's --enable flags (bulk memory and reference types bring their
  // companions in binaryen 132).
  const F = binaryen.Features;
  m.setFeatures(F.SIMD128 | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals | F.ReferenceTypes | F.CallIndirectOverlong | F.Multivalue);
  m.removeExport(name);
  if (!m.validate()) throw new Error(`${name} could not be removed: the module does not validate`);
  const out = m.emitBinary();
  m.dispose();
  return Buffer.from(out);
}

/** The source of an entry point that exports the module's public API. */
function entrySource(m, meta, kind) {
  const lines = [GENERATED];
  if (kind === "workerd") {
    lines.push(
      `// Cloudflare Workers (workerd): the runtime compiles no WebAssembly at run`,
      `// time, so the .wasm file is imported as a module (Wrangler bundles it).`,
      `import { runtime } from "./runtime.js";`,
      `import meta, { builders } from "./wasm/${m.name}.meta.js";`,
      `import wasm from "./wasm/${m.name}_bg.wasm";`,
      ``,
      `const rt = runtime(wasm, meta, { builders });`,
    );
  } else {
    lines.push(
      `// Every runtime and bundler: the module is inlined and compiled`,
      `// synchronously while this module loads (no fetch, no top-level await,`,
      `// no init()), so every export is ready as soon as the import resolves.`,
      `import { runtimeInline } from "../runtime.js";`,
      `import meta, { builders } from "./${m.name}.meta.js";`,
      `import bytes, { length } from "./${m.name}.bytes.js";`,
      ``,
      `const rt = runtimeInline(bytes, meta, builders, length);`,
    );
  }
  lines.push("");
  for (const e of meta.exports.filter((e) => e.public)) lines.push(`export const ${e.name} = rt.fn("${e.name}");`);
  for (const a of meta.accumulators) lines.push(`export const ${a.class} = rt.accumulator("${a.class}");`);
  lines.push(`export const isCxError = rt.isCxError;`, "");
  return lines.join("\n");
}

/**
 * How the bundled entry points are minified: whitespace only (about 3 KB
 * less gzipped for the survey import). Not names, so that stack traces and
 * every function's and class's `name` read as in the sources; not syntax,
 * which turns the inlined module's string into a template literal that
 * some parsers reject (SWC, in Parcel: "legacy octal escape"). Lines are
 * kept short: Node prints the whole source line of an uncaught error's
 * throw site, which on a one-line bundle is hundreds of kilobytes.
 */
const MINIFY = { minifyWhitespace: true, lineLimit: 300 };

/**
 * `text` with esbuild's line continuations (a backslash ending a line inside
 * a string, from `lineLimit`) joined again: the inlined module's string
 * split every 300 characters gzips about 4 KB worse. A line ends in a
 * continuation when it ends in an odd number of backslashes.
 */
function joinContinuations(text) {
  const lines = text.split("\n");
  const out = [];
  let open = "";
  for (const line of lines) {
    const trailing = line.length - line.replace(/\\+$/, "").length;
    if (trailing % 2 === 1) open += line.slice(0, -1);
    else {
      out.push(open + line);
      open = "";
    }
  }
  if (open) out.push(open);
  return out.join("\n");
}

/**
 * An entry point as one ES module (runtime, description and inlined wasm
 * together): one request instead of a chain of imports, for pages that load
 * the package without a bundler. `external` maps imports to keep as they
 * are (path as written → path in the output).
 */
function bundle(entry, out, external = {}) {
  esbuild.buildSync({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2020",
    charset: "utf8",
    ...MINIFY,
    legalComments: "none",
    logLevel: "warning",
    banner: { js: GENERATED.trim() },
    external: Object.keys(external),
  });
  let text = joinContinuations(readFileSync(out, "utf8"));
  for (const [from, to] of Object.entries(external)) text = text.split(JSON.stringify(from)).join(JSON.stringify(to));
  writeFileSync(out, text);
}

/** A CommonJS build of an ESM entry point (one file, for require()). */
function commonjs(entry, out) {
  esbuild.buildSync({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    format: "cjs",
    platform: "neutral",
    target: "es2020",
    charset: "utf8",
    ...MINIFY,
    legalComments: "none",
    logLevel: "warning",
    banner: { js: "// Generated by scripts/build.mjs (CommonJS build of the ESM entry): do not edit." },
  });
  writeFileSync(out, joinContinuations(readFileSync(out, "utf8")));
}

/** `.d.cts` twins of the declarations, for require() users of TypeScript. */
function ctsDeclarations() {
  const pkg = join(root, "pkg");
  for (const f of ["index", "types", "tickets", "group", "calculator", "calculator/react", "calculator/vue"]) {
    const src = readFileSync(join(pkg, `${f}.d.ts`), "utf8").replace(/from "(\.\.?)\/(\w+)\.js"/g, 'from "$1/$2.cjs"');
    writeFileSync(join(pkg, `${f}.d.cts`), `// Generated by scripts/build.mjs from ${f}.d.ts: do not edit.\n${src}`);
  }
}

export function build() {
  checkWasmBindgen();
  const out = join(root, "pkg", "wasm");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const tmp = join(root, "target", "wasm-bindgen");
  const sizes = [];
  for (const m of MODULES) {
    run("cargo", [
      "build", "--release", "--lib", "--target", "wasm32-unknown-unknown",
      "--no-default-features", "--features", m.features,
    ], { env: { ...process.env, CARGO_PROFILE_RELEASE_OPT_LEVEL: m.opt } });
    const built = join(root, "target", "wasm32-unknown-unknown", "release", "cx_metrics.wasm");
    rmSync(tmp, { recursive: true, force: true });
    // wasm-bindgen prepares the module (exports, start function); its
    // JavaScript glue is not used: pkg/runtime.js instantiates the module.
    run("wasm-bindgen", ["--target", "web", "--no-typescript", "--out-dir", tmp, "--out-name", m.name, built]);
    // The module describes itself (exports, codes, encodings) for the
    // generated files; the shipped module does without the code that does
    // it: the export goes, and wasm-opt drops what only it reached.
    const bound = join(tmp, `${m.name}_bg.wasm`);
    const meta = describeModule(new WebAssembly.Module(readFileSync(bound)));
    writeFileSync(bound, withoutExport(readFileSync(bound), "cx_meta"));
    const wasm = join(out, `${m.name}_bg.wasm`);
    run(join(root, "node_modules", ".bin", "wasm-opt"), [
      ...NO_INLINE.map((f) => `--no-inline=${f}`), "-O3", ...WASM_FEATURES, "--strip-debug", "--strip-producers", bound, "-o", wasm,
    ]);
    const bytes = readFileSync(wasm);
    const module = new WebAssembly.Module(bytes);
    const shapes = shapesOf(m, module, meta);
    writeFileSync(join(out, `${m.name}.meta.js`), `${GENERATED}export default ${JSON.stringify(meta)};\n\n${buildersSource(shapes, meta.flats)}\n`);
    // The entry point, bundled into one module with the inlined wasm.
    const staged = join(out, `${m.name}.entry.js`);
    writeFileSync(join(out, `${m.name}.bytes.js`), bytesSource(bytes));
    writeFileSync(staged, entrySource(m, meta, "inline"));
    bundle(staged, join(root, "pkg", `${m.entry}.js`));
    rmSync(staged);
    rmSync(join(out, `${m.name}.bytes.js`));
    writeFileSync(join(root, "pkg", `${m.entry}-workerd.js`), entrySource(m, meta, "workerd"));
    commonjs(join(root, "pkg", `${m.entry}.js`), join(root, "pkg", `${m.entry}.cjs`));
    sizes.push({ module: `${m.name}_bg.wasm`, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  rmSync(tmp, { recursive: true, force: true });
  // The calculator as one module that shares the API's instance (it imports
  // ./index.js), and for require() (it registers the elements where the DOM
  // has custom elements, and renders nothing elsewhere).
  bundle(join(root, "pkg", "calculator", "main.js"), join(root, "pkg", "calculator.js"), { "../index.js": "./index.js" });
  commonjs(join(root, "pkg", "calculator.js"), join(root, "pkg", "calculator.cjs"));
  ctsDeclarations();
  // The custom elements manifest (attributes, events, parts, CSS custom
  // properties), read from the element's JSDoc, for editors and tools.
  run(join(root, "node_modules", ".bin", "cem"), ["analyze", "--globs", "pkg/calculator/element.js", "--outdir", "pkg", "--quiet"], { cwd: root });
  // pkg/README.md is the package's own (users'); the repository's files
  // that ship with it are copied.
  for (const f of ["LICENSE-MIT", "LICENSE-APACHE", "CHANGELOG.md"]) {
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
    console.error(String(e.stack || e.message || e));
    process.exit(1);
  }
}
