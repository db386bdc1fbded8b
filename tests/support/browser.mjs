// Launches Debian's Chromium through playwright-core (no browser download)
// and collects console errors and failed requests of every page.
import { chromium } from "playwright-core";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { serve } from "../../scripts/serve.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}; install it with: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A new page that records console errors, page errors and failed or foreign requests. */
export async function watchedPage(browser, origin, viewport) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    if (origin && !r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) {
      problems.push(`foreign request: ${r.url()}`);
    }
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { page, context, problems };
}

/**
 * The demo site for the tests of one file: www/ served with the package at
 * /pkg, and Chromium, started before the tests and closed after them.
 * `site.server` and `site.browser` are set once the tests run; screenshots
 * go to `site.shots`.
 */
export function demoSite() {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const site = {
    root,
    shots: join(root, "tests", "artifacts", "screenshots"),
    server: null,
    browser: null,
    /** Opens the page at `path` and waits for its code (which may load after the first result) to be ready. */
    async goto(page, path = "") {
      await page.goto(site.server.url + path);
      await page.waitForFunction(() => document.documentElement.dataset.app === "ready", null, { timeout: 15000 });
    },
  };
  before(async () => {
    mkdirSync(site.shots, { recursive: true });
    site.server = await serve(join(root, "www"), { mounts: { "/pkg": join(root, "pkg") } });
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
