//! The wasm binding's transport for product badges (§5.5): products read
//! straight from the text `JSON.stringify(products)` wrote, one at a time,
//! each badge computed and written as JSON text as it goes — no `Value`
//! tree, no string copies, one `JSON.parse` in JS for the answer (measured
//! against the general route by `scripts/bench`, W2). Anything this reader
//! does not accept is left to the general route (the loose API), which
//! reads it or reports the error; a test keeps the two routes equal.

use std::borrow::Cow;

use crate::badges::{BadgeEngine, MAX_PRODUCTS};
use crate::decimal::{self, Decimal};
use crate::filter::LineKeys;
use crate::input::{within_length, MAX_LINE_VALUES};
use crate::json_cursor::{Cursor, Literal};
use crate::json_text::write_string_body;

/// One product read from text: its sku and price (its categories and tags
/// are in the reader's buffers).
struct TextProduct<'a> {
    sku: Cow<'a, str>,
    price: Decimal,
}

/// Strings read into reused buffers: no allocation per product once they have grown.
#[derive(Default)]
struct StringBuffer {
    items: Vec<String>,
    len: usize,
}

impl StringBuffer {
    fn clear(&mut self) {
        self.len = 0;
    }

    fn push(&mut self, s: &str) {
        match self.items.get_mut(self.len) {
            Some(slot) => {
                slot.clear();
                slot.push_str(s);
            }
            None => self.items.push(s.to_string()),
        }
        self.len += 1;
    }

    fn as_slice(&self) -> &[String] {
        self.items.get(..self.len).unwrap_or_default()
    }
}

/// The members of a product that matter.
enum Field {
    Sku,
    Price,
    Categories,
    Tags,
    Other,
}

/// A member's name and its colon.
fn field(c: &mut Cursor) -> Option<Field> {
    // As JSON.stringify writes them (no escapes): recognized at once.
    const SKU: Literal = Literal::new(b"\"sku\":");
    const PRICE: Literal = Literal::new(b"\"price\":");
    const CATEGORIES: Literal = Literal::new(b"\"categories\":");
    const TAGS: Literal = Literal::new(b"\"tags\":");
    for (literal, field) in
        [(&SKU, Field::Sku), (&PRICE, Field::Price), (&CATEGORIES, Field::Categories), (&TAGS, Field::Tags)]
    {
        if c.eat_literal(literal) {
            return Some(field);
        }
    }
    let which = |name: &[u8]| match name {
        b"sku" => Field::Sku,
        b"price" => Field::Price,
        b"categories" => Field::Categories,
        b"tags" => Field::Tags,
        _ => Field::Other,
    };
    let field = match c.plain_string() {
        Some(name) => which(name.as_bytes()),
        None => which(c.string()?.as_bytes()),
    };
    c.eat(b':').then_some(field)
}

/// Reads one product object (depth 2; its members' containers are at depth
/// 3), its categories and tags into the buffers. `None` unless it is valid
/// and written as `JSON.stringify` writes (no whitespace, no repeated name).
fn read_product_text<'a>(
    c: &mut Cursor<'a>,
    categories: &mut StringBuffer,
    tags: &mut StringBuffer,
) -> Option<TextProduct<'a>> {
    if !c.eat(b'{') {
        return None;
    }
    categories.clear();
    tags.clear();
    let (mut sku, mut price, mut seen_categories, mut seen_tags) = (None, None, false, false);
    if !c.eat(b'}') {
        loop {
            match field(c)? {
                Field::Sku if sku.is_none() => sku = Some(valid(c.string()?)?),
                Field::Price if price.is_none() => {
                    let x = match c.peek() {
                        b'"' => decimal::parse_decimal(&valid(c.string()?)?),
                        _ => decimal::parse_decimal(c.number()?),
                    };
                    price = Some(x.ok().filter(|x| !x.is_sign_negative() || x.is_zero())?);
                }
                Field::Categories if !seen_categories => {
                    seen_categories = true;
                    read_strings(c, categories)?;
                }
                Field::Tags if !seen_tags => {
                    seen_tags = true;
                    read_strings(c, tags)?;
                }
                Field::Other => c.skip_value(3)?,
                _ => return None,
            }
            if c.eat(b'}') {
                break;
            }
            if !c.eat(b',') {
                return None;
            }
        }
    }
    Some(TextProduct { sku: sku?, price: price? })
}

/// `["…",…]` into `out`.
fn read_strings(c: &mut Cursor, out: &mut StringBuffer) -> Option<()> {
    if !c.eat(b'[') {
        return None;
    }
    if !c.eat(b']') {
        loop {
            if out.len == MAX_LINE_VALUES {
                return None; // the general route reports the limit
            }
            match c.plain_string() {
                Some(s) => out.push(valid_str(s)?),
                None => out.push(&valid(c.string()?)?),
            }
            if c.eat(b']') {
                break;
            }
            if !c.eat(b',') {
                return None;
            }
        }
    }
    Some(())
}

/// A string input within the length limit.
#[inline(always)]
fn valid(s: Cow<'_, str>) -> Option<Cow<'_, str>> {
    valid_str(&s)?;
    Some(s)
}

#[inline(always)]
fn valid_str(s: &str) -> Option<&str> {
    within_length(s).then_some(s)
}

impl BadgeEngine<'_> {
    /// The badges of the products in the text `JSON.stringify(products)`
    /// wrote, as JSON text (see [`BadgeEngine::badges_json`]): each product
    /// read, computed and written in turn, nothing kept. `None` unless every
    /// product is valid and every value within range: the general route
    /// (`json::parse_stringified`, [`read_product_list`]) then reports the
    /// error. On text it accepts, the two give the same text.
    pub fn badges_json_text(&self, text: &str) -> Option<String> {
        let mut c = Cursor::new(text);
        let (mut categories, mut tags) = (StringBuffer::default(), StringBuffer::default());
        let mut out = Vec::with_capacity(16 + text.len() / 2);
        out.extend_from_slice(b"{\"badges\":[");
        if !c.eat(b'[') {
            return None;
        }
        if !c.eat(b']') {
            for n in 0.. {
                if n == MAX_PRODUCTS {
                    return None; // the general route reports the limit
                }
                let p = read_product_text(&mut c, &mut categories, &mut tags)?;
                let keys = LineKeys { sku: &p.sku, categories: categories.as_slice(), tags: tags.as_slice() };
                let points = self.points_of(&keys, p.price, true).ok()?;
                self.write_badge(&mut out, n == 0, &p.sku, points);
                if c.eat(b']') {
                    break;
                }
                if !c.eat(b',') {
                    return None;
                }
            }
        }
        if !c.at_end() {
            return None;
        }
        out.extend_from_slice(if out.ends_with(b"[") { b"]}" } else { b"\"}]}" });
        // Pieces of UTF-8 text and ASCII: valid.
        String::from_utf8(out).ok()
    }

    /// Appends `{"sku":…,"points":"…` (the closing `"}` comes with the next
    /// badge's comma, or at the end).
    fn write_badge(&self, out: &mut Vec<u8>, first: bool, sku: &str, points: Decimal) {
        out.extend_from_slice(if first { b"{\"sku\":\"" } else { b"\"},{\"sku\":\"" });
        write_string_body(out, sku);
        out.extend_from_slice(b"\",\"points\":\"");
        self.program.write_points(out, points);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::badges::read_products;
    use crate::json::{self, Value};
    use crate::member::Member;
    use crate::program::Program;
    use crate::time::Timestamp;

    fn program() -> Program {
        let text = r#"{"version":1,"currency":"USD","points":{"decimals":1,"rounding":"half_up"},
            "exclude":{"categories":["gift"]},"maxPointsPerOrder":"900",
            "earning":[{"id":"base","type":"spend","points":"1"},
                {"id":"third","type":"spend","points":"1","per":"3","lines":{"tags":["t1"]},"maxPoints":"50"},
                {"id":"x2","type":"multiplier","factor":"2","lines":{"categories":["c"]}}]}"#;
        Program::from_value(&json::parse(text).unwrap()).unwrap()
    }

    /// The badges of the general route: the parsed text, the products, the
    /// typed badges as JSON text.
    fn general(p: &Program, text: &str) -> Option<String> {
        let v = json::parse_stringified(text).ok()?;
        let products = read_products(&v, false).ok()?;
        serde_json::to_string(&engine(p).badges(&products).ok()?).ok()
    }

    fn engine(p: &Program) -> BadgeEngine<'_> {
        p.badge_engine(&Member::guest(), Timestamp::parse("2026-11-24T10:00:00Z").unwrap()).unwrap()
    }

    #[test]
    fn text_route_agrees_with_the_general_route() {
        let p = program();
        let many = format!("[{}]", vec![r#"{"sku":"A","price":"1"}"#; MAX_PRODUCTS].join(","));
        let valid = [
            "[]",
            r#"[{"sku":"A","price":"1.50"}]"#,
            r#"[{"price":12.5,"x":{"y":[1,2,{"z":true}]},"tags":["t1","t2"],"sku":"B\"\\\n\u00e9\ud83d\ude00","categories":[]}]"#,
            r#"[{"sku":"A","categories":["c\/d","c"],"tags":[],"price":"200"},{"sku":"","price":"-0","z":"null-ish"}]"#,
            r#"[{"sku":"\ud800 lone","price":"1e3","categories":["gift"]},{"sku":"\u0041","price":"1e12","tags":["t1"]}]"#,
            r#"[{"sku":"A","price":"1","x":[1, 2]},{"sku":"B","price":"299.99","categories":["c"],"tags":["t1"]}]"#,
            &many,
        ];
        for text in valid {
            let fast = engine(&p).badges_json_text(text).unwrap_or_else(|| panic!("text route refused {text}"));
            assert_eq!(Some(fast), general(&p, text), "{text}");
        }
    }

    #[test]
    fn text_route_leaves_the_rest_to_the_general_route() {
        let p = program();
        let long = format!(r#"[{{"sku":"{}","price":"1"}}]"#, "x".repeat(257));
        let deep = format!(r#"[{{"sku":"A","price":"1","x":{}{}}}]"#, "[".repeat(31), "]".repeat(31));
        let ok_deep = format!(r#"[{{"sku":"A","price":"1","x":{}{}}}]"#, "[".repeat(30), "]".repeat(30));
        assert!(engine(&p).badges_json_text(&ok_deep).is_some());
        let many = format!("[{}]", vec![r#"{"sku":"A","price":"1"}"#; MAX_PRODUCTS + 1].join(","));
        let invalid = [
            "",
            "{}",
            "[",
            "[{}]",
            "[1]",
            r#"[{"sku":"A"}]"#,
            r#"[{"price":"1"}]"#,
            r#"[{"sku":1,"price":"1"}]"#,
            r#"[{"sku":"A","price":"-1"}]"#,
            r#"[{"sku":"A","price":"abc"}]"#,
            r#"[{"sku":"A","price":"1.0000000000001"}]"#,
            r#"[{"sku":"A","price":1e+21}]"#,
            r#"[{"sku":"A","price":"1","tags":"t"}]"#,
            r#"[{"sku":"A","price":"1","tags":[1]}]"#,
            r#"[{"sku":"A","price":"1","tags":null}]"#,
            r#"[{"sku":"A","price":"1","sku":"B"}]"#,
            r#"[{"sku":"A","price":"1"}] x"#,
            r#"[{"sku":"A","price":"1"},]"#,
            r#"[{"sku":"A","price":"1",}]"#,
            r#"[{"sku":"A","price":"1","x":tru}]"#,
            r#"[{"sku":"A\u00","price":"1"}]"#,
            " []",
            "[]\n",
            r#"[{"sku":"A", "price":"1"}]"#,
            &long,
            &deep,
            &many,
        ];
        for text in invalid {
            assert!(engine(&p).badges_json_text(text).is_none(), "text route accepted {text}");
            // Whitespace and repeated keys (JSON.stringify writes neither)
            // and null (the binding sends no text with `null` here) the
            // general route reads; the rest it reports.
            let reads =
                text.contains(r#""sku":"B""#) || text.contains("null") || text.contains(", ") || text.trim() != text;
            assert_eq!(general(&p, text).is_some(), reads, "general route on {text}");
        }
        // A value out of range: the general route reports it (limit_exceeded).
        let p = Program::from_value(
            &json::parse(r#"{"version":1,"currency":"USD","earning":[{"id":"b","type":"spend","points":"1000000"}]}"#)
                .unwrap(),
        )
        .unwrap();
        let huge = r#"[{"sku":"A","price":"1"},{"sku":"B","price":"100000000000"}]"#;
        assert!(engine(&p).badges_json_text(huge).is_none());
        assert!(engine(&p).badges_json_text(r#"[{"sku":"A","price":"1"}]"#).is_some());
    }

    #[test]
    fn base_points_out_of_range_are_reported_in_scope_order_too() {
        // T = 0.0001: the term (10^6 × T × 10^11 = 10^13) is in range, the
        // base points (10^6 × 10^11) are not: limit_exceeded, as previewEarn.
        let p = Program::from_value(&json::parse(r#"{"version":1,"currency":"USD",
            "tiers":{"metric":"points","window":{"type":"lifetime"},"levels":[{"id":"a","threshold":"0","earnMultiplier":"0.0001"}]},
            "earning":[{"id":"b","type":"spend","points":"1000000"}]}"#).unwrap()).unwrap();
        let e = engine(&p);
        assert!(!e.base_in_range);
        assert!(e.badges_json_text(r#"[{"sku":"A","price":"100000000000"}]"#).is_none());
        assert_eq!(general(&p, r#"[{"sku":"A","price":"100000000000"}]"#), None);
        assert_eq!(
            e.badges_json_text(r#"[{"sku":"A","price":"1000"}]"#).as_deref(),
            Some(r#"{"badges":[{"sku":"A","points":"100000"}]}"#)
        );
        assert!(engine(&program()).base_in_range);
    }

    #[test]
    fn badges_json_escapes_skus() {
        let mut out = String::new();
        crate::json_text::write_string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
        assert_eq!(json::parse_stringified(&out), Ok(Value::String("a\"b\\c\nd\u{1}é".into())));
    }
}
