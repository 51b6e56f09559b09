#!/usr/bin/env node
// The same answers everywhere (spec: "a preview shown in the browser equals
// what the server later books"): the scenarios in scenarios/*.json (§7 case
// format) run natively (the crate's `loyalty-conformance` binary), in Node, in
// headless Chromium and in workerd (the last three from the packed tarball,
// installed offline in a throwaway project), and ONE check compares the four
// JSON answers of every scenario, keys sorted, byte for byte. Another checks
// every runtime's answers against the hand-derived `expect` subsets of the files.
//
// Usage: node tests/cross-runtime/run.mjs
//   native binary: $LE_CONFORMANCE_BIN, else $CARGO_TARGET_DIR/debug/loyalty-conformance
//   (scripts/test-packaging builds it: cargo build --bin loyalty-conformance);
//   LE_PKG_TARBALL=... reuses a packed tarball.
// Prints one line per check, then exactly `N passed, N failed`.

import assert from "node:assert/strict";
import { copyFileSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  ROOT, canonical, checks, cleanup, launchChromium, packageModules, pageResult, project, readJson, run, serve,
  startWorkerd, tarball, workerdConfig,
} from "../packaging/lib.mjs";

const HERE = join(ROOT, "tests", "cross-runtime");
const { check, summary } = checks();

const files = readdirSync(join(HERE, "scenarios")).filter((f) => f.endsWith(".json")).sort();
const cases = Object.fromEntries(files.map((f) => [f, readJson(join(HERE, "scenarios", f))]));
/** Each runtime's answers: file -> canonical JSON text of { result } or { error }. */
const answers = {};

// ---------------------------------------------------------------- native

await check(`native: loyalty-conformance on ${files.length} scenarios`, () => {
  const bin = process.env.LE_CONFORMANCE_BIN
    || join(process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "loyalty-engine", "target"), "debug", "loyalty-conformance");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: cargo build --bin loyalty-conformance`);
  const out = run(bin, files.map((f) => join(HERE, "scenarios", f)));
  const native = {};
  for (const line of out.split("\n").filter(Boolean)) {
    const { file, result, error } = JSON.parse(line);
    native[file.split("/").at(-1)] = canonical(error ? { error } : { result });
  }
  assert.deepEqual(Object.keys(native).sort(), files);
  answers.native = native;
});

/** Subset comparison of §7: every key of `expect` present and equal, arrays of equal length. */
function subset(actual, expected, path = "result") {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => subset(actual[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === "object") {
    assert.ok(actual && typeof actual === "object", `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, e] of Object.entries(expected)) {
      assert.ok(Object.hasOwn(actual, k), `${path}.${k} is missing`);
      subset(actual[k], e, `${path}.${k}`);
    }
  } else {
    assert.equal(actual, expected, path);
  }
}


// ---------------------------------------------------------------- the package

const FILES = {
  "cases.json": JSON.stringify(cases),
  "node.mjs": `import init, { Program } from "loyalty-engine";
import { readFileSync } from "node:fs";
import { runCase } from "./ops.mjs";
await init();
const cases = JSON.parse(readFileSync(new URL("./cases.json", import.meta.url), "utf8"));
const out = {};
for (const [file, c] of Object.entries(cases)) out[file] = runCase(Program, c);
console.log(JSON.stringify(out));
`,
  "index.html": `<!doctype html><meta charset="utf-8">
<script type="importmap">{ "imports": { "loyalty-engine": "/node_modules/loyalty-engine/web/loyalty_engine.js" } }</script>
<script type="module">
import init, { Program } from "loyalty-engine";
import { runCase } from "/ops.mjs";
try {
  await init();
  const cases = await (await fetch("/cases.json")).json();
  const out = {};
  for (const [file, c] of Object.entries(cases)) out[file] = runCase(Program, c);
  window.__result = JSON.stringify(out);
} catch (e) {
  window.__error = String(e && e.stack || e);
}
</script>`,
};
/** The throwaway project with the tarball installed, made on first use (inside a check). */
let dirMade;
function projectDir() {
  if (!dirMade) {
    const dir = project(tarball(), "cross", FILES);
    copyFileSync(join(ROOT, "scripts", "case-ops.mjs"), join(dir, "ops.mjs"));
    copyFileSync(join(HERE, "worker.mjs"), join(dir, "worker.mjs"));
    dirMade = dir;
  }
  return dirMade;
}

const canonicalAll = (text) => Object.fromEntries(Object.entries(JSON.parse(text)).map(([f, v]) => [f, canonical(v)]));

await check("Node: the installed package on every scenario", () => {
  answers.node = canonicalAll(run(process.execPath, ["node.mjs"], { cwd: projectDir() }).trim().split("\n").at(-1));
});

await check("Chromium: the web target on every scenario", async () => {
  const { url } = await serve(projectDir());
  const browser = await launchChromium();
  answers.chromium = canonicalAll(await pageResult(browser, `${url}/index.html`));
});

await check("workerd: a test worker, one HTTP request per scenario", async () => {
  const dir = projectDir();
  const pkgDir = "node_modules/loyalty-engine";
  writeFileSync(join(dir, "config.capnp"), workerdConfig([
    `(name = "worker.mjs", esModule = embed "worker.mjs")`,
    `(name = "ops.mjs", esModule = embed "ops.mjs")`,
    ...packageModules(dir, pkgDir),
  ]));
  const wd = await startWorkerd(join(dir, "config.capnp"), { cwd: dir });
  try {
    const out = {};
    for (const f of files) {
      const res = await fetch(wd.url, { method: "POST", body: JSON.stringify(cases[f]) });
      const text = await res.text();
      assert.equal(res.status, 200, `${f}: ${text}`);
      out[f] = canonical(JSON.parse(text));
    }
    answers.workerd = out;
  } finally {
    await wd.stop();
  }
});

// ---------------------------------------------------------------- the comparisons

await check("every runtime's answers match the hand-derived `expect` of every scenario", () => {
  const present = Object.keys(answers);
  assert.ok(present.length > 0, "no runtime answered");
  for (const r of present) {
    for (const f of files) {
      const { result, error } = JSON.parse(answers[r][f]);
      assert.equal(error, undefined, `${r}, ${f}: ${JSON.stringify(error)}`);
      subset(result, cases[f].expect, `${r}, ${f}: result`);
    }
  }
});

/** Up to 5 paths where two JSON values differ, with both values. */
function differences(a, b, path = "", out = []) {
  if (out.length >= 5) return out;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differences(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`, out);
    }
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${path || "(root)"}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  }
  return out;
}

await check(`identical JSON natively, in Node, in Chromium and in workerd (${files.length} scenarios, keys sorted)`, () => {
  const runtimes = ["native", "node", "chromium", "workerd"];
  const missing = runtimes.filter((r) => !answers[r]);
  assert.deepEqual(missing, [], "every runtime answered");
  const diffs = [];
  for (const f of files) {
    const texts = runtimes.map((r) => answers[r][f]);
    if (texts.some((t) => t === undefined)) diffs.push(`${f}: missing in ${runtimes.filter((_, i) => texts[i] === undefined).join(", ")}`);
    else if (new Set(texts).size !== 1) {
      const lines = runtimes.slice(1).filter((_, i) => texts[i + 1] !== texts[0])
        .map((r) => `  ${r} vs native: ${differences(JSON.parse(texts[0]), JSON.parse(answers[r][f])).join("; ")}`);
      diffs.push(`${f}:\n${lines.join("\n")}`);
    }
  }
  assert.ok(diffs.length === 0, `answers differ:\n${diffs.join("\n")}`);
});

process.exitCode = summary();
await cleanup();
