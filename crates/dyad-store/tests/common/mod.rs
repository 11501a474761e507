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

/// A store on each backend this machine can test: a SQLite file, and a scratch PostgreSQL
/// database when `DYAD_TEST_PG` names a server (see `scripts/test`).
pub struct Backends {
    pub dir: tempfile::TempDir,
    pub pg: Option<dyad_store::scratch::ScratchDatabase>,
}

impl Backends {
    pub fn new(test: &str) -> Backends {
        Backends {
            dir: tempfile::tempdir().unwrap(),
            pg: dyad_store::scratch::ScratchDatabase::from_env(test).unwrap(),
        }
    }

    pub fn locations(&self) -> Vec<dyad_store::StoreLocation> {
        let mut out = vec![dyad_store::StoreLocation::File(
            self.dir.path().join("s.db"),
        )];
        if let Some(pg) = &self.pg {
            out.push(dyad_store::StoreLocation::Postgres(pg.url.clone()));
        }
        out
    }
}

/// Runs `check` on a fresh store of each backend, naming the backend when it fails.
pub fn on_each_backend(test: &str, check: impl Fn(dyad_store::Store)) {
    let backends = Backends::new(test);
    for location in backends.locations() {
        eprintln!("{test}: on {location}");
        check(dyad_store::Store::open_at(&location).unwrap());
    }
}
