//! Spec §1 (conventions) and the matching §8 "Inputs and output text" rules:
//! decimal texts, JSON numbers, limits, output precision, rounding modes,
//! snapping, string/integer/depth limits, duplicate keys, null, overflow.
//!
//! Every expected value is derived by hand from PROGRAM.md; the arithmetic is
//! written next to each assertion.
#![cfg(not(target_arch = "wasm32"))] // native: the wasm runs are tests/wasm.rs and the conformance runner

mod common;
use common::*;

use loyalty_engine::{Cart, Member, Operation, Program};

/// One point per 1.00 of net, floor, 0 decimals, scope order (all defaults).
const ONE_PER_DOLLAR: &str = r#"[{"id":"base","type":"spend","points":"1"}]"#;

fn one_line(unit_price: &str, quantity: &str) -> String {
    cart("", &format!(r#"{{"id":"l1","sku":"A-1","unitPrice":{unit_price},"quantity":{quantity}}}"#))
}

fn cart_err(program_text: &str, cart_text: &str) -> (String, String) {
    let p = program(program_text);
    match Cart::from_json(&p, cart_text) {
        Ok(c) => match p.preview_earn(&c, None, ts(NOW)) {
            Ok(r) => panic!("cart unexpectedly accepted: {cart_text}\n{r:?}"),
            Err(e) => code_path(&e),
        },
        Err(e) => code_path(&e),
    }
}

fn member_err(program_text: &str, member_text: &str) -> (String, String) {
    let p = program(program_text);
    match Member::from_json(&p, member_text) {
        Ok(_) => panic!("member unexpectedly accepted: {member_text}"),
        Err(e) => code_path(&e),
    }
}

// ---------------------------------------------------------------- decimals

#[test]
fn json_numbers_are_read_as_their_shortest_text() {
    // 19.99 as a number means "19.99"; 2 means "2"; 1.5 means "1.5".
    let prog_num = usd_earning(r#"[{"id":"base","type":"spend","points":1.5}]"#);
    let prog_str = usd_earning(r#"[{"id":"base","type":"spend","points":"1.5"}]"#);
    let by_number = earn(&prog_num, &one_line("19.99", "2"), None);
    let by_string = earn(&prog_str, &one_line(r#""19.99""#, r#""2""#), None);
    assert_eq!(by_number, by_string);
    // net = roundMoney(19.99 × 2) = 39.98
    assert_eq!(text(&line(&by_number, "l1").net), "39.98");
    assert_eq!(text(&by_number.eligible_subtotal), "39.98");
    // rule: 1.5 × 39.98 / 1 = 59.97 (normalised, unrounded)
    assert_eq!(rules(&by_number), pairs(&[("base", "59.97")]));
    // floor(59.97) = 59
    assert_eq!(text(&by_number.points), "59");
}

#[test]
fn json_number_with_exponent_and_trailing_zero() {
    // String(1e2) = "100", String(2.50) = "2.5": net = 100 × 2.5 = 250.00
    let e = earn(&usd_earning(ONE_PER_DOLLAR), &one_line("1e2", "2.50"), None);
    assert_eq!(text(&line(&e, "l1").net), "250.00");
    // 1 × 250 / 1 = 250
    assert_eq!(text(&e.points), "250");
}

#[test]
fn json_numbers_go_through_js_string_not_their_literal_text() {
    let p = usd_earning(ONE_PER_DOLLAR);
    // 19.9900000000000000001 is the double 19.99, and String(n) = "19.99"
    let e = earn(&p, &one_line("19.9900000000000000001", "1.0000000000000001"), None);
    // 1.0000000000000001 is the double 1: net = 19.99 × 1 = 19.99
    assert_eq!(text(&line(&e, "l1").net), "19.99");
    assert_eq!(text(&e.points), "19");
    // 0.30000000000000004 (0.1 + 0.2) prints as "0.30000000000000004": 17 places > 12
    assert_eq!(cart_err(&p, &one_line("0.30000000000000004", "1")), cp("invalid_cart", "cart.lines[0].unitPrice"));
    // a money amount given as a number still has at most currencyDecimals places: 1.005 has 3
    let c = cart("", r#"{"sku":"A","unitPrice":"5","quantity":"1","discount":1.005}"#);
    assert_eq!(cart_err(&p, &c), cp("invalid_cart", "cart.lines[0].discount"));
}

#[test]
fn decimal_strings_with_exponent_are_accepted() {
    // "2.5e1" = 25, "1E0" = 1: net = 25 × 1 = 25.00; points "2E-1" = 0.2 per 1.00 → 5
    let p = usd_earning(r#"[{"id":"base","type":"spend","points":"2E-1"}]"#);
    let e = earn(&p, &one_line(r#""2.5e1""#, r#""1E0""#), None);
    assert_eq!(text(&line(&e, "l1").net), "25.00");
    // 0.2 × 25.00 / 1 = 5
    assert_eq!(rules(&e), pairs(&[("base", "5")]));
    assert_eq!(text(&e.points), "5");
}

#[test]
fn invalid_decimal_texts_in_program() {
    for bad in [
        r#""+1""#,
        r#"".5""#,
        r#""1.""#,
        r#""abc""#,
        r#"" 1""#,
        r#""1 ""#,
        r#""""#,
        r#""0x10""#,
        r#""1,5""#,
        r#""1.2.3""#,
        r#""--1""#,
        r#""NaN""#,
        r#""Infinity""#,
        r#""1e""#,
        // 1e-13 = 0.0000000000001: 13 decimal places > 12
        r#""1e-13""#,
        r#""0.0000000000001""#,
        "1e-13",
        // not a decimal at all
        "true",
        "[]",
        "{}",
    ] {
        let p = usd_earning(&format!(r#"[{{"id":"base","type":"spend","points":{bad}}}]"#));
        assert_eq!(program_err(&p), cp("invalid_program", "earning[0].points"), "points = {bad}");
    }
}

#[test]
fn invalid_decimal_texts_in_cart() {
    let p = usd_earning(ONE_PER_DOLLAR);
    for bad in [r#""+1""#, r#"".5""#, r#""abc""#, r#""1e-13""#, "1e-13", r#""0.0000000000001""#, r#""1.""#, "true"] {
        let c = one_line(bad, r#""1""#);
        assert_eq!(cart_err(&p, &c), cp("invalid_cart", "cart.lines[0].unitPrice"), "unitPrice = {bad}");
        let c = one_line(r#""1.00""#, bad);
        assert_eq!(cart_err(&p, &c), cp("invalid_cart", "cart.lines[0].quantity"), "quantity = {bad}");
    }
    let line0 = r#"{"sku":"A","unitPrice":"1.00","quantity":"1"}"#;
    assert_eq!(cart_err(&p, &cart(r#""shipping":".5""#, line0)), cp("invalid_cart", "cart.shipping"));
    assert_eq!(cart_err(&p, &cart(r#""orderDiscount":"abc""#, line0)), cp("invalid_cart", "cart.orderDiscount"));
    let with_tax = r#"{"sku":"A","unitPrice":"1.00","quantity":"1","tax":"+0.10"}"#;
    assert_eq!(cart_err(&p, &cart("", with_tax)), cp("invalid_cart", "cart.lines[0].tax"));
}

#[test]
fn twelve_decimal_places_and_the_input_limit_are_accepted() {
    // points 0.000000000001 (12 places) per 1.00 on a line of exactly 10^12 (allowed: |x| ≤ 10^12)
    let p = usd_earning(r#"[{"id":"base","type":"spend","points":"0.000000000001"}]"#);
    let e = earn(&p, &one_line(r#""1000000000000""#, r#""1""#), None);
    // net = roundMoney(10^12 × 1) = 1000000000000.00
    assert_eq!(text(&e.eligible_subtotal), "1000000000000.00");
    // 10^-12 × 10^12 / 1 = 1
    assert_eq!(rules(&e), pairs(&[("base", "1")]));
    assert_eq!(text(&e.points), "1");
}

#[test]
fn decimal_inputs_above_ten_to_the_twelve_are_limit_exceeded() {
    let p = usd_earning(ONE_PER_DOLLAR);
    for bad in ["1e300", r#""1e300""#, r#""1000000000000.01""#, r#""1e13""#, "1000000000001"] {
        assert_eq!(
            cart_err(&p, &one_line(bad, r#""1""#)),
            cp("limit_exceeded", "cart.lines[0].unitPrice"),
            "unitPrice = {bad}"
        );
    }
    let prog = usd_earning(r#"[{"id":"base","type":"spend","points":"1000000000000.01"}]"#);
    assert_eq!(program_err(&prog), cp("limit_exceeded", "earning[0].points"));
    let prog = usd(&format!(r#""maxPointsPerOrder":1e300,"earning":{ONE_PER_DOLLAR}"#));
    assert_eq!(program_err(&prog), cp("limit_exceeded", "maxPointsPerOrder"));
}

#[test]
fn quantity_range() {
    let p = usd_earning(ONE_PER_DOLLAR);
    // quantity 10^6 is allowed: 0.01 × 1000000 = 10000.00
    let e = earn(&p, &one_line(r#""0.01""#, r#""1000000""#), None);
    assert_eq!(text(&line(&e, "l1").net), "10000.00");
    assert_eq!(text(&e.points), "10000");
    // above 10^6: limit_exceeded
    assert_eq!(cart_err(&p, &one_line(r#""0.01""#, r#""1000000.5""#)), cp("limit_exceeded", "cart.lines[0].quantity"));
    // negative: invalid_cart
    assert_eq!(cart_err(&p, &one_line(r#""0.01""#, r#""-1""#)), cp("invalid_cart", "cart.lines[0].quantity"));
}

#[test]
fn member_point_amounts_have_at_most_points_decimals_places() {
    // points.decimals 0: a balance of 10.5 has too many places
    let p = usd_earning(ONE_PER_DOLLAR);
    assert_eq!(member_err(&p, r#"{"id":"m","balance":"10.5"}"#), cp("invalid_member", "member.balance"));
    assert_eq!(member_err(&p, r#"{"id":"m","balance":"+10"}"#), cp("invalid_member", "member.balance"));
    // with 1 decimal it is fine
    let p1 = usd(&format!(r#""points":{{"decimals":1}},"earning":{ONE_PER_DOLLAR}"#));
    assert!(Member::from_json(&program(&p1), r#"{"id":"m","balance":"10.5"}"#).is_ok());
}

// ---------------------------------------------------------------- money outputs

#[test]
fn money_outputs_with_zero_currency_decimals() {
    let p = r#"{"version":1,"currency":"JPY","currencyDecimals":0,
        "earning":[{"id":"base","type":"spend","points":"1","per":"100"},
                   {"id":"cb","type":"cashback","percent":"5"}]}"#;
    let c = r#"{"currency":"JPY","lines":[{"id":"l1","sku":"TEA","unitPrice":"1500","quantity":"2"}]}"#;
    let e = earn(p, c, None);
    // net = 1500 × 2 = 3000, printed with 0 places
    assert_eq!(text(&line(&e, "l1").net), "3000");
    assert_eq!(text(&e.eligible_subtotal), "3000");
    // 1 × 3000 / 100 = 30
    assert_eq!(text(&e.points), "30");
    // cashback 5 × 3000 / 100 = 150
    assert_eq!(text(&e.cashback), "150");
}

#[test]
fn round_money_with_zero_currency_decimals() {
    let c = r#"{"currency":"JPY","lines":[{"id":"l1","sku":"A","unitPrice":"10.5","quantity":"1"},
                                          {"id":"l2","sku":"B","unitPrice":"11.5","quantity":"1"}]}"#;
    let prog = |mode: &str| {
        format!(
            r#"{{"version":1,"currency":"JPY","currencyDecimals":0,"moneyRounding":"{mode}",
               "earning":[{{"id":"base","type":"spend","points":"1"}}]}}"#
        )
    };
    // half_even: 10.5 → 10, 11.5 → 12
    let e = earn(&prog("half_even"), c, None);
    assert_eq!([text(&line(&e, "l1").net), text(&line(&e, "l2").net)], ["10", "12"]);
    // 10 + 12 = 22
    assert_eq!(text(&e.eligible_subtotal), "22");
    // half_up: 10.5 → 11, 11.5 → 12
    let e = earn(&prog("half_up"), c, None);
    assert_eq!([text(&line(&e, "l1").net), text(&line(&e, "l2").net)], ["11", "12"]);
    // floor: 10, 11
    let e = earn(&prog("floor"), c, None);
    assert_eq!([text(&line(&e, "l1").net), text(&line(&e, "l2").net)], ["10", "11"]);
    // a discount of 1.5 has more places than currencyDecimals 0
    let bad = r#"{"currency":"JPY","lines":[{"sku":"A","unitPrice":"10","quantity":"1","discount":"1.5"}]}"#;
    assert_eq!(cart_err(&prog("half_up"), bad), cp("invalid_cart", "cart.lines[0].discount"));
}

#[test]
fn money_outputs_with_three_currency_decimals() {
    let p = r#"{"version":1,"currency":"KWD","currencyDecimals":3,
        "earning":[{"id":"base","type":"spend","points":"1"},
                   {"id":"cb","type":"cashback","percent":"10"}]}"#;
    let c = r#"{"currency":"KWD","shipping":"0.125","lines":[
        {"id":"l1","sku":"A","unitPrice":"1.250","quantity":"2"},
        {"id":"l2","sku":"B","unitPrice":"0.3333","quantity":"3"}]}"#;
    let e = earn(p, c, None);
    // l1: 1.250 × 2 = 2.500
    assert_eq!(text(&line(&e, "l1").net), "2.500");
    // l2: 0.3333 × 3 = 0.9999 → half_up to 3 places = 1.000
    assert_eq!(text(&line(&e, "l2").net), "1.000");
    // 2.500 + 1.000 = 3.500 (shipping not included)
    assert_eq!(text(&e.eligible_subtotal), "3.500");
    // cashback 10 × 3.500 / 100 = 0.35 → "0.350"
    assert_eq!(text(&e.cashback), "0.350");
    // points floor(3.5) = 3
    assert_eq!(text(&e.points), "3");
    // an orderDiscount with 4 places > 3
    let bad = r#"{"currency":"KWD","orderDiscount":"0.0005","lines":[{"sku":"A","unitPrice":"1","quantity":"1"}]}"#;
    assert_eq!(cart_err(p, bad), cp("invalid_cart", "cart.orderDiscount"));
}

#[test]
fn money_rounding_modes_on_cashback() {
    let prog = |mode: &str| {
        usd(&format!(r#""moneyRounding":"{mode}","earning":[{{"id":"cb","type":"cashback","percent":"5"}}]"#))
    };
    let c1010 = one_line(r#""10.10""#, r#""1""#);
    let c1030 = one_line(r#""10.30""#, r#""1""#);
    // 5 × 10.10 / 100 = 0.505 ; 5 × 10.30 / 100 = 0.515
    for (mode, a, b) in [
        ("floor", "0.50", "0.51"),
        ("ceil", "0.51", "0.52"),
        ("down", "0.50", "0.51"),
        ("half_up", "0.51", "0.52"),
        ("half_even", "0.50", "0.52"), // 0.505 → 0.50 (0 even), 0.515 → 0.52 (2 even)
    ] {
        assert_eq!(text(&earn(&prog(mode), &c1010, None).cashback), a, "{mode} on 0.505");
        assert_eq!(text(&earn(&prog(mode), &c1030, None).cashback), b, "{mode} on 0.515");
    }
}

#[test]
fn money_rounding_modes_on_receipt_lines() {
    let prog = |mode: &str| usd(&format!(r#""moneyRounding":"{mode}","earning":{ONE_PER_DOLLAR}"#));
    // 0.333 kg × 9.99 = 3.32667 ; 2.345 × 1 = 2.345
    let c = cart(
        "",
        r#"{"id":"w","sku":"CHEESE","unitPrice":"9.99","quantity":"0.333"},
           {"id":"h","sku":"HALF","unitPrice":"2.345","quantity":"1"}"#,
    );
    for (mode, w, h) in [
        ("floor", "3.32", "2.34"),
        ("ceil", "3.33", "2.35"),
        ("down", "3.32", "2.34"),
        ("half_up", "3.33", "2.35"),
        ("half_even", "3.33", "2.34"), // 2.345 → 2.34 (4 even)
    ] {
        let e = earn(&prog(mode), &c, None);
        assert_eq!(text(&line(&e, "w").net), w, "{mode}");
        assert_eq!(text(&line(&e, "h").net), h, "{mode}");
    }
}

// ---------------------------------------------------------------- point outputs

fn points_program(decimals: u32, rounding: &str, earning: &str) -> String {
    usd(&format!(r#""points":{{"decimals":{decimals},"rounding":"{rounding}"}},"earning":{earning}"#))
}

#[test]
fn point_outputs_carry_points_decimals_places() {
    let earning = r#"[{"id":"base","type":"spend","points":"1.5"}]"#;
    let c = one_line(r#""10.99""#, r#""1""#);
    // 1.5 × 10.99 = 16.485
    let e = earn(&points_program(2, "floor", earning), &c, None);
    assert_eq!(text(&e.points), "16.48"); // floor to 2 places
    assert_eq!(text(&e.purchase_points), "16.48");
    assert_eq!(text(&e.bonus_points), "0.00");
    // normalised, unrounded
    assert_eq!(text(&line(&e, "l1").base_points), "16.485");
    assert_eq!(text(&line(&e, "l1").points), "16.485");
    assert_eq!(rules(&e), pairs(&[("base", "16.485")]));
    let e = earn(&points_program(3, "floor", earning), &c, None);
    assert_eq!(text(&e.points), "16.485");
    assert_eq!(text(&e.bonus_points), "0.000");
    let e = earn(&points_program(8, "floor", earning), &c, None);
    assert_eq!(text(&e.points), "16.48500000");
    let e = earn(&points_program(0, "floor", earning), &c, None);
    assert_eq!(text(&e.points), "16");
    assert_eq!(text(&e.bonus_points), "0");
}

#[test]
fn all_five_point_rounding_modes_at_zero_places() {
    // 1 point per 1.00 on 10.50 → 10.5 ; on 11.50 → 11.5
    for (mode, p105, p115) in [
        ("floor", "10", "11"),
        ("ceil", "11", "12"),
        ("down", "10", "11"),
        ("half_up", "11", "12"),
        ("half_even", "10", "12"),
    ] {
        let p = points_program(0, mode, ONE_PER_DOLLAR);
        let e = earn(&p, &one_line(r#""10.50""#, r#""1""#), None);
        assert_eq!(text(&e.points), p105, "{mode} on 10.5");
        assert_eq!(text(&e.purchase_points), p105, "{mode} on 10.5");
        // line points stay exact in scope order
        assert_eq!(text(&line(&e, "l1").points), "10.5");
        let e = earn(&p, &one_line(r#""11.50""#, r#""1""#), None);
        assert_eq!(text(&e.points), p115, "{mode} on 11.5");
    }
}

#[test]
fn all_five_point_rounding_modes_at_one_place() {
    // 10.25, 10.35 (midpoints) and 10.26 (not a midpoint), rounded to 1 place
    for (mode, a, b, c) in [
        ("floor", "10.2", "10.3", "10.2"),
        ("ceil", "10.3", "10.4", "10.3"),
        ("down", "10.2", "10.3", "10.2"),
        ("half_up", "10.3", "10.4", "10.3"),
        ("half_even", "10.2", "10.4", "10.3"), // 10.25 → 10.2, 10.35 → 10.4
    ] {
        let p = points_program(1, mode, ONE_PER_DOLLAR);
        assert_eq!(text(&earn(&p, &one_line(r#""10.25""#, r#""1""#), None).points), a, "{mode} 10.25");
        assert_eq!(text(&earn(&p, &one_line(r#""10.35""#, r#""1""#), None).points), b, "{mode} 10.35");
        assert_eq!(text(&earn(&p, &one_line(r#""10.26""#, r#""1""#), None).points), c, "{mode} 10.26");
    }
}

// ---------------------------------------------------------------- snapping

#[test]
fn snapping_seven_sevenths_make_one() {
    // seven rules of 1 point per 7.00 on one 1.00 line
    let rules_json: Vec<String> =
        (0..7).map(|i| format!(r#"{{"id":"s{i}","type":"spend","points":"1","per":"7.00"}}"#)).collect();
    let p = usd_earning(&format!("[{}]", rules_json.join(",")));
    let e = earn(&p, &one_line(r#""1.00""#, r#""1""#), None);
    // each 1 × 1.00 / 7 = 0.142857142857|142857… snapped to 12 places
    for r in &e.rules {
        assert_eq!(text(&r.points), "0.142857142857", "{}", r.id);
    }
    assert_eq!(e.rules.len(), 7);
    // the sum of the seven exact quotients is snapped to 1 before floor
    assert_eq!(text(&line(&e, "l1").base_points), "1");
    assert_eq!(text(&line(&e, "l1").points), "1");
    assert_eq!(text(&e.points), "1");
}

#[test]
fn snapping_three_thirds_in_line_scope() {
    // three rules of 1 point per 3.00; two lines of 1.00 each; scope line, floor
    let p = usd(r#""points":{"roundingScope":"line"},"earning":[
        {"id":"a","type":"spend","points":"1","per":"3.00"},
        {"id":"b","type":"spend","points":"1","per":"3.00"},
        {"id":"c","type":"spend","points":"1","per":"3.00"}]"#);
    let c = cart(
        "",
        r#"{"id":"l1","sku":"PEN","unitPrice":"1.00","quantity":"1"},
           {"id":"l2","sku":"PAD","unitPrice":"1.00","quantity":"1"}"#,
    );
    let e = earn(&p, &c, None);
    // per line: 1/3 + 1/3 + 1/3 snapped = 1, floor(1) = 1 (a non-snapped 0.999… would floor to 0)
    assert_eq!(text(&line(&e, "l1").points), "1");
    assert_eq!(text(&line(&e, "l2").points), "1");
    assert_eq!(text(&line(&e, "l1").base_points), "1");
    // 1 + 1 = 2
    assert_eq!(text(&e.points), "2");
    // each rule: 1 × (1.00 + 1.00) / 3 = 0.666666666666|67 → 0.666666666667
    assert_eq!(rules(&e), pairs(&[("a", "0.666666666667"), ("b", "0.666666666667"), ("c", "0.666666666667")]));
}

// ---------------------------------------------------------------- strings

#[test]
fn strings_longer_than_256_code_points_are_limit_exceeded() {
    let s256 = "a".repeat(256);
    let s257 = "a".repeat(257);
    // program name
    assert!(Program::from_json(&usd(&format!(r#""name":"{s256}""#))).is_ok());
    assert_eq!(program_err(&usd(&format!(r#""name":"{s257}""#))), cp("limit_exceeded", "name"));
    // rule id
    let p = usd_earning(&format!(r#"[{{"id":"{s257}","type":"spend","points":"1"}}]"#));
    assert_eq!(program_err(&p), cp("limit_exceeded", "earning[0].id"));
    // a filter entry
    let p = usd_earning(&format!(r#"[{{"id":"x","type":"spend","points":"1","lines":{{"skus":["ok","{s257}"]}}}}]"#));
    assert_eq!(program_err(&p), cp("limit_exceeded", "earning[0].lines.skus[1]"));
    // 256 two-byte code points are 256 characters, not 512
    let e256 = "é".repeat(256);
    assert!(Program::from_json(&usd(&format!(r#""name":"{e256}""#))).is_ok());
    let euro257 = "€".repeat(257);
    assert_eq!(program_err(&usd(&format!(r#""name":"{euro257}""#))), cp("limit_exceeded", "name"));

    // cart strings
    let p = usd_earning(ONE_PER_DOLLAR);
    let c = cart("", &format!(r#"{{"sku":"{s257}","unitPrice":"1","quantity":"1"}}"#));
    assert_eq!(cart_err(&p, &c), cp("limit_exceeded", "cart.lines[0].sku"));
    let c = cart(
        "",
        &format!(
            r#"{{"sku":"A","unitPrice":"1","quantity":"1"}},{{"sku":"B","categories":["x","{s257}"],"unitPrice":"1","quantity":"1"}}"#
        ),
    );
    assert_eq!(cart_err(&p, &c), cp("limit_exceeded", "cart.lines[1].categories[1]"));
    let c = cart(&format!(r#""channel":"{s257}""#), r#"{"sku":"A","unitPrice":"1","quantity":"1"}"#);
    assert_eq!(cart_err(&p, &c), cp("limit_exceeded", "cart.channel"));
    // member strings
    assert_eq!(member_err(&p, &format!(r#"{{"id":"{s257}"}}"#)), cp("limit_exceeded", "member.id"));
    assert_eq!(member_err(&p, &format!(r#"{{"id":"m","flags":["{s257}"]}}"#)), cp("limit_exceeded", "member.flags[0]"));
}

// ---------------------------------------------------------------- integer fields

#[test]
fn currency_decimals_is_an_integer_field() {
    let body = |v: &str| usd(&format!(r#""currencyDecimals":{v},"earning":{ONE_PER_DOLLAR}"#));
    for bad in [r#""2""#, "9", "-1", "2.5", "true"] {
        assert_eq!(program_err(&body(bad)), cp("invalid_program", "currencyDecimals"), "currencyDecimals {bad}");
    }
    // 2.0 is an integral number: accepted as 2
    let e = earn(&body("2.0"), &one_line(r#""12.5""#, r#""2""#), None);
    // 12.5 × 2 = 25 → "25.00"
    assert_eq!(text(&line(&e, "l1").net), "25.00");
    // 8 is the top of the range: "25.00000000"
    let e = earn(&body("8"), &one_line(r#""12.5""#, r#""2""#), None);
    assert_eq!(text(&line(&e, "l1").net), "25.00000000");
}

#[test]
fn other_integer_fields_and_their_ranges() {
    let pd = |v: &str| usd(&format!(r#""points":{{"decimals":{v}}}"#));
    for bad in [r#""0""#, "9", "-1", "0.5"] {
        assert_eq!(program_err(&pd(bad)), cp("invalid_program", "points.decimals"), "points.decimals {bad}");
    }
    program(&pd("0.0"));
    program(&pd("8"));

    let pending = |v: &str| usd(&format!(r#""pendingDays":{v}"#));
    for bad in [r#""1""#, "36501", "-1", "1.5"] {
        assert_eq!(program_err(&pending(bad)), cp("invalid_program", "pendingDays"), "pendingDays {bad}");
    }
    program(&pending("36500"));
    program(&pending("0"));

    let months = |v: &str| usd(&format!(r#""expiry":{{"type":"rolling","months":{v}}}"#));
    for bad in ["0", "1201", r#""12""#] {
        assert_eq!(program_err(&months(bad)), cp("invalid_program", "expiry.months"), "months {bad}");
    }
    program(&months("1200"));
    program(&months("12.0"));
    let years = |v: &str| usd(&format!(r#""expiry":{{"type":"end_of_year","years":{v}}}"#));
    assert_eq!(program_err(&years("101")), cp("invalid_program", "expiry.years"));
    assert_eq!(program_err(&years("0")), cp("invalid_program", "expiry.years"));
    program(&years("100"));

    let dow =
        |v: &str| usd_earning(&format!(r#"[{{"id":"b","type":"bonus","points":"1","when":{{"daysOfWeek":{v}}}}}]"#));
    assert_eq!(program_err(&dow("[8]")), cp("invalid_program", "earning[0].when.daysOfWeek[0]"));
    assert_eq!(program_err(&dow("[1,0]")), cp("invalid_program", "earning[0].when.daysOfWeek[1]"));
    assert_eq!(program_err(&dow(r#"["1"]"#)), cp("invalid_program", "earning[0].when.daysOfWeek[0]"));
    program(&dow("[1,7]"));

    let count = |v: &str| {
        usd_earning(&format!(
            r#"[{{"id":"r","type":"action","action":"review","points":"5","limit":{{"count":{v},"period":"day"}}}}]"#
        ))
    };
    assert_eq!(program_err(&count("1000001")), cp("invalid_program", "earning[0].limit.count"));
    assert_eq!(program_err(&count("-1")), cp("invalid_program", "earning[0].limit.count"));
    program(&count("1000000"));
    program(&count("0"));

    // orderCount ≥ 0, an integral JSON number
    let p = usd_earning(ONE_PER_DOLLAR);
    assert_eq!(member_err(&p, r#"{"id":"m","orderCount":-1}"#), cp("invalid_member", "member.orderCount"));
    assert_eq!(member_err(&p, r#"{"id":"m","orderCount":"1"}"#), cp("invalid_member", "member.orderCount"));
    assert_eq!(member_err(&p, r#"{"id":"m","orderCount":1.5}"#), cp("invalid_member", "member.orderCount"));
    assert!(Member::from_json(&program(&p), r#"{"id":"m","orderCount":1.0}"#).is_ok());
}

// ---------------------------------------------------------------- JSON depth

#[test]
fn json_depth_32_is_allowed_and_33_is_limit_exceeded() {
    // cart: root (1) + 31 nested arrays in an ignored field = 32
    let p = usd_earning(ONE_PER_DOLLAR);
    let cart_at = |extra: usize| format!(r#"{{"currency":"USD","lines":[],"x":{}}}"#, nested_arrays(extra));
    let e = earn(&p, &cart_at(31), None);
    assert_eq!(text(&e.points), "0");
    let (code, _) = cart_err(&p, &cart_at(32));
    assert_eq!(code, "limit_exceeded");

    // member: root (1) + 31 = 32
    let member_at = |extra: usize| format!(r#"{{"id":"m","x":{}}}"#, nested_arrays(extra));
    assert!(Member::from_json(&program(&p), &member_at(31)).is_ok());
    let (code, _) = member_err(&p, &member_at(32));
    assert_eq!(code, "limit_exceeded");

    // program: root (1) > tiers (2) > levels (3) > level (4) > benefits (5) > 27 arrays = 32
    let program_at = |extra: usize| {
        usd(&format!(
            r#""tiers":{{"metric":"points","window":{{"type":"lifetime"}},
                "levels":[{{"id":"base","threshold":"0","benefits":{{"x":{}}}}}]}}"#,
            nested_arrays(extra)
        ))
    };
    program(&program_at(27));
    let (code, _) = program_err(&program_at(28));
    assert_eq!(code, "limit_exceeded");
}

// ---------------------------------------------------------------- duplicate keys, null

#[test]
fn duplicate_keys_last_one_wins() {
    let p = r#"{"version":2,"version":1,"currency":"EUR","currency":"USD",
        "earning":[{"id":"base","type":"spend","points":"1","points":"2"}]}"#;
    let c =
        r#"{"currency":"USD","lines":[{"id":"l1","sku":"A","unitPrice":"1.00","quantity":"1","unitPrice":"5.00"}]}"#;
    let e = earn(p, c, None);
    // unitPrice 5.00 wins: net = 5.00
    assert_eq!(text(&line(&e, "l1").net), "5.00");
    // points "2" wins: 2 × 5.00 = 10
    assert_eq!(text(&e.points), "10");
}

#[test]
fn null_is_the_same_as_absent() {
    let p = r#"{"version":1,"currency":"USD","id":null,"name":null,"currencyDecimals":null,"utcOffset":null,
        "points":{"name":null,"decimals":null,"rounding":null,"roundingScope":null},
        "moneyRounding":null,"exclude":null,"maxPointsPerOrder":null,"tiers":null,"rewards":null,
        "expiry":null,"pendingDays":null,"accounting":null,
        "earning":[{"id":"base","type":"spend","points":"1","per":null,"base":null,"includeShipping":null,
                    "maxPoints":null,"name":null,"when":null,"lines":null}]}"#;
    let c = r#"{"currency":"USD","pricesIncludeTax":null,"channel":null,"paymentMethod":null,
        "shipping":null,"orderDiscount":null,
        "lines":[{"id":null,"sku":"A","unitPrice":"12.34","quantity":"1","discount":null,"tax":null,
                  "categories":null,"tags":null}]}"#;
    let m = r#"{"id":"m","balance":null,"qualifyingValue":null,"tier":null,"flags":null,"orderCount":null}"#;
    let e = earn(p, c, Some(m));
    // line id defaults to its index "0"; net = 12.34 (discount 0, tax 0, no orderDiscount)
    assert_eq!(text(&line(&e, "0").net), "12.34");
    // floor(12.34) = 12, defaults: 0 decimals, floor, no cap
    assert_eq!(text(&e.points), "12");
    assert!(!e.capped);
    assert!(!e.pending);
    assert_eq!(text(&e.cashback), "0.00");
    assert_eq!(text(&e.tier_multiplier), "1");
    assert!(e.accounting.is_none());
}

// ---------------------------------------------------------------- computed overflow

#[test]
fn computed_values_above_ten_to_the_sixteen_are_limit_exceeded_at_cart() {
    let p = usd_earning(ONE_PER_DOLLAR);
    // 999999999999 × 1000000 = 9.99999999999 × 10^17 > 10^16 (each input is within its limit)
    let c = one_line(r#""999999999999""#, r#""1000000""#);
    assert_eq!(earn_err(&p, &c, None), cp("limit_exceeded", "cart"));

    // the same through the loose-value entry point: the first argument is the cart
    let err = loose_err(&program(&p), Operation::PreviewEarn, &[("cart", Some(&c)), ("now", Some(&quoted(NOW)))]);
    assert_eq!(code_path(&err), cp("limit_exceeded", "cart"));

    // points 10^12 per 1.00 on 100000.00: 10^12 × 10^5 = 10^17 > 10^16
    let big = usd_earning(r#"[{"id":"base","type":"spend","points":"1000000000000"}]"#);
    assert_eq!(earn_err(&big, &one_line(r#""100000""#, r#""1""#), None), cp("limit_exceeded", "cart"));
}

#[test]
fn computed_value_of_exactly_ten_to_the_sixteen_is_allowed() {
    // 10^12 points per 1.00 on 10000.00: 10^12 × 10^4 = 10^16, not above the limit
    let big = usd_earning(r#"[{"id":"base","type":"spend","points":"1000000000000"}]"#);
    let e = earn(&big, &one_line(r#""10000""#, r#""1""#), None);
    assert_eq!(text(&e.points), "10000000000000000");
    assert_eq!(rules(&e), pairs(&[("base", "10000000000000000")]));
}

// ---------------------------------------------------------------- now, JSON text

#[test]
fn now_argument_errors_on_the_loose_entry_point() {
    let p = program(&usd_earning(ONE_PER_DOLLAR));
    let c = one_line(r#""1.00""#, r#""1""#);
    for bad in [
        r#""2026-11-24T10:00:00""#,  // no offset
        r#""2026-11-24""#,           // no time
        r#""2026-11-24T10:00:60Z""#, // second 60
        r#""2026-13-01T00:00:00Z""#, // month 13
        "1764000000000",             // not a string
    ] {
        let err = loose_err(&p, Operation::PreviewEarn, &[("cart", Some(&c)), ("now", Some(bad))]);
        assert_eq!(code_path(&err), cp("invalid_argument", "now"), "now = {bad}");
    }
    // an offset is honoured: 19:00+09:00 is 10:00Z
    let e = loose(&p, Operation::PreviewEarn, &[("cart", Some(&c)), ("now", Some(r#""2026-11-24T19:00:00+09:00""#))]);
    assert_eq!(e["points"], "1");
}

#[test]
fn malformed_json_text_is_invalid_json() {
    assert_eq!(program_err(r#"{"version":1,"currency":"USD","#).0, "invalid_json");
    assert_eq!(program_err("").0, "invalid_json");
    let p = usd_earning(ONE_PER_DOLLAR);
    assert_eq!(cart_err(&p, r#"{"currency":"USD","lines":[}"#).0, "invalid_json");
    assert_eq!(member_err(&p, "{'id':'m'}").0, "invalid_json");
}
