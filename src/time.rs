//! RFC 3339 timestamps and calendar arithmetic in a fixed UTC offset.
//!
//! Replaces `chrono` or `time`: the spec needs only fixed offsets (no time
//! zones), month addition with clamping and millisecond instants, about 400
//! lines here, where either crate would add its parsing and formatting
//! machinery to every shopper's `.wasm`.
//!
//! Instants are plain epoch milliseconds so they order, hash and subtract
//! cheaply. Every calendar question (which day, month, year, weekday) is
//! answered on the wall clock of a programme's fixed `utcOffset`: shift the
//! instant by the offset, do civil-date math as if it were UTC, shift back.
//! Fixed offsets have no DST, so a day is always 24 h.
//!
//! Nothing here may panic: this runs in wasm, where a panic kills the
//! instance. Input-derived arithmetic is checked; functions that take an
//! already-valid `Timestamp` use saturating arithmetic so that even a
//! hand-built out-of-range value yields garbage-in/garbage-out, not a trap.

use crate::decimal::{Calc, Overflow};
use std::fmt;

/// An instant, to the millisecond, between years 0001 and 9999 (§8):
/// parsed from RFC 3339 text with an offset ([`Timestamp::parse`]),
/// printed and serialized in UTC (`2026-11-24T10:00:00Z`, with `.sss` only
/// when the milliseconds are not zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub(crate) i64);

/// Offset from UTC in minutes (e.g. +09:00 = 540).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct UtcOffset(pub(crate) i32);

/// Why a timestamp was rejected (the text of the error message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeError(pub(crate) String);

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TimeError {}

fn err<T>(msg: impl Into<String>) -> Result<T, TimeError> {
    Err(TimeError(msg.into()))
}

const MS_PER_DAY: i64 = 86_400_000;
/// 0001-01-01T00:00:00.000Z (-62135596800 s).
const MIN_MS: i64 = -62_135_596_800_000;
/// 9999-12-31T23:59:59.999Z (253402300799 s + 999 ms).
const MAX_MS: i64 = 253_402_300_799_999;

const NOT_RFC3339: &str = "not an RFC 3339 timestamp with offset";

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01 of the proleptic
/// Gregorian date. Euclidean division keeps it exact for years <= 0; the
/// saturating ops only matter for absurd years and keep it panic-free.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let (m, d) = (i64::from(m), i64::from(d));
    let y = if m <= 2 { y.saturating_sub(1) } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let mp = if m > 2 { m - 3 } else { m + 9 }; // March-based month [0, 11]
    let doy = (153 * mp + 2) / 5 + d - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era.saturating_mul(146_097).saturating_add(doe - 719_468)
}

/// Howard Hinnant's `civil_from_days`: inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32; // [1, 12]
    let y = era.saturating_mul(400).saturating_add(yoe);
    (if m <= 2 { y.saturating_add(1) } else { y }, m, d)
}

fn is_leap(y: i64) -> bool {
    y.rem_euclid(4) == 0 && (y.rem_euclid(100) != 0 || y.rem_euclid(400) == 0)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The single place that enforces the representable range, so every
/// constructor agrees on what "beyond year 9999" means.
fn in_range(ms: i64) -> Result<Timestamp, TimeError> {
    if ms > MAX_MS {
        err("beyond year 9999")
    } else if ms < MIN_MS {
        err("before year 0001")
    } else {
        Ok(Timestamp(ms))
    }
}

/// Byte cursor: parsing works on bytes so multibyte UTF-8 can never cause a
/// char-boundary slice panic; any non-ASCII byte simply fails to match.
struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
}

// Inlined by hand, as the JSON parser's byte helpers: at opt-level "z"
// they stay calls, a dozen per timestamp, and a statement reads two per event.
impl Cursor<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    #[inline(always)]
    fn eat(&mut self, pred: impl Fn(u8) -> bool) -> Option<u8> {
        let c = self.peek().filter(|&c| pred(c))?;
        self.pos += 1;
        Some(c)
    }

    #[inline(always)]
    fn lit(&mut self, want: u8) -> Option<()> {
        self.eat(|c| c == want).map(|_| ())
    }

    /// Exactly `n` ASCII digits (n <= 4, so no overflow).
    #[inline(always)]
    fn num(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let c = self.eat(|c| c.is_ascii_digit())?;
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    }

    /// `±HH:MM` with range checks; shared by timestamps and `utcOffset`.
    fn offset(&mut self) -> Result<UtcOffset, TimeError> {
        let sign = match self.eat(|c| c == b'+' || c == b'-') {
            Some(b'-') => -1,
            Some(_) => 1,
            None => return err("offset must be ±HH:MM"),
        };
        let hm = (|| {
            let h = self.num(2)?;
            self.lit(b':')?;
            Some((h, self.num(2)?))
        })();
        let Some((h, m)) = hm else {
            return err("offset must be ±HH:MM");
        };
        if h > 23 {
            return err(format!("offset hour {h:02} out of range"));
        }
        if m > 59 {
            return err(format!("offset minute {m:02} out of range"));
        }
        Ok(UtcOffset(sign * (h * 60 + m) as i32))
    }
}

impl UtcOffset {
    /// Accepts only `±HH:MM` (no `Z`), as the programme schema requires.
    pub(crate) fn parse(s: &str) -> Result<UtcOffset, TimeError> {
        let mut c = Cursor { b: s.as_bytes(), pos: 0 };
        let off = c.offset()?;
        if c.peek().is_some() {
            return err("offset must be ±HH:MM");
        }
        Ok(off)
    }

    fn millis(self) -> i64 {
        i64::from(self.0) * 60_000
    }
}

impl Timestamp {
    /// RFC 3339 with mandatory offset. Sub-millisecond digits are truncated
    /// (not rounded) so a value never moves into the next second/day. The
    /// resulting UTC instant must itself lie in years 0001..=9999, so that
    /// every parsed value can be formatted back.
    pub fn parse(s: &str) -> Result<Timestamp, TimeError> {
        let mut c = Cursor { b: s.as_bytes(), pos: 0 };
        let fields = (|| {
            let y = c.num(4)?;
            c.lit(b'-')?;
            let mo = c.num(2)?;
            c.lit(b'-')?;
            let d = c.num(2)?;
            c.eat(|b| b == b'T' || b == b't' || b == b' ')?;
            let h = c.num(2)?;
            c.lit(b':')?;
            let mi = c.num(2)?;
            c.lit(b':')?;
            let sec = c.num(2)?;
            let mut ms = 0u32;
            if c.lit(b'.').is_some() {
                let mut n = 0;
                while let Some(dig) = c.eat(|b| b.is_ascii_digit()) {
                    n += 1;
                    if n <= 3 {
                        ms = ms * 10 + u32::from(dig - b'0');
                    }
                }
                if !(1..=9).contains(&n) {
                    return None;
                }
                for _ in n..3 {
                    ms *= 10;
                }
            }
            Some((y, mo, d, h, mi, sec, ms))
        })();
        let Some((y, mo, d, h, mi, sec, ms)) = fields else {
            return err(NOT_RFC3339);
        };
        let off = if c.eat(|b| b == b'Z' || b == b'z').is_some() {
            UtcOffset(0)
        } else if matches!(c.peek(), Some(b'+' | b'-')) {
            c.offset()?
        } else {
            return err(NOT_RFC3339);
        };
        if c.peek().is_some() {
            return err(NOT_RFC3339);
        }
        if y == 0 {
            return err("year 0000 out of range");
        }
        if !(1..=12).contains(&mo) {
            return err(format!("month {mo} out of range"));
        }
        let y = i64::from(y);
        if d == 0 || d > days_in_month(y, mo) {
            return err(format!("day {d} out of range for {y:04}-{mo:02}"));
        }
        if h > 23 {
            return err(format!("hour {h} out of range"));
        }
        if mi > 59 {
            return err(format!("minute {mi} out of range"));
        }
        if sec > 59 {
            return err(format!("second {sec} out of range"));
        }
        // Bounded inputs: |value| < 3e14, no overflow possible.
        let local = days_from_civil(y, mo, d) * MS_PER_DAY
            + i64::from(h) * 3_600_000
            + i64::from(mi) * 60_000
            + i64::from(sec) * 1000
            + i64::from(ms);
        in_range(local - off.millis())
    }

    /// Canonical UTC form; milliseconds only when non-zero so whole-second
    /// values stay short and byte-stable.
    pub fn format(self) -> Result<String, TimeError> {
        self.with_text(|text| text.to_owned())
    }

    /// `f` of the canonical text, written on the stack: serializing a
    /// timestamp allocates nothing (a statement prints two per lot).
    fn with_text<T>(self, f: impl FnOnce(&str) -> T) -> Result<T, TimeError> {
        let ms = in_range(self.0)?.0;
        let (y, m, d) = civil_from_days(ms.div_euclid(MS_PER_DAY));
        let tod = ms.rem_euclid(MS_PER_DAY);
        let (h, mi, s, frac) = (tod / 3_600_000, tod / 60_000 % 60, tod / 1000 % 60, tod % 1000);
        // Digits by hand into a stack buffer: `format!` cost a fifth of a
        // 2,000-event statement in wasm (issue 10's note). In range, y is
        // 1..=9999: YYYY-MM-DDTHH:MM:SS(.mmm)Z is 20 or 24 ASCII bytes.
        let mut buf = *b"0000-00-00T00:00:00.000Z";
        for (n, at, width) in
            [(y, 0, 4), (m.into(), 5, 2), (d.into(), 8, 2), (h, 11, 2), (mi, 14, 2), (s, 17, 2), (frac, 20, 3)]
        {
            put_digits(&mut buf, n, at, width);
        }
        let len = if frac == 0 {
            // No milliseconds: `Z` right after the seconds.
            if let Some(b) = buf.get_mut(19) {
                *b = b'Z';
            }
            20
        } else {
            24
        };
        // ASCII digits and separators only: always UTF-8.
        std::str::from_utf8(buf.get(..len).unwrap_or_default())
            .map(f)
            .map_err(|_| TimeError(String::from("not printable")))
    }

    pub(crate) fn add_millis(self, ms: i64) -> Result<Timestamp, TimeError> {
        match self.0.checked_add(ms) {
            Some(v) => in_range(v),
            None if ms > 0 => err("beyond year 9999"),
            None => err("before year 0001"),
        }
    }

    /// Days are exactly 24 h: fixed offsets have no DST transitions.
    pub(crate) fn add_days(self, days: i64) -> Result<Timestamp, TimeError> {
        match days.checked_mul(MS_PER_DAY) {
            Some(ms) => self.add_millis(ms),
            None if days > 0 => err("beyond year 9999"),
            None => err("before year 0001"),
        }
    }

    /// Calendar months on the offset's wall clock: the local day of month is
    /// kept and clamped to the target month's length (Jan 31 + 1 = Feb 28/29),
    /// and the local time of day is kept.
    pub(crate) fn add_months(self, months: i64, offset: UtcOffset) -> Result<Timestamp, TimeError> {
        let local = in_range(self.0)?.0 + offset.millis(); // both bounded
        let (y, m, d) = civil_from_days(local.div_euclid(MS_PER_DAY));
        let tod = local.rem_euclid(MS_PER_DAY);
        let Some(total) = (y * 12 + i64::from(m) - 1).checked_add(months) else {
            return err(if months > 0 { "beyond year 9999" } else { "before year 0001" });
        };
        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        // Local years 0 and 10000 can still map to in-range UTC instants near
        // the edges; anything further is out for sure and would only risk
        // overflow below.
        if ny > 10_000 {
            return err("beyond year 9999");
        }
        if ny < 0 {
            return err("before year 0001");
        }
        let nd = d.min(days_in_month(ny, nm));
        in_range(days_from_civil(ny, nm, nd) * MS_PER_DAY + tod - offset.millis())
    }

    /// Local wall-clock milliseconds; saturating so any i64 is panic-free.
    fn local(self, offset: UtcOffset) -> i64 {
        self.0.saturating_add(offset.millis())
    }

    /// Converts a local day number back to the UTC instant of its midnight.
    fn local_midnight(day: i64, offset: UtcOffset) -> Timestamp {
        Timestamp(day.saturating_mul(MS_PER_DAY).saturating_sub(offset.millis()))
    }

    pub(crate) fn year(self, offset: UtcOffset) -> i32 {
        let (y, _, _) = civil_from_days(self.local(offset).div_euclid(MS_PER_DAY));
        y.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
    }

    /// Year 10000 is refused even though its start at a positive offset is
    /// still representable: callers treat it as a limit, not a boundary.
    pub(crate) fn start_of_year(year: i64, offset: UtcOffset) -> Result<Timestamp, TimeError> {
        if year > 9999 {
            return err("beyond year 9999");
        }
        if year < 1 {
            return err("before year 0001");
        }
        in_range(days_from_civil(year, 1, 1) * MS_PER_DAY - offset.millis())
    }

    pub(crate) fn start_of_day(self, offset: UtcOffset) -> Timestamp {
        Self::local_midnight(self.local(offset).div_euclid(MS_PER_DAY), offset)
    }

    pub(crate) fn start_of_month(self, offset: UtcOffset) -> Timestamp {
        let day = self.local(offset).div_euclid(MS_PER_DAY);
        let (_, _, d) = civil_from_days(day);
        Self::local_midnight(day - i64::from(d) + 1, offset)
    }

    pub(crate) fn start_of_local_year(self, offset: UtcOffset) -> Timestamp {
        let (y, _, _) = civil_from_days(self.local(offset).div_euclid(MS_PER_DAY));
        Self::local_midnight(days_from_civil(y, 1, 1), offset)
    }

    /// 1970-01-01 was a Thursday (4), hence the +3 shift.
    pub(crate) fn iso_weekday(self, offset: UtcOffset) -> u8 {
        let day = self.local(offset).div_euclid(MS_PER_DAY);
        (day.saturating_add(3).rem_euclid(7) + 1) as u8
    }
}

/// A result's timestamp, checked printable: a date past year 9999 is out of
/// the engine's range ([`Overflow`], `limit_exceeded` at the operation's
/// first argument, §8).
pub(crate) fn format_time(t: Timestamp) -> Calc<Timestamp> {
    // The range check `format` starts with, without printing (it printed
    // every lot's dates twice in a statement).
    in_range(t.0).map_err(|_| Overflow)
}

/// `n` (0 ≤ n < 10^width) as `width` decimal digits into `buf[at..]`.
fn put_digits(buf: &mut [u8], mut n: i64, at: usize, width: usize) {
    for i in (at..at + width).rev() {
        if let Some(b) = buf.get_mut(i) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format() {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}ms", self.0),
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Results hold only timestamps checked by `format_time`.
        self.with_text(|text| s.serialize_str(text)).map_err(serde::ser::Error::custom)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-01-01T00:00:00Z: 56 years after 1970 with 14 leap days
    /// (1972..=2024) = 20454 days = 1_767_225_600 s.
    const Y2026: i64 = 1_767_225_600_000;
    const JST: UtcOffset = UtcOffset(540);
    const EST: UtcOffset = UtcOffset(-300);
    const UTC: UtcOffset = UtcOffset(0);

    fn ts(s: &str) -> Timestamp {
        match Timestamp::parse(s) {
            Ok(t) => t,
            Err(e) => panic!("{s}: {}", e.0),
        }
    }

    fn fmt(t: Timestamp) -> String {
        t.format().unwrap_or_else(|e| e.0)
    }

    #[test]
    fn parse_basic_forms() {
        assert_eq!(ts("1970-01-01T00:00:00Z"), Timestamp(0));
        assert_eq!(ts("2000-01-01T00:00:00Z"), Timestamp(946_684_800_000));
        assert_eq!(ts("2026-01-01T00:00:00Z"), Timestamp(Y2026));
        assert_eq!(ts("2026-01-01t00:00:00z"), Timestamp(Y2026));
        assert_eq!(ts("2026-01-01 00:00:00Z"), Timestamp(Y2026));
        assert_eq!(ts("2026-01-01T09:00:00+09:00"), Timestamp(Y2026));
        assert_eq!(ts("2025-12-31T19:00:00-05:00"), Timestamp(Y2026));
        assert_eq!(ts("2026-01-01T05:30:00+05:30"), Timestamp(Y2026));
        assert_eq!(ts("2026-01-01T00:00:00+00:00"), Timestamp(Y2026));
        assert_eq!(ts("2026-01-01T00:00:00-00:00"), Timestamp(Y2026));
        assert_eq!(ts("2028-02-29T00:00:00Z"), Timestamp(Y2026 + 789 * MS_PER_DAY));
    }

    #[test]
    fn parse_fractions_truncate_to_ms() {
        assert_eq!(ts("2026-01-01T00:00:00.5Z"), Timestamp(Y2026 + 500));
        assert_eq!(ts("2026-01-01T00:00:00.123Z"), Timestamp(Y2026 + 123));
        assert_eq!(ts("2026-01-01T00:00:00.987654321Z"), Timestamp(Y2026 + 987));
        assert_eq!(ts("2026-01-01T00:00:00.9999+00:00"), Timestamp(Y2026 + 999));
        assert_eq!(ts("2026-01-01T00:00:00.05Z"), Timestamp(Y2026 + 50));
    }

    #[test]
    fn parse_edges_of_range() {
        assert_eq!(ts("0001-01-01T00:00:00Z"), Timestamp(MIN_MS));
        assert_eq!(ts("9999-12-31T23:59:59.999Z"), Timestamp(MAX_MS));
        // Written years are fine but the instants fall outside 0001..=9999 UTC.
        assert!(Timestamp::parse("0001-01-01T00:00:00+01:00").is_err());
        assert!(Timestamp::parse("9999-12-31T23:30:00-01:00").is_err());
    }

    #[test]
    fn parse_rejects() {
        for bad in [
            "",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:60Z",
            "2026-02-30T00:00:00Z",
            "2027-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "0000-01-01T00:00:00Z",
            "2026-01-01T00:00:00+24:00",
            "2026-01-01T00:00:00+09:60",
            "2026-01-01T00:00:00+0900",
            "2026-01-01T00:00:00+9:00",
            "2026-01-01T00:00:00Zjunk",
            "2026-01-01T00:00:00Z ",
            "2026-01-01T00:00:00+09:00x",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00.1234567890Z",
            "2026-01-01X00:00:00Z",
            "2026-01-01T00:00Z",
            "26-01-01T00:00:00Z",
            "2026-1-01T00:00:00Z",
            "+2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00Ż",
            "２０２６-01-01T00:00:00Z",
            "2026-01-01T00:00:00+09:0é",
            "2026-01-01T00:00:00.1é",
            "é",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn parse_error_messages() {
        let msg = |s| Timestamp::parse(s).err().map(|e| e.0).unwrap_or_default();
        assert_eq!(msg("2026-01-01T00:00:00"), NOT_RFC3339);
        assert_eq!(msg("2026-13-01T00:00:00Z"), "month 13 out of range");
        assert_eq!(msg("9999-12-31T23:30:00-01:00"), "beyond year 9999");
    }

    #[test]
    fn offset_parse() {
        assert_eq!(UtcOffset::parse("+09:00"), Ok(JST));
        assert_eq!(UtcOffset::parse("-05:00"), Ok(EST));
        assert_eq!(UtcOffset::parse("+00:00"), Ok(UTC));
        assert_eq!(UtcOffset::parse("+05:45"), Ok(UtcOffset(345)));
        assert_eq!(UtcOffset::parse("-23:59"), Ok(UtcOffset(-1439)));
        for bad in ["", "Z", "09:00", "+9:00", "+24:00", "+09:60", "+0900", "+09:00 ", "+09:0é", "−05:00"] {
            assert!(UtcOffset::parse(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn format_output() {
        assert_eq!(fmt(Timestamp(0)), "1970-01-01T00:00:00Z");
        assert_eq!(fmt(Timestamp(Y2026)), "2026-01-01T00:00:00Z");
        assert_eq!(fmt(Timestamp(Y2026 + 500)), "2026-01-01T00:00:00.500Z");
        assert_eq!(fmt(Timestamp(Y2026 + 7)), "2026-01-01T00:00:00.007Z");
        assert_eq!(fmt(ts("2026-01-01T09:00:00.000+09:00")), "2026-01-01T00:00:00Z");
        assert_eq!(fmt(ts("2026-11-24T08:15:30.250-05:00")), "2026-11-24T13:15:30.250Z");
        assert_eq!(fmt(Timestamp(-1)), "1969-12-31T23:59:59.999Z");
        assert_eq!(fmt(Timestamp(MIN_MS)), "0001-01-01T00:00:00Z");
        assert_eq!(fmt(Timestamp(MAX_MS)), "9999-12-31T23:59:59.999Z");
        assert!(Timestamp(MAX_MS + 1).format().is_err());
        assert!(Timestamp(MIN_MS - 1).format().is_err());
        assert!(Timestamp(i64::MAX).format().is_err());
        assert!(Timestamp(i64::MIN).format().is_err());
    }

    #[test]
    fn add_millis_and_days() {
        assert_eq!(Timestamp(Y2026).add_millis(1500), Ok(Timestamp(Y2026 + 1500)));
        assert_eq!(fmt(ts("2026-12-31T12:00:00Z").add_days(1).unwrap_or(Timestamp(0))), "2027-01-01T12:00:00Z");
        assert_eq!(fmt(ts("2028-03-01T00:00:00Z").add_days(-1).unwrap_or(Timestamp(0))), "2028-02-29T00:00:00Z");
        let end = ts("9999-12-31T00:00:00Z");
        assert_eq!(end.add_days(0), Ok(end));
        assert!(end.add_days(1).is_err());
        assert!(ts("9999-12-31T23:59:59.999Z").add_millis(1).is_err());
        assert!(ts("0001-01-01T00:00:00Z").add_millis(-1).is_err());
        assert!(end.add_days(i64::MAX).is_err());
        assert!(end.add_days(i64::MIN).is_err());
        assert!(end.add_millis(i64::MAX).is_err());
        assert!(Timestamp(i64::MIN).add_millis(i64::MIN).is_err());
    }

    fn months(s: &str, n: i64, off: UtcOffset) -> String {
        match ts(s).add_months(n, off) {
            Ok(t) => fmt(t),
            Err(e) => e.0,
        }
    }

    #[test]
    fn add_months_clamps() {
        assert_eq!(months("2026-01-31T10:00:00Z", 1, UTC), "2026-02-28T10:00:00Z");
        assert_eq!(months("2028-01-31T10:00:00Z", 1, UTC), "2028-02-29T10:00:00Z");
        assert_eq!(months("2028-02-29T00:00:00Z", 12, UTC), "2029-02-28T00:00:00Z");
        assert_eq!(months("2026-03-31T10:00:00Z", -1, UTC), "2026-02-28T10:00:00Z");
        assert_eq!(months("2026-11-24T08:00:00.125Z", -12, UTC), "2025-11-24T08:00:00.125Z");
        assert_eq!(months("2026-11-30T00:00:00Z", 2, UTC), "2027-01-30T00:00:00Z");
        assert_eq!(months("2026-01-15T00:00:00Z", -13, UTC), "2024-12-15T00:00:00Z");
        assert_eq!(months("2026-05-31T00:00:00Z", 0, UTC), "2026-05-31T00:00:00Z");
    }

    #[test]
    fn add_months_uses_local_wall_clock() {
        // 2026-01-31T15:30Z is Feb 1 00:30 at +09:00 -> Mar 1 00:30 local.
        assert_eq!(months("2026-01-31T15:30:00Z", 1, JST), "2026-02-28T15:30:00Z");
        // 2026-01-30T15:30Z is Jan 31 00:30 at +09:00 -> Feb 28 00:30 local,
        // whereas in UTC the same instant (Jan 30) lands on Feb 28 15:30Z.
        assert_eq!(months("2026-01-30T15:30:00Z", 1, JST), "2026-02-27T15:30:00Z");
        assert_eq!(months("2026-01-30T15:30:00Z", 1, UTC), "2026-02-28T15:30:00Z");
        assert_eq!(months("2026-01-31T15:30:00Z", 1, UTC), "2026-02-28T15:30:00Z");
        // 2026-03-01T02:00Z is Feb 28 21:00 at -05:00 -> Mar 28 21:00 local.
        assert_eq!(months("2026-03-01T02:00:00Z", 1, EST), "2026-03-29T02:00:00Z");
        assert_eq!(months("2026-03-01T02:00:00Z", 1, UTC), "2026-04-01T02:00:00Z");
        // Mar 31 20:00 at -05:00 (= Apr 1 01:00Z) minus 1 month -> Feb 28 20:00 local.
        assert_eq!(months("2026-04-01T01:00:00Z", -1, EST), "2026-03-01T01:00:00Z");
    }

    #[test]
    fn add_months_range() {
        assert_eq!(months("9999-12-01T00:00:00Z", 1, UTC), "beyond year 9999");
        assert_eq!(months("0001-06-01T00:00:00Z", -6, UTC), "before year 0001");
        assert_eq!(months("9999-11-30T00:00:00Z", 1, UTC), "9999-12-30T00:00:00Z");
        // Local year 0000 at -05:00 but the UTC instant is valid.
        assert_eq!(months("0001-01-01T01:00:00Z", 0, EST), "0001-01-01T01:00:00Z");
        assert!(ts("2026-01-01T00:00:00Z").add_months(i64::MAX, UTC).is_err());
        assert!(ts("2026-01-01T00:00:00Z").add_months(i64::MIN, UTC).is_err());
        assert!(ts("2026-01-01T00:00:00Z").add_months(120_000, UTC).is_err());
        assert!(Timestamp(i64::MAX).add_months(1, UtcOffset(i32::MAX)).is_err());
    }

    #[test]
    fn years() {
        assert_eq!(ts("2026-12-31T20:00:00Z").year(JST), 2027);
        assert_eq!(ts("2026-12-31T20:00:00Z").year(UTC), 2026);
        assert_eq!(ts("2027-01-01T03:00:00Z").year(EST), 2026);
        assert_eq!(ts("2027-01-01T05:00:00Z").year(EST), 2027);
        let fmt_r = |r: Result<Timestamp, TimeError>| r.map(fmt).unwrap_or_else(|e| e.0);
        assert_eq!(fmt_r(Timestamp::start_of_year(2027, JST)), "2026-12-31T15:00:00Z");
        assert_eq!(fmt_r(Timestamp::start_of_year(2027, EST)), "2027-01-01T05:00:00Z");
        assert_eq!(fmt_r(Timestamp::start_of_year(2027, UTC)), "2027-01-01T00:00:00Z");
        assert_eq!(fmt_r(Timestamp::start_of_year(9999, EST)), "9999-01-01T05:00:00Z");
        assert_eq!(fmt_r(Timestamp::start_of_year(1, EST)), "0001-01-01T05:00:00Z");
        assert_eq!(fmt_r(Timestamp::start_of_year(10000, UTC)), "beyond year 9999");
        assert_eq!(fmt_r(Timestamp::start_of_year(10000, JST)), "beyond year 9999");
        assert_eq!(fmt_r(Timestamp::start_of_year(0, UTC)), "before year 0001");
        assert!(Timestamp::start_of_year(i64::MAX, UTC).is_err());
        assert!(Timestamp::start_of_year(i64::MIN, UTC).is_err());
    }

    #[test]
    fn weekdays() {
        assert_eq!(ts("2026-11-24T12:00:00Z").iso_weekday(UTC), 2); // Tuesday
        assert_eq!(ts("2026-11-24T20:00:00Z").iso_weekday(JST), 3); // Wed 05:00 local
        assert_eq!(ts("2026-11-24T03:00:00Z").iso_weekday(EST), 1); // Mon 22:00 local
        assert_eq!(ts("1970-01-01T00:00:00Z").iso_weekday(UTC), 4); // Thursday
        assert_eq!(ts("2000-01-01T00:00:00Z").iso_weekday(UTC), 6); // Saturday
        assert_eq!(ts("2026-11-29T23:59:59Z").iso_weekday(UTC), 7); // Sunday
        assert_eq!(ts("1969-12-29T00:00:00Z").iso_weekday(UTC), 1); // Monday, negative epoch
    }

    #[test]
    fn starts_of_periods() {
        let t = ts("2026-11-24T20:00:00Z"); // Nov 25 05:00 at +09:00
        assert_eq!(fmt(t.start_of_day(JST)), "2026-11-24T15:00:00Z");
        assert_eq!(fmt(t.start_of_day(UTC)), "2026-11-24T00:00:00Z");
        let t = ts("2026-11-24T03:00:00Z"); // Nov 23 22:00 at -05:00
        assert_eq!(fmt(t.start_of_day(EST)), "2026-11-23T05:00:00Z");
        let t = ts("2026-01-31T15:30:00Z"); // Feb 1 00:30 at +09:00
        assert_eq!(fmt(t.start_of_month(JST)), "2026-01-31T15:00:00Z");
        assert_eq!(fmt(t.start_of_month(UTC)), "2026-01-01T00:00:00Z");
        let t = ts("2026-03-01T03:00:00Z"); // Feb 28 22:00 at -05:00
        assert_eq!(fmt(t.start_of_month(EST)), "2026-02-01T05:00:00Z");
        let t = ts("2026-12-31T20:00:00Z"); // 2027-01-01 05:00 at +09:00
        assert_eq!(fmt(t.start_of_local_year(JST)), "2026-12-31T15:00:00Z");
        assert_eq!(fmt(t.start_of_local_year(EST)), "2026-01-01T05:00:00Z");
        assert_eq!(fmt(ts("1969-07-20T20:17:40Z").start_of_day(UTC)), "1969-07-20T00:00:00Z");
        assert_eq!(fmt(ts("1969-07-20T20:17:40Z").start_of_local_year(UTC)), "1969-01-01T00:00:00Z");
    }

    #[test]
    fn extreme_values_do_not_panic() {
        for v in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX] {
            for off in [UtcOffset(i32::MIN), UtcOffset(-1439), UTC, JST, UtcOffset(i32::MAX)] {
                let t = Timestamp(v);
                let _ = t.year(off);
                let _ = t.start_of_day(off);
                let _ = t.start_of_month(off);
                let _ = t.start_of_local_year(off);
                let wd = t.iso_weekday(off);
                assert!((1..=7).contains(&wd));
                let _ = t.add_months(-1, off);
                let _ = t.add_days(1);
                let _ = Timestamp::start_of_year(2026, off);
                let _ = t.format();
            }
        }
    }

    #[test]
    fn civil_round_trip() {
        // Every day from 0000-03-01 to 10000-02-28 converts back to itself.
        let lo = days_from_civil(0, 3, 1);
        let hi = days_from_civil(10_000, 2, 28);
        let mut expect = (0i64, 3u32, 1u32);
        for z in lo..=hi {
            let got = civil_from_days(z);
            assert_eq!(got, expect);
            assert_eq!(days_from_civil(got.0, got.1, got.2), z);
            let (y, m, d) = expect;
            expect = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }
}
