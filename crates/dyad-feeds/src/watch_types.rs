//! What the watcher is told (configuration), keeps (state, through [`WatchState`]) and reports
//! ([`WatchCounts`]).

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::http::Validators;
use crate::FeedItem;

/// Attempts at fetching one item's page before it is marked failed.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;

/// How the watcher polls.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// Time between two polls of a feed.
    pub interval: Duration,
    /// Time between two requests to the same host (a longer robots.txt `Crawl-delay` wins).
    pub delay: Duration,
    /// Poll every feed once, fetch what is new, and return.
    pub once: bool,
    /// Attempts at an item's page (transient failures) before it is marked failed.
    pub max_attempts: u32,
    /// First wait before retrying an item; doubled at each further attempt.
    pub retry_base: Duration,
    /// The product token matched against robots.txt `User-agent` lines.
    pub robots_token: String,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            interval: Duration::from_secs(300),
            delay: Duration::from_secs(2),
            once: false,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            retry_base: Duration::from_secs(2),
            robots_token: "dyad".to_string(),
        }
    }
}

/// A feed's stored polling state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedState {
    pub validators: Validators,
    /// Not polled before this time (set after each poll; pushed back after failures).
    pub next_poll: Option<DateTime<Utc>>,
    /// Failed polls in a row.
    pub failures: u32,
}

/// An item seen in a feed and not yet stored or given up on.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingItem {
    pub key: String,
    pub feed_url: String,
    pub item: FeedItem,
    /// Attempts made so far (in this run or earlier ones).
    pub attempts: u32,
}

/// The stable key of an item: its feed's URL and its id.
pub fn item_key(feed_url: &str, item_id: &str) -> String {
    format!("{feed_url} {item_id}")
}

/// Where the watcher keeps its state between polls and across restarts (the store implements
/// it). An item is `pending` from the time it is seen until it is stored (`done`) or given up
/// on (`failed`).
pub trait WatchState {
    type Error: std::error::Error;

    fn feed_state(&mut self, url: &str) -> Result<FeedState, Self::Error>;
    /// A successful poll: keep the validators, reset the failures.
    fn feed_polled(
        &mut self,
        url: &str,
        validators: &Validators,
        next_poll: DateTime<Utc>,
    ) -> Result<(), Self::Error>;
    /// A failed poll: one more failure in a row, the next poll pushed back.
    fn feed_failed(
        &mut self,
        url: &str,
        error: &str,
        next_poll: DateTime<Utc>,
    ) -> Result<(), Self::Error>;
    /// Records an item seen in a feed (with the id its article will be stored as,
    /// [`FeedItem::article_id`]); true when it was not known before.
    fn item_seen(&mut self, feed_url: &str, item: &FeedItem) -> Result<bool, Self::Error>;
    /// Every pending item, oldest first.
    fn pending_items(&mut self) -> Result<Vec<PendingItem>, Self::Error>;
    /// An attempt failed; `give_up` marks the item failed for good.
    fn item_failed(&mut self, key: &str, error: &str, give_up: bool) -> Result<(), Self::Error>;
    /// Marks `done` the pending items whose article is now stored; returns how many.
    fn confirm_stored(&mut self) -> Result<usize, Self::Error>;
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WatchCounts {
    pub feeds_polled: usize,
    /// Polls answered 304 Not Modified.
    pub feeds_not_modified: usize,
    pub feeds_failed: usize,
    /// Items seen for the first time.
    pub items_new: usize,
    /// Pages fetched (200).
    pub pages_fetched: usize,
    /// Items handed on for coding and storing.
    pub items_submitted: usize,
    /// Of those, coded from the text the feed carries (no page, or no article in the page).
    pub items_from_feed_text: usize,
    /// Attempts that failed and were scheduled again.
    pub retries: usize,
    /// Items given up on.
    pub items_failed: usize,
    /// URLs not fetched because robots.txt disallows them.
    pub disallowed: usize,
    /// Feeds or items skipped this round because their host's robots.txt could not be read.
    pub robots_unavailable: usize,
}
