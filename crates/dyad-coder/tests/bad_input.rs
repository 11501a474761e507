//! Bad input for the coder: very long sentences, lists, headlines in capitals, quotes without a
//! speaker, unknown names. Nothing may panic, no event may be invented from nothing (every event
//! names a known actor), and every event explains itself with a `rule` whose trigger offsets
//! slice back to the trigger's text.

use chrono::NaiveDate;
use dyad_coder::Coder;
use dyad_core::{Article, EventRecord};

fn code(text: &str) -> Vec<EventRecord> {
    let article = Article::sentence("bad", text, NaiveDate::from_ymd_opt(2025, 12, 11));
    Coder::new().code_article(&article)
}

/// The checks every event of every input must pass.
fn assert_sound(text: &str, events: &[EventRecord]) {
    for e in events {
        assert!(
            !e.rule.trim().is_empty(),
            "event without a rule in {text:?}: {e:?}"
        );
        let known = e.source.iter().chain(&e.target).any(|a| !a.code.is_empty());
        assert!(known, "event with no known actor in {text:?}: {e:?}");
        let chars: Vec<char> = e.text.chars().collect();
        let slice: String = chars
            .get(e.trigger.start..e.trigger.end)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        assert_eq!(slice, e.trigger.text, "trigger offsets in {text:?}");
    }
}

#[test]
fn a_sentence_of_three_hundred_tokens_codes_soundly() {
    let clause =
        "Russia attacked Ukraine and Poland condemned the strike while Hungary said nothing";
    let text = vec![clause; 25].join(", ") + ".";
    assert!(text.split_whitespace().count() >= 300);
    let events = code(&text);
    assert_sound(&text, &events);
    assert!(
        events.iter().any(|e| e.event.root == "19"),
        "the attacks are still found in a long sentence"
    );
}

/// Each text codes to no event at all; `why` says why none is expected.
fn assert_no_events(texts: &[&str], why: &str) {
    for text in texts {
        let events = code(text);
        assert_sound(text, &events);
        assert!(events.is_empty(), "{why}: {text:?} gave {events:?}");
    }
}

#[test]
fn lists_and_headlines_invent_nothing() {
    assert_no_events(
        &[
            "Apples, oranges, pears, plums, Russia, Ukraine, Poland, Hungary.",
            "1. Russia 2. Ukraine 3. Poland 4. Hungary",
            "RUSSIA UKRAINE POLAND HUNGARY",
            "WORLD NEWS: LIVE UPDATES",
        ],
        "no verb, no event",
    );
}

#[test]
fn headlines_in_capitals_code_soundly() {
    let text = "RUSSIA ATTACKS UKRAINE AS TALKS STALL";
    assert_sound(text, &code(text));
}

#[test]
fn quotes_without_a_speaker_invent_no_actor() {
    assert_no_events(
        &[
            "\u{201c}We will strike them tomorrow,\u{201d} he said.",
            "\u{201c}They attacked us first.\u{201d}",
            "\"It will not stand,\" they warned.",
        ],
        "nobody known acts",
    );
}

#[test]
fn unknown_names_are_not_coded() {
    assert_no_events(
        &["Zorblax met Quuxland and Blorp attacked Fnord on Monday."],
        "unknown names are no actors",
    );
}
