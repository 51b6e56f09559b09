//! Keeps the hand-written TypeScript declarations (`src/binding/types.d.ts`,
//! spliced into the package's `.d.ts`) in step with what the engine really
//! returns: every output interface must name exactly the keys of the JSON
//! the Rust types serialize to.
#![cfg(not(target_arch = "wasm32"))] // native: the wasm runs are tests/wasm.rs and the conformance runner

mod common;
use common::{loose, quoted, NOW};

use loyalty_engine::{Operation, Program};
use std::collections::BTreeSet;

const TYPES: &str = include_str!("../src/binding/types.d.ts");

/// Top-level keys of `export interface NAME { ... }`.
fn interface_keys(name: &str) -> BTreeSet<String> {
    let start =
        TYPES.find(&format!("export interface {name} ")).unwrap_or_else(|| panic!("interface {name} is declared"));
    let body = &TYPES[start..];
    let open = body.find('{').unwrap();
    let mut depth = 0;
    let mut keys = BTreeSet::new();
    let mut line_start = true;
    let mut ident = String::new();
    for c in body[open..].chars() {
        match c {
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        if depth == 1 && line_start && (c.is_alphanumeric() || c == '_') {
            ident.push(c);
            continue;
        }
        if depth == 1 && !ident.is_empty() && (c == ':' || c == '?') {
            keys.insert(std::mem::take(&mut ident));
        }
        ident.clear();
        line_start = c == '\n' || (line_start && c.is_whitespace()) || c == ';' || c == '{';
    }
    keys
}

fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

const PROGRAM: &str = r#"{
  "version": 1, "currency": "USD",
  "earning": [
    { "id": "base", "type": "spend", "points": "1" },
    { "id": "review", "type": "action", "action": "review", "points": "50" } ],
  "tiers": { "metric": "points", "window": { "type": "calendar_year" }, "levels": [
    { "id": "bronze", "threshold": "0", "perks": { "percentOff": "5" } },
    { "id": "gold", "threshold": "1000", "earnMultiplier": "1.5" } ] },
  "rewards": [ { "id": "r5", "type": "amount_off", "cost": "500", "amount": "5.00" } ],
  "accounting": { "pointValue": "0.01", "redemptionRate": "0.8" }
}"#;
const CART: &str = r#"{ "currency": "USD", "lines": [ { "sku": "A", "unitPrice": "10.00", "quantity": "1" } ] }"#;
const MEMBER: &str = r#"{ "events": [ { "type": "purchase", "at": "2026-01-01T00:00:00Z", "points": "600", "spend": "600.00", "orderId": "o" } ] }"#;

#[test]
fn output_interfaces_match_the_serialized_results() {
    let program = Program::from_json(PROGRAM).unwrap();
    let now = quoted(NOW);
    let (cart, member, now) = (("cart", Some(CART)), ("member", Some(MEMBER)), ("now", Some(now.as_str())));

    let earn = loose(&program, Operation::PreviewEarn, &[cart, member, now]);
    assert_eq!(keys(&earn), interface_keys("EarnPreview"));
    assert_eq!(keys(&earn["lines"][0]), interface_keys("EarnLine"));

    let progress = loose(&program, Operation::TierProgress, &[member, cart, now]);
    assert_eq!(keys(&progress), interface_keys("TierProgress"));

    let statement = loose(&program, Operation::Statement, &[member, now]);
    assert_eq!(keys(&statement), interface_keys("Statement"));
    assert_eq!(keys(&statement["lots"][0]), interface_keys("Lot"));

    let options = loose(&program, Operation::RedemptionOptions, &[member, cart, now]);
    assert_eq!(keys(&options), interface_keys("RedemptionOptions"));

    let selections = ("selections", Some(r#"[{ "reward": "r5" }]"#));
    let applied = loose(&program, Operation::ApplyRedemptions, &[member, cart, selections, now]);
    assert_eq!(keys(&applied), interface_keys("RedemptionResult"));

    let action = loose(&program, Operation::PreviewAction, &[member, ("action", Some(r#""review""#)), now]);
    assert_eq!(keys(&action), interface_keys("ActionPreview"));

    let products = ("products", Some(r#"[{ "sku": "A", "price": "1" }]"#));
    let badges = loose(&program, Operation::ProductBadges, &[products, member, now]);
    assert_eq!(keys(&badges), interface_keys("ProductBadges"));

    let checkout = loose(&program, Operation::Checkout, &[member, cart, selections, now]);
    assert_eq!(keys(&checkout), interface_keys("CheckoutSummary"));
    assert_eq!(keys(&checkout["earn"]["perks"]), interface_keys("PerksApplied"));

    let refund = ("refund", Some(r#"{ "orderId": "o", "amount": "1.00" }"#));
    let preview = loose(&program, Operation::PreviewReturn, &[member, refund, now]);
    assert_eq!(keys(&preview), interface_keys("ReturnPreview"));
    assert_eq!(keys(&preview["event"]), interface_keys("ReturnEvent"));
}

#[test]
fn every_error_code_is_in_the_code_union() {
    use loyalty_engine::ErrorCode::*;
    for code in [
        InvalidJson,
        InvalidProgram,
        InvalidCart,
        InvalidMember,
        InvalidArgument,
        UnknownReward,
        InsufficientPoints,
        LimitExceeded,
        UnsupportedVersion,
    ] {
        assert!(TYPES.contains(&format!("\"{}\"", code.as_str())), "{} missing from LoyaltyErrorCode", code.as_str());
    }
}

#[test]
fn the_program_class_declares_every_operation() {
    for method in [
        "static fromJSON(",
        "previewEarn(",
        "tierProgress(",
        "statement(",
        "redemptionOptions(",
        "applyRedemptions(",
        "checkout(",
        "previewReturn(",
        "previewAction(",
        "productBadges(",
    ] {
        assert!(TYPES.contains(method), "{method} is declared");
    }
    // A mistake in the parser above would make every comparison vacuous.
    assert!(interface_keys("EarnPreview").contains("purchasePoints"));
    assert_eq!(interface_keys("ActionPreview").len(), 4);
}
