//! Dates that may be known only to the month or year ("in May", "earlier this year").

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

/// A date with a precision; `day` and `month` are meaningful only when the precision says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub date: NaiveDate,
    pub precision: DatePrecision,
}

impl PartialDate {
    pub fn day(date: NaiveDate) -> Self {
        PartialDate {
            date,
            precision: DatePrecision::Day,
        }
    }

    pub fn month(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|date| PartialDate {
            date,
            precision: DatePrecision::Month,
        })
    }

    pub fn year(year: i32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, 1, 1).map(|date| PartialDate {
            date,
            precision: DatePrecision::Year,
        })
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by precision, as in the event record.
    pub fn to_iso(&self) -> String {
        match self.precision {
            DatePrecision::Day => self.date.format("%Y-%m-%d").to_string(),
            DatePrecision::Month => format!("{:04}-{:02}", self.date.year(), self.date.month()),
            DatePrecision::Year => format!("{:04}", self.date.year()),
        }
    }
}

/// Parses `YYYY-MM-DD` (optionally followed by a time part, which is ignored) and rejects
/// impossible dates such as `2025-13-45` with a message that says why.
pub fn parse_iso_date(text: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    let day_part = trimmed.get(..10).unwrap_or(trimmed);
    NaiveDate::parse_from_str(day_part, "%Y-%m-%d")
        .map_err(|e| format!("'{trimmed}' is not a valid date (expected YYYY-MM-DD: {e})"))
}

/// English day and month names, lower-case: words that name a time, never an actor or a
/// participant ("on Monday", "in May").
pub const DAY_AND_MONTH_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_by_precision() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 10).unwrap();
        assert_eq!(PartialDate::day(d).to_iso(), "2025-12-10");
        assert_eq!(PartialDate::month(2025, 5).unwrap().to_iso(), "2025-05");
        assert_eq!(PartialDate::year(2025).unwrap().to_iso(), "2025");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(parse_iso_date("2025-13-45").is_err());
        assert!(parse_iso_date("yesterday").is_err());
        assert_eq!(
            parse_iso_date("2019-04-10T10:00:00Z").unwrap(),
            NaiveDate::from_ymd_opt(2019, 4, 10).unwrap()
        );
    }
}
