//! A scorer's result: metrics and counts, as JSON and as a table.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

/// Named metrics (fractions) and counts of one evaluation run.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub kind: String,
    pub gold: String,
    pub items: usize,
    pub metrics: BTreeMap<String, f64>,
    pub counts: BTreeMap<String, usize>,
}

impl Report {
    pub fn new(kind: &str, gold: &str, items: usize) -> Report {
        Report {
            kind: kind.into(),
            gold: gold.into(),
            items,
            metrics: BTreeMap::new(),
            counts: BTreeMap::new(),
        }
    }

    pub fn metric(&mut self, name: &str, value: f64) {
        self.metrics
            .insert(name.into(), (value * 10_000.0).round() / 10_000.0);
    }

    pub fn count(&mut self, name: &str, value: usize) {
        self.counts.insert(name.into(), value);
    }

    /// One JSON line.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A readable table of the metrics.
    pub fn to_table(&self) -> String {
        let mut out = format!("{} on {} ({} items)\n", self.kind, self.gold, self.items);
        let width = self
            .metrics
            .keys()
            .chain(self.counts.keys())
            .map(String::len)
            .max()
            .unwrap_or(0);
        for (name, value) in &self.metrics {
            let _ = writeln!(out, "  {name:<width$}  {value:.4}");
        }
        for (name, value) in &self.counts {
            let _ = writeln!(out, "  {name:<width$}  {value}");
        }
        out
    }
}
