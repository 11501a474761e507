//! `dyad watch`: poll feeds, fetch new articles, code and store them until stopped.
//!
//! Glue only: the poll loop, HTTP, robots.txt and politeness live in `dyad-feeds`; the watcher's
//! state lives in the store (`watch_feeds`, `watch_items`); articles go through the ingest
//! pipeline like any other input.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use clap::Args;
use dyad_coder::Coder;
use dyad_core::Article;
use dyad_feeds::{
    item_key, read_feed_list, Delivery, FeedItem, FeedState, FetchedPage, Fetcher, FetcherConfig,
    ItemSink, PendingItem, Validators, WatchConfig, WatchCounts, WatchState, Watcher,
    DEFAULT_MAX_ATTEMPTS, DEFAULT_USER_AGENT,
};
use dyad_ingest::{article_from_item, article_from_page, Page};
use dyad_store::{NewWatchItem, Store, StoreError, StoreLocation, WatchItemStatus};

use crate::args::StoreArg;
use crate::cmd_ingest::write_summary;
use crate::pipeline::{Pipeline, PipelineOptions};

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// A file of feed URLs (one per line, `#` comments) or an OPML file.
    pub feeds: PathBuf,
    /// Poll every feed once, fetch what is new, and exit (for cron and tests).
    #[arg(long)]
    pub once: bool,
    /// Seconds between two polls of a feed.
    #[arg(long, default_value = "300", value_parser = parse_seconds)]
    pub interval: Duration,
    /// Seconds between two requests to the same host (a longer robots.txt Crawl-delay wins).
    #[arg(long, default_value = "2", value_parser = parse_seconds)]
    pub delay: Duration,
    /// Seconds before a request (connection, redirects and body) is abandoned.
    #[arg(long, default_value = "30", value_parser = parse_seconds)]
    pub timeout: Duration,
    /// Attempts at an article page (server errors, timeouts) before it is marked failed.
    #[arg(long, default_value_t = DEFAULT_MAX_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_attempts: u32,
    /// Seconds before the first retry of a failed page; doubled for each further attempt.
    #[arg(long, default_value = "10", value_parser = parse_seconds)]
    pub retry_wait: Duration,
    /// The User-Agent header; its first word (before `/`) is matched against robots.txt.
    #[arg(long, default_value = DEFAULT_USER_AGENT)]
    pub user_agent: String,
    /// Coding threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Code without the dependency parser (positional rules only; faster, less accurate).
    #[arg(long)]
    pub no_parse: bool,
}

pub(crate) fn parse_seconds(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .parse()
        .map_err(|_| format!("not a number of seconds: {text}"))?;
    Duration::try_from_secs_f64(secs).map_err(|_| format!("not a duration: {text}"))
}

pub fn run(args: WatchArgs) -> Result<bool> {
    let list = std::fs::read(&args.feeds)
        .with_context(|| format!("cannot read feed list {}", args.feeds.display()))?;
    let feeds =
        read_feed_list(&list).with_context(|| format!("feed list {}", args.feeds.display()))?;
    let location = &args.store.store;
    let state = StoreState(open_store(location)?);
    let stop = install_stop_handler()?;
    let coder = if args.no_parse {
        Coder::without_parser()
    } else {
        Coder::new()
    };
    let mut options = PipelineOptions::default();
    if let Some(threads) = args.threads {
        options.threads = threads;
    }
    let pipeline = Pipeline::start(location, coder, options)
        .with_context(|| format!("cannot open store {location}"))?;
    eprintln!(
        "dyad: watching {} feed(s){}",
        feeds.len(),
        if args.once { " once" } else { "; Ctrl-C stops" }
    );
    let fetcher = Fetcher::new(&FetcherConfig {
        user_agent: args.user_agent.clone(),
        timeout: args.timeout,
        connect_timeout: args.timeout.min(Duration::from_secs(10)),
    });
    let mut watcher = Watcher::new(
        feeds,
        watch_config(&args),
        fetcher,
        state,
        PipelineSink { pipeline },
        stop,
    );
    let run_result = watcher.run();
    let (state, sink, counts) = watcher.into_parts();
    let summary = sink
        .pipeline
        .finish()
        .context("storing failed; articles stored before the failure are complete")?;
    run_result.context("the watcher's state could not be kept in the store")?;
    state.0.watch_items_confirm_stored()?;
    let mut out = io::stdout().lock();
    writeln!(out, "store: {location}")?;
    write_summary(&mut out, &summary)?;
    write_watch_counts(&mut out, &counts)?;
    write_store_state(&mut out, &state.0)?;
    Ok(true)
}

fn open_store(location: &StoreLocation) -> Result<Store> {
    Store::open_at(location).with_context(|| format!("cannot open store {location}"))
}

fn watch_config(args: &WatchArgs) -> WatchConfig {
    WatchConfig {
        interval: args.interval,
        delay: args.delay,
        once: args.once,
        max_attempts: args.max_attempts,
        retry_base: args.retry_wait,
        robots_token: robots_token(&args.user_agent),
    }
}

/// The product token of a User-Agent (`dyad/0.1 (+…)` → `dyad`).
fn robots_token(user_agent: &str) -> String {
    user_agent
        .split(['/', ' '])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Ctrl-C or SIGTERM sets the stop flag (the watcher finishes the article in hand); a second one
/// exits at once.
pub(crate) fn install_stop_handler() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            eprintln!("dyad: stopped at once");
            std::process::exit(130);
        }
        eprintln!("dyad: stopping after the article in hand (again to stop at once)");
    })
    .context("cannot install the Ctrl-C handler")?;
    Ok(stop)
}

fn write_watch_counts(out: &mut impl Write, c: &WatchCounts) -> io::Result<()> {
    writeln!(
        out,
        "feeds polled: {} ({} not modified, {} failed)",
        c.feeds_polled, c.feeds_not_modified, c.feeds_failed
    )?;
    writeln!(
        out,
        "items: {} new, {} pages fetched, {} handed on ({} from the feed's text), {} retries, {} failed",
        c.items_new, c.pages_fetched, c.items_submitted, c.items_from_feed_text, c.retries, c.items_failed
    )?;
    writeln!(
        out,
        "robots.txt: {} disallowed, {} skipped (robots.txt unavailable)",
        c.disallowed, c.robots_unavailable
    )
}

fn write_store_state(out: &mut impl Write, store: &Store) -> Result<()> {
    let stats = store.stats()?;
    let items = store.watch_item_counts()?;
    writeln!(
        out,
        "store now holds {} articles, {} mentions, {} events; watched items: {} done, {} pending, \
         {} failed",
        stats.articles, stats.mentions, stats.events, items.done, items.pending, items.failed
    )?;
    Ok(())
}

/// The watcher's state, kept in the store.
struct StoreState(Store);

impl WatchState for StoreState {
    type Error = StoreError;

    fn feed_state(&mut self, url: &str) -> Result<FeedState, StoreError> {
        Ok(self
            .0
            .watch_feed(url)?
            .map(|row| FeedState {
                validators: Validators {
                    etag: row.etag,
                    last_modified: row.last_modified,
                },
                next_poll: row.next_poll,
                failures: row.failures,
            })
            .unwrap_or_default())
    }

    fn feed_polled(
        &mut self,
        url: &str,
        validators: &Validators,
        next_poll: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let Validators {
            etag,
            last_modified,
        } = validators;
        self.0
            .watch_feed_polled(url, etag.as_deref(), last_modified.as_deref(), next_poll)
    }

    fn feed_failed(
        &mut self,
        url: &str,
        error: &str,
        next_poll: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.0.watch_feed_failed(url, error, next_poll).map(|_| ())
    }

    fn item_seen(&mut self, feed_url: &str, item: &FeedItem) -> Result<bool, StoreError> {
        let item_json = serde_json::to_string(item)?;
        let key = item_key(feed_url, &item.id);
        self.0.watch_item_seen(&NewWatchItem {
            key: &key,
            feed_url,
            link: item.link.as_deref(),
            item_json: &item_json,
            article_id: item.article_id(),
        })
    }

    fn pending_items(&mut self) -> Result<Vec<PendingItem>, StoreError> {
        let rows = self.0.watch_items(WatchItemStatus::Pending)?;
        Ok(rows
            .into_iter()
            .map(|row| {
                // An item stored without its JSON still has its link: the page is all there is.
                let item = row
                    .item
                    .as_deref()
                    .and_then(|json| serde_json::from_str(json).ok())
                    .unwrap_or_else(|| FeedItem {
                        id: row.key.clone(),
                        link: row.link.clone(),
                        ..FeedItem::default()
                    });
                PendingItem {
                    key: row.key,
                    feed_url: row.feed_url,
                    item,
                    attempts: row.attempts,
                }
            })
            .collect())
    }

    fn item_failed(&mut self, key: &str, error: &str, give_up: bool) -> Result<(), StoreError> {
        self.0.watch_item_failed(key, error, give_up).map(|_| ())
    }

    fn confirm_stored(&mut self) -> Result<usize, StoreError> {
        self.0.watch_items_confirm_stored()
    }
}

/// Hands fetched items to the ingest pipeline.
struct PipelineSink {
    pipeline: Pipeline,
}

impl ItemSink for PipelineSink {
    fn deliver(&mut self, item: &FeedItem, page: Option<FetchedPage<'_>>) -> Delivery {
        let id = item.article_id().to_string();
        let from_page = page.and_then(|p| {
            let page = Page {
                bytes: p.bytes,
                url: Some(p.url),
                content_type: p.content_type,
            };
            article_from_page(&page, &id, &id).ok()
        });
        let (article, is_page) = match from_page {
            Some(article) => (article, true),
            None => match article_from_item(item, &id) {
                Ok(article) => (article, false),
                Err(e) => {
                    self.pipeline.skip(&e);
                    return Delivery::NoText(e.to_string());
                }
            },
        };
        let article = with_feed_metadata(article, item, &id);
        if self.pipeline.submit(article) {
            Delivery::Submitted { from_page: is_page }
        } else {
            Delivery::Stopped
        }
    }
}

/// The article under the watcher's id (the item's link), with what the page did not say filled
/// in from the feed.
fn with_feed_metadata(mut article: Article, item: &FeedItem, id: &str) -> Article {
    article.id = id.to_string();
    if article.url.is_none() {
        article.url = item.link.clone();
    }
    if article.title.is_none() {
        article.title = item.title.clone();
    }
    if article.published.is_none() {
        article.published = item.published.map(|t| t.date_naive());
    }
    if article.authors.is_empty() {
        article.authors = item.authors.clone();
    }
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_tokens() {
        assert_eq!(parse_seconds("0.05"), Ok(Duration::from_millis(50)));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("soon").is_err());
        assert_eq!(robots_token(DEFAULT_USER_AGENT), "dyad");
        assert_eq!(robots_token("MyBot/2.0 (x)"), "mybot");
    }
}
