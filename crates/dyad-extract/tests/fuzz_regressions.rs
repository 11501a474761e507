//! Pages found by the `html` fuzz target (and a few interesting ones), kept in
//! `fuzz/regressions/html/` and read back on stable Rust: extraction may not panic or hang on
//! them, and keeps the invariants of `fuzz/checks/extract.rs` (see `docs/fuzzing.md`).

#[path = "../../../fuzz/checks/corpus.rs"]
mod corpus;
#[path = "../../../fuzz/checks/extract.rs"]
mod extract;

#[test]
fn html_regressions() {
    corpus::check_all(env!("CARGO_MANIFEST_DIR"), "html", extract::html);
}
