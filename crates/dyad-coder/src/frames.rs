//! What the clause around an event says about it: a demand ("X said Y must ..."), a request
//! whose content has not happened ("demanded that Y cancel ..."), an accusation or denial whose
//! content is only claimed, a reversal verb that undoes an event noun ("lifted sanctions"), and
//! a speaker who accuses ("X said Y is seeking regime change"). Each adds words to the `rule`.

use dyad_core::{ActorRef, Article, EventRecord, Modality};

use crate::arguments::find_arguments;
use crate::coder::{actor_ref, sentence_record, span, trigger_token, with_id, Coder, Speech};
use crate::lexicon::{Lexicon, TriggerKind};
use crate::sentence::Sentence;
use crate::triggers::Trigger;
use crate::words::is_in;

impl Coder {
    /// "Russia said Sudan must return the helicopter": saying that another actor must act is a
    /// demand (CAMEO 100) by the speaker on that actor; what they must do has not happened, so
    /// no event inside the `must` clause is kept.
    pub(crate) fn demands(
        &self,
        article: &Article,
        s: &Sentence<'_>,
        events: &mut Vec<EventRecord>,
    ) -> Vec<EventRecord> {
        let mut out = Vec::new();
        for m in crate::syntax::must_clauses(s) {
            let inside = |e: &EventRecord| {
                trigger_token(s, e).is_some_and(|i| crate::syntax::dominates(s, m.verb, i))
            };
            events.retain(|e| !inside(e));
            let (speaker, target) = (&s.actors[m.speaker], &s.actors[m.target]);
            if speaker.code == target.code {
                continue;
            }
            if let Some(record) = self.demand_record(article, s, &m) {
                out.push(record);
            }
        }
        out
    }

    fn demand_record(
        &self,
        article: &Article,
        s: &Sentence<'_>,
        m: &crate::syntax::MustClause,
    ) -> Option<EventRecord> {
        let event_type = self.lookup("100")?;
        let (first, last) = (m.must.min(m.verb), m.must.max(m.verb));
        let clause = Trigger {
            entry: 0,
            kind: TriggerKind::Verb,
            head: m.verb,
            last: last + 1,
            form: None,
            positions: vec![first, last],
            found: crate::triggers::Found::InSequence,
        };
        let date = self.dated(s, &clause, article.published, Modality::Asserted);
        let rule = format!(
            "'{} {}' said by the source → demand 100; source: subject of the verb that says it; target: subject of '{}'{}",
            s.folded[m.must],
            s.folded[m.verb],
            s.folded[m.verb],
            date.text.as_ref().map(|t| format!("; date '{t}'")).unwrap_or_default()
        );
        let trigger = span(s, first, last + 1);
        Some(with_id(EventRecord {
            source: vec![actor_ref(&s.actors[m.speaker])],
            target: crate::arguments::compound(s, m.target)
                .iter()
                .map(|&k| actor_ref(&s.actors[k]))
                .collect(),
            // Both actors named, said with a verb, as deep as the verb that says it.
            confidence: 1.0 - 0.02 * crate::syntax::embedding(s, m.governor).min(5) as f32,
            rule,
            ..sentence_record(article, s, event_type.to_event_code(), trigger, date)
        }))
    }

    /// "charges by Ivory Coast that Monrovia is committing genocide", "denied that it sent
    /// troops": what an accusation (CAMEO 11) or a denial (016) is about is a claim, not a
    /// fact, whether or not the accusation itself is coded. Events inside its clause are
    /// `claimed`, attributed to the accuser when known, and rank below it.
    pub(crate) fn mark_claimed_content(&self, s: &Sentence<'_>, events: &mut [EventRecord]) {
        let frames: Vec<(usize, Option<ActorRef>)> = s
            .triggers
            .iter()
            .filter(|t| {
                let code = &self.lex.entries[t.entry].code;
                code.starts_with("11") || code == "016"
            })
            .flat_map(|t| {
                // An accuser claims the content; a denier does not (whoever made the charge does).
                let accuses = self.lex.entries[t.entry].code.starts_with("11");
                let who = by_agent(s, t)
                    .or_else(|| find_arguments(s, t, self.lex).source.first().copied())
                    .filter(|_| accuses)
                    .map(|k| actor_ref(&s.actors[k]));
                crate::syntax::complements(s, t.head)
                    .into_iter()
                    .map(move |c| (c, who.clone()))
            })
            .collect();
        for e in events.iter_mut() {
            let Some(i) = trigger_token(s, e) else {
                continue;
            };
            // The innermost frame speaks for its content.
            let inside = frames
                .iter()
                .filter(|(c, _)| crate::syntax::dominates(s, *c, i))
                .max_by_key(|(c, _)| crate::syntax::embedding(s, *c));
            let Some((_, who)) = inside else { continue };
            if e.modality == Modality::Claimed {
                continue;
            }
            e.modality = Modality::Claimed;
            if who.is_some() {
                e.attributed_to = who.clone();
            }
            e.confidence = (e.confidence * 0.5 * 100.0).round() / 100.0;
            e.rule
                .push_str("; content of an accusation or denial: claimed");
            e.id = e.compute_id();
        }
    }

    /// "Powell said NATO would need to remain strong": when nothing else in the sentence codes,
    /// the speech itself is the event, a public statement (CAMEO 01) by its speaker, ranked below
    /// any event a fuller sentence would give.
    pub(crate) fn statement(
        &self,
        article: &Article,
        s: &Sentence<'_>,
        speeches: &[Speech],
    ) -> Option<EventRecord> {
        let t = s.triggers.iter().find(|t| self.is_speech(s, t))?;
        let mut e = self.code_trigger(article, s, t, speeches)?;
        e.confidence *= 0.5;
        e.rule
            .push_str("; a speech with nothing else to code: the statement is the event");
        Some(e)
    }

    /// "X has said the U.S. is seeking regime change": the speaker accuses the content's actor.
    pub(crate) fn accusations(
        &self,
        s: &Sentence<'_>,
        speeches: &[Speech],
        events: &mut [EventRecord],
    ) -> Vec<EventRecord> {
        let mut out = Vec::new();
        for sp in speeches
            .iter()
            .filter(|sp| sp.claim && sp.content.0 > sp.say_head)
        {
            let Some(speaker) = sp.speaker.map(|k| &s.actors[k]) else {
                continue;
            };
            for e in events.iter_mut() {
                let inside = s
                    .tokens
                    .get(sp.content.0)
                    .is_some_and(|t| t.start <= e.trigger.start);
                let hostile = e.event.quad >= 3;
                let accused = e
                    .source
                    .first()
                    .filter(|a| a.country.is_some() && a.country != speaker.country)
                    .cloned();
                if !(inside && hostile) {
                    continue;
                }
                let Some(accused) = accused else { continue };
                e.modality = Modality::Claimed;
                e.attributed_to = Some(actor_ref(speaker));
                e.rule.push_str("; claimed by the speaker");
                let Some(accuse) = self.lookup("112") else {
                    continue;
                };
                let mut record = e.clone();
                record.event = accuse.to_event_code();
                record.trigger = span(s, sp.say_head, sp.say_head + 1);
                record.source = vec![actor_ref(speaker)];
                record.target = vec![accused];
                record.modality = Modality::Asserted;
                record.attributed_to = None;
                record.reciprocal = false;
                record.size = None;
                record.location = None;
                record.rule = format!("speech verb '{}' with hostile content ({} by {}) → accusation 112 by the speaker", s.folded[sp.say_head], e.event.cameo, record.target[0].code);
                record.id = record.compute_id();
                out.push(record);
            }
        }
        out
    }
}

/// "The PRC demanded that the US cancel its arms sales", "urged Russia to stop the attacks":
/// what a demand or appeal (CAMEO 10, 02) asks for has not happened, so no event inside its
/// clausal complement is kept; the demand itself is the event. The same holds for what a
/// refusal turns down.
pub(crate) fn drop_requested_acts(s: &Sentence<'_>, lex: &Lexicon, events: &mut Vec<EventRecord>) {
    // "refused to allow UN planes to land and evacuate its observers": what a refusal (a verb
    // flagged `negative` with a REJECT code) turns down has not happened either. Refusals and
    // requests count whether or not they code themselves (their speaker may be unknown).
    let mut requested: Vec<usize> = s
        .triggers
        .iter()
        .filter(|t| {
            let entry = &lex.entries[t.entry];
            let refusal = entry.flags.negative && entry.code.starts_with("12");
            let request = entry.code.starts_with("10") || entry.code.starts_with("02");
            t.kind == TriggerKind::Verb && (refusal || request)
        })
        .flat_map(|t| crate::syntax::complements(s, t.head))
        .collect();
    // Token ranges of "that" clauses the parse did not attach to their demand.
    let mut that_clauses: Vec<(usize, usize)> = Vec::new();
    for e in events.iter_mut() {
        let Some(h) = trigger_token(s, e).filter(|_| matches!(e.event.root.as_str(), "10" | "02"))
        else {
            continue;
        };
        let complements = crate::syntax::complements(s, h);
        // Whom the demand is made of, when the verb names nobody: the complement's subject.
        if e.target.is_empty() {
            let subject = match complements.first() {
                Some(&c) => crate::syntax::clause_subject(s, c),
                None => that_clause_subject(s, h),
            };
            let own = |k: &usize| e.source.iter().any(|a| a.code == s.actors[*k].code);
            if !subject.is_empty() && !subject.iter().any(own) {
                e.target = subject.iter().map(|&k| actor_ref(&s.actors[k])).collect();
                e.rule
                    .push_str("; target: subject of the clause it asks for");
                e.id = e.compute_id();
            }
        }
        if complements.is_empty() {
            that_clauses.extend(that_clause(s, h));
        }
        requested.extend(complements);
    }
    if requested.is_empty() && that_clauses.is_empty() {
        return;
    }
    events.retain(|e| {
        let Some(i) = trigger_token(s, e) else {
            return true;
        };
        if that_clauses.iter().any(|&(a, b)| a <= i && i < b) {
            return false;
        }
        !requested.iter().any(|&c| crate::syntax::dominates(s, c, i))
    });
}

/// The tokens of the "that" clause right after a demand ("its demand today that Israel ease
/// ..."): from the word after "that" to the end of its clause.
fn that_clause(s: &Sentence<'_>, demand: usize) -> Option<(usize, usize)> {
    let that = (demand + 1..(demand + 4).min(s.tokens.len())).find(|&j| s.folded[j] == "that")?;
    let first = that + 1;
    let clause = *s.clause.get(first)?;
    Some((first, s.clause_range(clause).1))
}

/// "charges by Ivory Coast that ...", "was accused by Washington of ...": the actor in the "by"
/// phrase right after an accusation made it, whoever the sentence's subject is ("Liberia denied
/// charges by ...").
fn by_agent(s: &Sentence<'_>, t: &Trigger) -> Option<usize> {
    s.actors.iter().position(|a| {
        a.first > t.head && a.first <= t.last + 2 && s.preposition_of(a) == Some("by")
    })
}

/// "demanded that President Robert Mugabe abandon ...", when the parse found no clause (the
/// bare verb of such a clause is easily mistagged): the actor right after "that".
fn that_clause_subject(s: &Sentence<'_>, verb: usize) -> Vec<usize> {
    if s.folded.get(verb + 1).map(String::as_str) != Some("that") {
        return Vec::new();
    }
    s.actors
        .iter()
        .position(|a| a.first > verb + 1 && a.first <= verb + 3)
        .map(|k| crate::arguments::compound(s, k))
        .unwrap_or_default()
}

/// "lifted the curfew", "called off the strike", "sanctions were lifted": an event noun that
/// a reversal verb undoes is a yield (CAMEO 08), not the event it names. The verb as written
/// and the yield code.
pub(crate) fn undone_by(
    s: &Sentence<'_>,
    t: &Trigger,
    code: &str,
) -> Option<(String, &'static str)> {
    if t.kind != TriggerKind::Noun {
        return None;
    }
    let (v, lemma) = crate::syntax::governing_verb(s, t.head)?;
    let undoes = is_in(&lemma, crate::recode::REVERSAL_VERBS)
        && (lemma != "call" || s.folded.get(v + 1).is_some_and(|w| w == "off"));
    let new_code = crate::recode::reversed(code).filter(|_| undoes)?;
    Some((s.folded[v].clone(), new_code))
}
