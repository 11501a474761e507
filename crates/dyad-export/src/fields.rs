//! Field conversions shared by the formats: dates, times, numbers, cleaned text.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use dyad_core::{DatePrecision, Event, PartialDate};

/// Parses an event-record date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the first day stands for a
/// month or a year, with the precision saying so).
pub(crate) fn parse_partial(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    match s.len() {
        10 => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(PartialDate::day),
        7 => {
            let (y, m) = s.split_once('-')?;
            PartialDate::month(y.parse().ok()?, m.parse().ok()?)
        }
        4 => PartialDate::year(s.parse().ok()?),
        _ => None,
    }
}

/// The event's own date (the record's), when it has one.
pub(crate) fn record_date(e: &Event) -> Option<PartialDate> {
    e.record.date.as_deref().and_then(parse_partial)
}

/// The date GDELT's date columns get: the record's date, else the article's publication date,
/// else the day the event was first stored.
pub(crate) fn gdelt_date(e: &Event) -> Option<PartialDate> {
    record_date(e)
        .or_else(|| e.article.published.as_deref().and_then(parse_partial))
        .or_else(|| timestamp(&e.first_seen).map(|t| PartialDate::day(t.date())))
}

/// `YYYY-MM` of a date, or `None` for year-only dates (they belong to no month).
pub(crate) fn month_key(d: &PartialDate) -> Option<String> {
    (d.precision != DatePrecision::Year)
        .then(|| format!("{:04}-{:02}", d.date.year(), d.date.month()))
}

/// Parses the store's timestamps: `YYYY-MM-DD HH:MM:SS` (also with `T`, fractions or `Z`).
pub(crate) fn timestamp(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
}

/// GDELT's `YYYYMMDDHHMMSS` form of a store timestamp; empty when it does not parse.
pub(crate) fn gdelt_datetime(s: &str) -> String {
    timestamp(s)
        .map(|t| t.format("%Y%m%d%H%M%S").to_string())
        .unwrap_or_default()
}

/// Text made safe for a tab-separated line: tabs and line breaks become spaces.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        Cow::Borrowed(s)
    }
}

/// An `f32` as the shortest decimal that reads back as it (3.4, not 3.4000000953674316).
pub(crate) fn f32_to_f64(v: f32) -> f64 {
    v.to_string().parse().unwrap_or(f64::from(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        assert_eq!(
            parse_partial("2025-12-11").map(|d| d.to_iso()).as_deref(),
            Some("2025-12-11")
        );
        let m = parse_partial("2025-12").unwrap();
        assert_eq!((m.date.day(), m.precision), (1, DatePrecision::Month));
        assert_eq!(
            parse_partial("2025").unwrap().precision,
            DatePrecision::Year
        );
        assert!(parse_partial("2025-13").is_none());
        assert!(parse_partial("2025-02-30").is_none());
        assert!(parse_partial("soon").is_none());
        assert_eq!(month_key(&m).as_deref(), Some("2025-12"));
        assert_eq!(month_key(&parse_partial("2025").unwrap()), None);
    }

    #[test]
    fn gdelt_timestamps() {
        assert_eq!(gdelt_datetime("2025-12-11 08:05:09"), "20251211080509");
        assert_eq!(gdelt_datetime("2025-12-11T08:05:09.25Z"), "20251211080509");
        assert_eq!(gdelt_datetime("yesterday"), "");
    }

    #[test]
    fn cleaning_and_numbers() {
        assert_eq!(clean("a\tb\nc"), "a b c");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert_eq!(f32_to_f64(3.4), 3.4);
        assert_eq!(f32_to_f64(-10.0), -10.0);
    }
}
