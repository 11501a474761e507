//! Feed files read locally: each item is an article coded from the text the feed carries.

use std::path::Path;

use dyad_core::InputFormat;
use dyad_ingest::{read_all, read_from, FormatChoice};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../dyad-feeds/tests/fixtures")
        .join(name)
}

#[test]
fn rss_items_become_articles_with_their_metadata() {
    let results = read_all(&fixture("rss2.xml"), FormatChoice::Auto);
    let articles: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(articles.len(), 2, "{results:?}");
    let first = articles[0];
    assert_eq!(first.format, InputFormat::Feed);
    assert_eq!(first.id, "ex-2025-0001");
    assert_eq!(first.title.as_deref(), Some("Russia seizes Ukrainian ship"));
    assert_eq!(first.authors, ["Jane Doe"]);
    assert_eq!(
        first.published.map(|d| d.to_string()).as_deref(),
        Some("2025-12-11")
    );
    assert_eq!(first.source.as_deref(), Some("Example World News"));
    assert!(first
        .body
        .starts_with("Russia seized a Ukrainian ship on Monday."));
    assert!(
        first.body.contains("Kyiv & its allies protested"),
        "{}",
        first.body
    );
    assert!(first.origin.ends_with("rss2.xml#item1"));
}

#[test]
fn atom_and_json_feeds_are_detected_by_content() {
    for name in ["atom.xml", "feed.json"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let results = read_from(&bytes[..], "feed-without-extension", FormatChoice::Auto);
        assert!(
            results
                .iter()
                .any(|r| r.as_ref().is_ok_and(|a| a.format == InputFormat::Feed)),
            "{name}: {results:?}"
        );
    }
}

#[test]
fn an_entity_expansion_feed_is_refused_quickly() {
    let results = read_all(&fixture("billion-laughs.xml"), FormatChoice::Auto);
    let body_len: usize = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|a| a.body.len())
        .sum();
    assert!(
        body_len < 10_000,
        "entities were expanded: {body_len} bytes"
    );
}
