//! Programme JSON from bytes (spec §2): never a panic; a programme that
//! compiles answers the operations on fixed inputs, each success keeping the
//! invariants of `tests/common/invariants.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = loyalty_engine_fuzz::fuzz_case::run_program(data) {
        panic!("invariant broken: {e}");
    }
});
