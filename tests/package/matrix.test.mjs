// The packed tarball in real projects — the ones in examples/ — built the
// way their users build them,
// with no configuration for cx-metrics: Vite 5–8 (build and dev server),
// webpack 5, esbuild, Rollup and Parcel with default options, Web Workers (module
// and classic), Node worker threads, Jest (CommonJS) and Vitest (node and
// jsdom). Each page computes an NPS and renders <nps-calculator> in
// Chromium; each script computes an NPS.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync, mkdirSync, rmSync, cpSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../scripts/serve.mjs";
import { launch, watchedPage } from "../support/browser.mjs";
import { packIntoTemp, installProject } from "../support/tarball.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let dir;
let browser;

// The tools, as a project would install them (several Vite majors side by side).
const TOOLS = {
  vite5: "npm:vite@^5.4.0",
  vite6: "npm:vite@^6.3.0",
  vite7: "npm:vite@^7.0.0",
  vite8: "npm:vite@^8.0.0",
  webpack: "^5.99.0",
  "webpack-cli": "^6.0.0",
  rollup: "^4.40.0",
  "@rollup/plugin-node-resolve": "^16.0.0",
  esbuild: "^0.28.0",
  parcel: "^2.15.0",
  jest: "^30.0.0",
  vitest: "^3.2.0",
  jsdom: "^26.0.0",
  ts50: "npm:typescript@~5.0.4",
  typescript: "^5.9.0",
  "@types/react": "^19.0.0",
  vue: "^3.5.0",
  "vue-tsc": "^3.0.0",
};

before(() => {
  let tarball;
  ({ dir, tarball } = packIntoTemp("cx-metrics-matrix-"));
  installProject(dir, tarball, { name: "matrix", devDependencies: TOOLS });
});

after(async () => {
  await browser?.close();
  if (dir && !process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
});

const tool = (pkg, bin) => join(dir, "node_modules", pkg, bin);
const run = (args, cwd) => execFileSync("node", args, { cwd, stdio: "pipe", encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

// ---------------------------------------------------------------- the apps

// What every example page computes: an NPS, an error's code, the
// calculator's score and a worker's answer.
const WANT = { score: 40, code: "NOT_A_NUMBER", calculator: 40, worker: 33.333333333333336 };

/** A copy of examples/<name> in the project (its tools and the package resolve from the project). */
function example(name, as = name) {
  const d = join(dir, as);
  cpSync(join(root, "examples", name), d, { recursive: true });
  return d;
}

function app(name, files) {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}

async function pageResult(url, origin) {
  browser ??= await launch();
  const { page, context, problems } = await watchedPage(browser, origin);
  try {
    await page.goto(url);
    await page.waitForSelector("#out[data-done]", { timeout: 20000 });
    return { out: JSON.parse(await page.textContent("#out")), problems };
  } finally {
    await context.close();
  }
}

async function served(folder, path = "") {
  const srv = await serve(folder);
  try {
    return await pageResult(srv.url + path, srv.url);
  } finally {
    await srv.close();
  }
}

/** Starts a dev server and waits for its URL on stdout. */
function devServer(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn("node", args, { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    const timer = setTimeout(() => reject(new Error(`no URL from the dev server:\n${text}`)), 30000);
    const seen = (chunk) => {
      text += chunk;
      const m = text.match(/https?:\/\/(?:localhost|127\.0\.0\.1):\d+\/?/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0].replace("localhost", "127.0.0.1").replace(/\/?$/, "/"), stop: () => child.kill("SIGTERM") });
      }
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.on("exit", (c) => reject(new Error(`dev server exited (${c}):\n${text}`)));
  });
}

// ---------------------------------------------------------------- Vite

describe("Vite, default configuration", () => {
  for (const v of ["vite5", "vite6", "vite7", "vite8"]) {
    test(`${v}: build`, async () => {
      const d = example("vite", `${v}-app`);
      run([tool(v, "bin/vite.js"), "build", "--logLevel", "error"], d);
      const { out, problems } = await served(join(d, "dist"));
      assert.deepEqual(out, WANT);
      assert.deepEqual(problems, []);
    });

    test(`${v}: dev server`, async () => {
      const d = example("vite", `${v}-dev`);
      const srv = await devServer([tool(v, "bin/vite.js"), "--host", "127.0.0.1", "--port", "0", "--strictPort", "false"], d);
      try {
        const { out, problems } = await pageResult(srv.url, srv.url);
        assert.deepEqual(out, WANT);
        assert.deepEqual(problems.filter((p) => !/\[vite\]/.test(p)), []);
      } finally {
        srv.stop();
      }
    });
  }
});

// ---------------------------------------------------------------- other bundlers

describe("other bundlers, default options", () => {
  test("webpack 5 (production build, no configuration file)", async () => {
    const d = example("webpack");
    run([tool("webpack-cli", "bin/cli.js"), "--mode", "production", "--entry", "./main.js", "--output-path", "dist"], d);
    const { out, problems } = await served(d);
    assert.deepEqual(out, WANT);
    assert.deepEqual(problems, []);
  });

  test("esbuild (default format: one classic script; a classic worker)", async () => {
    const d = example("esbuild");
    const esbuild = tool("esbuild", "bin/esbuild");
    execFileSync(esbuild, ["main.js", "--bundle", "--outfile=dist/main.js"], { cwd: d, stdio: "pipe" });
    execFileSync(esbuild, ["worker.js", "--bundle", "--outfile=dist/worker.js"], { cwd: d, stdio: "pipe" });
    const { out, problems } = await served(d);
    assert.deepEqual(out, WANT);
    assert.deepEqual(problems, []);
  });

  test("Rollup with node-resolve (ES modules, a module worker)", async () => {
    const d = example("rollup");
    const rollup = tool("rollup", "dist/bin/rollup");
    for (const f of ["main.js", "worker.js"]) {
      run([rollup, f, "--plugin", "@rollup/plugin-node-resolve", "--format", "es", "--file", `dist/${f}`, "--silent"], d);
    }
    const { out, problems } = await served(d);
    assert.deepEqual(out, WANT);
    assert.deepEqual(problems, []);
  });

  test("Parcel 2 (production build of an HTML entry)", async () => {
    const d = example("parcel");
    run([tool("parcel", "lib/bin.js"), "build", "index.html", "--dist-dir", "dist", "--no-cache", "--log-level", "error"], d);
    const { out, problems } = await served(join(d, "dist"));
    assert.deepEqual(out, WANT);
    assert.deepEqual(problems, []);
  });

  test("no bundler: a plain page importing the package's files, with a module worker", async () => {
    const d = example("plain-html");
    cpSync(join(dir, "node_modules", "cx-metrics"), join(d, "node_modules", "cx-metrics"), { recursive: true });
    const { out, problems } = await served(d);
    assert.deepEqual(out, WANT);
    assert.deepEqual(problems, []);
  });
});

// ---------------------------------------------------------------- scripts

describe("Node and test runners", () => {
  test("Node: ESM, CommonJS and worker threads (a message sent at once is answered)", () => {
    const d = example("node");
    assert.deepEqual(JSON.parse(run(["main.mjs"], d)), { score: 40, acc: 0, hour: 3600000, csv: 2 });
    assert.deepEqual(JSON.parse(run(["main.cjs"], d)), { score: 40, hour: 3600000 });
    assert.equal(JSON.parse(run(["threads.mjs"], d)), WANT.worker);
  });

  test("Jest (CommonJS, default configuration)", () => {
    const d = example("jest");
    run([tool("jest", "bin/jest.js"), "--ci", "--rootDir", d], d);
  });

  test("TypeScript 5.0 without skipLibCheck (ESM and CommonJS projects)", () => {
    const check = `import { nps, NpsAccumulator, type NpsResult } from "cx-metrics";
      import { ticketMetrics } from "cx-metrics/tickets";
      import { groupKpis, groupKpisFromStates, sqlStates } from "cx-metrics/group";
      import type { NpsCalculatorElement } from "cx-metrics/calculator";
      const r: NpsResult = nps([10, 9]);
      const a = new NpsAccumulator();
      const t = ticketMetrics([{ createdAt: 0 }]);
      let el: NpsCalculatorElement | null = null;
      // groupKpis: each metric's result is typed by its kind.
      const g = groupKpis([{ seg: "a", at: 0, x: 9 }], {
        by: ["seg", { time: "at", every: "month", timeZone: "Europe/Berlin" }],
        metrics: { n: { kind: "nps", column: "x" }, frt: { kind: "firstResponse", created: "at" } },
        compare: "previous",
      });
      const score: number | null = g.rows[0].n.score;
      const median: number | null = g.rows[0].frt.median;
      const p: number | null | undefined = g.rows[0].n.change?.pValue;
      const states = groupKpisFromStates([], { by: ["seg"], metrics: { n: { kind: "nps" } } });
      const sql: string = sqlStates("nps", { column: "score" });
      // @ts-expect-error: not a period length
      groupKpis([], { by: [{ time: "at", every: "fortnight" }], metrics: { n: { kind: "nps", column: "x" } } });
      // @ts-expect-error: an NPS result has no median
      void g.rows[0].n.median.toFixed();
      void [r, a, t, el, score, median, p, states.rows, sql];
    `;
    for (const [name, type, module] of [["ts-esm", "module", "node16"], ["ts-cjs", "commonjs", "node16"]]) {
      const d = app(name, {
        "package.json": JSON.stringify({ name, private: true, type }),
        "tsconfig.json": JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, module, moduleResolution: module, target: "es2020", lib: ["es2020", "dom"], skipLibCheck: false, types: [] },
          files: ["check.ts"],
        }),
        "check.ts": check,
      });
      run([tool("ts50", "bin/tsc"), "-p", "tsconfig.json"], d);
    }
  });

  test("JSX types for React and template types for Vue (opt-in entries)", () => {
    const react = app("react-types", {
      "package.json": JSON.stringify({ name: "react-types", private: true, type: "module" }),
      "tsconfig.json": JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, jsx: "react-jsx", module: "esnext", moduleResolution: "bundler", target: "es2022", lib: ["es2022", "dom"], skipLibCheck: false, types: [] },
        files: ["app.tsx"],
      }),
      "app.tsx": `import type {} from "cx-metrics/calculator/react";
        import type { NpsCalculatorElement } from "cx-metrics/calculator";
        import { useRef } from "react";
        export function App() {
          const ref = useRef<NpsCalculatorElement>(null);
          return (
            <div>
              <nps-calculator ref={ref} mode="counts" counts="50,40,10" lang="es" confidence="0.9" class="x" />
              <csat-calculator scale="1-5" satisfied-from="4" />
              <ces-calculator higher-is-easier="false" />
              {/* @ts-expect-error: not a mode */}
              <nps-calculator mode="typing" />
            </div>
          );
        }`,
    });
    run([tool("typescript", "bin/tsc"), "-p", "tsconfig.json"], react);
    const vue = app("vue-types", {
      "package.json": JSON.stringify({ name: "vue-types", private: true, type: "module" }),
      "tsconfig.json": JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler", target: "es2022", lib: ["es2022", "dom"], types: [] },
        include: ["*.vue", "*.ts"],
      }),
      "env.d.ts": `import type {} from "cx-metrics/calculator/vue";`,
      "App.vue": `<script setup lang="ts"></script>
<template>
  <nps-calculator mode="counts" counts="50,40,10" lang="it" />
  <csat-calculator scale="1-7" />
  <!-- @vue-expect-error: not a mode -->
  <nps-calculator mode="typing" />
</template>
`,
    });
    run([tool("vue-tsc", "bin/vue-tsc.js"), "-p", "tsconfig.json"], vue);
  });

  test("Vitest (node, and jsdom rendering <nps-calculator>)", () => {
    const d = example("vitest");
    run([tool("vitest", "vitest.mjs"), "run", "--root", d], d);
  });
});
