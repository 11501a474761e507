//! `dyad export`: stored events in the standard event-data formats (GDELT 2.0 events and
//! mentions, PLOVER JSON lines, CSV, Parquet, dyad's JSON lines), streaming, with the same
//! filters as `dyad events`. The formats live in `dyad-export`; see `docs/exports.md`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dyad_export::{
    event_sink, mention_sink, EventIndex, ExportError, ExportSummary, Format, Output,
    ParquetOptions,
};
use dyad_store::{EventFilter, Store, StoreError};

use crate::args::{FilterArgs, StoreArg};
use crate::cmd_events::{filter_of, open};

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Export format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file, or directory with `--partition month` (standard output when absent;
    /// required for parquet).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Parquet only: a directory partitioned by event month (`event_month=YYYY-MM/`).
    #[arg(long, value_enum)]
    pub partition: Option<Partition>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum ExportFormat {
    /// GDELT 2.0 event table: 61 tab-separated columns, one row per directed dyad.
    Gdelt,
    /// GDELT 2.0 mentions table: 16 tab-separated columns.
    GdeltMentions,
    /// PLOVER JSON lines.
    Plover,
    /// CSV, one row per event, with a header.
    Csv,
    /// Parquet (needs --out).
    Parquet,
    /// dyad's own JSON lines (merged events with their lead record).
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum Partition {
    Month,
}

pub fn run(args: ExportArgs) -> Result<bool> {
    check(&args)?;
    let store = open(&args.store.store)?;
    let filter = filter_of(&args.filter, None);
    let summary = match args.format {
        ExportFormat::GdeltMentions => export_mentions(&store, &filter, args.out.as_deref())?,
        _ => export_events(&store, &filter, &args)?,
    };
    if let Some(path) = &args.out {
        report(&summary, path);
    }
    Ok(true)
}

/// Rejects flag combinations the formats cannot honour, before anything is opened.
fn check(args: &ExportArgs) -> Result<()> {
    let parquet = args.format == ExportFormat::Parquet;
    if parquet && args.out.is_none() {
        bail!("--format parquet writes files: give --out PATH (a file, or a directory with --partition month)");
    }
    if args.partition.is_some() && !parquet {
        bail!("--partition applies only to --format parquet");
    }
    Ok(())
}

fn format_of(args: &ExportArgs) -> Format {
    match args.format {
        ExportFormat::Gdelt | ExportFormat::GdeltMentions => Format::Gdelt,
        ExportFormat::Plover => Format::Plover,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Parquet => Format::Parquet(ParquetOptions {
            partition_month: args.partition == Some(Partition::Month),
            ..ParquetOptions::default()
        }),
    }
}

/// A buffered writer on the file, or on standard output.
fn writer(out: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

fn export_events(store: &Store, filter: &EventFilter, args: &ExportArgs) -> Result<ExportSummary> {
    let format = format_of(args);
    let output = match (format, &args.out) {
        (Format::Parquet(_), Some(path)) => Output::Path(path.clone()),
        _ => Output::Writer(writer(args.out.as_deref())?),
    };
    let mut sink = event_sink(format, output)?;
    let mut failure = None;
    let streamed = store.for_each_event(filter, &mut |e| {
        sink.event(&e).map_err(|err| stop(&mut failure, err))
    });
    finish(streamed, failure, || sink.finish())
}

fn export_mentions(
    store: &Store,
    filter: &EventFilter,
    out: Option<&Path>,
) -> Result<ExportSummary> {
    // The mentions table needs each event's first-seen time and rows: one pass over the events.
    let mut index = EventIndex::new();
    store.for_each_event(filter, &mut |e| {
        index.add(&e);
        Ok(())
    })?;
    let mut sink = mention_sink(writer(out)?, index);
    let mut failure = None;
    let streamed = store.for_each_mention(filter, &mut |m| {
        sink.mention(&m).map_err(|err| stop(&mut failure, err))
    });
    finish(streamed, failure, || sink.finish())
}

/// Keeps the export error that stopped the store's stream, which reports it only as the I/O
/// error returned here.
fn stop(failure: &mut Option<ExportError>, err: ExportError) -> io::Error {
    let io = io::Error::other(err.to_string());
    failure.get_or_insert(err);
    io
}

/// The export's result: the writer's own error when it stopped the stream, else the store's,
/// else the finished sink's; a closed standard output (`| head`) ends the export quietly.
fn finish(
    streamed: Result<u64, StoreError>,
    failure: Option<ExportError>,
    finish_sink: impl FnOnce() -> Result<ExportSummary, ExportError>,
) -> Result<ExportSummary> {
    let result = match (failure, streamed) {
        (Some(err), _) => Err(err),
        (None, Err(err)) => return Err(err.into()),
        (None, Ok(_)) => finish_sink(),
    };
    match result {
        Err(ExportError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            Ok(ExportSummary::default())
        }
        other => Ok(other?),
    }
}

fn report(summary: &ExportSummary, path: &Path) {
    eprintln!(
        "dyad: exported {} records ({} rows) to {}",
        summary.records,
        summary.rows,
        path.display()
    );
    if summary.files.len() > 1 {
        eprintln!("dyad: {} files", summary.files.len());
    }
    if summary.dyads_dropped > 0 {
        eprintln!(
            "dyad: {} directed dyads over the limit of {} rows per event were not written",
            summary.dyads_dropped,
            dyad_export::ROWS_PER_EVENT
        );
    }
}
