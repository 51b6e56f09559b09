//! Spec §4 (tiers, `tierProgress`) with §8 "Tiers" and the member shape
//! rules of §5 / §8 "Ledger": hand-derived scenarios. Every expected value is
//! worked out from PROGRAM.md in the comment next to it. Results are compared
//! as JSON subsets, like the §7 conformance cases (keys not listed are not
//! checked; a listed `null` must be present and null).
//!
//! Defaults unless a test says otherwise: USD (2 places, half_up), points
//! decimals 0, one unconditional earning rule "1 point per 1.00" (R = 1).
#![cfg(not(target_arch = "wasm32"))] // native: the wasm runs are tests/wasm.rs and the conformance runner

mod common;
use common::*;

use loyalty_engine::{Operation, TierProgress};
use serde_json::{json, Value as J};

/// bronze 0 (×1), silver 500 (×1.25), gold 1000 (×1.5, benefits), platinum 2500 (×2, no name).
const LEVELS: &str = r#"[
  {"id":"bronze","name":"Bronze","threshold":"0","earnMultiplier":"1"},
  {"id":"silver","name":"Silver","threshold":"500","earnMultiplier":"1.25"},
  {"id":"gold","name":"Gold","threshold":"1000","earnMultiplier":"1.50","benefits":{"lounge":true,"percentOff":"5"}},
  {"id":"platinum","threshold":"2500","earnMultiplier":"2"}]"#;

/// Spend levels: member 0, plus 50.00 (×1.1), vip 200.00 (×1.5).
const SPEND_LEVELS: &str = r#"[
  {"id":"member","name":"Member","threshold":"0"},
  {"id":"plus","name":"Plus","threshold":"50.00","earnMultiplier":"1.1"},
  {"id":"vip","name":"VIP","threshold":"200","earnMultiplier":"1.5"}]"#;

const BASE: &str = r#"[{"id":"base","type":"spend","points":"1"}]"#;

/// A USD program with the base rule and these tiers; `rest` is extra program fields (`,"k":v…`).
fn tier_program(metric: &str, window: &str, retention: &str, levels: &str, rest: &str) -> String {
    usd(&format!(
        r#""earning":{BASE},"tiers":{{"metric":"{metric}","window":{window},"retention":"{retention}","levels":{levels}}}{rest}"#
    ))
}

const CAL: &str = r#"{"type":"calendar_year"}"#;
const LIFE: &str = r#"{"type":"lifetime"}"#;

/// Checks `expect` as a subset of the result's JSON (§7 style).
fn check(actual: &TierProgress, expect: J) {
    let a = serde_json::to_value(actual).unwrap();
    subset(&a, &expect, "$", &a);
}

fn subset(a: &J, e: &J, path: &str, whole: &J) {
    match e {
        J::Object(m) => {
            for (k, v) in m {
                let av = a.get(k).unwrap_or_else(|| panic!("{path}.{k} missing in {whole:#}"));
                subset(av, v, &format!("{path}.{k}"), whole);
            }
        }
        J::Array(items) => {
            let aa = a.as_array().unwrap_or_else(|| panic!("{path} is not an array in {whole:#}"));
            assert_eq!(aa.len(), items.len(), "{path} length in {whole:#}");
            for (i, v) in items.iter().enumerate() {
                subset(&aa[i], v, &format!("{path}[{i}]"), whole);
            }
        }
        _ => assert_eq!(a, e, "{path} in {whole:#}"),
    }
}

fn one_line_cart(price: &str) -> String {
    cart("", &format!(r#"{{"id":"l1","sku":"A","unitPrice":"{price}","quantity":"1"}}"#))
}

// ================================================================ metric points, calendar year

#[test]
fn points_calendar_year_counts_purchases_net_of_returns_only() {
    let p = tier_program("points", CAL, "none", LEVELS, "");
    let m = ledger(&[
        purchase_s("2025-12-31T23:59:59Z", "400", "400.00", "o-0"), // previous year
        purchase_s("2026-01-01T00:00:00Z", "300", "300.00", "o-1"), // first instant of 2026: counts
        action("2026-02-01T00:00:00Z", "200"),                      // not a purchase
        adjust("2026-03-01T00:00:00Z", "500"),                      // not a purchase
        purchase_s("2026-05-01T00:00:00Z", "350", "350.00", "o-2"),
        ret_s("2026-06-01T00:00:00Z", "50", "50.00", "o-2"),
        redeem("2026-07-01T00:00:00Z", "100"), // spending does not lower the qualifying value
        purchase_s("2026-12-01T00:00:00Z", "1000", "1000.00", "o-3"), // after now
    ]);
    let t = tiers(&p, Some(&m), None, NOW);
    // value = 300 + 350 − 50 = 600 → silver (500 ≤ 600 < 1000)
    check(
        &t,
        json!({
            "current": {"id": "silver", "name": "Silver", "earnMultiplier": "1.25", "benefits": null},
            "qualifyingValue": "600",
            // gold's benefits are echoed; the threshold is point text
            "next": {"id": "gold", "name": "Gold", "threshold": "1000", "benefits": {"lounge": true, "percentOff": "5"}},
            "remaining": "400",            // 1000 − 600
            "progress": "0.6000",          // 600 / 1000
            "spendToNext": "320.00",       // 400 / (R 1 × T 1.25) = 320
            "windowEnds": "2027-01-01T00:00:00Z",
            "keep": {"id": "silver", "validUntil": "2027-01-01T00:00:00Z"}, // retention none: windowEnds
            "withCart": null
        }),
    );
    // the statement names the same tier and value
    let st = statement(&p, &m, NOW, 30);
    assert_eq!(st.tier.as_deref(), Some("silver"));
    assert_eq!(opt_text(&st.qualifying_value).as_deref(), Some("600"));
}

#[test]
fn earn_multiplier_and_names_are_printed_normalised() {
    let p = tier_program("points", CAL, "none", LEVELS, "");
    // value 1000 → gold; earnMultiplier "1.50" printed normalised "1.5"; platinum has no name → its id
    let t = tiers(&p, Some(&snapshot("0", "1000")), None, NOW);
    check(
        &t,
        json!({
            "current": {"id": "gold", "name": "Gold", "earnMultiplier": "1.5", "benefits": {"lounge": true, "percentOff": "5"}},
            "next": {"id": "platinum", "name": "platinum", "threshold": "2500", "benefits": null},
            "remaining": "1500",      // 2500 − 1000
            "progress": "0.4000",     // 1000 / 2500
            "spendToNext": "1000.00"  // 1500 / (1 × 1.5)
        }),
    );
}

#[test]
fn points_with_two_decimals_print_point_text() {
    let p = tier_program("points", CAL, "none", LEVELS, r#","points":{"decimals":2}"#);
    let t = tiers(&p, Some(&snapshot("0", "640.5")), None, NOW);
    check(
        &t,
        json!({
            "current": {"id": "silver"},
            "qualifyingValue": "640.50",
            "next": {"id": "gold", "threshold": "1000.00"},
            "remaining": "359.50",     // 1000 − 640.5
            "progress": "0.6405",      // 640.5 / 1000 = 0.6405
            "spendToNext": "287.60"    // 359.5 / 1.25 = 287.6
        }),
    );
}

#[test]
fn calendar_year_window_in_utc_offset_plus_nine() {
    let events = [
        purchase_s("2026-12-31T14:59:59Z", "700", "700.00", "o-1"), // local 2026-12-31T23:59:59+09:00
        purchase_s("2026-12-31T15:00:00Z", "550", "550.00", "o-2"), // local 2027-01-01T00:00:00+09:00
    ];
    let m = ledger(&events);
    // now 2026-12-31T20:00:00Z = local 2027-01-01T05:00 → window = local 2027:
    // [2026-12-31T15:00:00Z, 2027-12-31T15:00:00Z)
    let p = tier_program("points", CAL, "none", LEVELS, r#","utcOffset":"+09:00""#);
    let t = tiers(&p, Some(&m), None, "2026-12-31T20:00:00Z");
    check(
        &t,
        json!({
            "current": {"id": "silver"},
            "qualifyingValue": "550",          // only o-2 is in local 2027
            "remaining": "450",                // 1000 − 550
            "progress": "0.5500",
            "spendToNext": "360.00",           // 450 / 1.25
            "windowEnds": "2027-12-31T15:00:00Z", // 2028-01-01T00:00+09:00
            "keep": {"id": "silver", "validUntil": "2027-12-31T15:00:00Z"}
        }),
    );
    // next_window: previous window (local 2026) has 700 → silver as well; silver is earned in the
    // current window → kept to the end of the next window: 2029-01-01T00:00+09:00 = 2028-12-31T15:00:00Z
    let p = tier_program("points", CAL, "next_window", LEVELS, r#","utcOffset":"+09:00""#);
    let t = tiers(&p, Some(&m), None, "2026-12-31T20:00:00Z");
    check(&t, json!({"current": {"id": "silver"}, "keep": {"id": "silver", "validUntil": "2028-12-31T15:00:00Z"}}));
}

#[test]
fn calendar_year_window_in_utc_offset_minus_five() {
    let m = ledger(&[
        purchase_s("2026-12-31T14:59:59Z", "700", "700.00", "o-1"), // local 2026-12-31T09:59:59-05:00
        purchase_s("2026-12-31T15:00:00Z", "550", "550.00", "o-2"), // local 2026-12-31T10:00:00-05:00
    ]);
    // now 2026-12-31T20:00:00Z = local 2026-12-31T15:00 → window local 2026, ends 2027-01-01T05:00:00Z
    let p = tier_program("points", CAL, "none", LEVELS, r#","utcOffset":"-05:00""#);
    let t = tiers(&p, Some(&m), None, "2026-12-31T20:00:00Z");
    check(
        &t,
        json!({
            "current": {"id": "gold", "earnMultiplier": "1.5"},
            "qualifyingValue": "1250",         // 700 + 550
            "next": {"id": "platinum"},
            "remaining": "1250",               // 2500 − 1250
            "progress": "0.5000",
            "spendToNext": "833.34",           // 1250 / 1.5 = 833.33… rounded up
            "windowEnds": "2027-01-01T05:00:00Z",
            "keep": {"id": "gold", "validUntil": "2027-01-01T05:00:00Z"}
        }),
    );

    // the window starts at local midnight: 2026-01-01T05:00:00Z counts, one second earlier does not
    let m = ledger(&[
        purchase_s("2026-01-01T04:59:59Z", "600", "600.00", "o-1"), // local 2025-12-31T23:59:59
        purchase_s("2026-01-01T05:00:00Z", "10", "10.00", "o-2"),   // local 2026-01-01T00:00:00
    ]);
    let t = tiers(&p, Some(&m), None, "2026-06-01T00:00:00Z");
    check(
        &t,
        json!({
            "current": {"id": "bronze"},
            "qualifyingValue": "10",
            "next": {"id": "silver", "threshold": "500"},
            "remaining": "490",
            "progress": "0.0200",      // 10 / 500
            "spendToNext": "490.00",   // 490 / (1 × 1)
            "windowEnds": "2027-01-01T05:00:00Z"
        }),
    );
}

// ================================================================ metric spend, rolling window

#[test]
fn spend_over_rolling_months_window_boundaries() {
    let p = tier_program("spend", r#"{"type":"rolling_months","months":1}"#, "none", SPEND_LEVELS, "");
    // now 2026-03-31T10:00:00Z; now − 1 month = Mar 31 − 1 month = Feb 28 (clamped) 10:00:00Z
    let m = ledger(&[
        purchase_s("2026-02-28T10:00:00Z", "100", "100.00", "o-1"), // at = now − months: excluded (needs >)
        purchase_s("2026-02-28T10:00:01Z", "40", "40.50", "o-2"),   // inside
        ret_s("2026-03-10T00:00:00Z", "5", "5.25", "o-2"),          // returns subtract
        purchase_s("2026-03-31T10:00:00Z", "20", "20.00", "o-3"),   // at = now: inside (at ≤ now)
        purchase_s("2026-03-31T10:00:01Z", "500", "500.00", "o-4"), // after now
    ]);
    let t = tiers(&p, Some(&m), None, "2026-03-31T10:00:00Z");
    // value = 40.50 − 5.25 + 20.00 = 55.25 → plus (50.00 ≤ 55.25 < 200.00)
    check(
        &t,
        json!({
            "current": {"id": "plus", "name": "Plus", "earnMultiplier": "1.1"},
            "qualifyingValue": "55.25",
            "next": {"id": "vip", "name": "VIP", "threshold": "200.00"}, // money text
            "remaining": "144.75",     // 200.00 − 55.25
            "progress": "0.2762",      // 55.25 / 200 = 0.27625, rounded down
            "spendToNext": "144.75",   // metric spend: remaining as money
            "windowEnds": null,        // not a calendar window
            "keep": {"id": "plus", "validUntil": null} // non-calendar window: null
        }),
    );
}

#[test]
fn rolling_months_window_start_is_computed_on_the_local_wall_clock() {
    let p =
        tier_program("points", r#"{"type":"rolling_months","months":1}"#, "none", LEVELS, r#","utcOffset":"+09:00""#);
    // now 2026-03-30T20:00:00Z = local 2026-03-31T05:00+09:00; − 1 month = local 2026-02-28T05:00
    // = 2026-02-27T20:00:00Z (UTC arithmetic would give Mar 30 − 1 month = 2026-02-28T20:00:00Z)
    let m = ledger(&[
        purchase_s("2026-02-27T20:00:00Z", "1000", "1000.00", "o-1"), // = window start: excluded
        purchase_s("2026-02-27T20:00:01Z", "300", "300.00", "o-2"),   // inside
        purchase_s("2026-02-28T12:00:00Z", "250", "250.00", "o-3"),   // inside (outside in UTC arithmetic)
    ]);
    let t = tiers(&p, Some(&m), None, "2026-03-30T20:00:00Z");
    // 300 + 250 = 550 → silver
    check(&t, json!({"current": {"id": "silver"}, "qualifyingValue": "550", "remaining": "450", "windowEnds": null}));
}

#[test]
fn spend_amounts_still_needed_round_up_while_other_money_uses_money_rounding() {
    let levels = r#"[{"id":"member","threshold":"0"},{"id":"plus","threshold":"500"},{"id":"vip","threshold":"1000"}]"#;
    let p = tier_program("spend", CAL, "none", levels, r#","moneyRounding":"down""#);
    let t = tiers(&p, Some(&snapshot("0", "640.505")), None, NOW);
    check(
        &t,
        json!({
            "current": {"id": "plus", "name": "plus", "earnMultiplier": "1"},
            "qualifyingValue": "640.50",   // 640.505 with moneyRounding down
            "next": {"id": "vip", "threshold": "1000.00"},
            "remaining": "359.49",         // 1000 − 640.505 = 359.495, money output, rounded down
            "progress": "0.6405",          // 0.640505 rounded down to 4 places
            "spendToNext": "359.50"        // an amount still needed: rounded up
        }),
    );
}

#[test]
fn negative_qualifying_value_counts_as_zero() {
    let p = tier_program("spend", CAL, "none", SPEND_LEVELS, "");
    let m = ledger(&[
        purchase_s("2025-12-01T00:00:00Z", "100", "100.00", "o-1"), // last year
        ret_s("2026-02-01T00:00:00Z", "80", "80.00", "o-1"),        // this year: −80.00
    ]);
    let t = tiers(&p, Some(&m), None, NOW);
    check(
        &t,
        json!({
            "current": {"id": "member"},
            "qualifyingValue": "0.00", // −80.00 counts as 0
            "remaining": "50.00",      // 50.00 − 0
            "progress": "0.0000",
            "spendToNext": "50.00"
        }),
    );
}

// ================================================================ metric orders, lifetime window

#[test]
fn orders_lifetime_counts_purchases_minus_full_returns() {
    let levels = r#"[{"id":"new","name":"New","threshold":"0"},{"id":"regular","name":"Regular","threshold":"3"},
                     {"id":"loyal","name":"Loyal","threshold":"6","earnMultiplier":"2"}]"#;
    let p = tier_program("orders", LIFE, "none", levels, "");
    let mut ev = vec![
        purchase_s("2019-05-01T00:00:00Z", "10", "10.00", "o-1"),
        purchase_s("2021-05-01T00:00:00Z", "10", "10.00", "o-2"),
        purchase_s("2024-05-01T00:00:00Z", "10", "10.00", "o-3"),
        ret_full("2025-01-01T00:00:00Z", "10", "10.00", "o-3"), // full return: −1 order
        purchase_s("2026-01-01T00:00:00Z", "10", "10.00", "o-4"),
        ret_s("2026-02-01T00:00:00Z", "5", "5.00", "o-4"), // partial return: still an order
        purchase_s("2026-11-01T00:00:00Z", "10", "10.00", "o-5"),
        purchase_s("2026-12-01T00:00:00Z", "10", "10.00", "o-6"), // after now
    ];
    let t = tiers(&p, Some(&ledger(&ev)), Some(&one_line_cart("5.00")), NOW);
    // 5 purchases up to now − 1 full return = 4 → regular
    check(
        &t,
        json!({
            "current": {"id": "regular"},
            "qualifyingValue": "4",        // integer string
            "next": {"id": "loyal", "threshold": "6"},
            "remaining": "2",
            "progress": "0.6666",          // 4 / 6 = 0.6666… rounded down
            "spendToNext": null,           // metric orders
            "windowEnds": null,
            "keep": {"id": "regular", "validUntil": null},
            "withCart": {"qualifyingValue": "5", "tier": "regular", "upgrades": false} // +1 order
        }),
    );
    // one more order before now: 5, and this cart makes 6 → loyal
    ev.push(purchase_s("2026-11-20T00:00:00Z", "10", "10.00", "o-7"));
    let t = tiers(&p, Some(&ledger(&ev)), Some(&one_line_cart("5.00")), NOW);
    check(
        &t,
        json!({
            "qualifyingValue": "5",
            "remaining": "1",
            "progress": "0.8333",          // 5 / 6 = 0.8333…
            "withCart": {"qualifyingValue": "6", "tier": "loyal", "upgrades": true}
        }),
    );
}

// ================================================================ retention

#[test]
fn retention_none_versus_next_window() {
    let m = ledger(&[
        purchase_s("2024-06-01T00:00:00Z", "3000", "3000.00", "o-0"), // platinum in 2024: two windows back
        purchase_s("2025-06-01T00:00:00Z", "1200", "1200.00", "o-1"), // gold in 2025
        purchase_s("2026-03-01T00:00:00Z", "600", "600.00", "o-2"),   // silver in 2026
    ]);
    // none: only 2026 counts → silver, kept to windowEnds
    let t = tiers(&tier_program("points", CAL, "none", LEVELS, ""), Some(&m), None, NOW);
    check(
        &t,
        json!({
            "current": {"id": "silver"},
            "qualifyingValue": "600",
            "next": {"id": "gold"},
            "remaining": "400",
            "keep": {"id": "silver", "validUntil": "2027-01-01T00:00:00Z"}
        }),
    );
    // next_window: max(silver, level of 2025 = gold) = gold; 2024 does not count
    let t = tiers(&tier_program("points", CAL, "next_window", LEVELS, ""), Some(&m), None, NOW);
    check(
        &t,
        json!({
            "current": {"id": "gold", "earnMultiplier": "1.5"},
            "qualifyingValue": "600",      // progress counts this window only
            "next": {"id": "platinum", "threshold": "2500"},
            "remaining": "1900",           // 2500 − 600
            "progress": "0.2400",          // 600 / 2500
            "spendToNext": "1266.67",      // 1900 / (1 × 1.5) = 1266.66… rounded up
            "windowEnds": "2027-01-01T00:00:00Z",
            // held only through retention → to windowEnds
            "keep": {"id": "gold", "validUntil": "2027-01-01T00:00:00Z"}
        }),
    );
}

#[test]
fn next_window_needs_calendar_year() {
    let p = tier_program("points", r#"{"type":"rolling_months","months":12}"#, "next_window", LEVELS, "");
    assert_eq!(loyalty_engine::Program::from_json(&p).unwrap_err().code.as_str(), "invalid_program");
    let p = tier_program("points", LIFE, "next_window", LEVELS, "");
    assert_eq!(loyalty_engine::Program::from_json(&p).unwrap_err().code.as_str(), "invalid_program");
}

#[test]
fn silver_then_gold_then_keeping_gold_through_the_next_year() {
    let p = tier_program("points", CAL, "next_window", LEVELS, "");
    let m = ledger(&[
        purchase_s("2026-03-01T10:00:00Z", "600", "600.00", "o-1"),
        purchase_s("2026-09-01T10:00:00Z", "500", "500.00", "o-2"),
        purchase_s("2027-02-01T10:00:00Z", "200", "200.00", "o-3"),
        purchase_s("2027-08-01T10:00:00Z", "900", "900.00", "o-4"),
    ]);

    // 1) April 2026: 600 → silver, earned in this window → kept to the end of 2027
    let t = tiers(&p, Some(&m), None, "2026-04-01T00:00:00Z");
    check(
        &t,
        json!({
            "current": {"id": "silver", "earnMultiplier": "1.25"},
            "qualifyingValue": "600",
            "next": {"id": "gold", "threshold": "1000"},
            "remaining": "400",
            "progress": "0.6000",
            "spendToNext": "320.00",       // 400 / 1.25
            "windowEnds": "2027-01-01T00:00:00Z",
            "keep": {"id": "silver", "validUntil": "2028-01-01T00:00:00Z"}
        }),
    );

    // 2) October 2026: 600 + 500 = 1100 → gold
    let t = tiers(&p, Some(&m), None, "2026-10-01T00:00:00Z");
    check(
        &t,
        json!({
            "current": {"id": "gold", "earnMultiplier": "1.5"},
            "qualifyingValue": "1100",
            "next": {"id": "platinum", "threshold": "2500"},
            "remaining": "1400",
            "progress": "0.4400",
            "spendToNext": "933.34",       // 1400 / 1.5 = 933.33… rounded up
            "windowEnds": "2027-01-01T00:00:00Z",
            "keep": {"id": "gold", "validUntil": "2028-01-01T00:00:00Z"}
        }),
    );

    // 3) June 2027: 2027 value 200 (bronze) but 2026 reached gold → gold through retention
    let now3 = "2027-06-01T00:00:00Z";
    let t = tiers(&p, Some(&m), None, now3);
    check(
        &t,
        json!({
            "current": {"id": "gold", "earnMultiplier": "1.5"},
            "qualifyingValue": "200",
            "next": {"id": "platinum"},
            "remaining": "2300",           // 2500 − 200
            "progress": "0.0800",          // 200 / 2500
            "spendToNext": "1533.34",      // 2300 / 1.5 = 1533.33… rounded up
            "windowEnds": "2028-01-01T00:00:00Z",
            "keep": {"id": "gold", "validUntil": "2028-01-01T00:00:00Z"} // only through retention
        }),
    );
    // the retained tier gives T = 1.5 when earning: 100.00 × 1.5 = 150
    let pr = program(&p);
    let e = pr
        .preview_earn(
            &loyalty_engine::Cart::from_json(&pr, &one_line_cart("100.00")).unwrap(),
            Some(&loyalty_engine::Member::from_json(&pr, &m).unwrap()),
            ts(now3),
        )
        .unwrap();
    assert_eq!(text(&e.tier_multiplier), "1.5");
    assert_eq!(text(&e.points), "150");
    // the statement reports the same tier and this window's value
    let st = statement(&p, &m, now3, 30);
    assert_eq!(st.tier.as_deref(), Some("gold"));
    assert_eq!(opt_text(&st.qualifying_value).as_deref(), Some("200"));
    // withCart: 2000.00 × 1.5 = 3000 → 3200 → platinum
    let t = tiers(&p, Some(&m), Some(&one_line_cart("2000.00")), now3);
    check(&t, json!({"withCart": {"qualifyingValue": "3200", "tier": "platinum", "upgrades": true}}));
    // withCart: 500.00 × 1.5 = 750 → 950: computed silver, but the tier after the order is still
    // max(silver, retained gold) = gold → no upgrade
    let t = tiers(&p, Some(&m), Some(&one_line_cart("500.00")), now3);
    check(&t, json!({"withCart": {"qualifyingValue": "950", "tier": "gold", "upgrades": false}}));

    // 4) September 2027: 200 + 900 = 1100 → gold earned again → kept to the end of 2028
    let t = tiers(&p, Some(&m), None, "2027-09-01T00:00:00Z");
    check(
        &t,
        json!({
            "current": {"id": "gold"},
            "qualifyingValue": "1100",
            "remaining": "1400",
            "progress": "0.4400",
            "keep": {"id": "gold", "validUntil": "2029-01-01T00:00:00Z"}
        }),
    );

    // 5) March 2028: nothing yet in 2028, 2027 reached gold → gold to windowEnds
    let t = tiers(&p, Some(&m), None, "2028-03-01T00:00:00Z");
    check(
        &t,
        json!({
            "current": {"id": "gold"},
            "qualifyingValue": "0",
            "remaining": "2500",
            "progress": "0.0000",
            "spendToNext": "1666.67",      // 2500 / 1.5 = 1666.66… rounded up
            "windowEnds": "2029-01-01T00:00:00Z",
            "keep": {"id": "gold", "validUntil": "2029-01-01T00:00:00Z"}
        }),
    );

    // 6) March 2029: 2028 had nothing → bronze
    let t = tiers(&p, Some(&m), None, "2029-03-01T00:00:00Z");
    check(
        &t,
        json!({
            "current": {"id": "bronze", "earnMultiplier": "1"},
            "qualifyingValue": "0",
            "next": {"id": "silver"},
            "remaining": "500",
            "progress": "0.0000",
            "spendToNext": "500.00",
            "windowEnds": "2030-01-01T00:00:00Z"
        }),
    );
}

// ================================================================ assigned tier (member.tier)

#[test]
fn assigned_tier_higher_than_computed() {
    let p = tier_program("points", CAL, "next_window", LEVELS, "");
    let t = tiers(&p, Some(&snapshot_tier("0", "640", "gold")), None, NOW);
    check(
        &t,
        json!({
            "current": {"id": "gold", "name": "Gold", "earnMultiplier": "1.5"},
            "qualifyingValue": "640",
            "next": {"id": "platinum", "threshold": "2500"},
            "remaining": "1860",           // 2500 − 640
            "progress": "0.2560",          // 640 / 2500
            "spendToNext": "1240.00",      // 1860 / (1 × 1.5) with the assigned tier's T
            "windowEnds": "2027-01-01T00:00:00Z",
            "keep": {"id": "gold", "validUntil": null} // held only through member.tier
        }),
    );
    // lower than computed: the computed silver wins and is earned → end of the next window
    let t = tiers(&p, Some(&snapshot_tier("0", "640", "bronze")), None, NOW);
    check(&t, json!({"current": {"id": "silver"}, "keep": {"id": "silver", "validUntil": "2028-01-01T00:00:00Z"}}));
    // equal to computed: earned in this window as well → not "only through member.tier"
    let t = tiers(&p, Some(&snapshot_tier("0", "640", "silver")), None, NOW);
    check(&t, json!({"current": {"id": "silver"}, "keep": {"id": "silver", "validUntil": "2028-01-01T00:00:00Z"}}));

    // a ledger member assigned the top tier: next/remaining/spendToNext null, progress 1
    let m = ledger_tier("platinum", &[purchase_s("2026-02-01T00:00:00Z", "100", "100.00", "o-1")]);
    let t = tiers(&p, Some(&m), None, NOW);
    check(
        &t,
        json!({
            "current": {"id": "platinum", "name": "platinum", "earnMultiplier": "2"},
            "qualifyingValue": "100",
            "next": null,
            "remaining": null,
            "progress": "1.0000",
            "spendToNext": null,
            "keep": {"id": "platinum", "validUntil": null}
        }),
    );
    // and earns with T = 2: 10.00 → 20
    let pr = program(&p);
    let e = pr
        .preview_earn(
            &loyalty_engine::Cart::from_json(&pr, &one_line_cart("10.00")).unwrap(),
            Some(&loyalty_engine::Member::from_json(&pr, &m).unwrap()),
            ts(NOW),
        )
        .unwrap();
    assert_eq!(text(&e.tier_multiplier), "2");
    assert_eq!(text(&e.points), "20");
}

// ================================================================ progress, spendToNext

#[test]
fn progress_is_rounded_down_to_four_places() {
    let levels = r#"[{"id":"member","threshold":"0"},{"id":"vip","threshold":"1000.00"}]"#;
    let p = tier_program("spend", CAL, "none", levels, "");
    // 999.99 / 1000 = 0.99999 → "0.9999" (never rounded up to 1.0000 below the threshold)
    let t = tiers(&p, Some(&snapshot("0", "999.99")), None, NOW);
    check(&t, json!({"current": {"id": "member"}, "progress": "0.9999", "remaining": "0.01", "spendToNext": "0.01"}));
    // 1 / 3 = 0.3333…; 2 / 3 = 0.6666… → "0.6666"
    let levels3 = r#"[{"id":"a","threshold":"0"},{"id":"b","threshold":"3"}]"#;
    let p = tier_program("points", CAL, "none", levels3, "");
    check(&tiers(&p, Some(&snapshot("0", "1")), None, NOW), json!({"progress": "0.3333", "remaining": "2"}));
    check(&tiers(&p, Some(&snapshot("0", "2")), None, NOW), json!({"progress": "0.6666", "remaining": "1"}));
    // at or above the top threshold: top tier, progress capped "1.0000"
    check(
        &tiers(&p, Some(&snapshot("0", "7")), None, NOW),
        json!({"current": {"id": "b"}, "progress": "1.0000", "next": null, "remaining": null, "spendToNext": null}),
    );
}

#[test]
fn spend_to_next_uses_only_unconditional_spend_rules() {
    let earning = r#"[
      {"id":"base","type":"spend","points":"1"},
      {"id":"half","type":"spend","points":"1","per":"2"},
      {"id":"capped","type":"spend","points":"1","per":"4","maxPoints":"10","base":"gross","includeShipping":true},
      {"id":"apparel","type":"spend","points":"5","lines":{"categories":["apparel"]}},
      {"id":"weekend","type":"spend","points":"5","when":{"daysOfWeek":[6,7]}},
      {"id":"kg","type":"per_unit","points":"10"},
      {"id":"triple","type":"multiplier","factor":"3"},
      {"id":"welcome","type":"bonus","points":"100"}]"#;
    let p = usd(&format!(r#""earning":{earning},"tiers":{{"metric":"points","window":{CAL},"levels":{LEVELS}}}"#));
    let t = tiers(&p, Some(&snapshot("0", "640")), None, NOW);
    // R = 1/1 + 1/2 + 1/4 = 1.75 (capped counts whatever its other fields; lines/when/per_unit/
    // multiplier/bonus do not); T = 1.25 (silver): R × T = 2.1875;
    // 360 / 2.1875 = 164.5714… → rounded up to the cent: 164.58
    check(&t, json!({"current": {"id": "silver"}, "remaining": "360", "spendToNext": "164.58"}));

    // R = 0: only a filtered rule → null
    let p = usd(&format!(
        r#""earning":[{{"id":"apparel","type":"spend","points":"5","lines":{{"categories":["apparel"]}}}}],"tiers":{{"metric":"points","window":{CAL},"levels":{LEVELS}}}"#
    ));
    check(&tiers(&p, Some(&snapshot("0", "640")), None, NOW), json!({"remaining": "360", "spendToNext": null}));
    // no earning rules at all → R = 0 → null
    let p = usd(&format!(r#""tiers":{{"metric":"points","window":{CAL},"levels":{LEVELS}}}"#));
    check(&tiers(&p, Some(&snapshot("0", "640")), None, NOW), json!({"remaining": "360", "spendToNext": null}));
}

// ================================================================ withCart

#[test]
fn with_cart_points_uses_capped_purchase_points() {
    let levels = LEVELS;
    let with = |rest: &str| {
        usd(&format!(
            r#""earning":[{{"id":"base","type":"spend","points":"1"}},{{"id":"welcome","type":"bonus","points":"20"}}],
               "tiers":{{"metric":"points","window":{CAL},"levels":{levels}}}{rest}"#
        ))
    };
    let member = snapshot("0", "900"); // silver, T = 1.25
                                       // uncapped: 79.99 × 1.25 = 99.9875 → floor 99 purchasePoints (the bonus 20 is not purchase points)
                                       //           → 900 + 99 = 999 → still silver
    let t = tiers(&with(""), Some(&member), Some(&one_line_cart("79.99")), NOW);
    check(&t, json!({"withCart": {"qualifyingValue": "999", "tier": "silver", "upgrades": false}}));
    // 80.00 × 1.25 = 100 → 1000 → gold
    let t = tiers(&with(""), Some(&member), Some(&one_line_cart("80.00")), NOW);
    check(&t, json!({"withCart": {"qualifyingValue": "1000", "tier": "gold", "upgrades": true}}));
    // maxPointsPerOrder 90: 100.00 → purchase 125 + bonus 20 = 145 > 90 → purchasePoints = min(125, 90) = 90
    //           → 900 + 90 = 990 → silver
    let t = tiers(&with(r#","maxPointsPerOrder":"90""#), Some(&member), Some(&one_line_cart("100.00")), NOW);
    check(
        &t,
        json!({
            "qualifyingValue": "900",
            "withCart": {"qualifyingValue": "990", "tier": "silver", "upgrades": false}
        }),
    );
}

#[test]
fn with_cart_spend_uses_the_eligible_subtotal() {
    let levels =
        r#"[{"id":"member","threshold":"0"},{"id":"plus","threshold":"200.00"},{"id":"vip","threshold":"1000.00"}]"#;
    let p = tier_program(
        "spend",
        r#"{"type":"rolling_months","months":12}"#,
        "none",
        levels,
        r#","exclude":{"skus":["GIFT"]}"#,
    );
    let m = ledger(&[purchase_s("2026-06-01T00:00:00Z", "180", "180.00", "o-1")]);
    // eligible subtotal = 15.00 (tax 1.20, shipping 9.99 and the excluded GIFT line do not count)
    let c = cart(
        r#""shipping":"9.99""#,
        r#"{"id":"l1","sku":"A","unitPrice":"15.00","quantity":"1","tax":"1.20"},
           {"id":"l2","sku":"GIFT","unitPrice":"50.00","quantity":"1"}"#,
    );
    let t = tiers(&p, Some(&m), Some(&c), NOW);
    check(
        &t,
        json!({
            "current": {"id": "member"},
            "qualifyingValue": "180.00",
            "remaining": "20.00",
            "spendToNext": "20.00",
            "withCart": {"qualifyingValue": "195.00", "tier": "member", "upgrades": false} // 180 + 15
        }),
    );
    // 20.00 eligible → 200.00 → plus
    let t = tiers(&p, Some(&m), Some(&one_line_cart("20.00")), NOW);
    check(&t, json!({"withCart": {"qualifyingValue": "200.00", "tier": "plus", "upgrades": true}}));
}

#[test]
fn top_tier_and_guest() {
    let p = tier_program("points", CAL, "next_window", LEVELS, "");
    // 5000 ≥ 2500 → platinum, the top
    let t = tiers(&p, Some(&snapshot("0", "5000")), Some(&one_line_cart("10.00")), NOW);
    check(
        &t,
        json!({
            "current": {"id": "platinum", "name": "platinum", "earnMultiplier": "2", "benefits": null},
            "qualifyingValue": "5000",
            "next": null,
            "remaining": null,
            "progress": "1.0000",
            "spendToNext": null,
            "windowEnds": "2027-01-01T00:00:00Z",
            "keep": {"id": "platinum", "validUntil": "2028-01-01T00:00:00Z"}, // earned this window
            // 10.00 × T 2 = 20 → 5020, still platinum
            "withCart": {"qualifyingValue": "5020", "tier": "platinum", "upgrades": false}
        }),
    );
    // guest: a snapshot with value 0 → bronze
    let t = tiers(&p, None, None, NOW);
    check(
        &t,
        json!({
            "current": {"id": "bronze"},
            "qualifyingValue": "0",
            "next": {"id": "silver"},
            "remaining": "500",
            "progress": "0.0000",
            "spendToNext": "500.00"
        }),
    );
    // a snapshot without qualifyingValue has value 0
    let t = tiers(&p, Some(r#"{"id":"m","balance":"50"}"#), None, NOW);
    check(&t, json!({"current": {"id": "bronze"}, "qualifyingValue": "0", "remaining": "500"}));
}

// ================================================================ errors

#[test]
fn tier_progress_without_tiers_is_invalid_argument() {
    let p = usd(&format!(r#""earning":{BASE}"#));
    assert_eq!(tiers_err(&p, Some(&snapshot("0", "0")), None, NOW), cp("invalid_argument", "tiers"));
    assert_eq!(tiers_err(&p, None, None, NOW), cp("invalid_argument", "tiers"));
    let e = loose_err(&program(&p), Operation::TierProgress, &[("now", Some(&quoted(NOW)))]);
    assert_eq!(code_path(&e), cp("invalid_argument", "tiers"));
}

#[test]
fn member_shape_errors() {
    let p = tier_program("points", CAL, "none", LEVELS, "");
    // unknown member.tier
    assert_eq!(
        tiers_err(&p, Some(&snapshot_tier("0", "0", "diamond")), None, NOW),
        cp("invalid_member", "member.tier")
    );
    assert_eq!(tiers_err(&p, Some(&ledger_tier("diamond", &[])), None, NOW), cp("invalid_member", "member.tier"));
    // events together with balance / qualifyingValue / orderCount
    for extra in [r#""balance":"10""#, r#""qualifyingValue":"10""#, r#""orderCount":1"#] {
        let m = format!(r#"{{"id":"m",{extra},"events":[]}}"#);
        assert_eq!(tiers_err(&p, Some(&m), None, NOW), cp("invalid_member", "member"), "{m}");
    }
    // a statement of a snapshot
    assert_eq!(statement_err(&p, &snapshot("10", "0"), NOW, 30), cp("invalid_argument", "member"));
    // an overdrawing ledger is invalid in tierProgress too (loose entry point replays it):
    // sorted +50 (Jan), redeem 60 (Feb) → the redeem at the caller's index 0
    let m = ledger(&[redeem("2026-02-01T00:00:00Z", "60"), purchase_s("2026-01-01T00:00:00Z", "50", "50.00", "o-1")]);
    let e = loose_err(&program(&p), Operation::TierProgress, &[("member", Some(&m)), ("now", Some(&quoted(NOW)))]);
    assert_eq!(code_path(&e), cp("invalid_member", "member.events[0]"));
}

/// §4.1 + §8 snapping: R is an intermediate value, not snapped; only the
/// quotient is. One rule of 1 point per 3.00: R = 1/3, remaining 100 →
/// 100 / (1/3 × 1) = 300 exactly → "300.00" (snapping R to 12 places first
/// would give 300.0000000003 → rounded up "300.01").
#[test]
fn spend_to_next_divides_by_an_unsnapped_rate() {
    let program = usd(r#""earning":[{"id":"third","type":"spend","points":"1","per":"3.00"}],
           "tiers":{"metric":"points","window":{"type":"calendar_year"},
             "levels":[{"id":"a","threshold":"0"},{"id":"b","threshold":"100"}]}"#);
    let program = loyalty_engine::Program::from_json(&program).unwrap();
    let member = loyalty_engine::Member::from_json(&program, r#"{"qualifyingValue":"0"}"#).unwrap();
    let now = loyalty_engine::Timestamp::parse(NOW).unwrap();
    let progress = program.tier_progress(Some(&member), None, now).unwrap();
    check(&progress, json!({ "remaining": "100", "spendToNext": "300.00" }));
}
