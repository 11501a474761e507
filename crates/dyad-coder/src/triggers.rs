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
    /// How the words were found: in sequence, or in the head's phrase in the tree (and then
    /// whether a final preposition was missing).
    pub found: Found,
}

/// How a pattern's words were found in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// In order after the head, with at most `MAX_GAP` words between them.
    InSequence,
    /// Below the head in the dependency tree.
    InPhrase,
    /// Below the head in the tree, without the pattern's final preposition.
    InPhraseWithoutPreposition,
}

impl Found {
    /// The words a rule adds to explain the match (empty for a plain sequence).
    pub fn explain(self) -> &'static str {
        match self {
            Found::InSequence => "",
            Found::InPhrase => " (words found in its phrase)",
            Found::InPhraseWithoutPreposition => {
                " (words found in its phrase, without the final preposition)"
            }
        }
    }
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

/// The parse as the matcher reads it: one universal tag and one head per token.
#[derive(Clone, Copy)]
pub struct Syntax<'a> {
    pub upos: &'a [&'a str],
    /// 1-based head of every token, 0 for the root.
    pub heads: &'a [usize],
}

/// Finds the best pattern at every head token, left to right, without overlaps.
/// With a parse, the tags decide verb versus noun readings and a pattern's words may also be
/// found in the head's phrase ([`match_tree`]); without one, the words before the head decide.
pub fn find_triggers(lex: &Lexicon, folded: &[String], syntax: Option<Syntax<'_>>) -> Vec<Trigger> {
    let mut out: Vec<Trigger> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let inside_earlier = out.iter().any(|t| t.covers(i));
        match best_at(lex, folded, i, syntax).filter(|_| !inside_earlier) {
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
    syntax: Option<Syntax<'_>>,
) -> Option<Trigger> {
    let tag = syntax.and_then(|x| x.upos.get(head).copied());
    // A determiner or number right before the head overrides the tagger ("22 U.S. strikes").
    let as_noun =
        noun_context(folded, head) || tag.is_some_and(|t| matches!(t, "NOUN" | "PROPN" | "X"));
    let mut best: Option<(usize, Trigger)> = None;
    // The head's phrase in the tree, computed once for all candidate patterns that need it.
    let phrase = std::cell::OnceCell::new();
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
        if !modifiers_before(&entry.before, folded, head) {
            continue;
        }
        let rest = &entry.words[1..];
        let (positions, found, tree_penalty) = match match_rest(rest, folded, head) {
            Some(p) => (p, Found::InSequence, 0),
            None => match syntax.and_then(|x| {
                let phrase = phrase.get_or_init(|| phrase_of(head, folded.len(), x));
                match_tree(rest, folded, head, phrase, x)
            }) {
                // Found in the phrase: ranks below a surface match of the same length, and a
                // missing final preposition counts as a missing word.
                Some(p) => {
                    let missing = entry.words.len() - p.len();
                    let found = if missing == 0 {
                        Found::InPhrase
                    } else {
                        Found::InPhraseWithoutPreposition
                    };
                    (p, found, 1 + 2 * missing)
                }
                None => continue,
            },
        };
        let last = positions.last().map_or(head + 1, |p| p + 1);
        let score = (entry.word_count() * 2
            + usize::from(entry.kind == TriggerKind::Noun && as_noun))
        .saturating_sub(tree_penalty);
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
                    found,
                },
            ));
        }
    }
    best.map(|(_, t)| t)
}

/// The pattern's modifiers stand right before the head ("air strikes" for `[air] strike`).
fn modifiers_before(before: &[String], folded: &[String], head: usize) -> bool {
    head >= before.len()
        && before
            .iter()
            .zip(&folded[head - before.len()..head])
            .all(|(m, token)| m == token)
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
            // A preposition of time is no pattern word: "called off their protests on Monday"
            // is no `call on`.
            let of_time = is_in(word, TRAILING_PREPOSITIONS)
                && folded
                    .get(at + offset + 1)
                    .is_some_and(|next| is_time_word(next));
            if same_word(token, word) && !of_time {
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

/// Prepositions that may end a pattern and still be missing from a sentence the tree matches:
/// the participant is then found another way ("renewed negotiations today on ..." for
/// `renew negotiation with`, "gave the Ivory Coast aid" for `give aid to`).
const TRAILING_PREPOSITIONS: &[&str] = &[
    "to", "with", "on", "of", "for", "against", "from", "into", "in", "at", "over", "toward",
    "towards", "between", "about", "upon", "by",
];

/// Nouns of time besides day and month names: a preposition that governs one introduces a date,
/// not a participant.
const TIME_WORDS: &[&str] = &[
    "morning",
    "afternoon",
    "evening",
    "night",
    "day",
    "days",
    "week",
    "weeks",
    "weekend",
    "month",
    "months",
    "year",
    "years",
    "time",
    "today",
    "tonight",
    "hours",
    "hour",
];

/// Whether a word names a time ("Monday", "May", "night").
fn is_time_word(word: &str) -> bool {
    is_in(word, TIME_WORDS) || is_in(word, dyad_core::DAY_AND_MONTH_NAMES)
}

/// How many steps below the head a pattern word may lie in the tree.
const MAX_TREE_DEPTH: usize = 3;

/// Matches the literal words after the head in the head's own `phrase` ([`phrase_of`]): the words
/// below it in the tree (through nominal words only, so not into another clause), in order, at
/// any distance;
/// a verb in the sentence never stands for a pattern word.
/// A final preposition may be missing when a content word of the pattern was found.
fn match_tree(
    words: &[String],
    folded: &[String],
    head: usize,
    phrase: &[usize],
    x: Syntax<'_>,
) -> Option<Vec<usize>> {
    let mut positions = vec![head];
    for (k, word) in words.iter().enumerate() {
        let after = *positions.last()?;
        // Verbs are matched on the surface only ("offered to help" is no `offer help to`), and
        // a preposition of time is no pattern word ("opened fire ... on Monday night").
        let nominal = |i: usize| !x.upos.get(i).is_some_and(|t| matches!(*t, "VERB" | "AUX"));
        let of_time = |i: usize| {
            x.heads
                .get(i)
                .and_then(|&h| h.checked_sub(1))
                .is_some_and(|h| is_time_word(&folded[h]))
        };
        match phrase
            .iter()
            .find(|&&i| i > after && nominal(i) && !of_time(i) && same_word(&folded[i], word))
        {
            Some(&i) => positions.push(i),
            None if k + 1 == words.len()
                && is_in(word, TRAILING_PREPOSITIONS)
                && positions[1..]
                    .iter()
                    .any(|&p| !is_in(&folded[p], TRAILING_PREPOSITIONS)) =>
            {
                return Some(positions);
            }
            None => return None,
        }
    }
    Some(positions)
}

/// The tokens after `head` (of `n`) in its phrase: below it in the tree ([`governed_by`]).
fn phrase_of(head: usize, n: usize, x: Syntax<'_>) -> Vec<usize> {
    (head + 1..n).filter(|&i| governed_by(i, head, x)).collect()
}

/// Token `i` hangs below `head` within [`MAX_TREE_DEPTH`] steps, through no verb.
fn governed_by(i: usize, head: usize, x: Syntax<'_>) -> bool {
    let mut w = i;
    for _ in 0..MAX_TREE_DEPTH {
        let Some(h) = x.heads.get(w).and_then(|&h| h.checked_sub(1)) else {
            return false;
        };
        if h == head {
            return true;
        }
        if x.upos.get(h).is_some_and(|t| matches!(*t, "VERB" | "AUX")) {
            return false;
        }
        w = h;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let mut lex = Lexicon::default();
        lex.add_file(
            "v",
            "163\timpose sanction on\t\t\n1711\tseize\t\t\n190\tstrike\t\t\n070\tgive aid to\t\t\n020\tcall on\t\t\n",
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

    #[test]
    fn pattern_words_found_in_the_phrase_of_the_head() {
        let lex = lexicon();
        let words = folded("the eu gave the ivory coast millions of dollars of aid");
        let upos = [
            "DET", "PROPN", "VERB", "DET", "PROPN", "PROPN", "NOUN", "ADP", "NOUN", "ADP", "NOUN",
        ];
        let heads = [2, 3, 0, 6, 6, 3, 3, 9, 7, 11, 9];
        let syntax = Syntax {
            upos: &upos,
            heads: &heads,
        };
        assert!(find_triggers(&lex, &words, None).is_empty());
        let t = find_triggers(&lex, &words, Some(syntax));
        assert_eq!(t.len(), 1);
        assert_eq!(lex.entries[t[0].entry].code, "070");
        assert_eq!(t[0].positions, vec![2, 10]);
    }

    #[test]
    fn the_tree_does_not_cross_into_another_clause_nor_drop_the_only_literal() {
        let lex = lexicon();
        let words = folded("the eu gave a speech to announce aid");
        let upos = [
            "DET", "PROPN", "VERB", "DET", "NOUN", "PART", "VERB", "NOUN",
        ];
        let heads = [2, 3, 0, 5, 3, 7, 3, 7];
        let syntax = Syntax {
            upos: &upos,
            heads: &heads,
        };
        assert!(find_triggers(&lex, &words, Some(syntax)).is_empty());
        let words = folded("russia called for calm");
        let upos = ["PROPN", "VERB", "ADP", "NOUN"];
        let heads = [2, 0, 4, 2];
        let syntax = Syntax {
            upos: &upos,
            heads: &heads,
        };
        assert!(find_triggers(&lex, &words, Some(syntax)).is_empty());
    }
}
