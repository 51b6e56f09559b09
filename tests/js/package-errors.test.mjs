// The npm package on Node (pkg/node/index.mjs, built by scripts/build-pkg):
// the import line, one happy path and the error contract of spec §1 / §8.
// Expected values are worked out by hand from the spec, not from the engine.
import { test } from "node:test";
import assert from "node:assert/strict";

import init, { Program, initSync } from "../../pkg/node/index.mjs";

const PROGRAM_TEXT = '{"version":1,"currency":"USD","earning":[{"id":"base","type":"spend","points":"1"}]}';
const NOW = { now: "2026-11-24T10:00:00Z" };
const line = () => ({ sku: "A", unitPrice: "12.50", quantity: "2" });
const goodCart = () => ({ currency: "USD", lines: [line()] });
const withLine = (patch) => ({ currency: "USD", lines: [{ ...line(), ...patch }] });

/** Asserts that fn throws a JS Error carrying code (and path, when given) and a message. */
function assertEngineError(fn, code, path) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `expected an error with code ${code}, nothing was thrown`);
  assert.ok(thrown instanceof Error, `expected an Error instance, got ${Object.prototype.toString.call(thrown)}`);
  assert.equal(thrown.code, code, `code (message: ${thrown.message})`);
  if (path !== undefined) assert.equal(thrown.path, path, `path (message: ${thrown.message})`);
  assert.equal(typeof thrown.path, "string", "path is a string");
  assert.equal(typeof thrown.message, "string");
  assert.ok(thrown.message.length > 0, "message is not empty");
  return thrown;
}

test("init() resolves and can be called twice; initSync() exists", async () => {
  await init();
  await init();
  assert.equal(typeof initSync, "function");
  initSync();
});

// 1 point per 1.00 (per defaults to 1), floor, order scope:
// amount = roundMoney(12.50 × 2) = 25.00 = net = eligible subtotal; 1 × 25.00 / 1 = 25.
test("fromJSON(text) + previewEarn on a one-line cart, guest member", () => {
  const program = Program.fromJSON(PROGRAM_TEXT);
  const r = program.previewEarn(goodCart(), undefined, NOW);
  assert.equal(r.points, "25");
  assert.equal(r.eligibleSubtotal, "25.00");
  assert.equal(program.previewEarn(goodCart(), null, NOW).points, "25");
});

test("fromJSON accepts the same program as an object", () => {
  const program = Program.fromJSON(JSON.parse(PROGRAM_TEXT));
  assert.equal(program.previewEarn(goodCart(), undefined, NOW).points, "25");
});

test("program errors", () => {
  assertEngineError(
    () => Program.fromJSON('{"version":2,"currency":"USD","earning":[{"id":"base","type":"spend","points":"1"}]}'),
    "unsupported_version",
    "version",
  );
  assertEngineError(() => Program.fromJSON("not json"), "invalid_json");
  assertEngineError(
    () => Program.fromJSON('{"version":1,"currency":"USD","earning":[{"id":"base","type":"spend","points":"1","per":"0"}]}'),
    "invalid_program",
    "earning[0].per",
  );
});

test("cart errors, and the instance keeps working after them", () => {
  const program = Program.fromJSON(PROGRAM_TEXT);
  const earn = (cart) => () => program.previewEarn(cart, undefined, NOW);

  assertEngineError(earn({ currency: "EUR", lines: [line()] }), "invalid_cart", "cart.currency");
  assertEngineError(earn(withLine({ quantity: "-1" })), "invalid_cart", "cart.lines[0].quantity");
  // A JS number is read through String(n): NaN is not a decimal; 1e300 is one, beyond 10^12.
  assertEngineError(earn(withLine({ unitPrice: NaN })), "invalid_cart", "cart.lines[0].unitPrice");
  assertEngineError(earn(withLine({ unitPrice: 1e300 })), "limit_exceeded", "cart.lines[0].unitPrice");

  // JSON.stringify writes these as null; a real null beside them (an unknown
  // field, ignored) must not hide them: each is reported at its own path.
  const nullBeside = (patch) => ({ currency: "USD", note: null, lines: [{ ...line(), gift: null, ...patch }] });
  const messageOf = (fn, code, path) => assertEngineError(fn, code, path).message;
  assert.match(messageOf(earn(nullBeside({ unitPrice: NaN })), "invalid_cart", "cart.lines[0].unitPrice"), /"NaN"/);
  assert.match(messageOf(earn(nullBeside({ quantity: -Infinity })), "invalid_cart", "cart.lines[0].quantity"), /"-Infinity"/);
  assert.match(messageOf(earn(nullBeside({ categories: [null, () => 1] })), "invalid_cart"), /function.*categories\[1\]/);
  const member = { id: "m", balance: "10", tier: null, joinedAt: new Date(NaN) };
  assert.match(messageOf(() => program.previewEarn(goodCart(), member, NOW), "invalid_member"), /invalid Date at \$\.joinedAt/);
  // Real nulls alone are fine: null is "absent" in an unknown field (§8).
  assert.equal(program.previewEarn(nullBeside({}), { id: "m", balance: "10", tier: null }, NOW).points, "25");
  // A programme text with 1e400 (Infinity to JSON.parse) is not a decimal.
  assertEngineError(
    () => Program.fromJSON('{"version":1,"currency":"USD","earning":[{"id":"b","type":"spend","points":1e400}]}'),
    "invalid_program",
    "earning[0].points",
  );

  const many = { currency: "USD", lines: Array.from({ length: 1001 }, line) };
  assertEngineError(earn(many), "limit_exceeded", "cart.lines");

  // A valid cart that also carries a 1,000-deep object (unknown fields are
  // ignored, but the whole input nests at most 32 levels).
  const deep = goodCart();
  let cur = deep;
  for (let depth = 1; depth < 1000; depth++) {
    cur.x = {};
    cur = cur.x;
  }
  assertEngineError(earn(deep), "limit_exceeded");

  const cyclic = goodCart();
  cyclic.self = cyclic;
  assertEngineError(earn(cyclic), "limit_exceeded");

  // No trap: the same instance still answers.
  const r = program.previewEarn(goodCart(), undefined, NOW);
  assert.equal(r.points, "25");
  assert.equal(r.eligibleSubtotal, "25.00");
});

test("too deep and cyclic inputs: limit_exceeded at the argument, the native message, or the cycle named", () => {
  const program = Program.fromJSON(PROGRAM_TEXT);
  // The cart (depth 1) with 32 nested arrays under an ignored field: depth
  // 33, one more than the 32 of spec §1.
  let deep = "x";
  for (let i = 0; i < 32; i++) deep = [deep];
  const e = assertEngineError(() => program.previewEarn({ ...goodCart(), note: deep }, null, NOW), "limit_exceeded", "cart");
  assert.equal(e.message, "nested deeper than 32 arrays/objects");
  const cyclic = goodCart();
  cyclic.self = cyclic;
  const c = assertEngineError(() => program.previewEarn(cyclic, null, NOW), "limit_exceeded", "cart");
  assert.equal(c.message, "contains itself (a cycle): not JSON data");
  // The same Program still answers: 2 × 12.50 → 25 points.
  assert.equal(program.previewEarn(goodCart(), null, NOW).points, "25");
});
