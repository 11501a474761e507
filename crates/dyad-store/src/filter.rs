//! Event filters shared by `dyad events`, `dyad export` and (later) the HTTP API.

use chrono::NaiveDate;
use rusqlite::types::Value;

/// Which events to return. Every condition is optional; all given conditions must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Events whose date starts on or after this day.
    pub from: Option<NaiveDate>,
    /// Events whose date starts on or before this day.
    pub to: Option<NaiveDate>,
    /// An actor code or its prefix (`USA` matches `USAGOV` and `USAMIL`), on either side.
    pub actor: Option<String>,
    /// A two-digit CAMEO root ("17").
    pub root: Option<String>,
    /// Only events of this article id.
    pub doc: Option<String>,
    pub limit: Option<usize>,
}

impl EventFilter {
    /// The WHERE clause and its bound parameters (values are never spliced into SQL).
    pub(crate) fn to_sql(&self) -> (String, Vec<Value>) {
        let mut clauses = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        if let Some(from) = self.from {
            clauses.push("e.date_start >= ?");
            params.push(Value::Text(from.to_string()));
        }
        if let Some(to) = self.to {
            clauses.push("e.date_start <= ?");
            params.push(Value::Text(to.to_string()));
        }
        if let Some(root) = &self.root {
            clauses.push("e.root = ?");
            params.push(Value::Text(root.clone()));
        }
        if let Some(doc) = &self.doc {
            clauses.push("e.doc = ?");
            params.push(Value::Text(doc.clone()));
        }
        if let Some(actor) = &self.actor {
            clauses.push(
                "EXISTS (SELECT 1 FROM event_actors a WHERE a.event_pk = e.pk \
                 AND (substr(a.code, 1, length(?)) = ? OR a.country = ?))",
            );
            let code = actor.to_ascii_uppercase();
            params.push(Value::Text(code.clone()));
            params.push(Value::Text(code.clone()));
            params.push(Value::Text(code));
        }
        let mut sql = String::new();
        if !clauses.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&clauses.join(" AND "));
        }
        sql.push_str(" ORDER BY e.date_start, e.doc, e.sentence, e.pk");
        if let Some(limit) = self.limit {
            sql.push_str(" LIMIT ?");
            params.push(Value::Integer(limit as i64));
        }
        (sql, params)
    }
}
