//! The event record: one JSON object per coded event (documented in `docs/event-record.md`).

use serde::{Deserialize, Serialize};

use crate::date::DatePrecision;
use crate::hash::short_hash;

/// Version of the record shape; bump when a field changes meaning.
pub const RECORD_VERSION: u32 = 1;

/// A piece of the sentence, with offsets in Unicode code points into the sentence text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// An actor as coded: where it is in the sentence and what it resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRef {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// CAMEO actor code, e.g. `USAMIL`, `VENGOV`, `IGOUNO`; empty when nothing resolved.
    pub code: String,
    /// ISO 3166 alpha-3 code of the actor's country, when it has one.
    pub country: Option<String>,
    /// CAMEO/PLOVER sector (`GOV`, `MIL`, `COP`, ...), when known.
    pub sector: Option<String>,
    /// Canonical name of a resolved person or organisation ("Nicolás Maduro"), when known.
    pub name: Option<String>,
}

/// The event type in both codebooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCode {
    pub cameo: String,
    pub root: String,
    pub quad: u8,
    pub goldstein: f32,
    pub plover: Option<String>,
    pub mode: Option<String>,
}

/// How the text presents the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Reported as having happened.
    Asserted,
    /// Reported as not having happened ("did not attack").
    Negated,
    /// Possible or conditional ("could", "if").
    Hypothetical,
    /// Announced or intended ("will continue to support").
    Future,
    /// The content of someone's accusation or claim, not a fact.
    Claimed,
}

impl Modality {
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
            Modality::Future => "future",
            Modality::Claimed => "claimed",
        }
    }
}

/// Where the event took place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub text: String,
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `country`, `admin1`, `city`, `region` or `sea`.
    pub precision: String,
}

/// Casualty and arrest counts linked to the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Size {
    pub killed: Option<u64>,
    pub injured: Option<u64>,
    pub arrested: Option<u64>,
    /// True when the numbers total many events ("87 people killed in 22 strikes").
    pub aggregate: bool,
}

/// One coded event, tied to the sentence that reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Stable id: a hash of document, sentence, trigger offsets, code and actor codes.
    pub id: String,
    pub doc: String,
    pub url: Option<String>,
    /// 0-based index of the sentence in the article body.
    pub sentence: usize,
    pub text: String,
    pub event: EventCode,
    pub trigger: TextSpan,
    pub source: Vec<ActorRef>,
    pub target: Vec<ActorRef>,
    /// True for symmetric events (a meeting, a phone call): both sides act; GDELT exports write
    /// both directed dyads.
    pub reciprocal: bool,
    pub modality: Modality,
    pub attributed_to: Option<ActorRef>,
    pub date: Option<String>,
    pub date_precision: Option<DatePrecision>,
    pub date_text: Option<String>,
    pub location: Option<Location>,
    pub size: Option<Size>,
    pub background: bool,
    pub confidence: f32,
    pub rule: String,
}

impl EventRecord {
    /// Computes the stable id from the fields that identify an event mention.
    pub fn compute_id(&self) -> String {
        let codes = |actors: &[ActorRef]| {
            actors
                .iter()
                .map(|a| a.code.as_str())
                .collect::<Vec<_>>()
                .join("+")
        };
        short_hash(&[
            &self.doc,
            &self.sentence.to_string(),
            &self.trigger.start.to_string(),
            &self.event.cameo,
            &codes(&self.source),
            &codes(&self.target),
        ])
    }

    /// Every actor code on either side, for filtering.
    pub fn actor_codes(&self) -> impl Iterator<Item = &str> {
        self.source
            .iter()
            .chain(self.target.iter())
            .map(|a| a.code.as_str())
    }
}
