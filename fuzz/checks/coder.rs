//! What dyad-coder's date resolver must do with any sentence and publication date: never panic,
//! and return ordered, disjoint mentions resolved near the publication date.
//! Shared by `fuzz/fuzz_targets/dates.rs` and `crates/dyad-coder/tests/fuzz_regressions.rs`.
#![allow(dead_code)]

use chrono::{Datelike, NaiveDate};
use dyad_coder::dates::find_dates;
use dyad_core::DatePrecision;

/// The publication date a fuzz input stands for: byte 0 picks the edge of the calendar or a
/// recent date, bytes 1–2 an offset in days.
fn published(mode: u8, offset: u16) -> NaiveDate {
    let recent = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
    let pick = match mode % 4 {
        0 => NaiveDate::MIN.checked_add_days(chrono::Days::new(u64::from(offset % 400))),
        1 => NaiveDate::MAX.checked_sub_days(chrono::Days::new(u64::from(offset % 400))),
        _ => recent.checked_add_days(chrono::Days::new(u64::from(offset))),
    };
    pick.unwrap_or(recent)
}

/// Input: byte 0 (calendar edge or recent), bytes 1–2 (offset), byte 3 (bit 0: future tense),
/// then the sentence as UTF-8, tokenized and folded as the coder does.
pub fn dates(data: &[u8]) {
    if data.len() < 4 {
        return;
    }
    let pubd = published(data[0], u16::from_le_bytes([data[1], data[2]]));
    let future = data[3] & 1 == 1;
    let Ok(text) = std::str::from_utf8(&data[4..]) else {
        return;
    };
    let tokens = dyad_nlp::tokenize(text);
    let folded: Vec<String> = tokens.iter().map(|t| dyad_kb::fold(&t.text)).collect();
    let caps: Vec<bool> = tokens
        .iter()
        .map(|t| t.text.chars().next().is_some_and(char::is_uppercase))
        .collect();
    let found = find_dates(&folded, &caps, pubd, future);
    let mut end = 0;
    for d in &found {
        assert!(
            end <= d.first && d.first < d.last && d.last <= folded.len(),
            "mention {}..{} after {end} in {} tokens",
            d.first,
            d.last,
            folded.len()
        );
        end = d.last;
        assert!(!d.date.to_iso().is_empty());
        let word = folded[d.first].as_str();
        let relative_day = matches!(word, "yesterday" | "today" | "tonight" | "tomorrow")
            || word.ends_with("day") && d.last == d.first + 1;
        if relative_day && d.date.precision == DatePrecision::Day {
            let days = (d.date.date - pubd).num_days().abs();
            assert!(days <= 7, "{word:?} resolved {days} days from {pubd}");
        }
        if d.date.precision == DatePrecision::Year && word == "last" {
            assert_eq!(d.date.date.year(), pubd.year() - 1);
        }
    }
    // A shorter `caps` than `folded` is a caller's slip, not a reason to panic.
    let _ = find_dates(&folded, &caps[..caps.len() / 2], pubd, future);
}
