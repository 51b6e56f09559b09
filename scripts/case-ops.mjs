// How a conformance case (spec §7: op, program, member, cart, args) maps onto
// the JS API (spec §6). Dependency-free so that it loads in any runtime:
// scripts/conformance.mjs uses it in Node, tests/cross-runtime copies it into
// Node, Chromium and workerd projects.

// op -> the JS method's arguments, from the case's inputs.
export const OPS = {
  previewEarn: (c) => [c.cart, c.member, c.args],
  tierProgress: (c) => [c.member, "cart" in c ? { ...c.args, cart: c.cart } : c.args],
  statement: (c) => [c.member, c.args],
  redemptionOptions: (c) => [c.member, c.cart, c.args],
  applyRedemptions: (c) => [c.member, c.cart, c.args?.selections, c.args],
  previewAction: (c) => [c.member, c.args?.action, c.args],
  productBadges: (c) => [c.args?.products, c.member, c.args],
  checkout: (c) => [c.member, c.cart, c.args?.selections, c.args],
  previewReturn: (c) => [c.member, c.args?.refund, c.args],
};

// Runs one case through `Program` (the package's export). Returns { result } or
// { error: { code, path, message } }, the shape `loyalty-conformance` prints natively.
export function runCase(Program, c) {
  if (!Object.hasOwn(OPS, c.op)) throw new Error(`unknown op ${c.op}`);
  let program;
  try {
    program = Program.fromJSON(c.program);
    return { result: program[c.op](...OPS[c.op](c)) };
  } catch (e) {
    if (e && typeof e.code === "string") return { error: { code: e.code, path: e.path, message: e.message } };
    throw e;
  } finally {
    program?.free();
  }
}
