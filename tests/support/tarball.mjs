// The packed package, installed the way users install it: shared by the
// tarball, project-matrix and browser tests.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Packs pkg/ (npm pack) into a new temporary folder: { dir, tarball }. */
export function packIntoTemp(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const out = execFileSync("npm", ["pack", join(root, "pkg"), "--pack-destination", dir, "--json"], { encoding: "utf8" });
  return { dir, tarball: join(dir, JSON.parse(out)[0].filename) };
}

/**
 * Makes `dir` a project whose package.json has `fields` and cx-metrics from
 * `tarball` among its dependencies, and installs them (from the npm
 * registry, offline when the cache has them).
 */
export function installProject(dir, tarball, fields) {
  const pkg = { private: true, type: "module", ...fields };
  pkg.dependencies = { ...fields.dependencies, "cx-metrics": `file:${tarball}` };
  writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "error"], { cwd: dir, stdio: "pipe" });
}
