//! What coding adds to parsing, on the 249 Guardian articles of `../shared/corpora`:
//! `cargo bench -p dyad-coder` prints one JSON line. Never asserted.
//!
//! Pass 1 splits and parses every coded sentence of every article (what the parser costs);
//! pass 2 codes the same articles with `Coder::code_article`, which splits, parses and codes.
//! The passes alternate for a few rounds and the fastest of each counts, so a busy machine
//! inflates neither. `coding_overhead` = (code − parse) / parse.

use std::path::Path;
use std::time::Instant;

use dyad_coder::{Coder, MAX_SENTENCE_CHARS};
use dyad_core::Article;
use dyad_ingest::{read_all, FormatChoice};
use dyad_nlp::Analyzer;

const ROUNDS: usize = 3;

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/guardian-sample-ngec/guardian-2019.articles.jsonl");
    if !path.exists() {
        return eprintln!("skipping: {} not found", path.display());
    }
    let articles: Vec<Article> = read_all(&path, FormatChoice::Auto)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    let analyzer = match Analyzer::load_default() {
        Ok(a) => a,
        Err(e) => return eprintln!("{e}"),
    };
    let coder = Coder::new();
    let (mut parse_s, mut code_s) = (f64::MAX, f64::MAX);
    let (mut sentences, mut words, mut events) = (0, 0, 0);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        (sentences, words) = parse_all(&analyzer, &articles);
        parse_s = parse_s.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        events = articles.iter().map(|a| coder.code_article(a).len()).sum();
        code_s = code_s.min(t.elapsed().as_secs_f64());
    }
    let line = serde_json::json!({
        "articles": articles.len(),
        "sentences": sentences,
        "words": words,
        "events": events,
        "parse_s": parse_s,
        "code_s": code_s,
        "parse_words_per_sec": words as f64 / parse_s,
        "code_words_per_sec": words as f64 / code_s,
        "coding_overhead": (code_s - parse_s) / parse_s,
    });
    println!("{line}");
}

/// Splits and parses what the coder would: (sentences, words).
fn parse_all(analyzer: &Analyzer, articles: &[Article]) -> (usize, usize) {
    let (mut sentences, mut words) = (0, 0);
    for article in articles {
        let (body, _) = Coder::coded_part(&article.body);
        let chars: Vec<char> = body.chars().collect();
        for span in dyad_nlp::split_sentences(body) {
            let end = span.end.min(span.start + MAX_SENTENCE_CHARS);
            let text: String = chars[span.start..end].iter().collect();
            words += analyzer.parse(&text).words.len();
            sentences += 1;
        }
    }
    (sentences, words)
}
