// Benchmarks of the wasm package in Node (pkg/node). Run by scripts/bench.
// Prints one line per measure; the median of several runs is reported.
import { Program } from "../pkg/node/index.mjs";
import * as s from "./scenarios.mjs";

function median(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const program = Program.fromJSON(s.program);
const opts = { now: s.now };
const oneLine = s.cart(1);
const hundred = s.cart(100);
const products = s.products(10_000);
const ledger = s.ledger(100_000);

// Warm up the JIT and the wasm tiers.
for (let i = 0; i < 200; i++) program.previewEarn(oneLine, s.member, opts);
for (let i = 0; i < 3; i++) program.productBadges(products, s.member, opts);

const reps = 1000;
// The two measures compared are taken in turns, so that a change of the
// machine's speed during the run (shared machines) affects both alike.
const earn1Runs = [], badgesRuns = [];
for (let run = 0; run < 9; run++) {
  earn1Runs.push(median(() => { for (let i = 0; i < reps; i++) program.previewEarn(oneLine, s.member, opts); }, 1) / reps);
  badgesRuns.push(median(() => program.productBadges(products, s.member, opts), 1));
}
const middle = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const earn1 = middle(earn1Runs);
const badges = middle(badgesRuns);
const earn100 = median(() => { for (let i = 0; i < 100; i++) program.previewEarn(hundred, s.member, opts); }, 7) / 100;
const perProduct = badges / products.length;
const statement = median(() => program.statement(ledger, { now: s.now }), 3);
const compile = median(() => { for (let i = 0; i < 100; i++) Program.fromJSON(s.program).free(); }, 7) / 100;

const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
console.log(`wasm/node fromJSON (5 rules, 3 tiers):            ${us(compile)}`);
console.log(`wasm/node previewEarn, 1-line cart:               ${us(earn1)}`);
console.log(`wasm/node previewEarn, 100-line cart:             ${us(earn100)}`);
console.log(`wasm/node productBadges, 10,000 products:         ${badges.toFixed(1)} ms (${us(perProduct)} per product, ${(earn1 / perProduct).toFixed(0)}× cheaper than a 1-line previewEarn)`);
console.log(`wasm/node statement, 100,000-event ledger:        ${statement.toFixed(0)} ms`);
