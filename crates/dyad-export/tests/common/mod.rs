//! Events and mentions built by hand (no store): a tanker seizure reported twice, a reciprocal
//! phone call, a compound-actor event dated to the month, an undated event with awkward text,
//! and one dated only to the year. And a way to run a sink over them and read back what it wrote.

#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use dyad_export::{event_sink, ExportSummary, Format, Output};

use dyad_core::{
    ActorRef, ArticleRef, DatePrecision, Event, EventCode, EventRecord, Location, Mention,
    MergeReason, Modality, Size, TextSpan,
};

pub fn actor(
    text: &str,
    start: usize,
    code: &str,
    country: &str,
    sector: Option<&str>,
) -> ActorRef {
    ActorRef {
        text: text.into(),
        start,
        end: start + text.chars().count(),
        code: code.into(),
        country: Some(country.into()),
        sector: sector.map(Into::into),
        name: None,
    }
}

pub fn article(id: &str, url: Option<&str>, tone: f64) -> ArticleRef {
    ArticleRef {
        key: format!("key-{id}"),
        id: id.into(),
        url: url.map(Into::into),
        title: Some("Putin, Maduro discuss U.S. pressure".into()),
        source: Some("The Moscow Times".into()),
        published: Some("2025-12-11".into()),
        ingested_at: "2025-12-11 09:30:00".into(),
        tone: Some(tone),
        body_chars: 2400,
    }
}

fn code(cameo: &str, quad: u8, goldstein: f32, plover: &str, mode: Option<&str>) -> EventCode {
    EventCode {
        cameo: cameo.into(),
        root: cameo[..2].into(),
        quad,
        goldstein,
        plover: Some(plover.into()),
        mode: mode.map(Into::into),
    }
}

fn base_record(id: &str, text: &str, event: EventCode, trigger: (&str, usize)) -> EventRecord {
    EventRecord {
        id: id.into(),
        doc: "moscowtimes-2025-12-11".into(),
        url: Some("https://www.themoscowtimes.com/2025/12/11/putin-maduro".into()),
        sentence: 2,
        text: text.into(),
        event,
        trigger: TextSpan {
            text: trigger.0.into(),
            start: trigger.1,
            end: trigger.1 + trigger.0.chars().count(),
        },
        source: Vec::new(),
        target: Vec::new(),
        reciprocal: false,
        modality: Modality::Asserted,
        attributed_to: None,
        date: Some("2025-12-11".into()),
        date_precision: Some(DatePrecision::Day),
        date_text: None,
        location: None,
        size: None,
        background: false,
        confidence: 0.8,
        rule: "test".into(),
    }
}

pub fn seizure_record() -> EventRecord {
    let text = "U.S. forces seized an oil tanker off the coast of Venezuela on Wednesday.";
    let mut r = base_record(
        "m-seize",
        text,
        code("1711", 4, -9.2, "SEIZE", Some("seize")),
        ("seized", 12),
    );
    r.source = vec![actor("U.S. forces", 0, "USAMIL", "USA", Some("MIL"))];
    r.target = vec![actor("Venezuela", 50, "VEN", "VEN", None)];
    r.date = Some("2025-12-10".into());
    r.date_text = Some("on Wednesday".into());
    r.location = Some(Location {
        text: "off the coast of Venezuela".into(),
        name: "Caribbean Sea".into(),
        country: None,
        lat: Some(15.0),
        lon: Some(-75.0),
        precision: "sea".into(),
    });
    r
}

pub fn event(id: i64, record: EventRecord) -> Event {
    Event {
        id,
        record,
        article: article(
            "moscowtimes-2025-12-11",
            Some("https://www.themoscowtimes.com/2025/12/11/putin-maduro"),
            -2.5,
        ),
        first_seen: "2025-12-11 09:30:00".into(),
        last_seen: "2025-12-11 10:00:00".into(),
        num_mentions: 1,
        num_articles: 1,
        num_sources: 1,
        avg_tone: Some(-2.5),
        killed: None,
    }
}

/// The tanker seizure, reported by two articles.
pub fn seizure() -> Event {
    let mut e = event(1, seizure_record());
    e.num_mentions = 2;
    e.num_articles = 2;
    e.num_sources = 2;
    e.avg_tone = Some(-3.25);
    e
}

/// Putin and Maduro spoke by phone: reciprocal, with names.
pub fn phone_call() -> Event {
    let text = "Putin held a phone call with Maduro, the Kremlin said.";
    let mut r = base_record(
        "m-call",
        text,
        code("042", 1, 1.9, "CONSULT", Some("phone")),
        ("held a phone call with", 6),
    );
    let mut putin = actor("Putin", 0, "RUSGOV", "RUS", Some("GOV"));
    putin.name = Some("Vladimir Putin".into());
    let mut maduro = actor("Maduro", 29, "VENGOV", "VEN", Some("GOV"));
    maduro.name = Some("Nicolás Maduro".into());
    r.source = vec![putin];
    r.target = vec![maduro];
    r.reciprocal = true;
    r.sentence = 0;
    r.location = Some(Location {
        text: "Moscow".into(),
        name: "Moscow".into(),
        country: Some("RUS".into()),
        lat: Some(55.7558),
        lon: Some(37.6173),
        precision: "city".into(),
    });
    event(2, r)
}

/// Two sources on one side, dated to the month, with casualties.
pub fn compound() -> Event {
    let text = "The United States and Britain imposed sanctions on Venezuela in November.";
    let mut r = base_record(
        "m-sanction",
        text,
        code("163", 4, -8.0, "SANCTION", None),
        ("imposed sanctions on", 30),
    );
    r.source = vec![
        actor("The United States", 0, "USA", "USA", None),
        actor("Britain", 22, "GBR", "GBR", None),
    ];
    r.target = vec![actor("Venezuela", 51, "VEN", "VEN", None)];
    r.date = Some("2025-11".into());
    r.date_precision = Some(DatePrecision::Month);
    r.size = Some(Size {
        killed: Some(3),
        injured: None,
        arrested: Some(12),
        aggregate: false,
    });
    let mut e = event(3, r);
    e.killed = Some(3);
    e
}

/// No date anywhere in the record, text with a comma, quotes and a line break, no actors.
pub fn undated() -> Event {
    let text = "Officials said \"talks, again\"\nwould resume.";
    let mut r = base_record(
        "m-undated",
        text,
        code("036", 1, 4.0, "AGREE", None),
        ("would resume", 30),
    );
    r.date = None;
    r.date_precision = None;
    r.modality = Modality::Future;
    let mut e = event(4, r);
    e.article.url = None;
    e.record.url = None;
    e.avg_tone = None;
    e
}

/// Dated only to the year.
pub fn year_only() -> Event {
    let mut r = seizure_record();
    r.id = "m-year".into();
    r.date = Some("2024".into());
    r.date_precision = Some(DatePrecision::Year);
    event(5, r)
}

pub fn all_events() -> Vec<Event> {
    vec![undated(), year_only(), compound(), seizure(), phone_call()]
}

/// A mention of `e` (its lead record) found at `sentence_start` in an article.
pub fn mention(e: &Event, sentence_start: Option<usize>, article: ArticleRef) -> Mention {
    Mention {
        event_id: e.id,
        record: e.record.clone(),
        article,
        sentence_start,
        merge: None,
    }
}

/// The second report of the seizure, merged into event 1.
pub fn second_seizure_mention() -> Mention {
    let mut m = mention(
        &seizure(),
        Some(300),
        article(
            "reuters-1",
            Some("https://example.com/reuters/tanker"),
            -4.0,
        ),
    );
    m.record.id = "m-seize-2".into();
    m.article.source = Some("example.com".into());
    m.merge = Some(MergeReason {
        matched_mention: "m-seize".into(),
        features: vec!["actors: same".into(), "date: 0 days".into()],
        score: 0.9,
    });
    m
}

/// A `Write` whose bytes can be read after the sink that owns it is finished.
#[derive(Clone, Default)]
pub struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::ErrorKind::Other)?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    /// What was written, as text.
    pub fn text(&self) -> String {
        let bytes = self.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }
}

/// Writes `events` through a sink for `format` into `out`; what the sink says it wrote.
pub fn write_events(format: Format, out: Output, events: &[Event]) -> ExportSummary {
    let mut sink = event_sink(format, out).unwrap();
    for e in events {
        sink.event(e).unwrap();
    }
    sink.finish().unwrap()
}

/// `events` exported as `format` (a text format): the text, and the summary.
pub fn export_text(format: Format, events: &[Event]) -> (String, ExportSummary) {
    let buf = Shared::default();
    let summary = write_events(format, Output::Writer(Box::new(buf.clone())), events);
    (buf.text(), summary)
}
