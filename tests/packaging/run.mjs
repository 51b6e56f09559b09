#!/usr/bin/env node
// The npm package where users run it: `npm pack` pkg/, install the tarball
// offline into throwaway projects, and run the same scenario (scenario.mjs)
// in Node ESM, Node CJS, an esbuild browser bundle and the unbundled web
// target in headless Chromium, workerd, and Deno.
//
// Usage: node tests/packaging/run.mjs     (LE_PKG_TARBALL=... reuses a tarball)
// Prints one line per check, then exactly `N passed, N failed`; exit 1 on a failure.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXPECTED, SCENARIO_SOURCE } from "./scenario.mjs";
import {
  BIN, ROOT, assertPreviewWorker, checks, cleanup, launchChromium, packageModules, pageResult, project, run, serve, startWorkerd,
  tarball, tempDir, workerdConfig,
} from "./lib.mjs";

const { check, summary } = checks();
const requireRepo = createRequire(join(ROOT, "package.json"));

/** A throwaway project with the tarball installed, made on first use (inside a check). */
const projects = new Map();
const installed = (name, files) => {
  if (!projects.has(name)) projects.set(name, project(tgz, name, files));
  return projects.get(name);
};

/** Parses the last stdout line of a runtime's script as JSON. */
const lastJson = (out) => JSON.parse(out.trim().split("\n").at(-1));

let tgz;
await check("npm pack: tarball layout and package.json", () => {
  tgz = tarball();
  const listing = run("tar", ["-tzf", tgz]).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
  for (const f of [
    "package.json", "README.md", "SPEC.md", "web/loyalty_engine.js", "web/loyalty_engine.d.ts", "node/loyalty_engine_bg.wasm",
    "node/index.mjs", "node/loyalty_engine.js", "node/loyalty_engine.d.ts", "node/package.json",
    "workerd/index.js", "workerd/index.d.ts", "inline/index.js", "inline/index.d.ts",
  ]) assert.ok(listing.includes(f), `${f} is in the tarball`);
  // One .wasm, shared by every entry (issue 11).
  // It sits beside the Node glue, which reads it from its own folder.
  assert.deepEqual(listing.filter((f) => f.endsWith(".wasm")), ["node/loyalty_engine_bg.wasm"], "one .wasm in the tarball");
  const stray = listing.filter((f) => !/^(package\.json|README\.md|SPEC\.md|LICEN[CS]E.*|(web|node|workerd|inline)\/.+)$/.test(f));
  assert.deepEqual(stray, [], "only whitelisted files are packed");
  const pkg = JSON.parse(run("tar", ["-xzOf", tgz, "package/package.json"]));
  assert.equal(pkg.name, "loyalty-engine");
  assert.equal(pkg.type, "module");
  assert.deepEqual(Object.keys(pkg.exports["."]), ["types", "workerd", "node", "browser", "import", "require", "default"]);
  assert.equal(pkg.exports["."].workerd, "./workerd/index.js");
  assert.equal(pkg.exports["."].require, "./node/loyalty_engine.js");
  assert.equal(pkg.exports["./loyalty_engine_bg.wasm"], "./node/loyalty_engine_bg.wasm");
  assert.ok(Array.isArray(pkg.sideEffects) && pkg.sideEffects.includes("./workerd/index.js"), "sideEffects lists the workerd entry");
  assert.ok(Array.isArray(pkg.files), "files whitelist");
});
if (!tgz) {
  process.exitCode = summary();
  await cleanup();
  process.exit();
}

// ---------------------------------------------------------------- Node

const NODE_FILES = {
  "esm.mjs": `import init, { Program, initSync } from "loyalty-engine";
const initResult = init();
const isPromise = initResult instanceof Promise;
await initResult;
await init();
initSync();
${SCENARIO_SOURCE}
console.log(JSON.stringify({ resolved: import.meta.resolve("loyalty-engine"), isPromise, result: scenario(Program) }));
`,
  "cjs.cjs": `const le = require("loyalty-engine");
${SCENARIO_SOURCE}
console.log(JSON.stringify({ resolved: require.resolve("loyalty-engine"), result: scenario(le.Program) }));
`,
};

await check("Node ESM: import init, { Program } from \"loyalty-engine\"", () => {
  const out = lastJson(run(process.execPath, ["esm.mjs"], { cwd: installed("node", NODE_FILES) }));
  assert.match(out.resolved, /\/node_modules\/loyalty-engine\/node\/index\.mjs$/, "the node+import condition");
  assert.equal(out.isPromise, true, "init() returns a promise");
  assert.deepEqual(out.result, EXPECTED);
});

await check("Node CJS: require(\"loyalty-engine\")", () => {
  const out = lastJson(run(process.execPath, ["cjs.cjs"], { cwd: installed("node", NODE_FILES) }));
  assert.match(out.resolved, /\/node_modules\/loyalty-engine\/node\/loyalty_engine\.js$/, "the node+require condition");
  assert.deepEqual(out.result, EXPECTED);
});

// ---------------------------------------------------------------- Chromium

const BROWSER_FILES = {
  // A bundler user: esbuild resolves the `browser` condition (the web glue)
  // and copies the .wasm (the package's wasm subpath export) as an asset.
  "src/bundle-entry.js": `import init, { Program } from "loyalty-engine";
import wasmUrl from "loyalty-engine/loyalty_engine_bg.wasm";
${SCENARIO_SOURCE}
try {
  await init({ module_or_path: wasmUrl });
  window.__result = scenario(Program);
} catch (e) {
  window.__error = String(e && e.stack || e);
}
`,
  "bundle.html": `<!doctype html><meta charset="utf-8"><script type="module" src="/dist/bundle-entry.js"></script>`,
  // No bundler: the web target as native ES modules; init() without
  // arguments fetches the .wasm next to the glue (new URL(..., import.meta.url)).
  "web.html": `<!doctype html><meta charset="utf-8">
<script type="importmap">{ "imports": { "loyalty-engine": "/node_modules/loyalty-engine/web/loyalty_engine.js" } }</script>
<script type="module">
import init, { Program, initSync } from "loyalty-engine";
${SCENARIO_SOURCE}
try {
  // init() is idempotent: concurrent and repeated calls share one instance.
  const [a, b] = await Promise.all([init(), init()]);
  const c = await init();
  const d = initSync();
  const wasmFetches = performance.getEntriesByType("resource").filter((r) => r.name.endsWith(".wasm")).length;
  window.__result = { sameInstance: a === b && b === c && c === d, hasMemory: a.memory instanceof WebAssembly.Memory,
    wasmFetches, result: scenario(Program) };
} catch (e) {
  window.__error = String(e && e.stack || e);
}
</script>`,
};

let browser;
const browserReady = async () => (browser ??= await launchChromium());

await check("Chromium: esbuild bundle (platform=browser, .wasm as a file asset)", async () => {
  const browserDir = installed("browser", BROWSER_FILES);
  const esbuild = requireRepo("esbuild");
  const result = await esbuild.build({
    absWorkingDir: browserDir,
    entryPoints: ["src/bundle-entry.js"],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outdir: "dist",
    loader: { ".wasm": "file" },
    publicPath: "/dist",
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((f) => f.endsWith("loyalty-engine/web/loyalty_engine.js")), `the web glue is bundled (${inputs.join(", ")})`);
  // (The one .wasm lives in node/, beside the Node glue; no other entry's JS is bundled.)
  assert.ok(!inputs.some((f) => /loyalty-engine\/(node|workerd|inline)\/.*\.m?js$/.test(f)), "no other entry is bundled");
  const { url } = await serve(browserDir);
  const out = await pageResult(await browserReady(), `${url}/bundle.html`);
  assert.deepEqual(out, EXPECTED);
});

await check("Chromium: web target unbundled, init() fetches the .wasm by URL, init() idempotent", async () => {
  const { url } = await serve(installed("browser", BROWSER_FILES));
  const out = await pageResult(await browserReady(), `${url}/web.html`);
  assert.deepEqual(out, { sameInstance: true, hasMemory: true, wasmFetches: 1, result: EXPECTED });
});

// ---------------------------------------------------------------- workerd

await check("workerd: the package's workerd entry (wasm imported as a module)", async () => {
  const pkgDir = "node_modules/loyalty-engine";
  const dir = installed("workerd", {
    "worker.js": `import init, { Program } from "loyalty-engine";
${SCENARIO_SOURCE}
await init();
const result = scenario(Program);
export default {
  async fetch() {
    return Response.json(result);
  },
};
`,
  });
  writeFileSync(join(dir, "config.capnp"), workerdConfig([`(name = "worker.js", esModule = embed "worker.js")`, ...packageModules(dir, pkgDir)]));
  const wd = await startWorkerd(join(dir, "config.capnp"), { cwd: dir });
  try {
    const res = await fetch(wd.url);
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), EXPECTED);
  } finally {
    await wd.stop();
  }
});

// ---------------------------------------------------------------- Deno

const DENO_FILES = {
  "web.mjs": `import init, { Program } from "./node_modules/loyalty-engine/web/loyalty_engine.js";
await init();
${SCENARIO_SOURCE}
console.log(JSON.stringify(scenario(Program)));
`,
  "bare.mjs": `import init, { Program } from "loyalty-engine";
await init();
${SCENARIO_SOURCE}
console.log(JSON.stringify({ resolved: import.meta.resolve("loyalty-engine"), result: scenario(Program) }));
`,
};
// --cached-only with an empty DENO_DIR: Deno may fetch nothing.
const deno = (script) => {
  const dir = installed("deno", DENO_FILES);
  return run(join(BIN, "deno"), ["run", "--cached-only", "--no-lock", "--no-prompt", `--allow-read=${dir}`, script], {
    cwd: dir,
    env: { ...process.env, DENO_DIR: tempDir("le-deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
};

await check("Deno: web target by local file import, await init()", () => {
  assert.deepEqual(lastJson(deno("web.mjs")), EXPECTED);
});

await check("Deno: import from \"loyalty-engine\" through node_modules", () => {
  const out = lastJson(deno("bare.mjs"));
  assert.match(out.resolved, /\/node_modules\/loyalty-engine\/node\/index\.mjs$/, "Deno resolves the node condition");
  assert.deepEqual(out.result, EXPECTED);
});

// ---------------------------------------------------------------- README snippets

// The README's `js browser` and `js workerd` quick starts, run as written
// against the installed tarball (the Node, CommonJS and Deno ones run in
// tests/js/readme.test.mjs). Expected values follow the spec by hand.
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const readmeSnippet = (tag) => {
  const m = readme.match(new RegExp("```js " + tag + "\\n([\\s\\S]*?)```"));
  assert.ok(m, `README has a js ${tag} block`);
  return m[1];
};

await check("README browser snippet in Chromium", async () => {
  const dir = installed("readme-browser", {
    // The snippet as written (its imports must stay at the top of a module);
    // console.log is captured by a classic script that runs first.
    "snippet.js": `${readmeSnippet("browser")}
window.__result = window.__logs;
`,
    "index.html": `<!doctype html><meta charset="utf-8">
<script>window.__logs = []; console.log = (...a) => window.__logs.push(a);</script>
<script type="importmap">{ "imports": { "loyalty-engine": "/node_modules/loyalty-engine/web/loyalty_engine.js" } }</script>
<script type="module" src="/snippet.js"></script>`,
  });
  const { url } = await serve(dir);
  const logs = await pageResult(await browserReady(), `${url}/index.html`);
  // 19.99 × 2 × 2 (apparel) = 79.96; 12.50 × 1 = 12.5; 92.46 → floor 92
  assert.deepEqual(logs, [["92", ["79.96", "12.5"]]]);
});

await check("README workerd snippet in workerd", async () => {
  await assertPreviewWorker(assert, installed("readme-workerd", { "worker.js": readmeSnippet("workerd") }), { now: "2026-11-24T10:00:00Z" });
});

process.exitCode = summary();
await cleanup();
