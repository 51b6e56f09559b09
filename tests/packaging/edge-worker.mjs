#!/usr/bin/env node
// examples/edge-worker in workerd, two ways:
//   1. its own config.capnp, reading the package from pkg/;
//   2. bundled the way wrangler bundles a Worker (esbuild with the conditions
//      workerd, worker, browser; `.wasm` imports kept as separate wasm
//      modules), from the packed tarball installed in a throwaway project.
// Both must answer POST /preview with what the package computes on Node, and
// JSON errors with 400/405/404.
// Prints one line per check, then exactly `N passed, N failed`.

import assert from "node:assert/strict";
import { copyFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, relative } from "node:path";
import {
  ROOT, canonical, capnpString, checks, cleanup, project, readJson, startWorkerd, tarball, workerdConfig,
} from "./lib.mjs";

const { check, summary } = checks();
const EXAMPLE = join(ROOT, "examples", "edge-worker");
const requireRepo = createRequire(join(ROOT, "package.json"));
const request = readJson(join(EXAMPLE, "request.json"));

// What the worker must answer: the same calls through the package on Node.
async function expected(pkgEntry) {
  const { default: init, Program } = await import(pkgEntry);
  await init();
  const program = Program.fromJSON(readJson(join(EXAMPLE, "program.json")));
  const options = { now: request.now };
  return {
    earn: program.previewEarn(request.cart, request.member, options),
    offers: program.redemptionOptions(request.member, request.cart, options),
    checkout: program.checkout(request.member, request.cart, SELECTIONS, options),
  };
}

const SELECTIONS = [{ reward: "r5" }];

async function post(url, body, route = "/preview") {
  const res = await fetch(`${url}${route}`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, type: res.headers.get("content-type"), allow: res.headers.get("allow"), body: await res.json() };
}

/** The example's contract, against a running worker. */
async function contract(url, want) {
  const ok = await post(url, request);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.match(ok.type, /^application\/json/);
  // Figures worked out by hand (silver tier, x1.25; apparel x2; gift card excluded):
  // 39.98 x 2 x 1.25 + 4.55 x 1.25 = 105.6375 -> 105.
  assert.equal(ok.body.earn.points, "105");
  assert.equal(ok.body.earn.eligibleSubtotal, "44.53");
  assert.equal(ok.body.offers.best, "pay");
  const preview = { earn: want.earn, offers: want.offers };
  assert.equal(canonical(ok.body), canonical(preview), "the same JSON as the package on Node");

  // A second request reuses the isolate's compiled program and gives the same answer.
  assert.equal(canonical((await post(url, request)).body), canonical(preview));

  // POST /checkout with the $5 reward, worked out by hand: items 39.98 + 4.55 + 50.00 =
  // 94.53, shipping 4.99, no perks; total 94.53 + 4.99 − 5.00 = 94.52; 1200 − 500 = 700.
  // The 5.00 comes off the eligible lines (§9.3): 4.49 / 0.51, nets 35.49 × 2 + 4.04 =
  // 75.02 × 1.25 = 93.775 → 93 points; 640 + 93 = 733 stays silver.
  const order = await post(url, { ...request, selections: SELECTIONS }, "/checkout");
  assert.equal(order.status, 200, JSON.stringify(order.body));
  assert.deepEqual(
    [order.body.itemsTotal, order.body.total, order.body.balanceAfter, order.body.earn.points],
    ["94.53", "94.52", "700", "93"],
  );
  assert.deepEqual(order.body.tier, { current: "silver", after: "silver", upgrades: false });
  assert.equal(canonical(order.body), canonical(want.checkout), "checkout: the same JSON as the package on Node");

  const bad = await post(url, { ...request, cart: { ...request.cart, lines: [{ sku: "X", unitPrice: "1.00", quantity: "-2" }] } });
  assert.equal(bad.status, 400);
  assert.deepEqual({ code: bad.body.code, path: bad.body.path }, { code: "invalid_cart", path: "cart.lines[0].quantity" });
  assert.equal(typeof bad.body.message, "string");

  const badNow = await post(url, { ...request, now: "tomorrow" });
  assert.equal(badNow.status, 400);
  assert.equal(badNow.body.path, "now");

  const notJson = await post(url, "{not json");
  assert.deepEqual([notJson.status, notJson.body.code], [400, "invalid_json"]);

  const get = await fetch(`${url}/preview`);
  assert.deepEqual([get.status, get.headers.get("allow"), (await get.json()).code], [405, "POST", "method_not_allowed"]);

  const missing = await fetch(`${url}/nope`, { method: "POST", body: "{}" });
  assert.deepEqual([missing.status, (await missing.json()).code], [404, "not_found"]);
}

await check("edge worker: examples/edge-worker/config.capnp (pkg/) in workerd", async () => {
  const want = await expected(join(ROOT, "pkg", "node", "index.mjs"));
  const wd = await startWorkerd(join(EXAMPLE, "config.capnp"), { cwd: EXAMPLE, probe: "/health" });
  try {
    await contract(wd.url, want);
  } finally {
    await wd.stop();
  }
});

await check("edge worker: bundled wrangler-style from the installed tarball, in workerd", async () => {
  const dir = project(tarball(), "edge");
  for (const f of ["worker.js", "program.json"]) copyFileSync(join(EXAMPLE, f), join(dir, f));
  const wasmModules = new Map(); // module name -> file
  const esbuild = requireRepo("esbuild");
  const result = await esbuild.build({
    absWorkingDir: dir,
    entryPoints: ["worker.js"],
    bundle: true,
    format: "esm",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    outfile: "dist/worker.js",
    metafile: true,
    logLevel: "silent",
    plugins: [{
      name: "compiled-wasm",
      setup(build) {
        build.onResolve({ filter: /\.wasm$/ }, async (args) => {
          const file = join(args.resolveDir, args.path);
          const name = basename(file);
          wasmModules.set(name, file);
          return { path: `./${name}`, external: true };
        });
      },
    }],
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((f) => f.endsWith("loyalty-engine/workerd/index.js")), `the workerd entry is bundled (${inputs.join(", ")})`);
  assert.equal(wasmModules.size, 1, "one wasm module");
  writeFileSync(join(dir, "config.capnp"), workerdConfig([
    `(name = "worker.js", esModule = embed "dist/worker.js")`,
    ...[...wasmModules].map(([name, file]) => `(name = ${capnpString(name)}, wasm = embed ${capnpString(relative(dir, file))})`),
  ]));
  const want = await expected(join(dir, "node_modules", "loyalty-engine", "node", "index.mjs"));
  const wd = await startWorkerd(join(dir, "config.capnp"), { cwd: dir, probe: "/health" });
  try {
    await contract(wd.url, want);
  } finally {
    await wd.stop();
  }
});

process.exitCode = summary();
await cleanup();
