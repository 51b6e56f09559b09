//! Returns (§9.6): what a refund of (part of) an order takes back, with
//! cumulative rounding, so that partial refunds that add up to the order take
//! back exactly the points booked for it, however they were split.

use serde::Serialize;

use crate::decimal::{self, Decimal, Overflow};
use crate::member::{Event, EventKind};
use crate::program::Program;
use crate::time::Timestamp;

/// A refund to preview: which order, and how much of it (§9.6).
#[derive(Clone, Debug, PartialEq)]
pub struct Refund {
    /// The `orderId` of the order's `purchase` events.
    pub order_id: String,
    /// How much of it.
    pub amount: RefundAmount,
}

/// How much of an order a refund returns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RefundAmount {
    /// All of the spend left to return.
    Full,
    /// This much spend (money, > 0, in the base of the purchase events' `spend`).
    Amount(Decimal),
}

/// Why a refund cannot be previewed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum RefundError {
    /// No `purchase` event has that `orderId` (at or before now).
    UnknownOrder,
    /// The order has nothing left to return.
    NothingLeft,
    /// The amount exceeds the spend left to return.
    AmountAboveLeft {
        left: Decimal,
    },
    Overflow,
}

impl From<Overflow> for RefundError {
    fn from(_: Overflow) -> Self {
        RefundError::Overflow
    }
}

/// What a refund takes back.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Taken {
    /// Points taken back, rounded.
    pub points: Decimal,
    /// Spend refunded (money).
    pub spend: Decimal,
    /// Whether the refund completes the order.
    pub full_return: bool,
}

/// The points a refund takes back (§9.6). `events`: the ledger up to now.
pub(crate) fn taken(program: &Program, events: &[Event], refund: &Refund) -> Result<Taken, RefundError> {
    let (mut p, mut s, mut pr, mut sr) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut found = false;
    for e in events.iter().filter(|e| e.order_id.as_deref() == Some(refund.order_id.as_str())) {
        match e.kind {
            EventKind::Purchase => {
                found = true;
                p = decimal::add(p, e.points)?;
                s = decimal::add(s, e.spend)?;
            }
            EventKind::Return => {
                pr = decimal::add(pr, e.points)?;
                sr = decimal::add(sr, e.spend)?;
            }
            _ => {}
        }
    }
    if !found {
        return Err(RefundError::UnknownOrder);
    }
    let points_left = decimal::sub(p, pr)?.max(Decimal::ZERO);
    let spend_left = decimal::sub(s, sr)?.max(Decimal::ZERO);
    if spend_left <= Decimal::ZERO && points_left <= Decimal::ZERO {
        return Err(RefundError::NothingLeft);
    }
    let a = match refund.amount {
        RefundAmount::Full => spend_left,
        RefundAmount::Amount(a) if a > spend_left => return Err(RefundError::AmountAboveLeft { left: spend_left }),
        RefundAmount::Amount(a) => a,
    };
    let returned = decimal::add(sr, a)?;
    let full_return = returned >= s;
    let points = if full_return {
        points_left
    } else {
        // Cumulative: what the order's returns should have taken in all, less what they took.
        let due = program.round_points(decimal::div(decimal::mul(p, returned)?, s)?);
        decimal::sub(due, pr)?.max(Decimal::ZERO).min(points_left)
    };
    Ok(Taken { points: program.round_points(points), spend: program.round_money(a), full_return })
}

/// The `return` event that books a refund (§9.6).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReturnEvent {
    /// Always `"return"`.
    #[serde(rename = "type")]
    pub kind: ReturnEventType,
    /// When: the preview's `now`.
    pub at: Timestamp,
    /// Points taken back.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points: Decimal,
    /// Spend refunded (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub spend: Decimal,
    /// The order.
    pub order_id: String,
    /// Whether the refund completes the order.
    pub full_return: bool,
}

/// The type of a [`ReturnEvent`]: `"return"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnEventType {
    /// A `return` event.
    Return,
}

/// The member's tier before and after a refund.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ReturnTier {
    /// The tier id now.
    pub current: String,
    /// The tier id with the return booked.
    pub after: String,
    /// Whether `after` ranks below `current`.
    pub downgrades: bool,
}

/// The result of `previewReturn` (§9.6).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReturnPreview {
    /// The order.
    pub order_id: String,
    /// Points the refund takes back.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points: Decimal,
    /// Spend refunded (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub spend: Decimal,
    /// Whether the refund completes the order.
    pub full_return: bool,
    /// The event the server appends to book the refund.
    pub event: ReturnEvent,
    /// The balance with the event booked (negative while points are owed).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub balance_after: Decimal,
    /// Points owed with the event booked (`shortfall: "debt"`).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub owed_after: Decimal,
    /// This refund's points dropped under `shortfall: "forgive"`.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub forgiven: Decimal,
    /// The tier before and after; `None` without tiers.
    pub tier: Option<ReturnTier>,
}

/// The event of a refund, as the ledger holds it (appended after every event at or before `now`).
pub(crate) fn event(order_id: &str, taken: &Taken, now: Timestamp, index: usize) -> Event {
    Event {
        index,
        kind: EventKind::Return,
        at: now,
        points: taken.points,
        spend: taken.spend,
        order_id: Some(order_id.to_owned()),
        action: None,
        reward_id: None,
        full_return: taken.full_return,
    }
}
