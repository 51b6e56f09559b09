//! The invariants every successful answer keeps, whatever the input (spec
//! §3.2, §5.2, §8, §9.4–§9.6). Shared by the fuzz targets (`fuzz/src/lib.rs`
//! includes this file by path), the fuzz regression tests and the property
//! tests: each checks an answer by its own figures, and by the answers of the
//! other operations on the same input where the spec ties them together
//! (checkout = applyRedemptions, statement after a previewed return, a badge
//! = the one-line cart).
//!
//! Depends only on the crate's public API and serde_json.
#![allow(dead_code)]

use std::str::FromStr;

use loyalty_engine::{Decimal, Operation, Program};
use serde_json::{Map, Value};

/// Checks the answer `result` (the engine's JSON text) of `op` on `args`
/// (the arguments object of [`Program::call`]) with `program` (compiled from
/// `program_text`). `Err` names the broken invariant.
pub fn check(program_text: &str, program: &Program, op: Operation, args: &Value, result: &str) -> Result<(), String> {
    let r: Value = serde_json::from_str(result).map_err(|e| format!("the result is not JSON ({e}): {result}"))?;
    no_negative_zero(&r, "")?;
    match op {
        Operation::PreviewEarn => earn(&r),
        Operation::TierProgress => tier_progress(&r),
        Operation::Statement => statement(&r),
        Operation::RedemptionOptions => options(&r),
        Operation::ApplyRedemptions => {
            application(&r)?;
            // §9.5: checkout on the same input has the same total, points and rewards.
            let Some(checkout) = answer_within_limits(program, Operation::Checkout, args)? else { return Ok(()) };
            same(&r["totalAfter"], &checkout["total"], "applyRedemptions.totalAfter = checkout.total")?;
            for key in ["pointsSpent", "balanceAfter", "applied", "earn"] {
                same(&r[key], &checkout[key], &format!("applyRedemptions.{key} = checkout.{key}"))?;
            }
            balance_after(program, args, &r)
        }
        Operation::Checkout => {
            checkout(&r)?;
            balance_after(program, args, &r)
        }
        Operation::PreviewAction => action(&r),
        Operation::ProductBadges => badges(program_text, args, &r),
        Operation::PreviewReturn => preview_return(program, args, &r),
    }
}

/// A decimal output (a JSON string in the spec's grammar).
pub fn dec(v: &Value, what: &str) -> Result<Decimal, String> {
    let s = v.as_str().ok_or_else(|| format!("{what} is not a string: {v}"))?;
    Decimal::from_str(s).map_err(|e| format!("{what} is not a decimal ({e}): {s}"))
}

fn opt_dec(v: &Value, what: &str) -> Result<Option<Decimal>, String> {
    if v.is_null() {
        Ok(None)
    } else {
        dec(v, what).map(Some)
    }
}

fn expect(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what())
    }
}

fn same(a: &Value, b: &Value, what: &str) -> Result<(), String> {
    expect(a == b, || format!("{what}: {a} vs {b}"))
}

/// Keys whose string values are the caller's ids and names echoed (a sku
/// may well be "-0"), and `benefits`, echoed free-form: not numbers.
const ECHOED: [&str; 14] = [
    "id", "sku", "reward", "orderId", "tier", "current", "after", "best", "rule", "rules", "name", "benefits",
    "action", "rewardId",
];

/// §8: no output is ever a negative zero (`"-0"`, `"-0.00"`).
pub fn no_negative_zero(v: &Value, path: &str) -> Result<(), String> {
    match v {
        Value::String(s) => {
            let negative_zero = s.strip_prefix("-0").is_some_and(|rest| {
                rest.is_empty() || rest.strip_prefix('.').is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b == b'0'))
            });
            expect(!negative_zero, || format!("negative zero {s:?} at {path}"))
        }
        Value::Array(items) => {
            items.iter().enumerate().try_for_each(|(i, x)| no_negative_zero(x, &format!("{path}[{i}]")))
        }
        Value::Object(m) => m
            .iter()
            .filter(|(k, x)| {
                !(ECHOED.contains(&k.as_str()) && (x.is_string() || k.as_str() == "benefits" || is_strings(x)))
            })
            .try_for_each(|(k, x)| no_negative_zero(x, &format!("{path}.{k}"))),
        _ => Ok(()),
    }
}

fn is_strings(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
}

/// §3.2: the reported parts add up to `points`; no rule earns below zero.
pub fn earn(r: &Value) -> Result<(), String> {
    let points = dec(&r["points"], "points")?;
    let purchase = dec(&r["purchasePoints"], "purchasePoints")?;
    let bonus = dec(&r["bonusPoints"], "bonusPoints")?;
    expect(points == purchase + bonus, || {
        format!("points {points} ≠ purchasePoints {purchase} + bonusPoints {bonus}")
    })?;
    expect(purchase >= Decimal::ZERO && bonus >= Decimal::ZERO, || {
        format!("negative points: purchase {purchase}, bonus {bonus}")
    })?;
    expect(dec(&r["cashback"], "cashback")? >= Decimal::ZERO, || "negative cashback".into())?;
    let subtotal = dec(&r["eligibleSubtotal"], "eligibleSubtotal")?;
    let lines = r["lines"].as_array().ok_or("lines is not an array")?;
    let mut eligible_nets = Decimal::ZERO;
    for (i, line) in lines.iter().enumerate() {
        let net = dec(&line["net"], "lines[].net")?;
        expect(net >= Decimal::ZERO, || format!("lines[{i}].net {net} < 0"))?;
        if line["eligible"] == Value::Bool(true) {
            eligible_nets += net;
        } else {
            expect(dec(&line["points"], "lines[].points")?.is_zero(), || format!("excluded lines[{i}] earns"))?;
        }
    }
    expect(subtotal == eligible_nets, || format!("eligibleSubtotal {subtotal} ≠ Σ eligible net {eligible_nets}"))
}

/// §4.1: `remaining` ≥ 0, 0 ≤ `progress` ≤ 1, no `next` at the top.
fn tier_progress(r: &Value) -> Result<(), String> {
    let progress = dec(&r["progress"], "progress")?;
    expect(progress >= Decimal::ZERO && progress <= Decimal::ONE, || format!("progress {progress} outside [0, 1]"))?;
    if r["next"].is_null() {
        expect(r["remaining"].is_null() && progress == Decimal::ONE, || {
            "top tier with remaining or progress < 1".into()
        })
    } else {
        let remaining = dec(&r["remaining"], "remaining")?;
        expect(remaining >= Decimal::ZERO, || format!("remaining {remaining} < 0"))
    }
}

/// §8, §9.4: balance + pending = lifetimeEarned − lifetimeRedeemed − expired,
/// the balance is −owed while points are owed, lots are never overdrawn.
pub fn statement(r: &Value) -> Result<(), String> {
    let balance = dec(&r["balance"], "balance")?;
    let pending = dec(&r["pending"], "pending")?;
    let earned = dec(&r["lifetimeEarned"], "lifetimeEarned")?;
    let redeemed = dec(&r["lifetimeRedeemed"], "lifetimeRedeemed")?;
    let expired = dec(&r["expired"], "expired")?;
    let owed = dec(&r["owed"], "owed")?;
    let forgiven = dec(&r["forgiven"], "forgiven")?;
    expect(balance + pending == earned - redeemed - expired, || {
        format!("balance {balance} + pending {pending} ≠ lifetimeEarned {earned} − lifetimeRedeemed {redeemed} − expired {expired}")
    })?;
    expect(owed >= Decimal::ZERO && forgiven >= Decimal::ZERO && pending >= Decimal::ZERO, || {
        format!("negative owed {owed}, forgiven {forgiven} or pending {pending}")
    })?;
    if owed > Decimal::ZERO {
        expect(balance == -owed, || format!("balance {balance} while {owed} is owed"))?;
    } else {
        expect(balance >= Decimal::ZERO, || format!("balance {balance} < 0 with nothing owed"))?;
    }
    if let Some(liability) = opt_dec(&r["liability"], "liability")? {
        expect(liability >= Decimal::ZERO, || format!("liability {liability} < 0"))?;
    }
    for (i, lot) in r["lots"].as_array().ok_or("lots is not an array")?.iter().enumerate() {
        let points = dec(&lot["points"], "lots[].points")?;
        let remaining = dec(&lot["remaining"], "lots[].remaining")?;
        expect(remaining >= Decimal::ZERO && remaining <= points, || {
            format!("lots[{i}]: remaining {remaining} outside [0, {points}]")
        })?;
    }
    Ok(())
}

/// §5.3: `best` is the eligible option of the highest value; values ≥ 0.
fn options(r: &Value) -> Result<(), String> {
    let options = r["options"].as_array().ok_or("options is not an array")?;
    let mut best_value: Option<Decimal> = None;
    for o in options {
        if o["eligible"] == Value::Bool(true) {
            let value = dec(&o["value"], "options[].value")?;
            expect(value > Decimal::ZERO, || format!("eligible option {} of value {value}", o["id"]))?;
            best_value = Some(best_value.map_or(value, |b: Decimal| b.max(value)));
        }
    }
    match (&r["best"], best_value) {
        (Value::Null, None) => Ok(()),
        (Value::String(id), Some(max)) => {
            let best =
                options.iter().find(|o| o["id"] == Value::String(id.clone()) && o["eligible"] == Value::Bool(true));
            let value = dec(&best.ok_or(format!("best {id} is not an eligible option"))?["value"], "best value")?;
            expect(value == max, || format!("best {id} is worth {value}, another option {max}"))
        }
        (best, max) => Err(format!("best {best} with highest eligible value {max:?}")),
    }
}

fn sums(applied: &Value) -> Result<(Decimal, Decimal), String> {
    let mut value = Decimal::ZERO;
    let mut points = Decimal::ZERO;
    for a in applied.as_array().ok_or("applied is not an array")? {
        value += dec(&a["value"], "applied[].value")?;
        points += dec(&a["points"], "applied[].points")?;
    }
    Ok((value, points))
}

/// §5.3, §8: `discount` = Σ applied values, `pointsSpent` = Σ applied points.
fn application(r: &Value) -> Result<(), String> {
    let (value, points) = sums(&r["applied"])?;
    let discount = dec(&r["discount"], "discount")?;
    let spent = dec(&r["pointsSpent"], "pointsSpent")?;
    expect(discount == value, || format!("discount {discount} ≠ Σ applied values {value}"))?;
    expect(spent == points, || format!("pointsSpent {spent} ≠ Σ applied points {points}"))?;
    expect(dec(&r["totalAfter"], "totalAfter")? >= Decimal::ZERO, || "totalAfter < 0".into())?;
    earn(&r["earn"])
}

/// §9.5: total = itemsTotal + shipping − discount; discount = perks +
/// Σ applied; pointsSpent = Σ applied points; total ≥ 0.
pub fn checkout(r: &Value) -> Result<(), String> {
    let items = dec(&r["itemsTotal"], "itemsTotal")?;
    let shipping = dec(&r["shipping"], "shipping")?;
    let discount = dec(&r["discount"], "discount")?;
    let total = dec(&r["total"], "total")?;
    expect(total == items + shipping - discount, || {
        format!("total {total} ≠ itemsTotal {items} + shipping {shipping} − discount {discount}")
    })?;
    expect(total >= Decimal::ZERO, || format!("total {total} < 0"))?;
    let (value, points) = sums(&r["applied"])?;
    let perks = match &r["perks"] {
        Value::Null => Decimal::ZERO,
        p => dec(&p["discount"], "perks.discount")? + dec(&p["shippingWaived"], "perks.shippingWaived")?,
    };
    expect(discount == perks + value, || format!("discount {discount} ≠ perks {perks} + Σ applied {value}"))?;
    let spent = dec(&r["pointsSpent"], "pointsSpent")?;
    expect(spent == points, || format!("pointsSpent {spent} ≠ Σ applied points {points}"))?;
    earn(&r["earn"])
}

/// Ledger conservation of a redemption: balanceAfter = balance − pointsSpent,
/// the balance as `redemptionOptions` reports it on the same input.
fn balance_after(program: &Program, args: &Value, r: &Value) -> Result<(), String> {
    // Valuing every reward may pass 10^16 where this answer did not (fuzz crash bcac7971).
    let Some(options) = answer_within_limits(program, Operation::RedemptionOptions, args)? else { return Ok(()) };
    let balance = dec(&options["balance"], "redemptionOptions.balance")?;
    let spent = dec(&r["pointsSpent"], "pointsSpent")?;
    let after = dec(&r["balanceAfter"], "balanceAfter")?;
    expect(after == balance - spent, || format!("balanceAfter {after} ≠ balance {balance} − pointsSpent {spent}"))
}

/// §5.4: an ineligible answer earns zero and names its reason.
fn action(r: &Value) -> Result<(), String> {
    let points = dec(&r["points"], "points")?;
    if r["eligible"] == Value::Bool(true) {
        expect(points >= Decimal::ZERO && r["reason"].is_null(), || format!("eligible action: {r}"))
    } else {
        expect(points.is_zero() && r["reason"].is_string(), || format!("ineligible action: {r}"))
    }
}

/// §5.5: a badge is what one unit earns as a one-line cart with no shipping
/// and no bonus rules (the general route: `previewEarn` of a program without
/// its bonus rules). Compared where both answer.
fn badges(program_text: &str, args: &Value, r: &Value) -> Result<(), String> {
    let Ok(Value::Object(mut p)) = serde_json::from_str::<Value>(program_text) else { return Ok(()) };
    if let Some(Value::Array(rules)) = p.get_mut("earning") {
        rules.retain(|rule| rule["type"] != "bonus");
    }
    let Ok(general) = Program::from_json(&Value::Object(p).to_string()) else { return Ok(()) };
    let badges = r["badges"].as_array().ok_or("badges is not an array")?;
    let products = args["products"].as_array().ok_or("products is not an array")?;
    expect(badges.len() == products.len(), || format!("{} badges for {} products", badges.len(), products.len()))?;
    let currency = serde_json::from_str::<Value>(program_text).ok().map(|p| p["currency"].clone()).unwrap_or_default();
    for (i, (badge, product)) in badges.iter().zip(products).enumerate() {
        same(&badge["sku"], &product["sku"], &format!("badges[{i}].sku"))?;
        let mut line = Map::new();
        for key in ["sku", "categories", "tags"] {
            if let Some(v) = product.get(key) {
                line.insert(key.into(), v.clone());
            }
        }
        line.insert("unitPrice".into(), product.get("price").cloned().unwrap_or(Value::Null));
        line.insert("quantity".into(), Value::from(1));
        let mut call = Map::new();
        call.insert("cart".into(), serde_json::json!({ "currency": currency, "lines": [line] }));
        for key in ["member", "now"] {
            if let Some(v) = args.get(key) {
                call.insert(key.into(), v.clone());
            }
        }
        let Ok(earned) = answer(&general, Operation::PreviewEarn, &Value::Object(call)) else { continue };
        same(&badge["points"], &earned["points"], &format!("badges[{i}].points = previewEarn of its one-line cart"))?;
    }
    Ok(())
}

/// §9.6: the event says what the preview says; the statement of the ledger
/// with the event appended shows `balanceAfter`, `owedAfter` and the
/// `forgiven` of this refund; partial refunds never take more than the order.
fn preview_return(program: &Program, args: &Value, r: &Value) -> Result<(), String> {
    let event = &r["event"];
    for (e, k) in [("points", "points"), ("spend", "spend"), ("orderId", "orderId"), ("fullReturn", "fullReturn")] {
        same(&event[e], &r[k], &format!("event.{e} = {k}"))?;
    }
    same(&event["type"], &Value::from("return"), "event.type")?;
    let points = dec(&r["points"], "points")?;
    expect(points >= Decimal::ZERO, || format!("points {points} < 0"))?;
    let owed_after = dec(&r["owedAfter"], "owedAfter")?;
    let after = dec(&r["balanceAfter"], "balanceAfter")?;
    if owed_after > Decimal::ZERO {
        expect(after == -owed_after, || format!("balanceAfter {after} while {owed_after} is owed"))?;
    }
    let mut before_args = args.clone();
    if let Some(m) = before_args.as_object_mut() {
        m.remove("refund");
        m.remove("days"); // the statement's own argument: its default
    }
    let Some(before) = answer_within_limits(program, Operation::Statement, &before_args)? else { return Ok(()) };
    let mut after_args = before_args.clone();
    let Some(events) = after_args.pointer_mut("/member/events").and_then(Value::as_array_mut) else {
        return Err("previewReturn answered for a member without events".into());
    };
    events.push(event.clone());
    let Some(stated) = answer_within_limits(program, Operation::Statement, &after_args)? else { return Ok(()) };
    same(&stated["balance"], &r["balanceAfter"], "statement after the event: balance = balanceAfter")?;
    same(&stated["owed"], &r["owedAfter"], "statement after the event: owed = owedAfter")?;
    let forgiven = dec(&stated["forgiven"], "forgiven after")? - dec(&before["forgiven"], "forgiven before")?;
    expect(dec(&r["forgiven"], "forgiven")? == forgiven, || {
        format!("forgiven {} ≠ the statement's forgiven grew by {forgiven}", r["forgiven"])
    })
}

/// [`answer`], or `None` where the other operation, which computes more,
/// passes the engine's limits (`limit_exceeded`, §1) on the same input.
fn answer_within_limits(program: &Program, op: Operation, args: &Value) -> Result<Option<Value>, String> {
    match program.call(op, &args.to_string()) {
        Err(e) if e.code == loyalty_engine::ErrorCode::LimitExceeded => Ok(None),
        _ => answer(program, op, args).map(Some),
    }
}

/// The answer of `op` on `args` as JSON, or the error as text.
pub fn answer(program: &Program, op: Operation, args: &Value) -> Result<Value, String> {
    let response = program.call(op, &args.to_string()).map_err(|e| format!("{}: {e}", op.name()))?;
    let text = response.to_json().map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}
