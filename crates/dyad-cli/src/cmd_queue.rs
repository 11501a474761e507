//! `dyad queue`: the work queue of a PostgreSQL store. `add` enqueues units (a WARC file, an
//! articles JSONL file, a feed file, a directory of pages: one unit per path given), `status`
//! shows where they stand, `retry` gives failed units another round. `dyad worker` codes them.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use dyad_store::{NewUnit, Store, UnitRow, UnitStatus};

use crate::args::StoreArg;

#[derive(Args)]
pub struct QueueArgs {
    #[command(flatten)]
    pub store: StoreArg,
    #[command(subcommand)]
    pub command: QueueCommand,
}

#[derive(Subcommand)]
pub enum QueueCommand {
    /// Enqueue units of work: each path (file or directory) is one unit. Paths are stored
    /// absolute: every worker must see the inputs at the same path (shared storage).
    Add {
        /// Files or directories to enqueue.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Attempts before a unit that keeps failing is parked as failed.
        #[arg(long, default_value_t = 3)]
        max_attempts: u32,
    },
    /// Units by status, then each unit that is not done (or every unit with --all).
    Status {
        /// List done units too.
        #[arg(long)]
        all: bool,
    },
    /// Put failed units back in the queue with their attempts reset.
    Retry,
}

pub fn run(args: QueueArgs) -> Result<bool> {
    let location = &args.store.store;
    if !location.is_postgres() {
        bail!("the work queue needs a PostgreSQL store: pass --store postgres://user@host:port/db (or set DYAD_STORE)");
    }
    let store =
        Store::open_at(location).with_context(|| format!("cannot open store {location}"))?;
    let mut out = io::stdout().lock();
    match args.command {
        QueueCommand::Add {
            paths,
            max_attempts,
        } => {
            let units = paths
                .iter()
                .map(|p| unit_of(p))
                .collect::<Result<Vec<_>>>()?;
            let added = store.queue_add(&units, max_attempts)?;
            writeln!(
                out,
                "queued {added} unit(s); {} already in the queue",
                units.len() as u64 - added
            )?;
        }
        QueueCommand::Status { all } => {
            let report = status_report(&store, all)?;
            crate::cmd_events::finish(out.write_all(report.as_bytes()))?;
        }
        QueueCommand::Retry => {
            let n = store.queue_retry_failed()?;
            writeln!(out, "{n} failed unit(s) queued again")?;
        }
    }
    Ok(true)
}

/// A unit for an existing path, made absolute.
fn unit_of(path: &Path) -> Result<NewUnit> {
    let absolute = path
        .canonicalize()
        .with_context(|| format!("cannot queue {}", path.display()))?;
    Ok(NewUnit {
        path: absolute.display().to_string(),
    })
}

/// The status table (built whole, then written: a closed pipe ends it quietly).
fn status_report(store: &Store, all: bool) -> Result<String> {
    let mut out = String::new();
    let c = store.queue_counts()?;
    writeln!(
        out,
        "units: {} pending, {} running, {} done, {} failed",
        c.pending, c.running, c.done, c.failed
    )?;
    let units = store.queue_units(None)?;
    let shown: Vec<&UnitRow> = units
        .iter()
        .filter(|u| all || u.status != UnitStatus::Done)
        .collect();
    if shown.is_empty() {
        return Ok(out);
    }
    writeln!(
        out,
        "{:>6}  {:<8} {:>8}  {:>8} {:>8}  {:<24}  PATH / LAST ERROR",
        "ID", "STATUS", "ATTEMPTS", "ARTICLES", "MENTIONS", "WORKER"
    )?;
    for u in shown {
        writeln!(
            out,
            "{:>6}  {:<8} {:>5}/{:<2}  {:>8} {:>8}  {:<24}  {}",
            u.id,
            u.status.as_str(),
            u.attempts,
            u.max_attempts,
            count(u.articles),
            count(u.mentions),
            u.worker.as_deref().unwrap_or("-"),
            u.path
        )?;
        if let Some(error) = &u.last_error {
            writeln!(out, "{:>60}  {error}", "")?;
        }
    }
    Ok(out)
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "-".to_string(), |n| n.to_string())
}
