// The README's quick-start snippets, executed: each fenced block tagged
// `js node`, `js commonjs` or `js deno` runs against the built package
// (pkg/), imported by its published name through a throwaway node_modules
// link (Node) or an import map (Deno). The browser and workerd snippets run in
// tests/packaging. Expected outputs below are the values the spec gives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");

function snippet(tag) {
  const match = readme.match(new RegExp("```js " + tag + "\\n([\\s\\S]*?)```"));
  assert.ok(match, `README has a \`\`\`js ${tag} block`);
  return match[1];
}

function project() {
  const dir = mkdtempSync(join(tmpdir(), "le-readme-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(root, "pkg"), join(dir, "node_modules", "loyalty-engine"), "dir");
  return dir;
}

test("README Node (ESM) snippet", () => {
  const dir = project();
  try {
    writeFileSync(join(dir, "main.mjs"), snippet("node"));
    const out = execFileSync(process.execPath, ["main.mjs"], { cwd: dir, encoding: "utf8" });
    // quantity -1 → invalid_cart at the quantity; 1 point per 3.00 on 3.00 → exactly 1
    assert.equal(out, "true invalid_cart cart.lines[0].quantity\n1\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("README checkout and returns snippet", () => {
  const dir = project();
  try {
    writeFileSync(join(dir, "main.mjs"), snippet("checkout"));
    const out = execFileSync(process.execPath, ["main.mjs"], { cwd: dir, encoding: "utf8" });
    // Gold: 20 % of 52.48 = 10.496 → 10.50 (split 8.00 / 2.50, the cent to TEE's larger
    // remainder), shipping 4.99 waived; r5 5.00 on 41.98 left, taken off the lines as
    // 3.81 / 1.19 (§9.3): nets 28.17 + 8.81 = 36.98 × 1.5 = 55.47 → 55 points.
    // discount 10.50 + 4.99 + 5.00 = 20.49; total 52.48 + 4.99 − 20.49 = 36.98; 900 − 500 = 400.
    // Return: 120 × 30/120 = 30 points; balance 120 − 100 = 20, so 10 are owed (debt).
    assert.equal(out, "52.48 20.49 36.98 55 400\n30 -10 10 return\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("README CommonJS snippet", () => {
  const dir = project();
  try {
    writeFileSync(join(dir, "main.cjs"), snippet("commonjs"));
    const out = execFileSync(process.execPath, ["main.cjs"], { cwd: dir, encoding: "utf8" });
    assert.equal(out, "59\n"); // 19.99 × 3 = 59.97 → floor 59
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("README Deno snippet", () => {
  const dir = mkdtempSync(join(tmpdir(), "le-readme-deno-"));
  try {
    writeFileSync(join(dir, "main.js"), snippet("deno"));
    writeFileSync(
      join(dir, "deno.json"),
      JSON.stringify({ imports: { "loyalty-engine": join(root, "pkg/web/loyalty_engine.js") } }),
    );
    const deno = join(root, "node_modules/.bin/deno");
    const out = execFileSync(deno, ["run", "--allow-read", "--config", join(dir, "deno.json"), join(dir, "main.js")], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, DENO_DIR: join(dir, ".deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    assert.equal(out, "10\n"); // 10.00 at 1 point per 1 → 10
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
