//! [`super::Db`] on SQLite: prepared statements from rusqlite's cache.

use rusqlite::{params_from_iter, Connection};

use super::{Row, Value};
use crate::StoreError;

pub(super) fn execute(c: &Connection, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
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
    c: &Connection,
    sql: &str,
    args: &[Value],
    f: &mut dyn FnMut(Row) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    let mut stmt = c.prepare_cached(sql)?;
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
