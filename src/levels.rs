//! Tier levels (§4, §9.2): metric, window, retention and the ladder of
//! levels, validated once at `fromJSON`.

use crate::decimal::Decimal;
use crate::error::Result;
use crate::input::{enum_text, limited_list, unique_id, Fields, Path, Reader, MAX_FILTER_IDS};
use crate::json::Value;

/// Most tier levels in a program (§1 Limits).
pub const MAX_TIER_LEVELS: usize = 50;

const R: Reader = Reader::PROGRAM;

/// A level's `benefits`: free-form JSON from the programme, echoed as it was
/// given (numbers as `JSON.parse` reads them) and used in no calculation (§4).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct Benefits(pub(crate) Value);

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
    pub benefits: Option<Benefits>,
}

#[derive(Clone, Debug)]
pub struct Tiers {
    pub metric: Metric,
    pub window: Window,
    pub retention: Retention,
    /// Thresholds strictly ascending, the first 0.
    pub levels: Vec<Level>,
}

pub(crate) fn parse_tiers(v: &Value, path: &Path) -> Result<Tiers> {
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
        let id = l.required_string("id")?;
        unique_id(&mut seen, &id, &p.key("id"))?;
        let threshold = l.required_amount("threshold", false)?;
        match levels.last() {
            None if !threshold.is_zero() => return Err(R.error(&p.key("threshold"), "the first threshold must be 0")),
            Some(prev) if threshold <= prev.threshold => {
                return Err(R.error(&p.key("threshold"), "thresholds must strictly ascend"))
            }
            _ => {}
        }
        let benefits = match l.get("benefits") {
            Some(b @ Value::Object(_)) => Some(Benefits(b.clone())),
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
