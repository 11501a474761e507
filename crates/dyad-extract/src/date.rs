//! Publication dates: parsing the forms found in meta tags, JSON-LD, `<time datetime>`, URLs
//! and the words near the top of an article. Only the page is read; the clock never is.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use regex::Regex;

use crate::Published;

/// Years accepted as publication years (guards against "0001-01-01" and typos).
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Parses a machine-readable date or date-time (ISO 8601 / RFC 3339 / RFC 2822 and close kin).
/// A time with an offset gives [`Published::DateTime`]; a time without an offset gives the day
/// only, since the offset would be a guess.
pub fn parse_machine(value: &str) -> Option<Published> {
    let s = value.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return plausible_time(t);
    }
    const WITH_OFFSET: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M%z",
    ];
    for fmt in WITH_OFFSET {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return plausible_time(t);
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return plausible_time(t);
    }
    if let Some(t) = s.strip_suffix('Z').or_else(|| s.strip_suffix(" UTC")) {
        if let Some(naive) = parse_naive_time(t) {
            return plausible_time(naive.and_utc().fixed_offset());
        }
    }
    if let Some(naive) = parse_naive_time(s) {
        return plausible_day(naive.date());
    }
    parse_day_prefix(s)
}

fn parse_naive_time(s: &str) -> Option<NaiveDateTime> {
    const NAIVE: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ];
    NAIVE
        .iter()
        .find_map(|fmt| NaiveDateTime::parse_from_str(s, fmt).ok())
}

/// A day at the start of the value: `2019-08-02…`, `2019/08/02`, `20190802`, `02.08.2019`.
fn parse_day_prefix(s: &str) -> Option<Published> {
    static DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{4})(\d{2})(\d{2})|(\d{1,2})\.(\d{1,2})\.(\d{4}))(?:\D|$)")
            .expect("static regex")
    });
    let c = DAY.captures(s)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, m, d) = if c.get(1).is_some() {
        (num(1)?, num(2)?, num(3)?)
    } else if c.get(4).is_some() {
        (num(4)?, num(5)?, num(6)?)
    } else {
        (num(9)?, num(8)?, num(7)?)
    };
    ymd(y, m, d).map(Published::Date)
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    YEARS.contains(&date.year()).then_some(date)
}

fn plausible_time(t: DateTime<chrono::FixedOffset>) -> Option<Published> {
    YEARS.contains(&t.year()).then_some(Published::DateTime(t))
}

fn plausible_day(d: NaiveDate) -> Option<Published> {
    YEARS.contains(&d.year()).then_some(Published::Date(d))
}

/// A date in the path of a URL: `/2019/08/02/`, `/2019-08-02`, `/20190802/`, `/2019/08/` is not
/// enough (no day).
pub fn from_url(url: &str) -> Option<Published> {
    static URL_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[/_-](\d{4})[/_-]?(\d{2})[/_-]?(\d{2})(?:[/_.-]|$)").expect("static regex")
    });
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let path = path.find("://").map_or(path, |p| &path[p + 3..]);
    let path = path.find('/').map_or("", |p| &path[p..]);
    URL_DAY.captures_iter(path).find_map(|c| {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        ymd(n(1)?, n(2)?, n(3)?).map(Published::Date)
    })
}

/// The first human-written date in `text` ("2 August 2019", "August 2, 2019", "2. August 2019",
/// "02.08.2019", "2019-08-02", in English, German, French, Spanish, Italian, Dutch, Portuguese).
pub fn from_text(text: &str) -> Option<Published> {
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})|((?:19|20)\d{2})-(\d{2})-(\d{2}))\b")
            .expect("static regex")
    });
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        let m = MONTHS
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!(
            r"(?i)\b(?:(\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?({m})\.?,?\s+(?:de\s+)?((?:19|20)\d{{2}})|({m})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}}))\b"
        ))
        .expect("static regex")
    });
    let mut best: Option<(usize, NaiveDate)> = None;
    if let Some(c) = NUMERIC.captures(text) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let day = if c.get(1).is_some() {
            ymd(n(3).unwrap_or(0), n(2).unwrap_or(0), n(1).unwrap_or(0))
        } else {
            ymd(n(4).unwrap_or(0), n(5).unwrap_or(0), n(6).unwrap_or(0))
        };
        if let (Some(d), Some(m)) = (day, c.get(0)) {
            best = Some((m.start(), d));
        }
    }
    if let Some(c) = WORDS.captures(text) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let month = |i: usize| c.get(i).and_then(|m| month_number(m.as_str()));
        let day = if c.get(1).is_some() {
            ymd(n(3).unwrap_or(0), month(2).unwrap_or(0), n(1).unwrap_or(0))
        } else {
            ymd(n(6).unwrap_or(0), month(4).unwrap_or(0), n(5).unwrap_or(0))
        };
        if let (Some(d), Some(m)) = (day, c.get(0)) {
            if best.is_none_or(|(pos, _)| m.start() < pos) {
                best = Some((m.start(), d));
            }
        }
    }
    best.map(|(_, d)| Published::Date(d))
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
    ("dez", 12),
];

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(p: Option<Published>) -> Option<String> {
        p.map(|p| p.date().to_string())
    }

    #[test]
    fn machine_forms() {
        let t = parse_machine("2026-03-12T14:05:00+01:00");
        assert!(matches!(t, Some(Published::DateTime(_))));
        assert_eq!(day(t).as_deref(), Some("2026-03-12"));
        assert!(matches!(
            parse_machine("2026-03-12T14:05:00Z"),
            Some(Published::DateTime(_))
        ));
        assert!(matches!(
            parse_machine("2026-03-12T14:05:00.123+0100"),
            Some(Published::DateTime(_))
        ));
        assert!(matches!(
            parse_machine("Thu, 12 Mar 2026 14:05:00 +0000"),
            Some(Published::DateTime(_))
        ));
        assert_eq!(
            parse_machine("2026-03-12T14:05:00"),
            Some(Published::Date(
                NaiveDate::from_ymd_opt(2026, 3, 12).unwrap()
            ))
        );
        assert_eq!(
            day(parse_machine("2026-03-12")).as_deref(),
            Some("2026-03-12")
        );
        assert_eq!(
            day(parse_machine("2026/03/12 8:00")).as_deref(),
            Some("2026-03-12")
        );
        assert_eq!(
            day(parse_machine("12.03.2026")).as_deref(),
            Some("2026-03-12")
        );
        assert_eq!(parse_machine("0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_machine("yesterday"), None);
        assert_eq!(parse_machine("2026-13-45"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            day(from_url("https://lemire.me/blog/2019/08/02/json-parsing/")).as_deref(),
            Some("2019-08-02")
        );
        assert_eq!(
            day(from_url("https://x.org/news/2020-01-28-title.html")).as_deref(),
            Some("2020-01-28")
        );
        assert_eq!(
            day(from_url("https://x.org/a/20200128/b")).as_deref(),
            Some("2020-01-28")
        );
        assert_eq!(from_url("https://x.org/2019/08/title"), None);
        assert_eq!(from_url("https://2019.12.01.example.org/"), None);
    }

    #[test]
    fn text_dates() {
        assert_eq!(
            day(from_text("Posted on August 2, 2019 by Daniel")).as_deref(),
            Some("2019-08-02")
        );
        assert_eq!(
            day(from_text("Veröffentlicht am 28. Januar 2020, 14:00")).as_deref(),
            Some("2020-01-28")
        );
        assert_eq!(
            day(from_text("le 3 mars 2021")).as_deref(),
            Some("2021-03-03")
        );
        assert_eq!(
            day(from_text("Stand: 05.02.2019 um 10:00")).as_deref(),
            Some("2019-02-05")
        );
        assert_eq!(
            day(from_text("12 de marzo de 2020")).as_deref(),
            Some("2020-03-12")
        );
        assert_eq!(from_text("No dates here, only 2019 and 12 apples."), None);
    }
}
