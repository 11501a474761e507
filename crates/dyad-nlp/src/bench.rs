//! Throughput measurement for `dyad bench nlp` (not a test: never asserted).

use crate::Analyzer;
use crate::conllu::ConlluSentence;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Result of [`run`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BenchReport {
    /// Words processed in the timed loop.
    pub words: usize,
    /// Seconds spent.
    pub seconds: f64,
    /// Tag + parse throughput (pre-tokenized words, one thread).
    pub tag_parse_words_per_sec: f64,
    /// Full pipeline (tokenize, split, tag, lemmatize, parse) on raw text, one thread.
    pub full_words_per_sec: f64,
}

/// Time tagging + parsing of the given sentences' word sequences, repeating until at least
/// `min_seconds` have passed, then the full pipeline on their raw text.
pub fn run(a: &Analyzer, sents: &[ConlluSentence], min_seconds: f64) -> BenchReport {
    let forms: Vec<Vec<&str>> = sents.iter().map(|s| s.forms()).collect();
    let start = Instant::now();
    let mut words = 0usize;
    let mut sink = 0usize;
    loop {
        for f in &forms {
            let (tags, heads, _) = a.tag_parse(f);
            sink += tags.len() + heads.first().copied().unwrap_or(0);
            words += f.len();
        }
        if start.elapsed().as_secs_f64() >= min_seconds || forms.is_empty() {
            break;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let text = crate::eval::raw_text(sents);
    let t2 = Instant::now();
    let mut full_words = 0usize;
    loop {
        for (_, p) in a.parse_document(&text) {
            full_words += p.words.len();
        }
        if t2.elapsed().as_secs_f64() >= min_seconds || text.is_empty() {
            break;
        }
    }
    let secs2 = t2.elapsed().as_secs_f64();
    std::hint::black_box(sink);
    BenchReport {
        words,
        seconds: secs,
        tag_parse_words_per_sec: words as f64 / secs.max(1e-9),
        full_words_per_sec: full_words as f64 / secs2.max(1e-9),
    }
}
