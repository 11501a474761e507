//! One sentence prepared for the rules: tokens, actor mentions, triggers and clauses.

use chrono::NaiveDate;
use dyad_kb::{fold, ActorFinder, ActorMention, Kb, PlaceMention};
use dyad_nlp::{ParsedSentence, Token};

use crate::inflect::VerbForm;
use crate::lexicon::{Lexicon, TriggerKind};
use crate::triggers::{find_triggers, Syntax, Trigger};
use crate::words::*;

/// A sentence with everything the argument rules look at.
pub struct Sentence<'a> {
    pub index: usize,
    pub text: &'a str,
    pub tokens: Vec<Token>,
    pub folded: Vec<String>,
    pub actors: Vec<ActorMention>,
    pub places: Vec<PlaceMention>,
    pub triggers: Vec<Trigger>,
    /// Clause number of every token.
    pub clause: Vec<usize>,
    /// First token of every clause.
    pub clause_starts: Vec<usize>,
    /// The dependency parse, one word per token, when an analyzer is available.
    pub parse: Option<ParsedSentence>,
}

impl<'a> Sentence<'a> {
    /// Prepares a sentence. With a parse, tokens are its words (offsets of their surface tokens)
    /// and the rules use its tags and tree; without one, the tokenizer's tokens and positional
    /// rules.
    pub fn analyse(
        index: usize,
        text: &'a str,
        kb: &Kb,
        lex: &Lexicon,
        date: Option<NaiveDate>,
        parse: Option<ParsedSentence>,
    ) -> Sentence<'a> {
        let tokens: Vec<Token> = match &parse {
            Some(p) => p
                .words
                .iter()
                .map(|w| Token {
                    text: w.form.clone(),
                    start: w.start,
                    end: w.end,
                })
                .collect(),
            None => dyad_nlp::tokenize(text),
        };
        let folded: Vec<String> = tokens.iter().map(|t| fold(&t.text)).collect();
        let is_verb =
            |w: &str| lex.is_verb_form(w) || is_in(w, AUXILIARIES) || is_in(w, SPEECH_VERBS);
        let finder = ActorFinder::with_verb_test(kb, &is_verb);
        let mut actors = finder.find(text, &tokens, date);
        let places = finder.places(text, &tokens);
        actors
            .retain(|a| !is_modifier_agent(a, &folded, lex) && !modifies_a_noun(a, parse.as_ref()));
        // A word inside an actor's name is not a trigger ("Kurdish forces", "the Defence Ministry").
        let upos: Option<Vec<&str>> = parse
            .as_ref()
            .map(|p| p.words.iter().map(|w| w.upos.as_str()).collect());
        let heads: Option<Vec<usize>> = parse
            .as_ref()
            .map(|p| p.words.iter().map(|w| w.head).collect());
        let syntax = upos
            .as_deref()
            .zip(heads.as_deref())
            .map(|(upos, heads)| Syntax { upos, heads });
        let triggers: Vec<Trigger> = find_triggers(lex, &folded, syntax)
            .into_iter()
            .filter(|t| !actors.iter().any(|a| a.first <= t.head && t.head < a.last))
            .filter(|t| {
                t.kind == TriggerKind::Noun || t.head == 0 || !starts_upper(&tokens[t.head].text)
            })
            .filter(|t| !adjectival(parse.as_ref(), t))
            .collect();
        let mut s = Sentence {
            index,
            text,
            tokens,
            folded,
            actors,
            places,
            triggers,
            clause: vec![],
            clause_starts: vec![],
            parse,
        };
        s.segment(lex);
        s
    }

    /// True when the token can be a finite or participial verb here.
    pub fn is_verbish(&self, i: usize, lex: &Lexicon) -> bool {
        if let Some(upos) = self.upos(i) {
            return upos == "VERB" || upos == "AUX";
        }
        let w = self.folded[i].as_str();
        is_in(w, AUXILIARIES)
            || is_in(w, SPEECH_VERBS)
            || self
                .trigger_at(i)
                .is_some_and(|t| t.kind == TriggerKind::Verb)
            || (lex.is_verb_form(w) && !(i > 0 && is_in(&self.folded[i - 1], DETERMINERS)))
    }

    /// The universal POS tag of token `i`, when parsed.
    pub fn upos(&self, i: usize) -> Option<&str> {
        self.parse
            .as_ref()
            .and_then(|p| p.words.get(i))
            .map(|w| w.upos.as_str())
    }

    pub fn trigger_at(&self, head: usize) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.head == head)
    }

    pub fn actor_starting(&self, token: usize) -> Option<usize> {
        self.actors.iter().position(|a| a.first == token)
    }

    /// The clause boundaries, decided from punctuation, clause openers and "and" + new subject.
    fn segment(&mut self, lex: &Lexicon) {
        let n = self.tokens.len();
        let mut starts = vec![0usize];
        let mut saw_verb = false;
        for i in 0..n {
            let w = self.folded[i].as_str();
            let next = self.folded.get(i + 1).map(String::as_str).unwrap_or("");
            let starts_here = match w {
                ";" => {
                    self.push_start(&mut starts, i + 1);
                    false
                }
                _ if is_in(w, CLAUSE_OPENERS) && i > 0 => {
                    w != "that" || self.is_verbish(i - 1, lex)
                }
                "and" | "but" => saw_verb && self.new_clause_after_and(i, lex),
                "," => {
                    let coordinated_clause = ["and", "but"].contains(&next) && saw_verb;
                    if coordinated_clause
                        || ["while", "whereas", "which", "who"].contains(&next)
                        || next.ends_with("ing") && self.is_verbish(i + 1, lex)
                    {
                        self.push_start(&mut starts, i + 1);
                    }
                    false
                }
                _ => false,
            };
            if starts_here {
                self.push_start(&mut starts, i);
                saw_verb = false;
            }
            if *starts.last().unwrap_or(&0) <= i && self.is_verbish(i, lex) {
                saw_verb = true;
            }
            if starts.last() == Some(&(i + 1)) {
                saw_verb = false;
            }
        }
        self.clause = (0..n)
            .map(|i| starts.iter().rposition(|&s| s <= i).unwrap_or(0))
            .collect();
        self.clause_starts = starts;
    }

    fn push_start(&self, starts: &mut Vec<usize>, at: usize) {
        if at < self.tokens.len() && starts.last() != Some(&at) {
            starts.push(at);
        }
    }

    /// "and" starts a clause when a new subject and its verb follow ("... and Maduro visited"),
    /// or a participle follows ("... and signing").
    fn new_clause_after_and(&self, i: usize, lex: &Lexicon) -> bool {
        if let Some(k) = self.actor_starting(i + 1) {
            let after = self.actors[k].last;
            return after < self.tokens.len() && self.is_verbish(after, lex);
        }
        self.folded.get(i + 1).is_some_and(|w| w.ends_with("ing")) && self.is_verbish(i + 1, lex)
    }

    pub fn clause_range(&self, clause: usize) -> (usize, usize) {
        let start = self.clause_starts[clause];
        let end = self
            .clause_starts
            .get(clause + 1)
            .copied()
            .unwrap_or(self.tokens.len());
        (start, end)
    }

    /// True when the trigger is a passive participle ("was seized", "have been killed"): walking
    /// back over auxiliaries, negations and adverbs reaches a form of "be" (or "get").
    pub fn is_passive(&self, t: &Trigger) -> bool {
        if self.is_stative_participle(t) {
            return false;
        }
        if !matches!(
            t.form,
            Some(VerbForm::Participle) | Some(VerbForm::PastOrParticiple)
        ) {
            return false;
        }
        for i in (t.head.saturating_sub(4)..t.head).rev() {
            let w = self.folded[i].as_str();
            if is_in(w, BE_FORMS) {
                return true;
            }
            let skippable = is_in(w, AUXILIARIES) || is_in(w, NEGATIONS) || w.ends_with("ly");
            if !skippable {
                return false;
            }
        }
        false
    }

    /// "Israel is opposed to French mediation", "forces were engaged in ethnic cleansing": a
    /// participle that says what its subject does or holds, not what was done to it.
    pub fn is_stative_participle(&self, t: &Trigger) -> bool {
        const STATIVE: &[(&str, &str)] = &[
            ("opposed", "to"),
            ("committed", "to"),
            ("dedicated", "to"),
            ("devoted", "to"),
            ("engaged", "in"),
            ("involved", "in"),
        ];
        let next = self.folded.get(t.head + 1).map(String::as_str);
        STATIVE
            .iter()
            .any(|&(word, prep)| self.folded[t.head] == word && next == Some(prep))
    }

    /// True when the clause has a passive verb group ("have been killed", "was seized"), so its
    /// subject is a patient, not an agent.
    pub fn clause_is_passive(&self, clause: usize) -> bool {
        let (start, end) = self.clause_range(clause);
        (start..end.saturating_sub(1)).any(|i| {
            let next = self.folded[i + 1].as_str();
            is_in(
                &self.folded[i],
                &["been", "was", "were", "is", "are", "being"],
            ) && (next.ends_with("ed")
                || next.ends_with("en")
                || self
                    .triggers
                    .iter()
                    .any(|t| t.head == i + 1 && self.is_passive(t)))
        })
    }

    /// True when the token before the actor is a preposition (the actor is in a PP).
    pub fn in_pp(&self, actor: &ActorMention) -> bool {
        actor.first > 0 && {
            let prev = self.folded[actor.first - 1].as_str();
            let prev = if is_in(prev, &["the", "a", "an"]) && actor.first > 1 {
                self.folded[actor.first - 2].as_str()
            } else {
                prev
            };
            is_in(prev, PREPOSITIONS)
        }
    }

    /// The preposition governing the actor, if any.
    pub fn preposition_of(&self, actor: &ActorMention) -> Option<&str> {
        let mut i = actor.first;
        while i > 0 {
            i -= 1;
            let w = self.folded[i].as_str();
            if is_in(w, PREPOSITIONS) {
                return Some(w);
            }
            if !is_in(w, &["the", "a", "an"]) {
                return None;
            }
        }
        None
    }

    /// The clause's subject: its first actor outside a PP before the clause's first verb.
    pub fn subject_of(&self, clause: usize, lex: &Lexicon) -> Option<usize> {
        let (start, end) = self.clause_range(clause);
        let first_verb = (start..end)
            .find(|&i| self.is_verbish(i, lex))
            .unwrap_or(end);
        self.actors
            .iter()
            .position(|a| a.first >= start && a.last <= first_verb && !self.in_pp(a))
    }
}

/// A present participle used as an adjective ("within striking distance") is no event.
/// So is an -ing word whose head is the noun right after it ("ruling party"), or one after
/// "within" ("within striking distance").
fn adjectival(parse: Option<&ParsedSentence>, t: &Trigger) -> bool {
    if t.kind != TriggerKind::Verb || t.form != Some(VerbForm::Gerund) {
        return false;
    }
    let Some(p) = parse else { return false };
    let Some(w) = p.words.get(t.head) else {
        return false;
    };
    let modifies_next =
        w.head == t.head + 2 && p.words.get(t.head + 1).is_some_and(|n| n.upos == "NOUN");
    let within = t.head > 0 && p.words[t.head - 1].form.eq_ignore_ascii_case("within");
    w.deprel == "amod" || modifies_next || within
}

/// Capitalised mid-sentence: a name ("March", "Rescue Committee"), not a verb.
fn starts_upper(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_uppercase) && token.chars().any(char::is_lowercase)
}

/// An agent-only mention used as a modifier ("military parade", "police station") is not an actor.
/// A generic agent word that the parse shows modifying a noun right after it ("a general
/// strike", "the police response"): an adjective or compound, no actor.
fn modifies_a_noun(a: &ActorMention, parse: Option<&ParsedSentence>) -> bool {
    if a.country.is_some() || a.is_person || a.code.len() > 3 || a.last != a.first + 1 {
        return false;
    }
    let Some(p) = parse else { return false };
    p.words.get(a.first).is_some_and(|w| {
        matches!(w.deprel.as_str(), "amod" | "compound")
            && w.head > a.last
            && w.head <= a.last + 2
            && p.words
                .get(w.head - 1)
                .is_some_and(|h| matches!(h.upos.as_str(), "NOUN" | "PROPN"))
    })
}

fn is_modifier_agent(a: &ActorMention, folded: &[String], lex: &Lexicon) -> bool {
    if a.country.is_some() || a.is_person || a.code.len() > 3 {
        return false;
    }
    match folded.get(a.last) {
        Some(next) => {
            next.chars().all(char::is_alphabetic)
                && !lex.is_verb_form(next)
                && !is_in(next, AUXILIARIES)
                && !is_in(next, SPEECH_VERBS)
                && !is_in(next, PREPOSITIONS)
                && !is_in(next, &["and", "or", "but", "who", "which", "that"])
        }
        None => false,
    }
}
