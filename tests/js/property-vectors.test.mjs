// Native and wasm agree (issue 12): replays through the wasm package (pkg/node)
// the vectors that tests/properties.rs (`native_and_wasm_vectors`) generated
// and ran natively, written to $CARGO_TARGET_DIR/tmp/property-vectors.json
// by `cargo test` (the step before this one in scripts/test). Each vector's
// result must equal the native one, or its error have the same code, path
// and message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

import { Program } from "../../pkg/node/index.mjs";
import { runCase } from "../../scripts/case-ops.mjs";

const target = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "loyalty-engine", "target");
const file = join(target, "tmp", "property-vectors.json");

test("the property vectors give the native results in wasm", () => {
  assert.ok(existsSync(file), `${file} not found: run \`cargo test --test properties\` first`);
  const vectors = JSON.parse(readFileSync(file, "utf8"));
  assert.ok(vectors.length >= 200, `only ${vectors.length} vectors`);
  const ops = new Set(vectors.map((v) => v.op));
  assert.equal(ops.size, 7, [...ops].join(", "));
  let answered = 0;
  const wrong = [];
  vectors.forEach((v, i) => {
    const wasm = runCase(Program, v);
    if (wasm.result) answered++;
    try {
      assert.deepEqual(wasm, v.native);
    } catch (e) {
      wrong.push(`vector ${i} (${v.op}): ${e.message.split("\n").slice(0, 12).join("\n")}`);
    }
  });
  assert.deepEqual(wrong, [], `${wrong.length} vectors differ:\n${wrong.join("\n\n")}`);
  assert.ok(answered >= 150, `only ${answered} answered`);
});
