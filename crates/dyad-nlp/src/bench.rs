//! Throughput measurement for `dyad bench nlp` (not a test: never asserted).

use crate::Analyzer;
use crate::conllu::ConlluSentence;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Result of [`run`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BenchReport {
    /// Words processed in the timed tag + parse passes.
    pub words: usize,
    /// Seconds spent on them.
    pub seconds: f64,
    /// Tag + parse throughput over all passes (pre-tokenized words, one thread).
    pub tag_parse_words_per_sec: f64,
    /// Tag + parse throughput of the fastest pass: on a busy machine, the least disturbed one.
    pub tag_parse_best_pass_words_per_sec: f64,
    /// Full pipeline (tokenize, split, tag, lemmatize, parse) on raw text, one thread.
    pub full_words_per_sec: f64,
    /// Full pipeline, fastest pass.
    pub full_best_pass_words_per_sec: f64,
    /// Passes over the sentences (tag + parse, then full pipeline).
    pub passes: (usize, usize),
}

/// Totals of repeated passes: words, seconds, fastest words per second, passes.
struct Passes {
    words: usize,
    seconds: f64,
    best: f64,
    count: usize,
}

/// Repeat `pass` (which returns the words it processed) until `min_seconds` have passed.
fn timed_passes(min_seconds: f64, mut pass: impl FnMut() -> usize) -> Passes {
    let mut p = Passes {
        words: 0,
        seconds: 0.0,
        best: 0.0,
        count: 0,
    };
    loop {
        let t = Instant::now();
        let words = pass();
        let secs = t.elapsed().as_secs_f64().max(1e-9);
        p.words += words;
        p.seconds += secs;
        p.best = p.best.max(words as f64 / secs);
        p.count += 1;
        if p.seconds >= min_seconds || words == 0 {
            return p;
        }
    }
}

/// Time tagging + parsing of the given sentences' word sequences, in passes over all of them
/// until at least `min_seconds` have passed, then the full pipeline on their raw text.
pub fn run(a: &Analyzer, sents: &[ConlluSentence], min_seconds: f64) -> BenchReport {
    let forms: Vec<Vec<&str>> = sents.iter().map(|s| s.forms()).collect();
    let mut sink = 0usize;
    let tp = timed_passes(min_seconds, || {
        let mut words = 0;
        for f in &forms {
            let (tags, heads, _) = a.tag_parse(f);
            sink += tags.len() + heads.first().copied().unwrap_or(0);
            words += f.len();
        }
        words
    });
    let text = crate::eval::raw_text(sents);
    let full = timed_passes(min_seconds, || {
        a.parse_document(&text)
            .iter()
            .map(|(_, p)| p.words.len())
            .sum()
    });
    std::hint::black_box(sink);
    BenchReport {
        words: tp.words,
        seconds: tp.seconds,
        tag_parse_words_per_sec: tp.words as f64 / tp.seconds.max(1e-9),
        tag_parse_best_pass_words_per_sec: tp.best,
        full_words_per_sec: full.words as f64 / full.seconds.max(1e-9),
        full_best_pass_words_per_sec: full.best,
        passes: (tp.count, full.count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_repeat_until_the_time_is_spent_and_keep_the_fastest() {
        let mut calls = 0;
        let p = timed_passes(0.02, || {
            calls += 1;
            std::thread::sleep(std::time::Duration::from_millis(2));
            100
        });
        assert_eq!(p.count, calls);
        assert_eq!(p.words, 100 * p.count);
        assert!(p.seconds >= 0.02, "stopped after {} s", p.seconds);
        // The fastest pass is at least as fast as the passes together (a weighted mean).
        let overall = p.words as f64 / p.seconds;
        assert!(p.best * (1.0 + 1e-9) >= overall, "{} passes", p.count);
    }

    #[test]
    fn an_empty_pass_ends_the_measurement() {
        let p = timed_passes(60.0, || 0);
        assert_eq!((p.count, p.words), (1, 0));
    }
}
