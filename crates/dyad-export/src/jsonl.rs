//! JSON lines of the dataset view: one [`Event`] per line as `dyad-core` serialises it (the
//! lead mention's full event record, its article and the counts).

use std::io::Write;

use dyad_core::Event;

use crate::lines::Lines;
use crate::{EventSink, ExportError, ExportSummary};

/// Writes events as JSON lines.
pub struct JsonlWriter<W: Write> {
    lines: Lines<W>,
}

impl<W: Write> JsonlWriter<W> {
    pub fn new(out: W) -> Self {
        JsonlWriter {
            lines: Lines::new(out),
        }
    }
}

impl<W: Write> EventSink for JsonlWriter<W> {
    fn event(&mut self, e: &Event) -> Result<(), ExportError> {
        self.lines.summary.records += 1;
        self.lines.json_line(e)
    }

    fn finish(self: Box<Self>) -> Result<ExportSummary, ExportError> {
        self.lines.finish()
    }
}
