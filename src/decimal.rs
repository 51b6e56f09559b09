//! Exact decimal arithmetic as the spec's §1 and §8 define it: reading decimal
//! text, the 10^16 bound on computed values, snapping to 12 places, the five
//! rounding modes and the two ways of printing (fixed places, normalised).
//!
//! Everything is `rust_decimal::Decimal` (96-bit mantissa, 28 digits): inputs
//! are at most 10^12 with 12 places (25 digits) and every computed value is
//! kept under 10^16, so a snapped value (12 places) always fits exactly.

use rust_decimal::prelude::*;
pub use rust_decimal::Decimal;

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
        // |v| ≤ |mantissa| (scale ≥ 0): most values need no decimal comparison.
        Some(v) if v.mantissa().unsigned_abs() <= 10_000_000_000_000_000 || v.abs() <= MAX_COMPUTED => Ok(v),
        _ => Err(Overflow),
    }
}

pub fn add(a: Decimal, b: Decimal) -> Calc<Decimal> {
    bounded(a.checked_add(b))
}
pub fn sub(a: Decimal, b: Decimal) -> Calc<Decimal> {
    bounded(a.checked_sub(b))
}
pub fn mul(a: Decimal, b: Decimal) -> Calc<Decimal> {
    bounded(a.checked_mul(b))
}
/// Division by zero is reported as overflow; callers guard their denominators
/// so that it cannot happen with valid inputs.
pub fn div(a: Decimal, b: Decimal) -> Calc<Decimal> {
    if b.is_zero() {
        return Err(Overflow);
    }
    bounded(a.checked_div(b))
}
pub fn sum<I: IntoIterator<Item = Decimal>>(items: I) -> Calc<Decimal> {
    items.into_iter().try_fold(Decimal::ZERO, add)
}

/// Rounds half-even to 12 places: what makes three thirds exactly one and
/// keeps 28- and 40-digit implementations in agreement.
pub fn snap(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(SNAP_PLACES, RoundingStrategy::MidpointNearestEven)
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
    let mut r = snap(x).round_dp_with_strategy(places, mode.strategy());
    r.rescale(places);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
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

/// Normalised text of a snapped value: no exponent, no trailing zeros, `"0"`.
pub fn normalized(x: Decimal) -> String {
    let mut r = snap(x).normalize();
    if r.is_zero() {
        r = Decimal::ZERO;
    }
    let mut out = String::new();
    write_plain(&mut out, r);
    out
}

/// Appends `x` as `Decimal`'s `Display` prints it: every one of its `scale`
/// places, a leading `0` before the point, `-` when the sign is negative.
/// Integer digit work only (a 96-bit mantissa, via u64 when it fits).
pub fn write_plain(out: &mut String, x: Decimal) {
    // At most 29 digits (2^96 < 10^29), padded to at most scale + 1 = 29.
    let mut digits = [b'0'; 32];
    let mut len = 0;
    let mut push = |d: u8, len: &mut usize| {
        if let Some(slot) = digits.get_mut(*len) {
            *slot = b'0' + d;
            *len += 1;
        }
    };
    let mantissa = x.mantissa().unsigned_abs();
    if let Ok(mut m) = u64::try_from(mantissa) {
        while m > 0 {
            push((m % 10) as u8, &mut len);
            m /= 10;
        }
    } else {
        let mut m = mantissa;
        while m > 0 {
            push((m % 10) as u8, &mut len);
            m /= 10;
        }
    }
    let scale = x.scale() as usize;
    // Zeros (already in the buffer) up to one integer digit.
    let len = len.max(scale + 1).min(digits.len());
    if x.is_sign_negative() {
        out.push('-');
    }
    for (i, d) in digits.get(..len).unwrap_or_default().iter().rev().enumerate() {
        if i + scale == len {
            out.push('.');
        }
        out.push(char::from(*d));
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
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = bytes.first() == Some(&b'-');
    if negative {
        i += 1;
    }
    let int_start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int_digits = &bytes[int_start..i];
    if int_digits.is_empty() {
        return Err(Invalid("not a decimal number"));
    }
    let mut frac_digits: &[u8] = &[];
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        frac_digits = &bytes[start..i];
        if frac_digits.is_empty() {
            return Err(Invalid("not a decimal number"));
        }
    }
    let mut exponent: i64 = 0;
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let exp_negative = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while let Some(d) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            // Saturate: any exponent this large is out of range either way.
            exponent = exponent.saturating_mul(10).saturating_add(i64::from(d - b'0'));
            i += 1;
        }
        if i == start {
            return Err(Invalid("not a decimal number"));
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    if i != bytes.len() {
        return Err(Invalid("not a decimal number"));
    }

    // value = significant × 10^(−scale)
    let mut digits: Vec<u8> = int_digits.iter().chain(frac_digits).copied().collect();
    let mut scale: i64 = (frac_digits.len() as i64).saturating_sub(exponent);
    let first_nonzero = digits.iter().position(|&d| d != b'0').unwrap_or(digits.len());
    digits.drain(..first_nonzero);
    while digits.last() == Some(&b'0') {
        digits.pop();
        scale = scale.saturating_sub(1);
    }
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    if scale > SNAP_PLACES as i64 {
        return Err(Invalid("more than 12 decimal places"));
    }
    let integer_digits = (digits.len() as i64).saturating_sub(scale);
    if integer_digits > 13 {
        return Err(TooLarge);
    }
    let mut mantissa: i128 = 0;
    for d in &digits {
        mantissa = mantissa * 10 + i128::from(d - b'0');
    }
    let mut scale = scale;
    while scale < 0 {
        mantissa *= 10;
        scale += 1;
    }
    if negative {
        mantissa = -mantissa;
    }
    let value = Decimal::try_from_i128_with_scale(mantissa, scale as u32).map_err(|_| TooLarge)?;
    if value.abs() > MAX_INPUT {
        return Err(TooLarge);
    }
    Ok(value)
}

/// Number of decimal places of a value once trailing zeros are dropped.
pub fn places(x: Decimal) -> u32 {
    x.normalize().scale()
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

    #[test]
    fn plain_text_is_display() {
        let mut g: u64 = 0x2545F4914F6CDD1D;
        let mut next = || {
            g ^= g << 13;
            g ^= g >> 7;
            g ^= g << 17;
            g
        };
        let mut values = vec![Decimal::ZERO, Decimal::ONE, Decimal::MAX, Decimal::MIN, Decimal::new(-0, 3), Decimal::new(5, 2)];
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
