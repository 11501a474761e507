//! PLOVER JSON lines: one object per event, with the field names of the PLOVER specification
//! ("Data Fields" chapter of the PLOVER manual: `id`, `date`, `actor`, `recipient`, `event_loc`,
//! `event_text`, `quad_code`, `mode`, `context`, `text`, `text_info`, `cite_info`, `coder`,
//! `coded_date`) and POLECAT's `event_type`, plus dyad's own fields (modality, counts, CAMEO).
//! A compound actor stays one record with several entities, as PLOVER allows.

use std::io::Write;

use dyad_core::{ActorRef, Codebook, Event, Location, Size};
use serde::Serialize;

use crate::fields::f32_to_f64;
use crate::lines::Lines;
use crate::{EventSink, ExportError, ExportSummary};

/// The `coder` field: this program and version.
pub const CODER: &str = concat!("dyad ", env!("CARGO_PKG_VERSION"));

/// Writes PLOVER JSON lines.
pub struct PloverWriter<W: Write> {
    lines: Lines<W>,
}

impl<W: Write> PloverWriter<W> {
    pub fn new(out: W) -> Self {
        PloverWriter {
            lines: Lines::new(out),
        }
    }
}

impl<W: Write> EventSink for PloverWriter<W> {
    fn event(&mut self, e: &Event) -> Result<(), ExportError> {
        self.lines.summary.records += 1;
        self.lines.json_line(&record(e))
    }

    fn finish(self: Box<Self>) -> Result<ExportSummary, ExportError> {
        self.lines.finish()
    }
}

#[derive(Serialize)]
pub(crate) struct Record<'a> {
    id: String,
    date: Option<&'a str>,
    date_precision: Option<&'static str>,
    event_type: Option<&'a str>,
    mode: Vec<&'a str>,
    context: Vec<&'a str>,
    quad_code: u8,
    actor: Vec<Entity<'a>>,
    recipient: Vec<Entity<'a>>,
    reciprocal: bool,
    modality: &'static str,
    attributed_to: Option<Entity<'a>>,
    background: bool,
    event_loc: Option<EventLoc<'a>>,
    size: Option<SizeInfo>,
    event_text: Vec<&'a str>,
    text: &'a str,
    text_info: TextInfo,
    cameo: Cameo<'a>,
    cite_info: CiteInfo<'a>,
    num_mentions: u32,
    num_articles: u32,
    num_sources: u32,
    avg_tone: Option<f64>,
    killed: Option<u64>,
    first_seen: &'a str,
    last_seen: &'a str,
    confidence: f64,
    mention_id: &'a str,
    coder: &'static str,
    coded_date: Option<&'a str>,
}

/// An entity object (PLOVER "Information object for entities").
#[derive(Serialize)]
struct Entity<'a> {
    code: &'a str,
    country: Option<&'a str>,
    sector: Option<&'a str>,
    entity_text: &'a str,
    identifier_text: Option<&'a str>,
    start: usize,
    end: usize,
}

/// The event location (PLOVER's location object; `resolution` 1 country, 2 province, 4 city,
/// null for seas and regions).
#[derive(Serialize)]
struct EventLoc<'a> {
    extracted_place: &'a str,
    resolved_place: &'a str,
    country_code: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    resolution: Option<u8>,
    feature: &'a str,
}

#[derive(Serialize)]
struct SizeInfo {
    dead: Option<u64>,
    injured: Option<u64>,
    arrested: Option<u64>,
    aggregate: bool,
}

/// Where the trigger is: sentence index in the article body (0-based) and code-point offsets
/// of the trigger in `text`.
#[derive(Serialize)]
struct TextInfo {
    sequence: usize,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Cameo<'a> {
    code: &'a str,
    root: &'a str,
    goldstein: f64,
}

#[derive(Serialize)]
struct CiteInfo<'a> {
    url: Option<&'a str>,
    publication: Option<&'a str>,
    title: Option<&'a str>,
    published: Option<&'a str>,
    article_id: &'a str,
    language: &'static str,
    codebook: &'static str,
}

pub(crate) fn record(e: &Event) -> Record<'_> {
    let r = &e.record;
    let context = Codebook::builtin()
        .get(&r.event.cameo)
        .and_then(|t| t.context.as_deref())
        .map(|c| {
            c.split([',', ';'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Record {
        id: format!("dyad-{}", e.id),
        date: r.date.as_deref(),
        date_precision: r.date_precision.map(|p| match p {
            dyad_core::DatePrecision::Day => "day",
            dyad_core::DatePrecision::Month => "month",
            dyad_core::DatePrecision::Year => "year",
        }),
        event_type: r.event.plover.as_deref(),
        mode: r.event.mode.as_deref().into_iter().collect(),
        context,
        quad_code: r.event.quad,
        actor: r.source.iter().map(entity).collect(),
        recipient: r.target.iter().map(entity).collect(),
        reciprocal: r.reciprocal,
        modality: r.modality.as_str(),
        attributed_to: r.attributed_to.as_ref().map(entity),
        background: r.background,
        event_loc: r.location.as_ref().map(event_loc),
        size: r.size.as_ref().map(size),
        event_text: vec![r.trigger.text.as_str()],
        text: &r.text,
        text_info: TextInfo {
            sequence: r.sentence,
            start: r.trigger.start,
            end: r.trigger.end,
        },
        cameo: Cameo {
            code: &r.event.cameo,
            root: &r.event.root,
            goldstein: f32_to_f64(r.event.goldstein),
        },
        cite_info: CiteInfo {
            url: e.article.url.as_deref().or(r.url.as_deref()),
            publication: e.article.source.as_deref(),
            title: e.article.title.as_deref(),
            published: e.article.published.as_deref(),
            article_id: &e.article.id,
            language: "en",
            codebook: "CAMEO 1.1b3 / PLOVER",
        },
        num_mentions: e.num_mentions,
        num_articles: e.num_articles,
        num_sources: e.num_sources,
        avg_tone: e.avg_tone.filter(|t| t.is_finite()),
        killed: e.killed,
        first_seen: &e.first_seen,
        last_seen: &e.last_seen,
        confidence: f32_to_f64(r.confidence),
        mention_id: &r.id,
        coder: CODER,
        coded_date: e.first_seen.get(..10),
    }
}

fn entity(a: &ActorRef) -> Entity<'_> {
    Entity {
        code: &a.code,
        country: a.country.as_deref(),
        sector: a.sector.as_deref(),
        entity_text: &a.text,
        identifier_text: a.name.as_deref(),
        start: a.start,
        end: a.end,
    }
}

fn event_loc(l: &Location) -> EventLoc<'_> {
    let resolution = match l.precision.as_str() {
        "country" => Some(1),
        "admin1" => Some(2),
        "city" => Some(4),
        _ => None,
    };
    EventLoc {
        extracted_place: &l.text,
        resolved_place: &l.name,
        country_code: l.country.as_deref(),
        lat: l.lat.filter(|v| v.is_finite()),
        lon: l.lon.filter(|v| v.is_finite()),
        resolution,
        feature: &l.precision,
    }
}

fn size(s: &Size) -> SizeInfo {
    SizeInfo {
        dead: s.killed,
        injured: s.injured,
        arrested: s.arrested,
        aggregate: s.aggregate,
    }
}
