//! Every lexicon entry carries an example sentence; coding it must produce the entry's event.
//! This is the fixture test for the trigger lexicon (`data/lexicon/*.tsv`).

use chrono::NaiveDate;
use dyad_coder::{ArticleContext, Coder, Lexicon};
use dyad_core::{Article, InputFormat};

fn article(text: &str) -> Article {
    Article {
        id: "example".into(),
        url: None,
        title: None,
        authors: vec![],
        published: NaiveDate::from_ymd_opt(2025, 6, 18),
        source: None,
        body: text.into(),
        format: InputFormat::Sentences,
        origin: "lexicon".into(),
    }
}

#[test]
fn every_example_codes_its_entry() {
    let coder = Coder::new();
    let lex = Lexicon::builtin();
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in &lex.entries {
        if entry.flags.say || entry.example.is_empty() {
            continue;
        }
        checked += 1;
        let a = article(&entry.example);
        let events = coder.code_sentence(&a, 0, &entry.example, &mut ArticleContext::default());
        let fired = events.iter().any(|e| e.rule.contains(&format!("({})", entry.source)));
        if !fired {
            failures.push(format!("{} {} '{}': {}", entry.source, entry.code, entry.pattern(), entry.example));
        }
    }
    assert!(checked > 0, "no lexicon examples were checked");
    assert!(failures.is_empty(), "{} of {checked} examples did not code their entry:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_entry_has_an_example_that_uses_its_head() {
    let lex = Lexicon::builtin();
    let missing: Vec<String> = lex
        .entries
        .iter()
        .filter(|e| e.example.trim().is_empty())
        .map(|e| e.source.clone())
        .collect();
    assert!(missing.is_empty(), "entries without an example: {missing:?}");
}
