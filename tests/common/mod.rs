//! Small helpers shared by the spec_* integration tests. Every expected value
//! in those tests is derived by hand from the spec (PROGRAM.md); these helpers
//! only run the engine and unpack its answers.
#![allow(dead_code)]

use loyalty_engine::earn::EarnLine;
use loyalty_engine::{Cart, EarnPreview, Error, Member, Program, Timestamp};

/// A Tuesday (2026-11-24 is ISO weekday 2).
pub const NOW: &str = "2026-11-24T10:00:00Z";

/// `{"version":1,"currency":"USD", <body>}`.
pub fn usd(body: &str) -> String {
    if body.trim().is_empty() {
        r#"{"version":1,"currency":"USD"}"#.to_string()
    } else {
        format!(r#"{{"version":1,"currency":"USD",{body}}}"#)
    }
}

/// A USD program with just these earning rules (a JSON array text).
pub fn usd_earning(earning: &str) -> String {
    usd(&format!(r#""earning":{earning}"#))
}

/// `{"currency":"USD", <extra>, "lines":[<lines>]}`.
pub fn cart(extra: &str, lines: &str) -> String {
    if extra.trim().is_empty() {
        format!(r#"{{"currency":"USD","lines":[{lines}]}}"#)
    } else {
        format!(r#"{{"currency":"USD",{extra},"lines":[{lines}]}}"#)
    }
}

/// `"[[[...]]]"`: `depth` nested arrays (the innermost empty).
pub fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

pub fn program(text: &str) -> Program {
    Program::from_json(text).unwrap_or_else(|e| panic!("program rejected: {e}\n{text}"))
}

pub fn code_path(e: &Error) -> (String, String) {
    (e.code.as_str().to_string(), e.path.clone())
}

/// The error of compiling a program (panics if it compiles).
pub fn program_err(text: &str) -> (String, String) {
    match Program::from_json(text) {
        Ok(_) => panic!("program unexpectedly accepted:\n{text}"),
        Err(e) => code_path(&e),
    }
}

/// Runs program → cart → member → previewEarn, returning the first error.
pub fn try_earn_at(program: &str, cart: &str, member: Option<&str>, now: &str) -> Result<EarnPreview, Error> {
    let p = Program::from_json(program)?;
    let c = Cart::from_json(&p, cart)?;
    let m = match member {
        Some(m) => Some(Member::from_json(&p, m)?),
        None => None,
    };
    let now = Timestamp::parse(now).unwrap_or_else(|e| panic!("bad test timestamp {now}: {e:?}"));
    p.preview_earn(&c, m.as_ref(), now)
}

pub fn earn_at(program: &str, cart: &str, member: Option<&str>, now: &str) -> EarnPreview {
    try_earn_at(program, cart, member, now).unwrap_or_else(|e| panic!("previewEarn failed: {e}"))
}

pub fn earn(program: &str, cart: &str, member: Option<&str>) -> EarnPreview {
    earn_at(program, cart, member, NOW)
}

pub fn earn_err_at(program: &str, cart: &str, member: Option<&str>, now: &str) -> (String, String) {
    match try_earn_at(program, cart, member, now) {
        Ok(r) => panic!("previewEarn unexpectedly succeeded: {r:?}"),
        Err(e) => code_path(&e),
    }
}

pub fn earn_err(program: &str, cart: &str, member: Option<&str>) -> (String, String) {
    earn_err_at(program, cart, member, NOW)
}

pub fn line<'a>(e: &'a EarnPreview, id: &str) -> &'a EarnLine {
    e.lines.iter().find(|l| l.id == id).unwrap_or_else(|| panic!("no line {id} in {:?}", e.lines))
}

/// `rules[]` as (id, points) pairs.
pub fn rules(e: &EarnPreview) -> Vec<(String, String)> {
    e.rules.iter().map(|r| (r.id.clone(), r.points.clone())).collect()
}

/// Builds the expected `rules[]` list from literal pairs.
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

pub fn strs(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

pub fn cp(code: &str, path: &str) -> (String, String) {
    (code.to_string(), path.to_string())
}
