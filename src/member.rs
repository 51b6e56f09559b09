//! The member (§5): a snapshot or a ledger of events, never both.

use crate::decimal::Decimal;
use crate::error::{Error, ErrorCode, Result};
use crate::input::{Fields, Path, Reader, MAX_LINE_VALUES};
use crate::json::Value;
use crate::program::Program;
use crate::time::Timestamp;

pub const MAX_EVENTS: usize = 100_000;

const R: Reader = Reader::MEMBER;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Purchase,
    Action,
    Redeem,
    Return,
    Adjust,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Position in the caller's `events` array, for error paths.
    pub(crate) index: usize,
    pub(crate) kind: EventKind,
    pub(crate) at: Timestamp,
    /// Signed only for `adjust`.
    pub(crate) points: Decimal,
    pub(crate) spend: Decimal,
    pub(crate) order_id: Option<String>,
    pub(crate) action: Option<String>,
    pub(crate) reward_id: Option<String>,
    pub(crate) full_return: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Standing {
    Snapshot {
        balance: Decimal,
        qualifying_value: Decimal,
        order_count: i64,
    },
    /// Events in `at` order (stable for equal times).
    Ledger {
        events: Vec<Event>,
    },
}

/// A member (§5), validated against a programme: a snapshot (`balance`,
/// `qualifyingValue`, `orderCount`) or a ledger of events, with its flags
/// and any assigned tier. Build it with [`Member::from_json`]; a guest is
/// `None` wherever an operation takes `Option<&Member>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub(crate) id: Option<String>,
    pub(crate) flags: Vec<String>,
    /// An assigned tier (level index), e.g. a paid membership.
    pub(crate) tier: Option<usize>,
    /// When the assigned tier ends (`member.tierUntil`, §9.2); none: never.
    pub(crate) tier_until: Option<Timestamp>,
    pub(crate) standing: Standing,
}

impl Member {
    /// Parses and validates a member given as JSON text.
    pub fn from_json(program: &Program, text: &str) -> Result<Member> {
        let v = crate::json::parse(text).map_err(|e| crate::input::json_error(e, "member"))?;
        Member::from_value(program, &v)
    }

    /// A guest: balance 0, no flags, no orders, the lowest tier (§8).
    pub(crate) fn guest() -> Member {
        Member {
            id: None,
            flags: Vec::new(),
            tier: None,
            tier_until: None,
            standing: Standing::Snapshot { balance: Decimal::ZERO, qualifying_value: Decimal::ZERO, order_count: 0 },
        }
    }

    /// The same member with these events (sorted, at or before the
    /// operation's `now`) as its ledger.
    pub(crate) fn with_events(&self, events: Vec<Event>) -> Member {
        Member { standing: Standing::Ledger { events }, ..self.clone() }
    }

    /// Whether the member was given as a ledger (`events`, even empty).
    pub fn is_ledger(&self) -> bool {
        matches!(self.standing, Standing::Ledger { .. })
    }

    /// The events at or before `now` (§8: later ones are ignored).
    pub(crate) fn events_until(&self, now: Timestamp) -> &[Event] {
        match &self.standing {
            Standing::Ledger { events } => {
                let n = events.partition_point(|e| e.at <= now);
                events.get(..n).unwrap_or_default()
            }
            Standing::Snapshot { .. } => &[],
        }
    }

    pub(crate) fn from_value(program: &Program, v: &Value) -> Result<Member> {
        Member::read(program, v, false)
    }

    /// [`Member::from_value`]; `strict`: unknown fields are errors (for development).
    pub(crate) fn read(program: &Program, v: &Value, strict: bool) -> Result<Member> {
        let root = Path::Root("member");
        let f = Fields::of(R, v, &root)?;
        f.known(MEMBER_FIELDS, strict)?;
        let point_places = Some(program.points.decimals);
        let tier = match f.get("tier") {
            None => None,
            Some(t) => {
                let id = R.string(t, &root.key("tier"))?;
                let Some(tiers) = &program.tiers else {
                    return Err(R.error(&root.key("tier"), "the program has no tiers"));
                };
                Some(
                    tiers
                        .levels
                        .iter()
                        .position(|l| l.id == id)
                        .ok_or_else(|| R.error(&root.key("tier"), format!("unknown tier \"{id}\"")))?,
                )
            }
        };
        let standing = match f.entries.iter().find(|(k, _)| k == "events") {
            Some((_, events)) if !matches!(events, Value::Null) => {
                if ["balance", "qualifyingValue", "orderCount"].iter().any(|k| f.has(k)) {
                    return Err(R.error(
                        &root,
                        "a member is a snapshot (balance, qualifyingValue, orderCount) or a ledger (events), never both",
                    ));
                }
                Standing::Ledger { events: parse_events(events, &root.key("events"), point_places, strict)? }
            }
            _ => Standing::Snapshot {
                balance: match f.get("balance") {
                    Some(v) => R.amount(v, &root.key("balance"), false, point_places)?,
                    None => Decimal::ZERO,
                },
                qualifying_value: match f.get("qualifyingValue") {
                    Some(v) => R.decimal(v, &root.key("qualifyingValue"))?,
                    None => Decimal::ZERO,
                },
                order_count: match f.get("orderCount") {
                    Some(v) => R.integer(v, &root.key("orderCount"), 0, i64::MAX)?,
                    None => 0,
                },
            },
        };
        Ok(Member {
            id: f.get("id").map(|v| R.string(v, &root.key("id")).map(str::to_owned)).transpose()?,
            flags: f
                .get("flags")
                .map_or(Ok(Vec::new()), |v| R.owned_strings(v, &root.key("flags"), Some(MAX_LINE_VALUES)))?,
            tier,
            tier_until: f.optional_timestamp("tierUntil")?,
            standing,
        })
    }
}

/// The fields of a member (§5, §9.2) and of its events (§5).
const MEMBER_FIELDS: &[&str] =
    &["id", "balance", "qualifyingValue", "orderCount", "tier", "tierUntil", "flags", "events"];
const EVENT_FIELDS: &[&str] = &["type", "at", "points", "spend", "orderId", "action", "rewardId", "fullReturn"];

fn parse_events(v: &Value, path: &Path, point_places: Option<u32>, strict: bool) -> Result<Vec<Event>> {
    let items = R.array(v, path)?;
    if items.len() > MAX_EVENTS {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            path.render(),
            format!("{} events; at most {MAX_EVENTS} allowed", items.len()),
        ));
    }
    let mut events = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let e = Fields::of(R, item, &p)?;
        e.known(EVENT_FIELDS, strict)?;
        let type_path = p.key("type");
        let kind = match R.string(e.required("type")?, &type_path)? {
            "purchase" => EventKind::Purchase,
            "action" => EventKind::Action,
            "redeem" => EventKind::Redeem,
            "return" => EventKind::Return,
            "adjust" => EventKind::Adjust,
            other => {
                return Err(R.error(
                    &type_path,
                    format!("unknown event type \"{other}\"; one of purchase, action, redeem, return, adjust"),
                ))
            }
        };
        let points_path = p.key("points");
        let points = R.decimal(e.required("points")?, &points_path)?;
        if kind != EventKind::Adjust && points.is_sign_negative() && !points.is_zero() {
            return Err(R.error(&points_path, "points must not be negative (only adjust events are signed)"));
        }
        if let Some(places) = point_places {
            if crate::decimal::places(points) > places {
                return Err(R.error(&points_path, format!("has more than {places} decimal places")));
            }
        }
        let text = |key: &'static str| -> Result<Option<String>> {
            e.get(key).map(|v| R.string(v, &p.key(key)).map(str::to_owned)).transpose()
        };
        let action = text("action")?;
        if kind == EventKind::Action && action.is_none() {
            return Err(R.error(&p.key("action"), "action is required for an action event"));
        }
        events.push(Event {
            index: i,
            kind,
            at: R.timestamp(e.required("at")?, &p.key("at"))?,
            points,
            spend: match e.get("spend") {
                Some(v) => R.amount(v, &p.key("spend"), false, None)?,
                None => Decimal::ZERO,
            },
            order_id: text("orderId")?,
            action,
            reward_id: text("rewardId")?,
            full_return: e.get("fullReturn").map_or(Ok(false), |v| R.boolean(v, &p.key("fullReturn")))?,
        });
    }
    // Equal timestamps keep the caller's order (§5): the index breaks ties.
    crate::sort::sort_by_key(&mut events, |e| (e.at, e.index));
    Ok(events)
}
