// Runs one conformance case (spec §7: op, program, member, cart, args) through
// the JS API, in any runtime: Node, Chromium, workerd. `Program` is the
// package's export. Returns { result } or { error: { code, path, message } },
// the shape `loyalty-conformance` prints natively. The argument mapping is the
// one of scripts/conformance.mjs (spec §6).

const OPS = {
  previewEarn: (c) => [c.cart, c.member, c.args],
  tierProgress: (c) => [c.member, "cart" in c ? { ...c.args, cart: c.cart } : c.args],
  statement: (c) => [c.member, c.args],
  redemptionOptions: (c) => [c.member, c.cart, c.args],
  applyRedemptions: (c) => [c.member, c.cart, c.args?.selections, c.args],
  previewAction: (c) => [c.member, c.args?.action, c.args],
  productBadges: (c) => [c.args?.products, c.member, c.args],
};

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
