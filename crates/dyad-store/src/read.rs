//! Reading the dataset: merged events, their mentions, articles with the spans of their
//! mentions, and full-text search. Every query binds its values; filters come from
//! [`EventFilter`].

use dyad_core::{ArticleRef, Event, EventRecord, Mention, MergeReason};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use crate::filter::{where_clause, Cursor, EventFilter, SORT_DATE};
use crate::merge::outlet;
use crate::{Store, StoreError};

/// An article with its text and every mention coded in it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ArticleView {
    pub article: ArticleRef,
    pub body: String,
    pub mentions: Vec<Mention>,
}

/// One full-text search hit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ArticleHit {
    pub article: ArticleRef,
    /// A passage around the matches, HTML-escaped, matches wrapped in `<mark>`.
    pub snippet_html: String,
    /// BM25 rank (lower is better).
    pub rank: f64,
    /// Events with a mention in the article.
    pub events: u32,
}

/// Article columns, in the order [`article_ref`] reads them from offset `at`.
const ARTICLE_COLS: &str =
    "a.key, a.id, a.url, a.title, a.source, a.published, a.ingested_at, a.tone, length(a.body)";

const EVENT_COLS: &str = "e.id, m.record, e.first_seen, e.last_seen, e.num_mentions, \
     e.num_articles, e.num_sources, e.avg_tone, e.killed";

const MENTION_COLS: &str = "m.event_id, m.record, m.sentence_start, m.merge";

/// Markers FTS5 puts around matches in snippets, replaced by `<mark>` after escaping.
const MARK_OPEN: char = '\u{2}';
const MARK_CLOSE: char = '\u{3}';

impl Store {
    /// Streams the merged events that match the filter, ordered by date then id, into `sink`;
    /// a failing sink stops the stream with [`StoreError::Sink`].
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        sink: &mut dyn FnMut(Event) -> std::io::Result<()>,
    ) -> Result<u64, StoreError> {
        let (where_sql, params) = filter.to_sql();
        let sql = format!(
            "SELECT {EVENT_COLS}, {ARTICLE_COLS} FROM events e
             JOIN mentions m ON m.pk = e.lead_mention
             JOIN articles a ON a.key = m.article_key{where_sql}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params)).map_err(fts_error)?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(fts_error)? {
            count += 1;
            sink(event_row(row)?).map_err(StoreError::Sink)?;
        }
        Ok(count)
    }

    /// All matching events in a vector (for tests and small queries).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Event>, StoreError> {
        let mut out = Vec::new();
        self.for_each_event(filter, &mut |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// One page of events (`filter.limit` of them) and the cursor of the next page, `None` at
    /// the end.
    pub fn events_page(
        &self,
        filter: &EventFilter,
    ) -> Result<(Vec<Event>, Option<Cursor>), StoreError> {
        let Some(limit) = filter.limit else {
            return Ok((self.events(filter)?, None));
        };
        let mut probe = filter.clone();
        probe.limit = Some(limit + 1);
        let mut events = self.events(&probe)?;
        if events.len() <= limit {
            return Ok((events, None));
        }
        events.truncate(limit);
        let id = events[limit - 1].id;
        let date: String = self.conn.query_row(
            "SELECT coalesce(date_start, '') FROM events WHERE id = ?",
            [id],
            |r| r.get(0),
        )?;
        let next = Some(Cursor { date, id });
        Ok((events, next))
    }

    /// One event with all its mentions, in the order they were stored.
    pub fn event(&self, id: i64) -> Result<Option<(Event, Vec<Mention>)>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLS}, {ARTICLE_COLS} FROM events e
             JOIN mentions m ON m.pk = e.lead_mention
             JOIN articles a ON a.key = m.article_key WHERE e.id = ?"
        );
        let event = self
            .conn
            .query_row(&sql, [id], |r| Ok(event_row(r)))
            .optional()?
            .transpose()?;
        let Some(event) = event else {
            return Ok(None);
        };
        let mentions = self.mentions_where("m.event_id = ?", vec![Value::Integer(id)])?;
        Ok(Some((event, mentions)))
    }

    /// Streams the mentions of the matching events (event order, then the order stored); with
    /// `filter.doc`, only the mentions in that article.
    pub fn for_each_mention(
        &self,
        filter: &EventFilter,
        sink: &mut dyn FnMut(Mention) -> std::io::Result<()>,
    ) -> Result<u64, StoreError> {
        let (mut conds, mut params) = filter.conditions();
        if let Some(doc) = &filter.doc {
            // The event has a mention in this article (above); list that article's mentions.
            conds.push("m.doc = ?".to_string());
            params.push(Value::Text(doc.clone()));
        }
        let where_sql = where_clause(&conds);
        let mut sql = format!(
            "SELECT {MENTION_COLS}, {ARTICLE_COLS} FROM events e
             JOIN mentions m ON m.event_id = e.id
             JOIN articles a ON a.key = m.article_key{where_sql}
             ORDER BY {SORT_DATE}, e.id, m.pk"
        );
        if let Some(limit) = filter.limit {
            sql.push_str(" LIMIT ?");
            params.push(Value::Integer(limit.min(i64::MAX as usize) as i64));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params)).map_err(fts_error)?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(fts_error)? {
            count += 1;
            sink(mention_row(row)?).map_err(StoreError::Sink)?;
        }
        Ok(count)
    }

    /// All mentions of the matching events (tests and small queries).
    pub fn mentions(&self, filter: &EventFilter) -> Result<Vec<Mention>, StoreError> {
        let mut out = Vec::new();
        self.for_each_mention(filter, &mut |m| {
            out.push(m);
            Ok(())
        })?;
        Ok(out)
    }

    /// An article by its store key or its own id, with its text and the mentions coded in it.
    pub fn article(&self, id_or_key: &str) -> Result<Option<ArticleView>, StoreError> {
        let sql = format!(
            "SELECT {ARTICLE_COLS}, a.body FROM articles a WHERE a.key = ?1
             UNION ALL
             SELECT * FROM (SELECT {ARTICLE_COLS}, a.body FROM articles a WHERE a.id = ?1
                            ORDER BY a.ingested_at DESC LIMIT 1)
             LIMIT 1"
        );
        let found = self
            .conn
            .query_row(&sql, [id_or_key], |r| Ok((article_ref(r, 0)?, r.get(9)?)))
            .optional()?;
        let Some((article, body)) = found else {
            return Ok(None);
        };
        let mentions = self.mentions_where(
            "m.article_key = ? AND m.event_id IS NOT NULL",
            vec![Value::Text(article.key.clone())],
        )?;
        Ok(Some(ArticleView {
            article,
            body,
            mentions,
        }))
    }

    /// Articles matching an FTS5 query (`tanker AND seized`, `"oil tanker"`, `venez*`), best
    /// first. A malformed query is [`StoreError::BadQuery`].
    pub fn search_articles(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<ArticleHit>, StoreError> {
        let sql = format!(
            "SELECT {ARTICLE_COLS},
                    snippet(articles_fts, 1, char(2), char(3), '…', 16), bm25(articles_fts),
                    (SELECT count(DISTINCT event_id) FROM mentions m WHERE m.article_key = a.key)
             FROM articles_fts JOIN article_search s ON s.id = articles_fts.rowid
             JOIN articles a ON a.key = s.key
             WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(params![query, limit.min(i64::MAX as usize) as i64], |r| {
                Ok(ArticleHit {
                    article: article_ref(r, 0)?,
                    snippet_html: marked_html(&r.get::<_, String>(9)?),
                    rank: r.get(10)?,
                    events: r.get(11)?,
                })
            })
            .map_err(fts_error)?;
        rows.collect::<Result<_, _>>().map_err(fts_error)
    }

    fn mentions_where(&self, cond: &str, params: Vec<Value>) -> Result<Vec<Mention>, StoreError> {
        let sql = format!(
            "SELECT {MENTION_COLS}, {ARTICLE_COLS} FROM mentions m
             JOIN articles a ON a.key = m.article_key WHERE {cond}
             ORDER BY a.ingested_at, m.article_key, m.sentence, m.pk"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(mention_row(row)?);
        }
        Ok(out)
    }
}

fn event_row(r: &Row) -> Result<Event, StoreError> {
    let record: EventRecord = serde_json::from_str(&r.get::<_, String>(1)?)?;
    Ok(Event {
        id: r.get(0)?,
        record,
        first_seen: r.get(2)?,
        last_seen: r.get(3)?,
        num_mentions: r.get(4)?,
        num_articles: r.get(5)?,
        num_sources: r.get(6)?,
        avg_tone: r.get(7)?,
        killed: r.get::<_, Option<i64>>(8)?.map(|k| k.max(0) as u64),
        article: article_ref(r, 9)?,
    })
}

fn mention_row(r: &Row) -> Result<Mention, StoreError> {
    let record: EventRecord = serde_json::from_str(&r.get::<_, String>(1)?)?;
    let merge: Option<MergeReason> = r
        .get::<_, Option<String>>(3)?
        .map(|j| serde_json::from_str(&j))
        .transpose()?;
    Ok(Mention {
        event_id: r.get(0)?,
        record,
        sentence_start: r.get::<_, Option<i64>>(2)?.map(|s| s.max(0) as usize),
        merge,
        article: article_ref(r, 4)?,
    })
}

/// Reads [`ARTICLE_COLS`] starting at column `at`.
fn article_ref(r: &Row, at: usize) -> rusqlite::Result<ArticleRef> {
    let source: Option<String> = r.get(at + 4)?;
    let url: Option<String> = r.get(at + 2)?;
    Ok(ArticleRef {
        key: r.get(at)?,
        id: r.get(at + 1)?,
        source: outlet(source.as_deref(), url.as_deref()),
        url,
        title: r.get(at + 3)?,
        published: r.get(at + 5)?,
        ingested_at: r.get(at + 6)?,
        tone: r.get(at + 7)?,
        body_chars: r.get::<_, i64>(at + 8)?.max(0) as usize,
    })
}

/// A generic SQLite error while stepping a prepared statement (our SQL is fixed and already
/// compiled) comes from parsing the caller's full-text query: "unterminated string", "fts5:
/// syntax error", "no such column" for `word:word`. That is the caller's mistake.
pub(crate) fn fts_error(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, message) if f.extended_code == 1 => {
            let detail = message.clone().unwrap_or_else(|| e.to_string());
            StoreError::BadQuery(format!("bad text query: {detail}"))
        }
        _ => StoreError::Sql(e),
    }
}

/// Escapes text for HTML and turns the snippet markers into `<mark>` elements.
fn marked_html(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + 16);
    for ch in snippet.chars() {
        match ch {
            MARK_OPEN => out.push_str("<mark>"),
            MARK_CLOSE => out.push_str("</mark>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_escaped_and_marked() {
        assert_eq!(
            marked_html("a <b> \u{2}tanker\u{3} & \"x\""),
            "a &lt;b&gt; <mark>tanker</mark> &amp; &quot;x&quot;"
        );
    }
}
