//! `dyad events` and `dyad export`: stored events out, streaming, with the same filters.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use anyhow::{Context, Result};
use dyad_store::{EventFilter, Store};

use crate::args::{EventsArgs, EventsFormat, ExportArgs, ExportFormat, FilterArgs};
use crate::output::{write_csv, write_csv_header, write_jsonl, write_table, write_table_header};

fn filter_of(f: &FilterArgs, limit: Option<usize>) -> EventFilter {
    EventFilter {
        from: f.from,
        to: f.to,
        actor: f.actor.clone(),
        root: f.root.clone(),
        doc: f.doc.clone(),
        limit,
    }
}

fn open(path: &std::path::Path) -> Result<Store> {
    if !path.exists() {
        anyhow::bail!(
            "no store at {} (run `dyad ingest` first, or pass --store)",
            path.display()
        );
    }
    Ok(Store::open(path)?)
}

pub fn run_events(args: EventsArgs) -> Result<bool> {
    let store = open(&args.store.store)?;
    let filter = filter_of(&args.filter, args.limit);
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        EventsFormat::Table => write_table_header(&mut out)?,
        EventsFormat::Csv => write_csv_header(&mut out)?,
        EventsFormat::Jsonl => {}
    }
    store.for_each_event(&filter, &mut |e| match args.format {
        EventsFormat::Table => write_table(&mut out, &e),
        EventsFormat::Jsonl => write_jsonl(&mut out, &e),
        EventsFormat::Csv => write_csv(&mut out, &e),
    })?;
    finish(out.flush())?;
    Ok(true)
}

pub fn run_export(args: ExportArgs) -> Result<bool> {
    let store = open(&args.store.store)?;
    let filter = filter_of(&args.filter, None);
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    if args.format == ExportFormat::Csv {
        write_csv_header(&mut out)?;
    }
    let count = store.for_each_event(&filter, &mut |e| match args.format {
        ExportFormat::Jsonl => write_jsonl(&mut out, &e),
        ExportFormat::Csv => write_csv(&mut out, &e),
    })?;
    finish(out.flush())?;
    if let Some(path) = &args.out {
        eprintln!("dyad: exported {count} events to {}", path.display());
    }
    Ok(true)
}

fn finish(result: io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
