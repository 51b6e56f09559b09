//! The order summary of `checkout` (§9.5): what the storefront shows and the
//! server books — items, shipping, perks, rewards, the total, the points
//! spent and earned, and the tier after this order.

use serde::Serialize;

use crate::decimal::{self, Decimal};
use crate::earn::{EarnPreview, PerksReport};
use crate::redeem::AppliedReward;

/// The member's tier before and after this order.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CheckoutTier {
    /// The tier id now.
    pub current: String,
    /// The tier id after this order (as `tierProgress`'s `withCart.tier`,
    /// with this order's final earn).
    pub after: String,
    /// Whether `after` ranks above `current`.
    pub upgrades: bool,
}

/// The result of `checkout` (§9.5). `total = items_total + shipping −
/// discount`, equal to `applyRedemptions`' `totalAfter` on the same input.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Checkout {
    /// Σ gross over all lines (excluded ones included), after line discounts
    /// and `orderDiscount`, before perks and rewards (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub items_total: Decimal,
    /// The cart's shipping, before perks (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub shipping: Decimal,
    /// What the tier's perks took off; `None` when the tier has no `perks`.
    pub perks: Option<PerksReport>,
    /// The rewards applied, in selection order.
    pub applied: Vec<AppliedReward>,
    /// Perk discount + shipping waived + Σ applied values (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub discount: Decimal,
    /// What the customer pays (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub total: Decimal,
    /// Points spent on the rewards.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points_spent: Decimal,
    /// The balance after spending them.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub balance_after: Decimal,
    /// What the final cart earns (points are not earned on what points paid for).
    pub earn: EarnPreview,
    /// The tier now and after this order; `None` without tiers.
    pub tier: Option<CheckoutTier>,
}
