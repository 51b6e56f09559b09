// Wasm side of scripts/bench: the standard workloads W1–W5
// (../shared/bench/README.md) through the npm package in Node (pkg/node), as a
// storefront calls it: plain objects from JSON.parse in, plain objects out
// (the boundary included); W5 compiles the programme from its text.
// Usage: node bench/bench.mjs WORKLOADS_DIR [ROUNDS]
// Prints one JSON object: {"W1_previewEarn": µs, …}, each the median of ROUNDS
// rounds (default 9) of enough calls to take about 20 ms, after a warm-up.
import fs from "node:fs";
import path from "node:path";
import { Program } from "../pkg/node/index.mjs";

const [dir, roundsArg] = process.argv.slice(2);
if (!dir) throw new Error("usage: node bench/bench.mjs WORKLOADS_DIR [ROUNDS]");
const rounds = Number(roundsArg || 9);
const text = (f) => fs.readFileSync(path.join(dir, f), "utf8");
const read = (f) => JSON.parse(text(f));

const { now, days } = read("args.json");
const programText = text("program.json");
const program = Program.fromJSON(programText);
const cart = read("cart.json");
const snapshot = read("member-snapshot.json");
const ledger = read("member-ledger.json");
const products = read("products.json");

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

const out = {
  W1_previewEarn: perCallUs(() => program.previewEarn(cart, snapshot, { now })),
  W2_productBadges: perCallUs(() => program.productBadges(products, snapshot, { now })),
  W3_statement: perCallUs(() => program.statement(ledger, { now, days })),
  W4_redemptionOptions: perCallUs(() => program.redemptionOptions(snapshot, cart, { now })),
  W5_fromJSON: perCallUs(() => Program.fromJSON(programText).free()),
};
console.log(JSON.stringify(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Number(v.toFixed(2))]))));
