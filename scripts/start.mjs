// npm start: installs what is missing, builds the package, and serves the
// demo (www/) on 127.0.0.1 with the package mounted at /pkg/.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
for (const [cmd, args] of [
  ["bash", ["scripts/setup.sh"]],
  ["node", ["scripts/build.mjs", "--quiet"]],
]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status || 1);
}
const { serve } = await import("./serve.mjs");
const port = Number(process.env.PORT || 8080);
let server;
try {
  server = await serve(join(root, "www"), { port, mounts: { "/pkg": join(root, "pkg") } });
} catch (e) {
  if (e.code !== "EADDRINUSE") throw e;
  server = await serve(join(root, "www"), { port: 0, mounts: { "/pkg": join(root, "pkg") } });
}
console.log(`\ncx-metrics demo: ${server.url}  (Ctrl+C to stop)`);
