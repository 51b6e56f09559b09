#!/usr/bin/env node
// The package README's browser recipes, built as a user would (issue 11): the
// packed tarball installed into a fresh project per bundler, the README's
// code and config used as written, the result loaded in headless Chromium.
//   - no bundler: the `html` import map + the `js app` code;
//   - Vite (build; no config) and webpack 5 (`js webpack.config.js`): `js app`;
//     the .wasm is emitted as a content-hashed asset; webpack 5 with
//     asyncWebAssembly and the loyalty-engine/bundler entry;
//   - esbuild and `bun build`: `js inline` (loyalty-engine/inline: no .wasm
//     to fetch) with the README's `sh esbuild` / `sh bun` commands; esbuild
//     with the .wasm as a file too (`js esbuild-file`, `sh esbuild-file`);
//   - Rollup: `js inline` with `js rollup.config.js`;
//   - React 19 under StrictMode (`jsx react`), Vite dev server and build;
//   - Next.js 16 (app router; `next build` with Turbopack, then `next start`):
//     `js next.config.js`, the client component `jsx app/points.jsx` on
//     `jsx app/page.jsx` in Chromium, the edge route handler
//     `js app/api/preview/route.js` over HTTP (and the same handler on the
//     Node.js runtime);
//   - Cloudflare Workers: `js workerd` in workerd.
// Every page computes the README's example: 92 points (19.99 × 2 × 2 = 79.96
// on the apparel line, 12.50 × 1 = 12.5, floor 92.46 = 92; spec §3.2).
// The bundlers come from tests/packaging/lib.mjs `toolchain()` (installed
// once per machine, outside the clone).
// Usage: node tests/packaging/bundlers.mjs [WORD] (LE_PKG_TARBALL=... reuses a tarball;
// WORD, e.g. next, runs only the checks whose name starts with it)
// Prints one line per check, then exactly `N passed, N failed`.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  BIN, NEXT_TOOLCHAIN, assertPreviewWorker, checks, cleanup, freePort, launchChromium, pageResult, project, run, serve, startProcess, tarball,
  toolchain,
} from "./lib.mjs";

const { check: runCheck, summary } = checks();
// `node tests/packaging/bundlers.mjs WORD` runs the setup and the checks whose name starts with WORD.
const only = process.argv[2]?.toLowerCase();
const check = (name, fn) => (!only || name.startsWith("setup") || name.toLowerCase().startsWith(only) ? runCheck(name, fn) : undefined);
const readme = () => readFileSync(join(tgzDir, "package", "README.md"), "utf8");

/** The body of the package README's one fenced block whose info string is `info`. */
function block(info) {
  const blocks = [...readme().matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === info);
  assert.equal(blocks.length, 1, `the package README has one \`\`\`${info} block`);
  return blocks[0][2];
}

// The README's example, as console.log prints it, captured in the page.
const LOGGED_92 = [["92", ["79.96", "12.5"]]];
/** Runs first in the page: console.log is captured into window.__logs. */
const CAPTURE = `<script>window.__logs = []; console.log = (...a) => window.__logs.push(a);</script>`;
/** Appended to a snippet: the page's result is what it logged. */
const REPORT = "\nwindow.__result = window.__logs;\n";

let tgz, tgzDir, tools, browser;
await check("setup: pack, and the bundlers' toolchain (installed once, cached outside the clone)", () => {
  tgz = tarball();
  tgzDir = join(tgz, "..", "unpacked");
  mkdirSync(tgzDir, { recursive: true });
  run("tar", ["-xzf", tgz, "-C", tgzDir]);
  tools = toolchain();
});
if (!tools) {
  process.exitCode = summary();
  await cleanup();
  process.exit();
}
const TOOLS_BIN = join(tools, "node_modules", ".bin");
const requireTool = createRequire(join(tools, "package.json"));
const importTool = (name) => import(pathToFileURL(requireTool.resolve(name)).href);

/** A project with the tarball installed and the named toolchain packages linked into its node_modules. */
function app(name, files, links = []) {
  const dir = project(tgz, name, files, { type: "module" });
  for (const t of links) {
    const to = join(dir, "node_modules", t);
    mkdirSync(join(to, ".."), { recursive: true });
    if (!existsSync(to)) symlinkSync(join(tools, "node_modules", t), to, "dir");
  }
  return dir;
}

/** A README shell command (`esbuild …`, `bun …`) as [binary, args], from the toolchain's or the repo's bins. */
function shellCommand(command) {
  const [cmd, ...args] = command.trim().split(/\s+/);
  const bin = [join(TOOLS_BIN, cmd), join(BIN, cmd)].find(existsSync);
  assert.ok(bin, `${cmd} is installed`);
  return [bin, args];
}

/** Loads `path` from a server on `dir`; returns the page's result and the .wasm files it fetched. */
async function load(dir, path = "/index.html") {
  browser ??= await launchChromium();
  const server = await serve(dir);
  try {
    const result = await pageResult(browser, `${server.url}${path}`);
    return { result, wasm: await wasmFetched(server.url + path) };
  } finally {
    await server.close();
  }
}
/** The .wasm files a page fetches (a fresh page, Resource Timing). */
async function wasmFetched(url) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => "__result" in window || "__error" in window, null, { timeout: 15_000 });
    return await page.evaluate(() => performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname).filter((p) => p.endsWith(".wasm")));
  } finally {
    await page.close();
  }
}

const HTML = (src) => `<!doctype html><meta charset="utf-8">${CAPTURE}<script type="module" src="${src}"></script>`;

// ---------------------------------------------------------------- no bundler

await check("no bundler: the README's import map and app code, the package's one .wasm fetched", async () => {
  const dir = app("plain", { "index.html": `${CAPTURE}\n${block("html")}`, "main.js": block("js app") + REPORT });
  const { result, wasm } = await load(dir);
  assert.deepEqual(result, LOGGED_92);
  assert.deepEqual(wasm, ["/node_modules/loyalty-engine/node/loyalty_engine_bg.wasm"]);
});

// ---------------------------------------------------------------- Vite, webpack

await check("Vite build: README app code, no config; the .wasm emitted content-hashed", async () => {
  const dir = app("vite", { "index.html": HTML("/src/main.js"), "src/main.js": block("js app") + REPORT }, ["vite"]);
  const { build } = await importTool("vite");
  await build({ root: dir, logLevel: "error", configFile: false });
  const { result, wasm } = await load(join(dir, "dist"));
  assert.deepEqual(result, LOGGED_92);
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/assets\/loyalty_engine_bg-[\w-]{8}\.wasm$/, "a content-hashed asset");
});

await check("webpack 5: README app code and webpack.config.js (no loader, no experiment)", async () => {
  const dir = app("webpack", {
    "webpack.config.js": block("js webpack.config.js"),
    "index.html": HTML("/dist/main.js"),
    "src/main.js": block("js app") + REPORT,
  }, ["webpack"]);
  const { default: webpack } = await importTool("webpack");
  const { default: config } = await import(pathToFileURL(join(dir, "webpack.config.js")).href);
  const stats = await new Promise((res, rej) => webpack({ ...config, context: dir, output: { ...config.output, path: join(dir, "dist") } }, (e, s) => (e ? rej(e) : res(s))));
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  const { result, wasm } = await load(dir);
  assert.deepEqual(result, LOGGED_92);
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/dist\/[0-9a-f]{16,}\.wasm$/, "a content-hashed asset");
});

await check("webpack 5 with experiments.asyncWebAssembly: the loyalty-engine/bundler entry (the web build; the .wasm an asset)", async () => {
  const dir = app("webpack-bundler", {
    "index.html": HTML("/dist/main.js"),
    "src/main.js": `import init, { Program, isLoyaltyError } from "loyalty-engine/bundler";
await init(); // fetches the content-hashed .wasm
const program = Program.fromJSON({ version: 1, currency: "USD", earning: [{ id: "base", type: "spend", points: "1" }] });
console.log(program.previewEarn({ currency: "USD", lines: [{ sku: "A", unitPrice: "12.50", quantity: "2" }] }).points);
program.free();
try { program.free(); } catch (e) { console.log(isLoyaltyError(e), e.code); }
${REPORT}`,
  }, ["webpack"]);
  const { default: webpack } = await importTool("webpack");
  const config = {
    mode: "production", context: dir, entry: "./src/main.js",
    output: { path: join(dir, "dist"), filename: "main.js", publicPath: "/dist/" },
    experiments: { asyncWebAssembly: true },
  };
  const stats = await new Promise((res, rej) => webpack(config, (e, s) => (e ? rej(e) : res(s))));
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  const { result, wasm } = await load(dir);
  assert.deepEqual(result, [["25"], [true, "invalid_state"]]); // 12.50 × 2 at 1 point per 1.00
  assert.equal(wasm.length, 1);
});

// ---------------------------------------------------------------- esbuild, Bun, Rollup: inline

/** Builds the README's `js inline` code with a README command; the page computes 92 and fetches no .wasm. */
async function inlineBuild(name, command, files = {}, links = []) {
  const dir = app(name, { "index.html": HTML("/dist/main.js"), "src/main.js": block("js inline") + REPORT, ...files }, links);
  run(...command(dir), { cwd: dir });
  const { result, wasm } = await load(dir);
  assert.deepEqual(result, [["92"]]);
  assert.deepEqual(wasm, []);
}

await check("esbuild: the inline entry with the README's command; no .wasm fetched", () =>
  inlineBuild("esbuild-inline", () => shellCommand(block("sh esbuild"))));

await check("esbuild: the default entry with --loader:.wasm=file (README's command)", async () => {
  const dir = app("esbuild-file", { "index.html": HTML("/dist/main.js"), "src/main.js": block("js esbuild-file") + REPORT });
  run(...shellCommand(block("sh esbuild-file")), { cwd: dir });
  const { result, wasm } = await load(dir);
  assert.deepEqual(result, [["25"]]); // 12.50 × 2 at 1 point per 1.00
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/dist\/loyalty_engine_bg-\w{8}\.wasm$/);
});

await check("bun build: the inline entry with the README's command; no .wasm fetched", () =>
  inlineBuild("bun", () => shellCommand(block("sh bun"))));

await check("Rollup: the inline entry with the README's rollup.config.js", () =>
  inlineBuild("rollup", () => [join(TOOLS_BIN, "rollup"), ["-c"]], { "rollup.config.js": block("js rollup.config.js") },
    ["rollup", "@rollup/plugin-node-resolve"]));

// ---------------------------------------------------------------- React

const REACT_FILES = {
  "index.html": `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><div id="root"></div><script type="module" src="/src/main.jsx"></script>`,
  "vite.config.js": `import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
export default defineConfig({ plugins: [react()] });
`,
  // The README's recipe is App.jsx; beside it, the pattern the README warns
  // against (useMemo + free() in an effect cleanup): under StrictMode in
  // development React runs the cleanup, then reuses the freed Program.
  "src/main.jsx": `import { StrictMode, useEffect, useMemo } from "react";
import { createRoot } from "react-dom/client";
import init, { Program } from "loyalty-engine";
import App from "./App.jsx";

await init(); // for FreedInCleanup, which compiles during render (App needs no init here: it suspends)

const cart = { currency: "USD", lines: [
  { sku: "TEE-1", categories: ["apparel"], unitPrice: "19.99", quantity: 2 },
  { sku: "MUG-1", unitPrice: "12.50", quantity: 1 },
] };

function FreedInCleanup() {
  const program = useMemo(() => Program.fromJSON({ version: 1, currency: "USD" }), []);
  useEffect(() => () => program.free(), [program]);
  useEffect(() => {
    try {
      program.previewEarn(cart, null, { now: new Date() });
      window.__freed = "no error";
    } catch (e) {
      window.__freed = { name: e.name, code: e.code };
    }
  }, [program]);
  return null;
}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <App cart={cart} />
    <FreedInCleanup />
  </StrictMode>,
);
`,
};

/** Loads a React page; returns the text of #points and what FreedInCleanup saw. */
async function reactPage(url) {
  browser ??= await launchChromium();
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console.error: ${m.text()}`));
  page.on("response", (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  try {
    await page.goto(url);
    try {
      await page.waitForSelector("#points", { timeout: 20_000 });
      await page.waitForFunction(() => "__freed" in window, null, { timeout: 5_000 });
    } catch (e) {
      throw new Error(`${e.message}\n${errors.join("\n")}`);
    }
    assert.deepEqual(errors, []);
    return { points: await page.textContent("#points"), freed: await page.evaluate(() => window.__freed) };
  } finally {
    await page.close();
  }
}

let reactDir;
const reactApp = () => (reactDir ??= app("react", { ...REACT_FILES, "src/App.jsx": block("jsx react") }, ["vite", "@vitejs/plugin-react", "react", "react-dom"]));

await check("React 19 StrictMode, Vite dev server: the README recipe renders 92 points; freeing in a cleanup is invalid_state", async () => {
  const dir = reactApp();
  const port = await freePort();
  // (vite.build() above set NODE_ENV=production in this process: not for the dev server.)
  const env = { ...process.env, NODE_ENV: "development" };
  const server = startProcess(join(TOOLS_BIN, "vite"), ["--port", String(port), "--strictPort", "--host", "127.0.0.1"], { cwd: dir, env });
  try {
    const url = `http://127.0.0.1:${port}/`;
    for (let t = Date.now(); ; ) {
      if (!server.alive) throw new Error(`vite exited:\n${server.output()}`);
      if (await fetch(url).then((r) => r.ok, () => false)) break;
      if (Date.now() - t > 30_000) throw new Error(`vite did not answer:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const out = await reactPage(url);
    assert.equal(out.points, "You earn 92 points");
    // StrictMode (development) ran the cleanup, then the effect on the freed Program.
    assert.deepEqual(out.freed, { name: "LoyaltyError", code: "invalid_state" });
  } finally {
    await server.stop();
  }
});

await check("React 19 StrictMode, Vite build: the README recipe renders 92 points", async () => {
  const dir = reactApp();
  const { build } = await importTool("vite");
  await build({ root: dir, logLevel: "error", configFile: join(dir, "vite.config.js") });
  const server = await serve(join(dir, "dist"));
  try {
    const out = await reactPage(`${server.url}/index.html`);
    assert.equal(out.points, "You earn 92 points");
    assert.equal(out.freed, "no error", "production React runs effects once");
  } finally {
    await server.close();
  }
});

// ---------------------------------------------------------------- Next.js

/** The README's example cart: 92 points (79.96 on the apparel line, 12.5 on the mug). */
const CART_92 = { currency: "USD", lines: [
  { sku: "TEE-1", categories: ["apparel"], unitPrice: "19.99", quantity: 2 },
  { sku: "MUG-1", unitPrice: "12.50", quantity: 1 },
] };

await check("Next.js 16 app router (next build, next start): README client component in Chromium, edge route handler over HTTP", async () => {
  const t0 = performance.now();
  const route = block("js app/api/preview/route.js");
  const edgeLine = 'export const runtime = "edge";\n';
  assert.ok(route.includes(edgeLine), "the README's route handler runs on the edge runtime");
  const dir = project(tgz, "next", {
    "next.config.js": block("js next.config.js"),
    "app/layout.jsx": `export default function RootLayout({ children }) {
  return <html lang="en"><head><link rel="icon" href="data:," /></head><body>{children}</body></html>;
}
`,
    "app/points.jsx": block("jsx app/points.jsx"),
    "app/page.jsx": block("jsx app/page.jsx"),
    "app/api/preview/route.js": route,
    // The README says the handler runs on the Node.js runtime without its runtime line.
    "app/api/preview-node/route.js": route.replace(edgeLine, ""),
  }, { type: "module" });
  // Next and its React, hard-linked (not symlinked) from the toolchain: Turbopack
  // compiles no file outside the project's root, a symlink's target included.
  const nextTools = toolchain(NEXT_TOOLCHAIN);
  for (const name of readdirSync(join(nextTools, "node_modules"))) {
    if (name === ".bin" || existsSync(join(dir, "node_modules", name))) continue;
    run("cp", ["-al", join(nextTools, "node_modules", name), join(dir, "node_modules", name)]);
  }
  const next = join(dir, "node_modules", "next", "dist", "bin", "next");
  const env = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  run(process.execPath, [next, "build"], { cwd: dir, env, timeout: 120_000 });
  // The route really is an edge function.
  const manifest = JSON.parse(readFileSync(join(dir, ".next", "server", "middleware-manifest.json"), "utf8"));
  assert.ok(manifest.functions["/api/preview/route"], "next build made /api/preview an edge function");
  assert.equal(manifest.functions["/api/preview-node/route"], undefined);

  const port = await freePort();
  const server = startProcess(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, env });
  const url = `http://127.0.0.1:${port}`;
  try {
    let html;
    for (let t = Date.now(); ; ) {
      if (!server.alive) throw new Error(`next start exited:\n${server.output()}`);
      html = await fetch(`${url}/`).then((r) => (r.ok ? r.text() : null), () => null);
      if (html) break;
      if (Date.now() - t > 30_000) throw new Error(`next start did not answer:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Prerendered on the server (the Node entry, external to the server bundle).
    assert.match(html.replaceAll("<!-- -->", ""), /<p id="points">You earn 92 points<\/p>/);

    // In the browser: the .wasm fetched from Next's static media, the page hydrated without error.
    browser ??= await launchChromium();
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && errors.push(`console.${m.type()}: ${m.text()}`));
    page.on("response", (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
    try {
      await page.goto(`${url}/`, { waitUntil: "networkidle" });
      const wasm = () => page.evaluate(() => performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname).filter((p) => p.endsWith(".wasm")));
      await page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => r.name.endsWith(".wasm")), null, { timeout: 15_000 });
      assert.deepEqual(errors, []);
      assert.equal(await page.textContent("#points"), "You earn 92 points");
      const fetched = await wasm();
      assert.equal(fetched.length, 1, `one .wasm fetched: ${fetched}`);
      assert.match(fetched[0], /^\/_next\/static\/media\/loyalty_engine_bg\.[\w-]+\.wasm$/, "a content-hashed asset");
    } finally {
      await page.close();
    }

    // The route handler, on the edge runtime and on the Node.js runtime.
    for (const path of ["/api/preview", "/api/preview-node"]) {
      const post = (cart) => fetch(url + path, { method: "POST", body: JSON.stringify({ cart }) });
      const ok = await post(CART_92);
      assert.equal(ok.status, 200, `${path}: ${await ok.clone().text()}`);
      const earn = await ok.json();
      assert.deepEqual([earn.points, earn.lines.map((l) => l.points)], ["92", ["79.96", "12.5"]], path);
      const bad = await post({ currency: "EUR", lines: [] });
      assert.equal(bad.status, 400, path);
      const err = await bad.json();
      assert.deepEqual([err.code, err.path], ["invalid_cart", "cart.currency"], path);
    }
    assert.doesNotMatch(server.output(), /error/i, "next start logged no error");
  } finally {
    await server.stop();
  }
  return { elapsedMs: performance.now() - t0 };
});

// ---------------------------------------------------------------- workerd

await check("Cloudflare Workers: the README's worker in workerd", async () => {
  await assertPreviewWorker(assert, app("workerd", { "worker.js": block("js workerd") }));
});

process.exitCode = summary();
await cleanup();
