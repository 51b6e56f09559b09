#!/usr/bin/env node
// What the inline entry (loyalty-engine/inline: the .wasm as base64 in the
// module) costs against the .wasm file (the web entry + `await init()`), from
// the built pkg/ (scripts/build-pkg first):
//   - bytes: raw, gzip -9 and brotli 11 of what a browser downloads for each
//     (glue + .wasm, or glue + inline module);
//   - start time in headless Chromium (Debian's, through playwright-core): a
//     page served from 127.0.0.1 that imports the entry and compiles a
//     one-rule Program; milliseconds from navigation start to the Program,
//     median of N fresh pages (no HTTP cache) each;
//   - start time in Node: a fresh process importing the entry and compiling
//     the Program, against one importing the Node entry; median of N.
// Usage: node scripts/inline-cost.mjs [N]   (default 15)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { ROOT, cleanup, launchChromium, serve, tempDir } from "../tests/packaging/lib.mjs";

const N = Number(process.argv[2] || 15);
const pkg = join(ROOT, "pkg");
const size = (files) => {
  const b = Buffer.concat(files.map((f) => readFileSync(join(pkg, f))));
  const gz = files.reduce((n, f) => n + gzipSync(readFileSync(join(pkg, f)), { level: 9 }).length, 0);
  const br = files.reduce((n, f) => {
    const x = readFileSync(join(pkg, f));
    return n + brotliCompressSync(x, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: x.length } }).length;
  }, 0);
  return { raw: b.length, gzip: gz, brotli: br };
};
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const PROGRAM = `{ version: 1, currency: "USD", earning: [{ id: "base", type: "spend", points: "1" }] }`;

const bytes = {
  file: size(["web/loyalty_engine.js", "node/loyalty_engine_bg.wasm"]),
  inline: size(["web/loyalty_engine.js", "inline/index.js"]),
};

// Chromium: two pages over the same static server.
const dir = tempDir("le-inline-cost");
execFileSync("cp", ["-r", pkg, join(dir, "pkg")]);
const page = (entry, init) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
import init, { Program } from "${entry}";
${init}
Program.fromJSON(${PROGRAM});
window.__ms = performance.now();
</script>`;
writeFileSync(join(dir, "file.html"), page("/pkg/web/loyalty_engine.js", "await init();"));
writeFileSync(join(dir, "inline.html"), page("/pkg/inline/index.js", ""));
const server = await serve(dir);
const browser = await launchChromium();
const chromium = {};
for (const kind of ["file", "inline"]) {
  const times = [];
  for (let i = 0; i < N; i++) {
    const context = await browser.newContext(); // a fresh HTTP cache and V8 code cache
    const p = await context.newPage();
    await p.goto(`${server.url}/${kind}.html`);
    await p.waitForFunction(() => "__ms" in window, null, { timeout: 15_000 });
    times.push(await p.evaluate(() => window.__ms));
    await context.close();
  }
  chromium[kind] = Math.round(median(times) * 10) / 10;
}

// Node: a fresh process per run.
const node = {};
for (const [kind, entry] of [["node entry", "pkg/node/index.mjs"], ["inline", "pkg/inline/index.js"]]) {
  const script = `const t = performance.now(); const { Program } = await import(${JSON.stringify(join(dir, entry))});
Program.fromJSON(${PROGRAM}); console.log(performance.now() - t);`;
  const times = [];
  for (let i = 0; i < N; i++) {
    times.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim()));
  }
  node[kind] = Math.round(median(times) * 10) / 10;
}

const fmt = (s) => `${s.raw} B raw, ${s.gzip} B gzip, ${s.brotli} B brotli`;
console.log(`bytes, glue + .wasm file:   ${fmt(bytes.file)}`);
console.log(`bytes, glue + inline entry: ${fmt(bytes.inline)}`);
console.log(`inline costs +${bytes.inline.raw - bytes.file.raw} B raw, +${bytes.inline.gzip - bytes.file.gzip} B gzip, +${bytes.inline.brotli - bytes.file.brotli} B brotli`);
console.log(`Chromium, navigation start to a compiled Program (median of ${N}, localhost): .wasm file ${chromium.file} ms, inline ${chromium.inline} ms`);
console.log(`Node, import + compile a Program (median of ${N}): node entry ${node["node entry"]} ms, inline ${node.inline} ms`);
await cleanup();
