//! A member's statement (§5.2): balance, pending, lifetime figures, lots,
//! points expiring soon, tier and liability.

use serde::Serialize;

use crate::decimal::{self, Calc, Decimal};
use crate::ledger::Ledger;
use crate::member::Member;
use crate::program::Program;
use crate::tiers;
use crate::time::{format_time, Timestamp};

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LotView {
    pub at: String,
    pub points: String,
    pub remaining: String,
    pub expires_at: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Expiring {
    pub points: String,
    pub expires_at: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    pub balance: String,
    pub pending: String,
    pub lifetime_earned: String,
    pub lifetime_redeemed: String,
    pub expired: String,
    pub lots: Vec<LotView>,
    pub expiring_soon: Vec<Expiring>,
    pub tier: Option<String>,
    pub qualifying_value: Option<String>,
    pub liability: Option<String>,
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
            points: program.points_text(lot.points),
            remaining: program.points_text(lot.remaining),
            expires_at: expiry.map(format_time).transpose()?,
        });
        if let Some(x) = expiry {
            if lot.remaining > Decimal::ZERO && lot.expired_at.is_none() && now < x && x <= horizon {
                soon.push((x, lot.remaining));
            }
        }
    }
    soon.sort_unstable_by_key(|(t, _)| *t);
    let mut grouped: Vec<(Timestamp, Decimal)> = Vec::new();
    for (t, p) in soon {
        match grouped.last_mut() {
            Some((last, total)) if *last == t => *total = decimal::add(*total, p)?,
            _ => grouped.push((t, p)),
        }
    }
    let expiring_soon = grouped
        .into_iter()
        .map(|(t, p)| Ok(Expiring { points: program.points_text(p), expires_at: format_time(t)? }))
        .collect::<Calc<Vec<_>>>()?;

    let standing = tiers::standing(program, member, now)?;
    let (tier, qualifying_value) = match (&program.tiers, &standing) {
        (Some(t), Some(s)) => (
            t.levels.get(s.level).map(|l| l.id.clone()),
            Some(tiers::value_text(program, t.metric, s.qualifying_value)),
        ),
        _ => (None, None),
    };
    let liability = match &program.accounting {
        Some(acc) => {
            Some(program.money_text(decimal::mul(decimal::mul(balance, acc.point_value)?, acc.redemption_rate)?))
        }
        None => None,
    };
    Ok(Statement {
        balance: program.points_text(balance),
        pending: program.points_text(ledger.pending(now)?),
        lifetime_earned: program.points_text(ledger.lifetime_earned()?),
        lifetime_redeemed: program.points_text(ledger.lifetime_redeemed),
        expired: program.points_text(ledger.expired),
        lots,
        expiring_soon,
        tier,
        qualifying_value,
        liability,
    })
}
