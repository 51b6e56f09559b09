//! Reading validated values out of a `json::Value` tree, with the JSON path of
//! every value at hand for errors (§1 "Errors", §8 "Inputs").
//!
//! Paths are built lazily: a `Path` is a chain of borrowed segments on the
//! stack and becomes text only when an error is reported, so validating a
//! 1,000-line cart allocates no path strings.

use crate::decimal::{self, Decimal, DecimalTextError};
use crate::error::{Error, ErrorCode, Result};
use crate::json::{Members, Value};
use crate::time::{Timestamp, UtcOffset};

/// Longest string input, in Unicode code points (§1 Limits).
pub const MAX_STRING_CHARS: usize = 256;
/// Most ids in one filter list (§1 Limits).
pub const MAX_FILTER_IDS: usize = 64;
/// Most `categories` or `tags` of a cart line or product, and `flags` of a
/// member (§1 Limits, v1.1): they bound the work of matching against rules.
pub const MAX_LINE_VALUES: usize = 64;

#[derive(Clone, Copy)]
pub enum Path<'a> {
    /// `""` for the program, `"cart"`, `"member"`, `"now"`…
    Root(&'static str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
    fn write(&self, out: &mut String) {
        match self {
            Path::Root(name) => out.push_str(name),
            Path::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

/// Which input is being read decides the error code of a bad value in it.
#[derive(Clone, Copy)]
pub struct Reader {
    pub code: ErrorCode,
}

impl Reader {
    pub const PROGRAM: Reader = Reader { code: ErrorCode::InvalidProgram };
    pub const CART: Reader = Reader { code: ErrorCode::InvalidCart };
    pub const MEMBER: Reader = Reader { code: ErrorCode::InvalidMember };
    pub const ARGUMENT: Reader = Reader { code: ErrorCode::InvalidArgument };

    pub fn error(self, path: &Path, message: impl Into<String>) -> Error {
        Error::new(self.code, path.render(), message)
    }

    fn type_error(self, path: &Path, expected: &str, got: &Value) -> Error {
        self.error(path, format!("expected {expected}, got {}", got.type_name()))
    }

    pub fn object<'v>(self, v: &'v Value<'v>, path: &Path) -> Result<&'v Members<'v>> {
        match v {
            Value::Object(entries) => Ok(entries),
            other => Err(self.type_error(path, "an object", other)),
        }
    }

    pub fn array<'v>(self, v: &'v Value<'v>, path: &Path) -> Result<&'v [Value<'v>]> {
        match v {
            Value::Array(items) => Ok(items),
            other => Err(self.type_error(path, "an array", other)),
        }
    }

    pub fn string<'v>(self, v: &'v Value<'v>, path: &Path) -> Result<&'v str> {
        match v {
            Value::String(s) => {
                check_length(s, path)?;
                Ok(s)
            }
            other => Err(self.type_error(path, "a string", other)),
        }
    }

    pub fn boolean(self, v: &Value, path: &Path) -> Result<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            other => Err(self.type_error(path, "true or false", other)),
        }
    }

    /// A decimal given as a string or a JSON number (read through its text).
    pub fn decimal(self, v: &Value, path: &Path) -> Result<Decimal> {
        let text = match v {
            Value::String(s) => {
                check_length(s, path)?;
                &**s
            }
            Value::Number(n) => &**n,
            other => return Err(self.type_error(path, "a decimal string", other)),
        };
        decimal::parse_decimal(text).map_err(|e| match e {
            DecimalTextError::Invalid(why) => self.error(path, format!("{why}: \"{text}\"")),
            DecimalTextError::TooLarge => {
                Error::new(ErrorCode::LimitExceeded, path.render(), format!("{text} exceeds 10^12 in magnitude"))
            }
        })
    }

    /// A decimal `≥ 0` (or `> 0` when `positive`), with at most `max_places` places.
    pub fn amount(self, v: &Value, path: &Path, positive: bool, max_places: Option<u32>) -> Result<Decimal> {
        let x = self.decimal(v, path)?;
        if positive && x <= Decimal::ZERO {
            return Err(self.error(path, "must be greater than 0"));
        }
        if x.is_sign_negative() && !x.is_zero() {
            return Err(self.error(path, "must not be negative"));
        }
        if let Some(p) = max_places {
            if decimal::places(x) > p {
                return Err(self.error(path, format!("has more than {p} decimal places")));
            }
        }
        Ok(x)
    }

    /// An integer field: a JSON number with an integral value in `min..=max`.
    pub fn integer(self, v: &Value, path: &Path, min: i64, max: i64) -> Result<i64> {
        let Value::Number(text) = v else {
            return Err(self.type_error(path, "an integer number", v));
        };
        let x = decimal::parse_decimal(text)
            .ok()
            .filter(|x| decimal::is_integer(*x))
            .and_then(|x| i64::try_from(x).ok())
            .ok_or_else(|| self.error(path, format!("expected an integer, got {text}")))?;
        if x < min || x > max {
            return Err(self.error(path, format!("must be between {min} and {max}")));
        }
        Ok(x)
    }

    pub fn timestamp(self, v: &Value, path: &Path) -> Result<Timestamp> {
        let s = self.string(v, path)?;
        Timestamp::parse(s).map_err(|e| self.error(path, format!("\"{s}\": {}", e.0)))
    }

    pub fn utc_offset(self, v: &Value, path: &Path) -> Result<UtcOffset> {
        let s = self.string(v, path)?;
        UtcOffset::parse(s).map_err(|e| self.error(path, format!("\"{s}\": {}", e.0)))
    }

    /// A list of strings; `limit` caps its length (`limit_exceeded` at the list).
    /// A list of strings, borrowed from the input (a programme's id lists
    /// are copied once, into what keeps them); [`Reader::owned_strings`] for
    /// a cart's or member's.
    pub fn strings<'v>(self, v: &'v Value<'v>, path: &Path, limit: Option<usize>) -> Result<Vec<&'v str>> {
        let items = self.array(v, path)?;
        if let Some(max) = limit {
            if items.len() > max {
                return Err(Error::new(
                    ErrorCode::LimitExceeded,
                    path.render(),
                    format!("{} entries; at most {max} allowed", items.len()),
                ));
            }
        }
        items.iter().enumerate().map(|(i, item)| self.string(item, &path.index(i))).collect()
    }

    pub fn owned_strings(self, v: &Value, path: &Path, limit: Option<usize>) -> Result<Vec<String>> {
        Ok(self.strings(v, path, limit)?.into_iter().map(str::to_owned).collect())
    }
}

pub(crate) fn check_length(s: &str, path: &Path) -> Result<()> {
    if !within_length(s) {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            path.render(),
            format!("string longer than {MAX_STRING_CHARS} characters"),
        ));
    }
    Ok(())
}

/// At most [`MAX_STRING_CHARS`] code points.
#[inline(always)]
pub(crate) fn within_length(s: &str) -> bool {
    // Bytes bound code points from above: only long strings need counting.
    // Code points are the bytes that do not continue one (not 10xxxxxx): a
    // plain loop, 165 bytes less wasm than `chars().count()`.
    s.len() <= MAX_STRING_CHARS || s.bytes().filter(|b| b & 0xC0 != 0x80).count() <= MAX_STRING_CHARS
}

/// Field access on an object, treating `null` as absent (§8), and — for the
/// program, where a misspelt key must not silently do nothing — rejecting
/// keys outside an allowed list.
pub struct Fields<'v, 'p> {
    pub entries: &'v Members<'v>,
    pub path: &'p Path<'p>,
    pub reader: Reader,
}

impl<'v, 'p> Fields<'v, 'p> {
    pub fn of(reader: Reader, v: &'v Value<'v>, path: &'p Path<'p>) -> Result<Self> {
        Ok(Fields { entries: reader.object(v, path)?, path, reader })
    }

    /// The field's value, `None` when absent or `null`.
    pub fn get(&self, key: &str) -> Option<&'v Value<'v>> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| !matches!(v, Value::Null))
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn required(&self, key: &'static str) -> Result<&'v Value<'v>> {
        self.get(key).ok_or_else(|| self.reader.error(&self.path.key(key), format!("{key} is required")))
    }

    /// Strict mode (an opt-in for development, `strict: true`): the first
    /// key not in `known` is an error at its path, naming the known key it
    /// is probably a misspelling of. Otherwise such keys are ignored, as §8
    /// says of carts, members, products and arguments (storefront objects
    /// carry more).
    pub fn known(&self, known: &[&str], strict: bool) -> Result<()> {
        if !strict {
            return Ok(());
        }
        match self.entries.iter().find(|(k, _)| !known.contains(&&**k)) {
            Some((k, _)) => Err(unknown_field(self.reader, self.path.key(k).render(), k, known)),
            None => Ok(()),
        }
    }

    /// Rejects the first key not in `allowed` (null-valued ones too, §8).
    pub fn deny_unknown(&self, allowed: &[&str]) -> Result<()> {
        for (k, _) in self.entries {
            if !allowed.contains(&&**k) {
                return Err(self.reader.error(&self.path.key(k), format!("unknown field \"{k}\"")));
            }
        }
        Ok(())
    }
}

/// Strict mode's error for `key`, at `path`: the known field it probably
/// misspells, else the list of known fields.
pub(crate) fn unknown_field(reader: Reader, path: String, key: &str, known: &[&str]) -> Error {
    let hint = match known.iter().find(|x| near(key, x)) {
        Some(x) => format!(" (did you mean \"{x}\"?)"),
        None => format!("; known fields: {}", known.join(", ")),
    };
    Error::new(reader.code, path, format!("unknown field \"{key}\"{hint}"))
}

/// `a` is `b` but for letter case or a small edit distance (one insert,
/// delete or replace for a key of up to 4 letters, two for longer ones):
/// `shiping`, `balanse`, `Now`. Bytes, not chars: the known keys are ASCII.
fn near(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let limit = if b.len() <= 4 { 1 } else { 2 };
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    // Levenshtein distance, row by row, letter case ignored.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = Vec::with_capacity(b.len() + 1);
        let mut left = i + 1;
        row.push(left);
        for (cb, (diagonal, up)) in b.iter().zip(previous.iter().zip(previous.iter().skip(1))) {
            left = (diagonal + usize::from(!ca.eq_ignore_ascii_case(cb))).min(up + 1).min(left + 1);
            row.push(left);
        }
        previous = row;
    }
    previous.last().is_some_and(|&d| d <= limit)
}

impl<'v> Fields<'v, '_> {
    /// A required decimal field ≥ 0 (> 0 when `positive`).
    pub fn required_amount(&self, key: &'static str, positive: bool) -> Result<Decimal> {
        self.reader.amount(self.required(key)?, &self.path.key(key), positive, None)
    }

    /// An optional decimal field ≥ 0.
    pub fn optional_amount(&self, key: &'static str) -> Result<Option<Decimal>> {
        self.get(key).map(|v| self.reader.amount(v, &self.path.key(key), false, None)).transpose()
    }

    /// Borrowed from the input: a programme's ids, names and currency are
    /// copied once, into what keeps them.
    pub fn required_string(&self, key: &'static str) -> Result<&'v str> {
        self.reader.string(self.required(key)?, &self.path.key(key))
    }

    pub fn optional_string(&self, key: &'static str) -> Result<Option<&'v str>> {
        self.get(key).map(|v| self.reader.string(v, &self.path.key(key))).transpose()
    }

    pub fn optional_timestamp(&self, key: &'static str) -> Result<Option<Timestamp>> {
        self.get(key).map(|v| self.reader.timestamp(v, &self.path.key(key))).transpose()
    }
}

/// A program enum value (`"floor"`, `"spend"`…): one of `allowed`, else
/// `invalid_program` listing them.
pub fn enum_text<'v>(v: &'v Value, path: &Path, allowed: &[&str]) -> Result<&'v str> {
    let s = Reader::PROGRAM.string(v, path)?;
    if allowed.contains(&s) {
        Ok(s)
    } else {
        let mut message = format!("unknown value \"{s}\"; one of ");
        for (i, a) in allowed.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            message.push_str(a);
        }
        Err(Reader::PROGRAM.error(path, message))
    }
}

/// A program list with at most `max` items (`limit_exceeded` beyond).
pub fn limited_list<'v>(v: &'v Value<'v>, path: &Path, max: usize, what: &str) -> Result<&'v [Value<'v>]> {
    let items = Reader::PROGRAM.array(v, path)?;
    if items.len() > max {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            path.render(),
            format!("{} {what}; at most {max} allowed", items.len()),
        ));
    }
    Ok(items)
}

/// Ids are unique within their list (§2).
pub fn unique_id<'v>(seen: &mut Vec<&'v str>, id: &'v str, path: &Path) -> Result<()> {
    if seen.contains(&id) {
        return Err(Reader::PROGRAM.error(path, format!("duplicate id \"{id}\"")));
    }
    seen.push(id);
    Ok(())
}

/// Maps a JSON text parse failure of the input at `path` to the spec's error.
pub fn json_error(e: crate::json::ParseError, path: &str) -> Error {
    match e {
        crate::json::ParseError::TooDeep => Error::new(
            ErrorCode::LimitExceeded,
            path,
            format!("nested deeper than {} arrays/objects", crate::json::MAX_DEPTH),
        ),
        crate::json::ParseError::Syntax(msg) => Error::new(ErrorCode::InvalidJson, path, msg),
    }
}
