//! The VADER lexicon (`data/tone/vader_lexicon.tsv`, compiled in) and the negator words.

use std::collections::HashMap;
use std::sync::LazyLock;

/// `word TAB mean valence` lines with a header, from `scripts/data/gen_vader.py`.
const VADER_TSV: &str = include_str!("../../../data/tone/vader_lexicon.tsv");

static LEXICON: LazyLock<HashMap<&'static str, f32>> = LazyLock::new(|| parse(VADER_TSV));

/// Words that flip the sign of the words after them (VADER's list, without "despite", which
/// in news introduces a concession rather than a negation, and the interjections).
const NEGATORS: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "dont", "hadnt",
    "hasnt", "havent", "isnt", "mightnt", "mustnt", "neednt", "neither", "never", "no", "none",
    "nor", "not", "nothing", "nowhere", "oughtnt", "rarely", "seldom", "shant", "shouldnt",
    "wasnt", "werent", "without", "wont", "wouldnt",
];

/// Parses the table; lines without a number are skipped (the header, blank lines).
pub(crate) fn parse(text: &'static str) -> HashMap<&'static str, f32> {
    text.lines()
        .filter_map(|line| {
            let (word, value) = line.split_once('\t')?;
            let value: f32 = value.trim().parse().ok()?;
            (!word.is_empty() && value.is_finite()).then_some((word, value))
        })
        .collect()
}

/// The mean valence (-4..4) of a lower-case word or two-word phrase, when it is in the lexicon.
pub(crate) fn valence(word: &str) -> Option<f32> {
    LEXICON.get(word).copied()
}

/// True for "not", "never", "no", "without", ... and any word ending in "n't".
pub(crate) fn is_negator(word: &str) -> bool {
    word.ends_with("n't") || NEGATORS.contains(&word)
}

/// Number of entries (for tests).
#[cfg(test)]
pub(crate) fn len() -> usize {
    LEXICON.len()
}
