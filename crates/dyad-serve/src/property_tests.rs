//! Property test over the API's query parameters and paths: whatever a client sends, the server
//! answers with a status it means (never 500), in JSON on the API, within the page limits, and
//! never serves a file from outside the embedded asset bundle.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use proptest::prelude::*;
use tower::ServiceExt;

use crate::{pool, router, AppState, RateLimit, ServeConfig};

const ENDPOINTS: &[&str] = &[
    "/api/events",
    "/api/events/1",
    "/api/events/x",
    "/api/series",
    "/api/network",
    "/api/places",
    "/api/search",
    "/api/articles/a",
    "/api/codebook",
    "/api/stats",
];

/// Every parameter the API reads, and one it does not know.
fn names() -> Vec<&'static str> {
    let mut names = crate::params::QUERY_PARAMETERS.to_vec();
    names.push("subject");
    names
}

/// Values a careless or hostile client might send: plausible ones, boundaries and junk.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2025-12-10".to_string()),
        Just("USA".to_string()),
        Just("17".to_string()),
        Just("1000".to_string()),
        Just("1001".to_string()),
        Just("-1".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("csv".to_string()),
        Just("week".to_string()),
        Just("\"unbalanced".to_string()),
        Just("x') OR 1=1; DROP TABLE events;--".to_string()),
        Just("%".to_string()),
        Just("../../etc/passwd".to_string()),
        Just("2025-13-45".to_string()),
        Just("~".to_string()),
        "\\PC{0,40}",
        "[a-zA-Z0-9 _%~'\"*:-]{0,600}",
    ]
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn query() -> impl Strategy<Value = String> {
    proptest::collection::vec((proptest::sample::select(names()), value()), 0..5).prop_map(
        |pairs| {
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", encode(v)))
                .collect::<Vec<_>>()
                .join("&")
        },
    )
}

fn app(dir: &tempfile::TempDir) -> Router {
    let path = dir.path().join("s.db");
    let store = dyad_store::Store::open(&path).unwrap();
    let mut config = ServeConfig::new(path.clone());
    config.rate_limit = RateLimit::per_second(0);
    let state = AppState {
        pool: std::sync::Arc::new(pool::StorePool::new(&path.into(), store).unwrap()),
        writes: None,
        write_lock: std::sync::Arc::default(),
    };
    router(state, &config, config.addr)
}

fn call(rt: &tokio::runtime::Runtime, app: &Router, uri: &str) -> (StatusCode, Vec<u8>) {
    rt.block_on(async {
        let Ok(req) = Request::get(uri)
            .header("host", "localhost")
            .body(Body::empty())
        else {
            return (StatusCode::BAD_REQUEST, Vec::new());
        };
        let resp = app.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
            .await
            .unwrap();
        (status, bytes.to_vec())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_query_gets_a_meant_answer(endpoint in proptest::sample::select(ENDPOINTS), q in query()) {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let app = app(&dir);
        let uri = format!("{endpoint}?{q}");
        let (status, body) = call(&rt, &app, &uri);
        prop_assert!(
            matches!(status.as_u16(), 200 | 400 | 404),
            "GET {uri}: {status} {}", String::from_utf8_lossy(&body)
        );
        let csv = status == StatusCode::OK && q.contains("format=csv");
        if !csv {
            let json: Result<serde_json::Value, _> = serde_json::from_slice(&body);
            prop_assert!(json.is_ok(), "GET {uri}: not JSON");
            let json = json.unwrap();
            if let Some(events) = json.get("events").and_then(|e| e.as_array()) {
                prop_assert!(events.len() <= crate::params::MAX_LIMIT);
            }
        }
    }

    #[test]
    fn asset_paths_stay_inside_the_bundle(name in "[a-zA-Z0-9./%_-]{0,80}") {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let app = app(&dir);
        for uri in [format!("/assets/{name}"), format!("/assets/..%2F{name}"), format!("/{name}")] {
            let (status, body) = call(&rt, &app, &uri);
            prop_assert!(status != StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
            let text = String::from_utf8_lossy(&body);
            // Nothing from the repository or the system: no manifest, no passwd, no source.
            prop_assert!(!text.contains("[package]") && !text.contains("root:x:0:0"), "{uri}");
        }
    }
}
