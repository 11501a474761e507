//! Errors: [`ApiError`] is what a request gets back (a status and `{"error": "..."}`),
//! [`ServeError`] is why the server could not start or stopped.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_store::StoreError;
use thiserror::Error;

/// Why the server could not start or run.
#[derive(Debug, Error)]
pub enum ServeError {
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("store {path} does not exist (create it with `dyad ingest --store {path} ...`)")]
    NoStore { path: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// A failed request: the status and the message sent as `{"error": message}`.
#[derive(Debug, Error, PartialEq)]
pub enum ApiError {
    /// A malformed parameter or query (HTTP 400).
    #[error("{0}")]
    BadRequest(String),
    /// An unknown id or path (HTTP 404).
    #[error("{0}")]
    NotFound(String),
    /// A write without the right bearer token (HTTP 401).
    #[error("a valid `Authorization: Bearer <token>` header is required")]
    Unauthorized,
    /// The client exceeded its request rate (HTTP 429).
    #[error("too many requests: slow down")]
    TooManyRequests { retry_after_secs: u64 },
    /// A request with a Host header this server does not answer to (HTTP 421).
    #[error("this server answers only to requests for {0}")]
    MisdirectedRequest(String),
    /// A query ran past the server's query time limit (HTTP 503): narrow the filter, or use
    /// `dyad export` for bulk downloads.
    #[error("the query took longer than {0} s and was stopped: narrow it (dates, actors, codes) or use `dyad export`")]
    TimedOut(u64),
    /// The store failed (I/O, corruption): HTTP 500.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad(msg: impl Into<String>) -> ApiError {
        ApiError::BadRequest(msg.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::MisdirectedRequest(_) => StatusCode::MISDIRECTED_REQUEST,
            ApiError::TimedOut(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::BadQuery(msg) => ApiError::BadRequest(msg),
            StoreError::TimedOut => ApiError::TimedOut(crate::pool::QUERY_TIMEOUT.as_secs()),
            other => {
                eprintln!("dyad serve: store error: {other}");
                ApiError::Internal(other.to_string())
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut resp = (
            status,
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response();
        if self == ApiError::Unauthorized {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let ApiError::TooManyRequests { retry_after_secs } = self {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_map_to_statuses() {
        let timed_out = ApiError::from(StoreError::TimedOut);
        assert_eq!(timed_out.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(timed_out.to_string().contains("30 s"), "{timed_out}");
        let bad = ApiError::from(StoreError::BadQuery("bad text query".into()));
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    }
}
