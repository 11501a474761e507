//! The store's connection to its database: SQLite (embedded, the default) or PostgreSQL (shared,
//! for many writers). Every query in the crate goes through [`Db`]: SQL written once with `?`
//! parameters, values as [`Value`]s, rows as [`Row`]s, so the two backends run the same
//! statements; where their SQL differs, [`Dialect`] says which to write.

mod pg;
mod placeholders;
mod sqlite;
mod value;

pub use pg::ConnectRetry;
pub(crate) use pg::{redacted, PgConn};
pub(crate) use sqlite::SqliteConn;
pub(crate) use value::{args, ToValue, Value};

use crate::StoreError;

/// Which SQL a statement must be written in where the two backends differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// An open database connection.
pub(crate) enum Db {
    Sqlite(SqliteConn),
    Postgres(PgConn),
}

/// One result row, its values in select-list order.
#[derive(Debug)]
pub(crate) struct Row(Vec<Value>);

impl Db {
    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs one statement; returns the number of rows it changed.
    pub fn execute(&self, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
        match self {
            Db::Sqlite(c) => sqlite::execute(c, sql, args),
            Db::Postgres(c) => c.execute(sql, args),
        }
    }

    /// Runs several statements separated by `;`, without parameters.
    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(c) => Ok(c.conn.execute_batch(sql)?),
            Db::Postgres(c) => c.batch(sql),
        }
    }

    /// Inserts many rows in one statement per 256 rows: `head` is `INSERT INTO t (a, b)`, each
    /// row has as many values as the columns, `tail` follows the `VALUES` list (`ON CONFLICT DO
    /// NOTHING` or nothing). One round trip instead of one per row on PostgreSQL.
    pub fn insert_rows<const N: usize>(
        &self,
        head: &str,
        rows: &[[Value; N]],
        tail: &str,
    ) -> Result<u64, StoreError> {
        let one = format!("({})", vec!["?"; N].join(", "));
        let mut inserted = 0;
        for chunk in rows.chunks(256) {
            let values = vec![one.as_str(); chunk.len()].join(", ");
            let sql = format!("{head} VALUES {values} {tail}");
            let args: Vec<Value> = chunk.iter().flatten().cloned().collect();
            inserted += self.execute(&sql, &args)?;
        }
        Ok(inserted)
    }

    /// Streams the rows of a query into `f`, stopping at its first error; returns the rows seen.
    pub fn each(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        match self {
            Db::Sqlite(c) => sqlite::each(c, sql, args, f),
            Db::Postgres(c) => c.each(sql, args, f),
        }
    }

    /// Every row of a query, each turned into a `T` by `f`.
    pub fn rows<T>(
        &self,
        sql: &str,
        args: &[Value],
        mut f: impl FnMut(Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        self.each(sql, args, &mut |row| {
            out.push(f(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, if any.
    pub fn row(&self, sql: &str, args: &[Value]) -> Result<Option<Row>, StoreError> {
        let mut first = None;
        self.each(sql, args, &mut |row| {
            if first.is_none() {
                first = Some(row);
            }
            Ok(())
        })?;
        Ok(first)
    }

    /// The first column of the first row; an error when the query returns nothing.
    pub fn value(&self, sql: &str, args: &[Value]) -> Result<Value, StoreError> {
        match self.row(sql, args)? {
            Some(row) => row.get(0),
            None => Err(StoreError::Missing(sql.lines().next().unwrap_or("").into())),
        }
    }

    /// Stops any single statement that runs longer than `limit` with [`StoreError::TimedOut`]
    /// (`None`: no limit). SQLite checks the clock every few thousand steps; PostgreSQL sets
    /// `statement_timeout` on the connection.
    pub fn set_timeout(&self, limit: Option<std::time::Duration>) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(c) => c.set_timeout(limit),
            Db::Postgres(c) => {
                let ms = limit.map_or(0, |t| t.as_millis().max(1));
                c.batch(&format!("SET statement_timeout = {ms}"))
            }
        }
    }

    /// Starts a transaction; `write` ones are serialised with every other writer of the
    /// database (SQLite `BEGIN IMMEDIATE`, a PostgreSQL transaction-level advisory lock), so
    /// merging never races another process storing the same event.
    pub fn begin(&self, write: bool) -> Result<Tx<'_>, StoreError> {
        match (self, write) {
            (Db::Sqlite(c), true) => c.conn.execute_batch("BEGIN IMMEDIATE")?,
            (Db::Sqlite(c), false) => c.conn.execute_batch("BEGIN")?,
            (Db::Postgres(c), true) => {
                c.batch("BEGIN")?;
                c.execute(
                    "SELECT pg_advisory_xact_lock(?)",
                    &[Value::Integer(WRITE_LOCK)],
                )?;
            }
            (Db::Postgres(c), false) => c.batch("BEGIN")?,
        }
        Ok(Tx {
            db: self,
            open: true,
        })
    }
}

/// The advisory lock every PostgreSQL writer of the dataset takes for its transaction.
const WRITE_LOCK: i64 = 0x6479_6164; // "dyad"

/// An open transaction: rolled back when dropped without [`Tx::commit`].
pub(crate) struct Tx<'a> {
    db: &'a Db,
    open: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<(), StoreError> {
        self.open = false;
        self.db.batch("COMMIT")
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            // The connection may be gone (that is often why we are unwinding); nothing to add.
            let _ = self.db.batch("ROLLBACK");
        }
    }
}

impl Row {
    pub fn get(&self, i: usize) -> Result<Value, StoreError> {
        self.0
            .get(i)
            .cloned()
            .ok_or_else(|| StoreError::Type(format!("no column {i}")))
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Integer(v) => Ok(Some(v)),
            Value::Real(v) if v.fract() == 0.0 => Ok(Some(v as i64)),
            other => Err(type_error(i, "an integer", &other)),
        }
    }

    pub fn int(&self, i: usize) -> Result<i64, StoreError> {
        self.opt_int(i)?
            .ok_or_else(|| type_error(i, "an integer", &Value::Null))
    }

    /// A count: negative values read as 0.
    pub fn count(&self, i: usize) -> Result<u64, StoreError> {
        Ok(self.int(i)?.max(0) as u64)
    }

    pub fn opt_real(&self, i: usize) -> Result<Option<f64>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Integer(v) => Ok(Some(v as f64)),
            Value::Real(v) => Ok(Some(v)),
            other => Err(type_error(i, "a number", &other)),
        }
    }

    pub fn real(&self, i: usize) -> Result<f64, StoreError> {
        self.opt_real(i)?
            .ok_or_else(|| type_error(i, "a number", &Value::Null))
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s)),
            Value::Integer(v) => Ok(Some(v.to_string())),
            other => Err(type_error(i, "text", &other)),
        }
    }

    pub fn text(&self, i: usize) -> Result<String, StoreError> {
        self.opt_text(i)?
            .ok_or_else(|| type_error(i, "text", &Value::Null))
    }

    pub fn opt_blob(&self, i: usize) -> Result<Option<Vec<u8>>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Blob(b) => Ok(Some(b)),
            Value::Text(s) => Ok(Some(s.into_bytes())),
            other => Err(type_error(i, "bytes", &other)),
        }
    }
}

fn type_error(i: usize, wanted: &str, found: &Value) -> StoreError {
    StoreError::Type(format!("column {i}: expected {wanted}, found {found:?}"))
}
