//! The program (§2): parsed and validated once by [`Program::from_value`], so
//! that evaluation never parses, looks up by name or re-validates.

use crate::decimal::{self, Decimal, Rounding};
use crate::error::{Error, ErrorCode, Result};
use crate::filter::{Exclude, FilterLists};
use crate::input::{enum_text, Fields, Path, Reader};
use crate::json::{self, Value};
use crate::levels::{parse_tiers, Level, Tiers};
use crate::name::Name;
use crate::rewards::{parse_rewards, Reward};
use crate::rules::{parse_earning, EarningRule, RuleKind};
use crate::time::UtcOffset;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Order,
    Line,
}

#[derive(Clone, Debug)]
pub struct PointsSpec {
    pub(crate) name: Option<Name>,
    pub(crate) decimals: u32,
    pub(crate) rounding: Rounding,
    pub(crate) scope: Scope,
}

/// What a return or negative adjust that asks for more points than are
/// available leaves (§9.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortfall {
    /// The missing points are owed: the balance goes negative, and lots pay
    /// it back as they become available.
    Debt,
    /// The missing points are dropped: the balance stops at 0.
    Forgive,
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
    pub(crate) point_value: Decimal,
    pub(crate) redemption_rate: Decimal,
}

/// A compiled programme (§2). Build it once with [`Program::from_json`];
/// every operation of §6 is a method of it (`preview_earn`, `tier_progress`,
/// `statement`, …) and does no parsing. Cheap to share: operations take `&self`.
#[derive(Clone, Debug)]
pub struct Program {
    pub(crate) id: Option<Name>,
    pub(crate) name: Option<Name>,
    pub(crate) currency: Name,
    pub(crate) currency_decimals: u32,
    pub(crate) utc_offset: UtcOffset,
    pub(crate) points: PointsSpec,
    pub(crate) money_rounding: Rounding,
    pub(crate) exclude: Option<Exclude>,
    /// The id lists of `exclude`, the rules' and the perks' `lines`.
    pub(crate) filters: FilterLists,
    pub(crate) max_points_per_order: Option<Decimal>,
    pub(crate) earning: Vec<EarningRule>,
    pub(crate) tiers: Option<Tiers>,
    pub(crate) rewards: Vec<Reward>,
    pub(crate) expiry: Expiry,
    pub(crate) pending_days: i64,
    pub(crate) shortfall: Shortfall,
    pub(crate) accounting: Option<Accounting>,
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
    "shortfall",
    "accounting",
];

const R: Reader = Reader::PROGRAM;

impl Program {
    /// Compiles a programme from its JSON text (§2): every field validated
    /// once (unknown fields are errors), so that operations never parse.
    /// Duplicate keys: the last wins, as `JSON.parse`.
    pub fn from_json(text: &str) -> Result<Program> {
        let value = json::parse(text).map_err(|e| crate::input::json_error(e, ""))?;
        Program::from_value(&value)
    }

    pub(crate) fn from_value(v: &Value) -> Result<Program> {
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

        let id = f.optional_string("id")?;
        let name = f.optional_string("name")?;
        let currency = f.required_string("currency")?;
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
        let mut filters = FilterLists::default();
        let exclude = match f.get("exclude") {
            Some(v) => Exclude::parse(v, &root.key("exclude"), &mut filters)?,
            None => None,
        };
        let max_points_per_order = match f.get("maxPointsPerOrder") {
            Some(v) => Some(R.amount(v, &root.key("maxPointsPerOrder"), false, Some(points.decimals))?),
            None => None,
        };
        // Tiers first: conditions and rewards name tier ids that must exist.
        let tiers = match f.get("tiers") {
            Some(v) => Some(parse_tiers(v, &root.key("tiers"), currency_decimals, &mut filters)?),
            None => None,
        };
        let level_ids: Vec<&str> = tiers.iter().flat_map(|t| t.levels.iter().map(|l| l.id.as_str())).collect();
        let earning = match f.get("earning") {
            Some(v) => parse_earning(v, &root.key("earning"), &level_ids, &mut filters)?,
            None => Vec::new(),
        };
        let rewards = match f.get("rewards") {
            Some(v) => parse_rewards(v, &root.key("rewards"), &level_ids, points.decimals, &mut filters)?,
            None => Vec::new(),
        };
        filters.finish();
        let expiry = match f.get("expiry") {
            Some(v) => parse_expiry(v, &root.key("expiry"))?,
            None => Expiry::Never,
        };
        let shortfall = match f.get("shortfall") {
            Some(v) => match enum_text(v, &root.key("shortfall"), &["debt", "forgive"])? {
                "forgive" => Shortfall::Forgive,
                _ => Shortfall::Debt,
            },
            None => Shortfall::Debt,
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
            id: id.map(Name::from),
            name: name.map(Name::from),
            currency: currency.into(),
            currency_decimals,
            utc_offset,
            points,
            money_rounding,
            exclude,
            filters,
            max_points_per_order,
            earning,
            tiers,
            rewards,
            expiry,
            pending_days,
            shortfall,
            accounting,
        })
    }

    /// Rounds money to the currency's minor unit with `moneyRounding`.
    /// The programme's `id`, if it has one.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The programme's `name`, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The programme's currency (a cart must use the same).
    pub fn currency(&self) -> &str {
        &self.currency
    }

    pub(crate) fn round_money(&self, x: Decimal) -> Decimal {
        decimal::round(x, self.currency_decimals, self.money_rounding)
    }
    pub(crate) fn money_text(&self, x: Decimal) -> String {
        decimal::fixed(x, self.currency_decimals, self.money_rounding)
    }
    pub(crate) fn round_points(&self, x: Decimal) -> Decimal {
        decimal::round(x, self.points.decimals, self.points.rounding)
    }
    pub(crate) fn points_text(&self, x: Decimal) -> String {
        decimal::fixed(x, self.points.decimals, self.points.rounding)
    }
    /// Appends [`Program::points_text`] to `out`.
    #[cfg(any(feature = "js", test))]
    pub(crate) fn write_points(&self, out: &mut Vec<u8>, x: Decimal) {
        decimal::write_fixed_bytes(out, x, self.points.decimals, self.points.rounding)
    }
    /// Money still needed (`amountShort`, `spendToNext`), rounded up (§8).
    pub(crate) fn round_money_up(&self, x: Decimal) -> Decimal {
        decimal::round(x, self.currency_decimals, Rounding::Ceil)
    }
    /// Points still needed (`pointsShort`), rounded up (§8).
    pub(crate) fn round_points_up(&self, x: Decimal) -> Decimal {
        decimal::round(x, self.points.decimals, Rounding::Ceil)
    }
    /// Points still needed (`pointsShort`) round up (§8).
    pub(crate) fn points_text_up(&self, x: Decimal) -> String {
        decimal::fixed(x, self.points.decimals, Rounding::Ceil)
    }
    /// One minor unit of the currency (0.01 for two decimals).
    pub(crate) fn minor_unit(&self) -> Decimal {
        Decimal::new(1, self.currency_decimals)
    }
    pub(crate) fn levels(&self) -> &[Level] {
        self.tiers.as_ref().map_or(&[], |t| t.levels.as_slice())
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{s}\""),
        other => other.type_name().to_owned(),
    }
}

fn rounding(v: &Value, path: &Path) -> Result<Rounding> {
    let s = enum_text(v, path, &["floor", "ceil", "down", "half_up", "half_even"])?;
    Ok(Rounding::parse(s).unwrap_or(Rounding::HalfUp))
}

fn parse_points(f: &Fields, root: &Path) -> Result<PointsSpec> {
    let mut spec = PointsSpec { name: None, decimals: 0, rounding: Rounding::Floor, scope: Scope::Order };
    let Some(v) = f.get("points") else { return Ok(spec) };
    let path = root.key("points");
    let p = Fields::of(R, v, &path)?;
    p.deny_unknown(&["name", "decimals", "rounding", "roundingScope"])?;
    spec.name = p.optional_string("name")?.map(Name::from);
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
    let point_value = f.required_amount("pointValue", false)?;
    let redemption_rate = f.required_amount("redemptionRate", false)?;
    if redemption_rate > Decimal::ONE {
        return Err(R.error(&path.key("redemptionRate"), "must be between 0 and 1"));
    }
    Ok(Accounting { point_value, redemption_rate })
}

impl Program {
    /// `R` of §4.1: Σ points/per of spend rules with neither `when` nor `lines`
    /// (the unconditional base rate), computed where it is used so that only
    /// `tierProgress` can fail on it.
    pub(crate) fn base_rate(&self) -> decimal::Calc<Decimal> {
        let mut r = Decimal::ZERO;
        for rule in &self.earning {
            if let (RuleKind::Spend { points, per, .. }, true, None) = (&rule.kind, rule.when.is_empty(), &rule.lines) {
                r = decimal::add(r, decimal::div(*points, *per)?)?;
            }
        }
        Ok(r)
    }
}
