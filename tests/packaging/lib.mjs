// Helpers shared by the packaging tests (tests/packaging/run.mjs,
// tests/packaging/edge-worker.mjs, tests/cross-runtime/run.mjs): pack pkg/
// once, install the tarball offline into throwaway projects, and start the
// runtimes (a static HTTP server + headless Chromium, workerd, Deno).
// Node >= 20; uses the repository's node_modules (esbuild, playwright-core,
// workerd, deno, typescript) and never the network beyond the local registry
// cache (`npm install --offline` of a local .tgz has no dependencies to fetch).

import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = join(ROOT, "node_modules", ".bin");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-quic", "--no-first-run",
];

// ---------------------------------------------------------------- checks

/** Runs named checks in order; prints `ok`/`FAIL` lines with timings, then `N passed, N failed`. */
export function checks() {
  const results = [];
  const t0 = performance.now();
  return {
    async check(name, fn) {
      const t = performance.now();
      try {
        const r = await fn();
        // A check that ran in parallel with others reports its own duration.
        const ms = Math.round(typeof r?.elapsedMs === "number" ? r.elapsedMs : performance.now() - t);
        results.push(true);
        console.log(`ok   ${name} (${ms} ms)`);
      } catch (e) {
        const ms = Math.round(performance.now() - t);
        results.push(false);
        console.log(`FAIL ${name} (${ms} ms)`);
        console.log(String(e?.stack || e).split("\n").map((l) => `     ${l}`).join("\n"));
      }
    },
    /** Prints the summary and returns the exit code. */
    summary() {
      const passed = results.filter(Boolean).length, failed = results.length - passed;
      console.log(`(${Math.round(performance.now() - t0)} ms)`);
      console.log(`${passed} passed, ${failed} failed`);
      return failed === 0 ? 0 : 1;
    },
  };
}

// ---------------------------------------------------------------- temp dirs and processes

const cleanups = [];
let cleaned = false;
/** Registers a cleanup run (last first) by cleanup(), on exit and on SIGINT/SIGTERM. */
export function onCleanup(fn) {
  cleanups.push(fn);
}
export async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const fn of [...cleanups].reverse()) {
    try {
      await fn();
    } catch {
      // best effort
    }
  }
}
process.on("exit", () => {
  // Synchronous part only: kill what is still running, remove folders.
  for (const fn of [...cleanups].reverse()) {
    try {
      if (fn.sync) fn.sync();
    } catch {
      // best effort
    }
  }
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.once(sig, async () => {
    await cleanup();
    // Die of the signal itself, so that a calling shell stops too.
    process.kill(process.pid, sig);
  });
}

/** A fresh temporary folder, removed at cleanup (KEEP_TMP=1 keeps it). */
export function tempDir(prefix) {
  const base = process.env.LE_TMP || tmpdir();
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${prefix}-`));
  const rm = () => {
    if (process.env.KEEP_TMP !== "1") rmSync(dir, { recursive: true, force: true });
  };
  rm.sync = rm;
  onCleanup(rm);
  return dir;
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000, ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`.trimEnd());
  }
  return r.stdout;
}

/** Starts a long-running process; it is killed by its pid at cleanup. */
export function startProcess(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((res) => child.on("exit", (code, signal) => res({ code, signal })));
  let alive = true;
  child.on("exit", () => (alive = false));
  const stop = async () => {
    if (!alive) return;
    child.kill("SIGTERM");
    const t = setTimeout(() => alive && child.kill("SIGKILL"), 2000);
    await exited;
    clearTimeout(t);
  };
  stop.sync = () => alive && child.kill("SIGKILL");
  onCleanup(stop);
  return { child, pid: child.pid, output: () => output, exited, stop, get alive() { return alive; } };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.unref();
    s.on("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

// ---------------------------------------------------------------- the package

/**
 * The tarball of pkg/: $LE_PKG_TARBALL when set (scripts/test-packaging packs
 * once for every runner), else `npm pack pkg/` into a temp folder.
 */
export function tarball() {
  const given = process.env.LE_PKG_TARBALL;
  if (given) {
    if (!existsSync(given)) throw new Error(`LE_PKG_TARBALL=${given} does not exist`);
    return given;
  }
  if (!existsSync(join(ROOT, "pkg", "package.json"))) throw new Error("pkg/ is missing: run scripts/build-pkg");
  const dir = tempDir("le-pack");
  const out = run("npm", ["pack", join(ROOT, "pkg"), "--pack-destination", dir, "--json", "--loglevel=error"]);
  return join(dir, JSON.parse(out)[0].filename);
}

/**
 * A throwaway project with the tarball installed (npm install --offline; the
 * package has no dependencies). `files` are written into it first.
 */
export function project(tgz, name, files = {}, pkgJson = {}) {
  const dir = tempDir(`le-${name}`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `le-${name}`, private: true, ...pkgJson }, null, 2));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error", tgz], { cwd: dir });
  if (!existsSync(join(dir, "node_modules", "loyalty-engine", "package.json"))) {
    throw new Error(`npm install ${tgz} did not install loyalty-engine in ${dir}`);
  }
  return dir;
}

// ---------------------------------------------------------------- bundlers and other toolchains

/**
 * The npm packages a user's project brings (bundlers, React, Bun, an old
 * TypeScript), installed once per machine outside the clone, in
 * $LE_CACHE/toolchains/<hash of the list> (default ~/.cache/loyalty-engine),
 * shared by every clone and kept across runs. Idempotent: a folder is
 * complete when its `.installed` marker exists; an install goes to a
 * temporary folder renamed into place, so concurrent runs do not clash.
 * Returns the folder; its node_modules/.bin holds the commands. `packages`
 * defaults to TOOLCHAIN; NEXT_TOOLCHAIN is a folder of its own (Next.js with
 * its React), so that neither list's change reinstalls the other.
 */
export const TOOLCHAIN = {
  vite: "8.4.1",
  "@vitejs/plugin-react": "6.3.1",
  webpack: "5.113.0",
  react: "19.3.1",
  "react-dom": "19.3.1",
  bun: "1.4.5",
  rollup: "4.69.3",
  "@rollup/plugin-node-resolve": "16.0.3",
  typescript: "5.0.4",
};
export const NEXT_TOOLCHAIN = {
  next: "16.5.0",
  react: "19.3.1",
  "react-dom": "19.3.1",
};
export function toolchain(packages = TOOLCHAIN) {
  const cache = process.env.LE_CACHE || join(process.env.HOME || tmpdir(), ".cache", "loyalty-engine");
  const list = JSON.stringify(packages);
  const key = createHash("sha256").update(list).digest("hex").slice(0, 12);
  const dir = join(cache, "toolchains", key);
  if (existsSync(join(dir, ".installed"))) return dir;
  mkdirSync(join(cache, "toolchains"), { recursive: true });
  const staging = mkdtempSync(join(cache, "toolchains", `${key}.tmp-`));
  try {
    writeFileSync(join(staging, "package.json"), JSON.stringify({ private: true, dependencies: packages }, null, 2));
    run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], { cwd: staging, timeout: 600_000 });
    writeFileSync(join(staging, ".installed"), `${list}\n`);
    try {
      renameSync(staging, dir);
    } catch (e) {
      if (!existsSync(join(dir, ".installed"))) throw e; // else another run installed it first
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

// ---------------------------------------------------------------- HTTP server for the browser

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".json": "application/json",
  ".wasm": "application/wasm", ".map": "application/json",
};

/** Serves `dir` on 127.0.0.1 (random port); `routes` maps paths to handlers. Returns { url, close }. */
export async function serve(dir, routes = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (routes[url.pathname]) return routes[url.pathname](req, res);
    if (url.pathname === "/favicon.ico") return res.writeHead(204).end();
    const file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-store" });
    createReadStream(file).pipe(res);
  });
  await new Promise((res) => server.listen(0, "127.0.0.1", res));
  const close = () => new Promise((res) => {
    server.closeAllConnections?.();
    server.close(() => res());
  });
  onCleanup(close);
  return { url: `http://127.0.0.1:${server.address().port}`, close };
}

// ---------------------------------------------------------------- Chromium

/** Headless Chromium through playwright-core (Debian's /usr/bin/chromium, no download). */
export async function launchChromium() {
  const { chromium } = await import(join(ROOT, "node_modules", "playwright-core", "index.mjs"));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 20_000 });
  onCleanup(() => browser.close());
  return browser;
}

/**
 * Opens `url` in a fresh page and waits for `window.__result` (set by the
 * page's script); page errors and console errors are collected and thrown.
 */
export async function pageResult(browser, url, timeout = 15_000) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  try {
    await page.goto(url);
    await page.waitForFunction(() => "__result" in window || "__error" in window, null, { timeout });
    const { result, error } = await page.evaluate(() => ({ result: window.__result, error: window.__error }));
    if (error) throw new Error(`in the page: ${error}${errors.length ? `\n${errors.join("\n")}` : ""}`);
    if (errors.length) throw new Error(errors.join("\n"));
    return result;
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------- workerd

/** A capnp string literal. */
export const capnpString = (s) => JSON.stringify(s);

/**
 * A workerd config serving one worker on the socket named "http"; `modules`
 * are capnp module entries (see `packageModules`).
 */
export function workerdConfig(modules) {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  compatibilityDate = "2026-11-01",
  modules = [
${modules.map((m) => `    ${m},`).join("\n")}
  ],
);
`;
}

/**
 * The module entries that make the package installed in `dir` importable as
 * "loyalty-engine" in a raw workerd config: workerd does no package
 * resolution, so every module is listed, named by its path, and
 * "loyalty-engine" is an alias of the package's `workerd` export.
 */
export function packageModules(dir, pkgDir = "node_modules/loyalty-engine") {
  const entry = readJson(join(dir, pkgDir, "package.json")).exports["."].workerd.replace(/^\.\//, "");
  const alias = `export * from "${pkgDir}/${entry}"; export { default } from "${pkgDir}/${entry}";`;
  return [
    `(name = "loyalty-engine", esModule = ${capnpString(alias)})`,
    `(name = "${pkgDir}/${entry}", esModule = embed "${pkgDir}/${entry}")`,
    `(name = "${pkgDir}/web/loyalty_engine.js", esModule = embed "${pkgDir}/web/loyalty_engine.js")`,
    `(name = "${pkgDir}/node/loyalty_engine_bg.wasm", wasm = embed "${pkgDir}/node/loyalty_engine_bg.wasm")`,
  ];
}

/**
 * Starts `workerd serve CONFIG --socket-addr http=127.0.0.1:PORT` (the config
 * names its socket "http") and waits until it answers. Returns { url, stop, output }.
 */
export async function startWorkerd(config, { cwd, probe = "/" } = {}) {
  const port = await freePort();
  const proc = startProcess(join(BIN, "workerd"), ["serve", config, "--socket-addr", `http=127.0.0.1:${port}`], { cwd });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (!proc.alive) throw new Error(`workerd exited before answering:\n${proc.output()}`);
    try {
      await fetch(url + probe);
      break;
    } catch {
      if (Date.now() > deadline) {
        await proc.stop();
        throw new Error(`workerd did not answer on ${url} within 15 s:\n${proc.output()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url, stop: proc.stop, output: proc.output, pid: proc.pid };
}

/**
 * Runs `worker.js` of `dir` (a project with the package installed) in
 * workerd and checks the README's preview worker: POST { cart, ...extra }
 * answers the preview (25 points on 12.50 × 2 at 1 point per 1.00), and an
 * EUR cart on a USD program answers 400 { code: invalid_cart, path: cart.currency }.
 */
export async function assertPreviewWorker(assert, dir, extra = {}) {
  writeFileSync(join(dir, "config.capnp"), workerdConfig([`(name = "worker.js", esModule = embed "worker.js")`, ...packageModules(dir)]));
  const wd = await startWorkerd(join(dir, "config.capnp"), { cwd: dir, probe: "/" });
  try {
    const post = (body) => fetch(wd.url, { method: "POST", body: JSON.stringify({ ...body, ...extra }) });
    const ok = await post({ cart: { currency: "USD", lines: [{ sku: "A", unitPrice: "12.50", quantity: "2" }] } });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).points, "25");
    const bad = await post({ cart: { currency: "EUR", lines: [] } });
    assert.equal(bad.status, 400);
    const err = await bad.json();
    assert.deepEqual([err.code, err.path], ["invalid_cart", "cart.currency"]);
  } finally {
    await wd.stop();
  }
}

// ---------------------------------------------------------------- JSON

/** JSON text with object keys sorted at every level (arrays keep their order). */
export function canonical(value) {
  return JSON.stringify(sortKeys(value));
}
export function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  }
  return v;
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}
