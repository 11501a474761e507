//! The store: opening it (SQLite file or PostgreSQL URL), bringing its schema up to date, and
//! writing articles with their mentions, merged into events, one transaction per article.

use std::path::Path;

use dyad_core::{Article, EventRecord};
use std::collections::HashMap;

use crate::copies::ArticleMeta;
use crate::db::{args, ConnectRetry, Db, Dialect, PgConn, SqliteConn, Tx};
use crate::location::StoreLocation;
use crate::merge::{date_start, merge_mention, refresh_event, remerge_all, NewMention};
use crate::merge_rules::MergeRules;
use crate::migrations::{current_version, MIGRATIONS, PG_BASE_VERSION, PG_MIGRATIONS};
use crate::StoreError;

/// The schema version that introduced merged events.
const FIRST_MERGED_VERSION: usize = 4;

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
    /// Coded occurrences (reports).
    pub mentions: u64,
    /// Real-world events merged from the mentions.
    pub events: u64,
}

/// An open store.
pub struct Store {
    pub(crate) db: Db,
    rules: MergeRules,
    location: StoreLocation,
    timeout: Option<std::time::Duration>,
}

impl Store {
    /// Opens (creating if needed) a store file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_at(&StoreLocation::File(path.to_path_buf()))
    }

    /// Opens a store wherever it is: a SQLite file (created if needed) or a PostgreSQL database
    /// (connection retried with backoff; its schema is created or upgraded).
    pub fn open_at(location: &StoreLocation) -> Result<Store, StoreError> {
        Store::open_at_with(location, ConnectRetry::default())
    }

    /// [`Store::open_at`] with its own patience for reaching a PostgreSQL server.
    pub fn open_at_with(
        location: &StoreLocation,
        retry: ConnectRetry,
    ) -> Result<Store, StoreError> {
        let db = match location {
            StoreLocation::File(path) => {
                let conn = rusqlite::Connection::open(path).map_err(|source| StoreError::Open {
                    path: path.display().to_string(),
                    source,
                })?;
                Db::Sqlite(SqliteConn::new(conn))
            }
            StoreLocation::Postgres(url) => Db::Postgres(PgConn::connect(url, retry)?),
        };
        Store::init(db, location.clone())
    }

    /// A throwaway store in memory (tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = rusqlite::Connection::open_in_memory()?;
        Store::init(
            Db::Sqlite(SqliteConn::new(conn)),
            StoreLocation::File(":memory:".into()),
        )
    }

    /// Stops any single query that runs longer than `limit` with [`StoreError::TimedOut`]
    /// (`None`, the default: no limit). The HTTP API sets one on every connection.
    pub fn set_query_timeout(
        &mut self,
        limit: Option<std::time::Duration>,
    ) -> Result<(), StoreError> {
        self.timeout = limit;
        self.db.set_timeout(limit)
    }

    /// Where this store lives.
    pub fn location(&self) -> &StoreLocation {
        &self.location
    }

    /// The SQL dialect of the backend.
    pub fn dialect(&self) -> Dialect {
        self.db.dialect()
    }

    /// Opens a new connection to the same database in place of this one (after the server went
    /// away); fails like [`Store::open_at`].
    pub fn reconnect(&mut self) -> Result<(), StoreError> {
        let fresh = Store::open_at(&self.location)?;
        self.db = fresh.db;
        self.db.set_timeout(self.timeout)
    }

    fn init(db: Db, location: StoreLocation) -> Result<Store, StoreError> {
        if let Db::Sqlite(SqliteConn { conn, .. }) = &db {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            // Storing and merging an article runs some twenty statements; keep them compiled.
            conn.set_prepared_statement_cache_capacity(64);
        }
        let store = Store {
            db,
            rules: MergeRules::default(),
            location,
            timeout: None,
        };
        match store.db.dialect() {
            Dialect::Sqlite => store.migrate_sqlite()?,
            Dialect::Postgres => store.migrate_postgres()?,
        }
        Ok(store)
    }

    fn too_new(&self, found: i64, supported: i64) -> StoreError {
        StoreError::TooNew {
            path: self.location.to_string(),
            found,
            supported,
        }
    }

    fn migrate_sqlite(&self) -> Result<(), StoreError> {
        let found = self.schema_version()?;
        if found > current_version() {
            return Err(self.too_new(found, current_version()));
        }
        for (version, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.db.begin(true)?;
            tx.batch(sql)?;
            if version + 1 == FIRST_MERGED_VERSION {
                // Mentions stored before events existed are merged as the schema arrives.
                remerge_all(&tx, &self.rules)?;
            }
            tx.batch(&format!("PRAGMA user_version = {}", version + 1))?;
            tx.commit()?;
        }
        Ok(())
    }

    /// PostgreSQL keeps its version in `dyad_schema`; the migrations run under the writers'
    /// lock, so workers starting together upgrade the schema once.
    fn migrate_postgres(&self) -> Result<(), StoreError> {
        let supported = current_version();
        debug_assert_eq!(PG_BASE_VERSION + PG_MIGRATIONS.len() as i64, supported);
        // Most connections find the schema current: check without taking the writers' lock.
        let exists = self
            .db
            .value("SELECT to_regclass('dyad_schema') IS NOT NULL", &[])?;
        if exists.as_int()? == 1 && self.schema_version()? == supported {
            return Ok(());
        }
        let tx = self.db.begin(true)?;
        tx.batch("CREATE TABLE IF NOT EXISTS dyad_schema (version BIGINT NOT NULL)")?;
        let found = match tx.row("SELECT max(version) FROM dyad_schema", &[])? {
            Some(row) => row.opt_int(0)?.unwrap_or(0),
            None => 0,
        };
        if found > supported {
            return Err(self.too_new(found, supported));
        }
        let done = (found - PG_BASE_VERSION).max(0) as usize;
        for (i, sql) in PG_MIGRATIONS.iter().enumerate().skip(done) {
            tx.batch(sql)?;
            tx.execute(
                "INSERT INTO dyad_schema (version) VALUES (?)",
                &args![PG_BASE_VERSION + i as i64 + 1],
            )?;
        }
        tx.commit()
    }

    /// The schema version of the open store (the same number names the same schema on both
    /// backends).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        match self.db.dialect() {
            Dialect::Sqlite => self.db.value("PRAGMA user_version", &[])?.as_int(),
            Dialect::Postgres => Ok(self
                .db
                .row("SELECT max(version) FROM dyad_schema", &[])?
                .map(|r| r.opt_int(0))
                .transpose()?
                .flatten()
                .unwrap_or(0)),
        }
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
    /// original it copies, tone) and its events, in one transaction: each event becomes a
    /// mention, merged into the real-world event it reports (see [`crate::merge_rules`]).
    pub fn put_article_with(
        &mut self,
        article: &Article,
        events: &[EventRecord],
        meta: &ArticleMeta,
    ) -> Result<PutOutcome, StoreError> {
        self.put_article_then(article, events, meta, &mut |_| Ok(()))
    }

    /// [`Store::put_article_with`], running `also` inside the same transaction before it
    /// commits (a work unit marked done with its last article).
    pub(crate) fn put_article_then(
        &mut self,
        article: &Article,
        events: &[EventRecord],
        meta: &ArticleMeta,
        also: &mut dyn FnMut(&Tx<'_>) -> Result<(), StoreError>,
    ) -> Result<PutOutcome, StoreError> {
        let key = article.content_key();
        let rules = self.rules;
        // A write transaction: taken before the first read, so another writer (a second
        // process, the feed watcher, a worker) makes this one wait instead of failing.
        let tx = self.db.begin(true)?;
        let exists = tx.row("SELECT key FROM articles WHERE key = ?", &args![key])?;
        if exists.is_some() {
            also(&tx)?;
            tx.commit()?;
            return Ok(PutOutcome::Unchanged);
        }
        let touched = events_of_versions(&tx, article)?;
        let replaced = tx.execute(
            "DELETE FROM articles WHERE id = ? AND url IS NOT DISTINCT FROM ?",
            &args![article.id, article.url],
        )? > 0;
        insert_article(&tx, &key, article)?;
        crate::copies::insert_meta(&tx, &key, meta)?;
        let starts = sentence_starts(&article.body, events);
        for event in events {
            let start = starts.get(&event.sentence).copied();
            if let Some(pk) = insert_mention(&tx, &key, event, start)? {
                let m = NewMention {
                    pk,
                    record: event,
                    article_key: &key,
                };
                merge_mention(&tx, &rules, &m)?;
            }
        }
        for event_id in touched.into_iter().chain(copied_events(&tx, meta)?) {
            refresh_event(&tx, event_id)?;
        }
        also(&tx)?;
        tx.commit()?;
        Ok(if replaced {
            PutOutcome::Replaced
        } else {
            PutOutcome::Inserted
        })
    }

    /// The merge rules this store applies to new mentions.
    pub fn merge_rules(&self) -> MergeRules {
        self.rules
    }

    /// Changes the merge rules for mentions stored from now on (see [`Store::remerge`]).
    pub fn set_merge_rules(&mut self, rules: MergeRules) {
        self.rules = rules;
    }

    /// Merges every stored mention again under the current rules, in one transaction; returns
    /// how many mentions were merged. Nothing is coded again.
    pub fn remerge(&mut self) -> Result<u64, StoreError> {
        let rules = self.rules;
        let tx = self.db.begin(true)?;
        let n = remerge_all(&tx, &rules)?;
        tx.commit()?;
        Ok(n)
    }

    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let count = |table: &str| -> Result<u64, StoreError> {
            self.db
                .value(&format!("SELECT count(*) FROM {table}"), &[])?
                .as_count()
        };
        Ok(StoreStats {
            articles: count("articles")?,
            mentions: count("mentions")?,
            events: count("events")?,
        })
    }
}

/// The time a row is written, as SQLite's `datetime('now')` writes it (UTC).
pub(crate) fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

fn insert_article(db: &Db, key: &str, a: &Article) -> Result<(), StoreError> {
    let format = serde_json::to_value(a.format)?
        .as_str()
        .unwrap_or("text")
        .to_string();
    db.execute(
        "INSERT INTO articles (key, id, url, title, authors, published, source, body, format, origin,
             language, ingested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &args![
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
            now_utc(),
        ],
    )?;
    Ok(())
}

/// Writes one mention; `None` when the same mention of this article is already stored.
fn insert_mention(
    db: &Db,
    key: &str,
    e: &EventRecord,
    sentence_start: Option<usize>,
) -> Result<Option<i64>, StoreError> {
    let inserted = db.row(
        "INSERT INTO mentions (id, article_key, doc, sentence, cameo, root, quad,
             goldstein, plover, date, date_start, modality, background, confidence, record,
             sentence_start)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING pk",
        &args![
            e.id,
            key,
            e.doc,
            e.sentence,
            e.event.cameo,
            e.event.root,
            e.event.quad,
            e.event.goldstein,
            e.event.plover,
            e.date,
            e.date.as_deref().map(date_start),
            e.modality.as_str(),
            e.background,
            e.confidence,
            serde_json::to_string(e)?,
            sentence_start,
        ],
    )?;
    let Some(row) = inserted else {
        return Ok(None);
    };
    let pk = row.int(0)?;
    let actors: Vec<_> = [("source", &e.source), ("target", &e.target)]
        .into_iter()
        .flat_map(|(role, actors)| {
            actors
                .iter()
                .map(move |a| args![pk, role, a.code, a.country])
        })
        .collect();
    db.insert_rows(
        "INSERT INTO mention_actors (mention_pk, role, code, country)",
        &actors,
        "",
    )?;
    Ok(Some(pk))
}

/// Events with mentions in stored versions of this article (same id and url), which a new
/// version replaces: their counts must be recomputed after the old version is deleted.
fn events_of_versions(db: &Db, a: &Article) -> Result<Vec<i64>, StoreError> {
    db.rows(
        "SELECT DISTINCT m.event_id FROM mentions m JOIN articles a ON a.key = m.article_key
         WHERE a.id = ? AND a.url IS NOT DISTINCT FROM ? AND m.event_id IS NOT NULL",
        &args![a.id, a.url],
        |r| r.int(0),
    )
}

/// Events reported by the original this article copies: a copy adds an article (and perhaps an
/// outlet) to each of them.
fn copied_events(db: &Db, meta: &ArticleMeta) -> Result<Vec<i64>, StoreError> {
    let Some(original) = &meta.duplicate_of else {
        return Ok(Vec::new());
    };
    db.rows(
        "SELECT DISTINCT event_id FROM mentions WHERE article_key = ? AND event_id IS NOT NULL",
        &args![original],
        |r| r.int(0),
    )
}

/// Code-point offset in `body` of each coded sentence, found by searching the sentence texts in
/// sentence order (so a repeated sentence maps to its own occurrence).
fn sentence_starts(body: &str, events: &[EventRecord]) -> HashMap<usize, usize> {
    let mut sentences: Vec<(usize, &str)> = events
        .iter()
        .map(|e| (e.sentence, e.text.as_str()))
        .collect();
    sentences.sort_unstable();
    sentences.dedup_by_key(|(i, _)| *i);
    let mut out = HashMap::new();
    let (mut byte_pos, mut char_pos) = (0usize, 0usize);
    for (index, text) in sentences {
        if text.is_empty() {
            continue;
        }
        let Some(found) = body[byte_pos..].find(text) else {
            continue;
        };
        char_pos += body[byte_pos..byte_pos + found].chars().count();
        out.insert(index, char_pos);
        byte_pos += found + text.len();
        char_pos += text.chars().count();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_queries_stop_at_the_time_limit_on_both_backends() {
        let mut lite = Store::open_in_memory().unwrap();
        let forever = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) \
                       SELECT count(*) FROM n";
        lite.set_query_timeout(Some(std::time::Duration::from_millis(200)))
            .unwrap();
        let started = std::time::Instant::now();
        assert!(matches!(
            lite.db.value(forever, &[]),
            Err(StoreError::TimedOut)
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // The connection is still usable, and the limit applies per statement.
        assert_eq!(lite.stats().unwrap().articles, 0);
        lite.set_query_timeout(None).unwrap();

        let Some(pg) = crate::scratch::ScratchDatabase::from_env("timeouts").unwrap() else {
            return;
        };
        let mut post = Store::open_at(&StoreLocation::Postgres(pg.url.clone())).unwrap();
        post.set_query_timeout(Some(std::time::Duration::from_millis(200)))
            .unwrap();
        assert!(matches!(
            post.db.value("SELECT pg_sleep(3)", &[]),
            Err(StoreError::TimedOut)
        ));
        assert_eq!(post.stats().unwrap().articles, 0);
    }

    #[test]
    fn sentence_starts_are_code_point_offsets_in_order() {
        let body = "Ünïcode first. Second one. Second one.";
        let mut a: EventRecord = serde_json::from_value(sample()).unwrap();
        a.sentence = 1;
        a.text = "Second one.".into();
        let mut b = a.clone();
        b.sentence = 2;
        let mut c = a.clone();
        c.sentence = 0;
        c.text = "Ünïcode first.".into();
        let starts = sentence_starts(body, &[b, a, c]);
        assert_eq!(starts[&0], 0);
        assert_eq!(starts[&1], 15);
        assert_eq!(starts[&2], 27);
    }

    fn sample() -> serde_json::Value {
        serde_json::json!({
            "id": "x", "doc": "d", "url": null, "sentence": 0, "text": "",
            "event": {"cameo": "010", "root": "01", "quad": 1, "goldstein": 0.0,
                      "plover": null, "mode": null},
            "trigger": {"text": "", "start": 0, "end": 0},
            "source": [], "target": [], "reciprocal": false, "modality": "asserted",
            "attributed_to": null, "date": null, "date_precision": null, "date_text": null,
            "location": null, "size": null, "background": false, "confidence": 1.0, "rule": "r"
        })
    }
}
