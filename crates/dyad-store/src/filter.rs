//! Event filters shared by `dyad events`, `dyad export` and the HTTP API. They apply to merged
//! events (table `events`, alias `e`); the mention queries apply them to each mention's event.

use crate::db::{Dialect, Value};
use chrono::NaiveDate;

/// Which events to return. Every condition is optional; all given conditions must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Events whose date starts on or after this day.
    pub from: Option<NaiveDate>,
    /// Events whose date starts on or before this day.
    pub to: Option<NaiveDate>,
    /// An actor code or its prefix (`USA` matches `USAGOV` and `USAMIL`), on either side.
    pub actor: Option<String>,
    /// An ISO 3166 alpha-3 country of an actor on either side, or of the place.
    pub country: Option<String>,
    /// A CAMEO event code or its prefix (`17`, `171`, `1711`).
    pub code: Option<String>,
    /// A two-digit CAMEO root ("17").
    pub root: Option<String>,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    /// conflict.
    pub quad: Option<u8>,
    /// A PLOVER event type (`SEIZE`, `CONSULT`), case-insensitive.
    pub plover: Option<String>,
    /// A place name (case-insensitive substring) or a country code of the event's location.
    pub place: Option<String>,
    /// `asserted`, `negated`, `hypothetical`, `future` or `claimed`.
    pub modality: Option<String>,
    /// Only background (recap) events when true, only new events when false.
    pub background: Option<bool>,
    /// Full-text query over the articles that mention the event (FTS5 syntax).
    pub text: Option<String>,
    /// Only events with a mention in this article id (mention listings: only its mentions).
    pub doc: Option<String>,
    /// Keyset pagination: only events after this position in the sort order.
    pub after: Option<Cursor>,
    pub limit: Option<usize>,
}

/// A position in the event order (date, then id): opaque to API users as `date~id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub date: String,
    pub id: i64,
}

impl Cursor {
    /// The opaque string form handed to API users.
    pub fn encode(&self) -> String {
        format!("{}~{}", self.date, self.id)
    }

    /// Parses [`Cursor::encode`]'s output; `None` when malformed.
    pub fn decode(s: &str) -> Option<Cursor> {
        let (date, id) = s.rsplit_once('~')?;
        let valid_date = date.is_empty()
            || date
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == ':' || c == ' ' || c == 'T');
        if !valid_date || date.len() > 32 {
            return None;
        }
        Some(Cursor {
            date: date.to_string(),
            id: id.parse().ok()?,
        })
    }
}

/// The sort key of an event, as a SQL expression: undated events sort first.
pub(crate) const SORT_DATE: &str = "coalesce(e.date_start, '')";

impl EventFilter {
    /// The WHERE conditions (joined by AND, without the `WHERE`) and their bound parameters.
    /// Values are never spliced into SQL. Empty when nothing is filtered.
    pub(crate) fn conditions(&self, dialect: Dialect) -> (Vec<String>, Vec<Value>) {
        let mut c = Conditions::default();
        if let Some(from) = self.from {
            c.push("e.date_start >= ?", [text(from.to_string())]);
        }
        if let Some(to) = self.to {
            c.push("e.date_start <= ?", [text(to.to_string())]);
        }
        if let Some(root) = &self.root {
            c.push("e.root = ?", [text(root.clone())]);
        }
        if let Some(code) = &self.code {
            c.push("substr(e.cameo, 1, ?) = ?", [chars(code), text(code)]);
        }
        if let Some(quad) = self.quad {
            c.push("e.quad = ?", [Value::Integer(quad.into())]);
        }
        if let Some(plover) = &self.plover {
            c.push("e.plover = ?", [text(plover.to_ascii_uppercase())]);
        }
        if let Some(modality) = &self.modality {
            c.push("e.modality = ?", [text(modality.to_ascii_lowercase())]);
        }
        if let Some(background) = self.background {
            c.push("e.background = ?", [Value::Integer(background.into())]);
        }
        if let Some(place) = &self.place {
            let pattern = format!("%{}%", like_escape(place));
            let like = match dialect {
                Dialect::Sqlite => "(e.place LIKE ? ESCAPE '\\' OR e.place_country = ?)",
                Dialect::Postgres => "(e.place ILIKE ? ESCAPE '\\' OR e.place_country = ?)",
            };
            c.push(like, [text(pattern), text(place.to_ascii_uppercase())]);
        }
        if let Some(actor) = &self.actor {
            let code = actor.to_ascii_uppercase();
            c.push(
                "EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id \
                 AND (substr(a.code, 1, ?) = ? OR a.country = ?))",
                [chars(&code), text(&code), text(code)],
            );
        }
        if let Some(country) = &self.country {
            let country = country.to_ascii_uppercase();
            c.push(
                "(e.place_country = ? OR EXISTS (SELECT 1 FROM event_actors a \
                 WHERE a.event_id = e.id AND a.country = ?))",
                [text(&country), text(country)],
            );
        }
        if let Some(doc) = &self.doc {
            c.push(
                "EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id AND m.doc = ?)",
                [text(doc)],
            );
        }
        if let Some(query) = &self.text {
            let matches = match dialect {
                Dialect::Sqlite => {
                    "EXISTS (SELECT 1 FROM mentions m JOIN article_search s \
                     ON s.key = m.article_key WHERE m.event_id = e.id AND s.id IN \
                     (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"
                }
                Dialect::Postgres => {
                    "EXISTS (SELECT 1 FROM mentions m JOIN articles ta ON ta.key = m.article_key \
                     WHERE m.event_id = e.id \
                     AND ta.search @@ websearch_to_tsquery('english', ?))"
                }
            };
            c.push(matches, [text(query)]);
        }
        if let Some(after) = &self.after {
            c.push(
                &format!("({SORT_DATE}, e.id) > (?, ?)"),
                [text(&after.date), Value::Integer(after.id)],
            );
        }
        (c.sql, c.params)
    }

    /// ` WHERE ...` (or nothing) with the standard order and limit, for event listings.
    pub(crate) fn to_sql(&self, dialect: Dialect) -> (String, Vec<Value>) {
        let (conds, mut params) = self.conditions(dialect);
        let mut sql = where_clause(&conds);
        sql.push_str(&format!(" ORDER BY {SORT_DATE}, e.id"));
        if let Some(limit) = self.limit {
            sql.push_str(" LIMIT ?");
            params.push(Value::Integer(limit.min(i64::MAX as usize) as i64));
        }
        (sql, params)
    }
}

/// ` WHERE a AND b ...`, or nothing when there is no condition.
pub(crate) fn where_clause(conds: &[String]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    }
}

#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    params: Vec<Value>,
}

impl Conditions {
    fn push<const N: usize>(&mut self, sql: &str, params: [Value; N]) {
        self.sql.push(sql.to_string());
        self.params.extend(params);
    }
}

fn text(s: impl AsRef<str>) -> Value {
    Value::Text(s.as_ref().to_string())
}

/// The length in characters of a prefix matched with `substr(col, 1, n) = prefix`.
pub(crate) fn chars(s: impl AsRef<str>) -> Value {
    Value::Integer(s.as_ref().chars().count() as i64)
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        let c = Cursor {
            date: "2025-12-10".into(),
            id: 42,
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(
            Cursor::decode("~7"),
            Some(Cursor {
                date: String::new(),
                id: 7
            })
        );
        assert_eq!(Cursor::decode("2025-12-10"), None);
        assert_eq!(Cursor::decode("x'; DROP TABLE events;--~1"), None);
        assert_eq!(Cursor::decode("2025~abc"), None);
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
