//! Exact decimal arithmetic as the spec's §1 and §8 define it: reading decimal
//! text, the 10^16 bound on computed values, snapping to 12 places, the five
//! rounding modes and the two ways of printing (fixed places, normalised).
//!
//! The arithmetic is `rust_decimal`'s. Hand-written here, and why: reading
//! (`parse_decimal`: the spec's grammar is stricter than `Decimal::from_str`,
//! and one pass without allocation), rounding a snapped value with integer
//! division (`round`), and printing (`write_plain`, instead of `Decimal`'s
//! `Display`, for a smaller and faster `.wasm`).
//! Each is tested equal to `rust_decimal`'s own result in the tests below;
//! the sizes and speeds they bought are in the commits that introduced them
//! (7a43185, 74edcd4, 897eb8a) and are re-measured by `scripts/build-pkg`
//! (gzip size) and `scripts/bench` (W1–W5).
//!
//! Everything is `rust_decimal::Decimal` (96-bit mantissa, 28 digits): inputs
//! are at most 10^12 with 12 places (25 digits) and every computed value is
//! kept under 10^16, so a snapped value (12 places) always fits exactly.

pub use rust_decimal::Decimal;
#[cfg(test)]
use rust_decimal::RoundingStrategy;

/// Largest magnitude of any decimal input (§1 Limits).
pub const MAX_INPUT: Decimal = Decimal::from_parts(3567587328, 232, 0, false, 0); // 10^12
/// Largest magnitude of any computed intermediate value (§1 Arithmetic).
pub const MAX_COMPUTED: Decimal = Decimal::from_parts(1874919424, 2328306, 0, false, 0); // 10^16
/// Places every computed value is snapped to before it is compared, rounded or printed.
pub const SNAP_PLACES: u32 = 12;

/// A computed value left the range the spec allows (10^16, or a date past
/// year 9999). Operations report it as `limit_exceeded` at their first argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow;

pub type Calc<T> = Result<T, Overflow>;

fn bounded(x: Option<Decimal>) -> Calc<Decimal> {
    match x {
        // |v| ≤ |mantissa| (scale ≥ 0): most values need no decimal comparison;
        // nor do those with 13 places or more (|v| < 2^96 / 10^13 < 10^16).
        Some(v)
            if v.scale() >= 13
                || small(&v).is_some_and(|(_, _, m)| m <= 10_000_000_000_000_000)
                || v.abs() <= MAX_COMPUTED =>
        {
            Ok(v)
        }
        _ => Err(Overflow),
    }
}

/// Sign, scale and mantissa of a value whose mantissa fits 64 bits.
#[inline(always)]
fn small(x: &Decimal) -> Option<(bool, u32, u64)> {
    let u = x.unpack();
    (u.hi == 0).then_some((u.negative, u.scale, u64::from(u.mid) << 32 | u64::from(u.lo)))
}

/// Exactly `1` (mantissa 1, scale 0, positive: what every input equal to 1
/// reads as). `mul` and `div` by it give the other operand unchanged (zero
/// as `ZERO`), as rust_decimal computes them, without the work.
#[inline(always)]
pub fn is_one(x: &Decimal) -> bool {
    x.scale() == 0 && small(x) == Some((false, 0, 1))
}

/// `x × 1` and `x ÷ 1` as rust_decimal computes them: `x` itself, zero as `ZERO`.
fn unchanged(x: Decimal) -> Calc<Decimal> {
    bounded(Some(if x.is_zero() { Decimal::ZERO } else { x }))
}

pub fn add(a: Decimal, b: Decimal) -> Calc<Decimal> {
    bounded(a.checked_add(b))
}
pub fn sub(a: Decimal, b: Decimal) -> Calc<Decimal> {
    bounded(a.checked_sub(b))
}
pub fn mul(a: Decimal, b: Decimal) -> Calc<Decimal> {
    if is_one(&b) {
        return unchanged(a);
    }
    if is_one(&a) {
        return unchanged(b);
    }
    bounded(a.checked_mul(b))
}
/// Division by zero is reported as overflow; callers guard their denominators
/// so that it cannot happen with valid inputs.
pub fn div(a: Decimal, b: Decimal) -> Calc<Decimal> {
    if b.is_zero() {
        return Err(Overflow);
    }
    if is_one(&b) {
        return unchanged(a);
    }
    bounded(a.checked_div(b))
}
pub fn sum<I: IntoIterator<Item = Decimal>>(items: I) -> Calc<Decimal> {
    items.into_iter().try_fold(Decimal::ZERO, add)
}

/// Rounds half-even to 12 places: what makes three thirds exactly one and
/// keeps 28- and 40-digit implementations in agreement.
pub fn snap(x: Decimal) -> Decimal {
    if x.scale() <= SNAP_PLACES {
        return x; // as round_dp does
    }
    let u = x.unpack();
    let m = u128::from(u.hi) << 64 | u128::from(u.mid) << 32 | u128::from(u.lo);
    round_int(u.negative, u.scale, m, SNAP_PLACES, Rounding::HalfEven)
}

/// The spec's five rounding modes (§1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    Floor,
    Ceil,
    Down,
    HalfUp,
    HalfEven,
}

impl Rounding {
    pub fn parse(s: &str) -> Option<Rounding> {
        Some(match s {
            "floor" => Rounding::Floor,
            "ceil" => Rounding::Ceil,
            "down" => Rounding::Down,
            "half_up" => Rounding::HalfUp,
            "half_even" => Rounding::HalfEven,
            _ => return None,
        })
    }
    /// rust_decimal's name for the mode (the reference in tests).
    #[cfg(test)]
    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::Floor => RoundingStrategy::ToNegativeInfinity,
            Rounding::Ceil => RoundingStrategy::ToPositiveInfinity,
            Rounding::Down => RoundingStrategy::ToZero,
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
        }
    }
}

/// Snaps, then rounds to `places` with `mode`; the result carries exactly
/// `places` decimal places, so printing it gives the spec's fixed text.
pub fn round(x: Decimal, places: u32, mode: Rounding) -> Decimal {
    let mut r = if x.scale() <= places.min(SNAP_PLACES) {
        x // nothing to snap or round (round_dp returns such a value as it is)
    } else {
        let snapped = snap(x);
        if snapped.scale() <= places {
            snapped
        } else {
            let u = snapped.unpack();
            let m = u128::from(u.hi) << 64 | u128::from(u.mid) << 32 | u128::from(u.lo);
            round_int(u.negative, u.scale, m, places, mode)
        }
    };
    if r.scale() != places {
        r.rescale(places);
    }
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// `round_dp_with_strategy` of `±m × 10^-scale` (m < 2^96) to `places` <
/// `scale`, where `scale − places` ≤ 16 (snapping, or rounding a snapped
/// value): the quotient by 10^(scale − places), moved away from zero by one
/// where the mode says so. Integer work only.
fn round_int(negative: bool, scale: u32, m: u128, places: u32, mode: Rounding) -> Decimal {
    let k = scale.saturating_sub(places);
    let (q, rem, unit) = match u64::try_from(m) {
        // One 64-bit division (k ≤ 16 here).
        Ok(m) => {
            let unit = pow10(k);
            (u128::from(m / unit), m % unit, unit)
        }
        Err(_) => div_pow10(m, k),
    };
    // rem < unit ≤ 10^16: 2 × rem cannot overflow.
    let away = match mode {
        Rounding::Floor => negative && rem > 0,
        Rounding::Ceil => !negative && rem > 0,
        Rounding::Down => false,
        Rounding::HalfUp => 2 * rem >= unit,
        Rounding::HalfEven => 2 * rem > unit || (2 * rem == unit && q % 2 == 1),
    };
    // q ≤ m / 10: no carry past 96 bits.
    let q = q + u128::from(away);
    Decimal::from_parts(q as u32, (q >> 32) as u32, (q >> 64) as u32, negative, places)
}

/// `m` (< 2^96) divided by 10^k (k ≤ 19): quotient, remainder and 10^k, by
/// 32-bit limbs and at most 9 digits a step (64-bit divisions only).
fn div_pow10(m: u128, k: u32) -> (u128, u64, u64) {
    let (mut q, mut rem, mut unit, mut k) = (m, 0u64, 1u64, k.min(19));
    while k > 0 {
        let step = k.min(9);
        let d = pow10(step); // < 2^32
        let (hi, mid, lo) = ((q >> 64) as u64, (q >> 32) as u32, q as u32);
        let (qh, r) = (hi / d, hi % d);
        let t = r << 32 | u64::from(mid);
        let (qm, r) = (t / d, t % d);
        let t = r << 32 | u64::from(lo);
        let (ql, r) = (t / d, t % d);
        q = u128::from(qh) << 64 | u128::from(qm) << 32 | u128::from(ql);
        rem += r * unit;
        unit *= d;
        k -= step;
    }
    (q, rem, unit)
}

/// 10^k for k ≤ 19.
#[inline(always)]
fn pow10(k: u32) -> u64 {
    // Evaluated at compile time: an index out of bounds fails the build, not a call.
    #[allow(clippy::indexing_slicing)]
    const POW10: [u64; 20] = {
        let mut t = [1u64; 20];
        let mut i = 1;
        while i < 20 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    POW10.get(k as usize).copied().unwrap_or(u64::MAX)
}

/// Fixed-place text (`"5.00"`, `"240"`), never `"-0"`.
pub fn fixed(x: Decimal, places: u32, mode: Rounding) -> String {
    let mut out = String::new();
    write_fixed(&mut out, x, places, mode);
    out
}

/// Appends [`fixed`]'s text to `out` (no allocation of its own).
pub fn write_fixed(out: &mut String, x: Decimal, places: u32, mode: Rounding) {
    write_plain(out, round(x, places, mode));
}

/// [`write_fixed`] into bytes.
#[cfg(any(feature = "js", test))]
pub fn write_fixed_bytes(out: &mut Vec<u8>, x: Decimal, places: u32, mode: Rounding) {
    // A value already rounded to `places` (and not a negative zero) is its own rounding.
    let rounded = if x.scale() == places && !x.is_sign_negative() { x } else { round(x, places, mode) };
    out.extend_from_slice(plain(rounded).text());
}

/// Normalised text of a snapped value: no exponent, no trailing zeros, `"0"`.
pub fn normalized(x: Decimal) -> String {
    let mut out = String::new();
    write_plain(&mut out, normal(x));
    out
}

/// Appends `x` as `Decimal`'s `Display` prints it: every one of its `scale`
/// places, a leading `0` before the point, `-` when the sign is negative.
/// Integer digit work only (a 96-bit mantissa, via u64 when it fits).
pub fn write_plain(out: &mut String, x: Decimal) {
    out.push_str(std::str::from_utf8(plain(x).text()).unwrap_or_default());
}

/// [`write_plain`]'s text, ASCII.
fn plain(x: Decimal) -> Backwards {
    // Written backwards: at most 29 digits (2^96 < 10^29, and scale + 1 ≤
    // 29), a point and a sign.
    let mut text = Backwards { buf: [b'0'; 40], at: 40 };
    let scale = x.scale() as usize;
    let mut written = 0;
    if let Some((_, _, mut m)) = small(&x) {
        while m > 0 || written <= scale {
            text.digit((m % 10) as u8, written, scale);
            written += 1;
            m /= 10;
        }
    } else {
        let mut m = x.mantissa().unsigned_abs();
        while m > 0 || written <= scale {
            text.digit((m % 10) as u8, written, scale);
            written += 1;
            m /= 10;
        }
    }
    if x.is_sign_negative() {
        text.put(b'-');
    }
    text
}

/// Text written from its end.
struct Backwards {
    buf: [u8; 40],
    at: usize,
}

impl Backwards {
    fn text(&self) -> &[u8] {
        self.buf.get(self.at..).unwrap_or_default()
    }

    #[inline(always)]
    fn put(&mut self, b: u8) {
        if let Some(slot) = self.at.checked_sub(1).and_then(|i| self.buf.get_mut(i)) {
            *slot = b;
            self.at -= 1;
        }
    }

    /// The digit `written` places from the right, with the point before the `scale`-th.
    #[inline(always)]
    fn digit(&mut self, d: u8, written: usize, scale: usize) {
        if written == scale && scale > 0 {
            self.put(b'.');
        }
        self.put(b'0' + d);
    }
}

/// Why a decimal text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalTextError {
    /// Not the grammar `-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?`, or more than 12 places.
    Invalid(&'static str),
    /// |x| > 10^12.
    TooLarge,
}

/// Reads decimal text exactly (no float on the way): the grammar of §8, at
/// most 12 decimal places in value (trailing zeros do not count), |x| ≤ 10^12.
pub fn parse_decimal(text: &str) -> Result<Decimal, DecimalTextError> {
    use DecimalTextError::*;
    const NOT_A_NUMBER: DecimalTextError = Invalid("not a decimal number");
    let bytes = text.as_bytes();
    let negative = matches!(bytes.first(), Some(b'-'));
    let mut i = usize::from(negative);
    // value = significant × 10^(−scale), the significant digits being those
    // from the first to the last non-zero one: `count` of them in `m` (kept
    // in 64 bits, exact up to 19 digits; longer ones are read again below),
    // `zeros` after the last non-zero digit not yet in `m`.
    let (mut m, mut count, mut zeros) = (0u64, 0usize, 0usize);
    let (mut int_len, mut frac_len, mut point) = (0usize, 0usize, false);
    loop {
        match bytes.get(i) {
            Some(&b @ b'0'..=b'9') => {
                if b == b'0' {
                    zeros += usize::from(count > 0);
                } else {
                    for _ in 0..zeros {
                        m = m.wrapping_mul(10);
                    }
                    count += zeros + 1;
                    zeros = 0;
                    m = m.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                }
                if point {
                    frac_len += 1;
                } else {
                    int_len += 1;
                }
            }
            Some(b'.') if !point && int_len > 0 => point = true,
            _ => break,
        }
        i += 1;
    }
    if int_len == 0 || (point && frac_len == 0) {
        return Err(NOT_A_NUMBER);
    }
    let mut exponent: i64 = 0;
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let exp_negative = matches!(bytes.get(i), Some(b'-'));
        if matches!(bytes.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let start = i;
        while let Some(&d @ b'0'..=b'9') = bytes.get(i) {
            // Saturate: any exponent this large is out of range either way.
            exponent = exponent.saturating_mul(10).saturating_add(i64::from(d - b'0'));
            i += 1;
        }
        if i == start {
            return Err(NOT_A_NUMBER);
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    if i != bytes.len() {
        return Err(NOT_A_NUMBER);
    }
    if count == 0 {
        return Ok(Decimal::ZERO);
    }
    let mut scale: i64 = (frac_len as i64).saturating_sub(exponent).saturating_sub(zeros as i64);
    if scale > SNAP_PLACES as i64 {
        return Err(Invalid("more than 12 decimal places"));
    }
    // Then count ≤ 25.
    let integer_digits = (count as i64).saturating_sub(scale);
    if integer_digits > 13 {
        return Err(TooLarge);
    }
    let mut m = if count <= 19 {
        u128::from(m)
    } else {
        // 20 to 25 significant digits.
        let significant = bytes.iter().take_while(|&&b| b != b'e' && b != b'E').filter(|b| b.is_ascii_digit());
        significant.skip_while(|&&b| b == b'0').take(count).fold(0u128, |m, &b| m * 10 + u128::from(b - b'0'))
    };
    while scale < 0 {
        m *= 10;
        scale += 1;
    }
    // |value| ≤ 10^12, i.e. m ≤ 10^(12 + scale), only in question with 13
    // integer digits; then m < 10^25 < 2^96.
    let scale = scale as u32;
    if integer_digits == 13 && m > u128::from(pow10(12)) * u128::from(pow10(scale)) {
        return Err(TooLarge);
    }
    Ok(Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, negative, scale))
}

/// A whole number (`3`, `3.00`), told without a subtraction (`fract()`
/// would bring in rust_decimal's panicking `Sub`: 1.8 KB of .wasm).
pub fn is_integer(x: Decimal) -> bool {
    x.scale() == 0 || x.trunc() == x
}

/// Number of decimal places of a value once trailing zeros are dropped.
pub fn places(x: Decimal) -> u32 {
    x.normalize().scale()
}

/// Snapped and normalised (§8 "normalised" outputs): no trailing zeros,
/// zero as `0`, never a negative zero.
pub fn normal(x: Decimal) -> Decimal {
    let mut r = snap(x).normalize();
    if r.is_zero() {
        r = Decimal::ZERO;
    }
    r
}

/// Serializes a result's decimal as the spec's text: every place of its
/// scale (results carry exactly their output precision), no exponent.
pub fn serialize_text<S: serde::Serializer>(x: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(std::str::from_utf8(plain(*x).text()).unwrap_or_default())
}

/// [`serialize_text`] of an optional decimal (`null` when absent).
pub fn serialize_opt_text<S: serde::Serializer>(x: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => serialize_text(x, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn constants_are_powers_of_ten() {
        assert_eq!(MAX_INPUT, d("1000000000000"));
        assert_eq!(MAX_COMPUTED, d("10000000000000000"));
    }

    #[test]
    fn tells_whole_numbers_whatever_their_scale() {
        for whole in ["3", "3.00", "-2.0", "0.000", "-0", "1000000000000.000000000000"] {
            assert!(is_integer(d(whole)), "{whole}");
        }
        for part in ["3.01", "-0.5", "0.000000000001", "999999999999.999999999999"] {
            assert!(!is_integer(d(part)), "{part}");
        }
    }

    #[test]
    fn parses_the_grammar_of_section_8() {
        assert_eq!(parse_decimal("19.99"), Ok(d("19.99")));
        assert_eq!(parse_decimal("-0"), Ok(Decimal::ZERO));
        assert_eq!(parse_decimal("1e3"), Ok(d("1000")));
        assert_eq!(parse_decimal("1.5E+2"), Ok(d("150")));
        assert_eq!(parse_decimal("25e-2"), Ok(d("0.25")));
        assert_eq!(parse_decimal("1e-7"), Ok(d("0.0000001")));
        assert_eq!(parse_decimal("0.100000000000000"), Ok(d("0.1")));
        assert_eq!(parse_decimal("1000000000000"), Ok(d("1000000000000")));
        for bad in ["", "+1", ".5", "1.", "1e", " 1", "1 ", "0x10", "NaN", "Infinity", "-", "1,5", "١"] {
            assert!(matches!(parse_decimal(bad), Err(DecimalTextError::Invalid(_))), "{bad}");
        }
        assert!(matches!(parse_decimal("0.0000000000001"), Err(DecimalTextError::Invalid(_))));
        assert_eq!(parse_decimal("1000000000000.01"), Err(DecimalTextError::TooLarge));
        assert_eq!(parse_decimal("1e300"), Err(DecimalTextError::TooLarge));
        assert_eq!(parse_decimal("-1e13"), Err(DecimalTextError::TooLarge));
        assert_eq!(parse_decimal("1e99999999999999999999999"), Err(DecimalTextError::TooLarge));
        assert!(parse_decimal("1e-99999999999999999999999").is_err());
        let long = format!("0.{}1", "0".repeat(300));
        assert!(parse_decimal(&long).is_err());
    }

    #[test]
    fn rounding_modes_on_midpoints_and_negatives() {
        let cases = [
            ("2.5", Rounding::Floor, "2"),
            ("2.5", Rounding::Ceil, "3"),
            ("2.5", Rounding::Down, "2"),
            ("2.5", Rounding::HalfUp, "3"),
            ("2.5", Rounding::HalfEven, "2"),
            ("3.5", Rounding::HalfEven, "4"),
            ("-2.5", Rounding::Floor, "-3"),
            ("-2.5", Rounding::Down, "-2"),
            ("-2.5", Rounding::HalfUp, "-3"),
            ("-0.4", Rounding::HalfUp, "0"),
        ];
        for (x, mode, want) in cases {
            assert_eq!(fixed(d(x), 0, mode), want, "{x} {mode:?}");
        }
        assert_eq!(fixed(d("5"), 2, Rounding::HalfUp), "5.00");
        assert_eq!(fixed(d("4.5465"), 2, Rounding::HalfUp), "4.55");
    }

    #[test]
    fn snapping_makes_three_thirds_one() {
        let third = div(Decimal::ONE, d("3")).unwrap();
        let total = sum([third, third, third]).unwrap();
        assert_eq!(fixed(total, 0, Rounding::Floor), "1");
        assert_eq!(normalized(total), "1");
    }

    #[test]
    fn normalized_text() {
        assert_eq!(normalized(d("12.50")), "12.5");
        assert_eq!(normalized(d("-0.000")), "0");
        assert_eq!(normalized(d("100")), "100");
        assert_eq!(normalized(d("0.0000000000004")), "0");
    }

    /// Random values of every width and scale (and some special ones).
    fn samples(n: usize) -> Vec<Decimal> {
        let mut g: u64 = 0x9E3779B97F4A7C15;
        let mut next = || {
            g ^= g << 13;
            g ^= g >> 7;
            g ^= g << 17;
            g
        };
        let mut values =
            vec![Decimal::ZERO, Decimal::ONE, Decimal::MAX, Decimal::MIN, Decimal::new(5, 2), Decimal::new(-5, 1)];
        let mut neg_zero = Decimal::new(0, 4);
        neg_zero.set_sign_negative(true);
        values.push(neg_zero);
        for _ in 0..n {
            let (a, b) = (next(), next());
            let bits = (a % 97) as u32;
            let m = (u128::from(a) << 64 | u128::from(b)) >> (128 - bits.max(1));
            let m = (m % (1u128 << 96)) as i128;
            let scale = (b % 29) as u32;
            values.push(Decimal::try_from_i128_with_scale(if a % 3 == 0 { -m } else { m }, scale).unwrap());
            // Short ones with a midpoint or a remainder, as prices and points are.
            values.push(Decimal::new((a % 100_000) as i64 * if b % 2 == 0 { 1 } else { -1 }, (b % 9) as u32));
        }
        values
    }

    fn same(a: Decimal, b: Decimal) -> bool {
        a.serialize() == b.serialize()
    }

    #[test]
    fn fast_paths_give_what_rust_decimal_gives() {
        let modes = [Rounding::Floor, Rounding::Ceil, Rounding::Down, Rounding::HalfUp, Rounding::HalfEven];
        for x in samples(20_000) {
            for places in 0..=8 {
                for mode in modes {
                    let mut want = x.round_dp_with_strategy(SNAP_PLACES, RoundingStrategy::MidpointNearestEven);
                    want = want.round_dp_with_strategy(places, mode.strategy());
                    want.rescale(places);
                    if want.is_zero() {
                        want.set_sign_positive(true);
                    }
                    assert!(same(round(x, places, mode), want), "round({x}, {places}, {mode:?})");
                }
            }
            assert!(same(snap(x), x.round_dp_with_strategy(SNAP_PLACES, RoundingStrategy::MidpointNearestEven)));
            let bound = |r: Option<Decimal>| r.filter(|v| v.abs() <= MAX_COMPUTED).ok_or(Overflow);
            for one in [Decimal::ONE, x] {
                let other = if one == x { Decimal::ONE } else { x };
                let (got, want) = (mul(one, other), bound(one.checked_mul(other)));
                assert!(
                    got.is_err() == want.is_err() && got.iter().zip(&want).all(|(a, b)| same(*a, *b)),
                    "mul {one} {other}"
                );
            }
            let (got, want) = (div(x, Decimal::ONE), bound(x.checked_div(Decimal::ONE)));
            assert!(got.is_err() == want.is_err() && got.iter().zip(&want).all(|(a, b)| same(*a, *b)), "div {x}");
            let (got, want) = (add(x, Decimal::ONE), bound(x.checked_add(Decimal::ONE)));
            assert_eq!(got.is_ok(), want.is_ok(), "add {x}");
        }
    }

    #[test]
    fn plain_text_is_display() {
        let mut g: u64 = 0x2545F4914F6CDD1D;
        let mut next = || {
            g ^= g << 13;
            g ^= g >> 7;
            g ^= g << 17;
            g
        };
        let mut values =
            vec![Decimal::ZERO, Decimal::ONE, Decimal::MAX, Decimal::MIN, Decimal::new(-0, 3), Decimal::new(5, 2)];
        let mut neg_zero = Decimal::new(0, 4);
        neg_zero.set_sign_negative(true);
        values.push(neg_zero);
        for _ in 0..20_000 {
            let (a, b) = (next(), next());
            let bits = (a % 97) as u32;
            let m = (i128::from(a) << 64 | i128::from(b)) >> (128 - bits.max(1));
            let scale = (b % 29) as u32;
            values.push(Decimal::try_from_i128_with_scale(m % (1i128 << 96), scale).unwrap());
        }
        for x in values {
            let mut s = String::new();
            write_plain(&mut s, x);
            assert_eq!(s, x.to_string(), "{x:?}");
        }
    }

    #[test]
    fn computed_values_are_bounded() {
        assert_eq!(mul(d("1000000000000"), d("10000")), Ok(d("10000000000000000")));
        assert_eq!(mul(d("1000000000000"), d("10001")), Err(Overflow));
        assert_eq!(div(Decimal::ONE, Decimal::ZERO), Err(Overflow));
    }
}
