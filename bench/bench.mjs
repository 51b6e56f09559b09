// Wasm side of scripts/bench: the standard workloads W1–W5
// (../shared/bench/README.md) through the npm package in Node (pkg/node), as a
// storefront calls it: plain objects from JSON.parse in, plain objects out
// (the boundary included); W5 compiles the programme from its text.
// Usage: node bench/bench.mjs WORKLOADS_DIR [ROUNDS]
// Prints one JSON object: {"W1_previewEarn": {"wasm_us", "boundary_us"}, …},
// each the median of ROUNDS rounds (default 9) of enough calls to take about
// 20 ms, after a warm-up. `boundary_us` is what crossing the boundary costs
// at the least, with no work done: `JSON.stringify` of the call's objects and
// `JSON.parse` of its answer's JSON text (the package does both), so that a
// target below it is seen to be out of reach by this route.
import { Program } from "../pkg/node/index.mjs";
import { readWorkloads, workloadArguments, workloadCalls } from "./workloads.mjs";

const [dir, roundsArg] = process.argv.slice(2);
if (!dir) throw new Error("usage: node bench/bench.mjs WORKLOADS_DIR [ROUNDS]");
const rounds = Number(roundsArg || 9);
const workloads = readWorkloads(dir);
const calls = workloadCalls(Program, workloads);
const objects = workloadArguments(workloads);

/** Median over `rounds` of the time per call in µs; each round lasts about 20 ms. */
function perCallUs(fn) {
  for (let i = 0, t0 = performance.now(); performance.now() - t0 < 200 && i < 2000; i++) fn(); // warm-up: JIT and wasm tiers
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 1e-3);
  const calls = Math.min(100_000, Math.max(1, Math.round(20 / once)));
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) fn();
    times.push(((performance.now() - t) * 1000) / calls);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const us = (t) => Number(t.toFixed(2));
const out = {};
for (const [key, call] of Object.entries(calls)) {
  out[key] = { wasm_us: us(perCallUs(call)) };
  if (objects[key]) {
    const answer = JSON.stringify(call());
    out[key].boundary_us = us(perCallUs(() => {
      for (const o of objects[key]) JSON.stringify(o);
      JSON.parse(answer);
    }));
  }
}
console.log(JSON.stringify(out));
