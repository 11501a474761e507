//! Reading the knowledge tables: tab-separated, one header line, `|` between list values.

use std::collections::HashMap;

use chrono::NaiveDate;
use thiserror::Error;

/// A problem in a knowledge table, naming the table and line.
#[derive(Debug, Error, PartialEq)]
#[error("{table} line {line}: {reason}")]
pub struct TableError {
    pub table: String,
    pub line: usize,
    pub reason: String,
}

/// One data row, addressed by column name.
pub(crate) struct Row<'a> {
    pub line: usize,
    cells: HashMap<&'a str, &'a str>,
}

impl<'a> Row<'a> {
    /// The cell's trimmed text, empty when the column is missing.
    pub fn get(&self, column: &str) -> &'a str {
        self.cells.get(column).map(|c| c.trim()).unwrap_or("")
    }

    pub fn opt(&self, column: &str) -> Option<String> {
        let v = self.get(column);
        (!v.is_empty()).then(|| v.to_string())
    }

    /// The `|`-separated values of a cell.
    pub fn list(&self, column: &str) -> Vec<&'a str> {
        self.get(column)
            .split('|')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn float(&self, column: &str) -> Option<f64> {
        self.get(column).parse().ok()
    }

    pub fn date(&self, column: &str) -> Result<Option<NaiveDate>, String> {
        let v = self.get(column);
        if v.is_empty() {
            return Ok(None);
        }
        dyad_core::parse_iso_date(v).map(Some)
    }
}

/// Splits a table into rows, skipping blank lines and `#` comments.
pub(crate) fn rows(tsv: &str) -> impl Iterator<Item = Row<'_>> {
    let mut lines = tsv.lines().enumerate().filter(|(_, l)| !l.starts_with('#'));
    let header: Vec<&str> = lines
        .next()
        .map(|(_, h)| h.split('\t').map(str::trim).collect())
        .unwrap_or_default();
    lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(move |(i, line)| Row {
            line: i + 1,
            cells: header.iter().copied().zip(line.split('\t')).collect(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_by_column_name() {
        let t = "# comment\na\tb\n\nx\ty|z\n";
        let rows: Vec<_> = rows(t).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get("a"), "x");
        assert_eq!(rows[0].list("b"), vec!["y", "z"]);
        assert_eq!(rows[0].get("missing"), "");
        assert_eq!(rows[0].line, 4);
    }
}
