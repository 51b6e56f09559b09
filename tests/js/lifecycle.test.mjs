// The Program lifecycle of the npm package (issue 11; npm/lifecycle.js,
// appended to each glue by scripts/build-pkg): every misuse is a LoyaltyError
// with code "invalid_state", the same shape as the engine's other errors;
// LoyaltyError and isLoyaltyError recognise every error of the package, from
// its ESM and CommonJS builds alike; CommonJS has init/initSync.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

import init, { Program, LoyaltyError, isLoyaltyError, initSync } from "../../pkg/node/index.mjs";

const require = createRequire(import.meta.url);
const PROGRAM = { version: 1, currency: "USD", earning: [{ id: "base", type: "spend", points: "1" }] };
const NOW = { now: "2026-11-24T10:00:00Z" };
const CART = { currency: "USD", lines: [{ sku: "A", unitPrice: "12.50", quantity: "2" }] };
const LEDGER = { events: [{ type: "purchase", at: "2026-10-01T10:00:00Z", points: "10", spend: "10.00", orderId: "o-1" }] };

/** Asserts that fn throws the package's invalid_state error; returns its message. */
function invalidState(fn) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, "expected invalid_state, nothing was thrown");
  assert.ok(thrown instanceof Error, `a real Error, got ${Object.prototype.toString.call(thrown)}`);
  assert.equal(thrown.name, "LoyaltyError", thrown.message);
  assert.equal(thrown.code, "invalid_state", thrown.message);
  assert.equal(thrown.path, "");
  assert.ok(thrown instanceof LoyaltyError && isLoyaltyError(thrown));
  return thrown.message;
}

// Every method of Program, with valid arguments: only the lifecycle can fail.
const CALLS = {
  previewEarn: (p) => p.previewEarn(CART, null, NOW),
  tierProgress: (p) => p.tierProgress(null, NOW),
  statement: (p) => p.statement(LEDGER, NOW),
  redemptionOptions: (p) => p.redemptionOptions(null, CART, NOW),
  applyRedemptions: (p) => p.applyRedemptions(null, CART, [], NOW),
  previewAction: (p) => p.previewAction(null, "review", NOW),
  productBadges: (p) => p.productBadges([{ sku: "A", price: "12.50" }], null, NOW),
  checkout: (p) => p.checkout(null, CART, [], NOW),
  previewReturn: (p) => p.previewReturn(LEDGER, { orderId: "o-1", full: true }, NOW),
};

test("every method of a freed Program throws invalid_state, naming the method and what to do", () => {
  const methods = Object.getOwnPropertyNames(Program.prototype).filter((m) => m !== "constructor" && m !== "free" && !m.startsWith("__"));
  assert.deepEqual(methods.sort(), Object.keys(CALLS).sort(), "CALLS covers every method");
  for (const [method, call] of Object.entries(CALLS)) {
    const program = Program.fromJSON(PROGRAM);
    if (method === "previewEarn") assert.equal(call(program).points, "25"); // 12.50 × 2 at 1 per 1.00
    program.free();
    const message = invalidState(() => call(program));
    assert.match(message, new RegExp(`^${method}\\(\\) was called on a Program that was freed`));
    assert.match(message, /Program\.fromJSON/);
  }
});

test("double free() throws invalid_state; [Symbol.dispose] frees once and is then a no-op", () => {
  const program = Program.fromJSON(PROGRAM);
  program.free();
  assert.match(invalidState(() => program.free()), /already freed/);

  const disposed = Program.fromJSON(PROGRAM);
  disposed[Symbol.dispose]();
  disposed[Symbol.dispose](); // `using` after an explicit free() must not throw
  invalidState(() => disposed.previewEarn(CART, null, NOW));
  invalidState(() => disposed.free());
});

test("new Program() throws invalid_state (a Program comes from Program.fromJSON)", () => {
  assert.match(invalidState(() => new Program()), /Program\.fromJSON/);
});

test("a method called off its Program throws invalid_state, not a TypeError", () => {
  const { previewEarn } = Program.fromJSON(PROGRAM);
  // (undefined in strict code; the CommonJS glue is sloppy, so there it is globalThis)
  assert.match(invalidState(() => previewEarn(CART, null, NOW)), /^Program\.prototype\.previewEarn was called on (undefined|an object that is not a Program)/);
  assert.match(invalidState(() => previewEarn.call({ __wbg_ptr: 0 }, CART)), /not a Program/);
});

test("a Program still works after another one was freed, and after its own errors", () => {
  const a = Program.fromJSON(PROGRAM);
  const b = Program.fromJSON(PROGRAM);
  a.free();
  invalidState(() => a.previewEarn(CART, null, NOW));
  assert.throws(() => b.previewEarn({ currency: "EUR", lines: [] }, null, NOW), { code: "invalid_cart", path: "cart.currency" });
  assert.equal(b.previewEarn(CART, null, NOW).points, "25");
});

test("web build: Program.fromJSON before init() throws invalid_state; after initSync it works", async () => {
  const web = await import("../../pkg/web/loyalty_engine.js");
  const message = invalidState(() => web.Program.fromJSON(PROGRAM));
  assert.match(message, /not initialised: await init\(\)/);
  invalidState(() => new web.Program());
  web.initSync({ module: readFileSync(new URL("../../pkg/node/loyalty_engine_bg.wasm", import.meta.url)) });
  assert.equal(web.Program.fromJSON(PROGRAM).previewEarn(CART, null, NOW).points, "25");
});

test("LoyaltyError: engine errors are instances; isLoyaltyError is a shape check; the class constructs them", () => {
  let engineError;
  try {
    Program.fromJSON({ version: 2, currency: "USD" });
  } catch (e) {
    engineError = e;
  }
  assert.ok(engineError instanceof LoyaltyError && isLoyaltyError(engineError));
  assert.deepEqual([engineError.code, engineError.path], ["unsupported_version", "version"]);

  for (const other of [new Error("x"), new TypeError("x"), { name: "LoyaltyError", code: "x", path: "" }, null, undefined, "LoyaltyError"]) {
    assert.equal(isLoyaltyError(other), false, String(other));
    assert.equal(other instanceof LoyaltyError, false);
  }
  const made = new LoyaltyError("invalid_cart", "bad cart", "cart");
  assert.ok(made instanceof Error && made instanceof LoyaltyError && isLoyaltyError(made));
  assert.deepEqual([made.name, made.code, made.path, made.message], ["LoyaltyError", "invalid_cart", "cart", "bad cart"]);
  assert.equal(new LoyaltyError("invalid_state", "m").path, "");
  assert.match(String(made), /^LoyaltyError: bad cart$/);
});

test("CommonJS: init/initSync exist and do nothing; errors of either build pass either guard", async () => {
  const cjs = require("../../pkg/node/loyalty_engine.js");
  assert.equal(await cjs.init(), undefined);
  assert.equal(cjs.initSync(), undefined);
  await init();
  initSync();
  assert.equal(cjs.Program, Program, "the ESM entry re-exports the CommonJS build");
  const web = await import("../../pkg/web/loyalty_engine.js"); // another copy of the glue
  let webError;
  try {
    new web.Program();
  } catch (e) {
    webError = e;
  }
  assert.ok(webError instanceof LoyaltyError && isLoyaltyError(webError), "web error, Node guard");
  assert.ok(cjs.isLoyaltyError(webError) && webError instanceof cjs.LoyaltyError);
  assert.ok(web.isLoyaltyError(new LoyaltyError("invalid_state", "m")));
});
