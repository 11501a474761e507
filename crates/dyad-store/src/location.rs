//! Where a store lives: a SQLite file (the embedded default) or a PostgreSQL database, named by
//! one string as users give it to `--store` or `DYAD_STORE`.

use std::fmt;
use std::path::PathBuf;

use crate::db::redacted;

/// A store's location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// A SQLite database file.
    File(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/db`) or key-value string.
    Postgres(String),
}

impl StoreLocation {
    /// `postgres://…` and `postgresql://…` name a PostgreSQL database; anything else is a file.
    pub fn parse(s: &str) -> StoreLocation {
        let lower = s.trim_start().to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            StoreLocation::Postgres(s.trim().to_string())
        } else {
            StoreLocation::File(PathBuf::from(s))
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, StoreLocation::Postgres(_))
    }

    /// The file, for a SQLite store.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            StoreLocation::File(p) => Some(p),
            StoreLocation::Postgres(_) => None,
        }
    }
}

impl std::str::FromStr for StoreLocation {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<StoreLocation, Self::Err> {
        Ok(StoreLocation::parse(s))
    }
}

impl From<PathBuf> for StoreLocation {
    fn from(path: PathBuf) -> StoreLocation {
        StoreLocation::File(path)
    }
}

impl From<&std::path::Path> for StoreLocation {
    fn from(path: &std::path::Path) -> StoreLocation {
        StoreLocation::File(path.to_path_buf())
    }
}

impl From<&StoreLocation> for StoreLocation {
    fn from(location: &StoreLocation) -> StoreLocation {
        location.clone()
    }
}

/// The file path, or the URL without its password.
impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::File(p) => write!(f, "{}", p.display()),
            StoreLocation::Postgres(url) => f.write_str(&redacted(url)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_postgres_and_the_rest_are_files() {
        assert!(StoreLocation::parse("postgres://u@h/db").is_postgres());
        assert!(StoreLocation::parse("PostgreSQL://u@h:5433/db").is_postgres());
        assert_eq!(
            StoreLocation::parse("events.db"),
            StoreLocation::File("events.db".into())
        );
        assert_eq!(
            StoreLocation::parse("postgres://u:pw@h/db").to_string(),
            "postgres://u:***@h/db"
        );
    }
}
