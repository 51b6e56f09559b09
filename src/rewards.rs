//! Rewards (§5.3): the model of each reward type, validated once at `fromJSON`.

use crate::decimal::Decimal;
use crate::error::Result;
use crate::filter::{Condition, FilterLists, Limit, ListId};
use crate::input::{enum_text, limited_list, unique_id, Fields, Path, Reader, MAX_FILTER_IDS};
use crate::json::Value;
use crate::name::Name;

/// Most rewards in a program (§1 Limits).
pub const MAX_REWARDS: usize = 500;

const R: Reader = Reader::PROGRAM;

#[derive(Clone, Debug)]
pub enum RewardKind {
    AmountOff {
        amount: Decimal,
    },
    PercentOff {
        percent: Decimal,
        /// Boxed: an `Option<Decimal>` (20 bytes) made every reward 12
        /// bytes larger (a compiled programme's memory, issue 10's note).
        max_amount: Option<Box<Decimal>>,
    },
    FreeShipping,
    /// Its `skus`, a list of the programme's [`FilterLists`].
    FreeProduct {
        skus: ListId,
    },
    /// Boxed, as [`Reward::limits`]: a programme holds a few of them, and
    /// inline their four amounts would size every reward.
    PayWithPoints(Box<PayWithPoints>),
}

#[derive(Clone, Debug)]
pub struct PayWithPoints {
    pub point_value: Decimal,
    pub min_points: Decimal,
    pub step: Decimal,
    pub max_percent: Decimal,
}

#[derive(Clone, Debug)]
pub struct Reward {
    pub id: Name,
    /// Points; zero for `pay_with_points`, whose cost is what the shopper chooses.
    pub cost: Decimal,
    /// When and to whom it is offered (§5.3 `minSubtotal`, `tiers`, `from`,
    /// `until`), as clauses of the programme's `FilterLists`: most rewards
    /// set none, and inline these took a reward from 56 to 160 bytes of
    /// wasm memory (a compiled programme's memory: issue 10's note).
    pub limits: Condition,
    pub kind: RewardKind,
}

pub(crate) fn parse_rewards(
    v: &Value,
    path: &Path,
    level_ids: &[&str],
    point_places: u32,
    filters: &mut FilterLists,
) -> Result<Vec<Reward>> {
    let items = limited_list(v, path, MAX_REWARDS, "rewards")?;
    let mut seen = Vec::with_capacity(items.len());
    let mut rewards = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let f = Fields::of(R, item, &p)?;
        let id = f.required_string("id")?;
        unique_id(&mut seen, id, &p.key("id"))?;
        let kind_text = enum_text(
            f.required("type")?,
            &p.key("type"),
            &["amount_off", "percent_off", "free_shipping", "free_product", "pay_with_points"],
        )?;
        let own: &[&str] = match kind_text {
            "amount_off" => &["cost", "amount"],
            "percent_off" => &["cost", "percent", "maxAmount"],
            "free_shipping" => &["cost"],
            "free_product" => &["cost", "skus"],
            _ => &["pointValue", "minPoints", "step", "maxPercentOfSubtotal"],
        };
        for (k, _) in f.entries {
            let common = ["id", "name", "type", "minSubtotal", "tiers", "from", "until"];
            if !common.contains(&&**k) && !own.contains(&&**k) {
                return Err(R.error(&p.key(k), format!("unknown field \"{k}\" for a {kind_text} reward")));
            }
        }
        let amount = |key: &'static str| f.required_amount(key, false);
        let kind = match kind_text {
            "amount_off" => RewardKind::AmountOff { amount: amount("amount")? },
            "percent_off" => {
                let percent = amount("percent")?;
                if percent > Decimal::ONE_HUNDRED {
                    return Err(R.error(&p.key("percent"), "must be at most 100"));
                }
                RewardKind::PercentOff { percent, max_amount: f.optional_amount("maxAmount")?.map(Box::new) }
            }
            "free_shipping" => RewardKind::FreeShipping,
            "free_product" => {
                let skus = R.strings(f.required("skus")?, &p.key("skus"), Some(MAX_FILTER_IDS))?;
                if skus.is_empty() {
                    return Err(R.error(&p.key("skus"), "a free_product reward lists at least one sku"));
                }
                let Some(skus) = filters.add_skus(skus) else {
                    return Err(R.error(&p.key("skus"), "a free_product reward lists at least one sku"));
                };
                RewardKind::FreeProduct { skus }
            }
            _ => {
                let max_percent = match f.get("maxPercentOfSubtotal") {
                    Some(v) => R.amount(v, &p.key("maxPercentOfSubtotal"), false, None)?,
                    None => Decimal::ONE_HUNDRED,
                };
                if max_percent > Decimal::ONE_HUNDRED {
                    return Err(R.error(&p.key("maxPercentOfSubtotal"), "must be at most 100"));
                }
                RewardKind::PayWithPoints(Box::new(PayWithPoints {
                    point_value: f.required_amount("pointValue", true)?,
                    min_points: match f.get("minPoints") {
                        Some(v) => R.amount(v, &p.key("minPoints"), false, Some(point_places))?,
                        None => Decimal::ZERO,
                    },
                    step: match f.get("step") {
                        Some(v) => R.amount(v, &p.key("step"), true, Some(point_places))?,
                        None => Decimal::ONE,
                    },
                    max_percent,
                }))
            }
        };
        let cost = match kind {
            RewardKind::PayWithPoints { .. } => Decimal::ZERO,
            _ => R.amount(f.required("cost")?, &p.key("cost"), false, Some(point_places))?,
        };
        f.optional_string("name")?; // validated, shown nowhere
        let start = filters.clause_count();
        for limit in [Limit::MinSubtotal, Limit::Tiers, Limit::From, Limit::Until] {
            limit.push(&f, level_ids, filters)?;
        }
        let limits = filters.condition_since(start, &p)?;
        rewards.push(Reward { id: id.into(), cost, limits, kind });
    }
    Ok(rewards)
}
