//! Every lexicon entry carries an example sentence; coding it must produce the entry's event.
//! This is the fixture test for the trigger lexicon (`data/lexicon/*.tsv`).
//!
//! Entries the coder cannot code yet are listed in `lexicon_known_failures.tsv`: the test fails
//! when an unlisted entry fails (a regression) and when a listed one passes (shrink the list).
//! After a deliberate change, `DYAD_BLESS_LEXICON=1 cargo test -p dyad-coder --test
//! lexicon_examples` rewrites the list; review its diff like a snapshot.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use dyad_coder::{ArticleContext, Coder, Entry, Lexicon};
use dyad_core::Article;

const KNOWN_FAILURES: &str = include_str!("lexicon_known_failures.tsv");

fn article(text: &str) -> Article {
    Article::sentence("example", text, NaiveDate::from_ymd_opt(2025, 6, 18))
}

/// The key of an entry in the known-failures list: file, code, pattern, example.
fn key(entry: &Entry) -> String {
    let file = entry.source.split(':').next().unwrap_or_default();
    format!(
        "{file}\t{}\t{}\t{}",
        entry.code,
        entry.pattern(),
        entry.example
    )
}

fn codes_its_example(coder: &Coder, entry: &Entry) -> bool {
    let events = coder.code_sentence(
        &article(&entry.example),
        0,
        &entry.example,
        &mut ArticleContext::default(),
    );
    let own_line = format!("({})", entry.source);
    events
        .iter()
        .any(|e| e.rule.contains(&own_line) || e.event.cameo == entry.code)
}

#[test]
fn every_example_codes_its_entry() {
    let coder = Coder::new();
    let known: BTreeSet<&str> = KNOWN_FAILURES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let mut failing = Vec::new();
    let mut regressions = Vec::new();
    let mut fixed = Vec::new();
    let mut checked = 0;
    for entry in Lexicon::builtin().entries.iter().filter(|e| !e.flags.say) {
        checked += 1;
        let k = key(entry);
        let passes = codes_its_example(&coder, entry);
        if !passes {
            failing.push(k.clone());
        }
        match (passes, known.contains(k.as_str())) {
            (false, false) => regressions.push(k),
            (true, true) => fixed.push(k),
            _ => {}
        }
    }
    if std::env::var_os("DYAD_BLESS_LEXICON").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/lexicon_known_failures.tsv"
        );
        let header: String = KNOWN_FAILURES
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(path, header + &failing.join("\n") + "\n")
            .expect("write the known failures");
        return;
    }
    assert!(
        checked > 2000,
        "only {checked} lexicon examples were checked"
    );
    assert!(
        regressions.is_empty(),
        "{} examples no longer code their entry:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "these now pass; remove them from lexicon_known_failures.tsv:\n{}",
        fixed.join("\n")
    );
    assert!(
        known.len() * 10 < checked,
        "more than 10% of the lexicon examples fail"
    );
}

#[test]
fn every_entry_has_an_example() {
    let missing: Vec<String> = Lexicon::builtin()
        .entries
        .iter()
        .filter(|e| e.example.trim().is_empty())
        .map(|e| e.source.clone())
        .collect();
    assert!(
        missing.is_empty(),
        "entries without an example: {missing:?}"
    );
}
