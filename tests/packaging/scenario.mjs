// The scenario every runtime runs against the installed package. `scenario`
// is serialised with Function.prototype.toString into each runtime's entry
// file, so it must be self-contained (no imports, no closures).
//
// Expected values, by hand (spec §3.1, §3.2): 1 point per 3 of net, floor.
//   TEE    19.99 × 2    = 39.98
//   APPLES 12.99 × 0.35 = 4.5465 -> roundMoney half_up -> 4.55
//   eligible subtotal   = 44.53
//   points = floor(44.53 / 3) = floor(14.8433…) = 14
// A negative quantity is invalid_cart at cart.lines[0].quantity (§8).

export function scenario(Program) {
  const program = Program.fromJSON(JSON.stringify({
    version: 1,
    currency: "USD",
    earning: [{ id: "base", type: "spend", points: "1", per: "3" }],
  }));
  const now = { now: "2026-11-24T10:00:00Z" };
  const earn = program.previewEarn({
    currency: "USD",
    lines: [
      { sku: "TEE", unitPrice: "19.99", quantity: "2" },
      { sku: "APPLES", unitPrice: "12.99", quantity: "0.35" },
    ],
  }, null, now);
  let error = null;
  try {
    program.previewEarn({ currency: "USD", lines: [{ sku: "A", unitPrice: "1.00", quantity: "-1" }] }, null, now);
  } catch (e) {
    error = {
      isError: e instanceof Error,
      name: e.name,
      code: e.code,
      path: e.path,
      hasMessage: typeof e.message === "string" && e.message.length > 0,
    };
  }
  return { points: earn.points, eligibleSubtotal: earn.eligibleSubtotal, lines: earn.lines.map((l) => l.net), error };
}

export const EXPECTED = {
  points: "14",
  eligibleSubtotal: "44.53",
  lines: ["39.98", "4.55"],
  error: { isError: true, name: "LoyaltyError", code: "invalid_cart", path: "cart.lines[0].quantity", hasMessage: true },
};

/** The scenario's source, to paste into an entry file: defines `scenario(Program)`. */
export const SCENARIO_SOURCE = scenario.toString();
