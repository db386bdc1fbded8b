// The packed tarball in application frameworks and other runtimes — the
// projects in examples/ — with no
// configuration for cx-metrics: Next.js (app router: a server component, a
// route handler and a client component; dev server and production build),
// Astro, Deno, Bun, Cloudflare's workerd (wrangler dev) and the oldest
// supported Node.js. Each installs from the npm registry; an environment
// whose runtime cannot be installed on this machine fails, it is not skipped.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { rmSync, cpSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, watchedPage } from "../support/browser.mjs";
import { packIntoTemp, installProject } from "../support/tarball.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let dir;
let tarball;
let browser;

before(() => {
  ({ dir, tarball } = packIntoTemp("cx-metrics-frameworks-"));
});

after(async () => {
  await browser?.close();
  if (dir && !process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of examples/<name>, installed with the tarball as its cx-metrics
 * (and `deps` besides).
 */
function fromExample(name, deps = {}) {
  const d = join(dir, name);
  cpSync(join(root, "examples", name), d, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(d, "package.json"), "utf8"));
  installProject(d, tarball, { ...pkg, dependencies: { ...pkg.dependencies, ...deps } });
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
    d = fromExample("nextjs");
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

describe("Astro", () => {
  let d;
  before(() => {
    // Astro 7 needs Node ≥ 22.12: the project brings its own from npm.
    d = fromExample("astro", { node: "^22.12.0" });
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

const WANT_ESM = { score: 40, acc: 0, hour: 3600000, csv: 2 };
const WANT_CJS = { score: 40, hour: 3600000 };

describe("other runtimes (installed from npm)", () => {
  let d;
  before(() => {
    d = fromExample("node", { node: "^18.20.0", deno: "^2.0.0", bun: "^1.2.0" });
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
    const w = fromExample("cloudflare-worker");
    const port = freePort();
    const srv = await server(join(w, "node_modules", ".bin", "wrangler"), ["dev", "--port", String(port), "--ip", "127.0.0.1"], w, /Ready on https?:\/\/[^:]+:(\d+)/);
    try {
      const res = await fetch(srv.url);
      assert.equal(res.status, 200, srv.output());
      assert.deepEqual(await res.json(), WANT_CJS);
    } finally {
      srv.stop();
    }
  });
});
