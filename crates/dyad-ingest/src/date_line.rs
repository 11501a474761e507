//! Publication dates as pages print them ("December 11, 2025", "11 Dec 2025", "2025-12-11").

use chrono::NaiveDate;

const FORMATS: &[&str] = &[
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y-%m-%d",
    "%B %d %Y",
    "%A, %B %d, %Y",
];

/// Parses a line that is only a date, possibly followed by a time ("December 11, 2025 10:30 am").
pub(crate) fn parse_date_line(line: &str) -> Option<NaiveDate> {
    let line = line
        .trim()
        .trim_start_matches("Published")
        .trim_matches([':', ' ']);
    if line.is_empty() || line.len() > 60 {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=words.len().min(5)).rev().find_map(|n| {
        let candidate = words[..n].join(" ");
        let candidate = candidate.trim_end_matches([',', '|', '-']);
        FORMATS
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(candidate, f).ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn common_forms() {
        assert_eq!(parse_date_line("December 11, 2025"), d(2025, 12, 11));
        assert_eq!(parse_date_line("Dec. 11, 2025 10:30 am"), d(2025, 12, 11));
        assert_eq!(parse_date_line("11 December 2025"), d(2025, 12, 11));
        assert_eq!(parse_date_line("2025-12-11"), d(2025, 12, 11));
        assert_eq!(
            parse_date_line("Thursday, December 11, 2025"),
            d(2025, 12, 11)
        );
    }

    #[test]
    fn sentences_are_not_dates() {
        assert_eq!(
            parse_date_line("Russia said on December 11, 2025 that"),
            None
        );
        assert_eq!(parse_date_line("2025-13-45"), None);
    }
}
