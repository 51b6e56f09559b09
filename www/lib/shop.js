// The storefront's model: turns the shop's items into the engine's inputs.
// Shared by the page (www/app.js) and the terminal preview (www/preview-cli.mjs).
// No loyalty arithmetic here: every number comes from the wasm engine.

export const NOW_DEFAULT = "2026-11-24T10:00:00Z";
export const PAYMENT_METHODS = [
  { id: "card", label: "Card", hint: "Visa · Mastercard · Amex" },
  { id: "kettle_card", label: "Kettle Card", hint: "Our store card" },
];

/** The engine cart of the shop's cart items ([{sku, quantity}]); line ids are the skus. */
export function buildCart(products, items, { currency, channel = "online", paymentMethod = "card", shipping = "0.00", orderDiscount } = {}) {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const cart = {
    currency,
    channel,
    paymentMethod,
    shipping,
    lines: items.map((it) => {
      const p = bySku.get(it.sku);
      if (!p) throw new Error(`unknown product ${it.sku}`);
      return { id: p.sku, sku: p.sku, categories: p.categories, tags: p.tags, unitPrice: p.price, quantity: String(it.quantity) };
    }),
  };
  if (orderDiscount !== undefined) cart.orderDiscount = orderDiscount;
  return cart;
}

/** The engine product list for productBadges. */
export function badgeProducts(products) {
  return products.map((p) => ({ sku: p.sku, categories: p.categories, tags: p.tags, price: p.price }));
}

/** Shipping the shop charges: its flat rate, none for an empty cart. Tier perks (free shipping) are the engine's business (spec §9.1). */
export function shippingFor(items, flat) {
  return items.length === 0 ? "0.00" : flat;
}

/** True for an engine decimal text that is zero ("0", "0.00", "-0.00"): a text test, no arithmetic. */
export function isZero(dec) {
  return /^-?0+(\.0+)?$/.test(String(dec));
}

/** The member with the sample's paid tier assigned (member.tier + member.tierUntil, spec §9.2). */
export function withPaidTier(member, paid) {
  if (member == null || !paid) return member;
  return { ...member, tier: paid.tier, tierUntil: paid.tierUntil ?? null };
}

/**
 * The ledger events that book a checkout (spec §9.5) as the demo's server would:
 * one redeem per applied reward, the purchase (its points and the spend they were earned on),
 * and the order's bonus as an adjust. Every figure is the engine's, copied as is.
 */
export function orderEvents(summary, { at, orderId }) {
  const events = summary.applied
    .filter((a) => !isZero(a.points))
    .map((a) => ({ type: "redeem", at, points: a.points, rewardId: a.reward, orderId }));
  events.push({ type: "purchase", at, points: summary.earn.purchasePoints, spend: summary.earn.eligibleSubtotal, orderId });
  if (!isZero(summary.earn.bonusPoints)) events.push({ type: "adjust", at, points: summary.earn.bonusPoints });
  return events;
}

/** True for a member given as a ledger of events. */
export function isLedger(member) {
  return member != null && Array.isArray(member.events);
}

/** A LoyaltyError thrown by the engine (as opposed to a bug). */
export function isEngineError(e) {
  return e instanceof Error && typeof e.code === "string" && typeof e.path === "string";
}

/** Human words for a redemption option that cannot be redeemed. */
export function reasonText(option, { reward, program, products, fmtMoney, fmtPoints }) {
  switch (option.reason) {
    case "insufficient_points":
      return `${fmtPoints(option.pointsShort)} short`;
    case "min_subtotal":
      return `Add ${fmtMoney(option.amountShort)} to unlock`;
    case "tier_required": {
      const levels = (program.tiers && program.tiers.levels) || [];
      const names = (reward.tiers || []).map((id) => (levels.find((l) => l.id === id) || {}).name || id);
      return `${names.join(" & ")} members only`;
    }
    case "product_not_in_cart": {
      const names = (reward.skus || []).map((s) => { const p = products.find((q) => q.sku === s) || {}; return p.short || (p.name ? p.name.toLowerCase() : s); });
      return `Add the ${names[0] || "product"} to your cart`;
    }
    case "nothing_to_discount":
      return reward.type === "free_shipping" ? "Shipping is already free" : "Nothing to discount yet";
    case "not_available":
      return "Not available right now";
    default:
      return option.reason;
  }
}
