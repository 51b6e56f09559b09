//! Helpers for the ledger / tier tests (spec §4, §5): event builders, runners
//! for `statement` and `tierProgress`, and a tiny calendar for generated
//! timestamps. Included with `#[path = "common/ledger.rs"] mod ledger;`.
//! These helpers only build inputs and unpack answers; every expected value
//! in the tests is derived by hand from PROGRAM.md.
#![allow(dead_code)]

use loyalty_engine::json::{self, Value};
use loyalty_engine::statement::Statement;
use loyalty_engine::tiers::TierProgress;
use loyalty_engine::{Cart, Error, Member, Program, Timestamp};

// ------------------------------------------------------------------ events

/// A purchase with `spend` 0 (its default).
pub fn purchase(at: &str, points: &str, order: &str) -> String {
    format!(r#"{{"type":"purchase","at":"{at}","points":"{points}","orderId":"{order}"}}"#)
}

/// A purchase with a spend amount.
pub fn purchase_s(at: &str, points: &str, spend: &str, order: &str) -> String {
    format!(r#"{{"type":"purchase","at":"{at}","points":"{points}","spend":"{spend}","orderId":"{order}"}}"#)
}

pub fn action(at: &str, points: &str) -> String {
    format!(r#"{{"type":"action","action":"review","at":"{at}","points":"{points}"}}"#)
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

/// A snapshot member.
pub fn snapshot(balance: &str, qualifying: &str) -> String {
    format!(r#"{{"id":"m","balance":"{balance}","qualifyingValue":"{qualifying}"}}"#)
}

pub fn snapshot_tier(balance: &str, qualifying: &str, tier: &str) -> String {
    format!(r#"{{"id":"m","balance":"{balance}","qualifyingValue":"{qualifying}","tier":"{tier}"}}"#)
}

// ------------------------------------------------------------------ runners

pub fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|e| panic!("bad test timestamp {s}: {e:?}"))
}

pub fn ce(e: &Error) -> (String, String) {
    (e.code.as_str().to_string(), e.path.clone())
}

pub fn prog(text: &str) -> Program {
    Program::from_json(text).unwrap_or_else(|e| panic!("program rejected: {e}\n{text}"))
}

/// Typed path: Program → Member → `statement`.
pub fn try_statement(program: &str, member: &str, now: &str, days: i64) -> Result<Statement, Error> {
    let p = Program::from_json(program)?;
    let m = Member::from_json(&p, member)?;
    p.statement(&m, ts(now), days)
}

pub fn statement(program: &str, member: &str, now: &str, days: i64) -> Statement {
    try_statement(program, member, now, days).unwrap_or_else(|e| panic!("statement failed: {e}\nmember: {member}"))
}

pub fn statement_err(program: &str, member: &str, now: &str, days: i64) -> (String, String) {
    match try_statement(program, member, now, days) {
        Ok(s) => panic!("statement unexpectedly succeeded: {s:?}"),
        Err(e) => ce(&e),
    }
}

fn val(text: &str) -> Value {
    json::parse(text).unwrap_or_else(|e| panic!("bad test JSON: {e}\n{text}"))
}

/// Loose path: `ops::statement` on JSON values.
pub fn loose_statement(program: &str, member: Option<&str>, now: &str, days: i64) -> Result<Statement, Error> {
    let p = prog(program);
    let m = member.map(val);
    let n = val(&format!("\"{now}\""));
    let d = val(&days.to_string());
    loyalty_engine::ops::statement(&p, m.as_ref(), Some(&n), Some(&d))
}

/// Typed path: Program → Member → Cart → `tierProgress`.
pub fn try_tiers(program: &str, member: Option<&str>, cart: Option<&str>, now: &str) -> Result<TierProgress, Error> {
    let p = Program::from_json(program)?;
    let m = match member {
        Some(m) => Some(Member::from_json(&p, m)?),
        None => None,
    };
    let c = match cart {
        Some(c) => Some(Cart::from_json(&p, c)?),
        None => None,
    };
    p.tier_progress(m.as_ref(), c.as_ref(), ts(now))
}

pub fn tiers(program: &str, member: Option<&str>, cart: Option<&str>, now: &str) -> TierProgress {
    try_tiers(program, member, cart, now).unwrap_or_else(|e| panic!("tierProgress failed: {e}"))
}

pub fn tiers_err(program: &str, member: Option<&str>, cart: Option<&str>, now: &str) -> (String, String) {
    match try_tiers(program, member, cart, now) {
        Ok(t) => panic!("tierProgress unexpectedly succeeded: {t:?}"),
        Err(e) => ce(&e),
    }
}

/// Loose path: `ops::tier_progress` on JSON values (validates the ledger).
pub fn loose_tiers(program: &str, member: Option<&str>, cart: Option<&str>, now: &str) -> Result<TierProgress, Error> {
    let p = prog(program);
    let m = member.map(val);
    let c = cart.map(val);
    let n = val(&format!("\"{now}\""));
    loyalty_engine::ops::tier_progress(&p, m.as_ref(), c.as_ref(), Some(&n))
}

// ------------------------------------------------------------------ unpacking

/// (balance, pending, lifetimeEarned, lifetimeRedeemed, expired)
pub fn totals(s: &Statement) -> (&str, &str, &str, &str, &str) {
    (&s.balance, &s.pending, &s.lifetime_earned, &s.lifetime_redeemed, &s.expired)
}

/// Lots as (at, points, remaining, expiresAt).
pub fn lots(s: &Statement) -> Vec<(String, String, String, Option<String>)> {
    s.lots.iter().map(|l| (l.at.clone(), l.points.clone(), l.remaining.clone(), l.expires_at.clone())).collect()
}

/// Expected lots from literals; `None` for a null expiry.
pub fn lots_of(list: &[(&str, &str, &str, Option<&str>)]) -> Vec<(String, String, String, Option<String>)> {
    list.iter().map(|(a, p, r, e)| (a.to_string(), p.to_string(), r.to_string(), e.map(|x| x.to_string()))).collect()
}

/// (remaining, expiresAt) of each lot.
pub fn remaining(s: &Statement) -> Vec<(String, Option<String>)> {
    s.lots.iter().map(|l| (l.remaining.clone(), l.expires_at.clone())).collect()
}

pub fn rem_of(list: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    list.iter().map(|(r, e)| (r.to_string(), e.map(|x| x.to_string()))).collect()
}

/// expiringSoon as (points, expiresAt).
pub fn soon(s: &Statement) -> Vec<(String, String)> {
    s.expiring_soon.iter().map(|e| (e.points.clone(), e.expires_at.clone())).collect()
}

pub fn soon_of(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

pub fn s(x: &str) -> Option<String> {
    Some(x.to_string())
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
