// The bad-input table (tests/bad-inputs.json, issue 12) through the wasm
// package in Node (pkg/node): each case must throw an Error with the code and
// path the table gives (derived from the spec), and the same code, path and
// message as the native crate (the loyalty-conformance runner, built here if
// needed); the cases that succeed must give the native result. NaN and
// ±Infinity, which JSON text cannot hold, are passed as JS numbers here
// (natively as the text String(n) gives, so only their code and path are
// compared). The named programmes are compiled once, asked every case, then
// asked a good call again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { Program } from "../../pkg/node/index.mjs";
import { OPS } from "../../scripts/case-ops.mjs";
import { TABLE, asNativeCase, expand, inputs, named } from "./bad-inputs-table.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const hasJsNumber = (v) => v && typeof v === "object" && ("$js" in v || Object.values(v).some(hasJsNumber));

/** Runs a case on the package; { result } or { error: { code, path, message } }. */
function runWasm(programs, c) {
  let own;
  try {
    const program = named(c) ? programs[c.program] : (own = Program.fromJSON(typeof c.program === "string" ? c.program : expand(c.program)));
    if (c.op === "fromJSON") return { result: null };
    return { result: program[c.op](...OPS[c.op](inputs(c))) };
  } catch (e) {
    if (!(e instanceof Error) || typeof e.code !== "string") throw e;
    return { error: { code: e.code, path: e.path, message: e.message } };
  } finally {
    own?.free();
  }
}

/** The native outcome of every case, by index (one run of loyalty-conformance). */
function runNative(cases) {
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "loyalty-engine", "target");
  const bin = join(target, "debug", "loyalty-conformance");
  const build = spawnSync("cargo", ["build", "--quiet", "--features", "cli", "--bin", "loyalty-conformance"], { cwd: ROOT, stdio: "inherit" });
  assert.equal(build.status, 0, "cargo build of loyalty-conformance");
  assert.ok(existsSync(bin), `native runner not found at ${bin}`);
  const dir = mkdtempSync(join(tmpdir(), "bad-inputs-"));
  try {
    const files = cases.map((c, i) => {
      const file = join(dir, `${String(i).padStart(4, "0")}.json`);
      writeFileSync(file, JSON.stringify(asNativeCase(c)));
      return file;
    });
    const run = spawnSync(bin, files, { encoding: "utf8", maxBuffer: 1 << 30 });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
    return new Map(lines.map((l) => [files.indexOf(l.file), l]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What is wrong with a case's wasm outcome against the table and the native outcome. */
function mismatch(c, wasm, native) {
  const wrong = [];
  if (c.error) {
    if (!wasm.error) return [`want ${c.error.code} at "${c.error.path}", got a result`];
    const { code, path, message } = wasm.error;
    if (code !== c.error.code || path !== c.error.path) wrong.push(`want ${c.error.code} at "${c.error.path}", got ${code} at "${path}" (${message})`);
    if (c.error.messageIncludes && !message.includes(c.error.messageIncludes)) wrong.push(`message "${message}" does not name ${c.error.messageIncludes}`);
    if (!message) wrong.push("empty message");
    if (native?.error) {
      if (native.error.code !== code || native.error.path !== path) wrong.push(`native ${native.error.code} at "${native.error.path}", wasm ${code} at "${path}"`);
      else if (!hasJsNumber(c) && native.error.message !== message) wrong.push(`messages differ: native "${native.error.message}", wasm "${message}"`);
    } else {
      wrong.push(`native: ${JSON.stringify(native).slice(0, 200)}`);
    }
  } else {
    if (wasm.error) return [`want a result, got ${wasm.error.code} at "${wasm.error.path}": ${wasm.error.message}`];
    for (const [k, v] of Object.entries(c.expect)) {
      try { assert.deepEqual(wasm.result[k], v); } catch { wrong.push(`${k}: want ${JSON.stringify(v)}, got ${JSON.stringify(wasm.result[k])}`); }
    }
    try { assert.deepEqual(wasm.result, native?.result); } catch { wrong.push("the wasm result differs from the native one"); }
  }
  return wrong;
}

const cases = TABLE.cases;
const programs = Object.fromEntries(Object.entries(TABLE.programs).map(([name, p]) => [name, Program.fromJSON(p)]));
const wasm = cases.map((c) => runWasm(programs, c));
const native = runNative(cases);
const report = () => cases
  .map((c, i) => [c.name, mismatch(c, wasm[i], native.get(i))])
  .filter(([, wrong]) => wrong.length > 0)
  .map(([name, wrong]) => `${name}: ${wrong.join("; ")}`);

test(`every bad input: the spec's code and path, the native message (${cases.length} cases)`, () => {
  assert.ok(cases.filter((c) => c.error).length >= 150);
  const wrong = report();
  assert.deepEqual(wrong, [], `${wrong.length} cases differ:\n${wrong.join("\n")}`);
});

test("after every bad input, the same Program instances answer a good call", () => {
  const good = TABLE.good;
  for (const [name, program] of Object.entries(programs)) {
    const result = program[good.op](...OPS[good.op](good));
    for (const [k, v] of Object.entries(good.expect)) assert.equal(result[k], v, `${name}: ${k}`);
  }
});
