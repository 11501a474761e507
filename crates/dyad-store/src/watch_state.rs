//! The feed watcher's state (`dyad watch`): per feed, its HTTP validators, next poll time and
//! failures in a row (`watch_feeds`); per item seen in a feed, its status (`watch_items`):
//! `pending` when first seen, `done` once its article is stored, `failed` when given up on.
//!
//! An item is marked `done` only when its article (`article_id`) is found in `articles`
//! ([`Store::watch_items_confirm_stored`]), so a crash between fetching and storing leaves it
//! `pending` and it is fetched again after a restart.

use crate::db::{args, Row};
use crate::{Store, StoreError};
use chrono::{DateTime, SecondsFormat, Utc};

/// A watched feed's stored state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WatchFeedRow {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_polled: Option<DateTime<Utc>>,
    pub next_poll: Option<DateTime<Utc>>,
    /// Failed polls in a row.
    pub failures: u32,
    pub last_error: Option<String>,
}

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchItemStatus {
    Pending,
    Done,
    Failed,
}

impl WatchItemStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WatchItemStatus::Pending => "pending",
            WatchItemStatus::Done => "done",
            WatchItemStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> WatchItemStatus {
        match s {
            "done" => WatchItemStatus::Done,
            "failed" => WatchItemStatus::Failed,
            _ => WatchItemStatus::Pending,
        }
    }
}

/// An item seen in a watched feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchItemRow {
    /// Feed URL and item id.
    pub key: String,
    pub feed_url: String,
    pub link: Option<String>,
    pub status: WatchItemStatus,
    /// Failed attempts at fetching it.
    pub attempts: u32,
    pub last_error: Option<String>,
    /// The item as the feed gave it (JSON, written by the watcher).
    pub item: Option<String>,
    /// The article id it was handed on for storing as.
    pub article_id: Option<String>,
}

/// An item seen for the first time.
#[derive(Debug, Clone, Copy)]
pub struct NewWatchItem<'a> {
    /// Feed URL and item id.
    pub key: &'a str,
    pub feed_url: &'a str,
    pub link: Option<&'a str>,
    /// The item as the feed gave it (JSON).
    pub item_json: &'a str,
    /// The id its article will be stored as.
    pub article_id: &'a str,
}

/// Items by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WatchItemCounts {
    pub pending: u64,
    pub done: u64,
    pub failed: u64,
}

const ITEM_COLUMNS: &str = "key, feed_url, link, status, attempts, last_error, item, article_id";

fn now_text() -> String {
    timestamp(Utc::now())
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_time(text: Option<String>) -> Option<DateTime<Utc>> {
    let text = text?;
    DateTime::parse_from_rfc3339(&text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn item_row(row: Row) -> Result<WatchItemRow, StoreError> {
    Ok(WatchItemRow {
        key: row.text(0)?,
        feed_url: row.text(1)?,
        link: row.opt_text(2)?,
        status: WatchItemStatus::parse(&row.text(3)?),
        attempts: small(row.int(4)?),
        last_error: row.opt_text(5)?,
        item: row.opt_text(6)?,
        article_id: row.opt_text(7)?,
    })
}

/// A stored small count as `u32` (saturating).
fn small(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

impl Store {
    /// A watched feed's state, when it was polled before.
    pub fn watch_feed(&self, url: &str) -> Result<Option<WatchFeedRow>, StoreError> {
        let row = self.db.row(
            "SELECT url, etag, last_modified, last_polled, next_poll, failures, last_error
             FROM watch_feeds WHERE url = ?1",
            &args![url],
        )?;
        row.map(|r| {
            Ok(WatchFeedRow {
                url: r.text(0)?,
                etag: r.opt_text(1)?,
                last_modified: r.opt_text(2)?,
                last_polled: parse_time(r.opt_text(3)?),
                next_poll: parse_time(r.opt_text(4)?),
                failures: small(r.int(5)?),
                last_error: r.opt_text(6)?,
            })
        })
        .transpose()
    }

    /// Records a successful poll: the response's validators, no failures, the next poll time.
    pub fn watch_feed_polled(
        &self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
        next_poll: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO watch_feeds (url, etag, last_modified, last_polled, next_poll, failures, last_error)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, NULL)
             ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3, last_polled = ?4,
                 next_poll = ?5, failures = 0, last_error = NULL",
            &args![url, etag, last_modified, now_text(), timestamp(next_poll)],
        )?;
        Ok(())
    }

    /// Records a failed poll (validators kept); returns the failures in a row.
    pub fn watch_feed_failed(
        &self,
        url: &str,
        error: &str,
        next_poll: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let failures = self.db.value(
            "INSERT INTO watch_feeds (url, last_polled, next_poll, failures, last_error)
             VALUES (?1, ?2, ?3, 1, ?4)
             ON CONFLICT(url) DO UPDATE SET last_polled = ?2, next_poll = ?3,
                 failures = watch_feeds.failures + 1, last_error = ?4
             RETURNING failures",
            &args![url, now_text(), timestamp(next_poll), error],
        )?;
        Ok(small(failures.as_int()?))
    }

    /// Records an item seen in a feed (as `pending`) with the id its article will be stored
    /// as; true when it was not known before. A known item is left as it is, whatever its status.
    pub fn watch_item_seen(&self, item: &NewWatchItem<'_>) -> Result<bool, StoreError> {
        let now = now_text();
        let inserted = self.db.execute(
            "INSERT INTO watch_items
                 (key, feed_url, link, status, attempts, first_seen, updated_at, item, article_id)
             VALUES (?1, ?2, ?3, 'pending', 0, ?4, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            &args![
                item.key,
                item.feed_url,
                item.link,
                now,
                item.item_json,
                item.article_id
            ],
        )?;
        Ok(inserted > 0)
    }

    /// One item's state.
    pub fn watch_item(&self, key: &str) -> Result<Option<WatchItemRow>, StoreError> {
        let sql = format!("SELECT {ITEM_COLUMNS} FROM watch_items WHERE key = ?1");
        self.db.row(&sql, &args![key])?.map(item_row).transpose()
    }

    /// Every item of one status, oldest first.
    pub fn watch_items(&self, status: WatchItemStatus) -> Result<Vec<WatchItemRow>, StoreError> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM watch_items WHERE status = ?1 ORDER BY first_seen, rowid"
        );
        self.db.rows(&sql, &args![status.as_str()], item_row)
    }

    /// A failed attempt: one more attempt counted, the error kept; `give_up` marks the item
    /// `failed`. Returns the attempts so far.
    pub fn watch_item_failed(
        &self,
        key: &str,
        error: &str,
        give_up: bool,
    ) -> Result<u32, StoreError> {
        let status = if give_up {
            WatchItemStatus::Failed
        } else {
            WatchItemStatus::Pending
        };
        let attempts = self.db.row(
            "UPDATE watch_items SET attempts = attempts + 1, last_error = ?2, status = ?3,
                 updated_at = ?4
             WHERE key = ?1 RETURNING attempts",
            &args![key, error, status.as_str(), now_text()],
        )?;
        Ok(match attempts {
            Some(r) => small(r.int(0)?),
            None => 0,
        })
    }

    /// Marks `done` every pending item whose article is stored; returns how many.
    pub fn watch_items_confirm_stored(&self) -> Result<usize, StoreError> {
        let changed = self.db.execute(
            "UPDATE watch_items SET status = 'done', last_error = NULL, updated_at = ?1
             WHERE status = 'pending'
               AND EXISTS (SELECT 1 FROM articles a WHERE a.id = watch_items.article_id)",
            &args![now_text()],
        )?;
        Ok(changed as usize)
    }

    /// Items by status.
    pub fn watch_item_counts(&self) -> Result<WatchItemCounts, StoreError> {
        let mut counts = WatchItemCounts::default();
        let rows = self.db.rows(
            "SELECT status, count(*) FROM watch_items GROUP BY status",
            &[],
            |r| Ok((r.text(0)?, r.count(1)?)),
        )?;
        for (status, n) in rows {
            match WatchItemStatus::parse(&status) {
                WatchItemStatus::Pending => counts.pending += n,
                WatchItemStatus::Done => counts.done += n,
                WatchItemStatus::Failed => counts.failed += n,
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_keep_validators_and_count_failures() {
        let store = Store::open_in_memory().unwrap();
        let url = "https://a.example/rss";
        assert_eq!(store.watch_feed(url).unwrap(), None);
        let next = Utc::now();
        store
            .watch_feed_polled(
                url,
                Some("\"v1\""),
                Some("Thu, 11 Dec 2025 09:30:00 GMT"),
                next,
            )
            .unwrap();
        assert_eq!(
            store
                .watch_feed_failed(url, "HTTP status 500", next)
                .unwrap(),
            1
        );
        assert_eq!(store.watch_feed_failed(url, "timed out", next).unwrap(), 2);
        let row = store.watch_feed(url).unwrap().unwrap();
        assert_eq!(row.etag.as_deref(), Some("\"v1\""));
        assert_eq!(row.failures, 2);
        assert_eq!(row.last_error.as_deref(), Some("timed out"));
        assert!(row.next_poll.is_some());
        store.watch_feed_polled(url, None, None, next).unwrap();
        let row = store.watch_feed(url).unwrap().unwrap();
        assert_eq!((row.failures, row.etag), (0, None));
    }

    #[test]
    fn items_move_from_pending_to_failed() {
        let store = Store::open_in_memory().unwrap();
        let (key, feed) = ("f i1", "f");
        let seen = |key| NewWatchItem {
            key,
            feed_url: feed,
            link: Some("https://a/1"),
            item_json: "{}",
            article_id: "https://a/1",
        };
        assert!(store.watch_item_seen(&seen(key)).unwrap());
        assert!(!store.watch_item_seen(&seen(key)).unwrap());
        assert_eq!(
            store.watch_items(WatchItemStatus::Pending).unwrap().len(),
            1
        );
        assert_eq!(
            store
                .watch_item_failed(key, "HTTP status 500", false)
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .watch_item_failed(key, "HTTP status 500", true)
                .unwrap(),
            2
        );
        let row = store.watch_item(key).unwrap().unwrap();
        assert_eq!(row.status, WatchItemStatus::Failed);
        // Not stored (yet): still pending.
        store.watch_item_seen(&seen("f i2")).unwrap();
        assert_eq!(store.watch_items_confirm_stored().unwrap(), 0);
        let counts = store.watch_item_counts().unwrap();
        assert_eq!((counts.pending, counts.done, counts.failed), (1, 0, 1));
    }
}
