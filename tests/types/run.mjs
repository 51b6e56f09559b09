#!/usr/bin/env node
// Type-checks tests/types/consumer.ts (strict; its @ts-expect-error lines must
// each fail) three ways, in parallel:
//   1. `tsc -p tests/types`: against pkg/ (the `paths` mapping);
//   2. against the packed tarball installed in a throwaway project, resolved
//      through `exports` by a bundler-style project (lib ES2022 + DOM: the web
//      declarations; no esnext lib, so the package must reference it itself);
//   3. the same file as a Node ESM module (module nodenext, lib ES2022 only,
//      no DOM): the Node declarations of the `types` condition;
//   4. the same file with TypeScript 5.0 (the oldest the README promises; from
//      the toolchain of tests/packaging/lib.mjs), lib ES2022+DOM;
//   5. disposable.ts with lib ESNext.Disposable: `using` and
//      `program[Symbol.dispose]()` type-check where the consumer's lib has them
//      (and 1-4 show the declarations need no such lib).
// Prints one line per check, then exactly `N passed, N failed`.

import { spawn } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, ROOT, checks, cleanup, project, tarball, toolchain } from "../packaging/lib.mjs";

const { check, summary } = checks();
const TSC = join(BIN, "tsc");
const HERE = join(ROOT, "tests", "types");

function tsc(args, cwd, bin = TSC) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(bin, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", rej);
    child.on("exit", (code) => (code === 0 ? res({ out, elapsedMs: performance.now() - t0 }) : rej(new Error(`tsc ${args.join(" ")} (in ${cwd}) exited with ${code}\n${out}`.trimEnd()))));
  });
}

/** tsconfig.json is JSONC: drop comments (none of its strings hold "//"). */
const base = JSON.parse(readFileSync(join(HERE, "tsconfig.json"), "utf8").replace(/^\s*\/\/.*$/gm, ""));

let dir;
try {
  dir = project(tarball(), "types");
  copyFileSync(join(HERE, "consumer.ts"), join(dir, "consumer.ts"));
  copyFileSync(join(HERE, "consumer.ts"), join(dir, "consumer.mts"));
  const { paths: _paths, ...options } = base.compilerOptions;
  writeFileSync(join(dir, "tsconfig.bundler.json"), JSON.stringify({
    compilerOptions: { ...options, lib: ["ES2022", "DOM"] },
    files: ["consumer.ts"],
  }, null, 2));
  copyFileSync(join(HERE, "disposable.ts"), join(dir, "disposable.ts"));
  writeFileSync(join(dir, "tsconfig.disposable.json"), JSON.stringify({
    compilerOptions: { ...options, lib: ["ES2022", "DOM", "ESNext.Disposable"] },
    files: ["disposable.ts"],
  }, null, 2));
  writeFileSync(join(dir, "tsconfig.node.json"), JSON.stringify({
    compilerOptions: { ...options, module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022"] },
    files: ["consumer.mts"],
  }, null, 2));
} catch (e) {
  await check("install the tarball for the type checks", () => {
    throw e;
  });
}

const pending = [
  ["tsc -p tests/types (strict, against pkg/)", tsc(["--noEmit", "-p", HERE], ROOT)],
];
if (dir) {
  pending.push(
    ["tsc: consumer.ts against the installed tarball (bundler resolution, lib ES2022+DOM)", tsc(["--noEmit", "-p", "tsconfig.bundler.json"], dir)],
    ["tsc: consumer.mts against the installed tarball (NodeNext, lib ES2022, no DOM)", tsc(["--noEmit", "-p", "tsconfig.node.json"], dir)],
    ["tsc: disposable.ts (lib ESNext.Disposable: using, [Symbol.dispose])", tsc(["--noEmit", "-p", "tsconfig.disposable.json"], dir)],
  );
  let tsc50;
  try {
    tsc50 = join(toolchain(), "node_modules", ".bin", "tsc");
  } catch (e) {
    tsc50 = Promise.reject(e);
  }
  pending.push(["TypeScript 5.0: consumer.ts against the installed tarball (bundler resolution, lib ES2022+DOM)",
    typeof tsc50 === "string"
      ? tsc(["--version"], dir, tsc50).then(({ out }) => {
        if (!/^Version 5\.0\./.test(out)) throw new Error(`the toolchain's tsc is not 5.0: ${out}`);
        return tsc(["--noEmit", "-p", "tsconfig.bundler.json"], dir, tsc50);
      })
      : tsc50]);
}
for (const p of pending) p[1].catch(() => {}); // awaited below, in order
for (const [name, p] of pending) await check(name, () => p);

process.exitCode = summary();
await cleanup();
