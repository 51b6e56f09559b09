//! Spec §2 (program) and §8 "Program": validation of the program JSON —
//! required fields, versions, unknown fields, types, ranges, ids, tiers,
//! limits, offsets, rewards, accounting. Paths are derived from §1/§8
//! ("a JSON path to the offending value"; program paths have no prefix).
#![cfg(not(target_arch = "wasm32"))] // native: the wasm runs are tests/wasm.rs and the conformance runner

mod common;
use common::*;

const TIERS: &str = r#""tiers":{"metric":"points","window":{"type":"calendar_year"},"retention":"next_window",
    "levels":[{"id":"bronze","name":"Bronze","threshold":"0","earnMultiplier":"1"},
              {"id":"silver","name":"Silver","threshold":"500","earnMultiplier":"1.25"},
              {"id":"gold","name":"Gold","threshold":"1000","earnMultiplier":"1.5",
               "benefits":{"percentOff":"5","freeShipping":true}}]}"#;

/// A program with the three tiers above plus `body`.
fn tiered(body: &str) -> String {
    if body.is_empty() {
        usd(TIERS)
    } else {
        usd(&format!("{TIERS},{body}"))
    }
}

fn one_rule(rule: &str) -> String {
    usd_earning(&format!("[{rule}]"))
}

fn one_reward(reward: &str) -> String {
    usd(&format!(r#""rewards":[{reward}]"#))
}

fn tiers_with(tiers: &str) -> String {
    usd(&format!(r#""tiers":{tiers}"#))
}

fn assert_ok(text: &str) {
    program(text);
}

// ---------------------------------------------------------------- a valid program

#[test]
fn a_full_program_with_every_section_compiles() {
    let p = r#"{
      "version": 1, "id": "acme-rewards", "name": "Acme Rewards", "currency": "USD",
      "currencyDecimals": 2, "utcOffset": "-05:00",
      "points": { "name": "Stars", "decimals": 0, "rounding": "floor", "roundingScope": "order" },
      "moneyRounding": "half_up",
      "exclude": { "skus": ["GIFTCARD-50"], "categories": ["gift_cards"], "tags": ["no-points"],
                   "excludeSkus": ["GC-PROMO"], "excludeCategories": [], "excludeTags": [] },
      "maxPointsPerOrder": "10000",
      "earning": [
        { "id": "base", "type": "spend", "name": "1 per $", "points": "1", "per": "1", "base": "net",
          "includeShipping": false, "maxPoints": "5000" },
        { "id": "gross10", "type": "spend", "points": "5", "per": "10", "base": "gross", "includeShipping": true },
        { "id": "unit", "type": "per_unit", "points": "2", "maxPoints": "100",
          "lines": { "skus": ["MUG-1"], "categories": ["kitchen"], "tags": ["new"],
                     "excludeSkus": ["MUG-9"], "excludeCategories": ["sale"], "excludeTags": ["clearance"] } },
        { "id": "double-apparel", "type": "multiplier", "factor": "2", "lines": { "categories": ["apparel"] },
          "when": { "minSubtotal": "50.00", "channels": ["online", "app"], "paymentMethods": ["card"],
                    "tiers": ["silver", "gold"], "memberFlags": ["cardMember"],
                    "from": "2026-11-01T00:00:00Z", "until": "2026-12-01T00:00:00-05:00",
                    "daysOfWeek": [5, 6, 7], "firstOrder": false } },
        { "id": "welcome", "type": "bonus", "points": "250", "when": { "firstOrder": true } },
        { "id": "mug-bonus", "type": "bonus", "points": "10", "lines": { "skus": ["MUG-1"] } },
        { "id": "cb", "type": "cashback", "percent": "2", "base": "gross", "includeShipping": true, "maxAmount": "10.00" },
        { "id": "review-50", "type": "action", "action": "review", "points": "50",
          "limit": { "count": 1, "period": "month" } },
        { "id": "signup", "type": "action", "action": "signup", "points": "100" }
      ],
      "tiers": {
        "metric": "spend", "window": { "type": "rolling_months", "months": 12 }, "retention": "none",
        "levels": [
          { "id": "bronze", "threshold": "0" },
          { "id": "silver", "name": "Silver", "threshold": "500", "earnMultiplier": "1.25" },
          { "id": "gold", "name": "Gold", "threshold": "1000", "earnMultiplier": "1.5",
            "benefits": { "percentOff": "5", "freeShipping": true, "lounge": { "any": ["thing", 1, null] } } }
        ]
      },
      "rewards": [
        { "id": "r5", "name": "$5 off", "type": "amount_off", "cost": "500", "amount": "5.00",
          "minSubtotal": "20.00", "tiers": ["gold"], "from": "2026-01-01T00:00:00Z", "until": "2027-01-01T00:00:00Z" },
        { "id": "p10", "type": "percent_off", "cost": "1500", "percent": "10", "maxAmount": "20.00" },
        { "id": "ship", "type": "free_shipping", "cost": "300" },
        { "id": "mug", "type": "free_product", "cost": "800", "skus": ["MUG-1", "MUG-2"] },
        { "id": "pay", "type": "pay_with_points", "pointValue": "0.01", "minPoints": "100", "step": "50",
          "maxPercentOfSubtotal": "50" }
      ],
      "expiry": { "type": "rolling", "months": 12 },
      "pendingDays": 14,
      "accounting": { "pointValue": "0.01", "redemptionRate": "0.80" }
    }"#;
    assert_ok(p);
    // the minimal program: version and currency only
    assert_ok(r#"{"version":1,"currency":"USD"}"#);
    // every expiry type
    assert_ok(&usd(r#""expiry":{"type":"never"}"#));
    assert_ok(&usd(r#""expiry":{"type":"inactivity","months":18}"#));
    assert_ok(&usd(r#""expiry":{"type":"end_of_year","years":2}"#));
    assert_ok(&usd(r#""expiry":{"type":"end_of_year"}"#)); // years defaults to 1
                                                           // every tier metric and window
    for metric in ["points", "spend", "orders"] {
        assert_ok(&tiers_with(&format!(
            r#"{{"metric":"{metric}","window":{{"type":"lifetime"}},"levels":[{{"id":"a","threshold":"0"}}]}}"#
        )));
    }
}

// ---------------------------------------------------------------- version and currency

#[test]
fn version_is_required() {
    assert_eq!(program_err(r#"{"currency":"USD"}"#), cp("invalid_program", "version"));
    // null is the same as absent
    assert_eq!(program_err(r#"{"version":null,"currency":"USD"}"#), cp("invalid_program", "version"));
}

#[test]
fn any_version_other_than_the_number_1_is_unsupported() {
    for v in ["2", r#""1""#, "0", "1.5", "true", "-1", "[1]", r#""v1""#] {
        let text = format!(r#"{{"version":{v},"currency":"USD"}}"#);
        assert_eq!(program_err(&text), cp("unsupported_version", "version"), "version {v}");
    }
    // 1.0 is the number 1 (JSON.parse gives 1)
    assert_ok(r#"{"version":1.0,"currency":"USD"}"#);
}

#[test]
fn currency_is_required_and_a_string() {
    assert_eq!(program_err(r#"{"version":1}"#), cp("invalid_program", "currency"));
    assert_eq!(program_err(r#"{"version":1,"currency":null}"#), cp("invalid_program", "currency"));
    assert_eq!(program_err(r#"{"version":1,"currency":840}"#), cp("invalid_program", "currency"));
}

#[test]
fn the_program_must_be_an_object() {
    assert_eq!(program_err("[]"), cp("invalid_program", ""));
    assert_eq!(program_err(r#""USD""#), cp("invalid_program", ""));
    assert_eq!(program_err("null"), cp("invalid_program", ""));
}

// ---------------------------------------------------------------- unknown fields

#[test]
fn unknown_top_level_fields_are_invalid_whatever_their_value() {
    assert_eq!(program_err(&usd(r#""minSubtoal":"10""#)), cp("invalid_program", "minSubtoal"));
    assert_eq!(program_err(&usd(r#""bonusPoints":null"#)), cp("invalid_program", "bonusPoints"));
    assert_eq!(program_err(&usd(r#""Currency":"USD""#)), cp("invalid_program", "Currency"));
}

#[test]
fn unknown_fields_inside_the_program_are_invalid_at_their_path() {
    let cases: Vec<(String, &str)> = vec![
        (usd(r#""points":{"decimals":0,"scope":"line"}"#), "points.scope"),
        (usd(r#""exclude":{"sku":["GC"]}"#), "exclude.sku"),
        (one_rule(r#"{"id":"a","type":"spend","points":"1","lines":{"category":["x"]}}"#), "earning[0].lines.category"),
        (
            usd_earning(
                r#"[{"id":"a","type":"spend","points":"1"},
                    {"id":"b","type":"bonus","points":"5","when":{"minSubtoal":"10"}}]"#,
            ),
            "earning[1].when.minSubtoal",
        ),
        (
            one_rule(
                r#"{"id":"r","type":"action","action":"review","points":"5","limit":{"count":1,"period":"day","per":"x"}}"#,
            ),
            "earning[0].limit.per",
        ),
        (
            tiers_with(
                r#"{"metric":"points","window":{"type":"lifetime"},"levels":[{"id":"a","threshold":"0"},{"id":"b","threshold":"5","multiplier":"2"}]}"#,
            ),
            "tiers.levels[1].multiplier",
        ),
        (
            tiers_with(
                r#"{"metric":"points","window":{"type":"lifetime"},"levels":[{"id":"a","threshold":"0"}],"metrics":"spend"}"#,
            ),
            "tiers.metrics",
        ),
        (usd(r#""accounting":{"pointValue":"0.01","redemptionRate":"0.8","rate":"1"}"#), "accounting.rate"),
        (usd(r#""expiry":{"type":"rolling","months":12,"days":3}"#), "expiry.days"),
        (one_reward(r#"{"id":"r","type":"amount_off","cost":"1","amount":"5","amout":"5"}"#), "rewards[0].amout"),
    ];
    for (text, path) in cases {
        assert_eq!(program_err(&text), cp("invalid_program", path), "{text}");
    }
}

#[test]
fn a_field_of_another_type_is_invalid() {
    let cases: Vec<(String, &str)> = vec![
        // factor belongs to multiplier, not spend
        (one_rule(r#"{"id":"a","type":"spend","points":"1","factor":"2"}"#), "earning[0].factor"),
        // percent belongs to cashback / percent_off
        (one_rule(r#"{"id":"a","type":"bonus","points":"1","percent":"2"}"#), "earning[0].percent"),
        (one_rule(r#"{"id":"a","type":"multiplier","factor":"2","maxPoints":"10"}"#), "earning[0].maxPoints"),
        (one_rule(r#"{"id":"a","type":"multiplier","factor":"2","points":"1"}"#), "earning[0].points"),
        (one_rule(r#"{"id":"a","type":"per_unit","points":"1","per":"2"}"#), "earning[0].per"),
        (one_rule(r#"{"id":"a","type":"per_unit","points":"1","includeShipping":true}"#), "earning[0].includeShipping"),
        (one_rule(r#"{"id":"a","type":"cashback","percent":"1","factor":"2"}"#), "earning[0].factor"),
        (one_rule(r#"{"id":"a","type":"bonus","points":"1","limit":{"count":1,"period":"day"}}"#), "earning[0].limit"),
        (one_rule(r#"{"id":"a","type":"spend","points":"1","action":"review"}"#), "earning[0].action"),
        // cost is not a field of pay_with_points
        (one_reward(r#"{"id":"pay","type":"pay_with_points","pointValue":"0.01","cost":"100"}"#), "rewards[0].cost"),
        (one_reward(r#"{"id":"s","type":"free_shipping","cost":"1","amount":"5"}"#), "rewards[0].amount"),
        (one_reward(r#"{"id":"a","type":"amount_off","cost":"1","amount":"5","skus":["X"]}"#), "rewards[0].skus"),
        (usd(r#""expiry":{"type":"never","months":12}"#), "expiry.months"),
        (usd(r#""expiry":{"type":"rolling","months":12,"years":1}"#), "expiry.years"),
    ];
    for (text, path) in cases {
        assert_eq!(program_err(&text), cp("invalid_program", path), "{text}");
    }
}

#[test]
fn level_benefits_are_free_form() {
    assert_ok(&tiers_with(
        r#"{"metric":"orders","window":{"type":"lifetime"},"levels":[
            {"id":"a","threshold":"0","benefits":{"whatever":1,"nested":{"deep":[true,null,"x"]}}}]}"#,
    ));
}

// ---------------------------------------------------------------- JSON types

#[test]
fn values_of_the_wrong_json_type_are_invalid_at_their_path() {
    let cases: Vec<(String, &str)> = vec![
        (usd(r#""earning":{}"#), "earning"),
        (usd(r#""earning":[5]"#), "earning[0]"),
        (one_rule(r#"{"id":"a","type":"spend","points":true}"#), "earning[0].points"),
        (one_rule(r#"{"id":"a","type":"spend","points":"1","includeShipping":"yes"}"#), "earning[0].includeShipping"),
        (one_rule(r#"{"id":"a","type":"spend","points":"1","lines":["A"]}"#), "earning[0].lines"),
        (one_rule(r#"{"id":"a","type":"spend","points":"1","lines":{"skus":"A"}}"#), "earning[0].lines.skus"),
        (one_rule(r#"{"id":"a","type":"spend","points":"1","lines":{"skus":["A",7]}}"#), "earning[0].lines.skus[1]"),
        (one_rule(r#"{"id":"a","type":"bonus","points":"1","when":[]}"#), "earning[0].when"),
        (one_rule(r#"{"id":"a","type":"bonus","points":"1","when":{"channels":"web"}}"#), "earning[0].when.channels"),
        (
            one_rule(r#"{"id":"a","type":"bonus","points":"1","when":{"firstOrder":"true"}}"#),
            "earning[0].when.firstOrder",
        ),
        (one_rule(r#"{"id":7,"type":"bonus","points":"1"}"#), "earning[0].id"),
        (usd(r#""exclude":{"skus":[1]}"#), "exclude.skus[0]"),
        (usd(r#""points":"Stars""#), "points"),
        (usd(r#""rewards":{"id":"r"}"#), "rewards"),
        (usd(r#""tiers":[]"#), "tiers"),
        (usd(r#""accounting":true"#), "accounting"),
    ];
    for (text, path) in cases {
        assert_eq!(program_err(&text), cp("invalid_program", path), "{text}");
    }
}

#[test]
fn rule_and_reward_types_ids_and_enumerations() {
    let cases: Vec<(String, &str)> = vec![
        (one_rule(r#"{"id":"a","type":"double","points":"1"}"#), "earning[0].type"),
        (one_rule(r#"{"id":"a","points":"1"}"#), "earning[0].type"),
        (one_rule(r#"{"type":"spend","points":"1"}"#), "earning[0].id"),
        (one_rule(r#"{"id":"a","type":"spend","points":"1","base":"total"}"#), "earning[0].base"),
        (one_rule(r#"{"id":"a","type":"cashback","percent":"1","base":"list"}"#), "earning[0].base"),
        (
            one_rule(
                r#"{"id":"r","type":"action","action":"review","points":"5","limit":{"count":1,"period":"week"}}"#,
            ),
            "earning[0].limit.period",
        ),
        (one_rule(r#"{"id":"r","type":"action","points":"5"}"#), "earning[0].action"),
        (one_reward(r#"{"id":"r","type":"cash_back","cost":"1"}"#), "rewards[0].type"),
        (one_reward(r#"{"type":"free_shipping","cost":"1"}"#), "rewards[0].id"),
        (usd(r#""points":{"rounding":"round"}"#), "points.rounding"),
        (usd(r#""points":{"roundingScope":"item"}"#), "points.roundingScope"),
        (usd(r#""moneyRounding":"bankers""#), "moneyRounding"),
        (usd(r#""expiry":{"type":"sometimes"}"#), "expiry.type"),
        (
            tiers_with(r#"{"metric":"visits","window":{"type":"lifetime"},"levels":[{"id":"a","threshold":"0"}]}"#),
            "tiers.metric",
        ),
        (
            tiers_with(r#"{"metric":"points","window":{"type":"quarter"},"levels":[{"id":"a","threshold":"0"}]}"#),
            "tiers.window.type",
        ),
        (
            tiers_with(
                r#"{"metric":"points","window":{"type":"lifetime"},"retention":"forever","levels":[{"id":"a","threshold":"0"}]}"#,
            ),
            "tiers.retention",
        ),
    ];
    for (text, path) in cases {
        assert_eq!(program_err(&text), cp("invalid_program", path), "{text}");
    }
}

// ---------------------------------------------------------------- ranges

#[test]
fn rule_amounts_out_of_range() {
    let cases: Vec<(String, &str)> = vec![
        // per > 0
        (one_rule(r#"{"id":"a","type":"spend","points":"1","per":"0"}"#), "earning[0].per"),
        (one_rule(r#"{"id":"a","type":"spend","points":"1","per":"-10"}"#), "earning[0].per"),
        // points ≥ 0
        (one_rule(r#"{"id":"a","type":"spend","points":"-1"}"#), "earning[0].points"),
        (one_rule(r#"{"id":"a","type":"per_unit","points":"-0.5"}"#), "earning[0].points"),
        (one_rule(r#"{"id":"a","type":"bonus","points":"-25"}"#), "earning[0].points"),
        (one_rule(r#"{"id":"a","type":"action","action":"review","points":"-5"}"#), "earning[0].points"),
        // factor > 0
        (one_rule(r#"{"id":"a","type":"multiplier","factor":"0"}"#), "earning[0].factor"),
        (one_rule(r#"{"id":"a","type":"multiplier","factor":"-2"}"#), "earning[0].factor"),
        // maxPoints, percent, maxAmount, minSubtotal ≥ 0
        (one_rule(r#"{"id":"a","type":"spend","points":"1","maxPoints":"-5"}"#), "earning[0].maxPoints"),
        (one_rule(r#"{"id":"a","type":"cashback","percent":"-1"}"#), "earning[0].percent"),
        (one_rule(r#"{"id":"a","type":"cashback","percent":"1","maxAmount":"-1"}"#), "earning[0].maxAmount"),
        (
            one_rule(r#"{"id":"a","type":"bonus","points":"1","when":{"minSubtotal":"-1"}}"#),
            "earning[0].when.minSubtotal",
        ),
        (usd(r#""maxPointsPerOrder":"-1""#), "maxPointsPerOrder"),
    ];
    for (text, path) in cases {
        assert_eq!(program_err(&text), cp("invalid_program", path), "{text}");
    }
    // zero is fine where ≥ 0 is asked
    assert_ok(&one_rule(r#"{"id":"a","type":"spend","points":"0","maxPoints":"0"}"#));
    assert_ok(&one_rule(r#"{"id":"a","type":"cashback","percent":"0","maxAmount":"0"}"#));
    assert_ok(&usd(r#""maxPointsPerOrder":"0""#));
    // a factor below 1 is fine (only > 0 is asked)
    assert_ok(&one_rule(r#"{"id":"a","type":"multiplier","factor":"0.5"}"#));
}

#[test]
fn max_points_per_order_has_at_most_points_decimals_places() {
    assert_eq!(program_err(&usd(r#""maxPointsPerOrder":"100.5""#)), cp("invalid_program", "maxPointsPerOrder"));
    assert_ok(&usd(r#""points":{"decimals":1},"maxPointsPerOrder":"100.5""#));
    // rates may have more places than points.decimals
    assert_ok(&one_rule(r#"{"id":"a","type":"spend","points":"0.125"}"#));
    assert_ok(&one_rule(r#"{"id":"a","type":"bonus","points":"2.5"}"#));
}

#[test]
fn reward_amounts_out_of_range() {
    let cases: Vec<(String, &str)> = vec![
        (one_reward(r#"{"id":"r","type":"amount_off","cost":"-1","amount":"5"}"#), "rewards[0].cost"),
        (one_reward(r#"{"id":"r","type":"amount_off","cost":"1","amount":"-5"}"#), "rewards[0].amount"),
        (
            one_reward(r#"{"id":"r","type":"amount_off","cost":"1","amount":"5","minSubtotal":"-1"}"#),
            "rewards[0].minSubtotal",
        ),
        // percent_off percent ≤ 100
        (one_reward(r#"{"id":"r","type":"percent_off","cost":"1","percent":"101"}"#), "rewards[0].percent"),
        (one_reward(r#"{"id":"r","type":"percent_off","cost":"1","percent":"100.01"}"#), "rewards[0].percent"),
        (one_reward(r#"{"id":"r","type":"percent_off","cost":"1","percent":"-1"}"#), "rewards[0].percent"),
        (
            one_reward(r#"{"id":"r","type":"percent_off","cost":"1","percent":"10","maxAmount":"-1"}"#),
            "rewards[0].maxAmount",
        ),
        // pay_with_points: pointValue > 0, step > 0, minPoints ≥ 0, maxPercentOfSubtotal ≤ 100
        (one_reward(r#"{"id":"p","type":"pay_with_points","pointValue":"0"}"#), "rewards[0].pointValue"),
        (one_reward(r#"{"id":"p","type":"pay_with_points","pointValue":"0.01","step":"0"}"#), "rewards[0].step"),
        (
            one_reward(r#"{"id":"p","type":"pay_with_points","pointValue":"0.01","minPoints":"-1"}"#),
            "rewards[0].minPoints",
        ),
        (
            one_reward(r#"{"id":"p","type":"pay_with_points","pointValue":"0.01","maxPercentOfSubtotal":"100.5"}"#),
            "rewards[0].maxPercentOfSubtotal",
        ),
        // point amounts have at most points.decimals (0) places
        (one_reward(r#"{"id":"r","type":"free_shipping","cost":"300.5"}"#), "rewards[0].cost"),
        (one_reward(r#"{"id":"p","type":"pay_with_points","pointValue":"0.01","step":"0.5"}"#), "rewards[0].step"),
        (
            one_reward(r#"{"id":"p","type":"pay_with_points","pointValue":"0.01","minPoints":"10.5"}"#),
            "rewards[0].minPoints",
        ),
    ];
    for (text, path) in cases {
        assert_eq!(program_err(&text), cp("invalid_program", path), "{text}");
    }
    assert_ok(&one_reward(r#"{"id":"r","type":"percent_off","cost":"1","percent":"100"}"#));
    assert_ok(&one_reward(r#"{"id":"p","type":"pay_with_points","pointValue":"0.01","maxPercentOfSubtotal":"100"}"#));
}

#[test]
fn free_product_lists_at_least_one_sku() {
    assert_eq!(
        program_err(&one_reward(r#"{"id":"mug","type":"free_product","cost":"800","skus":[]}"#)),
        cp("invalid_program", "rewards[0].skus")
    );
    assert_eq!(
        program_err(&one_reward(r#"{"id":"mug","type":"free_product","cost":"800"}"#)),
        cp("invalid_program", "rewards[0].skus")
    );
    assert_ok(&one_reward(r#"{"id":"mug","type":"free_product","cost":"800","skus":["MUG-1"]}"#));
}

#[test]
fn accounting_ranges() {
    let acc = |pv: &str, rr: &str| usd(&format!(r#""accounting":{{"pointValue":"{pv}","redemptionRate":"{rr}"}}"#));
    assert_eq!(program_err(&acc("0.01", "1.5")), cp("invalid_program", "accounting.redemptionRate"));
    assert_eq!(program_err(&acc("0.01", "1.0001")), cp("invalid_program", "accounting.redemptionRate"));
    assert_eq!(program_err(&acc("0.01", "-0.1")), cp("invalid_program", "accounting.redemptionRate"));
    assert_eq!(program_err(&acc("-0.01", "0.8")), cp("invalid_program", "accounting.pointValue"));
    assert_ok(&acc("0.01", "1"));
    assert_ok(&acc("0.01", "0"));
    assert_ok(&acc("0", "0.8"));
}

// ---------------------------------------------------------------- ids

fn assert_duplicate(text: &str, list: &str) {
    let (code, path) = program_err(text);
    assert_eq!(code, "invalid_program", "{text}");
    // the offending value is the second occurrence (index 1) or its id
    assert!(
        path == format!("{list}[1].id") || path == format!("{list}[1]"),
        "duplicate id reported at {path:?}, expected {list}[1].id"
    );
}

#[test]
fn ids_are_unique_within_their_list() {
    assert_duplicate(
        &usd_earning(r#"[{"id":"base","type":"spend","points":"1"},{"id":"base","type":"bonus","points":"5"}]"#),
        "earning",
    );
    assert_duplicate(
        &usd(
            r#""rewards":[{"id":"r5","type":"free_shipping","cost":"1"},{"id":"r5","type":"amount_off","cost":"5","amount":"5"}]"#,
        ),
        "rewards",
    );
    assert_duplicate(
        &tiers_with(
            r#"{"metric":"points","window":{"type":"lifetime"},"levels":[{"id":"a","threshold":"0"},{"id":"a","threshold":"10"}]}"#,
        ),
        "tiers.levels",
    );
    // the same id in different lists is fine
    assert_ok(&usd(
        r#""earning":[{"id":"x","type":"bonus","points":"1"}],"rewards":[{"id":"x","type":"free_shipping","cost":"1"}]"#,
    ));
}

// ---------------------------------------------------------------- tiers

fn levels(list: &str) -> String {
    tiers_with(&format!(r#"{{"metric":"points","window":{{"type":"calendar_year"}},"levels":{list}}}"#))
}

#[test]
fn thresholds_strictly_ascend_from_zero() {
    assert_eq!(
        program_err(&levels(
            r#"[{"id":"a","threshold":"0"},{"id":"b","threshold":"500"},{"id":"c","threshold":"400"}]"#
        )),
        cp("invalid_program", "tiers.levels[2].threshold")
    );
    // equal is not strictly ascending
    assert_eq!(
        program_err(&levels(
            r#"[{"id":"a","threshold":"0"},{"id":"b","threshold":"500"},{"id":"c","threshold":"500"}]"#
        )),
        cp("invalid_program", "tiers.levels[2].threshold")
    );
    // the first is 0
    assert_eq!(
        program_err(&levels(r#"[{"id":"a","threshold":"100"},{"id":"b","threshold":"500"}]"#)),
        cp("invalid_program", "tiers.levels[0].threshold")
    );
    // ≥ 0
    assert_eq!(program_err(&levels(r#"[{"id":"a","threshold":"-1"}]"#)).0, "invalid_program");
    // earnMultiplier > 0
    assert_eq!(
        program_err(&levels(r#"[{"id":"a","threshold":"0"},{"id":"b","threshold":"5","earnMultiplier":"0"}]"#)),
        cp("invalid_program", "tiers.levels[1].earnMultiplier")
    );
    assert_ok(&levels(r#"[{"id":"a","threshold":"0"},{"id":"b","threshold":"0.5"},{"id":"c","threshold":"1"}]"#));
}

#[test]
fn tiers_need_metric_window_and_levels() {
    assert_eq!(
        program_err(&tiers_with(r#"{"window":{"type":"lifetime"},"levels":[{"id":"a","threshold":"0"}]}"#)),
        cp("invalid_program", "tiers.metric")
    );
    assert_eq!(
        program_err(&tiers_with(r#"{"metric":"points","levels":[{"id":"a","threshold":"0"}]}"#)),
        cp("invalid_program", "tiers.window")
    );
    assert_eq!(
        program_err(&tiers_with(
            r#"{"metric":"points","window":{"type":"rolling_months"},"levels":[{"id":"a","threshold":"0"}]}"#
        )),
        cp("invalid_program", "tiers.window.months")
    );
    assert_eq!(
        program_err(&tiers_with(r#"{"metric":"points","window":{"type":"lifetime"},"levels":[]}"#)),
        cp("invalid_program", "tiers.levels")
    );
    assert_eq!(
        program_err(&tiers_with(r#"{"metric":"points","window":{"type":"lifetime"}}"#)),
        cp("invalid_program", "tiers.levels")
    );
    assert_eq!(program_err(&levels(r#"[{"threshold":"0"}]"#)), cp("invalid_program", "tiers.levels[0].id"));
    // retention defaults to none; a level without name is fine
    assert_ok(&levels(r#"[{"id":"a","threshold":"0"}]"#));
}

#[test]
fn next_window_retention_needs_a_calendar_year_window() {
    for window in [r#"{"type":"rolling_months","months":12}"#, r#"{"type":"lifetime"}"#] {
        let text = tiers_with(&format!(
            r#"{{"metric":"points","window":{window},"retention":"next_window","levels":[{{"id":"a","threshold":"0"}}]}}"#
        ));
        let (code, path) = program_err(&text);
        assert_eq!(code, "invalid_program", "{window}");
        // where exactly is not pinned by the spec; it is inside `tiers`
        assert!(path.starts_with("tiers"), "path {path:?}");
    }
    assert_ok(&tiers_with(
        r#"{"metric":"points","window":{"type":"calendar_year"},"retention":"next_window","levels":[{"id":"a","threshold":"0"}]}"#,
    ));
}

#[test]
fn tier_ids_named_in_conditions_and_rewards_must_exist() {
    let text = tiered(r#""earning":[{"id":"b","type":"bonus","points":"5","when":{"tiers":["silver","platinum"]}}]"#);
    assert_eq!(program_err(&text), cp("invalid_program", "earning[0].when.tiers[1]"));
    let text = tiered(
        r#""rewards":[{"id":"r1","type":"free_shipping","cost":"1"},
                      {"id":"r2","type":"free_shipping","cost":"1","tiers":["gold","Gold"]}]"#,
    );
    assert_eq!(program_err(&text), cp("invalid_program", "rewards[1].tiers[1]"));
    let text = tiered(r#""rewards":[{"id":"r","type":"free_shipping","cost":"1","tiers":["diamond","gold"]}]"#);
    assert_eq!(program_err(&text), cp("invalid_program", "rewards[0].tiers[0]"));
    // a program without tiers names none
    let text = usd_earning(r#"[{"id":"b","type":"bonus","points":"5","when":{"tiers":["gold"]}}]"#);
    assert_eq!(program_err(&text), cp("invalid_program", "earning[0].when.tiers[0]"));
    let text = usd(r#""rewards":[{"id":"r","type":"free_shipping","cost":"1","tiers":["gold"]}]"#);
    assert_eq!(program_err(&text), cp("invalid_program", "rewards[0].tiers[0]"));
    // known ids are fine; an empty list means absent, even without tiers
    assert_ok(&tiered(r#""earning":[{"id":"b","type":"bonus","points":"5","when":{"tiers":["silver","gold"]}}]"#));
    assert_ok(&usd_earning(r#"[{"id":"b","type":"bonus","points":"5","when":{"tiers":[]}}]"#));
}

// ---------------------------------------------------------------- limits

fn ids(prefix: &str, n: usize) -> String {
    let v: Vec<String> = (0..n).map(|i| format!(r#""{prefix}{i}""#)).collect();
    format!("[{}]", v.join(","))
}

#[test]
fn filter_lists_hold_at_most_64_ids() {
    let rule = |key: &str, n: usize| {
        one_rule(&format!(r#"{{"id":"a","type":"spend","points":"1","lines":{{"{key}":{}}}}}"#, ids("S", n)))
    };
    assert_ok(&rule("skus", 64));
    assert_eq!(program_err(&rule("skus", 65)), cp("limit_exceeded", "earning[0].lines.skus"));
    assert_eq!(program_err(&rule("excludeTags", 65)), cp("limit_exceeded", "earning[0].lines.excludeTags"));
    assert_eq!(
        program_err(&usd(&format!(r#""exclude":{{"categories":{}}}"#, ids("c", 65)))),
        cp("limit_exceeded", "exclude.categories")
    );
    assert_ok(&usd(&format!(r#""exclude":{{"categories":{}}}"#, ids("c", 64))));
}

#[test]
fn at_most_500_earning_rules() {
    let rules = |n: usize| {
        let v: Vec<String> = (0..n).map(|i| format!(r#"{{"id":"r{i}","type":"spend","points":"1"}}"#)).collect();
        usd_earning(&format!("[{}]", v.join(",")))
    };
    assert_ok(&rules(500));
    assert_eq!(program_err(&rules(501)), cp("limit_exceeded", "earning"));
}

#[test]
fn at_most_50_tier_levels_and_500_rewards() {
    let lv = |n: usize| {
        let v: Vec<String> = (0..n).map(|i| format!(r#"{{"id":"t{i}","threshold":"{i}"}}"#)).collect();
        levels(&format!("[{}]", v.join(",")))
    };
    assert_ok(&lv(50));
    assert_eq!(program_err(&lv(51)), cp("limit_exceeded", "tiers.levels"));
    let rw = |n: usize| {
        let v: Vec<String> = (0..n).map(|i| format!(r#"{{"id":"r{i}","type":"free_shipping","cost":"1"}}"#)).collect();
        usd(&format!(r#""rewards":[{}]"#, v.join(",")))
    };
    assert_ok(&rw(500));
    assert_eq!(program_err(&rw(501)), cp("limit_exceeded", "rewards"));
}

// ---------------------------------------------------------------- offsets and timestamps

#[test]
fn utc_offset_is_plus_minus_hh_mm() {
    for bad in [
        r#""+24:00""#,
        r#""-24:00""#,
        r#""+05:60""#,
        r#""0530""#,
        r#""+5:30""#,
        r#""05:30""#,
        r#""Z""#,
        r#""+05:30:00""#,
        "530",
        r#""""#,
    ] {
        assert_eq!(program_err(&usd(&format!(r#""utcOffset":{bad}"#))), cp("invalid_program", "utcOffset"), "{bad}");
    }
    for good in ["+23:59", "-23:59", "+00:00", "-05:00", "+05:45"] {
        assert_ok(&usd(&format!(r#""utcOffset":"{good}""#)));
    }
}

#[test]
fn timestamps_in_the_program_are_rfc3339_with_an_offset() {
    let when =
        |k: &str, v: &str| one_rule(&format!(r#"{{"id":"b","type":"bonus","points":"1","when":{{"{k}":"{v}"}}}}"#));
    assert_eq!(program_err(&when("from", "2026-11-24")), cp("invalid_program", "earning[0].when.from"));
    assert_eq!(program_err(&when("until", "2026-11-24T10:00:00")), cp("invalid_program", "earning[0].when.until"));
    assert_eq!(program_err(&when("from", "2026-11-24T10:00:60Z")), cp("invalid_program", "earning[0].when.from"));
    assert_ok(&when("from", "2026-11-24 10:00:00.123456789+05:30"));
    assert_ok(&when("until", "2026-11-24t10:00:00z"));
    // years 0001–9999
    assert_eq!(
        program_err(&one_reward(r#"{"id":"r","type":"free_shipping","cost":"1","from":"0000-12-31T00:00:00Z"}"#)),
        cp("invalid_program", "rewards[0].from")
    );
}

// ---------------------------------------------------------------- null

#[test]
fn null_fields_are_absent_but_unknown_null_fields_are_not() {
    assert_ok(&usd(r#""earning":null,"rewards":null,"tiers":null,"exclude":null,"accounting":null,"expiry":null"#));
    assert_ok(&one_rule(
        r#"{"id":"a","type":"spend","points":"1","name":null,"when":null,"lines":null,"maxPoints":null}"#,
    ));
    // an unknown field is an error even when null
    assert_eq!(
        program_err(&one_rule(r#"{"id":"a","type":"spend","points":"1","factor":null}"#)),
        cp("invalid_program", "earning[0].factor")
    );
    // a required rule field given as null is missing
    assert_eq!(
        program_err(&one_rule(r#"{"id":"a","type":null,"points":"1"}"#)),
        cp("invalid_program", "earning[0].type")
    );
}
