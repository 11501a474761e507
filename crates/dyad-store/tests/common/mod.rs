//! Articles and event records for the store's integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use dyad_core::{ActorRef, Article, EventCode, EventRecord, InputFormat, Modality, TextSpan};

pub fn article(id: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        url: Some(format!("https://example.org/{id}")),
        title: Some("T".into()),
        authors: vec!["AFP".into()],
        published: NaiveDate::from_ymd_opt(2025, 12, 11),
        source: None,
        body: body.into(),
        format: InputFormat::Text,
        origin: "test".into(),
        language: None,
    }
}

pub fn actor(code: &str, country: &str) -> ActorRef {
    ActorRef {
        text: code.into(),
        start: 0,
        end: 3,
        code: code.into(),
        country: Some(country.into()),
        sector: None,
        name: None,
    }
}

pub fn event(
    doc: &str,
    sentence: usize,
    cameo: &str,
    date: &str,
    source: &str,
    target: &str,
) -> EventRecord {
    let mut e = EventRecord {
        id: String::new(),
        doc: doc.into(),
        url: None,
        sentence,
        text: "x".into(),
        event: EventCode {
            cameo: cameo.into(),
            root: cameo[..2].into(),
            quad: 4,
            goldstein: -9.2,
            plover: Some("COERCE".into()),
            mode: None,
        },
        trigger: TextSpan {
            text: "seized".into(),
            start: 0,
            end: 6,
        },
        source: vec![actor(source, &source[..3])],
        target: vec![actor(target, &target[..3])],
        reciprocal: false,
        modality: Modality::Asserted,
        attributed_to: None,
        date: Some(date.into()),
        date_precision: None,
        date_text: None,
        location: None,
        size: None,
        background: false,
        confidence: 0.9,
        rule: "test".into(),
    };
    e.id = e.compute_id();
    e
}
