//! The JS binding in a real wasm runtime: run by `wasm-pack test --node` and,
//! with `WASM_BINDGEN_USE_BROWSER=1`, by `wasm-pack test --headless --chrome`
//! (see scripts/test). Inputs are real JS values (from `JSON.parse` or built
//! with js-sys), errors real JS `Error`s. Expected numbers are derived by hand
//! from the spec in the comments.
#![cfg(all(target_arch = "wasm32", feature = "js"))]

use js_sys::{Array, Object, Reflect, JSON};
use loyalty_engine::binding::JsProgram;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

const PROGRAM: &str = r#"{
  "version": 1, "currency": "USD",
  "earning": [
    { "id": "base", "type": "spend", "points": "1" },
    { "id": "double-apparel", "type": "multiplier", "factor": "2", "lines": { "categories": ["apparel"] } },
    { "id": "review", "type": "action", "action": "review", "points": "50", "limit": { "count": 1, "period": "day" } }
  ],
  "tiers": { "metric": "points", "window": { "type": "calendar_year" }, "levels": [
    { "id": "bronze", "threshold": "0" },
    { "id": "gold", "name": "Gold", "threshold": "1000", "earnMultiplier": "1.5" } ] },
  "rewards": [ { "id": "r5", "name": "$5 off", "type": "amount_off", "cost": "500", "amount": "5.00" } ]
}"#;

const CART: &str = r#"{ "currency": "USD", "lines": [
  { "id": "l1", "sku": "TEE-1", "categories": ["apparel"], "unitPrice": "19.99", "quantity": "2" },
  { "id": "l2", "sku": "MUG-1", "unitPrice": "12.50", "quantity": "1" } ] }"#;

fn js(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON is valid")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).expect("object")
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_else(|| panic!("{key} is not a string"))
}

fn now() -> Option<JsValue> {
    Some(js(r#"{ "now": "2026-11-24T10:00:00Z" }"#))
}

fn program() -> JsProgram {
    JsProgram::from_json(JsValue::from_str(PROGRAM)).expect("valid program")
}

/// The thrown value must be a real `Error` with `code` and `path`.
fn error_of(result: Result<JsValue, JsValue>) -> (String, String) {
    let err = result.expect_err("an error");
    assert!(err.is_instance_of::<js_sys::Error>(), "thrown value is an Error");
    let message = text(&err, "message");
    assert!(!message.is_empty());
    (text(&err, "code"), text(&err, "path"))
}

#[wasm_bindgen_test]
fn preview_earn_from_json_text_and_objects() {
    let p = program();
    let earn = p.preview_earn(js(CART), None, now()).unwrap();
    // guest, T = 1: l1 39.98 × 2 = 79.96; l2 12.50; total 92.46 → floor 92
    assert_eq!(text(&earn, "points"), "92");
    assert_eq!(text(&earn, "eligibleSubtotal"), "52.48");
    let lines: Array = get(&earn, "lines").dyn_into().unwrap();
    assert_eq!(lines.length(), 2);
    assert_eq!(text(&lines.get(0), "points"), "79.96");
    // accounting is absent from the program: null, not undefined (one serializer, missing as null)
    assert!(get(&earn, "accounting").is_null());

    // The same program given as an object compiles to the same answers.
    let p2 = JsProgram::from_json(js(PROGRAM)).unwrap();
    let earn2 = p2.preview_earn(js(CART), Some(JsValue::NULL), now()).unwrap();
    assert_eq!(JSON::stringify(&earn).unwrap(), JSON::stringify(&earn2).unwrap());
}

#[wasm_bindgen_test]
fn tier_multiplier_from_a_snapshot_member_and_a_js_date() {
    let p = program();
    let member = js(r#"{ "id": "m", "balance": "0", "qualifyingValue": "1200" }"#);
    let options = Object::new();
    let date = js_sys::Date::new(&JsValue::from_str("2026-11-24T10:00:00Z"));
    Reflect::set(&options, &"now".into(), &date).unwrap();
    let earn = p.preview_earn(js(CART), Some(member), Some(options.into())).unwrap();
    // gold T = 1.5: (79.96 + 12.50) × 1.5 = 138.69 → 138
    assert_eq!(text(&earn, "points"), "138");
    assert_eq!(text(&earn, "tierMultiplier"), "1.5");
}

#[wasm_bindgen_test]
fn numbers_are_read_through_their_text() {
    let p = program();
    let cart = js(r#"{ "currency": "USD", "lines": [ { "sku": "A", "unitPrice": 19.99, "quantity": 3 } ] }"#);
    let earn = p.preview_earn(cart, None, now()).unwrap();
    // 19.99 × 3 = 59.97 exactly (no binary float on the way)
    assert_eq!(text(&earn, "eligibleSubtotal"), "59.97");
    assert_eq!(text(&earn, "points"), "59");
}

#[wasm_bindgen_test]
fn every_operation_answers() {
    let p = program();
    let member = js(r#"{ "id": "m", "events": [
        { "type": "purchase", "at": "2026-03-01T10:00:00Z", "points": "700", "spend": "700.00", "orderId": "o1" },
        { "type": "action", "action": "review", "at": "2026-11-24T08:00:00Z", "points": "50" } ] }"#);
    let progress = p.tier_progress(Some(member.clone()), now()).unwrap();
    // points metric: 700 purchase points this year → bronze, 300 to gold; progress 0.7000
    assert_eq!(text(&progress, "remaining"), "300");
    assert_eq!(text(&progress, "progress"), "0.7000");
    let statement = p.statement(member.clone(), now()).unwrap();
    assert_eq!(text(&statement, "balance"), "750");
    let options = p.redemption_options(member.clone(), js(CART), now()).unwrap();
    // r5 on 52.48: value 5.00, total 52.48 − 5.00 = 47.48
    assert_eq!(text(&options, "best"), "r5");
    let applied = p.apply_redemptions(member.clone(), js(CART), js(r#"[{ "reward": "r5" }]"#), now()).unwrap();
    assert_eq!(text(&applied, "balanceAfter"), "250");
    assert_eq!(text(&applied, "totalAfter"), "47.48");
    let action = p.preview_action(member.clone(), JsValue::from_str("review"), now()).unwrap();
    // one review today already, limit 1 per day
    assert_eq!(get(&action, "eligible").as_bool(), Some(false));
    assert_eq!(text(&action, "reason"), "limit_reached");
    let badges = p
        .product_badges(js(r#"[{ "sku": "TEE-1", "categories": ["apparel"], "price": "20.00" }]"#), Some(member), now())
        .unwrap();
    let list: Array = get(&badges, "badges").dyn_into().unwrap();
    // 20.00 × 2 (apparel) × T 1 = 40
    assert_eq!(text(&list.get(0), "points"), "40");
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_code_and_path() {
    assert_eq!(
        error_of(JsProgram::from_json(JsValue::from_str(r#"{"version":2,"currency":"USD"}"#)).map(JsValue::from)),
        ("unsupported_version".into(), "version".into())
    );
    let (code, _) = error_of(JsProgram::from_json(JsValue::from_str("{not json")).map(JsValue::from));
    assert_eq!(code, "invalid_json");
    let (code, path) = error_of(
        JsProgram::from_json(js(
            r#"{"version":1,"currency":"USD","earning":[{"id":"a","type":"spend","points":"1","per":"0"}]}"#,
        ))
        .map(JsValue::from),
    );
    assert_eq!((code.as_str(), path.as_str()), ("invalid_program", "earning[0].per"));
    let p = program();
    let bad_cart = js(r#"{ "currency": "EUR", "lines": [] }"#);
    assert_eq!(error_of(p.preview_earn(bad_cart, None, now())), ("invalid_cart".into(), "cart.currency".into()));
}

#[wasm_bindgen_test]
fn no_input_traps_the_instance() {
    let p = program();
    let line = |price: JsValue, quantity: JsValue| {
        let line = Object::new();
        Reflect::set(&line, &"sku".into(), &"A".into()).unwrap();
        Reflect::set(&line, &"unitPrice".into(), &price).unwrap();
        Reflect::set(&line, &"quantity".into(), &quantity).unwrap();
        let cart = Object::new();
        Reflect::set(&cart, &"currency".into(), &"USD".into()).unwrap();
        Reflect::set(&cart, &"lines".into(), &Array::of1(&line)).unwrap();
        JsValue::from(cart)
    };
    let cases: Vec<(JsValue, &str, &str)> = vec![
        (line(JsValue::from_f64(f64::NAN), "1".into()), "invalid_cart", "cart.lines[0].unitPrice"),
        (line(JsValue::from_f64(1e300), "1".into()), "limit_exceeded", "cart.lines[0].unitPrice"),
        (line("1.00".into(), "-1".into()), "invalid_cart", "cart.lines[0].quantity"),
        (line(JsValue::TRUE, "1".into()), "invalid_cart", "cart.lines[0].unitPrice"),
        (line("999999999999".into(), "1000000".into()), "limit_exceeded", "cart"),
        (JsValue::from_str("not a cart"), "invalid_cart", "cart"),
    ];
    for (cart, code, path) in cases {
        assert_eq!(error_of(p.preview_earn(cart, None, now())), (code.into(), path.into()));
    }
    // 1,001 lines
    let lines = Array::new();
    for _ in 0..1001 {
        lines.push(&js(r#"{ "sku": "A", "unitPrice": "1", "quantity": "1" }"#));
    }
    let cart = Object::new();
    Reflect::set(&cart, &"currency".into(), &"USD".into()).unwrap();
    Reflect::set(&cart, &"lines".into(), &lines).unwrap();
    assert_eq!(error_of(p.preview_earn(cart.into(), None, now())), ("limit_exceeded".into(), "cart.lines".into()));
    // 1,000-deep nesting and a cycle: limit_exceeded, not a stack overflow
    let mut deep = JsValue::from(Object::new());
    for _ in 0..1000 {
        let outer = Object::new();
        Reflect::set(&outer, &"x".into(), &deep).unwrap();
        deep = outer.into();
    }
    assert_eq!(error_of(p.preview_earn(deep, None, now())).0, "limit_exceeded");
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    assert_eq!(error_of(p.preview_earn(cyclic.into(), None, now())).0, "limit_exceeded");
    // The same instance still works.
    let earn = p.preview_earn(js(CART), None, now()).unwrap();
    assert_eq!(text(&earn, "points"), "92");
}
