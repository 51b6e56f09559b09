// The opt-in strict mode through the npm package on Node: `{ strict: true }`
// turns the misspellings a storefront makes (`shiping`, `balanse`, `{ Now }`)
// into errors at their path; without it they are ignored (spec §8) and, for
// `Now`, the JS clock is used. Expected values are worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";

import { Program, isLoyaltyError } from "../../pkg/node/index.mjs";

const program = Program.fromJSON({
  version: 1,
  currency: "USD",
  earning: [{ id: "base", type: "spend", points: "1" }],
  rewards: [{ id: "r5", name: "$5 off", type: "amount_off", cost: "500", amount: "5.00" }],
});
const now = "2026-11-24T10:00:00Z";
const cart = (extra = {}) => ({ currency: "USD", lines: [{ sku: "A", unitPrice: "12.50", quantity: 2 }], ...extra });

function strictError(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(isLoyaltyError(e), `a LoyaltyError, got ${e}`);
    return { code: e.code, path: e.path, message: e.message };
  }
  assert.fail("no error thrown");
}

test("a misspelt cart field: ignored by default, an error at its path when strict", () => {
  // 2 × 12.50 = 25.00 → 25 points; `shiping` changes nothing.
  assert.equal(program.previewEarn(cart({ shiping: "5.00" }), null, { now }).points, "25");
  assert.deepEqual(strictError(() => program.previewEarn(cart({ shiping: "5.00" }), null, { now, strict: true })), {
    code: "invalid_cart",
    path: "cart.shiping",
    message: 'unknown field "shiping" (did you mean "shipping"?)',
  });
});

test("a misspelt member field and event field", () => {
  const member = { id: "m", balanse: "600" };
  // Without strict the balance is 0: r5 (500 points) is out of reach.
  assert.equal(program.redemptionOptions(member, cart(), { now }).options[0].eligible, false);
  assert.deepEqual(strictError(() => program.redemptionOptions(member, cart(), { now, strict: true })), {
    code: "invalid_member",
    path: "member.balanse",
    message: 'unknown field "balanse" (did you mean "balance"?)',
  });
  const ledger = { id: "m", events: [{ type: "purchase", at: "2026-01-01T00:00:00Z", points: "10", orderID: "o-1" }] };
  assert.equal(strictError(() => program.statement(ledger, { now, strict: true })).path, "member.events[0].orderID");
});

test("{ Now } is an unknown option when strict; the clock is used otherwise", () => {
  const e = strictError(() => program.previewEarn(cart(), null, { Now: now, strict: true }));
  assert.deepEqual(e, { code: "invalid_argument", path: "Now", message: 'unknown field "Now" (did you mean "now"?)' });
  // Options an operation does not take are unknown to it: days belongs to statement.
  assert.equal(strictError(() => program.previewEarn(cart(), null, { now, days: 3, strict: true })).path, "days");
  assert.equal(program.statement({ id: "m", events: [] }, { now, days: 3, strict: true }).balance, "0");
  // tierProgress takes a cart option: past the strict check, this programme has no tiers.
  assert.equal(strictError(() => program.tierProgress(null, { now, cart: cart(), strict: true })).message, "the program has no tiers");
  // Not strict: `Now` is ignored and the call answers (with the clock as now).
  assert.equal(program.previewEarn(cart(), null, { Now: now }).points, "25");
});

test("products take the general route when strict; strict must be a boolean", () => {
  const products = [{ sku: "A", price: "10.00", prise: "9.00" }];
  // 10.00 → 10 points; the misspelling is ignored by default.
  assert.deepEqual(program.productBadges(products, null, { now }).badges, [{ sku: "A", points: "10" }]);
  assert.equal(strictError(() => program.productBadges(products, null, { now, strict: true })).path, "products[0].prise");
  assert.deepEqual(program.productBadges([{ sku: "A", price: "10.00" }], null, { now, strict: true }).badges, [
    { sku: "A", points: "10" },
  ]);
  assert.deepEqual(strictError(() => program.previewEarn(cart(), null, { now, strict: "yes" })).path, "strict");
});
