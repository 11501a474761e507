//! The streaming interface every format implements.

use std::path::PathBuf;

use dyad_core::{Event, Mention};

use crate::ExportError;

/// A destination for events, written one at a time in the order given; nothing is held back
/// beyond a bounded buffer (a Parquet row group).
pub trait EventSink {
    /// Writes one event (one or more rows or lines, depending on the format).
    fn event(&mut self, e: &Event) -> Result<(), ExportError>;
    /// Flushes and closes the output; says what was written.
    fn finish(self: Box<Self>) -> Result<ExportSummary, ExportError>;
}

/// A destination for mentions (the GDELT mentions table).
pub trait MentionSink {
    /// Writes one mention (one row per GDELT event row of its event).
    fn mention(&mut self, m: &Mention) -> Result<(), ExportError>;
    /// Flushes and closes the output; says what was written.
    fn finish(self: Box<Self>) -> Result<ExportSummary, ExportError>;
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Events (or mentions) received.
    pub records: u64,
    /// Rows or lines written (a reciprocal event is two GDELT rows).
    pub rows: u64,
    /// Directed dyads beyond the per-event limit of the GDELT formats, not written.
    pub dyads_dropped: u64,
    /// Files written, for the formats that write files (Parquet).
    pub files: Vec<PathBuf>,
}
