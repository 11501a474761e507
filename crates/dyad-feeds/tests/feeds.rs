//! Feed parsing (RSS 2.0, Atom, JSON Feed), hostile feeds, feed lists, robots.txt and backoff.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use dyad_feeds::{
    backoff, parse_feed, parse_feed_at, read_feed_list, FeedError, Robots, MAX_BACKOFF,
    MAX_FEED_BYTES, MAX_ITEMS_PER_FEED,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn rss2_items_with_html_as_text() {
    let feed = parse_feed_at(
        &fixture("rss2.xml"),
        Some("https://news.example.com/rss.xml"),
    )
    .unwrap();
    assert_eq!(feed.title.as_deref(), Some("Example World News"));
    assert_eq!(feed.link.as_deref(), Some("https://news.example.com/"));
    assert_eq!(feed.items.len(), 2);
    let first = &feed.items[0];
    assert_eq!(first.id, "ex-2025-0001");
    assert_eq!(
        first.link.as_deref(),
        Some("https://news.example.com/world/ship")
    );
    assert_eq!(first.title.as_deref(), Some("Russia seizes Ukrainian ship"));
    assert_eq!(first.authors, vec!["Jane Doe".to_string()]);
    assert_eq!(
        first.published,
        Some(Utc.with_ymd_and_hms(2025, 12, 11, 9, 30, 0).unwrap())
    );
    assert_eq!(
        first.summary.as_deref(),
        Some("Russia seized a Ukrainian ship on Monday.")
    );
    assert_eq!(
        first.content.as_deref(),
        Some("Russia seized a Ukrainian ship on Monday.\n\nKyiv & its allies protested \u{201c}loudly\u{201d}.")
    );
    // No guid: the (resolved) link is the id.
    let second = &feed.items[1];
    assert_eq!(
        second.link.as_deref(),
        Some("https://news.example.com/world/relative")
    );
    assert_eq!(second.id, "https://news.example.com/world/relative");
    assert_eq!(second.summary.as_deref(), Some("Plain text summary."));
}

#[test]
fn atom_entries() {
    let feed = parse_feed(&fixture("atom.xml")).unwrap();
    assert_eq!(feed.title.as_deref(), Some("Atom Wire"));
    assert_eq!(feed.link.as_deref(), Some("https://wire.example.org/"));
    let entry = &feed.items[0];
    assert_eq!(entry.id, "tag:wire.example.org,2025:talks");
    assert_eq!(
        entry.link.as_deref(),
        Some("https://wire.example.org/2025/12/talks")
    );
    assert_eq!(entry.title.as_deref(), Some("Talks collapse in Istanbul"));
    assert_eq!(entry.authors, vec!["John Roe", "Ann Poe"]);
    // No published date: the updated one stands in.
    assert_eq!(
        entry.published,
        Some(Utc.with_ymd_and_hms(2025, 12, 11, 10, 0, 0).unwrap())
    );
    assert_eq!(
        entry.content.as_deref(),
        Some("Talks mediated by Turkey in Istanbul collapsed.\n\nBoth sides blamed each other.")
    );
}

#[test]
fn json_feed_items() {
    let feed = parse_feed(&fixture("feed.json")).unwrap();
    assert_eq!(feed.title.as_deref(), Some("JSON Dispatch"));
    let item = &feed.items[0];
    assert_eq!(item.id, "2025-12-11-sanctions");
    assert_eq!(
        item.link.as_deref(),
        Some("https://dispatch.example.net/sanctions")
    );
    assert_eq!(
        item.content.as_deref(),
        Some("The European Union extended sanctions on Iran.\n\nFirst\n\nSecond")
    );
    assert_eq!(item.summary.as_deref(), Some("Sanctions extended."));
    assert_eq!(
        item.published,
        Some(Utc.with_ymd_and_hms(2025, 12, 11, 7, 0, 0).unwrap())
    );
}

#[test]
fn billion_laughs_does_not_expand() {
    let started = Instant::now();
    let result = parse_feed(&fixture("billion-laughs.xml"));
    assert!(started.elapsed() < Duration::from_secs(2));
    // Either refused or parsed with the entity references left as written: never expanded.
    if let Ok(feed) = result {
        for item in &feed.items {
            let text = format!("{:?}{:?}", item.title, item.summary);
            assert!(text.len() < 1000, "entities expanded: {} bytes", text.len());
            assert!(!text.contains("lollollol"));
        }
    }
}

#[test]
fn hostile_documents_fail_or_stay_bounded() {
    let rss = fixture("rss2.xml");
    // Truncated in the middle of an item.
    let truncated = &rss[..rss.len() / 2];
    let _ = parse_feed(truncated);
    // Invalid UTF-8 inside the text.
    let mut invalid = rss.clone();
    let at = invalid.windows(6).position(|w| w == b"Russia").unwrap();
    invalid[at] = 0xff;
    invalid[at + 1] = 0xfe;
    let _ = parse_feed(&invalid);
    // Not a feed at all.
    assert!(matches!(
        parse_feed(b"<html><body>hi</body></html>"),
        Err(FeedError::Parse(_))
    ));
    assert!(matches!(parse_feed(b"  \n"), Err(FeedError::Empty)));
    assert!(parse_feed(&[0u8, 159, 146, 150]).is_err());
}

#[test]
fn a_20_mb_feed_is_refused_quickly() {
    let mut big =
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>".to_vec();
    let item = b"<item><title>t</title><link>https://x.example/a</link><description>text text text text</description></item>";
    while big.len() < 20 * 1024 * 1024 {
        big.extend_from_slice(item);
    }
    big.extend_from_slice(b"</channel></rss>");
    let started = Instant::now();
    let result = parse_feed(&big);
    assert!(matches!(result, Err(FeedError::TooLarge { .. })));
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn items_per_feed_are_capped() {
    let mut doc = String::from("<rss version=\"2.0\"><channel><title>Many</title>");
    for n in 0..(MAX_ITEMS_PER_FEED + 50) {
        doc.push_str(&format!(
            "<item><guid>g{n}</guid><description>text {n}</description></item>"
        ));
    }
    doc.push_str("</channel></rss>");
    assert!(doc.len() < MAX_FEED_BYTES);
    let feed = parse_feed(doc.as_bytes()).unwrap();
    assert_eq!(feed.items.len(), MAX_ITEMS_PER_FEED);
    assert_eq!(feed.items[0].id, "g0");
}

#[test]
fn opml_feed_lists() {
    let urls = read_feed_list(&fixture("feeds.opml")).unwrap();
    assert_eq!(
        urls,
        vec![
            "https://news.example.com/rss.xml",
            "https://wire.example.org/atom.xml?a=1&b=2"
        ]
    );
}

#[test]
fn plain_feed_lists() {
    let list = b"# my feeds\n\nhttps://a.example/rss\n  http://b.example/feed.xml  \n# off: https://c.example/\nhttps://a.example/rss\n";
    assert_eq!(
        read_feed_list(list).unwrap(),
        vec!["https://a.example/rss", "http://b.example/feed.xml"]
    );
    let err = read_feed_list(b"https://a.example/rss\nftp://b.example/x\n").unwrap_err();
    assert!(err.to_string().starts_with("line 2:"), "{err}");
    assert!(read_feed_list(b"# nothing\n").is_err());
    assert!(read_feed_list(b"\xff\xfe").is_err());
}

#[test]
fn robots_groups_and_longest_match() {
    let robots = Robots::parse(
        b"# comment\n\
          User-agent: *\n\
          Disallow: /\n\
          \n\
          User-agent: otherbot\n\
          User-agent: dyad\n\
          Disallow: /private/\n\
          Allow: /private/open\n\
          Disallow: /*.pdf$\n\
          Crawl-delay: 3\n\
          Sitemap: https://x.example/sitemap.xml\n",
    );
    assert!(robots.is_allowed("dyad", "/news/a"));
    assert!(!robots.is_allowed("dyad", "/private/secret"));
    assert!(robots.is_allowed("dyad", "/private/open/x"));
    assert!(!robots.is_allowed("dyad", "/files/a.pdf"));
    assert!(robots.is_allowed("dyad", "/files/a.pdf?v=2"));
    assert!(robots.is_allowed("DYAD", "/news/a"));
    // Another crawler falls under `*`.
    assert!(!robots.is_allowed("somebot", "/news/a"));
    assert!(robots.is_allowed("somebot", "/robots.txt"));
    assert_eq!(robots.crawl_delay("dyad"), Some(Duration::from_secs(3)));
}

#[test]
fn robots_ties_and_defaults() {
    let robots = Robots::parse(b"User-agent: *\nDisallow: /a\nAllow: /a\nDisallow:\n");
    assert!(robots.is_allowed("dyad", "/a/b"), "Allow wins a tie");
    assert!(Robots::parse(b"").is_allowed("dyad", "/x"));
    assert!(Robots::allow_all().is_allowed("dyad", "/x"));
    assert!(!Robots::disallow_all().is_allowed("dyad", "/x"));
    let product = Robots::parse(b"User-agent: dyad/0.1\nDisallow: /x\n");
    assert!(!product.is_allowed("dyad", "/x/1"));
    let garbage = Robots::parse(b"\xff\xfe garbage\nDisallow /no-colon\nUser-agent *\n");
    assert!(garbage.is_allowed("dyad", "/anything"));
}

#[test]
fn backoff_doubles_up_to_a_cap() {
    let base = Duration::from_secs(2);
    let schedule: Vec<u64> = (1..=5).map(|n| backoff(base, n).as_secs()).collect();
    assert_eq!(schedule, vec![2, 4, 8, 16, 32]);
    assert_eq!(backoff(base, 40), MAX_BACKOFF);
    assert_eq!(
        backoff(Duration::from_millis(50), 2),
        Duration::from_millis(100)
    );
}
