//! Reading the dataset: merged events, their mentions, articles with the spans of their
//! mentions, and full-text search. Every query binds its values; filters come from
//! [`EventFilter`].

use dyad_core::{ArticleRef, Event, EventRecord, Mention, MergeReason};

use crate::db::{args, Dialect, Row, Value};
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
    /// Relevance, lower is better (SQLite: BM25; PostgreSQL: minus `ts_rank`).
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
        let (where_sql, params) = filter.to_sql(self.db.dialect());
        let sql = format!(
            "SELECT {EVENT_COLS}, {ARTICLE_COLS} FROM events e
             JOIN mentions m ON m.pk = e.lead_mention
             JOIN articles a ON a.key = m.article_key{where_sql}"
        );
        self.db
            .each(&sql, &params, &mut |row| {
                sink(event_row(&row)?).map_err(StoreError::Sink)
            })
            .map_err(fts_error)
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
        let date = self.db.value(
            "SELECT coalesce(date_start, '') FROM events WHERE id = ?",
            &args![id],
        )?;
        let date = match date {
            Value::Text(d) => d,
            other => return Err(StoreError::Type(format!("event date {other:?}"))),
        };
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
        let Some(row) = self.db.row(&sql, &args![id])? else {
            return Ok(None);
        };
        let event = event_row(&row)?;
        let mentions = self.mentions_where("m.event_id = ?", &args![id])?;
        Ok(Some((event, mentions)))
    }

    /// Streams the mentions of the matching events (event order, then the order stored); with
    /// `filter.doc`, only the mentions in that article.
    pub fn for_each_mention(
        &self,
        filter: &EventFilter,
        sink: &mut dyn FnMut(Mention) -> std::io::Result<()>,
    ) -> Result<u64, StoreError> {
        let (mut conds, mut params) = filter.conditions(self.db.dialect());
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
        self.db
            .each(&sql, &params, &mut |row| {
                sink(mention_row(&row)?).map_err(StoreError::Sink)
            })
            .map_err(fts_error)
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
                            ORDER BY a.ingested_at DESC LIMIT 1) AS latest
             LIMIT 1"
        );
        let Some(row) = self.db.row(&sql, &args![id_or_key])? else {
            return Ok(None);
        };
        let (article, body) = (article_ref(&row, 0)?, row.text(9)?);
        let mentions = self.mentions_where(
            "m.article_key = ? AND m.event_id IS NOT NULL",
            &args![article.key],
        )?;
        Ok(Some(ArticleView {
            article,
            body,
            mentions,
        }))
    }

    /// Articles matching a full-text query, best first. SQLite takes FTS5 syntax
    /// (`tanker AND seized`, `"oil tanker"`, `venez*`); PostgreSQL takes web-search syntax
    /// (`tanker seized`, `"oil tanker"`, `tanker -oil`). A malformed query is
    /// [`StoreError::BadQuery`].
    pub fn search_articles(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<ArticleHit>, StoreError> {
        let sql = match self.db.dialect() {
            Dialect::Sqlite => format!(
                "SELECT {ARTICLE_COLS},
                        snippet(articles_fts, 1, char(2), char(3), '…', 16), bm25(articles_fts),
                        (SELECT count(DISTINCT event_id) FROM mentions m
                         WHERE m.article_key = a.key)
                 FROM articles_fts JOIN article_search s ON s.id = articles_fts.rowid
                 JOIN articles a ON a.key = s.key
                 WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?"
            ),
            Dialect::Postgres => format!(
                "SELECT {ARTICLE_COLS},
                        ts_headline('english', a.body, q,
                            'StartSel=' || chr(2) || ', StopSel=' || chr(3)
                            || ', MaxWords=16, MinWords=8, MaxFragments=1, FragmentDelimiter=…'),
                        -ts_rank(a.search, q),
                        (SELECT count(DISTINCT event_id) FROM mentions m
                         WHERE m.article_key = a.key)
                 FROM articles a, websearch_to_tsquery('english', ?) AS q
                 WHERE a.search @@ q ORDER BY ts_rank(a.search, q) DESC, a.rowid LIMIT ?"
            ),
        };
        let params = args![query, limit.min(i64::MAX as usize)];
        self.db
            .rows(&sql, &params, |r| {
                Ok(ArticleHit {
                    article: article_ref(&r, 0)?,
                    snippet_html: marked_html(&r.text(9)?),
                    rank: r.real(10)?,
                    events: u32::try_from(r.count(11)?).unwrap_or(u32::MAX),
                })
            })
            .map_err(fts_error)
    }

    fn mentions_where(&self, cond: &str, params: &[Value]) -> Result<Vec<Mention>, StoreError> {
        let sql = format!(
            "SELECT {MENTION_COLS}, {ARTICLE_COLS} FROM mentions m
             JOIN articles a ON a.key = m.article_key WHERE {cond}
             ORDER BY a.ingested_at, m.article_key, m.sentence, m.pk"
        );
        self.db.rows(&sql, params, |r| mention_row(&r))
    }
}

fn event_row(r: &Row) -> Result<Event, StoreError> {
    let record: EventRecord = serde_json::from_str(&r.text(1)?)?;
    Ok(Event {
        id: r.int(0)?,
        record,
        first_seen: r.text(2)?,
        last_seen: r.text(3)?,
        num_mentions: narrow(r.count(4)?),
        num_articles: narrow(r.count(5)?),
        num_sources: narrow(r.count(6)?),
        avg_tone: r.opt_real(7)?,
        killed: r.opt_int(8)?.map(|k| k.max(0) as u64),
        article: article_ref(r, 9)?,
    })
}

fn mention_row(r: &Row) -> Result<Mention, StoreError> {
    let record: EventRecord = serde_json::from_str(&r.text(1)?)?;
    let merge: Option<MergeReason> = r
        .opt_text(3)?
        .map(|j| serde_json::from_str(&j))
        .transpose()?;
    Ok(Mention {
        event_id: r.int(0)?,
        record,
        sentence_start: r.opt_int(2)?.map(|s| s.max(0) as usize),
        merge,
        article: article_ref(r, 4)?,
    })
}

fn narrow(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads [`ARTICLE_COLS`] starting at column `at`.
fn article_ref(r: &Row, at: usize) -> Result<ArticleRef, StoreError> {
    let source = r.opt_text(at + 4)?;
    let url = r.opt_text(at + 2)?;
    Ok(ArticleRef {
        key: r.text(at)?,
        id: r.text(at + 1)?,
        source: outlet(source.as_deref(), url.as_deref()),
        url,
        title: r.opt_text(at + 3)?,
        published: r.opt_text(at + 5)?,
        ingested_at: r.text(at + 6)?,
        tone: r.opt_real(at + 7)?,
        body_chars: r.count(at + 8)? as usize,
    })
}

/// A generic SQLite error while stepping a prepared statement (our SQL is fixed and already
/// compiled) comes from parsing the caller's full-text query: "unterminated string", "fts5:
/// syntax error", "no such column" for `word:word`. That is the caller's mistake.
pub(crate) fn fts_error(e: StoreError) -> StoreError {
    match &e {
        StoreError::Sql(rusqlite::Error::SqliteFailure(f, message)) if f.extended_code == 1 => {
            let detail = message.clone().unwrap_or_else(|| e.to_string());
            StoreError::BadQuery(format!("bad text query: {detail}"))
        }
        _ => e,
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
