//! The one JSON tree every input becomes, and the JSON text parser.
//!
//! Inputs arrive as JSON text (native, `Program.fromJSON`) or as JS objects
//! (wasm, see `binding::js_input`); both end up as a [`Value`] so the domain code
//! validates one shape with one set of JSON paths, and native and wasm agree.
//!
//! Replaces `serde_json::Value` (and keeps `serde_json` out of the library
//! and the `.wasm`). Why a hand-written parser:
//! * numbers must be kept as the text JS `String(n)` prints (`19.990` → `"19.99"`,
//!   `1E2` → `"100"`), so money never passes through f64 arithmetic and both
//!   input routes yield identical text;
//! * the nesting limit ([`MAX_DEPTH`]) is checked *before* descending, so a
//!   100,000-deep `[[[…` costs 33 stack frames, not a stack overflow;
//! * duplicate keys follow `JSON.parse`: the key keeps its first position and
//!   takes the last value; key order is insertion order.
//!
//! Lone surrogate escapes (`"\uD800"` not followed by a low surrogate, or a lone
//! `"\uDC00"`) become U+FFFD: a Rust `String` cannot hold them, and this matches
//! what wasm-bindgen does when it copies such a JS string into Rust.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use crate::js_number::{exact_f64, number_text_from_f64};

/// A parsed JSON value. Its texts borrow from the JSON text it was parsed
/// from where they can (no escapes; numbers already as `String(n)` writes
/// them), so that a key or a string costs no allocation: the W5 programme
/// held ~400 of them, the W1 cart ~380. In wasm, before/after
/// (`bench/ab.mjs`, 2026-12-06): W5 `fromJSON` 0.86× the time, W3 0.80×,
/// W4 0.88×, W1 0.94×.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number's text exactly as JS `String(n)` would print it
    /// (from a JS object it may also be `"NaN"`, `"Infinity"` or `"-Infinity"`).
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    /// Insertion order kept; keys unique (a repeated key replaced the earlier value in place).
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// Maximum nesting of arrays/objects in one input; the root container counts as 1.
pub const MAX_DEPTH: usize = 32;

/// Why JSON text was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// More than [`MAX_DEPTH`] nested arrays/objects.
    TooDeep,
    /// Malformed text; the message names the byte offset.
    Syntax(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::TooDeep => write!(f, "JSON nests deeper than {MAX_DEPTH} levels"),
            ParseError::Syntax(msg) => write!(f, "invalid JSON: {msg}"),
        }
    }
}

impl std::error::Error for ParseError {}

/// An object's members, in order.
pub type Members<'a> = [(Cow<'a, str>, Value<'a>)];

impl<'a> Value<'a> {
    /// The same value owning its texts, to keep beyond the text it was read from.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(Cow::Owned(n.into_owned())),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(members) => {
                Value::Object(members.into_iter().map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned())).collect())
            }
        }
    }

    /// Object member lookup; `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The JSON type name, as used in validation messages.
    /// Nesting depth of arrays/objects, this value counting as 1 (0 for a scalar).
    pub fn depth(&self) -> usize {
        match self {
            Value::Array(items) => 1 + items.iter().map(Value::depth).max().unwrap_or(0),
            Value::Object(members) => 1 + members.iter().map(|(_, v)| v.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// The name of the newtype struct under which [`Value`] hands a number's
/// text to a serializer that is not human-readable (the engine's own JSON
/// writer, `json_text.rs`), which writes it as it is, without quotes.
pub(crate) const RAW_NUMBER: &str = "$loyalty_engine::json::RawNumber";

impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(text) => {
                // Integers a double holds exactly (|i| ≤ 2^53) as numbers:
                // JSON.parse would round larger ones.
                if let Some(i) = text.parse::<i64>().ok().filter(|i| i.unsigned_abs() <= 1 << 53) {
                    s.serialize_i64(i)
                } else if let Some(f) = exact_f64(text) {
                    // The engine's own JSON writer takes the text (which is
                    // `String(n)`, valid JSON) rather than format a float.
                    if s.is_human_readable() {
                        s.serialize_f64(f)
                    } else {
                        s.serialize_newtype_struct(RAW_NUMBER, &**text)
                    }
                } else if matches!(&**text, "NaN" | "Infinity" | "-Infinity") {
                    s.serialize_unit() // as JSON.stringify does
                } else {
                    s.serialize_str(text)
                }
            }
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Parses one JSON text (RFC 8259) into a [`Value`]; numbers are read as JS
/// reads them (to the nearest double, then `String(n)`).
pub fn parse(text: &str) -> Result<Value<'_>, ParseError> {
    parse_impl::<false>(text)
}

/// Parses JSON text written by JS `JSON.stringify`, whose numbers are
/// already `String(n)`: they are kept as they are. This is how the wasm
/// binding reads JS objects — one `JSON.stringify` call is far cheaper than
/// reading property by property across the boundary — and it keeps float
/// parsing and formatting out of the `.wasm`.
#[cfg(any(feature = "js", test))]
pub fn parse_stringified(text: &str) -> Result<Value<'_>, ParseError> {
    parse_impl::<true>(text)
}

/// Parses JSON text as `JSON.parse` then `JSON.stringify` would leave it,
/// without those two passes, when that is the text itself: `None` when a
/// number is not written as JS `String(n)` writes it
/// ([`crate::js_number::is_js_text`]) or an object repeats a key
/// (`JSON.parse` keeps its first place and its last value): take that route
/// then. Both are checked as the text is parsed (a separate scan of the
/// text and of the tree were 8 % of `Program.fromJSON` in wasm).
#[cfg(any(feature = "js", test))]
pub fn parse_js_text(text: &str) -> Option<Result<Value<'_>, ParseError>> {
    let mut p = Parser::<true>::new(text, MAX_DEPTH);
    p.as_js_would = Some(true);
    let parsed = p.document();
    (p.as_js_would == Some(true)).then_some(parsed)
}

/// Parses a document that holds several inputs (a conformance case file):
/// nesting up to `max_depth`; check each input with [`Value::depth`].
pub fn parse_document(text: &str, max_depth: usize) -> Result<Value<'_>, ParseError> {
    let mut p = Parser::<false>::new(text, max_depth);
    p.document()
}

/// The key of the first member of the object `text` whose value nests
/// deeper than `max_depth` (the object itself being depth 1): where
/// `Program::call` reports an argument that nests too deep, each argument
/// being allowed [`MAX_DEPTH`] levels from its own root, as in JS.
pub(crate) fn too_deep_member(text: &str, max_depth: usize) -> Option<String> {
    let mut p = Parser::<false>::new(text, max_depth);
    p.skip_ws();
    if !p.eat(b'{') {
        return None;
    }
    loop {
        p.skip_ws();
        if p.peek() != Some(b'"') {
            return None;
        }
        let key = p.string().ok()?;
        p.skip_ws();
        if !p.eat(b':') {
            return None;
        }
        p.skip_ws();
        match p.value(2) {
            Err(ParseError::TooDeep) => return Some(key),
            Err(_) => return None,
            Ok(_) => {}
        }
        p.skip_ws();
        if !p.eat(b',') {
            return None;
        }
    }
}

fn parse_impl<const JS_NUMBERS: bool>(text: &str) -> Result<Value<'_>, ParseError> {
    let mut p = Parser::<JS_NUMBERS>::new(text, MAX_DEPTH);
    p.document()
}

impl<'a, const JS_NUMBERS: bool> Parser<'a, JS_NUMBERS> {
    fn document(&mut self) -> Result<Value<'a>, ParseError> {
        self.skip_ws();
        let value = self.value(1)?;
        self.skip_ws();
        if self.pos < self.text.len() {
            return Err(self.unexpected("end of input"));
        }
        Ok(value)
    }
}

pub(crate) struct Parser<'a, const JS_NUMBERS: bool> {
    pub(crate) text: &'a str,
    /// Deepest nesting allowed (root = 1).
    pub(crate) max_depth: usize,
    /// Byte offset; only ever stepped over ASCII or whole UTF-8 sequences.
    pub(crate) pos: usize,
    /// [`parse_js_text`]: `Some(true)` while the text is as `JSON.parse`
    /// then `JSON.stringify` would write it (numbers as `String(n)`, no
    /// repeated key); `Some(false)` once it is not. `None`: not asked.
    as_js_would: Option<bool>,
}

impl<'a, const JS_NUMBERS: bool> Parser<'a, JS_NUMBERS> {
    pub(crate) fn new(text: &'a str, max_depth: usize) -> Self {
        Parser { text, max_depth, pos: 0, as_js_would: None }
    }

    // The byte-level helpers are inlined by hand: at opt-level "z" they stay
    // calls, which made parsing a cart a quarter of a call in wasm (issue
    // 10's note has the before/after).
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    #[inline(always)]
    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.pos += 1;
        }
        hit
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn error_at(at: usize, what: &str) -> ParseError {
        ParseError::Syntax(format!("{what} at byte {at}"))
    }

    /// "expected X, found Y at byte N".
    fn unexpected(&self, expected: &str) -> ParseError {
        let found = match self.text.get(self.pos..).map(|rest| rest.chars().next()) {
            Some(Some(c)) => format!("'{c}'"),
            Some(None) => "end of input".to_string(),
            None => "a stray byte".to_string(),
        };
        Self::error_at(self.pos, &format!("expected {expected}, found {found}"))
    }

    /// `depth` is the depth a container starting here would have (root = 1).
    pub(crate) fn value(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string_cow().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.unexpected("a JSON value")),
        }
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, ParseError> {
        if self.text.get(self.pos..).is_some_and(|rest| rest.starts_with(word)) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.unexpected(&format!("`{word}`")))
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        if depth > self.max_depth {
            return Err(ParseError::TooDeep); // before descending: bounded recursion
        }
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.unexpected("',' or ']'"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        if depth > self.max_depth {
            return Err(ParseError::TooDeep);
        }
        self.pos += 1; // '{'
        let mut members: Vec<(Cow<'a, str>, Value<'a>)> = Vec::new();
        // key → position, built only for large objects so that duplicate
        // handling stays linear there and costs no hashing on small ones.
        let mut index: Option<HashMap<String, usize>> = None;
        self.skip_ws();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a string key"));
            }
            let key = self.string_cow()?;
            self.skip_ws();
            if !self.eat(b':') {
                return Err(self.unexpected("':'"));
            }
            self.skip_ws();
            let value = self.value(depth + 1)?;
            // JSON.stringify never writes a key twice; JSON text may, and then
            // JSON.parse keeps the first position with the last value.
            let find_repeats = !JS_NUMBERS || self.as_js_would.is_some();
            let existing = if !find_repeats {
                None
            } else if let Some(index) = &index {
                index.get(&*key).copied()
            } else {
                members.iter().position(|(k, _)| *k == key)
            };
            match existing.and_then(|i| members.get_mut(i)) {
                Some(slot) => {
                    slot.1 = value;
                    if self.as_js_would.is_some() {
                        self.as_js_would = Some(false);
                    }
                }
                None => {
                    if let Some(index) = &mut index {
                        index.insert(key.to_string(), members.len());
                    }
                    members.push((key, value));
                    if find_repeats && index.is_none() && members.len() > 32 {
                        index = Some(members.iter().enumerate().map(|(i, (k, _))| (k.to_string(), i)).collect());
                    }
                }
            }
            self.skip_ws();
            if self.eat(b'}') {
                return Ok(Value::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.unexpected("',' or '}'"));
            }
        }
    }

    /// At the opening quote. Unescaped runs are copied as `&str` slices; their
    /// ends are ASCII (`"`, `\`), hence always char boundaries.
    fn string(&mut self) -> Result<String, ParseError> {
        self.string_cow().map(Cow::into_owned)
    }

    /// [`Self::string`], borrowing the text when the string has no escapes.
    pub(crate) fn string_cow(&mut self) -> Result<Cow<'a, str>, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut out: Option<String> = None;
        let mut run = self.pos;
        loop {
            // Up to the next quote, backslash or control character.
            let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
            self.pos += rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(rest.len());
            match self.peek() {
                None => return Err(Self::error_at(start, "unterminated string starting")),
                Some(b'"') => {
                    let tail = self.run_from(run)?;
                    self.pos += 1;
                    return Ok(match out {
                        None => Cow::Borrowed(tail),
                        Some(mut out) => {
                            out.push_str(tail);
                            Cow::Owned(out)
                        }
                    });
                }
                Some(b'\\') => {
                    let out = out.get_or_insert_with(String::new);
                    out.push_str(self.run_from(run)?);
                    self.pos += 1;
                    out.push(self.escape()?);
                    run = self.pos;
                }
                Some(_) => return Err(Self::error_at(self.pos, "unescaped control character in string")),
            }
        }
    }

    fn run_from(&self, from: usize) -> Result<&'a str, ParseError> {
        self.text.get(from..self.pos).ok_or_else(|| Self::error_at(from, "string split inside a character"))
    }

    /// Just after a backslash.
    fn escape(&mut self) -> Result<char, ParseError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self
                    .hex4_at(self.pos)
                    .ok_or_else(|| Self::error_at(self.pos, "expected 4 hex digits after \\u"))?;
                self.pos += 4;
                return Ok(self.utf16_unit(unit));
            }
            _ => return Err(Self::error_at(self.pos, "invalid escape")),
        };
        self.pos += 1;
        Ok(c)
    }

    /// A `\uXXXX` unit: pairs a high surrogate with a following `\uDC00`–`\uDFFF`;
    /// any lone surrogate becomes U+FFFD (see module doc).
    fn utf16_unit(&mut self, unit: u32) -> char {
        if (0xD800..0xDC00).contains(&unit) {
            let low = self.text.as_bytes().get(self.pos..self.pos + 2) == Some(b"\\u".as_slice());
            if let Some(lo) = self.hex4_at(self.pos + 2).filter(|lo| low && (0xDC00..0xE000).contains(lo)) {
                self.pos += 6;
                return char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (lo - 0xDC00))
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
            }
        }
        char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER)
    }

    fn hex4_at(&self, at: usize) -> Option<u32> {
        let hex = self.text.get(at..at.checked_add(4)?)?;
        hex.chars().try_fold(0u32, |acc, c| Some(acc * 16 + c.to_digit(16)?))
    }

    /// Consumes `[0-9]*`, returning how many.
    fn digits(&mut self) -> usize {
        let from = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - from
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, then to JS text.
    fn number(&mut self) -> Result<Value<'a>, ParseError> {
        let start = self.pos;
        let text = self.number_text()?;
        if JS_NUMBERS {
            #[cfg(any(feature = "js", test))]
            if self.as_js_would == Some(true) && !crate::js_number::is_js_text(text.as_bytes()) {
                self.as_js_would = Some(false);
            }
            return Ok(Value::Number(Cow::Borrowed(text)));
        }
        // Correctly rounded, like JS; the grammar already validated the text.
        // As JSON.parse: beyond the largest double is ±Infinity, which the
        // decimal reader then rejects at the value's path.
        match text.parse::<f64>() {
            Ok(n) => Ok(Value::Number(Cow::Owned(number_text_from_f64(n)))),
            Err(_) => Err(Self::error_at(start, "not a number")),
        }
    }

    /// The text of a number, checked against the JSON grammar.
    pub(crate) fn number_text(&mut self) -> Result<&'a str, ParseError> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.unexpected("a digit")),
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.unexpected("a digit after '.'"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(self.unexpected("a digit in the exponent"));
            }
        }
        Ok(self.text.get(start..self.pos).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    fn num(s: &str) -> Value<'static> {
        Value::Number(s.to_string().into())
    }
    fn string(s: &str) -> Value<'static> {
        Value::String(s.to_string().into())
    }
    fn syntax(text: &str) -> String {
        match parse(text) {
            Err(ParseError::Syntax(msg)) => msg,
            other => panic!("expected a syntax error for {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn js_text_is_numbers_as_js_writes_them() {
        let js = r#"{"a":1,"b":-2.5,"c":"1e5 1.50 \"01","d":[0,0.000001,123456789012345,100,-7]}"#;
        assert!(parse_js_text(js).is_some());
        // String(n) would write each of these otherwise.
        for n in ["1.50", "1.0", "1e2", "1E2", "-0", "0.0000001", "1234567890123456", "100000000000000000000000"] {
            assert_eq!(parse_js_text(&format!(r#"{{"x":[1,{n}]}}"#)), None, "{n}");
        }
    }

    #[test]
    fn js_text_parses_as_json_parse_then_stringify_would() {
        // Numbers kept as written are the text String(n) gives (the native
        // parser computes it through the double).
        for text in [
            r#"{"a":1,"b":[2.5,-3,0.000001],"d":{"c":"\u00e9\ud83d\ude00"}}"#,
            r#"[{"x":123456789012345,"y":0.1},{"y":0.3,"x":-42}]"#,
        ] {
            assert_eq!(parse_js_text(text), Some(parse(text)), "{text}");
        }
        // A repeated key, in a small or a large object, anywhere: that route is not taken.
        assert_eq!(parse_js_text(r#"[{"a":1},{"b":{"a":1,"b":2,"a":3}}]"#), None);
        let large: Vec<String> = (0..40).map(|i| format!(r#""k{}":{i}"#, i % 39)).collect();
        assert_eq!(parse_js_text(&format!("{{{}}}", large.join(","))), None);
        // Malformed text is the parser's error, as on the JSON.parse route.
        assert_eq!(parse_js_text(r#"{"a":1,}"#), Some(parse_stringified(r#"{"a":1,}"#)));
    }

    #[test]
    fn numbers_in_text_take_js_text() {
        let cases = [
            ("19.99", "19.99"),
            ("19.990", "19.99"),
            ("1E2", "100"),
            ("0.1", "0.1"),
            ("5", "5"),
            ("-0", "0"),
            ("1e21", "1e+21"),
            ("1e-7", "1e-7"),
            ("123456789012345678901", "123456789012345680000"),
            ("2.5e+3", "2500"),
            ("1e-400", "0"),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), Ok(num(want)), "for {text}");
        }
        // As JSON.parse: beyond the largest double is ±Infinity.
        assert_eq!(parse("1e400"), Ok(Value::Number("Infinity".into())));
        assert_eq!(parse("-1e400"), Ok(Value::Number("-Infinity".into())));
        for bad in ["01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity"] {
            syntax(bad);
        }
    }

    #[test]
    fn parses_nested_objects_in_order() {
        let v = parse(r#" { "b" : [1, true, null, {"x": "y"}], "a": {}, "c": [] } "#);
        let want = Value::Object(vec![
            (
                "b".into(),
                Value::Array(vec![
                    num("1"),
                    Value::Bool(true),
                    Value::Null,
                    Value::Object(vec![("x".into(), string("y"))]),
                ]),
            ),
            ("a".into(), Value::Object(vec![])),
            ("c".into(), Value::Array(vec![])),
        ]);
        assert_eq!(v, Ok(want.clone()));
        let v = want;
        assert_eq!(v.get("a"), Some(&Value::Object(vec![])));
        assert_eq!(v.get("zz"), None);
        assert_eq!(num("1").get("a"), None);
        let names: Vec<_> = [Value::Null, Value::Bool(false), num("1"), string(""), Value::Array(vec![]), v]
            .iter()
            .map(Value::type_name)
            .collect();
        assert_eq!(names, ["null", "boolean", "number", "string", "array", "object"]);
    }

    #[test]
    fn string_escapes() {
        assert_eq!(
            parse(r#""a\"b\\c\/d\be\ff\ng\rh\ti\u0041\u00e9\u20AC\ud83d\ude00""#),
            Ok(string("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti\u{41}é€😀"))
        );
        // Lone surrogates → U+FFFD; a high surrogate followed by a non-low escape keeps that escape.
        assert_eq!(parse(r#""\ud800""#), Ok(string("\u{FFFD}")));
        assert_eq!(parse(r#""\udc00x""#), Ok(string("\u{FFFD}x")));
        assert_eq!(parse(r#""\ud800\u0041""#), Ok(string("\u{FFFD}A")));
        assert_eq!(parse(r#""\ud800\ud83d\ude00""#), Ok(string("\u{FFFD}😀")));
        syntax(r#""\x""#);
        syntax(r#""\u12""#);
        syntax(r#""\u12G4""#);
        syntax(r#""\u""#);
    }

    #[test]
    fn non_ascii_preserved() {
        assert_eq!(parse("\"żółć 中文 😀\""), Ok(string("żółć 中文 😀")));
        assert_eq!(parse("{\"ключ\":\"значение\"}"), Ok(Value::Object(vec![("ключ".into(), string("значение"))])));
    }

    #[test]
    fn duplicate_keys_first_position_last_value() {
        let v = parse(r#"{"a":1,"b":2,"a":3,"c":4,"a":{"x":1}}"#);
        assert_eq!(
            v,
            Ok(Value::Object(vec![
                ("a".into(), Value::Object(vec![("x".into(), num("1"))])),
                ("b".into(), num("2")),
                ("c".into(), num("4")),
            ]))
        );
    }

    fn nested(depth: usize) -> String {
        "[".repeat(depth) + &"]".repeat(depth)
    }

    #[test]
    fn depth_limit() {
        assert!(parse(&nested(32)).is_ok());
        assert_eq!(parse(&nested(33)), Err(ParseError::TooDeep));
        let objects = |d: usize| "{\"a\":".repeat(d - 1) + "{}" + &"}".repeat(d - 1);
        assert!(parse(&objects(32)).is_ok());
        assert_eq!(parse(&objects(33)), Err(ParseError::TooDeep));
        // Scalars do not count: 32 containers around a number are fine.
        assert!(parse(&("[".repeat(32) + "1" + &"]".repeat(32))).is_ok());
    }

    #[test]
    fn very_deep_input_fails_fast_without_recursion() {
        assert_eq!(parse(&"[".repeat(100_000)), Err(ParseError::TooDeep));
        assert_eq!(parse(&nested(100_000)), Err(ParseError::TooDeep));
        assert_eq!(parse(&"{\"k\":".repeat(100_000)), Err(ParseError::TooDeep));
    }

    #[test]
    fn syntax_errors() {
        assert!(syntax("").contains("byte 0"));
        assert!(syntax("   ").contains("end of input"));
        assert!(syntax("[1] x").contains("byte 4"));
        syntax("{} {}");
        syntax("truex");
        syntax("tru");
        syntax("nul");
        syntax("[1,]");
        syntax("[1 2]");
        syntax("{\"a\":1,}");
        syntax("{\"a\" 1}");
        syntax("{a:1}");
        syntax("{\"a\":}");
        syntax("[");
        syntax("{");
        syntax("'x'");
        assert!(syntax("\"abc").contains("unterminated string starting at byte 0"));
        assert!(syntax("[\"ab\\\"]").contains("unterminated"));
        assert!(syntax("\"a\nb\"").contains("control character"));
        assert!(syntax("\"a\tb\"").contains("control character"));
        syntax("\"\u{0}\"");
        syntax("\u{feff}1"); // BOM is not JSON whitespace
        assert!(parse(" \t\r\n null \n").is_ok());
        assert_eq!(parse("\"\u{7f}\""), Ok(string("\u{7f}"))); // DEL is allowed
    }

    #[test]
    fn serializes_in_order_with_numbers() {
        let input = r#"{"b":1,"a":[true,null,"x\n",19.99,-5,1e21,123456789012345678901],"c":{}}"#;
        let v = parse(input);
        let out = v.clone().ok().and_then(|v| serde_json::to_string(&v).ok()).unwrap_or_default();
        // Float layout past this prefix (1e21 vs 1e+21) is serde_json's choice; round-trip it.
        assert!(out.starts_with(r#"{"b":1,"a":[true,null,"x\n",19.99,-5,1e"#), "{out}");
        // 17 significant digits are beyond the exact fast path: echoed as text.
        assert!(out.ends_with(r#","123456789012345680000"],"c":{}}"#), "{out}");
        assert_eq!(serde_json::to_string(&num("NaN")).ok(), Some("null".to_string()));
        assert_eq!(serde_json::to_string(&num("Infinity")).ok(), Some("null".to_string()));
    }

    #[test]
    fn parse_error_display() {
        assert_eq!(ParseError::TooDeep.to_string(), "JSON nests deeper than 32 levels");
        assert!(syntax("[1 2]").starts_with("expected ',' or ']', found '2' at byte 3"));
    }
}
