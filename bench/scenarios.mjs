// Inputs shared by the native and the Node benchmark (scripts/bench writes
// them to JSON for the native one), so both measure the same work.
export const now = "2026-11-24T10:00:00Z";

export const program = {
  version: 1, id: "bench", currency: "USD",
  points: { name: "Stars", decimals: 0, rounding: "floor", roundingScope: "order" },
  exclude: { categories: ["gift_cards"] },
  earning: [
    { id: "base", type: "spend", points: "1" },
    { id: "double-apparel", type: "multiplier", factor: "2", lines: { categories: ["apparel"] } },
    { id: "triple-weekend", type: "multiplier", factor: "3", when: { daysOfWeek: [6, 7] } },
    { id: "books", type: "spend", points: "1", per: "3", lines: { categories: ["books"] }, maxPoints: "500" },
    { id: "welcome", type: "bonus", points: "25", when: { firstOrder: true } },
  ],
  tiers: { metric: "points", window: { type: "calendar_year" }, retention: "next_window", levels: [
    { id: "bronze", threshold: "0" }, { id: "silver", threshold: "500", earnMultiplier: "1.25" },
    { id: "gold", threshold: "1000", earnMultiplier: "1.5" } ] },
  expiry: { type: "rolling", months: 12 },
  accounting: { pointValue: "0.01", redemptionRate: "0.8" },
};

const categories = ["apparel", "home", "books", "garden", "gift_cards"];

export const member = { id: "m", balance: "1200", qualifyingValue: "640" };

export function cart(lines) {
  return {
    currency: "USD",
    lines: Array.from({ length: lines }, (_, i) => ({
      id: `l${i}`, sku: `SKU-${i}`, categories: [categories[i % categories.length]],
      unitPrice: `${(i % 90) + 9}.${String(i % 100).padStart(2, "0")}`, quantity: String((i % 3) + 1),
    })),
  };
}

export function products(n) {
  return Array.from({ length: n }, (_, i) => ({
    sku: `SKU-${i}`, categories: [categories[i % categories.length]], tags: [],
    price: `${(i % 200) + 1}.${String(i % 100).padStart(2, "0")}`,
  }));
}

// 100,000 events: purchases with a redeem every tenth event, over ~3 years.
export function ledger(n) {
  const start = Date.parse("2023-12-01T00:00:00Z");
  const events = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(start + i * 900_000).toISOString();
    events.push(i % 10 === 9
      ? { type: "redeem", at, points: "5" }
      : { type: "purchase", at, points: "10", spend: "10.00", orderId: `o${i}` });
  }
  return { id: "big", events };
}
