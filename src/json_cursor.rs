//! Reading and writing JSON text without a [`Value`] tree, for the hot
//! paths of the wasm binding: a cursor over the text `JSON.stringify`
//! wrote (the products of `productBadges`), a search for `null`, and JSON
//! string escaping as `JSON.stringify` does it.
//!
//! Replaces `serde_json`'s string escaping and a `Value` tree per product.
//! Measured when written: this escaping, together with three smaller
//! changes, took the gzip `.wasm` from 100,712 to 98,939 bytes (commit
//! f60ea0e; `scripts/build-pkg` prints the size), and the text route is what
//! `scripts/bench` times for W2 (productBadges) in wasm.

use std::borrow::Cow;

use crate::json::{ParseError, Parser, MAX_DEPTH};

/// A cursor over text written by `JSON.stringify`, for a reader that wants
/// a few fields without building a [`Value`] tree (the products of
/// `productBadges`). It reads what `JSON.stringify` writes — no whitespace —
/// with the grammar of [`crate::json::parse_stringified`] (escapes, numbers and skipped
/// values by its parser), and answers `None` (or `false`) for anything else
/// than what was asked; the caller then parses the text with
/// [`crate::json::parse_stringified`], which reports the error or reads what this did not.
pub struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, pos: 0 }
    }

    /// Consumes `b` if it comes next.
    #[inline(always)]
    pub fn eat(&mut self, b: u8) -> bool {
        match self.text.as_bytes().get(self.pos) {
            Some(&next) if next == b => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    /// The next byte (0 at the end).
    #[inline(always)]
    pub fn peek(&self) -> u8 {
        match self.text.as_bytes().get(self.pos) {
            Some(&b) => b,
            None => 0,
        }
    }

    /// Consumes `literal` if the text goes on with it: the first eight bytes
    /// compared at once (`literal` at most 16 bytes).
    #[inline(always)]
    pub fn eat_literal(&mut self, literal: &Literal) -> bool {
        let bytes = self.text.as_bytes();
        let word = |at: usize| match bytes.get(at..at + 8) {
            Some(chunk) => u64::from_le_bytes(chunk.try_into().unwrap_or_default()),
            None => 0,
        };
        let hit = word(self.pos) & literal.masks[0] == literal.words[0]
            && (literal.len <= 8 || word(self.pos + 8) & literal.masks[1] == literal.words[1])
            && self.pos + literal.len <= bytes.len();
        if hit {
            self.pos += literal.len;
        }
        hit
    }

    /// A string, borrowed from the text when it has no escapes.
    pub fn string(&mut self) -> Option<Cow<'a, str>> {
        match self.plain_string() {
            Some(s) => Some(Cow::Borrowed(s)),
            None if self.peek() == b'"' => self.with_parser(Parser::string_cow),
            None => None,
        }
    }

    /// A string without escapes (`None` for one with escapes, or no string).
    #[inline(always)]
    pub fn plain_string(&mut self) -> Option<&'a str> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.pos;
        let end = special_byte(self.text.as_bytes(), start);
        if matches!(self.text.as_bytes().get(end), Some(b'"')) {
            self.pos = end + 1;
            // Both ends are ASCII, hence char boundaries.
            return self.text.get(start..end);
        }
        self.pos = start - 1;
        None
    }

    /// A number's text, as `JSON.stringify` wrote it (`String(n)`).
    pub fn number(&mut self) -> Option<&'a str> {
        if !matches!(self.peek(), b'-' | b'0'..=b'9') {
            return None;
        }
        self.with_parser(Parser::number_text)
    }

    /// Any value, discarded; `depth` as in [`crate::json::parse_stringified`] (root = 1).
    pub fn skip_value(&mut self, depth: usize) -> Option<()> {
        self.with_parser(|p| p.value(depth).map(drop))
    }

    /// Nothing is left.
    pub fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn with_parser<T>(&mut self, f: impl FnOnce(&mut Parser<'a, true>) -> Result<T, ParseError>) -> Option<T> {
        let mut p = Parser { text: self.text, pos: self.pos, max_depth: MAX_DEPTH };
        let out = f(&mut p).ok()?;
        self.pos = p.pos;
        Some(out)
    }
}

/// Up to 16 bytes of text as two little-endian words, for [`Cursor::eat_literal`].
pub struct Literal {
    words: [u64; 2],
    masks: [u64; 2],
    len: usize,
}

impl Literal {
    /// Only ever evaluated for constants (compile time): a bad literal or
    /// index fails the build, never a call.
    #[allow(clippy::indexing_slicing)]
    pub const fn new(text: &[u8]) -> Literal {
        assert!(!text.is_empty() && text.len() <= 16);
        let (mut words, mut masks) = ([0u64; 2], [0u64; 2]);
        let mut i = 0;
        while i < text.len() {
            words[i / 8] |= (text[i] as u64) << (8 * (i % 8));
            masks[i / 8] |= 0xFF << (8 * (i % 8));
            i += 1;
        }
        Literal { words, masks, len: text.len() }
    }
}

/// The index of the first `"`, `\\` or control character at or after
/// `from` (the length if none): eight bytes at a time.
fn special_byte(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES << 7;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let (quote, backslash) = (w ^ (ONES * 0x22), w ^ (ONES * 0x5C));
        // A high bit where a byte is 0 (quote, backslash) or below 0x20; the
        // lowest one is exact (borrows only run upwards).
        let found = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | w.wrapping_sub(ONES * 0x20) & !w)
            & HIGH;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// Whether every number of the JSON text `text` is written as JS `String(n)`
/// would write it, so that `JSON.parse` then `JSON.stringify` would leave it
/// as it is: `-?(0|[1-9][0-9]*)(.[0-9]*[1-9])?` with at most 15 significant
/// digits (a double keeps 15, so the shortest text of its double is itself)
/// and not below 10^-6 (`String` writes `1e-7`); not `-0`. Strings are
/// skipped; the text is not otherwise checked (the parser does that).
pub fn numbers_are_js_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                // To the closing quote, over escapes.
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += if c == b'\\' { 2 } else { 1 };
                    if c == b'"' {
                        break;
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let rest = bytes.get(i..).unwrap_or_default();
                let len =
                    rest.iter().take_while(|c| matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')).count();
                if !js_number_text(rest.get(..len).unwrap_or_default()) {
                    return false;
                }
                i += len;
            }
            _ => i += 1,
        }
    }
    true
}

fn js_number_text(n: &[u8]) -> bool {
    let digits = n.strip_prefix(b"-").unwrap_or(n);
    let (int, frac) = match digits.iter().position(|&c| c == b'.') {
        Some(dot) => (digits.get(..dot).unwrap_or_default(), digits.get(dot + 1..)),
        None => (digits, None),
    };
    let all_digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if !all_digits(int) || (int.len() > 1 && int.first() == Some(&b'0')) {
        return false;
    }
    let significant = match frac {
        None => int.len(),
        Some(frac) => {
            if !all_digits(frac) || frac.last() == Some(&b'0') {
                return false;
            }
            if int == b"0" {
                // 0.000001 is written so; 0.0000001 is 1e-7.
                let zeros = frac.iter().take_while(|&&c| c == b'0').count();
                if zeros >= 6 {
                    return false;
                }
                frac.len() - zeros
            } else {
                int.len() + frac.len()
            }
        }
    };
    significant <= 15 && n != b"-0"
}

/// Whether `text` contains `null` (a word-at-a-time search for `n`).
pub fn contains_null(text: &str) -> bool {
    let bytes = text.as_bytes();
    let at = |i: usize| matches!(bytes.get(i..i + 4), Some(b"null"));
    const ONES: u64 = 0x0101_0101_0101_0101;
    const N: u64 = ONES * b'n' as u64;
    let mut i = 0;
    for chunk in bytes.chunks_exact(8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ N; // a zero byte where an `n` is
        if x.wrapping_sub(ONES) & !x & (ONES << 7) != 0 && (i..i + 8).any(at) {
            return true;
        }
        i += 8;
    }
    (i..bytes.len()).any(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_byte_finds_the_first() {
        for len in 0..24 {
            for at in 0..=len {
                for special in [b'"', b'\\', 0u8, 0x1F, b'\n'] {
                    let mut text: Vec<u8> = (0..len).map(|i| b"a\xC3\xA9~ \x7F!"[i % 7]).collect();
                    if at < len {
                        text[at] = special;
                        if at + 1 < len {
                            text[at + 1] = b'"';
                        }
                    }
                    for from in 0..=at {
                        assert_eq!(special_byte(&text, from), at, "{text:?} from {from}");
                    }
                }
            }
        }
    }

    #[test]
    fn numbers_already_as_js_writes_them() {
        let js = r#"{"a":1,"b":-2.5,"c":"1e5 1.50 \"01","d":[0,0.000001,123456789012345,100,-7]}"#;
        assert!(numbers_are_js_text(js));
        // String(n) would write each of these otherwise.
        for n in ["1.50", "1.0", "1e2", "1E2", "-0", "0.0000001", "1234567890123456", "100000000000000000000000"] {
            assert!(!numbers_are_js_text(&format!(r#"{{"x":[1,{n}]}}"#)), "{n}");
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
            assert!(numbers_are_js_text(text));
            assert_eq!(crate::json::parse_js_text(text), Some(crate::json::parse(text)), "{text}");
        }
        // A repeated key, in a small or a large object, anywhere: that route is not taken.
        assert_eq!(crate::json::parse_js_text(r#"[{"a":1},{"b":{"a":1,"b":2,"a":3}}]"#), None);
        let large: Vec<String> = (0..40).map(|i| format!(r#""k{}":{i}"#, i % 39)).collect();
        assert_eq!(crate::json::parse_js_text(&format!("{{{}}}", large.join(","))), None);
    }

    #[test]
    fn contains_null_finds_every_position() {
        for len in 0..40 {
            for at in 0..len {
                let mut text = "x".repeat(len);
                text.insert_str(at, "null");
                assert!(contains_null(&text), "{text}");
                text.replace_range(at + 3..at + 4, "L");
                assert!(!contains_null(&text), "{text}");
            }
        }
        assert!(!contains_null("nnnnnnnnnnnnnnnnnull".get(..19).unwrap_or_default()));
        assert!(contains_null("nnnnnnnnnnnnnnnnnull"));
    }
}
