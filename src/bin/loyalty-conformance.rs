//! Native half of `scripts/conformance`: runs conformance case files (§7)
//! through the Rust crate and prints one JSON line per file:
//! `{"file","op","result"}` or `{"file","op","error":{code,path,message}}`.
//! The comparison with `expect` is done by `scripts/conformance.mjs`, once,
//! for the native and the wasm results alike.
//!
//! Each input is handed to the crate as the exact text the case file holds
//! (serde_json's `RawValue`: numbers are not converted here), through
//! [`Program::from_json`] and the loose API [`Program::call`], which decides
//! the order in which inputs are validated, as the JS binding does.

use std::collections::BTreeMap;

use loyalty_engine::{Error, ErrorCode, Operation, Program, Response};
use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;

#[derive(Deserialize)]
struct Case<'a> {
    #[serde(default)]
    op: String,
    #[serde(borrow)]
    program: Option<&'a RawValue>,
    #[serde(borrow)]
    cart: Option<&'a RawValue>,
    #[serde(borrow)]
    member: Option<&'a RawValue>,
    #[serde(borrow, default)]
    args: BTreeMap<String, &'a RawValue>,
}

fn run(case: &Case) -> Result<Response, Error> {
    let program = match case.program.map(RawValue::get) {
        // A program given as a JSON string is handed to fromJSON as text (§9.7).
        Some(text) if text.starts_with('"') => {
            let inner: String =
                serde_json::from_str(text).map_err(|e| Error::new(ErrorCode::InvalidJson, "", e.to_string()))?;
            Program::from_json(&inner)?
        }
        Some(text) => Program::from_json(text)?,
        None => Program::from_json("null")?,
    };
    let op = Operation::from_name(&case.op)
        .ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "op", format!("op not implemented: {}", case.op)))?;
    let mut args = String::from("{");
    let inputs = [("cart", case.cart), ("member", case.member)];
    let named = case.args.iter().map(|(k, v)| (k.as_str(), Some(*v)));
    for (key, value) in inputs.into_iter().chain(named) {
        if let Some(value) = value {
            if args.len() > 1 {
                args.push(',');
            }
            args.push_str(&serde_json::to_string(key).unwrap_or_default());
            args.push(':');
            args.push_str(value.get());
        }
    }
    args.push('}');
    program.call(op, &args)
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
        let (op, outcome) = match serde_json::from_str::<Case>(&text) {
            Ok(case) => (case.op.clone(), run(&case)),
            Err(e) => (String::new(), Err(Error::new(ErrorCode::InvalidJson, "", e.to_string()))),
        };
        // The result as the engine's own JSON writer prints it (the text the
        // npm package hands to `JSON.parse`), embedded as it is; the
        // comparison parses the line, so text that is not JSON fails there.
        let outcome = outcome.and_then(|result| result.to_json()).and_then(|text| {
            RawValue::from_string(text)
                .map_err(|e| Error::new(ErrorCode::InvalidArgument, "", format!("the result is not JSON: {e}")))
        });
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
