//! Finding trigger patterns in a tokenised sentence.

use crate::inflect::{same_word, VerbForm};
use crate::lexicon::{Lexicon, TriggerKind, MAX_GAP};
use crate::words::{is_in, is_number, is_wordlike, DETERMINERS};

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
}

/// Words before a head that make it a noun ("the attack", "22 strikes", "Russia's invasion").
fn noun_context(folded: &[String], head: usize) -> bool {
    head > 0 && {
        let prev = folded[head - 1].as_str();
        is_in(prev, DETERMINERS) || is_number(prev) || prev == "within"
    }
}

/// Finds the best pattern at every head token, left to right, without overlaps.
pub fn find_triggers(lex: &Lexicon, folded: &[String]) -> Vec<Trigger> {
    let mut out: Vec<Trigger> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        match best_at(lex, folded, i) {
            Some(t) => {
                i = t.head + 1;
                out.push(t);
            }
            None => i += 1,
        }
    }
    out
}

fn best_at(lex: &Lexicon, folded: &[String], head: usize) -> Option<Trigger> {
    let as_noun = noun_context(folded, head);
    let mut best: Option<(usize, Trigger)> = None;
    for &(entry_index, form) in lex.candidates(&folded[head]) {
        let entry = &lex.entries[entry_index];
        let fits = match entry.kind {
            TriggerKind::Verb => !as_noun,
            TriggerKind::Noun => true,
        };
        if !fits {
            continue;
        }
        let Some(last) = match_rest(&entry.words[1..], folded, head + 1) else {
            continue;
        };
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
                },
            ));
        }
    }
    best.map(|(_, t)| t)
}

/// Matches the literal words after the head, allowing up to `MAX_GAP` word tokens before each.
fn match_rest(words: &[String], folded: &[String], mut at: usize) -> Option<usize> {
    for word in words {
        let mut found = None;
        for offset in 0..=MAX_GAP {
            let Some(token) = folded.get(at + offset) else {
                break;
            };
            if same_word(token, word) {
                found = Some(at + offset + 1);
                break;
            }
            if !is_wordlike(token) {
                break;
            }
        }
        at = found?;
    }
    Some(at)
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
        lex.add_file("n", "195\tstrike on\t\t\n", TriggerKind::Noun).unwrap();
        lex
    }

    fn folded(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn longest_pattern_with_gaps() {
        let lex = lexicon();
        let t = find_triggers(&lex, &folded("the eu imposed new sweeping sanctions on iran"));
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].head, t[0].last), (2, 7));
    }

    #[test]
    fn nouns_after_numbers() {
        let lex = lexicon();
        let t = find_triggers(&lex, &folded("in 22 strikes on boats"));
        assert_eq!(t[0].kind, TriggerKind::Noun);
        assert_eq!(lex.entries[t[0].entry].code, "195");
        let t = find_triggers(&lex, &folded("israel strikes gaza"));
        assert_eq!(t[0].kind, TriggerKind::Verb);
    }
}
