//! dyad-extract: turns a web page (HTML bytes, with the URL and HTTP content type when known)
//! into the article it carries: main text without page furniture, and its metadata.
//!
//! Why a crate of its own: boilerplate removal and metadata recovery are a field of their own,
//! with their own evaluation sets (`dyad eval extract`), and they change independently of the
//! readers that find pages (files, WARC archives, feeds) and of the coder that reads the text.
//!
//! # Pipeline
//!
//! 1. Cut the page at [`limits::MAX_PAGE_BYTES`] (truncation, not refusal).
//! 2. Decode it ([`charset`]: HTTP charset > BOM > `<meta charset>` > UTF-8, with repair of
//!    mislabelled pages); refuse binary junk ([`ExtractError::NotHtml`]).
//! 3. Cut scripts, styles, SVG, `<noscript>` and comments from the string (`strip`), and drop
//!    tags nested deeper than [`limits::MAX_NESTING`] ([`nesting`]).
//! 4. Parse once with html5ever (trafilatura's `scraper` tree) and read the metadata
//!    ([`metadata`]) and the body's visible text before the extractor takes the tree over.
//! 5. Run `trafilatura` (port of go-trafilatura) on that tree, favouring precision; when it finds
//!    little text ([`limits::FALLBACK_BELOW_CHARS`]), run `dom_smoothie` (readability.js port) on
//!    its own parse of the page and take its text when clearly longer
//!    ([`limits::SMOOTHIE_LONGER`]); put back the page's lead when the page shows its declared
//!    description and the text lacks it ([`lead`]).
//!    `docs/extraction.md` has the evaluation behind it.
//! 6. Fill what the extractors lack: publication time (JSON-LD, meta, `<time>`, URL, words),
//!    authors, title without site suffix, canonical URL, site name, language.

pub mod charset;
pub mod clean;
pub mod date;
pub mod eval;
pub mod gzip;
pub mod jsonld;
pub mod language;
pub mod lead;
pub mod limits;
pub mod metadata;
pub mod nesting;
pub mod text;

mod pipeline;
mod strip;

#[doc(hidden)]
pub use strip::strip_unread;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use thiserror::Error;

pub use pipeline::extract;

/// A page as fetched: its bytes and what the transport said about it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page<'a> {
    pub bytes: &'a [u8],
    /// The URL the page was fetched from (WARC target URI, `--url`, feed item link).
    pub url: Option<&'a str>,
    /// The HTTP `Content-Type` header, whose charset wins over `<meta charset>`.
    pub content_type: Option<&'a str>,
}

/// When an article was published: a full timestamp when the page says so, else a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Date(NaiveDate),
    DateTime(DateTime<FixedOffset>),
}

impl Published {
    /// The calendar day (in the page's own offset).
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::Date(d) => *d,
            Published::DateTime(t) => t.date_naive(),
        }
    }
}

impl std::fmt::Display for Published {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Published::Date(d) => write!(f, "{d}"),
            Published::DateTime(t) => write!(f, "{}", t.to_rfc3339()),
        }
    }
}

impl Serialize for Published {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The article found in a page. `text` holds paragraphs separated by blank lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extracted {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<Published>,
    pub text: String,
    /// ISO 639-1 code ("en") from the page's declaration or identified from the text.
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
}

/// Why a page yielded no article.
#[derive(Debug, Error)]
pub enum ExtractError {
    /// The bytes are not text (binary junk, an image, a PDF …).
    #[error("not an HTML page: {0}")]
    NotHtml(String),
    /// The page holds no article text (empty page, a page of links only …).
    #[error("no article text found")]
    NoText,
    /// Returned by [`check_size`] for callers that prefer refusing large pages;
    /// [`extract`] itself truncates at [`limits::MAX_PAGE_BYTES`] instead.
    #[error("page too large: {size} bytes (limit {limit})")]
    TooLarge { size: usize, limit: usize },
    /// The parsed page is nested deeper than [`limits::MAX_PARSED_DEPTH`] although the tag scan
    /// ([`nesting`]) flattened it: the parser read it otherwise than the scan, and the extractors'
    /// work grows with depth, so the page is skipped.
    #[error("page nested too deeply: {depth} levels after parsing (limit {limit})")]
    TooDeep { depth: usize, limit: usize },
}

/// Refuses pages over [`limits::MAX_PAGE_BYTES`] (for callers that want refusal, not truncation).
pub fn check_size(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.len() > limits::MAX_PAGE_BYTES {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: limits::MAX_PAGE_BYTES,
        });
    }
    Ok(())
}
