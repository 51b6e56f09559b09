#!/usr/bin/env node
// Tiny static server for the demo storefront (no dependencies):
//   /        -> www/        (the page)
//   /pkg/... -> pkg/        (the npm package written by scripts/build-pkg)
// Bound to 127.0.0.1; port from PORT (0 or unset = a free one). Prints
//   Demo storefront: http://127.0.0.1:PORT/
// and serves until SIGINT/SIGTERM. Refuses paths outside its two roots.
// With PORT_FALLBACK=1 (scripts/demo), a busy PORT falls back to a free one.
//
// Also importable: `const { server, url, close } = await startServer({ port })`.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const WWW = path.dirname(fileURLToPath(import.meta.url));
const ROOTS = [
  { prefix: "/pkg/", dir: path.resolve(WWW, "..", "pkg") },
  { prefix: "/", dir: WWW },
];

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
  ".txt": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(body);
}

/** Maps a URL path to a file inside one of the roots, or null (traversal, bad encoding). */
function resolveFile(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  for (const { prefix, dir } of ROOTS) {
    if (!decoded.startsWith(prefix)) continue;
    let rel = decoded.slice(prefix.length);
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(dir, rel);
    if (file !== dir && !file.startsWith(dir + path.sep)) return null;
    return file;
  }
  return null;
}

function handle(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(res, 405, "method not allowed\n", { allow: "GET, HEAD" });
  }
  let pathname;
  try {
    pathname = new URL(req.url, "http://localhost").pathname;
  } catch {
    return send(res, 400, "bad request\n");
  }
  // Refuse any `..` segment outright (raw or percent-encoded), before resolving.
  if (/(^|\/)(\.\.|%2e%2e|\.%2e|%2e\.)(\/|$)/i.test(req.url.split("?")[0])) {
    return send(res, 403, "forbidden\n");
  }
  const file = resolveFile(pathname);
  if (!file) return send(res, 403, "forbidden\n");
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) return send(res, 404, "not found\n");
    const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
    res.writeHead(200, {
      "content-type": type,
      "content-length": st.size,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    if (req.method === "HEAD") return res.end();
    fs.createReadStream(file).on("error", () => res.destroy()).pipe(res);
  });
}

/** Starts the server; resolves once listening. */
export function startServer({ port = 0, host = "127.0.0.1" } = {}) {
  const server = http.createServer(handle);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const { port: actual } = server.address();
      const url = `http://${host}:${actual}/`;
      const close = () =>
        new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections?.();
        });
      resolve({ server, url, port: actual, close });
    });
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const raw = process.env.PORT ?? "0";
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    console.error(`server.mjs: PORT must be an integer 0..65535, got "${raw}"`);
    process.exit(2);
  }
  const fallback = process.env.PORT_FALLBACK === "1";
  startServer({ port })
    .catch((err) => {
      if (!fallback || err.code !== "EADDRINUSE" || port === 0) throw err;
      console.log(`Port ${port} is busy: using a free one instead.`);
      return startServer({ port: 0 });
    })
    .then(
    ({ url, close }) => {
      console.log(`Demo storefront: ${url}`);
      let stopping = false;
      const stop = (sig) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${sig}: stopping the demo server`);
        close().then(() => process.exit(0));
        setTimeout(() => process.exit(0), 1000).unref();
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
    },
    (err) => {
      console.error(`server.mjs: cannot listen on 127.0.0.1:${port}: ${err.code || err.message}`);
      process.exit(1);
    },
  );
}
