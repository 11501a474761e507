//! `GET /api/articles/{id}` (an article's text with the spans of every mention) and
//! `GET /api/search` (full-text search over articles).

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_core::ArticleRef;
use dyad_store::ArticleHit;
use serde::Serialize;

use crate::error::ApiError;
use crate::params::Params;
use crate::routes::evidence::{code_name, evidence, Evidence};
use crate::AppState;

/// A mention as the article view needs it: what was coded and where it is.
#[derive(Serialize)]
struct ArticleMention {
    event_id: i64,
    /// The mention's record id.
    id: String,
    sentence: usize,
    text: String,
    cameo: String,
    code_name: Option<String>,
    root: String,
    quad: u8,
    goldstein: f32,
    plover: Option<String>,
    modality: &'static str,
    date: Option<String>,
    background: bool,
    source: Vec<String>,
    target: Vec<String>,
    #[serde(flatten)]
    evidence: Evidence,
}

#[derive(Serialize)]
struct ArticleOut {
    article: ArticleRef,
    body: String,
    mentions: Vec<ArticleMention>,
}

pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if id.is_empty() || id.chars().count() > crate::params::MAX_VALUE_CHARS {
        return Err(ApiError::bad("article id must have 1 to 500 characters"));
    }
    let wanted = id.clone();
    let found = state
        .blocking(move |store| Ok(store.article(&wanted)?))
        .await?;
    let Some(view) = found else {
        return Err(ApiError::NotFound(format!("no article {id:?}")));
    };
    let mentions = view
        .mentions
        .iter()
        .map(|m| {
            let r = &m.record;
            ArticleMention {
                event_id: m.event_id,
                id: r.id.clone(),
                sentence: r.sentence,
                text: r.text.clone(),
                cameo: r.event.cameo.clone(),
                code_name: code_name(&r.event.cameo),
                root: r.event.root.clone(),
                quad: r.event.quad,
                goldstein: r.event.goldstein,
                plover: r.event.plover.clone(),
                modality: r.modality.as_str(),
                date: r.date.clone(),
                background: r.background,
                source: r.source.iter().map(|a| a.code.clone()).collect(),
                target: r.target.iter().map(|a| a.code.clone()).collect(),
                evidence: evidence(m),
            }
        })
        .collect();
    Ok(Json(ArticleOut {
        article: view.article,
        body: view.body,
        mentions,
    })
    .into_response())
}

#[derive(Serialize)]
struct SearchOut {
    query: String,
    count: usize,
    hits: Vec<ArticleHit>,
}

pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let Some(q) = params.get("q").map(str::to_string) else {
        return Err(ApiError::bad("`q` (a full-text query) is required"));
    };
    let limit = params.int_in("limit", 1, 100, 20)?;
    let query = q.clone();
    let hits = state
        .blocking(move |store| {
            store.check_text_query(&query)?;
            Ok(store.search_articles(&query, limit)?)
        })
        .await?;
    Ok(Json(SearchOut {
        query: q,
        count: hits.len(),
        hits,
    })
    .into_response())
}
