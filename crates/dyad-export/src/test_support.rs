//! Records built by hand for the unit tests.

use dyad_core::{ActorRef, ArticleRef, Event, EventCode, EventRecord, Modality, TextSpan};

pub(crate) fn actor(code: &str) -> ActorRef {
    ActorRef {
        text: code.to_string(),
        start: 0,
        end: code.chars().count(),
        code: code.to_string(),
        country: Some(code.get(..3).unwrap_or(code).to_string()),
        sector: None,
        name: None,
    }
}

pub(crate) fn record() -> EventRecord {
    EventRecord {
        id: "r1".into(),
        doc: "doc".into(),
        url: None,
        sentence: 0,
        text: "USA seized VEN.".into(),
        event: EventCode {
            cameo: "1711".into(),
            root: "17".into(),
            quad: 4,
            goldstein: -9.2,
            plover: Some("SEIZE".into()),
            mode: None,
        },
        trigger: TextSpan {
            text: "seized".into(),
            start: 4,
            end: 10,
        },
        source: vec![actor("USA")],
        target: vec![actor("VEN")],
        reciprocal: false,
        modality: Modality::Asserted,
        attributed_to: None,
        date: Some("2025-12-10".into()),
        date_precision: None,
        date_text: None,
        location: None,
        size: None,
        background: false,
        confidence: 0.9,
        rule: String::new(),
    }
}

pub(crate) fn event() -> Event {
    Event {
        id: 1,
        record: record(),
        article: ArticleRef {
            key: "k".into(),
            id: "doc".into(),
            url: Some("https://example.com/a".into()),
            title: None,
            source: None,
            published: Some("2025-12-11".into()),
            ingested_at: "2025-12-11 09:30:00".into(),
            tone: Some(-1.0),
            body_chars: 100,
        },
        first_seen: "2025-12-11 09:30:00".into(),
        last_seen: "2025-12-11 09:30:00".into(),
        num_mentions: 1,
        num_articles: 1,
        num_sources: 1,
        avg_tone: Some(-1.0),
        killed: None,
    }
}
