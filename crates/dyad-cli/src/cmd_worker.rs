//! `dyad worker`: claims units from the work queue of a PostgreSQL store and codes them through
//! the same pipeline as `dyad ingest`, until stopped (or, with `--exit-when-empty`, until no unit
//! is pending or running).
//!
//! - Each claimed unit holds a lease, renewed by a heartbeat thread on its own connection; a
//!   worker killed mid-unit leaves the unit to whichever worker claims it after the lease ends.
//! - The unit is marked done in the transaction of its last article (see `pipeline.rs`).
//! - When the database goes away, the worker says so, waits with backoff until it is back,
//!   gives the unit in hand back to the queue (the attempt is not counted) and goes on.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_coder::Coder;
use dyad_store::{Claim, ConnectRetry, Store, StoreError, StoreLocation};

use crate::args::{InputArg, ReadArgs, StoreArg};
use crate::cmd_watch::{install_stop_handler, parse_seconds};
use crate::inputs::read_items;
use crate::pipeline::{Pipeline, PipelineOptions, Summary};

#[derive(Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Coding threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Stop when no unit is pending or running (instead of waiting for more).
    #[arg(long)]
    pub exit_when_empty: bool,
    /// How long a claim lasts without a heartbeat (seconds); renewed every third of it.
    #[arg(long, default_value = "60", value_parser = parse_seconds)]
    pub lease: Duration,
    /// How long to wait before asking again when the queue is empty (seconds).
    #[arg(long, default_value = "5", value_parser = parse_seconds)]
    pub poll: Duration,
    /// This worker's name in the queue (default: host name and process id).
    #[arg(long)]
    pub name: Option<String>,
    /// Code without the dependency parser (positional rules only; faster, less accurate).
    #[arg(long)]
    pub no_parse: bool,
}

/// The longest wait between two attempts to reach a database that went away.
const MAX_RECONNECT_WAIT: Duration = Duration::from_secs(30);

pub fn run(args: WorkerArgs) -> Result<bool> {
    let location = args.store.store.clone();
    if !location.is_postgres() {
        bail!("dyad worker needs a PostgreSQL store (--store postgres://…); for a SQLite file use `dyad ingest`");
    }
    let mut store =
        Store::open_at(&location).with_context(|| format!("cannot open store {location}"))?;
    let name = args.name.clone().unwrap_or_else(default_name);
    let stop = install_stop_handler()?;
    let coder = if args.no_parse {
        Coder::without_parser()
    } else {
        Coder::new()
    };
    let mut options = PipelineOptions {
        keep_docs: false,
        ..PipelineOptions::default()
    };
    if let Some(threads) = args.threads {
        options.threads = threads;
    }
    say(&name, &format!("working on {location}"));
    let mut units = 0u64;
    while !stop.load(Ordering::SeqCst) {
        let claim = match store.queue_claim(&name, args.lease) {
            Ok(claim) => claim,
            Err(e) if e.is_connection_lost() => {
                wait_for_database(&mut store, &name, &e, &stop)?;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let Some(claim) = claim else {
            if args.exit_when_empty && queue_is_drained(&mut store, &name, &stop)? {
                break;
            }
            sleep_unless_stopped(args.poll, &stop);
            continue;
        };
        units += 1;
        let unit = Unit {
            location: &location,
            coder,
            options,
            lease: args.lease,
        };
        if let Err(e) = run_unit(&mut store, &unit, &claim, &stop) {
            // Recording how the unit ended can meet a lost connection too: wait, then go on
            // (the unit's lease runs out and it is claimed again).
            match e.downcast_ref::<StoreError>() {
                Some(lost) if lost.is_connection_lost() => {
                    wait_for_database(&mut store, &name, lost, &stop)?
                }
                _ => return Err(e),
            }
        }
    }
    say(&name, &format!("stopped after {units} unit(s)"));
    Ok(true)
}

/// What every unit is coded with.
struct Unit<'a> {
    location: &'a StoreLocation,
    coder: Coder,
    options: PipelineOptions,
    lease: Duration,
}

/// Codes one claimed unit and records how it ended.
fn run_unit(store: &mut Store, unit: &Unit<'_>, claim: &Claim, stop: &AtomicBool) -> Result<()> {
    let name = &claim.worker;
    say(
        name,
        &format!(
            "unit {} (attempt {}): {}",
            claim.id, claim.attempt, claim.path
        ),
    );
    if !Path::new(&claim.path).exists() {
        let reason = format!("{}: no such file or directory on worker {name}", claim.path);
        store.queue_fail(claim, &reason)?;
        say(name, &format!("unit {} failed: {reason}", claim.id));
        return Ok(());
    }
    let heartbeat = Heartbeat::start(unit.location.clone(), claim.clone(), unit.lease);
    let result = code_unit(unit, claim);
    if heartbeat.stop() {
        say(
            name,
            &format!(
                "unit {}: lease lost to another worker (this run's articles are kept; \
                 storing is idempotent)",
                claim.id
            ),
        );
    }
    match result {
        Ok(summary) => finished(store, claim, &summary),
        Err(e) if e.is_connection_lost() => {
            wait_for_database(store, name, &e, stop)?;
            store.queue_release(claim, &format!("worker {name} lost the database: {e}"))?;
            say(name, &format!("unit {} given back to the queue", claim.id));
            Ok(())
        }
        Err(e) => {
            let status = store.queue_fail(claim, &e.to_string())?;
            let now = status.map_or("not ours any more", |s| s.as_str());
            say(name, &format!("unit {} failed ({now}): {e}", claim.id));
            Ok(())
        }
    }
}

/// Reads the unit's path through the pipeline; the writer marks the unit done.
fn code_unit(unit: &Unit<'_>, claim: &Claim) -> Result<Summary, StoreError> {
    let mut pipeline =
        Pipeline::start_unit(unit.location, unit.coder, unit.options, Some(claim.clone()))?;
    let read = ReadArgs {
        paths: vec![PathBuf::from(&claim.path)],
        input: InputArg::Auto,
        date: None,
    };
    let mut accepting = true;
    let skips = read_items(&read, &mut |item| match item {
        Ok(item) if accepting => accepting = pipeline.submit_item(item),
        Ok(_) => {}
        Err(e) => pipeline.skip(&e),
    });
    let mut summary = pipeline.finish()?;
    summary.skips.merge(skips);
    Ok(summary)
}

fn finished(store: &Store, claim: &Claim, summary: &Summary) -> Result<()> {
    let failed = summary.failed();
    if failed > 0 {
        let reasons: Vec<String> = summary
            .skips
            .skipped
            .iter()
            .map(|(why, n)| format!("{why}: {n}"))
            .collect();
        let note = format!("done, {failed} input(s) skipped ({})", reasons.join(", "));
        store.queue_note_skips(claim.id, failed as u64, &note)?;
    }
    let stored: usize = summary.outcomes.values().sum();
    say(
        &claim.worker,
        &format!(
            "unit {} done: {} article(s) read, {stored} stored, {} mention(s), {failed} skipped, \
             {:.1} s",
            claim.id,
            summary.read,
            summary.events,
            summary.elapsed.as_secs_f64()
        ),
    );
    Ok(())
}

/// True when no unit is pending or running any more (a running unit may still come back when
/// its worker's lease expires).
fn queue_is_drained(store: &mut Store, name: &str, stop: &AtomicBool) -> Result<bool> {
    loop {
        match store.queue_counts() {
            Ok(c) => return Ok(c.pending == 0 && c.running == 0),
            Err(e) if e.is_connection_lost() => wait_for_database(store, name, &e, stop)?,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Reports the lost connection, then reconnects with backoff until the database answers again
/// (or the worker is stopped).
fn wait_for_database(
    store: &mut Store,
    name: &str,
    error: &StoreError,
    stop: &AtomicBool,
) -> Result<()> {
    say(
        name,
        &format!("lost the database ({error}); waiting for it to come back"),
    );
    let started = Instant::now();
    let mut wait = Duration::from_secs(1);
    loop {
        sleep_unless_stopped(wait, stop);
        if stop.load(Ordering::SeqCst) {
            bail!("stopped while waiting for the database");
        }
        match store.reconnect() {
            Ok(()) => {
                say(
                    name,
                    &format!(
                        "the database is back after {:.0} s; resuming",
                        started.elapsed().as_secs_f64()
                    ),
                );
                return Ok(());
            }
            Err(e) if e.is_connection_lost() => {
                say(name, &format!("still waiting for the database: {e}"));
            }
            Err(e) => return Err(e.into()),
        }
        wait = (wait * 2).min(MAX_RECONNECT_WAIT);
    }
}

/// Renews a claim's lease every third of the lease on its own connection.
struct Heartbeat {
    stop: Arc<AtomicBool>,
    lost: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl Heartbeat {
    fn start(location: StoreLocation, claim: Claim, lease: Duration) -> Heartbeat {
        let stop = Arc::new(AtomicBool::new(false));
        let lost = Arc::new(AtomicBool::new(false));
        let (stop_flag, lost_flag) = (stop.clone(), lost.clone());
        let thread = std::thread::spawn(move || {
            let mut store: Option<Store> = None;
            while !stop_flag.load(Ordering::SeqCst) {
                sleep_unless_stopped(lease / 3, &stop_flag);
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                if store.is_none() {
                    store = Store::open_at_with(&location, ConnectRetry::once()).ok();
                }
                match store.as_ref().map(|s| s.queue_heartbeat(&claim, lease)) {
                    Some(Ok(true)) => {}
                    Some(Ok(false)) => {
                        lost_flag.store(true, Ordering::SeqCst);
                        break;
                    }
                    // The database is away: the coding side will find out; try again later.
                    Some(Err(_)) | None => store = None,
                }
            }
        });
        Heartbeat { stop, lost, thread }
    }

    /// Stops the heartbeat; true when the lease was lost to another worker.
    fn stop(self) -> bool {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.thread.join();
        self.lost.load(Ordering::SeqCst)
    }
}

/// Sleeps for `d`, waking early when `stop` is set.
fn sleep_unless_stopped(d: Duration, stop: &AtomicBool) {
    let end = Instant::now() + d;
    while !stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if now >= end {
            break;
        }
        std::thread::sleep((end - now).min(Duration::from_millis(100)));
    }
}

/// `host:pid`, unique among the workers of a cluster.
fn default_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "worker".to_string());
    format!("{host}:{}", std::process::id())
}

fn say(name: &str, what: &str) {
    eprintln!(
        "{} dyad worker {name}: {what}",
        chrono::Utc::now().format("%H:%M:%S")
    );
}
