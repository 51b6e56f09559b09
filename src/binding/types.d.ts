/** A decimal as exact text, e.g. `"19.99"`. Every decimal output is a string. */
export type Decimal = string;
/** A decimal input: text, or a JS number read through `String(n)`. */
export type DecimalInput = string | number;
/** RFC 3339 with an offset, e.g. `"2026-11-24T10:00:00Z"`; outputs are UTC with `Z`. */
export type Timestamp = string;

/**
 * Every error code the engine throws: those of spec §1, and `invalid_state`,
 * the JS package's own, for a misuse of the Program lifecycle (a call on a
 * freed Program, a second `free()`, `new Program()`, `Program.fromJSON`
 * before `init()`).
 */
export type LoyaltyErrorCode =
  | "invalid_json"
  | "invalid_program"
  | "invalid_cart"
  | "invalid_member"
  | "invalid_argument"
  | "unknown_reward"
  | "insufficient_points"
  | "limit_exceeded"
  | "unsupported_version"
  | "invalid_state";

/**
 * What every operation throws: a real `Error`, name `"LoyaltyError"`, with a
 * stable code and the JSON path of the bad value. `instanceof LoyaltyError`
 * checks that shape, so it recognises the errors of any copy of the package
 * (its CommonJS and ESM builds, two bundles).
 */
export class LoyaltyError extends Error {
  constructor(code: LoyaltyErrorCode, message: string, path?: string);
  name: "LoyaltyError";
  code: LoyaltyErrorCode;
  /** `"earning[2].per"`, `"cart.lines[0].quantity"`, `""` for the program as a whole. */
  path: string;
}

/** True when `error` was thrown by loyalty-engine: narrows it to {@link LoyaltyError}. */
export function isLoyaltyError(error: unknown): error is LoyaltyError;

export type RoundingMode = "floor" | "ceil" | "down" | "half_up" | "half_even";

/** Selects cart lines (spec §2.1). */
export interface LineFilter {
  skus?: string[] | null;
  categories?: string[] | null;
  tags?: string[] | null;
  excludeSkus?: string[] | null;
  excludeCategories?: string[] | null;
  excludeTags?: string[] | null;
}

/** When a rule applies at all (spec §2.1); every present key must hold. */
export interface Condition {
  minSubtotal?: DecimalInput | null;
  channels?: string[] | null;
  paymentMethods?: string[] | null;
  tiers?: string[] | null;
  memberFlags?: string[] | null;
  from?: Timestamp | null;
  until?: Timestamp | null;
  /** ISO weekdays, 1 = Monday … 7 = Sunday, in the program's `utcOffset`. */
  daysOfWeek?: number[] | null;
  firstOrder?: boolean | null;
}

interface RuleCommon {
  id: string;
  name?: string | null;
  when?: Condition | null;
  lines?: LineFilter | null;
}

export type EarningRule =
  | (RuleCommon & { type: "spend"; points: DecimalInput; per?: DecimalInput | null; base?: "net" | "gross" | null; includeShipping?: boolean | null; maxPoints?: DecimalInput | null })
  | (RuleCommon & { type: "per_unit"; points: DecimalInput; maxPoints?: DecimalInput | null })
  | (RuleCommon & { type: "multiplier"; factor: DecimalInput })
  | (RuleCommon & { type: "bonus"; points: DecimalInput })
  | (RuleCommon & { type: "cashback"; percent: DecimalInput; base?: "net" | "gross" | null; includeShipping?: boolean | null; maxAmount?: DecimalInput | null })
  | (RuleCommon & { type: "action"; action: string; points: DecimalInput; limit?: { count: number; period: "day" | "month" | "year" | "lifetime" } | null });

/** What the engine applies to the cart of a member in this tier (spec §9.1). */
export interface TierPerks {
  /** Percent off the eligible lines matching `lines`, 0 < p ≤ 100. */
  percentOff?: DecimalInput | null;
  lines?: LineFilter | null;
  /** Cap of the percent discount (money). */
  maxAmount?: DecimalInput | null;
  freeShipping?: boolean | null;
}

interface TierLevelCommon {
  id: string;
  name?: string | null;
  earnMultiplier?: DecimalInput | null;
  /** Free-form, echoed back by `tierProgress`, used in no calculation. */
  benefits?: Record<string, unknown> | null;
  perks?: TierPerks | null;
}

/** A level reached by qualifying value, or an assigned-only (paid) one held through `member.tier` (spec §9.2). */
export type TierLevel =
  | (TierLevelCommon & { threshold: DecimalInput; assignedOnly?: false | null })
  | (TierLevelCommon & { assignedOnly: true; threshold?: null });

export interface Tiers {
  metric: "points" | "spend" | "orders";
  window: { type: "calendar_year" } | { type: "rolling_months"; months: number } | { type: "lifetime" };
  retention?: "none" | "next_window" | null;
  levels: TierLevel[];
}

interface RewardCommon {
  id: string;
  name?: string | null;
  minSubtotal?: DecimalInput | null;
  tiers?: string[] | null;
  from?: Timestamp | null;
  until?: Timestamp | null;
}

export type Reward =
  | (RewardCommon & { type: "amount_off"; cost: DecimalInput; amount: DecimalInput })
  | (RewardCommon & { type: "percent_off"; cost: DecimalInput; percent: DecimalInput; maxAmount?: DecimalInput | null })
  | (RewardCommon & { type: "free_shipping"; cost: DecimalInput })
  | (RewardCommon & { type: "free_product"; cost: DecimalInput; skus: string[] })
  | (RewardCommon & { type: "pay_with_points"; pointValue: DecimalInput; minPoints?: DecimalInput | null; step?: DecimalInput | null; maxPercentOfSubtotal?: DecimalInput | null });

/** A loyalty program (spec §2). */
export interface ProgramJson {
  version: 1;
  id?: string | null;
  name?: string | null;
  currency: string;
  currencyDecimals?: number | null;
  utcOffset?: string | null;
  points?: { name?: string | null; decimals?: number | null; rounding?: RoundingMode | null; roundingScope?: "order" | "line" | null } | null;
  moneyRounding?: RoundingMode | null;
  exclude?: LineFilter | null;
  maxPointsPerOrder?: DecimalInput | null;
  earning?: EarningRule[] | null;
  tiers?: Tiers | null;
  rewards?: Reward[] | null;
  expiry?: { type: "never" } | { type: "rolling"; months: number } | { type: "inactivity"; months: number } | { type: "end_of_year"; years?: number | null } | null;
  pendingDays?: number | null;
  accounting?: { pointValue: DecimalInput; redemptionRate: DecimalInput } | null;
  /** Returns beyond the balance (spec §9.4): owed (`debt`, default) or dropped (`forgive`). */
  shortfall?: "debt" | "forgive" | null;
}

export interface CartLine {
  /** Defaults to the line's index as a string. */
  id?: string | null;
  sku: string;
  categories?: string[] | null;
  tags?: string[] | null;
  unitPrice: DecimalInput;
  /** May be fractional (goods sold by weight). */
  quantity: DecimalInput;
  discount?: DecimalInput | null;
  tax?: DecimalInput | null;
}

/** A cart (spec §3.1). Unknown fields are ignored. */
export interface Cart {
  currency: string;
  pricesIncludeTax?: boolean | null;
  channel?: string | null;
  paymentMethod?: string | null;
  shipping?: DecimalInput | null;
  orderDiscount?: DecimalInput | null;
  lines: CartLine[];
}

export interface LedgerEvent {
  type: "purchase" | "action" | "redeem" | "return" | "adjust";
  at: Timestamp;
  /** ≥ 0, except `adjust`, which is signed. */
  points: DecimalInput;
  spend?: DecimalInput | null;
  orderId?: string | null;
  action?: string | null;
  rewardId?: string | null;
  fullReturn?: boolean | null;
}

/** A member as a snapshot of figures (spec §5). */
export interface SnapshotMember {
  id?: string | null;
  balance?: DecimalInput | null;
  qualifyingValue?: DecimalInput | null;
  tier?: string | null;
  /** The assigned `tier` holds while now < tierUntil (spec §9.2). */
  tierUntil?: Timestamp | null;
  flags?: string[] | null;
  orderCount?: number | null;
}

/** A member as a ledger of events (spec §5). */
export interface LedgerMember {
  id?: string | null;
  tier?: string | null;
  /** The assigned `tier` holds while now < tierUntil (spec §9.2). */
  tierUntil?: Timestamp | null;
  flags?: string[] | null;
  events: LedgerEvent[];
}

export type Member = SnapshotMember | LedgerMember;

/** `now` defaults to the JS clock; a `Date` is accepted. */
export interface Options {
  now?: Timestamp | Date | null;
  /**
   * For development: unknown fields of the cart, its lines, the member, its
   * events, products, selections, the refund and of these options (`{ Now }`)
   * become `invalid_*` errors at their path, naming the field they probably
   * misspell. Default `false`: unknown fields are ignored (spec §8).
   */
  strict?: boolean | null;
}

export interface TierProgressOptions extends Options {
  /** With a cart, `withCart` previews this order's effect. */
  cart?: Cart | null;
}

export interface StatementOptions extends Options {
  /** Horizon of `expiringSoon`, in days (default 30). */
  days?: number | null;
}

export interface Selection {
  reward: string;
  /** pay_with_points only: how many points (default: the usable maximum). */
  points?: DecimalInput | null;
}

export interface Product {
  sku: string;
  categories?: string[] | null;
  tags?: string[] | null;
  price: DecimalInput;
}

export interface EarnLine {
  id: string;
  eligible: boolean;
  net: Decimal;
  basePoints: Decimal;
  multiplier: Decimal;
  points: Decimal;
  rules: string[];
}

/** The result of `previewEarn` (spec §3.3). */
export interface EarnPreview {
  points: Decimal;
  purchasePoints: Decimal;
  bonusPoints: Decimal;
  capped: boolean;
  tierMultiplier: Decimal;
  cashback: Decimal;
  eligibleSubtotal: Decimal;
  lines: EarnLine[];
  rules: { id: string; points: Decimal }[];
  pending: boolean;
  accounting: { pointsValue: Decimal; deferredRevenue: Decimal } | null;
  /** What the current tier's perks took off this cart (spec §9.1); null when the tier has none. */
  perks: PerksApplied | null;
}

/** What a tier's perks took off a cart (spec §9.1). */
export interface PerksApplied {
  tier: string;
  discount: Decimal;
  shippingWaived: Decimal;
}

/** The result of `tierProgress` (spec §4.1). */
export interface TierProgress {
  current: { id: string; name: string; earnMultiplier: Decimal; benefits: Record<string, unknown> | null };
  qualifyingValue: Decimal;
  next: { id: string; name: string; threshold: Decimal; benefits: Record<string, unknown> | null } | null;
  remaining: Decimal | null;
  progress: Decimal;
  spendToNext: Decimal | null;
  windowEnds: Timestamp | null;
  keep: { id: string; validUntil: Timestamp | null };
  withCart: { qualifyingValue: Decimal; tier: string; upgrades: boolean } | null;
}

export interface Lot {
  at: Timestamp;
  points: Decimal;
  remaining: Decimal;
  expiresAt: Timestamp | null;
}

/** The result of `statement` (spec §5.2). */
export interface Statement {
  balance: Decimal;
  pending: Decimal;
  lifetimeEarned: Decimal;
  lifetimeRedeemed: Decimal;
  expired: Decimal;
  lots: Lot[];
  expiringSoon: { points: Decimal; expiresAt: Timestamp }[];
  tier: string | null;
  qualifyingValue: Decimal | null;
  liability: Decimal | null;
  /** Points owed under `shortfall: "debt"` (the balance is then −owed); "0" when none (spec §9.4). */
  owed: Decimal;
  /** Points of returns and negative adjusts dropped under `shortfall: "forgive"` (spec §9.4). */
  forgiven: Decimal;
}

export type IneligibleReason =
  | "not_available"
  | "tier_required"
  | "min_subtotal"
  | "product_not_in_cart"
  | "nothing_to_discount"
  | "insufficient_points";

/** One reward on this cart; only the fields of its shape are present (spec §8). */
export type RedemptionOption =
  | { id: string; eligible: true; cost: Decimal; value: Decimal; totalAfter: Decimal }
  | { id: string; eligible: true; points: Decimal; value: Decimal; totalAfter: Decimal }
  | { id: string; eligible: false; reason: "min_subtotal"; amountShort: Decimal }
  | { id: string; eligible: false; reason: "insufficient_points"; pointsShort: Decimal }
  | { id: string; eligible: false; reason: "not_available" | "tier_required" | "product_not_in_cart" | "nothing_to_discount" };

/** The result of `redemptionOptions` (spec §5.3). */
export interface RedemptionOptions {
  balance: Decimal;
  options: RedemptionOption[];
  best: string | null;
}

/** The result of `applyRedemptions` (spec §5.3). */
export interface RedemptionResult {
  discount: Decimal;
  pointsSpent: Decimal;
  balanceAfter: Decimal;
  totalAfter: Decimal;
  applied: { reward: string; value: Decimal; points: Decimal }[];
  earn: EarnPreview;
}

/** The result of `previewAction` (spec §5.4). */
export interface ActionPreview {
  points: Decimal;
  eligible: boolean;
  rule: string | null;
  reason: "limit_reached" | "no_rule" | null;
}

/** The result of `productBadges` (spec §5.5). */
export interface ProductBadges {
  badges: { sku: string; points: Decimal }[];
}

/** The order summary of `checkout` (spec §9.5): `total = itemsTotal + shipping − discount`. */
export interface CheckoutSummary {
  /** Σ gross of every line after line discounts and `orderDiscount`, before perks and rewards. */
  itemsTotal: Decimal;
  /** The cart's shipping, before perks. */
  shipping: Decimal;
  perks: PerksApplied | null;
  applied: { reward: string; value: Decimal; points: Decimal }[];
  /** Perk discount + shipping waived + every applied reward's value. */
  discount: Decimal;
  total: Decimal;
  pointsSpent: Decimal;
  balanceAfter: Decimal;
  /** What the final cart earns (points are not earned on what points paid for). */
  earn: EarnPreview;
  tier: { current: string; after: string; upgrades: boolean } | null;
}

/** A refund of (part of) an order (spec §9.6): an amount of its spend, or all that is left. */
export type Refund = { orderId: string; amount: DecimalInput; full?: null } | { orderId: string; full: true; amount?: null };

/** The `return` event that books a refund. */
export interface ReturnEvent {
  type: "return";
  at: Timestamp;
  points: Decimal;
  spend: Decimal;
  orderId: string;
  fullReturn: boolean;
}

/** The result of `previewReturn` (spec §9.6). */
export interface ReturnPreview {
  orderId: string;
  /** Points the refund takes back (cumulative rounding: partial refunds add up to the order's points). */
  points: Decimal;
  spend: Decimal;
  fullReturn: boolean;
  /** What the server appends to the ledger to book the refund. */
  event: ReturnEvent;
  balanceAfter: Decimal;
  owedAfter: Decimal;
  forgiven: Decimal;
  tier: { current: string; after: string; downgrades: boolean } | null;
}

/**
 * A compiled loyalty program. Compile once with `Program.fromJSON`, then call
 * its operations as often as needed: evaluation does no parsing. Every method
 * throws a {@link LoyaltyError} on bad input; none can crash the instance.
 */
export class Program {
  private constructor();
  /**
   * Frees the compiled program's wasm memory now. Optional: a Program dropped
   * without it is reclaimed by the garbage collector. Any later call on this
   * Program, and a second `free()`, throw a {@link LoyaltyError} `invalid_state`.
   */
  free(): void;
  /** Parses and validates a program given as JSON text or as a plain object. */
  static fromJSON(program: string | ProgramJson): Program;
  /** Points, cashback and the per-line explanation of a cart (spec §3). The member may be omitted (guest). */
  previewEarn(cart: Cart, member?: Member | null, options?: Options | null): EarnPreview;
  /** Tier, qualifying value and what is left to the next tier (spec §4.1); `options.cart` adds `withCart`. */
  tierProgress(member?: Member | null, options?: TierProgressOptions | null): TierProgress;
  /** A ledger member's balance, lots, expiring points and liability (spec §5.2). */
  statement(member: LedgerMember, options?: StatementOptions | null): Statement;
  /** Every reward on this cart: its value, or why it cannot be redeemed, and the best one (spec §5.3). */
  redemptionOptions(member: Member | null | undefined, cart: Cart, options?: Options | null): RedemptionOptions;
  /** Applies rewards in order and previews what the discounted order still earns (spec §5.3). */
  applyRedemptions(member: Member | null | undefined, cart: Cart, selections: Selection[], options?: Options | null): RedemptionResult;
  /** What doing `action` (e.g. `"review"`) now would earn, or why not (spec §5.4). */
  previewAction(member: Member | null | undefined, action: string, options?: Options | null): ActionPreview;
  /** "Earn N points" for up to 10,000 products in one call (spec §5.5). */
  productBadges(products: Product[], member?: Member | null, options?: Options | null): ProductBadges;
  /** The order summary: items, shipping, perks, rewards, total, points spent and earned, tier after (spec §9.5). */
  checkout(member: Member | null | undefined, cart: Cart, selections?: Selection[] | null, options?: Options | null): CheckoutSummary;
  /** What a refund of (part of) an order takes back, and the `return` event to book (spec §9.6). */
  previewReturn(member: LedgerMember, refund: Refund, options?: Options | null): ReturnPreview;
}

/**
 * `[Symbol.dispose]()` (for `using program = Program.fromJSON(...)`): frees
 * the Program; does nothing when it is already freed. Declared only when the
 * consumer's `lib` has `Symbol.dispose` (TypeScript >= 5.2 with
 * `esnext.disposable` or `esnext`), so that the declarations need no lib of
 * their own and work with TypeScript >= 5.0.
 */
export interface Program extends ProgramDisposable {}
type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : never;
type ProgramDisposable = { [K in DisposeSymbol]: () => void };
