//! Spec §3 (earning on a cart) with §2.1 conditions and §8 "Cart" /
//! "Earning": hand-derived previewEarn scenarios. Every expected number is
//! worked out from PROGRAM.md in the comment next to it.
//!
//! Defaults used unless a test says otherwise: USD, currencyDecimals 2,
//! moneyRounding half_up, points.decimals 0, rounding floor, scope order.
#![cfg(not(target_arch = "wasm32"))] // native: the wasm runs are tests/wasm.rs and the conformance runner

mod common;
use common::*;

const BASE: &str = r#"{"id":"base","type":"spend","points":"1"}"#;

fn line_rules(e: &loyalty_engine::EarnPreview, id: &str) -> Vec<String> {
    line(e, id).rules.clone()
}

// ================================================================ amounts and bases

#[test]
fn net_and_gross_bases_with_tax() {
    let p = usd_earning(
        r#"[{"id":"net-rule","type":"spend","points":"1","base":"net"},
            {"id":"gross-rule","type":"spend","points":"1","base":"gross"}]"#,
    );
    let c = cart(
        "",
        &format!(
            "{},{}",
            lnx("l1", "A", "50.00", "1", r#""tax":"4.00""#),
            lnx("l2", "B", "7.25", "2", r#""tax":"1.16""#)
        ),
    );
    let e = earn(&p, &c, None);
    // l1: net 50.00, gross 54.00 ; l2: amount 7.25 × 2 = 14.50, gross 14.50 + 1.16 = 15.66
    assert_eq!(text(&line(&e, "l1").net), "50.00");
    assert_eq!(text(&line(&e, "l2").net), "14.50");
    // eligible subtotal excludes tax: 50.00 + 14.50 = 64.50
    assert_eq!(text(&e.eligible_subtotal), "64.50");
    // base per line: l1 50 + 54 = 104 ; l2 14.5 + 15.66 = 30.16
    assert_eq!(text(&line(&e, "l1").base_points), "104");
    assert_eq!(text(&line(&e, "l2").base_points), "30.16");
    assert_eq!(line_rules(&e, "l1"), strs(&["net-rule", "gross-rule"]));
    // net-rule 50 + 14.5 = 64.5 ; gross-rule 54 + 15.66 = 69.66
    assert_eq!(rules(&e), pairs(&[("net-rule", "64.5"), ("gross-rule", "69.66")]));
    // floor(64.5 + 69.66 = 134.16) = 134
    assert_eq!(text(&e.points), "134");
    assert_eq!(text(&e.purchase_points), "134");
}

#[test]
fn prices_include_tax() {
    let p = usd_earning(
        r#"[{"id":"net-rule","type":"spend","points":"1","base":"net"},
            {"id":"gross-rule","type":"spend","points":"1","base":"gross"}]"#,
    );
    let lines = format!(
        "{},{}",
        lnx("l1", "A", "54.00", "1", r#""tax":"4.00""#),
        lnx("l2", "B", "7.83", "2", r#""tax":"1.16""#)
    );
    let e = earn(&p, &cart(r#""pricesIncludeTax":true"#, &lines), None);
    // l1: net = 54.00 − 4.00 = 50.00, gross 54.00 ; l2: amount 7.83 × 2 = 15.66, net 15.66 − 1.16 = 14.50, gross 15.66
    assert_eq!(text(&line(&e, "l1").net), "50.00");
    assert_eq!(text(&line(&e, "l2").net), "14.50");
    assert_eq!(text(&e.eligible_subtotal), "64.50");
    // same bases as without tax inclusion: 64.5 + 69.66 = 134.16 → 134
    assert_eq!(rules(&e), pairs(&[("net-rule", "64.5"), ("gross-rule", "69.66")]));
    assert_eq!(text(&e.points), "134");

    // with an orderDiscount of 6.45, split by net before discount (amount − tax): 50.00 and 14.50 (sum 64.50)
    let e = earn(&p, &cart(r#""pricesIncludeTax":true,"orderDiscount":"6.45""#, &lines), None);
    // l1 share 6.45 × 50.00 / 64.50 = 5.00 ; l2 6.45 × 14.50 / 64.50 = 1.45 (exact, no left-over)
    // l1 net = 54.00 − 5.00 − 4.00 = 45.00 (gross 49.00) ; l2 net = 15.66 − 1.45 − 1.16 = 13.05 (gross 14.21)
    assert_eq!(text(&line(&e, "l1").net), "45.00");
    assert_eq!(text(&line(&e, "l2").net), "13.05");
    // 45.00 + 13.05 = 58.05
    assert_eq!(text(&e.eligible_subtotal), "58.05");
    // net-rule 58.05, gross-rule 49 + 14.21 = 63.21
    assert_eq!(rules(&e), pairs(&[("net-rule", "58.05"), ("gross-rule", "63.21")]));
    // floor(121.26) = 121
    assert_eq!(text(&e.points), "121");
}

#[test]
fn include_shipping_counts_whatever_the_lines_filter() {
    let p = usd_earning(
        r#"[{"id":"base","type":"spend","points":"1"},
            {"id":"ship","type":"spend","points":"2","includeShipping":true,"lines":{"skus":["NONE"]}}]"#,
    );
    let e = earn(&p, &cart(r#""shipping":"4.50""#, &ln("l1", "A", "20.00", "1")), None);
    // base: 20 ; ship: no line matches, shipping 2 × 4.50 = 9
    assert_eq!(rules(&e), pairs(&[("base", "20"), ("ship", "9")]));
    // the shipping amount is not attached to a line
    assert_eq!(text(&line(&e, "l1").base_points), "20");
    assert_eq!(line_rules(&e, "l1"), strs(&["base"]));
    // eligible subtotal excludes shipping
    assert_eq!(text(&e.eligible_subtotal), "20.00");
    // 20 + 9 = 29
    assert_eq!(text(&e.points), "29");
}

#[test]
fn per_ten_is_proportional() {
    let p = usd_earning(r#"[{"id":"tens","type":"spend","points":"5","per":"10"}]"#);
    let e = earn(&p, &cart("", &format!("{},{}", ln("l1", "A", "25.00", "1"), ln("l2", "B", "7.50", "1"))), None);
    // l1 5 × 25.00 / 10 = 12.5 ; l2 5 × 7.50 / 10 = 3.75
    assert_eq!(text(&line(&e, "l1").base_points), "12.5");
    assert_eq!(text(&line(&e, "l2").base_points), "3.75");
    // rule 5 × 32.50 / 10 = 16.25
    assert_eq!(rules(&e), pairs(&[("tens", "16.25")]));
    // floor(16.25) = 16
    assert_eq!(text(&e.points), "16");
}

#[test]
fn per_unit_with_fractional_quantity() {
    let p = usd_earning(
        r#"[{"id":"base","type":"spend","points":"1"},
            {"id":"kg","type":"per_unit","points":"3","lines":{"categories":["produce"]}},
            {"id":"app-unit","type":"per_unit","points":"100","when":{"channels":["app"]}}]"#,
    );
    let lines = format!(
        "{},{}",
        lnx("l1", "APPLES", "4.00", "2.75", r#""categories":["produce"]"#),
        ln("l2", "MUG", "5.00", "2")
    );
    let e = earn(&p, &cart(r#""channel":"online""#, &lines), None);
    // l1: net 4.00 × 2.75 = 11.00 ; base 11 + 3 × 2.75 (= 8.25) = 19.25
    assert_eq!(text(&line(&e, "l1").net), "11.00");
    assert_eq!(text(&line(&e, "l1").base_points), "19.25");
    assert_eq!(line_rules(&e, "l1"), strs(&["base", "kg"]));
    // l2: 5.00 × 2 = 10.00 → 10 (kg does not match; app-unit's when fails)
    assert_eq!(text(&line(&e, "l2").base_points), "10");
    assert_eq!(line_rules(&e, "l2"), strs(&["base"]));
    // base 11 + 10 = 21 ; kg 8.25 ; app-unit not applied, not listed
    assert_eq!(rules(&e), pairs(&[("base", "21"), ("kg", "8.25")]));
    // floor(29.25) = 29
    assert_eq!(text(&e.points), "29");
}

#[test]
fn per_unit_with_max_points_is_scaled() {
    let p = usd_earning(r#"[{"id":"unit","type":"per_unit","points":"2","maxPoints":"5"}]"#);
    let e = earn(&p, &cart("", &format!("{},{}", ln("l1", "A", "1.00", "2"), ln("l2", "B", "1.00", "3"))), None);
    // uncapped: 2 × 2 = 4 and 2 × 3 = 6, sum 10 > 5 → scale by 5/10: 2 and 3
    assert_eq!(text(&line(&e, "l1").base_points), "2");
    assert_eq!(text(&line(&e, "l2").base_points), "3");
    assert_eq!(rules(&e), pairs(&[("unit", "5")]));
    assert_eq!(text(&e.points), "5");
}

// ================================================================ multipliers

#[test]
fn multipliers_highest_wins_and_a_lone_one_below_one_applies() {
    let p = usd_earning(
        r#"[{"id":"base","type":"spend","points":"1"},
            {"id":"m-a","type":"multiplier","factor":"2","lines":{"categories":["apparel"]}},
            {"id":"m-b","type":"multiplier","factor":"3","lines":{"tags":["sale"]}},
            {"id":"m-half","type":"multiplier","factor":"0.5","lines":{"skus":["CLEAR-1"]}},
            {"id":"m-c","type":"multiplier","factor":"3","lines":{"categories":["apparel"]}},
            {"id":"m-app","type":"multiplier","factor":"10","when":{"channels":["app"]}}]"#,
    );
    let lines = [
        lnx("l1", "TEE", "10.00", "1", r#""categories":["apparel"],"tags":["sale"]"#),
        lnx("l2", "SHIRT", "10.00", "1", r#""categories":["apparel"]"#),
        ln("l3", "CLEAR-1", "10.00", "1"),
        ln("l4", "PLAIN", "10.00", "1"),
    ]
    .join(",");
    let e = earn(&p, &cart("", &lines), None);
    // l1: factors 2 (m-a), 3 (m-b), 3 (m-c) → 3, the first of the equal ones is m-b; 10 × 3 = 30
    assert_eq!(text(&line(&e, "l1").multiplier), "3");
    assert_eq!(line_rules(&e, "l1"), strs(&["base", "m-b"]));
    assert_eq!(text(&line(&e, "l1").points), "30");
    // l2: factors 2 (m-a), 3 (m-c) → 3 from m-c; 10 × 3 = 30
    assert_eq!(text(&line(&e, "l2").multiplier), "3");
    assert_eq!(line_rules(&e, "l2"), strs(&["base", "m-c"]));
    assert_eq!(text(&line(&e, "l2").points), "30");
    // l3: only 0.5 matches and applies: 10 × 0.5 = 5
    assert_eq!(text(&line(&e, "l3").multiplier), "0.5");
    assert_eq!(line_rules(&e, "l3"), strs(&["base", "m-half"]));
    assert_eq!(text(&line(&e, "l3").points), "5");
    // l4: none → 1 (m-app's when fails)
    assert_eq!(text(&line(&e, "l4").multiplier), "1");
    assert_eq!(line_rules(&e, "l4"), strs(&["base"]));
    assert_eq!(text(&line(&e, "l4").points), "10");
    // rules[] lists contributions before m: 40 ; multipliers are not listed
    assert_eq!(rules(&e), pairs(&[("base", "40")]));
    // 30 + 30 + 5 + 10 = 75
    assert_eq!(text(&e.points), "75");
}

// ================================================================ bonus

#[test]
fn bonuses_with_and_without_lines() {
    let p = usd(r#""exclude":{"skus":["GIFT-1"]},"earning":[
        {"id":"base","type":"spend","points":"1"},
        {"id":"double","type":"multiplier","factor":"2"},
        {"id":"welcome","type":"bonus","points":"25"},
        {"id":"gift-bonus","type":"bonus","points":"10","lines":{"skus":["GIFT-1"]}},
        {"id":"mug-bonus","type":"bonus","points":"5","lines":{"skus":["MUG-1"]}},
        {"id":"app-bonus","type":"bonus","points":"7","when":{"channels":["app"]}}]"#);
    let e =
        earn(&p, &cart("", &format!("{},{}", ln("l1", "MUG-1", "12.00", "1"), ln("l2", "GIFT-1", "50.00", "1"))), None);
    // only l1 is eligible: subtotal 12.00
    assert_eq!(text(&e.eligible_subtotal), "12.00");
    // purchase: 12 × 2 = 24
    assert_eq!(text(&line(&e, "l1").points), "24");
    assert_eq!(line_rules(&e, "l1"), strs(&["base", "double"]));
    assert_eq!(text(&e.purchase_points), "24");
    // bonuses: welcome 25 + mug-bonus 5 = 30 (not multiplied); gift-bonus matches only an excluded line
    assert_eq!(text(&e.bonus_points), "30");
    assert_eq!(rules(&e), pairs(&[("base", "12"), ("welcome", "25"), ("mug-bonus", "5")]));
    // 24 + 30 = 54
    assert_eq!(text(&e.points), "54");
    // the excluded line
    let g = line(&e, "l2");
    assert!(!g.eligible);
    assert_eq!(text(&g.net), "50.00");
    assert_eq!(text(&g.base_points), "0");
    assert_eq!(text(&g.multiplier), "1");
    assert_eq!(text(&g.points), "0");
    assert!(g.rules.is_empty());
}

// ================================================================ maxPoints

#[test]
fn max_points_scales_each_line_contribution() {
    let p = usd_earning(
        r#"[{"id":"capped","type":"spend","points":"1","maxPoints":"30"},
            {"id":"plain","type":"spend","points":"1","per":"10","maxPoints":"100"},
            {"id":"dbl","type":"multiplier","factor":"2","lines":{"categories":["x"]}}]"#,
    );
    let lines = format!("{},{}", lnx("l1", "A", "40.00", "1", r#""categories":["x"]"#), ln("l2", "B", "50.00", "1"));
    let e = earn(&p, &cart("", &lines), None);
    // capped: 1 × 90 > 30 × 1 → l1 30 × 40/90 = 13.333…, l2 30 × 50/90 = 16.666…
    // plain:  1 × 90 > 100 × 10? no → l1 40/10 = 4, l2 50/10 = 5
    // basePoints (snapped): l1 13.333… + 4 = 17.333333333333 ; l2 16.666… + 5 = 21.666666666667
    assert_eq!(text(&line(&e, "l1").base_points), "17.333333333333");
    assert_eq!(text(&line(&e, "l2").base_points), "21.666666666667");
    // line points: l1 17.333… × 2 = 34.666666666667 ; l2 × 1
    assert_eq!(text(&line(&e, "l1").points), "34.666666666667");
    assert_eq!(text(&line(&e, "l2").points), "21.666666666667");
    assert_eq!(text(&line(&e, "l1").multiplier), "2");
    // a capped rule shows maxPoints
    assert_eq!(rules(&e), pairs(&[("capped", "30"), ("plain", "9")]));
    // order: capped 30 × (40×2 + 50×1) / 90 = 43.333… ; plain (80 + 50)/10 = 13 ; floor(56.333…) = 56
    assert_eq!(text(&e.points), "56");
}

#[test]
fn max_points_includes_shipping_in_the_sum() {
    let p = usd_earning(
        r#"[{"id":"capship","type":"spend","points":"1","maxPoints":"30","includeShipping":true},
            {"id":"dbl","type":"multiplier","factor":"2"}]"#,
    );
    let e = earn(&p, &cart(r#""shipping":"20.00""#, &ln("l1", "A", "40.00", "1")), None);
    // ΣB = 40 + 20 = 60 > 30 → l1 30 × 40/60 = 20, shipping 30 × 20/60 = 10
    assert_eq!(text(&line(&e, "l1").base_points), "20");
    // l1 × 2 = 40
    assert_eq!(text(&line(&e, "l1").points), "40");
    assert_eq!(rules(&e), pairs(&[("capship", "30")]));
    // shipping gets m = 1: 30 × (40 × 2 + 20 × 1) / 60 = 50
    assert_eq!(text(&e.points), "50");
}

// ================================================================ maxPointsPerOrder

#[test]
fn max_points_per_order_cuts_the_bonus_first() {
    let p = usd(r#""maxPointsPerOrder":"100","earning":[
        {"id":"base","type":"spend","points":"1"},{"id":"welcome","type":"bonus","points":"25"}]"#);
    // 90 + 25 = 115 > 100 → total 100, purchase min(90, 100) = 90, bonus 100 − 90 = 10
    let e = earn(&p, &cart("", &ln("l1", "A", "90.00", "1")), None);
    assert_eq!([text(&e.points), text(&e.purchase_points), text(&e.bonus_points)], ["100", "90", "10"]);
    assert!(e.capped);
    // rules still show the uncapped contributions
    assert_eq!(rules(&e), pairs(&[("base", "90"), ("welcome", "25")]));

    // 120 + 25 = 145 > 100 → purchase min(120, 100) = 100, bonus 0
    let e = earn(&p, &cart("", &ln("l1", "A", "120.00", "1")), None);
    assert_eq!([text(&e.points), text(&e.purchase_points), text(&e.bonus_points)], ["100", "100", "0"]);
    assert!(e.capped);

    // 75 + 25 = 100, not above the cap
    let e = earn(&p, &cart("", &ln("l1", "A", "75.00", "1")), None);
    assert_eq!([text(&e.points), text(&e.purchase_points), text(&e.bonus_points)], ["100", "75", "25"]);
    assert!(!e.capped);
}

// ================================================================ rounding scope

#[test]
fn rounding_scope_line_versus_order() {
    let earning = r#"[{"id":"base","type":"spend","points":"1"},{"id":"b","type":"bonus","points":"2.5"}]"#;
    let c = cart("", &format!("{},{}", ln("a", "A", "10.50", "1"), ln("b", "B", "10.50", "1")));
    let order = earn(&usd_earning(earning), &c, None);
    // order: floor(10.5 + 10.5) = 21 ; bonus floor(2.5) = 2 ; 23
    assert_eq!(text(&order.purchase_points), "21");
    assert_eq!(text(&order.bonus_points), "2");
    assert_eq!(text(&order.points), "23");
    assert_eq!(text(&line(&order, "a").points), "10.5");
    let line_scope = earn(&usd(&format!(r#""points":{{"roundingScope":"line"}},"earning":{earning}"#)), &c, None);
    // line: floor(10.5) + floor(10.5) = 20 ; + 2 = 22
    assert_eq!(text(&line_scope.purchase_points), "20");
    assert_eq!(text(&line_scope.bonus_points), "2");
    assert_eq!(text(&line_scope.points), "22");
    // line points are the rounded values
    assert_eq!(text(&line(&line_scope, "a").points), "10");
    assert_eq!(text(&line(&line_scope, "b").points), "10");
    // basePoints and rules stay exact
    assert_eq!(text(&line(&line_scope, "a").base_points), "10.5");
    assert_eq!(rules(&line_scope), pairs(&[("base", "21"), ("b", "2.5")]));
}

#[test]
fn rounding_scope_line_with_one_decimal() {
    let p = usd(&format!(r#""points":{{"decimals":1,"roundingScope":"line"}},"earning":[{BASE}]"#));
    let e = earn(&p, &cart("", &format!("{},{}", ln("a", "A", "10.25", "1"), ln("b", "B", "10.25", "1"))), None);
    // each line floor(10.25, 1 place) = 10.2 ; 10.2 + 10.2 = 20.4 (order scope would give 20.5)
    assert_eq!(text(&line(&e, "a").points), "10.2");
    assert_eq!(text(&e.points), "20.4");
    assert_eq!(text(&e.bonus_points), "0.0");
}

#[test]
fn rounding_scope_line_shipping_is_one_more_term() {
    let p = usd(r#""points":{"roundingScope":"line"},"earning":[
        {"id":"a","type":"spend","points":"1","includeShipping":true},
        {"id":"b","type":"spend","points":"1","per":"2","includeShipping":true}]"#);
    let e = earn(&p, &cart(r#""shipping":"4.75""#, &ln("l1", "A", "10.50", "1")), None);
    // line: 10.5 + 10.5/2 = 15.75 → 15 ; shipping (both rules together): 4.75 + 4.75/2 = 7.125 → 7
    // (rounding each rule's shipping separately would give 4 + 2 = 6)
    assert_eq!(text(&line(&e, "l1").points), "15");
    assert_eq!(text(&e.points), "22");
    // a = 10.5 + 4.75 = 15.25 ; b = (10.5 + 4.75)/2 = 7.625
    assert_eq!(rules(&e), pairs(&[("a", "15.25"), ("b", "7.625")]));
}

// ================================================================ order discount

#[test]
fn order_discount_left_over_cent_goes_to_the_earlier_line_on_a_tie() {
    let p = usd_earning(&format!("[{BASE}]"));
    let lines = [ln("l1", "A", "10.00", "1"), ln("l2", "B", "10.00", "1"), ln("l3", "C", "10.00", "1")].join(",");
    let e = earn(&p, &cart(r#""orderDiscount":"1.00""#, &lines), None);
    // each share 1.00 × 10/30 = 0.3333… → 0.33, remainders equal; 1 cent left → l1 (earliest)
    // l1 10.00 − 0.34 = 9.66 ; l2, l3 10.00 − 0.33 = 9.67
    assert_eq!(text(&line(&e, "l1").net), "9.66");
    assert_eq!(text(&line(&e, "l2").net), "9.67");
    assert_eq!(text(&line(&e, "l3").net), "9.67");
    // 30.00 − 1.00 = 29.00
    assert_eq!(text(&e.eligible_subtotal), "29.00");
    assert_eq!(text(&e.points), "29");
}

#[test]
fn order_discount_largest_remainders_then_ties() {
    let p = usd_earning(&format!("[{BASE}]"));
    let lines = [
        ln("l1", "A", "1.00", "1"),
        ln("l2", "B", "3.00", "1"),
        ln("l3", "C", "3.00", "1"),
        ln("l4", "D", "1.00", "1"),
    ]
    .join(",");
    let e = earn(&p, &cart(r#""orderDiscount":"0.05""#, &lines), None);
    // shares of 0.05 over 8.00: l1 0.00625, l2 0.01875, l3 0.01875, l4 0.00625
    // floors 0.00, 0.01, 0.01, 0.00 (0.02); 3 cents left: l2, l3 (rem 0.00875), then l1 (rem 0.00625, ties l4, earlier)
    // allocated 0.01, 0.02, 0.02, 0.00
    assert_eq!(text(&line(&e, "l1").net), "0.99");
    assert_eq!(text(&line(&e, "l2").net), "2.98");
    assert_eq!(text(&line(&e, "l3").net), "2.98");
    assert_eq!(text(&line(&e, "l4").net), "1.00");
    // 8.00 − 0.05 = 7.95
    assert_eq!(text(&e.eligible_subtotal), "7.95");
    assert_eq!(text(&e.points), "7");
}

#[test]
fn order_discount_excluded_line_absorbs_its_share() {
    let p = usd(&format!(r#""exclude":{{"skus":["GIFT-1"]}},"earning":[{BASE}]"#));
    let lines = format!("{},{}", ln("l1", "TEE", "30.00", "1"), ln("l2", "GIFT-1", "10.00", "1"));
    let e = earn(&p, &cart(r#""orderDiscount":"4.00""#, &lines), None);
    // shares: 4.00 × 30/40 = 3.00 ; 4.00 × 10/40 = 1.00
    assert_eq!(text(&line(&e, "l1").net), "27.00");
    assert_eq!(text(&line(&e, "l2").net), "9.00");
    // only l1 is eligible
    assert_eq!(text(&e.eligible_subtotal), "27.00");
    assert_eq!(text(&e.points), "27");
    let g = line(&e, "l2");
    assert!(!g.eligible);
    assert_eq!([text(&g.base_points), text(&g.multiplier), text(&g.points)], ["0", "1", "0"]);
    assert!(g.rules.is_empty());
}

#[test]
fn order_discount_skips_lines_with_zero_net_and_may_equal_the_sum() {
    let p = usd_earning(&format!("[{BASE}]"));
    // l1: amount 10.00 − 10.00 = 0 gets no share ; l2 takes all 1.00
    let lines = format!("{},{}", lnx("l1", "A", "10.00", "1", r#""discount":"10.00""#), ln("l2", "B", "5.00", "1"));
    let e = earn(&p, &cart(r#""orderDiscount":"1.00""#, &lines), None);
    assert_eq!(text(&line(&e, "l1").net), "0.00");
    assert_eq!(text(&line(&e, "l2").net), "4.00");
    assert_eq!(text(&e.eligible_subtotal), "4.00");
    assert_eq!(text(&e.points), "4");

    // an orderDiscount equal to the sum of nets leaves every net at 0
    let lines = format!("{},{}", ln("l1", "A", "6.00", "1"), ln("l2", "B", "4.00", "1"));
    let e = earn(&p, &cart(r#""orderDiscount":"10.00""#, &lines), None);
    assert_eq!(text(&line(&e, "l1").net), "0.00");
    assert_eq!(text(&line(&e, "l2").net), "0.00");
    assert_eq!(text(&e.eligible_subtotal), "0.00");
    assert_eq!(text(&e.points), "0");
    // the rule matched lines, so it is listed with 0
    assert_eq!(rules(&e), pairs(&[("base", "0")]));
}

#[test]
fn order_discount_larger_than_the_sum_is_invalid_cart() {
    let p = usd_earning(&format!("[{BASE}]"));
    let lines = format!("{},{}", ln("l1", "A", "6.00", "1"), ln("l2", "B", "4.00", "1"));
    // 10.01 > 6.00 + 4.00
    assert_eq!(
        earn_err(&p, &cart(r#""orderDiscount":"10.01""#, &lines), None),
        cp("invalid_cart", "cart.orderDiscount")
    );
    // with tax included, the sum is of amount − tax: (6.00 − 1.00) + 4.00 = 9.00 < 9.50
    let lines = format!("{},{}", lnx("l1", "A", "6.00", "1", r#""tax":"1.00""#), ln("l2", "B", "4.00", "1"));
    assert_eq!(
        earn_err(&p, &cart(r#""pricesIncludeTax":true,"orderDiscount":"9.50""#, &lines), None),
        cp("invalid_cart", "cart.orderDiscount")
    );
}

#[test]
fn a_line_with_negative_net_is_invalid_cart() {
    let p = usd_earning(&format!("[{BASE}]"));
    // l2: amount 5.00 − discount 6.00 = −1.00
    let lines = format!("{},{}", ln("l1", "A", "6.00", "1"), lnx("l2", "B", "5.00", "1", r#""discount":"6.00""#));
    assert_eq!(earn_err(&p, &cart("", &lines), None), cp("invalid_cart", "cart.lines[1]"));
    // prices include tax: 5.00 − tax 6.00 = −1.00
    let lines = format!("{},{}", ln("l1", "A", "6.00", "1"), lnx("l2", "B", "5.00", "1", r#""tax":"6.00""#));
    assert_eq!(earn_err(&p, &cart(r#""pricesIncludeTax":true"#, &lines), None), cp("invalid_cart", "cart.lines[1]"));
    // without tax inclusion the same line is fine: net 5.00, gross 11.00
    let e = earn(&p, &cart("", &lines), None);
    assert_eq!(text(&line(&e, "l2").net), "5.00");
}

// ================================================================ exclusion and filters

#[test]
fn exclude_matches_any_list_unless_an_exception_applies() {
    let p = usd(&format!(
        r#""exclude":{{"categories":["gift_cards"],"tags":["no-points"],"excludeSkus":["GC-PROMO"],"excludeTags":["promo"]}},
           "earning":[{BASE}]"#
    ));
    let lines = [
        lnx("gc", "GC-50", "50.00", "1", r#""categories":["gift_cards"]"#),
        lnx("promo", "GC-PROMO", "20.00", "1", r#""categories":["gift_cards"]"#),
        lnx("np", "MUG", "8.00", "1", r#""tags":["no-points"]"#),
        lnx("np-promo", "CUP", "6.00", "1", r#""tags":["no-points","promo"]"#),
        ln("plain", "PEN", "3.00", "1"),
    ]
    .join(",");
    let e = earn(&p, &cart("", &lines), None);
    // gc: category excluded ; promo: excepted by sku ; np: tag excluded ; np-promo: excepted by tag
    let flags: Vec<bool> = ["gc", "promo", "np", "np-promo", "plain"].iter().map(|id| line(&e, id).eligible).collect();
    assert_eq!(flags, vec![false, true, false, true, true]);
    // 20.00 + 6.00 + 3.00 = 29.00
    assert_eq!(text(&e.eligible_subtotal), "29.00");
    assert_eq!(text(&e.points), "29");
}

#[test]
fn line_filters_need_one_of_each_present_list_and_none_of_the_excluded() {
    let p = usd_earning(
        r#"[{"id":"base","type":"spend","points":"1"},
            {"id":"sale-apparel","type":"spend","points":"2",
             "lines":{"categories":["apparel"],"tags":["sale"],"excludeSkus":["TEE-9"],"skus":[]}}]"#,
    );
    let lines = [
        lnx("l1", "TEE-1", "10.00", "1", r#""categories":["apparel"],"tags":["sale","new"]"#),
        lnx("l2", "TEE-2", "10.00", "1", r#""categories":["apparel"]"#),
        lnx("l3", "TEE-9", "10.00", "1", r#""categories":["apparel"],"tags":["sale"]"#),
        lnx("l4", "SHOE-1", "10.00", "1", r#""categories":["shoes"],"tags":["sale"]"#),
    ]
    .join(",");
    let e = earn(&p, &cart("", &lines), None);
    // only l1 matches (skus [] is absent): 10 + 2 × 10 = 30
    assert_eq!(text(&line(&e, "l1").base_points), "30");
    assert_eq!(line_rules(&e, "l1"), strs(&["base", "sale-apparel"]));
    for id in ["l2", "l3", "l4"] {
        assert_eq!(text(&line(&e, id).base_points), "10", "{id}");
        assert_eq!(line_rules(&e, id), strs(&["base"]), "{id}");
    }
    // base 40 ; sale-apparel 20 ; 60
    assert_eq!(rules(&e), pairs(&[("base", "40"), ("sale-apparel", "20")]));
    assert_eq!(text(&e.points), "60");
}

#[test]
fn line_ids_default_to_their_index() {
    let p = usd_earning(&format!("[{BASE}]"));
    let c = cart("", r#"{"sku":"A","unitPrice":"1.00","quantity":"1"},{"sku":"B","unitPrice":"2.00","quantity":"1"}"#);
    let e = earn(&p, &c, None);
    let ids: Vec<&str> = e.lines.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, vec!["0", "1"]);
    assert_eq!(text(&line(&e, "1").net), "2.00");
}

// ================================================================ conditions

/// base (1 per 1.00) + a 10-point bonus with `when`; returns bonusPoints.
fn bonus_with(when: &str, utc_offset: &str, c: &str, member: Option<&str>, now: &str) -> String {
    let p = usd(&format!(
        r#""utcOffset":"{utc_offset}","earning":[{BASE},{{"id":"cond","type":"bonus","points":"10","when":{when}}}]"#
    ));
    let e = earn_at(&p, c, member, now);
    let listed = e.rules.iter().any(|r| r.id == "cond");
    let bonus = text(&e.bonus_points);
    assert_eq!(listed, bonus == "10", "rules[] lists the bonus iff it applied");
    bonus
}

fn holds(when: &str, c: &str, member: Option<&str>) -> bool {
    bonus_with(when, "+00:00", c, member, NOW) == "10"
}

#[test]
fn condition_min_subtotal_boundary() {
    let when = r#"{"minSubtotal":"50.00"}"#;
    // eligible subtotal 50.00 ≥ 50.00 holds
    assert!(holds(when, &cart("", &ln("l1", "A", "50.00", "1")), None));
    // 49.99 does not
    assert!(!holds(when, &cart("", &ln("l1", "A", "49.99", "1")), None));
    // tax and shipping do not count: 49.99 net + 5.00 tax + 5.00 shipping
    assert!(!holds(when, &cart(r#""shipping":"5.00""#, &lnx("l1", "A", "49.99", "1", r#""tax":"5.00""#)), None));
    // the order discount does: 55.00 − 5.01 = 49.99
    assert!(!holds(when, &cart(r#""orderDiscount":"5.01""#, &ln("l1", "A", "55.00", "1")), None));
    // 25.00 × 2 = 50.00 holds
    assert!(holds(when, &cart("", &ln("l1", "A", "25.00", "2")), None));
}

#[test]
fn condition_min_subtotal_ignores_excluded_lines() {
    let p = usd(&format!(
        r#""exclude":{{"skus":["GIFT-1"]}},"earning":[{BASE},{{"id":"cond","type":"bonus","points":"10","when":{{"minSubtotal":"50"}}}}]"#
    ));
    // eligible subtotal 45.00 (the 10.00 gift card is excluded)
    let e = earn(&p, &cart("", &format!("{},{}", ln("l1", "A", "45.00", "1"), ln("l2", "GIFT-1", "10.00", "1"))), None);
    assert_eq!(text(&e.eligible_subtotal), "45.00");
    assert_eq!(text(&e.bonus_points), "0");
    assert_eq!(text(&e.points), "45");
}

#[test]
fn condition_channels_and_payment_methods() {
    let a = ln("l1", "A", "1.00", "1");
    let ch = r#"{"channels":["app","kiosk"]}"#;
    assert!(holds(ch, &cart(r#""channel":"app""#, &a), None));
    assert!(holds(ch, &cart(r#""channel":"kiosk""#, &a), None));
    assert!(!holds(ch, &cart(r#""channel":"online""#, &a), None));
    assert!(!holds(ch, &cart("", &a), None)); // no channel
                                              // an empty list means absent: always holds
    assert!(holds(r#"{"channels":[]}"#, &cart("", &a), None));

    let pm = r#"{"paymentMethods":["paypal"]}"#;
    assert!(holds(pm, &cart(r#""paymentMethod":"paypal""#, &a), None));
    assert!(!holds(pm, &cart(r#""paymentMethod":"card""#, &a), None));
    assert!(!holds(pm, &cart("", &a), None));

    // all present keys must hold
    let both = r#"{"channels":["app"],"paymentMethods":["card"]}"#;
    assert!(holds(both, &cart(r#""channel":"app","paymentMethod":"card""#, &a), None));
    assert!(!holds(both, &cart(r#""channel":"app","paymentMethod":"paypal""#, &a), None));
}

#[test]
fn condition_member_flags() {
    let a = cart("", &ln("l1", "A", "1.00", "1"));
    let when = r#"{"memberFlags":["cardMember","employee"]}"#;
    assert!(holds(when, &a, Some(r#"{"id":"m","flags":["employee","x","cardMember"]}"#)));
    assert!(!holds(when, &a, Some(r#"{"id":"m","flags":["cardMember"]}"#)));
    assert!(!holds(when, &a, Some(r#"{"id":"m"}"#)));
    assert!(!holds(when, &a, None)); // a guest has no flags
}

#[test]
fn condition_from_inclusive_until_exclusive() {
    let a = cart("", &ln("l1", "A", "1.00", "1"));
    let when = r#"{"from":"2026-11-24T10:00:00Z","until":"2026-11-25T09:00:00+09:00"}"#; // until = 2026-11-25T00:00:00Z
    let at = |now: &str| bonus_with(when, "+00:00", &a, None, now) == "10";
    assert!(!at("2026-11-24T09:59:59.999Z"));
    assert!(at("2026-11-24T10:00:00Z")); // from ≤ now
    assert!(at("2026-11-24T11:00:00+01:00")); // the same instant as from
    assert!(at("2026-11-24T23:59:59.999Z"));
    assert!(!at("2026-11-25T00:00:00Z")); // now < until fails at until
    assert!(!at("2026-11-24T19:00:00-05:00")); // = 2026-11-25T00:00:00Z
}

#[test]
fn condition_days_of_week_in_the_program_offset() {
    let a = cart("", &ln("l1", "A", "1.00", "1"));
    let dow = |days: &str, off: &str, now: &str| {
        bonus_with(&format!(r#"{{"daysOfWeek":{days}}}"#), off, &a, None, now) == "10"
    };
    // 2026-11-24 is a Tuesday (2). At 20:00Z it is Wednesday 05:00 in +09:00.
    assert!(dow("[3]", "+09:00", "2026-11-24T20:00:00Z"));
    assert!(!dow("[2]", "+09:00", "2026-11-24T20:00:00Z"));
    // in UTC the same instant is Tuesday
    assert!(dow("[2]", "+00:00", "2026-11-24T20:00:00Z"));
    assert!(!dow("[3]", "+00:00", "2026-11-24T20:00:00Z"));
    // local midnight boundary: 14:59:59Z = Tue 23:59:59 +09:00 ; 15:00:00Z = Wed 00:00 +09:00
    assert!(dow("[2]", "+09:00", "2026-11-24T14:59:59Z"));
    assert!(dow("[3]", "+09:00", "2026-11-24T15:00:00Z"));
    // west of UTC: 03:00Z on Tuesday is Monday 22:00 in −05:00
    assert!(dow("[1]", "-05:00", "2026-11-24T03:00:00Z"));
    assert!(!dow("[2]", "-05:00", "2026-11-24T03:00:00Z"));
    // 2026-11-22 is a Sunday (7)
    assert!(dow("[6,7]", "+00:00", "2026-11-22T12:00:00Z"));
}

#[test]
fn condition_first_order() {
    let a = cart("", &ln("l1", "A", "1.00", "1"));
    let first = r#"{"firstOrder":true}"#;
    let returning = r#"{"firstOrder":false}"#;
    // snapshots: orderCount answers firstOrder
    assert!(holds(first, &a, Some(r#"{"id":"m","orderCount":0}"#)));
    assert!(!holds(first, &a, Some(r#"{"id":"m","orderCount":3}"#)));
    assert!(holds(returning, &a, Some(r#"{"id":"m","orderCount":3}"#)));
    assert!(!holds(returning, &a, Some(r#"{"id":"m","orderCount":0}"#)));
    // default orderCount 0; a guest has orderCount 0
    assert!(holds(first, &a, Some(r#"{"id":"m","balance":"100"}"#)));
    assert!(holds(first, &a, None));
    // ledgers: a purchase event before now makes it a returning member
    let bought = r#"{"id":"m","events":[{"type":"purchase","at":"2026-10-01T12:00:00Z","points":"10","spend":"10.00","orderId":"o-1"}]}"#;
    assert!(!holds(first, &a, Some(bought)));
    assert!(holds(returning, &a, Some(bought)));
    // only an action: still a first order
    let acted =
        r#"{"id":"m","events":[{"type":"action","action":"review","at":"2026-10-01T12:00:00Z","points":"50"}]}"#;
    assert!(holds(first, &a, Some(acted)));
    // a purchase later than now is ignored
    let future = r#"{"id":"m","events":[{"type":"purchase","at":"2026-12-01T12:00:00Z","points":"10","spend":"10.00","orderId":"o-9"}]}"#;
    assert!(holds(first, &a, Some(future)));
}

// ================================================================ tiers

const TIERED: &str = r#""tiers":{"metric":"points","window":{"type":"lifetime"},"levels":[
    {"id":"bronze","threshold":"0","earnMultiplier":"1.1"},
    {"id":"silver","threshold":"500","earnMultiplier":"1.25"},
    {"id":"gold","threshold":"1000","earnMultiplier":"1.5"}]}"#;

fn tier_program() -> String {
    usd(&format!(
        r#"{TIERED},"earning":[
        {{"id":"base","type":"spend","points":"1"}},
        {{"id":"ship","type":"spend","points":"1","includeShipping":true,"lines":{{"skus":["NONE"]}}}},
        {{"id":"dbl","type":"multiplier","factor":"2","lines":{{"categories":["apparel"]}}}},
        {{"id":"welcome","type":"bonus","points":"10"}},
        {{"id":"silver-up","type":"bonus","points":"5","when":{{"tiers":["silver","gold"]}}}}]"#
    ))
}

fn tier_cart() -> String {
    cart(
        r#""shipping":"8.00""#,
        &format!("{},{}", lnx("l1", "TEE", "20.00", "1", r#""categories":["apparel"]"#), ln("l2", "MUG", "20.00", "1")),
    )
}

#[test]
fn tier_multiplier_from_snapshot_qualifying_value() {
    // 640 ≥ 500 → silver, T = 1.25
    let e = earn(&tier_program(), &tier_cart(), Some(r#"{"id":"m","qualifyingValue":"640"}"#));
    assert_eq!(text(&e.tier_multiplier), "1.25");
    // l1: 20 × 2 × 1.25 = 50 ; l2: 20 × 1 × 1.25 = 25
    assert_eq!(text(&line(&e, "l1").points), "50");
    assert_eq!(text(&line(&e, "l2").points), "25");
    // basePoints before m and T
    assert_eq!(text(&line(&e, "l1").base_points), "20");
    // rules before m and T: base 40, ship 8 ; bonuses welcome 10, silver-up 5
    assert_eq!(rules(&e), pairs(&[("base", "40"), ("ship", "8"), ("welcome", "10"), ("silver-up", "5")]));
    // purchase: 1.25 × (20×2 + 20×1) = 75 ; shipping gets T but no m: 1.25 × 8 = 10 ; 85
    assert_eq!(text(&e.purchase_points), "85");
    // bonuses are not multiplied by T: 10 + 5 = 15
    assert_eq!(text(&e.bonus_points), "15");
    assert_eq!(text(&e.points), "100");

    // exactly on the threshold: 500 → silver
    let e = earn(&tier_program(), &tier_cart(), Some(r#"{"id":"m","qualifyingValue":"500"}"#));
    assert_eq!(text(&e.tier_multiplier), "1.25");
}

#[test]
fn tier_multiplier_from_a_higher_assigned_tier() {
    // computed silver (640), assigned gold → gold, T = 1.5
    let e = earn(&tier_program(), &tier_cart(), Some(r#"{"id":"m","qualifyingValue":"640","tier":"gold"}"#));
    assert_eq!(text(&e.tier_multiplier), "1.5");
    // l1: 20 × 2 × 1.5 = 60
    assert_eq!(text(&line(&e, "l1").points), "60");
    // 1.5 × 60 + 1.5 × 8 = 90 + 12 = 102 ; + 15 = 117
    assert_eq!(text(&e.purchase_points), "102");
    assert_eq!(text(&e.points), "117");
    // assigned bronze is lower than computed gold (1200) → gold
    let e = earn(&tier_program(), &tier_cart(), Some(r#"{"id":"m","qualifyingValue":"1200","tier":"bronze"}"#));
    assert_eq!(text(&e.tier_multiplier), "1.5");
    assert_eq!(text(&e.points), "117");
}

#[test]
fn guests_and_negative_values_have_the_lowest_tier() {
    for member in [None, Some(r#"{"id":"m","qualifyingValue":"-5"}"#), Some(r#"{"id":"m"}"#)] {
        let e = earn(&tier_program(), &tier_cart(), member);
        // bronze, T = 1.1
        assert_eq!(text(&e.tier_multiplier), "1.1", "{member:?}");
        // l1: 20 × 2 × 1.1 = 44 ; l2: 22
        assert_eq!(text(&line(&e, "l1").points), "44");
        assert_eq!(text(&line(&e, "l2").points), "22");
        // 1.1 × 60 + 1.1 × 8 = 66 + 8.8 = 74.8 → 74 ; silver-up does not hold: bonus 10 ; 84
        assert_eq!(text(&e.purchase_points), "74");
        assert_eq!(text(&e.bonus_points), "10");
        assert_eq!(text(&e.points), "84");
    }
}

#[test]
fn tier_multiplier_with_line_scope_rounding() {
    let p = usd(&format!(r#"{TIERED},"points":{{"roundingScope":"line"}},"earning":[{BASE}]"#));
    let c = cart("", &format!("{},{}", ln("l1", "A", "10.00", "1"), ln("l2", "B", "10.10", "1")));
    let e = earn(&p, &c, Some(r#"{"id":"m","qualifyingValue":"640"}"#));
    // l1 10 × 1.25 = 12.5 → 12 ; l2 10.1 × 1.25 = 12.625 → 12 ; 24 (order scope: floor(25.125) = 25)
    assert_eq!(text(&line(&e, "l1").points), "12");
    assert_eq!(text(&line(&e, "l2").points), "12");
    assert_eq!(text(&e.points), "24");
    let p = usd(&format!(r#"{TIERED},"earning":[{BASE}]"#));
    let e = earn(&p, &c, Some(r#"{"id":"m","qualifyingValue":"640"}"#));
    assert_eq!(text(&line(&e, "l2").points), "12.625");
    assert_eq!(text(&e.points), "25");
}

#[test]
fn member_tier_must_be_known() {
    let c = tier_cart();
    assert_eq!(
        earn_err(&tier_program(), &c, Some(r#"{"id":"m","tier":"platinum"}"#)),
        cp("invalid_member", "member.tier")
    );
    // a program without tiers names none
    let p = usd_earning(&format!("[{BASE}]"));
    assert_eq!(earn_err(&p, &c, Some(r#"{"id":"m","tier":"gold"}"#)), cp("invalid_member", "member.tier"));
    // a null tier is absent
    let e = earn(&p, &c, Some(r#"{"id":"m","tier":null}"#));
    assert_eq!(text(&e.tier_multiplier), "1");
}

// ================================================================ cashback

#[test]
fn cashback_caps_each_rule_and_rounds_once() {
    let p = usd_earning(
        r#"[{"id":"base","type":"spend","points":"1"},
            {"id":"cb1","type":"cashback","percent":"5","maxAmount":"1.00"},
            {"id":"cb2","type":"cashback","percent":"1.5","base":"gross"},
            {"id":"cb3","type":"cashback","percent":"1.5","base":"gross"}]"#,
    );
    let e = earn(&p, &cart("", &lnx("l1", "A", "30.00", "1", r#""tax":"3.00""#)), None);
    // cb1: 5 × 30.00 / 100 = 1.50 → capped 1.00 ; cb2, cb3: 1.5 × 33.00 / 100 = 0.495 each
    // 1.00 + 0.495 + 0.495 = 1.99 (rounding each rule first would give 2.00)
    assert_eq!(text(&e.cashback), "1.99");
    // cashback rules are not listed
    assert_eq!(rules(&e), pairs(&[("base", "30")]));
    assert_eq!(text(&e.points), "30");
}

#[test]
fn cashback_on_matching_eligible_lines_plus_shipping_without_multipliers() {
    let p = usd(&format!(
        r#"{TIERED},"exclude":{{"skus":["GIFT-1"]}},"earning":[
            {{"id":"triple","type":"multiplier","factor":"3"}},
            {{"id":"cb","type":"cashback","percent":"10","lines":{{"categories":["books"]}},"includeShipping":true}},
            {{"id":"cb-app","type":"cashback","percent":"50","when":{{"channels":["app"]}}}}]"#
    ));
    let lines = [
        lnx("l1", "BOOK", "20.00", "1", r#""categories":["books"]"#),
        ln("l2", "TEE", "15.00", "1"),
        lnx("l3", "GIFT-1", "50.00", "1", r#""categories":["books"]"#),
    ]
    .join(",");
    let e = earn(&p, &cart(r#""shipping":"5.00","channel":"online""#, &lines), Some(r#"{"id":"m","tier":"gold"}"#));
    // cb: 10 × (20.00 + 5.00) / 100 = 2.50 (GIFT-1 excluded, TEE not matching; no m, no T) ; cb-app does not hold
    assert_eq!(text(&e.cashback), "2.50");
    // no spend rule: no points, nothing listed
    assert_eq!(text(&e.points), "0");
    assert!(e.rules.is_empty());
}

// ================================================================ accounting and pending

fn accounting_program(extra: &str) -> String {
    usd(&format!(r#""accounting":{{"pointValue":"0.013","redemptionRate":"0.5"}}{extra},"earning":[{BASE}]"#))
}

#[test]
fn accounting_points_value_and_deferred_revenue() {
    let e = earn(&accounting_program(""), &cart("", &ln("l1", "A", "101.50", "1")), None);
    // points floor(101.5) = 101
    assert_eq!(text(&e.points), "101");
    let acc = e.accounting.as_ref().expect("accounting");
    // pointsValue = 101 × 0.013 × 0.5 = 0.6565 → half_up 0.66
    assert_eq!(text(&acc.points_value), "0.66");
    // deferredRevenue uses the exact pointsValue: 101.50 × 0.6565 / (101.50 + 0.6565) = 0.65228… → 0.65
    // (with the rounded 0.66 it would be 0.6557… → 0.66)
    assert_eq!(text(&acc.deferred_revenue), "0.65");
    assert!(!e.pending);
}

#[test]
fn accounting_uses_the_capped_points() {
    let e = earn(&accounting_program(r#","maxPointsPerOrder":"50""#), &cart("", &ln("l1", "A", "101.50", "1")), None);
    // 101 > 50 → 50
    assert_eq!(text(&e.points), "50");
    assert!(e.capped);
    let acc = e.accounting.as_ref().expect("accounting");
    // 50 × 0.013 × 0.5 = 0.325 → half_up 0.33
    assert_eq!(text(&acc.points_value), "0.33");
    // 101.50 × 0.325 / (101.50 + 0.325) = 0.32396… → 0.32
    assert_eq!(text(&acc.deferred_revenue), "0.32");
}

#[test]
fn accounting_with_a_zero_denominator_or_zero_subtotal() {
    let p = usd(
        r#""accounting":{"pointValue":"0.01","redemptionRate":"0.80"},"earning":[{"id":"base","type":"spend","points":"1"}]"#,
    );
    // empty cart, no bonus: points 0, P 0 → pointsValue 0, deferred 0 / 0 → 0
    let e = earn(&p, &cart("", ""), None);
    let acc = e.accounting.as_ref().expect("accounting");
    assert_eq!([text(&acc.points_value), text(&acc.deferred_revenue)], ["0.00", "0.00"]);

    // empty cart with a 100-point bonus: pointsValue 100 × 0.01 × 0.80 = 0.80 ; deferred 0 × 0.80 / 0.80 = 0
    let p = usd(
        r#""accounting":{"pointValue":"0.01","redemptionRate":"0.80"},"earning":[{"id":"b","type":"bonus","points":"100"}]"#,
    );
    let e = earn(&p, &cart("", ""), None);
    let acc = e.accounting.as_ref().expect("accounting");
    assert_eq!([text(&acc.points_value), text(&acc.deferred_revenue)], ["0.80", "0.00"]);

    // pointValue 0: pointsValue 0, deferred 50.00 × 0 / 50.00 = 0
    let p = usd(
        r#""accounting":{"pointValue":"0","redemptionRate":"0.80"},"earning":[{"id":"base","type":"spend","points":"1"}]"#,
    );
    let e = earn(&p, &cart("", &ln("l1", "A", "50.00", "1")), None);
    let acc = e.accounting.as_ref().expect("accounting");
    assert_eq!([text(&acc.points_value), text(&acc.deferred_revenue)], ["0.00", "0.00"]);
}

#[test]
fn accounting_deferred_revenue_on_a_whole_order() {
    let p = usd(
        r#""accounting":{"pointValue":"0.01","redemptionRate":"0.80"},"pendingDays":14,"earning":[{"id":"base","type":"spend","points":"1"}]"#,
    );
    let e = earn(&p, &cart("", &ln("l1", "A", "100.00", "1")), None);
    let acc = e.accounting.as_ref().expect("accounting");
    // 100 × 0.01 × 0.80 = 0.80 ; 100.00 × 0.80 / 100.80 = 0.79365… → 0.79
    assert_eq!([text(&acc.points_value), text(&acc.deferred_revenue)], ["0.80", "0.79"]);
    // pendingDays > 0
    assert!(e.pending);
}

// ================================================================ empty cart

#[test]
fn empty_cart_with_an_unconditional_bonus() {
    let p = usd_earning(
        r#"[{"id":"base","type":"spend","points":"1"},
            {"id":"welcome","type":"bonus","points":"50"},
            {"id":"big","type":"bonus","points":"20","when":{"minSubtotal":"1"}},
            {"id":"cb","type":"cashback","percent":"5"}]"#,
    );
    let e = earn(&p, &cart("", ""), None);
    assert_eq!(text(&e.points), "50");
    assert_eq!(text(&e.purchase_points), "0");
    assert_eq!(text(&e.bonus_points), "50");
    assert!(!e.capped);
    assert_eq!(text(&e.eligible_subtotal), "0.00");
    assert_eq!(text(&e.cashback), "0.00");
    assert!(e.lines.is_empty());
    // base matched no line and earned on no shipping: not listed ; big needs subtotal ≥ 1
    assert_eq!(rules(&e), pairs(&[("welcome", "50")]));
}

#[test]
fn empty_cart_still_earns_on_shipping() {
    let p = usd_earning(r#"[{"id":"ship","type":"spend","points":"1","includeShipping":true}]"#);
    let e = earn(&p, &cart(r#""shipping":"5.50""#, ""), None);
    // 1 × 5.50 = 5.5 → 5
    assert_eq!(rules(&e), pairs(&[("ship", "5.5")]));
    assert_eq!(text(&e.points), "5");
}

// ================================================================ more edges

#[test]
fn max_points_in_line_scope_rounds_each_scaled_line() {
    let p = usd(
        r#""points":{"roundingScope":"line"},"earning":[{"id":"capped","type":"spend","points":"1","maxPoints":"10"}]"#,
    );
    let e = earn(&p, &cart("", &format!("{},{}", ln("l1", "A", "10.00", "1"), ln("l2", "B", "20.00", "1"))), None);
    // ΣB = 30 > 10 → l1 10 × 10/30 = 3.333…, l2 10 × 20/30 = 6.666…
    assert_eq!(text(&line(&e, "l1").base_points), "3.333333333333");
    assert_eq!(text(&line(&e, "l2").base_points), "6.666666666667");
    // line scope: floor(3.333…) + floor(6.666…) = 3 + 6 = 9 (order scope would give 10)
    assert_eq!(text(&line(&e, "l1").points), "3");
    assert_eq!(text(&line(&e, "l2").points), "6");
    assert_eq!(text(&e.points), "9");
    assert_eq!(rules(&e), pairs(&[("capped", "10")]));
}

#[test]
fn a_zero_quantity_line_lists_its_rules_with_zero() {
    let p = usd_earning(r#"[{"id":"base","type":"spend","points":"1"},{"id":"unit","type":"per_unit","points":"2"}]"#);
    let e = earn(&p, &cart("", &ln("l1", "A", "5.00", "0")), None);
    // 5.00 × 0 = 0.00 ; base 0, unit 2 × 0 = 0 ; both matched, so both are listed
    assert_eq!(text(&line(&e, "l1").net), "0.00");
    assert_eq!(text(&line(&e, "l1").base_points), "0");
    assert_eq!(line_rules(&e, "l1"), strs(&["base", "unit"]));
    assert_eq!(rules(&e), pairs(&[("base", "0"), ("unit", "0")]));
    assert_eq!(text(&e.points), "0");
}

#[test]
fn max_points_per_order_with_point_decimals() {
    let p = usd(&format!(r#""points":{{"decimals":1}},"maxPointsPerOrder":"50.5","earning":[{BASE}]"#));
    let e = earn(&p, &cart("", &ln("l1", "A", "60.25", "1")), None);
    // purchase floor(60.25, 1 place) = 60.2 > 50.5 → 50.5, bonus 0.0
    assert_eq!([text(&e.points), text(&e.purchase_points), text(&e.bonus_points)], ["50.5", "50.5", "0.0"]);
    assert!(e.capped);
}

#[test]
fn per_below_one() {
    let p = usd_earning(r#"[{"id":"halves","type":"spend","points":"1","per":"0.5"}]"#);
    let e = earn(&p, &cart("", &ln("l1", "A", "3.25", "1")), None);
    // 1 × 3.25 / 0.5 = 6.5 → 6
    assert_eq!(rules(&e), pairs(&[("halves", "6.5")]));
    assert_eq!(text(&e.points), "6");
}

#[test]
fn condition_timestamps_are_kept_to_the_millisecond() {
    let a = cart("", &ln("l1", "A", "1.00", "1"));
    // from 10:00:00.0009 is kept as 10:00:00.000 (sub-millisecond digits dropped): holds at 10:00:00Z
    assert_eq!(bonus_with(r#"{"from":"2026-11-24T10:00:00.0009Z"}"#, "+00:00", &a, None, NOW), "10");
    // from 10:00:00.001 does not hold at 10:00:00.000
    assert_eq!(bonus_with(r#"{"from":"2026-11-24T10:00:00.001Z"}"#, "+00:00", &a, None, NOW), "0");
}
