// A small static file server for 127.0.0.1 that serves .wasm as
// application/wasm (needed for WebAssembly.instantiateStreaming), compresses
// text, JavaScript and wasm the way static hosts and CDNs do (brotli or
// gzip, as the client accepts), and never lets a request escape its root
// directory.
//
//   node scripts/serve.mjs [dir] [--port N]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".csv", ".txt", ".map", ".ts"]);

// Compressed bodies by file, modification time and encoding.
const compressed = new Map();

function encode(file, mtime, body, accept) {
  const enc = /\bbr\b/.test(accept) ? "br" : /\bgzip\b/.test(accept) ? "gzip" : null;
  if (!enc || !COMPRESSIBLE.has(extname(file)) || body.length < 1024) return { enc: null, body };
  const key = `${file}\0${mtime}\0${enc}`;
  let out = compressed.get(key);
  if (!out) {
    out =
      enc === "br"
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : gzipSync(body, { level: 9 });
    compressed.set(key, out);
  }
  return { enc, body: out };
}

/**
 * Serves `dir` (and, under each prefix of `mounts`, another directory).
 * Resolves to { server, url, close() }. Port 0 picks a free port.
 */
export function serve(dir, { port = 0, host = "127.0.0.1", mounts = {} } = {}) {
  const roots = Object.entries(mounts).map(([prefix, d]) => [prefix, resolve(d)]);
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://x");
      let path = decodeURIComponent(url.pathname);
      let root = base;
      for (const [prefix, d] of roots) {
        if (path.startsWith(prefix + "/")) {
          root = d;
          path = path.slice(prefix.length);
          break;
        }
      }
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const raw = await readFile(file);
      const { enc, body } = encode(file, info.mtimeMs, raw, req.headers["accept-encoding"] || "");
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
        vary: "accept-encoding",
        ...(enc ? { "content-encoding": enc } : {}),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ server, url: `http://${host}:${p}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const portAt = args.indexOf("--port");
  const port = portAt >= 0 ? Number(args[portAt + 1]) : 8080;
  const dir = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--port") ?? ".";
  const { url } = await serve(dir, { port });
  console.log(`Serving ${resolve(dir)} at ${url}`);
}
