//! Points on a cart (§3.2) and the `previewEarn` result (§3.3).
//!
//! Every rule term is computed as the spec writes it — multiply and sum
//! first, one division last — and snapped only where it is compared, rounded
//! or printed, so that exact inputs give exact totals.

use serde::Serialize;

use crate::cart::Cart;
use crate::decimal::{self, add, div, mul, sub, Calc, Decimal};
use crate::filter::{filter_matches, Facts};
use crate::pricing::Priced;
use crate::program::{Program, Scope};
use crate::rules::{Base, RuleKind};
use crate::time::Timestamp;

/// Who is earning, as far as earning cares.
#[derive(Clone, Copy)]
pub struct Earner<'a> {
    /// Current tier (level index), `None` without tiers.
    pub tier: Option<usize>,
    pub flags: &'a [String],
    pub has_purchase: bool,
}

impl Earner<'_> {
    /// `T`: the earn multiplier of the current tier, 1 without tiers.
    pub fn multiplier(&self, program: &Program) -> Decimal {
        self.tier.and_then(|t| program.levels().get(t)).map_or(Decimal::ONE, |l| l.earn_multiplier)
    }
}

/// One cart line in `previewEarn` (§3.3).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EarnLine {
    /// The line's id (its index as text when the cart gave none).
    pub id: String,
    /// Not excluded by the programme's `exclude`.
    pub eligible: bool,
    /// The line's net amount (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub net: Decimal,
    /// Base points before multipliers, tier and rounding (normalised).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub base_points: Decimal,
    /// The multiplier factor used (normalised; 1 when none).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub multiplier: Decimal,
    /// `basePoints × multiplier × T`: exact (normalised) in scope `order`,
    /// rounded in scope `line`.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points: Decimal,
    /// Ids of the spend/per_unit rules that earned on it, then the multiplier rule used.
    pub rules: Vec<String>,
}

/// One rule's contribution in `previewEarn` (§3.3).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RuleContribution {
    /// The rule's id.
    pub id: String,
    /// Points before multipliers, tier and rounding (normalised; a capped rule shows `maxPoints`).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points: Decimal,
}

/// The accounting view of the points earned (§3.3).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EarnAccounting {
    /// `points × pointValue × redemptionRate` (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points_value: Decimal,
    /// The part of the sale deferred until the points are redeemed or expire (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub deferred_revenue: Decimal,
}

/// The result of `previewEarn` (§3.3).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EarnPreview {
    /// Points this order earns: `purchasePoints + bonusPoints`.
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points: Decimal,
    /// Points from spend, per_unit and multiplier rules (after `maxPointsPerOrder`).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub purchase_points: Decimal,
    /// Points from bonus rules (after `maxPointsPerOrder`).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub bonus_points: Decimal,
    /// Whether `maxPointsPerOrder` cut the total.
    pub capped: bool,
    /// `T`, the current tier's earn multiplier (normalised).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub tier_multiplier: Decimal,
    /// Store credit (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub cashback: Decimal,
    /// Σ net over eligible lines (money).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub eligible_subtotal: Decimal,
    /// Every cart line, in cart order.
    pub lines: Vec<EarnLine>,
    /// The rules that applied, in programme order.
    pub rules: Vec<RuleContribution>,
    /// Whether the points wait `pendingDays` before they can be spent.
    pub pending: bool,
    /// The accounting view; `None` without `accounting`.
    pub accounting: Option<EarnAccounting>,
    /// What the current tier's perks took off this cart (§9.1); `None` when
    /// the tier has no `perks`.
    pub perks: Option<PerksReport>,
}

/// What a tier's perks took off a cart (§9.1): in `previewEarn` and `checkout`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PerksReport {
    /// The tier whose perks applied.
    pub tier: String,
    /// The percent discount (money; `0.00` when none).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub discount: Decimal,
    /// The shipping waived by `freeShipping` (money; `0.00` when none).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub shipping_waived: Decimal,
}

impl PerksReport {
    pub(crate) fn of(program: &Program, priced: &Priced) -> Option<PerksReport> {
        let perks = priced.perks?;
        Some(PerksReport {
            tier: program.levels().get(perks.level).map(|l| l.id.to_string()).unwrap_or_default(),
            discount: program.round_money(perks.discount),
            shipping_waived: program.round_money(perks.shipping_waived),
        })
    }
}

/// One spend or per_unit rule's amounts on this cart.
struct RuleOnCart {
    rule: usize,
    /// Per line: `Some(B_l)` (amount or quantity) where the rule matches an eligible line.
    amounts: Vec<Option<Decimal>>,
    shipping: Option<Decimal>,
    /// Σ B including shipping.
    total: Decimal,
    /// Points per unit of B, and the divisor (`per`; 1 for per_unit).
    points: Decimal,
    per: Decimal,
    /// `Some(maxPoints)` when the rule is capped on this cart.
    cap: Option<Decimal>,
}

impl RuleOnCart {
    /// The rule's contribution for an amount `b`, before m, T and rounding.
    fn contribution(&self, b: Decimal) -> Calc<Decimal> {
        match self.cap {
            Some(max) => div(mul(max, b)?, self.total),
            None => div(mul(self.points, b)?, self.per),
        }
    }
    /// The rule's total contribution (a capped rule shows maxPoints).
    fn total_contribution(&self) -> Calc<Decimal> {
        match self.cap {
            Some(max) => Ok(max),
            None => div(mul(self.points, self.total)?, self.per),
        }
    }
    /// Scope order: `(points × T × Σ B_l·m_l) / per`, or capped `T × max × Σ B_l·m_l / ΣB`.
    fn order_term(&self, t: Decimal, weighted: Decimal) -> Calc<Decimal> {
        match self.cap {
            Some(max) => div(mul(mul(t, max)?, weighted)?, self.total),
            None => div(mul(mul(self.points, t)?, weighted)?, self.per),
        }
    }
}

pub fn preview_earn(
    program: &Program,
    cart: &Cart,
    priced: &Priced,
    earner: &Earner,
    now: Timestamp,
) -> Calc<EarnPreview> {
    let order = program.filters.order_hits(cart.channel.as_deref(), cart.payment_method.as_deref(), earner.flags);
    let facts = Facts {
        eligible_subtotal: priced.eligible_subtotal,
        order: &order,
        tier: earner.tier,
        now,
        utc_offset: program.utc_offset,
        has_purchase: earner.has_purchase,
    };
    let t = earner.multiplier(program);
    let n = cart.lines.len();
    let eligible = |i: usize| priced.lines.get(i).is_some_and(|l| l.eligible);
    // Each rule's `when`, once per call (not once per line and rule).
    let holds: Vec<bool> = program.earning.iter().map(|r| program.filters.holds(r.when, &facts)).collect();
    let rule_holds = |r: usize| holds.get(r).copied().unwrap_or(false);

    // Per line: the highest matching multiplier and the rule that gave it.
    let mut multipliers: Vec<(Decimal, Option<usize>)> = vec![(Decimal::ONE, None); n];
    for (i, line) in priced.lines.iter().enumerate() {
        if !line.eligible {
            continue;
        }
        let mut best: Option<(Decimal, usize)> = None;
        for (r, rule) in program.earning.iter().enumerate() {
            if let RuleKind::Multiplier { factor } = rule.kind {
                if best.is_none_or(|(f, _)| factor > f)
                    && filter_matches(program.filters.line_filter(rule.lines), &line.hits)
                    && rule_holds(r)
                {
                    best = Some((factor, r));
                }
            }
        }
        if let (Some((factor, r)), Some(slot)) = (best, multipliers.get_mut(i)) {
            *slot = (factor, Some(r));
        }
    }

    // Spend and per_unit rules whose `when` holds, with their amounts.
    let mut applied: Vec<RuleOnCart> = Vec::new();
    for (r, rule) in program.earning.iter().enumerate() {
        let (points, per, max_points, shipping) = match &rule.kind {
            RuleKind::Spend { points, per, include_shipping, max_points, .. } => {
                (*points, *per, max_points.as_deref().copied(), include_shipping.then_some(priced.shipping))
            }
            RuleKind::PerUnit { points, max_points } => (*points, Decimal::ONE, max_points.as_deref().copied(), None),
            _ => continue,
        };
        if !rule_holds(r) {
            continue;
        }
        let mut amounts = vec![None; n];
        let mut total = shipping.unwrap_or_default();
        let mut matched = false;
        let lines = program.filters.line_filter(rule.lines);
        for (i, (line, p)) in cart.lines.iter().zip(&priced.lines).enumerate() {
            if !p.eligible || !filter_matches(lines, &p.hits) {
                continue;
            }
            let b = match &rule.kind {
                RuleKind::Spend { base: Base::Gross, .. } => p.gross,
                RuleKind::Spend { .. } => p.net,
                _ => line.quantity,
            };
            total = add(total, b)?;
            if let Some(slot) = amounts.get_mut(i) {
                *slot = Some(b);
            }
            matched = true;
        }
        let earns_on_shipping = shipping.is_some_and(|s| s > Decimal::ZERO);
        if !matched && !earns_on_shipping {
            continue;
        }
        // Capped when points × ΣB > maxPoints × per (§8).
        let cap = match max_points {
            Some(max) if decimal::snap(mul(points, total)?) > decimal::snap(mul(max, per)?) => Some(max),
            _ => None,
        };
        applied.push(RuleOnCart { rule: r, amounts, shipping, total, points, per, cap });
    }

    // Lines.
    let line_scope = program.points.scope == Scope::Line;
    let mut lines = Vec::with_capacity(n);
    let mut purchase_line_scope = Decimal::ZERO;
    for (i, line) in cart.lines.iter().enumerate() {
        let net = priced.lines.get(i).map_or(Decimal::ZERO, |l| l.net);
        if !eligible(i) {
            lines.push(EarnLine {
                id: line.id.to_string(),
                eligible: false,
                net: program.round_money(net),
                base_points: Decimal::ZERO,
                multiplier: Decimal::ONE,
                points: if line_scope { program.round_points(Decimal::ZERO) } else { Decimal::ZERO },
                rules: Vec::new(),
            });
            continue;
        }
        let mut base = Decimal::ZERO;
        let mut rule_ids = Vec::new();
        for a in &applied {
            if let Some(Some(b)) = a.amounts.get(i) {
                base = add(base, a.contribution(*b)?)?;
                if let Some(rule) = program.earning.get(a.rule) {
                    rule_ids.push(rule.id.to_string());
                }
            }
        }
        let (m, m_rule) = multipliers.get(i).copied().unwrap_or((Decimal::ONE, None));
        if let Some(rule) = m_rule.and_then(|r| program.earning.get(r)) {
            rule_ids.push(rule.id.to_string());
        }
        let purchase = mul(mul(base, m)?, t)?;
        let points = if line_scope {
            let rounded = program.round_points(purchase);
            purchase_line_scope = add(purchase_line_scope, rounded)?;
            program.round_points(purchase)
        } else {
            decimal::normal(purchase)
        };
        lines.push(EarnLine {
            id: line.id.to_string(),
            eligible: true,
            net: program.round_money(net),
            base_points: decimal::normal(base),
            multiplier: decimal::normal(m),
            points,
            rules: rule_ids,
        });
    }

    let purchase = if line_scope {
        // Shipping of all rules together is one more rounded term (§8).
        let mut shipping_term = Decimal::ZERO;
        for a in &applied {
            if let Some(s) = a.shipping {
                shipping_term = add(shipping_term, mul(a.contribution(s)?, t)?)?;
            }
        }
        add(purchase_line_scope, program.round_points(shipping_term))?
    } else {
        let mut exact = Decimal::ZERO;
        for a in &applied {
            let mut weighted = a.shipping.unwrap_or_default();
            for (i, b) in a.amounts.iter().enumerate() {
                if let Some(b) = b {
                    let m = multipliers.get(i).map_or(Decimal::ONE, |x| x.0);
                    weighted = add(weighted, mul(*b, m)?)?;
                }
            }
            exact = add(exact, a.order_term(t, weighted)?)?;
        }
        program.round_points(exact)
    };

    // Rules listed in program order: applied spend/per_unit rules and bonuses.
    let mut rules = Vec::new();
    let mut bonus = Decimal::ZERO;
    let mut next_applied = applied.iter().peekable();
    for (r, rule) in program.earning.iter().enumerate() {
        if let Some(a) = next_applied.next_if(|a| a.rule == r) {
            rules.push(RuleContribution { id: rule.id.to_string(), points: decimal::normal(a.total_contribution()?) });
        } else if let RuleKind::Bonus { points } = rule.kind {
            let lines = program.filters.line_filter(rule.lines);
            let lines_ok = lines.is_none() || priced.lines.iter().any(|p| p.eligible && filter_matches(lines, &p.hits));
            if lines_ok && rule_holds(r) {
                bonus = add(bonus, points)?;
                rules.push(RuleContribution { id: rule.id.to_string(), points: decimal::normal(points) });
            }
        }
    }

    let bonus = program.round_points(bonus);
    let mut total = add(purchase, bonus)?;
    let mut purchase_points = purchase;
    let mut bonus_points = bonus;
    let mut capped = false;
    if let Some(max) = program.max_points_per_order {
        if total > max {
            total = max;
            capped = true;
            purchase_points = purchase.min(max);
            bonus_points = sub(total, purchase_points)?;
        }
    }

    let cashback = cashback(program, priced, &holds)?;
    let accounting = match &program.accounting {
        None => None,
        Some(acc) => {
            let value = mul(mul(total, acc.point_value)?, acc.redemption_rate)?;
            let p = priced.eligible_subtotal;
            let denominator = add(p, value)?;
            let deferred =
                if decimal::snap(denominator).is_zero() { Decimal::ZERO } else { div(mul(p, value)?, denominator)? };
            Some(EarnAccounting {
                points_value: program.round_money(value),
                deferred_revenue: program.round_money(deferred),
            })
        }
    };

    Ok(EarnPreview {
        points: program.round_points(total),
        purchase_points: program.round_points(purchase_points),
        bonus_points: program.round_points(bonus_points),
        capped,
        tier_multiplier: decimal::normal(t),
        cashback: program.round_money(cashback),
        eligible_subtotal: program.round_money(priced.eligible_subtotal),
        lines,
        rules,
        pending: program.pending_days > 0,
        accounting,
        perks: PerksReport::of(program, priced),
    })
}

/// Cashback (§3.2, §8): exact per-rule amounts, each capped, summed; rounded by the caller's text.
/// `holds`: each rule's `when`, as `preview_earn` evaluated it.
fn cashback(program: &Program, priced: &Priced, holds: &[bool]) -> Calc<Decimal> {
    let mut total = Decimal::ZERO;
    for (rule, holds) in program.earning.iter().zip(holds) {
        let RuleKind::Cashback { percent, base, include_shipping, max_amount } = &rule.kind else { continue };
        if !holds {
            continue;
        }
        let mut amount = if *include_shipping { priced.shipping } else { Decimal::ZERO };
        let lines = program.filters.line_filter(rule.lines);
        for p in &priced.lines {
            if p.eligible && filter_matches(lines, &p.hits) {
                amount = add(amount, if *base == Base::Gross { p.gross } else { p.net })?;
            }
        }
        let mut value = div(mul(*percent, amount)?, Decimal::ONE_HUNDRED)?;
        if let Some(max) = max_amount {
            value = value.min(**max);
        }
        total = add(total, value)?;
    }
    Ok(total)
}
