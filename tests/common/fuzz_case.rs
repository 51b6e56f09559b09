//! What the fuzz targets run on one input (`fuzz/src/lib.rs` includes
//! it by path), so that a crash the fuzzer finds replays the same way
//! in `tests/fuzz_regressions.rs`. `Err` is a broken invariant; an input the
//! engine refuses with an error is fine (that is its job); a panic is a crash.
//!
//! Needs `invariants` (its sibling file) as `super::invariants`.
#![allow(dead_code)]

use std::collections::BTreeMap;

use loyalty_engine::{Operation, Program};
use serde_json::value::RawValue;
use serde_json::Value;

use super::invariants;

/// `fuzz_targets/case.rs`: a conformance case (spec §7, mutated) run through
/// its operation (an unknown `op` picks one of the nine by the input's
/// length), every success checked by [`invariants::check`]. The inputs are
/// kept as the exact text the bytes hold (raw JSON values).
pub fn run_case(data: &[u8]) -> Result<(), String> {
    type Raw<'a> = BTreeMap<String, &'a RawValue>;
    let Ok(case) = serde_json::from_slice::<Raw>(data) else { return Ok(()) };
    let op = case
        .get("op")
        .and_then(|v| serde_json::from_str::<String>(v.get()).ok())
        .and_then(|name| Operation::from_name(&name))
        .unwrap_or(Operation::ALL[data.len() % Operation::ALL.len()]);
    // A programme given as a JSON string is fromJSON's text (§9.7).
    let Some(raw) = case.get("program") else { return Ok(()) };
    let program_text = serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.get().to_owned());
    let Ok(program) = Program::from_json(&program_text) else { return Ok(()) };
    // The arguments object of `Program::call`: the case's args, its cart and member.
    let mut args: Raw = match case.get("args") {
        Some(a) => serde_json::from_str(a.get()).unwrap_or_default(),
        None => Raw::new(),
    };
    for key in ["cart", "member"] {
        if let Some(v) = case.get(key) {
            args.insert(key.to_owned(), v);
        }
    }
    let Ok(args) = serde_json::to_string(&args) else { return Ok(()) };
    run_call(&program_text, &program, op, &args)
}

/// One call of the loose API; a success is checked (the cross-checks that
/// re-run other operations need arguments serde_json can read back).
pub fn run_call(program_text: &str, program: &Program, op: Operation, args: &str) -> Result<(), String> {
    let Ok(response) = program.call(op, args) else { return Ok(()) };
    let text = response.to_json().map_err(|e| format!("{}: the result does not serialize: {e}", op.name()))?;
    match serde_json::from_str::<Value>(args) {
        Ok(args) => invariants::check(program_text, program, op, &args, &text),
        Err(_) => {
            let r: Value = serde_json::from_str(&text).map_err(|e| format!("the result is not JSON: {e}"))?;
            invariants::no_negative_zero(&r, "")
        }
    }
    .map_err(|e| format!("{}: {e}\n  args: {args}\n  result: {text}", op.name()))
}

/// Arguments the programme target asks every compiled programme with: a
/// two-line cart (one line a gift card), a snapshot member, two products.
pub const PROGRAM_ARGS: &str = r#"{"now":"2026-11-24T10:00:00Z",
  "cart":{"currency":"USD","shipping":"4.99","orderDiscount":"1.00","lines":[
    {"sku":"TEE-1","categories":["apparel"],"tags":["new"],"unitPrice":"19.99","quantity":"2","tax":"3.20"},
    {"sku":"GIFTCARD-50","categories":["gift_cards"],"unitPrice":"50","quantity":1}]},
  "member":{"id":"m-1","balance":"1200","qualifyingValue":"640","flags":["cardMember"],"orderCount":3},
  "products":[{"sku":"TEE-1","categories":["apparel"],"price":"19.99"},{"sku":"MUG-1","price":12.5}],
  "selections":[],"action":"review","days":30}"#;

/// `fuzz_targets/program_json.rs`: programme JSON from bytes; a programme
/// that compiles answers every operation but the ledger ones on
/// [`PROGRAM_ARGS`], each success checked.
pub fn run_program(data: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(data) else { return Ok(()) };
    let Ok(program) = Program::from_json(text) else { return Ok(()) };
    for op in Operation::ALL {
        if matches!(op, Operation::Statement | Operation::PreviewReturn) {
            continue; // they need a ledger member: the case target covers them
        }
        run_call(text, &program, op, PROGRAM_ARGS)?;
    }
    Ok(())
}
