//! Points for things other than purchases (§5.4): the first `action` rule
//! whose condition holds, and its limit per day, month, year or lifetime.

use serde::Serialize;

use crate::decimal::Decimal;
use crate::filter::Facts;
use crate::member::{Event, EventKind};
use crate::program::Program;
use crate::rules::{ActionPeriod, RuleKind};
use crate::time::Timestamp;

/// The result of `previewAction` (§5.4).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ActionPreview {
    /// Points the action earns now; zero when not eligible.
    #[serde(serialize_with = "crate::decimal::serialize_text")]
    pub points: Decimal,
    /// Whether doing the action now earns points.
    pub eligible: bool,
    /// The id of the rule that decided, if any.
    pub rule: Option<String>,
    /// Why not, when not eligible.
    pub reason: Option<ActionReason>,
}

/// Why an action earns nothing now (§5.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionReason {
    /// The first rule whose `when` holds has reached its `limit` in this period.
    LimitReached,
    /// No rule of that action holds.
    NoRule,
}

/// `events`: the member's events up to now (empty for a snapshot).
pub fn preview_action(program: &Program, action: &str, facts: &Facts, events: &[Event]) -> ActionPreview {
    let zero = program.round_points(Decimal::ZERO);
    let no_rule = ActionPreview { points: zero, eligible: false, rule: None, reason: Some(ActionReason::NoRule) };
    for rule in &program.earning {
        let RuleKind::Action { action: name, points, limit } = &rule.kind else { continue };
        if name != action || !program.filters.holds(rule.when, facts) {
            continue;
        }
        // The first rule that holds decides; later rules are not tried (§8).
        if let Some((count, period)) = limit {
            let start = period_start(*period, facts.now, program);
            let done = events
                .iter()
                .filter(|e| e.kind == EventKind::Action && e.action.as_deref() == Some(action))
                .filter(|e| start.is_none_or(|s| e.at >= s) && e.at <= facts.now)
                .count();
            if done >= *count as usize {
                return ActionPreview {
                    points: zero,
                    eligible: false,
                    rule: Some(rule.id.to_string()),
                    reason: Some(ActionReason::LimitReached),
                };
            }
        }
        return ActionPreview {
            points: program.round_points(*points),
            eligible: true,
            rule: Some(rule.id.to_string()),
            reason: None,
        };
    }
    no_rule
}

/// Periods are [start of the local day / month / year, now]; lifetime has no start.
fn period_start(period: ActionPeriod, now: Timestamp, program: &Program) -> Option<Timestamp> {
    let offset = program.utc_offset;
    match period {
        ActionPeriod::Day => Some(now.start_of_day(offset)),
        ActionPeriod::Month => Some(now.start_of_month(offset)),
        ActionPeriod::Year => Some(now.start_of_local_year(offset)),
        ActionPeriod::Lifetime => None,
    }
}
