//! dyad-serve: the HTTP API and the web UI over a dyad event store (`dyad serve`).
//!
//! Why a crate of its own: serving brings an async runtime (tokio), an HTTP stack (axum, hyper)
//! and a web front end that nothing else in dyad needs; keeping them here keeps the coder, the
//! store and the other commands free of them, and keeps the API's contract (parameters, errors,
//! the OpenAPI document) in one place.
//!
//! What it guarantees:
//! - **read-only unless a token is configured**: every endpoint but one only reads; the one that
//!   writes (`POST /api/articles`, ingesting posted articles through a function the caller
//!   passes in, [`Writes`]) is routed only when [`ServeConfig::writes`] is set and answers only
//!   requests with `Authorization: Bearer <token>`. `dyad ingest` and `dyad watch` can add
//!   articles while the server runs (SQLite WAL lets them write while the server reads);
//! - **loopback by default** (`127.0.0.1:8080`), and a server bound to a loopback address answers
//!   only requests addressed to a loopback host name (DNS-rebinding defence);
//! - **bounded**: request bodies over [`ServeConfig::max_body_bytes`] are refused (413), each
//!   client IP gets a token bucket ([`RateLimit`], 429 when exceeded), pages hold at most 1,000
//!   events, and CSV downloads stream;
//! - **malformed input is a 400** with `{"error": "..."}` naming the parameter, never a 500;
//!   unknown ids are 404; only a failing store (I/O, corruption) is a 500;
//! - every value reaches SQL as a bound parameter (`dyad_store::EventFilter`);
//! - the UI (`ui/`) and the world map (`data/geo/world-110m.json`) are compiled into the binary:
//!   no CDN, tile server or font is fetched, and a strict Content-Security-Policy says so.
//!
//! The endpoints are listed in [`API_ROUTES`] and described in `openapi.json`
//! (`GET /api/openapi.json`).

mod assets;
mod csv;
mod error;
mod params;
mod pool;
#[cfg(test)]
mod property_tests;
mod ratelimit;
mod routes;
mod security;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use dyad_store::{Store, StoreLocation};
use tower_http::limit::RequestBodyLimitLayer;

pub use error::{ApiError, ServeError};
pub use params::QUERY_PARAMETERS;
pub use ratelimit::RateLimit;
pub use routes::ingest::{IngestError, IngestFn, Writes};

/// Every API endpoint as (method, path in OpenAPI/axum syntax). The router is built from the
/// same paths and a test checks that `openapi.json` describes each of them.
pub const API_ROUTES: &[(&str, &str)] = &[
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("get", "/api/series"),
    ("get", "/api/network"),
    ("get", "/api/places"),
    ("get", "/api/articles/{id}"),
    ("post", "/api/articles"),
    ("get", "/api/search"),
    ("get", "/api/codebook"),
    ("get", "/api/stats"),
    ("get", "/api/openapi.json"),
];

/// The OpenAPI 3.1 description of the API.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The store: a SQLite file, which must exist, or a PostgreSQL database.
    pub store: StoreLocation,
    /// Where to listen; port 0 picks a free port (see [`Server::local_addr`]).
    pub addr: SocketAddr,
    pub rate_limit: RateLimit,
    /// Largest request body accepted.
    pub max_body_bytes: usize,
    /// Enables `POST /api/articles` (off when `None`).
    pub writes: Option<Writes>,
}

impl ServeConfig {
    pub fn new(store: impl Into<StoreLocation>) -> ServeConfig {
        ServeConfig {
            store: store.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            rate_limit: RateLimit::default(),
            max_body_bytes: 64 * 1024,
            writes: None,
        }
    }
}

/// What handlers share.
#[derive(Clone)]
pub(crate) struct AppState {
    pub pool: Arc<pool::StorePool>,
    pub writes: Option<Writes>,
    /// Serialises writes (the store has one writer).
    pub write_lock: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    /// Runs a store query on a blocking thread with a pooled connection.
    pub async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || pool.with(f))
            .await
            .map_err(|e| ApiError::Internal(format!("query worker failed: {e}")))?
    }
}

/// A bound server, ready to run.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    app: Router,
    addr: SocketAddr,
}

/// Opens the store (it must exist), binds the address and builds the application.
pub fn bind(config: ServeConfig) -> Result<Server, ServeError> {
    if let Some(path) = config.store.file().filter(|p| !p.is_file()) {
        return Err(ServeError::NoStore {
            path: path.display().to_string(),
        });
    }
    let store = Store::open_at(&config.store)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("dyad-serve")
        .build()
        .map_err(ServeError::Runtime)?;
    let std_listener =
        std::net::TcpListener::bind(config.addr).map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(std_listener)?
    };
    let state = AppState {
        pool: Arc::new(pool::StorePool::new(&config.store, store)?),
        writes: config.writes.clone(),
        write_lock: Arc::default(),
    };
    let app = router(state, &config, addr);
    Ok(Server {
        runtime,
        listener,
        app,
        addr,
    })
}

impl Server {
    /// The address actually bound (the port chosen when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the process is stopped.
    pub fn run(self) -> Result<(), ServeError> {
        let Server {
            runtime,
            listener,
            app,
            ..
        } = self;
        runtime.block_on(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
        })?;
        Ok(())
    }
}

/// The application: API routes, UI, fallbacks and the middleware stack.
pub(crate) fn router(state: AppState, config: &ServeConfig, bound: SocketAddr) -> Router {
    let limiter = Arc::new(ratelimit::Limiter::new(config.rate_limit));
    let hosts = Arc::new(security::AllowedHosts::for_bind(bound));
    let mut app = Router::new();
    if state.writes.is_some() {
        app = app.route("/api/articles", post(routes::ingest::post));
    }
    app.route("/api/events", get(routes::events::list))
        .route("/api/events/{id}", get(routes::events::one))
        .route("/api/series", get(routes::analytics::series))
        .route("/api/network", get(routes::analytics::network))
        .route("/api/places", get(routes::analytics::places))
        .route("/api/articles/{id}", get(routes::articles::one))
        .route("/api/search", get(routes::articles::search))
        .route("/api/codebook", get(routes::meta::codebook))
        .route("/api/stats", get(routes::meta::stats))
        .route("/api/openapi.json", get(routes::meta::openapi))
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .fallback(routes::meta::not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            limiter,
            ratelimit::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            security::host_check,
        ))
        .layer(axum::middleware::from_fn(security::headers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    const TOKEN: &str = "test-token-0123456789";

    fn app_with(dir: &tempfile::TempDir, rate: RateLimit, writes: Option<Writes>) -> Router {
        let path = dir.path().join("s.db");
        let store = Store::open(&path).unwrap();
        let mut config = ServeConfig::new(path.clone());
        config.rate_limit = rate;
        let state = AppState {
            pool: Arc::new(pool::StorePool::new(&path.into(), store).unwrap()),
            writes,
            write_lock: Arc::default(),
        };
        router(state, &config, config.addr)
    }

    fn app(dir: &tempfile::TempDir, rate: RateLimit) -> Router {
        app_with(dir, rate, None)
    }

    /// A stand-in for the CLI's ingest: counts lines, refuses bodies that are not JSON.
    fn fake_writes() -> Writes {
        Writes {
            token: TOKEN.to_string(),
            ingest: Arc::new(|body: &[u8]| {
                let text =
                    std::str::from_utf8(body).map_err(|e| IngestError::BadInput(e.to_string()))?;
                for line in text.lines() {
                    serde_json::from_str::<serde_json::Value>(line)
                        .map_err(|e| IngestError::BadInput(e.to_string()))?;
                }
                Ok(serde_json::json!({ "articles": text.lines().count() }))
            }),
        }
    }

    async fn post_body(
        app: &Router,
        token: Option<&str>,
        body: &str,
    ) -> (StatusCode, serde_json::Value) {
        let mut req = Request::post("/api/articles").header("host", "localhost");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let resp = app
            .clone()
            .oneshot(req.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        )
    }

    #[tokio::test]
    async fn writes_need_a_configured_token_and_the_right_bearer() {
        let dir = tempfile::tempdir().unwrap();
        // Without writes the path is not routed at all.
        let read_only = app(&dir, RateLimit::default());
        let (status, _) = post_body(&read_only, Some(TOKEN), "{}").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let app = app_with(&dir, RateLimit::default(), Some(fake_writes()));
        let (status, body) = post_body(&app, None, "{}").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        let (status, _) = post_body(&app, Some("wrong-token-0123456789"), "{}").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, body) = post_body(&app, Some(TOKEN), "{\"id\":\"a\"}\n{\"id\":\"b\"}").await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["articles"], 2);
        let (status, body) = post_body(&app, Some(TOKEN), "not json").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, _) = post_body(&app, Some(TOKEN), "  ").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    async fn get(app: &Router, uri: &str, host: &str) -> (StatusCode, serde_json::Value) {
        let req = Request::get(uri)
            .header("host", host)
            .body(Body::empty())
            .unwrap();
        let resp = app.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), 10 << 20)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        )
    }

    #[tokio::test]
    async fn every_listed_route_is_routed() {
        let dir = tempfile::tempdir().unwrap();
        let app = app_with(&dir, RateLimit::default(), Some(fake_writes()));
        for (method, path) in API_ROUTES {
            if *method == "post" {
                let (status, body) = post_body(&app, None, "{}").await;
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}: {body}");
                continue;
            }
            let uri = path
                .replace("{id}", "1")
                .replace("/api/search", "/api/search?q=x");
            let (status, body) = get(&app, &uri, "localhost:8080").await;
            let error = body["error"].as_str().unwrap_or("");
            assert!(
                !error.starts_with(routes::meta::NO_ENDPOINT),
                "{uri}: {error}"
            );
            assert!(
                status == StatusCode::OK || status == StatusCode::NOT_FOUND,
                "{uri}: {status}"
            );
        }
        let (status, body) = get(&app, "/api/nothing", "localhost").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body["error"]
            .as_str()
            .unwrap()
            .starts_with(routes::meta::NO_ENDPOINT));
    }

    #[tokio::test]
    async fn foreign_hosts_big_bodies_and_floods_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(
            &dir,
            RateLimit {
                per_second: 0.001,
                burst: 3.0,
            },
        );
        let (status, _) = get(&app, "/api/stats", "attacker.example").await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
        let req = Request::post("/api/events")
            .header("host", "localhost")
            .header("content-length", "1000000")
            .body(Body::from(vec![b'x'; 1_000_000]))
            .unwrap();
        let resp = app.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
        // The rate limit (inside the Host check): the oversized request used one of the three
        // tokens.
        for _ in 0..2 {
            let (status, _) = get(&app, "/api/stats", "localhost").await;
            assert_eq!(status, StatusCode::OK);
        }
        let (status, body) = get(&app, "/api/stats", "localhost").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert!(body["error"].is_string());
    }

    #[test]
    fn openapi_describes_every_route_and_nothing_else() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).unwrap();
        assert_eq!(doc["openapi"].as_str().unwrap().get(..3), Some("3.1"));
        let paths = doc["paths"].as_object().unwrap();
        for (method, path) in API_ROUTES {
            let op = &paths
                .get(*path)
                .unwrap_or_else(|| panic!("{path} missing from openapi.json"))[*method];
            assert!(op.is_object(), "{method} {path} missing from openapi.json");
            let success = if *method == "post" { "201" } else { "200" };
            assert!(
                op["responses"][success].is_object(),
                "{method} {path}: no {success} response"
            );
            assert!(
                op["responses"]["400"].is_object() || !op["parameters"].is_array(),
                "{method} {path} takes parameters but documents no 400"
            );
        }
        for (path, ops) in paths {
            for method in ops.as_object().unwrap().keys() {
                assert!(
                    API_ROUTES.contains(&(method.as_str(), path.as_str())),
                    "openapi.json describes {method} {path}, which the server does not route"
                );
            }
        }
    }
}
