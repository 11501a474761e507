//! dyad-feeds: reads RSS 2.0, Atom and JSON Feed documents, and polls feeds over HTTP politely
//! (conditional GET, robots.txt, per-host delay, backoff) for `dyad watch`.
//!
//! Why a crate of its own: feeds are the one input dyad fetches itself, so this is the only crate
//! that talks to the network; everything it fetches is handed on as bytes for the readers.

use chrono::{DateTime, Utc};
use thiserror::Error;

/// One feed document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feed {
    pub title: Option<String>,
    /// The site the feed belongs to.
    pub link: Option<String>,
    pub items: Vec<FeedItem>,
}

/// One feed item, with the text the feed itself carries (HTML converted to plain text).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedItem {
    /// The item's guid / id, or its link when it has none.
    pub id: String,
    pub link: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<DateTime<Utc>>,
    /// Summary or description, as plain text.
    pub summary: Option<String>,
    /// Full content when the feed carries it (`content:encoded`, Atom `content`), as plain text.
    pub content: Option<String>,
}

/// Why a feed could not be read.
#[derive(Debug, Error)]
pub enum FeedError {
    #[error("not a feed: {0}")]
    Parse(String),
}

/// Parses a feed document.
pub fn parse_feed(bytes: &[u8]) -> Result<Feed, FeedError> {
    let _ = bytes;
    Err(FeedError::Parse("feed parsing not built yet".into()))
}
