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
    #[error("store {path} has schema version {found}, newer than this dyad understands ({supported}); upgrade dyad")]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("store error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The caller's sink (an output stream) failed; the listing stopped there.
    #[error("output failed: {0}")]
    Sink(#[source] std::io::Error),
    /// The caller's query is malformed (e.g. a full-text query with unbalanced quotes).
    #[error("{0}")]
    BadQuery(String),
    #[error("stored record is not valid JSON: {0}")]
    Corrupt(#[from] serde_json::Error),
}
