//! Documents found by the `feed` fuzz target (and a few interesting ones), kept in
//! `fuzz/regressions/feed/` and read back on stable Rust: the parser may not panic on them, and
//! keeps the invariants of `fuzz/checks/feeds.rs` (see `docs/fuzzing.md`).

#[path = "../../../fuzz/checks/corpus.rs"]
mod corpus;
#[path = "../../../fuzz/checks/feeds.rs"]
mod feeds;

#[test]
fn feed_regressions() {
    corpus::check_all(env!("CARGO_MANIFEST_DIR"), "feed", |data| {
        feeds::feed(data);
    });
}
