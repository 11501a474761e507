//! Lists of feeds to watch: a text file of URLs (one per line, `#` comments, blank lines) or an
//! OPML file (`<outline xmlUrl="...">`), told apart by content.

use thiserror::Error;
use url::Url;

use crate::entities::decode_entities;

/// Why a feed list could not be used.
#[derive(Debug, Error)]
pub enum FeedListError {
    #[error("feed list is not UTF-8 text")]
    NotText,
    #[error("feed list names no feed")]
    NoFeeds,
    #[error("line {line}: {reason}")]
    BadLine { line: usize, reason: String },
}

/// Reads a feed list; every URL must be `http` or `https`. Duplicates are dropped, order kept.
pub fn read_feed_list(bytes: &[u8]) -> Result<Vec<String>, FeedListError> {
    let text = std::str::from_utf8(bytes).map_err(|_| FeedListError::NotText)?;
    let text = text.trim_start_matches('\u{feff}');
    let entries = if is_opml(text) {
        opml_urls(text)
    } else {
        plain_urls(text)
    };
    let mut urls: Vec<String> = Vec::new();
    for (line, raw) in entries {
        let url = check_url(&raw).map_err(|reason| FeedListError::BadLine { line, reason })?;
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    if urls.is_empty() {
        return Err(FeedListError::NoFeeds);
    }
    Ok(urls)
}

fn is_opml(text: &str) -> bool {
    let start = text.trim_start();
    start.starts_with('<') && start.contains("<opml")
}

/// (line number, URL) of each non-comment line.
fn plain_urls(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(n, line)| (n, line.to_string()))
        .collect()
}

/// (line number, URL) of each `<outline>` with an `xmlUrl` attribute.
fn opml_urls(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("<outline") {
        let start = from + pos;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        if let Some(url) = attribute(&text[start..end], "xmlurl") {
            let line = text[..start].matches('\n').count() + 1;
            found.push((line, decode_entities(url.trim())));
        }
        from = end;
    }
    found
}

/// The value of an attribute (name compared case-insensitively) in a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        let preceded_by_space = lower[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !preceded_by_space || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let value = tag[value_start..].trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &value[1..];
        return inner.find(quote).map(|end| &inner[..end]);
    }
    None
}

fn check_url(raw: &str) -> Result<String, String> {
    let url = Url::parse(raw).map_err(|e| format!("not a URL: {raw:?} ({e})"))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url.to_string()),
        _ => Err(format!("not an http(s) URL: {raw:?}")),
    }
}
