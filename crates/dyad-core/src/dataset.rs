//! The dataset view of coded events: a real-world [`Event`] merged from the [`Mention`]s that
//! report it. The store builds these; exports, the HTTP API and the web UI read them.

use serde::{Deserialize, Serialize};

use crate::event::EventRecord;

/// The article a mention comes from, as exports and the API need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// The store's key of the article (a content hash): stable, unique.
    pub key: String,
    /// The article's own id (file stem, record id, URL-derived id).
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Outlet name or, failing that, the URL's host.
    pub source: Option<String>,
    /// Publication date (`YYYY-MM-DD`), when known.
    pub published: Option<String>,
    /// When the store received it (`YYYY-MM-DD HH:MM:SS`, UTC).
    pub ingested_at: String,
    /// Lexicon tone of the whole article, GDELT's scale (-100..100, usually -10..10).
    pub tone: Option<f64>,
    /// Length of the body in Unicode code points.
    pub body_chars: usize,
}

/// Why a mention joined the event it belongs to: the features that matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeReason {
    /// The mention it was matched against (the event's lead mention or another member).
    pub matched_mention: String,
    /// Each feature that was compared and how it compared ("actors: same", "date: 0 days").
    pub features: Vec<String>,
    /// Overall similarity in 0..1.
    pub score: f32,
}

/// One coded occurrence of an event in one sentence of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The merged event it belongs to.
    pub event_id: i64,
    /// The coded record (offsets relative to the sentence).
    pub record: EventRecord,
    pub article: ArticleRef,
    /// Code-point offset of the sentence in the article body, when it was found there.
    pub sentence_start: Option<usize>,
    /// Why it was merged into its event; `None` for the mention that founded the event.
    pub merge: Option<MergeReason>,
}

/// One real-world event: every mention that reports it, merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The store's id of the merged event (changes when events are re-merged).
    pub id: i64,
    /// The lead mention's record: the first report, or the most informative one.
    pub record: EventRecord,
    /// The article of the lead mention.
    pub article: ArticleRef,
    /// When the first mention was stored (`YYYY-MM-DD HH:MM:SS`, UTC).
    pub first_seen: String,
    /// When the latest mention was stored.
    pub last_seen: String,
    pub num_mentions: u32,
    /// Distinct articles, counting stored copies of a story (syndication) as articles.
    pub num_articles: u32,
    /// Distinct outlets among those articles.
    pub num_sources: u32,
    /// Mean tone of the articles that mention the event.
    pub avg_tone: Option<f64>,
    /// Largest death toll any mention reports.
    pub killed: Option<u64>,
}
