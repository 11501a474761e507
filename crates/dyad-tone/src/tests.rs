//! Hand-checked values. Valences from `data/tone/vader_lexicon.tsv`: good 1.9, war -2.9,
//! peace 2.5, killed -3.5, like 1.5, happy 2.7, "fed up" -1.8; "the", "talks", "were", "they",
//! "are", "a", "very", "big" are not in the lexicon.

use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn lexicon_is_compiled_in_whole() {
    // 7,520 lines in vaderSentiment 3.3.2, of which 14 repeat an earlier token.
    assert_eq!(lexicon::len(), 7506);
    assert_eq!(lexicon::valence("good"), Some(1.9));
    assert_eq!(lexicon::valence("word"), None);
}

#[test]
fn empty_and_wordless_texts_are_neutral() {
    assert_eq!(article_tone(""), Tone::default());
    assert_eq!(article_tone("  -- ... \n"), Tone::default());
}

#[test]
fn one_positive_word_in_four() {
    let t = article_tone("The talks were good.");
    assert_eq!(t.word_count, 4);
    assert!(close(t.positive, 25.0));
    assert!(close(t.negative, 0.0));
    assert!(close(t.tone, 25.0));
    assert!(close(t.polarity, 25.0));
}

#[test]
fn tone_is_positive_minus_negative() {
    // war (-), peace (+), killed (-), war (-): 1 positive and 3 negative of 9 words.
    let t = article_tone("War and peace: three were killed in the war");
    assert_eq!(t.word_count, 9);
    assert!(close(t.positive, 100.0 / 9.0));
    assert!(close(t.negative, 300.0 / 9.0));
    assert!(close(t.tone, -200.0 / 9.0));
    assert!(close(t.polarity, 400.0 / 9.0));
}

#[test]
fn negation_flips_the_next_words() {
    let t = article_tone("The talks were not good");
    assert_eq!(t.word_count, 5);
    assert!(close(t.positive, 0.0));
    assert!(close(t.negative, 20.0));
    // A typographic apostrophe and a contraction negate too.
    let t = article_tone("They don\u{2019}t like it");
    assert!(close(t.negative, 25.0));
    assert!(close(t.positive, 0.0));
}

#[test]
fn negation_reaches_three_words_within_a_clause() {
    // happy is the 3rd word after "not": flipped.
    assert!(article_tone("not a very happy").tone < 0.0);
    // happy is the 4th word after "not": not flipped.
    assert!(article_tone("not a very big happy").tone > 0.0);
    // A comma ends the negation's clause.
    assert!(article_tone("not yet, happy").tone > 0.0);
}

#[test]
fn negators_are_not_scored_themselves() {
    // "no" is -1.2 in VADER, but as a negator it is not counted.
    let t = article_tone("no");
    assert_eq!(t.word_count, 1);
    assert!(close(t.polarity, 0.0));
}

#[test]
fn two_word_entries_count_once() {
    let t = article_tone("They are fed up");
    assert_eq!(t.word_count, 4);
    assert!(close(t.negative, 25.0));
    assert!(close(t.polarity, 25.0));
}

#[test]
fn emoticons_are_scored_as_written() {
    let t = article_tone("good :)");
    assert_eq!(t.word_count, 2);
    assert!(close(t.positive, 100.0));
}

#[test]
fn tone_stays_in_range() {
    let t = article_tone("war war war war");
    assert!(close(t.tone, -100.0));
    assert!(close(t.polarity, 100.0));
}
