//! The GDELT 2.0 event table: 61 tab-separated columns per row, no header, in the order of the
//! GDELT Event Codebook V2.0. One row per directed dyad (see [`crate::dyads`]).

use std::io::Write;

use chrono::Datelike;
use dyad_core::{ActorRef, Event, PartialDate};

use crate::actor;
use crate::dyads::{counted_dyads, gdelt_id, Dyad};
use crate::fields::{clean, gdelt_date, gdelt_datetime};
use crate::fips;
use crate::gdelt_geo::geo_columns;
use crate::lines::Lines;
use crate::{EventSink, ExportError, ExportSummary};

/// The 61 column names of the GDELT 2.0 event table, in order.
pub const GDELT_EVENT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Writes the GDELT event table.
pub struct GdeltEventWriter<W: Write> {
    lines: Lines<W>,
}

impl<W: Write> GdeltEventWriter<W> {
    pub fn new(out: W) -> Self {
        GdeltEventWriter {
            lines: Lines::new(out),
        }
    }
}

impl<W: Write> EventSink for GdeltEventWriter<W> {
    fn event(&mut self, e: &Event) -> Result<(), ExportError> {
        for d in &counted_dyads(&e.record, &mut self.lines.summary) {
            self.lines.tab_row(&event_row(e, d)?)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<ExportSummary, ExportError> {
        self.lines.finish()
    }
}

/// The 61 fields of one directed dyad of an event.
pub(crate) fn event_row(e: &Event, d: &Dyad<'_>) -> Result<Vec<String>, ExportError> {
    let r = &e.record;
    let mut row = Vec::with_capacity(61);
    row.push(gdelt_id(e.id, d.k)?.to_string());
    row.extend(date_columns(gdelt_date(e)));
    row.extend(actor_columns(d.actor1));
    row.extend(actor_columns(d.actor2));
    row.push(if r.sentence == 0 { "1" } else { "0" }.into());
    row.push(r.event.cameo.clone());
    row.push(r.event.cameo.get(..3).unwrap_or(&r.event.cameo).to_string());
    row.push(r.event.root.clone());
    row.push(r.event.quad.to_string());
    row.push(r.event.goldstein.to_string());
    row.push(e.num_mentions.to_string());
    row.push(e.num_sources.to_string());
    row.push(e.num_articles.to_string());
    row.push(tone(e));
    row.extend(geo_columns(None));
    row.extend(geo_columns(None));
    row.extend(geo_columns(r.location.as_ref()));
    row.push(gdelt_datetime(&e.first_seen));
    let url = e.article.url.as_deref().or(r.url.as_deref()).unwrap_or("");
    row.push(clean(url).into_owned());
    Ok(row)
}

/// SQLDATE, MonthYear, Year, FractionDate. A month or year stands for its first day (GDELT has
/// no partial dates). FractionDate is `YYYY + ((month - 1) * 30 + day) / 365` to 4 places, as
/// in GDELT's published files (2019-01-25 → 2019.0685).
fn date_columns(d: Option<PartialDate>) -> [String; 4] {
    let Some(d) = d else {
        return Default::default();
    };
    let (y, m, day) = (d.date.year(), d.date.month(), d.date.day());
    let fraction = f64::from(y) + f64::from((m - 1) * 30 + day) / 365.0;
    [
        format!("{y:04}{m:02}{day:02}"),
        format!("{y:04}{m:02}"),
        format!("{y:04}"),
        format!("{fraction:.4}"),
    ]
}

/// Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code,
/// Type1Code, Type2Code, Type3Code. Ethnic and religion codes stay empty (dyad does not code
/// them). Name: the resolved name, else the country's name, else the words in the text, upper
/// case as in GDELT.
fn actor_columns(a: Option<&ActorRef>) -> [String; 10] {
    let Some(a) = a else {
        return Default::default();
    };
    let parts = actor::parts(a);
    let country_name = a.country.as_deref().and_then(fips::country).map(|c| c.name);
    let name = a
        .name
        .as_deref()
        .or(country_name.filter(|n| !n.is_empty()))
        .unwrap_or(&a.text);
    [
        clean(&a.code).into_owned(),
        clean(name).to_uppercase(),
        a.country.clone().unwrap_or_default(),
        parts.known_group.to_string(),
        String::new(),
        String::new(),
        String::new(),
        parts.types[0].to_string(),
        parts.types[1].to_string(),
        parts.types[2].to_string(),
    ]
}

/// AvgTone: the event's mean article tone, else its lead article's; empty when unknown.
fn tone(e: &Event) -> String {
    e.avg_tone
        .or(e.article.tone)
        .filter(|t| t.is_finite())
        .map(|t| t.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_date_matches_gdelt_files() {
        let d = crate::fields::parse_partial("2019-01-25");
        assert_eq!(date_columns(d), ["20190125", "201901", "2019", "2019.0685"]);
        let d = crate::fields::parse_partial("2025-12");
        assert_eq!(date_columns(d), ["20251201", "202512", "2025", "2025.9068"]);
        assert_eq!(date_columns(None), ["", "", "", ""]);
    }
}
