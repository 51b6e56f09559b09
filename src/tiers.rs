//! Tiers (§4): the qualifying value of a window, the current tier with
//! retention and assigned tiers, and the tier multiplier `T` for earning.

use serde::Serialize;

use crate::decimal::{self, Calc, Decimal, Overflow};
use crate::levels::{Benefits, Metric, Retention, Tiers, Window};
use crate::member::{Event, EventKind, Member, Standing};
use crate::program::Program;
use crate::time::{format_time, Timestamp};

/// Where the member stands in the tier ladder at `now`.
#[derive(Clone, Debug, PartialEq)]
pub struct TierStanding {
    /// The tier held: max(computed, retained, assigned).
    pub level: usize,
    /// Qualifying value of the current window (negative counts as 0).
    pub qualifying_value: Decimal,
    /// Level reached by the current window's value.
    pub earned: usize,
    /// Level kept from the previous calendar year (`next_window`), if any.
    pub retained: Option<usize>,
    /// `member.tier`, while its `tierUntil` has not passed (§9.2).
    pub assigned: Option<usize>,
    /// The assignment's end (`member.tierUntil`), if it has one.
    pub assigned_until: Option<Timestamp>,
}

/// The highest level reachable by value whose threshold ≤ value (§4, §9.2).
pub fn level_for(tiers: &Tiers, value: Decimal) -> usize {
    let value = decimal::snap(value);
    tiers.levels.iter().rposition(|l| l.threshold.is_some_and(|t| t <= value)).unwrap_or(tiers.base)
}

/// Start (inclusive unless rolling) of the current window, `None` for lifetime.
pub fn window_start(program: &Program, tiers: &Tiers, now: Timestamp) -> Calc<Option<Timestamp>> {
    Ok(match tiers.window {
        Window::CalendarYear => Some(now.start_of_local_year(program.utc_offset)),
        Window::RollingMonths(months) => Some(now.add_months(-months, program.utc_offset).map_err(|_| Overflow)?),
        Window::Lifetime => None,
    })
}

/// The metric's value over events with `from < at ≤ to` (`from` inclusive when `from_inclusive`).
pub fn metric_value(
    metric: Metric,
    events: &[Event],
    from: Option<Timestamp>,
    from_inclusive: bool,
    to: Timestamp,
) -> Calc<Decimal> {
    let mut value = Decimal::ZERO;
    for e in events {
        let after_start = match from {
            None => true,
            Some(f) if from_inclusive => e.at >= f,
            Some(f) => e.at > f,
        };
        if !after_start || e.at > to {
            continue;
        }
        let delta = match (metric, e.kind) {
            (Metric::Points, EventKind::Purchase) => e.points,
            (Metric::Points, EventKind::Return) => -e.points,
            (Metric::Spend, EventKind::Purchase) => e.spend,
            (Metric::Spend, EventKind::Return) => -e.spend,
            (Metric::Orders, EventKind::Purchase) => Decimal::ONE,
            (Metric::Orders, EventKind::Return) if e.full_return => -Decimal::ONE,
            _ => continue,
        };
        value = decimal::add(value, delta)?;
    }
    Ok(value)
}

/// The member's tier at `now`; `None` when the program has no tiers.
pub fn standing(program: &Program, member: &Member, now: Timestamp) -> Calc<Option<TierStanding>> {
    let Some(tiers) = &program.tiers else { return Ok(None) };
    let (value, retained) = match &member.standing {
        Standing::Snapshot { qualifying_value, .. } => (*qualifying_value, None),
        Standing::Ledger { .. } => {
            let events = member.events_until(now);
            let start = window_start(program, tiers, now)?;
            let inclusive = tiers.window == Window::CalendarYear;
            let value = metric_value(tiers.metric, events, start, inclusive, now)?;
            let retained = match (tiers.retention, start) {
                (Retention::NextWindow, Some(this_year)) => {
                    let year = i64::from(now.year(program.utc_offset));
                    let previous = Timestamp::start_of_year(year - 1, program.utc_offset).ok();
                    match previous {
                        Some(prev) => {
                            let before = this_year.add_millis(-1).map_err(|_| Overflow)?;
                            let v = metric_value(tiers.metric, events, Some(prev), true, before)?;
                            Some(level_for(tiers, v.max(Decimal::ZERO)))
                        }
                        None => None,
                    }
                }
                _ => None,
            };
            (value, retained)
        }
    };
    let value = value.max(Decimal::ZERO);
    let earned = level_for(tiers, value);
    let assigned = member.tier.filter(|_| member.tier_until.is_none_or(|until| now < until));
    let level = earned.max(retained.unwrap_or(tiers.base)).max(assigned.unwrap_or(tiers.base));
    Ok(Some(TierStanding {
        level,
        qualifying_value: value,
        earned,
        retained,
        assigned,
        assigned_until: member.tier_until,
    }))
}

/// Qualifying values, thresholds and remainders print as points, money or a
/// whole number of orders, by metric (§8).
pub fn value_out(program: &Program, metric: Metric, value: Decimal) -> Decimal {
    match metric {
        Metric::Points => program.round_points(value),
        Metric::Spend => program.round_money(value),
        Metric::Orders => decimal::round(value, 0, crate::decimal::Rounding::Floor),
    }
}

/// The tier the member holds (§4.1 `current`).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CurrentTier {
    /// Level id.
    pub id: String,
    /// Level name (its id when it has none).
    pub name: String,
    /// `T`, normalised (`"1.25"`).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub earn_multiplier: Decimal,
    /// The level's free-form `benefits`, echoed; `None` when it has none.
    pub benefits: Option<Benefits>,
}

/// The next level up (§4.1 `next`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NextTier {
    /// Level id.
    pub id: String,
    /// Level name.
    pub name: String,
    /// Qualifying value it needs (points, money or orders by metric).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub threshold: Decimal,
    /// The level's free-form `benefits`, echoed.
    pub benefits: Option<Benefits>,
}

/// The tier held and until when it is guaranteed (§4.1, §8).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Keep {
    /// Level id.
    pub id: String,
    /// Until when; `None` when no date applies.
    pub valid_until: Option<Timestamp>,
}

/// What this order changes (§4.1 `withCart`).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WithCart {
    /// The qualifying value after this order.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub qualifying_value: Decimal,
    /// The tier id after this order.
    pub tier: String,
    /// Whether that tier is higher than the current one.
    pub upgrades: bool,
}

/// The result of `tierProgress` (§4.1).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TierProgress {
    /// The tier held now.
    pub current: CurrentTier,
    /// The metric's value in the current window (points, money or orders).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub qualifying_value: Decimal,
    /// The next level; `None` at the top.
    pub next: Option<NextTier>,
    /// `next.threshold − qualifyingValue`, never below 0; `None` at the top.
    #[serde(serialize_with = "decimal::serialize_opt_text")]
    pub remaining: Option<Decimal>,
    /// `qualifyingValue / next.threshold`, 4 places, rounded down, at most 1.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub progress: Decimal,
    /// Money still to spend to reach `next` (rounded up); `None` where it
    /// cannot be said (orders, no base rate, the top).
    #[serde(serialize_with = "decimal::serialize_opt_text")]
    pub spend_to_next: Option<Decimal>,
    /// End of the current calendar-year window; `None` for other windows.
    pub window_ends: Option<Timestamp>,
    /// The tier held and until when it is guaranteed.
    pub keep: Keep,
    /// What the cart passed changes; `None` without a cart.
    pub with_cart: Option<WithCart>,
}

/// What a cart adds to the qualifying value: `purchasePoints`, the eligible
/// subtotal or one order, by metric (§4.1 `withCart`).
pub struct CartContribution {
    pub purchase_points: Decimal,
    pub eligible_subtotal: Decimal,
}

/// The qualifying value after an order: `purchasePoints`, the eligible
/// subtotal or one order added, by metric (§4.1 `withCart`).
fn value_after(tiers: &Tiers, standing: &TierStanding, cart: &CartContribution) -> Calc<Decimal> {
    let added = match tiers.metric {
        Metric::Points => cart.purchase_points,
        Metric::Spend => cart.eligible_subtotal,
        Metric::Orders => Decimal::ONE,
    };
    Ok(decimal::add(standing.qualifying_value, added)?.max(Decimal::ZERO))
}

/// The tier after an order: the higher ranked of the tier its value reaches
/// and the current tier (§9.2).
pub fn level_after(tiers: &Tiers, standing: &TierStanding, cart: &CartContribution) -> Calc<usize> {
    Ok(level_for(tiers, value_after(tiers, standing, cart)?).max(standing.level))
}

pub fn progress(
    program: &Program,
    tiers: &Tiers,
    standing: &TierStanding,
    now: Timestamp,
    cart: Option<CartContribution>,
) -> Calc<TierProgress> {
    let offset = program.utc_offset;
    let level = tiers.levels.get(standing.level).ok_or(Overflow)?;
    let value = standing.qualifying_value;
    let text = |v: Decimal| value_out(program, tiers.metric, v);
    let next = tiers.next_above(standing.level).map(|(_, level, threshold)| (level, threshold));
    let t = level.earn_multiplier;

    let remaining =
        next.map(|(_, threshold)| decimal::sub(threshold, value).map(|r| r.max(Decimal::ZERO))).transpose()?;
    let progress = match next {
        Some((_, threshold)) => {
            // Rounded to 4 places (down) where it is output.
            decimal::snap(decimal::div(value, threshold)?).min(Decimal::ONE)
        }
        None => Decimal::ONE,
    };
    let spend_to_next = match (remaining, tiers.metric) {
        (Some(r), Metric::Spend) => Some(program.round_money_up(r)),
        (Some(r), Metric::Points) => {
            // R is an intermediate value: not snapped (§8: snapping applies to the
            // value compared, rounded or printed), so "1 per 3.00" needs exactly
            // 3 × remaining; the quotient is snapped before rounding up.
            let rate = decimal::mul(program.base_rate()?, t)?;
            if rate.is_zero() {
                None
            } else {
                Some(program.round_money_up(decimal::div(r, rate)?))
            }
        }
        _ => None,
    };

    let calendar = tiers.window == Window::CalendarYear;
    let year = i64::from(now.year(offset));
    let year_start = |y: i64| Timestamp::start_of_year(y, offset).map_err(|_| Overflow);
    let window_ends = if calendar { Some(year_start(year + 1)?) } else { None };
    // The first way the tier is held decides: earned, retained, assigned (§8).
    let valid_until = if standing.earned == standing.level {
        match tiers.retention {
            _ if !calendar => None,
            Retention::NextWindow => Some(year_start(year + 2)?),
            Retention::None => window_ends,
        }
    } else if standing.retained == Some(standing.level) {
        window_ends
    } else if standing.assigned == Some(standing.level) {
        standing.assigned_until
    } else {
        None
    };

    let with_cart = match cart {
        None => None,
        Some(c) => {
            let after = value_after(tiers, standing, &c)?;
            let reached = level_for(tiers, after).max(standing.level);
            Some(WithCart {
                qualifying_value: text(after),
                tier: tiers.levels.get(reached).map(|l| l.id.to_string()).unwrap_or_default(),
                upgrades: reached > standing.level,
            })
        }
    };

    Ok(TierProgress {
        current: CurrentTier {
            id: level.id.to_string(),
            name: level.name.to_string(),
            earn_multiplier: decimal::normal(t),
            benefits: level.benefits.as_deref().cloned(),
        },
        qualifying_value: text(value),
        next: next.map(|(n, threshold)| NextTier {
            id: n.id.to_string(),
            name: n.name.to_string(),
            threshold: text(threshold),
            benefits: n.benefits.as_deref().cloned(),
        }),
        remaining: remaining.map(text),
        progress: decimal::round(progress, 4, crate::decimal::Rounding::Down),
        spend_to_next,
        window_ends: window_ends.map(format_time).transpose()?,
        keep: Keep { id: level.id.to_string(), valid_until: valid_until.map(format_time).transpose()? },
        with_cart,
    })
}
