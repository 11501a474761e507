//! The coder: article → sentences → events, each with the rule that produced it.

use chrono::NaiveDate;
use dyad_core::{
    ActorRef, Article, Codebook, EventRecord, InputFormat, Location, Modality, PartialDate,
    TextSpan,
};
use std::sync::OnceLock;

use dyad_kb::{ActorMention, Kb};
use dyad_nlp::Analyzer;

use crate::arguments::{find_arguments, Arguments};
use crate::context::ArticleContext;
use crate::dates::{find_dates, DateMention};
use crate::lexicon::{Lexicon, TriggerKind};
use crate::modality::modality_of;
use crate::quantities::size_in_clause;
use crate::recode::recode;
use crate::sentence::Sentence;
use crate::triggers::Trigger;
use crate::words::{is_in, CLAIM_VERBS, SPEECH_VERBS};

/// Longest sentence (in characters) the coder reads; longer ones are cut there.
pub const MAX_SENTENCE_CHARS: usize = 2_000;

/// Only the first this many characters of an article are coded by default (about 35,000 words:
/// far more than any news article); the rest of a longer text is stored but not coded, so a
/// 20 MB one-line file costs seconds, not hours. See [`Coder::coded_part`] and
/// [`set_max_coded_chars`].
pub const MAX_CODED_CHARS: usize = 200_000;

static CODED_CHARS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

/// The number of characters of an article that are coded.
pub fn max_coded_chars() -> usize {
    *CODED_CHARS.get_or_init(|| MAX_CODED_CHARS)
}

/// Sets [`max_coded_chars`] for the rest of the process (at least 1,000); refused once it was
/// set or read.
pub fn set_max_coded_chars(n: usize) -> Result<(), usize> {
    CODED_CHARS.set(n.max(1_000)).map_err(|_| max_coded_chars())
}

/// Prepositions that introduce where an event happened.
const PLACE_PREPS: &[&str] = &[
    "in", "at", "off", "near", "over", "across", "outside", "inside",
];

/// The event coder over the compiled-in knowledge base, lexicon and codebook. Cheap to copy: it
/// holds references to tables loaded once, so every worker thread gets its own copy.
#[derive(Clone, Copy)]
pub struct Coder {
    pub(crate) kb: &'static Kb,
    pub(crate) lex: &'static Lexicon,
    pub(crate) book: &'static Codebook,
    /// Tagger and parser; `None` codes from tokens with positional rules only.
    pub(crate) analyzer: Option<&'static Analyzer>,
}

/// The embedded parsing model, loaded once.
fn default_analyzer() -> Option<&'static Analyzer> {
    static ANALYZER: OnceLock<Option<Analyzer>> = OnceLock::new();
    ANALYZER
        .get_or_init(|| Analyzer::load_default().ok())
        .as_ref()
}

impl Default for Coder {
    fn default() -> Self {
        Coder::new()
    }
}

/// An event's date fields ([`Coder::dated`]).
pub(crate) struct EventDate {
    pub(crate) value: Option<String>,
    pub(crate) precision: Option<dyad_core::DatePrecision>,
    /// The date expression as written, when the text gives one.
    pub(crate) text: Option<String>,
    /// "earlier this year", "since September": a period before the report (background).
    pub(crate) past_period: bool,
}

/// A reported-speech frame: who speaks, and which tokens are what they say.
pub(crate) struct Speech {
    pub(crate) speaker: Option<usize>,
    pub(crate) say_head: usize,
    pub(crate) content: (usize, usize),
    pub(crate) claim: bool,
}

/// What every event read from sentence `s` of `article` shares before its actors, modality and
/// rule are known: where it was read, what it is, its trigger and its date. Asserted, with no
/// actors, place, size, confidence or rule, and no id yet (see [`with_id`]).
pub(crate) fn sentence_record(
    article: &Article,
    s: &Sentence<'_>,
    event: dyad_core::EventCode,
    trigger: dyad_core::TextSpan,
    date: EventDate,
) -> EventRecord {
    EventRecord {
        id: String::new(),
        doc: article.id.clone(),
        url: article.url.clone(),
        sentence: s.index,
        text: s.text.to_string(),
        event,
        trigger,
        source: Vec::new(),
        target: Vec::new(),
        reciprocal: false,
        modality: Modality::Asserted,
        attributed_to: None,
        date: date.value,
        date_precision: date.precision,
        date_text: date.text,
        location: None,
        size: None,
        background: date.past_period,
        confidence: 0.0,
        rule: String::new(),
    }
}

/// The record with its content-derived id set.
pub(crate) fn with_id(mut record: EventRecord) -> EventRecord {
    record.id = record.compute_id();
    record
}

/// The first actor after a speech verb whose code differs from the speaker's, with its compound.
fn statement_target(s: &Sentence<'_>, t: &Trigger, source: &[usize]) -> Vec<usize> {
    let spoken = codes(s, source);
    s.actors
        .iter()
        .position(|a| a.first > t.head && !spoken.contains(&a.code))
        .map(|k| crate::arguments::compound(s, k))
        .unwrap_or_default()
}

/// "..., police said": whoever reports an event after it is not its target.
fn drop_reporting_speaker(
    s: &Sentence<'_>,
    t: &Trigger,
    speech: Option<&Speech>,
    args: &mut Arguments,
) {
    let Some(sp) = speech.filter(|sp| sp.say_head > t.head) else {
        return;
    };
    let speaker = sp.speaker.filter(|&k| s.actors[k].first > t.head);
    if let Some(speaker) = speaker.filter(|k| args.target.contains(k)) {
        args.target.retain(|&k| k != speaker);
        args.target_rule = "target: none (the actor after it reports the event)";
    }
}

impl Coder {
    pub fn new() -> Coder {
        Coder {
            kb: Kb::builtin(),
            lex: Lexicon::builtin(),
            book: Codebook::builtin(),
            analyzer: default_analyzer(),
        }
    }

    /// A coder over another knowledge base (the compiled-in tables plus extra actors, say).
    pub fn with_kb(kb: &'static Kb) -> Coder {
        Coder { kb, ..Coder::new() }
    }

    /// This coder without the parser.
    pub fn without_parsing(self) -> Coder {
        Coder {
            analyzer: None,
            ..self
        }
    }

    /// A coder that does not parse: tokens and positional rules only (faster, less accurate).
    pub fn without_parser() -> Coder {
        Coder::new().without_parsing()
    }

    /// True when sentences are parsed before coding.
    pub fn parses(&self) -> bool {
        self.analyzer.is_some()
    }

    /// The part of an article's text that is coded: all of it, or its first
    /// [`max_coded_chars`] characters. The second value is true when the text was cut.
    pub fn coded_part(body: &str) -> (&str, bool) {
        match body.char_indices().nth(max_coded_chars()) {
            Some((cut, _)) => (&body[..cut], true),
            None => (body, false),
        }
    }

    /// Codes every sentence of an article (or the one sentence of a `sentences` record), up to
    /// [`max_coded_chars`] characters.
    pub fn code_article(&self, article: &Article) -> Vec<EventRecord> {
        let mut ctx = ArticleContext::default();
        let mut out = Vec::new();
        let (body, _) = Coder::coded_part(&article.body);
        let spans: Vec<(usize, usize)> = if article.format == InputFormat::Sentences {
            vec![(0, body.chars().count())]
        } else {
            dyad_nlp::split_sentences(body)
                .iter()
                .map(|s| (s.start, s.end))
                .collect()
        };
        let chars: Vec<char> = body.chars().collect();
        for (index, (start, end)) in spans.into_iter().enumerate() {
            let end = end.min(start + MAX_SENTENCE_CHARS);
            let text: String = chars[start..end].iter().collect();
            out.extend(self.code_sentence(article, index, &text, &mut ctx));
        }
        // The same mention (same sentence, trigger, code and actors) is reported once.
        let mut seen = std::collections::HashSet::new();
        out.retain(|e| seen.insert(e.id.clone()));
        share_dates(&mut out);
        out
    }

    /// Codes one sentence in the context of its article.
    pub fn code_sentence(
        &self,
        article: &Article,
        index: usize,
        text: &str,
        ctx: &mut ArticleContext,
    ) -> Vec<EventRecord> {
        let published = article.published;
        let parse = self.analyzer.map(|a| a.parse(text));
        let mut s = Sentence::analyse(index, text, self.kb, self.lex, published, parse);
        let pronouns = ctx.resolve_pronouns(s.text, &s.tokens, &s.folded, &s.actors);
        if !pronouns.is_empty() {
            s.actors.extend(pronouns);
            s.actors.sort_by_key(|a| a.first);
        }
        let speeches = self.speeches(&s);
        let mut events = Vec::new();
        for t in &s.triggers {
            if self.is_speech(&s, t) || self.under_negative_verb(&s, t) {
                continue;
            }
            if let Some(e) = self.code_trigger(article, &s, t, &speeches) {
                events.push(e);
            }
        }
        crate::frames::drop_requested_acts(&s, self.lex, &mut events);
        self.mark_claimed_content(&s, &mut events);
        let demands = self.demands(article, &s, &mut events);
        events.extend(demands);
        let accusations = self.accusations(&s, &speeches, &mut events);
        events.extend(accusations);
        if events.is_empty() {
            events.extend(self.statement(article, &s, &speeches));
        }
        let events = keep_best_per_clause(&s, events);
        let speaker = speeches
            .iter()
            .find_map(|sp| sp.speaker)
            .map(|k| &s.actors[k]);
        ctx.update(&s.actors, speaker);
        events
    }

    /// "refused to release", "declined to meet": the refusal is the event (the negative verb's own
    /// code), not the act refused.
    fn under_negative_verb(&self, s: &Sentence<'_>, t: &Trigger) -> bool {
        s.triggers.iter().any(|n| {
            self.lex.entries[n.entry].flags.negative
                && n.last <= t.head
                && t.head - n.last <= 2
                && s.clause[n.head] == s.clause[t.head]
                && (n.last..t.head).all(|i| s.folded[i] == "to" || s.folded[i] == "not")
        })
    }

    pub(crate) fn is_speech(&self, s: &Sentence<'_>, t: &Trigger) -> bool {
        let entry = &self.lex.entries[t.entry];
        t.kind == TriggerKind::Verb
            && (entry.flags.say
                || (entry.code.starts_with("01") && is_in(&s.folded[t.head], SPEECH_VERBS)))
    }

    /// Speech frames: "X said (that) ...", "..., X said", "according to X".
    fn speeches(&self, s: &Sentence<'_>) -> Vec<Speech> {
        let n = s.tokens.len();
        let mut out = Vec::new();
        for i in 0..n {
            let w = s.folded[i].as_str();
            let according = w == "according" && s.folded.get(i + 1).is_some_and(|x| x == "to");
            // "the report", "a claim"; "States" in "the United States" is a name, not a verb.
            if !(is_in(w, SPEECH_VERBS) || according)
                || (i > 0 && is_in(&s.folded[i - 1], &["the", "a"]))
                || s.actors.iter().any(|a| a.first <= i && i < a.last)
            {
                continue;
            }
            let left = s.actors.iter().rposition(|a| {
                a.last <= i && i - a.last <= 6 && !s.in_pp(a) && s.clause[a.first] == s.clause[i]
            });
            let right = s
                .actors
                .iter()
                .position(|a| a.first > i && a.first - i <= 3);
            let speaker = if according { right } else { left.or(right) };
            let content_after = n - i > i || s.folded.get(i + 1).is_some_and(|x| x == "that");
            let content = if content_after {
                (i + 1, n)
            } else {
                (0, speaker.map(|k| s.actors[k].first).unwrap_or(i))
            };
            out.push(Speech {
                speaker,
                say_head: i,
                content,
                claim: is_in(w, CLAIM_VERBS),
            });
        }
        out
    }

    pub(crate) fn code_trigger(
        &self,
        article: &Article,
        s: &Sentence<'_>,
        t: &Trigger,
        speeches: &[Speech],
    ) -> Option<EventRecord> {
        let entry = &self.lex.entries[t.entry];
        let mut args = find_arguments(s, t, self.lex);
        let speech = speeches
            .iter()
            .find(|sp| sp.content.0 <= t.head && t.head < sp.content.1 && sp.say_head != t.head);
        drop_reporting_speaker(s, t, speech, &mut args);
        if entry.flags.recip {
            split_compound(&mut args);
        }
        let passive = t.kind == TriggerKind::Verb && s.is_passive(t);
        // "A roadside bomb killed two soldiers": violence against a named victim is an event
        // even when no perpetrator is named.
        let unnamed_attacker = args.source.is_empty()
            && !args.target.is_empty()
            && matches!(entry.code.get(..2), Some("18" | "19" | "20"));
        if !self.has_known_actor(s, &args)
            || (entry.flags.recip && (args.source.is_empty() || args.target.is_empty()))
            || (args.source.is_empty() && !passive && !unnamed_attacker)
        {
            return None;
        }
        let of_itself = codes(s, &args.source) == codes(s, &args.target);
        // Speech and other public statements (CAMEO 01: "denied the charges by Ivory Coast").
        let statement = self.is_speech(s, t) || entry.code.starts_with("01");
        if of_itself && !statement {
            return None;
        }
        // "Uganda said it had paid compensation to British nationals": a speaker who speaks of
        // itself, or of nobody named, speaks about the next other actor.
        if statement && (of_itself || args.target.is_empty()) {
            args.target = statement_target(s, t, &args.source);
            args.target_rule = "target: the first other actor in what the speaker says";
        }
        let (mut modality, modality_rule) = modality_of(s, t, speech.is_some());
        let mut rule_parts = vec![format!(
            "{} '{}'{} → {} ({})",
            if t.kind == TriggerKind::Verb {
                "verb"
            } else {
                "event noun"
            },
            entry.pattern(),
            t.found.explain(),
            entry.code,
            entry.source
        )];
        let mut attributed = speech
            .and_then(|sp| sp.speaker)
            .map(|k| actor_ref(&s.actors[k]));
        if let Some(accuser) = self.accusation_frame(s, t) {
            modality = Modality::Claimed;
            attributed = Some(actor_ref(&s.actors[accuser]));
            rule_parts.push("content of an accusation: claimed".into());
        }
        let mut code = entry.code.clone();
        if let Some((verb, new_code)) = crate::frames::undone_by(s, t, &code) {
            rule_parts.push(format!(
                "object of '{verb}': undoing it is yielding: {code} → {new_code}"
            ));
            code = new_code.to_string();
        }
        if let Some((new_code, why)) = recode(&code, modality) {
            rule_parts.push(format!("{why}: {code} → {new_code}"));
            code = new_code.to_string();
        }
        let event_type = self.lookup(&code)?;
        if unnamed_attacker && !passive {
            rule_parts.push("source: none named (violence against a named target)".into());
        }
        rule_parts.push(args.source_rule.to_string());
        rule_parts.push(args.target_rule.to_string());
        if !modality_rule.is_empty() {
            rule_parts.push(format!("modality {}: {modality_rule}", modality.as_str()));
        }
        let date = self.dated(s, t, article.published, modality);
        let clause = s.clause[t.head];
        let size = size_in_clause(s, clause);
        let background = date.past_period || size.as_ref().is_some_and(|z| z.aggregate);
        if let Some(text) = &date.text {
            rule_parts.push(format!("date '{text}'"));
        }
        let location = self.location(s, t);
        let mut target: Vec<ActorRef> = args
            .target
            .iter()
            .map(|&k| actor_ref(&s.actors[k]))
            .collect();
        let generic = |a: &ActorRef| a.country.is_none() && a.code.len() <= 3;
        if event_type.root() == "15" && !target.is_empty() && target.iter().all(generic) {
            rule_parts.push("force posture: the deployed force is not the target".into());
            target.clear();
            let clause = s.clause[t.head];
            if let Some(a) = s
                .actors
                .iter()
                .find(|a| a.first > t.head && s.clause[a.first] == clause && a.country.is_some())
            {
                rule_parts.push("target: the country the force is aimed at".into());
                target.push(actor_ref(a));
            }
        }
        if event_type.root() == "01" && target.is_empty() {
            return None;
        }
        // Conflict, and acts done to a place ("lifted the curfew in Montenegro"), fall on the
        // country where they happen; meetings and statements merely take place there.
        let acts_on_place = event_type.quad >= 3 || matches!(event_type.root(), "07" | "08");
        if target.is_empty() && acts_on_place {
            if let Some(actor) = location
                .as_ref()
                .and_then(|l| self.place_actor(l, &args, s))
            {
                rule_parts.push("target: country of the place where it happened".into());
                target.push(actor);
            }
        }
        if args.source.is_empty() && target.is_empty() {
            // "she had been deployed": once the deployed force is no target, nobody is left.
            return None;
        }
        let mut source: Vec<ActorRef> = args
            .source
            .iter()
            .map(|&k| actor_ref(&s.actors[k]))
            .collect();
        // "was arrested in Lebanon": arrests and expulsions are the acts of the authorities of
        // the country where they happen.
        let implied =
            (source.is_empty() && passive && matches!(code.get(..3), Some("173" | "174")))
                .then(|| {
                    location
                        .as_ref()
                        .and_then(|l| self.place_actor(l, &args, s))
                })
                .flatten()
                .filter(|a| !target.iter().any(|t| t.code == a.code));
        if let Some(actor) = &implied {
            rule_parts.push("source: the country where the arrest or expulsion happened".into());
            source.push(actor.clone());
        }
        let confidence = confidence(
            &args,
            implied.is_some(),
            t,
            crate::syntax::embedding(s, t.head),
        );
        let trigger = span(s, t.head, t.last);
        Some(with_id(EventRecord {
            source,
            target,
            reciprocal: entry.flags.recip,
            modality,
            attributed_to: attributed,
            location,
            size,
            background,
            confidence,
            rule: rule_parts
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
            ..sentence_record(article, s, event_type.to_event_code(), trigger, date)
        }))
    }

    /// A material or verbal conflict with no named target acts on the country where it happens
    /// ("seized an oil tanker off Venezuelan coast"), unless that is the source's own country.
    fn place_actor(&self, l: &Location, args: &Arguments, s: &Sentence<'_>) -> Option<ActorRef> {
        let country = l.country.clone()?;
        if args
            .source
            .iter()
            .any(|&k| s.actors[k].country.as_deref() == Some(country.as_str()))
        {
            return None;
        }
        let cameo = self
            .kb
            .country(&country)
            .map(|c| c.cameo.clone())
            .unwrap_or_else(|| country.clone());
        let start = s.text.chars().collect::<Vec<_>>();
        let at = find_chars(&start, &l.text);
        Some(ActorRef {
            text: l.text.clone(),
            start: at.unwrap_or(0),
            end: at.map(|a| a + l.text.chars().count()).unwrap_or(0),
            code: cameo,
            country: Some(country),
            sector: None,
            name: Some(l.name.clone()),
        })
    }

    fn has_known_actor(&self, s: &Sentence<'_>, args: &Arguments) -> bool {
        args.source.iter().chain(&args.target).any(|&k| {
            let a = &s.actors[k];
            a.country.is_some() || a.code.len() > 3 || a.sector.is_some()
        })
    }

    /// The accuser when the trigger is inside "accused X of <...>".
    fn accusation_frame(&self, s: &Sentence<'_>, t: &Trigger) -> Option<usize> {
        let accuse = s.triggers.iter().find(|o| {
            o.head < t.head
                && s.clause[o.head] == s.clause[t.head]
                && self.lex.entries[o.entry].code.starts_with("11")
        })?;
        let has_of = (accuse.last..t.head).any(|i| s.folded[i] == "of");
        if !has_of {
            return None;
        }
        let args = find_arguments(s, accuse, self.lex);
        args.source.first().copied()
    }

    pub(crate) fn lookup(&self, code: &str) -> Option<&dyad_core::EventType> {
        let mut code = code.to_string();
        while code.len() >= 2 {
            if let Some(t) = self.book.get(&code) {
                return Some(t);
            }
            code.pop();
        }
        None
    }

    /// The event's date as stored: the date expression nearest the trigger, resolved against
    /// the publication date, else the publication day itself (with no `date_text`).
    pub(crate) fn dated(
        &self,
        s: &Sentence<'_>,
        t: &Trigger,
        published: Option<NaiveDate>,
        modality: Modality,
    ) -> EventDate {
        let mention = self.event_date(s, t, published, modality);
        let text = mention
            .as_ref()
            .map(|d| span(s, with_preposition(s, d.first), d.last).text);
        let (value, precision) = match (&mention, published) {
            (Some(d), _) => (Some(d.date.to_iso()), Some(d.date.precision)),
            (None, Some(p)) => (
                Some(PartialDate::day(p).to_iso()),
                Some(dyad_core::DatePrecision::Day),
            ),
            (None, None) => (None, None),
        };
        EventDate {
            value,
            precision,
            text,
            past_period: mention.is_some_and(|d| d.past_period),
        }
    }

    fn event_date(
        &self,
        s: &Sentence<'_>,
        t: &Trigger,
        published: Option<NaiveDate>,
        modality: Modality,
    ) -> Option<DateMention> {
        let published = published?;
        let caps: Vec<bool> = s
            .tokens
            .iter()
            .map(|t| t.text.chars().next().is_some_and(char::is_uppercase))
            .collect();
        let dates = find_dates(&s.folded, &caps, published, modality == Modality::Future);
        let clause = s.clause[t.head];
        let distance = |d: &DateMention| d.first.abs_diff(t.head);
        dates
            .iter()
            .filter(|d| s.clause[d.first] == clause)
            .min_by_key(|d| distance(d))
            .or_else(|| dates.iter().min_by_key(|d| distance(d)))
            .cloned()
    }

    /// Where the event happened: a place after a locative preposition in the trigger's clause.
    fn location(&self, s: &Sentence<'_>, t: &Trigger) -> Option<Location> {
        let clause = s.clause[t.head];
        let (_, end) = s.clause_range(clause);
        for i in t.head..end {
            if !is_in(&s.folded[i], PLACE_PREPS) {
                continue;
            }
            let at = |k: usize| k > i && k <= i + 2;
            if let Some(p) = s.places.iter().find(|p| at(p.first)) {
                return Some(Location {
                    text: p.text.clone(),
                    name: p.name.clone(),
                    country: p.country.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    precision: p.precision.clone(),
                });
            }
            if let Some(a) = s.actors.iter().find(|a| at(a.first) && a.country.is_some()) {
                let coastal = s
                    .folded
                    .get(a.last)
                    .is_some_and(|w| ["coast", "waters", "border", "shores"].contains(&w.as_str()));
                if coastal {
                    let country = a.country.as_deref().and_then(|c| self.kb.country(c));
                    return Some(Location {
                        text: span(s, a.first, a.last + 1).text,
                        name: country.map(|c| c.name.clone()).unwrap_or_default(),
                        country: a.country.clone(),
                        lat: country.and_then(|c| c.lat),
                        lon: country.and_then(|c| c.lon),
                        precision: "country".into(),
                    });
                }
            }
        }
        None
    }
}

/// A symmetric event whose parties are one compound ("Russia and Iran signed a deal", "talks
/// between Israel and Hamas"): the first party is the source, the others the target.
fn split_compound(args: &mut Arguments) {
    if args.target.is_empty() && args.source.len() >= 2 {
        args.target = args.source.split_off(1);
        args.target_rule = "reciprocal: the other members of the compound subject";
    } else if args.source.is_empty() && args.target.len() >= 2 {
        args.source = vec![args.target.remove(0)];
        args.source_rule = "reciprocal: the first of the compound parties";
    }
}

/// An undated report takes the date of another report of the same event in the article (same
/// code and the same source and target countries): "The U.S. seized a tanker" and "The U.S.
/// military seized a Venezuelan oil tanker on Wednesday" both happened on Wednesday.
fn share_dates(events: &mut [EventRecord]) {
    let dated: Vec<EventRecord> = events
        .iter()
        .filter(|e| e.date_text.is_some())
        .cloned()
        .collect();
    for e in events.iter_mut().filter(|e| e.date_text.is_none()) {
        if let Some(other) = dated.iter().find(|d| same_event_key(d, e)) {
            e.date = other.date.clone();
            e.date_precision = other.date_precision;
            e.date_text = other.date_text.clone();
            e.rule.push_str(&format!(
                "; date from another report of the same event (sentence {})",
                other.sentence
            ));
        }
    }
}

/// Same CAMEO code and the same source and target countries.
fn same_event_key(a: &EventRecord, b: &EventRecord) -> bool {
    fn countries(actors: &[ActorRef]) -> Vec<Option<&str>> {
        let mut c: Vec<Option<&str>> = actors.iter().map(|a| a.country.as_deref()).collect();
        c.sort();
        c
    }
    a.event.cameo == b.event.cameo
        && countries(&a.source) == countries(&b.source)
        && countries(&a.target) == countries(&b.target)
}

/// Includes the preposition before a date expression ("on Wednesday", "in May").
fn with_preposition(s: &Sentence<'_>, first: usize) -> usize {
    if first > 0 && ["on", "in", "since", "until", "by"].contains(&s.folded[first - 1].as_str()) {
        first - 1
    } else {
        first
    }
}

/// Code-point index of `needle` in `haystack`.
fn find_chars(haystack: &[char], needle: &str) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len()).find(|&i| haystack[i..i + needle.len()] == needle[..])
}

fn codes(s: &Sentence<'_>, actors: &[usize]) -> Vec<String> {
    actors.iter().map(|&k| s.actors[k].code.clone()).collect()
}

/// How sure the coder is of an event: named actors (an implied source counts less), a verb rather
/// than a noun, and a trigger in the main clause rather than embedded below it (`depth` steps).
fn confidence(args: &Arguments, implied_source: bool, t: &Trigger, depth: usize) -> f32 {
    let mut c = 0.4 - 0.02 * depth.min(5) as f32;
    if !args.source.is_empty() {
        c += if args.implicit_source { 0.1 } else { 0.25 };
    } else if implied_source {
        c += 0.1;
    }
    if !args.target.is_empty() {
        c += 0.25;
    }
    if t.kind == TriggerKind::Verb {
        c += 0.1;
    }
    (c * 100.0_f32).round() / 100.0
}

pub(crate) fn actor_ref(a: &ActorMention) -> ActorRef {
    ActorRef {
        text: a.text.clone(),
        start: a.start,
        end: a.end,
        code: a.code.clone(),
        country: a.country.clone(),
        sector: a.sector.clone(),
        name: a.name.clone(),
    }
}

pub(crate) fn span(s: &Sentence<'_>, first: usize, last: usize) -> TextSpan {
    let last = last.max(first + 1).min(s.tokens.len());
    TextSpan {
        text: dyad_kb::span_text(s.text, &s.tokens, first, last),
        start: s.tokens[first].start,
        end: s.tokens[last - 1].end,
    }
}

/// One event per clause and CAMEO root: the one with the most arguments (then the earliest).
/// The token an event's trigger starts at.
pub(crate) fn trigger_token(s: &Sentence<'_>, e: &EventRecord) -> Option<usize> {
    s.tokens.iter().position(|t| t.start == e.trigger.start)
}

fn keep_best_per_clause(s: &Sentence<'_>, events: Vec<EventRecord>) -> Vec<EventRecord> {
    let key = |e: &EventRecord| {
        let token = trigger_token(s, e).unwrap_or(0);
        (s.clause[token], e.event.root.clone())
    };
    let score =
        |e: &EventRecord| usize::from(!e.source.is_empty()) * 2 + usize::from(!e.target.is_empty());
    let mut kept: Vec<EventRecord> = Vec::new();
    for e in events {
        match kept
            .iter_mut()
            .find(|k| key(k) == key(&e) && k.trigger.start != e.trigger.start)
        {
            Some(k) if score(&e) > score(k) => *k = e,
            Some(_) => {}
            None => kept.push(e),
        }
    }
    kept
}
