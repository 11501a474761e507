//! The flat event table shared by the CSV and Parquet exports: one row per event, one list of
//! columns, each a name, a type and a function of the event. CSV writes the values as text;
//! Parquet as typed Arrow arrays.

use chrono::{NaiveDate, NaiveDateTime};
use dyad_core::{ActorRef, DatePrecision, Event};

use crate::fields::{f32_to_f64, parse_partial, record_date, timestamp};

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    I64,
    U8,
    U32,
    U64,
    F64,
    Bool,
    Str,
    /// A calendar day (Arrow Date32).
    Date,
    /// A UTC time (Arrow Timestamp, microseconds).
    Time,
    /// Several strings (one per actor); CSV joins them with `;`.
    StrList,
}

/// One value of a column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    I64(Option<i64>),
    U8(Option<u8>),
    U32(Option<u32>),
    U64(Option<u64>),
    F64(Option<f64>),
    Bool(Option<bool>),
    Str(Option<&'a str>),
    Date(Option<NaiveDate>),
    Time(Option<NaiveDateTime>),
    StrList(Vec<Option<&'a str>>),
}

/// A column: its name, type, and how to read it from an event.
pub(crate) struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub get: for<'a> fn(&'a Event) -> Value<'a>,
}

const fn col(name: &'static str, kind: Kind, get: for<'a> fn(&'a Event) -> Value<'a>) -> Column {
    Column { name, kind, get }
}

use Kind as K;
use Value as V;

/// The columns, in order (documented in `docs/exports.md`).
pub(crate) const COLUMNS: &[Column] = &[
    col("event_id", K::I64, |e| V::I64(Some(e.id))),
    col("mention_id", K::Str, |e| V::Str(Some(&e.record.id))),
    col("date", K::Str, |e| V::Str(e.record.date.as_deref())),
    col("date_start", K::Date, |e| {
        V::Date(record_date(e).map(|d| d.date))
    }),
    col("date_precision", K::Str, |e| {
        V::Str(record_date(e).map(|d| precision(d.precision)))
    }),
    col("cameo", K::Str, |e| V::Str(Some(&e.record.event.cameo))),
    col("cameo_base", K::Str, |e| {
        V::Str(
            e.record
                .event
                .cameo
                .get(..3)
                .or(Some(&e.record.event.cameo)),
        )
    }),
    col("cameo_root", K::Str, |e| V::Str(Some(&e.record.event.root))),
    col("quad_class", K::U8, |e| V::U8(Some(e.record.event.quad))),
    col("goldstein", K::F64, |e| {
        V::F64(Some(f32_to_f64(e.record.event.goldstein)))
    }),
    col("plover", K::Str, |e| {
        V::Str(e.record.event.plover.as_deref())
    }),
    col("plover_mode", K::Str, |e| {
        V::Str(e.record.event.mode.as_deref())
    }),
    col("modality", K::Str, |e| {
        V::Str(Some(e.record.modality.as_str()))
    }),
    col("reciprocal", K::Bool, |e| {
        V::Bool(Some(e.record.reciprocal))
    }),
    col("background", K::Bool, |e| {
        V::Bool(Some(e.record.background))
    }),
    col("source_codes", K::StrList, |e| {
        list(&e.record.source, |a| Some(&a.code))
    }),
    col("source_names", K::StrList, |e| {
        list(&e.record.source, |a| a.name.as_deref())
    }),
    col("source_countries", K::StrList, |e| {
        list(&e.record.source, |a| a.country.as_deref())
    }),
    col("source_sectors", K::StrList, |e| {
        list(&e.record.source, |a| a.sector.as_deref())
    }),
    col("source_text", K::StrList, |e| {
        list(&e.record.source, |a| Some(&a.text))
    }),
    col("target_codes", K::StrList, |e| {
        list(&e.record.target, |a| Some(&a.code))
    }),
    col("target_names", K::StrList, |e| {
        list(&e.record.target, |a| a.name.as_deref())
    }),
    col("target_countries", K::StrList, |e| {
        list(&e.record.target, |a| a.country.as_deref())
    }),
    col("target_sectors", K::StrList, |e| {
        list(&e.record.target, |a| a.sector.as_deref())
    }),
    col("target_text", K::StrList, |e| {
        list(&e.record.target, |a| Some(&a.text))
    }),
    col("attributed_to", K::Str, |e| {
        V::Str(e.record.attributed_to.as_ref().map(|a| a.code.as_str()))
    }),
    col("place", K::Str, |e| {
        V::Str(e.record.location.as_ref().map(|l| l.name.as_str()))
    }),
    col("place_country", K::Str, |e| {
        V::Str(
            e.record
                .location
                .as_ref()
                .and_then(|l| l.country.as_deref()),
        )
    }),
    col("place_lat", K::F64, |e| {
        V::F64(e.record.location.as_ref().and_then(|l| l.lat))
    }),
    col("place_lon", K::F64, |e| {
        V::F64(e.record.location.as_ref().and_then(|l| l.lon))
    }),
    col("place_precision", K::Str, |e| {
        V::Str(e.record.location.as_ref().map(|l| l.precision.as_str()))
    }),
    col("killed", K::U64, |e| {
        V::U64(e.killed.or(e.record.size.as_ref().and_then(|s| s.killed)))
    }),
    col("injured", K::U64, |e| {
        V::U64(e.record.size.as_ref().and_then(|s| s.injured))
    }),
    col("arrested", K::U64, |e| {
        V::U64(e.record.size.as_ref().and_then(|s| s.arrested))
    }),
    col("size_aggregate", K::Bool, |e| {
        V::Bool(e.record.size.as_ref().map(|s| s.aggregate))
    }),
    col("num_mentions", K::U32, |e| V::U32(Some(e.num_mentions))),
    col("num_articles", K::U32, |e| V::U32(Some(e.num_articles))),
    col("num_sources", K::U32, |e| V::U32(Some(e.num_sources))),
    col("avg_tone", K::F64, |e| V::F64(e.avg_tone)),
    col("confidence", K::F64, |e| {
        V::F64(Some(f32_to_f64(e.record.confidence)))
    }),
    col("first_seen", K::Time, |e| V::Time(timestamp(&e.first_seen))),
    col("last_seen", K::Time, |e| V::Time(timestamp(&e.last_seen))),
    col("doc", K::Str, |e| V::Str(Some(&e.record.doc))),
    col("sentence", K::U32, |e| {
        V::U32(u32::try_from(e.record.sentence).ok())
    }),
    col("text", K::Str, |e| V::Str(Some(&e.record.text))),
    col("trigger", K::Str, |e| V::Str(Some(&e.record.trigger.text))),
    col("url", K::Str, |e| {
        V::Str(e.article.url.as_deref().or(e.record.url.as_deref()))
    }),
    col("outlet", K::Str, |e| V::Str(e.article.source.as_deref())),
    col("title", K::Str, |e| V::Str(e.article.title.as_deref())),
    col("published", K::Date, |e| {
        V::Date(
            e.article
                .published
                .as_deref()
                .and_then(parse_partial)
                .map(|d| d.date),
        )
    }),
    col("article_tone", K::F64, |e| V::F64(e.article.tone)),
];

fn list<'a>(actors: &'a [ActorRef], f: fn(&'a ActorRef) -> Option<&'a str>) -> Value<'a> {
    V::StrList(actors.iter().map(f).collect())
}

fn precision(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
    }
}

/// The value as CSV text: empty for missing values, lists joined with `;` (an actor without
/// a name or country leaves its place empty, so positions line up across the list columns).
pub(crate) fn to_text(v: &Value<'_>) -> String {
    fn s<T: ToString>(v: &Option<T>) -> String {
        v.as_ref().map(T::to_string).unwrap_or_default()
    }
    match v {
        V::I64(x) => s(x),
        V::U8(x) => s(x),
        V::U32(x) => s(x),
        V::U64(x) => s(x),
        V::F64(x) => s(&x.filter(|f| f.is_finite())),
        V::Bool(x) => s(x),
        V::Str(x) => x.unwrap_or("").to_string(),
        V::Date(x) => x
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        V::Time(x) => x
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
        V::StrList(items) => items
            .iter()
            .map(|i| i.unwrap_or(""))
            .collect::<Vec<_>>()
            .join(";"),
    }
}

/// True when the value's variant is the column's kind (checked by the tests).
#[cfg(test)]
pub(crate) fn fits(kind: Kind, v: &Value<'_>) -> bool {
    matches!(
        (kind, v),
        (K::I64, V::I64(_))
            | (K::U8, V::U8(_))
            | (K::U32, V::U32(_))
            | (K::U64, V::U64(_))
            | (K::F64, V::F64(_))
            | (K::Bool, V::Bool(_))
            | (K::Str, V::Str(_))
            | (K::Date, V::Date(_))
            | (K::Time, V::Time(_))
            | (K::StrList, V::StrList(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::event;

    #[test]
    fn every_value_fits_its_column_type() {
        let e = event();
        for c in COLUMNS {
            assert!(fits(c.kind, &(c.get)(&e)), "column {}", c.name);
        }
    }

    #[test]
    fn column_names_are_unique() {
        let mut names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COLUMNS.len());
    }

    #[test]
    fn text_values() {
        assert_eq!(
            to_text(&V::StrList(vec![Some("USA"), None, Some("GBR")])),
            "USA;;GBR"
        );
        assert_eq!(to_text(&V::F64(Some(f64::NAN))), "");
        assert_eq!(to_text(&V::Bool(Some(true))), "true");
        assert_eq!(to_text(&V::Str(None)), "");
    }
}
