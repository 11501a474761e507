//! The acceptance example: the events a careful human coder finds in the reference article
//! (`../shared/samples/*.expected.md`; the article is bundled in `samples/`).

use std::path::Path;

use dyad_coder::Coder;
use dyad_core::{EventRecord, Modality};
use dyad_ingest::{read_all, FormatChoice};

fn events() -> Vec<EventRecord> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/moscowtimes-2025-12-11-putin-maduro.md");
    let article = read_all(&path, FormatChoice::Auto)
        .remove(0)
        .expect("reference article reads");
    Coder::new().code_article(&article)
}

fn countries(actors: &[dyad_core::ActorRef]) -> Vec<&str> {
    actors.iter().filter_map(|a| a.country.as_deref()).collect()
}

/// A required event: sentence, CAMEO root, source and target countries (either direction for
/// reciprocal events), and optionally the date.
struct Required {
    sentence: usize,
    root: &'static str,
    source: &'static str,
    target: Option<&'static str>,
    date: Option<&'static str>,
}

fn found(events: &[EventRecord], r: &Required) -> bool {
    events.iter().any(|e| {
        let s = countries(&e.source);
        let t = countries(&e.target);
        let forward = s.contains(&r.source) && r.target.is_none_or(|x| t.contains(&x));
        let backward =
            e.reciprocal && r.target.is_some_and(|x| s.contains(&x)) && t.contains(&r.source);
        e.sentence == r.sentence
            && e.event.root == r.root
            && (forward || backward)
            && r.date.is_none_or(|d| e.date.as_deref() == Some(d))
    })
}

const REQUIRED: &[Required] = &[
    Required {
        sentence: 0,
        root: "05",
        source: "RUS",
        target: Some("VEN"),
        date: Some("2025-12-11"),
    },
    Required {
        sentence: 0,
        root: "04",
        source: "RUS",
        target: Some("VEN"),
        date: Some("2025-12-11"),
    },
    Required {
        sentence: 1,
        root: "17",
        source: "USA",
        target: Some("VEN"),
        date: Some("2025-12-10"),
    },
    Required {
        sentence: 2,
        root: "04",
        source: "VEN",
        target: Some("RUS"),
        date: Some("2025"),
    },
    Required {
        sentence: 2,
        root: "05",
        source: "VEN",
        target: Some("RUS"),
        date: Some("2025"),
    },
    Required {
        sentence: 3,
        root: "05",
        source: "RUS",
        target: Some("VEN"),
        date: Some("2025-12-11"),
    },
    Required {
        sentence: 4,
        root: "05",
        source: "RUS",
        target: Some("VEN"),
        date: None,
    },
    Required {
        sentence: 6,
        root: "03",
        source: "RUS",
        target: Some("VEN"),
        date: None,
    },
    Required {
        sentence: 7,
        root: "17",
        source: "USA",
        target: Some("VEN"),
        date: Some("2025-12-10"),
    },
    Required {
        sentence: 8,
        root: "11",
        source: "USA",
        target: Some("VEN"),
        date: None,
    },
    Required {
        sentence: 9,
        root: "11",
        source: "VEN",
        target: Some("USA"),
        date: None,
    },
    Required {
        sentence: 10,
        root: "15",
        source: "USA",
        target: Some("VEN"),
        date: None,
    },
    Required {
        sentence: 10,
        root: "19",
        source: "USA",
        target: None,
        date: None,
    },
];

#[test]
fn finds_every_required_event() {
    let events = events();
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|r| !found(&events, r))
        .map(|r| {
            format!(
                "sentence {} root {} {}->{:?}",
                r.sentence, r.root, r.source, r.target
            )
        })
        .collect();
    assert!(missing.is_empty(), "missing: {missing:#?}");
}

#[test]
fn the_accusation_is_not_a_fact() {
    let events = events();
    let accusation = events
        .iter()
        .find(|e| e.sentence == 8 && e.event.root == "11")
        .expect("accusation");
    assert_eq!(accusation.source[0].code, "USAGOV");
    assert_eq!(accusation.target[0].code, "VENGOV");
    assert_eq!(accusation.target[0].name.as_deref(), Some("Nicolás Maduro"));
    assert!(events
        .iter()
        .all(|e| !(e.sentence == 8 && countries(&e.source) == ["VEN"] && e.event.root != "01")));
    let regime_change: Vec<_> = events
        .iter()
        .filter(|e| e.sentence == 9 && countries(&e.source) == ["USA"])
        .collect();
    assert!(regime_change.iter().all(|e| e.modality == Modality::Claimed
        && e.attributed_to.as_ref().is_some_and(|a| a.code == "VENGOV")));
}

#[test]
fn actors_dates_and_modality() {
    let events = events();
    let call = events
        .iter()
        .find(|e| e.sentence == 0 && e.event.root == "04")
        .unwrap();
    assert!(call.reciprocal);
    assert_eq!(
        call.attributed_to.as_ref().map(|a| a.code.as_str()),
        Some("RUSGOV")
    );
    assert!(call
        .source
        .iter()
        .chain(&call.target)
        .any(|a| a.code == "VENGOV" && a.name.as_deref() == Some("Nicolás Maduro")));
    let promise = events
        .iter()
        .find(|e| e.sentence == 6 && e.event.root == "03" && e.trigger.text == "support")
        .expect("'will continue to support' is coded");
    assert_eq!(promise.modality, Modality::Future);
    assert_eq!(promise.event.cameo, "032");
    let seizure = events
        .iter()
        .find(|e| e.sentence == 7 && e.event.root == "17")
        .unwrap();
    assert_eq!(seizure.source[0].code, "USAMIL");
    assert_eq!(seizure.date_text.as_deref(), Some("on Wednesday"));
    let strikes = events
        .iter()
        .find(|e| e.sentence == 10 && e.event.root == "19")
        .unwrap();
    let size = strikes.size.as_ref().expect("casualties");
    assert_eq!((size.killed, size.aggregate), (Some(87), true));
    assert!(strikes.background);
    assert!(strikes
        .location
        .as_ref()
        .is_some_and(|l| l.name == "Eastern Pacific"));
    let visit = events
        .iter()
        .find(|e| e.sentence == 2 && e.event.root == "04")
        .unwrap();
    assert!(visit.background);
    assert_eq!(visit.date_precision, Some(dyad_core::DatePrecision::Year));
}

#[test]
fn offsets_slice_back_to_their_text() {
    for e in events() {
        let chars: Vec<char> = e.text.chars().collect();
        let slice = |start: usize, end: usize| chars[start..end].iter().collect::<String>();
        assert_eq!(slice(e.trigger.start, e.trigger.end), e.trigger.text);
        for a in e
            .source
            .iter()
            .chain(&e.target)
            .chain(e.attributed_to.iter())
        {
            assert_eq!(slice(a.start, a.end), a.text, "{}", e.rule);
        }
        assert!(!e.rule.is_empty());
    }
}

#[test]
fn coding_is_deterministic() {
    assert_eq!(events(), events());
}
