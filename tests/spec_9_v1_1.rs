//! Spec §9 (v1.1: tier perks, assigned-only tiers, discounts paid with points
//! on eligible lines only, returns beyond the balance, `checkout`,
//! `previewReturn`) with §9.7 and the v1.1 limits of §1. Every expected value
//! is worked out from PROGRAM.md in the comment next to it (none was obtained
//! by running the engine). Results are compared as JSON subsets, like the §7
//! conformance cases (keys not listed are not checked; a listed `null` must be
//! present and null).
//!
//! Defaults unless a test says otherwise: USD (2 places, moneyRounding
//! half_up), points.decimals 0, rounding floor, scope order, one earning rule
//! "base": 1 point per 1.00 of net (so R = 1), `now` = 2026-11-24T10:00:00Z.
//!
//! Reminders from the spec:
//! * §9.1 perk discount `D = min(roundMoney(percentOff × S / 100), maxAmount)`,
//!   S = Σ net of eligible lines matching `perks.lines`; D split over those
//!   lines with a positive net in proportion to net: shares rounded down to the
//!   cent, left-over cents to the largest remainders, ties to the earlier line.
//! * §9.3 the values of rewards paid with points (all but free_shipping) are
//!   split the same way over the ELIGIBLE lines (after perks).
//! * §9.5 `total = itemsTotal + shipping − discount`, itemsTotal and shipping
//!   before perks; discount = perk discount + shippingWaived + Σ applied.
//! * §9.4 debt: balance = −owed while owed > 0; a lot pays what is owed at the
//!   instant it becomes available, unless it has expired by then.
//! * §9.6 points taken back = round(P × (Sr + A) / S) − Pr (cumulative),
//!   clamped to [0, max(P − Pr, 0)]; all of P − Pr when the refund completes
//!   the order.
#![cfg(not(target_arch = "wasm32"))] // native: the wasm runs are tests/wasm.rs and the conformance runner

mod common;
use common::*;

use loyalty_engine::{Cart, Decimal, Member, Operation, Refund, RefundAmount, Selection};
use serde_json::{json, Value};
use std::str::FromStr;

// ================================================================ helpers

/// The unconditional base rule: 1 point per 1.00 of net.
const BASE: &str = r#"{"id":"base","type":"spend","points":"1"}"#;

/// A USD program with `earning` (a JSON array body), tiers on `window` with
/// metric points and these `levels` (a JSON array body), and `extra` top-level
/// fields (`"k":v,…`, may be empty).
fn tier_prog(earning: &str, window: &str, levels: &str, extra: &str) -> String {
    let extra = if extra.trim().is_empty() { String::new() } else { format!(",{extra}") };
    usd(&format!(r#""earning":[{earning}],"tiers":{{"metric":"points","window":{window},"levels":[{levels}]}}{extra}"#))
}

const LIFE: &str = r#"{"type":"lifetime"}"#;
const CAL: &str = r#"{"type":"calendar_year"}"#;

/// bronze 0 (no perks) and gold 1000 with these perks (a JSON object text).
fn gold_perks(perks: &str) -> String {
    format!(r#"{{"id":"bronze","threshold":"0"}},{{"id":"gold","threshold":"1000","perks":{perks}}}"#)
}

/// A gold member (lifetime points 1500 ≥ 1000) with this balance.
fn gold_member(balance: &str) -> String {
    snapshot(balance, "1500")
}

/// A USD cart of these lines.
fn cart_of(extra: &str, lines: &[String]) -> String {
    cart(extra, &lines.join(","))
}

fn now_arg() -> String {
    quoted(NOW)
}

/// Runs `op` through the loose API on (name, JSON text) arguments.
fn run(program_text: &str, op: Operation, args: &[(&str, Option<&str>)]) -> Value {
    loose(&program(program_text), op, args)
}

/// The (code, path) of a failing loose call.
fn run_err(program_text: &str, op: Operation, args: &[(&str, Option<&str>)]) -> (String, String) {
    code_path(&loose_err(&program(program_text), op, args))
}

fn earn_v(p: &str, member: Option<&str>, cart: &str) -> Value {
    run(p, Operation::PreviewEarn, &[("cart", Some(cart)), ("member", member), ("now", Some(&now_arg()))])
}

fn checkout_v(p: &str, member: Option<&str>, cart: &str, selections: Option<&str>) -> Value {
    let args = [("member", member), ("cart", Some(cart)), ("selections", selections), ("now", Some(&*now_arg()))];
    run(p, Operation::Checkout, &args)
}

fn checkout_err(p: &str, member: Option<&str>, cart: &str, selections: Option<&str>) -> (String, String) {
    let args = [("member", member), ("cart", Some(cart)), ("selections", selections), ("now", Some(&*now_arg()))];
    run_err(p, Operation::Checkout, &args)
}

fn apply_v(p: &str, member: Option<&str>, cart: &str, selections: &str) -> Value {
    let args = [("member", member), ("cart", Some(cart)), ("selections", Some(selections)), ("now", Some(&*now_arg()))];
    run(p, Operation::ApplyRedemptions, &args)
}

fn options_v(p: &str, member: Option<&str>, cart: &str) -> Value {
    run(p, Operation::RedemptionOptions, &[("member", member), ("cart", Some(cart)), ("now", Some(&now_arg()))])
}

fn progress_v(p: &str, member: Option<&str>, cart: Option<&str>) -> Value {
    run(p, Operation::TierProgress, &[("member", member), ("cart", cart), ("now", Some(&now_arg()))])
}

fn statement_v(p: &str, member: &str, now: &str, days: u32) -> Value {
    let days = days.to_string();
    run(p, Operation::Statement, &[("member", Some(member)), ("now", Some(&quoted(now))), ("days", Some(&days))])
}

fn badges_v(p: &str, member: Option<&str>, products: &str) -> Value {
    run(p, Operation::ProductBadges, &[("products", Some(products)), ("member", member), ("now", Some(&now_arg()))])
}

fn return_v(p: &str, member: &str, refund: &str) -> Value {
    run(p, Operation::PreviewReturn, &[("member", Some(member)), ("refund", Some(refund)), ("now", Some(&now_arg()))])
}

fn return_err(p: &str, member: Option<&str>, refund: Option<&str>) -> (String, String) {
    run_err(p, Operation::PreviewReturn, &[("member", member), ("refund", refund), ("now", Some(&now_arg()))])
}

/// A product of `productBadges`.
fn product(sku: &str, categories: &[&str], price: &str) -> String {
    let cats: Vec<String> = categories.iter().map(|c| quoted(c)).collect();
    format!(r#"{{"sku":"{sku}","categories":[{}],"price":"{price}"}}"#, cats.join(","))
}

/// Checks `expect` as a subset of `actual` (§7 style).
fn check(actual: &Value, expect: Value) {
    subset(actual, &expect, "$", actual);
}

fn subset(a: &Value, e: &Value, path: &str, whole: &Value) {
    match e {
        Value::Object(m) => {
            for (k, v) in m {
                let av = a.get(k).unwrap_or_else(|| panic!("{path}.{k} missing in {whole:#}"));
                subset(av, v, &format!("{path}.{k}"), whole);
            }
        }
        Value::Array(items) => {
            let aa = a.as_array().unwrap_or_else(|| panic!("{path} is not an array in {whole:#}"));
            assert_eq!(aa.len(), items.len(), "{path} length in {whole:#}");
            for (i, v) in items.iter().enumerate() {
                subset(&aa[i], v, &format!("{path}[{i}]"), whole);
            }
        }
        _ => assert_eq!(a, e, "{path} in {whole:#}"),
    }
}

/// `(id, net)` of every earn line.
fn nets(earn: &Value) -> Vec<(String, String)> {
    earn["lines"]
        .as_array()
        .expect("lines is an array")
        .iter()
        .map(|l| (l["id"].as_str().unwrap().to_string(), l["net"].as_str().unwrap().to_string()))
        .collect()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("not a decimal: {s}: {e}"))
}

// ================================================================ §9.1 tier perks

#[test]
fn perk_split_goes_to_the_largest_remainder_then_ties_to_the_earlier_line() {
    let p = tier_prog(BASE, LIFE, &gold_perks(r#"{"percentOff":"10"}"#), "");
    let m = gold_member("0");
    // §3.1 nets: a 7.53 × 2 = 15.06, b 35.16, c 49.78; S = 100.00 (every line eligible, no filter)
    // D = roundMoney(10 × 100.00 / 100) = 10.00
    // exact shares 10.00 × net / 100.00: a 1.506, b 3.516, c 4.978
    // rounded down 1.50 + 3.51 + 4.97 = 9.98 → 2 cents left; remainders a .006, b .006, c .008
    // cent 1 → c (largest); cent 2 → a/b tie → a, the earlier (and smaller) line
    // shares a 1.51, b 3.51, c 4.98 (= 10.00); nets a 13.55, b 31.65, c 44.80; subtotal 90.00
    let c = cart_of("", &[ln("a", "PEN", "7.53", "2"), ln("b", "BAG", "35.16", "1"), ln("c", "COAT", "49.78", "1")]);
    let e = earn_v(&p, Some(&m), &c);
    check(
        &e,
        json!({
            "points": "90", "purchasePoints": "90", "bonusPoints": "0", "tierMultiplier": "1",
            "eligibleSubtotal": "90.00",
            "lines": [
                {"id":"a","eligible":true,"net":"13.55","basePoints":"13.55","points":"13.55"},
                {"id":"b","eligible":true,"net":"31.65","basePoints":"31.65","points":"31.65"},
                {"id":"c","eligible":true,"net":"44.80","basePoints":"44.8","points":"44.8"}
            ],
            "rules": [{"id":"base","points":"90"}],
            "perks": {"tier":"gold","discount":"10.00","shippingWaived":"0.00"}
        }),
    );

    // The same lines in the order c, b, a: remainders c .008, b .006, a .006 → cent 1 → c,
    // cent 2 → the b/a tie → b, now the earlier line: shares c 4.98, b 3.52, a 1.50
    // nets c 44.80, b 31.64, a 13.56 (still 90.00)
    let c = cart_of("", &[ln("c", "COAT", "49.78", "1"), ln("b", "BAG", "35.16", "1"), ln("a", "PEN", "7.53", "2")]);
    let e = earn_v(&p, Some(&m), &c);
    assert_eq!(nets(&e), pairs(&[("c", "44.80"), ("b", "31.64"), ("a", "13.56")]));
    assert_eq!(e["eligibleSubtotal"], "90.00");
}

#[test]
fn perk_split_with_a_three_way_tie_under_a_max_amount_cap() {
    let p = tier_prog(BASE, LIFE, &gold_perks(r#"{"percentOff":"20","maxAmount":"5.00"}"#), "");
    let m = gold_member("0");
    // S = 3 × 10.00 = 30.00; 20% = 6.00, capped: D = min(6.00, 5.00) = 5.00
    // exact shares 5.00 / 3 = 1.6666… each; rounded down 1.66 × 3 = 4.98 → 2 cents left
    // all remainders equal → the earliest lines: a, then b. Shares a 1.67, b 1.67, c 1.66
    // nets a 8.33, b 8.33, c 8.34; subtotal 25.00 → 25 points
    let c = cart_of("", &[ln("a", "A", "10.00", "1"), ln("b", "B", "10.00", "1"), ln("c", "C", "10.00", "1")]);
    let e = earn_v(&p, Some(&m), &c);
    assert_eq!(nets(&e), pairs(&[("a", "8.33"), ("b", "8.33"), ("c", "8.34")]));
    check(
        &e,
        json!({"points":"25","eligibleSubtotal":"25.00",
               "perks":{"tier":"gold","discount":"5.00","shippingWaived":"0.00"}}),
    );

    // below the cap: one line of 20.00 → 20% = 4.00 ≤ 5.00 → D 4.00, net 16.00
    let e = earn_v(&p, Some(&m), &cart_of("", &[ln("a", "A", "20.00", "1")]));
    check(&e, json!({"points":"16","eligibleSubtotal":"16.00","perks":{"discount":"4.00"}}));

    // maxAmount 0: D = min(6.00, 0) = 0 → nothing taken off, but the tier has perks: reported
    let p0 = tier_prog(BASE, LIFE, &gold_perks(r#"{"percentOff":"20","maxAmount":"0"}"#), "");
    let e = earn_v(&p0, Some(&m), &c);
    assert_eq!(nets(&e), pairs(&[("a", "10.00"), ("b", "10.00"), ("c", "10.00")]));
    check(
        &e,
        json!({"points":"30","eligibleSubtotal":"30.00",
               "perks":{"tier":"gold","discount":"0.00","shippingWaived":"0.00"}}),
    );
}

#[test]
fn tax_inclusive_cart_with_perks_lowers_net_and_gross_by_the_share() {
    let p = tier_prog(
        &format!(r#"{BASE},{{"id":"cb","type":"cashback","percent":"10","base":"gross"}}"#),
        LIFE,
        &gold_perks(r#"{"percentOff":"15"}"#),
        "",
    );
    let m = gold_member("0");
    let c = cart_of(
        r#""pricesIncludeTax":true,"shipping":"4.99""#,
        &[lnx("a", "A", "21.40", "1", r#""tax":"1.40""#), lnx("b", "B", "14.33", "1", r#""tax":"1.00""#)],
    );
    // §3.1 prices include tax: net = amount − tax: a 21.40 − 1.40 = 20.00, b 14.33 − 1.00 = 13.33
    // §9.1 S = 33.33 (net, not the tax-inclusive amount); D = roundMoney(15 × 33.33 / 100 = 4.9995) = 5.00
    // exact shares: a 5.00 × 20.00 / 33.33 = 3.000300…, b 5.00 × 13.33 / 33.33 = 1.999699…
    // rounded down 3.00 + 1.99 = 4.99 → 1 cent to the larger remainder, b (.0097 > .0003)
    // shares a 3.00, b 2.00 → nets a 17.00, b 11.33 (subtotal 28.33 → 28 points)
    // gross = net + tax: a 18.40, b 12.33; cashback 10% of gross 30.73 = 3.073 → 3.07
    let e = earn_v(&p, Some(&m), &c);
    check(
        &e,
        json!({"points":"28","eligibleSubtotal":"28.33","cashback":"3.07",
               "lines":[{"id":"a","net":"17.00"},{"id":"b","net":"11.33"}],
               "perks":{"tier":"gold","discount":"5.00","shippingWaived":"0.00"}}),
    );

    // checkout: itemsTotal = Σ gross before perks = 21.40 + 14.33 = 35.73 ; shipping 4.99
    // discount = perk 5.00 + waived 0.00 + no rewards = 5.00
    // total = 35.73 + 4.99 − 5.00 = 35.72 (= gross after perks 18.40 + 12.33 + shipping 4.99)
    let k = checkout_v(&p, Some(&m), &c, None);
    check(
        &k,
        json!({"itemsTotal":"35.73","shipping":"4.99",
               "perks":{"tier":"gold","discount":"5.00","shippingWaived":"0.00"},
               "applied":[],"discount":"5.00","total":"35.72","pointsSpent":"0","balanceAfter":"0",
               "earn":{"points":"28","eligibleSubtotal":"28.33","cashback":"3.07"},
               "tier":{"current":"gold","after":"gold","upgrades":false}}),
    );
}

#[test]
fn perks_on_a_lines_filter_skip_excluded_and_zero_net_lines() {
    let p = tier_prog(
        BASE,
        LIFE,
        &gold_perks(r#"{"percentOff":"10","lines":{"categories":["apparel"]}}"#),
        r#""exclude":{"categories":["gift_cards"]}"#,
    );
    let m = gold_member("0");
    let c = cart_of(
        "",
        &[
            lnx("a", "TEE", "40.00", "1", r#""categories":["apparel"]"#),
            lnx("b", "MUG", "25.00", "1", r#""categories":["home"]"#),
            lnx("c", "GC-50", "50.00", "1", r#""categories":["gift_cards","apparel"]"#),
            lnx("d", "SOCK", "10.00", "1", r#""categories":["apparel"],"discount":"10.00""#),
        ],
    );
    // nets before perks: a 40.00, b 25.00, c 50.00 (excluded gift card), d 10.00 − 10.00 = 0.00
    // S = eligible lines matching categories [apparel]: a 40.00 + d 0.00 = 40.00 (b does not
    // match; c matches the filter but is excluded: excluded lines never get a perk)
    // D = 10% × 40.00 = 4.00, split over matching lines with a positive net: all on a → 36.00
    // eligible subtotal 36.00 + 25.00 + 0.00 = 61.00 → 61 points; c keeps 50.00 and earns 0
    let e = earn_v(&p, Some(&m), &c);
    assert_eq!(nets(&e), pairs(&[("a", "36.00"), ("b", "25.00"), ("c", "50.00"), ("d", "0.00")]));
    check(
        &e,
        json!({"points":"61","eligibleSubtotal":"61.00",
               "lines":[{"id":"a","eligible":true},{"id":"b","eligible":true},
                        {"id":"c","eligible":false,"points":"0","rules":[]},{"id":"d","eligible":true}],
               "perks":{"tier":"gold","discount":"4.00","shippingWaived":"0.00"}}),
    );
    // checkout: itemsTotal 40 + 25 + 50 + 0 = 115.00; total 115.00 − 4.00 = 111.00
    let k = checkout_v(&p, Some(&m), &c, None);
    check(&k, json!({"itemsTotal":"115.00","shipping":"0.00","discount":"4.00","total":"111.00"}));

    // an excludeCategories filter (the spec's example): sale lines get nothing
    let p = tier_prog(
        BASE,
        LIFE,
        &gold_perks(r#"{"percentOff":"10","lines":{"excludeCategories":["sale"]}}"#),
        r#""exclude":{"categories":["gift_cards"]}"#,
    );
    let c = cart_of(
        "",
        &[
            lnx("a", "TEE", "12.34", "1", r#""categories":["apparel"]"#),
            lnx("b", "OLD", "20.00", "1", r#""categories":["apparel","sale"]"#),
            lnx("c", "GC-50", "50.00", "1", r#""categories":["gift_cards"]"#),
            lnx("d", "CAP", "7.66", "1", r#""categories":["apparel"]"#),
        ],
    );
    // S = a 12.34 + d 7.66 = 20.00 (b is sale, c excluded); D = 2.00
    // shares: a 2.00 × 12.34 / 20.00 = 1.234, d 0.766 → down 1.23 + 0.76 = 1.99, 1 cent left
    // remainders a .004, d .006 → d. Shares a 1.23, d 0.77 → nets a 11.11, d 6.89
    // eligible subtotal 11.11 + 20.00 + 6.89 = 38.00 → 38 points
    let e = earn_v(&p, Some(&m), &c);
    assert_eq!(nets(&e), pairs(&[("a", "11.11"), ("b", "20.00"), ("c", "50.00"), ("d", "6.89")]));
    check(&e, json!({"points":"38","eligibleSubtotal":"38.00","perks":{"discount":"2.00"}}));
}

#[test]
fn free_shipping_perk_zeroes_shipping_for_points_rewards_and_the_total() {
    let earning = r#"{"id":"base","type":"spend","points":"1","includeShipping":true}"#;
    let p = tier_prog(
        earning,
        LIFE,
        &gold_perks(r#"{"freeShipping":true}"#),
        r#""rewards":[{"id":"fs","type":"free_shipping","cost":"100"}]"#,
    );
    let c = cart_of(r#""shipping":"6.50""#, &[ln("a", "A", "20.00", "1")]);

    // gold: freeShipping → shipping 0; no percentOff → discount 0.00, shippingWaived 6.50
    // base with includeShipping: 20.00 + 0 = 20 points
    let gold = gold_member("500");
    let e = earn_v(&p, Some(&gold), &c);
    check(
        &e,
        json!({"points":"20","eligibleSubtotal":"20.00","rules":[{"id":"base","points":"20"}],
               "perks":{"tier":"gold","discount":"0.00","shippingWaived":"6.50"}}),
    );
    // a bronze member (no perks): 20.00 + 6.50 = 26.5 → floor 26; perks null
    let bronze = snapshot("500", "0");
    let e = earn_v(&p, Some(&bronze), &c);
    check(&e, json!({"points":"26","perks":null}));

    // reward values use the cart after perks: free_shipping is worth the shipping left, 0 for gold
    let o = options_v(&p, Some(&gold), &c);
    check(&o, json!({"options":[{"id":"fs","eligible":false,"reason":"nothing_to_discount"}]}));
    // bronze: worth 6.50; cart total 20.00 + 6.50 = 26.50 → totalAfter 20.00
    let o = options_v(&p, Some(&bronze), &c);
    check(&o, json!({"options":[{"id":"fs","eligible":true,"cost":"100","value":"6.50","totalAfter":"20.00"}]}));

    // checkout (gold): itemsTotal 20.00, shipping 6.50 (before perks); discount 0 + 6.50;
    // total 20.00 + 6.50 − 6.50 = 20.00
    let k = checkout_v(&p, Some(&gold), &c, Some("[]"));
    check(
        &k,
        json!({"itemsTotal":"20.00","shipping":"6.50",
               "perks":{"tier":"gold","discount":"0.00","shippingWaived":"6.50"},
               "discount":"6.50","total":"20.00","pointsSpent":"0","balanceAfter":"500",
               "earn":{"points":"20"}}),
    );
}

#[test]
fn a_guest_holds_the_lowest_level_that_is_not_assigned_only_and_gets_its_perks() {
    // levels: club (assigned-only, ranked lowest by position), member 0, silver 500
    let levels = r#"{"id":"club","assignedOnly":true,"perks":{"percentOff":"50"}},
        {"id":"member","threshold":"0","perks":{"percentOff":"5","freeShipping":true}},
        {"id":"silver","threshold":"500","perks":{"percentOff":"10"}}"#;
    let p = tier_prog(BASE, LIFE, levels, "");
    let c = cart_of(r#""shipping":"3.00""#, &[ln("a", "A", "40.00", "1")]);
    // guest (§8): the lowest level that is not assigned-only = member (not club)
    // member perks: 5% of 40.00 = 2.00; shipping 3.00 waived → net 38.00 → 38 points
    let e = earn_v(&p, None, &c);
    check(
        &e,
        json!({"points":"38","eligibleSubtotal":"38.00",
               "perks":{"tier":"member","discount":"2.00","shippingWaived":"3.00"}}),
    );
    // checkout as a guest, no selections: balance 0 is enough
    // itemsTotal 40.00, shipping 3.00, discount 2.00 + 3.00 = 5.00, total 38.00
    // tier: member now; after: 0 + 38 < 500 → member; no upgrade
    let k = checkout_v(&p, None, &c, None);
    check(
        &k,
        json!({"itemsTotal":"40.00","shipping":"3.00","discount":"5.00","total":"38.00",
               "applied":[],"pointsSpent":"0","balanceAfter":"0",
               "tier":{"current":"member","after":"member","upgrades":false}}),
    );
    // tierProgress of a guest: current member, next silver 500, remaining 500, progress 0
    let t = progress_v(&p, None, None);
    check(&t, json!({"current":{"id":"member"},"next":{"id":"silver","threshold":"500"},"remaining":"500"}));
    // a badge for a guest gets the member perk: 40.00 − 5% = 38.00 → 38
    let b = badges_v(&p, None, &format!("[{}]", product("A", &[], "40.00")));
    assert_eq!(b, json!({"badges":[{"sku":"A","points":"38"}]}));
}

#[test]
fn a_tier_reached_by_this_cart_does_not_apply_its_perks_to_it() {
    let levels = r#"{"id":"bronze","threshold":"0"},{"id":"gold","threshold":"100","perks":{"percentOff":"50"}}"#;
    let p = tier_prog(BASE, LIFE, levels, "");
    let m = snapshot("0", "90");
    let c = cart_of("", &[ln("a", "A", "100.00", "1")]);
    // bronze now (90 < 100) → no perks: 100 points; the cart reaches gold (190) but gold's 50%
    // does not apply to it
    check(&earn_v(&p, Some(&m), &c), json!({"points":"100","eligibleSubtotal":"100.00","perks":null}));
    let t = progress_v(&p, Some(&m), Some(&c));
    check(&t, json!({"current":{"id":"bronze"},"withCart":{"qualifyingValue":"190","tier":"gold","upgrades":true}}));
    let k = checkout_v(&p, Some(&m), &c, None);
    check(
        &k,
        json!({"perks":null,"discount":"0.00","total":"100.00",
               "tier":{"current":"bronze","after":"gold","upgrades":true}}),
    );
}

#[test]
fn product_badges_get_the_percent_perk_on_matching_products_capped() {
    let levels = r#"{"id":"bronze","threshold":"0"},
        {"id":"gold","threshold":"1000","earnMultiplier":"1.5",
         "perks":{"percentOff":"20","maxAmount":"8.00","lines":{"categories":["apparel"]}}}"#;
    let p = tier_prog(BASE, LIFE, levels, r#""exclude":{"categories":["gift_cards"]}"#);
    let products = format!(
        "[{},{},{},{}]",
        product("COAT", &["apparel"], "50.00"),
        product("TEE", &["apparel"], "19.99"),
        product("MUG", &["home"], "10.00"),
        product("GC", &["gift_cards", "apparel"], "25.00"),
    );
    // gold, T = 1.5:
    // COAT: 20% of 50.00 = 10.00, capped 8.00 → 42.00 × 1.5 = 63
    // TEE: 20% of 19.99 = 3.998 → 4.00 → 15.99 × 1.5 = 23.985 → floor 23
    // MUG: not apparel → 10.00 × 1.5 = 15
    // GC: excluded → 0
    let b = badges_v(&p, Some(&gold_member("0")), &products);
    assert_eq!(
        b,
        json!({"badges":[{"sku":"COAT","points":"63"},{"sku":"TEE","points":"23"},
                         {"sku":"MUG","points":"15"},{"sku":"GC","points":"0"}]})
    );
    // bronze: no perks, T = 1: 50, 19.99 → 19, 10, 0
    let b = badges_v(&p, Some(&snapshot("0", "0")), &products);
    assert_eq!(
        b,
        json!({"badges":[{"sku":"COAT","points":"50"},{"sku":"TEE","points":"19"},
                         {"sku":"MUG","points":"10"},{"sku":"GC","points":"0"}]})
    );
}

#[test]
fn perks_validation() {
    let with = |perks: &str| tier_prog(BASE, LIFE, &gold_perks(perks), "");
    // 0 < percentOff ≤ 100
    for bad in [r#"{"percentOff":"0"}"#, r#"{"percentOff":"-5"}"#, r#"{"percentOff":"100.01"}"#] {
        assert_eq!(program_err(&with(bad)), cp("invalid_program", "tiers.levels[1].perks.percentOff"), "{bad}");
    }
    program(&with(r#"{"percentOff":"100"}"#));
    program(&with(r#"{"percentOff":"12.123456789012"}"#)); // up to 12 places (§9.7)
                                                           // unknown keys are invalid_program at their path
    assert_eq!(program_err(&with(r#"{"percent":"10"}"#)), cp("invalid_program", "tiers.levels[1].perks.percent"));
    // maxAmount is money ≥ 0 with at most currencyDecimals places
    assert_eq!(
        program_err(&with(r#"{"percentOff":"10","maxAmount":"1.001"}"#)),
        cp("invalid_program", "tiers.levels[1].perks.maxAmount")
    );
    assert_eq!(
        program_err(&with(r#"{"percentOff":"10","maxAmount":"-1"}"#)),
        cp("invalid_program", "tiers.levels[1].perks.maxAmount")
    );
    // freeShipping is a boolean
    assert_eq!(
        program_err(&with(r#"{"freeShipping":"yes"}"#)),
        cp("invalid_program", "tiers.levels[1].perks.freeShipping")
    );
    // perks with neither percentOff nor freeShipping: true do nothing (but the tier has perks)
    let p = with(r#"{"freeShipping":false}"#);
    let e = earn_v(&p, Some(&gold_member("0")), &cart_of(r#""shipping":"2.00""#, &[ln("a", "A", "9.99", "1")]));
    check(
        &e,
        json!({"points":"9","eligibleSubtotal":"9.99",
               "perks":{"tier":"gold","discount":"0.00","shippingWaived":"0.00"}}),
    );
}

#[test]
fn perks_apply_after_the_order_discount() {
    let p = tier_prog(BASE, LIFE, &gold_perks(r#"{"percentOff":"10"}"#), "");
    let c = cart_of(r#""orderDiscount":"10.00""#, &[ln("a", "A", "60.00", "1"), ln("b", "B", "40.00", "1")]);
    // §3.1 first: orderDiscount 10.00 by net 60 : 40 → a 6.00, b 4.00 → nets 54.00, 36.00
    // then §9.1: S = 90.00, D = 9.00 → a 9.00 × 54 / 90 = 5.40, b 3.60 → nets 48.60, 32.40
    // eligible 81.00 → 81 points (a perk on the nets before orderDiscount would take 10.00)
    let e = earn_v(&p, Some(&gold_member("0")), &c);
    assert_eq!(nets(&e), pairs(&[("a", "48.60"), ("b", "32.40")]));
    check(&e, json!({"points":"81","eligibleSubtotal":"81.00","perks":{"discount":"9.00"}}));
    // checkout: itemsTotal is after orderDiscount, before perks: 54.00 + 36.00 = 90.00
    // total 90.00 + 0 − 9.00 = 81.00
    check(
        &checkout_v(&p, Some(&gold_member("0")), &c, None),
        json!({"itemsTotal":"90.00","shipping":"0.00","discount":"9.00","total":"81.00"}),
    );
}

// ================================================================ §9.2 assigned-only (paid) tiers and tierUntil

/// Calendar-year points tiers, retention none (ranks by position):
/// 0 bronze 0, 1 silver 500 (×1.25), 2 vip assigned-only (×2, 10% perk),
/// 3 gold 1000 (×1.5), 4 club assigned-only (×3). A bonus rule and a reward
/// name the assigned-only vip (allowed, §9.2).
fn paid_prog() -> String {
    let levels = r#"{"id":"bronze","threshold":"0"},
        {"id":"silver","threshold":"500","earnMultiplier":"1.25"},
        {"id":"vip","assignedOnly":true,"earnMultiplier":"2","perks":{"percentOff":"10"}},
        {"id":"gold","threshold":"1000","earnMultiplier":"1.5"},
        {"id":"club","assignedOnly":true,"earnMultiplier":"3"}"#;
    let earning = format!(r#"{BASE},{{"id":"vip-bonus","type":"bonus","points":"7","when":{{"tiers":["vip"]}}}}"#);
    tier_prog(
        &earning,
        CAL,
        levels,
        r#""rewards":[{"id":"vip5","type":"amount_off","cost":"100","amount":"5.00","tiers":["vip"]}]"#,
    )
}

fn paid_member(qualifying: &str, tier: &str, until: Option<&str>) -> String {
    match until {
        Some(u) => format!(
            r#"{{"id":"m","balance":"1000","qualifyingValue":"{qualifying}","tier":"{tier}","tierUntil":"{u}"}}"#
        ),
        None => format!(r#"{{"id":"m","balance":"1000","qualifyingValue":"{qualifying}","tier":"{tier}"}}"#),
    }
}

#[test]
fn an_assigned_tier_holds_until_tier_until_and_keeps_to_that_date() {
    let p = paid_prog();
    let m = paid_member("600", "vip", Some("2027-03-01T00:00:00Z"));
    // now 2026-11-24T10:00Z < tierUntil → vip (rank 2) beats the computed silver (rank 1)
    // next: the lowest-ranked level above vip that is not assigned-only = gold 1000
    // remaining 1000 − 600 = 400; progress 600 / 1000 = 0.6000
    // spendToNext = 400 / (R 1 × T 2) = 200.00; windowEnds: start of 2027
    // keep: vip is held only through member.tier → validUntil = tierUntil
    let t = progress_v(&p, Some(&m), None);
    check(
        &t,
        json!({"current":{"id":"vip","earnMultiplier":"2"},"qualifyingValue":"600",
               "next":{"id":"gold","threshold":"1000"},"remaining":"400","progress":"0.6000",
               "spendToNext":"200.00","windowEnds":"2027-01-01T00:00:00Z",
               "keep":{"id":"vip","validUntil":"2027-03-01T00:00:00Z"},"withCart":null}),
    );
    // with a cart of 100.00: vip perk 10% → net 90.00; purchase 90 × 2 = 180; vip-bonus 7
    let c = cart_of("", &[ln("a", "A", "100.00", "1")]);
    check(
        &earn_v(&p, Some(&m), &c),
        json!({"points":"187","purchasePoints":"180","bonusPoints":"7","tierMultiplier":"2",
               "eligibleSubtotal":"90.00","perks":{"tier":"vip","discount":"10.00","shippingWaived":"0.00"}}),
    );
    // withCart: 600 + purchasePoints 180 = 780 → silver by value; the tier is the higher ranked
    // of that and the current vip → vip, no upgrade
    let t = progress_v(&p, Some(&m), Some(&c));
    check(&t, json!({"withCart":{"qualifyingValue":"780","tier":"vip","upgrades":false}}));
    // a reward limited to vip is open to it: value min(5.00, 90.00); cart total 90.00 → 85.00
    check(
        &options_v(&p, Some(&m), &c),
        json!({"options":[{"id":"vip5","eligible":true,"cost":"100","value":"5.00","totalAfter":"85.00"}]}),
    );
    // tierUntil is read with its offset: 2026-12-01T09:00+09:00 = 2026-12-01T00:00Z
    let m = paid_member("600", "vip", Some("2026-12-01T09:00:00+09:00"));
    check(&progress_v(&p, Some(&m), None), json!({"keep":{"id":"vip","validUntil":"2026-12-01T00:00:00Z"}}));
    // without tierUntil the assignment has no end: validUntil null
    let m = paid_member("600", "vip", None);
    check(&progress_v(&p, Some(&m), None), json!({"current":{"id":"vip"},"keep":{"id":"vip","validUntil":null}}));
}

#[test]
fn an_assigned_tier_is_ignored_from_tier_until_on() {
    let p = paid_prog();
    let c = cart_of("", &[ln("a", "A", "100.00", "1")]);
    // tierUntil = now (now < tierUntil fails) and tierUntil in the past: vip ignored → silver
    for until in ["2026-11-24T10:00:00Z", "2026-01-01T00:00:00Z"] {
        let m = paid_member("600", "vip", Some(until));
        // silver ×1.25, next gold: remaining 400, progress 0.6000, spendToNext 400 / 1.25 = 320.00
        // keep: silver earned in the current window, retention none → windowEnds
        check(
            &progress_v(&p, Some(&m), None),
            json!({"current":{"id":"silver","earnMultiplier":"1.25"},"next":{"id":"gold"},
                   "remaining":"400","progress":"0.6000","spendToNext":"320.00",
                   "keep":{"id":"silver","validUntil":"2027-01-01T00:00:00Z"}}),
        );
        // no perks for silver: 100.00 × 1.25 = 125; the vip bonus does not apply
        check(
            &earn_v(&p, Some(&m), &c),
            json!({"points":"125","bonusPoints":"0","eligibleSubtotal":"100.00","perks":null}),
        );
        // the vip-only reward is closed: tier_required
        check(
            &options_v(&p, Some(&m), &c),
            json!({"options":[{"id":"vip5","eligible":false,"reason":"tier_required"}]}),
        );
    }
}

#[test]
fn next_skips_assigned_only_levels() {
    let p = paid_prog();
    let snap = |q: &str| snapshot("0", q);
    // 100: bronze → next silver 500, remaining 400, progress 0.2000
    check(
        &progress_v(&p, Some(&snap("100")), None),
        json!({"current":{"id":"bronze"},"next":{"id":"silver","threshold":"500"},"remaining":"400","progress":"0.2000"}),
    );
    // 700: silver → next gold (vip, ranked between, is assigned-only): remaining 300, 0.7000
    check(
        &progress_v(&p, Some(&snap("700")), None),
        json!({"current":{"id":"silver"},"next":{"id":"gold","threshold":"1000"},"remaining":"300","progress":"0.7000"}),
    );
    // 1200: gold → above it only club, assigned-only → next null, remaining/spendToNext null,
    // progress 1.0000; gold earned this window → kept to windowEnds
    check(
        &progress_v(&p, Some(&snap("1200")), None),
        json!({"current":{"id":"gold"},"next":null,"remaining":null,"spendToNext":null,"progress":"1.0000",
               "keep":{"id":"gold","validUntil":"2027-01-01T00:00:00Z"}}),
    );
    // 1200 with vip assigned: computed gold ranks above vip → gold (earned: windowEnds)
    check(
        &progress_v(&p, Some(&paid_member("1200", "vip", Some("2027-06-01T00:00:00Z"))), None),
        json!({"current":{"id":"gold"},"next":null,"keep":{"id":"gold","validUntil":"2027-01-01T00:00:00Z"}}),
    );
    // club assigned (top, no end) with 0: club ×3; next null; keep club, validUntil null
    check(
        &progress_v(&p, Some(&paid_member("0", "club", None)), None),
        json!({"current":{"id":"club","earnMultiplier":"3"},"next":null,"remaining":null,
               "spendToNext":null,"progress":"1.0000","keep":{"id":"club","validUntil":null}}),
    );
}

#[test]
fn a_ledger_member_may_carry_an_assigned_tier_until() {
    let p = paid_prog();
    // 2026 purchases worth 600 points → silver computed; vip assigned until 2026-12-01
    let m = format!(
        r#"{{"id":"m","tier":"vip","tierUntil":"2026-12-01T00:00:00Z","events":[{}]}}"#,
        purchase("2026-03-01T00:00:00Z", "600", "o-1")
    );
    check(
        &progress_v(&p, Some(&m), None),
        json!({"current":{"id":"vip"},"qualifyingValue":"600","next":{"id":"gold"},
               "keep":{"id":"vip","validUntil":"2026-12-01T00:00:00Z"}}),
    );
    // the statement's tier is vip too (§4: the tier is max(computed, assigned))
    let s = statement_v(&p, &m, NOW, 30);
    assert_eq!(s["tier"], "vip");
    // after tierUntil (2026-12-02): silver
    let s = statement_v(&p, &m, "2026-12-02T00:00:00Z", 30);
    assert_eq!(s["tier"], "silver");
}

#[test]
fn assigned_only_program_and_member_errors() {
    let levels = |body: &str| tier_prog(BASE, LIFE, body, "");
    // a threshold on an assigned-only level: invalid_program at that threshold
    assert_eq!(
        program_err(&levels(
            r#"{"id":"bronze","threshold":"0"},{"id":"vip","assignedOnly":true,"threshold":"700"},{"id":"gold","threshold":"1000"}"#
        )),
        cp("invalid_program", "tiers.levels[1].threshold")
    );
    // every level assigned-only: invalid_program at tiers.levels
    assert_eq!(
        program_err(&levels(r#"{"id":"a","assignedOnly":true},{"id":"b","assignedOnly":true}"#)),
        cp("invalid_program", "tiers.levels")
    );
    // assignedOnly false is an ordinary level (needs its threshold)
    program(&levels(r#"{"id":"bronze","assignedOnly":false,"threshold":"0"}"#));
    // the first level that is not assigned-only must have threshold 0
    let (code, _) = program_err(&levels(r#"{"id":"vip","assignedOnly":true},{"id":"silver","threshold":"500"}"#));
    assert_eq!(code, "invalid_program");

    // a bad member.tierUntil: invalid_member at member.tierUntil
    let p = paid_prog();
    for bad in [r#""2026-12-01""#, r#""2026-12-01T00:00:00""#, r#""soon""#, "5"] {
        let m = format!(r#"{{"id":"m","balance":"0","tier":"vip","tierUntil":{bad}}}"#);
        let args = [("member", Some(m.as_str())), ("now", Some(&*now_arg()))];
        assert_eq!(run_err(&p, Operation::TierProgress, &args), cp("invalid_member", "member.tierUntil"), "{bad}");
    }
}

// ================================================================ §9.3 discounts paid with points, §9.5 checkout

/// Gift cards excluded; bronze 0, gold 1000 with a 10% perk (T = 1 for both);
/// rewards r5 ($5 off, 500), p10 (10% off, 300), pay (0.01 a point), fs (free shipping, 200).
fn chain_prog() -> String {
    tier_prog(
        BASE,
        LIFE,
        &gold_perks(r#"{"percentOff":"10"}"#),
        r#""exclude":{"categories":["gift_cards"]},"rewards":[
            {"id":"r5","type":"amount_off","cost":"500","amount":"5.00"},
            {"id":"p10","type":"percent_off","cost":"300","percent":"10"},
            {"id":"pay","type":"pay_with_points","pointValue":"0.01"},
            {"id":"fs","type":"free_shipping","cost":"200"}]"#,
    )
}

/// l1 60.00, l2 29.99, l3 a 40.00 gift card (excluded); shipping 5.00.
fn chain_cart() -> String {
    cart_of(
        r#""shipping":"5.00""#,
        &[
            ln("l1", "JACKET", "60.00", "1"),
            ln("l2", "SHIRT", "29.99", "1"),
            lnx("l3", "GC-40", "40.00", "1", r#""categories":["gift_cards"]"#),
        ],
    )
}

const CHAIN: &str = r#"[{"reward":"r5"},{"reward":"p10"},{"reward":"pay","points":"1000"}]"#;

#[test]
fn chained_rewards_after_perks_lower_only_eligible_lines() {
    let p = chain_prog();
    let m = gold_member("2000");
    let c = chain_cart();
    // perks: S = 60.00 + 29.99 = 89.99 (l3 excluded); D = roundMoney(8.999) = 9.00
    //   shares l1 540 / 89.99 = 6.000666…, l2 269.91 / 89.99 = 2.999333…; down 6.00 + 2.99 = 8.99
    //   1 cent → l2 (remainder .0093 > .0007) → l1 6.00, l2 3.00 → nets 54.00, 26.99; subtotal 80.99
    // r5: min(5.00, 80.99) = 5.00 (500 points) → subtotal left 75.99
    // p10: 10% of 75.99 = 7.599 → 7.60 (300) → 68.39
    // pay 1000 points: 10.00 ≤ 100% of 68.39 → 10.00 (1000) → 58.39
    // points spent 1800, balance 2000 − 1800 = 200; points-paid sum 22.60
    // §9.3: 22.60 over the ELIGIBLE lines by net 54.00 : 26.99 (80.99), the gift card takes none:
    //   l1 1220.40 / 80.99 = 15.068527…, l2 609.974 / 80.99 = 7.531473…; down 15.06 + 7.53 = 22.59
    //   1 cent → l1 (.0085 > .0015) → l1 15.07, l2 7.53 → nets 38.93, 19.46, l3 40.00
    //   eligible 58.39 → 58 points
    // cart total after perks: 54.00 + 26.99 + 40.00 + 5.00 = 125.99; totalAfter 125.99 − 22.60 = 103.39
    let a = apply_v(&p, Some(&m), &c, CHAIN);
    let applied = json!([{"reward":"r5","value":"5.00","points":"500"},
                         {"reward":"p10","value":"7.60","points":"300"},
                         {"reward":"pay","value":"10.00","points":"1000"}]);
    check(
        &a,
        json!({"discount":"22.60","pointsSpent":"1800","balanceAfter":"200","totalAfter":"103.39",
               "applied":applied.clone(),
               "earn":{"points":"58","eligibleSubtotal":"58.39",
                       "perks":{"tier":"gold","discount":"9.00","shippingWaived":"0.00"}}}),
    );
    assert_eq!(nets(&a["earn"]), pairs(&[("l1", "38.93"), ("l2", "19.46"), ("l3", "40.00")]));

    // checkout: itemsTotal 60.00 + 29.99 + 40.00 = 129.99; shipping 5.00
    // discount = 9.00 + 0.00 + 22.60 = 31.60; total = 129.99 + 5.00 − 31.60 = 103.39 (= totalAfter)
    let k = checkout_v(&p, Some(&m), &c, Some(CHAIN));
    check(
        &k,
        json!({"itemsTotal":"129.99","shipping":"5.00",
               "perks":{"tier":"gold","discount":"9.00","shippingWaived":"0.00"},
               "applied":applied,"discount":"31.60","total":"103.39","pointsSpent":"1800","balanceAfter":"200",
               "earn":{"points":"58","eligibleSubtotal":"58.39"},
               "tier":{"current":"gold","after":"gold","upgrades":false}}),
    );
    assert_eq!(nets(&k["earn"]), pairs(&[("l1", "38.93"), ("l2", "19.46"), ("l3", "40.00")]));
}

#[test]
fn free_shipping_in_a_chain_is_not_split_over_lines() {
    let p = chain_prog();
    let m = gold_member("2000");
    let c = chain_cart();
    // after perks: nets 54.00, 26.99, 40.00; subtotal 80.99; shipping 5.00
    // fs: worth the shipping 5.00 (200); it sets shipping to 0 and leaves the subtotal
    // r5: min(5.00, 80.99) = 5.00 (500) → points-paid goods 5.00 (fs is not among them)
    //   l1 270 / 80.99 = 3.333744…, l2 134.95 / 80.99 = 1.666255…; down 3.33 + 1.66 = 4.99
    //   1 cent → l2 (.0063 > .0037) → l1 3.33, l2 1.67 → nets 50.67, 25.32; eligible 75.99 → 75
    // discount 10.00 (all values); spent 700 → 1300 left; totalAfter 125.99 − 10.00 = 115.99
    let sel = r#"[{"reward":"fs"},{"reward":"r5"}]"#;
    let a = apply_v(&p, Some(&m), &c, sel);
    check(
        &a,
        json!({"discount":"10.00","pointsSpent":"700","balanceAfter":"1300","totalAfter":"115.99",
               "applied":[{"reward":"fs","value":"5.00","points":"200"},{"reward":"r5","value":"5.00","points":"500"}],
               "earn":{"points":"75","eligibleSubtotal":"75.99"}}),
    );
    assert_eq!(nets(&a["earn"]), pairs(&[("l1", "50.67"), ("l2", "25.32"), ("l3", "40.00")]));
    // checkout: discount 9.00 + 0.00 + 10.00 = 19.00; total 129.99 + 5.00 − 19.00 = 115.99
    let k = checkout_v(&p, Some(&m), &c, Some(sel));
    check(&k, json!({"discount":"19.00","total":"115.99","pointsSpent":"700","balanceAfter":"1300"}));
}

#[test]
fn typed_checkout_total_is_items_plus_shipping_less_discount_and_equals_apply_total_after() {
    let p = program(&chain_prog());
    let cart = Cart::from_json(&p, &chain_cart()).unwrap();
    let member = Member::from_json(&p, &gold_member("2000")).unwrap();
    let sel = |reward: &str, points: Option<&str>| Selection { reward: reward.into(), points: points.map(dec) };
    let selection_sets = [
        vec![],
        vec![sel("r5", None), sel("p10", None), sel("pay", Some("1000"))],
        vec![sel("fs", None), sel("r5", None)],
        vec![sel("pay", None)],
    ];
    for sels in selection_sets {
        let k = p.checkout(Some(&member), &cart, &sels, ts(NOW)).unwrap();
        let a = p.apply_redemptions(Some(&member), &cart, &sels, ts(NOW)).unwrap();
        // §9.5: total = itemsTotal + shipping − discount, and equals applyRedemptions' totalAfter
        assert_eq!(k.total, k.items_total + k.shipping - k.discount, "{k:?}");
        assert_eq!(k.total, a.total_after, "{sels:?}");
        assert_eq!((k.points_spent, k.balance_after), (a.points_spent, a.balance_after));
        assert_eq!(k.applied, a.applied);
        assert_eq!(k.earn, a.earn);
        // discount = perk discount + shipping waived + Σ applied values
        let perks = k.perks.as_ref().unwrap();
        let applied: Decimal = k.applied.iter().map(|r| r.value).sum();
        assert_eq!(k.discount, perks.discount + perks.shipping_waived + applied);
    }
    // pay with no points given: the usable maximum (§5.3), the largest multiple of step 1 not
    // above the balance 2000 whose value stays within 100% of the subtotal 80.99 (8099 points):
    // 2000 → 20.00 off; total = 129.99 + 5.00 − 9.00 − 20.00 = 105.99
    let k = p.checkout(Some(&member), &cart, &[sel("pay", None)], ts(NOW)).unwrap();
    assert_eq!(text(&k.total), "105.99");
    assert_eq!(text(&k.points_spent), "2000");
}

#[test]
fn checkout_with_no_selections_needs_no_balance() {
    let p = chain_prog();
    let c = chain_cart();
    // a gold member with balance 0: perks only; discount 9.00; total 129.99 + 5.00 − 9.00 = 125.99
    // earn on 80.99 → 80
    let m = gold_member("0");
    for sel in [None, Some("[]")] {
        check(
            &checkout_v(&p, Some(&m), &c, sel),
            json!({"itemsTotal":"129.99","shipping":"5.00","applied":[],"discount":"9.00","total":"125.99",
                   "pointsSpent":"0","balanceAfter":"0","earn":{"points":"80","eligibleSubtotal":"80.99"}}),
        );
    }
    // a ledger in debt (§9.4 debt): purchase o-1 100, redeem 80, return o-1 100 → the return takes
    // the 20 left and 80 are owed: balance −80. Tier: 100 − 100 = 0 → bronze (no perks)
    let m = ledger(&[
        purchase_s("2026-10-01T00:00:00Z", "100", "100.00", "o-1"),
        redeem("2026-10-05T00:00:00Z", "80"),
        ret_s("2026-10-10T00:00:00Z", "100", "100.00", "o-1"),
    ]);
    // no perks: discount 0.00, total 129.99 + 5.00 = 134.99; eligible 89.99 → 89 points
    // balanceAfter is the negative balance printed as it is
    check(
        &checkout_v(&p, Some(&m), &c, None),
        json!({"perks":null,"discount":"0.00","total":"134.99","pointsSpent":"0","balanceAfter":"-80",
               "earn":{"points":"89"},"tier":{"current":"bronze","after":"bronze","upgrades":false}}),
    );
    // a selection is checked against the balance: insufficient_points at selections[0]
    assert_eq!(
        checkout_err(&p, Some(&m), &c, Some(r#"[{"reward":"r5"}]"#)),
        cp("insufficient_points", "selections[0]")
    );
    // pointsShort counts from the negative balance: r5 500 − (−80) = 580, p10 380,
    // pay: one step (1) − (−80) = 81; fs 200 + 80 = 280
    check(
        &options_v(&p, Some(&m), &c),
        json!({"balance":"-80","options":[
            {"id":"r5","eligible":false,"reason":"insufficient_points","pointsShort":"580"},
            {"id":"p10","eligible":false,"reason":"insufficient_points","pointsShort":"380"},
            {"id":"pay","eligible":false,"reason":"insufficient_points","pointsShort":"81"},
            {"id":"fs","eligible":false,"reason":"insufficient_points","pointsShort":"280"}],
            "best":null}),
    );
}

// ================================================================ §9.4 returns beyond the balance

fn lot(at: &str, points: &str, remaining: &str, expires: Option<&str>) -> Value {
    json!({"at":at,"points":points,"remaining":remaining,"expiresAt":expires})
}

#[test]
fn debt_is_paid_off_by_a_pending_lot_at_the_instant_it_becomes_available() {
    let p = usd(r#""pendingDays":5,"accounting":{"pointValue":"0.01","redemptionRate":"1"}"#);
    let m = ledger(&[
        purchase("2026-03-01T00:00:00Z", "100", "o-1"), // lot1, available 03-06
        redeem("2026-03-10T00:00:00Z", "60"),           // lot1 → 40
        ret("2026-03-12T00:00:00Z", "100", "o-1"),      // takes 40, 60 owed (debt, the default)
        purchase("2026-03-15T12:00:00Z", "150", "o-2"), // lot2, pending until 03-20T12:00
    ]);
    // lifetimeEarned = 100 + 150 − 100 (the return's own points, under debt) = 150; redeemed 60
    // before 03-20T12:00: lot2 pending; balance −owed = −60; pending 150; liability max(−60, 0) → 0.00
    // identity: −60 + 150 = 90 = 150 − 60 − 0
    for now in ["2026-03-18T00:00:00Z", "2026-03-20T11:59:59Z"] {
        check(
            &statement_v(&p, &m, now, 30),
            json!({"balance":"-60","pending":"150","owed":"60","forgiven":"0","lifetimeEarned":"150",
                   "lifetimeRedeemed":"60","expired":"0","liability":"0.00",
                   "lots":[lot("2026-03-01T00:00:00Z","100","0",None),
                           lot("2026-03-15T12:00:00Z","150","150",None)]}),
        );
    }
    // at 03-20T12:00 lot2 becomes available and first pays the 60 owed: remaining 90, owed 0
    // balance 90, pending 0; liability 90 × 0.01 × 1 = 0.90; identity 90 + 0 = 150 − 60 − 0
    for now in ["2026-03-20T12:00:00Z", "2026-04-01T00:00:00Z"] {
        check(
            &statement_v(&p, &m, now, 30),
            json!({"balance":"90","pending":"0","owed":"0","forgiven":"0","lifetimeEarned":"150",
                   "lifetimeRedeemed":"60","expired":"0","liability":"0.90",
                   "lots":[lot("2026-03-01T00:00:00Z","100","0",None),
                           lot("2026-03-15T12:00:00Z","150","90",None)]}),
        );
    }
    // the paid part is not a redemption: a redeem of 90 at that very instant is allowed (the lot
    // pays before any event at that instant) and leaves 0
    let m2 = ledger(&[
        purchase("2026-03-01T00:00:00Z", "100", "o-1"),
        redeem("2026-03-10T00:00:00Z", "60"),
        ret("2026-03-12T00:00:00Z", "100", "o-1"),
        purchase("2026-03-15T12:00:00Z", "150", "o-2"),
        redeem("2026-03-20T12:00:00Z", "90"),
    ]);
    check(
        &statement_v(&p, &m2, "2026-04-01T00:00:00Z", 30),
        json!({"balance":"0","owed":"0","lifetimeEarned":"150","lifetimeRedeemed":"150"}),
    );
    // 91 is one too many: invalid_member at that event
    let m3 = m2.replace(r#""points":"90""#, r#""points":"91""#);
    assert_eq!(statement_err(&p, &m3, "2026-04-01T00:00:00Z", 30), cp("invalid_member", "member.events[4]"));
}

#[test]
fn a_lot_that_expires_before_it_becomes_available_pays_nothing() {
    let events = [adjust("2026-01-05T00:00:00Z", "-50"), purchase("2026-01-10T00:00:00Z", "100", "o-1")];
    let m = ledger(&events);
    // rolling 1 month: the lot expires 2026-02-10T00:00Z. The adjust asks 50 with nothing there:
    // 50 owed, balance −50.
    // pendingDays 40: available 2026-02-19 > expiry → expired by then, pays nothing.
    // pendingDays 31: available 2026-02-10T00:00Z = its expiry; expired at t when expiry ≤ t →
    // pays nothing either.
    // at 03-01: balance −50, owed 50, pending 0, expired 100; lifetimeEarned 100 − 50 = 50
    // identity: −50 + 0 = 50 − 0 − 100
    for pending in ["40", "31"] {
        let p = usd(&format!(r#""pendingDays":{pending},"expiry":{{"type":"rolling","months":1}}"#));
        check(
            &statement_v(&p, &m, "2026-03-01T00:00:00Z", 30),
            json!({"balance":"-50","pending":"0","owed":"50","expired":"100","lifetimeEarned":"50",
                   "lifetimeRedeemed":"0","lots":[lot("2026-01-10T00:00:00Z","100","0",Some("2026-02-10T00:00:00Z"))]}),
        );
    }
    // pendingDays 10: available 01-20, before its expiry: pays 50; the other 50 expire on 02-10
    let p = usd(r#""pendingDays":10,"expiry":{"type":"rolling","months":1}"#);
    // on 01-15: still pending: balance −50, pending 100, owed 50
    check(
        &statement_v(&p, &m, "2026-01-15T00:00:00Z", 30),
        json!({"balance":"-50","pending":"100","owed":"50","expired":"0","lifetimeEarned":"50"}),
    );
    // on 03-01: balance 0, owed 0, expired 50 (the paid 50 never expire); 0 + 0 = 50 − 0 − 50
    check(
        &statement_v(&p, &m, "2026-03-01T00:00:00Z", 30),
        json!({"balance":"0","pending":"0","owed":"0","expired":"50","lifetimeEarned":"50",
               "lots":[lot("2026-01-10T00:00:00Z","100","0",Some("2026-02-10T00:00:00Z"))]}),
    );
}

#[test]
fn a_redeem_while_points_are_owed_is_invalid_member_at_that_event() {
    let p = usd("");
    let head = [
        purchase("2026-05-01T00:00:00Z", "100", "o-1"),
        ret("2026-05-02T00:00:00Z", "150", "o-1"),     // takes 100, 50 owed
        purchase("2026-05-03T00:00:00Z", "30", "o-2"), // pays 30: 20 still owed, nothing available
    ];
    let mut bad = head.to_vec();
    bad.push(redeem("2026-05-04T00:00:00Z", "10"));
    assert_eq!(statement_err(&p, &ledger(&bad), NOW, 30), cp("invalid_member", "member.events[3]"));
    // the same error through previewEarn (a ledger is replayed whatever the operation)
    let (c, member, now) = (cart_of("", &[ln("a", "A", "1.00", "1")]), ledger(&bad), now_arg());
    let args = [("cart", Some(c.as_str())), ("member", Some(member.as_str())), ("now", Some(now.as_str()))];
    assert_eq!(run_err(&p, Operation::PreviewEarn, &args), cp("invalid_member", "member.events[3]"));

    // once a purchase of 100 pays the 20 owed, 80 are available and a redeem of 80 is fine
    let mut good = head.to_vec();
    good.push(purchase("2026-05-04T00:00:00Z", "100", "o-3"));
    good.push(redeem("2026-05-05T00:00:00Z", "80"));
    // lifetimeEarned 100 + 30 + 100 − 150 = 80; redeemed 80; balance 0 = 80 − 80 − 0
    check(
        &statement_v(&p, &ledger(&good), NOW, 30),
        json!({"balance":"0","owed":"0","forgiven":"0","lifetimeEarned":"80","lifetimeRedeemed":"80",
               "lots":[lot("2026-05-01T00:00:00Z","100","0",None),lot("2026-05-03T00:00:00Z","30","0",None),
                       lot("2026-05-04T00:00:00Z","100","0",None)]}),
    );
}

#[test]
fn a_return_in_debt_takes_its_own_pending_lot_first_never_another_orders() {
    let p = usd(r#""pendingDays":10"#);
    let m = ledger(&[
        purchase("2026-10-01T00:00:00Z", "50", "o-2"),  // available 10-11
        purchase("2026-10-20T00:00:00Z", "100", "o-1"), // pending until 10-30
        purchase("2026-10-21T00:00:00Z", "40", "o-4"),  // pending until 10-31
        ret("2026-10-22T00:00:00Z", "170", "o-1"),      // own pending 100, then available 50: 20 owed
        purchase("2026-10-25T00:00:00Z", "30", "o-3"),  // pending until 11-04
    ]);
    // o-4's pending 40 is not taken by o-1's return. lifetimeEarned = 220 − 170 = 50
    // 10-26: balance −20, pending 40 + 30 = 70, owed 20: −20 + 70 = 50 − 0 − 0
    check(
        &statement_v(&p, &m, "2026-10-26T00:00:00Z", 30),
        json!({"balance":"-20","pending":"70","owed":"20","lifetimeEarned":"50",
               "lots":[lot("2026-10-01T00:00:00Z","50","0",None),lot("2026-10-20T00:00:00Z","100","0",None),
                       lot("2026-10-21T00:00:00Z","40","40",None),lot("2026-10-25T00:00:00Z","30","30",None)]}),
    );
    // 11-01: o-4 became available on 10-31 and paid the 20: balance 20, pending 30 (o-3)
    check(
        &statement_v(&p, &m, "2026-11-01T00:00:00Z", 30),
        json!({"balance":"20","pending":"30","owed":"0","lifetimeEarned":"50"}),
    );
    // 11-04 on: o-3 available too: balance 50, pending 0
    check(
        &statement_v(&p, &m, "2026-11-04T00:00:00Z", 30),
        json!({"balance":"50","pending":"0","owed":"0","lifetimeEarned":"50"}),
    );
}

/// purchase 100, action 50, redeem 120, return 100, purchase 80, adjust −100, purchase 40.
fn shortfall_events() -> String {
    ledger(&[
        purchase("2026-01-15T00:00:00Z", "100", "o-1"), // lot1, expires 07-15
        action("2026-02-01T00:00:00Z", "50"),           // lot2, expires 08-01
        redeem("2026-03-01T00:00:00Z", "120"),          // lot1 → 0, lot2 → 30
        ret("2026-04-01T00:00:00Z", "100", "o-1"),      // takes lot2's 30; 70 short
        purchase("2026-05-01T00:00:00Z", "80", "o-2"),  // lot3, expires 11-01
        adjust("2026-06-01T00:00:00Z", "-100"),
        purchase("2026-06-15T00:00:00Z", "40", "o-3"), // lot4, expires 12-15
    ])
}

#[test]
fn forgive_with_rolling_expiry() {
    let p = usd(r#""shortfall":"forgive","expiry":{"type":"rolling","months":6},
           "accounting":{"pointValue":"0.01","redemptionRate":"0.5"}"#);
    let m = shortfall_events();
    // forgive: the return's 70 missing points are dropped (balance 0); lot3 80 is not touched by
    // it; the adjust −100 takes lot3's 80 and 20 more are dropped → forgiven 90
    // lifetimeEarned = created 100 + 50 + 80 + 40 − taken (30 + 80) = 160; redeemed 120
    // on 06-20: balance 40 (lot4), expired 0: 40 = 160 − 120 − 0; liability 40 × 0.01 × 0.5 = 0.20
    // expiringSoon (06-20, 07-20]: lot1 expires 07-15 but has nothing left → []
    check(
        &statement_v(&p, &m, "2026-06-20T00:00:00Z", 30),
        json!({"balance":"40","pending":"0","owed":"0","forgiven":"90","lifetimeEarned":"160",
               "lifetimeRedeemed":"120","expired":"0","expiringSoon":[],"liability":"0.20"}),
    );
    // 180 days: up to 12-17 → lot4's 40 on 12-15
    check(
        &statement_v(&p, &m, "2026-06-20T00:00:00Z", 180),
        json!({"expiringSoon":[{"points":"40","expiresAt":"2026-12-15T00:00:00Z"}]}),
    );
    // on 12-20 lot4 has expired: balance 0, expired 40: 0 = 160 − 120 − 40
    check(
        &statement_v(&p, &m, "2026-12-20T00:00:00Z", 30),
        json!({"balance":"0","pending":"0","owed":"0","forgiven":"90","lifetimeEarned":"160",
               "lifetimeRedeemed":"120","expired":"40","liability":"0.00",
               "lots":[lot("2026-01-15T00:00:00Z","100","0",Some("2026-07-15T00:00:00Z")),
                       lot("2026-02-01T00:00:00Z","50","0",Some("2026-08-01T00:00:00Z")),
                       lot("2026-05-01T00:00:00Z","80","0",Some("2026-11-01T00:00:00Z")),
                       lot("2026-06-15T00:00:00Z","40","0",Some("2026-12-15T00:00:00Z"))]}),
    );

    // the same ledger under debt: 70 owed after the return; lot3 pays 70 (10 left); the adjust
    // takes 10 and 90 are owed; lot4 pays 40 → 50 owed, balance −50
    // lifetimeEarned = 270 − (100 + 100) = 70; 12-20: nothing expires (every lot consumed)
    // −50 + 0 = 70 − 120 − 0; liability 0.00 (a negative balance counts as 0)
    let p = usd(r#""shortfall":"debt","expiry":{"type":"rolling","months":6},
           "accounting":{"pointValue":"0.01","redemptionRate":"0.5"}"#);
    for now in ["2026-06-20T00:00:00Z", "2026-12-20T00:00:00Z"] {
        check(
            &statement_v(&p, &m, now, 30),
            json!({"balance":"-50","pending":"0","owed":"50","forgiven":"0","lifetimeEarned":"70",
                   "lifetimeRedeemed":"120","expired":"0","liability":"0.00"}),
        );
    }
}

// ================================================================ §9.6 previewReturn

/// Points tiers on the lifetime window: bronze 0, silver 80; `extra` program fields.
fn return_prog(extra: &str) -> String {
    tier_prog(BASE, LIFE, r#"{"id":"bronze","threshold":"0"},{"id":"silver","threshold":"80"}"#, extra)
}

/// Runs previewReturn through the typed API on a ledger given as event texts.
fn preview_typed(p: &str, events: &[String], order: &str, amount: Option<&str>) -> loyalty_engine::ReturnPreview {
    let prog = program(p);
    let member = Member::from_json(&prog, &ledger(events)).unwrap();
    let amount = match amount {
        Some(a) => RefundAmount::Amount(dec(a)),
        None => RefundAmount::Full,
    };
    prog.preview_return(&member, &Refund { order_id: order.into(), amount }, ts(NOW))
        .unwrap_or_else(|e| panic!("previewReturn failed: {e}"))
}

#[test]
fn a_refund_in_three_parts_takes_back_exactly_the_orders_points() {
    let p = return_prog("");
    let mut events =
        vec![purchase_s("2026-11-01T09:00:00Z", "100", "30.00", "o-1"), action("2026-11-02T09:00:00Z", "20")];
    // P 100, S 30.00; balance 120; tier: purchase points 100 ≥ 80 → silver
    // part 1, A 7.00: Sr + A = 7 < 30 → floor(100 × 7 / 30 = 23.33) − 0 = 23
    //   balance 120 − 23 = 97; tier value 100 − 23 = 77 < 80 → bronze: downgrades
    // part 2, A 11.00: Sr 7 + 11 = 18 < 30 → floor(100 × 18 / 30 = 60) − Pr 23 = 37; balance 60
    //   value 40 → bronze, no change
    // part 3, A 12.00: Sr 18 + 12 = 30 ≥ 30 → completes the order: P − Pr = 100 − 60 = 40; balance 20
    // 23 + 37 + 40 = 100 (rounding each part alone would give 23 + 36 + 40 = 99)
    let parts = [
        ("7.00", "23", false, "97", ("silver", "bronze", true)),
        ("11.00", "37", false, "60", ("bronze", "bronze", false)),
        ("12.00", "40", true, "20", ("bronze", "bronze", false)),
    ];
    for (amount, points, full, balance, (current, after, down)) in parts {
        // the loose API gives the spec's JSON
        let refund = format!(r#"{{"orderId":"o-1","amount":"{amount}"}}"#);
        let r = return_v(&p, &ledger(&events), &refund);
        check(
            &r,
            json!({"orderId":"o-1","points":points,"spend":amount,"fullReturn":full,
                   "event":{"type":"return","at":NOW,"points":points,"spend":amount,"orderId":"o-1","fullReturn":full},
                   "balanceAfter":balance,"owedAfter":"0","forgiven":"0",
                   "tier":{"current":current,"after":after,"downgrades":down}}),
        );
        // the typed API agrees; book its event and preview the next part on that ledger
        let typed = preview_typed(&p, &events, "o-1", Some(amount));
        assert_eq!(serde_json::to_value(&typed).unwrap(), r);
        events.push(serde_json::to_string(&typed.event).unwrap());
    }
    // nothing left: S − Sr = 0 and P − Pr = 0 → invalid_argument at refund.orderId
    assert_eq!(
        return_err(&p, Some(&ledger(&events)), Some(r#"{"orderId":"o-1","full":true}"#)),
        cp("invalid_argument", "refund.orderId")
    );
    // the booked ledger: 120 − 100 = 20; lifetimeEarned 120 − 100 = 20
    check(
        &statement_v(&p, &ledger(&events), NOW, 30),
        json!({"balance":"20","lifetimeEarned":"20","owed":"0","tier":"bronze","qualifyingValue":"0"}),
    );
}

#[test]
fn an_order_over_two_purchase_events() {
    let events = vec![
        purchase_s("2026-11-01T09:00:00Z", "40", "40.00", "o-7"),
        purchase_s("2026-11-03T09:00:00Z", "21", "20.00", "o-7"),
        // later than now: not part of the order (§9.6 "at or before now")
        purchase_s("2026-12-01T00:00:00Z", "1000", "1000.00", "o-7"),
    ];
    // P = 40 + 21 = 61, S = 60.00; balance 61
    // A 30.00: 30 < 60 → 61 × 30 / 60 = 30.5 → floor 30; balance 31
    let p = return_prog("");
    check(
        &return_v(&p, &ledger(&events), r#"{"orderId":"o-7","amount":"30.00"}"#),
        json!({"points":"30","spend":"30.00","fullReturn":false,"balanceAfter":"31"}),
    );
    // with points.rounding half_up: 30.5 → 31; balance 30
    let p_half = return_prog(r#""points":{"rounding":"half_up"}"#);
    check(
        &return_v(&p_half, &ledger(&events), r#"{"orderId":"o-7","amount":"30.00"}"#),
        json!({"points":"31","spend":"30.00","balanceAfter":"30"}),
    );
    // full: all 60.00 → P − Pr = 61; balance 0
    check(
        &return_v(&p, &ledger(&events), r#"{"orderId":"o-7","full":true}"#),
        json!({"points":"61","spend":"60.00","fullReturn":true,"balanceAfter":"0",
               "event":{"points":"61","spend":"60.00","fullReturn":true}}),
    );
    // 60.01 is more than is left to return (60.00): invalid_argument at refund.amount
    assert_eq!(
        return_err(&p, Some(&ledger(&events)), Some(r#"{"orderId":"o-7","amount":"60.01"}"#)),
        cp("invalid_argument", "refund.amount")
    );
}

#[test]
fn manual_returns_already_in_the_ledger_are_caught_up_with_clamping() {
    let p = return_prog("");
    // (a) a manual return took 60 points for 10.00 of a 100-point, 100.00 order; balance 40
    let mut events = vec![
        purchase_s("2026-11-01T00:00:00Z", "100", "100.00", "o-1"),
        ret_s("2026-11-05T00:00:00Z", "60", "10.00", "o-1"),
    ];
    // A 20.00: Sr 10 + 20 = 30 < 100 → floor(100 × 30 / 100) − 60 = −30 → clamped to 0
    // A 50.00 next: Sr 30 + 50 = 80 → 80 − 60 = 20 (within [0, 40]); balance 40 − 20 = 20
    // full next: 100.00 − 80.00 = 20.00 left → completes: P − Pr = 100 − 80 = 20; balance 0
    for (amount, points, spend, full, balance) in [
        (Some("20.00"), "0", "20.00", false, "40"),
        (Some("50.00"), "20", "50.00", false, "20"),
        (None, "20", "20.00", true, "0"),
    ] {
        let r = preview_typed(&p, &events, "o-1", amount);
        check(
            &serde_json::to_value(&r).unwrap(),
            json!({"points":points,"spend":spend,"fullReturn":full,"balanceAfter":balance,"owedAfter":"0"}),
        );
        events.push(serde_json::to_string(&r.event).unwrap());
    }

    // (b) manual returns took more than the order's points: P 100, S 50.00, a return of 120
    // points for 10.00. Under debt it took the 100 there and 20 are owed: balance −20.
    // P − Pr = −20 → the clamp is [0, max(−20, 0)] = [0, 0]
    let events = vec![
        purchase_s("2026-11-01T00:00:00Z", "100", "50.00", "o-1"),
        ret_s("2026-11-05T00:00:00Z", "120", "10.00", "o-1"),
    ];
    // A 10.00: floor(100 × 20 / 50) − 120 = −80 → 0; balance stays −20, owed 20
    check(
        &return_v(&p, &ledger(&events), r#"{"orderId":"o-1","amount":"10.00"}"#),
        json!({"points":"0","spend":"10.00","fullReturn":false,"balanceAfter":"-20","owedAfter":"20","forgiven":"0",
               "tier":{"current":"bronze","after":"bronze","downgrades":false}}),
    );
    // full: the 40.00 left; completes the order: P − Pr = −20 → clamped to 0
    check(
        &return_v(&p, &ledger(&events), r#"{"orderId":"o-1","full":true}"#),
        json!({"points":"0","spend":"40.00","fullReturn":true,"balanceAfter":"-20","owedAfter":"20",
               "event":{"type":"return","points":"0","spend":"40.00","orderId":"o-1","fullReturn":true}}),
    );
}

#[test]
fn full_and_the_whole_amount_give_the_same_event() {
    let p = return_prog("");
    let events = vec![purchase_s("2026-11-01T00:00:00Z", "75", "49.90", "o-3")];
    // full: A = 49.90 → completes: 75 points; the amount 49.90 completes it the same way
    let full = preview_typed(&p, &events, "o-3", None);
    let amount = preview_typed(&p, &events, "o-3", Some("49.90"));
    assert_eq!(full, amount);
    check(
        &serde_json::to_value(&full).unwrap(),
        json!({"points":"75","spend":"49.90","fullReturn":true,"balanceAfter":"0",
               "tier":{"current":"bronze","after":"bronze","downgrades":false}}),
    );
    // a JSON number amount reads through its shortest text: 49.9 → 49.90
    check(
        &return_v(&p, &ledger(&events), r#"{"orderId":"o-3","amount":49.9}"#),
        json!({"points":"75","spend":"49.90"}),
    );
    // 24.95 (half): floor(75 × 24.95 / 49.90 = 37.5) = 37, not complete
    check(
        &return_v(&p, &ledger(&events), r#"{"orderId":"o-3","amount":"24.95"}"#),
        json!({"points":"37","fullReturn":false,"balanceAfter":"38"}),
    );
}

#[test]
fn a_refund_beyond_the_balance_is_owed_or_forgiven() {
    let events = vec![purchase_s("2026-11-01T00:00:00Z", "100", "100.00", "o-1"), redeem("2026-11-10T00:00:00Z", "80")];
    // balance 20; full refund takes back 100: 20 there, 80 short
    // debt: balance −80, owed 80, nothing forgiven
    let debt = return_prog("");
    check(
        &return_v(&debt, &ledger(&events), r#"{"orderId":"o-1","full":true}"#),
        json!({"points":"100","balanceAfter":"-80","owedAfter":"80","forgiven":"0",
               "tier":{"current":"silver","after":"bronze","downgrades":true}}),
    );
    // forgive: balance 0, the 80 dropped by this refund
    let forgive = return_prog(r#""shortfall":"forgive""#);
    check(
        &return_v(&forgive, &ledger(&events), r#"{"orderId":"o-1","full":true}"#),
        json!({"points":"100","balanceAfter":"0","owedAfter":"0","forgiven":"80"}),
    );
    // without tiers, tier is null
    check(
        &return_v(&usd(""), &ledger(&events), r#"{"orderId":"o-1","amount":"1.00"}"#),
        json!({"tier":null,"points":"1"}),
    );
}

#[test]
fn preview_return_errors() {
    let p = return_prog("");
    let m = ledger(&[purchase_s("2026-11-01T00:00:00Z", "100", "100.00", "o-1")]);
    let ok = r#"{"orderId":"o-1","amount":"10.00"}"#;
    let e = |member: Option<&str>, refund: Option<&str>| return_err(&p, member, refund);
    // a snapshot member or a guest: invalid_argument at member
    assert_eq!(e(Some(&snapshot("100", "0")), Some(ok)), cp("invalid_argument", "member"));
    assert_eq!(e(None, Some(ok)), cp("invalid_argument", "member"));
    // both amount and full, or neither: at refund
    assert_eq!(
        e(Some(&m), Some(r#"{"orderId":"o-1","amount":"10.00","full":true}"#)),
        cp("invalid_argument", "refund")
    );
    assert_eq!(e(Some(&m), Some(r#"{"orderId":"o-1"}"#)), cp("invalid_argument", "refund"));
    // a missing or non-object refund: at refund
    assert_eq!(e(Some(&m), None), cp("invalid_argument", "refund"));
    assert_eq!(e(Some(&m), Some(r#""o-1""#)), cp("invalid_argument", "refund"));
    // amount with more places than currencyDecimals, zero, negative: at refund.amount
    for bad in [r#""10.001""#, r#""0""#, r#""0.00""#, r#""-1.00""#] {
        let refund = format!(r#"{{"orderId":"o-1","amount":{bad}}}"#);
        assert_eq!(e(Some(&m), Some(&refund)), cp("invalid_argument", "refund.amount"), "{bad}");
    }
    // full must be the boolean true
    for bad in ["false", r#""true""#, "1"] {
        let refund = format!(r#"{{"orderId":"o-1","full":{bad}}}"#);
        assert_eq!(e(Some(&m), Some(&refund)), cp("invalid_argument", "refund.full"), "{bad}");
    }
    // an unknown order, or one whose only purchase is after now: at refund.orderId
    assert_eq!(e(Some(&m), Some(r#"{"orderId":"o-9","full":true}"#)), cp("invalid_argument", "refund.orderId"));
    let later = ledger(&[purchase_s("2026-12-01T00:00:00Z", "100", "100.00", "o-1")]);
    assert_eq!(e(Some(&later), Some(ok)), cp("invalid_argument", "refund.orderId"));

    // the typed API: a snapshot member is invalid_argument at member; a bad amount at refund.amount
    let prog = program(&p);
    let snap = Member::from_json(&prog, &snapshot("100", "0")).unwrap();
    let refund = Refund { order_id: "o-1".into(), amount: RefundAmount::Full };
    assert_eq!(code_path(&prog.preview_return(&snap, &refund, ts(NOW)).unwrap_err()), cp("invalid_argument", "member"));
    let led = Member::from_json(&prog, &m).unwrap();
    let refund = Refund { order_id: "o-1".into(), amount: RefundAmount::Amount(dec("10.001")) };
    assert_eq!(
        code_path(&prog.preview_return(&led, &refund, ts(NOW)).unwrap_err()),
        cp("invalid_argument", "refund.amount")
    );
}

// ================================================================ §1 limits of v1.1

/// `["v0","v1",…]` with `n` distinct values.
fn list_of(n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| format!("\"v{i}\"")).collect();
    format!("[{}]", items.join(","))
}

#[test]
fn sixty_four_categories_and_tags_per_cart_line() {
    let p = usd_earning(&format!("[{BASE}]"));
    for key in ["categories", "tags"] {
        // 64 is allowed: the line earns 1 point per 1.00 → 5
        let c = cart("", &lnx("l1", "A", "5.00", "1", &format!(r#""{key}":{}"#, list_of(64))));
        assert_eq!(text(&earn(&p, &c, None).points), "5", "{key}");
        // 65: limit_exceeded at the list
        let c = cart("", &lnx("l1", "A", "5.00", "1", &format!(r#""{key}":{}"#, list_of(65))));
        assert_eq!(earn_err(&p, &c, None), cp("limit_exceeded", &format!("cart.lines[0].{key}")), "{key}");
        // on the second line, the path names it
        let c = cart(
            "",
            &format!(
                "{},{}",
                ln("l0", "B", "1.00", "1"),
                lnx("l1", "A", "5.00", "1", &format!(r#""{key}":{}"#, list_of(65)))
            ),
        );
        assert_eq!(earn_err(&p, &c, None), cp("limit_exceeded", &format!("cart.lines[1].{key}")), "{key}");
    }
}

#[test]
fn sixty_four_member_flags() {
    let p = usd_earning(&format!("[{BASE}]"));
    let c = cart("", &ln("l1", "A", "5.00", "1"));
    let snap = |n: usize| format!(r#"{{"id":"m","balance":"0","flags":{}}}"#, list_of(n));
    assert_eq!(text(&earn(&p, &c, Some(&snap(64))).points), "5");
    assert_eq!(earn_err(&p, &c, Some(&snap(65))), cp("limit_exceeded", "member.flags"));
    // a ledger member too
    let led = |n: usize| format!(r#"{{"id":"m","flags":{},"events":[]}}"#, list_of(n));
    assert_eq!(text(&earn(&p, &c, Some(&led(64))).points), "5");
    assert_eq!(earn_err(&p, &c, Some(&led(65))), cp("limit_exceeded", "member.flags"));
}

#[test]
fn sixty_four_categories_and_tags_per_product() {
    let p = usd_earning(&format!("[{BASE}]"));
    for key in ["categories", "tags"] {
        let products =
            |n: usize| format!(r#"[{{"sku":"A","price":"1.00"}},{{"sku":"B","price":"5.00","{key}":{}}}]"#, list_of(n));
        // 64: B earns 5
        assert_eq!(
            badges_v(&p, None, &products(64)),
            json!({"badges":[{"sku":"A","points":"1"},{"sku":"B","points":"5"}]})
        );
        let e = loose_err(
            &program(&p),
            Operation::ProductBadges,
            &[("products", Some(&products(65))), ("now", Some(&now_arg()))],
        );
        assert_eq!(code_path(&e), cp("limit_exceeded", &format!("products[1].{key}")), "{key}");
    }
}
