//! Scratch PostgreSQL databases for tests and benchmarks: a fresh, uniquely named database on a
//! server the caller names, dropped again when the value is dropped.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::db::{ConnectRetry, PgConn};
use crate::StoreError;

/// A database created for one test or benchmark run.
pub struct ScratchDatabase {
    admin_url: String,
    name: String,
    /// The database's own URL, for `--store` or [`crate::StoreLocation::Postgres`].
    pub url: String,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

impl ScratchDatabase {
    /// Creates `dyad_scratch_<pid>_<n>_<time>` on the server of `admin_url` (a user allowed to
    /// create databases).
    pub fn create(admin_url: &str) -> Result<ScratchDatabase, StoreError> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "dyad_scratch_{}_{}_{stamp}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let admin = PgConn::connect(admin_url, ConnectRetry::default())?;
        admin.batch(&format!("CREATE DATABASE {name}"))?;
        Ok(ScratchDatabase {
            url: with_database(admin_url, &name),
            admin_url: admin_url.to_string(),
            name,
        })
    }

    /// A scratch database on the server named by `DYAD_TEST_PG`; `None` (with a note on
    /// stderr) when it is unset, unless `DYAD_REQUIRE_PG` is set, which makes it an error: CI
    /// must not skip the PostgreSQL tests silently.
    pub fn from_env(test: &str) -> Result<Option<ScratchDatabase>, StoreError> {
        match std::env::var("DYAD_TEST_PG") {
            Ok(url) if !url.is_empty() => ScratchDatabase::create(&url).map(Some),
            _ if std::env::var_os("DYAD_REQUIRE_PG").is_some() => Err(StoreError::Unsupported(
                "DYAD_REQUIRE_PG is set but DYAD_TEST_PG (a PostgreSQL URL) is not".into(),
            )),
            _ => {
                eprintln!("{test}: PostgreSQL part skipped (set DYAD_TEST_PG; see scripts/test)");
                Ok(None)
            }
        }
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let retry = ConnectRetry {
            attempts: 1,
            ..ConnectRetry::default()
        };
        if let Ok(admin) = PgConn::connect(&self.admin_url, retry) {
            let _ = admin.batch(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let query = tail.find('?').map_or("", |i| &tail[i..]);
    format!("{scheme}://{authority}/{name}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_are_replaced() {
        assert_eq!(
            with_database("postgres://u@h:5/postgres", "x"),
            "postgres://u@h:5/x"
        );
        assert_eq!(
            with_database("postgres://u@h:5?sslmode=disable", "x"),
            "postgres://u@h:5/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgresql://u@h/db?a=b", "x"),
            "postgresql://u@h/x?a=b"
        );
    }
}
