//! `GET /api/events` (a page of merged events, JSON or streamed CSV) and `GET /api/events/{id}`
//! (one event with its mentions and evidence spans).

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_core::{Event, Mention};
use serde::Serialize;

use crate::error::ApiError;
use crate::params::Params;
use crate::routes::evidence::{code_name, evidence, Evidence};
use crate::AppState;

#[derive(Serialize)]
struct Page {
    events: Vec<Event>,
    count: usize,
    /// Pass as `cursor` for the next page; `null` on the last page.
    next_cursor: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let csv = match params.get("format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::bad(format!(
                "`format` must be json or csv, not {other:?}"
            )))
        }
    };
    let mut filter = params.filter(true)?;
    if csv {
        // A download holds every matching event unless a limit is asked for.
        if params.get("limit").is_some() {
            filter.limit = Some(params.limit()?);
        }
        return csv_download(state, filter).await;
    }
    filter.limit = Some(params.limit()?);
    let (events, next) = state
        .blocking(move |store| {
            if let Some(q) = &filter.text {
                store.check_text_query(q)?;
            }
            Ok(store.events_page(&filter)?)
        })
        .await?;
    Ok(Json(Page {
        count: events.len(),
        next_cursor: next.map(|c| c.encode()),
        events,
    })
    .into_response())
}

enum Chunk {
    Data(Bytes),
    Failed(ApiError),
}

/// Streams the events as CSV from a blocking thread. Errors before the first chunk (a bad text
/// query) are still an HTTP error; later ones cut the download short.
async fn csv_download(
    state: AppState,
    filter: dyad_store::EventFilter,
) -> Result<Response, ApiError> {
    const CHUNK: usize = 32 * 1024;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Chunk>(4);
    let pool = state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let failed_tx = tx.clone();
        let result = pool.with(|store| {
            if let Some(q) = &filter.text {
                store.check_text_query(q)?;
            }
            let mut buf = String::with_capacity(CHUNK + 4096);
            buf.push_str(crate::csv::HEADER);
            store.for_each_event(&filter, &mut |event| {
                crate::csv::write_event(&mut buf, &event);
                if buf.len() >= CHUNK {
                    let chunk = Bytes::from(std::mem::take(&mut buf));
                    tx.blocking_send(Chunk::Data(chunk))
                        .map_err(|_| std::io::Error::other("client went away"))?;
                }
                Ok(())
            })?;
            if !buf.is_empty() {
                let _ = tx.blocking_send(Chunk::Data(Bytes::from(buf)));
            }
            Ok(())
        });
        if let Err(e) = result {
            let _ = failed_tx.blocking_send(Chunk::Failed(e));
        }
    });
    let first = match rx.recv().await {
        Some(Chunk::Data(b)) => b,
        Some(Chunk::Failed(e)) => return Err(e),
        None => return Err(ApiError::Internal("CSV export stopped".into())),
    };
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Some(Chunk::Data(b)) => Some((Ok::<Bytes, std::io::Error>(b), rx)),
            Some(Chunk::Failed(e)) => Some((Err(std::io::Error::other(e.to_string())), rx)),
            None => None,
        }
    });
    let stream = futures_util::StreamExt::chain(
        futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(first) }),
        rest,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"dyad-events.csv\"",
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

#[derive(Serialize)]
struct MentionOut {
    #[serde(flatten)]
    mention: Mention,
    evidence: Evidence,
}

#[derive(Serialize)]
struct EventDetail {
    event: Event,
    /// The CAMEO name of the event code.
    code_name: Option<String>,
    mentions: Vec<MentionOut>,
}

/// Parses a numeric id from a path segment.
pub fn parse_id(kind: &str, raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id >= 0)
        .ok_or_else(|| {
            ApiError::bad(format!(
                "{kind} id must be a non-negative integer, not {raw:?}"
            ))
        })
}

pub async fn one(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id = parse_id("event", &raw)?;
    let found = state.blocking(move |store| Ok(store.event(id)?)).await?;
    let Some((event, mentions)) = found else {
        return Err(ApiError::NotFound(format!("no event {id}")));
    };
    let mentions = mentions
        .into_iter()
        .map(|m| MentionOut {
            evidence: evidence(&m),
            mention: m,
        })
        .collect();
    Ok(Json(EventDetail {
        code_name: code_name(&event.record.event.cameo),
        event,
        mentions,
    })
    .into_response())
}
