//! `dyad serve`: the HTTP API and web UI over a store (crate `dyad-serve`). Read-only unless
//! `--token` is given; then `POST /api/articles` with that bearer token ingests posted articles
//! through the same pipeline as `dyad ingest`.

use std::net::SocketAddr;

use std::sync::Arc;

use anyhow::{bail, Result};
use clap::Args;
use dyad_coder::Coder;
use dyad_ingest::InputFormat;
use dyad_serve::{IngestError, RateLimit, ServeConfig, Writes};
use dyad_store::StoreLocation;

use crate::args::StoreArg;
use crate::pipeline::{Pipeline, PipelineOptions};

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Address to listen on. The default answers only this machine; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Requests per second allowed to each client IP (bursts of twice that); 0 = no limit.
    #[arg(long, default_value_t = 50)]
    pub rate_limit: u32,
    /// Enable `POST /api/articles` (JSON articles, one per line) for requests that carry
    /// `Authorization: Bearer TOKEN`. At least 16 characters. Without it the API only reads.
    #[arg(long, env = "DYAD_SERVE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

/// Largest posted body when writing is enabled (the read-only API accepts 64 KiB).
const MAX_POST_BYTES: usize = 8 << 20;

pub fn run(a: ServeArgs) -> Result<bool> {
    let mut config = ServeConfig::new(&a.store.store);
    config.addr = a.addr;
    config.rate_limit = RateLimit::per_second(a.rate_limit);
    if let Some(token) = a.token {
        if token.chars().count() < 16 || token.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            bail!("--token must have at least 16 characters and no spaces");
        }
        let store = a.store.store.clone();
        config.max_body_bytes = MAX_POST_BYTES;
        config.writes = Some(Writes {
            token,
            ingest: Arc::new(move |body: &[u8]| ingest_posted(&store, body)),
        });
    }
    let writes = config.writes.is_some();
    let server = dyad_serve::bind(config)?;
    let addr = server.local_addr();
    eprintln!(
        "dyad serve: {} on http://{addr}/ (API: http://{addr}/api/openapi.json); Ctrl-C stops",
        a.store.store
    );
    if writes {
        eprintln!("dyad serve: POST /api/articles is enabled for requests with the bearer token");
    }
    if !addr.ip().is_loopback() {
        eprintln!(
            "dyad serve: warning: listening on {} — reachable from other machines",
            addr.ip()
        );
    }
    server.run()?;
    Ok(true)
}

/// Reads the posted JSON articles, codes and stores them as `dyad ingest` would.
fn ingest_posted(store: &StoreLocation, body: &[u8]) -> Result<serde_json::Value, IngestError> {
    let mut items = Vec::new();
    let mut rejected = Vec::new();
    dyad_ingest::read_bytes(
        body,
        "posted",
        "api",
        InputFormat::Articles,
        &mut |r| match r {
            Ok(item) => items.push(item),
            Err(e) => rejected.push(e.to_string()),
        },
    );
    if items.is_empty() {
        return Err(IngestError::BadInput(if rejected.is_empty() {
            "no article in the body: post JSON articles, one per line".to_string()
        } else {
            rejected.join("; ")
        }));
    }
    let options = PipelineOptions {
        threads: 1,
        keep_docs: true,
        ..PipelineOptions::default()
    };
    let mut pipeline = Pipeline::start(store, Coder::new(), options)
        .map_err(|e| IngestError::Failed(e.to_string()))?;
    for item in items {
        if !pipeline.submit_item(item) {
            break;
        }
    }
    let summary = pipeline
        .finish()
        .map_err(|e| IngestError::Failed(e.to_string()))?;
    Ok(serde_json::json!({
        "articles": summary.read,
        "outcomes": summary.outcomes,
        "copies": summary.copies,
        "events": summary.events,
        "stored": summary.docs,
        "rejected": rejected,
    }))
}
