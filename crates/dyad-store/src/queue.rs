//! The work queue of a PostgreSQL store (`dyad queue`, `dyad worker`): units of input (a WARC
//! file, an articles JSONL file, a directory of pages, a feed file) that any number of workers
//! on any number of machines claim, code and store.
//!
//! - A worker claims the oldest claimable unit with `SELECT … FOR UPDATE SKIP LOCKED`, so two
//!   workers never claim the same unit and never wait for each other.
//! - A claim is a lease: the worker renews it by heartbeat ([`Store::queue_heartbeat`]). A
//!   worker that dies (SIGKILL, power loss) stops renewing; once the lease has expired the unit
//!   is claimable again. Articles are keyed by content, so a unit coded twice stores nothing
//!   twice.
//! - A unit is marked done in the same transaction as its last article
//!   ([`Store::put_article_finishing`]), or on its own when it stored nothing.
//! - Each claim counts an attempt; a unit whose attempts reach its limit is parked as `failed`
//!   with its last error (a unit that crashes its worker every time ends there too).

use std::time::Duration;

use dyad_core::{Article, EventRecord};

use crate::copies::ArticleMeta;
use crate::db::{args, Db, Dialect, Row, Tx};
use crate::store::PutOutcome;
use crate::{Store, StoreError};

/// Where a unit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitStatus {
    Pending,
    Running,
    Done,
    Failed,
}

impl UnitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Pending => "pending",
            UnitStatus::Running => "running",
            UnitStatus::Done => "done",
            UnitStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<UnitStatus> {
        Some(match s {
            "pending" => UnitStatus::Pending,
            "running" => UnitStatus::Running,
            "done" => UnitStatus::Done,
            "failed" => UnitStatus::Failed,
            _ => return None,
        })
    }
}

/// A unit to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    /// The input, as workers will open it: an absolute path on storage every worker sees.
    pub path: String,
}

/// A unit claimed by a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: i64,
    pub path: String,
    /// This claim's attempt number, from 1.
    pub attempt: u32,
    pub worker: String,
}

/// A unit as `dyad queue status` lists it (times as the server writes them).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub id: i64,
    pub path: String,
    pub status: UnitStatus,
    pub attempts: u32,
    pub max_attempts: u32,
    pub worker: Option<String>,
    pub lease_until: Option<String>,
    pub last_error: Option<String>,
    pub added_at: String,
    pub finished_at: Option<String>,
    /// Articles and mentions stored, and inputs skipped, by the run that finished it (whose
    /// worker stays in `worker`).
    pub articles: Option<u64>,
    pub mentions: Option<u64>,
    pub skipped: Option<u64>,
}

/// Units by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnitCounts {
    pub pending: u64,
    pub running: u64,
    pub done: u64,
    pub failed: u64,
}

/// What a finished unit stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnitTotals {
    pub articles: u64,
    pub mentions: u64,
    pub skipped: u64,
}

const UNIT_COLUMNS: &str = "id, path, status, attempts, max_attempts, worker, \
     CAST(lease_until AS TEXT), last_error, CAST(added_at AS TEXT), CAST(finished_at AS TEXT), \
     articles, mentions, skipped";

fn unit_row(r: Row) -> Result<UnitRow, StoreError> {
    let status = r.text(2)?;
    Ok(UnitRow {
        id: r.int(0)?,
        path: r.text(1)?,
        status: UnitStatus::parse(&status)
            .ok_or_else(|| StoreError::Type(format!("unit status {status:?}")))?,
        attempts: small(r.int(3)?),
        max_attempts: small(r.int(4)?),
        worker: r.opt_text(5)?,
        lease_until: r.opt_text(6)?,
        last_error: r.opt_text(7)?,
        added_at: r.text(8)?,
        finished_at: r.opt_text(9)?,
        articles: r.opt_int(10)?.map(|n| n.max(0) as u64),
        mentions: r.opt_int(11)?.map(|n| n.max(0) as u64),
        skipped: r.opt_int(12)?.map(|n| n.max(0) as u64),
    })
}

fn small(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

fn seconds(d: Duration) -> f64 {
    d.as_secs_f64().max(1.0)
}

impl Store {
    fn queue_db(&self) -> Result<&Db, StoreError> {
        match self.db.dialect() {
            Dialect::Postgres => Ok(&self.db),
            Dialect::Sqlite => Err(StoreError::Unsupported(format!(
                "the work queue needs a PostgreSQL store (--store postgres://…); {} is a SQLite \
                 file: code it with `dyad ingest` instead",
                self.location()
            ))),
        }
    }

    /// Enqueues units; a path already queued (whatever its status) is left as it is. Returns
    /// how many were added.
    pub fn queue_add(&self, units: &[NewUnit], max_attempts: u32) -> Result<u64, StoreError> {
        let db = self.queue_db()?;
        let tx = db.begin(false)?;
        let mut added = 0;
        for unit in units {
            added += tx.execute(
                "INSERT INTO work_units (path, max_attempts) VALUES (?, ?)
                 ON CONFLICT (path) DO NOTHING",
                &args![unit.path, max_attempts.max(1)],
            )?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Claims the oldest unit that is pending, or running under an expired lease, for `worker`
    /// with a lease of `lease`; `None` when there is nothing to claim. Units whose expired
    /// leases have used up their attempts are parked as failed first.
    pub fn queue_claim(&self, worker: &str, lease: Duration) -> Result<Option<Claim>, StoreError> {
        let db = self.queue_db()?;
        let tx = db.begin(false)?;
        tx.execute(
            "UPDATE work_units SET status = 'failed', worker = NULL, lease_until = NULL,
                 finished_at = now(),
                 last_error = 'gave up after ' || attempts || ' attempts; the last worker ('
                     || coalesce(worker, '?') || ') stopped renewing its lease'
                     || coalesce('; before that: ' || last_error, '')
             WHERE status = 'running' AND lease_until < now() AND attempts >= max_attempts",
            &[],
        )?;
        let found = tx.row(
            "SELECT id, path, attempts, status, worker FROM work_units
             WHERE (status = 'pending' OR (status = 'running' AND lease_until < now()))
               AND attempts < max_attempts
             ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
            &[],
        )?;
        let Some(row) = found else {
            tx.commit()?;
            return Ok(None);
        };
        let (id, path, attempts) = (row.int(0)?, row.text(1)?, row.int(2)?);
        let expired = row.text(3)? == "running";
        let previous = row.opt_text(4)?.unwrap_or_default();
        let note = expired.then(|| format!("lease of worker {previous} expired"));
        tx.execute(
            "UPDATE work_units SET status = 'running', worker = ?, attempts = attempts + 1,
                 lease_until = now() + make_interval(secs => ?), started_at = now(),
                 last_error = coalesce(?, last_error)
             WHERE id = ?",
            &args![worker, seconds(lease), note, id],
        )?;
        tx.commit()?;
        Ok(Some(Claim {
            id,
            path,
            attempt: small(attempts + 1),
            worker: worker.to_string(),
        }))
    }

    /// Renews a claim's lease; false when the claim is no longer this worker's (its lease
    /// expired and another worker took the unit).
    pub fn queue_heartbeat(&self, claim: &Claim, lease: Duration) -> Result<bool, StoreError> {
        let db = self.queue_db()?;
        Ok(db.execute(
            "UPDATE work_units SET lease_until = now() + make_interval(secs => ?)
             WHERE id = ? AND worker = ? AND status = 'running'",
            &args![seconds(lease), claim.id, claim.worker],
        )? > 0)
    }

    /// Records a failed attempt: the unit is pending again, or failed once its attempts are
    /// used up. Returns its new status (`None` when the claim was no longer this worker's).
    pub fn queue_fail(&self, claim: &Claim, error: &str) -> Result<Option<UnitStatus>, StoreError> {
        let db = self.queue_db()?;
        let row = db.row(
            "UPDATE work_units SET worker = NULL, lease_until = NULL, last_error = ?,
                 status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
                 finished_at = CASE WHEN attempts >= max_attempts THEN now() END
             WHERE id = ? AND worker = ? AND status = 'running' RETURNING status",
            &args![error, claim.id, claim.worker],
        )?;
        row.map(|r| Ok(UnitStatus::parse(&r.text(0)?)))
            .transpose()
            .map(Option::flatten)
    }

    /// Gives a claimed unit back without counting the attempt (the worker lost its connection
    /// to the database, which says nothing about the unit); false when it was no longer this
    /// worker's.
    pub fn queue_release(&self, claim: &Claim, note: &str) -> Result<bool, StoreError> {
        let db = self.queue_db()?;
        Ok(db.execute(
            "UPDATE work_units SET status = 'pending', worker = NULL, lease_until = NULL,
                 attempts = greatest(attempts - 1, 0), last_error = ?
             WHERE id = ? AND worker = ? AND status = 'running'",
            &args![note, claim.id, claim.worker],
        )? > 0)
    }

    /// Records the inputs a finished unit skipped (bad records, unreadable files) and why.
    pub fn queue_note_skips(&self, unit: i64, skipped: u64, note: &str) -> Result<(), StoreError> {
        let db = self.queue_db()?;
        db.execute(
            "UPDATE work_units SET skipped = ?, last_error = ? WHERE id = ?",
            &args![skipped, note, unit],
        )?;
        Ok(())
    }

    /// Marks a claimed unit done (one that stored nothing, or whose last article was already
    /// stored); false when the claim was no longer this worker's.
    pub fn queue_done(&self, claim: &Claim, totals: UnitTotals) -> Result<bool, StoreError> {
        let db = self.queue_db()?;
        let tx = db.begin(false)?;
        let marked = mark_done(&tx, claim, totals)?;
        tx.commit()?;
        Ok(marked)
    }

    /// Stores a unit's last article and marks the unit done, in one transaction.
    pub fn put_article_finishing(
        &mut self,
        article: &Article,
        events: &[EventRecord],
        meta: &ArticleMeta,
        claim: &Claim,
        totals: UnitTotals,
    ) -> Result<PutOutcome, StoreError> {
        self.queue_db()?;
        self.put_article_then(article, events, meta, &mut |tx| {
            mark_done(tx, claim, totals).map(|_| ())
        })
    }

    /// Units, oldest first; only those of `status` when given.
    pub fn queue_units(&self, status: Option<UnitStatus>) -> Result<Vec<UnitRow>, StoreError> {
        let db = self.queue_db()?;
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM work_units
             WHERE CAST(? AS TEXT) IS NULL OR status = ? ORDER BY id"
        );
        let status = status.map(UnitStatus::as_str);
        db.rows(&sql, &args![status, status], unit_row)
    }

    /// Units by status.
    pub fn queue_counts(&self) -> Result<UnitCounts, StoreError> {
        let db = self.queue_db()?;
        let mut counts = UnitCounts::default();
        let rows = db.rows(
            "SELECT status, count(*) FROM work_units GROUP BY status",
            &[],
            |r| Ok((r.text(0)?, r.count(1)?)),
        )?;
        for (status, n) in rows {
            match UnitStatus::parse(&status) {
                Some(UnitStatus::Pending) => counts.pending += n,
                Some(UnitStatus::Running) => counts.running += n,
                Some(UnitStatus::Done) => counts.done += n,
                Some(UnitStatus::Failed) => counts.failed += n,
                None => {}
            }
        }
        Ok(counts)
    }

    /// Puts failed units back in the queue with their attempts reset; returns how many.
    pub fn queue_retry_failed(&self) -> Result<u64, StoreError> {
        let db = self.queue_db()?;
        db.execute(
            "UPDATE work_units SET status = 'pending', attempts = 0, finished_at = NULL
             WHERE status = 'failed'",
            &[],
        )
    }
}

fn mark_done(tx: &Tx<'_>, claim: &Claim, totals: UnitTotals) -> Result<bool, StoreError> {
    Ok(tx.execute(
        "UPDATE work_units SET status = 'done', lease_until = NULL,
             finished_at = now(), articles = ?, mentions = ?, skipped = ?
         WHERE id = ? AND worker = ? AND status = 'running'",
        &args![
            totals.articles,
            totals.mentions,
            totals.skipped,
            claim.id,
            claim.worker
        ],
    )? > 0)
}
