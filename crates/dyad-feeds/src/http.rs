//! The HTTP client: blocking `ureq` with rustls (ring), a connect and an overall timeout, a
//! response size limit, gzip, bounded redirects, a descriptive User-Agent and conditional GET.

use std::time::Duration;

use ureq::http::Response;
use ureq::{Agent, Body, ResponseExt};

/// Responses (feeds, pages, robots.txt) larger than this, after decompression, are refused
/// (10 MiB).
pub const MAX_RESPONSE_BYTES: u64 = crate::MAX_FEED_BYTES as u64;

/// Redirects followed for one request.
pub const MAX_REDIRECTS: u32 = 5;

/// The User-Agent sent unless another is given: names the program and where to read about it.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "dyad/",
    env!("CARGO_PKG_VERSION"),
    " (+https://example.invalid/dyad; news event coder)"
);

/// What to accept for feeds.
pub const ACCEPT_FEED: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
     application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";
/// What to accept for pages.
pub const ACCEPT_PAGE: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8";

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct FetcherConfig {
    pub user_agent: String,
    /// Whole request, redirects and body included.
    pub timeout: Duration,
    /// Connection set-up (DNS, TCP, TLS).
    pub connect_timeout: Duration,
}

impl Default for FetcherConfig {
    fn default() -> Self {
        FetcherConfig {
            user_agent: DEFAULT_USER_AGENT.to_string(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// A cached response's validators, sent back for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful response.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the cached copy is current.
    NotModified,
    Body {
        status: u16,
        body: Vec<u8>,
        content_type: Option<String>,
        /// Where the content came from after redirects.
        final_url: String,
        validators: Validators,
    },
}

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("timed out")]
    Timeout,
    #[error("connection failed: {0}")]
    Connection(String),
    #[error("response larger than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects,
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    /// Worth trying again later: server errors, rate limiting, timeouts, connection failures.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status(code) => *code >= 500 || *code == 429 || *code == 408,
            FetchError::Timeout | FetchError::Connection(_) => true,
            _ => false,
        }
    }
}

/// The HTTP client (one connection pool for the run).
pub struct Fetcher {
    agent: Agent,
}

impl Fetcher {
    pub fn new(config: &FetcherConfig) -> Fetcher {
        let agent = Agent::config_builder()
            .user_agent(config.user_agent.as_str())
            .timeout_global(Some(config.timeout))
            .timeout_connect(Some(config.connect_timeout.min(config.timeout)))
            .max_redirects(MAX_REDIRECTS)
            .http_status_as_error(false)
            .build()
            .into();
        Fetcher { agent }
    }

    /// GETs `url`, conditionally when validators are given.
    pub fn get(
        &self,
        url: &str,
        accept: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let mut request = self.agent.get(url).header("Accept", accept);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header("If-Modified-Since", date);
            }
        }
        let response = request.call().map_err(classify)?;
        read_response(response)
    }
}

fn read_response(mut response: Response<Body>) -> Result<Fetched, FetchError> {
    let status = response.status().as_u16();
    if status == 304 {
        return Ok(Fetched::NotModified);
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Status(status));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type");
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let final_url = response.get_uri().to_string();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE_BYTES)
        .read_to_vec()
        .map_err(classify)?;
    Ok(Fetched::Body {
        status,
        body,
        content_type,
        final_url,
        validators,
    })
}

fn classify(error: ureq::Error) -> FetchError {
    match error {
        ureq::Error::StatusCode(code) => FetchError::Status(code),
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge,
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects,
        ureq::Error::Io(e) if is_timeout(&e) => FetchError::Timeout,
        e @ (ureq::Error::Io(_)
        | ureq::Error::Protocol(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound) => FetchError::Connection(e.to_string()),
        other => FetchError::Other(other.to_string()),
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
    )
}
