//! Source and target from the dependency tree: subjects, objects, passive agents, control and
//! shared subjects, possessors of event nouns. Each rule names itself for the event's `rule`.
//!
//! Token `i` of a parsed [`Sentence`] is word `i + 1` of its parse; heads are 1-based, 0 = root.

use crate::arguments::{compound, Arguments};
use crate::lexicon::TriggerKind;
use crate::sentence::Sentence;
use crate::triggers::Trigger;
use crate::words::{is_in, LOCATIVE};

/// Prepositions that introduce a participant rather than a place or time.
const PARTICIPANT_CASES: &[&str] = &[
    "with", "on", "against", "to", "at", "toward", "towards", "into", "upon", "from", "over",
    "for", "between",
];

/// How far up the tree a missing subject is looked for.
const MAX_CLIMB: usize = 4;

/// Tree view of a parsed sentence.
struct Tree<'s, 'a> {
    s: &'s Sentence<'a>,
}

impl Tree<'_, '_> {
    fn head(&self, i: usize) -> Option<usize> {
        let w = self.s.parse.as_ref()?.words.get(i)?;
        (w.head > 0).then(|| w.head - 1)
    }

    fn deprel(&self, i: usize) -> &str {
        self.s
            .parse
            .as_ref()
            .and_then(|p| p.words.get(i))
            .map(|w| w.deprel.as_str())
            .unwrap_or("")
    }

    fn children(&self, i: usize) -> Vec<usize> {
        let Some(p) = self.s.parse.as_ref() else {
            return vec![];
        };
        p.words
            .iter()
            .enumerate()
            .filter(|(_, w)| w.head == i + 1)
            .map(|(k, _)| k)
            .collect()
    }

    fn child_with(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children(i)
            .into_iter()
            .find(|&c| rels.contains(&self.deprel(c)))
    }

    /// The preposition ("case" child) of a nominal.
    fn case_of(&self, i: usize) -> Option<&str> {
        self.child_with(i, &["case"])
            .map(|c| self.s.folded[c].as_str())
    }

    /// The actor that contains token `i`, or the nearest one inside its phrase (its subtree,
    /// without clauses below it).
    fn actor_for(&self, i: usize) -> Option<usize> {
        if let Some(k) = self
            .s
            .actors
            .iter()
            .position(|a| a.first <= i && i < a.last)
        {
            return Some(k);
        }
        let mut frontier = vec![i];
        for _ in 0..3 {
            let mut next = Vec::new();
            for node in frontier {
                for c in self.children(node) {
                    if is_in(
                        self.deprel(c),
                        &["acl:relcl", "advcl", "ccomp", "conj", "parataxis", "appos"],
                    ) {
                        continue;
                    }
                    if let Some(k) = self
                        .s
                        .actors
                        .iter()
                        .position(|a| a.first <= c && c < a.last)
                    {
                        return Some(k);
                    }
                    next.push(c);
                }
            }
            frontier = next;
        }
        None
    }

    /// The actor plus the actors conjoined to it in the tree ("Libyan leader Muammar Gaddafi and
    /// Bulgarian President Todor Zhivkov"), merged with the positional compound.
    fn compound(&self, k: usize) -> Vec<usize> {
        let mut out = compound(self.s, k);
        let a = &self.s.actors[k];
        let inside = |i: usize| a.first <= i && i < a.last;
        let heads: Vec<usize> = (a.first..a.last)
            .filter(|&i| self.head(i).is_none_or(|h| !inside(h)))
            .collect();
        let mut words = heads.clone();
        for &h in &heads {
            if let Some(up) = self
                .head(h)
                .filter(|_| is_in(self.deprel(h), &["compound", "amod", "nmod:poss", "flat"]))
            {
                words.push(up);
            }
        }
        for w in words {
            for c in self
                .children(w)
                .into_iter()
                .filter(|&c| self.deprel(c) == "conj")
            {
                if let Some(other) = self.actor_for(c).filter(|o| !out.contains(o)) {
                    out.push(other);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// Whether word `i` lies in the subtree of word `node` (itself included), climbing at most
    /// `steps` heads.
    fn dominates(&self, node: usize, i: usize, steps: usize) -> bool {
        let mut w = Some(i);
        for _ in 0..=steps {
            match w {
                Some(x) if x == node => return true,
                Some(x) => w = self.head(x),
                None => return false,
            }
        }
        false
    }

    /// Whether actor `k` lies in the subtree of word `node`.
    fn inside(&self, node: usize, k: usize) -> bool {
        let a = &self.s.actors[k];
        (a.first..a.last).all(|i| self.dominates(node, i, MAX_CLIMB * 4))
    }

    /// A "to" infinitive clause ("fire to disperse", "plans to visit").
    fn is_infinitival(&self, v: usize) -> bool {
        self.children(v)
            .into_iter()
            .any(|c| self.deprel(c) == "mark" && self.s.folded[c] == "to")
    }

    /// "victims killed by the missile", "athletes killed at the Olympics": a past participle after
    /// the noun it describes, with no subject or object of its own, is passive, and the noun is
    /// what it was done to. A simple past mistagged as a participle ("Doctors donated goods",
    /// "The army forced out refugees") keeps its object or describes the sentence's subject, so
    /// it is not taken for one.
    fn is_reduced_passive(&self, v: usize) -> bool {
        self.deprel(v).starts_with("acl")
            && self
                .s
                .parse
                .as_ref()
                .and_then(|p| p.words.get(v))
                .is_some_and(|w| w.xpos == "VBN")
            && self
                .child_with(
                    v,
                    &["nsubj", "nsubj:pass", "aux", "aux:pass", "obj", "iobj"],
                )
                .is_none()
            && self.head(v).is_some_and(|n| n < v && !self.in_subject(n))
    }

    /// Whether word `n` is the sentence's root, a subject, or inside one's phrase ("Doctors from
    /// two aid groups").
    fn in_subject(&self, mut n: usize) -> bool {
        for _ in 0..=MAX_CLIMB {
            let rel = self.deprel(n);
            if matches!(rel, "root" | "nsubj" | "nsubj:pass") {
                return true;
            }
            if !(rel.starts_with("nmod") || rel == "compound" || rel == "appos") {
                return false;
            }
            let Some(h) = self.head(n) else { return false };
            n = h;
        }
        false
    }

    /// Arguments of a reduced passive: its "by" agent is the source, the noun it describes the
    /// target.
    fn reduced_passive_arguments(&self, v: usize) -> Arguments {
        let mut args = Arguments::default();
        if let Some(k) = self
            .child_with(v, &["obl:agent"])
            .and_then(|c| self.actor_for(c))
        {
            args.source = compound(self.s, k);
            args.source_rule = "passive: agent (obl:agent) is the source";
        }
        if let Some(k) = self
            .head(v)
            .and_then(|n| self.actor_for(n))
            .filter(|&k| !self.inside(v, k))
        {
            args.target = self.compound(k);
            args.target_rule = "passive participle: the noun it describes is the target";
        }
        args
    }

    /// The subject of verb `v`, climbing through control (xcomp), coordination (conj) and
    /// adverbial clauses when `v` has none of its own.
    fn subject(&self, v: usize) -> Option<(usize, &'static str)> {
        let mut node = v;
        for depth in 0..=MAX_CLIMB {
            let stative = node == v
                && self
                    .s
                    .triggers
                    .iter()
                    .any(|t| t.head == v && self.s.is_stative_participle(t));
            let subject_rels: &[&str] = if stative {
                &["nsubj", "nsubj:pass"]
            } else {
                &["nsubj"]
            };
            if let Some(c) = self.child_with(node, subject_rels) {
                let rule = if depth == 0 {
                    "source: subject (nsubj)"
                } else {
                    "source: subject shared with the governing verb (xcomp/conj/advcl)"
                };
                return self.actor_for(c).map(|k| (k, rule));
            }
            if self.child_with(node, &["nsubj:pass"]).is_some() && depth > 0 {
                return None;
            }
            let rel = self
                .deprel(node)
                .split(':')
                .next()
                .unwrap_or("")
                .to_string();
            if rel == "acl" {
                let head = self.head(node)?;
                let described = self.actor_for(head).filter(|&k| !self.inside(node, k));
                if described.is_some() || !self.is_infinitival(node) {
                    return described
                        .map(|k| (k, "source: the noun the relative clause describes"));
                }
                // "police opened fire to disperse demonstrators": the purpose clause of a
                // non-actor object belongs to the verb that governs the object.
                node = self.head(head).filter(|_| self.deprel(head) == "obj")?;
                continue;
            }
            if !is_in(&rel, &["xcomp", "conj", "advcl", "ccomp"]) {
                return None;
            }
            node = self.head(node)?;
        }
        None
    }

    /// The first participant among objects and participant obliques of the trigger's words.
    fn object(&self, t: &Trigger, exclude: &[usize]) -> Option<(usize, &'static str)> {
        let ok = |k: &usize| !exclude.contains(k);
        for &p in &t.positions {
            for rel in [&["obj", "iobj"][..], &["obl", "nmod"][..]] {
                for c in self
                    .children(p)
                    .into_iter()
                    .filter(|&c| rel.contains(&self.deprel(c).split(':').next().unwrap_or("")))
                {
                    // A pattern word is no participant, unless it names one ("released
                    // Lebanese prisoners" for `release prisoner`).
                    let names_actor = self.s.actors.iter().any(|a| a.first <= c && c < a.last);
                    if t.covers(c) && !names_actor {
                        continue;
                    }
                    let case = self.case_of(c);
                    if rel[0] != "obj"
                        && !case.is_some_and(|x| {
                            is_in(x, PARTICIPANT_CASES)
                                || t.positions.iter().any(|&q| self.s.folded[q] == x)
                        })
                    {
                        continue;
                    }
                    if case.is_some_and(|x| {
                        is_in(x, LOCATIVE) && !t.positions.iter().any(|&q| self.s.folded[q] == x)
                    }) {
                        continue;
                    }
                    if let Some(k) = self.actor_for(c).filter(ok) {
                        return Some((
                            k,
                            if rel[0] == "obj" {
                                "target: object (obj)"
                            } else {
                                "target: participant oblique (obl/nmod with preposition)"
                            },
                        ));
                    }
                }
            }
        }
        None
    }
}

/// "Russia said Sudan must return the helicopter": a clause whose verb has `must`, with the
/// actor who says it and the actor who must act (token and actor indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MustClause {
    pub must: usize,
    pub verb: usize,
    /// The verb that says it ("declared", "said").
    pub governor: usize,
    pub speaker: usize,
    pub target: usize,
}

/// Every `must` clause said by an actor about another: the clause is the complement of the
/// speaker's verb ("declared that China must drop barriers"), or the speaker's verb hangs
/// off it ("US forces must ensure security, the Red Cross said").
pub fn must_clauses(s: &Sentence<'_>) -> Vec<MustClause> {
    s.parse.as_ref().map_or_else(Vec::new, |_| {
        let tree = Tree { s };
        (0..s.tokens.len())
            .filter(|&m| s.folded[m] == "must" && tree.deprel(m) == "aux")
            .filter_map(|m| must_clause(&tree, m))
            .collect()
    })
}

fn must_clause(tree: &Tree<'_, '_>, must: usize) -> Option<MustClause> {
    let verb = tree.head(must)?;
    let target = tree
        .child_with(verb, &["nsubj", "nsubj:pass"])
        .and_then(|c| tree.actor_for(c))?;
    let rel = tree.deprel(verb).split(':').next().unwrap_or("");
    let governor = if is_in(rel, &["ccomp", "parataxis"]) {
        tree.head(verb)?
    } else {
        tree.children(verb).into_iter().find(|&c| {
            tree.deprel(c) == "parataxis" && is_in(&tree.s.folded[c], crate::words::SPEECH_VERBS)
        })?
    };
    let (speaker, _) = tree.subject(governor)?;
    (speaker != target).then_some(MustClause {
        must,
        verb,
        governor,
        speaker,
        target,
    })
}

/// The clausal complements of verb or noun `v` ("demanded that Israel ease ...", "urged Russia
/// to stop ...", "charges that Monrovia is committing ..."): its `ccomp` and `xcomp`
/// dependents, and the content clause (`acl`, not a relative clause) of a noun.
pub fn complements(s: &Sentence<'_>, v: usize) -> Vec<usize> {
    let tree = Tree { s };
    tree.children(v)
        .into_iter()
        .filter(|&c| matches!(tree.deprel(c), "ccomp" | "xcomp" | "acl"))
        .collect()
}

/// The actor who is the subject of clause `v` ("... that the United States cancel ..."), with
/// the actors conjoined to it.
pub fn clause_subject(s: &Sentence<'_>, v: usize) -> Vec<usize> {
    let tree = Tree { s };
    tree.child_with(v, &["nsubj", "nsubj:pass"])
        .and_then(|c| tree.actor_for(c))
        .map(|k| tree.compound(k))
        .unwrap_or_default()
}

/// The verb whose object (or passive subject) word `i` is ("lifted *sanctions*", "sanctions
/// were lifted"), with that verb's lemma.
pub fn governing_verb(s: &Sentence<'_>, i: usize) -> Option<(usize, String)> {
    let tree = Tree { s };
    if !matches!(tree.deprel(i), "obj" | "nsubj:pass") {
        return None;
    }
    let v = tree.head(i)?;
    let w = s.parse.as_ref()?.words.get(v)?;
    (w.upos == "VERB").then(|| (v, w.lemma.to_lowercase()))
}

/// Whether token `i` lies in the subtree of word `node` (itself included).
pub fn dominates(s: &Sentence<'_>, node: usize, i: usize) -> bool {
    Tree { s }.dominates(node, i, s.tokens.len().min(64))
}

/// How deeply word `i` is embedded below the sentence's main clause: the number of steps to
/// the root, not counting coordination and parataxis (a second main clause is no deeper) nor
/// a verb's own chain of `xcomp` ("agreed to help"). 0 without a parse.
pub fn embedding(s: &Sentence<'_>, i: usize) -> usize {
    let tree = Tree { s };
    let mut depth = 0;
    let mut node = i;
    for _ in 0..s.tokens.len().min(64) {
        let Some(up) = tree.head(node) else {
            break;
        };
        let rel = tree.deprel(node).split(':').next().unwrap_or("");
        if !is_in(rel, &["conj", "parataxis", "xcomp", "flat", "compound"]) {
            depth += 1;
        }
        node = up;
    }
    depth
}

/// Arguments read off the tree; `None` when the sentence has no parse.
pub fn tree_arguments(s: &Sentence<'_>, t: &Trigger) -> Option<Arguments> {
    s.parse.as_ref()?;
    let tree = Tree { s };
    let h = t.head;
    let mut args = Arguments::default();
    let passive =
        tree.child_with(h, &["nsubj:pass", "aux:pass"]).is_some() && !s.is_stative_participle(t);
    if t.kind == TriggerKind::Verb && tree.is_reduced_passive(h) && !s.is_stative_participle(t) {
        return Some(tree.reduced_passive_arguments(h));
    }
    if t.kind == TriggerKind::Verb && passive {
        if let Some(k) = tree
            .child_with(h, &["obl:agent"])
            .and_then(|c| tree.actor_for(c))
        {
            args.source = compound(s, k);
            args.source_rule = "passive: agent (obl:agent) is the source";
        }
        if let Some(k) = tree
            .child_with(h, &["nsubj:pass"])
            .and_then(|c| tree.actor_for(c))
        {
            args.target = compound(s, k);
            args.target_rule = "passive: subject (nsubj:pass) is the target";
        }
        return Some(args);
    }
    let source = match t.kind {
        TriggerKind::Verb => tree.subject(h),
        TriggerKind::Noun => noun_source(&tree, h),
    };
    if let Some((k, rule)) = source {
        args.source = tree.compound(k);
        args.source_rule = rule;
    }
    if let Some((k, rule)) = tree.object(t, &args.source) {
        args.target = tree.compound(k);
        args.target_rule = rule;
    }
    Some(args)
}

/// Who acts in an event noun: its possessor or modifier ("Russia's invasion", "Israeli
/// strikes"), its "by" phrase, or the subject of the verb that governs it ("held talks with").
fn noun_source(tree: &Tree<'_, '_>, n: usize) -> Option<(usize, &'static str)> {
    for c in tree.children(n) {
        let rel = tree.deprel(c);
        if is_in(rel, &["nmod:poss", "amod", "compound"]) {
            if let Some(k) = tree.actor_for(c) {
                return Some((k, "source: possessor or modifier of the event noun"));
            }
        }
        if rel.starts_with("nmod") && tree.case_of(c) == Some("by") {
            if let Some(k) = tree.actor_for(c) {
                return Some((k, "source: 'by' phrase of the event noun"));
            }
        }
    }
    let mut node = n;
    for _ in 0..MAX_CLIMB {
        node = tree.head(node)?;
        if tree.s.upos(node) == Some("VERB") {
            if tree.child_with(node, &["nsubj:pass", "aux:pass"]).is_some() {
                return None;
            }
            return tree
                .subject(node)
                .map(|(k, _)| (k, "source: subject of the verb governing the event noun"));
        }
    }
    None
}
