//! Native side of `scripts/adversarial`: one adversarial case (written by
//! `bench/adversarial.mjs`: `{"op", "program", "cart", "member", "args"}`) through the loose
//! API, as a server receiving the storefront's JSON calls it
//! ([`Program::call`]: the arguments' text is parsed inside the timing; the
//! programme is compiled once, outside it).
//!
//! Usage: `cargo run --profile bench-native --example adversarial -- CASE.json [CALLS]`.
//! Prints one JSON object: `{"ms": …, "outcome": "ok" | "error CODE"}`, the
//! fastest of `CALLS` calls (default 3).

use loyalty_engine::{Operation, Program};
use std::time::Instant;

fn main() {
    let file = std::env::args().nth(1).expect("usage: adversarial CASE.json [CALLS]");
    let calls: usize = std::env::args().nth(2).map_or(3, |n| n.parse().expect("CALLS is a number"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let case: serde_json::Value = serde_json::from_str(&text).expect("a JSON case");
    let op = Operation::from_name(case["op"].as_str().expect("op")).expect("a known op");
    let program = Program::from_json(&case["program"].to_string()).expect("a valid programme");
    // The arguments as `Program::call` takes them: the case's cart and
    // member beside its other arguments.
    let mut args = case["args"].as_object().cloned().unwrap_or_default();
    for key in ["cart", "member"] {
        if let Some(v) = case.get(key) {
            args.insert(key.to_owned(), v.clone());
        }
    }
    let args = serde_json::Value::Object(args).to_string();
    let mut best = f64::INFINITY;
    let mut outcome = String::from("ok");
    for _ in 0..calls.max(1) {
        let t0 = Instant::now();
        let answer = program.call(op, &args);
        best = best.min(t0.elapsed().as_secs_f64() * 1e3);
        if let Err(e) = answer {
            outcome = format!("error {}", e.code.as_str());
        }
    }
    println!("{}", serde_json::json!({ "ms": best, "outcome": outcome }));
}
