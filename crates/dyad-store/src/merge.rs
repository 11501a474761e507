//! Merging mentions into events inside the store: find candidate events (same root and
//! modality, dates in the window, a shared actor or the same article), compare the new mention
//! with their members by [`crate::merge_rules`], join the best one or found a new event, and keep
//! each event's counts and fields up to date.

use std::collections::HashSet;

use dyad_core::{EventRecord, MergeReason};
use rusqlite::{params, Connection};

use crate::merge_rules::{compare, MentionSide, MergeRules};
use crate::StoreError;

/// Members of one candidate event compared with a new mention (the earliest ones).
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
    conn: &Connection,
    rules: &MergeRules,
    m: &NewMention,
) -> Result<i64, StoreError> {
    let best = best_match(conn, rules, m)?;
    let (event_id, reason) = match best {
        Some((id, reason)) => (id, Some(reason)),
        None => (found_event(conn, m)?, None),
    };
    let reason_json = reason.as_ref().map(serde_json::to_string).transpose()?;
    conn.prepare_cached("UPDATE mentions SET event_id = ?, merge = ? WHERE pk = ?")?
        .execute(params![event_id, reason_json, m.pk])?;
    add_actors(conn, event_id, m.record)?;
    refresh_event(conn, event_id)?;
    Ok(event_id)
}

fn best_match(
    conn: &Connection,
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
fn candidates(
    conn: &Connection,
    rules: &MergeRules,
    m: &NewMention,
) -> Result<Vec<i64>, StoreError> {
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
    let mut stmt = conn.prepare_cached(
        "SELECT e.id FROM events e
         WHERE e.root = ?1 AND e.modality = ?2
           AND ((?3 IS NULL AND e.date_start IS NULL) OR e.date_start BETWEEN ?3 AND ?4)
           AND (EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id
                        AND (a.code IN (SELECT value FROM json_each(?5))
                             OR a.country IN (SELECT value FROM json_each(?6))))
                OR EXISTS (SELECT 1 FROM mentions x WHERE x.event_id = e.id
                           AND x.article_key = ?7))
         ORDER BY e.id DESC LIMIT ?8",
    )?;
    let rows = stmt.query_map(
        params![
            e.event.root,
            e.modality.as_str(),
            lo,
            hi,
            serde_json::to_string(&codes)?,
            serde_json::to_string(&countries)?,
            m.article_key,
            MAX_CANDIDATES as i64,
        ],
        |r| r.get(0),
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The earliest members of an event: (mention id, article key, record).
fn members(
    conn: &Connection,
    event_id: i64,
) -> Result<Vec<(String, String, EventRecord)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, article_key, record FROM mentions WHERE event_id = ? ORDER BY pk LIMIT ?",
    )?;
    let rows = stmt.query_map(params![event_id, MAX_MEMBERS_COMPARED as i64], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, key, json) = row?;
        out.push((id, key, serde_json::from_str(&json)?));
    }
    Ok(out)
}

/// A new event with the mention as its lead, coded as the mention is (the columns `mentions`
/// already holds); counts are filled by [`refresh_event`].
fn found_event(conn: &Connection, m: &NewMention) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "INSERT INTO events (lead_mention, cameo, root, quad, goldstein, plover, date, date_start,
             modality, background, first_seen, last_seen, num_mentions, num_articles, num_sources)
         SELECT pk, cameo, root, quad, goldstein, plover, date, date_start, modality, background,
             '', '', 0, 0, 0
         FROM mentions WHERE pk = ?",
    )?
    .execute([m.pk])?;
    Ok(conn.last_insert_rowid())
}

fn add_actors(conn: &Connection, event_id: i64, e: &EventRecord) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO event_actors (event_id, role, code, country) VALUES (?, ?, ?, ?)",
    )?;
    for (role, actors) in [("source", &e.source), ("target", &e.target)] {
        for a in actors.iter().filter(|a| !a.code.is_empty()) {
            stmt.execute(params![event_id, role, a.code, a.country])?;
        }
    }
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
pub(crate) fn refresh_event(conn: &Connection, event_id: i64) -> Result<(), StoreError> {
    let direct = reports(conn, event_id, false)?;
    if direct.is_empty() {
        conn.prepare_cached("DELETE FROM events WHERE id = ?")?
            .execute([event_id])?;
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
    let mentions: i64 = conn
        .prepare_cached("SELECT count(*) FROM mentions WHERE event_id = ?")?
        .query_row([event_id], |r| r.get(0))?;
    conn.prepare_cached(
        "UPDATE events SET num_mentions = ?1, num_articles = ?2, num_sources = ?3, avg_tone = ?4,
             first_seen = ?5, last_seen = ?6,
             killed = (SELECT max(json_extract(record, '$.size.killed')) FROM mentions
                       WHERE event_id = ?7)
         WHERE id = ?7",
    )?
    .execute(params![
        mentions,
        articles.len() as i64,
        sources.len() as i64,
        avg_tone,
        first_seen,
        last_seen,
        event_id
    ])?;
    refresh_lead_and_place(conn, event_id)
}

/// Keeps the lead mention (or picks the earliest when it is gone) and takes the place from the
/// first member that has one.
fn refresh_lead_and_place(conn: &Connection, event_id: i64) -> Result<(), StoreError> {
    let new_lead = conn
        .prepare_cached(
            "UPDATE events SET lead_mention = (SELECT min(pk) FROM mentions WHERE event_id = ?1)
         WHERE id = ?1 AND lead_mention NOT IN (SELECT pk FROM mentions WHERE event_id = ?1)",
        )?
        .execute([event_id])?
        > 0;
    if new_lead {
        // The event's coding is its lead's: copy it from the new lead's columns.
        conn.prepare_cached(
            "UPDATE events SET (cameo, root, quad, goldstein, plover, date, date_start, modality,
                 background) = (SELECT cameo, root, quad, goldstein, plover, date, date_start,
                 modality, background FROM mentions WHERE pk = events.lead_mention)
             WHERE id = ?",
        )?
        .execute([event_id])?;
    }
    // No member with a place leaves the four columns NULL.
    conn.prepare_cached(
        "UPDATE events SET (place, place_country, lat, lon) = (
             SELECT json_extract(record, '$.location.name'),
                    json_extract(record, '$.location.country'),
                    json_extract(record, '$.location.lat'), json_extract(record, '$.location.lon')
             FROM mentions WHERE event_id = ?1
                 AND json_extract(record, '$.location.name') IS NOT NULL
             ORDER BY pk = (SELECT lead_mention FROM events WHERE id = ?1) DESC, pk LIMIT 1)
         WHERE id = ?1",
    )?
    .execute([event_id])?;
    Ok(())
}

/// Articles with a mention of the event (`copies = false`), or stored copies of those
/// (`copies = true`).
fn reports(conn: &Connection, event_id: i64, copies: bool) -> Result<Vec<Report>, StoreError> {
    let sql = if copies {
        "SELECT a.key, a.source, a.url, a.tone, a.ingested_at FROM articles a
         WHERE a.duplicate_of IN (SELECT article_key FROM mentions WHERE event_id = ?)"
    } else {
        "SELECT DISTINCT a.key, a.source, a.url, a.tone, a.ingested_at FROM articles a
         JOIN mentions m ON m.article_key = a.key WHERE m.event_id = ?"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([event_id], |r| {
        let key: String = r.get(0)?;
        let source: Option<String> = r.get(1)?;
        let url: Option<String> = r.get(2)?;
        Ok(Report {
            source: outlet(source.as_deref(), url.as_deref()).unwrap_or_else(|| key.clone()),
            key,
            tone: r.get(3)?,
            ingested_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
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

/// Drops every event and merges all mentions again, in the order they were stored, under
/// `rules`: what a rule change needs, without coding anything again.
pub(crate) fn remerge_all(conn: &Connection, rules: &MergeRules) -> Result<u64, StoreError> {
    conn.execute_batch(
        "DELETE FROM event_actors; DELETE FROM events;
         UPDATE mentions SET event_id = NULL, merge = NULL;",
    )?;
    let mut stmt = conn.prepare(
        "SELECT m.pk, m.article_key, m.record FROM mentions m
         JOIN articles a ON a.key = m.article_key
         ORDER BY a.ingested_at, a.rowid, m.sentence, m.pk",
    )?;
    let rows: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
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
