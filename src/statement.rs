//! A member's statement (§5.2): balance, pending, lifetime figures, lots,
//! points expiring soon, tier and liability.

use serde::Serialize;

use crate::decimal::{self, Calc, Decimal};
use crate::ledger::Ledger;
use crate::member::Member;
use crate::program::Program;
use crate::tiers;
use crate::time::{format_time, Timestamp};

/// One lot of the ledger (§5.1), in creation order.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LotView {
    /// When the event that created it happened.
    pub at: Timestamp,
    /// Points it was created with.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points: Decimal,
    /// Points left in it (0 once consumed or expired).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub remaining: Decimal,
    /// The instant it expired, or its current deadline; `None` if none.
    pub expires_at: Option<Timestamp>,
}

/// Points that expire at one instant within the statement's `days` (§5.2).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Expiring {
    /// Points expiring then.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points: Decimal,
    /// When.
    pub expires_at: Timestamp,
}

/// The result of `statement` (§5.2): a ledger member's account at `now`.
/// `balance + pending = lifetime_earned − lifetime_redeemed − expired`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// Points available to spend now.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub balance: Decimal,
    /// Points earned but not yet available (`pendingDays`).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub pending: Decimal,
    /// Points of all lots created, less what returns and negative adjusts took.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub lifetime_earned: Decimal,
    /// Points redeemed.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub lifetime_redeemed: Decimal,
    /// Points expired.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub expired: Decimal,
    /// Every lot, in creation order.
    pub lots: Vec<LotView>,
    /// Points expiring within `days`, grouped by instant, soonest first.
    pub expiring_soon: Vec<Expiring>,
    /// The member's tier id now; `None` without tiers.
    pub tier: Option<String>,
    /// The tier metric's value in the current window; `None` without tiers.
    #[serde(serialize_with = "decimal::serialize_opt_text")]
    pub qualifying_value: Option<Decimal>,
    /// `max(balance, 0) × pointValue × redemptionRate` (money); `None` without `accounting`.
    #[serde(serialize_with = "decimal::serialize_opt_text")]
    pub liability: Option<Decimal>,
    /// Points owed now under `shortfall: "debt"` (the balance is then
    /// `−owed`); zero when none (§9.4).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub owed: Decimal,
    /// Points of returns and negative adjusts dropped under `shortfall:
    /// "forgive"` so far (§9.4).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub forgiven: Decimal,
}

/// Builds the statement of a ledger member at `now`, `days` ahead for `expiringSoon`.
pub fn statement(program: &Program, member: &Member, ledger: &Ledger, now: Timestamp, days: i64) -> Calc<Statement> {
    let balance = ledger.balance(now)?;
    let horizon = now.add_days(days).map_err(|_| decimal::Overflow)?;

    let mut lots = Vec::with_capacity(ledger.lots.len());
    // Lots ascend by creation, not by expiry: collect, sort, then group by instant.
    let mut soon: Vec<(Timestamp, Decimal)> = Vec::new();
    for lot in &ledger.lots {
        let expiry = ledger.expiry_of(lot, program);
        lots.push(LotView {
            at: format_time(lot.at)?,
            points: program.round_points(lot.points),
            remaining: program.round_points(lot.remaining),
            expires_at: expiry.map(format_time).transpose()?,
        });
        if let Some(x) = expiry {
            if lot.remaining > Decimal::ZERO && lot.expired_at.is_none() && now < x && x <= horizon {
                soon.push((x, lot.remaining));
            }
        }
    }
    crate::sort::sort_by_key(&mut soon, |&(t, _)| t);
    let mut grouped: Vec<(Timestamp, Decimal)> = Vec::new();
    for (t, p) in soon {
        match grouped.last_mut() {
            Some((last, total)) if *last == t => *total = decimal::add(*total, p)?,
            _ => grouped.push((t, p)),
        }
    }
    let expiring_soon = grouped
        .into_iter()
        .map(|(t, p)| Ok(Expiring { points: program.round_points(p), expires_at: format_time(t)? }))
        .collect::<Calc<Vec<_>>>()?;

    let standing = tiers::standing(program, member, now)?;
    let (tier, qualifying_value) = match (&program.tiers, &standing) {
        (Some(t), Some(s)) => (
            t.levels.get(s.level).map(|l| l.id.to_string()),
            Some(tiers::value_out(program, t.metric, s.qualifying_value)),
        ),
        _ => (None, None),
    };
    let liability = match &program.accounting {
        Some(acc) => Some(program.round_money(decimal::mul(
            decimal::mul(balance.max(Decimal::ZERO), acc.point_value)?,
            acc.redemption_rate,
        )?)),
        None => None,
    };
    Ok(Statement {
        balance: program.round_points(balance),
        pending: program.round_points(ledger.pending(now)?),
        lifetime_earned: program.round_points(ledger.lifetime_earned()?),
        lifetime_redeemed: program.round_points(ledger.lifetime_redeemed),
        expired: program.round_points(ledger.expired),
        lots,
        expiring_soon,
        tier,
        qualifying_value,
        liability,
        owed: program.round_points(ledger.owed),
        forgiven: program.round_points(ledger.forgiven),
    })
}
