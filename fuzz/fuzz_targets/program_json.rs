//! Programme JSON from bytes (spec §2): never a panic; a programme that
//! compiles answers the operations on fixed inputs, each success keeping the
//! invariants of `tests/common/invariants.rs`.
#![no_main]

#[path = "../../tests/common/fuzz_case.rs"]
mod fuzz_case;
#[path = "../../tests/common/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = fuzz_case::run_program(data) {
        panic!("invariant broken: {e}");
    }
});
