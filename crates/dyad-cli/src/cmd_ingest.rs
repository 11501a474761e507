//! `dyad ingest`: read, code and store through the pipeline; print a summary.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};

use anyhow::{Context, Result};
use dyad_coder::Coder;
use dyad_store::{EventFilter, Store};

use crate::args::IngestArgs;
use crate::inputs::read_items;
use crate::output::{write_table, write_table_header};
use crate::pipeline::{Pipeline, PipelineOptions, Summary};

pub fn run(args: IngestArgs) -> Result<bool> {
    let mut options = PipelineOptions {
        progress_bar: io::stderr().is_terminal(),
        keep_docs: args.show,
        code: !args.no_code,
        default_date: args.read.date,
        ..PipelineOptions::default()
    };
    if let Some(threads) = args.threads {
        options.threads = threads;
    }
    let coder = if args.no_parse {
        Coder::without_parser()
    } else {
        Coder::new()
    };
    let location = &args.store.store;
    let mut pipeline = Pipeline::start(location, coder, options)
        .with_context(|| format!("cannot open store {location}"))?;
    let mut accepting = true;
    let skips = read_items(&args.read, &mut |item| match item {
        Ok(item) if accepting => accepting = pipeline.submit_item(item),
        Ok(_) => {}
        Err(e) => pipeline.skip(&e),
    });
    let mut summary = pipeline
        .finish()
        .context("storing failed; articles stored before the failure are complete")?;
    summary.skips.merge(skips);
    let store = Store::open_at(location)?;
    let mut out = io::stdout().lock();
    writeln!(out, "store: {location}")?;
    write_summary(&mut out, &summary)?;
    let stats = store.stats()?;
    writeln!(
        out,
        "store now holds {} articles, {} mentions, {} events",
        stats.articles, stats.mentions, stats.events
    )?;
    if args.show {
        writeln!(out)?;
        write_table_header(&mut out)?;
        for doc in &summary.docs {
            let filter = EventFilter {
                doc: Some(doc.clone()),
                ..EventFilter::default()
            };
            crate::cmd_events::ended_quietly(
                store.for_each_mention(&filter, &mut |m| write_table(&mut out, &m.record)),
            )?;
        }
    }
    Ok(summary.failed() == 0)
}

/// The closing summary: what was read, stored, copied, left uncoded and skipped, and how fast.
pub fn write_summary(out: &mut impl Write, summary: &Summary) -> io::Result<()> {
    let secs = summary.elapsed.as_secs_f64().max(1e-3);
    writeln!(
        out,
        "articles read: {} ({}), mentions stored: {}",
        summary.read,
        counts(&summary.outcomes),
        summary.events
    )?;
    if summary.copies > 0 {
        writeln!(
            out,
            "copies of earlier articles (linked, not coded): {}",
            summary.copies
        )?;
    }
    if !summary.not_coded_language.is_empty() {
        let n: usize = summary.not_coded_language.values().sum();
        let langs = counts(&summary.not_coded_language);
        writeln!(out, "not English (stored, not coded): {n} ({langs})")?;
    }
    if !summary.by_root.is_empty() {
        let roots: Vec<String> = summary
            .by_root
            .iter()
            .map(|(r, n)| format!("{r}:{n}"))
            .collect();
        writeln!(out, "events by CAMEO root: {}", roots.join(" "))?;
    }
    if summary.failed() > 0 {
        let n = summary.failed();
        writeln!(out, "skipped: {n} ({})", counts(&summary.skips.skipped))?;
    }
    if !summary.skips.ignored.is_empty() {
        let n: usize = summary.skips.ignored.values().sum();
        writeln!(out, "passed over: {n} ({})", counts(&summary.skips.ignored))?;
    }
    writeln!(
        out,
        "time: {secs:.1} s, {:.1} articles/s",
        summary.read as f64 / secs
    )
}

fn counts<K: std::fmt::Display>(map: &BTreeMap<K, usize>) -> String {
    map.iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}
