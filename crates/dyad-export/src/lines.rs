//! The output of the line formats (GDELT events and mentions, PLOVER, dyad's JSON lines): each
//! row is one line, counted in the [`ExportSummary`] as it is written.

use std::io::Write;

use serde::Serialize;

use crate::{ExportError, ExportSummary};

/// A stream written one line at a time, with the summary of what went into it.
pub(crate) struct Lines<W: Write> {
    out: W,
    pub(crate) summary: ExportSummary,
}

impl<W: Write> Lines<W> {
    pub(crate) fn new(out: W) -> Self {
        Lines {
            out,
            summary: ExportSummary::default(),
        }
    }

    /// One row of tab-separated fields (the GDELT tables).
    pub(crate) fn tab_row(&mut self, fields: &[String]) -> Result<(), ExportError> {
        self.out.write_all(fields.join("\t").as_bytes())?;
        self.end_line()
    }

    /// One value as a line of JSON.
    pub(crate) fn json_line<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), ExportError> {
        serde_json::to_writer(&mut self.out, value)?;
        self.end_line()
    }

    fn end_line(&mut self) -> Result<(), ExportError> {
        self.out.write_all(b"\n")?;
        self.summary.rows += 1;
        Ok(())
    }

    /// Flushes the stream; says what was written.
    pub(crate) fn finish(mut self) -> Result<ExportSummary, ExportError> {
        self.out.flush()?;
        Ok(self.summary)
    }
}
