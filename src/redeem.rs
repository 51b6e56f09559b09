//! Redemption (§5.3): what each reward is worth on this cart, why not when it
//! is not, the best one, and applying several in a row.

use std::collections::HashMap;

use serde::Serialize;

use crate::cart::Cart;
use crate::decimal::{self, add, div, mul, sub, Calc, Decimal, Overflow, Rounding};
use crate::filter::{Clause, ListId};
use crate::pricing::Priced;
use crate::program::Program;
use crate::rewards::{PayWithPoints, Reward, RewardKind};
use crate::time::Timestamp;

/// Why a reward cannot be redeemed, in the order they are checked (§5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Outside the reward's `from`/`until`.
    NotAvailable,
    /// The member's tier is not among the reward's `tiers`.
    TierRequired,
    /// The eligible subtotal is below `minSubtotal` (see `amountShort`).
    MinSubtotal,
    /// No line of the reward's skus (free_product).
    ProductNotInCart,
    /// The reward would be worth nothing on this cart.
    NothingToDiscount,
    /// The balance is below the cost (see `pointsShort`).
    InsufficientPoints,
}

impl Reason {
    /// The reason as the spec writes it (`"min_subtotal"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotAvailable => "not_available",
            Reason::TierRequired => "tier_required",
            Reason::MinSubtotal => "min_subtotal",
            Reason::ProductNotInCart => "product_not_in_cart",
            Reason::NothingToDiscount => "nothing_to_discount",
            Reason::InsufficientPoints => "insufficient_points",
        }
    }
}

/// What the redemption of one reward sees: the cart as left by earlier rewards.
#[derive(Clone, Copy, Debug)]
pub struct Situation {
    /// Eligible subtotal left after the rewards already applied.
    pub subtotal: Decimal,
    /// Shipping left (0 once free shipping was applied).
    pub shipping: Decimal,
    pub balance: Decimal,
    pub tier: Option<usize>,
    pub now: Timestamp,
}

/// The evaluation of one reward.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Eligible {
        /// Points it costs (the usable points for pay_with_points).
        points: Decimal,
        /// Money value, rounded.
        value: Decimal,
    },
    Ineligible {
        reason: Reason,
        amount_short: Option<Decimal>,
        points_short: Option<Decimal>,
    },
}

fn ineligible(reason: Reason) -> Verdict {
    Verdict::Ineligible { reason, amount_short: None, points_short: None }
}

/// pay_with_points: the largest multiple of `step` not above `limit`.
fn whole_steps(limit: Decimal, step: Decimal) -> Calc<Decimal> {
    let steps = decimal::round(div(limit, step)?, 0, Rounding::Floor);
    mul(steps.max(Decimal::ZERO), step)
}

/// The cart's cap on pay_with_points: points whose value stays within
/// `maxPercentOfSubtotal` of the subtotal (one division).
pub fn pay_cart_cap(point_value: Decimal, max_percent: Decimal, subtotal: Decimal, step: Decimal) -> Calc<Decimal> {
    let cap = div(mul(max_percent, subtotal)?, mul(Decimal::ONE_HUNDRED, point_value)?)?;
    whole_steps(cap, step)
}

/// The cheapest unit price among lines of the listed skus with quantity > 0
/// (`priced`: `cart`'s lines, whose hits say which lists name their sku).
fn cheapest(cart: &Cart, priced: &Priced, skus: ListId) -> Option<Decimal> {
    cart.lines
        .iter()
        .zip(&priced.lines)
        .filter(|(l, p)| l.quantity > Decimal::ZERO && p.hits.has(Some(skus)))
        .map(|(l, _)| l.unit_price)
        .min()
}

/// Evaluates one reward in a situation (§5.3, §8).
pub fn evaluate(program: &Program, reward: &Reward, cart: &Cart, priced: &Priced, s: &Situation) -> Calc<Verdict> {
    let limits = program.filters.clauses(reward.limits);
    let outside = |c: &Clause| match *c {
        Clause::From(from) => s.now < from,
        Clause::Until(until) => s.now >= until,
        _ => false,
    };
    if limits.iter().any(outside) {
        return Ok(ineligible(Reason::NotAvailable));
    }
    if limits.iter().any(|c| matches!(c, Clause::Tiers(tiers) if !s.tier.is_some_and(|t| tiers.contains(t)))) {
        return Ok(ineligible(Reason::TierRequired));
    }
    if let Some(min) = program.filters.min_subtotal(reward.limits) {
        if s.subtotal < min {
            return Ok(Verdict::Ineligible {
                reason: Reason::MinSubtotal,
                amount_short: Some(sub(min, s.subtotal)?),
                points_short: None,
            });
        }
    }
    let value = match &reward.kind {
        RewardKind::AmountOff { amount } => (*amount).min(s.subtotal),
        RewardKind::PercentOff { percent, max_amount } => {
            let v = program.round_money(div(mul(s.subtotal, *percent)?, Decimal::ONE_HUNDRED)?);
            let v = max_amount.as_deref().map_or(v, |&m| v.min(m));
            v.min(s.subtotal)
        }
        RewardKind::FreeShipping => s.shipping,
        RewardKind::FreeProduct { skus } => match cheapest(cart, priced, *skus) {
            Some(price) => price.min(s.subtotal),
            None => return Ok(ineligible(Reason::ProductNotInCart)),
        },
        RewardKind::PayWithPoints(pay) => {
            let PayWithPoints { point_value, min_points, step, max_percent } = &**pay;
            // The smallest usable amount: a multiple of step ≥ max(minPoints, step).
            let need = mul(decimal::round(div((*min_points).max(*step), *step)?, 0, Rounding::Ceil), *step)?;
            let by_cart = pay_cart_cap(*point_value, *max_percent, s.subtotal, *step)?;
            let worth = |points: Decimal| -> Calc<Decimal> {
                Ok(program.round_money(mul(points, *point_value)?).min(s.subtotal))
            };
            // Value 0 (a cart cap below one step, or points worth less than a minor unit).
            if by_cart < need || worth(by_cart)? <= Decimal::ZERO {
                return Ok(ineligible(Reason::NothingToDiscount));
            }
            let by_balance = whole_steps(s.balance, *step)?;
            if by_balance < need {
                return Ok(Verdict::Ineligible {
                    reason: Reason::InsufficientPoints,
                    amount_short: None,
                    points_short: Some(sub(need, s.balance)?),
                });
            }
            let points = by_cart.min(by_balance);
            let value = worth(points)?;
            if value <= Decimal::ZERO {
                return Ok(ineligible(Reason::NothingToDiscount));
            }
            return Ok(Verdict::Eligible { points, value });
        }
    };
    let value = program.round_money(value);
    if value <= Decimal::ZERO {
        return Ok(ineligible(Reason::NothingToDiscount));
    }
    if reward.cost > s.balance {
        return Ok(Verdict::Ineligible {
            reason: Reason::InsufficientPoints,
            amount_short: None,
            points_short: Some(sub(reward.cost, s.balance)?),
        });
    }
    Ok(Verdict::Eligible { points: reward.cost, value })
}

/// One entry of `redemptionOptions`; only the fields of its shape are
/// serialized (§8): eligible `{id, eligible, cost | points, value, totalAfter}`,
/// ineligible `{id, eligible, reason, amountShort | pointsShort}`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RedemptionOption {
    /// The reward's id.
    pub id: String,
    /// Whether it can be redeemed on this cart now.
    pub eligible: bool,
    /// Points it costs (eligible, not pay_with_points).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "decimal::serialize_opt_text")]
    pub cost: Option<Decimal>,
    /// Usable points (eligible pay_with_points).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "decimal::serialize_opt_text")]
    pub points: Option<Decimal>,
    /// Money it takes off (eligible).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "decimal::serialize_opt_text")]
    pub value: Option<Decimal>,
    /// The cart total after it (eligible).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "decimal::serialize_opt_text")]
    pub total_after: Option<Decimal>,
    /// Why not (ineligible).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// Money short of `minSubtotal` (rounded up).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "decimal::serialize_opt_text")]
    pub amount_short: Option<Decimal>,
    /// Points short of the cost (rounded up).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "decimal::serialize_opt_text")]
    pub points_short: Option<Decimal>,
}

/// The result of `redemptionOptions` (§5.3).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RedemptionOptions {
    /// The member's points available now.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub balance: Decimal,
    /// Every reward, in programme order.
    pub options: Vec<RedemptionOption>,
    /// The eligible reward of the highest value (ties: lower cost, then
    /// programme order); `None` when none is eligible.
    pub best: Option<String>,
}

pub fn options(program: &Program, cart: &Cart, priced: &Priced, s: &Situation) -> Calc<RedemptionOptions> {
    let mut options = Vec::with_capacity(program.rewards.len());
    // (value, points, index) of the best so far: highest value, then lower cost, then program order.
    let mut best: Option<(Decimal, Decimal, usize)> = None;
    for (i, reward) in program.rewards.iter().enumerate() {
        let verdict = evaluate(program, reward, cart, priced, s)?;
        let pay = matches!(reward.kind, RewardKind::PayWithPoints { .. });
        options.push(match verdict {
            Verdict::Eligible { points, value } => {
                if best.is_none_or(|(v, p, _)| value > v || (value == v && points < p)) {
                    best = Some((value, points, i));
                }
                let points = program.round_points(points);
                RedemptionOption {
                    id: reward.id.to_string(),
                    eligible: true,
                    cost: (!pay).then_some(points),
                    points: pay.then_some(points),
                    value: Some(program.round_money(value)),
                    total_after: Some(program.round_money(decimal::sub(priced.total, value)?)),
                    reason: None,
                    amount_short: None,
                    points_short: None,
                }
            }
            Verdict::Ineligible { reason, amount_short, points_short } => RedemptionOption {
                id: reward.id.to_string(),
                eligible: false,
                cost: None,
                points: None,
                value: None,
                total_after: None,
                reason: Some(reason),
                amount_short: amount_short.map(|a| program.round_money_up(a)),
                points_short: points_short.map(|p| program.round_points_up(p)),
            },
        });
    }
    Ok(RedemptionOptions {
        balance: program.round_points(s.balance),
        options,
        best: best.and_then(|(_, _, i)| program.rewards.get(i)).map(|r| r.id.to_string()),
    })
}

/// One selection of `applyRedemptions`: a reward id and, for
/// pay_with_points, how many points (default: the usable maximum).
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    /// The reward's id.
    pub reward: String,
    /// Points to pay with (pay_with_points only).
    pub points: Option<Decimal>,
}

/// One applied reward in `applyRedemptions` (§5.3).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AppliedReward {
    /// The reward's id.
    pub reward: String,
    /// Money it took off.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub value: Decimal,
    /// Points it cost.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points: Decimal,
}

/// The result of `applyRedemptions` (§5.3, §8).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// Money taken off by every applied reward, free shipping included.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub discount: Decimal,
    /// Points spent.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points_spent: Decimal,
    /// Points left after spending.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub balance_after: Decimal,
    /// The cart total − `discount`: what the customer pays.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub total_after: Decimal,
    /// The applied rewards, in selection order.
    pub applied: Vec<AppliedReward>,
    /// What the discounted order still earns (points are not earned on what points paid for).
    pub earn: crate::earn::EarnPreview,
}

/// What applying the selections leaves, before earning is previewed.
pub struct Outcome {
    pub discount: Decimal,
    /// The part of `discount` taken off the goods (added to `orderDiscount`).
    pub goods_discount: Decimal,
    pub free_shipping: bool,
    pub points_spent: Decimal,
    pub balance_after: Decimal,
    pub applied: Vec<(usize, Decimal, Decimal)>,
}

/// Why selection `selection` was refused (§5.3, §8); the typed API turns it
/// into the spec's error at `selections[i]…`.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// No reward has that id.
    UnknownReward,
    /// The balance left is `short` points below what the reward needs.
    InsufficientPoints { short: Decimal },
    /// Ineligible on this cart for `reason` (not the balance).
    Ineligible(Reason),
    /// The caller's `points` could not be read (the loose API knows why).
    UnreadablePoints,
    /// `points` is not a positive multiple of `step`.
    PointsNotMultiple { step: Decimal },
    /// `points` is below the reward's `minPoints`.
    PointsBelowMinimum { min: Decimal },
    /// `points` is above what this cart takes.
    PointsAboveCartCap { cap: Decimal },
    /// `points` is above the balance left.
    PointsAboveBalance { chosen: Decimal, left: Decimal },
}

/// Why applying selections failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ApplyError {
    Refused { selection: usize, reward: Option<usize>, refusal: Refusal },
    Overflow,
}

impl From<Overflow> for ApplyError {
    fn from(_: Overflow) -> Self {
        ApplyError::Overflow
    }
}

/// Applies selections in order, each on the subtotal, shipping and balance
/// left by the earlier ones. `unreadable_points[i]` says that selection i's
/// `points` could not be read: that matters only for a pay_with_points
/// selection found eligible, and is refused then (§8).
pub fn apply(
    program: &Program,
    cart: &Cart,
    priced: &Priced,
    selections: &[Selection],
    unreadable_points: &[bool],
    start: &Situation,
) -> Result<Outcome, ApplyError> {
    let mut s = *start;
    let mut out = Outcome {
        discount: Decimal::ZERO,
        goods_discount: Decimal::ZERO,
        free_shipping: false,
        points_spent: Decimal::ZERO,
        balance_after: s.balance,
        applied: Vec::with_capacity(selections.len()),
    };
    // Reward ids to indices, hashed once when there are many selections
    // (each a scan of up to 500 ids otherwise).
    let by_id: Option<HashMap<String, usize>> = (selections.len() > 8)
        .then(|| program.rewards.iter().enumerate().map(|(i, r)| (r.id.to_string(), i)).collect()); // ids are unique (§2)
    for (i, sel) in selections.iter().enumerate() {
        let refuse = |reward: Option<usize>, refusal| ApplyError::Refused { selection: i, reward, refusal };
        let index = match &by_id {
            Some(by_id) => by_id.get(sel.reward.as_str()).copied(),
            None => program.rewards.iter().position(|r| r.id == sel.reward),
        };
        let Some(index) = index else {
            return Err(refuse(None, Refusal::UnknownReward));
        };
        let Some(reward) = program.rewards.get(index) else { continue };
        let refuse = |refusal| refuse(Some(index), refusal);
        let pay = matches!(reward.kind, RewardKind::PayWithPoints { .. });
        let (points, value) = match evaluate(program, reward, cart, priced, &s)? {
            Verdict::Ineligible { reason: Reason::InsufficientPoints, points_short, .. } => {
                return Err(refuse(Refusal::InsufficientPoints { short: points_short.unwrap_or_default() }));
            }
            Verdict::Ineligible { reason, .. } => return Err(refuse(Refusal::Ineligible(reason))),
            Verdict::Eligible { .. } if pay && unreadable_points.get(i).copied().unwrap_or(false) => {
                return Err(refuse(Refusal::UnreadablePoints));
            }
            Verdict::Eligible { points, value } => match (&reward.kind, sel.points) {
                (RewardKind::PayWithPoints(pay), Some(chosen)) => {
                    let PayWithPoints { point_value, min_points, step, max_percent } = &**pay;
                    let steps = decimal::snap(div(chosen, *step)?);
                    if chosen <= Decimal::ZERO || !decimal::is_integer(steps) {
                        return Err(refuse(Refusal::PointsNotMultiple { step: *step }));
                    }
                    if chosen < *min_points {
                        return Err(refuse(Refusal::PointsBelowMinimum { min: *min_points }));
                    }
                    let cap = pay_cart_cap(*point_value, *max_percent, s.subtotal, *step)?;
                    if chosen > cap {
                        return Err(refuse(Refusal::PointsAboveCartCap { cap }));
                    }
                    if chosen > s.balance {
                        return Err(refuse(Refusal::PointsAboveBalance { chosen, left: s.balance }));
                    }
                    (chosen, program.round_money(mul(chosen, *point_value)?).min(s.subtotal))
                }
                _ => (points, value),
            },
        };
        s.balance = sub(s.balance, points)?;
        if matches!(reward.kind, RewardKind::FreeShipping) {
            s.shipping = Decimal::ZERO;
            out.free_shipping = true;
        } else {
            s.subtotal = sub(s.subtotal, value)?;
            out.goods_discount = add(out.goods_discount, value)?;
        }
        out.discount = add(out.discount, value)?;
        out.points_spent = add(out.points_spent, points)?;
        out.applied.push((index, value, points));
    }
    out.balance_after = s.balance;
    Ok(out)
}
