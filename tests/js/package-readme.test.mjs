// The package README (pkg/README.md, written from npm/README.md by
// scripts/build-pkg): what npm shows. Its links must resolve from npm (inside
// the packed files, or to one of its own headings), and its Node snippets
// (`js node`, `js commonjs`, `js errors`, `js lifecycle`) and the Deno one
// with its `sh` command run as written against a copy of pkg/ in node_modules.
// The browser, bundler, React, Next.js and workerd snippets run in tests/packaging.
// Expected outputs are the values the spec gives, worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const readme = readFileSync(join(root, "pkg/README.md"), "utf8");

/** The body of the one fenced block whose info string is `info`. */
function block(info) {
  const blocks = [...readme.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === info);
  assert.equal(blocks.length, 1, `pkg/README.md has one \`\`\`${info} block`);
  return blocks[0][2];
}

/** A project whose node_modules holds a copy of pkg/ (Deno reads only inside --allow-read). */
function project(files) {
  const dir = mkdtempSync(join(tmpdir(), "le-pkg-readme-"));
  cpSync(join(root, "pkg"), join(dir, "node_modules", "loyalty-engine"), { recursive: true });
  // What `npm install loyalty-engine` leaves (Deno resolves bare imports through it).
  const { version } = JSON.parse(readFileSync(join(root, "pkg/package.json"), "utf8"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, dependencies: { "loyalty-engine": `^${version}` } }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function runNode(file, text) {
  const dir = project({ [file]: text });
  try {
    return execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GitHub's (and npm's) heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");

test("package README is the npm one, and every link resolves from npm", () => {
  assert.match(readme, /^# loyalty-engine\n/);
  assert.doesNotMatch(readme, /scripts\/test|cargo |\.\.\/shared/, "no contributor commands or repository paths");
  assert.doesNotMatch(readme, /__[A-Z_]+__/, "every placeholder was filled in by scripts/build-pkg");
  const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], {
    cwd: join(root, "pkg"),
    encoding: "utf8",
  }))[0].files.map((f) => f.path);
  assert.ok(packed.includes("SPEC.md"), "the spec is packed");
  const text = readme.replace(/^```[\s\S]*?^```$/gm, ""); // links in code are not links
  const anchors = new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length >= 20, `the README links its sections and the spec (${links.length} links)`);
  for (const link of links) {
    assert.doesNotMatch(link, /^[a-z]+:/i, `${link}: no absolute link (the project has no public home yet)`);
    const [file, anchor] = link.split("#");
    if (file) assert.ok(packed.includes(normalize(file).replace(/^\.\//, "")), `${link} is a file of the package`);
    else assert.ok(anchors.has(anchor), `${link} is a heading of the README`);
  }
});

test("package README: Node ESM snippet", () => {
  assert.equal(runNode("main.mjs", block("js node")), "1\n"); // 1 point per 3.00 on 3.00
});

test("package README: CommonJS snippet (init exists in CommonJS)", () => {
  assert.equal(runNode("main.cjs", block("js commonjs")), "59\n"); // 19.99 × 3 = 59.97 → floor 59
});

test("package README: errors snippet", () => {
  // quantity -1 → invalid_cart at the quantity (spec §8)
  assert.equal(runNode("main.mjs", block("js errors")), "true invalid_cart cart.lines[0].quantity\n");
});

test("package README: strict mode snippet", () => {
  // 2 × 12.50 = 25 points; with strict, the misspelt shipping is named (issue 11).
  assert.equal(
    runNode("main.mjs", block("js strict")),
    '25\ninvalid_cart cart.shiping unknown field "shiping" (did you mean "shipping"?)\n',
  );
});

test("package README: lifecycle snippet", () => {
  assert.equal(runNode("main.mjs", block("js lifecycle")), "LoyaltyError invalid_state\n".repeat(3));
});

test("package README: Deno snippet with its command (--allow-read)", () => {
  const command = block("sh deno-run").trim();
  assert.match(command, /^deno run --allow-read=\. main\.js$/);
  const dir = project({ "main.js": block("js deno") });
  try {
    const out = execFileSync(join(root, "node_modules/.bin/deno"), command.split(" ").slice(1), {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, DENO_DIR: join(dir, ".deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    assert.equal(out, "10\n"); // 10.00 at 1 point per 1.00
    // The permission is needed, as the README says: without it, Deno refuses to read the .wasm.
    const denied = spawnSync(join(root, "node_modules/.bin/deno"), ["run", "--no-prompt", "main.js"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, DENO_DIR: join(dir, ".deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    assert.notEqual(denied.status, 0);
    assert.match(denied.stderr, /Requires read access to .*loyalty_engine_bg\.wasm.*--allow-read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
