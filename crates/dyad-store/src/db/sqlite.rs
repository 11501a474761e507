//! [`super::Db`] on SQLite: prepared statements from rusqlite's cache, and a per-statement time
//! limit enforced by a progress handler.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params_from_iter, Connection};

use super::{Row, Value};
use crate::StoreError;

/// A SQLite connection with an optional time limit per statement.
pub(crate) struct SqliteConn {
    pub conn: Connection,
    /// When the running statement must stop (milliseconds since the epoch; 0: never).
    deadline: Arc<AtomicU64>,
    timeout: Cell<Option<Duration>>,
}

/// SQLite calls the progress handler every this many virtual-machine steps.
const STEPS_PER_CHECK: i32 = 10_000;

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl SqliteConn {
    pub fn new(conn: Connection) -> SqliteConn {
        SqliteConn {
            conn,
            deadline: Arc::new(AtomicU64::new(0)),
            timeout: Cell::new(None),
        }
    }

    /// Interrupts any statement that runs longer than `limit` (`None`: no limit).
    pub fn set_timeout(&self, limit: Option<Duration>) -> Result<(), StoreError> {
        self.timeout.set(limit);
        let deadline = self.deadline.clone();
        self.conn.progress_handler(
            STEPS_PER_CHECK,
            limit.map(|_| {
                move || {
                    let end = deadline.load(Ordering::Relaxed);
                    end != 0 && now_ms() > end
                }
            }),
        )?;
        Ok(())
    }

    /// Starts the clock of the next statement.
    fn arm(&self) {
        let end = self
            .timeout
            .get()
            .map_or(0, |t| now_ms() + t.as_millis() as u64);
        self.deadline.store(end, Ordering::Relaxed);
    }
}

pub(super) fn execute(s: &SqliteConn, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
    s.arm();
    let c = &s.conn;
    let mut stmt = c.prepare_cached(sql)?;
    if stmt.column_count() > 0 {
        // A SELECT (or an INSERT ... RETURNING) run for its effect: step through its rows.
        let readonly = stmt.readonly();
        let mut rows = stmt.query(params_from_iter(args))?;
        while rows.next()?.is_some() {}
        return Ok(if readonly { 0 } else { c.changes() });
    }
    Ok(stmt.execute(params_from_iter(args))? as u64)
}

pub(super) fn each(
    s: &SqliteConn,
    sql: &str,
    args: &[Value],
    f: &mut dyn FnMut(Row) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    s.arm();
    let mut stmt = s.conn.prepare_cached(sql)?;
    let width = stmt.column_count();
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut seen = 0;
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(Value::from(row.get_ref(i)?));
        }
        seen += 1;
        f(Row(values))?;
    }
    Ok(seen)
}
