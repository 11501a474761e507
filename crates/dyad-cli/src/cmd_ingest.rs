//! `dyad ingest`: read, code and store; print a summary.

use std::collections::BTreeMap;
use std::io::{self, Write};

use anyhow::{Context, Result};
use dyad_coder::Coder;
use dyad_store::{EventFilter, PutOutcome, Store};

use crate::args::IngestArgs;
use crate::inputs::read_inputs;
use crate::output::{write_table, write_table_header};

pub fn run(args: IngestArgs) -> Result<bool> {
    let mut store = Store::open(&args.store.store)?;
    let coder = Coder::new();
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut events_stored = 0usize;
    let mut by_root: BTreeMap<String, usize> = BTreeMap::new();
    let mut shown_docs = Vec::new();
    let mut store_error = None;
    let report = read_inputs(&args.read, &mut |article| {
        if store_error.is_some() {
            return;
        }
        let events = coder.code_article(&article);
        match store.put_article(&article, &events) {
            Ok(outcome) => {
                let label = match outcome {
                    PutOutcome::Inserted => "new",
                    PutOutcome::Replaced => "updated",
                    PutOutcome::Unchanged => "unchanged",
                };
                *outcomes.entry(label).or_default() += 1;
                if outcome != PutOutcome::Unchanged {
                    events_stored += events.len();
                    for e in &events {
                        *by_root.entry(e.event.root.clone()).or_default() += 1;
                    }
                }
                shown_docs.push(article.id.clone());
            }
            Err(e) => store_error = Some(e),
        }
    });
    if let Some(e) = store_error {
        return Err(e).context("storing failed; articles stored before the failure are complete");
    }
    let stats = store.stats()?;
    let mut out = io::stdout().lock();
    writeln!(out, "store: {}", args.store.store.display())?;
    writeln!(
        out,
        "articles read: {} ({}), events stored: {}",
        report.articles,
        outcomes
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", "),
        events_stored
    )?;
    if !by_root.is_empty() {
        let roots: Vec<String> = by_root.iter().map(|(r, n)| format!("{r}:{n}")).collect();
        writeln!(out, "events by CAMEO root: {}", roots.join(" "))?;
    }
    if report.failed() > 0 {
        let reasons: Vec<String> = report
            .skipped
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        writeln!(out, "skipped: {} ({})", report.failed(), reasons.join(", "))?;
    }
    writeln!(
        out,
        "store now holds {} articles and {} events",
        stats.articles, stats.events
    )?;
    if args.show {
        writeln!(out)?;
        write_table_header(&mut out)?;
        for doc in shown_docs {
            let filter = EventFilter {
                doc: Some(doc),
                ..EventFilter::default()
            };
            store.for_each_event(&filter, &mut |e| write_table(&mut out, &e))?;
        }
    }
    Ok(report.failed() == 0)
}
