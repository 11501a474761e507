use thiserror::Error;

/// Why a store operation failed.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot open store {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cannot connect to PostgreSQL at {url} ({attempts} attempts): {source}")]
    Connect {
        url: String,
        attempts: u32,
        #[source]
        source: postgres::Error,
    },
    #[error("store {path} has schema version {found}, newer than this dyad understands ({supported}); upgrade dyad")]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("store error: {0}")]
    Sql(rusqlite::Error),
    #[error("PostgreSQL error: {0}")]
    Pg(postgres::Error),
    /// A column held a value of an unexpected type (a store written by something else).
    #[error("unexpected value in the store: {0}")]
    Type(String),
    /// A query ran longer than the store's query timeout and was stopped.
    #[error("the query took longer than the time limit and was stopped")]
    TimedOut,
    /// A query that must return a row returned none.
    #[error("no row returned by: {0}")]
    Missing(String),
    /// The operation needs the other backend (the work queue needs PostgreSQL).
    #[error("{0}")]
    Unsupported(String),
    /// The caller's sink (an output stream) failed; the listing stopped there.
    #[error("output failed: {0}")]
    Sink(#[source] std::io::Error),
    /// The caller's query is malformed (e.g. a full-text query with unbalanced quotes).
    #[error("{0}")]
    BadQuery(String),
    #[error("stored record is not valid JSON: {0}")]
    Corrupt(#[from] serde_json::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                StoreError::TimedOut
            }
            _ => StoreError::Sql(e),
        }
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        match e.code() {
            Some(code) if *code == postgres::error::SqlState::QUERY_CANCELED => {
                StoreError::TimedOut
            }
            _ => StoreError::Pg(e),
        }
    }
}

impl StoreError {
    /// The database server went away (a PostgreSQL restart, a network cut): reconnecting and
    /// trying again may succeed, unlike for a bad query or bad data.
    pub fn is_connection_lost(&self) -> bool {
        match self {
            StoreError::Connect { .. } => true,
            StoreError::Pg(e) => {
                e.is_closed()
                    || e.as_db_error().is_none_or(|db| {
                        // admin_shutdown, crash_shutdown, cannot_connect_now
                        matches!(db.code().code(), "57P01" | "57P02" | "57P03")
                    }) && !is_client_side(e)
            }
            _ => false,
        }
    }
}

/// Errors the client raises itself (a value that does not convert), not the connection.
fn is_client_side(e: &postgres::Error) -> bool {
    let text = e.to_string();
    text.contains("error serializing") || text.contains("error deserializing")
}
