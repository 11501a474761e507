//! The knowledge records: countries, people with dated offices, organisations, agents, places.

use chrono::NaiveDate;

/// A country or territory.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub iso3: String,
    pub iso2: String,
    /// CAMEO country code (usually the ISO alpha-3 code).
    pub cameo: String,
    /// FIPS 10-4 code, as GDELT uses for geography.
    pub fips: String,
    pub name: String,
    pub capital: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub capital_lat: Option<f64>,
    pub capital_lon: Option<f64>,
}

/// One office held by a person, with its dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub country: String,
    /// `head_of_state`, `head_of_government`, `foreign_minister`, ...
    pub role: String,
    pub title: String,
    pub start: Option<NaiveDate>,
    /// `None` while in office.
    pub end: Option<NaiveDate>,
    /// CAMEO actor code while in office, e.g. `VENGOV`.
    pub code: String,
}

impl Term {
    /// True when `date` falls within the term (ends are exclusive: a successor starts that day).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date < e)
    }
}

/// A named person with their offices.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    pub terms: Vec<Term>,
}

/// An organisation or group with a fixed code (IGOs, NGOs, armed groups, institutions).
#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    pub code: String,
    pub name: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// A named place that is not a country: a sea, ocean or region.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// `sea`, `region`, `city`, ...
    pub precision: String,
}

/// What a matched phrase can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// A country's name ("Venezuela"); index into countries.
    Country(usize),
    /// A country adjective ("Venezuelan", "U.S.").
    CountryAdj(usize),
    /// A country's people ("Venezuelans").
    People(usize),
    /// A capital standing for its government ("Caracas").
    Capital(usize),
    /// A person; index into persons.
    Person(usize),
    /// An organisation or institution; index into orgs.
    Org(usize),
    /// A generic agent word ("troops", "president"); index into agent sectors.
    Agent(usize),
    /// A named sea or region; index into places.
    Place(usize),
}

impl Sense {
    /// Proper names must be capitalised in the text; agent words need not be.
    pub fn is_proper(&self) -> bool {
        !matches!(self, Sense::Agent(_))
    }
}
