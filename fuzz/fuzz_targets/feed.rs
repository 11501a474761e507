//! RSS/Atom/JSON Feed documents through `dyad_feeds::parse_feed_at` (as `dyad watch` calls it),
//! then each item through `dyad_ingest::article_from_item` (as `dyad ingest --input feed`).
#![no_main]

#[path = "../checks/feeds.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(feed) = checks::feed(data) {
        for item in &feed.items {
            if let Ok(article) = dyad_ingest::article_from_item(item, "fuzz.xml#item") {
                assert!(!article.body.trim().is_empty(), "article without text");
            }
        }
    }
});
