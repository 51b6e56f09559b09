//! JS number text: `String(n)` of a double (ECMA-262 Number::toString), and
//! the exact double of a number's text where one IEEE operation gives it.
//!
//! Replaces `serde_json`'s float formatting and `str::parse::<f64>`: JS
//! prints `1e+21` where Rust prints `1e21` and breaks ties differently, so
//! the text is laid out by hand per ECMA-262 anyway; and keeping the general
//! text→float conversion out of the `.wasm` saved about 6 KB (measured with
//! `scripts/build-pkg` when `exact_f64` replaced it; the wasm binding reads
//! numbers through JS `String(n)`, and only tier `benefits` echo numbers).

/// Whether the JSON number text `n` is written as JS `String(n)` writes its
/// double, so that `JSON.parse` then `JSON.stringify` would leave it as it
/// is: `-?(0|[1-9][0-9]*)(.[0-9]*[1-9])?` with at most 15 significant
/// digits (a double keeps 15, so the shortest text of its double is itself)
/// and not below 10^-6 (`String` writes `1e-7`); not `-0`.
#[cfg(any(feature = "js", test))]
pub(crate) fn is_js_text(n: &[u8]) -> bool {
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

/// Only used to echo free-form data back (tier `benefits`): numbers become i64
/// when integral and in range, else the f64 their text denotes when that is
/// exactly computable (up to 15 significant digits and a power of ten up to
/// 10^22: one correctly rounded IEEE operation, Clinger's fast path — the same
/// f64 `JSON.parse` gives), else their text as a string. Keeping the general
/// text→float conversion out of the `.wasm` saves ~6 KB for data no
/// calculation reads.
pub(crate) fn exact_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (mantissa, exponent) = match bytes.iter().position(|&b| b == b'e' || b == b'E') {
        Some(i) => (bytes.get(..i)?, exponent_i32(bytes.get(i + 1..)?)?),
        None => (bytes, 0),
    };
    let (negative, digits) = match mantissa.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, mantissa),
    };
    // Digits before and after the first point; significant ones from the
    // first non-zero digit on (trailing zeros count), at most 15.
    let (mut m, mut significant, mut frac, mut point) = (0u64, 0usize, 0i32, false);
    for &b in digits {
        match b {
            b'.' if !point => point = true,
            b'0'..=b'9' => {
                if significant > 0 || b != b'0' {
                    significant += 1;
                    if significant > 15 {
                        return None;
                    }
                    m = m * 10 + u64::from(b - b'0');
                }
                if point {
                    frac += 1;
                }
            }
            _ => return None,
        }
    }
    let power = exponent.checked_sub(frac)?;
    if power.unsigned_abs() > 22 {
        return None;
    }
    // 10^k for k ≤ 22 and integers below 2^53 are exact doubles.
    let scale = (0..power.unsigned_abs()).fold(1.0_f64, |acc, _| acc * 10.0);
    let value = if power >= 0 { m as f64 * scale } else { m as f64 / scale };
    Some(if negative { -value } else { value })
}

/// An exponent as `str::parse::<i32>` reads it after any leading `+`.
fn exponent_i32(text: &[u8]) -> Option<i32> {
    let text = text.get(text.iter().position(|&b| b != b'+').unwrap_or(text.len())..)?;
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut x: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        x = x * 10 + i64::from(b - b'0');
        if x > 1 << 31 {
            return None; // beyond i32 either way
        }
    }
    i32::try_from(if negative { -x } else { x }).ok()
}

/// ECMAScript `Number::toString(n)` (radix 10), i.e. JS `String(n)`.
///
/// Rust's `{:e}` gives the shortest round-trip digits and their exponent (as JS
/// requires); we fix its tie-breaking ([`ties_to_even`]) and re-lay the digits out
/// per ECMA-262 §6.1.6.1.20. Pure text work, no float arithmetic.
pub fn number_text_from_f64(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_string();
    }
    if n.is_infinite() {
        return if n.is_sign_negative() { "-Infinity" } else { "Infinity" }.to_string();
    }
    if n == 0.0 {
        return "0".to_string(); // also -0
    }
    let sign = if n.is_sign_negative() { "-" } else { "" };
    let layout = sci_digits(&format!("{n:e}"))
        .map(|(digits, exp)| ties_to_even(n, digits, exp))
        .and_then(|(digits, exp)| lay_out(&digits, exp + 1));
    match layout {
        Some(body) => format!("{sign}{body}"),
        None => format!("{n:e}"), // unreachable: `{:e}` always yields "[-]d[.ddd]e[-]x"
    }
}

/// `"-1.999e1"` → `("1999", 1)`: significant digits and the power of ten of the first.
fn sci_digits(sci: &str) -> Option<(String, i64)> {
    let (mantissa, exp) = sci.trim_start_matches('-').split_once('e')?;
    Some((mantissa.chars().filter(|c| *c != '.').collect(), exp.parse().ok()?))
}

/// When the value lies exactly halfway between the two nearest shortest (k-digit)
/// candidates, Rust rounds up but ECMAScript picks the even one: 1440338521745997.25
/// is `"1440338521745997.2"` in JS, `"1440338521745997.3"` from `{:e}`. Such a tie
/// means the exact decimal expansion has k+1 digits ending in 5; `{:.800e}` prints
/// the exact expansion (an f64 has at most 767 significant digits). The cheap
/// `{:.k$e}` filter keeps that costly format off the common path.
fn ties_to_even(n: f64, digits: String, exp: i64) -> (String, i64) {
    let k = digits.len();
    if !digits.ends_with(['1', '3', '5', '7', '9']) {
        return (digits, exp);
    }
    let other = sci_digits(&format!("{n:.k$e}")).filter(|(longer, _)| longer.ends_with('5')).and_then(
        |(longer, longer_exp)| {
            let (exact, exact_exp) = sci_digits(&format!("{n:.800e}"))?;
            if exact.trim_end_matches('0') != longer || exact_exp != exp || longer_exp != exp {
                return None;
            }
            let low = longer.get(..k)?;
            let other = if digits == low { increment(low)? } else { low.to_string() };
            // Must be the same length and read back as the same double.
            let sign = if n.is_sign_negative() { "-" } else { "" };
            let back = format!("{sign}0.{other}e{}", exp + 1).parse::<f64>().ok()?;
            (other.len() == k && back.to_bits() == n.to_bits()).then_some(other)
        },
    );
    (other.unwrap_or(digits), exp)
}

/// Decimal digit string plus one; `None` if it would carry past the first digit.
fn increment(digits: &str) -> Option<String> {
    let mut out: Vec<u8> = digits.bytes().collect();
    let last_non_nine = out.iter().rposition(|&b| b != b'9')?;
    for b in out.iter_mut().skip(last_non_nine) {
        *b = if *b == b'9' { b'0' } else { *b + 1 };
    }
    String::from_utf8(out).ok()
}

/// ECMAScript layout of `k` significant `digits` with value 0.d1d2… × 10^`point`.
fn lay_out(digits: &str, point: i64) -> Option<String> {
    let k = i64::try_from(digits.len()).ok()?;
    let zeros = |count: i64| "0".repeat(usize::try_from(count).unwrap_or(0));
    Some(if k <= point && point <= 21 {
        format!("{digits}{}", zeros(point - k))
    } else if 0 < point && point <= 21 {
        let (int, frac) = digits.split_at_checked(usize::try_from(point).ok()?)?;
        format!("{int}.{frac}")
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", zeros(-point))
    } else {
        let e = point - 1;
        let e_sign = if e < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at_checked(1)?;
        let dot = if rest.is_empty() { "" } else { "." };
        format!("{first}{dot}{rest}e{e_sign}{}", e.unsigned_abs())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The implementation before it lost its `format!` and `parse` calls (kept as the reference).
    fn old_exact_f64(text: &str) -> Option<f64> {
        let (mantissa_text, exponent) = match text.find(['e', 'E']) {
            Some(i) => (text.get(..i)?, text.get(i + 1..)?.trim_start_matches('+').parse::<i32>().ok()?),
            None => (text, 0),
        };
        let (negative, digits) = match mantissa_text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, mantissa_text),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all = format!("{int}{frac}");
        let significant = all.trim_start_matches('0');
        if significant.len() > 15 || !all.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mantissa = significant.parse::<u64>().unwrap_or(0);
        let power = exponent.checked_sub(i32::try_from(frac.len()).ok()?)?;
        if power.unsigned_abs() > 22 {
            return None;
        }
        // 10^k for k ≤ 22 and integers below 2^53 are exact doubles.
        let scale = (0..power.unsigned_abs()).fold(1.0_f64, |acc, _| acc * 10.0);
        let value = if power >= 0 { mantissa as f64 * scale } else { mantissa as f64 / scale };
        Some(if negative { -value } else { value })
    }

    #[test]
    fn exact_f64_is_unchanged() {
        let mut texts: Vec<String> = [
            "5.5",
            "0.1",
            "-1.5e-7",
            "1e+21",
            "1e21",
            "1E+5",
            "123456789.123456",
            "0.30000000000000004",
            "1e-30",
            "-0",
            "0",
            "0.000",
            "000123",
            ".5",
            "5.",
            "1.2.3",
            "e5",
            "1e",
            "1e+",
            "1e++5",
            "1e+-5",
            "1e-+5",
            "-",
            "",
            "1e2147483647",
            "1e-2147483648",
            "1e2147483648",
            "1e-2147483649",
            "9007199254740993",
            "123456789012345",
            "1234567890123456",
            "0.00000000000000000001",
            "100000000000000000000000",
            "1x",
            "1e5x",
            "--1",
            "1e-0",
            "1e+022",
            "1e23",
            "12.5e-3",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut g: u64 = 0x1234_5678_9abc_def1;
        let alphabet = b"0123456789.-+eE";
        for _ in 0..200_000 {
            g ^= g << 13;
            g ^= g >> 7;
            g ^= g << 17;
            let len = (g % 24) as usize;
            texts.push(
                (0..len).map(|i| alphabet[((g >> (i * 2 % 60)) as usize + i) % alphabet.len()] as char).collect(),
            );
        }
        for t in texts {
            assert_eq!(exact_f64(&t).map(f64::to_bits), old_exact_f64(&t).map(f64::to_bits), "{t}");
        }
    }

    #[test]
    fn echoed_numbers_take_the_exact_fast_path_or_stay_text() {
        // Literals are parsed by the compiler, correctly rounded, as JSON.parse does.
        assert_eq!(exact_f64("5.5"), Some(5.5));
        assert_eq!(exact_f64("0.1"), Some(0.1));
        assert_eq!(exact_f64("-1.5e-7"), Some(-1.5e-7));
        assert_eq!(exact_f64("1e+21"), Some(1e21));
        assert_eq!(exact_f64("123456789.123456"), Some(123456789.123456));
        assert_eq!(exact_f64("0.30000000000000004"), None); // 17 digits: echoed as text
        assert_eq!(exact_f64("1e-30"), None);
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the tie cases need their exact decimal values
    fn number_text_matches_js_string() {
        // Expected values worked out from ECMA-262 Number::toString.
        let cases: &[(f64, &str)] = &[
            (19.99, "19.99"),
            (1e21, "1e+21"),
            (-1e21, "-1e+21"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (5.0, "5"),
            (-0.0, "0"),
            (0.0, "0"),
            (1.2345678901234568e20, "123456789012345680000"),
            (1e20, "100000000000000000000"),
            (0.000001, "0.000001"),
            (0.0000123, "0.0000123"),
            (0.0000001, "1e-7"),
            (100.0, "100"),
            (1.5, "1.5"),
            (-1.5, "-1.5"),
            (0.1, "0.1"),
            (0.30000000000000004, "0.30000000000000004"),
            (123.456, "123.456"),
            (9007199254740992.0, "9007199254740992"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (1.23e-18, "1.23e-18"),
            // Exact ties between two shortest candidates go to the even digit:
            // 1440338521745997.25 is exact (ulp 0.25); .2 and .3 both round-trip, 16 digits don't.
            (1440338521745997.25, "1440338521745997.2"),
            (-278256965960893.625, "-278256965960893.62"), // ulp 1/32
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for &(n, want) in cases {
            assert_eq!(number_text_from_f64(n), want, "for {n:e}");
        }
    }
}
