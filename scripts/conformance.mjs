#!/usr/bin/env node
// Runs the conformance cases (spec §7) natively and in WebAssembly (Node) and
// compares both against the cases' expectations and against each other.
//
// Usage: node scripts/conformance.mjs [--op OP]... [--native BIN] [--pkg MODULE]
//                                     [--native-only] DIR_OR_FILE...
//   --op OP      run only cases of this op (repeatable; "a,b" also accepted), plus
//                every case expecting an error that is raised before the op is
//                dispatched (invalid_json, invalid_program, unsupported_version,
//                invalid_cart). No --op: every case.
//   --native BIN the native runner (default: $LE_CONFORMANCE_BIN, else
//                $CARGO_TARGET_DIR/debug/loyalty-conformance). It is invoked once as
//                `BIN FILE...` and prints one JSON line per file:
//                {"file","op","result"} or {"file","op","error":{code,path,message}}.
//   --pkg MODULE the wasm package's Node entry (default: pkg/node/index.mjs).
//   --native-only  run the native runner only (no wasm package needed; no
//                native-vs-wasm comparison).
// Prints one to three lines per failing case, then exactly `N passed, N failed`;
// exits 1 when a case failed, 2 on a usage error. Node >= 20, no dependencies.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { OPS } from "./case-ops.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// Error codes the engine reports while reading the program or the cart, before
// the operation is dispatched: such cases pass whatever their op.
const PRE_DISPATCH_CODES = new Set(["invalid_json", "invalid_program", "unsupported_version", "invalid_cart"]);


// ---------------------------------------------------------------- arguments

function usage(msg) {
  if (msg) console.error(`conformance: ${msg}`);
  console.error("usage: scripts/conformance [--op OP]... [--native BIN] [--pkg MODULE] [--native-only] DIR_OR_FILE...");
  process.exit(2);
}

const ops = [];
const inputs = [];
let nativeBin = process.env.LE_CONFORMANCE_BIN || "";
let pkgEntry = join(ROOT, "pkg", "node", "index.mjs");
let nativeOnly = false;
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === "--op") ops.push(...value().split(",").filter(Boolean));
    else if (a.startsWith("--op=")) ops.push(...a.slice(5).split(",").filter(Boolean));
    else if (a === "--native") nativeBin = value();
    else if (a.startsWith("--native=")) nativeBin = a.slice(9);
    else if (a === "--pkg") pkgEntry = value();
    else if (a.startsWith("--pkg=")) pkgEntry = a.slice(6);
    else if (a === "--native-only") nativeOnly = true;
    else if (a === "-h" || a === "--help") usage();
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else inputs.push(a);
  }
  if (inputs.length === 0) usage("no case directory or file given");
  if (!nativeBin) {
    const target = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "loyalty-engine", "target");
    nativeBin = join(target, "debug", "loyalty-conformance");
  }
  for (const op of ops) {
    if (!Object.hasOwn(OPS, op)) console.error(`conformance: warning: --op ${op} is not an operation of spec §6`);
  }
}

// ---------------------------------------------------------------- JSON helpers

const ABSENT = Symbol("absent");

/** Short, unambiguous text of a value (undefined, Map, BigInt shown as such). */
function show(v, max = 160) {
  let s;
  if (v === ABSENT) s = "(absent)";
  else if (v === undefined) s = "undefined";
  else if (typeof v === "bigint") s = `${v}n (BigInt)`;
  else if (typeof v === "number" && !Number.isFinite(v)) s = String(v);
  else if (v instanceof Map) s = `Map(${v.size}) ${show(Object.fromEntries(v), max)}`;
  else {
    try {
      s = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x instanceof Map ? { "<Map>": Object.fromEntries(x) } : x === undefined ? "<undefined>" : x));
    } catch (e) {
      s = `<${e.message}>`;
    }
    if (s === undefined) s = String(v);
  }
  return clip(s, max);
}

const clip = (s, max) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function kind(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (v instanceof Map) return "Map";
  return typeof v;
}

function isPlainObject(v) {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const keyPath = (path, key) => (IDENT.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`);
const indexPath = (path, i) => `${path}[${i}]`;
const shownPath = (path) => path || "(root)";

/**
 * Subset comparison of spec §7: every key of `expected` must be present in
 * `actual` with an equal value; scalars compare exactly (a string never equals a
 * number); arrays element by element with equal length, elements as subsets.
 * Returns null when it holds, else { path, expected, got, note? }.
 */
function subsetDiff(expected, actual, path = "") {
  if (expected === null || typeof expected !== "object") {
    return Object.is(expected, actual) || (expected === 0 && actual === 0) ? null : { path, expected, got: actual };
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, expected, got: actual, note: `expected an array, got ${kind(actual)}` };
    if (actual.length !== expected.length) {
      return { path, expected, got: actual, note: `expected ${expected.length} elements, got ${actual.length}` };
    }
    for (let i = 0; i < expected.length; i++) {
      const d = subsetDiff(expected[i], actual[i], indexPath(path, i));
      if (d) return d;
    }
    return null;
  }
  if (!isPlainObject(actual)) return { path, expected, got: actual, note: `expected an object, got ${kind(actual)}` };
  for (const key of Object.keys(expected)) {
    const p = keyPath(path, key);
    if (!Object.hasOwn(actual, key)) return { path: p, expected: expected[key], got: undefined, note: "missing" };
    const d = subsetDiff(expected[key], actual[key], p);
    if (d) return d;
  }
  return null;
}

/** Deep equality of two results (native JSON vs wasm objects); first differing path or null. */
function deepDiff(a, b, path = "") {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return Object.is(a, b) || (a === 0 && b === 0) ? null : { path, a, b };
  }
  if (Array.isArray(a) !== Array.isArray(b) || isPlainObject(a) !== isPlainObject(b)) return { path, a, b };
  if (Array.isArray(a)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = deepDiff(a[i], b[i], indexPath(path, i));
      if (d) return d;
    }
    return a.length === b.length ? null : { path: indexPath(path, n), a: a[n], b: b[n] };
  }
  if (!isPlainObject(a)) return { path, a, b }; // Map, typed array, ...: never a plain result
  const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
  for (const key of keys) {
    const p = keyPath(path, key);
    if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) {
      return { path: p, a: Object.hasOwn(a, key) ? a[key] : ABSENT, b: Object.hasOwn(b, key) ? b[key] : ABSENT };
    }
    const d = deepDiff(a[key], b[key], p);
    if (d) return d;
  }
  return null;
}

/** Checks one runtime's outcome ({result} | {error} | {failure}) against a case; message or null. */
function check(c, outcome) {
  if (outcome.failure) return outcome.failure;
  if (c.expectError) {
    const want = c.expectError;
    const wantText = `error ${want.code}${"path" in want ? ` at ${show(want.path)}` : ""}`;
    if (!outcome.error) return `expected ${wantText}, got result ${show(outcome.result)}`;
    const e = outcome.error;
    const codeOk = e.code === want.code;
    const pathOk = !("path" in want) || e.path === want.path;
    if (codeOk && pathOk) return null;
    return `expected ${wantText}, got error ${show(e.code)} at ${show(e.path)}: ${clip(String(e.message), 120)}`;
  }
  if (outcome.error) {
    const e = outcome.error;
    return `expected a result, got error ${show(e.code)} at ${show(e.path)}: ${clip(String(e.message), 120)}`;
  }
  const d = subsetDiff(c.expect ?? {}, outcome.result);
  if (!d) return null;
  if (d.note === "missing") return `at ${shownPath(d.path)}: expected ${show(d.expected)}, got nothing (key missing)`;
  if (d.note) return `at ${shownPath(d.path)}: ${d.note}: expected ${show(d.expected, 100)}, got ${show(d.got, 100)}`;
  return `at ${shownPath(d.path)}: expected ${show(d.expected)}, got ${show(d.got)}`;
}

// ---------------------------------------------------------------- cases

function collect(arg) {
  let st;
  try {
    st = statSync(arg);
  } catch {
    usage(`no such file or directory: ${arg}`);
  }
  if (!st.isDirectory()) return [arg];
  return readdirSync(arg)
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((n) => join(arg, n));
}

const files = inputs.flatMap(collect);
const cases = [];
for (const file of files) {
  let c;
  try {
    c = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    cases.push({ file, op: "?", broken: `cannot read the case file: ${e.message}` });
    continue;
  }
  if (c === null || typeof c !== "object" || typeof c.op !== "string") {
    cases.push({ file, op: "?", broken: "not a conformance case (no op)" });
    continue;
  }
  const selected =
    ops.length === 0 || ops.includes(c.op) || (c.expectError && PRE_DISPATCH_CODES.has(c.expectError.code));
  if (!selected) continue;
  if (!c.expectError && (c.expect === null || typeof c.expect !== "object")) {
    cases.push({ file, op: c.op, broken: "the case has neither expect nor expectError" });
    continue;
  }
  cases.push({ file, op: c.op, c });
}

// ---------------------------------------------------------------- native

function runNative(list) {
  const out = new Map();
  if (list.length === 0) return out;
  if (!existsSync(nativeBin)) {
    for (const f of list) out.set(f, { failure: `native runner not found: ${nativeBin}` });
    return out;
  }
  let pending = list;
  while (pending.length > 0) {
    const r = spawnSync(nativeBin, pending, { encoding: "utf8", maxBuffer: 1 << 30 });
    if (r.error) {
      for (const f of pending) out.set(f, { failure: `cannot run the native runner: ${r.error.message}` });
      break;
    }
    for (const line of r.stdout.split("\n")) {
      if (!line.startsWith("{")) continue;
      let o;
      try {
        o = JSON.parse(line);
      } catch {
        continue;
      }
      if (o && typeof o.file === "string" && pending.includes(o.file) && !out.has(o.file)) {
        if (o.error && typeof o.error === "object") out.set(o.file, { error: o.error });
        else if ("result" in o) out.set(o.file, { result: o.result });
        else out.set(o.file, { failure: `native runner printed neither result nor error: ${show(o)}` });
      }
    }
    const missing = pending.filter((f) => !out.has(f));
    if (missing.length === 0) break;
    // The runner stopped early (a panic?): blame the first file it did not
    // answer, then run the rest again so one crash does not hide the others.
    const why =
      r.status !== 0
        ? `native runner exited with ${r.signal ?? r.status} without answering this file` +
          (r.stderr.trim() ? `: ${clip(r.stderr.trim().split("\n").slice(-3).join(" | "), 240)}` : "")
        : "native runner printed no line for this file";
    out.set(missing[0], { failure: why });
    pending = missing.slice(1);
  }
  return out;
}

// ---------------------------------------------------------------- wasm

let wasmLoadError = null;
let Program = null;
let reloadFresh = null;
// Not loaded with --native-only (the package need not exist then).
if (!nativeOnly) {
  try {
    const mod = await import(pathToFileURL(resolve(pkgEntry)).href);
    if (typeof mod.default === "function") await mod.default();
    Program = mod.Program;
    if (typeof Program?.fromJSON !== "function") wasmLoadError = "Program.fromJSON not implemented (not exported by the wasm package)";
    // A trap (panic) may leave the instance unusable: load a fresh copy of the
    // CommonJS glue next to the ESM entry (pkg/node/loyalty_engine.js).
    const cjs = join(dirname(resolve(pkgEntry)), "loyalty_engine.js");
    if (existsSync(cjs)) {
      const require = createRequire(cjs);
      reloadFresh = () => {
        for (const k of Object.keys(require.cache)) if (k.startsWith(dirname(cjs))) delete require.cache[k];
        Program = require(cjs).Program;
      };
    }
  } catch (e) {
    wasmLoadError = `cannot load the wasm package ${pkgEntry}: ${e.message.split("\n")[0]}`;
  }
}

function errorOf(e) {
  if (e instanceof Error && typeof e.code === "string") {
    return { error: { code: e.code, path: e.path, message: e.message } };
  }
  return null;
}

function runWasm(c) {
  if (wasmLoadError) return { failure: wasmLoadError };
  const call = OPS[c.op];
  if (!call) return { failure: `op not implemented: unknown op ${show(c.op)}` };
  let program;
  try {
    program = Program.fromJSON(c.program);
  } catch (e) {
    return errorOf(e) ?? trapped(e);
  }
  try {
    if (typeof program?.[c.op] !== "function") return { failure: `op not implemented: Program.${c.op} does not exist` };
    return { result: program[c.op](...call(c)) };
  } catch (e) {
    return errorOf(e) ?? trapped(e);
  } finally {
    try {
      program?.free?.();
    } catch {
      /* a freed or poisoned instance: nothing to do */
    }
  }
}

function trapped(e) {
  const isTrap = e instanceof WebAssembly.RuntimeError;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : `non-Error ${show(e)}`;
  if (isTrap && reloadFresh) {
    try {
      reloadFresh();
    } catch {
      /* keep the old instance */
    }
  }
  return {
    failure: isTrap
      ? `wasm trapped (a panic kills the instance): ${clip(text, 200)}`
      : `threw something other than an Error with a code: ${clip(text, 200)}`,
  };
}

// ---------------------------------------------------------------- run

const native = runNative(cases.filter((x) => !x.broken).map((x) => x.file));
let passed = 0;
let failed = 0;
for (const x of cases) {
  const name = basename(x.file);
  if (x.broken) {
    failed++;
    console.log(`FAIL ${name} (${x.op}): ${x.broken}`);
    continue;
  }
  const n = native.get(x.file) ?? { failure: "native runner gave no answer" };
  const nMsg = check(x.c, n);
  if (nativeOnly) {
    if (!nMsg) {
      passed++;
      continue;
    }
    failed++;
    console.log(`FAIL ${name} (${x.op})`);
    console.log(`  native: ${nMsg}`);
    continue;
  }
  const w = runWasm(x.c);
  const wMsg = check(x.c, w);
  const lines = [];
  if (nMsg && nMsg === wMsg) lines.push(`native+wasm: ${nMsg}`);
  else {
    if (nMsg) lines.push(`native: ${nMsg}`);
    if (wMsg) lines.push(`wasm: ${wMsg}`);
  }
  if (lines.length === 0 && "result" in n && "result" in w) {
    const d = deepDiff(n.result, w.result);
    if (d) lines.push(`native and wasm differ at ${shownPath(d.path)}: native ${show(d.a)}, wasm ${show(d.b)}`);
  } else if (lines.length === 0 && n.error && w.error) {
    // The same input must fail the same way everywhere (code and path).
    const d = deepDiff({ code: n.error.code, path: n.error.path }, { code: w.error.code, path: w.error.path }, "error");
    if (d) lines.push(`native and wasm differ at ${d.path}: native ${show(d.a)}, wasm ${show(d.b)}`);
  }
  if (lines.length === 0) {
    passed++;
    continue;
  }
  failed++;
  console.log(`FAIL ${name} (${x.op})`);
  for (const l of lines) console.log(`  ${l}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
