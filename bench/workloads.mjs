// The standard workloads W1–W5 (../shared/bench/README.md) as calls on one
// build of the package, shared by bench/bench.mjs and bench/ab.mjs: inputs
// are the plain objects JSON.parse gives (the programme as its text), as a
// storefront passes its own objects.
import fs from "node:fs";
import path from "node:path";

/** The workload files of `dir`, read and parsed once. */
export function readWorkloads(dir) {
  const text = (f) => fs.readFileSync(path.join(dir, f), "utf8");
  const read = (f) => JSON.parse(text(f));
  const { now, days } = read("args.json");
  return {
    now,
    days,
    programText: text("program.json"),
    cart: read("cart.json"),
    snapshot: read("member-snapshot.json"),
    ledger: read("member-ledger.json"),
    products: read("products.json"),
  };
}

/**
 * The objects each call of W1–W4 hands the package, which cross the
 * boundary as one `JSON.stringify` each (W5 hands over the programme's text).
 */
export function workloadArguments(w) {
  return {
    W1_previewEarn: [w.cart, w.snapshot],
    W2_productBadges: [w.products, w.snapshot],
    W3_statement: [w.ledger],
    W4_redemptionOptions: [w.snapshot, w.cart],
  };
}

/** W1–W5 as functions of no argument on `Program` (the class of one package build), keyed as `scripts/bench --json` names them. */
export function workloadCalls(Program, w) {
  const program = Program.fromJSON(w.programText);
  const { now, days } = w;
  return {
    W1_previewEarn: () => program.previewEarn(w.cart, w.snapshot, { now }),
    W2_productBadges: () => program.productBadges(w.products, w.snapshot, { now }),
    W3_statement: () => program.statement(w.ledger, { now, days }),
    W4_redemptionOptions: () => program.redemptionOptions(w.snapshot, w.cart, { now }),
    W5_fromJSON: () => Program.fromJSON(w.programText).free(),
  };
}
