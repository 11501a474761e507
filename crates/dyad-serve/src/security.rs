//! Response headers that keep the UI self-contained (a strict Content-Security-Policy: no
//! script, style, font or image from anywhere else) and a Host check against DNS rebinding: a
//! server bound to a loopback address answers only requests addressed to a loopback name.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response.
pub async fn headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    resp
}

/// The host names a server answers to; `None` = any.
#[derive(Debug, Clone)]
pub struct AllowedHosts(pub Option<Vec<String>>);

impl AllowedHosts {
    /// Loopback names for a loopback bind address, anything otherwise.
    pub fn for_bind(addr: std::net::SocketAddr) -> AllowedHosts {
        if addr.ip().is_loopback() {
            AllowedHosts(Some(
                ["localhost", "127.0.0.1", "[::1]"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ))
        } else {
            AllowedHosts(None)
        }
    }

    pub fn allows(&self, host_header: Option<&str>) -> bool {
        let Some(list) = &self.0 else {
            return true;
        };
        // HTTP/1.0 clients may send no Host; they cannot be a rebinding browser.
        let Some(host) = host_header else {
            return true;
        };
        let name = strip_port(host.trim()).to_ascii_lowercase();
        list.contains(&name) || name.ends_with(".localhost")
    }
}

/// `localhost:8080` → `localhost`, `[::1]:80` → `[::1]`.
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return match host.find(']') {
            Some(i) => &host[..=i],
            None => host,
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

pub async fn host_check(
    State(allowed): State<Arc<AllowedHosts>>,
    req: Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if allowed.allows(host.as_deref()) {
        next.run(req).await
    } else {
        ApiError::MisdirectedRequest("localhost".to_string()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_servers_answer_only_loopback_names() {
        let a = AllowedHosts::for_bind("127.0.0.1:8080".parse().unwrap());
        assert!(a.allows(Some("127.0.0.1:8080")));
        assert!(a.allows(Some("localhost:8080")));
        assert!(a.allows(Some("LOCALHOST")));
        assert!(a.allows(Some("[::1]:8080")));
        assert!(a.allows(Some("app.localhost:1")));
        assert!(a.allows(None));
        assert!(!a.allows(Some("evil.example:8080")));
        assert!(!a.allows(Some("localhost.evil.example")));
        let any = AllowedHosts::for_bind("0.0.0.0:8080".parse().unwrap());
        assert!(any.allows(Some("evil.example")));
    }
}
