//! `POST /api/articles`: the one endpoint that writes, routed only when the server was started
//! with a token (`dyad serve --token`), and answered only for `Authorization: Bearer <token>`.
//! The server does not code articles itself: the caller (the CLI) passes the function that
//! reads, codes and stores them.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::ApiError;
use crate::AppState;

/// Why a posted body was not stored.
#[derive(Debug, Clone, PartialEq)]
pub enum IngestError {
    /// The body is not what the endpoint reads (HTTP 400).
    BadInput(String),
    /// Reading it was fine but storing failed (HTTP 500).
    Failed(String),
}

/// Reads, codes and stores a posted body (JSON articles, one per line, as
/// `dyad ingest --input articles` reads them); returns a JSON summary. Runs on a blocking
/// thread, one call at a time.
pub type IngestFn = Arc<dyn Fn(&[u8]) -> Result<serde_json::Value, IngestError> + Send + Sync>;

/// Writing is enabled: the bearer token and what to do with posted articles.
#[derive(Clone)]
pub struct Writes {
    pub token: String,
    pub ingest: IngestFn,
}

impl std::fmt::Debug for Writes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writes { token: <hidden>, .. }")
    }
}

/// Compares without an early exit, so the time taken does not reveal how much of a guess
/// was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn authorized(headers: &HeaderMap, token: &str) -> bool {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return false;
    };
    let value = value.as_bytes();
    let prefix = b"Bearer ";
    value.len() > prefix.len()
        && value[..prefix.len()].eq_ignore_ascii_case(prefix)
        && same(&value[prefix.len()..], token.as_bytes())
}

pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Some(writes) = state.writes.clone() else {
        return Err(ApiError::NotFound(
            "writing is not enabled on this server".into(),
        ));
    };
    if !authorized(&headers, &writes.token) {
        return Err(ApiError::Unauthorized);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad(
            "the body is empty: post JSON articles, one per line",
        ));
    }
    // One ingest at a time: the store has one writer.
    let _guard = state.write_lock.lock().await;
    let ingest = writes.ingest.clone();
    let result = tokio::task::spawn_blocking(move || ingest(&body))
        .await
        .map_err(|e| ApiError::Internal(format!("ingest worker failed: {e}")))?;
    match result {
        Ok(summary) => Ok((StatusCode::CREATED, Json(summary)).into_response()),
        Err(IngestError::BadInput(msg)) => Err(ApiError::BadRequest(msg)),
        Err(IngestError::Failed(msg)) => Err(ApiError::Internal(msg)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_must_match_exactly() {
        let mut h = HeaderMap::new();
        let token = "s3cret-token-of-some-length";
        assert!(!authorized(&h, token));
        for (value, ok) in [
            ("Bearer s3cret-token-of-some-length", true),
            ("bearer s3cret-token-of-some-length", true),
            ("Bearer s3cret-token-of-some-lengt", false),
            ("Bearer s3cret-token-of-some-length2", false),
            ("Basic s3cret-token-of-some-length", false),
            ("Bearer ", false),
            ("s3cret-token-of-some-length", false),
        ] {
            h.insert(header::AUTHORIZATION, value.parse().unwrap());
            assert_eq!(authorized(&h, token), ok, "{value}");
        }
    }
}
