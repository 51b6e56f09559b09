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
        let mut p = Parser::new(self.text, MAX_DEPTH);
        p.pos = self.pos;
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

/// Whether `text` contains `null` (a word-at-a-time search for `n`).
pub fn contains_null(text: &str) -> bool {
    let bytes = text.as_bytes();
    let at = |i: usize| matches!(bytes.get(i..i + 4), Some(b"null"));
    const ONES: u64 = 0x0101_0101_0101_0101;
    const N: u64 = ONES * b'n' as u64;
    let mut i = 0;
    for chunk in bytes.chunks_exact(8) {
        // A zero byte where an `n` is.
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ N;
        // A high bit at every `n` (and maybe at a byte above one): only
        // those places are compared with `null`, not all eight (keys such
        // as `lines` and `unitPrice` put an `n` in most words).
        let mut candidates = x.wrapping_sub(ONES) & !x & (ONES << 7);
        while candidates != 0 {
            if at(i + (candidates.trailing_zeros() / 8) as usize) {
                return true;
            }
            candidates &= candidates - 1;
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
        // `o` is `n` ^ 1: the byte above an `n` can be flagged as one too.
        assert!(contains_null("ab nonull"));
        assert!(!contains_null("onononononononononono nul"));
    }
}
