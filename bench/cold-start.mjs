// Cold start (issue 10), part of scripts/bench: the wall time of a fresh Node
// process that imports the package (pkg/node, which instantiates the wasm on
// load) and compiles the W1 programme, beside a process that only starts
// Node. Median of ROUNDS runs of each, interleaved.
// Usage: node bench/cold-start.mjs WORKLOADS_DIR [ROUNDS]
// Prints one JSON object: {"node_ms": …, "import_and_compile_ms": …}.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [dir, roundsArg] = process.argv.slice(2);
if (!dir) throw new Error("usage: node bench/cold-start.mjs WORKLOADS_DIR [ROUNDS]");
const rounds = Number(roundsArg || 9);
const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../pkg/node/index.mjs");
const program = path.resolve(dir, "program.json");
const load = `
  const { Program } = await import(${JSON.stringify(entry)});
  const { readFileSync } = await import("node:fs");
  Program.fromJSON(readFileSync(${JSON.stringify(program)}, "utf8"));`;

const wall = (args) => {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return performance.now() - t0;
};
const times = { node: [], load: [] };
for (let r = 0; r < rounds; r++) {
  times.node.push(wall(["--input-type=module", "-e", ""]));
  times.load.push(wall(["--input-type=module", "-e", load]));
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
console.log(JSON.stringify({ node_ms: Number(median(times.node).toFixed(1)), import_and_compile_ms: Number(median(times.load).toFixed(1)) }));
