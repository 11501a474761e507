//! dyad-tone: the tone of a news article on GDELT's scale, from the VADER lexicon.
//!
//! Why a separate crate: GDELT's event table carries `AvgTone` (the mean tone of the articles
//! that mention an event) and its mentions table `MentionDocTone`; analysts use them to tell a
//! minor riot from a massacre. dyad computes the same measure at ingestion, once per article, and
//! the exports read it back. The measure is small and self-contained (a word list and a count),
//! so it lives here with no dependency on the NLP pipeline, and any tool can call it.
//!
//! The measure follows GDELT's definitions (GKG 2.1 codebook, "V2Tone"):
//! - `positive`: percentage of all words with a positive emotional connotation (0..100);
//! - `negative`: percentage of all words with a negative connotation (0..100);
//! - `tone`: `positive - negative`, -100..100 (news usually lands between -10 and +10);
//! - `polarity`: percentage of words found in the tone dictionary (`positive + negative`);
//! - `word_count`: words in the text.
//!
//! GDELT's own dictionary is not public, so the word list is VADER's (Hutto & Gilbert 2014, MIT,
//! `data/tone/vader_lexicon.tsv`), compiled in. Only the sign of a word's valence counts, as in
//! GDELT's percentages. A word preceded within three words (in the same clause) by a negator
//! ("not", "never", "no", "without", any "-n't") has its sign flipped, as VADER does: "not good"
//! counts as negative. Negators themselves are not scored.

mod lexicon;
mod tokens;

use tokens::Token;

/// The tone of a text, on GDELT's scale. All percentages are of `word_count`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tone {
    /// `positive - negative`, clamped to -100..100.
    pub tone: f64,
    /// Percentage of words with a positive connotation.
    pub positive: f64,
    /// Percentage of words with a negative connotation.
    pub negative: f64,
    /// Percentage of words found in the tone dictionary.
    pub polarity: f64,
    /// Words in the text (tokens with at least one letter or digit, and scored emoticons).
    pub word_count: usize,
}

/// How many words after a negator have their sign flipped (VADER looks three words back).
const NEGATION_SCOPE: usize = 3;

/// The tone of `text` (any length; an empty text has tone 0 and no words).
pub fn article_tone(text: &str) -> Tone {
    let counts = count(text);
    counts.tone()
}

/// Positive, negative and total word counts of a text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    positive: usize,
    negative: usize,
    words: usize,
}

impl Counts {
    fn tone(self) -> Tone {
        if self.words == 0 {
            return Tone::default();
        }
        let pct = |n: usize| 100.0 * n as f64 / self.words as f64;
        let (positive, negative) = (pct(self.positive), pct(self.negative));
        Tone {
            tone: (positive - negative).clamp(-100.0, 100.0),
            positive,
            negative,
            polarity: pct(self.positive + self.negative),
            word_count: self.words,
        }
    }
}

fn count(text: &str) -> Counts {
    let tokens: Vec<Token> = tokens::tokenize(text);
    let mut counts = Counts::default();
    // Words since the last negator in this clause; `None` when no negator is in scope.
    let mut since_negator: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        let tok = &tokens[i];
        let (valence, used) = score_at(&tokens, i);
        counts.words += used;
        if used == 1 && lexicon::is_negator(&tok.word) {
            since_negator = Some(0);
        } else if let Some(v) = valence {
            let negated = since_negator.is_some_and(|n| n <= NEGATION_SCOPE);
            let v = if negated { -v } else { v };
            if v > 0.0 {
                counts.positive += 1;
            } else if v < 0.0 {
                counts.negative += 1;
            }
        }
        // Counted before the next word is scored: the word right after a negator is at distance 1.
        since_negator = since_negator.map(|n| n + used);
        if tokens[i + used - 1].ends_clause {
            since_negator = None;
        }
        i += used;
    }
    counts
}

/// The valence at token `i` and how many tokens it covers: a two-word lexicon entry ("fed up")
/// covers both words.
fn score_at(tokens: &[Token], i: usize) -> (Option<f32>, usize) {
    let tok = &tokens[i];
    if !tok.ends_clause {
        if let Some(next) = tokens.get(i + 1) {
            let pair = format!("{} {}", tok.word, next.word);
            if let Some(v) = lexicon::valence(&pair) {
                return (Some(v), 2);
            }
        }
    }
    (lexicon::valence(&tok.word), 1)
}

#[cfg(test)]
mod tests;
