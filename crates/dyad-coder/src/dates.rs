//! Date expressions resolved against the publication date: "on Wednesday", "yesterday",
//! "earlier this year", "last month", "in May", "on Dec. 5", "in 2019".

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dyad_core::PartialDate;

/// One date expression in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub first: usize,
    pub last: usize,
    pub date: PartialDate,
    /// True when the expression places the event well before the report ("earlier this year").
    pub past_period: bool,
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

const MONTHS: &[&[&str]] = &[
    &["january", "jan", "jan."],
    &["february", "feb", "feb."],
    &["march", "mar", "mar."],
    &["april", "apr", "apr."],
    &["may"],
    &["june", "jun", "jun."],
    &["july", "jul", "jul."],
    &["august", "aug", "aug."],
    &["september", "sep", "sep.", "sept", "sept."],
    &["october", "oct", "oct."],
    &["november", "nov", "nov."],
    &["december", "dec", "dec."],
];

fn month_of(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| m.contains(&word))
        .map(|i| i as u32 + 1)
}

/// Finds date expressions in folded tokens, resolved against `published`.
/// `capitalised` guards "may" (the month) against "may" (the modal).
pub fn find_dates(
    folded: &[String],
    capitalised: &[bool],
    published: NaiveDate,
    future: bool,
) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        if let Some((len, date, past_period)) = date_at(folded, capitalised, i, published, future) {
            out.push(DateMention {
                first: i,
                last: i + len,
                date,
                past_period,
            });
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

fn date_at(
    f: &[String],
    caps: &[bool],
    i: usize,
    pubd: NaiveDate,
    future: bool,
) -> Option<(usize, PartialDate, bool)> {
    let w = f[i].as_str();
    let next = f.get(i + 1).map(String::as_str).unwrap_or("");
    let next2 = f.get(i + 2).map(String::as_str).unwrap_or("");
    if let Some((_, wd)) = WEEKDAYS.iter().find(|(name, _)| *name == w) {
        return Some((1, PartialDate::day(weekday_near(pubd, *wd, future)?), false));
    }
    match (w, next, next2) {
        ("yesterday", _, _) => return Some((1, PartialDate::day(shift(pubd, -1)?), false)),
        ("today", _, _) | ("tonight", _, _) => return Some((1, PartialDate::day(pubd), false)),
        ("tomorrow", _, _) => return Some((1, PartialDate::day(shift(pubd, 1)?), false)),
        ("earlier" | "this", "this" | "year", _) if is_this_year(f, i) => {
            let len = if w == "earlier" { 3 } else { 2 };
            return Some((len, PartialDate::year(pubd.year())?, w == "earlier"));
        }
        ("last", "year", _) => return Some((2, PartialDate::year(pubd.year() - 1)?, true)),
        ("last", "month", _) => {
            let d = pubd.with_day(1)?.pred_opt()?;
            return Some((2, PartialDate::month(d.year(), d.month())?, true));
        }
        ("last", "week", _) => {
            let d = shift(pubd, -7)?;
            return Some((2, PartialDate::month(d.year(), d.month())?, false));
        }
        _ => {}
    }
    if let Some(month) = month_of(w).filter(|_| caps.get(i).copied().unwrap_or(false)) {
        if let Some(day) = day_number(next) {
            let year = if let Some(y) = year_number(
                f.get(i + 2)
                    .or(f.get(i + 3))
                    .map(String::as_str)
                    .unwrap_or(""),
            ) {
                y
            } else {
                infer_year(pubd, month, future)
            };
            let len = if year_number(next2).is_some() {
                3
            } else if next2 == ","
                && year_number(f.get(i + 3).map(String::as_str).unwrap_or("")).is_some()
            {
                4
            } else {
                2
            };
            let date = NaiveDate::from_ymd_opt(year, month, day)?;
            return Some((len, PartialDate::day(date), long_before(date, pubd)));
        }
        if let Some(year) = year_number(next) {
            return Some((2, PartialDate::month(year, month)?, true));
        }
        let year = infer_year(pubd, month, future);
        let past = year < pubd.year() || month + 1 < pubd.month();
        return Some((1, PartialDate::month(year, month)?, past));
    }
    if let Some(day) = day_number(w) {
        if let Some(month) = month_of(next).filter(|_| caps.get(i + 1).copied().unwrap_or(false)) {
            let year = year_number(next2).unwrap_or_else(|| infer_year(pubd, month, future));
            let len = if year_number(next2).is_some() { 3 } else { 2 };
            let date = NaiveDate::from_ymd_opt(year, month, day)?;
            return Some((len, PartialDate::day(date), long_before(date, pubd)));
        }
    }
    if i > 0 && f[i - 1] == "in" {
        if let Some(year) = year_number(w) {
            return Some((1, PartialDate::year(year)?, year < pubd.year()));
        }
    }
    None
}

fn is_this_year(f: &[String], i: usize) -> bool {
    let at = |k: usize| f.get(k).map(String::as_str).unwrap_or("");
    (at(i) == "earlier" && at(i + 1) == "this" && at(i + 2) == "year")
        || (at(i) == "this" && at(i + 1) == "year")
}

fn day_number(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_number(w: &str) -> Option<i32> {
    let y: i32 = w.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// The year of a month mentioned without one: the latest such month not after publication
/// (or the next one, for future events).
fn infer_year(pubd: NaiveDate, month: u32, future: bool) -> i32 {
    match (future, month > pubd.month(), month < pubd.month()) {
        (false, true, _) => pubd.year() - 1,
        (true, _, true) => pubd.year() + 1,
        _ => pubd.year(),
    }
}

/// The weekday nearest the publication date: the last one on or before it for past events,
/// the next one on or after it for future events (`None` past the ends of the calendar).
fn weekday_near(pubd: NaiveDate, wd: Weekday, future: bool) -> Option<NaiveDate> {
    let diff = (pubd.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64)
        .rem_euclid(7);
    if future {
        shift(pubd, (7 - diff) % 7)
    } else {
        shift(pubd, -diff)
    }
}

/// `date` moved by `days`; `None` past the ends of the calendar (a publication date from outside
/// data can be any date chrono represents).
fn shift(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(Duration::days(days))
}

/// True when `date` lies more than a month before publication.
fn long_before(date: NaiveDate, pubd: NaiveDate) -> bool {
    shift(pubd, -31).is_some_and(|cutoff| date < cutoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str, future: bool) -> Vec<String> {
        let pubd = NaiveDate::from_ymd_opt(2025, 12, 11).unwrap(); // a Thursday
        let tokens: Vec<&str> = text.split_whitespace().collect();
        let folded: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
        let caps: Vec<bool> = tokens
            .iter()
            .map(|t| t.chars().next().unwrap().is_uppercase())
            .collect();
        find_dates(&folded, &caps, pubd, future)
            .iter()
            .map(|d| d.date.to_iso())
            .collect()
    }

    #[test]
    fn relative_days() {
        assert_eq!(resolve("seized on Wednesday", false), vec!["2025-12-10"]);
        assert_eq!(resolve("on Thursday", false), vec!["2025-12-11"]);
        assert_eq!(resolve("will meet on Friday", true), vec!["2025-12-12"]);
        assert_eq!(resolve("yesterday", false), vec!["2025-12-10"]);
    }

    #[test]
    fn months_and_years() {
        assert_eq!(resolve("earlier this year", false), vec!["2025"]);
        assert_eq!(resolve("in May", false), vec!["2025-05"]);
        assert_eq!(resolve("on Dec. 5", false), vec!["2025-12-05"]);
        assert_eq!(resolve("on 5 December 2024", false), vec!["2024-12-05"]);
        assert_eq!(resolve("last year", false), vec!["2024"]);
        assert_eq!(resolve("last month", false), vec!["2025-11"]);
        assert_eq!(resolve("in 2019", false), vec!["2019"]);
        assert!(resolve("it may rain", false).is_empty());
    }

    #[test]
    fn calendar_edges_do_not_panic() {
        let folded: Vec<String> = "yesterday tomorrow monday sunday last week last month dec 5"
            .split(' ')
            .map(str::to_string)
            .collect();
        let caps = vec![true; folded.len()];
        for pubd in [NaiveDate::MIN, NaiveDate::MAX] {
            for future in [false, true] {
                let found = find_dates(&folded, &caps, pubd, future);
                assert!(found.iter().all(|d| d.last <= folded.len()));
            }
        }
        // A `caps` shorter than the tokens reads as "not capitalised".
        assert!(find_dates(&folded, &[], NaiveDate::MIN, false).len() < folded.len());
    }
}
