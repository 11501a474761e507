//! The trigger lexicon: `data/lexicon/verbs.tsv` and `data/lexicon/nouns.tsv`, one pattern a line.
//!
//! A pattern is a head word (a verb lemma or a singular noun) followed by literal words that must
//! follow it in order, with up to [`MAX_GAP`] modifier words in between and plurals tolerated:
//! `impose sanction on` matches "imposed new sanctions on". See `data/lexicon/README.md`.

use std::collections::HashMap;
use std::sync::OnceLock;

use thiserror::Error;

use crate::inflect::{noun_forms, verb_forms, VerbForm};

const VERBS: &str = include_str!("../../../data/lexicon/verbs.tsv");
const NOUNS: &str = include_str!("../../../data/lexicon/nouns.tsv");

/// Most modifier words allowed between two consecutive pattern words.
pub const MAX_GAP: usize = 3;

/// Whether a pattern's head is a verb or an event noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    Verb,
    Noun,
}

/// Pattern flags (see the lexicon README).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// Symmetric event: both parties act (meet, hold talks with).
    pub recip: bool,
    /// A speech verb that introduces reported content.
    pub say: bool,
    /// The verb expresses intent or a promise.
    pub intent: bool,
    /// The verb itself negates cooperation (refuse, deny).
    pub negative: bool,
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub code: String,
    pub kind: TriggerKind,
    /// Modifiers that must stand right before an event noun, in order (`[air] strike`).
    pub before: Vec<String>,
    /// Head first, then the literal words.
    pub words: Vec<String>,
    pub flags: Flags,
    pub example: String,
    /// `verbs.tsv:12`, for the rule string.
    pub source: String,
}

impl Entry {
    pub fn pattern(&self) -> String {
        self.before
            .iter()
            .map(|m| format!("[{m}]"))
            .chain(self.words.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Number of words the pattern asks for, modifiers included.
    pub fn word_count(&self) -> usize {
        self.before.len() + self.words.len()
    }
}

/// A problem in a lexicon file, naming the line.
#[derive(Debug, Error, PartialEq)]
#[error("{file} line {line}: {reason}")]
pub struct LexiconError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// All entries, indexed by the surface forms of their head words.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub entries: Vec<Entry>,
    by_form: HashMap<String, Vec<(usize, Option<VerbForm>)>>,
}

impl Lexicon {
    /// The compiled-in lexicon.
    pub fn builtin() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let mut lex = Lexicon::default();
            lex.add_file("verbs.tsv", VERBS, TriggerKind::Verb)
                .expect("verbs.tsv is valid");
            lex.add_file("nouns.tsv", NOUNS, TriggerKind::Noun)
                .expect("nouns.tsv is valid");
            lex
        })
    }

    /// Adds the entries of one lexicon file.
    pub fn add_file(
        &mut self,
        file: &str,
        tsv: &str,
        kind: TriggerKind,
    ) -> Result<(), LexiconError> {
        for (i, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("code\t") {
                continue;
            }
            let entry =
                parse_entry(line, kind, &format!("{file}:{}", i + 1)).map_err(|reason| {
                    LexiconError {
                        file: file.to_string(),
                        line: i + 1,
                        reason,
                    }
                })?;
            self.add(entry);
        }
        Ok(())
    }

    fn add(&mut self, entry: Entry) {
        let index = self.entries.len();
        let head = &entry.words[0];
        let forms: Vec<(String, Option<VerbForm>)> = match entry.kind {
            TriggerKind::Verb => verb_forms(head)
                .into_iter()
                .map(|(f, v)| (f, Some(v)))
                .collect(),
            TriggerKind::Noun => noun_forms(head).into_iter().map(|f| (f, None)).collect(),
        };
        for (form, verb_form) in forms {
            self.by_form
                .entry(form)
                .or_default()
                .push((index, verb_form));
        }
        self.entries.push(entry);
    }

    /// Entries whose head has this (lower-case) surface form, with the verb form it is.
    pub fn candidates(&self, form: &str) -> &[(usize, Option<VerbForm>)] {
        self.by_form.get(form).map(Vec::as_slice).unwrap_or(&[])
    }

    /// True when the word is a form of some verb in the lexicon.
    pub fn is_verb_form(&self, form: &str) -> bool {
        self.candidates(form)
            .iter()
            .any(|(i, _)| self.entries[*i].kind == TriggerKind::Verb)
    }
}

fn parse_entry(line: &str, kind: TriggerKind, source: &str) -> Result<Entry, String> {
    let cells: Vec<&str> = line.split('\t').collect();
    if cells.len() < 2 {
        return Err("expected code, pattern, flags, example".into());
    }
    let code = cells[0].trim();
    if code.len() < 2 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("'{code}' is not a CAMEO event code"));
    }
    let all: Vec<String> = cells[1].split_whitespace().map(str::to_lowercase).collect();
    let modifiers = all.iter().take_while(|w| w.starts_with('[')).count();
    let before: Vec<String> = all[..modifiers]
        .iter()
        .map(|w| w.trim_start_matches('[').trim_end_matches(']').to_string())
        .collect();
    let words = all[modifiers..].to_vec();
    if all.is_empty() {
        return Err("empty pattern".into());
    }
    if words.is_empty()
        || (modifiers > 0 && kind == TriggerKind::Verb)
        || words.iter().any(|w| w.contains(['[', ']']))
        || before
            .iter()
            .any(|m| m.is_empty() || m.contains(['[', ']']))
    {
        return Err("only event nouns take [modifiers], written first: '[air] strike'".into());
    }
    let mut flags = Flags::default();
    for flag in cells
        .get(2)
        .unwrap_or(&"")
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        match flag {
            "recip" => flags.recip = true,
            "say" => flags.say = true,
            "intent" => flags.intent = true,
            "negative" => flags.negative = true,
            other => return Err(format!("unknown flag '{other}'")),
        }
    }
    Ok(Entry {
        code: code.to_string(),
        kind,
        before,
        words,
        flags,
        example: cells.get(3).unwrap_or(&"").trim().to_string(),
        source: source.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_indexes_forms() {
        let mut lex = Lexicon::default();
        lex.add_file(
            "v",
            "code\tpattern\tflags\texample\n1711\tseize\t\tX seized Y.\n",
            TriggerKind::Verb,
        )
        .unwrap();
        assert_eq!(lex.candidates("seized").len(), 1);
        assert!(lex.is_verb_form("seizing"));
        assert!(lex.candidates("seizure").is_empty());
    }

    #[test]
    fn bad_lines_are_named() {
        let mut lex = Lexicon::default();
        let err = lex
            .add_file("v", "x1\tseize\t\t\n", TriggerKind::Verb)
            .unwrap_err();
        assert_eq!(err.line, 1);
        let err = lex
            .add_file("v", "17\tseize\tbogus\t\n", TriggerKind::Verb)
            .unwrap_err();
        assert_eq!(err.reason, "unknown flag 'bogus'");
        let err = lex
            .add_file("v", "195\t[air] strike\t\t\n", TriggerKind::Verb)
            .unwrap_err();
        assert!(err.reason.contains("only event nouns"), "{}", err.reason);
    }

    #[test]
    fn modifiers_before_an_event_noun() {
        let mut lex = Lexicon::default();
        lex.add_file(
            "n",
            "1951\t[cruise] [missile] strike on\t\t\n",
            TriggerKind::Noun,
        )
        .unwrap();
        let e = &lex.entries[0];
        assert_eq!(e.before, vec!["cruise", "missile"]);
        assert_eq!(e.words, vec!["strike", "on"]);
        assert_eq!(e.pattern(), "[cruise] [missile] strike on");
        assert_eq!(e.word_count(), 4);
        assert_eq!(lex.candidates("strikes").len(), 1);
    }
}
