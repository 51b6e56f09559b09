//! The short texts of a compiled programme: rule, reward and level ids,
//! level names, the ids its filters list, its currency.
//!
//! Why not `String`: a `String` is 12 bytes in wasm plus an allocation of
//! at least 16 (and the allocator's own 4), and a programme holds dozens of
//! them, nearly all of a few bytes ("base", "gold", "r10", "POD-10"). A
//! [`Name`] is as large as a `String` but keeps up to 10 bytes inline (18
//! natively): the W1 programme went from 103 allocations to 51 and from
//! 5,849 to 4,981 bytes of wasm memory per `Program` (issue 10's note;
//! speed unchanged within noise, `bench/ab.mjs`).

use std::fmt;
use std::ops::Deref;

/// Bytes kept inline: as many as fit beside the length and the enum's tag
/// in the size of a `Box<str>` plus 4 (12 bytes in wasm, 24 natively).
const INLINE: usize = 2 * std::mem::size_of::<usize>() + 2;

/// A short text, inline when it has at most [`INLINE`] bytes.
#[derive(Clone)]
pub struct Name(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Name {
    pub fn new(text: &str) -> Name {
        let mut bytes = [0; INLINE];
        match (bytes.get_mut(..text.len()), u8::try_from(text.len())) {
            (Some(inline), Ok(len)) => {
                inline.copy_from_slice(text.as_bytes());
                Name(Repr::Inline { len, bytes })
            }
            _ => Name(Repr::Heap(text.into())),
        }
    }

    /// The text's bytes, without the UTF-8 check of [`Name::as_str`]: what
    /// comparisons use (a filter compares a product's values with its ids).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Repr::Heap(text) => text.as_bytes(),
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Always valid: the bytes are a whole `str` (`new`).
            Repr::Inline { len, bytes } => {
                bytes.get(..usize::from(*len)).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default()
            }
            Repr::Heap(text) => text,
        }
    }
}

impl Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

// No `Display` on purpose: `name.to_string()` then goes to `str`'s, a
// plain copy, where `Display` would route it through the formatter (W1,
// which copies every rule id it names, took 1.15x the time that way).

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{Name, Repr, INLINE};

    #[test]
    fn short_texts_inline_long_ones_on_the_heap_both_read_back() {
        let inline_max = "x".repeat(INLINE);
        let longer = "y".repeat(INLINE + 1);
        for text in ["", "base", "żółć", inline_max.as_str(), longer.as_str(), "électronique-extra-2x"] {
            let name = Name::new(text);
            assert_eq!(name.as_str(), text);
            assert_eq!(name, text);
            assert_eq!(matches!(name.0, Repr::Inline { .. }), text.len() <= INLINE, "{text}");
        }
        assert_eq!(std::mem::size_of::<Name>(), std::mem::size_of::<String>());
        assert_eq!(format!("{:?}", Name::new("a\"b")), r#""a\"b""#);
        // No `Display`: `to_string` is `str`'s, a copy, not the formatter's.
        assert_eq!(Name::new("gold").to_string(), "gold");
    }
}
