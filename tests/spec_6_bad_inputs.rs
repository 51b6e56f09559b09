//! The bad-input table (issue 12), natively: every case of
//! `tests/bad-inputs.json` through the loose JSON API (`Program::from_json`,
//! `Program::call`, as the conformance runner and the JS binding call it),
//! asserting the code and path the spec gives (§1, §6, §8, §9.7 and the
//! section of each field; derived by hand, not from the engine's output).
//! The named programmes are compiled once and asked every case, then asked a
//! good call again. `tests/js/bad-inputs.test.mjs` runs the same table
//! through the wasm package.

use std::collections::BTreeMap;

use loyalty_engine::{Error, Operation, Program};
use serde_json::{Map, Value};

fn table() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad-inputs.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// `"{i}"` in every string of `v` replaced by `i`.
fn substitute(v: &Value, i: usize) -> Value {
    match v {
        Value::String(s) => Value::String(s.replace("{i}", &i.to_string())),
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, i)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), substitute(x, i))).collect()),
        x => x.clone(),
    }
}

/// The table's generators (see its `about`), expanded.
fn expand(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let count = || m["count"].as_u64().unwrap() as usize;
            if let Some(x) = m.get("$repeat") {
                Value::Array((0..count()).map(|i| expand(&substitute(x, i))).collect())
            } else if let Some(s) = m.get("$string") {
                Value::String(s.as_str().unwrap().repeat(count()))
            } else if let Some(n) = m.get("$nest") {
                (0..n.as_u64().unwrap()).fold(None, |inner, _| Some(Value::Array(inner.into_iter().collect()))).unwrap()
            } else if let Some(js) = m.get("$js") {
                // JSON has no NaN or Infinity: natively the text String(n) gives.
                js.clone()
            } else {
                Value::Object(m.iter().map(|(k, x)| (k.clone(), expand(x))).collect())
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(expand).collect()),
        x => x.clone(),
    }
}

/// The text `fromJSON` gets: a JSON string is the text itself (§9.7).
fn program_text(p: &Value) -> String {
    match p {
        Value::String(s) => s.clone(),
        p => expand(p).to_string(),
    }
}

/// The arguments object of `Program::call`: cart, member and the case's `args`.
fn call_args(case: &Value) -> String {
    let mut args = Map::new();
    for key in ["cart", "member"] {
        if let Some(v) = case.get(key) {
            args.insert(key.into(), expand(v));
        }
    }
    if let Some(Value::Object(m)) = case.get("args") {
        for (k, v) in m {
            args.insert(k.clone(), expand(v));
        }
    }
    Value::Object(args).to_string()
}

/// Runs one case: `Ok(result JSON)` or the engine's error.
fn run(programs: &BTreeMap<String, Program>, case: &Value) -> Result<Value, Error> {
    let op = case["op"].as_str().unwrap();
    let compiled;
    let program = match &case["program"] {
        Value::String(name) if programs.contains_key(name) => &programs[name],
        p => {
            compiled = Program::from_json(&program_text(p))?;
            &compiled
        }
    };
    if op == "fromJSON" {
        return Ok(Value::Null);
    }
    let op = Operation::from_name(op).unwrap_or_else(|| panic!("unknown op {op}"));
    let response = program.call(op, &call_args(case))?;
    Ok(serde_json::from_str(&response.to_json().unwrap()).unwrap())
}

/// What is wrong with the outcome of `case`, if anything.
fn mismatch(case: &Value, outcome: Result<Value, Error>) -> Option<String> {
    match (&case["error"], outcome) {
        (Value::Object(want), Err(e)) => {
            let code = e.code.as_str();
            let mut wrong = Vec::new();
            if want["code"] != code || want["path"] != e.path.as_str() {
                wrong.push(format!("want {} at {:?}, got {code} at {:?}", want["code"], want["path"], e.path));
            }
            if let Some(part) = want.get("messageIncludes").and_then(Value::as_str) {
                if !e.message.contains(part) {
                    wrong.push(format!("message {:?} does not name {part:?}", e.message));
                }
            }
            if e.message.is_empty() {
                wrong.push("empty message".into());
            }
            (!wrong.is_empty()).then(|| format!("{} ({})", wrong.join("; "), e.message))
        }
        (Value::Object(want), Ok(_)) => Some(format!("want {} at {:?}, got a result", want["code"], want["path"])),
        (_, Err(e)) => Some(format!("want a result, got {e}")),
        (_, Ok(result)) => {
            let expect = case["expect"].as_object().unwrap();
            let wrong: Vec<String> = expect
                .iter()
                .filter(|(k, v)| result.get(k.as_str()) != Some(v))
                .map(|(k, v)| format!("{k}: want {v}, got {}", result.get(k.as_str()).unwrap_or(&Value::Null)))
                .collect();
            (!wrong.is_empty()).then(|| wrong.join("; "))
        }
    }
}

fn compile(table: &Value) -> BTreeMap<String, Program> {
    table["programs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, p)| (name.clone(), Program::from_json(&program_text(p)).unwrap()))
        .collect()
}

fn failures(table: &Value, programs: &BTreeMap<String, Program>) -> (usize, Vec<String>) {
    let cases = table["cases"].as_array().unwrap();
    let wrong = cases
        .iter()
        .filter_map(|c| mismatch(c, run(programs, c)).map(|m| format!("{}: {m}", c["name"].as_str().unwrap())))
        .collect();
    (cases.len(), wrong)
}

#[test]
fn every_bad_input_gets_the_spec_code_and_path_and_the_programmes_still_answer() {
    let table = table();
    let programs = compile(&table);
    let (ran, wrong) = failures(&table, &programs);
    assert!(wrong.is_empty(), "{} of {ran} cases differ from the spec:\n{}", wrong.len(), wrong.join("\n"));

    // After all of them, every programme still answers the good call.
    let good = &table["good"];
    for (name, program) in &programs {
        let op = Operation::from_name(good["op"].as_str().unwrap()).unwrap();
        let result: Value =
            serde_json::from_str(&program.call(op, &call_args(good)).unwrap().to_json().unwrap()).unwrap();
        for (k, v) in good["expect"].as_object().unwrap() {
            assert_eq!(&result[k], v, "programme {name} after the bad inputs: {k}");
        }
    }
}

#[test]
fn the_table_covers_what_issue_12_asks() {
    let table = table();
    let cases = table["cases"].as_array().unwrap();
    let errors: Vec<&Value> = cases.iter().filter(|c| c["error"].is_object()).collect();
    assert!(errors.len() >= 150, "only {} bad inputs", errors.len());
    // Every input kind: programme, cart, member, selections, products, refund, now/days/action.
    for prefix in ["", "cart", "member", "selections", "products", "refund", "now", "days", "action"] {
        let n = errors.iter().filter(|c| c["error"]["path"].as_str().unwrap().starts_with(prefix)).count();
        assert!(n >= 3, "only {n} cases at {prefix:?}");
    }
    for code in [
        "invalid_json",
        "invalid_program",
        "invalid_cart",
        "invalid_member",
        "invalid_argument",
        "unknown_reward",
        "insufficient_points",
        "limit_exceeded",
        "unsupported_version",
    ] {
        assert!(errors.iter().any(|c| c["error"]["code"] == code), "no case of {code}");
    }
    // Names are unique (the JS runner reports by name).
    let mut names: Vec<&str> = cases.iter().map(|c| c["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "duplicate case names");
}
