// What the .wasm's code is made of: the size of each function body, by
// name, largest first, and the totals per crate/module. Reads a module that
// kept its name section (scripts/wasm-functions builds one).
// Usage: node bench/wasm-functions.mjs FILE.wasm [TOP]
import fs from "node:fs";

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: node bench/wasm-functions.mjs FILE.wasm [TOP]");
const bytes = fs.readFileSync(file);
let at = 8; // after the magic number and version
const leb = () => {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 127) * 2 ** shift;
    shift += 7;
  } while (byte & 128);
  return value;
};
const skipLimits = () => { const flags = leb(); leb(); if (flags & 1) leb(); };
let imported = 0;
const bodies = [];
const names = new Map();
const sections = [];
while (at < bytes.length) {
  const id = bytes[at++];
  const size = leb();
  const end = at + size;
  sections.push([id, size]);
  if (id === 2) { // imports: functions imported come first in the index space
    for (let n = leb(); n > 0; n--) {
      for (let text = 0; text < 2; text++) { const length = leb(); at += length; } // module, name
      const kind = bytes[at++];
      if (kind === 0) { leb(); imported++; } else if (kind === 1) { at++; skipLimits(); } else if (kind === 2) skipLimits(); else at += 2;
    }
  } else if (id === 10) {
    for (let n = leb(); n > 0; n--) { const length = leb(); bodies.push(length); at += length; }
  } else if (id === 0) {
    const nameLength = leb();
    if (bytes.subarray(at, at + nameLength).toString() === "name") {
      at += nameLength;
      while (at < end) {
        const sub = bytes[at++], subSize = leb(), subEnd = at + subSize;
        if (sub === 1) for (let n = leb(); n > 0; n--) { const index = leb(), length = leb(); names.set(index, bytes.subarray(at, at + length).toString()); at += length; }
        at = subEnd;
      }
    }
  }
  at = end;
}
if (names.size === 0) throw new Error(`${file} has no function names: build it with scripts/wasm-functions`);
const rows = bodies.map((size, i) => [names.get(i + imported) ?? `function ${i + imported}`, size]);
const code = rows.reduce((sum, [, size]) => sum + size, 0);
const data = sections.filter(([id]) => id === 11).reduce((sum, [, size]) => sum + size, 0);
console.log(`code ${code} B in ${rows.length} functions; data ${data} B`);
// Crate or module: `loyalty_engine::json::…` -> loyalty_engine::json, `<dlmalloc[…]::…>` -> dlmalloc.
const owner = (name) => {
  const path = name.replace(/^<+/, "").replace(/\[[0-9a-f]+\]/g, "").split(/ as |[<>{( ]/)[0].split("::");
  return path[0] === "loyalty_engine" ? path.slice(0, 2).join("::") : path[0];
};
const byOwner = new Map();
for (const [name, size] of rows) byOwner.set(owner(name), (byOwner.get(owner(name)) ?? 0) + size);
console.log("\nby crate (loyalty_engine by module; inlined code counts where it landed):");
for (const [who, size] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${String(size).padStart(8)}  ${who}`);
console.log(`\nlargest ${topArg ?? 40} functions:`);
for (const [name, size] of rows.sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 40))) console.log(`${String(size).padStart(8)}  ${name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 150)}`);
