//! A conformance case (spec §7) mutated and run through its operation (all
//! nine, v1.1 included): never a panic, and every success keeps the
//! invariants of `tests/common/invariants.rs` (points = purchase + bonus,
//! ledger conservation with owed and forgiven, pointsSpent = Σ applied,
//! checkout total = items + shipping − discount, no negative zero, a badge =
//! its one-line cart through previewEarn).
#![no_main]

#[path = "../../tests/common/fuzz_case.rs"]
mod fuzz_case;
#[path = "../../tests/common/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = fuzz_case::run_case(data) {
        panic!("invariant broken: {e}");
    }
});
