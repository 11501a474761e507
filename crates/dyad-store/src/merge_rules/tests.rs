use dyad_core::{
    ActorRef, DatePrecision, EventCode, EventRecord, Location, Modality, Size, TextSpan,
};

use super::*;

fn actor(code: &str) -> ActorRef {
    ActorRef {
        text: code.into(),
        start: 0,
        end: 3,
        code: code.into(),
        // Sector-only and group codes have no country.
        country: (code.len() >= 3 && !["MIL", "CVL", "GOV", "IMG"].contains(&&code[..3]))
            .then(|| code[..3].to_string()),
        sector: None,
        name: None,
    }
}

fn record(sentence: usize, cameo: &str, quad: u8, src: &str, tgt: &str) -> EventRecord {
    EventRecord {
        id: format!("{sentence}{cameo}{src}{tgt}"),
        doc: "d".into(),
        url: None,
        sentence,
        text: "x".into(),
        event: EventCode {
            cameo: cameo.into(),
            root: cameo[..2].into(),
            quad,
            goldstein: 0.0,
            plover: None,
            mode: None,
        },
        trigger: TextSpan {
            text: "t".into(),
            start: 0,
            end: 1,
        },
        source: if src.is_empty() {
            vec![]
        } else {
            vec![actor(src)]
        },
        target: if tgt.is_empty() {
            vec![]
        } else {
            vec![actor(tgt)]
        },
        reciprocal: false,
        modality: Modality::Asserted,
        attributed_to: None,
        date: Some("2025-12-10".into()),
        date_precision: Some(DatePrecision::Day),
        date_text: None,
        location: None,
        size: None,
        background: false,
        confidence: 0.9,
        rule: "r".into(),
    }
}

fn cmp(a: &EventRecord, ka: &str, b: &EventRecord, kb: &str) -> Result<Match, String> {
    compare(
        &MergeRules::default(),
        MentionSide {
            record: a,
            article_key: ka,
        },
        MentionSide {
            record: b,
            article_key: kb,
        },
    )
}

#[test]
fn two_reports_of_a_seizure_in_one_article_merge() {
    let a = record(1, "1711", 4, "USA", "VEN");
    let b = record(7, "1711", 4, "USAMIL", "VEN");
    let m = cmp(&a, "k", &b, "k").unwrap();
    assert!(m.features.iter().any(|f| f == "actors: same countries"));
    assert!(m.score >= 0.5);
}

#[test]
fn mentions_of_one_sentence_never_merge() {
    let a = record(1, "1711", 4, "USA", "VEN");
    assert_eq!(cmp(&a, "k", &a, "k").unwrap_err(), "same sentence");
}

#[test]
fn different_roots_modalities_and_countries_do_not_merge() {
    let a = record(1, "1711", 4, "USA", "VEN");
    assert!(cmp(&a, "k", &record(2, "190", 4, "USA", "VEN"), "k").is_err());
    let mut claimed = record(2, "1711", 4, "USA", "VEN");
    claimed.modality = Modality::Claimed;
    assert_eq!(
        cmp(&a, "k", &claimed, "k").unwrap_err(),
        "different modality"
    );
    assert_eq!(
        cmp(&a, "k", &record(2, "1711", 4, "RUS", "VEN"), "k").unwrap_err(),
        "incompatible actors"
    );
}

#[test]
fn verbal_statements_in_one_article_stay_apart_unless_identical() {
    let a = record(0, "051", 1, "RUSGOV", "VEN");
    let b = record(4, "051", 1, "RUSGOV", "VENGOV");
    assert!(cmp(&a, "k", &b, "k").is_err());
    // Across articles the same statement reported twice merges.
    assert!(cmp(&a, "k1", &b, "k2").is_ok());
    // Same codes in one article: a restatement.
    assert!(cmp(&a, "k", &record(5, "051", 1, "RUSGOV", "VEN"), "k").is_ok());
    // Verbal events need the same full code.
    assert!(cmp(&a, "k1", &record(4, "050", 1, "RUSGOV", "VEN"), "k2").is_err());
}

#[test]
fn reciprocal_events_match_with_sides_swapped() {
    let mut a = record(0, "041", 1, "RUSGOV", "VENGOV");
    a.reciprocal = true;
    let mut b = record(3, "041", 1, "VENGOV", "RUSGOV");
    b.reciprocal = true;
    assert!(cmp(&a, "k1", &b, "k2").is_ok());
    a.reciprocal = false;
    b.reciprocal = false;
    assert!(cmp(&a, "k1", &b, "k2").is_err());
}

#[test]
fn dates_must_fall_within_the_window() {
    let a = record(1, "1711", 4, "USA", "VEN");
    let mut b = record(2, "1711", 4, "USA", "VEN");
    b.date = Some("2025-12-11".into());
    assert!(cmp(&a, "k", &b, "k").is_ok());
    b.date = Some("2025-12-14".into());
    assert_eq!(cmp(&a, "k", &b, "k").unwrap_err(), "dates 4 days apart");
    b.date = Some("2025".into());
    b.date_precision = Some(DatePrecision::Year);
    assert!(cmp(&a, "k", &b, "k").is_err());
    b.date = None;
    assert_eq!(cmp(&a, "k", &b, "k").unwrap_err(), "one date unknown");
}

#[test]
fn places_in_different_countries_and_aggregates_do_not_merge() {
    let place = |name: &str, country: &str| Location {
        text: name.into(),
        name: name.into(),
        country: Some(country.into()),
        lat: None,
        lon: None,
        precision: "city".into(),
    };
    let mut a = record(1, "190", 4, "USA", "");
    let mut b = record(2, "190", 4, "USAMIL", "");
    a.location = Some(place("Caracas", "VEN"));
    b.location = Some(place("Bogotá", "COL"));
    assert!(cmp(&a, "k1", &b, "k2")
        .unwrap_err()
        .starts_with("places in different"));
    b.location = Some(place("caracas", "VEN"));
    assert!(cmp(&a, "k1", &b, "k2").is_ok());
    let size = |killed, aggregate| Size {
        killed: Some(killed),
        injured: None,
        arrested: None,
        aggregate,
    };
    a.size = Some(size(87, true));
    b.size = Some(size(3, false));
    assert_eq!(
        cmp(&a, "k1", &b, "k2").unwrap_err(),
        "an aggregate and a single event"
    );
    a.size = Some(size(4, false));
    assert!(cmp(&a, "k1", &b, "k2").is_ok());
    a.size = Some(size(40, false));
    assert!(cmp(&a, "k1", &b, "k2").is_err());
}

#[test]
fn unknown_targets_are_compatible_but_score_less() {
    let a = record(1, "1711", 4, "USA", "VEN");
    let b = record(2, "1711", 4, "USA", "");
    let partial = cmp(&a, "k1", &b, "k2").unwrap();
    let full = cmp(&a, "k1", &record(2, "1711", 4, "USA", "VEN"), "k2").unwrap();
    assert!(partial.score < full.score);
}

#[test]
fn year_dates_merge_only_within_one_article() {
    let mut a = record(1, "143", 4, "USA", "");
    let mut b = record(5, "143", 4, "USA", "");
    for e in [&mut a, &mut b] {
        e.date = Some("2017".into());
        e.date_precision = Some(DatePrecision::Year);
    }
    assert!(cmp(&a, "k", &b, "k").is_ok());
    assert!(cmp(&a, "k1", &b, "k2").unwrap_err().contains("too coarse"));
}

#[test]
fn bare_sectors_and_unknown_sides_do_not_tie_events_together() {
    let a = record(1, "190", 4, "MIL", "CVL");
    let b = record(2, "190", 4, "MIL", "CVL");
    assert_eq!(
        cmp(&a, "k1", &b, "k2").unwrap_err(),
        "no side known on both mentions"
    );
    let c = record(1, "190", 4, "", "VEN");
    let d = record(2, "190", 4, "USA", "");
    assert!(cmp(&c, "k1", &d, "k2").is_err());
    let group = record(3, "173", 4, "IMGREBISI", "");
    assert!(cmp(&group, "k1", &record(4, "173", 4, "IMGREBISI", "SYR"), "k2").is_ok());
}
