//! Tier levels (§4, §9.2): metric, window, retention and the ladder of
//! levels, validated once at `fromJSON`.

use crate::decimal::Decimal;
use crate::error::Result;
use crate::filter::{FilterLists, LineFilter};
use crate::input::{enum_text, limited_list, unique_id, Fields, Path, Reader};
use crate::json::Value;
use crate::name::Name;

/// Most tier levels in a program (§1 Limits).
pub const MAX_TIER_LEVELS: usize = 50;

const R: Reader = Reader::PROGRAM;

/// A level's `benefits`: free-form JSON from the programme, echoed as it was
/// given (numbers as `JSON.parse` reads them) and used in no calculation (§4).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct Benefits(pub(crate) Value<'static>);

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
    pub id: Name,
    /// The level's `name`, or its id when it has none (§8).
    pub name: Name,
    /// `None` for an assigned-only (paid) level, held only through
    /// `member.tier` (§9.2).
    pub threshold: Option<Decimal>,
    pub earn_multiplier: Decimal,
    /// Free-form, echoed in `tierProgress`, used in no calculation.
    /// Boxed: few levels have them (a compiled programme's memory, issue 10's note).
    pub benefits: Option<Box<Benefits>>,
    /// What the engine applies to the cart of a member in this tier (§9.1).
    /// Boxed: most levels have none, and inline they took half a level's bytes.
    pub perks: Option<Box<Perks>>,
}

/// A level's `perks` (§9.1): applied to every cart of a member who holds it.
#[derive(Clone, Debug)]
pub struct Perks {
    /// Percent off the matching eligible lines' net, 0 < p ≤ 100.
    pub percent_off: Option<Decimal>,
    /// Which lines get the percent off (absent: every eligible line).
    pub lines: Option<LineFilter>,
    /// Cap of the percent discount (money).
    pub max_amount: Option<Decimal>,
    pub free_shipping: bool,
}

#[derive(Clone, Debug)]
pub struct Tiers {
    pub metric: Metric,
    pub window: Window,
    pub retention: Retention,
    /// In rank order. Thresholds of the levels that are not assigned-only
    /// strictly ascend, the first 0.
    pub levels: Vec<Level>,
    /// The lowest level that is not assigned-only: a guest's, and the one
    /// a qualifying value of 0 reaches (§8, §9.2).
    pub base: usize,
}

impl Tiers {
    /// The next level above `level` that can be reached by qualifying value
    /// (§9.2: never an assigned-only one), with its threshold.
    pub fn next_above(&self, level: usize) -> Option<(usize, &Level, Decimal)> {
        self.levels.iter().enumerate().skip(level + 1).find_map(|(i, l)| l.threshold.map(|t| (i, l, t)))
    }
}

pub(crate) fn parse_tiers(v: &Value, path: &Path, money_places: u32, filters: &mut FilterLists) -> Result<Tiers> {
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
    let mut last_threshold: Option<Decimal> = None;
    let mut base = None;
    for (i, item) in items.iter().enumerate() {
        let p = lpath.index(i);
        let l = Fields::of(R, item, &p)?;
        l.deny_unknown(&["id", "name", "threshold", "earnMultiplier", "benefits", "perks", "assignedOnly"])?;
        let id = l.required_string("id")?;
        unique_id(&mut seen, id, &p.key("id"))?;
        let assigned_only = match l.get("assignedOnly") {
            Some(v) => R.boolean(v, &p.key("assignedOnly"))?,
            None => false,
        };
        let threshold = if assigned_only {
            if l.has("threshold") {
                return Err(R.error(&p.key("threshold"), "an assignedOnly level has no threshold"));
            }
            None
        } else {
            let threshold = l.required_amount("threshold", false)?;
            match last_threshold {
                None if !threshold.is_zero() => {
                    return Err(R.error(&p.key("threshold"), "the first threshold must be 0"))
                }
                Some(prev) if threshold <= prev => {
                    return Err(R.error(&p.key("threshold"), "thresholds must strictly ascend"))
                }
                _ => {}
            }
            last_threshold = Some(threshold);
            base.get_or_insert(i);
            Some(threshold)
        };
        let benefits = match l.get("benefits") {
            Some(b @ Value::Object(_)) => Some(Box::new(Benefits(b.clone().into_owned()))),
            Some(other) => {
                return Err(R.error(&p.key("benefits"), format!("expected an object, got {}", other.type_name())))
            }
            None => None,
        };
        levels.push(Level {
            name: match l.get("name") {
                Some(v) => R.string(v, &p.key("name"))?.into(),
                None => Name::from(id),
            },
            id: id.into(),
            threshold,
            earn_multiplier: match l.get("earnMultiplier") {
                Some(v) => R.amount(v, &p.key("earnMultiplier"), true, None)?,
                None => Decimal::ONE,
            },
            benefits,
            perks: match l.get("perks") {
                Some(v) => Some(Box::new(parse_perks(v, &p.key("perks"), money_places, filters)?)),
                None => None,
            },
        });
    }
    let Some(base) = base else {
        return Err(R.error(&lpath, "at least one level must not be assignedOnly"));
    };
    Ok(Tiers { metric, window, retention, levels, base })
}

fn parse_perks(v: &Value, path: &Path, money_places: u32, filters: &mut FilterLists) -> Result<Perks> {
    let f = Fields::of(R, v, path)?;
    f.deny_unknown(&["percentOff", "lines", "maxAmount", "freeShipping"])?;
    let percent_off = match f.get("percentOff") {
        Some(v) => {
            let p = R.amount(v, &path.key("percentOff"), true, None)?;
            if p > Decimal::ONE_HUNDRED {
                return Err(R.error(&path.key("percentOff"), "must be at most 100"));
            }
            Some(p)
        }
        None => None,
    };
    Ok(Perks {
        percent_off,
        lines: match f.get("lines") {
            Some(v) => LineFilter::parse(v, &path.key("lines"), filters)?,
            None => None,
        },
        max_amount: match f.get("maxAmount") {
            Some(v) => Some(R.amount(v, &path.key("maxAmount"), false, Some(money_places))?),
            None => None,
        },
        free_shipping: match f.get("freeShipping") {
            Some(v) => R.boolean(v, &path.key("freeShipping"))?,
            None => false,
        },
    })
}
