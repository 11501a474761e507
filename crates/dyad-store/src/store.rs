//! The SQLite store.

use std::path::Path;

use dyad_core::{Article, EventRecord};
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::copies::ArticleMeta;
use crate::merge::{date_start, merge_mention, refresh_event, remerge_all, NewMention};
use crate::merge_rules::MergeRules;
use crate::migrations::{current_version, MIGRATIONS};
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
    pub(crate) conn: Connection,
    rules: MergeRules,
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
        // Storing and merging an article runs some twenty statements; keep them all compiled.
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = Store {
            conn,
            rules: MergeRules::default(),
        };
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
            if version + 1 == FIRST_MERGED_VERSION {
                // Mentions stored before events existed are merged as the schema arrives.
                remerge_all(&tx, &self.rules)?;
            }
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
    /// original it copies, tone) and its events, in one transaction: each event becomes a
    /// mention, merged into the real-world event it reports (see [`crate::merge_rules`]).
    pub fn put_article_with(
        &mut self,
        article: &Article,
        events: &[EventRecord],
        meta: &ArticleMeta,
    ) -> Result<PutOutcome, StoreError> {
        let key = article.content_key();
        let rules = self.rules;
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
        let touched = events_of_versions(&tx, article)?;
        let replaced = tx
            .prepare_cached("DELETE FROM articles WHERE id = ? AND url IS ?")?
            .execute(params![article.id, article.url])?
            > 0;
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
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let n = remerge_all(&tx, &rules)?;
        tx.commit()?;
        Ok(n)
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
            mentions: count("mentions")?,
            events: count("events")?,
        })
    }
}

fn insert_article(tx: &Transaction<'_>, key: &str, a: &Article) -> Result<(), StoreError> {
    let format = serde_json::to_value(a.format)?
        .as_str()
        .unwrap_or("text")
        .to_string();
    tx.prepare_cached(
        "INSERT INTO articles (key, id, url, title, authors, published, source, body, format, origin,
             language, ingested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, datetime('now'))")?
        .execute(
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

/// Writes one mention; `None` when the same mention of this article is already stored.
fn insert_mention(
    tx: &Transaction<'_>,
    key: &str,
    e: &EventRecord,
    sentence_start: Option<usize>,
) -> Result<Option<i64>, StoreError> {
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO mentions (id, article_key, doc, sentence, cameo, root, quad,
             goldstein, plover, date, date_start, modality, background, confidence, record,
             sentence_start)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )?
        .execute(params![
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
            e.date.as_deref().map(date_start),
            e.modality.as_str(),
            e.background,
            e.confidence,
            serde_json::to_string(e)?,
            sentence_start.map(|s| s as i64),
        ])?;
    if inserted == 0 {
        return Ok(None);
    }
    let pk = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO mention_actors (mention_pk, role, code, country) VALUES (?, ?, ?, ?)",
    )?;
    for (role, actors) in [("source", &e.source), ("target", &e.target)] {
        for a in actors {
            stmt.execute(params![pk, role, a.code, a.country])?;
        }
    }
    Ok(Some(pk))
}

/// Events with mentions in stored versions of this article (same id and url), which a new
/// version replaces: their counts must be recomputed after the old version is deleted.
fn events_of_versions(tx: &Transaction<'_>, a: &Article) -> Result<Vec<i64>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT DISTINCT m.event_id FROM mentions m JOIN articles a ON a.key = m.article_key
         WHERE a.id = ? AND a.url IS ? AND m.event_id IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![a.id, a.url], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Events reported by the original this article copies: a copy adds an article (and perhaps an
/// outlet) to each of them.
fn copied_events(tx: &Transaction<'_>, meta: &ArticleMeta) -> Result<Vec<i64>, StoreError> {
    let Some(original) = &meta.duplicate_of else {
        return Ok(Vec::new());
    };
    let mut stmt = tx.prepare_cached(
        "SELECT DISTINCT event_id FROM mentions WHERE article_key = ? AND event_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([original], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
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
