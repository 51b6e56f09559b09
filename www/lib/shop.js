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

/** Shipping the shop charges: its flat rate, free for an empty cart or a tier whose benefits say freeShipping. */
export function shippingFor(items, tierBenefits, flat) {
  if (items.length === 0) return "0.00";
  return tierBenefits && tierBenefits.freeShipping === true ? "0.00" : flat;
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
