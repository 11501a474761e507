//! Inputs found by the `dates` fuzz target (and a few interesting ones), kept in
//! `fuzz/regressions/dates/` and read back on stable Rust: the date resolver may not panic on
//! them, and keeps the invariants of `fuzz/checks/coder.rs` (see `docs/fuzzing.md`).

#[path = "../../../fuzz/checks/coder.rs"]
mod coder;
#[path = "../../../fuzz/checks/corpus.rs"]
mod corpus;

#[test]
fn dates_regressions() {
    corpus::check_all(env!("CARGO_MANIFEST_DIR"), "dates", coder::dates);
}
