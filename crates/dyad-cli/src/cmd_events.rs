//! `dyad events` (merged events or their mentions, streaming, filtered) and `dyad merge` (merge
//! the stored mentions again). `dyad export` is in `cmd_export.rs`.

use std::io::{self, BufWriter, Write};

use anyhow::{Context, Result};
use dyad_store::{EventFilter, MergeRules, Store, StoreError, StoreLocation};

use crate::args::{EventsArgs, EventsFormat, FilterArgs, MergeArgs};
use crate::output::{
    write_csv, write_csv_header, write_event_csv, write_event_csv_header, write_event_jsonl,
    write_event_table, write_event_table_header, write_table, write_table_header,
};

/// The store filter for the command-line filter flags.
pub(crate) fn filter_of(f: &FilterArgs, limit: Option<usize>) -> EventFilter {
    EventFilter {
        from: f.from,
        to: f.to,
        actor: f.actor.clone(),
        country: f.country.clone(),
        code: f.code.clone(),
        root: f.root.clone(),
        quad: f.quad,
        plover: f.plover.clone(),
        place: f.place.clone(),
        modality: f.modality.clone(),
        background: f.background,
        text: f.text.clone(),
        doc: f.doc.clone(),
        after: None,
        limit,
    }
}

/// Opens an existing store (a query never creates a SQLite file).
pub(crate) fn open(location: &StoreLocation) -> Result<Store> {
    if let Some(path) = location.file().filter(|p| !p.exists()) {
        anyhow::bail!(
            "no store at {} (run `dyad ingest` first, or pass --store)",
            path.display()
        );
    }
    Ok(Store::open_at(location)?)
}

pub fn run_events(args: EventsArgs) -> Result<bool> {
    let store = open(&args.store.store)?;
    let filter = filter_of(&args.filter, args.limit);
    let mut out = BufWriter::new(io::stdout().lock());
    if args.mentions {
        write_mentions(&store, &filter, args.format, &mut out)?;
    } else {
        write_events(&store, &filter, args.format, &mut out)?;
    }
    finish(out.flush())?;
    Ok(true)
}

fn write_events(
    store: &Store,
    filter: &EventFilter,
    format: EventsFormat,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        EventsFormat::Table => write_event_table_header(out)?,
        EventsFormat::Csv => write_event_csv_header(out)?,
        EventsFormat::Jsonl => {}
    }
    ended_quietly(store.for_each_event(filter, &mut |e| match format {
        EventsFormat::Table => write_event_table(out, &e),
        EventsFormat::Jsonl => write_event_jsonl(out, &e),
        EventsFormat::Csv => write_event_csv(out, &e),
    }))
}

fn write_mentions(
    store: &Store,
    filter: &EventFilter,
    format: EventsFormat,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        EventsFormat::Table => write_table_header(out)?,
        EventsFormat::Csv => write_csv_header(out)?,
        EventsFormat::Jsonl => {}
    }
    ended_quietly(store.for_each_mention(filter, &mut |m| match format {
        EventsFormat::Table => write_table(out, &m.record),
        EventsFormat::Jsonl => {
            serde_json::to_writer(&mut *out, &m)?;
            out.write_all(b"\n")
        }
        EventsFormat::Csv => write_csv(out, &m.record),
    }))
}

pub fn run_merge(args: MergeArgs) -> Result<bool> {
    let mut store = open(&args.store.store)?;
    store.set_merge_rules(MergeRules {
        date_window_days: args.window_days,
        ..MergeRules::default()
    });
    let mentions = store
        .remerge()
        .context("re-merging failed; the store is unchanged")?;
    let stats = store.stats()?;
    println!(
        "merged {mentions} mentions into {} events (window {} days)",
        stats.events, args.window_days
    );
    Ok(true)
}

/// A listing's result: a reader that closed the pipe (`| head`) ends it quietly; any other
/// failure, of the store or of the output, is an error.
pub(crate) fn ended_quietly(result: Result<u64, StoreError>) -> Result<()> {
    match result {
        Err(StoreError::Sink(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map(|_| ()).map_err(Into::into),
    }
}

pub(crate) fn finish(result: io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
