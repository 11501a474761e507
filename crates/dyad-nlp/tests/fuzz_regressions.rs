//! Inputs found by the `conllu` and `segment` fuzz targets (and a few interesting ones), kept in
//! `fuzz/regressions/<target>/` and read back on stable Rust: no panic, and the invariants of
//! `fuzz/checks/nlp.rs` (see `docs/fuzzing.md`).

#[path = "../../../fuzz/checks/corpus.rs"]
mod corpus;
#[path = "../../../fuzz/checks/nlp.rs"]
mod nlp;

const HERE: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn conllu_regressions() {
    corpus::check_all(HERE, "conllu", nlp::conllu);
}

#[test]
fn segment_regressions() {
    corpus::check_all(HERE, "segment", nlp::segment_text);
}
