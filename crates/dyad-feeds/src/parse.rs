//! Feed documents to [`Feed`]s with `feed-rs`: one model for RSS, Atom and JSON Feed; item HTML
//! becomes plain text. `feed-rs` resolves only the predefined XML entities and character
//! references (a document type's own entities stay as written), so entity expansion attacks do
//! not expand.

use std::panic::{catch_unwind, AssertUnwindSafe};

use feed_rs::model::{Entry, Link, Text};

use crate::{Feed, FeedError, FeedItem, MAX_FEED_BYTES, MAX_ITEMS_PER_FEED};

/// Parses a feed document.
pub fn parse_feed(bytes: &[u8]) -> Result<Feed, FeedError> {
    parse_feed_at(bytes, None)
}

/// Parses a feed document fetched from `url` (relative item links are resolved against it).
pub fn parse_feed_at(bytes: &[u8], url: Option<&str>) -> Result<Feed, FeedError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            size: bytes.len(),
            limit: MAX_FEED_BYTES,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FeedError::Empty);
    }
    let parser = feed_rs::parser::Builder::new()
        .base_uri(url)
        // No made-up ids: an item without one is keyed by its link below.
        .id_generator(|_, _, _| String::new())
        .build();
    // feed-rs is third-party code fed with hostile input: a panic in it is a parse error here.
    let parsed = catch_unwind(AssertUnwindSafe(|| parser.parse(bytes)))
        .map_err(|_| FeedError::Parse("the feed parser failed on this document".into()))?;
    let model = parsed.map_err(|e| FeedError::Parse(e.to_string()))?;
    Ok(Feed {
        title: model.title.as_ref().and_then(plain_text),
        link: preferred_link(&model.links),
        items: model
            .entries
            .iter()
            .take(MAX_ITEMS_PER_FEED)
            .filter_map(item_from_entry)
            .collect(),
    })
}

/// One entry as an item; `None` for an entry with neither id, link, title nor text.
fn item_from_entry(entry: &Entry) -> Option<FeedItem> {
    let link = preferred_link(&entry.links);
    let title = entry.title.as_ref().and_then(plain_text);
    let summary = entry.summary.as_ref().and_then(plain_text);
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .and_then(|body| to_plain(body, true));
    let id = non_empty(entry.id.trim())
        .or_else(|| link.clone())
        .or_else(|| fingerprint_id(&title, &summary, &content))?;
    Some(FeedItem {
        id,
        link,
        title,
        authors: authors(entry),
        published: entry.published.or(entry.updated),
        summary,
        content,
    })
}

/// The page an entry or feed points to: its `alternate` link, else its first link.
fn preferred_link(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| links.first())
        .and_then(|l| non_empty(l.href.trim()))
}

fn authors(entry: &Entry) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for person in &entry.authors {
        let name = person.name.as_deref().map(str::trim).unwrap_or_default();
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

fn plain_text(text: &Text) -> Option<String> {
    let html = text.content_type.to_string().contains("html");
    to_plain(&text.content, html)
}

/// Markup to plain text; text without markup keeps its lines, trimmed.
fn to_plain(text: &str, html: bool) -> Option<String> {
    let plain = if html || looks_like_html(text) {
        dyad_extract::text::from_html(text)
    } else {
        text.trim().to_string()
    };
    non_empty(&plain)
}

/// True when the text has markup or character references worth converting.
fn looks_like_html(text: &str) -> bool {
    text.contains('&')
        || text
            .match_indices('<')
            .any(|(i, _)| looks_like_markup(&text[i..]))
}

/// `<` that opens a tag (`<p`, `</p`, `<!--`), not a comparison (`1 < 2`).
fn looks_like_markup(s: &str) -> bool {
    s.chars()
        .nth(1)
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// A stable id for an item that has neither id nor link: FNV-1a of its title and text.
fn fingerprint_id(
    title: &Option<String>,
    summary: &Option<String>,
    content: &Option<String>,
) -> Option<String> {
    let parts = [title, summary, content];
    if parts.iter().all(|p| p.is_none()) {
        return None;
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.as_deref().unwrap_or_default().bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    Some(format!("urn:dyad:item:{hash:016x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_references_are_told_from_plain_text() {
        assert!(looks_like_html("<p>x</p>"));
        assert!(looks_like_html("a &amp; b"));
        assert!(!looks_like_html("1 < 2"));
        assert_eq!(
            to_plain("<p>Tom &amp; Jerry</p><p>next</p>", true).as_deref(),
            Some("Tom & Jerry\n\nnext")
        );
        assert_eq!(to_plain("  plain  ", false).as_deref(), Some("plain"));
    }
}
