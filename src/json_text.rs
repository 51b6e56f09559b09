//! Results → compact JSON text: the one serializer every output goes
//! through in the npm package (one `JSON.parse` on the JS side) and in the
//! conformance runner, so that every runtime prints the same result.
//!
//! Why not `serde_wasm_bindgen`: it builds the JS object property by
//! property across the wasm boundary (one JS call per field and per string),
//! which cost a third of a `previewEarn` in Node; one text and one
//! `JSON.parse` cost a tenth of that (`scripts/bench`, issue 10's note).
//! Why not `serde_json`: results hold no floats, and its float formatting
//! would cost bytes in every shopper's download for nothing.
//!
//! The mapping is the one a JS caller sees (§6): structs and maps are
//! objects, `None` and unit are `null`, unit variants their name, integers
//! numbers. A float is an error: no result has one. The echoed numbers of
//! a level's `benefits` are written as their own text, through
//! [`RAW_NUMBER`](crate::json::RAW_NUMBER) (this serializer is not human-readable, which is how
//! [`crate::json::Value`] knows to hand over its text).

use crate::json::RAW_NUMBER;
use serde::ser::{self, Serialize};

/// Why a value could not be written (only a float: no result has one).
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut writer = Writer { out: Vec::with_capacity(256) };
    value.serialize(&mut writer)?;
    // Only whole UTF-8 strings and ASCII are ever written.
    String::from_utf8(writer.out).map_err(|_| Error(String::from("invalid UTF-8 in the output")))
}

struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn integer(&mut self, negative: bool, mut n: u128) {
        if negative {
            self.out.push(b'-');
        }
        let mut digits = [0u8; 40];
        let mut at = digits.len();
        loop {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        self.out.extend_from_slice(digits.get(at..).unwrap_or_default());
    }

    fn string(&mut self, s: &str) {
        self.out.push(b'"');
        write_string_body(&mut self.out, s);
        self.out.push(b'"');
    }
}

/// An array or object being written: whether a comma is due.
pub struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push(b',');
        }
    }
    /// A struct field's name: a Rust identifier or a `rename` of ours
    /// (camelCase), which never needs an escape, so it is copied without
    /// the byte-by-byte scan (W3 0.96× the time: 8,000 names in a
    /// statement). The debug assertion checks it in every test that writes
    /// a result.
    fn field_name(&mut self, key: &'static str) {
        debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "field name {key}");
        self.comma();
        let out = &mut self.writer.out;
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
    }
}

fn no_floats() -> Error {
    Error(String::from("a float in a result (results hold decimals as text)"))
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.integer(v < 0, u128::from(v.unsigned_abs()));
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.integer(false, v.into());
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        Err(no_floats())
    }
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        Err(no_floats())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = ser::Serializer::serialize_seq(self, Some(v.len()))?;
        for b in v {
            ser::SerializeSeq::serialize_element(&mut seq, b)?;
        }
        ser::SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<(), Error> {
        if name == RAW_NUMBER {
            return value.serialize(OnlyString { writer: self, quoted: false });
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(b'{');
        self.string(variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        self.out.push(b'[');
        Ok(Compound { writer: self, first: true })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        self.out.push(b'{');
        self.string(variant);
        self.out.extend_from_slice(b":[");
        Ok(Compound { writer: self, first: true })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        self.out.push(b'{');
        Ok(Compound { writer: self, first: true })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        self.out.push(b'{');
        self.string(variant);
        self.out.extend_from_slice(b":{");
        Ok(Compound { writer: self, first: true })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Error> {
        self.writer.out.push(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        self.writer.out.extend_from_slice(b"]}");
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        // Keys are strings in every result (`OnlyString` refuses the rest).
        key.serialize(OnlyString { writer: &mut *self.writer, quoted: true })?;
        self.writer.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Error> {
        self.writer.out.push(b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field_name(key);
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeMap::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.writer.out.extend_from_slice(b"}}");
        Ok(())
    }
}

/// A value that may only be a string: a map key (written quoted; every key
/// of a result is a string) or the text of a [`RAW_NUMBER`] (written as it
/// is). Anything else is refused.
struct OnlyString<'a> {
    writer: &'a mut Writer,
    quoted: bool,
}

impl OnlyString<'_> {
    fn refuse<T>(self) -> Result<T, Error> {
        Err(Error(String::from(if self.quoted {
            "a map key that is not a string"
        } else {
            "a raw number that is not text"
        })))
    }
}

impl ser::Serializer for OnlyString<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if self.quoted {
            self.writer.string(v);
        } else {
            self.writer.out.extend_from_slice(v.as_bytes());
        }
        Ok(())
    }
    fn serialize_bool(self, _: bool) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_i8(self, _: i8) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_i16(self, _: i16) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_i32(self, _: i32) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_i64(self, _: i64) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_u8(self, _: u8) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_u16(self, _: u16) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_u32(self, _: u32) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_u64(self, _: u64) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_char(self, _: char) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        self.refuse()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        self.refuse()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        self.refuse()
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        self.refuse()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        self.refuse()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        self.refuse()
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        self.refuse()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        self.refuse()
    }
}

/// Appends `s` as a JSON string literal, escaped as `JSON.stringify` does:
/// `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, other control characters as
/// `\u00XX`, everything else as it is.
#[cfg(any(feature = "js", test))]
pub fn write_string(out: &mut String, s: &str) {
    let mut bytes = vec![b'"'];
    write_string_body(&mut bytes, s);
    bytes.push(b'"');
    out.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
}

/// [`write_string`] without the quotes, into bytes (UTF-8 as `s` is).
pub fn write_string_body(out: &mut Vec<u8>, s: &str) {
    let mut run = 0;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'"' && b != b'\\' && b >= 0x20 {
            continue;
        }
        out.extend_from_slice(bytes.get(run..i).unwrap_or_default());
        out.push(b'\\');
        match b {
            b'"' | b'\\' => out.push(b),
            // As JSON.stringify writes them.
            8 => out.push(b'b'),
            9 => out.push(b't'),
            10 => out.push(b'n'),
            12 => out.push(b'f'),
            13 => out.push(b'r'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"u00");
                for nibble in [b >> 4, b & 15] {
                    out.push(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'));
                }
            }
        }
        run = i + 1;
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Value;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Sample {
        points: u64,
        delta: i64,
        missing: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u32>,
        kind: Kind,
        names: Vec<&'static str>,
        by_id: BTreeMap<String, bool>,
        text: String,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        PayWithPoints,
    }

    #[test]
    fn writes_what_json_parse_reads_back() {
        let sample = Sample {
            points: u64::MAX,
            delta: i64::MIN,
            missing: None,
            skipped: None,
            kind: Kind::PayWithPoints,
            names: vec!["a", "b"],
            by_id: [(String::from("x\"y"), true)].into_iter().collect(),
            text: String::from("tab\there, é, \u{1}"),
        };
        assert_eq!(
            to_string(&sample).ok().as_deref(),
            Some(
                r#"{"points":18446744073709551615,"delta":-9223372036854775808,"missing":null,"kind":"pay_with_points","names":["a","b"],"byId":{"x\"y":true},"text":"tab\there, é, \u0001"}"#
            )
        );
    }

    #[test]
    fn echoed_numbers_keep_their_text_and_floats_are_refused() {
        let number = |t: &'static str| Value::Number(t.into());
        let benefits = Value::Object(vec![
            ("int".into(), number("-0")),
            ("large".into(), number("9007199254740993")),
            ("exact".into(), number("1.5e-7")),
            ("long".into(), number("0.30000000000000004")),
            ("nan".into(), number("NaN")),
            ("big".into(), number("1e+21")),
        ]);
        assert_eq!(
            to_string(&benefits).ok().as_deref(),
            Some(
                r#"{"int":0,"large":"9007199254740993","exact":1.5e-7,"long":"0.30000000000000004","nan":null,"big":1e+21}"#
            )
        );
        assert!(to_string(&1.5f64).is_err());
        assert_eq!(to_string(&0u8).ok().as_deref(), Some("0"));
    }
}
