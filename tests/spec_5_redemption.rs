//! Spec §5.3 (redemption) with §8 "Redemption [§5.3]": hand-derived
//! redemptionOptions and applyRedemptions scenarios. Every expected number is
//! worked out from PROGRAM.md in the comment next to it (none was obtained by
//! running the engine).
//!
//! Defaults used unless a test says otherwise: USD, currencyDecimals 2,
//! moneyRounding half_up, points.decimals 0, rounding floor, scope order,
//! one earning rule "1 point per 1.00 of net".
//!
//! Reminders from the spec:
//! * subtotal = eligible subtotal (Σ net of non-excluded lines), after the
//!   rewards already applied in the same call;
//! * cart total = Σ gross over ALL lines (excluded ones too) + shipping;
//!   totalAfter = cart total − value (apply: − discount);
//! * reasons in order: not_available, tier_required, min_subtotal,
//!   product_not_in_cart, nothing_to_discount, insufficient_points.
#![cfg(not(target_arch = "wasm32"))] // native: the wasm runs are tests/wasm.rs and the conformance runner

mod common;
use common::*;

use loyalty_engine::{Cart, Error, Member, Operation, Selection};
use serde_json::{json, Value};

// ---------------------------------------------------------------- helpers

/// A USD program earning 1 point per 1.00 with these rewards (a JSON array
/// body) and optional extra top-level fields.
fn prog(extra: &str, rewards: &str) -> String {
    let extra = if extra.trim().is_empty() { String::new() } else { format!("{extra},") };
    usd(&format!(r#"{extra}"earning":[{{"id":"base","type":"spend","points":"1"}}],"rewards":[{rewards}]"#))
}

/// A USD cart of these lines.
fn cart_of(extra: &str, lines: &[String]) -> String {
    cart(extra, &lines.join(","))
}

fn bal(balance: &str) -> String {
    format!(r#"{{"id":"m","balance":"{balance}"}}"#)
}

/// redemptionOptions through the loose API, as JSON.
fn options_at(program: &str, member: Option<&str>, cart: &str, now: &str) -> Value {
    let args = [("member", member), ("cart", Some(cart)), ("now", Some(&*quoted(now)))];
    loose(&common::program(program), Operation::RedemptionOptions, &args)
}

fn options(program: &str, member: Option<&str>, cart: &str) -> Value {
    options_at(program, member, cart, NOW)
}

fn apply_args<'a>(
    member: Option<&'a str>,
    cart: &'a str,
    selections: &'a str,
    now: &'a str,
) -> [(&'static str, Option<&'a str>); 4] {
    [("member", member), ("cart", Some(cart)), ("selections", Some(selections)), ("now", Some(now))]
}

/// applyRedemptions through the loose API, as JSON.
fn apply(program: &str, member: Option<&str>, cart: &str, selections: &str) -> Value {
    let now = quoted(NOW);
    loose(&common::program(program), Operation::ApplyRedemptions, &apply_args(member, cart, selections, &now))
}

fn apply_err(program: &str, member: Option<&str>, cart: &str, selections: &str) -> Error {
    let now = quoted(NOW);
    loose_err(&common::program(program), Operation::ApplyRedemptions, &apply_args(member, cart, selections, &now))
}

fn opt<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["options"]
        .as_array()
        .expect("options is an array")
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no option {id} in {r}"))
}

// ================================================================ values

#[test]
fn amount_off_is_capped_by_the_subtotal() {
    let p = prog("", r#"{"id":"r50","name":"$50 off","type":"amount_off","cost":"100","amount":"50.00"}"#);
    let c = cart_of(r#""shipping":"5.00""#, &[lnx("l1", "A", "30.00", "1", r#""tax":"2.40""#)]);
    let r = options(&p, Some(&bal("500")), &c);
    // subtotal 30.00 ; value min(50.00, 30.00) = 30.00
    // cart total = gross 30.00 + 2.40 + shipping 5.00 = 37.40 ; totalAfter 37.40 − 30.00 = 7.40
    assert_eq!(
        r,
        json!({"balance":"500",
               "options":[{"id":"r50","eligible":true,"cost":"100","value":"30.00","totalAfter":"7.40"}],
               "best":"r50"})
    );

    let a = apply(&p, Some(&bal("500")), &c, r#"[{"reward":"r50"}]"#);
    // discount 30.00 ; pointsSpent 100 ; balanceAfter 500 − 100 = 400 ; totalAfter 37.40 − 30.00 = 7.40
    assert_eq!(a["discount"], "30.00");
    assert_eq!(a["pointsSpent"], "100");
    assert_eq!(a["balanceAfter"], "400");
    assert_eq!(a["totalAfter"], "7.40");
    assert_eq!(a["applied"], json!([{"reward":"r50","value":"30.00","points":"100"}]));
    // earn: orderDiscount 30.00 all on l1 → net 0.00 → 0 points
    assert_eq!(a["earn"]["eligibleSubtotal"], "0.00");
    assert_eq!(a["earn"]["points"], "0");
}

#[test]
fn percent_off_with_max_amount_and_best_tie_on_cost() {
    let p = prog(
        "",
        r#"{"id":"p20cap","type":"percent_off","cost":"200","percent":"20","maxAmount":"25.00"},
           {"id":"p20","type":"percent_off","cost":"300","percent":"20"},
           {"id":"p20hi","type":"percent_off","cost":"250","percent":"20","maxAmount":"100.00"}"#,
    );
    let c = cart_of("", &[ln("l1", "A", "200.00", "1")]);
    let r = options(&p, Some(&bal("1000")), &c);
    // 20% × 200.00 = 40.00 ; p20cap capped at 25.00 → totalAfter 175.00 ; p20 40.00 → 160.00 ;
    // p20hi cap 100.00 does not bind: 40.00 → 160.00
    // best: highest value 40.00 (p20, p20hi), tie → lower cost 250 → p20hi
    assert_eq!(
        r,
        json!({"balance":"1000",
               "options":[
                   {"id":"p20cap","eligible":true,"cost":"200","value":"25.00","totalAfter":"175.00"},
                   {"id":"p20","eligible":true,"cost":"300","value":"40.00","totalAfter":"160.00"},
                   {"id":"p20hi","eligible":true,"cost":"250","value":"40.00","totalAfter":"160.00"}],
               "best":"p20hi"})
    );
}

#[test]
fn percent_off_is_money_rounded_with_money_rounding() {
    let rewards = r#"{"id":"p5","type":"percent_off","cost":"10","percent":"5"},
                     {"id":"p125","type":"percent_off","cost":"10","percent":"12.5"}"#;
    let c = cart_of("", &[ln("l1", "A", "10.50", "1")]);

    let r = options(&prog("", rewards), Some(&bal("100")), &c);
    // half_up: 10.50 × 5 / 100 = 0.525 → 0.53 ; totalAfter 10.50 − 0.53 = 9.97
    assert_eq!(opt(&r, "p5"), &json!({"id":"p5","eligible":true,"cost":"10","value":"0.53","totalAfter":"9.97"}));
    // 10.50 × 12.5 / 100 = 1.3125 → 1.31 ; 10.50 − 1.31 = 9.19
    assert_eq!(opt(&r, "p125"), &json!({"id":"p125","eligible":true,"cost":"10","value":"1.31","totalAfter":"9.19"}));
    // best: 1.31 > 0.53
    assert_eq!(r["best"], "p125");

    let r = options(&prog(r#""moneyRounding":"half_even""#, rewards), Some(&bal("100")), &c);
    // half_even: 0.525 → 0.52 (2 is even) ; 10.50 − 0.52 = 9.98
    assert_eq!(opt(&r, "p5"), &json!({"id":"p5","eligible":true,"cost":"10","value":"0.52","totalAfter":"9.98"}));

    let r = options(&prog(r#""moneyRounding":"ceil""#, rewards), Some(&bal("100")), &c);
    // ceil: 1.3125 → 1.32 ; 10.50 − 1.32 = 9.18
    assert_eq!(opt(&r, "p125"), &json!({"id":"p125","eligible":true,"cost":"10","value":"1.32","totalAfter":"9.18"}));
}

#[test]
fn free_product_takes_the_cheapest_matching_unit_excluded_lines_included() {
    let p = prog(
        r#""exclude":{"categories":["promo"]}"#,
        r#"{"id":"free-sock","type":"free_product","cost":"150","skus":["SOCK-A","SOCK-B","SOCK-C"]}"#,
    );
    let lines = [
        ln("l1", "SOCK-A", "6.00", "2"),
        lnx("l2", "SOCK-B", "4.50", "1", r#""categories":["promo"],"discount":"1.00""#),
        ln("l3", "SOCK-C", "2.00", "0"),
        ln("l4", "TEE", "30.00", "1"),
    ];
    let r = options(&p, Some(&bal("1000")), &cart_of("", &lines));
    // matching lines with quantity > 0: SOCK-A 6.00, SOCK-B 4.50 (excluded, still counts); SOCK-C has quantity 0
    // cheapest unitPrice before line discount: 4.50 ; subtotal = l1 12.00 + l3 0.00 + l4 30.00 = 42.00 (l2 excluded)
    // value = min(4.50, 42.00) = 4.50
    // cart total = 12.00 + (4.50 − 1.00) + 0.00 + 30.00 = 45.50 ; totalAfter 45.50 − 4.50 = 41.00
    assert_eq!(
        opt(&r, "free-sock"),
        &json!({"id":"free-sock","eligible":true,"cost":"150","value":"4.50","totalAfter":"41.00"})
    );

    // without the excluded line, the zero-quantity 2.00 line still does not count: cheapest is SOCK-A 6.00
    let r = options(&p, Some(&bal("1000")), &cart_of("", &[lines[0].clone(), lines[2].clone()]));
    // cart total = 12.00 + 0.00 = 12.00 ; totalAfter 12.00 − 6.00 = 6.00
    assert_eq!(
        opt(&r, "free-sock"),
        &json!({"id":"free-sock","eligible":true,"cost":"150","value":"6.00","totalAfter":"6.00"})
    );
}

#[test]
fn free_product_is_capped_by_the_subtotal() {
    let p = prog(
        r#""exclude":{"categories":["promo"]}"#,
        r#"{"id":"free","type":"free_product","cost":"100","skus":["SOCK-B"]}"#,
    );
    let c = cart_of("", &[lnx("l1", "SOCK-B", "8.00", "1", r#""categories":["promo"]"#), ln("l2", "PEN", "5.00", "1")]);
    let r = options(&p, Some(&bal("100")), &c);
    // subtotal 5.00 (l1 excluded) ; value = min(8.00, 5.00) = 5.00 ; cart total 8.00 + 5.00 = 13.00 → 8.00
    assert_eq!(opt(&r, "free"), &json!({"id":"free","eligible":true,"cost":"100","value":"5.00","totalAfter":"8.00"}));
}

#[test]
fn free_product_unit_price_is_money_rounded() {
    let rewards = r#"{"id":"free","type":"free_product","cost":"100","skus":["SOCK"]}"#;
    let c = cart_of("", &[ln("l1", "SOCK", "2.345", "2")]);
    // amount = roundMoney(2.345 × 2 = 4.69) = 4.69 ; subtotal 4.69 ; cart total 4.69
    let r = options(&prog("", rewards), Some(&bal("100")), &c);
    // half_up: min(2.345, 4.69) = 2.345 → 2.35 ; 4.69 − 2.35 = 2.34
    assert_eq!(opt(&r, "free"), &json!({"id":"free","eligible":true,"cost":"100","value":"2.35","totalAfter":"2.34"}));
    let r = options(&prog(r#""moneyRounding":"half_even""#, rewards), Some(&bal("100")), &c);
    // half_even: 2.345 → 2.34 ; 4.69 − 2.34 = 2.35
    assert_eq!(opt(&r, "free"), &json!({"id":"free","eligible":true,"cost":"100","value":"2.34","totalAfter":"2.35"}));
}

#[test]
fn free_product_without_a_matching_unit_is_product_not_in_cart() {
    let p = prog("", r#"{"id":"free","type":"free_product","cost":"100","skus":["SOCK-A","SOCK-Z"]}"#);
    // no line has SOCK-Z; the SOCK-A line has quantity 0 → no matching unit
    let c = cart_of("", &[ln("l1", "TEE", "10.00", "1"), ln("l2", "SOCK-A", "3.00", "0")]);
    let r = options(&p, Some(&bal("1000")), &c);
    assert_eq!(
        r,
        json!({"balance":"1000",
               "options":[{"id":"free","eligible":false,"reason":"product_not_in_cart"}],
               "best":null})
    );
}

// ================================================================ pay_with_points

#[test]
fn pay_with_points_limited_by_the_balance() {
    let p = prog("", r#"{"id":"pay","type":"pay_with_points","pointValue":"0.01","maxPercentOfSubtotal":"40"}"#);
    let c = cart_of("", &[ln("l1", "A", "100.00", "1")]);
    let r = options(&p, Some(&bal("1234")), &c);
    // cart cap: 40% × 100.00 = 40.00 → 4000 points ; balance 1234 (step 1) → usable min = 1234
    // value 1234 × 0.01 = 12.34 ; totalAfter 100.00 − 12.34 = 87.66
    assert_eq!(
        r,
        json!({"balance":"1234",
               "options":[{"id":"pay","eligible":true,"points":"1234","value":"12.34","totalAfter":"87.66"}],
               "best":"pay"})
    );
}

#[test]
fn pay_with_points_limited_by_the_step() {
    let p = prog(
        "",
        r#"{"id":"pay","type":"pay_with_points","pointValue":"0.01","step":"500","maxPercentOfSubtotal":"40"}"#,
    );
    let c = cart_of("", &[ln("l1", "A", "100.00", "1")]);
    let r = options(&p, Some(&bal("1234")), &c);
    // cart cap 4000 (a multiple of 500) ; balance 1234 → largest multiple of 500 ≤ 1234 = 1000
    // value 10.00 ; totalAfter 90.00
    assert_eq!(
        opt(&r, "pay"),
        &json!({"id":"pay","eligible":true,"points":"1000","value":"10.00","totalAfter":"90.00"})
    );

    // step on the cart side: 40% × 99.99 = 39.996 → at most 3999.6 points ; multiples of 7: 7 × 571 = 3997 ≤ 3999.6 < 4004
    let p =
        prog("", r#"{"id":"pay","type":"pay_with_points","pointValue":"0.01","step":"7","maxPercentOfSubtotal":"40"}"#);
    let r = options(&p, Some(&bal("10000")), &cart_of("", &[ln("l1", "A", "99.99", "1")]));
    // value 39.97 ; totalAfter 99.99 − 39.97 = 60.02
    assert_eq!(
        opt(&r, "pay"),
        &json!({"id":"pay","eligible":true,"points":"3997","value":"39.97","totalAfter":"60.02"})
    );
}

#[test]
fn pay_with_points_limited_by_max_percent_of_subtotal() {
    let p = prog("", r#"{"id":"pay","type":"pay_with_points","pointValue":"0.03","maxPercentOfSubtotal":"40"}"#);
    // shipping and tax do not raise the cap: it is a percent of the eligible subtotal
    let c = cart_of(r#""shipping":"10.00""#, &[lnx("l1", "A", "100.00", "1", r#""tax":"8.00""#)]);
    let r = options(&p, Some(&bal("10000")), &c);
    // cap 40% × 100.00 = 40.00 ; points × 0.03 ≤ 40.00 → points ≤ 1333.33… → 1333 (value 39.99) ; balance 10000 not binding
    // cart total 100.00 + 8.00 + 10.00 = 118.00 ; totalAfter 118.00 − 39.99 = 78.01
    assert_eq!(
        opt(&r, "pay"),
        &json!({"id":"pay","eligible":true,"points":"1333","value":"39.99","totalAfter":"78.01"})
    );
}

#[test]
fn pay_with_points_points_short_formula() {
    let p = prog(
        "",
        r#"{"id":"pay-a","type":"pay_with_points","pointValue":"0.01","minPoints":"250","step":"100"},
           {"id":"pay-b","type":"pay_with_points","pointValue":"0.01","step":"300"},
           {"id":"pay-c","type":"pay_with_points","pointValue":"0.01","step":"100"},
           {"id":"pay-d","type":"pay_with_points","pointValue":"0.01","minPoints":"1000"},
           {"id":"pay-e","type":"pay_with_points","pointValue":"0.01","minPoints":"250","step":"40"}"#,
    );
    // big cart: cap 100% × 500.00 → 50000 points, never the limit ; balance 260
    let r = options(&p, Some(&bal("260")), &cart_of("", &[ln("l1", "A", "500.00", "1")]));
    // pay-a: usable 200 < minPoints 250 → insufficient ; smallest multiple of 100 ≥ max(250, 100) = 300 ; 300 − 260 = 40
    assert_eq!(
        opt(&r, "pay-a"),
        &json!({"id":"pay-a","eligible":false,"reason":"insufficient_points","pointsShort":"40"})
    );
    // pay-b: usable 0 (< one step) ; smallest multiple of 300 ≥ max(0, 300) = 300 ; 300 − 260 = 40
    assert_eq!(
        opt(&r, "pay-b"),
        &json!({"id":"pay-b","eligible":false,"reason":"insufficient_points","pointsShort":"40"})
    );
    // pay-c: usable 200 ≥ max(0, 100) → eligible, 2.00 ; totalAfter 500.00 − 2.00 = 498.00
    assert_eq!(
        opt(&r, "pay-c"),
        &json!({"id":"pay-c","eligible":true,"points":"200","value":"2.00","totalAfter":"498.00"})
    );
    // pay-d: step 1 ; max(1000, 1) = 1000 ; 1000 − 260 = 740
    assert_eq!(
        opt(&r, "pay-d"),
        &json!({"id":"pay-d","eligible":false,"reason":"insufficient_points","pointsShort":"740"})
    );
    // pay-e: usable 240 (multiple of 40) < 250 ; smallest multiple of 40 ≥ 250 = 280 ; 280 − 260 = 20
    assert_eq!(
        opt(&r, "pay-e"),
        &json!({"id":"pay-e","eligible":false,"reason":"insufficient_points","pointsShort":"20"})
    );
    assert_eq!(r["best"], "pay-c");
}

#[test]
fn nothing_to_discount_comes_before_insufficient_points() {
    let p = prog(
        "",
        r#"{"id":"pay-both","type":"pay_with_points","pointValue":"0.01","step":"200","maxPercentOfSubtotal":"20"},
           {"id":"pay-min-cart","type":"pay_with_points","pointValue":"0.01","minPoints":"1000","step":"100"},
           {"id":"pay-bal","type":"pay_with_points","pointValue":"0.01","step":"200"},
           {"id":"ship","type":"free_shipping","cost":"400"},
           {"id":"off5","type":"amount_off","cost":"400","amount":"5.00"}"#,
    );
    let r = options(&p, Some(&bal("150")), &cart_of("", &[ln("l1", "A", "9.00", "1")]));
    // pay-both: cart cap 20% × 9.00 = 1.80 → 180 points → 0 steps of 200 (cart reason);
    // balance 150 < 200 as well (balance reason) → the cart's reason wins
    assert_eq!(opt(&r, "pay-both"), &json!({"id":"pay-both","eligible":false,"reason":"nothing_to_discount"}));
    // pay-min-cart: cart cap 9.00 → 900 points < minPoints 1000 (cart) ; balance 150 too → nothing_to_discount
    assert_eq!(opt(&r, "pay-min-cart"), &json!({"id":"pay-min-cart","eligible":false,"reason":"nothing_to_discount"}));
    // pay-bal: cart cap 900 → 800 (multiple of 200), fine ; balance 150 → 0 → insufficient ; 200 − 150 = 50
    assert_eq!(
        opt(&r, "pay-bal"),
        &json!({"id":"pay-bal","eligible":false,"reason":"insufficient_points","pointsShort":"50"})
    );
    // ship: no shipping → value 0 → nothing_to_discount, although 150 < 400 too
    assert_eq!(opt(&r, "ship"), &json!({"id":"ship","eligible":false,"reason":"nothing_to_discount"}));
    // off5: value 5.00 ; 400 − 150 = 250 short
    assert_eq!(
        opt(&r, "off5"),
        &json!({"id":"off5","eligible":false,"reason":"insufficient_points","pointsShort":"250"})
    );
    assert_eq!(r["best"], Value::Null);

    // a cart whose only line is excluded: subtotal 0 → amount_off and percent_off have nothing to discount
    let p = prog(
        r#""exclude":{"skus":["GIFT"]}"#,
        r#"{"id":"off5","type":"amount_off","cost":"10","amount":"5.00"},
           {"id":"p10","type":"percent_off","cost":"10","percent":"10"}"#,
    );
    let r = options(&p, Some(&bal("1000")), &cart_of("", &[ln("l1", "GIFT", "50.00", "1")]));
    assert_eq!(opt(&r, "off5"), &json!({"id":"off5","eligible":false,"reason":"nothing_to_discount"}));
    assert_eq!(opt(&r, "p10"), &json!({"id":"p10","eligible":false,"reason":"nothing_to_discount"}));
}

// ================================================================ reasons

#[test]
fn every_reason_in_order() {
    let p = prog(
        BRONZE_SILVER_GOLD,
        r#"{"id":"early","type":"amount_off","cost":"1000","amount":"5.00","from":"2026-12-01T00:00:00Z","tiers":["gold"],"minSubtotal":"100.00"},
           {"id":"ended","type":"amount_off","cost":"100","amount":"5.00","until":"2026-11-24T10:00:00Z"},
           {"id":"started","type":"amount_off","cost":"100","amount":"5.00","from":"2026-11-24T10:00:00Z","until":"2026-11-24T10:00:01Z"},
           {"id":"gold","type":"percent_off","cost":"1000","percent":"10","tiers":["gold"],"minSubtotal":"100.00"},
           {"id":"silver-ok","type":"amount_off","cost":"50","amount":"2.00","tiers":["silver","gold"]},
           {"id":"big","type":"amount_off","cost":"1000","amount":"15.00","minSubtotal":"50.001","tiers":["silver"]},
           {"id":"min-ok","type":"amount_off","cost":"60","amount":"3.00","minSubtotal":"40.00"},
           {"id":"sock","type":"free_product","cost":"1000","skus":["SOCK-1"],"minSubtotal":"10.00"},
           {"id":"ship","type":"free_shipping","cost":"1000"},
           {"id":"off20","type":"amount_off","cost":"450","amount":"20.00"}"#,
    );
    // silver member (qualifying value 600 ≥ 500), balance 300 ; cart subtotal 40.00, no shipping, no tax
    let member = r#"{"id":"m","balance":"300","qualifyingValue":"600"}"#;
    let r = options(&p, Some(member), &cart_of("", &[ln("l1", "TEE", "40.00", "1")]));
    assert_eq!(
        r,
        json!({"balance":"300",
               "options":[
                   // from in the future (also gold-only, min 100, too expensive): not_available first
                   {"id":"early","eligible":false,"reason":"not_available"},
                   // until == now: until is exclusive
                   {"id":"ended","eligible":false,"reason":"not_available"},
                   // from == now < until: available ; 5.00 ; 40.00 − 5.00 = 35.00
                   {"id":"started","eligible":true,"cost":"100","value":"5.00","totalAfter":"35.00"},
                   // silver is not gold (also below min 100, too expensive): tier_required
                   {"id":"gold","eligible":false,"reason":"tier_required"},
                   // silver listed ; 2.00 ; 38.00
                   {"id":"silver-ok","eligible":true,"cost":"50","value":"2.00","totalAfter":"38.00"},
                   // 50.001 − 40.00 = 10.001, rounded up to the cent: 10.01 (also too expensive)
                   {"id":"big","eligible":false,"reason":"min_subtotal","amountShort":"10.01"},
                   // 40.00 ≥ 40.00 holds ; 3.00 ; 37.00
                   {"id":"min-ok","eligible":true,"cost":"60","value":"3.00","totalAfter":"37.00"},
                   // no SOCK-1 line (also too expensive)
                   {"id":"sock","eligible":false,"reason":"product_not_in_cart"},
                   // shipping 0 (also too expensive)
                   {"id":"ship","eligible":false,"reason":"nothing_to_discount"},
                   // 450 − 300 = 150
                   {"id":"off20","eligible":false,"reason":"insufficient_points","pointsShort":"150"}],
               // eligible values 5.00, 2.00, 3.00 → started
               "best":"started"})
    );
}

#[test]
fn availability_window_boundaries_with_offsets() {
    let p = prog(
        "",
        r#"{"id":"until-now","type":"amount_off","cost":"1","amount":"1.00","until":"2026-11-24T11:00:00+01:00"},
           {"id":"from-now","type":"amount_off","cost":"1","amount":"1.00","from":"2026-11-24T12:00:00+02:00"},
           {"id":"from-later","type":"amount_off","cost":"1","amount":"1.00","from":"2026-11-24T05:00:01-05:00"},
           {"id":"until-later","type":"amount_off","cost":"1","amount":"1.00","until":"2026-11-24T10:00:00.001Z"}"#,
    );
    let r = options(&p, Some(&bal("10")), &cart_of("", &[ln("l1", "A", "10.00", "1")]));
    // 11:00+01:00 = 10:00Z = now → now < until fails → not_available
    assert_eq!(opt(&r, "until-now"), &json!({"id":"until-now","eligible":false,"reason":"not_available"}));
    // 12:00+02:00 = 10:00Z = now → from ≤ now holds ; 1.00 ; 10.00 − 1.00 = 9.00
    assert_eq!(
        opt(&r, "from-now"),
        &json!({"id":"from-now","eligible":true,"cost":"1","value":"1.00","totalAfter":"9.00"})
    );
    // 05:00:01-05:00 = 10:00:01Z > now → not_available
    assert_eq!(opt(&r, "from-later"), &json!({"id":"from-later","eligible":false,"reason":"not_available"}));
    // now < 10:00:00.001Z → available
    assert_eq!(opt(&r, "until-later")["eligible"], true);

    // one second earlier, "until-now" is still available and "from-now" not yet
    let r = options_at(&p, Some(&bal("10")), &cart_of("", &[ln("l1", "A", "10.00", "1")]), "2026-11-24T09:59:59Z");
    assert_eq!(opt(&r, "until-now")["eligible"], true);
    assert_eq!(opt(&r, "from-now"), &json!({"id":"from-now","eligible":false,"reason":"not_available"}));
}

#[test]
fn amount_short_rounds_up_whatever_the_money_rounding() {
    let rewards = r#"{"id":"big","type":"amount_off","cost":"10","amount":"5.00","minSubtotal":"75.001"},
                     {"id":"round","type":"amount_off","cost":"10","amount":"5.00","minSubtotal":"80"}"#;
    let c = cart_of("", &[ln("l1", "A", "33.33", "1"), ln("l2", "B", "16.67", "1")]);
    // subtotal 33.33 + 16.67 = 50.00
    for rounding in ["half_up", "floor", "down", "half_even"] {
        let r = options(&prog(&format!(r#""moneyRounding":"{rounding}""#), rewards), Some(&bal("100")), &c);
        // 75.001 − 50.00 = 25.001 → up → 25.01
        assert_eq!(
            opt(&r, "big"),
            &json!({"id":"big","eligible":false,"reason":"min_subtotal","amountShort":"25.01"}),
            "{rounding}"
        );
        // 80 − 50.00 = 30 → "30.00"
        assert_eq!(
            opt(&r, "round"),
            &json!({"id":"round","eligible":false,"reason":"min_subtotal","amountShort":"30.00"}),
            "{rounding}"
        );
    }
}

#[test]
fn points_short_and_costs_carry_points_decimals() {
    let p = prog(
        r#""points":{"decimals":2}"#,
        r#"{"id":"cheap","type":"amount_off","cost":"10","amount":"1.00"},
           {"id":"dear","type":"amount_off","cost":"20","amount":"2.00"},
           {"id":"pay","type":"pay_with_points","pointValue":"0.01"}"#,
    );
    let r = options(&p, Some(&bal("12.50")), &cart_of("", &[ln("l1", "A", "100.00", "1")]));
    assert_eq!(r["balance"], "12.50");
    // cost 10 ≤ 12.50 ; 100.00 − 1.00 = 99.00
    assert_eq!(
        opt(&r, "cheap"),
        &json!({"id":"cheap","eligible":true,"cost":"10.00","value":"1.00","totalAfter":"99.00"})
    );
    // 20 − 12.50 = 7.50
    assert_eq!(
        opt(&r, "dear"),
        &json!({"id":"dear","eligible":false,"reason":"insufficient_points","pointsShort":"7.50"})
    );
    // step 1: largest multiple of 1 ≤ 12.50 = 12 ; value 0.12 ; 100.00 − 0.12 = 99.88
    assert_eq!(
        opt(&r, "pay"),
        &json!({"id":"pay","eligible":true,"points":"12.00","value":"0.12","totalAfter":"99.88"})
    );
}

// ================================================================ totalAfter

#[test]
fn total_after_counts_tax_shipping_and_excluded_lines() {
    let p = prog(
        r#""exclude":{"categories":["gift"]}"#,
        r#"{"id":"off10","type":"amount_off","cost":"100","amount":"10.00"},
           {"id":"ship","type":"free_shipping","cost":"100"},
           {"id":"p15","type":"percent_off","cost":"100","percent":"15"}"#,
    );
    let lines =
        [lnx("l1", "A", "40.00", "1", r#""tax":"3.20""#), lnx("l2", "GC", "25.00", "1", r#""categories":["gift"]"#)];
    let r = options(&p, Some(&bal("1000")), &cart_of(r#""shipping":"5.99""#, &lines));
    // subtotal 40.00 (l2 excluded) ; cart total = 43.20 + 25.00 + 5.99 = 74.19
    // off10 10.00 → 64.19 ; ship 5.99 → 68.20 ; p15 15% × 40.00 = 6.00 → 68.19 ; best off10
    assert_eq!(
        r,
        json!({"balance":"1000",
               "options":[
                   {"id":"off10","eligible":true,"cost":"100","value":"10.00","totalAfter":"64.19"},
                   {"id":"ship","eligible":true,"cost":"100","value":"5.99","totalAfter":"68.20"},
                   {"id":"p15","eligible":true,"cost":"100","value":"6.00","totalAfter":"68.19"}],
               "best":"off10"})
    );

    // with an orderDiscount of 13.00, split by net over l1 40.00 and l2 25.00 (sum 65.00):
    // l1 13 × 40 / 65 = 8.00, l2 13 × 25 / 65 = 5.00 ; l1 net 32.00 (gross 35.20), l2 net 20.00
    // subtotal 32.00 ; cart total 35.20 + 20.00 + 5.99 = 61.19
    let r = options(&p, Some(&bal("1000")), &cart_of(r#""shipping":"5.99","orderDiscount":"13.00""#, &lines));
    // off10 → 51.19 ; ship 5.99 → 55.20 ; p15 15% × 32.00 = 4.80 → 56.39
    assert_eq!(opt(&r, "off10")["totalAfter"], "51.19");
    assert_eq!(opt(&r, "ship")["totalAfter"], "55.20");
    assert_eq!(opt(&r, "p15"), &json!({"id":"p15","eligible":true,"cost":"100","value":"4.80","totalAfter":"56.39"}));

    // prices including tax: l1 43.20 with tax 3.20 → net 40.00, gross 43.20 ; same totals as the first cart
    let lines_incl = [lnx("l1", "A", "43.20", "1", r#""tax":"3.20""#), lines[1].clone()];
    let r = options(&p, Some(&bal("1000")), &cart_of(r#""shipping":"5.99","pricesIncludeTax":true"#, &lines_incl));
    assert_eq!(opt(&r, "off10")["totalAfter"], "64.19");
    assert_eq!(opt(&r, "p15")["value"], "6.00");
}

// ================================================================ best

#[test]
fn best_is_the_highest_value_then_lower_cost_then_program_order() {
    let p = prog(
        "",
        r#"{"id":"a","type":"amount_off","cost":"600","amount":"5.00"},
           {"id":"b","type":"percent_off","cost":"500","percent":"10"},
           {"id":"c","type":"amount_off","cost":"500","amount":"5.00"},
           {"id":"d","type":"amount_off","cost":"10","amount":"4.99"}"#,
    );
    let r = options(&p, Some(&bal("1000")), &cart_of("", &[ln("l1", "A", "50.00", "1")]));
    // values: a 5.00, b 10% × 50.00 = 5.00, c 5.00, d 4.99 ; lowest cost among 5.00: 500 (b, c) → first: b
    assert_eq!(r["best"], "b");
    assert_eq!(opt(&r, "b"), &json!({"id":"b","eligible":true,"cost":"500","value":"5.00","totalAfter":"45.00"}));
}

#[test]
fn best_uses_the_usable_points_of_pay_with_points_as_its_cost() {
    let pay = r#"{"id":"pay","type":"pay_with_points","pointValue":"0.01","step":"100","maxPercentOfSubtotal":"6"}"#;
    let c = cart_of("", &[ln("l1", "A", "50.00", "1")]);
    // pay: cap 6% × 50.00 = 3.00 → 300 points (multiple of 100) ; balance 1000 → usable 300, value 3.00
    let p = prog("", &format!(r#"{{"id":"x","type":"amount_off","cost":"350","amount":"3.00"}},{pay}"#));
    let r = options(&p, Some(&bal("1000")), &c);
    // tie on 3.00: pay's cost 300 < x's 350 → pay
    assert_eq!(opt(&r, "pay"), &json!({"id":"pay","eligible":true,"points":"300","value":"3.00","totalAfter":"47.00"}));
    assert_eq!(r["best"], "pay");

    // tie on value and cost (300): program order → y
    let p = prog("", &format!(r#"{{"id":"y","type":"amount_off","cost":"300","amount":"3.00"}},{pay}"#));
    assert_eq!(options(&p, Some(&bal("1000")), &c)["best"], "y");
}

#[test]
fn best_is_null_when_nothing_is_eligible_and_a_guest_has_balance_zero() {
    let p = prog(
        "",
        r#"{"id":"off5","type":"amount_off","cost":"500","amount":"5.00"},
           {"id":"pay","type":"pay_with_points","pointValue":"0.01"}"#,
    );
    let r = options(&p, None, &cart_of("", &[ln("l1", "A", "50.00", "1")]));
    // guest: balance 0 ; off5 500 − 0 = 500 short ; pay usable 0 < one step 1 → 1 − 0 = 1 short
    assert_eq!(
        r,
        json!({"balance":"0",
               "options":[
                   {"id":"off5","eligible":false,"reason":"insufficient_points","pointsShort":"500"},
                   {"id":"pay","eligible":false,"reason":"insufficient_points","pointsShort":"1"}],
               "best":null})
    );
}

// ================================================================ ledger member

const LEDGER: &str = r#"{"id":"m-led","events":[
    {"type":"purchase","at":"2026-01-10T12:00:00Z","points":"400","spend":"400.00","orderId":"o-1"},
    {"type":"action","action":"review","at":"2026-02-01T09:00:00Z","points":"50"},
    {"type":"redeem","at":"2026-03-01T10:00:00Z","points":"150","rewardId":"r"},
    {"type":"adjust","at":"2026-04-01T10:00:00Z","points":"-20"},
    {"type":"purchase","at":"2026-11-20T10:00:00Z","points":"300","spend":"300.00","orderId":"o-2"},
    {"type":"purchase","at":"2026-12-01T10:00:00Z","points":"1000","spend":"1000.00","orderId":"o-3"}]}"#;

#[test]
fn a_ledger_members_balance_is_used() {
    let p = prog(
        r#""pendingDays":14"#,
        r#"{"id":"r250","type":"amount_off","cost":"250","amount":"2.50"},
           {"id":"r300","type":"amount_off","cost":"300","amount":"3.00"},
           {"id":"pay","type":"pay_with_points","pointValue":"0.01"}"#,
    );
    let c = cart_of("", &[ln("l1", "A", "100.00", "1")]);
    let r = options(&p, Some(LEDGER), &c);
    // available: 400 + 50 − 150 − 20 = 280 ; the 2026-11-20 purchase is pending until 2026-12-04 (now + 14 days later),
    // the 2026-12-01 purchase is after now and ignored
    assert_eq!(
        r,
        json!({"balance":"280",
               "options":[
                   {"id":"r250","eligible":true,"cost":"250","value":"2.50","totalAfter":"97.50"},
                   // 300 − 280 = 20
                   {"id":"r300","eligible":false,"reason":"insufficient_points","pointsShort":"20"},
                   // usable 280 (cap 10000) ; 2.80 ; 97.20
                   {"id":"pay","eligible":true,"points":"280","value":"2.80","totalAfter":"97.20"}],
               // 2.80 > 2.50
               "best":"pay"})
    );

    let a = apply(&p, Some(LEDGER), &c, r#"[{"reward":"r250"},{"reward":"pay"}]"#);
    // r250: 2.50, subtotal → 97.50 ; pay: balance left 280 − 250 = 30, cap 9750 → 30 points, 0.30
    // discount 2.80 ; pointsSpent 280 ; balanceAfter 0 ; totalAfter 100.00 − 2.80 = 97.20
    assert_eq!(a["discount"], "2.80");
    assert_eq!(a["pointsSpent"], "280");
    assert_eq!(a["balanceAfter"], "0");
    assert_eq!(a["totalAfter"], "97.20");
    assert_eq!(
        a["applied"],
        json!([{"reward":"r250","value":"2.50","points":"250"},{"reward":"pay","value":"0.30","points":"30"}])
    );
    // earn on 100.00 − 2.80 = 97.20 → floor(97.2) = 97 ; pendingDays > 0 → pending
    assert_eq!(a["earn"]["points"], "97");
    assert_eq!(a["earn"]["pending"], true);
}

// ================================================================ applyRedemptions

#[test]
fn two_rewards_chained_in_both_orders() {
    let p = prog(
        "",
        r#"{"id":"off10","type":"amount_off","cost":"300","amount":"10.00"},
           {"id":"pct10","type":"percent_off","cost":"200","percent":"10"}"#,
    );
    let c = cart_of(
        r#""shipping":"6.00""#,
        &[lnx("l1", "A", "50.00", "1", r#""tax":"4.00""#), ln("l2", "B", "30.00", "1")],
    );
    // subtotal 80.00 ; cart total 54.00 + 30.00 + 6.00 = 90.00 ; balance 1000

    let a = apply(&p, Some(&bal("1000")), &c, r#"[{"reward":"off10"},{"reward":"pct10"}]"#);
    // off10: 10.00 (subtotal → 70.00) ; pct10: 10% × 70.00 = 7.00 ; discount 17.00 ; 300 + 200 = 500 points
    assert_eq!(a["discount"], "17.00");
    assert_eq!(a["pointsSpent"], "500");
    assert_eq!(a["balanceAfter"], "500");
    // 90.00 − 17.00 = 73.00
    assert_eq!(a["totalAfter"], "73.00");
    assert_eq!(
        a["applied"],
        json!([{"reward":"off10","value":"10.00","points":"300"},{"reward":"pct10","value":"7.00","points":"200"}])
    );
    // earn: orderDiscount 17.00 over nets 50.00 / 30.00: 17 × 50/80 = 10.625 → 10.62 (rem 0.5¢),
    // 17 × 30/80 = 6.375 → 6.37 (rem 0.5¢) ; 1¢ left over, equal remainders → earlier line l1 → 10.63
    // l1 net 50.00 − 10.63 = 39.37 ; l2 net 30.00 − 6.37 = 23.63 ; subtotal 63.00 → 63 points
    assert_eq!(a["earn"]["lines"][0]["net"], "39.37");
    assert_eq!(a["earn"]["lines"][1]["net"], "23.63");
    assert_eq!(a["earn"]["eligibleSubtotal"], "63.00");
    assert_eq!(a["earn"]["points"], "63");

    let b = apply(&p, Some(&bal("1000")), &c, r#"[{"reward":"pct10"},{"reward":"off10"}]"#);
    // pct10: 10% × 80.00 = 8.00 (subtotal → 72.00) ; off10: min(10.00, 72.00) = 10.00 ; discount 18.00
    assert_eq!(b["discount"], "18.00");
    assert_eq!(b["pointsSpent"], "500");
    assert_eq!(b["balanceAfter"], "500");
    // 90.00 − 18.00 = 72.00
    assert_eq!(b["totalAfter"], "72.00");
    assert_eq!(
        b["applied"],
        json!([{"reward":"pct10","value":"8.00","points":"200"},{"reward":"off10","value":"10.00","points":"300"}])
    );
    // orderDiscount 18.00: l1 18 × 50/80 = 11.25, l2 6.75 ; nets 38.75 + 23.25 = 62.00 → 62 points
    assert_eq!(b["earn"]["lines"][0]["net"], "38.75");
    assert_eq!(b["earn"]["lines"][1]["net"], "23.25");
    assert_eq!(b["earn"]["eligibleSubtotal"], "62.00");
    assert_eq!(b["earn"]["points"], "62");
}

#[test]
fn apply_earn_takes_points_paid_off_eligible_lines_and_zero_shipping() {
    let p = format!(
        r#"{{"version":1,"currency":"USD","exclude":{{"categories":["gift"]}},{BRONZE_SILVER_GOLD},
            "earning":[{{"id":"base","type":"spend","points":"1","includeShipping":true}}],
            "rewards":[{{"id":"ship","type":"free_shipping","cost":"200"}},
                       {{"id":"off20","type":"amount_off","cost":"1000","amount":"20.00"}},
                       {{"id":"pay","type":"pay_with_points","pointValue":"0.01","step":"100"}}]}}"#
    );
    // silver member: T = 1.25 ; balance 2000
    let member = r#"{"id":"m","balance":"2000","qualifyingValue":"600"}"#;
    let c = cart_of(
        r#""shipping":"5.00""#,
        &[lnx("l1", "A", "60.00", "1", r#""tax":"4.80""#), lnx("l2", "GC", "40.00", "1", r#""categories":["gift"]"#)],
    );
    let sel = r#"[{"reward":"ship"},{"reward":"off20"},{"reward":"pay","points":"300"}]"#;
    let a = apply(&p, Some(member), &c, sel);
    // ship: value = shipping 5.00, subtotal stays 60.00 ; off20: min(20.00, 60.00) = 20.00 → 40.00 ;
    // pay 300: cap 100% × 40.00 → 4000, balance left 2000 − 1200 = 800 ≥ 300 ; value 3.00
    // discount 5.00 + 20.00 + 3.00 = 28.00 ; pointsSpent 200 + 1000 + 300 = 1500 ; balanceAfter 500
    // cart total 64.80 + 40.00 + 5.00 = 109.80 ; totalAfter 109.80 − 28.00 = 81.80
    assert_eq!(a["discount"], "28.00");
    assert_eq!(a["pointsSpent"], "1500");
    assert_eq!(a["balanceAfter"], "500");
    assert_eq!(a["totalAfter"], "81.80");
    assert_eq!(
        a["applied"],
        json!([{"reward":"ship","value":"5.00","points":"200"},
               {"reward":"off20","value":"20.00","points":"1000"},
               {"reward":"pay","value":"3.00","points":"300"}])
    );
    // earn (§9.3): shipping 0 ; the 20.00 + 3.00 = 23.00 paid with points come off the ELIGIBLE
    // lines only (v1 split them over all lines, so points were earned on part of what points
    // paid for): l1 alone, net 60.00 − 23.00 = 37.00 ; l2 (excluded) keeps its 40.00
    // eligible subtotal 37.00 ; points floor(37.00 × 1.25 = 46.25) = 46 (shipping 0 adds nothing)
    assert_eq!(a["earn"]["eligibleSubtotal"], "37.00");
    assert_eq!(a["earn"]["lines"][0]["net"], "37.00");
    assert_eq!(a["earn"]["lines"][1]["net"], "40.00");
    assert_eq!(a["earn"]["tierMultiplier"], "1.25");
    assert_eq!(a["earn"]["points"], "46");
    assert_eq!(a["earn"]["rules"], json!([{"id":"base","points":"37"}]));

    // the same as previewEarn of the cart with l1 discounted by 23.00 and shipping 0
    let discounted = cart_of(
        r#""shipping":"0""#,
        &[
            lnx("l1", "A", "60.00", "1", r#""tax":"4.80","discount":"23.00""#),
            lnx("l2", "GC", "40.00", "1", r#""categories":["gift"]"#),
        ],
    );
    assert_eq!(a["earn"], serde_json::to_value(earn(&p, &discounted, Some(member))).unwrap());
}

#[test]
fn apply_adds_rewards_to_an_existing_order_discount() {
    let p = prog("", r#"{"id":"off5","type":"amount_off","cost":"100","amount":"5.00"}"#);
    let c = cart_of(r#""orderDiscount":"3.00""#, &[ln("l1", "A", "12.00", "1"), ln("l2", "B", "8.00", "1")]);
    let a = apply(&p, Some(&bal("100")), &c, r#"[{"reward":"off5"}]"#);
    // orderDiscount 3.00: l1 3 × 12/20 = 1.80, l2 1.20 ; nets 10.20 + 6.80 = 17.00 = subtotal ; cart total 17.00
    // off5: 5.00 ; totalAfter 12.00 ; balanceAfter 0
    assert_eq!(a["discount"], "5.00");
    assert_eq!(a["totalAfter"], "12.00");
    assert_eq!(a["balanceAfter"], "0");
    // earn: orderDiscount 3.00 + 5.00 = 8.00: l1 8 × 12/20 = 4.80, l2 3.20 ; nets 7.20 + 4.80 = 12.00 → 12 points
    assert_eq!(a["earn"]["eligibleSubtotal"], "12.00");
    assert_eq!(a["earn"]["lines"][0]["net"], "7.20");
    assert_eq!(a["earn"]["points"], "12");
}

#[test]
fn apply_with_no_selections_changes_nothing() {
    let p = prog("", r#"{"id":"off5","type":"amount_off","cost":"100","amount":"5.00"}"#);
    let c = cart_of(r#""shipping":"2.50""#, &[ln("l1", "A", "12.34", "1")]);
    let a = apply(&p, None, &c, "[]");
    // guest balance 0 ; nothing applied ; total 12.34 + 2.50 = 14.84 ; earn floor(12.34) = 12
    assert_eq!(a["discount"], "0.00");
    assert_eq!(a["pointsSpent"], "0");
    assert_eq!(a["balanceAfter"], "0");
    assert_eq!(a["totalAfter"], "14.84");
    assert_eq!(a["applied"], json!([]));
    assert_eq!(a["earn"]["points"], "12");
}

#[test]
fn the_same_reward_twice_against_the_balance_left() {
    let p = prog("", r#"{"id":"r5","type":"amount_off","cost":"300","amount":"5.00"}"#);
    let small = cart_of("", &[ln("l1", "A", "8.00", "1")]);
    let a = apply(&p, Some(&bal("700")), &small, r#"[{"reward":"r5"},{"reward":"r5"}]"#);
    // first 5.00 (subtotal → 3.00) ; second min(5.00, 3.00) = 3.00 ; discount 8.00 ; 600 points ; 700 − 600 = 100
    assert_eq!(a["discount"], "8.00");
    assert_eq!(a["pointsSpent"], "600");
    assert_eq!(a["balanceAfter"], "100");
    assert_eq!(a["totalAfter"], "0.00");
    assert_eq!(
        a["applied"],
        json!([{"reward":"r5","value":"5.00","points":"300"},{"reward":"r5","value":"3.00","points":"300"}])
    );
    // earn on a fully discounted cart: net 0.00 → 0
    assert_eq!(a["earn"]["eligibleSubtotal"], "0.00");
    assert_eq!(a["earn"]["points"], "0");

    // a third: subtotal 0 → nothing_to_discount (before insufficient_points: 100 < 300) → invalid_argument
    let e = apply_err(&p, Some(&bal("700")), &small, r#"[{"reward":"r5"},{"reward":"r5"},{"reward":"r5"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[2]"));

    // on a 20.00 cart the third still has 10.00 to discount, but only 100 points are left → insufficient_points
    let big = cart_of("", &[ln("l1", "A", "20.00", "1")]);
    let e = apply_err(&p, Some(&bal("700")), &big, r#"[{"reward":"r5"},{"reward":"r5"},{"reward":"r5"}]"#);
    assert_eq!(code_path(&e), cp("insufficient_points", "selections[2]"));
}

#[test]
fn pay_with_points_twice_uses_the_default_maximum_second() {
    let p = prog("", r#"{"id":"pay","type":"pay_with_points","pointValue":"0.01","step":"100"}"#);
    let a = apply(
        &p,
        Some(&bal("1000")),
        &cart_of("", &[ln("l1", "A", "8.00", "1")]),
        r#"[{"reward":"pay","points":"300"},{"reward":"pay"}]"#,
    );
    // first 300 → 3.00 (subtotal → 5.00) ; second: cap 5.00 → 500, balance left 700 → usable 500 → 5.00
    // discount 8.00 ; pointsSpent 800 ; balanceAfter 200
    assert_eq!(a["discount"], "8.00");
    assert_eq!(a["pointsSpent"], "800");
    assert_eq!(a["balanceAfter"], "200");
    assert_eq!(
        a["applied"],
        json!([{"reward":"pay","value":"3.00","points":"300"},{"reward":"pay","value":"5.00","points":"500"}])
    );
}

const PAY_PROGRAM_REWARDS: &str = r#"{"id":"r5","type":"amount_off","cost":"100","amount":"5.00"},
    {"id":"pay","type":"pay_with_points","pointValue":"0.01","minPoints":"200","step":"50","maxPercentOfSubtotal":"50"},
    {"id":"gold","type":"amount_off","cost":"1","amount":"1.00","tiers":["gold"]},
    {"id":"sock","type":"free_product","cost":"1","skus":["SOCK"]}"#;

fn pay_program() -> String {
    prog(BRONZE_SILVER_GOLD, PAY_PROGRAM_REWARDS)
}

fn cart30() -> String {
    // subtotal 30.00 → pay cap 50% = 15.00 → 1500 points (a multiple of 50)
    cart_of("", &[ln("l1", "A", "30.00", "1")])
}

#[test]
fn explicit_pay_points_must_be_a_valid_amount() {
    let p = pay_program();
    let m = bal("5000");
    // after r5 the subtotal is 25.00 → cap 1250 ; 275 is not a multiple of 50
    let e = apply_err(&p, Some(&m), &cart30(), r#"[{"reward":"r5"},{"reward":"pay","points":"275"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[1].points"));
    // 150 is a multiple of 50 but below minPoints 200
    let e = apply_err(&p, Some(&m), &cart30(), r#"[{"reward":"pay","points":"150"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[0].points"));
    // 1550 > cap 1500 (balance 5000 is enough)
    let e = apply_err(&p, Some(&m), &cart30(), r#"[{"reward":"pay","points":"1550"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[0].points"));
    // after r5 the cap is 1250: 1300 is above it
    let e = apply_err(&p, Some(&m), &cart30(), r#"[{"reward":"r5"},{"reward":"pay","points":"1300"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[1].points"));
    // 0 is not positive
    let e = apply_err(&p, Some(&m), &cart30(), r#"[{"reward":"pay","points":"0"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[0].points"));
    // negative
    let e = apply_err(&p, Some(&m), &cart30(), r#"[{"reward":"pay","points":"-50"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[0].points"));

    // exactly the cap is fine: 1500 → 15.00 ; totalAfter 30.00 − 15.00 = 15.00 ; 5000 − 1500 = 3500
    let a = apply(&p, Some(&m), &cart30(), r#"[{"reward":"pay","points":"1500"}]"#);
    assert_eq!(a["discount"], "15.00");
    assert_eq!(a["pointsSpent"], "1500");
    assert_eq!(a["balanceAfter"], "3500");
    assert_eq!(a["totalAfter"], "15.00");
    // exactly minPoints: 200 → 2.00
    let a = apply(&p, Some(&m), &cart30(), r#"[{"reward":"pay","points":"200"}]"#);
    assert_eq!(a["applied"], json!([{"reward":"pay","value":"2.00","points":"200"}]));
}

#[test]
fn explicit_pay_points_above_the_balance_left_are_insufficient() {
    let p = pay_program();
    let m = bal("1000");
    // 1050 is a multiple of 50, ≥ 200, ≤ cap 1500, but above the balance 1000
    let e = apply_err(&p, Some(&m), &cart30(), r#"[{"reward":"pay","points":"1050"}]"#);
    assert_eq!(e.code.as_str(), "insufficient_points");
    // first 600 (6.00; subtotal → 24.00, cap 1200) leaves 400: the second selection is eligible (usable 400 ≥ 200)
    // but asks for 450 > 400
    let e = apply_err(&p, Some(&m), &cart30(), r#"[{"reward":"pay","points":"600"},{"reward":"pay","points":"450"}]"#);
    assert_eq!(e.code.as_str(), "insufficient_points");
    // 400 fits exactly: 6.00 + 4.00 = 10.00 ; 1000 points ; balanceAfter 0 ; totalAfter 20.00
    let a = apply(&p, Some(&m), &cart30(), r#"[{"reward":"pay","points":"600"},{"reward":"pay","points":"400"}]"#);
    assert_eq!(a["discount"], "10.00");
    assert_eq!(a["pointsSpent"], "1000");
    assert_eq!(a["balanceAfter"], "0");
    assert_eq!(a["totalAfter"], "20.00");
}

#[test]
fn eligibility_is_checked_before_points() {
    let p = pay_program();
    // balance 100: usable 100 < minPoints 200 because of the balance → insufficient_points at selections[0],
    // although 275 is not a multiple of 50
    let e = apply_err(&p, Some(&bal("100")), &cart30(), r#"[{"reward":"pay","points":"275"}]"#);
    assert_eq!(code_path(&e), cp("insufficient_points", "selections[0]"));
}

#[test]
fn ineligible_selections_for_other_reasons_are_invalid_argument() {
    let p = pay_program();
    // bronze member (no qualifying value) → gold-only reward: tier_required
    let e = apply_err(&p, Some(&bal("5000")), &cart30(), r#"[{"reward":"r5"},{"reward":"gold"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[1]"));
    assert!(
        e.message.contains("tier_required") || e.message.contains("tier required"),
        "message should name the reason: {}",
        e.message
    );
    // no SOCK line: product_not_in_cart
    let e = apply_err(&p, Some(&bal("5000")), &cart30(), r#"[{"reward":"sock"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[0]"));
}

#[test]
fn unknown_reward_is_reported_at_its_selection() {
    let p = pay_program();
    let e = apply_err(&p, Some(&bal("5000")), &cart30(), r#"[{"reward":"r5"},{"reward":"pay"},{"reward":"r500"}]"#);
    assert_eq!(code_path(&e), cp("unknown_reward", "selections[2].reward"));
}

#[test]
fn points_on_a_non_pay_selection_are_ignored() {
    let p = pay_program();
    let a = apply(&p, Some(&bal("5000")), &cart30(), r#"[{"reward":"r5","points":"7"}]"#);
    // r5 costs 100 whatever `points` says ; 5000 − 100 = 4900
    assert_eq!(a["applied"], json!([{"reward":"r5","value":"5.00","points":"100"}]));
    assert_eq!(a["balanceAfter"], "4900");
}

#[test]
fn typed_apply_matches_the_loose_entry_point() {
    let program_text = pay_program();
    let p = program(&program_text);
    let m = Member::from_json(&p, &bal("5000")).unwrap();
    let c = Cart::from_json(&p, &cart30()).unwrap();
    let sel = [
        Selection { reward: "r5".to_string(), points: None },
        Selection { reward: "pay".to_string(), points: Some("1000".parse().unwrap()) },
    ];
    let a = p.apply_redemptions(Some(&m), &c, &sel, ts(NOW)).unwrap();
    // r5 5.00 (subtotal → 25.00, cap 1250) ; pay 1000 → 10.00 ; discount 15.00 ; 1100 points ; 3900 left ; 15.00 total
    assert_eq!(text(&a.discount), "15.00");
    assert_eq!(text(&a.points_spent), "1100");
    assert_eq!(text(&a.balance_after), "3900");
    assert_eq!(text(&a.total_after), "15.00");
    // earn on 30.00 − 15.00 = 15.00 → 15
    assert_eq!(text(&a.earn.points), "15");
    let loose =
        apply(&program_text, Some(&bal("5000")), &cart30(), r#"[{"reward":"r5"},{"reward":"pay","points":"1000"}]"#);
    assert_eq!(serde_json::to_value(&a).unwrap(), loose);

    // typed redemptionOptions agrees with the loose one too
    let typed = serde_json::to_value(p.redemption_options(Some(&m), &c, ts(NOW)).unwrap()).unwrap();
    assert_eq!(typed, options(&program_text, Some(&bal("5000")), &cart30()));
    // r5 5.00 ; pay: cap 1500 → 15.00 (best) ; gold tier_required ; sock product_not_in_cart
    assert_eq!(typed["best"], "pay");
    assert_eq!(
        opt(&typed, "pay"),
        &json!({"id":"pay","eligible":true,"points":"1500","value":"15.00","totalAfter":"15.00"})
    );
    assert_eq!(opt(&typed, "gold"), &json!({"id":"gold","eligible":false,"reason":"tier_required"}));
}

#[test]
fn min_subtotal_is_checked_on_the_subtotal_left_by_earlier_selections() {
    let p = prog(
        "",
        r#"{"id":"off10","type":"amount_off","cost":"100","amount":"10.00"},
           {"id":"big","type":"amount_off","cost":"100","amount":"5.00","minSubtotal":"50.00"}"#,
    );
    let c = cart_of("", &[ln("l1", "A", "55.00", "1")]);
    // big first: 55.00 ≥ 50.00 → 5.00 ; then off10 on 50.00 → 10.00 ; discount 15.00 ; totalAfter 40.00
    let a = apply(&p, Some(&bal("1000")), &c, r#"[{"reward":"big"},{"reward":"off10"}]"#);
    assert_eq!(a["discount"], "15.00");
    assert_eq!(a["totalAfter"], "40.00");
    // off10 first leaves 45.00 < 50.00 → big is min_subtotal → invalid_argument at selections[1]
    let e = apply_err(&p, Some(&bal("1000")), &c, r#"[{"reward":"off10"},{"reward":"big"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[1]"));
}

#[test]
fn explicit_pay_points_with_more_places_than_points_decimals_are_invalid() {
    let p = pay_program();
    // points.decimals 0: "250.5" has one place too many (a caller-given point amount, §8)
    let e = apply_err(&p, Some(&bal("5000")), &cart30(), r#"[{"reward":"pay","points":"250.5"}]"#);
    assert_eq!(code_path(&e), cp("invalid_argument", "selections[0].points"));
    // a JSON number is read through its text: 250 is a multiple of 50 → 2.50
    let a = apply(&p, Some(&bal("5000")), &cart30(), r#"[{"reward":"pay","points":250}]"#);
    assert_eq!(a["applied"], json!([{"reward":"pay","value":"2.50","points":"250"}]));
}

/// §5.3 "nothing_to_discount (value 0)": 4 points at 0.001 are worth 0.004,
/// which rounds (half_up) to 0.00 → not a discount at all, so not eligible and
/// not `best`.
#[test]
fn pay_with_points_worth_less_than_a_cent_is_nothing_to_discount() {
    let p = prog("", r#"{"id":"pay","type":"pay_with_points","pointValue":"0.001"}"#);
    let result = options(&p, Some(&bal("4")), &cart_of("", &[ln("l1", "A", "20.00", "1")]));
    assert_eq!(opt(&result, "pay"), &json!({ "id": "pay", "eligible": false, "reason": "nothing_to_discount" }));
    assert_eq!(result["best"], Value::Null);
}

/// §5.3 with more than eight selections (reward ids then looked up through a
/// table) and a free product whose skus name two lines: the cheapest of them
/// with a quantity is free.
#[test]
fn many_selections_and_a_free_product_over_two_lines() {
    let offs: Vec<String> = (0..10)
        .map(|i| format!(r#"{{"id":"a{i}","name":"a","type":"amount_off","cost":"10","amount":"1.00"}}"#))
        .collect();
    let p = prog(
        "",
        &format!(
            r#"{},{{"id":"free","name":"f","type":"free_product","cost":"50","skus":["SKU-B","SKU-C","SKU-Z"]}}"#,
            offs.join(",")
        ),
    );
    // SKU-B 3.00 × 2, SKU-C 2.00 × 1 (cheapest of the listed), SKU-Z 1.00 × 0 (no quantity).
    let c = cart_of(
        "",
        &[
            ln("l1", "SKU-A", "10.00", "1"),
            ln("l2", "SKU-B", "3.00", "2"),
            ln("l3", "SKU-C", "2.00", "1"),
            ln("l4", "SKU-Z", "1.00", "0"),
        ],
    );
    let selections: Vec<String> =
        (0..10).map(|i| format!(r#"{{"reward":"a{i}"}}"#)).chain([r#"{"reward":"free"}"#.to_owned()]).collect();
    let a = apply(&p, Some(&bal("1000")), &c, &format!("[{}]", selections.join(",")));
    // 10 × 1.00 + 2.00 = 12.00 off 18.00; 10 × 10 + 50 = 150 points, 1000 − 150 = 850 left.
    assert_eq!(a["discount"], "12.00");
    assert_eq!(a["pointsSpent"], "150");
    assert_eq!(a["balanceAfter"], "850");
    assert_eq!(a["totalAfter"], "6.00");
    assert_eq!(a["applied"][10], json!({"reward":"free","value":"2.00","points":"50"}));
    // An unknown id among many is still unknown_reward at its selection.
    let e = apply_err(&p, Some(&bal("1000")), &c, &format!("[{},{{\"reward\":\"nope\"}}]", selections.join(",")));
    assert_eq!(code_path(&e), cp("unknown_reward", "selections[11].reward"));
}
