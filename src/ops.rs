//! The operations of §6 on loosely typed inputs (`json::Value`): the one
//! place that decides the order in which inputs are validated, shared by the
//! JS binding and the native conformance runner, so both report the same
//! error for the same input.
//!
//! Order: the program was validated when it was compiled; then the cart,
//! then the member, then the other arguments, then the operation runs.

use crate::cart::{Cart, Priced};
use crate::decimal::Overflow;
use crate::earn::{self, EarnPreview, Earner};
use crate::error::{Error, ErrorCode, Result};
use crate::input::{Path, Reader};
use crate::json::Value;
use crate::member::{Member, Standing};
use crate::program::Program;
use crate::tiers;
use crate::time::Timestamp;

/// Turns a computed value out of range into the spec's error at the
/// operation's first argument (§1 Arithmetic).
pub(crate) fn at_first_argument(first: &'static str) -> impl Fn(Overflow) -> Error {
    move |_| {
        Error::new(ErrorCode::LimitExceeded, first, "a computed value exceeds the engine's limits (10^16, year 9999)")
    }
}

/// A present, non-null value.
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !matches!(v, Value::Null))
}

pub fn read_cart(program: &Program, cart: Option<&Value>) -> Result<Cart> {
    match present(cart) {
        Some(v) => Cart::from_value(program, v),
        None => Err(Error::new(ErrorCode::InvalidArgument, "cart", "a cart is required")),
    }
}

/// The member, or a guest when absent (§8).
pub fn read_member(program: &Program, member: Option<&Value>) -> Result<Member> {
    match present(member) {
        Some(v) => Member::from_value(program, v),
        None => Ok(Member::guest()),
    }
}

pub fn read_now(now: Option<&Value>) -> Result<Timestamp> {
    match present(now) {
        Some(v) => Reader::ARGUMENT.timestamp(v, &Path::Root("now")),
        None => Err(Error::new(ErrorCode::InvalidArgument, "now", "now is required")),
    }
}

/// What earning needs to know of a member at `now`.
pub(crate) fn earner<'m>(
    program: &Program,
    member: &'m Member,
    now: Timestamp,
    first: &'static str,
) -> Result<Earner<'m>> {
    let standing = tiers::standing(program, member, now).map_err(at_first_argument(first))?;
    Ok(earner_in_tier(member, standing.map(|s| s.level), now))
}

/// [`earner`] when the member's tier is already known.
fn earner_in_tier(member: &Member, tier: Option<usize>, now: Timestamp) -> Earner<'_> {
    let has_purchase = match &member.standing {
        Standing::Snapshot { order_count, .. } => *order_count > 0,
        Standing::Ledger { .. } => {
            member.events_until(now).iter().any(|e| e.kind == crate::member::EventKind::Purchase)
        }
    };
    Earner { tier, flags: &member.flags, has_purchase }
}

impl Program {
    /// `previewEarn` (§3): the points, cashback and explanation of a cart.
    pub fn preview_earn(&self, cart: &Cart, member: Option<&Member>, now: Timestamp) -> Result<EarnPreview> {
        self.preview_earn_at(cart, member, now, "cart")
    }

    /// `previewEarn` inside another operation, whose first argument is `first`.
    fn preview_earn_at(
        &self,
        cart: &Cart,
        member: Option<&Member>,
        now: Timestamp,
        first: &'static str,
    ) -> Result<EarnPreview> {
        let priced = cart.price_at(self, first)?;
        self.preview_earn_priced(cart, &priced, member, now, first)
    }

    /// `previewEarn` of a cart already priced (the loose entry points price it
    /// once, to report the cart's errors before the member's).
    fn preview_earn_priced(
        &self,
        cart: &Cart,
        priced: &Priced,
        member: Option<&Member>,
        now: Timestamp,
        first: &'static str,
    ) -> Result<EarnPreview> {
        let guest = Member::guest();
        let member = member.unwrap_or(&guest);
        let earner = earner(self, member, now, first)?;
        earn::preview_earn(self, cart, priced, &earner, now).map_err(at_first_argument(first))
    }
}

/// The operation's first argument: where a computed value beyond the
/// engine's limits is reported (§1 Arithmetic).
pub fn first_argument(op: &str) -> &'static str {
    match op {
        "previewEarn" => "cart",
        "productBadges" => "products",
        _ => "member",
    }
}

/// `previewEarn` on loose inputs.
pub fn preview_earn(
    program: &Program,
    cart: Option<&Value>,
    member: Option<&Value>,
    now: Option<&Value>,
) -> Result<EarnPreview> {
    let cart = read_cart(program, cart)?;
    let priced = cart.price(program)?;
    let member = read_member(program, member)?;
    let now = read_now(now)?;
    MemberAt::new(program, &member, now, "cart")?;
    program.preview_earn_priced(&cart, &priced, Some(&member), now, "cart")
}

/// A member as of `now`: a ledger member's events replayed (which also
/// validates them: an overdraw is `invalid_member` at the event).
pub struct MemberAt<'m> {
    pub member: &'m Member,
    pub ledger: Option<crate::ledger::Ledger>,
}

impl<'m> MemberAt<'m> {
    pub fn new(program: &Program, member: &'m Member, now: Timestamp, first: &'static str) -> Result<MemberAt<'m>> {
        let ledger = match &member.standing {
            Standing::Ledger { .. } => Some(
                crate::ledger::Ledger::replay(program, member.events_until(now), now)
                    .map_err(|e| e.into_error(first))?,
            ),
            Standing::Snapshot { .. } => None,
        };
        Ok(MemberAt { member, ledger })
    }

    /// Points available to spend now.
    pub fn balance(&self, now: Timestamp) -> crate::decimal::Calc<crate::decimal::Decimal> {
        match (&self.ledger, &self.member.standing) {
            (Some(ledger), _) => ledger.balance(now),
            (None, Standing::Snapshot { balance, .. }) => Ok(*balance),
            (None, Standing::Ledger { .. }) => Ok(crate::decimal::Decimal::ZERO),
        }
    }
}

fn read_days(days: Option<&Value>) -> Result<i64> {
    match present(days) {
        Some(v) => Reader::ARGUMENT.integer(v, &Path::Root("days"), 0, 36_500),
        None => Ok(30),
    }
}

impl Program {
    /// `tierProgress` (§4.1); with a cart, `withCart` previews this order's effect.
    pub fn tier_progress(
        &self,
        member: Option<&Member>,
        cart: Option<&Cart>,
        now: Timestamp,
    ) -> Result<crate::tiers::TierProgress> {
        let priced = cart.map(|c| c.price_at(self, "member").map(|p| (c, p))).transpose()?;
        self.tier_progress_priced(member, priced.as_ref().map(|(c, p)| (*c, p)), now)
    }

    fn tier_progress_priced(
        &self,
        member: Option<&Member>,
        cart: Option<(&Cart, &Priced)>,
        now: Timestamp,
    ) -> Result<crate::tiers::TierProgress> {
        let Some(tiers) = &self.tiers else {
            return Err(Error::new(ErrorCode::InvalidArgument, "tiers", "the program has no tiers"));
        };
        let guest = Member::guest();
        let member = member.unwrap_or(&guest);
        let overflow = at_first_argument("member");
        let standing = tiers::standing(self, member, now).map_err(&overflow)?.ok_or_else(|| overflow(Overflow))?;
        let contribution = match cart {
            Some((cart, priced)) => {
                // The standing just computed gives T: no second pass over the events.
                let earner = earner_in_tier(member, Some(standing.level), now);
                let earn = earn::preview_earn(self, cart, priced, &earner, now).map_err(&overflow)?;
                Some(crate::tiers::CartContribution {
                    purchase_points: earn.purchase_points_value,
                    eligible_subtotal: earn.eligible_subtotal_value,
                })
            }
            None => None,
        };
        crate::tiers::progress(self, tiers, &standing, now, contribution).map_err(overflow)
    }

    /// `statement` (§5.2) of a ledger member; `days` ahead for `expiringSoon`.
    pub fn statement(&self, member: &Member, now: Timestamp, days: i64) -> Result<crate::statement::Statement> {
        if !member.is_ledger() {
            return Err(Error::new(ErrorCode::InvalidArgument, "member", "a statement needs a ledger member (events)"));
        }
        let at = MemberAt::new(self, member, now, "member")?;
        let ledger = at.ledger.as_ref().ok_or_else(|| at_first_argument("member")(Overflow))?;
        crate::statement::statement(self, member, ledger, now, days).map_err(at_first_argument("member"))
    }
}

/// `tierProgress` on loose inputs: `options` holds `now` and optionally `cart`.
pub fn tier_progress(
    program: &Program,
    member: Option<&Value>,
    cart: Option<&Value>,
    now: Option<&Value>,
) -> Result<crate::tiers::TierProgress> {
    let cart = match present(cart) {
        Some(c) => {
            let cart = Cart::from_value(program, c)?;
            let priced = cart.price_at(program, "member")?;
            Some((cart, priced))
        }
        None => None,
    };
    let member = read_member(program, member)?;
    let now = read_now(now)?;
    MemberAt::new(program, &member, now, "member")?;
    program.tier_progress_priced(Some(&member), cart.as_ref().map(|(c, p)| (c, p)), now)
}

/// `statement` on loose inputs; the member is required.
pub fn statement(
    program: &Program,
    member: Option<&Value>,
    now: Option<&Value>,
    days: Option<&Value>,
) -> Result<crate::statement::Statement> {
    if present(member).is_none() {
        return Err(Error::new(ErrorCode::InvalidArgument, "member", "statement needs a member"));
    }
    let member = read_member(program, member)?;
    let now = read_now(now)?;
    let days = read_days(days)?;
    program.statement(&member, now, days)
}

/// The condition facts of a member outside a cart (actions, badges):
/// subtotal 0, no channel, no payment method (§8).
fn member_facts<'a>(program: &Program, earner: &Earner<'a>, now: Timestamp) -> crate::filter::Facts<'a> {
    crate::filter::Facts {
        eligible_subtotal: crate::decimal::Decimal::ZERO,
        channel: None,
        payment_method: None,
        tier: earner.tier,
        flags: earner.flags,
        now,
        utc_offset: program.utc_offset,
        has_purchase: earner.has_purchase,
    }
}

impl Program {
    fn situation(
        &self,
        member: &MemberAt,
        cart: &Cart,
        subtotal: crate::decimal::Decimal,
        now: Timestamp,
    ) -> Result<crate::redeem::Situation> {
        let earner = earner(self, member.member, now, "member")?;
        Ok(crate::redeem::Situation {
            subtotal,
            shipping: cart.shipping,
            balance: member.balance(now).map_err(at_first_argument("member"))?,
            tier: earner.tier,
            now,
        })
    }

    /// `redemptionOptions` (§5.3): every reward, eligible or why not, and the best.
    pub fn redemption_options(
        &self,
        member: Option<&Member>,
        cart: &Cart,
        now: Timestamp,
    ) -> Result<crate::redeem::RedemptionOptions> {
        let priced = cart.price_at(self, "member")?;
        self.redemption_options_priced(member, cart, &priced, now)
    }

    fn redemption_options_priced(
        &self,
        member: Option<&Member>,
        cart: &Cart,
        priced: &Priced,
        now: Timestamp,
    ) -> Result<crate::redeem::RedemptionOptions> {
        let guest = Member::guest();
        let member = MemberAt::new(self, member.unwrap_or(&guest), now, "member")?;
        let s = self.situation(&member, cart, priced.eligible_subtotal, now)?;
        crate::redeem::options(self, cart, priced, &s).map_err(at_first_argument("member"))
    }

    /// `applyRedemptions` (§5.3): applies the selections in order and previews
    /// what the discounted order still earns.
    pub fn apply_redemptions(
        &self,
        member: Option<&Member>,
        cart: &Cart,
        selections: &[crate::redeem::Selection],
        now: Timestamp,
    ) -> Result<crate::redeem::Application> {
        let priced = cart.price_at(self, "member")?;
        self.apply_redemptions_checked(member, cart, &priced, selections, &[], now)
    }

    /// [`Program::apply_redemptions`] with the errors of unreadable selection
    /// `points` (by selection index), raised only where the points matter.
    fn apply_redemptions_checked(
        &self,
        member: Option<&Member>,
        cart: &Cart,
        priced: &Priced,
        selections: &[crate::redeem::Selection],
        points_errors: &[Option<Error>],
        now: Timestamp,
    ) -> Result<crate::redeem::Application> {
        let overflow = at_first_argument("member");
        let guest = Member::guest();
        let member_ref = member.unwrap_or(&guest);
        let at = MemberAt::new(self, member_ref, now, "member")?;
        let s = self.situation(&at, cart, priced.eligible_subtotal, now)?;
        let outcome = crate::redeem::apply(self, cart, selections, points_errors, &s)?;
        // Points are not earned on what points paid for.
        let mut discounted = cart.clone();
        discounted.order_discount =
            crate::decimal::add(cart.order_discount, outcome.goods_discount).map_err(&overflow)?;
        if outcome.free_shipping {
            discounted.shipping = crate::decimal::Decimal::ZERO;
        }
        let earn = self.preview_earn_at(&discounted, Some(member_ref), now, "member")?;
        let total_after = crate::decimal::sub(priced.total, outcome.discount).map_err(&overflow)?;
        Ok(crate::redeem::Application {
            discount: self.money_text(outcome.discount),
            points_spent: self.points_text(outcome.points_spent),
            balance_after: self.points_text(outcome.balance_after),
            total_after: self.money_text(total_after),
            applied: outcome
                .applied
                .iter()
                .filter_map(|(i, value, points)| {
                    self.rewards.get(*i).map(|r| crate::redeem::AppliedReward {
                        reward: r.id.clone(),
                        value: self.money_text(*value),
                        points: self.points_text(*points),
                    })
                })
                .collect(),
            earn,
        })
    }

    /// `previewAction` (§5.4): what doing `action` now would earn, or why not.
    pub fn preview_action(
        &self,
        member: Option<&Member>,
        action: &str,
        now: Timestamp,
    ) -> Result<crate::actions::ActionPreview> {
        let guest = Member::guest();
        let member = member.unwrap_or(&guest);
        MemberAt::new(self, member, now, "member")?;
        let earner = earner(self, member, now, "member")?;
        let facts = member_facts(self, &earner, now);
        Ok(crate::actions::preview_action(self, action, &facts, member.events_until(now)))
    }

    /// `productBadges` (§5.5): the points one unit of each product earns.
    pub fn product_badges<'a>(
        &self,
        products: &'a [crate::badges::Product],
        member: Option<&Member>,
        now: Timestamp,
    ) -> Result<crate::badges::Badges<'a>> {
        let guest = Member::guest();
        let engine = self.badge_engine(member.unwrap_or(&guest), now)?;
        engine.badges(products).map_err(at_first_argument("products"))
    }

    /// What every badge of this member at `now` shares (§5.5).
    pub fn badge_engine(&self, member: &Member, now: Timestamp) -> Result<crate::badges::BadgeEngine<'_>> {
        MemberAt::new(self, member, now, "products")?;
        let earner = earner(self, member, now, "products")?;
        let facts = member_facts(self, &earner, now);
        Ok(crate::badges::BadgeEngine::new(self, &facts, earner.multiplier(self)))
    }
}

/// Reads the selections. A bad `points` is not reported here: it matters only
/// for pay_with_points, and only after the selection's eligibility (§8), so
/// its error is handed to the application, which raises it at that moment.
fn read_selections(
    program: &Program,
    v: Option<&Value>,
) -> Result<(Vec<crate::redeem::Selection>, Vec<Option<Error>>)> {
    let r = Reader::ARGUMENT;
    let root = Path::Root("selections");
    let Some(v) = present(v) else {
        return Err(Error::new(ErrorCode::InvalidArgument, "selections", "selections are required"));
    };
    let items = r.array(v, &root)?;
    let mut selections = Vec::with_capacity(items.len());
    let mut points_errors = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = root.index(i);
        let f = crate::input::Fields::of(r, item, &p)?;
        let reward = r.string(f.required("reward")?, &p.key("reward"))?.to_owned();
        let (points, error) = match f.get("points") {
            None => (None, None),
            Some(v) => match r.amount(v, &p.key("points"), false, Some(program.points.decimals)) {
                Ok(x) => (Some(x), None),
                Err(e) => (None, Some(e)),
            },
        };
        selections.push(crate::redeem::Selection { reward, points });
        points_errors.push(error);
    }
    Ok((selections, points_errors))
}

/// `redemptionOptions` on loose inputs.
pub fn redemption_options(
    program: &Program,
    member: Option<&Value>,
    cart: Option<&Value>,
    now: Option<&Value>,
) -> Result<crate::redeem::RedemptionOptions> {
    let cart = read_cart(program, cart)?;
    let priced = cart.price_at(program, "member")?;
    let member = read_member(program, member)?;
    let now = read_now(now)?;
    program.redemption_options_priced(Some(&member), &cart, &priced, now)
}

/// `applyRedemptions` on loose inputs.
pub fn apply_redemptions(
    program: &Program,
    member: Option<&Value>,
    cart: Option<&Value>,
    selections: Option<&Value>,
    now: Option<&Value>,
) -> Result<crate::redeem::Application> {
    let cart = read_cart(program, cart)?;
    let priced = cart.price_at(program, "member")?;
    let member = read_member(program, member)?;
    let now = read_now(now)?;
    let (selections, points_errors) = read_selections(program, selections)?;
    program.apply_redemptions_checked(Some(&member), &cart, &priced, &selections, &points_errors, now)
}

/// `previewAction` on loose inputs.
pub fn preview_action(
    program: &Program,
    member: Option<&Value>,
    action: Option<&Value>,
    now: Option<&Value>,
) -> Result<crate::actions::ActionPreview> {
    let member = read_member(program, member)?;
    let now = read_now(now)?;
    let action = match present(action) {
        Some(v) => Reader::ARGUMENT.string(v, &Path::Root("action"))?.to_owned(),
        None => return Err(Error::new(ErrorCode::InvalidArgument, "action", "an action name is required")),
    };
    program.preview_action(Some(&member), &action, now)
}

/// `productBadges` on loose inputs; the badges borrow their skus from `products`.
pub fn product_badges<'v>(
    program: &Program,
    products: Option<&'v Value>,
    member: Option<&Value>,
    now: Option<&Value>,
) -> Result<crate::badges::Badges<'v>> {
    let products = read_products(products)?;
    badges_with(program, member, now, |engine| engine.list_badges(&products))
}

fn read_products(products: Option<&Value>) -> Result<crate::badges::ProductList<'_>> {
    match present(products) {
        Some(v) => crate::badges::read_product_list(v),
        None => Err(Error::new(ErrorCode::InvalidArgument, "products", "products are required")),
    }
}

/// [`product_badges`] as JSON text (`{"badges":[…]}`).
pub fn product_badges_json(
    program: &Program,
    products: Option<&Value>,
    member: Option<&Value>,
    now: Option<&Value>,
) -> Result<String> {
    let products = read_products(products)?;
    badges_with(program, member, now, |engine| engine.badges_json(&products))
}

/// [`product_badges_json`] straight from the text `JSON.stringify(products)`
/// wrote (`badges::BadgeEngine::badges_json_text`). `None` when any input is
/// not valid or a value is out of range: [`product_badges_json`] on the
/// parsed text then reports the error, in the order of §6.
pub fn product_badges_text(
    program: &Program,
    products: &str,
    member: Option<&Value>,
    now: Option<&Value>,
) -> Option<String> {
    let member = read_member(program, member).ok()?;
    let now = read_now(now).ok()?;
    program.badge_engine(&member, now).ok()?.badges_json_text(products)
}

/// Reads the member and `now` (after the products), then runs `f` on the badge engine.
fn badges_with<T>(
    program: &Program,
    member: Option<&Value>,
    now: Option<&Value>,
    f: impl FnOnce(&crate::badges::BadgeEngine) -> crate::decimal::Calc<T>,
) -> Result<T> {
    let member = read_member(program, member)?;
    let now = read_now(now)?;
    f(&program.badge_engine(&member, now)?).map_err(at_first_argument("products"))
}
