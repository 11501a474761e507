//! What dyad-nlp's readers of outside text must do with any input: never panic, and keep these
//! invariants. Shared by `fuzz/fuzz_targets/{conllu,segment}.rs` and
//! `crates/dyad-nlp/tests/fuzz_regressions.rs`.
#![allow(dead_code)]

use dyad_nlp::conllu::{read_conllu, write_conllu};
use dyad_nlp::{segment, split_sentences, tokenize};

/// CoNLL-U: what is read is a well-formed tree list, and writing it out and reading it back is
/// stable after one round.
pub fn conllu(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(sentences) = read_conllu(text) else {
        return;
    };
    for s in &sentences {
        let n = s.words.len();
        assert!(n > 0, "sentence without words");
        for (i, w) in s.words.iter().enumerate() {
            assert_eq!(w.id, i + 1);
            assert!(w.head <= n);
        }
        for m in &s.mwts {
            assert!(1 <= m.first && m.first <= m.last && m.last <= n);
        }
    }
    let once = read_conllu(&write_conllu(&sentences)).expect("written CoNLL-U reads back");
    let twice = read_conllu(&write_conllu(&once)).expect("written CoNLL-U reads back");
    assert_eq!(once, twice, "CoNLL-U round trip is not stable");
}

/// Tokens and sentences: code-point offsets slice back to their text, in order, without overlap;
/// tokens hold no whitespace; sentences are bounded; the three entry points agree.
pub fn segment_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: usize, b: usize| -> String { chars[a..b].iter().collect() };
    let sentences = segment(&text);
    let mut end = 0;
    let mut words = Vec::new();
    for (span, tokens) in &sentences {
        assert!(end <= span.start && span.start < span.end && span.end <= chars.len());
        end = span.end;
        assert!(!tokens.is_empty() && tokens.len() <= dyad_nlp::MAX_SENTENCE_TOKENS);
        assert_eq!(tokens[0].start, span.start);
        assert_eq!(tokens[tokens.len() - 1].end, span.end);
        let mut at = span.start;
        for t in tokens {
            assert!(at <= t.start && t.start < t.end && t.end <= span.end);
            at = t.end;
            assert_eq!(t.text, slice(t.start, t.end), "token text is not its slice");
            assert!(!t.text.chars().any(char::is_whitespace), "{:?}", t.text);
            assert!(!t.words.is_empty());
            let mut w_at = t.start;
            for w in &t.words {
                assert!(w_at <= w.start && w.start <= w.end && w.end <= t.end);
                w_at = w.end;
                assert_eq!(w.text, slice(w.start, w.end), "word text is not its slice");
            }
            words.extend(t.words.iter().cloned());
        }
    }
    let spans: Vec<_> = sentences.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        split_sentences(&text),
        spans,
        "split_sentences and segment disagree"
    );
    assert_eq!(tokenize(&text), words, "tokenize and segment disagree");
}
