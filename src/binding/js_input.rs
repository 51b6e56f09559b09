//! JS values (wasm inputs) → the shared [`Value`] tree.
//!
//! The walk mirrors `JSON.stringify` closely enough that an object and its JSON
//! text give the same `Value`: numbers become their JS `String(n)` text, `undefined`
//! properties are dropped, Dates become their ISO string, keys keep JS order.
//! It differs where silently dropping data would hide a caller bug: functions,
//! symbols and bigints are errors rather than skipped, and NaN/±Infinity are kept
//! as `Value::Number("NaN" | "Infinity" | "-Infinity")` so the domain validation
//! rejects them at their JSON path with its own error code.
//!
//! The nesting limit is checked before descending, so a cyclic or 1,000-deep
//! object costs at most 33 frames. Property reads go through `Reflect::get`, which
//! catches a throwing getter. (A Proxy whose `ownKeys`/`isArray` traps throw is not
//! guarded: `Object.keys`/`Array.isArray` bindings in js-sys do not catch.)

use crate::json::{ParseError, Value, MAX_DEPTH};
use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

/// Why a JS value could not be read as JSON data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsInputError {
    /// More than [`MAX_DEPTH`] nested arrays/objects (or a cycle).
    TooDeep,
    /// A function, symbol, bigint, invalid Date or unreadable property; the
    /// message says what and where (`$.items[2].price`).
    NotJson(String),
}

impl std::fmt::Display for JsInputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsInputError::TooDeep => write!(f, "input nests deeper than {MAX_DEPTH} levels"),
            JsInputError::NotJson(msg) => f.write_str(msg),
        }
    }
}

/// JSON text input (a JS string). When its numbers are all written as JS
/// `String(n)` writes them (a programme's usually are: `"version": 1`,
/// decimals as strings), the Rust parser reads the text as it is. Otherwise
/// it is parsed by the engine's own `JSON.parse` (the native parser follows
/// the same rules: last duplicate key wins, numbers read through
/// `String(n)`), which keeps float parsing and formatting code out of the
/// `.wasm`, then written again by `JSON.stringify`, whose numbers are
/// `String(n)`, for the Rust parser. (Walking the parsed object property by
/// property instead cost about 1.4× as much in `Program.fromJSON`; the two
/// JS passes were about a quarter of it: issue 10's note.)
///
/// `rust_text` is `text` copied into Rust (`None` if it could not be); the
/// `Value` borrows from it.
pub fn parse_json_text<'t>(text: &JsValue, rust_text: Option<&'t str>) -> Result<Value<'t>, ParseError> {
    // U+FFFD (EF BF BD): a lone surrogate became it on the way into Rust;
    // `JSON.parse` keeps those. (Bytes, not `str::contains`: that one
    // brought 5 KB of gzip of string search and its panic paths.)
    if let Some(rust_text) = rust_text {
        let replaced = rust_text.as_bytes().windows(3).any(|w| w == [0xEF, 0xBF, 0xBD]);
        if !replaced {
            if let Some(parsed) = crate::json::parse_js_text(rust_text) {
                return parsed;
            }
        }
    }
    let parsed = json_parse(text).map_err(|e| {
        // The error the native crate gives for the same text (same message
        // natively and in wasm); `JSON.parse`'s own where the two parsers
        // disagree on whether the text is JSON.
        match rust_text.map(crate::json::parse_stringified) {
            Some(Err(native)) => native,
            _ => ParseError::Syntax(
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|| String::from("not valid JSON")),
            ),
        }
    })?;
    // Parsed JSON holds no NaN or Date, but ±Infinity (1e400) is written as
    // null: `read` then walks, which keeps it a number.
    let stringified = super::stringified(&parsed);
    match read(&parsed, stringified.as_deref()) {
        Ok(value) => Ok(value.into_owned()),
        Err(JsInputError::TooDeep) => Err(ParseError::TooDeep),
        Err(JsInputError::NotJson(message)) => Err(ParseError::Syntax(message)),
    }
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on a JS string as it is (no copy into wasm memory).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// A JS value as a [`Value`]: from `text`, its `JSON.stringify` (`None`
/// where that threw), when the text says everything; otherwise by the exact
/// walk, which names what JSON cannot hold and where. A `null` in the text
/// is read back from `js` (a few property reads): it may stand for NaN,
/// ±Infinity or an invalid Date. (Walking every input instead cost 40 % of
/// a statement on a ledger with `"tier": null`: issue 10's note.)
pub fn read<'t>(js: &JsValue, text: Option<&'t str>) -> Result<Value<'t>, JsInputError> {
    if let Some(text) = text {
        match crate::json::parse_stringified(text) {
            Ok(value) if !crate::json_cursor::contains_null(text) || nulls_are_null(js, &value) => return Ok(value),
            Err(ParseError::TooDeep) => return Err(JsInputError::TooDeep),
            Ok(_) | Err(ParseError::Syntax(_)) => {}
        }
    }
    to_value(js)
}

/// Whether every `null` in `value`, parsed from `JSON.stringify(js)`, is a
/// `null` in `js` (or, in an array, `undefined` or a hole, which the walk
/// reads as `null` too). `JSON.stringify` also writes `null` for NaN,
/// ±Infinity, an invalid Date and, in arrays, functions and symbols, which
/// the spec wants reported. Only the paths down to a `null` are read back.
fn nulls_are_null(js: &JsValue, value: &Value) -> bool {
    let child_ok = |child: Result<JsValue, JsValue>, v: &Value, in_array: bool| match child {
        Ok(child) if matches!(v, Value::Null) => child.is_null() || (in_array && child.is_undefined()),
        Ok(child) => nulls_are_null(&child, v),
        Err(_) => false,
    };
    match value {
        Value::Object(members) => {
            members.iter().all(|(k, v)| !has_null(v) || child_ok(Reflect::get(js, &JsValue::from_str(k)), v, false))
        }
        Value::Array(items) => {
            (0u32..).zip(items).all(|(i, v)| !has_null(v) || child_ok(Reflect::get_u32(js, i), v, true))
        }
        _ => true,
    }
}

fn has_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(items) => items.iter().any(has_null),
        Value::Object(members) => members.iter().any(|(_, v)| has_null(v)),
        _ => false,
    }
}

/// Whether `v` contains itself within the nesting limit (a value the depth
/// limit stopped: only on that error path). Arrays and plain objects are
/// followed as the walk follows them.
pub fn is_cyclic(v: &JsValue) -> bool {
    fn within(v: &JsValue, ancestors: &mut Vec<JsValue>) -> bool {
        if !v.is_object() || v.is_function() || ancestors.len() > MAX_DEPTH + 1 {
            return false;
        }
        if ancestors.iter().any(|a| Object::is(a, v)) {
            return true;
        }
        ancestors.push(v.clone());
        let children: Vec<JsValue> = if Array::is_array(v) {
            Array::from(v).iter().collect()
        } else {
            let object: &Object = v.unchecked_ref();
            Object::values(object).iter().collect()
        };
        let found = children.iter().any(|c| within(c, ancestors));
        ancestors.pop();
        found
    }
    within(v, &mut Vec::new())
}

/// `String(n)` of a JS number, by the JS engine itself.
fn number_text(v: &JsValue) -> String {
    let n: &js_sys::Number = v.unchecked_ref();
    n.to_string_with_radix(10).map(String::from).unwrap_or_else(|_| String::from("NaN"))
}

/// Walks a JS value into a [`Value`] (root depth 1; `undefined` root → `Null`).
fn to_value(v: &JsValue) -> Result<Value<'static>, JsInputError> {
    walk(v, 1).map_err(|fail| match fail {
        Fail::TooDeep => JsInputError::TooDeep,
        Fail::NotJson { what, mut rev_path } => {
            rev_path.reverse();
            JsInputError::NotJson(format!("{what} at ${}", rev_path.concat()))
        }
    })
}

/// Internal error: the path is collected leaf-first while unwinding, so the
/// happy path never builds path strings.
enum Fail {
    TooDeep,
    NotJson { what: String, rev_path: Vec<String> },
}

fn not_json(what: &str) -> Fail {
    Fail::NotJson { what: what.to_string(), rev_path: Vec::new() }
}

/// Adds one path segment (`[3]` or `.key` / `["odd key"]`) to an error from below.
fn under(fail: Fail, segment: impl FnOnce() -> String) -> Fail {
    match fail {
        Fail::NotJson { what, mut rev_path } => {
            rev_path.push(segment());
            Fail::NotJson { what, rev_path }
        }
        too_deep => too_deep,
    }
}

fn key_segment(key: &str) -> String {
    let plain = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut segment = String::from(if plain { "." } else { "[" });
    if plain {
        segment.push_str(key);
    } else {
        crate::json_text::write_string(&mut segment, key);
        segment.push(']');
    }
    segment
}

/// `depth` is the depth a container here would have.
fn walk(v: &JsValue, depth: usize) -> Result<Value<'static>, Fail> {
    if v.is_null() || v.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if v.as_f64().is_some() {
        return Ok(Value::Number(number_text(v).into()));
    }
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s.into()));
    }
    if v.is_function() {
        return Err(not_json("a function is not JSON data"));
    }
    if v.is_symbol() {
        return Err(not_json("a symbol is not JSON data"));
    }
    if v.is_bigint() {
        return Err(not_json("a BigInt is not JSON data (pass a number or a string)"));
    }
    if !v.is_object() {
        return Err(not_json("an unsupported JS value"));
    }
    if let Some(date) = v.dyn_ref::<Date>() {
        // toISOString throws on an invalid Date; check first (NaN test, no arithmetic).
        if date.get_time().is_nan() {
            return Err(not_json("an invalid Date"));
        }
        return Ok(Value::String(String::from(date.to_iso_string()).into()));
    }
    if depth > MAX_DEPTH {
        return Err(Fail::TooDeep); // before reading any child: cycles stop here
    }
    if Array::is_array(v) {
        walk_array(v, depth)
    } else {
        walk_object(v, depth)
    }
}

fn walk_array(v: &JsValue, depth: usize) -> Result<Value<'static>, Fail> {
    // Length read like any property; a real array's length is an integer < 2^32,
    // turned into u32 through its JS text so no float code is needed.
    let length = Reflect::get(v, &JsValue::from_str("length"))
        .ok()
        .filter(|len| len.as_f64().is_some())
        .and_then(|len| number_text(&len).parse::<u32>().ok())
        .ok_or_else(|| not_json("an array whose length cannot be read"))?;
    let mut items = Vec::new();
    for i in 0..length {
        let item = Reflect::get_u32(v, i)
            .map_err(|_| not_json("an element whose read threw"))
            .and_then(|item| walk(&item, depth + 1)) // holes/undefined → Null
            .map_err(|fail| under(fail, || format!("[{i}]")))?;
        items.push(item);
    }
    Ok(Value::Array(items))
}

fn walk_object(v: &JsValue, depth: usize) -> Result<Value<'static>, Fail> {
    // `unchecked_ref`, not `dyn_ref`: `Object.create(null)` objects fail `instanceof Object`
    // yet are plain data; `Object.keys` accepts any object (checked by `is_object` above).
    let keys = Object::keys(v.unchecked_ref::<Object>());
    let mut members = Vec::new();
    for i in 0..keys.length() {
        let key_js = keys.get(i);
        let Some(key) = key_js.as_string() else {
            return Err(not_json("an object key that is not a string"));
        };
        let member = Reflect::get(v, &key_js)
            .map_err(|_| not_json("a property whose getter threw"))
            .and_then(|value| {
                if value.is_undefined() {
                    Ok(None) // dropped, as JSON.stringify does
                } else {
                    walk(&value, depth + 1).map(Some)
                }
            })
            .map_err(|fail| under(fail, || key_segment(&key)))?;
        if let Some(value) = member {
            members.push((key.into(), value));
        }
    }
    Ok(Value::Object(members))
}
