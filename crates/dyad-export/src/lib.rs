//! dyad-export: dyad's events in the formats event-data users already read.
//!
//! Why a separate crate: researchers have a decade of tooling for GDELT's tab-separated tables,
//! the PLOVER/POLECAT JSON records, CSV and Parquet. The store's own shape (merged [`Event`]s
//! and their [`Mention`]s, `dyad-core::dataset`) maps onto each of those with conventions —
//! GDELT wants one actor per side, FIPS country codes, integer ids; Parquet wants typed columns
//! and bounded row groups — and those conventions belong in one place, tested, with no store or
//! CLI attached. Every writer streams: it takes events one at a time in the order given and
//! holds at most a bounded buffer.
//!
//! Formats ([`Format`]): the GDELT 2.0 event table (61 columns) and mentions table (16 columns,
//! [`GdeltMentionWriter`]), PLOVER JSON lines, CSV, Parquet (one file or partitioned by month),
//! and dyad's own JSON lines. The conventions and deviations from GDELT are documented in
//! `docs/exports.md`.
//!
//! ```no_run
//! use dyad_export::{event_sink, Format, Output};
//! # fn events() -> Vec<dyad_core::Event> { Vec::new() }
//! let mut sink = event_sink(Format::Gdelt, Output::Writer(Box::new(std::io::stdout())))?;
//! for e in events() {
//!     sink.event(&e)?;
//! }
//! let summary = sink.finish()?;
//! eprintln!("{} rows", summary.rows);
//! # Ok::<(), dyad_export::ExportError>(())
//! ```

mod actor;
mod columns;
mod csv_out;
mod dyads;
mod error;
mod event_index;
mod fields;
mod fips;
mod gdelt;
mod gdelt_geo;
mod gdelt_mentions;
mod jsonl;
mod lines;
mod parquet_out;
mod parquet_schema;
mod plover;
mod sink;
#[cfg(test)]
mod test_support;

use std::io::Write;
use std::path::PathBuf;

pub use csv_out::{csv_columns, CsvWriter};
pub use dyads::ROWS_PER_EVENT;
pub use error::ExportError;
pub use event_index::EventIndex;
pub use gdelt::{GdeltEventWriter, GDELT_EVENT_COLUMNS};
pub use gdelt_mentions::{GdeltMentionWriter, GDELT_MENTION_COLUMNS};
pub use jsonl::JsonlWriter;
pub use parquet_out::{parquet_row_count, ParquetOptions, ParquetWriter, UNKNOWN_MONTH};
pub use plover::{PloverWriter, CODER};
pub use sink::{EventSink, ExportSummary, MentionSink};

#[cfg(doc)]
use dyad_core::{Event, Mention};

/// An event format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GDELT 2.0 event table (tab-separated, 61 columns, no header).
    Gdelt,
    /// PLOVER JSON lines.
    Plover,
    /// CSV with a header.
    Csv,
    /// dyad's own JSON lines (the `Event` shape).
    Jsonl,
    /// Parquet: one file, or a directory partitioned by month.
    Parquet(ParquetOptions),
}

impl Format {
    /// The format's name on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Format::Gdelt => "gdelt",
            Format::Plover => "plover",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Parquet(_) => "parquet",
        }
    }
}

/// Where an export goes: a stream (the text formats), or a path (Parquet).
pub enum Output {
    Writer(Box<dyn Write>),
    Path(PathBuf),
}

/// A writer for `format` into `out`. Text formats need [`Output::Writer`] (wrap files in a
/// `BufWriter`); Parquet needs [`Output::Path`].
pub fn event_sink(format: Format, out: Output) -> Result<Box<dyn EventSink>, ExportError> {
    match (format, out) {
        (Format::Parquet(options), Output::Path(path)) => {
            Ok(Box::new(ParquetWriter::create(&path, options)?))
        }
        (Format::Parquet(_), Output::Writer(_)) => Err(ExportError::NeedsPath("parquet")),
        (_, Output::Path(_)) => Err(ExportError::NeedsWriter(format.name())),
        (Format::Gdelt, Output::Writer(w)) => Ok(Box::new(GdeltEventWriter::new(w))),
        (Format::Plover, Output::Writer(w)) => Ok(Box::new(PloverWriter::new(w))),
        (Format::Csv, Output::Writer(w)) => Ok(Box::new(CsvWriter::new(w)?)),
        (Format::Jsonl, Output::Writer(w)) => Ok(Box::new(JsonlWriter::new(w))),
    }
}

/// A writer of the GDELT mentions table into `out`; `index` holds the exported events (their
/// first-seen times and GDELT rows), built with [`EventIndex::add`].
pub fn mention_sink(out: Box<dyn Write>, index: EventIndex) -> Box<dyn MentionSink> {
    Box::new(GdeltMentionWriter::new(out, index))
}
