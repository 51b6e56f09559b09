// A TypeScript consumer of the published package: every operation with typed
// inputs and outputs, and `@ts-expect-error` lines that prove wrong uses fail
// to compile. Type-checked only (`tsc --noEmit -p tests/types`, strict), never run.
// scripts/test-packaging also checks it against the packed tarball installed
// in a throwaway project, resolved through the package's `exports`.

import init, {
  LoyaltyError,
  Program,
  initSync,
  isLoyaltyError,
  type ActionPreview,
  type Cart,
  type CheckoutSummary,
  type Decimal,
  type EarnPreview,
  type LedgerMember,
  type LoyaltyErrorCode,
  type Member,
  type ProductBadges,
  type ProgramJson,
  type RedemptionOption,
  type RedemptionOptions,
  type RedemptionResult,
  type Refund,
  type ReturnPreview,
  type Selection,
  type Statement,
  type TierProgress,
} from "loyalty-engine";

export async function main(): Promise<void> {
  await init();
  void initSync;

  const programJson: ProgramJson = {
    version: 1,
    currency: "USD",
    points: { decimals: 0, rounding: "floor" },
    earning: [
      { id: "base", type: "spend", points: "1", per: "1.00" },
      { id: "double-apparel", type: "multiplier", factor: 2, lines: { categories: ["apparel"] } },
      { id: "review-50", type: "action", action: "review", points: "50", limit: { count: 1, period: "day" } },
    ],
    tiers: {
      metric: "points",
      window: { type: "calendar_year" },
      levels: [
        { id: "bronze", threshold: "0" },
        { id: "gold", threshold: "1000", earnMultiplier: "1.5", benefits: { freeShipping: true },
          perks: { percentOff: "20", lines: { excludeCategories: ["sale"] }, maxAmount: "100.00", freeShipping: true } },
        { id: "club", assignedOnly: true, perks: { freeShipping: true } },
      ],
    },
    rewards: [
      { id: "r5", type: "amount_off", cost: "500", amount: "5.00" },
      { id: "pay", type: "pay_with_points", pointValue: "0.01" },
    ],
    accounting: { pointValue: "0.01", redemptionRate: "0.80" },
    shortfall: "forgive",
  };
  const program: Program = Program.fromJSON(programJson);
  const fromText: Program = Program.fromJSON(JSON.stringify(programJson));
  fromText.free();

  const cart: Cart = {
    currency: "USD",
    shipping: "4.99",
    lines: [{ sku: "TEE-1", categories: ["apparel"], unitPrice: "19.99", quantity: 2 }],
  };
  const member: Member = { id: "m-1", balance: "1200", qualifyingValue: "640", flags: ["cardMember"] };
  const ledger: LedgerMember = {
    id: "m-2",
    events: [{ type: "purchase", at: "2026-02-01T12:00:00Z", points: "120", spend: "120.00", orderId: "o-1" }],
  };
  const now = "2026-11-24T10:00:00Z";

  const earn: EarnPreview = program.previewEarn(cart, member, { now });
  const points: Decimal = earn.points;
  const lineRules: string[] = earn.lines[0]!.rules;
  const deferred: string | undefined = earn.accounting?.deferredRevenue;
  const guest: EarnPreview = program.previewEarn(cart);

  const tier: TierProgress = program.tierProgress(member, { now: new Date(now), cart });
  const upgrades: boolean | undefined = tier.withCart?.upgrades;
  const remaining: Decimal | null = tier.remaining;

  const statement: Statement = program.statement(ledger, { now, days: 30 });
  const expiring: { points: Decimal; expiresAt: string }[] = statement.expiringSoon;
  const liability: Decimal | null = statement.liability;

  const options: RedemptionOptions = program.redemptionOptions(member, cart, { now });
  const best: string | null = options.best;
  for (const option of options.options) {
    const o: RedemptionOption = option;
    if (o.eligible) {
      const value: Decimal = o.value;
      void value;
    } else if (o.reason === "insufficient_points") {
      const short: Decimal = o.pointsShort; // narrowed by `reason`
      void short;
    }
  }

  const selections: Selection[] = [{ reward: "r5" }, { reward: "pay", points: "300" }];
  const applied: RedemptionResult = program.applyRedemptions(member, cart, selections, { now });
  const afterEarn: EarnPreview = applied.earn;
  const spent: Decimal = applied.pointsSpent;

  const action: ActionPreview = program.previewAction(ledger, "review", { now });
  const reason: "limit_reached" | "no_rule" | null = action.reason;

  const summary: CheckoutSummary = program.checkout(member, cart, selections, { now });
  const total: Decimal = summary.total;
  const perkDiscount: Decimal | undefined = summary.perks?.discount;
  const tierAfter: string | undefined = summary.tier?.after;
  const noSelections: CheckoutSummary = program.checkout(null, cart);

  const refund: Refund = { orderId: "o-1", amount: "20.00" };
  const back: ReturnPreview = program.previewReturn(ledger, refund, { now });
  const all: ReturnPreview = program.previewReturn(ledger, { orderId: "o-1", full: true }, { now });
  const booked: LedgerMember = { ...ledger, events: [...ledger.events, back.event] };
  const owed: Decimal = statement.owed;

  const badges: ProductBadges = program.productBadges([{ sku: "TEE-1", categories: ["apparel"], price: "19.99" }], null, { now });
  const badgePoints: Decimal = badges.badges[0]!.points;

  try {
    Program.fromJSON({ version: 1, currency: "USD", earning: [{ id: "x", type: "spend", points: "1", per: "0" }] });
  } catch (e) {
    const err = e as LoyaltyError;
    const code: LoyaltyErrorCode = err.code;
    if (err.code === "invalid_program") {
      const path: string = err.path;
      const message: string = err.message;
      void path, message;
    }
    void code;
  }

  // The runtime guard and the class narrow `unknown`; invalid_state is a code.
  try {
    program.free();
    program.free();
  } catch (e) {
    if (isLoyaltyError(e)) {
      const state: boolean = e.code === "invalid_state";
      const where: string = e.path;
      void state, where;
    }
    if (e instanceof LoyaltyError) {
      const code: LoyaltyErrorCode = e.code;
      void code;
    }
    // @ts-expect-error without the guard, `e` is unknown
    void e.code;
  }
  const made: Error = new LoyaltyError("invalid_state", "freed", "");

  // ---- wrong uses: each line below must fail to compile.

  // @ts-expect-error not an error code
  void new LoyaltyError("invalid_points", "m");

  // @ts-expect-error a Program comes from Program.fromJSON (private constructor)
  void new Program();

  // @ts-expect-error a number is not a Cart
  program.previewEarn(42);

  // @ts-expect-error EarnPreview has no `total`
  void earn.total;

  // @ts-expect-error points are decimal text, not a number
  const asNumber: number = earn.points;

  try {
    program.previewEarn(cart);
  } catch (e) {
    // @ts-expect-error "invalid_points" is not a LoyaltyErrorCode
    if ((e as LoyaltyError).code === "invalid_points") throw e;
  }

  // @ts-expect-error a cart needs its `currency`
  const noCurrency: Cart = { lines: [] };

  // @ts-expect-error a program needs `version: 1`
  const noVersion: ProgramJson = { currency: "USD" };

  // @ts-expect-error statement needs a ledger member, not a snapshot
  program.statement({ balance: "10" }, { now });

  // @ts-expect-error an assignedOnly level has no threshold
  const paidWithThreshold: ProgramJson = { version: 1, currency: "USD", tiers: { metric: "points", window: { type: "lifetime" }, levels: [{ id: "p", assignedOnly: true, threshold: "5" }] } };

  // @ts-expect-error a refund is an amount or full: true, not both
  const both: Refund = { orderId: "o-1", amount: "1.00", full: true };

  // @ts-expect-error previewReturn needs a ledger member
  program.previewReturn({ balance: "10" }, refund, { now });

  // @ts-expect-error unknown rule type
  const badRule: ProgramJson = { version: 1, currency: "USD", earning: [{ id: "x", type: "spnd", points: "1" }] };

  void [points, lineRules, deferred, guest, upgrades, remaining, expiring, liability, best, afterEarn, spent, reason,
    badgePoints, asNumber, noCurrency, noVersion, badRule, total, perkDiscount, tierAfter, noSelections, all, booked,
    owed, paidWithThreshold, both, made];
}
