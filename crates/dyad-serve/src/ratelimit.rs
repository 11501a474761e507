//! A per-client token bucket: each client IP may make `burst` requests at once and `per_second`
//! on average; beyond that it gets HTTP 429 with `Retry-After`.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Request rate allowed per client IP.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Sustained requests per second; 0 turns the limit off.
    pub per_second: f64,
    /// Requests allowed in a burst.
    pub burst: f64,
}

impl Default for RateLimit {
    fn default() -> RateLimit {
        RateLimit {
            per_second: 50.0,
            burst: 100.0,
        }
    }
}

impl RateLimit {
    /// `n` requests per second with bursts of `2n`; `0` means no limit.
    pub fn per_second(n: u32) -> RateLimit {
        RateLimit {
            per_second: n as f64,
            burst: (2 * n.max(1)) as f64,
        }
    }
}

/// Forget clients beyond this many (those whose bucket has refilled go first).
const MAX_CLIENTS: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// The buckets of every client seen recently.
#[derive(Debug)]
pub struct Limiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl Limiter {
    pub fn new(limit: RateLimit) -> Limiter {
        Limiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `ip` at time `now`; `Err(seconds to wait)` when there is none.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let RateLimit { per_second, burst } = self.limit;
        if per_second <= 0.0 {
            return Ok(());
        }
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&ip) {
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * per_second < burst
            });
            if buckets.len() >= MAX_CLIENTS {
                buckets.clear();
            }
        }
        let b = buckets.entry(ip).or_insert(Bucket {
            tokens: burst,
            last: now,
        });
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * per_second).min(burst);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / per_second).ceil().max(1.0) as u64)
        }
    }
}

/// The middleware: the client is the peer address of the TCP connection.
pub async fn middleware(State(limiter): State<Arc<Limiter>>, req: Request, next: Next) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    match limiter.check(ip, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(retry_after_secs) => ApiError::TooManyRequests { retry_after_secs }.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const A: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

    #[test]
    fn bursts_then_refills_per_client() {
        let l = Limiter::new(RateLimit {
            per_second: 10.0,
            burst: 5.0,
        });
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(l.check(A, t0), Ok(()));
        }
        assert_eq!(l.check(A, t0), Err(1));
        // Another client has its own bucket.
        assert_eq!(l.check(B, t0), Ok(()));
        // 0.25 s later two tokens have come back (10 per second), not more.
        let t1 = t0 + Duration::from_millis(250);
        assert_eq!(l.check(A, t1), Ok(()));
        assert_eq!(l.check(A, t1), Ok(()));
        assert!(l.check(A, t1).is_err());
        // A long pause refills to the burst size only.
        let t2 = t1 + Duration::from_secs(60);
        for _ in 0..5 {
            assert_eq!(l.check(A, t2), Ok(()));
        }
        assert!(l.check(A, t2).is_err());
    }

    #[test]
    fn zero_rate_means_unlimited() {
        let l = Limiter::new(RateLimit::per_second(0));
        let t0 = Instant::now();
        assert!((0..10_000).all(|_| l.check(A, t0).is_ok()));
    }

    #[test]
    fn slow_rates_ask_for_a_longer_wait() {
        let l = Limiter::new(RateLimit {
            per_second: 0.25,
            burst: 1.0,
        });
        let t0 = Instant::now();
        assert_eq!(l.check(A, t0), Ok(()));
        assert_eq!(l.check(A, t0), Err(4));
    }
}
