//! JSON lines of the dataset view: one [`Event`] per line as `dyad-core` serialises it (the
//! lead mention's full event record, its article and the counts).

use std::io::Write;

use dyad_core::Event;

use crate::{EventSink, ExportError, ExportSummary};

/// Writes events as JSON lines.
pub struct JsonlWriter<W: Write> {
    out: W,
    summary: ExportSummary,
}

impl<W: Write> JsonlWriter<W> {
    pub fn new(out: W) -> Self {
        JsonlWriter {
            out,
            summary: ExportSummary::default(),
        }
    }
}

impl<W: Write> EventSink for JsonlWriter<W> {
    fn event(&mut self, e: &Event) -> Result<(), ExportError> {
        self.summary.records += 1;
        serde_json::to_writer(&mut self.out, e)?;
        self.out.write_all(b"\n")?;
        self.summary.rows += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<ExportSummary, ExportError> {
        self.out.flush()?;
        Ok(self.summary)
    }
}
