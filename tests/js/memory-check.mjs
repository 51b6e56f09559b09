// Run by memory.test.mjs as `node --expose-gc tests/js/memory-check.mjs`
// (pkg/ built): the wasm linear memory over 100,000 W1 previewEarn calls
// (plus a failing call every fifth) after warm-up, and over 20,000 Programs
// dropped without free() (weak references: wasm-bindgen --weak-refs, a
// FinalizationRegistry). Prints one JSON line of byte counts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { readWorkloads } from "../../bench/workloads.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const workloads = path.join(root, "../shared/bench/workloads");
// A copy of the Node glue that also exports its wasm instance's exports,
// to read the memory's size (the package does not expose it).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "le-memory-"));
// (The Node glue reads the package's one .wasm from ../web/.)
fs.cpSync(path.join(root, "pkg/node"), path.join(tmp, "node"), { recursive: true });
fs.cpSync(path.join(root, "pkg/web"), path.join(tmp, "web"), { recursive: true });
const glue = path.join(tmp, "node", "loyalty_engine.js");
fs.appendFileSync(glue, "\nmodule.exports.__wasmForMemoryCheck = wasm;\n");
const lib = createRequire(import.meta.url)(glue);
const memory = () => lib.__wasmForMemoryCheck.memory.buffer.byteLength;

const { programText, cart, snapshot: member, now } = readWorkloads(workloads);
const program = lib.Program.fromJSON(programText);
const settle = async () => {
  for (let i = 0; i < 4; i++) {
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return memory();
};

for (let i = 0; i < 10_000; i++) program.previewEarn(cart, member, { now });
const warm = await settle();
for (let i = 0; i < 100_000; i++) {
  program.previewEarn(cart, member, { now });
  if (i % 5 === 0) {
    try {
      program.previewEarn({ currency: "XXX", lines: [] }, member, { now });
    } catch {
      // expected: invalid_cart
    }
  }
}
const afterCalls = await settle();
let afterFirstBatch = 0;
for (let batch = 0; batch < 20; batch++) {
  for (let i = 0; i < 1000; i++) lib.Program.fromJSON(programText);
  const m = await settle();
  if (batch === 0) afterFirstBatch = m;
}
const afterDropped = await settle();
// free() stays available, and a freed Program is not finalized twice.
for (let i = 0; i < 1000; i++) lib.Program.fromJSON(programText).free();
const afterFreed = await settle();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(JSON.stringify({ warm, afterCalls, afterFirstBatch, afterDropped, afterFreed }));
