//! `GET /api/codebook`, `GET /api/stats`, `GET /api/openapi.json` and the JSON 404 for
//! unknown paths.

use axum::extract::State;
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_core::Codebook;
use serde::Serialize;

use crate::error::ApiError;
use crate::AppState;

#[derive(Serialize)]
struct CodeOut<'a> {
    code: &'a str,
    name: &'a str,
    root: &'a str,
    goldstein: f32,
    quad: u8,
    penta: u8,
    plover: Option<&'a str>,
    mode: Option<&'a str>,
    context: Option<&'a str>,
}

#[derive(Serialize)]
struct Named {
    value: &'static str,
    name: &'static str,
}

const QUADS: &[Named] = &[
    Named {
        value: "1",
        name: "verbal cooperation",
    },
    Named {
        value: "2",
        name: "material cooperation",
    },
    Named {
        value: "3",
        name: "verbal conflict",
    },
    Named {
        value: "4",
        name: "material conflict",
    },
];

const MODALITIES: &[Named] = &[
    Named {
        value: "asserted",
        name: "reported as having happened",
    },
    Named {
        value: "negated",
        name: "reported as not having happened",
    },
    Named {
        value: "hypothetical",
        name: "possible or conditional",
    },
    Named {
        value: "future",
        name: "announced or intended",
    },
    Named {
        value: "claimed",
        name: "the content of an accusation or claim",
    },
];

pub async fn codebook() -> Response {
    let book = Codebook::builtin();
    let codes: Vec<CodeOut> = book
        .iter()
        .map(|t| CodeOut {
            code: &t.code,
            name: &t.name,
            root: t.root(),
            goldstein: t.goldstein,
            quad: t.quad,
            penta: t.penta,
            plover: t.plover.as_deref(),
            mode: t.mode.as_deref(),
            context: t.context.as_deref(),
        })
        .collect();
    Json(serde_json::json!({
        "count": codes.len(),
        "codes": codes,
        "quads": QUADS,
        "modalities": MODALITIES,
    }))
    .into_response()
}

#[derive(Serialize)]
struct StatsOut {
    articles: u64,
    mentions: u64,
    events: u64,
    schema_version: i64,
    version: &'static str,
}

pub async fn stats(State(state): State<AppState>) -> Result<Response, ApiError> {
    let out = state
        .blocking(|store| {
            let s = store.stats()?;
            Ok(StatsOut {
                articles: s.articles,
                mentions: s.mentions,
                events: s.events,
                schema_version: store.schema_version()?,
                version: env!("CARGO_PKG_VERSION"),
            })
        })
        .await?;
    Ok(Json(out).into_response())
}

pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::OPENAPI_JSON,
    )
        .into_response()
}

/// Message of the fallback 404 (tests tell it from an unknown id by it).
pub const NO_ENDPOINT: &str = "no such endpoint";

pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!("{NO_ENDPOINT}: {}", uri.path()))
}
