//! The opt-in strict mode (`"strict": true`, issue 11): unknown fields of
//! the cart, member, events, products, selections, refund and of the
//! arguments themselves become `invalid_*` errors at their path, naming the
//! field they probably misspell. Without it they are ignored, as §8 says
//! ("unknown fields of cart, member, products and arguments are ignored"),
//! and the answer is the same as without the field.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;

use loyalty_engine::{Error, Operation, Program};

/// One point per 1.00 of eligible net (floor); a $5 reward.
fn prog() -> Program {
    program(&usd(r#""earning":[{"id":"base","type":"spend","points":"1"}],
        "rewards":[{"id":"r5","name":"$5 off","type":"amount_off","cost":"500","amount":"5.00"}]"#))
}

const CART_TYPO: &str = r#"{"currency":"USD","shiping":"5.00","lines":[{"sku":"A","unitPrice":"12.50","quantity":2}]}"#;

fn err(e: Error) -> (String, String, String) {
    (e.code.as_str().to_owned(), e.path.clone(), e.message.clone())
}

#[test]
fn unknown_cart_field_is_ignored_by_default_and_an_error_when_strict() {
    let p = prog();
    // Default: `shiping` is ignored. 2 × 12.50 = 25.00 → 25 points.
    let r = loose(&p, Operation::PreviewEarn, &[("cart", Some(CART_TYPO)), ("now", Some(r#""2026-11-24T10:00:00Z""#))]);
    assert_eq!(r["points"], "25");
    let (code, path, message) = err(loose_err(
        &p,
        Operation::PreviewEarn,
        &[("cart", Some(CART_TYPO)), ("now", Some(r#""2026-11-24T10:00:00Z""#)), ("strict", Some("true"))],
    ));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_cart", "cart.shiping"));
    assert_eq!(message, r#"unknown field "shiping" (did you mean "shipping"?)"#);
}

#[test]
fn strict_false_is_the_default() {
    let p = prog();
    let r = loose(
        &p,
        Operation::PreviewEarn,
        &[("cart", Some(CART_TYPO)), ("now", Some(r#""2026-11-24T10:00:00Z""#)), ("strict", Some("false"))],
    );
    assert_eq!(r["points"], "25");
}

#[test]
fn a_line_field_is_checked_before_the_required_one_it_misspells() {
    let p = prog();
    let cart = r#"{"currency":"USD","lines":[{"sku":"A","unitprice":"12.50","quantity":2}]}"#;
    let args = [("cart", Some(cart)), ("now", Some(r#""2026-11-24T10:00:00Z""#)), ("strict", Some("true"))];
    let (code, path, message) = err(loose_err(&p, Operation::PreviewEarn, &args));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_cart", "cart.lines[0].unitprice"));
    assert_eq!(message, r#"unknown field "unitprice" (did you mean "unitPrice"?)"#);
    // Without strict the line lacks its required unitPrice.
    let (code, path, _) = err(loose_err(&p, Operation::PreviewEarn, &args[..2]));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_cart", "cart.lines[0].unitPrice"));
}

#[test]
fn member_and_event_fields() {
    let p = prog();
    let now = Some(r#""2026-11-24T10:00:00Z""#);
    let strict = ("strict", Some("true"));
    // A misspelt balance would silently be 0 without strict mode.
    let snapshot = r#"{"id":"m","balanse":"600"}"#;
    let cart = r#"{"currency":"USD","lines":[{"sku":"A","unitPrice":"12.50","quantity":2}]}"#;
    let r = loose(&p, Operation::RedemptionOptions, &[("member", Some(snapshot)), ("cart", Some(cart)), ("now", now)]);
    assert_eq!(r["balance"], "0");
    let (code, path, message) = err(loose_err(
        &p,
        Operation::RedemptionOptions,
        &[("member", Some(snapshot)), ("cart", Some(cart)), ("now", now), strict],
    ));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_member", "member.balanse"));
    assert_eq!(message, r#"unknown field "balanse" (did you mean "balance"?)"#);

    let ledger =
        r#"{"id":"m","events":[{"type":"purchase","at":"2026-01-01T00:00:00Z","points":"10","orderID":"o-1"}]}"#;
    let (code, path, message) =
        err(loose_err(&p, Operation::Statement, &[("member", Some(ledger)), ("now", now), strict]));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_member", "member.events[0].orderID"));
    assert_eq!(message, r#"unknown field "orderID" (did you mean "orderId"?)"#);
    // Every field of §5 and §9.2 is known.
    let full = r#"{"id":"m","flags":["vip"],"tier":null,"tierUntil":null,"events":[
        {"type":"purchase","at":"2026-01-01T00:00:00Z","points":"10","spend":"10.00","orderId":"o-1"},
        {"type":"action","action":"review","at":"2026-01-02T00:00:00Z","points":"5"},
        {"type":"redeem","at":"2026-01-03T00:00:00Z","points":"3","rewardId":"r5"},
        {"type":"return","at":"2026-01-04T00:00:00Z","points":"2","spend":"2.00","orderId":"o-1","fullReturn":false},
        {"type":"adjust","at":"2026-01-05T00:00:00Z","points":"-1"}]}"#;
    // 10 + 5 − 3 − 2 − 1 = 9.
    let r = loose(&p, Operation::Statement, &[("member", Some(full)), ("now", now), strict]);
    assert_eq!(r["balance"], "9");
}

#[test]
fn products_selections_refund_and_arguments() {
    let p = prog();
    let now = Some(r#""2026-11-24T10:00:00Z""#);
    let strict = ("strict", Some("true"));
    let products = r#"[{"sku":"A","prise":"10.00","price":"10.00"}]"#;
    let (code, path, message) =
        err(loose_err(&p, Operation::ProductBadges, &[("products", Some(products)), ("now", now), strict]));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_argument", "products[0].prise"));
    assert_eq!(message, r#"unknown field "prise" (did you mean "price"?)"#);

    let member = r#"{"id":"m","balance":"600"}"#;
    let cart = r#"{"currency":"USD","lines":[{"sku":"A","unitPrice":"12.50","quantity":2}]}"#;
    let selections = r#"[{"reward":"r5","point":500}]"#;
    let args = [("member", Some(member)), ("cart", Some(cart)), ("selections", Some(selections)), ("now", now), strict];
    let (code, path, message) = err(loose_err(&p, Operation::ApplyRedemptions, &args));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_argument", "selections[0].point"));
    assert_eq!(message, r#"unknown field "point" (did you mean "points"?)"#);

    let ledger = r#"{"id":"m","events":[{"type":"purchase","at":"2026-01-01T00:00:00Z","points":"10","spend":"10.00","orderId":"o-1"}]}"#;
    let refund = r#"{"orderId":"o-1","ammount":"5.00"}"#;
    let (code, path, message) = err(loose_err(
        &p,
        Operation::PreviewReturn,
        &[("member", Some(ledger)), ("refund", Some(refund)), ("now", now), strict],
    ));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_argument", "refund.ammount"));
    assert_eq!(message, r#"unknown field "ammount" (did you mean "amount"?)"#);

    // Without strict, `Now` is ignored and the call fails for want of `now`
    // (in JS it would silently take the clock); strict names the misspelling.
    let (code, path, message) =
        err(loose_err(&p, Operation::PreviewEarn, &[("cart", Some(cart)), ("Now", now), strict]));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_argument", "Now"));
    assert_eq!(message, r#"unknown field "Now" (did you mean "now"?)"#);
}

#[test]
fn a_field_near_no_known_one_lists_them_and_strict_must_be_a_boolean() {
    let p = prog();
    let now = Some(r#""2026-11-24T10:00:00Z""#);
    let cart = r#"{"currency":"USD","lines":[],"giftWrap":true}"#;
    let (code, path, message) =
        err(loose_err(&p, Operation::PreviewEarn, &[("cart", Some(cart)), ("now", now), ("strict", Some("true"))]));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_cart", "cart.giftWrap"));
    assert_eq!(
        message,
        r#"unknown field "giftWrap"; known fields: currency, pricesIncludeTax, channel, paymentMethod, shipping, orderDiscount, lines"#
    );
    // `strict` is read first: a bad one is reported before the cart's errors.
    let (code, path, _) =
        err(loose_err(&p, Operation::PreviewEarn, &[("cart", Some(cart)), ("now", now), ("strict", Some(r#""yes""#))]));
    assert_eq!((code.as_str(), path.as_str()), ("invalid_argument", "strict"));
}
