//! Spec §5.4 (previewAction) and §5.5 (productBadges) with §8 "Actions and
//! badges [§5.4, §5.5]": hand-derived scenarios. Every expected value is
//! worked out from PROGRAM.md in the comment next to it (none was obtained by
//! running the engine), except the badge consistency test, which checks one
//! operation against another as §5.5 defines it.
//!
//! Defaults used unless a test says otherwise: USD, currencyDecimals 2,
//! moneyRounding half_up, points.decimals 0, rounding floor, scope order,
//! utcOffset +00:00.
#![cfg(not(target_arch = "wasm32"))] // native: the wasm runs are tests/wasm.rs and the conformance runner

mod common;
use common::*;

use loyalty_engine::{Cart, Error, Member, Operation, Product};
use serde_json::{json, Value};

// ---------------------------------------------------------------- helpers

/// `{"version":1,"currency":"USD", <extra>, "earning":[<earning>]}`.
fn prog(extra: &str, earning: &str) -> String {
    let extra = if extra.trim().is_empty() { String::new() } else { format!("{extra},") };
    usd(&format!(r#"{extra}"earning":[{earning}]"#))
}

/// previewAction through the loose API, as JSON.
fn preview_at(program: &str, member: Option<&str>, action: &str, now: &str) -> Value {
    let args = [("member", member), ("action", Some(&*quoted(action))), ("now", Some(&*quoted(now)))];
    loose(&common::program(program), Operation::PreviewAction, &args)
}

fn preview(program: &str, member: Option<&str>, name: &str) -> Value {
    preview_at(program, member, name, NOW)
}

fn yes(points: &str, rule: &str) -> Value {
    json!({"points": points, "eligible": true, "rule": rule, "reason": null})
}

fn limit(points: &str, rule: &str) -> Value {
    json!({"points": points, "eligible": false, "rule": rule, "reason": "limit_reached"})
}

fn no_rule(points: &str) -> Value {
    json!({"points": points, "eligible": false, "rule": null, "reason": "no_rule"})
}

fn review_at(at: &str) -> String {
    action_named("review", at, "50")
}

fn ev_action(name: &str, at: &str) -> String {
    action_named(name, at, "10")
}

fn ev_purchase(at: &str) -> String {
    purchase_s(at, "20", "20.00", &format!("o-{at}"))
}

fn try_badges(program: &str, member: Option<&str>, products: &str) -> Result<Value, Error> {
    let args = [("products", Some(products)), ("member", member), ("now", Some(&*quoted(NOW)))];
    try_loose(&common::program(program), Operation::ProductBadges, &args)
}

fn badges(program: &str, member: Option<&str>, products: &str) -> Value {
    try_badges(program, member, products).unwrap_or_else(|e| panic!("productBadges failed: {e}"))
}

fn badges_err(program: &str, member: Option<&str>, products: &str) -> Error {
    match try_badges(program, member, products) {
        Ok(r) => panic!("productBadges unexpectedly succeeded: {r}"),
        Err(e) => e,
    }
}

fn prod(sku: &str, categories: &[&str], tags: &[&str], price: &str) -> String {
    json!({"sku": sku, "categories": categories, "tags": tags, "price": price}).to_string()
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// The `points` of the badges, in order.
fn points_of(b: &Value) -> Vec<String> {
    b["badges"].as_array().unwrap().iter().map(|x| x["points"].as_str().unwrap().to_string()).collect()
}

// ================================================================ actions

const FIRST_WINS: &str = r#"
    {"id":"base","type":"spend","points":"1"},
    {"id":"review-app","type":"action","action":"review","points":"500","when":{"channels":["app"]}},
    {"id":"review-vip","type":"action","action":"review","points":"100","when":{"memberFlags":["vip"]}},
    {"id":"review-std","type":"action","action":"review","points":"50"},
    {"id":"signup","type":"action","action":"signup","points":"200"}"#;

#[test]
fn first_rule_whose_when_holds_wins() {
    let p = prog("", FIRST_WINS);
    // review-app: previewAction has no channel → its when fails ; review-vip holds for a vip
    assert_eq!(preview(&p, Some(r#"{"balance":"0","flags":["vip"]}"#), "review"), yes("100", "review-vip"));
    // not a vip → review-std
    assert_eq!(preview(&p, Some(r#"{"balance":"0","flags":["other"]}"#), "review"), yes("50", "review-std"));
    // a guest has no flags → review-std
    assert_eq!(preview(&p, None, "review"), yes("50", "review-std"));
    assert_eq!(preview(&p, None, "signup"), yes("200", "signup"));
    // no action rule for "referral" → no_rule, rule null, points 0
    assert_eq!(preview(&p, None, "referral"), no_rule("0"));
    // a spend rule's id is not an action name
    assert_eq!(preview(&p, None, "base"), no_rule("0"));
}

#[test]
fn limit_per_local_day() {
    let p = prog(
        r#""utcOffset":"-05:00""#,
        r#"{"id":"review","type":"action","action":"review","points":"50","limit":{"count":2,"period":"day"}}"#,
    );
    // now 2026-11-24T10:00Z = 05:00 local ; the local day started at 2026-11-24T05:00:00Z
    let mut events = vec![
        review_at("2026-11-24T04:59:59Z"), // local Nov 23 23:59:59: yesterday, not counted
        review_at("2026-11-24T05:00:00Z"), // local Nov 24 00:00: counted (period start inclusive)
        ev_action("signup", "2026-11-24T06:00:00Z"), // another action: not counted
        ev_purchase("2026-11-24T07:00:00Z"), // a purchase: not counted
    ];
    let refs = |v: &Vec<String>| ledger_flags("", &v.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    // 1 review today < 2 → eligible
    assert_eq!(preview(&p, Some(&refs(&events)), "review"), yes("50", "review"));

    // one after now is ignored → still 1
    let mut later = events.clone();
    later.push(review_at("2026-11-24T10:00:01Z"));
    assert_eq!(preview(&p, Some(&refs(&later)), "review"), yes("50", "review"));

    // one exactly at now counts (the period is [start of day, now]) → 2 → limit reached
    events.push(review_at("2026-11-24T10:00:00Z"));
    assert_eq!(preview(&p, Some(&refs(&events)), "review"), limit("0", "review"));
}

#[test]
fn limit_per_local_month_at_plus_nine() {
    let p9 = prog(
        r#""utcOffset":"+09:00""#,
        r#"{"id":"review-m","type":"action","action":"review","points":"50","limit":{"count":1,"period":"month"}}"#,
    );
    let now = "2026-11-20T03:00:00Z"; // local 2026-11-20 12:00 ; the local month began 2026-10-31T15:00:00Z
                                      // 2026-10-31T16:00Z = local Nov 1 01:00 → this month → 1 = count → limit_reached
    let m = ledger_flags("", &[&review_at("2026-10-31T16:00:00Z")]);
    assert_eq!(preview_at(&p9, Some(&m), "review", now), limit("0", "review-m"));
    // 2026-10-31T15:00Z = local Nov 1 00:00 exactly → counted
    let m = ledger_flags("", &[&review_at("2026-10-31T15:00:00Z")]);
    assert_eq!(preview_at(&p9, Some(&m), "review", now), limit("0", "review-m"));
    // 2026-10-31T14:00Z = local Oct 31 23:00 → last month → eligible
    let m = ledger_flags("", &[&review_at("2026-10-31T14:00:00Z")]);
    assert_eq!(preview_at(&p9, Some(&m), "review", now), yes("50", "review-m"));

    // at +00:00 the 16:00Z event is in October → eligible
    let p0 = prog(
        "",
        r#"{"id":"review-m","type":"action","action":"review","points":"50","limit":{"count":1,"period":"month"}}"#,
    );
    let m = ledger_flags("", &[&review_at("2026-10-31T16:00:00Z")]);
    assert_eq!(preview_at(&p0, Some(&m), "review", now), yes("50", "review-m"));
}

#[test]
fn limit_per_local_year() {
    let rule =
        r#"{"id":"bday","type":"action","action":"birthday","points":"200","limit":{"count":1,"period":"year"}}"#;
    let bday = |at: &str| ledger_flags("", &[&ev_action("birthday", at)]);

    let p9 = prog(r#""utcOffset":"+09:00""#, rule);
    let now = "2026-11-20T03:00:00Z";
    // 2025-12-31T15:00Z = local 2026-01-01 00:00 → this year → limit reached
    assert_eq!(preview_at(&p9, Some(&bday("2025-12-31T15:00:00Z")), "birthday", now), limit("0", "bday"));
    // 2025-12-31T14:59:59Z = local 2025-12-31 23:59:59 → last year → eligible
    assert_eq!(preview_at(&p9, Some(&bday("2025-12-31T14:59:59Z")), "birthday", now), yes("200", "bday"));

    let p8 = prog(r#""utcOffset":"-08:00""#, rule);
    let now = "2027-01-01T07:30:00Z"; // local 2026-12-31 23:30: still 2026
                                      // 2026-01-01T08:00Z = local 2026-01-01 00:00 → counted
    assert_eq!(preview_at(&p8, Some(&bday("2026-01-01T08:00:00Z")), "birthday", now), limit("0", "bday"));
    // 2026-01-01T07:59:59Z = local 2025-12-31 → not counted
    assert_eq!(preview_at(&p8, Some(&bday("2026-01-01T07:59:59Z")), "birthday", now), yes("200", "bday"));
    // 2027-01-01T07:00Z = local 2026-12-31 23:00 → counted
    assert_eq!(preview_at(&p8, Some(&bday("2027-01-01T07:00:00Z")), "birthday", now), limit("0", "bday"));
}

#[test]
fn limit_per_lifetime_and_unlimited() {
    let p = prog(
        "",
        r#"{"id":"signup","type":"action","action":"signup","points":"100","limit":{"count":1,"period":"lifetime"}},
           {"id":"refer","type":"action","action":"referral","points":"30","limit":{"count":2,"period":"lifetime"}},
           {"id":"review","type":"action","action":"review","points":"5"}"#,
    );
    let m = ledger_flags(
        "",
        &[
            &ev_action("signup", "2019-05-05T10:00:00Z"),
            &ev_action("referral", "2020-01-01T00:00:00Z"),
            &review_at("2026-11-24T01:00:00Z"),
            &review_at("2026-11-24T02:00:00Z"),
            &review_at("2026-11-24T03:00:00Z"),
            &review_at("2026-11-24T04:00:00Z"),
            &review_at("2026-11-24T05:00:00Z"),
        ],
    );
    // one signup ever = 1 → limit reached
    assert_eq!(preview(&p, Some(&m), "signup"), limit("0", "signup"));
    // one referral < 2 → eligible
    assert_eq!(preview(&p, Some(&m), "referral"), yes("30", "refer"));
    // no limit: 5 reviews today do not matter
    assert_eq!(preview(&p, Some(&m), "review"), yes("5", "review"));

    let m2 = ledger_flags(
        "",
        &[&ev_action("referral", "2020-01-01T00:00:00Z"), &ev_action("referral", "2026-11-01T00:00:00Z")],
    );
    // two referrals = 2 → limit reached
    assert_eq!(preview(&p, Some(&m2), "referral"), limit("0", "refer"));
}

#[test]
fn limit_count_zero_is_always_reached() {
    let p = prog(
        "",
        r#"{"id":"off","type":"action","action":"review","points":"50","limit":{"count":0,"period":"lifetime"}}"#,
    );
    // 0 events already number limit.count = 0
    assert_eq!(preview(&p, None, "review"), limit("0", "off"));
    assert_eq!(preview(&p, Some(&ledger_flags("", &[])), "review"), limit("0", "off"));
}

#[test]
fn a_first_holding_rule_at_its_limit_stops_the_search() {
    let p = prog(
        "",
        r#"{"id":"review-app","type":"action","action":"review","points":"500","when":{"channels":["app"]},"limit":{"count":1,"period":"lifetime"}},
           {"id":"review-vip","type":"action","action":"review","points":"100","when":{"memberFlags":["vip"]},"limit":{"count":1,"period":"lifetime"}},
           {"id":"review-std","type":"action","action":"review","points":"50"}"#,
    );
    let old_review = review_at("2026-01-01T00:00:00Z");
    // vip with one review ever: review-app's when fails (not tried for its limit), review-vip holds and is at its
    // limit → limit_reached naming review-vip; review-std is not tried
    assert_eq!(preview(&p, Some(&ledger_flags(r#""vip""#, &[&old_review])), "review"), limit("0", "review-vip"));
    // the same events without the flag: review-vip's when fails → review-std
    assert_eq!(preview(&p, Some(&ledger_flags("", &[&old_review])), "review"), yes("50", "review-std"));
    // vip without a review yet → review-vip
    assert_eq!(
        preview(&p, Some(&ledger_flags(r#""vip""#, &[&ev_action("signup", "2026-01-01T00:00:00Z")])), "review"),
        yes("100", "review-vip")
    );
}

#[test]
fn rules_exist_but_none_holds_is_no_rule() {
    let p = prog(
        BRONZE_SILVER_GOLD,
        r#"{"id":"review-app","type":"action","action":"review","points":"500","when":{"channels":["app"]}},
           {"id":"review-card","type":"action","action":"review","points":"400","when":{"paymentMethods":["card"]}},
           {"id":"review-min","type":"action","action":"review","points":"300","when":{"minSubtotal":"0.01"}},
           {"id":"review-gold","type":"action","action":"review","points":"200","when":{"tiers":["gold"]}},
           {"id":"review-zero","type":"action","action":"signup","points":"7","when":{"minSubtotal":"0"}}"#,
    );
    // bronze member: no channel, no payment method, subtotal 0 < 0.01, not gold → no_rule, rule null
    assert_eq!(preview(&p, Some(r#"{"balance":"0"}"#), "review"), no_rule("0"));
    // gold (qualifying value 1000 ≥ 1000) → review-gold ; no tier multiplier on action points
    assert_eq!(preview(&p, Some(r#"{"balance":"0","qualifyingValue":"1000"}"#), "review"), yes("200", "review-gold"));
    // subtotal 0 ≥ minSubtotal 0 holds
    assert_eq!(preview(&p, None, "signup"), yes("7", "review-zero"));
}

#[test]
fn points_are_printed_with_points_decimals() {
    let p = prog(
        r#""points":{"decimals":2}"#,
        r#"{"id":"review","type":"action","action":"review","points":"12.5","limit":{"count":1,"period":"day"}}"#,
    );
    // eligible: 12.5 → "12.50"
    assert_eq!(preview(&p, None, "review"), yes("12.50", "review"));
    // at the limit: zero with 2 places
    assert_eq!(
        preview(&p, Some(&ledger_flags("", &[&review_at("2026-11-24T09:00:00Z")])), "review"),
        limit("0.00", "review")
    );
    // no rule: zero with 2 places
    assert_eq!(preview(&p, None, "referral"), no_rule("0.00"));

    // decimals 0: 12.5 rounded with points.rounding — floor 12, ceil 13
    let rule = r#"{"id":"review","type":"action","action":"review","points":"12.5"}"#;
    assert_eq!(preview(&prog("", rule), None, "review"), yes("12", "review"));
    assert_eq!(preview(&prog(r#""points":{"rounding":"ceil"}"#, rule), None, "review"), yes("13", "review"));
}

#[test]
fn action_points_get_no_tier_multiplier() {
    let p = prog(
        &format!(r#""maxPointsPerOrder":"1000000",{BRONZE_SILVER_GOLD}"#),
        r#"{"id":"review","type":"action","action":"review","points":"50"},
           {"id":"odd","type":"action","action":"photo","points":"33"}"#,
    );
    // gold (T = 1.5): still 50 and 33, not 75 and 49.5
    let gold = r#"{"balance":"0","qualifyingValue":"5000"}"#;
    assert_eq!(preview(&p, Some(gold), "review"), yes("50", "review"));
    assert_eq!(preview(&p, Some(gold), "photo"), yes("33", "odd"));
    // gold through member.tier as well
    assert_eq!(preview(&p, Some(r#"{"balance":"0","tier":"gold"}"#), "review"), yes("50", "review"));
}

#[test]
fn a_snapshot_member_counts_zero_events() {
    let p = prog(
        "",
        r#"{"id":"signup","type":"action","action":"signup","points":"100","limit":{"count":1,"period":"lifetime"}},
           {"id":"review","type":"action","action":"review","points":"50","limit":{"count":1,"period":"day"}}"#,
    );
    let snap = r#"{"id":"m","balance":"1000","qualifyingValue":"900","orderCount":5}"#;
    // a snapshot has no events: 0 < 1
    assert_eq!(preview(&p, Some(snap), "signup"), yes("100", "signup"));
    assert_eq!(preview(&p, Some(snap), "review"), yes("50", "review"));
}

#[test]
fn first_order_condition_for_actions() {
    let p = prog(
        "",
        r#"{"id":"first","type":"action","action":"review","points":"100","when":{"firstOrder":true}},
           {"id":"later","type":"action","action":"review","points":"10","when":{"firstOrder":false}}"#,
    );
    // snapshot orderCount 0 → no purchase → first
    assert_eq!(preview(&p, Some(r#"{"balance":"0","orderCount":0}"#), "review"), yes("100", "first"));
    // orderCount 3 → later
    assert_eq!(preview(&p, Some(r#"{"balance":"0","orderCount":3}"#), "review"), yes("10", "later"));
    // ledger with a purchase → later ; with only an action → first
    assert_eq!(
        preview(&p, Some(&ledger_flags("", &[&ev_purchase("2026-05-01T00:00:00Z")])), "review"),
        yes("10", "later")
    );
    assert_eq!(
        preview(&p, Some(&ledger_flags("", &[&ev_action("signup", "2026-05-01T00:00:00Z")])), "review"),
        yes("100", "first")
    );
    // a purchase after now is ignored → first
    assert_eq!(
        preview(&p, Some(&ledger_flags("", &[&ev_purchase("2026-12-01T00:00:00Z")])), "review"),
        yes("100", "first")
    );
}

#[test]
fn days_of_week_and_dates_in_action_conditions() {
    let rules = r#"{"id":"tue","type":"action","action":"review","points":"20","when":{"daysOfWeek":[2]}},
                   {"id":"wed","type":"action","action":"review","points":"30","when":{"daysOfWeek":[3]}},
                   {"id":"promo","type":"action","action":"share","points":"40","when":{"from":"2026-11-24T20:00:00Z","until":"2026-11-25T00:00:00Z"}},
                   {"id":"share","type":"action","action":"share","points":"4"}"#;
    let now = "2026-11-24T20:00:00Z"; // Tuesday in UTC
    assert_eq!(preview_at(&prog("", rules), None, "review", now), yes("20", "tue"));
    // at +05:00 it is Wednesday 01:00 → tue fails, wed holds
    assert_eq!(preview_at(&prog(r#""utcOffset":"+05:00""#, rules), None, "review", now), yes("30", "wed"));
    // from == now → promo holds
    assert_eq!(preview_at(&prog("", rules), None, "share", now), yes("40", "promo"));
    // until == now → promo fails → share
    assert_eq!(preview_at(&prog("", rules), None, "share", "2026-11-25T00:00:00Z"), yes("4", "share"));
}

#[test]
fn action_argument_is_required_and_typed_api_agrees() {
    let text = prog("", FIRST_WINS);
    let p = program(&text);
    let e = loose_err(&p, Operation::PreviewAction, &[("now", Some(&quoted(NOW)))]);
    assert_eq!(code_path(&e), cp("invalid_argument", "action"));

    let m = Member::from_json(&p, r#"{"balance":"0","flags":["vip"]}"#).unwrap();
    let r = p.preview_action(Some(&m), "review", ts(NOW)).unwrap();
    assert_eq!(serde_json::to_value(&r).unwrap(), yes("100", "review-vip"));
}

// ================================================================ badges

fn badge_program(extra: &str) -> String {
    let extra = if extra.is_empty() { String::new() } else { format!(",{extra}") };
    prog(
        &format!(r#""exclude":{{"categories":["gift"]}},{BRONZE_SILVER_GOLD}{extra}"#),
        r#"{"id":"base","type":"spend","points":"1"},
           {"id":"double-apparel","type":"multiplier","factor":"2","lines":{"categories":["apparel"]}},
           {"id":"welcome","type":"bonus","points":"25"},
           {"id":"apparel-bonus","type":"bonus","points":"10","lines":{"categories":["apparel"]}},
           {"id":"ship","type":"spend","points":"5","includeShipping":true,"lines":{"skus":["NONE"]}}"#,
    )
}

#[test]
fn badge_is_one_unit_with_tier_multiplier_without_bonus_or_shipping() {
    let p = badge_program("");
    let products = list(&[
        prod("TEE", &["apparel"], &[], "19.99"),
        prod("MUG", &["home"], &[], "12.00"),
        prod("GC", &["gift"], &[], "50.00"),
        prod("ZERO", &["home"], &[], "0"),
        prod("BOOK", &[], &[], "9.99"),
        prod("TEE", &["apparel"], &[], "19.99"),
    ]);
    let silver = r#"{"balance":"0","qualifyingValue":"600"}"#;
    let b = badges(&p, Some(silver), &products);
    // silver T = 1.25 ; no bonus (welcome 25, apparel-bonus 10), no shipping
    // TEE 19.99 × 2 × 1.25 = 49.975 → 49 ; MUG 12.00 × 1.25 = 15 ; GC excluded → 0 ; ZERO 0 ;
    // BOOK 9.99 × 1.25 = 12.4875 → 12 ; the repeated TEE again 49 (input order, duplicates kept)
    assert_eq!(
        b,
        json!({"badges":[
            {"sku":"TEE","points":"49"},
            {"sku":"MUG","points":"15"},
            {"sku":"GC","points":"0"},
            {"sku":"ZERO","points":"0"},
            {"sku":"BOOK","points":"12"},
            {"sku":"TEE","points":"49"}]})
    );
    // a guest: T = 1 ; TEE 39.98 → 39 ; MUG 12 ; GC 0 ; ZERO 0 ; BOOK floor(9.99) = 9
    assert_eq!(points_of(&badges(&p, None, &products)), strs(&["39", "12", "0", "0", "9", "39"]));
    // an empty list → no badges
    assert_eq!(badges(&p, None, "[]"), json!({"badges":[]}));
}

#[test]
fn excluded_badge_is_zero_with_points_decimals() {
    let p = prog(
        r#""points":{"decimals":2},"exclude":{"categories":["gift"],"excludeSkus":["GIFT-OK"]}"#,
        r#"{"id":"base","type":"spend","points":"1"},
           {"id":"sale","type":"multiplier","factor":"1.5","lines":{"tags":["sale"]}}"#,
    );
    let products = list(&[
        prod("GC", &["gift"], &[], "25.00"),
        prod("GIFT-OK", &["gift"], &[], "25.00"),
        prod("A", &[], &[], "12.345"),
        prod("B", &[], &["sale"], "3.333"),
    ]);
    // GC excluded → "0.00" ; GIFT-OK is an exception to exclude → 25 → "25.00" ;
    // A: roundMoney(12.345) = 12.35 (half_up) → "12.35" ; B: roundMoney(3.333) = 3.33 × 1.5 = 4.995 → floor → "4.99"
    assert_eq!(points_of(&badges(&p, None, &products)), strs(&["0.00", "25.00", "12.35", "4.99"]));
}

#[test]
fn max_points_per_order_caps_a_badge() {
    let p = prog(
        r#""maxPointsPerOrder":"100""#,
        r#"{"id":"base","type":"spend","points":"1"},
           {"id":"triple","type":"multiplier","factor":"3","lines":{"categories":["apparel"]}},
           {"id":"welcome","type":"bonus","points":"50"}"#,
    );
    let products = list(&[
        prod("A1", &["apparel"], &[], "40.00"),
        prod("A2", &["apparel"], &[], "30.00"),
        prod("H1", &["home"], &[], "150.00"),
        prod("H2", &["home"], &[], "100.00"),
    ]);
    // A1 40 × 3 = 120 → 100 ; A2 30 × 3 = 90 (+ no bonus: not 140 → 100) ; H1 150 → 100 ; H2 100 → 100
    assert_eq!(points_of(&badges(&p, None, &products)), strs(&["100", "90", "100", "100"]));
}

#[test]
fn min_subtotal_uses_the_money_rounded_price() {
    let earning = r#"{"id":"base","type":"spend","points":"1"},
                     {"id":"big","type":"spend","points":"1","when":{"minSubtotal":"10.00"}},
                     {"id":"x3","type":"multiplier","factor":"3","when":{"minSubtotal":"20.00"}}"#;
    let products =
        list(&[prod("P1", &[], &[], "9.995"), prod("P2", &[], &[], "9.994"), prod("P3", &[], &[], "19.995")]);
    // half_up: P1 roundMoney 10.00 ≥ 10 → base 10 + big 10 = 20 ; P2 9.99 < 10 → floor(9.99) = 9 ;
    // P3 20.00 ≥ 20 → (20 + 20) × 3 = 120
    assert_eq!(points_of(&badges(&prog("", earning), None, &products)), strs(&["20", "9", "120"]));
    // down: P1 9.99 → 9 ; P2 9.99 → 9 ; P3 19.99 ≥ 10 but < 20 → 19.99 + 19.99 = 39.98 → 39
    assert_eq!(
        points_of(&badges(&prog(r#""moneyRounding":"down""#, earning), None, &products)),
        strs(&["9", "9", "39"])
    );
}

#[test]
fn per_unit_rules_count_one_unit() {
    let p = prog(
        "",
        r#"{"id":"base","type":"spend","points":"1"},
           {"id":"unit","type":"per_unit","points":"5"},
           {"id":"books-unit","type":"per_unit","points":"2","lines":{"categories":["books"]}},
           {"id":"double-apparel","type":"multiplier","factor":"2","lines":{"categories":["apparel"]}}"#,
    );
    let products = list(&[
        prod("A", &["apparel"], &[], "10.00"),
        prod("H", &["home"], &[], "10.00"),
        prod("B", &["books"], &[], "3.50"),
        prod("F", &["home"], &[], "0"),
    ]);
    // A (10 + 5) × 2 = 30 ; H 10 + 5 = 15 ; B 3.5 + 5 + 2 = 10.5 → 10 ; F 0 + 5 = 5
    assert_eq!(points_of(&badges(&p, None, &products)), strs(&["30", "15", "10", "5"]));
}

#[test]
fn max_points_on_a_rule_caps_its_base_before_multipliers() {
    let p = prog(
        "",
        r#"{"id":"tenx","type":"spend","points":"10","maxPoints":"200"},
           {"id":"tens","type":"spend","points":"1","per":"10","maxPoints":"2"},
           {"id":"unit","type":"per_unit","points":"5","maxPoints":"3"},
           {"id":"double-apparel","type":"multiplier","factor":"2","lines":{"categories":["apparel"]}}"#,
    );
    let products = list(&[
        prod("H25", &["home"], &[], "25.00"),
        prod("H15", &["home"], &[], "15.00"),
        prod("A25", &["apparel"], &[], "25.00"),
    ]);
    // H25: tenx 250 > 200 → 200 ; tens 25/10 = 2.5 > 2 → 2 ; unit 5 > 3 → 3 ; 205
    // H15: tenx 150 ; tens 1.5 ; unit 3 ; 154.5 → 154
    // A25: (200 + 2 + 3) × 2 = 410
    assert_eq!(points_of(&badges(&p, None, &products)), strs(&["205", "154", "410"]));
}

#[test]
fn badge_conditions_have_no_channel_and_use_the_member() {
    let p = prog(
        BRONZE_SILVER_GOLD,
        r#"{"id":"base","type":"spend","points":"1"},
           {"id":"app","type":"spend","points":"5","when":{"channels":["app"]}},
           {"id":"card","type":"spend","points":"3","when":{"paymentMethods":["card"]}},
           {"id":"gold","type":"spend","points":"2","when":{"tiers":["gold"]}},
           {"id":"vip","type":"spend","points":"1","when":{"memberFlags":["vip"]}},
           {"id":"first","type":"spend","points":"1","when":{"firstOrder":true}}"#,
    );
    let products = list(&[prod("P", &[], &[], "10.00")]);
    // guest: orderCount 0 → first holds ; base 10 + first 10 = 20 (app, card never hold without a cart)
    assert_eq!(points_of(&badges(&p, None, &products)), strs(&["20"]));
    // gold vip with orders: (base 10 + gold 20 + vip 10) × T 1.5 = 60
    let m = r#"{"balance":"0","qualifyingValue":"1000","flags":["vip"],"orderCount":2}"#;
    assert_eq!(points_of(&badges(&p, Some(m), &products)), strs(&["60"]));
}

#[test]
fn too_many_products_is_limit_exceeded() {
    let p = prog("", r#"{"id":"base","type":"spend","points":"1"}"#);
    let one = r#"{"sku":"S","price":"1.00"}"#;
    let many = |n: usize| format!("[{}]", vec![one; n].join(","));
    // 10,000 is the limit: allowed ; each 1.00 → 1
    let b = badges(&p, None, &many(10_000));
    let arr = b["badges"].as_array().unwrap();
    assert_eq!(arr.len(), 10_000);
    assert_eq!(arr[9_999], json!({"sku":"S","points":"1"}));
    // 10,001 → limit_exceeded at products
    let e = badges_err(&p, None, &many(10_001));
    assert_eq!(code_path(&e), cp("limit_exceeded", "products"));
}

#[test]
fn a_bad_product_price_is_invalid_argument_at_its_path() {
    let p = prog("", r#"{"id":"base","type":"spend","points":"1"}"#);
    let e = badges_err(&p, None, r#"[{"sku":"A","price":"1.00"},{"sku":"B","price":"abc"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "products[1].price"));
    let e = badges_err(&p, None, r#"[{"sku":"A","price":"-1.00"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "products[0].price"));
    // 13 decimal places
    let e = badges_err(&p, None, r#"[{"sku":"A","price":"1.0000000000001"},{"sku":"B","price":"1"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "products[0].price"));
    // no price at all: invalid_argument somewhere under products[2]
    let e = badges_err(&p, None, r#"[{"sku":"A","price":"1"},{"sku":"B","price":"2"},{"sku":"C"}]"#);
    assert_eq!(e.code.as_str(), "invalid_argument");
    assert!(e.path.starts_with("products[2]"), "path {}", e.path);
    // a JSON number price is read through its text: 12.5 → floor 12
    assert_eq!(points_of(&badges(&p, None, r#"[{"sku":"A","price":12.5}]"#)), strs(&["12"]));
}

#[test]
fn typed_product_badges_agree() {
    let text = badge_program("");
    let p = program(&text);
    let m = Member::from_json(&p, r#"{"balance":"0","qualifyingValue":"1000"}"#).unwrap();
    let products = [
        Product {
            sku: "TEE".into(),
            categories: vec!["apparel".into()],
            tags: vec![],
            price: "20.00".parse().unwrap(),
        },
        Product { sku: "GC".into(), categories: vec!["gift".into()], tags: vec![], price: "50.00".parse().unwrap() },
    ];
    let b = p.product_badges(&products, Some(&m), ts(NOW)).unwrap();
    // gold T = 1.5 ; TEE 20 × 2 × 1.5 = 60 ; GC excluded 0
    assert_eq!(
        serde_json::to_value(&b).unwrap(),
        json!({"badges":[{"sku":"TEE","points":"60"},{"sku":"GC","points":"0"}]})
    );
}

// ---------------------------------------------------------------- consistency with previewEarn

const CONSISTENCY_RULES: &[&str] = &[
    r#"{"id":"base","type":"spend","points":"1"}"#,
    r#"{"id":"tens","type":"spend","points":"3","per":"10","base":"gross"}"#,
    r#"{"id":"apparel-x2","type":"multiplier","factor":"2","lines":{"categories":["apparel"]}}"#,
    r#"{"id":"sale-x1.5","type":"multiplier","factor":"1.5","lines":{"tags":["sale"]}}"#,
    r#"{"id":"clear-half","type":"multiplier","factor":"0.5","lines":{"tags":["clearance"]}}"#,
    r#"{"id":"big","type":"spend","points":"1","when":{"minSubtotal":"50"},"maxPoints":"40"}"#,
    r#"{"id":"bulk","type":"per_unit","points":"2","lines":{"tags":["bulk"]}}"#,
    r#"{"id":"gold-x3","type":"multiplier","factor":"3","when":{"tiers":["gold"]},"lines":{"categories":["apparel"]}}"#,
    r#"{"id":"app","type":"spend","points":"5","when":{"channels":["app"]}}"#,
    r#"{"id":"books-third","type":"spend","points":"1","per":"3","lines":{"categories":["books"]}}"#,
    r#"{"id":"vip","type":"spend","points":"0.7","when":{"memberFlags":["vip"]},"lines":{"excludeCategories":["food"]}}"#,
    r#"{"id":"welcome","type":"bonus","points":"25"}"#,
    r#"{"id":"apparel-bonus","type":"bonus","points":"10","lines":{"categories":["apparel"]}}"#,
    r#"{"id":"ship","type":"spend","points":"1","includeShipping":true,"lines":{"skus":["NONE"]}}"#,
    r#"{"id":"cb","type":"cashback","percent":"2"}"#,
];

fn consistency_program(head: &str, with_bonus: bool) -> String {
    let rules: Vec<&str> =
        CONSISTENCY_RULES.iter().copied().filter(|r| with_bonus || !r.contains(r#""type":"bonus""#)).collect();
    prog(
        &format!(
            r#"{head},"exclude":{{"categories":["gift"],"excludeSkus":["GIFT-OK"]}},"maxPointsPerOrder":"150",{BRONZE_SILVER_GOLD}"#
        ),
        &rules.join(","),
    )
}

/// A tiny deterministic generator (no external crates).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_products(seed: u64, n: usize) -> Vec<(String, Vec<String>, Vec<String>, String)> {
    let cats = ["apparel", "home", "books", "gift", "food"];
    let tags = ["sale", "bulk", "new", "clearance"];
    let mut g = Lcg(seed);
    (0..n)
        .map(|i| {
            let sku = if g.below(8) == 0 { "GIFT-OK".to_string() } else { format!("SKU-{i}") };
            let c: Vec<String> = cats.iter().filter(|_| g.below(3) == 0).map(|s| s.to_string()).collect();
            let t: Vec<String> = tags.iter().filter(|_| g.below(3) == 0).map(|s| s.to_string()).collect();
            let price = match g.below(6) {
                0 => "0".to_string(),
                1 => format!("{}.{:03}", g.below(100), g.below(1000)), // more places than cents
                2 => format!("{}.{:02}", 40 + g.below(30), g.below(100)), // around the minSubtotal 50
                3 => format!("{}.{:02}", g.below(2000), g.below(100)), // large: often capped at 150
                _ => format!("{}.{:02}", g.below(60), g.below(100)),
            };
            (sku, c, t, price)
        })
        .collect()
}

#[test]
fn badges_equal_preview_earn_of_a_one_line_cart_without_bonuses() {
    let heads = [
        r#""points":{"decimals":0}"#,
        r#""points":{"decimals":2,"rounding":"half_up","roundingScope":"line"},"moneyRounding":"half_even""#,
        r#""points":{"decimals":1,"rounding":"ceil"},"moneyRounding":"down""#,
    ];
    let members: [Option<&str>; 3] = [
        None,
        Some(r#"{"balance":"0","qualifyingValue":"600","flags":["vip"]}"#),
        Some(r#"{"balance":"0","qualifyingValue":"1200","orderCount":4}"#),
    ];
    let now = ts(NOW);
    let (mut capped, mut zero, mut checked) = (0, 0, 0);
    for (h, head) in heads.iter().enumerate() {
        let with = consistency_program(head, true);
        let without = program(&consistency_program(head, false));
        let products = random_products(17 + h as u64, 50);
        let products_json = list(
            &products
                .iter()
                .map(|(s, c, t, p)| json!({"sku":s,"categories":c,"tags":t,"price":p}).to_string())
                .collect::<Vec<_>>(),
        );
        for member in members {
            let b = badges(&with, member, &products_json);
            let got = points_of(&b);
            assert_eq!(got.len(), products.len());
            let m = member.map(|m| Member::from_json(&without, m).unwrap());
            for (i, (sku, c, t, price)) in products.iter().enumerate() {
                let line = json!({"id":"l","sku":sku,"categories":c,"tags":t,"unitPrice":price,"quantity":"1"});
                let cart_text = json!({"currency":"USD","lines":[line]}).to_string();
                let cart = Cart::from_json(&without, &cart_text).unwrap();
                let e = without.preview_earn(&cart, m.as_ref(), now).unwrap();
                // without bonus rules, points = purchasePoints (capped by maxPointsPerOrder)
                assert_eq!(e.points, e.purchase_points);
                assert_eq!(
                    got[i],
                    text(&e.points),
                    "product {i} {sku} {c:?} {t:?} {price} head {head} member {member:?}"
                );
                assert_eq!(b["badges"][i]["sku"], sku.as_str());
                capped += e.capped as usize;
                zero += (text(&e.eligible_subtotal).trim_start_matches(['0', '.']).is_empty()) as usize;
                checked += 1;
            }
        }
    }
    // the sample really covers capped and zero-subtotal (excluded or free) products
    assert_eq!(checked, 3 * 3 * 50);
    assert!(capped > 0, "no capped product in the sample");
    assert!(zero > 0, "no zero-subtotal product in the sample");
}
