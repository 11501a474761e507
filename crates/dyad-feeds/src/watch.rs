//! The poll loop: poll the feeds that are due (conditional GET), record new items, fetch their
//! pages politely (robots.txt, per-host delay, retries with backoff) and hand them on; then sleep
//! until the next feed is due. Stops between requests when the stop flag is set.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use url::{Position, Url};

use crate::http::{FetchError, Fetched, Fetcher, Validators, ACCEPT_FEED, ACCEPT_PAGE};
use crate::politeness::{backoff, sleep_until, HostClock};
use crate::robots::{RobotVerdict, Robots, RobotsCache};
use crate::watch_types::{PendingItem, WatchConfig, WatchCounts, WatchState};
use crate::{parse_feed_at, FeedItem};

/// Longest wait before polling a failing feed again.
const MAX_FEED_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// A page fetched for an item.
#[derive(Debug, Clone, Copy)]
pub struct FetchedPage<'a> {
    pub bytes: &'a [u8],
    pub content_type: Option<&'a str>,
    /// Where the page came from after redirects.
    pub url: &'a str,
}

/// What became of an item handed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Handed on for storing (as [`FeedItem::article_id`]); `from_page` false when the feed's
    /// text was used.
    Submitted { from_page: bool },
    /// Neither the page nor the feed gave any text.
    NoText(String),
    /// The receiver stopped (its store failed): the watcher stops too.
    Stopped,
}

/// Receives each item: with its page, or without one (no link, disallowed by robots.txt, page
/// unavailable for good), in which case the feed's own text is all there is.
pub trait ItemSink {
    fn deliver(&mut self, item: &FeedItem, page: Option<FetchedPage<'_>>) -> Delivery;
}

/// An item waiting to be fetched.
struct Queued {
    pending: PendingItem,
    not_before: Instant,
}

/// A URL split for politeness: its origin (robots.txt, delay) and its path with query.
struct Target {
    origin: String,
    path: String,
}

fn target(url: &str) -> Option<Target> {
    let parsed = Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return None;
    }
    Some(Target {
        origin: parsed.origin().ascii_serialization(),
        path: parsed[Position::BeforePath..Position::AfterQuery].to_string(),
    })
}

/// The feed watcher.
pub struct Watcher<S: WatchState, K: ItemSink> {
    feeds: Vec<String>,
    config: WatchConfig,
    fetcher: Fetcher,
    state: S,
    sink: K,
    stop: Arc<AtomicBool>,
    robots: RobotsCache,
    clock: HostClock,
    queue: Vec<Queued>,
    /// Items queued or dealt with in this run (never queued twice).
    handled: HashSet<String>,
    counts: WatchCounts,
}

impl<S: WatchState, K: ItemSink> Watcher<S, K> {
    pub fn new(
        feeds: Vec<String>,
        config: WatchConfig,
        fetcher: Fetcher,
        state: S,
        sink: K,
        stop: Arc<AtomicBool>,
    ) -> Self {
        Watcher {
            feeds,
            config,
            fetcher,
            state,
            sink,
            stop,
            robots: RobotsCache::default(),
            clock: HostClock::default(),
            queue: Vec::new(),
            handled: HashSet::new(),
            counts: WatchCounts::default(),
        }
    }

    pub fn counts(&self) -> WatchCounts {
        self.counts
    }

    /// Gives back the state and the sink (after [`Watcher::run`]).
    pub fn into_parts(self) -> (S, K, WatchCounts) {
        (self.state, self.sink, self.counts)
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Polls until stopped (or once, with [`WatchConfig::once`]).
    pub fn run(&mut self) -> Result<(), S::Error> {
        loop {
            self.robots.new_round();
            self.poll_due_feeds()?;
            self.queue_pending()?;
            self.fetch_queued()?;
            self.state.confirm_stored()?;
            if self.config.once || self.stopped() {
                return Ok(());
            }
            let wake = self.next_wake()?;
            if !sleep_until(wake, &self.stop) {
                return Ok(());
            }
        }
    }

    /// When the next feed is due (at most one interval away).
    fn next_wake(&mut self) -> Result<Instant, S::Error> {
        let now = Utc::now();
        let mut wait = self.config.interval;
        for url in self.feeds.clone() {
            if let Some(next) = self.state.feed_state(&url)?.next_poll {
                let until = (next - now).to_std().unwrap_or(Duration::ZERO);
                wait = wait.min(until);
            }
        }
        Ok(Instant::now() + wait.max(Duration::from_millis(100)))
    }

    fn poll_due_feeds(&mut self) -> Result<(), S::Error> {
        for url in self.feeds.clone() {
            if self.stopped() {
                break;
            }
            let state = self.state.feed_state(&url)?;
            if self.is_due(state.next_poll, state.failures) {
                self.poll_feed(&url, &state.validators, state.failures)?;
            }
        }
        Ok(())
    }

    /// A feed is due at its next poll time; with `once`, healthy feeds are always due and failing
    /// ones only once their backoff is over.
    fn is_due(&self, next_poll: Option<DateTime<Utc>>, failures: u32) -> bool {
        let reached = next_poll.is_none_or(|t| t <= Utc::now());
        reached || (self.config.once && failures == 0)
    }

    fn poll_feed(
        &mut self,
        url: &str,
        validators: &Validators,
        failures: u32,
    ) -> Result<(), S::Error> {
        let Some(target) = target(url) else {
            return self.feed_failed(url, "not an http(s) URL", failures);
        };
        match self.robots_verdict(&target) {
            None => return Ok(()),
            Some(RobotVerdict::Allowed) => {}
            Some(RobotVerdict::Disallowed) => {
                self.counts.disallowed += 1;
                return self.feed_failed(url, "disallowed by robots.txt", failures);
            }
            Some(RobotVerdict::HostUnavailable) => {
                self.counts.robots_unavailable += 1;
                return self.feed_failed(url, "robots.txt unavailable", failures);
            }
        }
        let Some(response) = self.request(&target, url, ACCEPT_FEED, Some(validators)) else {
            return Ok(());
        };
        self.counts.feeds_polled += 1;
        match response {
            Ok(Fetched::NotModified) => {
                self.counts.feeds_not_modified += 1;
                let next = self.after(self.config.interval);
                self.state.feed_polled(url, validators, next)
            }
            Ok(Fetched::Body {
                body,
                final_url,
                validators: fresh,
                ..
            }) => match parse_feed_at(&body, Some(&final_url)) {
                Ok(feed) => {
                    for item in &feed.items {
                        if self.state.item_seen(url, item)? {
                            self.counts.items_new += 1;
                        }
                    }
                    let next = self.after(self.config.interval);
                    self.state.feed_polled(url, &fresh, next)
                }
                Err(e) => self.feed_failed(url, &e.to_string(), failures),
            },
            Err(e) => self.feed_failed(url, &e.to_string(), failures),
        }
    }

    fn feed_failed(&mut self, url: &str, error: &str, failures: u32) -> Result<(), S::Error> {
        eprintln!("dyad: feed {url}: {error}");
        self.counts.feeds_failed += 1;
        let wait = feed_retry_wait(self.config.interval, failures + 1);
        let next = self.after(wait);
        self.state.feed_failed(url, error, next)
    }

    fn after(&self, wait: Duration) -> DateTime<Utc> {
        let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
        Utc::now()
            .checked_add_signed(wait)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Waits for the host's turn, then GETs; `None` when stopped while waiting.
    fn request(
        &mut self,
        target: &Target,
        url: &str,
        accept: &str,
        validators: Option<&Validators>,
    ) -> Option<Result<Fetched, FetchError>> {
        if !self.clock.wait_turn(&target.origin, &self.stop) {
            return None;
        }
        let response = self.fetcher.get(url, accept, validators);
        let delay = self.host_delay(&target.origin);
        self.clock.requested(&target.origin, delay);
        Some(response)
    }

    /// Our delay, or the host's robots.txt `Crawl-delay` when longer.
    fn host_delay(&self, origin: &str) -> Duration {
        let crawl_delay = self
            .robots
            .get(origin)
            .and_then(|r| r.crawl_delay(&self.config.robots_token));
        crawl_delay.map_or(self.config.delay, |d| d.max(self.config.delay))
    }

    /// What robots.txt says about `target` (fetching it first when needed); `None` when stopped.
    fn robots_verdict(&mut self, target: &Target) -> Option<RobotVerdict> {
        if self.robots.get(&target.origin).is_none() {
            let url = format!("{}/robots.txt", target.origin);
            let robots_target = Target {
                origin: target.origin.clone(),
                path: "/robots.txt".into(),
            };
            match self.request(&robots_target, &url, "text/plain", None)? {
                Ok(Fetched::Body { body, .. }) => {
                    self.robots.insert(&target.origin, Robots::parse(&body))
                }
                Ok(Fetched::NotModified) => self.robots.insert(&target.origin, Robots::allow_all()),
                Err(FetchError::Status(code)) if (400..500).contains(&code) => {
                    self.robots.insert(&target.origin, Robots::allow_all())
                }
                Err(e) => {
                    eprintln!("dyad: {url}: {e}; skipping this host for now");
                    self.robots.mark_unavailable(&target.origin)
                }
            }
        }
        self.robots
            .verdict(&target.origin, &self.config.robots_token, &target.path)
    }

    /// Queues the pending items not yet dealt with in this run. Items of feeds no longer in the
    /// list stay pending in the store until their feed is watched again.
    fn queue_pending(&mut self) -> Result<(), S::Error> {
        let now = Instant::now();
        for pending in self.state.pending_items()? {
            if !self.feeds.contains(&pending.feed_url) {
                continue;
            }
            if self.handled.insert(pending.key.clone()) {
                self.queue.push(Queued {
                    pending,
                    not_before: now,
                });
            }
        }
        Ok(())
    }

    /// Fetches queued items, each when it is due and its host's turn has come, until the queue
    /// is empty or the watcher is stopped.
    fn fetch_queued(&mut self) -> Result<(), S::Error> {
        while !self.queue.is_empty() && !self.stopped() {
            let now = Instant::now();
            match self.queue.iter().position(|q| self.ready_at(q) <= now) {
                Some(index) => {
                    let queued = self.queue.remove(index);
                    self.fetch_item(queued.pending)?;
                }
                None => {
                    let earliest = self.queue.iter().map(|q| self.ready_at(q)).min();
                    if !sleep_until(earliest.unwrap_or(now), &self.stop) {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// When a queued item may be fetched: its retry time, and its host's turn.
    fn ready_at(&self, queued: &Queued) -> Instant {
        let host_ready = queued
            .pending
            .item
            .link
            .as_deref()
            .and_then(target)
            .and_then(|t| self.clock.ready_at(&t.origin));
        host_ready.map_or(queued.not_before, |h| h.max(queued.not_before))
    }

    fn fetch_item(&mut self, pending: PendingItem) -> Result<(), S::Error> {
        let Some(target) = pending.item.link.as_deref().and_then(target) else {
            return self.deliver(&pending, None, None);
        };
        match self.robots_verdict(&target) {
            None => {
                self.handled.remove(&pending.key);
                return Ok(());
            }
            Some(RobotVerdict::Allowed) => {}
            Some(RobotVerdict::Disallowed) => {
                self.counts.disallowed += 1;
                return self.deliver(&pending, None, None);
            }
            Some(RobotVerdict::HostUnavailable) => {
                self.counts.robots_unavailable += 1;
                self.handled.remove(&pending.key);
                return Ok(());
            }
        }
        let link = pending.item.link.clone().unwrap_or_default();
        let Some(response) = self.request(&target, &link, ACCEPT_PAGE, None) else {
            self.handled.remove(&pending.key);
            return Ok(());
        };
        match response {
            Ok(Fetched::Body {
                body,
                content_type,
                final_url,
                ..
            }) => {
                self.counts.pages_fetched += 1;
                let page = FetchedPage {
                    bytes: &body,
                    content_type: content_type.as_deref(),
                    url: &final_url,
                };
                self.deliver(&pending, Some(page), None)
            }
            Ok(Fetched::NotModified) => self.deliver(&pending, None, None),
            Err(e) if e.is_transient() => self.attempt_failed(pending, &e),
            Err(e) => self.deliver(&pending, None, Some(&e)),
        }
    }

    /// A transient failure: try again after a backoff, or give up after the last attempt.
    fn attempt_failed(
        &mut self,
        mut pending: PendingItem,
        error: &FetchError,
    ) -> Result<(), S::Error> {
        pending.attempts += 1;
        let link = pending.item.link.as_deref().unwrap_or_default();
        let message = format!("{link}: {error}");
        let give_up = pending.attempts >= self.config.max_attempts;
        self.state.item_failed(&pending.key, &message, give_up)?;
        if give_up {
            eprintln!(
                "dyad: giving up on {message} after {} attempts",
                pending.attempts
            );
            self.counts.items_failed += 1;
            return Ok(());
        }
        self.counts.retries += 1;
        let wait = backoff(self.config.retry_base, pending.attempts);
        self.queue.push(Queued {
            pending,
            not_before: Instant::now() + wait,
        });
        Ok(())
    }

    /// Hands an item on (with its page when there is one) and records what became of it.
    fn deliver(
        &mut self,
        pending: &PendingItem,
        page: Option<FetchedPage<'_>>,
        fetch_error: Option<&FetchError>,
    ) -> Result<(), S::Error> {
        match self.sink.deliver(&pending.item, page) {
            Delivery::Submitted { from_page } => {
                self.counts.items_submitted += 1;
                if !from_page {
                    self.counts.items_from_feed_text += 1;
                }
                Ok(())
            }
            Delivery::NoText(reason) => {
                let reason = match fetch_error {
                    Some(e) => format!("{e}; {reason}"),
                    None => reason,
                };
                self.counts.items_failed += 1;
                self.state.item_failed(&pending.key, &reason, true)
            }
            Delivery::Stopped => {
                self.handled.remove(&pending.key);
                self.stop.store(true, Ordering::SeqCst);
                Ok(())
            }
        }
    }
}

/// How long a feed that failed `failures` times in a row waits: twice the interval, then four
/// times, … at most six hours.
fn feed_retry_wait(interval: Duration, failures: u32) -> Duration {
    let doublings = failures.min(16);
    interval
        .saturating_mul(1u32 << doublings)
        .min(MAX_FEED_BACKOFF.max(interval))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_feeds_wait_longer_each_time() {
        let interval = Duration::from_secs(300);
        assert_eq!(feed_retry_wait(interval, 1), Duration::from_secs(600));
        assert_eq!(feed_retry_wait(interval, 2), Duration::from_secs(1200));
        assert_eq!(feed_retry_wait(interval, 30), MAX_FEED_BACKOFF);
    }

    #[test]
    fn targets_split_origin_and_path() {
        let t = target("https://Example.com:8443/a/b?x=1#frag").unwrap();
        assert_eq!(t.origin, "https://example.com:8443");
        assert_eq!(t.path, "/a/b?x=1");
        assert!(target("ftp://example.com/x").is_none());
    }
}
