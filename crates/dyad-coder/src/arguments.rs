//! Who acts and on whom: source and target of a trigger, by explainable positional rules.
//!
//! These rules read the token sequence and clause boundaries; each choice is described in words
//! for the event's `rule` string. The dependency-based rules of the syntax coder replace them
//! rule by rule.

use crate::inflect::VerbForm;
use crate::lexicon::{Lexicon, TriggerKind};
use crate::sentence::Sentence;
use crate::triggers::Trigger;
use crate::words::{is_in, LOCATIVE};

/// The chosen arguments: actor indices (compounds are several) and how they were found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Arguments {
    pub source: Vec<usize>,
    pub target: Vec<usize>,
    pub source_rule: &'static str,
    pub target_rule: &'static str,
    /// The source was not in the trigger's clause but taken from context.
    pub implicit_source: bool,
}

/// Finds the source and target of a trigger: from the dependency tree when the sentence is
/// parsed, with the positional rules filling a role the tree leaves empty.
pub fn find_arguments(s: &Sentence<'_>, t: &Trigger, lex: &Lexicon) -> Arguments {
    let positional = positional_arguments(s, t, lex);
    let Some(mut args) = crate::syntax::tree_arguments(s, t) else {
        return positional;
    };
    let passive =
        args.source_rule.starts_with("passive") || args.target_rule.starts_with("passive");
    // A name right before a finite verb is its subject, whatever a coordination attachment says
    // ("Russia has fostered ties with Venezuela and Maduro visited Moscow").
    let adjacent = positional
        .source
        .first()
        .filter(|&&k| s.actors[k].last == t.head && t.kind == TriggerKind::Verb);
    if !passive
        && args.source_rule.contains("shared")
        && adjacent.is_some()
        && positional.source != args.source
    {
        args.source = positional.source.clone();
        args.source_rule = "source: the actor right before the verb";
    }
    if args.source.is_empty()
        && !passive
        && !positional.source.iter().any(|k| args.target.contains(k))
    {
        args.source = positional.source;
        args.source_rule = positional.source_rule;
        args.implicit_source = positional.implicit_source;
    }
    if args.target.is_empty() && !positional.target.iter().any(|k| args.source.contains(k)) {
        args.target = positional.target;
        args.target_rule = positional.target_rule;
    }
    args
}

/// Source and target by position: subject before the verb, first participant after it.
pub fn positional_arguments(s: &Sentence<'_>, t: &Trigger, lex: &Lexicon) -> Arguments {
    let mut args = Arguments::default();
    let clause = s.clause[t.head];
    if t.kind == TriggerKind::Verb && s.is_passive(t) {
        if let Some(a) = agent_after(s, t) {
            args.source = compound(s, a);
            args.source_rule = "passive: 'by' agent is the source";
        }
        if let Some(a) = left_subject(s, t) {
            args.target = compound(s, a);
            args.target_rule = "passive: subject is the target";
        }
        return args;
    }
    let source = match t.kind {
        TriggerKind::Noun => noun_source(s, t, lex, &mut args),
        TriggerKind::Verb => verb_source(s, t, lex, clause, &mut args),
    };
    if let Some(a) = source {
        args.source = compound(s, a);
    }
    if let Some(a) = first_participant_after(s, t, &args.source) {
        args.target = compound(s, a);
        args.target_rule = if t.kind == TriggerKind::Noun {
            "target: first participant after the event noun"
        } else {
            "target: first participant after the verb"
        };
    }
    args
}

fn verb_source(
    s: &Sentence<'_>,
    t: &Trigger,
    lex: &Lexicon,
    clause: usize,
    args: &mut Arguments,
) -> Option<usize> {
    if let Some(a) = left_subject(s, t) {
        args.source_rule = "source: subject before the verb";
        return Some(a);
    }
    let opener = s.folded[s.clause_range(clause).0].as_str();
    if is_in(opener, &["which", "who"]) {
        let start = s.clause_range(clause).0;
        if let Some(a) = s.actors.iter().rposition(|a| a.last <= start) {
            args.source_rule = "source: antecedent of the relative clause";
            return Some(a);
        }
    }
    if t.form == Some(VerbForm::Gerund)
        || is_in(opener, &["and", "to", ","])
        || opener.ends_with("ing")
    {
        if let Some(a) = inherited_subject(s, clause, lex) {
            args.source_rule = "source: subject of the governing clause";
            return Some(a);
        }
    }
    None
}

fn noun_source(
    s: &Sentence<'_>,
    t: &Trigger,
    lex: &Lexicon,
    args: &mut Arguments,
) -> Option<usize> {
    if let Some(a) = s.actors.iter().position(|a| {
        a.last <= t.head
            && t.head - a.last <= 2
            && (a.last..t.head).all(|i| {
                s.folded[i].chars().all(char::is_alphabetic)
                    && !is_in(&s.folded[i], &["the", "a", "an", "and", "with", "of"])
            })
    }) {
        args.source_rule = "source: actor modifying the event noun";
        return Some(a);
    }
    if let Some(a) = agent_after(s, t) {
        args.source_rule = "source: 'by' agent of the event noun";
        return Some(a);
    }
    let clause = s.clause[t.head];
    let passive_clause = s.clause_is_passive(clause);
    if !passive_clause {
        if let Some(a) = s
            .subject_of(clause, lex)
            .filter(|&a| s.actors[a].last <= t.head)
        {
            args.source_rule = "source: subject of the clause holding the event noun";
            return Some(a);
        }
    }
    let a = inherited_subject(s, clause, lex)?;
    args.source_rule = "source: implicit, the sentence's main subject";
    args.implicit_source = true;
    Some(a)
}

/// The nearest actor before the trigger in its clause that is not inside a prepositional phrase.
fn left_subject(s: &Sentence<'_>, t: &Trigger) -> Option<usize> {
    let (start, _) = s.clause_range(s.clause[t.head]);
    let nearest = s
        .actors
        .iter()
        .rposition(|a| a.first >= start && a.last <= t.head && !s.in_pp(a))?;
    Some(compound_start(s, nearest))
}

/// The first member of the compound that ends with actor `k` ("Russia and Iran" → Russia).
fn compound_start(s: &Sentence<'_>, mut k: usize) -> usize {
    while k > 0 && joined(s, k - 1, k) {
        k -= 1;
    }
    k
}

/// True when actors `a` and `b` (adjacent in the list) are joined by "and", "or" or a comma.
fn joined(s: &Sentence<'_>, a: usize, b: usize) -> bool {
    let gap: Vec<&str> = (s.actors[a].last..s.actors[b].first)
        .map(|i| s.folded[i].as_str())
        .collect();
    matches!(gap.as_slice(), ["and"] | [","] | [",", "and"] | ["or"])
        && s.clause[s.actors[a].first] == s.clause[s.actors[b].first]
}

/// The subject of the nearest earlier clause that has one.
fn inherited_subject(s: &Sentence<'_>, clause: usize, lex: &Lexicon) -> Option<usize> {
    (0..clause).rev().find_map(|c| s.subject_of(c, lex))
}

fn agent_after(s: &Sentence<'_>, t: &Trigger) -> Option<usize> {
    let clause = s.clause[t.head];
    s.actors.iter().position(|a| {
        a.first > t.head && s.clause[a.first] == clause && s.preposition_of(a) == Some("by")
    })
}

fn first_participant_after(s: &Sentence<'_>, t: &Trigger, exclude: &[usize]) -> Option<usize> {
    let clause = s.clause[t.head];
    s.actors.iter().enumerate().position(|(k, a)| {
        a.first > t.head
            && !(a.first..a.last).any(|i| t.covers(i))
            && s.clause[a.first] == clause
            && !exclude.contains(&k)
            && !s
                .preposition_of(a)
                .is_some_and(|p| p == "by" || is_in(p, LOCATIVE))
    })
}

/// Extends an actor to the compound it heads: "Russia and Venezuela", "Britain, France and Germany".
pub fn compound(s: &Sentence<'_>, first: usize) -> Vec<usize> {
    let mut out = vec![first];
    while out
        .last()
        .is_some_and(|&k| k + 1 < s.actors.len() && joined(s, k, k + 1))
    {
        out.push(out[out.len() - 1] + 1);
    }
    out
}
