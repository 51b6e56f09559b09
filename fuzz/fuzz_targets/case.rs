//! A conformance case (spec §7) mutated and run through its operation (all
//! nine, v1.1 included): never a panic, and every success keeps the
//! invariants of `tests/common/invariants.rs` (points = purchase + bonus,
//! ledger conservation with owed and forgiven, pointsSpent = Σ applied,
//! checkout total = items + shipping − discount, no negative zero, a badge =
//! its one-line cart through previewEarn).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| match loyalty_engine_fuzz::fuzz_case::run_case(data) {
    Ok(()) => {}
    Err(e) => panic!("invariant broken: {e}"),
});
