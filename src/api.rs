//! The typed API: every operation of §6 as a method of [`Program`] on typed
//! inputs ([`Cart`], [`Member`], [`Selection`], [`Product`]).
//!
//! This is the one layer that turns the calculations' errors into the spec's
//! errors: a computed value out of range becomes `limit_exceeded` at the
//! operation's first argument (§1 Arithmetic), a refused selection an error
//! at `selections[i]…`, an overdrawn ledger `invalid_member` at its event.

use crate::actions::{self, ActionPreview};
use crate::badges::{BadgeEngine, Badges, Product};
use crate::cart::Cart;
use crate::checkout::{Checkout, CheckoutTier};
use crate::decimal::{self, Calc, Decimal, Overflow};
use crate::earn::PerksReport;
use crate::earn::{self, EarnPreview, Earner};
use crate::error::{Error, ErrorCode, Result};
use crate::filter::{Facts, OrderHits};
use crate::input::Reader;
use crate::ledger::{Ledger, ReplayError};
use crate::member::{EventKind, Member, Standing};
use crate::pricing::{self, PriceError, Priced};
use crate::program::Program;
use crate::redeem::{self, Application, AppliedReward, ApplyError, RedemptionOptions, Refusal, Selection, Situation};
use crate::returns::{self, Refund, RefundAmount, RefundError, ReturnEventType, ReturnPreview, ReturnTier};
use crate::statement::{self, Statement};
use crate::tiers::{self, CartContribution, TierProgress, TierStanding};
use crate::time::Timestamp;

/// Where an operation reports a computed value beyond the engine's limits:
/// its first argument (§1 Arithmetic).
#[derive(Clone, Copy)]
pub(crate) enum First {
    Cart,
    Member,
    Products,
}

impl First {
    fn path(self) -> &'static str {
        match self {
            First::Cart => "cart",
            First::Member => "member",
            First::Products => "products",
        }
    }

    fn overflow(self) -> impl Fn(Overflow) -> Error {
        move |_| {
            Error::new(
                ErrorCode::LimitExceeded,
                self.path(),
                "a computed value exceeds the engine's limits (10^16, year 9999)",
            )
        }
    }
}

/// A cart with its amounts (§3.1), priced once per operation.
pub(crate) struct PricedCart<'c> {
    pub cart: &'c Cart,
    pub priced: Priced,
}

impl<'c> PricedCart<'c> {
    /// Prices `cart`; an amount beyond 10^16 is reported at `first`.
    pub fn new(program: &Program, cart: &'c Cart, first: First) -> Result<PricedCart<'c>> {
        let priced = pricing::price(program, cart).map_err(|e| match e {
            PriceError::NegativeNet(i) => {
                Error::new(ErrorCode::InvalidCart, format!("cart.lines[{i}]"), "the line's net amount is negative")
            }
            PriceError::DiscountTooLarge => Error::new(
                ErrorCode::InvalidCart,
                "cart.orderDiscount",
                "orderDiscount is larger than the lines it can be taken from",
            ),
            PriceError::Overflow => {
                Error::new(ErrorCode::LimitExceeded, first.path(), "an amount of the cart exceeds 10^16")
            }
        })?;
        Ok(PricedCart { cart, priced })
    }
}

/// A member as of `now`: a ledger member's events replayed (which also
/// validates them: an overdraw is `invalid_member` at the event).
pub(crate) struct MemberAt<'m> {
    pub member: &'m Member,
    pub ledger: Option<Ledger>,
}

impl<'m> MemberAt<'m> {
    pub fn new(program: &Program, member: &'m Member, now: Timestamp, first: First) -> Result<MemberAt<'m>> {
        let ledger = match &member.standing {
            Standing::Ledger { .. } => {
                Some(Ledger::replay(program, member.events_until(now), now).map_err(|e| match e {
                    ReplayError::Overdraw(i) => Error::new(
                        ErrorCode::InvalidMember,
                        format!("member.events[{i}]"),
                        "the event consumes more points than the member has available at that time",
                    ),
                    ReplayError::Overflow => first.overflow()(Overflow),
                })?)
            }
            Standing::Snapshot { .. } => None,
        };
        Ok(MemberAt { member, ledger })
    }

    /// Points available to spend now.
    fn balance(&self, now: Timestamp) -> Calc<Decimal> {
        match (&self.ledger, &self.member.standing) {
            (Some(ledger), _) => ledger.balance(now),
            (None, Standing::Snapshot { balance, .. }) => Ok(*balance),
            (None, Standing::Ledger { .. }) => Ok(Decimal::ZERO),
        }
    }
}

/// What earning needs to know of a member whose tier is known.
fn earner(member: &Member, tier: Option<usize>, now: Timestamp) -> Earner<'_> {
    let has_purchase = match &member.standing {
        Standing::Snapshot { order_count, .. } => *order_count > 0,
        Standing::Ledger { .. } => member.events_until(now).iter().any(|e| e.kind == EventKind::Purchase),
    };
    Earner { tier, flags: &member.flags, has_purchase }
}

/// The condition facts of a member outside a cart (actions, badges):
/// subtotal 0, no channel, no payment method (§8); `order`: the programme's
/// `order_hits(None, None, earner.flags)`.
fn member_facts<'a>(program: &Program, earner: &Earner, order: &'a OrderHits, now: Timestamp) -> Facts<'a> {
    Facts {
        eligible_subtotal: Decimal::ZERO,
        order,
        tier: earner.tier,
        now,
        utc_offset: program.utc_offset,
        has_purchase: earner.has_purchase,
    }
}

/// Turns a refused selection into the spec's error at `selections[i]…` (§8).
fn refusal_error(program: &Program, e: ApplyError, selections: &[Selection], unreadable: &[Option<Error>]) -> Error {
    let ApplyError::Refused { selection: i, reward, refusal } = e else {
        return First::Member.overflow()(Overflow);
    };
    let at = format!("selections[{i}]");
    let id = reward.and_then(|r| program.rewards.get(r)).map_or("", |r| r.id.as_str());
    let points_error = |code, message: String| Error::new(code, format!("{at}.points"), message);
    match refusal {
        Refusal::UnknownReward => {
            let name = selections.get(i).map_or("", |s| s.reward.as_str());
            Error::new(ErrorCode::UnknownReward, format!("{at}.reward"), format!("no reward \"{name}\""))
        }
        Refusal::InsufficientPoints { short } => Error::new(
            ErrorCode::InsufficientPoints,
            at,
            format!("{id} needs {} more points than the balance left", program.points_text_up(short)),
        ),
        Refusal::Ineligible(reason) => Error::new(
            ErrorCode::InvalidArgument,
            at,
            format!("reward {id} cannot be redeemed on this cart: {}", reason.as_str()),
        ),
        Refusal::UnreadablePoints => unreadable
            .get(i)
            .cloned()
            .flatten()
            .unwrap_or_else(|| points_error(ErrorCode::InvalidArgument, "unreadable points".into())),
        Refusal::PointsNotMultiple { step } => points_error(
            ErrorCode::InvalidArgument,
            format!("points must be a positive multiple of {}", decimal::normalized(step)),
        ),
        Refusal::PointsBelowMinimum { min } => {
            points_error(ErrorCode::InvalidArgument, format!("points must be at least {}", program.points_text(min)))
        }
        Refusal::PointsAboveCartCap { cap } => points_error(
            ErrorCode::InvalidArgument,
            format!("this cart takes at most {} points", program.points_text(cap)),
        ),
        Refusal::PointsAboveBalance { chosen, left } => points_error(
            ErrorCode::InsufficientPoints,
            format!("{} points chosen, {} left", program.points_text(chosen), program.points_text(left)),
        ),
    }
}

impl Program {
    /// `previewEarn` (§3): the points, cashback and per-line explanation of
    /// a cart, after the member's tier perks (§9.1). `member: None` is a guest (§8).
    pub fn preview_earn(&self, cart: &Cart, member: Option<&Member>, now: Timestamp) -> Result<EarnPreview> {
        let cart = PricedCart::new(self, cart, First::Cart)?;
        self.earn_on(&cart, member.unwrap_or(&Member::guest()), now, First::Cart)
    }

    /// `tierProgress` (§4.1); with a cart, `withCart` previews this order's effect.
    pub fn tier_progress(&self, member: Option<&Member>, cart: Option<&Cart>, now: Timestamp) -> Result<TierProgress> {
        let cart = cart.map(|c| PricedCart::new(self, c, First::Member)).transpose()?;
        self.progress_on(member.unwrap_or(&Member::guest()), cart.as_ref(), now)
    }

    /// `statement` (§5.2) of a ledger member; `days` ahead (0..=36500) for `expiringSoon`.
    pub fn statement(&self, member: &Member, now: Timestamp, days: u32) -> Result<Statement> {
        if !member.is_ledger() {
            return Err(Error::new(ErrorCode::InvalidArgument, "member", "a statement needs a ledger member (events)"));
        }
        if days > 36_500 {
            return Err(Error::new(ErrorCode::InvalidArgument, "days", "must be an integer from 0 to 36500"));
        }
        let at = MemberAt::new(self, member, now, First::Member)?;
        let overflow = First::Member.overflow();
        let ledger = at.ledger.as_ref().ok_or_else(|| overflow(Overflow))?;
        statement::statement(self, member, ledger, now, i64::from(days)).map_err(overflow)
    }

    /// `redemptionOptions` (§5.3): every reward, eligible or why not, and the best.
    pub fn redemption_options(
        &self,
        member: Option<&Member>,
        cart: &Cart,
        now: Timestamp,
    ) -> Result<RedemptionOptions> {
        let cart = PricedCart::new(self, cart, First::Member)?;
        self.options_on(member.unwrap_or(&Member::guest()), &cart, now)
    }

    /// `applyRedemptions` (§5.3): applies the selections in order and previews
    /// what the discounted order still earns.
    pub fn apply_redemptions(
        &self,
        member: Option<&Member>,
        cart: &Cart,
        selections: &[Selection],
        now: Timestamp,
    ) -> Result<Application> {
        let cart = PricedCart::new(self, cart, First::Member)?;
        self.apply_on(member.unwrap_or(&Member::guest()), &cart, selections, &[], now)
    }

    /// `checkout` (§9.5): the order summary — items, shipping, perks, rewards
    /// applied, the total, points spent and earned, the tier after this
    /// order. No selections need no balance.
    pub fn checkout(
        &self,
        member: Option<&Member>,
        cart: &Cart,
        selections: &[Selection],
        now: Timestamp,
    ) -> Result<Checkout> {
        let cart = PricedCart::new(self, cart, First::Member)?;
        self.checkout_on(member.unwrap_or(&Member::guest()), &cart, selections, &[], now)
    }

    /// `previewReturn` (§9.6): the points a refund of (part of) an order
    /// takes back, and the exact `return` event to book. The member must be
    /// a ledger.
    pub fn preview_return(&self, member: &Member, refund: &Refund, now: Timestamp) -> Result<ReturnPreview> {
        if !member.is_ledger() {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "member",
                "previewReturn needs a ledger member (events)",
            ));
        }
        if let RefundAmount::Amount(a) = refund.amount {
            if a <= Decimal::ZERO || decimal::places(a) > self.currency_decimals {
                return Err(Reader::ARGUMENT.error(
                    &crate::input::Path::Root("refund").key("amount"),
                    format!("must be money above 0 with at most {} decimal places", self.currency_decimals),
                ));
            }
        }
        let overflow = First::Member.overflow();
        let before = MemberAt::new(self, member, now, First::Member)?;
        let events = member.events_until(now);
        let taken = returns::taken(self, events, refund).map_err(|e| match e {
            RefundError::UnknownOrder => Error::new(
                ErrorCode::InvalidArgument,
                "refund.orderId",
                format!("no purchase of order \"{}\"", refund.order_id),
            ),
            RefundError::NothingLeft => Error::new(
                ErrorCode::InvalidArgument,
                "refund.orderId",
                format!("order \"{}\" has nothing left to return", refund.order_id),
            ),
            RefundError::AmountAboveLeft { left } => Error::new(
                ErrorCode::InvalidArgument,
                "refund.amount",
                format!("above the {} left to return", self.money_text(left)),
            ),
            RefundError::Overflow => overflow(Overflow),
        })?;
        let event = returns::event(&refund.order_id, &taken, now, events.len());
        let after = member.with_events(events.iter().cloned().chain([event]).collect());
        let ledger_after = MemberAt::new(self, &after, now, First::Member)?;
        let ledger_before = before.ledger.as_ref().ok_or_else(|| overflow(Overflow))?;
        let ledger_after = ledger_after.ledger.as_ref().ok_or_else(|| overflow(Overflow))?;
        let tier = match (self.standing_at(member, now, First::Member)?, self.standing_at(&after, now, First::Member)?)
        {
            (Some(now_standing), Some(after_standing)) => Some(ReturnTier {
                current: self.level_id(now_standing.level),
                after: self.level_id(after_standing.level),
                downgrades: after_standing.level < now_standing.level,
            }),
            _ => None,
        };
        let forgiven = decimal::sub(ledger_after.forgiven, ledger_before.forgiven).map_err(&overflow)?;
        Ok(ReturnPreview {
            order_id: refund.order_id.clone(),
            points: taken.points,
            spend: taken.spend,
            full_return: taken.full_return,
            event: returns::ReturnEvent {
                kind: ReturnEventType::Return,
                at: crate::time::format_time(now).map_err(&overflow)?,
                points: taken.points,
                spend: taken.spend,
                order_id: refund.order_id.clone(),
                full_return: taken.full_return,
            },
            balance_after: self.round_points(ledger_after.balance(now).map_err(&overflow)?),
            owed_after: self.round_points(ledger_after.owed),
            forgiven: self.round_points(forgiven),
            tier,
        })
    }

    /// `previewAction` (§5.4): what doing `action` now would earn, or why not.
    pub fn preview_action(&self, member: Option<&Member>, action: &str, now: Timestamp) -> Result<ActionPreview> {
        let guest = Member::guest();
        let member = member.unwrap_or(&guest);
        MemberAt::new(self, member, now, First::Member)?;
        let earner = self.earner_at(member, now, First::Member)?;
        let order = self.filters.order_hits(None, None, earner.flags);
        let facts = member_facts(self, &earner, &order, now);
        Ok(actions::preview_action(self, action, &facts, member.events_until(now)))
    }

    /// `productBadges` (§5.5): the points one unit of each product earns,
    /// after the member's tier perks (§9.1).
    pub fn product_badges(&self, products: &[Product], member: Option<&Member>, now: Timestamp) -> Result<Badges> {
        if products.len() > crate::badges::MAX_PRODUCTS {
            return Err(crate::badges::too_many(products.len()));
        }
        let engine = self.badge_engine(member.unwrap_or(&Member::guest()), now)?;
        engine.badges(products).map_err(First::Products.overflow())
    }

    fn level_id(&self, level: usize) -> String {
        self.levels().get(level).map(|l| l.id.to_string()).unwrap_or_default()
    }

    /// The member's tier standing at `now` (`None` without tiers).
    fn standing_at(&self, member: &Member, now: Timestamp, first: First) -> Result<Option<TierStanding>> {
        tiers::standing(self, member, now).map_err(first.overflow())
    }

    /// The member's earner at `now`: its tier from a pass over its events.
    fn earner_at<'m>(&self, member: &'m Member, now: Timestamp, first: First) -> Result<Earner<'m>> {
        let standing = self.standing_at(member, now, first)?;
        Ok(earner(member, standing.map(|s| s.level), now))
    }

    /// The cart after the perks of the earner's tier (§9.1).
    fn with_perks(&self, cart: &PricedCart, tier: Option<usize>, first: First) -> Result<Priced> {
        pricing::with_perks(self, &cart.priced, tier).map_err(first.overflow())
    }

    /// [`Program::preview_earn`] on a priced cart.
    pub(crate) fn earn_on(
        &self,
        cart: &PricedCart,
        member: &Member,
        now: Timestamp,
        first: First,
    ) -> Result<EarnPreview> {
        let earner = self.earner_at(member, now, first)?;
        let priced = self.with_perks(cart, earner.tier, first)?;
        earn::preview_earn(self, cart.cart, &priced, &earner, now).map_err(first.overflow())
    }

    /// [`Program::tier_progress`] on a priced cart.
    pub(crate) fn progress_on(
        &self,
        member: &Member,
        cart: Option<&PricedCart>,
        now: Timestamp,
    ) -> Result<TierProgress> {
        let Some(tiers) = &self.tiers else {
            return Err(Error::new(ErrorCode::InvalidArgument, "tiers", "the program has no tiers"));
        };
        let overflow = First::Member.overflow();
        let standing = self.standing_at(member, now, First::Member)?.ok_or_else(|| overflow(Overflow))?;
        let contribution = match cart {
            Some(cart) => {
                // The standing just computed gives T: no second pass over the events.
                let earner = earner(member, Some(standing.level), now);
                let priced = self.with_perks(cart, earner.tier, First::Member)?;
                let earn = earn::preview_earn(self, cart.cart, &priced, &earner, now).map_err(&overflow)?;
                Some(CartContribution {
                    purchase_points: earn.purchase_points,
                    eligible_subtotal: earn.eligible_subtotal,
                })
            }
            None => None,
        };
        tiers::progress(self, tiers, &standing, now, contribution).map_err(overflow)
    }

    /// [`Program::redemption_options`] on a priced cart.
    pub(crate) fn options_on(&self, member: &Member, cart: &PricedCart, now: Timestamp) -> Result<RedemptionOptions> {
        let at = MemberAt::new(self, member, now, First::Member)?;
        let earner = self.earner_at(member, now, First::Member)?;
        let priced = self.with_perks(cart, earner.tier, First::Member)?;
        let s = situation(&at, &priced, earner.tier, now)?;
        redeem::options(self, cart.cart, &priced, &s).map_err(First::Member.overflow())
    }

    /// [`Program::apply_redemptions`] on a priced cart, with the errors of
    /// unreadable selection `points` (by selection index), raised only where
    /// the points matter (§8).
    pub(crate) fn apply_on(
        &self,
        member: &Member,
        cart: &PricedCart,
        selections: &[Selection],
        unreadable: &[Option<Error>],
        now: Timestamp,
    ) -> Result<Application> {
        let order = self.redeem_on(member, cart, selections, unreadable, now)?;
        let total_after =
            decimal::sub(order.after_perks.total, order.outcome.discount).map_err(First::Member.overflow())?;
        Ok(Application {
            discount: self.round_money(order.outcome.discount),
            points_spent: self.round_points(order.outcome.points_spent),
            balance_after: self.round_points(order.outcome.balance_after),
            total_after: self.round_money(total_after),
            applied: self.applied(&order.outcome),
            earn: order.earn,
        })
    }

    /// [`Program::checkout`] on a priced cart (selections as in [`Program::apply_on`]).
    pub(crate) fn checkout_on(
        &self,
        member: &Member,
        cart: &PricedCart,
        selections: &[Selection],
        unreadable: &[Option<Error>],
        now: Timestamp,
    ) -> Result<Checkout> {
        let overflow = First::Member.overflow();
        let order = self.redeem_on(member, cart, selections, unreadable, now)?;
        let items_total = decimal::sub(cart.priced.total, cart.cart.shipping).map_err(&overflow)?;
        let perks = order.after_perks.perks.map_or(Ok(Decimal::ZERO), |p| decimal::add(p.discount, p.shipping_waived));
        let discount = decimal::add(perks.map_err(&overflow)?, order.outcome.discount).map_err(&overflow)?;
        let total = decimal::sub(decimal::add(items_total, cart.cart.shipping).map_err(&overflow)?, discount)
            .map_err(&overflow)?;
        let tier = match (&self.tiers, &order.standing) {
            (Some(tiers), Some(standing)) => {
                let contribution = CartContribution {
                    purchase_points: order.earn.purchase_points,
                    eligible_subtotal: order.earn.eligible_subtotal,
                };
                let after = tiers::level_after(tiers, standing, &contribution).map_err(&overflow)?;
                Some(CheckoutTier {
                    current: self.level_id(standing.level),
                    after: self.level_id(after),
                    upgrades: after > standing.level,
                })
            }
            _ => None,
        };
        Ok(Checkout {
            items_total: self.round_money(items_total),
            shipping: self.round_money(cart.cart.shipping),
            perks: PerksReport::of(self, &order.after_perks),
            applied: self.applied(&order.outcome),
            discount: self.round_money(discount),
            total: self.round_money(total),
            points_spent: self.round_points(order.outcome.points_spent),
            balance_after: self.round_points(order.outcome.balance_after),
            earn: order.earn,
            tier,
        })
    }

    /// Applies the selections on the cart after perks, and previews what the
    /// final cart earns: the discounts paid with points taken off its
    /// eligible lines (§9.3).
    fn redeem_on(
        &self,
        member: &Member,
        cart: &PricedCart,
        selections: &[Selection],
        unreadable: &[Option<Error>],
        now: Timestamp,
    ) -> Result<Redemption> {
        let overflow = First::Member.overflow();
        let at = MemberAt::new(self, member, now, First::Member)?;
        let standing = self.standing_at(member, now, First::Member)?;
        let earner = earner(member, standing.as_ref().map(|s| s.level), now);
        let after_perks = self.with_perks(cart, earner.tier, First::Member)?;
        let s = situation(&at, &after_perks, earner.tier, now)?;
        let unreadable_points: Vec<bool> = unreadable.iter().map(Option::is_some).collect();
        let outcome = redeem::apply(self, cart.cart, &after_perks, selections, &unreadable_points, &s)
            .map_err(|e| refusal_error(self, e, selections, unreadable))?;
        let paid = pricing::with_points_paid(self, &after_perks, outcome.goods_discount, outcome.free_shipping)
            .map_err(&overflow)?;
        let earn = earn::preview_earn(self, cart.cart, &paid, &earner, now).map_err(&overflow)?;
        Ok(Redemption { after_perks, outcome, earn, standing })
    }

    fn applied(&self, outcome: &redeem::Outcome) -> Vec<AppliedReward> {
        outcome
            .applied
            .iter()
            .filter_map(|(i, value, points)| {
                self.rewards.get(*i).map(|r| AppliedReward {
                    reward: r.id.to_string(),
                    value: self.round_money(*value),
                    points: self.round_points(*points),
                })
            })
            .collect()
    }

    /// What every badge of this member at `now` shares (§5.5).
    pub(crate) fn badge_engine(&self, member: &Member, now: Timestamp) -> Result<BadgeEngine<'_>> {
        MemberAt::new(self, member, now, First::Products)?;
        let earner = self.earner_at(member, now, First::Products)?;
        let order = self.filters.order_hits(None, None, earner.flags);
        let facts = member_facts(self, &earner, &order, now);
        let perks = earner.tier.and_then(|t| self.levels().get(t)).and_then(|l| l.perks.as_deref());
        Ok(BadgeEngine::new(self, &facts, earner.multiplier(self), perks))
    }
}

/// Applying selections: the cart after perks, what was applied, and what
/// the final cart earns.
struct Redemption {
    after_perks: Priced,
    outcome: redeem::Outcome,
    earn: EarnPreview,
    standing: Option<TierStanding>,
}

/// What redeeming sees of this member and cart (after perks) at `now`.
fn situation(member: &MemberAt, priced: &Priced, tier: Option<usize>, now: Timestamp) -> Result<Situation> {
    Ok(Situation {
        subtotal: priced.eligible_subtotal,
        shipping: priced.shipping,
        balance: member.balance(now).map_err(First::Member.overflow())?,
        tier,
        now,
    })
}
