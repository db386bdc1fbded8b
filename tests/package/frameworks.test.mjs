// The packed tarball in application frameworks and other runtimes, with no
// configuration for cx-metrics: Next.js (app router: a server component, a
// route handler and a client component; dev server and production build),
// Astro, Deno, Bun, Cloudflare's workerd (wrangler dev) and the oldest
// supported Node.js. Each installs from the npm registry; an environment
// whose runtime cannot be installed on this machine fails, it is not skipped.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, watchedPage } from "../support/browser.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let dir;
let tarball;
let browser;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "cx-metrics-frameworks-"));
  const packOut = execFileSync("npm", ["pack", join(root, "pkg"), "--pack-destination", dir, "--json"], { encoding: "utf8" });
  tarball = join(dir, JSON.parse(packOut)[0].filename);
});

after(async () => {
  await browser?.close();
  if (dir && !process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
});

/** A project folder with these files and dependencies (the tarball included). */
function project(name, files, deps, extra = {}) {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(d, f)), { recursive: true });
    writeFileSync(join(d, f), text);
  }
  writeFileSync(
    join(d, "package.json"),
    JSON.stringify({ name, private: true, type: "module", dependencies: { "cx-metrics": `file:${tarball}`, ...deps }, ...extra }, null, 2),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "error"], { cwd: d, stdio: "pipe" });
  return d;
}

const env = { ...process.env, NO_COLOR: "1", NEXT_TELEMETRY_DISABLED: "1", ASTRO_TELEMETRY_DISABLED: "1", WRANGLER_SEND_METRICS: "false" };

/** Starts a server and waits until `ready` matches its output. */
function server(cmd, args, cwd, ready = /https?:\/\/(?:localhost|127\.0\.0\.1|\[::1?\]):(\d+)/) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let text = "";
    const stop = () => {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`server not ready in 120 s:\n${text}`));
    }, 120000);
    const seen = (chunk) => {
      text += chunk;
      const m = text.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}/`, stop, output: () => text });
      }
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.on("exit", (c) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${c}):\n${text}`));
    });
  });
}

async function page(url, selector = "#out[data-done]") {
  browser ??= await launch();
  const { page: p, context, problems } = await watchedPage(browser, url.replace(/\/[^/]*$/, "").replace(/(:\d+).*/, "$1"));
  try {
    await p.goto(url);
    await p.waitForSelector(selector, { timeout: 60000 });
    return { out: JSON.parse(await p.textContent("#out")), problems };
  } finally {
    await context.close();
  }
}

const freePort = () => 20000 + Math.floor(Math.random() * 20000);

// ---------------------------------------------------------------- Next.js

describe("Next.js (app router)", () => {
  let d;
  before(() => {
    d = project(
      "next-app",
      {
        "app/layout.js": `export default function Layout({ children }) { return <html><body>{children}</body></html>; }`,
        // A server component: computed while rendering on the server.
        "app/page.js": `import { nps } from "cx-metrics";
          import { businessDuration } from "cx-metrics/tickets";
          export const dynamic = "force-dynamic";
          export default function Page() {
            const r = nps(new Uint8Array([10, 9, 8, 6, 10]));
            const h = businessDuration(0, 3600000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } });
            return <pre id="out" data-done="1">{JSON.stringify({ score: r.score, hour: h })}</pre>;
          }`,
        // A route handler.
        "app/api/nps/route.js": `import { nps } from "cx-metrics";
          export const dynamic = "force-dynamic";
          export function GET() { return Response.json({ score: nps([10, 9, 8, 6, 10]).score }); }`,
        // A client component rendering the calculator.
        "app/client/page.js": `"use client";
          import { useEffect, useState } from "react";
          import { nps } from "cx-metrics";
          export default function Client() {
            const [out, setOut] = useState(null);
            useEffect(() => {
              import("cx-metrics/calculator").then(() => {
                const el = document.createElement("nps-calculator");
                el.setAttribute("mode", "counts");
                el.setAttribute("counts", "50,40,10");
                document.body.append(el);
                setOut({ score: nps([10, 9, 8, 6, 10]).score, calculator: el.result.score });
              });
            }, []);
            return out ? <pre id="out" data-done="1">{JSON.stringify(out)}</pre> : <p>loading</p>;
          }`,
      },
      { next: "^16.0.0", react: "^19.0.0", "react-dom": "^19.0.0" },
      { scripts: {} },
    );
  });

  const check = async (url) => {
    const server = await page(url);
    assert.deepEqual(server.out, { score: 40, hour: 3600000 });
    const api = await (await fetch(url + "api/nps")).json();
    assert.deepEqual(api, { score: 40 });
    const client = await page(url + "client");
    assert.deepEqual(client.out, { score: 40, calculator: 40 });
  };

  test("next build, next start", async () => {
    execFileSync("node", [join(d, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: d, env, stdio: "pipe" });
    const port = freePort();
    const srv = await server("node", [join(d, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)], d);
    try {
      await check(`http://127.0.0.1:${port}/`);
    } finally {
      srv.stop();
    }
  });

  test("next dev", async () => {
    const port = freePort();
    const srv = await server("node", [join(d, "node_modules", "next", "dist", "bin", "next"), "dev", "-p", String(port)], d);
    try {
      // The dev server serves its scripts to its own origin only (localhost).
      await check(`http://localhost:${port}/`);
    } finally {
      srv.stop();
    }
  });
});

// ---------------------------------------------------------------- Astro

const ASTRO_PAGE = `---
import { nps } from "cx-metrics";
const score = nps(new Uint8Array([10, 9, 8, 6, 10])).score;
---
<html><head><link rel="icon" href="data:,"></head><body>
<pre id="server">{JSON.stringify({ score })}</pre>
<pre id="out"></pre>
<script>
  import { nps } from "cx-metrics";
  import "cx-metrics/calculator";
  const el = document.createElement("nps-calculator");
  el.setAttribute("mode", "counts");
  el.setAttribute("counts", "50,40,10");
  document.body.append(el);
  const out = document.getElementById("out");
  const server = JSON.parse(document.getElementById("server").textContent).score;
  out.textContent = JSON.stringify({ server, score: nps([10, 9, 8, 6, 10]).score, calculator: el.result.score });
  out.dataset.done = "1";
</script>
</body></html>
`;

describe("Astro", () => {
  let d;
  before(() => {
    // Astro 7 needs Node ≥ 22.12: the project brings its own from npm.
    d = project("astro-app", { "src/pages/index.astro": ASTRO_PAGE }, { astro: "^7.0.0", node: "^22.12.0" });
  });
  const astro = () => join(d, "node_modules", "astro", "bin", "astro.mjs");
  const node22 = () => join(d, "node_modules", ".bin", "node");
  const WANT = { server: 40, score: 40, calculator: 40 };

  test("astro build (static), served", async () => {
    execFileSync(node22(), [astro(), "build"], { cwd: d, env, stdio: "pipe" });
    const { serve } = await import("../../scripts/serve.mjs");
    const srv = await serve(join(d, "dist"));
    try {
      const { out, problems } = await page(srv.url);
      assert.deepEqual(out, WANT);
      assert.deepEqual(problems, []);
    } finally {
      await srv.close();
    }
  });

  test("astro dev", async () => {
    const port = freePort();
    const srv = await server(node22(), [astro(), "dev", "--port", String(port), "--host", "127.0.0.1"], d);
    try {
      const { out } = await page(srv.url);
      assert.deepEqual(out, WANT);
    } finally {
      srv.stop();
    }
  });
});

// ---------------------------------------------------------------- runtimes

const SCRIPT_ESM = `import { nps, NpsAccumulator } from "cx-metrics";
import { businessDuration } from "cx-metrics/tickets";
import { parseCsv } from "cx-metrics/calculator";
const a = new NpsAccumulator();
a.addMany([10, 0]);
console.log(JSON.stringify({
  score: nps(new Uint8Array([10, 9, 8, 6, 10])).score,
  acc: a.result().score,
  hour: businessDuration(0, 3600000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } }),
  csv: parseCsv("a\\n1").rows.length,
}));
`;
const SCRIPT_CJS = `const { nps } = require("cx-metrics");
const { businessDuration } = require("cx-metrics/tickets");
console.log(JSON.stringify({ score: nps([10, 9, 8, 6, 10]).score, hour: businessDuration(0, 3600000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } }) }));
`;
const WANT_ESM = { score: 40, acc: 0, hour: 3600000, csv: 2 };
const WANT_CJS = { score: 40, hour: 3600000 };

describe("other runtimes (installed from npm)", () => {
  let d;
  before(() => {
    d = project(
      "runtimes",
      {
        "main.mjs": SCRIPT_ESM,
        "main.cjs": SCRIPT_CJS,
        "worker/index.js": `import { nps } from "cx-metrics";
          import { businessDuration } from "cx-metrics/tickets";
          export default {
            async fetch() {
              const hour = businessDuration(0, 3600000, { timeZone: "UTC", week: { thu: [["00:00", "24:00"]] } });
              return Response.json({ score: nps([10, 9, 8, 6, 10]).score, hour });
            },
          };`,
        "wrangler.toml": `name = "cx-metrics-check"\nmain = "worker/index.js"\ncompatibility_date = "2025-01-01"\n`,
      },
      { node: "^18.20.0", deno: "^2.0.0", bun: "^1.2.0", wrangler: "^4.0.0" },
    );
  });
  const bin = (name) => join(d, "node_modules", ".bin", name);
  const json = (cmd, args) => JSON.parse(execFileSync(cmd, args, { cwd: d, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));

  test("Node 18: ESM and CommonJS", () => {
    assert.match(execFileSync(bin("node"), ["--version"], { encoding: "utf8" }), /^v18\./);
    assert.deepEqual(json(bin("node"), ["main.mjs"]), WANT_ESM);
    assert.deepEqual(json(bin("node"), ["main.cjs"]), WANT_CJS);
  });

  test("Deno, with no permission flags (nothing is read from disk)", () => {
    assert.deepEqual(json(bin("deno"), ["run", "main.mjs"]), WANT_ESM);
  });

  test("Bun: run (ESM and CommonJS) and bun build", () => {
    assert.deepEqual(json(bin("bun"), ["main.mjs"]), WANT_ESM);
    assert.deepEqual(json(bin("bun"), ["main.cjs"]), WANT_CJS);
    execFileSync(bin("bun"), ["build", "main.mjs", "--outdir", "bun-out", "--target", "node"], { cwd: d, env, stdio: "pipe" });
    assert.deepEqual(json("node", ["bun-out/main.js"]), WANT_ESM);
  });

  test("Cloudflare Workers: wrangler dev (workerd, the .wasm imported as a module)", async () => {
    const port = freePort();
    const srv = await server(bin("wrangler"), ["dev", "--port", String(port), "--ip", "127.0.0.1"], d, /Ready on https?:\/\/[^:]+:(\d+)/);
    try {
      const res = await fetch(srv.url);
      assert.equal(res.status, 200, srv.output());
      assert.deepEqual(await res.json(), WANT_CJS);
    } finally {
      srv.stop();
    }
  });
});
