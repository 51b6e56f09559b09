// Before/after of two builds of the package in one Node process (the A/B
// figures of issue 10's note and the README's speed/size trade): both
// instances run W1–W5 on the same inputs, rounds interleaved, median µs per
// call, and the outputs are compared (an optimisation must not change them).
// Usage: node bench/ab.mjs A/node/index.mjs B/node/index.mjs [ROUNDS] [WORKLOADS_DIR]
//   A and B: copies of pkg/ (its Node entry reads the one .wasm in pkg/web/):
//   e.g. `cp -r pkg /tmp/before` before a change, then scripts/build-pkg
//   after it, and compare /tmp/before/node/index.mjs with pkg/node/index.mjs.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readWorkloads, workloadCalls } from "./workloads.mjs";

const [a, b, roundsArg, dirArg] = process.argv.slice(2);
if (!a || !b) throw new Error("usage: node bench/ab.mjs A/node/index.mjs B/node/index.mjs [ROUNDS] [WORKLOADS_DIR]");
const rounds = Number(roundsArg || 9);
const dir = dirArg || new URL("../../shared/bench/workloads", import.meta.url).pathname;
const inputs = readWorkloads(dir);
const pkgs = await Promise.all([a, b].map((p) => import(pathToFileURL(path.resolve(p)).href)));
const work = pkgs.map(({ Program }) => workloadCalls(Program, inputs));
for (const w of Object.keys(work[0])) {
  const fns = work.map((x) => x[w]);
  const same = JSON.stringify(fns[0]()) === JSON.stringify(fns[1]());
  for (const f of fns) for (let t0 = performance.now(); performance.now() - t0 < 300;) f();
  const t0 = performance.now(); fns[0](); const once = Math.max(performance.now() - t0, 1e-3);
  const calls = Math.max(1, Math.round(20 / once));
  const times = [[], []];
  for (let r = 0; r < rounds; r++) for (let i = 0; i < 2; i++) {
    const t = performance.now(); for (let c = 0; c < calls; c++) fns[i](); times[i].push((performance.now() - t) * 1000 / calls);
  }
  const med = times.map((t) => t.sort((x, y) => x - y)[t.length >> 1]);
  console.log(`${w}: A ${med[0].toFixed(1)} µs, B ${med[1].toFixed(1)} µs, B/A ${(med[1] / med[0]).toFixed(2)}${same ? "" : "  OUTPUTS DIFFER"}`);
}
