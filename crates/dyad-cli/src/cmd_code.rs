//! `dyad code`: read, code, print; nothing is stored.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use dyad_coder::Coder;

use crate::args::{CodeArgs, CodeFormat};
use crate::inputs::read_inputs;
use crate::output::{write_jsonl, write_table, write_table_header};
use crate::triage::in_coded_language;

/// Returns Ok(true) when every input was read.
pub fn run(args: CodeArgs) -> Result<bool> {
    let coder = Coder::new();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.format == CodeFormat::Table {
        write_table_header(&mut out)?;
    }
    let mut write_error = None;
    let report = read_inputs(&args.read, &mut |mut article| {
        if write_error.is_some() {
            return;
        }
        if !in_coded_language(&mut article) {
            let language = article.language.as_deref().unwrap_or("?");
            eprintln!(
                "dyad: not coded: {} is in language '{language}'",
                article.origin
            );
            return;
        }
        crate::pipeline::note_cut(&article);
        for event in coder.code_article(&article) {
            let written = match args.format {
                CodeFormat::Jsonl => write_jsonl(&mut out, &event),
                CodeFormat::Table => write_table(&mut out, &event),
            };
            if let Err(e) = written {
                write_error = Some(e);
                return;
            }
        }
    });
    match write_error {
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(report.failed() == 0),
        Some(e) => return Err(e.into()),
        None => {}
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(report.failed() == 0)
}
