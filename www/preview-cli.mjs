#!/usr/bin/env node
// Terminal preview of the demo's sample cart, computed by the wasm package in
// Node (pkg/node/index.mjs) from the same www/sample/*.json as the page.
// Usage: node www/preview-cli.mjs [--member guest|maya|sam] [--now 2026-11-24T10:00:00Z]
// Exit status: 0, or 1 when the engine refuses the input (message printed), 2 on bad usage.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as fmt from "./lib/format.js";
import { NOW_DEFAULT, buildCart, shippingFor, isLedger, isEngineError, isZero, reasonText } from "./lib/shop.js";

const WWW = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(WWW, "..", "pkg", "node", "index.mjs");

function usage(msg) {
  if (msg) console.error(`preview-cli: ${msg}`);
  console.error("usage: node www/preview-cli.mjs [--member KEY] [--now TIMESTAMP]");
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--member" || a === "--now") {
    if (i + 1 >= args.length) usage(`${a} needs a value`);
    opt[a.slice(2)] = args[++i];
  } else if (a === "-h" || a === "--help") {
    usage();
  } else {
    usage(`unknown argument ${a}`);
  }
}

if (!fs.existsSync(PKG)) {
  console.error(`preview-cli: ${PKG} is missing: run scripts/build-pkg first`);
  process.exit(1);
}
const { Program } = await import(pathToFileURL(PKG).href);
const read = (f) => JSON.parse(fs.readFileSync(path.join(WWW, "sample", f), "utf8"));

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const c = (code) => (s) => (color ? `\x1b[${code}m${s}\x1b[0m` : String(s));
const bold = c("1"), dim = c("2"), green = c("32"), yellow = c("33"), red = c("31");

try {
  const P = read("program.json");
  const products = read("products.json").products;
  const members = read("members.json");
  const cartDefaults = read("cart.json");
  const program = Program.fromJSON(P);
  const now = opt.now || NOW_DEFAULT;
  const key = opt.member || members.default;
  const def = members.members.find((m) => m.key === key);
  if (!def) usage(`unknown member "${key}" (one of: ${members.members.map((m) => m.key).join(", ")})`);
  const member = def.member;
  const STARS = P.points?.name || "Points";
  const money = (d) => fmt.money(d, P.currency);
  const pts = (d) => fmt.pointsText(d, STARS);
  const o = { now };

  const items = cartDefaults.items;
  const shipping = shippingFor(items, cartDefaults.shippingFlat);
  const cart = buildCart(products, items, {
    currency: P.currency, channel: cartDefaults.channel, paymentMethod: cartDefaults.paymentMethod, shipping,
  });
  const earn = program.previewEarn(cart, member, o);
  const tier = program.tierProgress(member, { now, cart });
  const options = program.redemptionOptions(member, cart, o);
  const summary = program.checkout(member, cart, [], o); // the order summary: every total is the engine's

  const rule = (id) => P.earning.find((r) => r.id === id);
  const tierText = `${tier.current.name} ${fmt.times(earn.tierMultiplier)}`;

  console.log(bold(`${P.name} · sample cart for ${def.label} (${def.description}) · now ${now}`));
  const nameWidth = Math.max(...items.map((i) => products.find((p) => p.sku === i.sku).name.length));
  for (const it of items) {
    const p = products.find((x) => x.sku === it.sku);
    const l = earn.lines.find((x) => x.id === p.sku);
    const how = l.eligible
      ? `${l.basePoints} base × ${l.multiplier} × ${earn.tierMultiplier} = ${l.points} ${STARS}  ${dim(`[${l.rules.join(", ")}]`)}`
      : dim("excluded: earns nothing");
    console.log(`  ${String(it.quantity).padStart(2)} × ${p.name.padEnd(nameWidth)}  ${money(l.net).padStart(9)}   ${how}`);
  }
  const bonusNames = earn.rules.filter((r) => rule(r.id)?.type === "bonus").map((r) => `${rule(r.id).name || r.id}`);
  console.log(
    `Sample cart: ${items.length} lines, items ${money(summary.itemsTotal)} → ${bold(yellow(pts(earn.points)))} ` +
      `(${fmt.points(earn.purchasePoints)} purchase + ${fmt.points(earn.bonusPoints)} bonus), ${tierText}` +
      `${earn.cashback !== "0.00" ? `, cashback ${money(earn.cashback)}` : ""}` +
      `${earn.capped ? " (capped)" : ""}; total ${money(summary.total)} with ${isZero(summary.shipping) ? "free shipping" : `${money(summary.shipping)} shipping`}`,
  );
  if (summary.perks) {
    const level = P.tiers.levels.find((l) => l.id === summary.perks.tier);
    console.log(dim(`  ${level?.name || summary.perks.tier} perks: ${money(summary.perks.discount)} off the items, ${money(summary.perks.shippingWaived)} shipping waived`));
  }
  if (bonusNames.length) console.log(dim(`  bonus: ${bonusNames.join("; ")}`));
  if (tier.next) {
    const after = tier.withCart
      ? tier.withCart.upgrades
        ? `this order takes you to ${tier.withCart.tier === tier.next.id ? tier.next.name : tier.withCart.tier}!`
        : `this order takes you to ${fmt.points(tier.withCart.qualifyingValue)}`
      : "";
    console.log(
      `Tier: ${tier.current.name}, ${fmt.points(tier.qualifyingValue)} / ${fmt.points(tier.next.threshold)} ${STARS} this year — ` +
        `${pts(tier.remaining)} to ${tier.next.name}` +
        `${tier.spendToNext ? ` (about ${money(tier.spendToNext)} of shopping)` : ""}; ${after}`,
    );
  } else {
    console.log(`Tier: ${tier.current.name} (top tier), ${fmt.points(tier.qualifyingValue)} ${STARS} this year`);
  }
  let balanceLine = `Balance: ${pts(options.balance)}`;
  if (isLedger(member)) {
    const st = program.statement(member, { now, days: 30 });
    const soon = st.expiringSoon.map((x) => `${pts(x.points)} expire on ${fmt.date(x.expiresAt)}`).join(", ");
    balanceLine += soon ? ` · ${soon}` : " · nothing expires in the next 30 days";
  }
  console.log(balanceLine);
  const best = options.best ? P.rewards.find((r) => r.id === options.best) : null;
  console.log(`Rewards${best ? ` (best: ${best.name || best.id})` : " (none redeemable yet)"}:`);
  const rw = Math.max(...P.rewards.map((r) => (r.name || r.id).length));
  for (const opt2 of options.options) {
    const r = P.rewards.find((x) => x.id === opt2.id);
    const cost = r.type === "pay_with_points" ? `${money(r.pointValue)}/${fmt.pointsLabel("1", STARS)}` : pts(r.cost);
    const label = `${(r.name || r.id).padEnd(rw)}  ${cost.padEnd(12)}`;
    if (opt2.eligible) {
      const spend = r.type === "pay_with_points" ? ` with ${pts(opt2.points)}` : "";
      console.log(`  ${green("✓")} ${label} save ${money(opt2.value)}${spend} → pay ${money(opt2.totalAfter)}${opt2.id === options.best ? bold(yellow("  ★ best")) : ""}`);
    } else {
      const why = reasonText(opt2, { reward: r, program: P, products, fmtMoney: money, fmtPoints: pts });
      console.log(`  ${red("✗")} ${label} ${dim(why)}`);
    }
  }
} catch (e) {
  if (isEngineError(e)) {
    console.error(`preview-cli: the loyalty engine refused the sample: ${e.message} (${e.code}${e.path ? ` at ${e.path}` : ""})`);
    process.exit(1);
  }
  throw e;
}
