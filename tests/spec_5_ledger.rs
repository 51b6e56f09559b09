//! Spec §5 (members, ledger, lots and expiry, `statement`) with §1 calendar
//! arithmetic and §8 "Ledger": hand-derived scenarios, a property test over
//! random ledgers, and a 100,000-event ledger. Every expected value is worked
//! out from PROGRAM.md in the comment next to it.
//!
//! Defaults unless a test says otherwise: USD, points.decimals 0, expiry
//! never, pendingDays 0, utcOffset +00:00, no accounting.
#![cfg(not(target_arch = "wasm32"))] // native: the wasm runs are tests/wasm.rs and the conformance runner

mod common;
use common::*;
#[path = "common/invariants.rs"]
mod invariants;

use loyalty_engine::{Decimal, Operation};
use std::str::FromStr;

// ================================================================ rolling expiry and calendar months

#[test]
fn rolling_jan_31_plus_one_month_is_feb_28() {
    let p = usd(r#""expiry":{"type":"rolling","months":1}"#);
    let m = ledger(&[purchase("2026-01-31T12:00:00Z", "100", "o-1")]);
    // §1: Jan 31 + 1 month = Feb 28 (2026 is not a leap year) → expires 2026-02-28T12:00:00Z
    let st = statement(&p, &m, "2026-02-28T11:59:59Z", 30);
    // one second before the expiry: still live
    assert_eq!(totals(&st), ["100", "0", "100", "0", "0"]);
    assert_eq!(lots(&st), lots_of(&[("2026-01-31T12:00:00Z", "100", "100", Some("2026-02-28T12:00:00Z"))]));
    // now < 2026-02-28T12:00:00Z ≤ now + 30 days → listed
    assert_eq!(soon(&st), soon_of(&[("100", "2026-02-28T12:00:00Z")]));

    // at the instant itself the lot is expired (expiry ≤ t)
    let st = statement(&p, &m, "2026-02-28T12:00:00Z", 30);
    // balance 0, expired 100; lifetimeEarned 100 = 0 + 0 + 0 + 100
    assert_eq!(totals(&st), ["0", "0", "100", "0", "100"]);
    // an expired lot shows remaining 0 and the instant it expired
    assert_eq!(lots(&st), lots_of(&[("2026-01-31T12:00:00Z", "100", "0", Some("2026-02-28T12:00:00Z"))]));
    // nothing left to expire
    assert_eq!(soon(&st), vec![]);
}

#[test]
fn rolling_jan_31_plus_one_month_in_leap_year_is_feb_29() {
    let p = usd(r#""expiry":{"type":"rolling","months":1}"#);
    let m = ledger(&[purchase("2028-01-31T12:00:00Z", "100", "o-1")]);
    // 2028 is a leap year: Jan 31 + 1 month = Feb 29 → 2028-02-29T12:00:00Z
    let st = statement(&p, &m, "2028-02-28T12:00:00Z", 30);
    assert_eq!(lots(&st), lots_of(&[("2028-01-31T12:00:00Z", "100", "100", Some("2028-02-29T12:00:00Z"))]));
    assert_eq!(text(&st.balance), "100");
    // on Feb 29 at 11:59:59 still live, at 12:00:00 expired
    assert_eq!(text(&statement(&p, &m, "2028-02-29T11:59:59Z", 30).balance), "100");
    let st = statement(&p, &m, "2028-02-29T12:00:00Z", 30);
    assert_eq!(totals(&st), ["0", "0", "100", "0", "100"]);
}

#[test]
fn rolling_feb_29_plus_twelve_months_is_feb_28() {
    let p = usd(r#""expiry":{"type":"rolling","months":12}"#);
    let m = ledger(&[
        purchase("2028-02-29T08:00:00Z", "40", "o-1"),
        // Mar 31 + 12 months = Mar 31 (no clamping needed)
        purchase("2028-03-31T08:00:00Z", "2", "o-2"),
    ]);
    let st = statement(&p, &m, "2029-01-01T00:00:00Z", 30);
    // Feb 29 2028 + 12 months = Feb 29 2029, which does not exist → clamped to Feb 28 2029
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2028-02-29T08:00:00Z", "40", "40", Some("2029-02-28T08:00:00Z")),
            ("2028-03-31T08:00:00Z", "2", "2", Some("2029-03-31T08:00:00Z")),
        ])
    );
    // 2029-02-28T08:00:00Z: still there at 07:59:59, gone at 08:00:00 → balance 42 − 40 = 2
    assert_eq!(text(&statement(&p, &m, "2029-02-28T07:59:59Z", 30).balance), "42");
    let st = statement(&p, &m, "2029-02-28T08:00:00Z", 30);
    // earned 42 = balance 2 + expired 40
    assert_eq!(totals(&st), ["2", "0", "42", "0", "40"]);
}

#[test]
fn rolling_month_end_clamping_other_months() {
    let p = usd(r#""expiry":{"type":"rolling","months":1}"#);
    let m = ledger(&[
        purchase("2026-03-31T00:00:00Z", "1", "a"), // Mar 31 + 1 = Apr 30
        purchase("2026-05-31T00:00:00Z", "1", "b"), // May 31 + 1 = Jun 30
        purchase("2026-12-31T00:00:00Z", "1", "c"), // Dec 31 + 1 = Jan 31 2027
        purchase("2027-01-29T00:00:00Z", "1", "d"), // Jan 29 + 1 = Feb 28 (clamped, 2027 not leap)
        purchase("2027-01-28T00:00:00Z", "1", "e"), // Jan 28 + 1 = Feb 28 (exact)
    ]);
    let st = statement(&p, &m, "2026-01-01T00:00:00Z", 30);
    // all events are after now → ignored
    assert_eq!(st.lots.len(), 0);
    let st = statement(&p, &m, "2027-01-30T00:00:00Z", 30);
    // lots in creation (time) order: a, b, c, e (Jan 28), d (Jan 29)
    assert_eq!(
        remaining(&st),
        rem_of(&[
            ("0", Some("2026-04-30T00:00:00Z")),
            ("0", Some("2026-06-30T00:00:00Z")),
            ("1", Some("2027-01-31T00:00:00Z")),
            ("1", Some("2027-02-28T00:00:00Z")),
            ("1", Some("2027-02-28T00:00:00Z")),
        ])
    );
    // a and b expired (2 points); c, e, d live (3)
    assert_eq!(totals(&st), ["3", "0", "5", "0", "2"]);
    // now + 30 days = 2027-03-01T00:00:00Z: c (Jan 31) alone, then e + d grouped on Feb 28
    assert_eq!(soon(&st), soon_of(&[("1", "2027-01-31T00:00:00Z"), ("2", "2027-02-28T00:00:00Z")]));
}

#[test]
fn rolling_months_are_added_on_the_local_wall_clock() {
    // +09:00: 2026-01-30T20:00:00Z is local 2026-01-31T05:00 → + 1 month = local 2026-02-28T05:00
    //         = 2026-02-27T20:00:00Z (UTC arithmetic would have given 2026-02-28T20:00:00Z)
    let p = usd(r#""utcOffset":"+09:00","expiry":{"type":"rolling","months":1}"#);
    let m = ledger(&[purchase("2026-01-30T20:00:00Z", "10", "o")]);
    let st = statement(&p, &m, "2026-02-01T00:00:00Z", 30);
    assert_eq!(lots(&st), lots_of(&[("2026-01-30T20:00:00Z", "10", "10", Some("2026-02-27T20:00:00Z"))]));

    // −05:00: 2026-03-01T03:00:00Z is local 2026-02-28T22:00 → + 1 month = local 2026-03-28T22:00
    //         = 2026-03-29T03:00:00Z (UTC arithmetic: 2026-04-01T03:00:00Z)
    let p = usd(r#""utcOffset":"-05:00","expiry":{"type":"rolling","months":1}"#);
    let m = ledger(&[purchase("2026-03-01T03:00:00Z", "10", "o")]);
    let st = statement(&p, &m, "2026-03-10T00:00:00Z", 30);
    assert_eq!(lots(&st), lots_of(&[("2026-03-01T03:00:00Z", "10", "10", Some("2026-03-29T03:00:00Z"))]));
    // expired at that instant
    assert_eq!(text(&statement(&p, &m, "2026-03-29T03:00:00Z", 30).expired), "10");
    assert_eq!(text(&statement(&p, &m, "2026-03-29T02:59:59Z", 30).expired), "0");
}

#[test]
fn timestamps_with_offsets_and_millis_are_output_in_utc() {
    let p = usd(r#""expiry":{"type":"rolling","months":1}"#);
    // 2026-05-01T09:30:00.250+02:00 = 2026-05-01T07:30:00.250Z; + 1 month = 2026-06-01T07:30:00.250Z
    let m = ledger(&[purchase("2026-05-01T09:30:00.250+02:00", "5", "o")]);
    let st = statement(&p, &m, "2026-05-02T00:00:00Z", 30);
    assert_eq!(lots(&st), lots_of(&[("2026-05-01T07:30:00.250Z", "5", "5", Some("2026-06-01T07:30:00.250Z"))]));
    // now + 30 days = 2026-06-01T00:00:00Z < 07:30:00.250 → not yet in expiringSoon
    assert_eq!(soon(&st), vec![]);
    // 31 days: 2026-06-02T00:00:00Z ≥ expiry → listed
    assert_eq!(soon(&statement(&p, &m, "2026-05-02T00:00:00Z", 31)), soon_of(&[("5", "2026-06-01T07:30:00.250Z")]));
}

// ================================================================ an event exactly at an expiry instant

fn at_expiry_events(redeem_at: &str, redeem_points: &str) -> String {
    ledger(&[
        purchase("2025-06-01T10:00:00Z", "100", "o-1"), // expires 2026-06-01T10:00:00Z
        purchase("2025-09-01T10:00:00Z", "50", "o-2"),  // expires 2026-09-01T10:00:00Z
        redeem(redeem_at, redeem_points),
    ])
}

#[test]
fn redeem_at_the_expiry_instant_cannot_use_the_expiring_lot() {
    let p = usd(r#""expiry":{"type":"rolling","months":12}"#);
    // at 2026-06-01T10:00:00Z the first lot is already expired (expiry ≤ t): only 50 available < 120
    let m = at_expiry_events("2026-06-01T10:00:00Z", "120");
    assert_eq!(statement_err(&p, &m, NOW, 30), cp("invalid_member", "member.events[2]"));

    // one second earlier: 100 from lot 1, 20 from lot 2 (FIFO) → lot 2 keeps 30, which expires 2026-09-01
    let m = at_expiry_events("2026-06-01T09:59:59Z", "120");
    let st = statement(&p, &m, NOW, 30);
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2025-06-01T10:00:00Z", "100", "0", Some("2026-06-01T10:00:00Z")),
            ("2025-09-01T10:00:00Z", "50", "0", Some("2026-09-01T10:00:00Z")),
        ])
    );
    // earned 150 = balance 0 + redeemed 120 + expired 30
    assert_eq!(totals(&st), ["0", "0", "150", "120", "30"]);

    // at the instant, a redeem of 50 fits the second lot; the first lot's 100 expire
    let m = at_expiry_events("2026-06-01T10:00:00Z", "50");
    let st = statement(&p, &m, NOW, 30);
    // earned 150 = 0 + 50 redeemed + 100 expired
    assert_eq!(totals(&st), ["0", "0", "150", "50", "100"]);
    assert_eq!(remaining(&st), rem_of(&[("0", Some("2026-06-01T10:00:00Z")), ("0", Some("2026-09-01T10:00:00Z"))]));
}

// ================================================================ end_of_year with utcOffset

fn year_boundary_events() -> String {
    ledger(&[purchase("2026-12-31T14:59:59Z", "30", "a"), purchase("2026-12-31T20:00:00Z", "70", "b")])
}

#[test]
fn end_of_year_plus_nine_hours() {
    let p = usd(r#""utcOffset":"+09:00","expiry":{"type":"end_of_year"}"#);
    let m = year_boundary_events();
    // a: local 2026-12-31T23:59:59+09:00 → year 2026 → expires at the start of 2027 local
    //    = 2027-01-01T00:00:00+09:00 = 2026-12-31T15:00:00Z
    // b: local 2027-01-01T05:00+09:00 → year 2027 → start of 2028 local = 2027-12-31T15:00:00Z
    let st = statement(&p, &m, "2026-12-31T21:00:00Z", 365);
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2026-12-31T14:59:59Z", "30", "0", Some("2026-12-31T15:00:00Z")),
            ("2026-12-31T20:00:00Z", "70", "70", Some("2027-12-31T15:00:00Z")),
        ])
    );
    // a expired one second after it was earned: earned 100 = 70 + 30
    assert_eq!(totals(&st), ["70", "0", "100", "0", "30"]);
    // now + 365 days = 2027-12-31T21:00:00Z ≥ 2027-12-31T15:00:00Z → listed
    assert_eq!(soon(&st), soon_of(&[("70", "2027-12-31T15:00:00Z")]));
    // 364 days: 2027-12-30T21:00:00Z < expiry → not listed
    assert_eq!(soon(&statement(&p, &m, "2026-12-31T21:00:00Z", 364)), vec![]);
    // just before a's expiry only a exists (b comes later) and it is live
    assert_eq!(text(&statement(&p, &m, "2026-12-31T14:59:59Z", 30).balance), "30");
}

#[test]
fn end_of_year_minus_five_hours_and_years_two() {
    let p = usd(r#""utcOffset":"-05:00","expiry":{"type":"end_of_year"}"#);
    let m = year_boundary_events();
    // a: local 2026-12-31T09:59:59-05:00, b: local 2026-12-31T15:00-05:00 → both year 2026
    //    → both expire at 2027-01-01T00:00:00-05:00 = 2027-01-01T05:00:00Z
    let st = statement(&p, &m, "2026-12-31T21:00:00Z", 1);
    assert_eq!(remaining(&st), rem_of(&[("30", Some("2027-01-01T05:00:00Z")), ("70", Some("2027-01-01T05:00:00Z"))]));
    assert_eq!(totals(&st), ["100", "0", "100", "0", "0"]);
    // horizon 2027-01-01T21:00:00Z: one group of 30 + 70 = 100
    assert_eq!(soon(&st), soon_of(&[("100", "2027-01-01T05:00:00Z")]));
    // at 2027-01-01T05:00:00Z both are expired
    let st = statement(&p, &m, "2027-01-01T05:00:00Z", 1);
    assert_eq!(totals(&st), ["0", "0", "100", "0", "100"]);

    // years 2 at +09:00: a (2026) → start of 2028 local = 2027-12-31T15:00:00Z;
    //                    b (2027) → start of 2029 local = 2028-12-31T15:00:00Z
    let p = usd(r#""utcOffset":"+09:00","expiry":{"type":"end_of_year","years":2}"#);
    let st = statement(&p, &m, "2027-06-01T00:00:00Z", 30);
    assert_eq!(remaining(&st), rem_of(&[("30", Some("2027-12-31T15:00:00Z")), ("70", Some("2028-12-31T15:00:00Z"))]));
}

#[test]
fn end_of_year_redeem_in_the_new_local_year() {
    // +09:00; a lot of local year 2026 expires at 2026-12-31T15:00:00Z, so a redeem at
    // 2026-12-31T15:00:00Z (local 2027-01-01T00:00) finds only the 2027 lot
    let p = usd(r#""utcOffset":"+09:00","expiry":{"type":"end_of_year"}"#);
    let m = ledger(&[
        purchase("2026-06-01T00:00:00Z", "60", "a"), // local 2026 → 2026-12-31T15:00:00Z
        purchase("2026-12-31T14:00:00Z", "10", "b"), // local 2026-12-31T23:00 → same expiry
        purchase("2026-12-31T15:00:00Z", "5", "c"),  // local 2027-01-01T00:00 → 2027-12-31T15:00:00Z
        redeem("2026-12-31T15:00:00Z", "6"),         // 5 available → overdraw
    ]);
    assert_eq!(statement_err(&p, &m, "2027-01-02T00:00:00Z", 30), cp("invalid_member", "member.events[3]"));
}

// ================================================================ inactivity

#[test]
fn inactivity_every_purchase_action_redeem_restarts_the_clock_for_all_lots() {
    let p = usd(r#""expiry":{"type":"inactivity","months":3}"#);
    let m = ledger(&[
        purchase("2026-01-10T10:00:00Z", "100", "o-1"), // deadline 2026-04-10T10:00:00Z
        purchase("2026-03-01T10:00:00Z", "50", "o-2"),  // deadline 2026-06-01T10:00:00Z (all lots)
        action("2026-05-15T10:00:00Z", "20"),           // deadline 2026-08-15T10:00:00Z
        redeem("2026-08-01T10:00:00Z", "110"),          // deadline 2026-11-01T10:00:00Z; FIFO 100 + 10
    ]);
    let st = statement(&p, &m, "2026-10-01T10:00:00Z", 31);
    // a live or consumed lot shows the current deadline 2026-11-01T10:00:00Z
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2026-01-10T10:00:00Z", "100", "0", Some("2026-11-01T10:00:00Z")),
            ("2026-03-01T10:00:00Z", "50", "40", Some("2026-11-01T10:00:00Z")),
            ("2026-05-15T10:00:00Z", "20", "20", Some("2026-11-01T10:00:00Z")),
        ])
    );
    // balance 40 + 20 = 60; earned 170 = 60 + 110
    assert_eq!(totals(&st), ["60", "0", "170", "110", "0"]);
    // now + 31 days = 2026-11-01T10:00:00Z = the deadline → end-inclusive: 60 listed
    assert_eq!(soon(&st), soon_of(&[("60", "2026-11-01T10:00:00Z")]));
    // 30 days: horizon 2026-10-31T10:00:00Z < deadline → empty
    assert_eq!(soon(&statement(&p, &m, "2026-10-01T10:00:00Z", 30)), vec![]);
    // at the deadline everything left expires
    let st = statement(&p, &m, "2026-11-01T10:00:00Z", 30);
    assert_eq!(totals(&st), ["0", "0", "170", "110", "60"]);
}

#[test]
fn inactivity_adjust_does_not_restart_and_late_lots_have_no_expiry() {
    let p = usd(r#""expiry":{"type":"inactivity","months":3}"#);
    let mut ev = vec![
        purchase("2026-01-10T10:00:00Z", "100", "o-1"), // deadline D1 = 2026-04-10T10:00:00Z
        adjust("2026-04-01T10:00:00Z", "40"),           // a lot of 40; no restart
        adjust("2026-04-05T10:00:00Z", "-10"),          // FIFO from lot 1 → 90; no restart
        // D1 passes: 90 + 40 = 130 expire
        adjust("2026-04-20T10:00:00Z", "25"), // created after the deadline passed → no expiry
    ];
    let st = statement(&p, &ledger(&ev), "2026-05-01T00:00:00Z", 30);
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2026-01-10T10:00:00Z", "100", "0", Some("2026-04-10T10:00:00Z")),
            ("2026-04-01T10:00:00Z", "40", "0", Some("2026-04-10T10:00:00Z")),
            ("2026-04-20T10:00:00Z", "25", "25", None),
        ])
    );
    // earned = 100 + 40 + 25 − 10 = 155 = balance 25 + expired 130
    assert_eq!(totals(&st), ["25", "0", "155", "0", "130"]);
    // no expiry → nothing expiring soon, however far ahead
    assert_eq!(soon(&statement(&p, &ledger(&ev), "2026-05-01T00:00:00Z", 36500)), vec![]);
    // a year later the late lot is still there
    assert_eq!(text(&statement(&p, &ledger(&ev), "2027-06-01T00:00:00Z", 30).balance), "25");

    // an action sets a new deadline 2026-09-01T10:00:00Z for all live lots
    ev.push(action("2026-06-01T10:00:00Z", "5"));
    let st = statement(&p, &ledger(&ev), "2026-07-01T00:00:00Z", 30);
    assert_eq!(
        remaining(&st),
        rem_of(&[
            ("0", Some("2026-04-10T10:00:00Z")), // expired lots keep the instant they expired
            ("0", Some("2026-04-10T10:00:00Z")),
            ("25", Some("2026-09-01T10:00:00Z")),
            ("5", Some("2026-09-01T10:00:00Z")),
        ])
    );
    assert_eq!(totals(&st), ["30", "0", "160", "0", "130"]);
    // at 2026-09-01T10:00:00Z: 130 + 30 = 160 expired
    let st = statement(&p, &ledger(&ev), "2026-09-01T10:00:00Z", 30);
    assert_eq!(totals(&st), ["0", "0", "160", "0", "160"]);
}

#[test]
fn inactivity_purchase_exactly_at_the_deadline_is_too_late() {
    let p = usd(r#""expiry":{"type":"inactivity","months":3}"#);
    let m = ledger(&[
        purchase("2026-01-10T10:00:00Z", "100", "o-1"), // deadline 2026-04-10T10:00:00Z
        purchase("2026-04-10T10:00:00Z", "60", "o-2"),  // at the deadline: lot 1 already expired
    ]);
    let st = statement(&p, &m, "2026-05-01T00:00:00Z", 30);
    // the new purchase sets the deadline 2026-07-10T10:00:00Z for the live lot
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2026-01-10T10:00:00Z", "100", "0", Some("2026-04-10T10:00:00Z")),
            ("2026-04-10T10:00:00Z", "60", "60", Some("2026-07-10T10:00:00Z")),
        ])
    );
    assert_eq!(totals(&st), ["60", "0", "160", "0", "100"]);

    // one second earlier it restarts the clock for both: deadline 2026-07-10T09:59:59Z
    let m = ledger(&[purchase("2026-01-10T10:00:00Z", "100", "o-1"), purchase("2026-04-10T09:59:59Z", "60", "o-2")]);
    let st = statement(&p, &m, "2026-05-01T00:00:00Z", 30);
    assert_eq!(remaining(&st), rem_of(&[("100", Some("2026-07-10T09:59:59Z")), ("60", Some("2026-07-10T09:59:59Z"))]));
    assert_eq!(totals(&st), ["160", "0", "160", "0", "0"]);
}

#[test]
fn inactivity_redeem_at_the_deadline_finds_nothing() {
    let p = usd(r#""expiry":{"type":"inactivity","months":3}"#);
    let m = ledger(&[purchase("2026-01-10T10:00:00Z", "100", "o-1"), redeem("2026-04-10T10:00:00Z", "1")]);
    // everything expired at 2026-04-10T10:00:00Z ≤ the redeem's at → 0 available
    assert_eq!(statement_err(&p, &m, "2026-05-01T00:00:00Z", 30), cp("invalid_member", "member.events[1]"));
}

#[test]
fn inactivity_lots_before_any_purchase_action_or_redeem_have_no_expiry() {
    let p = usd(r#""expiry":{"type":"inactivity","months":1}"#);
    let m = ledger(&[adjust("2025-01-01T00:00:00Z", "50")]);
    // no purchase, action or redeem yet → no deadline, kept indefinitely
    let st = statement(&p, &m, "2026-11-24T10:00:00Z", 30);
    assert_eq!(lots(&st), lots_of(&[("2025-01-01T00:00:00Z", "50", "50", None)]));
    assert_eq!(totals(&st), ["50", "0", "50", "0", "0"]);

    // a later redeem sets a deadline for all lots: 2026-01-31 + 1 month = 2026-02-28T00:00:00Z
    let m = ledger(&[adjust("2025-01-01T00:00:00Z", "50"), redeem("2026-01-31T00:00:00Z", "20")]);
    let st = statement(&p, &m, "2026-02-01T00:00:00Z", 30);
    assert_eq!(lots(&st), lots_of(&[("2025-01-01T00:00:00Z", "50", "30", Some("2026-02-28T00:00:00Z"))]));
    // now + 30 days = 2026-03-03 ≥ Feb 28 → 30 listed
    assert_eq!(soon(&st), soon_of(&[("30", "2026-02-28T00:00:00Z")]));
    let st = statement(&p, &m, "2026-02-28T00:00:00Z", 30);
    // earned 50 = 0 + redeemed 20 + expired 30
    assert_eq!(totals(&st), ["0", "0", "50", "20", "30"]);
}

// ================================================================ pending and returns

#[test]
fn pending_days_availability_boundary() {
    let p = usd(r#""pendingDays":7"#);
    let purchase_only = ledger(&[purchase("2026-11-01T10:00:00Z", "100", "o-1")]);
    // available at 2026-11-01T10:00:00Z + 7 × 24 h = 2026-11-08T10:00:00Z
    let st = statement(&p, &purchase_only, "2026-11-08T09:59:59Z", 30);
    assert_eq!(totals(&st), ["0", "100", "100", "0", "0"]);
    let st = statement(&p, &purchase_only, "2026-11-08T10:00:00Z", 30);
    assert_eq!(totals(&st), ["100", "0", "100", "0", "0"]);

    // a redeem one second before availability overdraws
    let early = ledger(&[purchase("2026-11-01T10:00:00Z", "100", "o-1"), redeem("2026-11-08T09:59:59Z", "100")]);
    assert_eq!(statement_err(&p, &early, NOW, 30), cp("invalid_member", "member.events[1]"));
    // exactly at availability it may spend everything
    let on_time = ledger(&[purchase("2026-11-01T10:00:00Z", "100", "o-1"), redeem("2026-11-08T10:00:00Z", "100")]);
    let st = statement(&p, &on_time, NOW, 30);
    assert_eq!(totals(&st), ["0", "0", "100", "100", "0"]);
    // a negative adjust cannot take pending points either: with nothing
    // available the point is owed (§9.4 debt, the default) until the lot
    // becomes available and pays it back, at 2026-11-27T10:00:00Z.
    let adj = ledger(&[purchase("2026-11-20T10:00:00Z", "100", "o-1"), adjust("2026-11-21T10:00:00Z", "-1")]);
    let st = statement(&p, &adj, NOW, 30);
    // balance 0 − 1 owed; pending 100; earned 100 − 1 = 99 = −1 + 100
    assert_eq!(totals(&st), ["-1", "100", "99", "0", "0"]);
    assert_eq!(text(&st.owed), "1");
    let st = statement(&p, &adj, "2026-11-27T09:59:59Z", 30);
    assert_eq!((totals(&st), text(&st.owed)), (["-1", "100", "99", "0", "0"].map(String::from), "1".to_string()));
    let st = statement(&p, &adj, "2026-11-27T10:00:00Z", 30);
    assert_eq!((totals(&st), text(&st.owed)), (["99", "0", "99", "0", "0"].map(String::from), "0".to_string()));
}

#[test]
fn return_consumes_its_own_pending_order_first_then_fifo_never_other_pending() {
    let p = usd(r#""pendingDays":7"#);
    let m = ledger(&[
        purchase("2026-11-01T10:00:00Z", "100", "o-1"), // available from 2026-11-08T10:00
        purchase("2026-11-20T10:00:00Z", "40", "o-2"),  // pending until 2026-11-27T10:00
        purchase("2026-11-21T10:00:00Z", "30", "o-3"),  // pending until 2026-11-28T10:00
        ret("2026-11-22T10:00:00Z", "50", "o-2"),       // o-2's pending 40 first, then 10 FIFO from o-1
    ]);
    let st = statement(&p, &m, NOW, 30);
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2026-11-01T10:00:00Z", "100", "90", None),
            ("2026-11-20T10:00:00Z", "40", "0", None),
            ("2026-11-21T10:00:00Z", "30", "30", None),
        ])
    );
    // balance 90 (o-1), pending 30 (o-3); earned 170 − 50 = 120 = 90 + 30
    assert_eq!(totals(&st), ["90", "30", "120", "0", "0"]);

    // only other orders' pending points besides its own: 40 of o-1's own,
    // o-2's 100 untouchable → the other 10 are owed (§9.4 debt) until o-2's
    // lot becomes available (2026-11-28T10:00:00Z) and pays them.
    let m = ledger(&[
        purchase("2026-11-20T10:00:00Z", "40", "o-1"),
        purchase("2026-11-21T10:00:00Z", "100", "o-2"),
        ret("2026-11-22T10:00:00Z", "50", "o-1"),
    ]);
    let st = statement(&p, &m, NOW, 30);
    // balance 0 − 10; pending 100 (o-2); earned 140 − 50 = 90 = −10 + 100
    assert_eq!(totals(&st), ["-10", "100", "90", "0", "0"]);
    assert_eq!(text(&st.owed), "10");
    assert_eq!(
        lots(&st),
        lots_of(&[("2026-11-20T10:00:00Z", "40", "0", None), ("2026-11-21T10:00:00Z", "100", "100", None)])
    );
    let st = statement(&p, &m, "2026-11-28T10:00:00Z", 30);
    assert_eq!((totals(&st), text(&st.owed)), (["90", "0", "90", "0", "0"].map(String::from), "0".to_string()));
    assert_eq!(
        lots(&st),
        lots_of(&[("2026-11-20T10:00:00Z", "40", "0", None), ("2026-11-21T10:00:00Z", "100", "90", None)])
    );
    // a return of an order without lots cannot take another order's pending
    // points: the point is owed, paid back when o-1's lot becomes available
    let m = ledger(&[purchase("2026-11-20T10:00:00Z", "40", "o-1"), ret("2026-11-21T10:00:00Z", "1", "o-9")]);
    let st = statement(&p, &m, NOW, 30);
    assert_eq!((totals(&st), text(&st.owed)), (["-1", "40", "39", "0", "0"].map(String::from), "1".to_string()));
    let st = statement(&p, &m, "2026-11-27T10:00:00Z", 30);
    assert_eq!((totals(&st), text(&st.owed)), (["39", "0", "39", "0", "0"].map(String::from), "0".to_string()));
}

#[test]
fn return_with_several_own_pending_lots_takes_the_oldest_first() {
    let p = usd(r#""pendingDays":7"#);
    let m = ledger(&[
        purchase("2026-11-18T10:00:00Z", "10", "o-1"),
        purchase("2026-11-19T10:00:00Z", "20", "o-2"),
        purchase("2026-11-20T10:00:00Z", "30", "o-1"), // a second lot of o-1
        ret("2026-11-21T10:00:00Z", "25", "o-1"),      // o-1 pending lots oldest first: 10, then 15 of 30
    ]);
    let st = statement(&p, &m, NOW, 30);
    assert_eq!(remaining(&st), rem_of(&[("0", None), ("20", None), ("15", None)]));
    // all pending at NOW (the newest became pending at 11-20, available 11-27): pending 35, earned 60 − 25 = 35
    assert_eq!(totals(&st), ["0", "35", "35", "0", "0"]);
}

#[test]
fn return_takes_own_pending_lots_before_older_available_ones() {
    let p = usd(r#""pendingDays":7"#);
    let m = ledger(&[
        purchase("2026-11-01T00:00:00Z", "50", "o-1"), // available from 11-08
        purchase("2026-11-02T00:00:00Z", "40", "o-2"), // available from 11-09
        purchase("2026-11-20T00:00:00Z", "30", "o-1"), // pending until 11-27
        ret("2026-11-21T00:00:00Z", "70", "o-1"),      // own pending 30 first, then 40 FIFO from the 50
    ]);
    let st = statement(&p, &m, NOW, 30);
    assert_eq!(remaining(&st), rem_of(&[("10", None), ("40", None), ("0", None)]));
    // balance 10 + 40 = 50; earned 120 − 70 = 50
    assert_eq!(totals(&st), ["50", "0", "50", "0", "0"]);
}

#[test]
fn a_lot_can_expire_while_still_pending() {
    let p = usd(r#""pendingDays":40,"expiry":{"type":"rolling","months":1}"#);
    // expires 2026-11-01T00:00:00Z, would become available 2026-11-10T00:00:00Z
    let m = ledger(&[purchase("2026-10-01T00:00:00Z", "100", "o-1")]);
    let st = statement(&p, &m, "2026-10-15T00:00:00Z", 30);
    assert_eq!(totals(&st), ["0", "100", "100", "0", "0"]);
    // pending lots are included in expiringSoon: 11-01 ≤ 10-15 + 30 days = 11-14
    assert_eq!(soon(&st), soon_of(&[("100", "2026-11-01T00:00:00Z")]));
    // after the expiry, before availability: expired, not pending
    let st = statement(&p, &m, "2026-11-05T00:00:00Z", 30);
    assert_eq!(totals(&st), ["0", "0", "100", "0", "100"]);
    assert_eq!(totals(&statement(&p, &m, NOW, 30)), ["0", "0", "100", "0", "100"]);
}

#[test]
fn return_without_pending_is_plain_fifo() {
    // pendingDays 0: nothing is pending, so a return takes the oldest available lot,
    // even if that lot belongs to another order
    let p = usd("");
    let m = ledger(&[
        purchase("2026-01-01T00:00:00Z", "100", "o-1"),
        purchase("2026-02-01T00:00:00Z", "50", "o-2"),
        ret("2026-03-01T00:00:00Z", "20", "o-2"),
    ]);
    let st = statement(&p, &m, NOW, 30);
    assert_eq!(remaining(&st), rem_of(&[("80", None), ("50", None)]));
    // earned 150 − 20 = 130 = balance 130
    assert_eq!(totals(&st), ["130", "0", "130", "0", "0"]);
}

// ================================================================ FIFO, ordering, overdraw paths

#[test]
fn fifo_across_lots_with_events_out_of_order() {
    let p = usd("");
    let m = ledger(&[
        purchase("2026-03-01T00:00:00Z", "40", "o-3"), // listed first but the newest
        adjust("2026-05-01T00:00:00Z", "-25"),
        purchase("2026-01-01T00:00:00Z", "50", "o-1"),
        redeem("2026-04-01T00:00:00Z", "60"),
        action("2026-02-01T00:00:00Z", "30"),
    ]);
    let st = statement(&p, &m, NOW, 30);
    // replay: +50 (Jan), +30 (Feb), +40 (Mar), redeem 60: 50 → 0, 30 → 20; adjust −25: 20 → 0, 40 → 35
    // lots in creation (time) order
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2026-01-01T00:00:00Z", "50", "0", None),
            ("2026-02-01T00:00:00Z", "30", "0", None),
            ("2026-03-01T00:00:00Z", "40", "35", None),
        ])
    );
    // earned 120 − 25 = 95 = balance 35 + redeemed 60
    assert_eq!(totals(&st), ["35", "0", "95", "60", "0"]);
}

#[test]
fn overdraw_path_uses_the_callers_index() {
    let p = usd("");
    // sorted: +20 (Jan), +50 (Feb), redeem 80 (Mar) → 70 available → the redeem, caller's index 0
    let m = ledger(&[
        redeem("2026-03-01T00:00:00Z", "80"),
        purchase("2026-02-01T00:00:00Z", "50", "o-2"),
        purchase("2026-01-01T00:00:00Z", "20", "o-1"),
    ]);
    assert_eq!(statement_err(&p, &m, NOW, 30), cp("invalid_member", "member.events[0]"));
    let e = loose_err(
        &program(&p),
        Operation::Statement,
        &[("member", Some(&m)), ("now", Some(&quoted(NOW))), ("days", Some("30"))],
    );
    assert_eq!(code_path(&e), cp("invalid_member", "member.events[0]"));

    // sorted: +100 (Jan), redeem 80 (Mar; leaves 20), adjust −30 (Jun): not
    // an overdraw since v1.1 — the adjust takes 20 and, under `debt` (the
    // default), 10 are owed: balance −10; earned 100 − 30 = 70; −10 = 70 − 80.
    let m = ledger(&[
        purchase("2026-01-01T00:00:00Z", "100", "o-1"),
        adjust("2026-06-01T00:00:00Z", "-30"),
        redeem("2026-03-01T00:00:00Z", "80"),
    ]);
    let st = statement(&p, &m, NOW, 30);
    assert_eq!((totals(&st), text(&st.owed)), (["-10", "0", "70", "80", "0"].map(String::from), "10".to_string()));
    // under `forgive` the 10 are dropped: balance 0; earned 100 − 20 = 80 = 0 + 80
    let st = statement(&usd(r#""shortfall":"forgive""#), &m, NOW, 30);
    assert_eq!((totals(&st), text(&st.forgiven)), (["0", "0", "80", "80", "0"].map(String::from), "10".to_string()));

    // a return asking more than there is, listed last but happening in the
    // middle: +10, return 11 (1 owed), then +500 pays the 1 back at once
    let m = ledger(&[
        purchase("2026-01-01T00:00:00Z", "10", "o-1"),
        purchase("2026-09-01T00:00:00Z", "500", "o-2"),
        ret("2026-02-01T00:00:00Z", "11", "o-1"),
    ]);
    let st = statement(&p, &m, NOW, 30);
    // earned 510 − 11 = 499 = balance
    assert_eq!((totals(&st), text(&st.owed)), (["499", "0", "499", "0", "0"].map(String::from), "0".to_string()));
    assert_eq!(
        lots(&st),
        lots_of(&[("2026-01-01T00:00:00Z", "10", "0", None), ("2026-09-01T00:00:00Z", "500", "499", None)])
    );
}

#[test]
fn equal_timestamps_keep_the_given_order() {
    let p = usd("");
    // redeem listed before the purchase at the same instant: applied first → overdraw at index 0
    let m = ledger(&[redeem("2026-05-01T10:00:00Z", "10"), purchase("2026-05-01T10:00:00Z", "10", "o-1")]);
    assert_eq!(statement_err(&p, &m, NOW, 30), cp("invalid_member", "member.events[0]"));
    // purchase first: fine, the redeem takes all 10
    let m = ledger(&[purchase("2026-05-01T10:00:00Z", "10", "o-1"), redeem("2026-05-01T10:00:00Z", "10")]);
    assert_eq!(totals(&statement(&p, &m, NOW, 30)), ["0", "0", "10", "10", "0"]);
    // same instant written with different offsets is still the same instant:
    // 2026-05-01T12:00:00+02:00 = 2026-05-01T10:00:00Z, listed first → applied first
    let m = ledger(&[redeem("2026-05-01T12:00:00+02:00", "10"), purchase("2026-05-01T10:00:00Z", "10", "o-1")]);
    assert_eq!(statement_err(&p, &m, NOW, 30), cp("invalid_member", "member.events[0]"));
    // lots with equal times keep the given order too
    let m = ledger(&[
        purchase("2026-05-01T10:00:00Z", "7", "o-a"),
        purchase("2026-05-01T10:00:00Z", "3", "o-b"),
        redeem("2026-05-01T10:00:00Z", "8"),
    ]);
    // FIFO among equals in list order: 7 → 0, 3 → 2
    assert_eq!(remaining(&statement(&p, &m, NOW, 30)), rem_of(&[("0", None), ("2", None)]));
}

#[test]
fn events_after_now_are_ignored() {
    let p = usd(r#""expiry":{"type":"rolling","months":12}"#);
    let m = ledger(&[
        purchase("2026-01-01T00:00:00Z", "100", "o-1"),
        purchase("2026-11-24T10:00:00Z", "5", "o-2"), // exactly now: counted
        purchase("2026-11-24T10:00:00.001Z", "50", "o-3"), // 1 ms after now: ignored
        redeem("2026-12-02T00:00:00Z", "500"),        // would overdraw, but after now
    ]);
    let st = statement(&p, &m, NOW, 30);
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2026-01-01T00:00:00Z", "100", "100", Some("2027-01-01T00:00:00Z")),
            ("2026-11-24T10:00:00Z", "5", "5", Some("2027-11-24T10:00:00Z")),
        ])
    );
    assert_eq!(totals(&st), ["105", "0", "105", "0", "0"]);
    // later, the redeem is replayed and overdraws (index 3)
    assert_eq!(statement_err(&p, &m, "2026-12-02T00:00:00Z", 30), cp("invalid_member", "member.events[3]"));
}

// ================================================================ lifetime figures, expiringSoon, liability

#[test]
fn lifetime_earned_is_net_of_returns_and_negative_adjusts() {
    let p = usd("");
    let m = ledger(&[
        purchase("2026-01-01T00:00:00Z", "200", "o-1"),
        action("2026-01-02T00:00:00Z", "30"),
        adjust("2026-01-03T00:00:00Z", "20"),
        ret("2026-01-04T00:00:00Z", "50", "o-1"),
        adjust("2026-01-05T00:00:00Z", "-15"),
        redeem("2026-01-06T00:00:00Z", "40"),
        adjust("2026-01-07T00:00:00Z", "0"),          // does nothing, no lot
        purchase("2026-01-08T00:00:00Z", "0", "o-2"), // a lot of 0
    ]);
    let st = statement(&p, &m, NOW, 30);
    // lots: 200, 30, 20, 0 (FIFO: return 50 + adjust 15 + redeem 40 = 105 from the 200 → 95)
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2026-01-01T00:00:00Z", "200", "95", None),
            ("2026-01-02T00:00:00Z", "30", "30", None),
            ("2026-01-03T00:00:00Z", "20", "20", None),
            ("2026-01-08T00:00:00Z", "0", "0", None),
        ])
    );
    // earned = 250 − 50 − 15 = 185 ; redeemed 40 ; balance 185 − 40 = 145
    assert_eq!(totals(&st), ["145", "0", "185", "40", "0"]);
}

#[test]
fn expiring_soon_groups_by_instant_with_end_inclusive_horizon_and_pending_lots() {
    let p = usd(r#""pendingDays":25,"expiry":{"type":"rolling","months":1}"#);
    // now 2026-11-24T10:00:00Z, days 10 → horizon 2026-12-04T10:00:00Z
    let m = ledger(&[
        purchase("2026-11-04T10:00:01Z", "9", "e"), // pending; expires 12-04T10:00:01Z > horizon
        purchase("2026-10-24T10:00:00Z", "10", "a"), // expires 11-24T10:00:00Z = now → expired
        purchase("2026-10-24T10:00:01Z", "20", "b"), // expires 11-24T10:00:01Z
        action("2026-10-24T10:00:01Z", "5"),        // same instant → grouped with b
        purchase("2026-11-04T10:00:00Z", "7", "d"), // pending until 11-29; expires 12-04T10:00:00Z = horizon
    ]);
    let st = statement(&p, &m, NOW, 10);
    assert_eq!(soon(&st), soon_of(&[("25", "2026-11-24T10:00:01Z"), ("7", "2026-12-04T10:00:00Z")]));
    // balance b + c = 25 (available since 11-18); pending d + e = 16; expired a = 10; earned 51
    assert_eq!(totals(&st), ["25", "16", "51", "0", "10"]);
    // lots in creation (time) order: a, b, c, d, e
    assert_eq!(
        lots(&st),
        lots_of(&[
            ("2026-10-24T10:00:00Z", "10", "0", Some("2026-11-24T10:00:00Z")),
            ("2026-10-24T10:00:01Z", "20", "20", Some("2026-11-24T10:00:01Z")),
            ("2026-10-24T10:00:01Z", "5", "5", Some("2026-11-24T10:00:01Z")),
            ("2026-11-04T10:00:00Z", "7", "7", Some("2026-12-04T10:00:00Z")),
            ("2026-11-04T10:00:01Z", "9", "9", Some("2026-12-04T10:00:01Z")),
        ])
    );
    // days 0: now < x ≤ now is empty
    assert_eq!(soon(&statement(&p, &m, NOW, 0)), vec![]);
    // days 11: horizon 12-05T10:00:00Z → e joins as its own group
    assert_eq!(
        soon(&statement(&p, &m, NOW, 11)),
        soon_of(&[("25", "2026-11-24T10:00:01Z"), ("7", "2026-12-04T10:00:00Z"), ("9", "2026-12-04T10:00:01Z")])
    );
}

#[test]
fn expiring_soon_counts_only_remaining_points() {
    let p = usd(r#""expiry":{"type":"rolling","months":1}"#);
    let m = ledger(&[
        purchase("2026-11-01T00:00:00Z", "30", "x"), // expires 12-01
        purchase("2026-11-02T00:00:00Z", "20", "y"), // expires 12-02
        redeem("2026-11-10T00:00:00Z", "35"),        // x → 0, y → 15
    ]);
    let st = statement(&p, &m, NOW, 30);
    // x has nothing left → not listed; y's 15 remaining
    assert_eq!(soon(&st), soon_of(&[("15", "2026-12-02T00:00:00Z")]));
    assert_eq!(totals(&st), ["15", "0", "50", "35", "0"]);
}

#[test]
fn default_days_is_30_on_the_loose_entry_point() {
    let p = usd(r#""expiry":{"type":"rolling","months":1}"#);
    let m = ledger(&[
        purchase("2026-10-24T10:00:00Z", "1", "a"), // expires 2026-11-24T10:00:00Z = now: expired
        purchase("2026-11-24T10:00:00Z", "2", "b"), // expires 2026-12-24T10:00:00Z = now + 30 days
        purchase("2026-11-24T10:00:00Z", "4", "c"), // same
    ]);
    let st = loose(&program(&p), Operation::Statement, &[("member", Some(&m)), ("now", Some(&quoted(NOW)))]);
    // days defaults to 30 → horizon 2026-12-24T10:00:00Z, end inclusive → 2 + 4 = 6
    assert_eq!(st["expiringSoon"], serde_json::json!([{"points": "6", "expiresAt": "2026-12-24T10:00:00Z"}]));
    let totals = ["balance", "pending", "lifetimeEarned", "lifetimeRedeemed", "expired"].map(|k| &st[k]);
    assert_eq!(totals, ["6", "0", "7", "0", "1"]);
}

#[test]
fn liability_uses_balance_and_accounting_with_money_rounding() {
    let body = r#""pendingDays":7,"accounting":{"pointValue":"0.005","redemptionRate":"1"}"#;
    let m = ledger(&[
        purchase("2026-01-01T00:00:00Z", "5", "o-1"),
        purchase("2026-11-23T00:00:00Z", "1000", "o-2"), // pending at NOW: not in the liability
    ]);
    // half_up (default): 5 × 0.005 × 1 = 0.025 → 0.03
    let st = statement(&usd(body), &m, NOW, 30);
    assert_eq!(totals(&st), ["5", "1000", "1005", "0", "0"]);
    assert_eq!(opt_text(&st.liability).as_deref(), Some("0.03"));
    // half_even: 0.025 → 0.02
    let st = statement(&usd(&format!(r#"{body},"moneyRounding":"half_even""#)), &m, NOW, 30);
    assert_eq!(opt_text(&st.liability).as_deref(), Some("0.02"));
    // 0.01 × 0.80 on a balance of 1237: 1237 × 0.01 × 0.80 = 9.896 → 9.90
    let p = usd(r#""accounting":{"pointValue":"0.01","redemptionRate":"0.80"}"#);
    let st = statement(&p, &ledger(&[purchase("2026-01-01T00:00:00Z", "1237", "o")]), NOW, 30);
    assert_eq!(opt_text(&st.liability).as_deref(), Some("9.90"));
    // currencyDecimals 0: 1237 × 0.01 × 0.80 = 9.896 → 10
    let p = usd(r#""currencyDecimals":0,"accounting":{"pointValue":"0.01","redemptionRate":"0.80"}"#);
    let st = statement(&p, &ledger(&[purchase("2026-01-01T00:00:00Z", "1237", "o")]), NOW, 30);
    assert_eq!(opt_text(&st.liability).as_deref(), Some("10"));
    // without accounting: null; without tiers: tier and qualifyingValue null
    let st = statement(&usd(""), &m, NOW, 30);
    assert_eq!(st.liability, None);
    assert_eq!(st.tier, None);
    assert_eq!(st.qualifying_value, None);
    // an empty ledger: liability 0 × … = 0.00
    let p = usd(r#""accounting":{"pointValue":"0.01","redemptionRate":"0.80"}"#);
    let st = statement(&p, &ledger(&[]), NOW, 30);
    assert_eq!(opt_text(&st.liability).as_deref(), Some("0.00"));
}

#[test]
fn point_decimals_in_statement() {
    let p = usd(r#""points":{"decimals":2},"expiry":{"type":"rolling","months":1}"#);
    let m = ledger(&[purchase("2026-11-01T00:00:00Z", "10.5", "o-1"), redeem("2026-11-02T00:00:00Z", "0.25")]);
    let st = statement(&p, &m, NOW, 30);
    // every point output has 2 places: 10.50 − 0.25 = 10.25
    assert_eq!(lots(&st), lots_of(&[("2026-11-01T00:00:00Z", "10.50", "10.25", Some("2026-12-01T00:00:00Z"))]));
    assert_eq!(totals(&st), ["10.25", "0.00", "10.50", "0.25", "0.00"]);
    assert_eq!(soon(&st), soon_of(&[("10.25", "2026-12-01T00:00:00Z")]));
    // an event amount with more places than points.decimals is invalid
    let p0 = usd("");
    let m = ledger(&[purchase("2026-11-01T00:00:00Z", "1.5", "o-1")]);
    assert_eq!(statement_err(&p0, &m, NOW, 30).0, "invalid_member");
}

// ================================================================ member shape errors

#[test]
fn statement_member_errors() {
    let p = usd("");
    // a snapshot has no events → invalid_argument at member
    assert_eq!(statement_err(&p, r#"{"id":"m","balance":"10"}"#, NOW, 30), cp("invalid_argument", "member"));
    // no member at all (loose entry point) → invalid_argument at member
    let e = loose_err(&program(&p), Operation::Statement, &[("now", Some(&quoted(NOW))), ("days", Some("30"))]);
    assert_eq!(code_path(&e), cp("invalid_argument", "member"));
    // events together with balance / qualifyingValue / orderCount → invalid_member at member
    for extra in [r#""balance":"0""#, r#""qualifyingValue":"0""#, r#""orderCount":0"#] {
        let m = format!(r#"{{"id":"m",{extra},"events":[]}}"#);
        assert_eq!(statement_err(&p, &m, NOW, 30), cp("invalid_member", "member"), "{m}");
    }
    // events: [] is a ledger: an all-zero statement
    let st = statement(&p, &ledger(&[]), NOW, 30);
    assert_eq!(totals(&st), ["0", "0", "0", "0", "0"]);
    assert!(st.lots.is_empty() && st.expiring_soon.is_empty());
    // negative points on a purchase are invalid
    let m = ledger(&[purchase("2026-01-01T00:00:00Z", "-1", "o")]);
    assert_eq!(statement_err(&p, &m, NOW, 30).0, "invalid_member");
    // member.tier with a program without tiers is invalid_member
    let m = r#"{"id":"m","tier":"gold","events":[]}"#;
    assert_eq!(statement_err(&p, m, NOW, 30).0, "invalid_member");
}

#[test]
fn too_many_events_is_limit_exceeded() {
    let p = usd("");
    let one = purchase("2026-01-01T00:00:00Z", "1", "o");
    let events: Vec<String> = std::iter::repeat_n(one, 100_001).collect();
    // 100,000 member events is the limit; 100,001 exceeds it
    assert_eq!(statement_err(&p, &ledger(&events), NOW, 30).0, "limit_exceeded");
}

// ================================================================ 100,000 events

#[test]
fn statement_of_a_hundred_thousand_events() {
    let p = usd(r#""accounting":{"pointValue":"0.01","redemptionRate":"1"}"#);
    // 100,000 purchases of 1 point, one per minute from 2024-01-01T00:00:00Z
    // (the last at + 99,999 minutes ≈ 69.4 days, long before NOW)
    let events: Vec<String> =
        (0..100_000i64).map(|i| purchase(&fmt_epoch(EPOCH_2024 + 60 * i), "1", &format!("o-{i}"))).collect();
    let m = ledger(&events);
    let started = std::time::Instant::now();
    let st = statement(&p, &m, NOW, 30);
    let took = started.elapsed();
    eprintln!("statement of 100,000 purchases took {took:?}");
    // expiry never: balance = earned = 100,000 × 1
    assert_eq!(totals(&st), ["100000", "0", "100000", "0", "0"]);
    assert_eq!(st.lots.len(), 100_000);
    assert_eq!(text(&st.lots[99_999].at), "2024-03-10T10:39:00Z"); // 99,999 min = 69 d 10 h 39 min after Jan 1
                                                                   // liability 100000 × 0.01 × 1 = 1000.00
    assert_eq!(opt_text(&st.liability).as_deref(), Some("1000.00"));

    // 50,000 purchases of 2 interleaved with 50,000 redeems of 1, rolling 12 months
    let p = usd(r#""expiry":{"type":"rolling","months":12}"#);
    let events: Vec<String> = (0..100_000i64)
        .map(|i| {
            let at = fmt_epoch(EPOCH_2024 + 60 * i);
            if i % 2 == 0 {
                purchase(&at, "2", &format!("o-{i}"))
            } else {
                redeem(&at, "1")
            }
        })
        .collect();
    let started = std::time::Instant::now();
    let st = statement(&p, &ledger(&events), "2024-12-01T00:00:00Z", 30);
    eprintln!("statement of 50,000 purchases + 50,000 redeems took {:?}", started.elapsed());
    // earned 100,000, redeemed 50,000; nothing expired by 2024-12-01 (first expiry 2025-01-01)
    assert_eq!(totals(&st), ["50000", "0", "100000", "50000", "0"]);
    // each redeem of 1 takes from the oldest lot: after 50,000 redeems the first 25,000 lots are
    // empty and the rest keep 2
    assert_eq!(text(&st.lots[24_999].remaining), "0");
    assert_eq!(text(&st.lots[25_000].remaining), "2");
    // within 30 days of 2024-12-01 nothing expires (all expire 2025-01-01 onward... first at
    // 2025-01-01T00:00:00Z > 2024-12-31T00:00:00Z)
    assert_eq!(soon(&st), vec![]);
    assert!(took.as_secs() < 30, "100,000 events took {took:?}");
}

// ================================================================ property: the lifetime identity

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone)]
struct GenEvent {
    secs: i64,
    kind: &'static str,
    /// In units of 10^-decimals points; negative only for adjust.
    units: i64,
    order: usize,
}

fn units_text(units: i64, decimals: u32) -> String {
    Decimal::new(units, decimals).to_string()
}

fn event_json(e: &GenEvent, decimals: u32) -> String {
    let at = fmt_epoch(e.secs);
    let pts = units_text(e.units, decimals);
    let order = format!("o-{}", e.order);
    match e.kind {
        "purchase" => purchase(&at, &pts, &order),
        "action" => action(&at, &pts),
        "redeem" => redeem(&at, &pts),
        "return" => ret(&at, &pts, &order),
        _ => adjust(&at, &pts),
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("not a decimal: {s}: {e}"))
}

#[test]
fn property_lifetime_identity_over_random_ledgers() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let expiries = [
        r#"{"type":"never"}"#.to_string(),
        r#"{"type":"rolling","months":1}"#.to_string(),
        r#"{"type":"rolling","months":6}"#.to_string(),
        r#"{"type":"inactivity","months":1}"#.to_string(),
        r#"{"type":"inactivity","months":3}"#.to_string(),
        r#"{"type":"end_of_year"}"#.to_string(),
        r#"{"type":"end_of_year","years":2}"#.to_string(),
    ];
    let offsets = ["+00:00", "+09:00", "-05:00"];
    // §9.4 `shortfall`: absent (debt by default; this generator then never asks for more than
    // there is), "debt" and "forgive" (returns and negative adjusts that may exceed the balance)
    let shortfalls = ["", "debt", "forgive"];
    let total = 1008; // 7 expiry policies × 2 pendingDays × 3 shortfall policies × 24
    let mut accepted = 0;
    let mut with_expired = 0;
    let mut with_pending = 0;
    let mut rejected: Vec<String> = Vec::new();
    let mut with_redeemed = 0;
    let (mut with_owed, mut with_forgiven) = (0, 0);
    let mut previewed = 0;
    for case in 0..total {
        let expiry = &expiries[case % expiries.len()];
        let pending_days: i64 = if (case / expiries.len()) % 2 == 0 { 0 } else { 7 };
        let shortfall = shortfalls[(case / (expiries.len() * 2)) % shortfalls.len()];
        // whether returns and negative adjusts may ask for more than is available
        let over_ask = !shortfall.is_empty();
        let decimals: u32 = if rng.chance(25) { 2 } else { 0 };
        let offset = offsets[rng.below(3) as usize];
        let shortfall_field = if over_ask { format!(r#","shortfall":"{shortfall}""#) } else { String::new() };
        let p = usd(&format!(
            r#""utcOffset":"{offset}","points":{{"decimals":{decimals}}},"expiry":{expiry},"pendingDays":{pending_days}{shortfall_field}"#
        ));

        // Generate events in time order. Consumption never exceeds a conservative lower bound of
        // what the spec makes available at that instant: the purchase/action lots that are surely
        // past pendingDays and surely not expired (never: any age; rolling/inactivity with `m`
        // months: younger than m × 28 days, as a month is at least 28 days and an inactivity
        // deadline is at least that far from the lot's own purchase/action; end_of_year: created in
        // the same local year), less everything consumed since the oldest of them was created.
        // Under an explicit "debt", lots also pay what is owed when they become available, and a
        // debt may come from before the oldest of them: there the bound subtracts everything ever
        // asked by redeems, returns and negative adjusts (what lots give up, to events or to a
        // debt, never exceeds that; and while points are owed every available lot is empty, so a
        // positive bound also means nothing is owed).
        let off_secs: i64 = match offset {
            "+09:00" => 9 * 3600,
            "-05:00" => -5 * 3600,
            _ => 0,
        };
        let local_year = |t: i64| civil_from_days((t + off_secs).div_euclid(86_400)).0;
        let is_eoy = expiry.contains("end_of_year");
        let max_age: Option<i64> = if expiry.contains("never") || is_eoy {
            None
        } else {
            let months: i64 = expiry.split("\"months\":").nth(1).unwrap().trim_end_matches('}').parse().unwrap();
            Some(months * 28 * 86_400)
        };
        let safe_available = |evs: &[GenEvent], t: i64| -> i64 {
            let ok = |e: &&GenEvent| {
                matches!(e.kind, "purchase" | "action")
                    && e.secs + pending_days * 86_400 <= t
                    && max_age.is_none_or(|a| t - e.secs < a)
                    && (!is_eoy || local_year(e.secs) == local_year(t))
            };
            let recent: Vec<&GenEvent> = evs.iter().filter(ok).collect();
            let Some(oldest) = recent.iter().map(|e| e.secs).min() else { return 0 };
            let since = if shortfall == "debt" { i64::MIN } else { oldest };
            let consumed: i64 = evs
                .iter()
                .filter(|e| e.secs >= since)
                .filter(|e| matches!(e.kind, "redeem" | "return") || (e.kind == "adjust" && e.units < 0))
                .map(|e| e.units.abs())
                .sum();
            (recent.iter().map(|e| e.units).sum::<i64>() - consumed).max(0)
        };
        let n = 1 + rng.below(40) as usize;
        let mut secs = EPOCH_2024 + rng.below(86_400 * 365) as i64;
        let mut orders = 0usize;
        let mut evs: Vec<GenEvent> = Vec::new();
        let scale: u64 = if decimals == 2 { 100 } else { 1 };
        for _ in 0..n {
            let gap = rng.below(100);
            if gap < 10 {
                // 10 %: the same instant as the previous event
            } else if gap < 95 {
                secs += 1 + rng.below(86_400 * 10) as i64;
            } else {
                secs += 86_400 * (30 + rng.below(170) as i64);
            }
            let roll = rng.below(100);
            let bound = safe_available(&evs, secs);
            // with nothing surely available a redeem becomes a purchase; so do returns and negative
            // adjusts unless they may ask for more than there is
            let ev = if roll < 45 || (roll >= 62 && bound == 0 && !(over_ask && roll >= 80)) {
                orders += 1;
                let units = rng.below(500 * scale) as i64;
                GenEvent { secs, kind: "purchase", units, order: orders }
            } else if roll < 55 {
                let units = rng.below(100 * scale) as i64;
                GenEvent { secs, kind: "action", units, order: 0 }
            } else if roll < 62 {
                let units = 1 + rng.below(100 * scale) as i64;
                GenEvent { secs, kind: "adjust", units, order: 0 }
            } else {
                let mut units = if rng.chance(25) { bound } else { rng.below(bound as u64 + 1) as i64 };
                if roll >= 80 && over_ask && rng.chance(50) {
                    // beyond the bound, and often beyond what is there: the shortfall policy settles it
                    units = bound + 1 + rng.below(1000 * scale) as i64;
                }
                match roll {
                    62..=79 => GenEvent { secs, kind: "redeem", units, order: 0 },
                    80..=91 => {
                        GenEvent { secs, kind: "return", units, order: 1 + rng.below(orders.max(1) as u64) as usize }
                    }
                    _ => GenEvent { secs, kind: "adjust", units: -units, order: 0 },
                }
            };
            evs.push(ev);
        }
        // now: after the last event, or (1 in 5) somewhere in the middle so later events are ignored
        let last = evs.last().unwrap().secs;
        let now_secs = if rng.chance(20) {
            evs[0].secs + rng.below((last - evs[0].secs + 1) as u64) as i64
        } else {
            last + rng.below(86_400 * 400) as i64
        };
        let now = fmt_epoch(now_secs);
        let days = rng.below(120) as u32;

        let texts: Vec<String> = evs.iter().map(|e| event_json(e, decimals)).collect();
        let member = ledger(&texts);
        let st = match try_statement(&p, &member, &now, days) {
            Ok(st) => st,
            Err(e) if e.code.as_str() == "invalid_member" && e.path.starts_with("member.events[") => {
                // the generator only consumes what is surely available (see above): report it
                rejected.push(format!("case {case}: {e}\nprogram {p}\nmember {member}\nnow {now}"));
                continue;
            }
            Err(e) => panic!("case {case}: unexpected error {e}\n{p}\n{member}"),
        };
        accepted += 1;

        let [balance, pending, earned, redeemed, expired, owed, forgiven] =
            [&st.balance, &st.pending, &st.lifetime_earned, &st.lifetime_redeemed, &st.expired, &st.owed, &st.forgiven]
                .map(|x| dec(&text(x)));
        let ctx = || format!("case {case}\nprogram {p}\nmember {member}\nnow {now}\n{st:?}");
        // §8, §9.4: balance + pending = lifetimeEarned − lifetimeRedeemed − expired, under every policy
        assert_eq!(earned, balance + pending + redeemed + expired, "{}", ctx());
        for x in [pending, redeemed, expired, owed, forgiven] {
            assert!(x >= Decimal::ZERO, "negative figure: {}", ctx());
        }
        // §9.4: under debt the balance is −owed while points are owed, else it is ≥ 0; under
        // forgive nothing is owed and the balance never goes below 0; only forgive forgives
        match shortfall {
            "forgive" => {
                assert_eq!(owed, Decimal::ZERO, "{}", ctx());
                assert!(balance >= Decimal::ZERO, "{}", ctx());
            }
            _ => {
                assert_eq!(forgiven, Decimal::ZERO, "{}", ctx());
                if owed > Decimal::ZERO {
                    assert_eq!(balance, -owed, "{}", ctx());
                } else {
                    assert!(balance >= Decimal::ZERO, "{}", ctx());
                }
            }
        }
        if !over_ask {
            // never more asked than there is: nothing owed
            assert_eq!(owed, Decimal::ZERO, "{}", ctx());
        }
        // every point output carries exactly `decimals` places
        for t in
            [&st.balance, &st.pending, &st.lifetime_earned, &st.lifetime_redeemed, &st.expired, &st.owed, &st.forgiven]
        {
            let places = text(t).split('.').nth(1).map_or(0, |f| f.len()) as u32;
            assert_eq!(places, decimals, "{t}: {}", ctx());
        }

        // independent figures from the generated events at or before now
        let seen: Vec<&GenEvent> = evs.iter().filter(|e| e.secs <= now_secs).collect();
        let created: Vec<i64> = seen
            .iter()
            .filter(|e| matches!(e.kind, "purchase" | "action") || (e.kind == "adjust" && e.units > 0))
            .map(|e| e.units)
            .collect();
        let taken: i64 = seen
            .iter()
            .filter(|e| e.kind == "return" || (e.kind == "adjust" && e.units < 0))
            .map(|e| e.units.abs())
            .sum();
        let redeemed_units: i64 = seen.iter().filter(|e| e.kind == "redeem").map(|e| e.units).sum();
        // lifetimeEarned = lots created − points taken by returns and negative adjusts: what they
        // ask under debt, what they actually take (asked − forgiven) under forgive (§9.4);
        // lifetimeRedeemed = Σ redeems
        let created_less_asked = Decimal::new(created.iter().sum::<i64>() - taken, decimals);
        assert_eq!(earned, created_less_asked + forgiven, "{}", ctx());
        assert_eq!(redeemed, Decimal::new(redeemed_units, decimals), "{}", ctx());
        // one lot per purchase, action, positive adjust, in creation order
        let lot_points: Vec<Decimal> = st.lots.iter().map(|l| dec(&text(&l.points))).collect();
        let want: Vec<Decimal> = created.iter().map(|u| Decimal::new(*u, decimals)).collect();
        assert_eq!(lot_points, want, "{}", ctx());
        // what remains in lots is what can be spent now or later: the available part is the
        // balance plus what is owed (0 while points are owed, as the balance is then −owed), then
        // the pending points
        let remaining: Decimal = st.lots.iter().map(|l| dec(&text(&l.remaining))).sum();
        assert_eq!(remaining, balance + owed + pending, "{}", ctx());
        // never: nothing expires, and no lot has an expiry
        if expiry.contains("never") {
            assert_eq!(expired, Decimal::ZERO, "{}", ctx());
            assert!(st.lots.iter().all(|l| l.expires_at.is_none()), "{}", ctx());
        }
        if pending_days == 0 {
            assert_eq!(pending, Decimal::ZERO, "{}", ctx());
        }
        // expiringSoon: ascending distinct instants in (now, now + days], at most what is left
        let horizon = fmt_epoch(now_secs + i64::from(days) * 86_400);
        let mut prev = now.clone();
        let mut soon_sum = Decimal::ZERO;
        for e in &st.expiring_soon {
            // same-format UTC texts without millis compare chronologically as strings
            let at = text(&e.expires_at);
            assert!(at > prev && at <= horizon, "{}", ctx());
            assert!(dec(&text(&e.points)) > Decimal::ZERO, "{}", ctx());
            prev = at;
            soon_sum += dec(&text(&e.points));
        }
        assert!(soon_sum <= remaining, "{}", ctx());
        if expired > Decimal::ZERO {
            with_expired += 1;
        }
        if pending > Decimal::ZERO {
            with_pending += 1;
        }
        if redeemed > Decimal::ZERO {
            with_redeemed += 1;
        }
        if owed > Decimal::ZERO {
            with_owed += 1;
        }
        if forgiven > Decimal::ZERO {
            with_forgiven += 1;
        }

        // the array order does not matter beyond ties: a random permutation that keeps equal-time
        // events in their relative order gives the same statement
        let mut idx: Vec<usize> = (0..evs.len()).collect();
        for i in (1..idx.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            idx.swap(i, j);
        }
        // restore each tie group's relative order in the positions it occupies
        let mut fixed = idx.clone();
        let mut groups: std::collections::BTreeMap<i64, Vec<usize>> = Default::default();
        for (pos, &orig) in idx.iter().enumerate() {
            groups.entry(evs[orig].secs).or_default().push(pos);
        }
        for positions in groups.values() {
            let mut members: Vec<usize> = positions.iter().map(|&p| idx[p]).collect();
            members.sort();
            for (k, &pos) in positions.iter().enumerate() {
                fixed[pos] = members[k];
            }
        }
        let shuffled: Vec<String> = fixed.iter().map(|&i| texts[i].clone()).collect();
        let st2 = statement(&p, &ledger(&shuffled), &now, days);
        assert_eq!(st2, st, "permuted ledger differs: {}", ctx());

        // §9.4, §9.6 under every shortfall policy: previewing the full return of one of the
        // orders keeps the ledger's conservation: the statement of the ledger with the event
        // appended shows its balanceAfter, owedAfter and forgiven (tests/common/invariants.rs)
        let orders_seen: Vec<usize> = seen.iter().filter(|e| e.kind == "purchase").map(|e| e.order).collect();
        if !orders_seen.is_empty() {
            let order = orders_seen[rng.below(orders_seen.len() as u64) as usize];
            let args: serde_json::Value = serde_json::from_str(&format!(
                r#"{{"now":"{now}","member":{member},"refund":{{"orderId":"o-{order}","full":true}}}}"#
            ))
            .unwrap();
            let program = loyalty_engine::Program::from_json(&p).unwrap();
            match program.call(Operation::PreviewReturn, &args.to_string()) {
                Ok(r) => {
                    let text = r.to_json().unwrap();
                    if let Err(e) = invariants::check(&p, &program, Operation::PreviewReturn, &args, &text) {
                        panic!("previewReturn of o-{order}: {e}\n{text}\n{}", ctx());
                    }
                    previewed += 1;
                }
                // an order whose points were all returned already has nothing left (§9.6)
                Err(e) => {
                    assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid_argument", "refund.orderId"), "{}", ctx())
                }
            }
        }
    }
    eprintln!(
        "accepted {accepted} of {total}; {with_expired} with expired points, {with_pending} with pending points, \
         {with_owed} owing, {with_forgiven} with forgiven points"
    );
    // every generated ledger is valid by construction (consumption ≤ a conservative bound of what
    // is available), so the engine must accept all of them
    assert!(rejected.is_empty(), "{} of {total} valid ledgers rejected; first:\n{}", rejected.len(), rejected[0]);
    assert_eq!(accepted, total);
    // the generator must actually exercise expiry and pending
    assert!(
        with_expired >= 20 && with_pending >= 10 && with_redeemed >= 50,
        "expired {with_expired}, pending {with_pending}, redeemed {with_redeemed}"
    );
    // … and the shortfall policies: points owed at now, points forgiven
    assert!(with_owed >= 20 && with_forgiven >= 20, "owed {with_owed}, forgiven {with_forgiven}");
    // … and previewReturn on most of them
    assert!(previewed >= 700, "only {previewed} returns previewed");
}
