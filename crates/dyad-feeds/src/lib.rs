//! dyad-feeds: reads RSS 0.9x/1.0/2.0, Atom and JSON Feed documents, and polls feeds over HTTP
//! politely (conditional GET, robots.txt, per-host delay, backoff) for `dyad watch`.
//!
//! Why a crate of its own: feeds are the one input dyad fetches itself, so this is the only crate
//! that talks to the network; everything it fetches is handed on as bytes for the readers.
//!
//! - [`parse_feed`] turns a feed document into a [`Feed`] with plain-text items (bounded by
//!   [`MAX_FEED_BYTES`] and [`MAX_ITEMS_PER_FEED`]; entities are never expanded);
//! - [`read_feed_list`] reads a list of feed URLs (plain lines or OPML);
//! - [`Fetcher`] is the HTTP client (timeouts, size limit, gzip, bounded redirects);
//! - [`Robots`] parses robots.txt; [`RobotsCache`] keeps one per host for a run;
//! - [`Watcher`] is the poll loop; it keeps its state through the [`WatchState`] trait (the
//!   store implements it) and hands articles on through [`ItemSink`].

mod entities;
mod feed_list;
mod http;
mod parse;
mod politeness;
mod robots;
mod watch;
mod watch_types;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use feed_list::{read_feed_list, FeedListError};
pub use http::{
    FetchError, Fetched, Fetcher, FetcherConfig, Validators, ACCEPT_FEED, ACCEPT_PAGE,
    DEFAULT_USER_AGENT, MAX_REDIRECTS, MAX_RESPONSE_BYTES,
};
pub use parse::{parse_feed, parse_feed_at};
pub use politeness::{backoff, sleep_until, HostClock, MAX_BACKOFF};
pub use robots::{RobotVerdict, Robots, RobotsCache, MAX_ROBOTS_BYTES};
pub use watch::{Delivery, FetchedPage, ItemSink, Watcher};
pub use watch_types::{
    item_key, FeedState, PendingItem, WatchConfig, WatchCounts, WatchState, DEFAULT_MAX_ATTEMPTS,
};

/// Feed documents larger than this are refused without parsing (10 MiB).
pub const MAX_FEED_BYTES: usize = 10 * 1024 * 1024;

/// Items read from one feed document; the rest are ignored (feeds list the newest first).
pub const MAX_ITEMS_PER_FEED: usize = 500;

/// One feed document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feed {
    pub title: Option<String>,
    /// The site the feed belongs to.
    pub link: Option<String>,
    pub items: Vec<FeedItem>,
}

/// One feed item, with the text the feed itself carries (HTML converted to plain text).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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

impl FeedItem {
    /// The id of the article made from this item: its link, else its id.
    pub fn article_id(&self) -> &str {
        self.link.as_deref().unwrap_or(&self.id)
    }
}

/// Why a feed could not be read.
#[derive(Debug, Error)]
pub enum FeedError {
    #[error("not a feed: {0}")]
    Parse(String),
    #[error("feed is {size} bytes, more than the limit of {limit}")]
    TooLarge { size: usize, limit: usize },
    #[error("feed is empty")]
    Empty,
}
