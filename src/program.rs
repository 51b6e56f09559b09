//! The program (§2): parsed and validated once by [`Program::from_value`], so
//! that evaluation never parses, looks up by name or re-validates.

use crate::decimal::{self, Decimal, Rounding};
use crate::error::{Error, ErrorCode, Result};
use crate::filter::{Condition, Exclude, LineFilter};
use crate::input::{Fields, Path, Reader, MAX_FILTER_IDS};
use crate::json::{self, Value};
use crate::time::UtcOffset;

pub const MAX_EARNING_RULES: usize = 500;
pub const MAX_TIER_LEVELS: usize = 50;
pub const MAX_REWARDS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Order,
    Line,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    Net,
    Gross,
}

#[derive(Clone, Debug)]
pub struct PointsSpec {
    pub name: Option<String>,
    pub decimals: u32,
    pub rounding: Rounding,
    pub scope: Scope,
}

#[derive(Clone, Debug)]
pub struct EarningRule {
    pub id: String,
    pub name: Option<String>,
    pub when: Option<Condition>,
    /// Absent or empty: every line.
    pub lines: Option<LineFilter>,
    pub kind: RuleKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionPeriod {
    Day,
    Month,
    Year,
    Lifetime,
}

#[derive(Clone, Debug)]
pub enum RuleKind {
    Spend { points: Decimal, per: Decimal, base: Base, include_shipping: bool, max_points: Option<Decimal> },
    PerUnit { points: Decimal, max_points: Option<Decimal> },
    Multiplier { factor: Decimal },
    Bonus { points: Decimal },
    Cashback { percent: Decimal, base: Base, include_shipping: bool, max_amount: Option<Decimal> },
    Action { action: String, points: Decimal, limit: Option<(u32, ActionPeriod)> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    Points,
    Spend,
    Orders,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    CalendarYear,
    RollingMonths(i64),
    Lifetime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retention {
    None,
    NextWindow,
}

#[derive(Clone, Debug)]
pub struct Level {
    pub id: String,
    /// The level's `name`, or its id when it has none (§8).
    pub name: String,
    pub threshold: Decimal,
    pub earn_multiplier: Decimal,
    /// Free-form, echoed in `tierProgress`, used in no calculation.
    pub benefits: Option<Value>,
}

#[derive(Clone, Debug)]
pub struct Tiers {
    pub metric: Metric,
    pub window: Window,
    pub retention: Retention,
    /// Thresholds strictly ascending, the first 0.
    pub levels: Vec<Level>,
}

#[derive(Clone, Debug)]
pub enum RewardKind {
    AmountOff { amount: Decimal },
    PercentOff { percent: Decimal, max_amount: Option<Decimal> },
    FreeShipping,
    FreeProduct { skus: Vec<String> },
    PayWithPoints { point_value: Decimal, min_points: Decimal, step: Decimal, max_percent: Decimal },
}

#[derive(Clone, Debug)]
pub struct Reward {
    pub id: String,
    pub name: Option<String>,
    /// Points; zero for `pay_with_points`, whose cost is what the shopper chooses.
    pub cost: Decimal,
    pub min_subtotal: Option<Decimal>,
    /// Indices into the tier levels; empty means every tier.
    pub tiers: Vec<usize>,
    pub from: Option<crate::time::Timestamp>,
    pub until: Option<crate::time::Timestamp>,
    pub kind: RewardKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    Never,
    Rolling { months: i64 },
    Inactivity { months: i64 },
    EndOfYear { years: i64 },
}

#[derive(Clone, Copy, Debug)]
pub struct Accounting {
    pub point_value: Decimal,
    pub redemption_rate: Decimal,
}

/// A compiled program. Build it with [`Program::from_json`] or
/// [`Program::from_value`]; all operations are methods of it.
#[derive(Clone, Debug)]
pub struct Program {
    pub id: Option<String>,
    pub name: Option<String>,
    pub currency: String,
    pub currency_decimals: u32,
    pub utc_offset: UtcOffset,
    pub points: PointsSpec,
    pub money_rounding: Rounding,
    pub exclude: Option<Exclude>,
    pub max_points_per_order: Option<Decimal>,
    pub earning: Vec<EarningRule>,
    pub tiers: Option<Tiers>,
    pub rewards: Vec<Reward>,
    pub expiry: Expiry,
    pub pending_days: i64,
    pub accounting: Option<Accounting>,
}

const PROGRAM_FIELDS: &[&str] = &[
    "version",
    "id",
    "name",
    "currency",
    "currencyDecimals",
    "utcOffset",
    "points",
    "moneyRounding",
    "exclude",
    "maxPointsPerOrder",
    "earning",
    "tiers",
    "rewards",
    "expiry",
    "pendingDays",
    "accounting",
];

const R: Reader = Reader::PROGRAM;

impl Program {
    /// Parses JSON text (duplicate keys: the last wins, as `JSON.parse`).
    pub fn from_json(text: &str) -> Result<Program> {
        let value = json::parse(text).map_err(|e| crate::json_error(e, ""))?;
        Program::from_value(&value)
    }

    pub fn from_value(v: &Value) -> Result<Program> {
        let root = Path::Root("");
        let f = Fields::of(R, v, &root)?;
        match f.entries.iter().find(|(k, _)| k == "version").map(|(_, v)| v) {
            None | Some(Value::Null) => return Err(R.error(&root.key("version"), "version is required")),
            Some(Value::Number(n)) if decimal::parse_decimal(n) == Ok(Decimal::ONE) => {}
            Some(other) => {
                return Err(Error::new(
                    ErrorCode::UnsupportedVersion,
                    "version",
                    format!("unsupported program version {}; this engine reads version 1", describe(other)),
                ))
            }
        }
        f.deny_unknown(PROGRAM_FIELDS)?;

        let id = opt_string(&f, "id")?;
        let name = opt_string(&f, "name")?;
        let currency = required_string(&f, "currency")?;
        let currency_decimals = match f.get("currencyDecimals") {
            Some(v) => R.integer(v, &root.key("currencyDecimals"), 0, 8)? as u32,
            None => 2,
        };
        let utc_offset = match f.get("utcOffset") {
            Some(v) => R.utc_offset(v, &root.key("utcOffset"))?,
            None => UtcOffset::default(),
        };
        let points = parse_points(&f, &root)?;
        let money_rounding = match f.get("moneyRounding") {
            Some(v) => rounding(v, &root.key("moneyRounding"))?,
            None => Rounding::HalfUp,
        };
        let exclude = match f.get("exclude") {
            Some(v) => Exclude::parse(v, &root.key("exclude"))?,
            None => None,
        };
        let max_points_per_order = match f.get("maxPointsPerOrder") {
            Some(v) => Some(R.amount(v, &root.key("maxPointsPerOrder"), false, Some(points.decimals))?),
            None => None,
        };
        // Tiers first: conditions and rewards name tier ids that must exist.
        let tiers = match f.get("tiers") {
            Some(v) => Some(parse_tiers(v, &root.key("tiers"))?),
            None => None,
        };
        let earning = match f.get("earning") {
            Some(v) => parse_earning(v, &root.key("earning"), tiers.as_ref())?,
            None => Vec::new(),
        };
        let rewards = match f.get("rewards") {
            Some(v) => parse_rewards(v, &root.key("rewards"), tiers.as_ref(), points.decimals)?,
            None => Vec::new(),
        };
        let expiry = match f.get("expiry") {
            Some(v) => parse_expiry(v, &root.key("expiry"))?,
            None => Expiry::Never,
        };
        let pending_days = match f.get("pendingDays") {
            Some(v) => R.integer(v, &root.key("pendingDays"), 0, 36_500)?,
            None => 0,
        };
        let accounting = match f.get("accounting") {
            Some(v) => Some(parse_accounting(v, &root.key("accounting"))?),
            None => None,
        };
        Ok(Program {
            id,
            name,
            currency,
            currency_decimals,
            utc_offset,
            points,
            money_rounding,
            exclude,
            max_points_per_order,
            earning,
            tiers,
            rewards,
            expiry,
            pending_days,
            accounting,
        })
    }

    /// Rounds money to the currency's minor unit with `moneyRounding`.
    pub fn round_money(&self, x: Decimal) -> Decimal {
        decimal::round(x, self.currency_decimals, self.money_rounding)
    }
    pub fn money_text(&self, x: Decimal) -> String {
        decimal::fixed(x, self.currency_decimals, self.money_rounding)
    }
    /// Money still needed (`amountShort`, `spendToNext`) rounds up (§8).
    pub fn money_text_up(&self, x: Decimal) -> String {
        decimal::fixed(x, self.currency_decimals, Rounding::Ceil)
    }
    pub fn round_points(&self, x: Decimal) -> Decimal {
        decimal::round(x, self.points.decimals, self.points.rounding)
    }
    pub fn points_text(&self, x: Decimal) -> String {
        decimal::fixed(x, self.points.decimals, self.points.rounding)
    }
    /// Appends [`Program::points_text`] to `out`.
    pub fn write_points(&self, out: &mut Vec<u8>, x: Decimal) {
        decimal::write_fixed_bytes(out, x, self.points.decimals, self.points.rounding)
    }
    /// Points still needed (`pointsShort`) round up (§8).
    pub fn points_text_up(&self, x: Decimal) -> String {
        decimal::fixed(x, self.points.decimals, Rounding::Ceil)
    }
    /// One minor unit of the currency (0.01 for two decimals).
    pub fn minor_unit(&self) -> Decimal {
        Decimal::new(1, self.currency_decimals)
    }
    pub fn levels(&self) -> &[Level] {
        self.tiers.as_ref().map_or(&[], |t| t.levels.as_slice())
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Number(n) => n.clone(),
        Value::String(s) => format!("\"{s}\""),
        other => other.type_name().to_owned(),
    }
}

/// A required decimal field ≥ 0 (> 0 when `positive`).
fn required_amount(f: &Fields, key: &'static str, positive: bool) -> Result<Decimal> {
    R.amount(f.required(key)?, &f.path.key(key), positive, None)
}

/// An optional decimal field ≥ 0.
fn optional_amount(f: &Fields, key: &'static str) -> Result<Option<Decimal>> {
    f.get(key).map(|v| R.amount(v, &f.path.key(key), false, None)).transpose()
}

fn required_string(f: &Fields, key: &'static str) -> Result<String> {
    Ok(R.string(f.required(key)?, &f.path.key(key))?.to_owned())
}

fn optional_timestamp(f: &Fields, key: &'static str) -> Result<Option<crate::time::Timestamp>> {
    f.get(key).map(|v| R.timestamp(v, &f.path.key(key))).transpose()
}

fn opt_string(f: &Fields, key: &'static str) -> Result<Option<String>> {
    f.get(key).map(|v| R.string(v, &f.path.key(key)).map(str::to_owned)).transpose()
}

fn rounding(v: &Value, path: &Path) -> Result<Rounding> {
    let s = enum_text(v, path, &["floor", "ceil", "down", "half_up", "half_even"])?;
    Ok(Rounding::parse(s).unwrap_or(Rounding::HalfUp))
}

fn enum_text<'v>(v: &'v Value, path: &Path, allowed: &[&str]) -> Result<&'v str> {
    let s = R.string(v, path)?;
    if allowed.contains(&s) {
        Ok(s)
    } else {
        let mut message = format!("unknown value \"{s}\"; one of ");
        for (i, a) in allowed.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            message.push_str(a);
        }
        Err(R.error(path, message))
    }
}

fn parse_points(f: &Fields, root: &Path) -> Result<PointsSpec> {
    let mut spec = PointsSpec { name: None, decimals: 0, rounding: Rounding::Floor, scope: Scope::Order };
    let Some(v) = f.get("points") else { return Ok(spec) };
    let path = root.key("points");
    let p = Fields::of(R, v, &path)?;
    p.deny_unknown(&["name", "decimals", "rounding", "roundingScope"])?;
    spec.name = opt_string(&p, "name")?;
    if let Some(v) = p.get("decimals") {
        spec.decimals = R.integer(v, &path.key("decimals"), 0, 8)? as u32;
    }
    if let Some(v) = p.get("rounding") {
        spec.rounding = rounding(v, &path.key("rounding"))?;
    }
    if let Some(v) = p.get("roundingScope") {
        spec.scope = match enum_text(v, &path.key("roundingScope"), &["order", "line"])? {
            "line" => Scope::Line,
            _ => Scope::Order,
        };
    }
    Ok(spec)
}

fn limited_list<'v>(v: &'v Value, path: &Path, max: usize, what: &str) -> Result<&'v [Value]> {
    let items = R.array(v, path)?;
    if items.len() > max {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            path.render(),
            format!("{} {what}; at most {max} allowed", items.len()),
        ));
    }
    Ok(items)
}

/// Ids are unique within their list (§2).
fn unique_id(seen: &mut Vec<String>, id: &str, path: &Path) -> Result<()> {
    if seen.iter().any(|s| s == id) {
        return Err(R.error(path, format!("duplicate id \"{id}\"")));
    }
    seen.push(id.to_owned());
    Ok(())
}

const RULE_COMMON: &[&str] = &["id", "type", "name", "when", "lines"];

fn parse_earning(v: &Value, path: &Path, tiers: Option<&Tiers>) -> Result<Vec<EarningRule>> {
    let items = limited_list(v, path, MAX_EARNING_RULES, "earning rules")?;
    let mut seen = Vec::with_capacity(items.len());
    let mut rules = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let f = Fields::of(R, item, &p)?;
        let id = required_string(&f, "id")?;
        unique_id(&mut seen, &id, &p.key("id"))?;
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
            if !RULE_COMMON.contains(&k.as_str()) && !own.contains(&k.as_str()) {
                return Err(R.error(&p.key(k), format!("unknown field \"{k}\" for a {kind_text} rule")));
            }
        }
        let amount = |key: &'static str, positive: bool| required_amount(&f, key, positive);
        let opt_amount = |key: &'static str| optional_amount(&f, key);
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
                action: required_string(&f, "action")?,
                points: amount("points", false)?,
                limit: match f.get("limit") {
                    Some(v) => Some(parse_limit(v, &p.key("limit"))?),
                    None => None,
                },
            },
        };
        rules.push(EarningRule {
            id,
            name: opt_string(&f, "name")?,
            when: match f.get("when") {
                Some(v) => Condition::parse(v, &p.key("when"), tiers)?,
                None => None,
            },
            lines: match f.get("lines") {
                Some(v) => LineFilter::parse(v, &p.key("lines"))?,
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

fn parse_tiers(v: &Value, path: &Path) -> Result<Tiers> {
    let f = Fields::of(R, v, path)?;
    f.deny_unknown(&["metric", "window", "retention", "levels"])?;
    let metric = match enum_text(f.required("metric")?, &path.key("metric"), &["points", "spend", "orders"])? {
        "points" => Metric::Points,
        "spend" => Metric::Spend,
        _ => Metric::Orders,
    };
    let wpath = path.key("window");
    let w = Fields::of(R, f.required("window")?, &wpath)?;
    let window =
        match enum_text(w.required("type")?, &wpath.key("type"), &["calendar_year", "rolling_months", "lifetime"])? {
            "rolling_months" => {
                w.deny_unknown(&["type", "months"])?;
                Window::RollingMonths(R.integer(w.required("months")?, &wpath.key("months"), 1, 1200)?)
            }
            kind => {
                w.deny_unknown(&["type"])?;
                if kind == "lifetime" {
                    Window::Lifetime
                } else {
                    Window::CalendarYear
                }
            }
        };
    let retention = match f.get("retention") {
        Some(v) => match enum_text(v, &path.key("retention"), &["none", "next_window"])? {
            "next_window" if window != Window::CalendarYear => {
                return Err(R.error(&path.key("retention"), "next_window retention needs a calendar_year window"))
            }
            "next_window" => Retention::NextWindow,
            _ => Retention::None,
        },
        None => Retention::None,
    };
    let lpath = path.key("levels");
    let items = limited_list(f.required("levels")?, &lpath, MAX_TIER_LEVELS, "tier levels")?;
    if items.is_empty() {
        return Err(R.error(&lpath, "at least one tier level is required"));
    }
    let mut seen = Vec::with_capacity(items.len());
    let mut levels: Vec<Level> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = lpath.index(i);
        let l = Fields::of(R, item, &p)?;
        l.deny_unknown(&["id", "name", "threshold", "earnMultiplier", "benefits"])?;
        let id = required_string(&l, "id")?;
        unique_id(&mut seen, &id, &p.key("id"))?;
        let threshold = required_amount(&l, "threshold", false)?;
        match levels.last() {
            None if !threshold.is_zero() => return Err(R.error(&p.key("threshold"), "the first threshold must be 0")),
            Some(prev) if threshold <= prev.threshold => {
                return Err(R.error(&p.key("threshold"), "thresholds must strictly ascend"))
            }
            _ => {}
        }
        let benefits = match l.get("benefits") {
            Some(b @ Value::Object(_)) => Some(b.clone()),
            Some(other) => {
                return Err(R.error(&p.key("benefits"), format!("expected an object, got {}", other.type_name())))
            }
            None => None,
        };
        levels.push(Level {
            name: match l.get("name") {
                Some(v) => R.string(v, &p.key("name"))?.to_owned(),
                None => id.clone(),
            },
            id,
            threshold,
            earn_multiplier: match l.get("earnMultiplier") {
                Some(v) => R.amount(v, &p.key("earnMultiplier"), true, None)?,
                None => Decimal::ONE,
            },
            benefits,
        });
    }
    Ok(Tiers { metric, window, retention, levels })
}

/// Resolves a list of tier ids to level indices; unknown ids are errors at the id.
pub(crate) fn tier_refs(v: &Value, path: &Path, tiers: Option<&Tiers>) -> Result<Vec<usize>> {
    let ids = R.strings(v, path, Some(MAX_FILTER_IDS))?;
    let levels = tiers.map_or(&[][..], |t| t.levels.as_slice());
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            levels
                .iter()
                .position(|l| &l.id == id)
                .ok_or_else(|| R.error(&path.index(i), format!("unknown tier \"{id}\"")))
        })
        .collect()
}

fn parse_rewards(v: &Value, path: &Path, tiers: Option<&Tiers>, point_places: u32) -> Result<Vec<Reward>> {
    let items = limited_list(v, path, MAX_REWARDS, "rewards")?;
    let mut seen = Vec::with_capacity(items.len());
    let mut rewards = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let f = Fields::of(R, item, &p)?;
        let id = required_string(&f, "id")?;
        unique_id(&mut seen, &id, &p.key("id"))?;
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
            if !common.contains(&k.as_str()) && !own.contains(&k.as_str()) {
                return Err(R.error(&p.key(k), format!("unknown field \"{k}\" for a {kind_text} reward")));
            }
        }
        let amount = |key: &'static str| required_amount(&f, key, false);
        let kind = match kind_text {
            "amount_off" => RewardKind::AmountOff { amount: amount("amount")? },
            "percent_off" => {
                let percent = amount("percent")?;
                if percent > Decimal::ONE_HUNDRED {
                    return Err(R.error(&p.key("percent"), "must be at most 100"));
                }
                RewardKind::PercentOff { percent, max_amount: optional_amount(&f, "maxAmount")? }
            }
            "free_shipping" => RewardKind::FreeShipping,
            "free_product" => {
                let skus = R.strings(f.required("skus")?, &p.key("skus"), Some(MAX_FILTER_IDS))?;
                if skus.is_empty() {
                    return Err(R.error(&p.key("skus"), "a free_product reward lists at least one sku"));
                }
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
                RewardKind::PayWithPoints {
                    point_value: required_amount(&f, "pointValue", true)?,
                    min_points: match f.get("minPoints") {
                        Some(v) => R.amount(v, &p.key("minPoints"), false, Some(point_places))?,
                        None => Decimal::ZERO,
                    },
                    step: match f.get("step") {
                        Some(v) => R.amount(v, &p.key("step"), true, Some(point_places))?,
                        None => Decimal::ONE,
                    },
                    max_percent,
                }
            }
        };
        let cost = match kind {
            RewardKind::PayWithPoints { .. } => Decimal::ZERO,
            _ => R.amount(f.required("cost")?, &p.key("cost"), false, Some(point_places))?,
        };
        rewards.push(Reward {
            id,
            name: opt_string(&f, "name")?,
            cost,
            min_subtotal: optional_amount(&f, "minSubtotal")?,
            tiers: match f.get("tiers") {
                Some(v) => tier_refs(v, &p.key("tiers"), tiers)?,
                None => Vec::new(),
            },
            from: optional_timestamp(&f, "from")?,
            until: optional_timestamp(&f, "until")?,
            kind,
        });
    }
    Ok(rewards)
}

fn parse_expiry(v: &Value, path: &Path) -> Result<Expiry> {
    let f = Fields::of(R, v, path)?;
    let kind = enum_text(f.required("type")?, &path.key("type"), &["never", "rolling", "inactivity", "end_of_year"])?;
    let months = || R.integer(f.required("months")?, &path.key("months"), 1, 1200);
    Ok(match kind {
        "never" => {
            f.deny_unknown(&["type"])?;
            Expiry::Never
        }
        "rolling" => {
            f.deny_unknown(&["type", "months"])?;
            Expiry::Rolling { months: months()? }
        }
        "inactivity" => {
            f.deny_unknown(&["type", "months"])?;
            Expiry::Inactivity { months: months()? }
        }
        _ => {
            f.deny_unknown(&["type", "years"])?;
            Expiry::EndOfYear {
                years: match f.get("years") {
                    Some(v) => R.integer(v, &path.key("years"), 1, 100)?,
                    None => 1,
                },
            }
        }
    })
}

fn parse_accounting(v: &Value, path: &Path) -> Result<Accounting> {
    let f = Fields::of(R, v, path)?;
    f.deny_unknown(&["pointValue", "redemptionRate"])?;
    let point_value = required_amount(&f, "pointValue", false)?;
    let redemption_rate = required_amount(&f, "redemptionRate", false)?;
    if redemption_rate > Decimal::ONE {
        return Err(R.error(&path.key("redemptionRate"), "must be between 0 and 1"));
    }
    Ok(Accounting { point_value, redemption_rate })
}

impl Program {
    /// `R` of §4.1: Σ points/per of spend rules with neither `when` nor `lines`
    /// (the unconditional base rate), computed where it is used so that only
    /// `tierProgress` can fail on it.
    pub fn base_rate(&self) -> decimal::Calc<Decimal> {
        let mut r = Decimal::ZERO;
        for rule in &self.earning {
            if let (RuleKind::Spend { points, per, .. }, None, None) = (&rule.kind, &rule.when, &rule.lines) {
                r = decimal::add(r, decimal::div(*points, *per)?)?;
            }
        }
        Ok(r)
    }
}
