//! The web UI, compiled in: `ui/` and the world map `data/geo/world-110m.json`.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// (name, content type, bytes) of every asset under `/assets/`.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../ui/app.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../ui/style.css"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../ui/favicon.svg"),
    ),
    (
        "world-110m.json",
        "application/json",
        include_bytes!("../../../data/geo/world-110m.json"),
    ),
];

const INDEX: &str = include_str!("../ui/index.html");

pub async fn index() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX).into_response()
}

pub async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    let (_, ctype, bytes) = ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or_else(|| ApiError::NotFound(format!("no asset {name:?}")))?;
    Ok(([(header::CONTENT_TYPE, *ctype)], *bytes).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_references_only_embedded_assets() {
        for (i, _) in INDEX.match_indices("/assets/") {
            let rest = &INDEX[i + "/assets/".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                .collect();
            assert!(
                ASSETS.iter().any(|(n, _, _)| *n == name),
                "{name} is not embedded"
            );
        }
        assert!(
            !INDEX.contains("http://") && !INDEX.contains("https://"),
            "external URL in index.html"
        );
    }

    #[test]
    fn world_map_is_small_geojson() {
        let (_, _, world) = ASSETS
            .iter()
            .find(|(n, _, _)| *n == "world-110m.json")
            .unwrap();
        assert!(world.len() < 1_000_000);
        let v: serde_json::Value = serde_json::from_slice(world).unwrap();
        assert!(v["features"].as_array().unwrap().len() > 150);
    }
}
