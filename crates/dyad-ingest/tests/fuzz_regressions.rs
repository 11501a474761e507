//! Inputs found by the fuzz targets (and a few interesting ones), kept in
//! `fuzz/regressions/<target>/` and read back on stable Rust: no reader may panic on them, and
//! each keeps the invariants its fuzz target checks (`fuzz/checks/ingest.rs`, see
//! `docs/fuzzing.md`).

#[path = "../../../fuzz/checks/corpus.rs"]
mod corpus;
#[path = "../../../fuzz/checks/ingest.rs"]
mod ingest;

const HERE: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn markdown_regressions() {
    corpus::check_all(HERE, "markdown", ingest::markdown);
}

#[test]
fn warc_regressions() {
    corpus::check_all(HERE, "warc", ingest::warc);
}

#[test]
fn articles_jsonl_regressions() {
    corpus::check_all(HERE, "articles_jsonl", ingest::articles_jsonl);
}

#[test]
fn sentences_jsonl_regressions() {
    corpus::check_all(HERE, "sentences_jsonl", ingest::sentences_jsonl);
}
