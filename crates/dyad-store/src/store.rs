//! The SQLite store.

use std::path::Path;

use dyad_core::{Article, EventRecord};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};

use crate::copies::ArticleMeta;
use crate::filter::EventFilter;
use crate::migrations::{current_version, MIGRATIONS};
use crate::StoreError;

/// What storing an article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// New article stored with its events.
    Inserted,
    /// A new version of a stored article (same id and url) replaced the old one.
    Replaced,
    /// The same content was already stored: nothing changed.
    Unchanged,
}

/// Row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreStats {
    pub articles: u64,
    pub events: u64,
}

/// An open store.
pub struct Store {
    pub(crate) conn: Connection,
}

impl Store {
    /// Opens (creating if needed) a store file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        Store::init(conn, &shown)
    }

    /// A throwaway store in memory (tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, shown: &str) -> Result<Store, StoreError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut store = Store { conn };
        store.migrate(shown)?;
        Ok(store)
    }

    fn migrate(&mut self, shown: &str) -> Result<(), StoreError> {
        let found: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > current_version() {
            return Err(StoreError::TooNew {
                path: shown.to_string(),
                found,
                supported: current_version(),
            });
        }
        for (version, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Stores an article and its events in one transaction.
    pub fn put_article(
        &mut self,
        article: &Article,
        events: &[EventRecord],
    ) -> Result<PutOutcome, StoreError> {
        self.put_article_with(article, events, &ArticleMeta::coded())
    }

    /// Stores an article, what the pipeline learnt about it (canonical URL, fingerprint, the
    /// original it copies) and its events, in one transaction.
    pub fn put_article_with(
        &mut self,
        article: &Article,
        events: &[EventRecord],
        meta: &ArticleMeta,
    ) -> Result<PutOutcome, StoreError> {
        let key = article.content_key();
        // IMMEDIATE: take the write lock before the first read, so a writer on another connection
        // (a second process, the feed watcher) makes this one wait instead of failing.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let exists: Option<String> = tx
            .query_row("SELECT key FROM articles WHERE key = ?", [&key], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_some() {
            return Ok(PutOutcome::Unchanged);
        }
        let replaced = tx.execute(
            "DELETE FROM articles WHERE id = ? AND url IS ?",
            params![article.id, article.url],
        )? > 0;
        insert_article(&tx, &key, article)?;
        crate::copies::insert_meta(&tx, &key, meta)?;
        for event in events {
            insert_event(&tx, &key, event)?;
        }
        tx.commit()?;
        Ok(if replaced {
            PutOutcome::Replaced
        } else {
            PutOutcome::Inserted
        })
    }

    /// Streams the events that match the filter, in date order, into `sink`.
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        sink: &mut dyn FnMut(EventRecord) -> std::io::Result<()>,
    ) -> Result<u64, StoreError> {
        let (where_sql, params) = filter.to_sql();
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT e.record FROM events e{where_sql}"))?;
        let mut rows = stmt.query(params_from_iter(params))?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let json: String = row.get(0)?;
            let record: EventRecord = serde_json::from_str(&json)?;
            count += 1;
            if sink(record).is_err() {
                break;
            }
        }
        Ok(count)
    }

    /// All matching events in a vector (for tests and small queries).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<EventRecord>, StoreError> {
        let mut out = Vec::new();
        self.for_each_event(filter, &mut |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let count = |table: &str| -> Result<u64, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })? as u64)
        };
        Ok(StoreStats {
            articles: count("articles")?,
            events: count("events")?,
        })
    }
}

fn insert_article(tx: &Transaction<'_>, key: &str, a: &Article) -> Result<(), StoreError> {
    let format = serde_json::to_value(a.format)?
        .as_str()
        .unwrap_or("text")
        .to_string();
    tx.execute(
        "INSERT INTO articles (key, id, url, title, authors, published, source, body, format, origin,
             language, ingested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, datetime('now'))",
        params![
            key,
            a.id,
            a.url,
            a.title,
            serde_json::to_string(&a.authors)?,
            a.published.map(|d| d.to_string()),
            a.source,
            a.body,
            format,
            a.origin,
            a.language,
        ],
    )?;
    Ok(())
}

fn insert_event(tx: &Transaction<'_>, key: &str, e: &EventRecord) -> Result<(), StoreError> {
    let date_start = e.date.as_deref().map(date_start);
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO events (id, article_key, doc, sentence, cameo, root, quad, goldstein, plover,
             date, date_start, modality, background, confidence, record)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            e.id,
            key,
            e.doc,
            e.sentence as i64,
            e.event.cameo,
            e.event.root,
            e.event.quad,
            e.event.goldstein,
            e.event.plover,
            e.date,
            date_start,
            e.modality.as_str(),
            e.background,
            e.confidence,
            serde_json::to_string(e)?,
        ],
    )?;
    if inserted == 0 {
        return Ok(());
    }
    let pk = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO event_actors (event_pk, role, code, country) VALUES (?, ?, ?, ?)",
    )?;
    for (role, actors) in [("source", &e.source), ("target", &e.target)] {
        for a in actors {
            stmt.execute(params![pk, role, a.code, a.country])?;
        }
    }
    Ok(())
}

/// The first day of a partial ISO date: `2025` → `2025-01-01`, `2025-05` → `2025-05-01`.
fn date_start(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_start_on_their_first_day() {
        assert_eq!(date_start("2025"), "2025-01-01");
        assert_eq!(date_start("2025-05"), "2025-05-01");
        assert_eq!(date_start("2025-05-07"), "2025-05-07");
    }
}
