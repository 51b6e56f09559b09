//! The helpers shared by the spec_* integration tests (one module for all of
//! them): builders of program, cart, member and event texts, runners of the
//! typed API ([`Program`]'s methods) and of the loose API ([`Program::call`]),
//! and unpackers of their answers. Every expected value in the tests is
//! derived by hand from the spec (PROGRAM.md); these helpers only build
//! inputs, run the engine and unpack its answers.
#![allow(dead_code)]

use loyalty_engine::{
    Cart, EarnLine, EarnPreview, Error, Member, Operation, Program, Statement, TierProgress, Timestamp,
};
use serde_json::Value;

/// A Tuesday (2026-11-24 is ISO weekday 2).
pub const NOW: &str = "2026-11-24T10:00:00Z";

/// Three point-metric tiers on the calendar year: bronze 0, silver 500
/// (×1.25), gold 1000 (×1.5). A program field (`"tiers":{…}`).
pub const BRONZE_SILVER_GOLD: &str = r#""tiers":{"metric":"points","window":{"type":"calendar_year"},"levels":[
    {"id":"bronze","threshold":"0"},
    {"id":"silver","threshold":"500","earnMultiplier":"1.25"},
    {"id":"gold","threshold":"1000","earnMultiplier":"1.5"}]}"#;

// ------------------------------------------------------------------ output text

/// The text of a result's value (decimal, timestamp or string): the spec's
/// output text, whatever the field's Rust type.
pub fn text(x: &impl ToString) -> String {
    x.to_string()
}

/// [`text`] of an optional value.
pub fn opt_text<T: ToString>(x: &Option<T>) -> Option<String> {
    x.as_ref().map(ToString::to_string)
}

pub fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

pub fn strs(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Builds the expected `rules[]` list from literal pairs.
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

// ------------------------------------------------------------------ programs, carts

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

/// A cart line.
pub fn ln(id: &str, sku: &str, price: &str, qty: &str) -> String {
    format!(r#"{{"id":"{id}","sku":"{sku}","unitPrice":"{price}","quantity":"{qty}"}}"#)
}

/// A line with extra fields, e.g. `"categories":["apparel"],"tax":"1.00"`.
pub fn lnx(id: &str, sku: &str, price: &str, qty: &str, extra: &str) -> String {
    format!(r#"{{"id":"{id}","sku":"{sku}","unitPrice":"{price}","quantity":"{qty}",{extra}}}"#)
}

/// `"[[[...]]]"`: `depth` nested arrays (the innermost empty).
pub fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// A JSON string text (the tests' texts hold no quote or backslash).
pub fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

// ------------------------------------------------------------------ compiling, errors

pub fn program(text: &str) -> Program {
    Program::from_json(text).unwrap_or_else(|e| panic!("program rejected: {e}\n{text}"))
}

pub fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|e| panic!("bad test timestamp {s}: {e:?}"))
}

/// An error's (code, path).
pub fn code_path(e: &Error) -> (String, String) {
    (e.code.as_str().to_string(), e.path.clone())
}

/// An expected (code, path).
pub fn cp(code: &str, path: &str) -> (String, String) {
    (code.to_string(), path.to_string())
}

/// The error of compiling a program (panics if it compiles).
pub fn program_err(text: &str) -> (String, String) {
    match Program::from_json(text) {
        Ok(_) => panic!("program unexpectedly accepted:\n{text}"),
        Err(e) => code_path(&e),
    }
}

// ------------------------------------------------------------------ the loose API

/// Runs `op` through the loose API ([`Program::call`]), as a server or the JS
/// binding calls it, on arguments given as (name, JSON text) pairs (`None`:
/// the argument is absent). The answer is the spec's JSON.
pub fn try_loose(program: &Program, op: Operation, args: &[(&str, Option<&str>)]) -> Result<Value, Error> {
    let fields: Vec<String> = args.iter().filter_map(|(name, v)| v.map(|v| format!("{}:{v}", quoted(name)))).collect();
    let answer = program.call(op, &format!("{{{}}}", fields.join(",")))?;
    Ok(serde_json::to_value(&answer).expect("a result serializes"))
}

/// [`try_loose`], which must succeed.
pub fn loose(program: &Program, op: Operation, args: &[(&str, Option<&str>)]) -> Value {
    try_loose(program, op, args).unwrap_or_else(|e| panic!("{} failed: {e}", op.name()))
}

/// [`try_loose`], which must fail.
pub fn loose_err(program: &Program, op: Operation, args: &[(&str, Option<&str>)]) -> Error {
    match try_loose(program, op, args) {
        Ok(r) => panic!("{} unexpectedly succeeded: {r}", op.name()),
        Err(e) => e,
    }
}

// ------------------------------------------------------------------ previewEarn (typed)

fn member_of(p: &Program, member: Option<&str>) -> Result<Option<Member>, Error> {
    member.map(|m| Member::from_json(p, m)).transpose()
}

/// Runs program → cart → member → previewEarn, returning the first error.
pub fn try_earn_at(program: &str, cart: &str, member: Option<&str>, now: &str) -> Result<EarnPreview, Error> {
    let p = Program::from_json(program)?;
    let c = Cart::from_json(&p, cart)?;
    let m = member_of(&p, member)?;
    p.preview_earn(&c, m.as_ref(), ts(now))
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
    e.rules.iter().map(|r| (r.id.clone(), text(&r.points))).collect()
}

// ------------------------------------------------------------------ events

/// A purchase with `spend` 0 (its default).
pub fn purchase(at: &str, points: &str, order: &str) -> String {
    format!(r#"{{"type":"purchase","at":"{at}","points":"{points}","orderId":"{order}"}}"#)
}

/// A purchase with a spend amount.
pub fn purchase_s(at: &str, points: &str, spend: &str, order: &str) -> String {
    format!(r#"{{"type":"purchase","at":"{at}","points":"{points}","spend":"{spend}","orderId":"{order}"}}"#)
}

/// A `review` action.
pub fn action(at: &str, points: &str) -> String {
    action_named("review", at, points)
}

pub fn action_named(name: &str, at: &str, points: &str) -> String {
    format!(r#"{{"type":"action","action":"{name}","at":"{at}","points":"{points}"}}"#)
}

pub fn redeem(at: &str, points: &str) -> String {
    format!(r#"{{"type":"redeem","at":"{at}","points":"{points}","rewardId":"r"}}"#)
}

/// A return with `spend` 0.
pub fn ret(at: &str, points: &str, order: &str) -> String {
    format!(r#"{{"type":"return","at":"{at}","points":"{points}","orderId":"{order}"}}"#)
}

pub fn ret_s(at: &str, points: &str, spend: &str, order: &str) -> String {
    format!(r#"{{"type":"return","at":"{at}","points":"{points}","spend":"{spend}","orderId":"{order}"}}"#)
}

/// A return with `fullReturn: true`.
pub fn ret_full(at: &str, points: &str, spend: &str, order: &str) -> String {
    format!(
        r#"{{"type":"return","at":"{at}","points":"{points}","spend":"{spend}","orderId":"{order}","fullReturn":true}}"#
    )
}

/// `points` is signed text, e.g. `"-5"`.
pub fn adjust(at: &str, points: &str) -> String {
    format!(r#"{{"type":"adjust","at":"{at}","points":"{points}"}}"#)
}

/// `{"id":"m","events":[...]}`.
pub fn ledger(events: &[String]) -> String {
    format!(r#"{{"id":"m","events":[{}]}}"#, events.join(","))
}

/// A ledger member with an assigned tier.
pub fn ledger_tier(tier: &str, events: &[String]) -> String {
    format!(r#"{{"id":"m","tier":"{tier}","events":[{}]}}"#, events.join(","))
}

/// A ledger member with these flags (a JSON list body, e.g. `"vip"`).
pub fn ledger_flags(flags: &str, events: &[&str]) -> String {
    format!(r#"{{"id":"m","flags":[{flags}],"events":[{}]}}"#, events.join(","))
}

/// A snapshot member.
pub fn snapshot(balance: &str, qualifying: &str) -> String {
    format!(r#"{{"id":"m","balance":"{balance}","qualifyingValue":"{qualifying}"}}"#)
}

pub fn snapshot_tier(balance: &str, qualifying: &str, tier: &str) -> String {
    format!(r#"{{"id":"m","balance":"{balance}","qualifyingValue":"{qualifying}","tier":"{tier}"}}"#)
}

// ------------------------------------------------------------------ statement, tierProgress (typed)

/// Typed path: Program → Member → `statement`.
pub fn try_statement(program: &str, member: &str, now: &str, days: u32) -> Result<Statement, Error> {
    let p = Program::from_json(program)?;
    let m = Member::from_json(&p, member)?;
    p.statement(&m, ts(now), days)
}

pub fn statement(program: &str, member: &str, now: &str, days: u32) -> Statement {
    try_statement(program, member, now, days).unwrap_or_else(|e| panic!("statement failed: {e}\nmember: {member}"))
}

pub fn statement_err(program: &str, member: &str, now: &str, days: u32) -> (String, String) {
    match try_statement(program, member, now, days) {
        Ok(s) => panic!("statement unexpectedly succeeded: {s:?}"),
        Err(e) => code_path(&e),
    }
}

/// Typed path: Program → Member → Cart → `tierProgress`.
pub fn try_tiers(program: &str, member: Option<&str>, cart: Option<&str>, now: &str) -> Result<TierProgress, Error> {
    let p = Program::from_json(program)?;
    let m = member_of(&p, member)?;
    let c = cart.map(|c| Cart::from_json(&p, c)).transpose()?;
    p.tier_progress(m.as_ref(), c.as_ref(), ts(now))
}

pub fn tiers(program: &str, member: Option<&str>, cart: Option<&str>, now: &str) -> TierProgress {
    try_tiers(program, member, cart, now).unwrap_or_else(|e| panic!("tierProgress failed: {e}"))
}

pub fn tiers_err(program: &str, member: Option<&str>, cart: Option<&str>, now: &str) -> (String, String) {
    match try_tiers(program, member, cart, now) {
        Ok(t) => panic!("tierProgress unexpectedly succeeded: {t:?}"),
        Err(e) => code_path(&e),
    }
}

// ------------------------------------------------------------------ unpacking a statement

/// [balance, pending, lifetimeEarned, lifetimeRedeemed, expired]
pub fn totals(s: &Statement) -> [String; 5] {
    [text(&s.balance), text(&s.pending), text(&s.lifetime_earned), text(&s.lifetime_redeemed), text(&s.expired)]
}

/// Lots as (at, points, remaining, expiresAt).
pub fn lots(s: &Statement) -> Vec<(String, String, String, Option<String>)> {
    s.lots.iter().map(|l| (text(&l.at), text(&l.points), text(&l.remaining), opt_text(&l.expires_at))).collect()
}

/// Expected lots from literals; `None` for a null expiry.
pub fn lots_of(list: &[(&str, &str, &str, Option<&str>)]) -> Vec<(String, String, String, Option<String>)> {
    list.iter().map(|(a, p, r, e)| (a.to_string(), p.to_string(), r.to_string(), e.map(|x| x.to_string()))).collect()
}

/// (remaining, expiresAt) of each lot.
pub fn remaining(s: &Statement) -> Vec<(String, Option<String>)> {
    s.lots.iter().map(|l| (text(&l.remaining), opt_text(&l.expires_at))).collect()
}

pub fn rem_of(list: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    list.iter().map(|(r, e)| (r.to_string(), e.map(|x| x.to_string()))).collect()
}

/// expiringSoon as (points, expiresAt).
pub fn soon(s: &Statement) -> Vec<(String, String)> {
    s.expiring_soon.iter().map(|e| (text(&e.points), text(&e.expires_at))).collect()
}

pub fn soon_of(list: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs(list)
}

// ------------------------------------------------------------------ calendar (for generated timestamps)

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Seconds since the Unix epoch → `YYYY-MM-DDTHH:MM:SSZ`.
pub fn fmt_epoch(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// 2024-01-01T00:00:00Z in Unix seconds (19723 days × 86400).
pub const EPOCH_2024: i64 = 19_723 * 86_400;
