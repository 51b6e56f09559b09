//! Earning rules (§2.2): the model of each rule type, validated once at
//! `fromJSON` so that earning never re-reads the program.

use crate::decimal::Decimal;
use crate::error::Result;
use crate::filter::{Condition, FilterId, FilterLists, LineFilter};
use crate::input::{enum_text, limited_list, unique_id, Fields, Path, Reader};
use crate::json::Value;
use crate::name::Name;

/// Most earning rules in a program (§1 Limits).
pub const MAX_EARNING_RULES: usize = 500;

const R: Reader = Reader::PROGRAM;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    Net,
    Gross,
}

#[derive(Clone, Debug)]
pub struct EarningRule {
    pub id: Name,
    /// Its clauses, in the programme's `FilterLists`; none: always.
    pub when: Condition,
    /// Absent or empty: every line. Its filter is in the programme's
    /// `FilterLists` (`FilterLists::line_filter`).
    pub lines: Option<FilterId>,
    pub kind: RuleKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionPeriod {
    Day,
    Month,
    Year,
    Lifetime,
}

/// The caps (`maxPoints`, `maxAmount`) are boxed: few rules have one, and
/// an `Option<Decimal>` inline (20 bytes) made every rule 16 bytes larger
/// in a compiled programme's memory (issue 10).
#[derive(Clone, Debug)]
pub enum RuleKind {
    Spend { points: Decimal, per: Decimal, base: Base, include_shipping: bool, max_points: Option<Box<Decimal>> },
    PerUnit { points: Decimal, max_points: Option<Box<Decimal>> },
    Multiplier { factor: Decimal },
    Bonus { points: Decimal },
    Cashback { percent: Decimal, base: Base, include_shipping: bool, max_amount: Option<Box<Decimal>> },
    Action { action: Name, points: Decimal, limit: Option<(u32, ActionPeriod)> },
}

const RULE_COMMON: &[&str] = &["id", "type", "name", "when", "lines"];

pub(crate) fn parse_earning(
    v: &Value,
    path: &Path,
    level_ids: &[&str],
    filters: &mut FilterLists,
) -> Result<Vec<EarningRule>> {
    let items = limited_list(v, path, MAX_EARNING_RULES, "earning rules")?;
    let mut seen = Vec::with_capacity(items.len());
    let mut rules = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let f = Fields::of(R, item, &p)?;
        let id = f.required_string("id")?;
        unique_id(&mut seen, id, &p.key("id"))?;
        let kind_text = enum_text(
            f.required("type")?,
            &p.key("type"),
            &["spend", "per_unit", "multiplier", "bonus", "cashback", "action"],
        )?;
        let own: &[&str] = match kind_text {
            "spend" => &["points", "per", "base", "includeShipping", "maxPoints"],
            "per_unit" => &["points", "maxPoints"],
            "multiplier" => &["factor"],
            "bonus" => &["points"],
            "cashback" => &["percent", "base", "includeShipping", "maxAmount"],
            _ => &["action", "points", "limit"],
        };
        for (k, _) in f.entries {
            if !RULE_COMMON.contains(&&**k) && !own.contains(&&**k) {
                return Err(R.error(&p.key(k), format!("unknown field \"{k}\" for a {kind_text} rule")));
            }
        }
        let amount = |key: &'static str, positive: bool| f.required_amount(key, positive);
        let opt_amount = |key: &'static str| f.optional_amount(key).map(|cap| cap.map(Box::new));
        let base = || -> Result<Base> {
            Ok(match f.get("base") {
                Some(v) if enum_text(v, &p.key("base"), &["net", "gross"])? == "gross" => Base::Gross,
                _ => Base::Net,
            })
        };
        let include_shipping = || -> Result<bool> {
            f.get("includeShipping").map_or(Ok(false), |v| R.boolean(v, &p.key("includeShipping")))
        };
        let kind = match kind_text {
            "spend" => RuleKind::Spend {
                points: amount("points", false)?,
                per: match f.get("per") {
                    Some(v) => R.amount(v, &p.key("per"), true, None)?,
                    None => Decimal::ONE,
                },
                base: base()?,
                include_shipping: include_shipping()?,
                max_points: opt_amount("maxPoints")?,
            },
            "per_unit" => RuleKind::PerUnit { points: amount("points", false)?, max_points: opt_amount("maxPoints")? },
            "multiplier" => RuleKind::Multiplier { factor: amount("factor", true)? },
            "bonus" => RuleKind::Bonus { points: amount("points", false)? },
            "cashback" => RuleKind::Cashback {
                percent: amount("percent", false)?,
                base: base()?,
                include_shipping: include_shipping()?,
                max_amount: opt_amount("maxAmount")?,
            },
            _ => RuleKind::Action {
                action: f.required_string("action")?.into(),
                points: amount("points", false)?,
                limit: match f.get("limit") {
                    Some(v) => Some(parse_limit(v, &p.key("limit"))?),
                    None => None,
                },
            },
        };
        f.optional_string("name")?; // validated, shown nowhere
        rules.push(EarningRule {
            id: id.into(),
            when: match f.get("when") {
                Some(v) => Condition::parse(v, &p.key("when"), level_ids, filters)?,
                None => Condition::default(),
            },
            lines: match f.get("lines") {
                Some(v) => match LineFilter::parse(v, &p.key("lines"), filters)? {
                    Some(filter) => Some(
                        filters.add_filter(filter).ok_or_else(|| R.error(&p.key("lines"), "too many line filters"))?,
                    ),
                    None => None,
                },
                None => None,
            },
            kind,
        });
    }
    Ok(rules)
}

fn parse_limit(v: &Value, path: &Path) -> Result<(u32, ActionPeriod)> {
    let f = Fields::of(R, v, path)?;
    f.deny_unknown(&["count", "period"])?;
    let count = R.integer(f.required("count")?, &path.key("count"), 0, 1_000_000)? as u32;
    let period = match enum_text(f.required("period")?, &path.key("period"), &["day", "month", "year", "lifetime"])? {
        "day" => ActionPeriod::Day,
        "month" => ActionPeriod::Month,
        "year" => ActionPeriod::Year,
        _ => ActionPeriod::Lifetime,
    };
    Ok((count, period))
}
