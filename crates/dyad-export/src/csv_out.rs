//! CSV: one row per event with a header, the columns of [`crate::columns`], RFC 4180 quoting
//! (the `csv` crate): fields holding commas, quotes or line breaks are quoted.

use std::io::Write;

use dyad_core::Event;

use crate::columns::{to_text, COLUMNS};
use crate::{EventSink, ExportError, ExportSummary};

/// The CSV header: the column names in order.
pub fn csv_columns() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.name).collect()
}

/// Writes the CSV table.
pub struct CsvWriter<W: Write> {
    out: csv::Writer<W>,
    summary: ExportSummary,
}

impl<W: Write> CsvWriter<W> {
    /// Creates the writer and writes the header.
    pub fn new(out: W) -> Result<Self, ExportError> {
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        out.write_record(csv_columns())?;
        Ok(CsvWriter {
            out,
            summary: ExportSummary::default(),
        })
    }
}

impl<W: Write> EventSink for CsvWriter<W> {
    fn event(&mut self, e: &Event) -> Result<(), ExportError> {
        self.summary.records += 1;
        self.out
            .write_record(COLUMNS.iter().map(|c| to_text(&(c.get)(e))))?;
        self.summary.rows += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<ExportSummary, ExportError> {
        self.out.flush()?;
        Ok(self.summary)
    }
}
