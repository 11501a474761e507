//! The ingest pipeline: readers → extraction on N threads → triage (language, copies) → coding on
//! N threads → one store writer, joined by bounded channels so memory stays flat whatever the
//! input size.
//!
//! ```text
//! submit(item) ─items─▶ extract × N ─extracted─▶ triage (in order) ─jobs─▶ coder × N ─done─▶ writer (in order)
//! ```
//!
//! Triage and writing run in input order (each reorders what the workers before it finish), so
//! one thread or many store the same articles, copies and events.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossbeam_channel::{bounded, Receiver, Sender};
use dyad_coder::Coder;
use dyad_core::{Article, EventRecord};
use dyad_ingest::{IngestError, Item};
use dyad_store::{ArticleMeta, Claim, PutOutcome, Store, StoreError, StoreLocation, UnitTotals};

use crate::inputs::Skips;
use crate::progress::Progress;
use crate::triage::Triage;

/// How the pipeline runs.
#[derive(Debug, Clone, Copy)]
pub struct PipelineOptions {
    /// Coding threads (at least one).
    pub threads: usize,
    /// A progress bar on standard error (else a plain log line every few seconds).
    pub progress_bar: bool,
    /// Keep the ids of stored articles (for `--show`).
    pub keep_docs: bool,
    /// Code articles (false: extract and store only).
    pub code: bool,
    /// Publication date for articles that carry none.
    pub default_date: Option<NaiveDate>,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            progress_bar: false,
            keep_docs: false,
            code: true,
            default_date: None,
        }
    }
}

/// What a run did, for the closing summary.
#[derive(Debug, Default)]
pub struct Summary {
    /// Articles handed to the pipeline.
    pub read: usize,
    /// Stored articles by outcome: new, updated, unchanged.
    pub outcomes: BTreeMap<&'static str, usize>,
    /// Articles stored as copies of an earlier one (not coded).
    pub copies: usize,
    /// Articles stored but not coded because of their language, by language.
    pub not_coded_language: BTreeMap<String, usize>,
    pub events: usize,
    pub by_root: BTreeMap<String, usize>,
    /// Inputs or records skipped or passed over, by reason.
    pub skips: Skips,
    /// Ids of the articles stored by this run (only with `keep_docs`).
    pub docs: Vec<String>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn failed(&self) -> usize {
        self.skips.failed()
    }
}

struct Job {
    seq: u64,
    article: Article,
    meta: ArticleMeta,
}

struct Coded {
    seq: u64,
    article: Article,
    meta: ArticleMeta,
    events: Vec<EventRecord>,
}

/// A reorder buffer: items numbered in input order arrive in any order and leave in order. It
/// holds only what arrived early, which the bounded channels keep to a few per thread.
struct InOrder<T> {
    next: u64,
    early: BTreeMap<u64, T>,
}

impl<T> InOrder<T> {
    fn new() -> Self {
        InOrder {
            next: 0,
            early: BTreeMap::new(),
        }
    }

    fn push(&mut self, seq: u64, item: T) {
        self.early.insert(seq, item);
    }

    /// The next item in input order, once it has arrived.
    fn pop(&mut self) -> Option<T> {
        let item = self.early.remove(&self.next)?;
        self.next += 1;
        Some(item)
    }
}

/// Skips counted by the stages before the writer, with a running total of failures for the
/// progress line.
#[derive(Default)]
struct SkipCounts {
    skips: Skips,
    total: Arc<AtomicUsize>,
}

impl SkipCounts {
    fn count(&mut self, error: &IngestError) {
        if error.is_failure() {
            self.total.fetch_add(1, Ordering::Relaxed);
        }
        self.skips.count(error);
    }

    fn count_failure(&mut self, kind: &'static str) {
        self.total.fetch_add(1, Ordering::Relaxed);
        self.skips.count_failure(kind);
    }
}

/// A running pipeline. Feed it with [`Pipeline::submit_item`] (or [`Pipeline::submit`]) and
/// [`Pipeline::skip`], then [`Pipeline::finish`].
pub struct Pipeline {
    items: Option<Sender<(u64, Item)>>,
    threads: Vec<JoinHandle<()>>,
    triage: Option<JoinHandle<SkipCounts>>,
    writer: Option<JoinHandle<Result<Summary, StoreError>>>,
    seq: u64,
    skips: SkipCounts,
    started: Instant,
}

impl Pipeline {
    /// Opens the store and starts the workers, triage and the writer.
    pub fn start(
        location: &StoreLocation,
        coder: Coder,
        options: PipelineOptions,
    ) -> Result<Pipeline, StoreError> {
        Pipeline::start_unit(location, coder, options, None)
    }

    /// [`Pipeline::start`] for a claimed work unit: the writer marks the unit done in the same
    /// transaction as its last article (or on its own when it stores none).
    pub fn start_unit(
        location: &StoreLocation,
        coder: Coder,
        options: PipelineOptions,
        unit: Option<Claim>,
    ) -> Result<Pipeline, StoreError> {
        let store = Store::open_at(location)?;
        let triage = Triage::new(Store::open_at(location)?);
        let n = options.threads.max(1);
        let (item_tx, item_rx) = bounded::<(u64, Item)>(n * 2);
        let (extracted_tx, extracted_rx) = bounded(n * 2);
        let (job_tx, job_rx) = bounded::<Job>(n * 2);
        let (done_tx, done_rx) = bounded::<Coded>(n * 2);
        let mut threads = Vec::new();
        for _ in 0..n {
            let (rx, tx) = (item_rx.clone(), extracted_tx.clone());
            threads.push(std::thread::spawn(move || extract_items(rx, tx)));
            let (rx, tx) = (job_rx.clone(), done_tx.clone());
            threads.push(std::thread::spawn(move || code_jobs(coder, rx, tx)));
        }
        drop((extracted_tx, done_tx));
        let skips = SkipCounts::default();
        let triage_skips = SkipCounts {
            total: skips.total.clone(),
            ..SkipCounts::default()
        };
        let triage = std::thread::spawn(move || {
            triage_in_order(triage, extracted_rx, job_tx, options, triage_skips)
        });
        let progress = Progress::new(options.progress_bar, skips.total.clone());
        let keep_docs = options.keep_docs;
        let writer = std::thread::spawn(move || {
            write_in_order(store, done_rx, progress, keep_docs, unit.as_ref())
        });
        Ok(Pipeline {
            items: Some(item_tx),
            threads,
            triage: Some(triage),
            writer: Some(writer),
            seq: 0,
            skips,
            started: Instant::now(),
        })
    }

    /// Hands one article to the pipeline; see [`Pipeline::submit_item`].
    pub fn submit(&mut self, article: Article) -> bool {
        self.submit_item(Item::Article(article))
    }

    /// Hands one item (an article, or a page to extract) to the pipeline. Returns false once the
    /// writer has stopped (a store error, reported by [`Pipeline::finish`]); the caller should
    /// stop reading.
    pub fn submit_item(&mut self, item: Item) -> bool {
        let seq = self.seq;
        self.seq += 1;
        self.items
            .as_ref()
            .is_some_and(|tx| tx.send((seq, item)).is_ok())
    }

    /// Counts (and reports on standard error) an input or record that was skipped; records passed
    /// over on purpose are only counted.
    pub fn skip(&mut self, error: &IngestError) {
        self.skips.count(error);
    }

    /// Waits for every article to be stored and returns the summary.
    pub fn finish(mut self) -> Result<Summary, StoreError> {
        self.items.take();
        let counts = self
            .triage
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default();
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
        let mut summary = match self.writer.take().map(JoinHandle::join) {
            Some(Ok(result)) => result?,
            _ => Summary::default(),
        };
        summary.read = self.seq as usize;
        summary.skips.merge(std::mem::take(&mut self.skips).skips);
        summary.skips.merge(counts.skips);
        summary.elapsed = self.started.elapsed();
        Ok(summary)
    }
}

fn extract_items(
    items: Receiver<(u64, Item)>,
    extracted: Sender<(u64, Result<Article, IngestError>)>,
) {
    for (seq, item) in items {
        if extracted.send((seq, item.into_article())).is_err() {
            return;
        }
    }
}

/// Classifies extracted articles in input order and passes them on to the coders.
fn triage_in_order(
    mut triage: Triage,
    extracted: Receiver<(u64, Result<Article, IngestError>)>,
    jobs: Sender<Job>,
    options: PipelineOptions,
    mut counts: SkipCounts,
) -> SkipCounts {
    let mut order = InOrder::new();
    let mut job_seq = 0u64;
    for (seq, result) in extracted {
        order.push(seq, result);
        while let Some(result) = order.pop() {
            let mut article = match result {
                Ok(article) => article,
                Err(e) => {
                    counts.count(&e);
                    continue;
                }
            };
            if article.published.is_none() {
                article.published = options.default_date;
            }
            let meta = match triage.classify(&mut article) {
                Ok(mut meta) => {
                    meta.coded &= options.code;
                    meta
                }
                Err(e) => {
                    eprintln!("dyad: cannot look up copies of {}: {e}", article.origin);
                    counts.count_failure("store-lookup");
                    continue;
                }
            };
            let job = Job {
                seq: job_seq,
                article,
                meta,
            };
            job_seq += 1;
            if jobs.send(job).is_err() {
                return counts;
            }
        }
    }
    counts
}

/// Says on standard error when only the first part of an article is coded.
pub(crate) fn note_cut(article: &Article) {
    if let (_, true) = Coder::coded_part(&article.body) {
        eprintln!(
            "dyad: {}: only the first {} characters coded (the text has {}); the whole text is kept",
            article.origin,
            dyad_coder::max_coded_chars(),
            article.body.chars().count()
        );
    }
}

fn code_jobs(coder: Coder, jobs: Receiver<Job>, done: Sender<Coded>) {
    for job in jobs {
        let mut meta = job.meta;
        let events = if meta.coded {
            meta.tone = Some(dyad_tone::article_tone(&job.article.body).tone);
            note_cut(&job.article);
            coder.code_article(&job.article)
        } else {
            Vec::new()
        };
        let coded = Coded {
            seq: job.seq,
            article: job.article,
            meta,
            events,
        };
        if done.send(coded).is_err() {
            return;
        }
    }
}

/// Stores coded articles in input order (a reorder buffer holds those that finish early).
/// Stores articles in input order. For a work unit, one article is held back until the next
/// arrives, so the last one is stored in the transaction that marks the unit done.
fn write_in_order(
    mut store: Store,
    done: Receiver<Coded>,
    mut progress: Progress,
    keep_docs: bool,
    unit: Option<&Claim>,
) -> Result<Summary, StoreError> {
    let mut summary = Summary::default();
    let mut order = InOrder::new();
    let mut held: Option<Coded> = None;
    for coded in done {
        order.push(coded.seq, coded);
        while let Some(coded) = order.pop() {
            let ready = match unit {
                Some(_) => held.replace(coded),
                None => Some(coded),
            };
            if let Some(ready) = ready {
                store_one(&mut store, ready, &mut summary, keep_docs, None)?;
                progress.update(&summary);
            }
        }
    }
    if let Some(claim) = unit {
        match held {
            Some(last) => store_one(&mut store, last, &mut summary, keep_docs, Some(claim))?,
            None => {
                store.queue_done(claim, unit_totals(&summary, None))?;
            }
        }
    }
    progress.finish(&summary);
    Ok(summary)
}

/// What a unit stored, counting `last` (about to be stored) when given.
fn unit_totals(summary: &Summary, last: Option<&Coded>) -> UnitTotals {
    let stored: usize = summary.outcomes.values().sum();
    UnitTotals {
        articles: (stored + usize::from(last.is_some())) as u64,
        mentions: (summary.events + last.map_or(0, |c| c.events.len())) as u64,
        skipped: 0,
    }
}

fn store_one(
    store: &mut Store,
    coded: Coded,
    summary: &mut Summary,
    keep_docs: bool,
    finishing: Option<&Claim>,
) -> Result<(), StoreError> {
    let outcome = match finishing {
        Some(claim) => {
            let totals = unit_totals(summary, Some(&coded));
            store.put_article_finishing(
                &coded.article,
                &coded.events,
                &coded.meta,
                claim,
                totals,
            )?
        }
        None => store.put_article_with(&coded.article, &coded.events, &coded.meta)?,
    };
    let label = match outcome {
        PutOutcome::Inserted => "new",
        PutOutcome::Replaced => "updated",
        PutOutcome::Unchanged => "unchanged",
    };
    *summary.outcomes.entry(label).or_default() += 1;
    if outcome == PutOutcome::Unchanged {
        return Ok(());
    }
    if coded.meta.duplicate_of.is_some() {
        summary.copies += 1;
    } else if let Some(language) = coded
        .article
        .language
        .as_deref()
        .filter(|l| *l != crate::triage::CODED_LANGUAGE)
    {
        *summary
            .not_coded_language
            .entry(language.to_string())
            .or_default() += 1;
    }
    summary.events += coded.events.len();
    for e in &coded.events {
        *summary.by_root.entry(e.event.root.clone()).or_default() += 1;
    }
    if keep_docs {
        summary.docs.push(coded.article.id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_leave_in_input_order() {
        let mut order = InOrder::new();
        order.push(1, "b");
        assert_eq!(order.pop(), None, "0 has not arrived");
        order.push(0, "a");
        order.push(2, "c");
        let out: Vec<_> = std::iter::from_fn(|| order.pop()).collect();
        assert_eq!(out, ["a", "b", "c"]);
        assert!(order.early.is_empty());
    }
}
