//! `GET /api/series` (events per day/week/month for a country or a dyad), `GET /api/network`
//! (actors and who acted on whom) and `GET /api/places` (where events happened).

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_store::{Interval, PlacePoint, SeriesPoint, SeriesQuery, SeriesSubject};
use serde::Serialize;

use crate::error::ApiError;
use crate::params::Params;
use crate::AppState;

#[derive(Serialize)]
struct SeriesOut {
    interval: Interval,
    /// `all`, `country` or `dyad`.
    subject: &'static str,
    country: Option<String>,
    source: Option<String>,
    target: Option<String>,
    points: Vec<SeriesPoint>,
}

pub async fn series(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut params = Params::parse(raw.as_deref())?;
    let subject = params.take_series_subject()?;
    let interval = params.interval()?;
    let filter = params.filter(false)?;
    let query = SeriesQuery {
        subject: subject.clone(),
        interval,
        filter,
    };
    let points = state
        .blocking(move |store| Ok(store.series(&query)?))
        .await?;
    let (kind, country, source, target) = match subject {
        SeriesSubject::All => ("all", None, None, None),
        SeriesSubject::Country(c) => ("country", Some(c), None, None),
        SeriesSubject::Dyad { source, target } => ("dyad", None, source, target),
    };
    Ok(Json(SeriesOut {
        interval,
        subject: kind,
        country,
        source,
        target,
        points,
    })
    .into_response())
}

pub async fn network(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let filter = params.filter(false)?;
    let max_nodes = params.int_in("max_nodes", 1, 500, 50)?;
    let network = state
        .blocking(move |store| Ok(store.network(&filter, max_nodes)?))
        .await?;
    Ok(Json(network).into_response())
}

#[derive(Serialize)]
struct PlacesOut {
    count: usize,
    places: Vec<PlacePoint>,
}

pub async fn places(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let filter = params.filter(false)?;
    let limit = params.int_in("limit", 1, 5000, 1000)?;
    let places = state
        .blocking(move |store| Ok(store.places(&filter, limit)?))
        .await?;
    Ok(Json(PlacesOut {
        count: places.len(),
        places,
    })
    .into_response())
}
