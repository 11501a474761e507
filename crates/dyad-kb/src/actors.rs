//! Finding actor mentions in a tokenised sentence and resolving them to CAMEO codes as of a date.
//!
//! A mention is a run of known pieces: a country or its adjective, a possessive `'s`, up to two
//! modifiers ("leftist"), agent words ("military", "foreign minister") and a person's name:
//! "U.S. President Donald Trump", "Venezuela's leftist leader", "the Russian Defence Ministry".
//! People resolve through their dated terms: on 2025-12-11 "Maduro" is `VENGOV`; outside any
//! term a known politician is coded as an elite of their country (`VENELI`).

use chrono::NaiveDate;
use dyad_nlp::Token;

use crate::fold::fold;
use crate::kb::Kb;
use crate::model::Sense;

/// One actor mention, with token and code-point spans.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMention {
    /// Token range `[first, last)`.
    pub first: usize,
    pub last: usize,
    /// Code-point span in the sentence.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub code: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub name: Option<String>,
    /// True for a named or described person ("Putin", "the Russian leader"): pronouns may refer to it.
    pub is_person: bool,
    /// True when the mention was a pronoun resolved from context.
    pub from_pronoun: bool,
}

/// A named place found in the sentence ("the Caribbean Sea", "Venezuela").
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    pub first: usize,
    pub last: usize,
    pub text: String,
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: String,
}

/// Agent words that name a country's leader, and the role they refer to.
const LEADER_WORDS: &[(&str, &str)] = &[
    ("leader", "head_of_state"),
    ("president", "head_of_state"),
    ("head of state", "head_of_state"),
    ("prime minister", "head_of_government"),
    ("premier", "head_of_government"),
    ("chancellor", "head_of_government"),
];

/// What the pieces of one mention said.
#[derive(Default)]
struct Pieces {
    country: Option<usize>,
    person: Option<usize>,
    org: Option<usize>,
    agent: Option<usize>,
    agent_text: String,
    capital: bool,
    people: bool,
    /// Token range of a name the knowledge base does not know, after a title
    /// ("Bulgarian President Todor Zhivkov").
    unknown_name: Option<(usize, usize)>,
    /// A leader's name followed by a word for their government ("the Maduro government").
    leaders_government: bool,
}

/// Words that are capitalised but never part of a person's name (besides day and month names).
const NOT_NAMES: &[&str] = &["i", "the", "and", "of", "in", "on", "at", "a"];

/// How many capitalised tokens (at most four) after a title form an unknown name.
fn unknown_name_after(folded: &[String], caps: &[bool], j: usize) -> usize {
    (0..4)
        .take_while(|&k| {
            let i = j + k;
            i < folded.len()
                && caps[i]
                && folded[i]
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '.')
                && !NOT_NAMES.contains(&folded[i].as_str())
                && !dyad_core::DAY_AND_MONTH_NAMES.contains(&folded[i].as_str())
        })
        .count()
}

/// Finds actor mentions (left to right, non-overlapping) in one sentence's tokens.
pub struct ActorFinder<'k> {
    kb: &'k Kb,
    /// Tells verbs apart from modifiers, so "Russia deployed troops" is not one actor.
    is_verb: &'k dyn Fn(&str) -> bool,
}

fn never(_: &str) -> bool {
    false
}

impl<'k> ActorFinder<'k> {
    pub fn new(kb: &'k Kb) -> Self {
        ActorFinder {
            kb,
            is_verb: &never,
        }
    }

    /// Uses `is_verb` (given a folded token) to refuse verbs as modifiers inside a mention.
    pub fn with_verb_test(kb: &'k Kb, is_verb: &'k dyn Fn(&str) -> bool) -> Self {
        ActorFinder { kb, is_verb }
    }

    /// All actor mentions in the sentence, resolved as of `date`.
    pub fn find(&self, text: &str, tokens: &[Token], date: Option<NaiveDate>) -> Vec<ActorMention> {
        let folded: Vec<String> = tokens.iter().map(|t| fold(&t.text)).collect();
        let caps: Vec<bool> = tokens.iter().map(|t| is_capitalised(&t.text)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.phrase_at(&folded, &caps, i) {
                Some((last, pieces)) => {
                    if let Some(m) = self.resolve(text, tokens, i, last, &pieces, date) {
                        out.push(m);
                    }
                    i = last;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Named places (seas, regions, countries, capitals) in the sentence.
    pub fn places(&self, text: &str, tokens: &[Token]) -> Vec<PlaceMention> {
        let folded: Vec<String> = tokens.iter().map(|t| fold(&t.text)).collect();
        let caps: Vec<bool> = tokens.iter().map(|t| is_capitalised(&t.text)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let Some((len, senses)) = self.kb.match_at(&folded, &caps, i) else {
                i += 1;
                continue;
            };
            if let Some(place) = senses.iter().find_map(|s| self.place_of(*s)) {
                let (name, country, lat, lon, precision) = place;
                out.push(PlaceMention {
                    first: i,
                    last: i + len,
                    text: span_text(text, tokens, i, i + len),
                    name,
                    country,
                    lat,
                    lon,
                    precision,
                });
            }
            i += len;
        }
        out
    }

    #[allow(clippy::type_complexity)]
    fn place_of(
        &self,
        sense: Sense,
    ) -> Option<(String, Option<String>, Option<f64>, Option<f64>, String)> {
        match sense {
            Sense::Place(p) => {
                let p = &self.kb.places[p];
                Some((
                    p.name.clone(),
                    p.country.clone(),
                    Some(p.lat),
                    Some(p.lon),
                    p.precision.clone(),
                ))
            }
            Sense::Country(c) => {
                let c = &self.kb.countries[c];
                Some((
                    c.name.clone(),
                    Some(c.iso3.clone()),
                    c.lat,
                    c.lon,
                    "country".into(),
                ))
            }
            Sense::Capital(c) => {
                let c = &self.kb.countries[c];
                Some((
                    c.capital.clone().unwrap_or_default(),
                    Some(c.iso3.clone()),
                    c.capital_lat,
                    c.capital_lon,
                    "city".into(),
                ))
            }
            _ => None,
        }
    }

    /// Extends a phrase from token `i`; returns the end token and what its pieces said.
    fn phrase_at(&self, folded: &[String], caps: &[bool], i: usize) -> Option<(usize, Pieces)> {
        let mut pieces = Pieces::default();
        let mut j = i;
        let mut matched_any = false;
        loop {
            if let Some((len, senses)) = self.kb.match_at(folded, caps, j) {
                if !self.absorb(&mut pieces, &senses, &folded[j..j + len]) {
                    break;
                }
                matched_any = true;
                j += len;
                if folded.get(j).is_some_and(|t| t == "'s" || t == "'") {
                    j += 1;
                } else if pieces.country.is_some()
                    && folded.get(j).is_some_and(|t| t == "-")
                    && folded.get(j + 1).is_some_and(|t| t == "led")
                {
                    // "US-led forces", "Saudi-led coalition": the forces are the leader's.
                    j += 2;
                }
                continue;
            }
            if matched_any && self.modifiers_then_agent(folded, caps, j) > 0 {
                j += self.modifiers_then_agent(folded, caps, j);
                continue;
            }
            let sector = pieces.agent.map(|a| self.kb.agents[a].as_str());
            let linking = folded
                .get(j)
                .map(String::as_str)
                .is_some_and(|t| t == "of" || t == "from" || (t == "in" && sector != Some("MIL")));
            if matched_any
                && pieces.agent.is_some()
                && pieces.person.is_none()
                && pieces.country.is_none()
                && linking
            {
                let skip = usize::from(folded.get(j + 1).is_some_and(|t| t == "the"));
                if let Some((len, senses)) = self.kb.match_at(folded, caps, j + 1 + skip) {
                    // "opposition parties in Nepal", "fighters from Hamas": the agent's country or
                    // organisation comes after it.
                    match senses
                        .iter()
                        .find(|s| matches!(s, Sense::Country(_) | Sense::Org(_)))
                    {
                        Some(&Sense::Country(c)) => {
                            pieces.country = Some(c);
                            j += 1 + skip + len;
                        }
                        Some(&Sense::Org(o)) if pieces.org.is_none() => {
                            pieces.org = Some(o);
                            j += 1 + skip + len;
                        }
                        _ => {}
                    }
                }
            }
            break;
        }
        if matched_any && pieces.agent.is_some() && pieces.person.is_none() {
            let unknown = unknown_name_after(folded, caps, j);
            if unknown > 0 {
                pieces.unknown_name = Some((j, j + unknown));
                j += unknown;
            }
        }
        (matched_any && !only_place(&pieces)).then_some((j, pieces))
    }

    /// Counts modifier words (at most two, lower-case) followed by an agent word.
    fn modifiers_then_agent(&self, folded: &[String], caps: &[bool], j: usize) -> usize {
        const FUNCTION_WORDS: &[&str] = &[
            "and", "or", "but", "nor", "the", "a", "an", "of", "in", "on", "to", "for", "with",
            "by", "from", "at", "as", "than", "that", "which", "who", "whom", "whose", "when",
            "while", "if", "because",
        ];
        let not_modifier = |i: usize| {
            let m = folded[i].as_str();
            !m.chars().all(char::is_alphabetic)
                || caps[i]
                || (self.is_verb)(m)
                || FUNCTION_WORDS.contains(&m)
        };
        for skip in 1..=2 {
            if j + skip > folded.len() || (j..j + skip).any(not_modifier) {
                return 0;
            }
            if let Some((_, senses)) = self.kb.match_at(folded, caps, j + skip) {
                if senses.iter().any(|s| matches!(s, Sense::Agent(_))) {
                    return skip;
                }
            }
        }
        0
    }

    /// Adds a matched piece to the phrase; false when it cannot belong to the same actor.
    fn absorb(&self, p: &mut Pieces, senses: &[Sense], words: &[String]) -> bool {
        let sense = pick_sense(senses);
        match sense {
            Sense::Country(c) | Sense::CountryAdj(c) | Sense::Capital(c) | Sense::People(c) => {
                if p.country.is_some() || p.person.is_some() || p.agent.is_some() {
                    return false;
                }
                p.country = Some(c);
                p.capital = matches!(sense, Sense::Capital(_));
                p.people = matches!(sense, Sense::People(_));
            }
            Sense::Person(x) => {
                if p.person.is_some() {
                    return false;
                }
                p.person = Some(x);
            }
            Sense::Org(o) => {
                if p.org.is_some() || p.person.is_some() {
                    return false;
                }
                p.org = Some(o);
            }
            Sense::Agent(a) => {
                // "the Maduro government", "the Trump administration": a leader's name before a
                // word for their government names that government.
                let governs = words.len() == 1 && LEADER_COLLECTIVES.contains(&words[0].as_str());
                if p.person.is_some() && (!governs || p.agent.is_some()) {
                    return false;
                }
                p.leaders_government = p.person.is_some();
                p.agent = Some(a);
                if !p.agent_text.is_empty() {
                    p.agent_text.push(' ');
                }
                p.agent_text.push_str(&words.join(" "));
            }
            Sense::Place(_) => return false,
        }
        true
    }

    fn resolve(
        &self,
        text: &str,
        tokens: &[Token],
        first: usize,
        last: usize,
        p: &Pieces,
        date: Option<NaiveDate>,
    ) -> Option<ActorMention> {
        let kb = self.kb;
        let mut country = p.country.map(|c| kb.countries[c].iso3.clone());
        let mut sector = p.agent.map(|a| kb.agents[a].clone());
        let mut name = None;
        let mut is_person = false;
        let mut code = None;
        if let (Some(person), true) = (p.person.map(|x| &kb.persons[x]), p.leaders_government) {
            // The leader's government: their country (as of the date) and the agent's sector.
            let term = kb.term_on(person, date).or_else(|| person.terms.first());
            country = term.map(|t| t.country.clone()).or(country);
            name = Some(format!("{} {}", person.name, p.agent_text));
        } else if let Some(person) = p.person.map(|x| &kb.persons[x]) {
            is_person = true;
            name = Some(person.name.clone());
            match kb.term_on(person, date) {
                Some(term) => {
                    code = Some(term.code.clone());
                    country = Some(term.country.clone());
                    sector = Some(term.code.get(3..6).unwrap_or("GOV").to_string());
                }
                None => {
                    let home = person.terms.first().map(|t| t.country.clone());
                    country = country.or(home);
                    sector = Some("ELI".into());
                }
            }
        } else if let Some(org) = p.org.map(|o| &kb.orgs[o]) {
            code = Some(org.code.clone());
            let identity = org.country.is_none() && org.sector.is_none();
            if let (true, Some(home)) = (identity, country.as_ref().and_then(|c| kb.country(c))) {
                // A religious or ethnic group of one country: "Iraqi Kurds" IRQKUR.
                code = Some(format!("{}{}", home.cameo, org.code));
            }
            country = org.country.clone().or(country);
            sector = org.sector.clone().or(sector);
            name = Some(org.name.clone());
        } else if p.capital && sector.is_none() {
            sector = Some("GOV".into());
        } else if p.people && sector.is_none() {
            sector = Some("CVL".into());
        }
        if let Some((a, b)) = p.unknown_name {
            is_person = true;
            name = Some(span_text(text, tokens, a, b));
        } else if p.person.is_none() {
            if let Some((_, role)) = LEADER_WORDS.iter().find(|(w, _)| *w == p.agent_text) {
                is_person = true;
                if let Some(iso3) = &country {
                    name = leader_name(kb, iso3, role, date);
                }
            }
        }
        let country_code = country
            .as_ref()
            .and_then(|c| kb.country(c))
            .map(|c| c.cameo.clone());
        let code = code.unwrap_or_else(|| {
            format!(
                "{}{}",
                country_code.unwrap_or_default(),
                sector.clone().unwrap_or_default()
            )
        });
        if code.is_empty() {
            return None;
        }
        Some(ActorMention {
            first,
            last,
            start: tokens[first].start,
            end: tokens[last - 1].end,
            text: span_text(text, tokens, first, last),
            code,
            country,
            sector,
            name,
            is_person,
            from_pronoun: false,
        })
    }
}

fn leader_name(kb: &Kb, iso3: &str, role: &str, date: Option<NaiveDate>) -> Option<String> {
    kb.persons
        .iter()
        .find(|p| {
            p.terms
                .iter()
                .any(|t| t.country == iso3 && t.role == role && date.is_none_or(|d| t.covers(d)))
        })
        .map(|p| p.name.clone())
}

/// A phrase that is only a sea or region is a place, not an actor.
fn only_place(p: &Pieces) -> bool {
    p.country.is_none() && p.person.is_none() && p.org.is_none() && p.agent.is_none()
}

/// Words for a leader's government ("the Maduro government", "the Assad regime").
const LEADER_COLLECTIVES: &[&str] = &["government", "administration", "regime", "cabinet"];

/// Prefers the most specific reading of an ambiguous phrase.
fn pick_sense(senses: &[Sense]) -> Sense {
    let rank = |s: &Sense| match s {
        Sense::Org(_) => 0,
        Sense::Person(_) => 1,
        Sense::Country(_) => 2,
        Sense::CountryAdj(_) => 3,
        Sense::People(_) => 4,
        Sense::Capital(_) => 5,
        Sense::Agent(_) => 6,
        Sense::Place(_) => 7,
    };
    *senses.iter().min_by_key(|s| rank(s)).unwrap_or(&senses[0])
}

fn is_capitalised(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_uppercase)
}

/// The sentence text from the first token's start to the last token's end.
pub fn span_text(text: &str, tokens: &[Token], first: usize, last: usize) -> String {
    let start = tokens[first].start;
    let end = tokens[last - 1].end;
    text.chars().skip(start).take(end - start).collect()
}
