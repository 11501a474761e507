//! What dyad-feeds' parser must do with any document: never panic, and keep these invariants.
//! Shared by `fuzz/fuzz_targets/feed.rs` and `crates/dyad-feeds/tests/fuzz_regressions.rs`.
#![allow(dead_code)]

use dyad_feeds::{parse_feed_at, Feed, FeedError, MAX_FEED_BYTES, MAX_ITEMS_PER_FEED};

/// Parses `data` as a feed fetched from a fixed URL and checks the result; returns the feed.
pub fn feed(data: &[u8]) -> Option<Feed> {
    let parsed = parse_feed_at(data, Some("https://feeds.example.org/world/rss.xml"));
    let feed = match parsed {
        Ok(feed) => feed,
        Err(FeedError::TooLarge { size, limit }) => {
            assert!(size > limit && limit == MAX_FEED_BYTES);
            return None;
        }
        Err(FeedError::Empty) => {
            assert!(data.iter().all(u8::is_ascii_whitespace));
            return None;
        }
        Err(FeedError::Parse(reason)) => {
            assert!(!reason.is_empty());
            return None;
        }
    };
    assert!(feed.items.len() <= MAX_ITEMS_PER_FEED, "too many items");
    for item in &feed.items {
        assert!(!item.id.is_empty(), "item without id");
        for text in [&item.link, &item.title, &item.summary, &item.content]
            .into_iter()
            .flatten()
        {
            assert!(!text.is_empty(), "empty item field");
        }
        for (i, author) in item.authors.iter().enumerate() {
            assert!(!author.is_empty() && author.trim() == author, "{author:?}");
            assert!(!item.authors[..i].contains(author), "duplicate author");
        }
        assert!(!item.article_id().is_empty());
    }
    Some(feed)
}
