//! The knowledge base: tables compiled in, indexed by folded token sequences.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::fold::fold;
use crate::model::{Country, Org, Person, Place, Sense, Term};
use crate::table::{rows, Row, TableError};

const COUNTRIES: &str = include_str!("../../../data/kb/countries.tsv");
const LEADERS: &str = include_str!("../../../data/kb/leaders.tsv");
const METONYMS: &str = include_str!("../../../data/kb/metonyms.tsv");
const IGOS: &str = include_str!("../../../data/kb/igos.tsv");
const GROUPS: &str = include_str!("../../../data/kb/groups.tsv");
const AGENTS: &str = include_str!("../../../data/kb/agents.tsv");
const PLACES: &str = include_str!("../../../data/geo/places.tsv");

/// Countries, people, organisations, agents and places, with a phrase index over their names.
#[derive(Debug, Default)]
pub struct Kb {
    pub countries: Vec<Country>,
    pub persons: Vec<Person>,
    pub orgs: Vec<Org>,
    /// Sector code of each agent entry.
    pub agents: Vec<String>,
    pub places: Vec<Place>,
    index: HashMap<Vec<String>, Vec<Sense>>,
    by_iso3: HashMap<String, usize>,
    longest: usize,
}

impl Kb {
    /// The compiled-in knowledge base, built once.
    pub fn builtin() -> &'static Kb {
        static KB: OnceLock<Kb> = OnceLock::new();
        KB.get_or_init(|| Kb::build_builtin().expect("compiled-in knowledge tables are valid"))
    }

    /// The compiled-in tables plus extra named actors (code, names), built anew: for gold sets
    /// about made-up actors, such as the PETRARCH validation suites. The first three letters of
    /// a code stand for the actor's country, known to the tables or not ("GON" for Gondor).
    pub fn builtin_with(extra: &[(String, Vec<String>)]) -> Result<Kb, TableError> {
        let mut kb = Kb::build_builtin()?;
        for (code, names) in extra {
            let org = Org {
                name: names.first().cloned().unwrap_or_else(|| code.clone()),
                country: country_of_code(code, &kb).or_else(|| code.get(..3).map(str::to_string)),
                sector: None,
                start: None,
                end: None,
                code: code.clone(),
            };
            kb.add_org(org, names.iter().map(String::as_str));
        }
        Ok(kb)
    }

    fn build_builtin() -> Result<Kb, TableError> {
        let mut kb = Kb::default();
        kb.load_countries(COUNTRIES)?;
        kb.load_leaders(LEADERS)?;
        kb.load_orgs("metonyms.tsv", METONYMS, "text")?;
        kb.load_orgs("igos.tsv", IGOS, "names")?;
        kb.load_orgs("groups.tsv", GROUPS, "names")?;
        kb.load_agents(AGENTS);
        kb.load_places(PLACES)?;
        Ok(kb)
    }

    /// Longest known phrase starting at `tokens[i]`: its length in tokens and its senses.
    /// `tokens` must already be folded with [`fold`]; `capitalised` says which tokens are
    /// capitalised in the text (proper names only match capitalised text).
    pub fn match_at(
        &self,
        folded: &[String],
        capitalised: &[bool],
        i: usize,
    ) -> Option<(usize, Vec<Sense>)> {
        let max = self.longest.min(folded.len().saturating_sub(i));
        (1..=max).rev().find_map(|len| {
            let senses = self.index.get(&folded[i..i + len])?;
            let kept: Vec<Sense> = senses
                .iter()
                .copied()
                .filter(|s| !s.is_proper() || name_starts(folded, capitalised, i, len))
                .collect();
            (!kept.is_empty()).then_some((len, kept))
        })
    }

    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.by_iso3.get(iso3).map(|&i| &self.countries[i])
    }

    /// The term a person holds on `date` (the latest term when the date is unknown).
    pub fn term_on<'a>(&self, person: &'a Person, date: Option<NaiveDate>) -> Option<&'a Term> {
        match date {
            Some(d) => person.terms.iter().find(|t| t.covers(d)),
            None => person.terms.iter().max_by_key(|t| t.start),
        }
    }

    /// Who was head of state (else head of government) of a country on a date.
    pub fn leader_of(&self, iso3: &str, date: Option<NaiveDate>) -> Option<&Person> {
        let holds = |p: &&Person, role: &str| {
            p.terms.iter().any(|t| {
                t.country == iso3
                    && t.role == role
                    && date.is_none_or(|d| t.covers(d))
                    && (date.is_some() || t.end.is_none())
            })
        };
        self.persons
            .iter()
            .find(|p| holds(p, "head_of_state"))
            .or_else(|| self.persons.iter().find(|p| holds(p, "head_of_government")))
    }

    fn add_name(&mut self, name: &str, sense: Sense) {
        let key: Vec<String> = dyad_nlp::tokenize(name)
            .iter()
            .map(|t| fold(&t.text))
            .collect();
        if key.is_empty() {
            return;
        }
        self.longest = self.longest.max(key.len());
        let senses = self.index.entry(key).or_default();
        if !senses.contains(&sense) {
            senses.push(sense);
        }
    }

    fn load_countries(&mut self, tsv: &str) -> Result<(), TableError> {
        for row in rows(tsv) {
            let iso3 = row.get("iso3").to_string();
            if iso3.len() != 3 {
                return Err(bad("countries.tsv", &row, "iso3 must have 3 letters"));
            }
            let index = self.countries.len();
            let capital = row.opt("capital");
            self.countries.push(Country {
                cameo: row.opt("cameo").unwrap_or_else(|| iso3.clone()),
                iso2: row.get("iso2").to_string(),
                fips: row.get("fips").to_string(),
                name: row.get("name").to_string(),
                capital: capital.clone(),
                lat: row.float("lat"),
                lon: row.float("lon"),
                capital_lat: row.float("capital_lat"),
                capital_lon: row.float("capital_lon"),
                iso3: iso3.clone(),
            });
            self.by_iso3.insert(iso3, index);
            let name = row.get("name");
            for n in std::iter::once(name).chain(row.list("names")) {
                self.add_name(n, Sense::Country(index));
            }
            for adj in row.list("adjectives") {
                self.add_name(adj, Sense::CountryAdj(index));
            }
            for people in row.list("people") {
                self.add_name(people, Sense::People(index));
            }
            if let Some(capital) = capital {
                self.add_name(&capital, Sense::Capital(index));
            }
        }
        Ok(())
    }

    fn load_leaders(&mut self, tsv: &str) -> Result<(), TableError> {
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for row in rows(tsv) {
            let name = row.get("name").to_string();
            let term = Term {
                country: row.get("country").to_string(),
                role: row.get("role").to_string(),
                title: row.get("title").to_string(),
                start: row
                    .date("start")
                    .map_err(|e| bad("leaders.tsv", &row, &e))?,
                end: row.date("end").map_err(|e| bad("leaders.tsv", &row, &e))?,
                code: row.get("code").to_string(),
            };
            let index = *by_name.entry(name.clone()).or_insert_with(|| {
                self.persons.push(Person {
                    name: name.clone(),
                    terms: vec![],
                });
                self.persons.len() - 1
            });
            self.persons[index].terms.push(term);
            for alias in std::iter::once(name.as_str()).chain(row.list("aliases")) {
                self.add_name(alias, Sense::Person(index));
            }
        }
        Ok(())
    }

    fn load_orgs(&mut self, table: &str, tsv: &str, names_column: &str) -> Result<(), TableError> {
        for row in rows(tsv) {
            let names = row.list(names_column);
            let Some(first) = names.first() else {
                return Err(bad(table, &row, "no name"));
            };
            let code = row.get("code").to_string();
            let org = Org {
                name: first.to_string(),
                country: row.opt("country").or_else(|| country_of_code(&code, self)),
                sector: row.opt("sector"),
                start: row.date("start").map_err(|e| bad(table, &row, &e))?,
                end: row.date("end").map_err(|e| bad(table, &row, &e))?,
                code,
            };
            self.add_org(org, names.iter().copied());
        }
        Ok(())
    }

    /// Adds an organisation and indexes its names.
    fn add_org<'n>(&mut self, org: Org, names: impl IntoIterator<Item = &'n str>) {
        let index = self.orgs.len();
        self.orgs.push(org);
        for name in names {
            self.add_name(name, Sense::Org(index));
        }
    }

    fn load_agents(&mut self, tsv: &str) {
        for row in rows(tsv) {
            let term = row.get("term");
            let sector = row.get("sector");
            if term.is_empty() || sector.is_empty() {
                continue;
            }
            let index = self.agents.len();
            self.agents.push(sector.to_string());
            self.add_name(term, Sense::Agent(index));
            self.add_name(&plural(term), Sense::Agent(index));
        }
    }

    fn load_places(&mut self, tsv: &str) -> Result<(), TableError> {
        for row in rows(tsv) {
            let (Some(lat), Some(lon)) = (row.float("lat"), row.float("lon")) else {
                return Err(bad("places.tsv", &row, "lat/lon must be numbers"));
            };
            let index = self.places.len();
            let names = row.list("names");
            self.places.push(Place {
                name: names.first().copied().unwrap_or_default().to_string(),
                country: row.opt("country"),
                lat,
                lon,
                precision: row.get("precision").to_string(),
            });
            for name in names {
                self.add_name(name, Sense::Place(index));
            }
        }
        Ok(())
    }
}

fn bad(table: &str, row: &Row<'_>, reason: &str) -> TableError {
    TableError {
        table: table.to_string(),
        line: row.line,
        reason: reason.to_string(),
    }
}

/// A proper name may start at token `i` of a `len`-token phrase: the token is capitalised, or it
/// is a lower-case particle before a capitalised word ("al Qaeda", "al-Qaeda" split at its
/// hyphen, "de Klerk", "bin Salman").
fn name_starts(folded: &[String], capitalised: &[bool], i: usize, len: usize) -> bool {
    const PARTICLES: &[&str] = &[
        "al", "el", "bin", "ibn", "de", "van", "von", "da", "di", "du",
    ];
    let after_particle = if folded.get(i + 1).is_some_and(|t| t == "-") {
        i + 2
    } else {
        i + 1
    };
    capitalised[i]
        || (after_particle < i + len
            && PARTICLES.contains(&folded[i].as_str())
            && capitalised[after_particle])
}

/// `VENGOV` → `VEN` when the first three letters are a known country.
fn country_of_code(code: &str, kb: &Kb) -> Option<String> {
    let prefix = code.get(..3)?;
    kb.by_iso3.contains_key(prefix).then(|| prefix.to_string())
}

/// Regular English plural of the last word of an agent term.
pub(crate) fn plural(term: &str) -> String {
    const UNCOUNTABLE: &[&str] = &[
        "police",
        "people",
        "military",
        "personnel",
        "staff",
        "media",
    ];
    if term.ends_with('s') || UNCOUNTABLE.iter().any(|u| term.ends_with(u)) {
        return term.to_string();
    }
    if let Some(stem) = term.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if term.ends_with("sh") || term.ends_with("ch") || term.ends_with('x') {
        return format!("{term}es");
    }
    if let Some(stem) = term.strip_suffix("man") {
        return format!("{stem}men");
    }
    format!("{term}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural("soldier"), "soldiers");
        assert_eq!(plural("militia"), "militias");
        assert_eq!(plural("spokesman"), "spokesmen");
        assert_eq!(plural("party"), "parties");
        assert_eq!(plural("police"), "police");
        assert_eq!(plural("forces"), "forces");
    }
}
