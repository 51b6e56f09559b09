//! No personal data (issue 12; README "No personal data"): the fields a
//! storefront's objects carry beyond the spec's (name, email, address…) are
//! ignored — the answers are the same with or without them and never contain
//! them —, `member.id` appears in no answer, and the crate keeps no state
//! between calls and does no I/O (no clock, file, network, global or
//! interior-mutable static in `src/`).

#[path = "common/invariants.rs"]
mod invariants;

use loyalty_engine::{Operation, Program};
use serde_json::{json, Value};

const PROGRAM: &str = r#"{"version":1,"currency":"USD",
  "earning":[{"id":"base","type":"spend","points":"1"},{"id":"review","type":"action","action":"review","points":"50"}],
  "tiers":{"metric":"points","window":{"type":"lifetime"},"levels":[{"id":"bronze","threshold":"0"},{"id":"gold","threshold":"100"}]},
  "rewards":[{"id":"r5","type":"amount_off","cost":"50","amount":"5.00"}]}"#;

/// Personal fields a storefront object might carry, with markers to look for.
fn personal() -> Value {
    json!({ "name": "Jane PRIVATE-NAME", "email": "private-email@example.com",
            "address": { "street": "1 PRIVATE-STREET" }, "phone": "+1 555 PRIVATE" })
}

fn with_personal(v: &Value) -> Value {
    let mut v = v.clone();
    for (k, x) in personal().as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

#[test]
fn personal_fields_are_ignored_and_member_ids_never_echoed() {
    let program = Program::from_json(PROGRAM).unwrap();
    let cart = json!({ "currency": "USD", "lines": [{ "id": "l1", "sku": "A", "unitPrice": "60.00", "quantity": 1 }] });
    let ledger = json!({ "id": "PRIVATE-MEMBER-ID", "events": [
        { "type": "purchase", "at": "2026-10-01T10:00:00Z", "points": "120", "spend": "120.00", "orderId": "o-1" }] });
    let snapshot = json!({ "id": "PRIVATE-MEMBER-ID", "balance": "120" });
    let products = json!([{ "sku": "A", "price": "60.00" }]);
    let calls = [
        (Operation::PreviewEarn, json!({ "cart": cart, "member": snapshot })),
        (Operation::TierProgress, json!({ "cart": cart, "member": ledger })),
        (Operation::Statement, json!({ "member": ledger })),
        (Operation::RedemptionOptions, json!({ "cart": cart, "member": snapshot })),
        (Operation::ApplyRedemptions, json!({ "cart": cart, "member": snapshot, "selections": [{ "reward": "r5" }] })),
        (Operation::PreviewAction, json!({ "member": ledger, "action": "review" })),
        (Operation::ProductBadges, json!({ "member": snapshot, "products": products })),
        (Operation::Checkout, json!({ "cart": cart, "member": ledger })),
        (Operation::PreviewReturn, json!({ "member": ledger, "refund": { "orderId": "o-1", "amount": "20.00" } })),
    ];
    for (op, args) in calls {
        let mut args = args;
        args["now"] = json!("2026-11-24T10:00:00Z");
        let plain = invariants::answer(&program, op, &args).unwrap();
        // The same call with personal fields on the cart, its lines, the member, its events, the products.
        let mut dressed = args.clone();
        for key in ["cart", "member", "refund"] {
            if let Some(v) = args.get(key) {
                dressed[key] = with_personal(v);
            }
        }
        if let Some(lines) = dressed.pointer_mut("/cart/lines").and_then(Value::as_array_mut) {
            lines.iter_mut().for_each(|l| *l = with_personal(l));
        }
        if let Some(events) = dressed.pointer_mut("/member/events").and_then(Value::as_array_mut) {
            events.iter_mut().for_each(|e| *e = with_personal(e));
        }
        if let Some(products) = dressed.get_mut("products").and_then(Value::as_array_mut) {
            products.iter_mut().for_each(|p| *p = with_personal(p));
        }
        let answer = invariants::answer(&program, op, &dressed).unwrap();
        assert_eq!(answer, plain, "{}: personal fields changed the answer", op.name());
        let text = answer.to_string();
        assert!(!text.contains("PRIVATE"), "{}: an answer holds personal data or the member id: {text}", op.name());
    }
}

#[test]
fn the_crate_keeps_no_state_and_does_no_io() {
    let forbidden = [
        "std::fs",
        "std::net",
        "std::env",
        "std::process",
        "SystemTime",
        "Instant::now",
        "Mutex",
        "RwLock",
        "OnceLock",
        "OnceCell",
        "RefCell",
        "Cell<",
        "Atomic",
        "thread_local!",
        "static mut",
        "lazy_static",
    ];
    let mut found = Vec::new();
    let mut files = 0;
    let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // src/bin/ is the conformance runner (reads case files), not the engine.
                if !path.ends_with("bin") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or("");
                    for f in forbidden.iter().filter(|f| code.contains(*f)) {
                        found.push(format!("{}:{}: {f}", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(files >= 20, "only {files} source files found");
    assert!(found.is_empty(), "state or I/O in the engine:\n{}", found.join("\n"));
}
