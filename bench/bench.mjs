// Wasm side of scripts/bench: the standard workloads W1–W5
// (../shared/bench/README.md) through the npm package in Node (pkg/node), as a
// storefront calls it: plain objects from JSON.parse in, plain objects out
// (the boundary included); W5 compiles the programme from its text.
// Usage: node bench/bench.mjs WORKLOADS_DIR [ROUNDS]
// Prints one JSON object: {"W1_previewEarn": µs, …}, each the median of ROUNDS
// rounds (default 9) of enough calls to take about 20 ms, after a warm-up.
import { Program } from "../pkg/node/index.mjs";
import { readWorkloads, workloadCalls } from "./workloads.mjs";

const [dir, roundsArg] = process.argv.slice(2);
if (!dir) throw new Error("usage: node bench/bench.mjs WORKLOADS_DIR [ROUNDS]");
const rounds = Number(roundsArg || 9);
const calls = workloadCalls(Program, readWorkloads(dir));

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

const out = Object.fromEntries(Object.entries(calls).map(([key, call]) => [key, Number(perCallUs(call).toFixed(2))]));
console.log(JSON.stringify(out));
