//! What the fuzz targets run, shared with the native tests: the invariants
//! every answer keeps and the runs of one input (`tests/common/`, included by
//! path so that `tests/fuzz_regressions.rs` replays a crash exactly).

#[path = "../../tests/common/invariants.rs"]
pub mod invariants;

#[path = "../../tests/common/fuzz_case.rs"]
pub mod fuzz_case;
