//! Finding trigger patterns in a tokenised sentence.

use crate::inflect::{same_word, VerbForm};
use crate::lexicon::{Lexicon, TriggerKind, MAX_GAP};
use crate::words::{
    is_in, is_number, is_wordlike, word_number, AUXILIARIES, DETERMINERS, NEGATIONS,
};

/// One matched trigger pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    /// Index into the lexicon's entries.
    pub entry: usize,
    pub kind: TriggerKind,
    /// The head token (the verb or noun).
    pub head: usize,
    /// Token range covered by the whole pattern, `[head, last)`.
    pub last: usize,
    pub form: Option<VerbForm>,
    /// Token positions of the pattern's words (the head and each literal word), not the gaps.
    pub positions: Vec<usize>,
}

impl Trigger {
    /// True when token `i` is one of the pattern's own words.
    pub fn covers(&self, i: usize) -> bool {
        self.positions.contains(&i)
    }
}

/// Words before a head that make it a noun ("the attack", "22 strikes", "Russia's invasion").
/// Also a number two words back ("22 U.S. strikes", "three Israeli strikes").
fn noun_context(folded: &[String], head: usize) -> bool {
    head > 0 && {
        let prev = folded[head - 1].as_str();
        let counted =
            head >= 2 && (is_number(&folded[head - 2]) || word_number(&folded[head - 2]).is_some());
        is_in(prev, DETERMINERS) || is_number(prev) || prev == "within" || counted
    }
}

/// A determiner and one modifier before a base form ("a phone call", "the peace talks"): a noun,
/// whereas "the government imposed" keeps its verb (a past form is never a noun).
fn modified_noun_context(folded: &[String], head: usize, form: Option<VerbForm>) -> bool {
    let prev = folded
        .get(head.wrapping_sub(1))
        .map(String::as_str)
        .unwrap_or("");
    matches!(form, Some(VerbForm::Base))
        && head >= 2
        && is_in(&folded[head - 2], DETERMINERS)
        && prev.chars().all(char::is_alphabetic)
        && !is_in(prev, AUXILIARIES)
        && !is_in(prev, NEGATIONS)
}

/// Finds the best pattern at every head token, left to right, without overlaps.
/// `upos` (one tag per token) decides verb versus noun readings when the sentence is parsed;
/// without it, the words before the head decide.
pub fn find_triggers(lex: &Lexicon, folded: &[String], upos: Option<&[&str]>) -> Vec<Trigger> {
    let mut out: Vec<Trigger> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let inside_earlier = out.iter().any(|t| t.covers(i));
        match best_at(lex, folded, i, upos).filter(|_| !inside_earlier) {
            Some(t) => {
                i = t.head + 1;
                out.push(t);
            }
            None => i += 1,
        }
    }
    out
}

fn best_at(
    lex: &Lexicon,
    folded: &[String],
    head: usize,
    upos: Option<&[&str]>,
) -> Option<Trigger> {
    let tag = upos.and_then(|u| u.get(head).copied());
    // A determiner or number right before the head overrides the tagger ("22 U.S. strikes").
    let as_noun =
        noun_context(folded, head) || tag.is_some_and(|t| matches!(t, "NOUN" | "PROPN" | "X"));
    let mut best: Option<(usize, Trigger)> = None;
    for &(entry_index, form) in lex.candidates(&folded[head]) {
        let entry = &lex.entries[entry_index];
        let fits = match entry.kind {
            TriggerKind::Verb => match tag {
                Some(tag) => tag == "VERB" && !noun_context(folded, head),
                None => !as_noun && !modified_noun_context(folded, head, form),
            },
            TriggerKind::Noun => tag.is_none_or(|_| as_noun),
        };
        if !fits {
            continue;
        }
        let Some(positions) = match_rest(&entry.words[1..], folded, head) else {
            continue;
        };
        let last = positions.last().map_or(head + 1, |p| p + 1);
        let score = entry.words.len() * 2 + usize::from(entry.kind == TriggerKind::Noun && as_noun);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((
                score,
                Trigger {
                    entry: entry_index,
                    kind: entry.kind,
                    head,
                    last,
                    form,
                    positions,
                },
            ));
        }
    }
    best.map(|(_, t)| t)
}

/// Matches the literal words after the head, allowing up to `MAX_GAP` word tokens before each;
/// returns the positions of the head and of every literal word.
fn match_rest(words: &[String], folded: &[String], head: usize) -> Option<Vec<usize>> {
    let mut positions = vec![head];
    let mut at = head + 1;
    for word in words {
        let mut found = None;
        for offset in 0..=MAX_GAP {
            let Some(token) = folded.get(at + offset) else {
                break;
            };
            if same_word(token, word) {
                found = Some(at + offset);
                break;
            }
            if !is_wordlike(token) {
                break;
            }
        }
        let position = found?;
        positions.push(position);
        at = position + 1;
    }
    Some(positions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let mut lex = Lexicon::default();
        lex.add_file(
            "v",
            "163\timpose sanction on\t\t\n1711\tseize\t\t\n190\tstrike\t\t\n",
            TriggerKind::Verb,
        )
        .unwrap();
        lex.add_file("n", "195\tstrike on\t\t\n", TriggerKind::Noun)
            .unwrap();
        lex
    }

    fn folded(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn longest_pattern_with_gaps() {
        let lex = lexicon();
        let t = find_triggers(
            &lex,
            &folded("the eu imposed new sweeping sanctions on iran"),
            None,
        );
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].head, t[0].last), (2, 7));
    }

    #[test]
    fn nouns_after_numbers() {
        let lex = lexicon();
        let t = find_triggers(&lex, &folded("in 22 strikes on boats"), None);
        assert_eq!(t[0].kind, TriggerKind::Noun);
        assert_eq!(lex.entries[t[0].entry].code, "195");
        let t = find_triggers(&lex, &folded("israel strikes gaza"), None);
        assert_eq!(t[0].kind, TriggerKind::Verb);
    }
}
