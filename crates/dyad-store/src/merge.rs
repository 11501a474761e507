//! Merging mentions into events inside the store: find candidate events (same root and
//! modality, dates in the window, a shared actor or the same article), compare the new mention
//! with their members by [`crate::merge_rules`], join the best one or found a new event, and keep
//! each event's counts and fields up to date.

use std::collections::HashSet;

use crate::db::{args, Db, Dialect, Row};
use dyad_core::{EventRecord, MergeReason};

use crate::merge_rules::{compare, MentionSide, MergeRules};
use crate::StoreError;

/// Members of one candidate event compared with a new mention (the first in canonical order:
/// publication date, article, sentence).
const MAX_MEMBERS_COMPARED: usize = 32;
/// Candidate events examined per mention (the most recent ones).
const MAX_CANDIDATES: usize = 200;

/// A mention just written to `mentions`, to be merged.
pub(crate) struct NewMention<'a> {
    pub pk: i64,
    pub record: &'a EventRecord,
    pub article_key: &'a str,
}

/// Joins the mention to a matching event or founds a new one; returns the event id.
pub(crate) fn merge_mention(
    conn: &Db,
    rules: &MergeRules,
    m: &NewMention,
) -> Result<i64, StoreError> {
    let best = best_match(conn, rules, m)?;
    let (event_id, reason) = match best {
        Some((id, reason)) => (id, Some(reason)),
        None => (found_event(conn, m)?, None),
    };
    let reason_json = reason.as_ref().map(serde_json::to_string).transpose()?;
    conn.execute(
        "UPDATE mentions SET event_id = ?, merge = ? WHERE pk = ?",
        &args![event_id, reason_json, m.pk],
    )?;
    add_actors(conn, event_id, m.record)?;
    refresh_event(conn, event_id)?;
    Ok(event_id)
}

fn best_match(
    conn: &Db,
    rules: &MergeRules,
    m: &NewMention,
) -> Result<Option<(i64, MergeReason)>, StoreError> {
    let mut best: Option<(i64, MergeReason)> = None;
    for event_id in candidates(conn, rules, m)? {
        for (mention_id, key, record) in members(conn, event_id)? {
            let theirs = MentionSide {
                record: &record,
                article_key: &key,
            };
            let ours = MentionSide {
                record: m.record,
                article_key: m.article_key,
            };
            let Ok(found) = compare(rules, ours, theirs) else {
                continue;
            };
            if best.as_ref().is_none_or(|(_, b)| found.score > b.score) {
                let reason = MergeReason {
                    matched_mention: mention_id,
                    features: found.features,
                    score: found.score,
                };
                best = Some((event_id, reason));
            }
        }
    }
    Ok(best)
}

/// Events worth comparing: same root and modality, date start within the window (or both
/// undated), sharing an actor code or country, or mentioned in the same article.
fn candidates(conn: &Db, rules: &MergeRules, m: &NewMention) -> Result<Vec<i64>, StoreError> {
    let e = m.record;
    let start = e.date.as_deref().map(date_start);
    let shift = |days: i64| {
        start.as_deref().and_then(|s| {
            let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
            Some((d + chrono::Duration::days(days)).to_string())
        })
    };
    let (lo, hi) = (
        shift(-rules.date_window_days),
        shift(rules.date_window_days),
    );
    let codes: Vec<&str> = e.actor_codes().filter(|c| !c.is_empty()).collect();
    let countries: Vec<&str> = e
        .source
        .iter()
        .chain(&e.target)
        .filter_map(|a| a.country.as_deref())
        .collect();
    let sql = match conn.dialect() {
        Dialect::Sqlite => {
            "SELECT e.id FROM events e
             WHERE e.root = ?1 AND e.modality = ?2
               AND ((?3 IS NULL AND e.date_start IS NULL) OR e.date_start BETWEEN ?3 AND ?4)
               AND (EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id
                            AND (a.code IN (SELECT value FROM json_each(?5))
                                 OR a.country IN (SELECT value FROM json_each(?6))))
                    OR EXISTS (SELECT 1 FROM mentions x WHERE x.event_id = e.id
                               AND x.article_key = ?7))
             ORDER BY e.id DESC LIMIT ?8"
        }
        Dialect::Postgres => {
            "SELECT e.id FROM events e
             WHERE e.root = ?1 AND e.modality = ?2
               AND ((CAST(?3 AS TEXT) IS NULL AND e.date_start IS NULL)
                    OR e.date_start BETWEEN ?3 AND ?4)
               AND (EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id
                            AND (a.code IN (SELECT jsonb_array_elements_text(CAST(?5 AS jsonb)))
                                 OR a.country IN
                                    (SELECT jsonb_array_elements_text(CAST(?6 AS jsonb)))))
                    OR EXISTS (SELECT 1 FROM mentions x WHERE x.event_id = e.id
                               AND x.article_key = ?7))
             ORDER BY e.id DESC LIMIT ?8"
        }
    };
    conn.rows(
        sql,
        &args![
            e.event.root,
            e.modality.as_str(),
            lo,
            hi,
            serde_json::to_string(&codes)?,
            serde_json::to_string(&countries)?,
            m.article_key,
            MAX_CANDIDATES,
        ],
        |r| r.int(0),
    )
}

/// The first members of an event in canonical order: (mention id, article key, record).
fn members(conn: &Db, event_id: i64) -> Result<Vec<(String, String, EventRecord)>, StoreError> {
    conn.rows(
        "SELECT m.id, m.article_key, m.record FROM mentions m
         JOIN articles a ON a.key = m.article_key WHERE m.event_id = ?
         ORDER BY coalesce(a.published, ''), a.id, a.key, m.sentence, m.id LIMIT ?",
        &args![event_id, MAX_MEMBERS_COMPARED],
        |r| Ok((r.text(0)?, r.text(1)?, serde_json::from_str(&r.text(2)?)?)),
    )
}

/// A new event with the mention as its lead, coded as the mention is (the columns `mentions`
/// already holds); counts are filled by [`refresh_event`].
fn found_event(conn: &Db, m: &NewMention) -> Result<i64, StoreError> {
    conn.value(
        "INSERT INTO events (lead_mention, cameo, root, quad, goldstein, plover, date, date_start,
             modality, background, first_seen, last_seen, num_mentions, num_articles, num_sources)
         SELECT pk, cameo, root, quad, goldstein, plover, date, date_start, modality, background,
             '', '', 0, 0, 0
         FROM mentions WHERE pk = ? RETURNING id",
        &args![m.pk],
    )?
    .as_int()
}

fn add_actors(conn: &Db, event_id: i64, e: &EventRecord) -> Result<(), StoreError> {
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for (role, actors) in [("source", &e.source), ("target", &e.target)] {
        for a in actors.iter().filter(|a| !a.code.is_empty()) {
            // One statement must not insert the same key twice (PostgreSQL refuses that).
            if seen.insert((role, a.code.as_str())) {
                rows.push(args![event_id, role, a.code, a.country]);
            }
        }
    }
    conn.insert_rows(
        "INSERT INTO event_actors (event_id, role, code, country)",
        &rows,
        "ON CONFLICT DO NOTHING",
    )?;
    Ok(())
}

/// One article that reports an event, directly or as a stored copy of a reporting article.
struct Report {
    key: String,
    source: String,
    tone: Option<f64>,
    ingested_at: String,
}

/// Recomputes an event's counts, times, tone, place and death toll from its members; deletes
/// it when no mention is left.
pub(crate) fn refresh_event(conn: &Db, event_id: i64) -> Result<(), StoreError> {
    let direct = reports(conn, event_id, false)?;
    if direct.is_empty() {
        conn.execute("DELETE FROM events WHERE id = ?", &args![event_id])?;
        return Ok(());
    }
    let copies = reports(conn, event_id, true)?;
    let all: Vec<&Report> = direct.iter().chain(&copies).collect();
    let articles: HashSet<&str> = all.iter().map(|r| r.key.as_str()).collect();
    let sources: HashSet<&str> = all.iter().map(|r| r.source.as_str()).collect();
    let mut tones = HashSet::new();
    let tone_values: Vec<f64> = all
        .iter()
        .filter(|r| tones.insert(r.key.as_str()))
        .filter_map(|r| r.tone)
        .collect();
    let avg_tone = (!tone_values.is_empty())
        .then(|| tone_values.iter().sum::<f64>() / tone_values.len() as f64);
    let first_seen = direct.iter().map(|r| r.ingested_at.as_str()).min();
    let last_seen = all.iter().map(|r| r.ingested_at.as_str()).max();
    let mentions = conn
        .value(
            "SELECT count(*) FROM mentions WHERE event_id = ?",
            &args![event_id],
        )?
        .as_int()?;
    let killed = json_path(
        conn.dialect(),
        "record",
        &["size", "killed"],
        JsonKind::Number,
    );
    conn.execute(
        &format!(
            "UPDATE events SET num_mentions = ?1, num_articles = ?2, num_sources = ?3,
                 avg_tone = ?4, first_seen = ?5, last_seen = ?6,
                 killed = (SELECT max({killed}) FROM mentions WHERE event_id = ?7)
             WHERE id = ?7"
        ),
        &args![
            mentions,
            articles.len(),
            sources.len(),
            avg_tone,
            first_seen,
            last_seen,
            event_id
        ],
    )?;
    refresh_lead_and_place(conn, event_id)
}

/// Keeps the lead mention (or picks the earliest when it is gone) and takes the place from the
/// first member that has one.
fn refresh_lead_and_place(conn: &Db, event_id: i64) -> Result<(), StoreError> {
    let new_lead = conn.execute(
        "UPDATE events SET lead_mention = (SELECT min(pk) FROM mentions WHERE event_id = ?1)
         WHERE id = ?1 AND lead_mention NOT IN (SELECT pk FROM mentions WHERE event_id = ?1)",
        &args![event_id],
    )? > 0;
    if new_lead {
        // The event's coding is its lead's: copy it from the new lead's columns.
        conn.execute(
            "UPDATE events SET (cameo, root, quad, goldstein, plover, date, date_start, modality,
                 background) = (SELECT cameo, root, quad, goldstein, plover, date, date_start,
                 modality, background FROM mentions WHERE pk = events.lead_mention)
             WHERE id = ?",
            &args![event_id],
        )?;
    }
    // No member with a place leaves the four columns NULL.
    let d = conn.dialect();
    let name = json_path(d, "record", &["location", "name"], JsonKind::Text);
    let country = json_path(d, "record", &["location", "country"], JsonKind::Text);
    let lat = json_path(d, "record", &["location", "lat"], JsonKind::Real);
    let lon = json_path(d, "record", &["location", "lon"], JsonKind::Real);
    conn.execute(
        &format!(
            "UPDATE events SET (place, place_country, lat, lon) = (
                 SELECT {name}, {country}, {lat}, {lon}
                 FROM mentions WHERE event_id = ?1 AND {name} IS NOT NULL
                 ORDER BY pk = (SELECT lead_mention FROM events WHERE id = ?1) DESC, pk LIMIT 1)
             WHERE id = ?1"
        ),
        &args![event_id],
    )?;
    Ok(())
}

/// What a JSON value is read as.
#[derive(Clone, Copy)]
enum JsonKind {
    Text,
    Real,
    /// An integer or a decimal, as written.
    Number,
}

/// The SQL expression of the value at `path` in the JSON text column `col`.
fn json_path(d: Dialect, col: &str, path: &[&str], kind: JsonKind) -> String {
    match d {
        Dialect::Sqlite => format!("json_extract({col}, '$.{}')", path.join(".")),
        Dialect::Postgres => {
            let text = format!("(CAST({col} AS jsonb) #>> '{{{}}}')", path.join(","));
            match kind {
                JsonKind::Text => text,
                JsonKind::Real => format!("CAST({text} AS DOUBLE PRECISION)"),
                JsonKind::Number => format!("CAST({text} AS NUMERIC)"),
            }
        }
    }
}

/// Articles with a mention of the event (`copies = false`), or stored copies of those
/// (`copies = true`).
fn reports(conn: &Db, event_id: i64, copies: bool) -> Result<Vec<Report>, StoreError> {
    let sql = if copies {
        "SELECT a.key, a.source, a.url, a.tone, a.ingested_at FROM articles a
         WHERE a.duplicate_of IN (SELECT article_key FROM mentions WHERE event_id = ?)"
    } else {
        "SELECT DISTINCT a.key, a.source, a.url, a.tone, a.ingested_at FROM articles a
         JOIN mentions m ON m.article_key = a.key WHERE m.event_id = ?"
    };
    conn.rows(sql, &args![event_id], |r: Row| {
        let key = r.text(0)?;
        let source = r.opt_text(1)?;
        let url = r.opt_text(2)?;
        Ok(Report {
            source: outlet(source.as_deref(), url.as_deref()).unwrap_or_else(|| key.clone()),
            key,
            tone: r.opt_real(3)?,
            ingested_at: r.text(4)?,
        })
    })
}

/// The outlet of an article: its declared source, else its URL's host without `www.`.
pub(crate) fn outlet(source: Option<&str>, url: Option<&str>) -> Option<String> {
    if let Some(s) = source.map(str::trim).filter(|s| !s.is_empty()) {
        return Some(s.to_string());
    }
    let rest = url?.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// The first day of a partial ISO date: `2025` → `2025-01-01`, `2025-05` → `2025-05-01`.
pub(crate) fn date_start(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    }
}

/// Drops every event and merges all mentions again under `rules`, in a canonical order that
/// does not depend on when or by whom articles were stored (publication date, article id,
/// content key, sentence, mention id): what a rule change needs, without coding anything again,
/// and what makes a store written by many workers hold exactly the events of a single writer.
pub(crate) fn remerge_all(conn: &Db, rules: &MergeRules) -> Result<u64, StoreError> {
    match conn.dialect() {
        Dialect::Sqlite => conn.batch("DELETE FROM event_actors; DELETE FROM events;")?,
        // Event ids start from 1 again, as SQLite's do.
        Dialect::Postgres => conn.batch("TRUNCATE events, event_actors RESTART IDENTITY")?,
    }
    conn.execute("UPDATE mentions SET event_id = NULL, merge = NULL", &[])?;
    let rows = conn.rows(
        "SELECT m.pk, m.article_key, m.record FROM mentions m
         JOIN articles a ON a.key = m.article_key
         ORDER BY coalesce(a.published, ''), a.id, a.key, m.sentence, m.id",
        &[],
        |r| Ok((r.int(0)?, r.text(1)?, r.text(2)?)),
    )?;
    for (pk, key, json) in &rows {
        let record: EventRecord = serde_json::from_str(json)?;
        let m = NewMention {
            pk: *pk,
            record: &record,
            article_key: key,
        };
        merge_mention(conn, rules, &m)?;
    }
    Ok(rows.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_come_from_the_source_or_the_host() {
        assert_eq!(outlet(Some(" AFP "), None).as_deref(), Some("AFP"));
        let url = Some("https://www.Example.org:443/a?b#c");
        assert_eq!(outlet(None, url).as_deref(), Some("example.org"));
        assert_eq!(outlet(Some(""), Some("not a url")), None);
    }

    #[test]
    fn partial_dates_start_on_their_first_day() {
        assert_eq!(date_start("2025"), "2025-01-01");
        assert_eq!(date_start("2025-05"), "2025-05-01");
        assert_eq!(date_start("2025-05-07"), "2025-05-07");
    }
}
