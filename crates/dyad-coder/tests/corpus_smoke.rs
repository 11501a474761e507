//! The coder over 249 real Guardian articles (`../shared/corpora/guardian-sample-ngec`): no panic,
//! and every event it emits is well formed (offsets slice back, known codes, a rule, a date).

use std::path::Path;

use dyad_coder::Coder;
use dyad_core::Codebook;
use dyad_ingest::{read_all, FormatChoice};

#[test]
fn guardian_sample_codes_cleanly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/guardian-sample-ngec/guardian-2019.articles.jsonl");
    assert!(path.exists(), "shared corpus missing at {}", path.display());
    let coder = Coder::new();
    let book = Codebook::builtin();
    let mut articles = 0;
    let mut events = 0;
    for article in read_all(&path, FormatChoice::Auto) {
        let article = article.expect("every Guardian record reads");
        articles += 1;
        for e in coder.code_article(&article) {
            events += 1;
            let chars: Vec<char> = e.text.chars().collect();
            let slice = |s: usize, t: usize| chars[s..t].iter().collect::<String>();
            assert_eq!(
                slice(e.trigger.start, e.trigger.end),
                e.trigger.text,
                "{}",
                e.rule
            );
            for a in e.source.iter().chain(&e.target) {
                assert_eq!(slice(a.start, a.end), a.text, "{}", e.rule);
            }
            assert!(
                book.get(&e.event.cameo).is_some(),
                "unknown code {}",
                e.event.cameo
            );
            assert!((0.0..=1.0).contains(&e.confidence));
            assert!(!e.rule.is_empty());
            assert!(e.date.is_some(), "dated articles give dated events");
            assert!(!e.source.is_empty() || !e.target.is_empty());
        }
    }
    assert_eq!(articles, 249);
    assert!(events > 200, "only {events} events from 249 articles");
}
