//! Native half of `scripts/conformance`: runs conformance case files (§7)
//! through the Rust crate and prints one JSON line per file:
//! `{"file","op","result"}` or `{"file","op","error":{code,path,message}}`.
//! The comparison with `expect` is done by `scripts/conformance.mjs`, once,
//! for the native and the wasm results alike.

use loyalty_engine::json::{self, Value};
use loyalty_engine::{ops, Error, ErrorCode, Program};
use serde_json::json;

/// Each input nests at most 32 arrays/objects from its own root (§8); the case
/// file around them is parsed with room to spare.
fn check_depth(v: Option<&Value>, path: &str) -> Result<(), Error> {
    match v {
        Some(v) if v.depth() > json::MAX_DEPTH => Err(Error::new(
            ErrorCode::LimitExceeded,
            path,
            format!("nested deeper than {} arrays/objects", json::MAX_DEPTH),
        )),
        _ => Ok(()),
    }
}

fn run(case: &Value) -> Result<serde_json::Value, Error> {
    let op = match case.get("op") {
        Some(Value::String(s)) => s.as_str(),
        _ => "",
    };
    let cart = case.get("cart");
    let member = case.get("member");
    let args = case.get("args");
    let arg = |key: &str| args.and_then(|a| a.get(key));
    check_depth(case.get("program"), "")?;
    let program = Program::from_value(case.get("program").unwrap_or(&Value::Null))?;
    for (value, path) in
        [(cart, "cart"), (member, "member"), (arg("selections"), "selections"), (arg("products"), "products")]
    {
        check_depth(value, path)?;
    }
    // Inputs are validated before the op is dispatched (program, cart, member).
    if let Some(c) = cart.filter(|c| !matches!(c, Value::Null)) {
        ops::read_cart(&program, Some(c))?.price_at(&program, ops::first_argument(op))?;
    }
    ops::read_member(&program, member)?;
    let out = match op {
        "previewEarn" => to_json(&ops::preview_earn(&program, cart, member, arg("now"))?),
        "tierProgress" => to_json(&ops::tier_progress(&program, member, cart, arg("now"))?),
        "redemptionOptions" => to_json(&ops::redemption_options(&program, member, cart, arg("now"))?),
        "applyRedemptions" => to_json(&ops::apply_redemptions(&program, member, cart, arg("selections"), arg("now"))?),
        "previewAction" => to_json(&ops::preview_action(&program, member, arg("action"), arg("now"))?),
        "productBadges" => to_json(&ops::product_badges(&program, arg("products"), member, arg("now"))?),
        "statement" => to_json(&ops::statement(&program, member, arg("now"), arg("days"))?),
        other => {
            return Err(Error::new(ErrorCode::InvalidArgument, "op", format!("op not implemented: {other}")));
        }
    };
    Ok(out)
}

fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn main() {
    let mut failed_to_read = false;
    for file in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{file}: {e}");
                failed_to_read = true;
                continue;
            }
        };
        // Room for the case around its inputs; each input's own depth is checked in `run`.
        let (op, outcome) = match json::parse_document(&text, 4 * json::MAX_DEPTH) {
            Ok(case) => {
                let op = match case.get("op") {
                    Some(Value::String(s)) => s.clone(),
                    _ => String::new(),
                };
                (op, run(&case))
            }
            Err(e) => (String::new(), Err(Error::new(ErrorCode::InvalidJson, "", format!("{e:?}")))),
        };
        let line = match outcome {
            Ok(result) => json!({ "file": file, "op": op, "result": result }),
            Err(e) => json!({ "file": file, "op": op,
                "error": { "code": e.code.as_str(), "path": e.path, "message": e.message } }),
        };
        println!("{line}");
    }
    if failed_to_read {
        std::process::exit(2);
    }
}
