//! What dyad-extract must do with any page: never panic, finish quickly, and keep these
//! invariants. Shared by `fuzz/fuzz_targets/html.rs` and
//! `crates/dyad-extract/tests/fuzz_regressions.rs`.
#![allow(dead_code)]

use chrono::Datelike;
use dyad_extract::{extract, ExtractError, Page};

const URL: &str = "https://news.example.org/2024/05/06/storm.html";
const CONTENT_TYPES: [Option<&str>; 4] = [
    None,
    Some("text/html; charset=windows-1252"),
    Some("text/html; charset=utf-16le"),
    Some("text/html; charset=shift_jis"),
];

/// The page a fuzz input stands for: a first byte below 8 (never the start of a real page)
/// chooses a URL (bit 0) and an HTTP content type (bits 1–2) and is not part of the page.
pub fn page(data: &[u8]) -> Page<'_> {
    match data.split_first() {
        Some((&sel, rest)) if sel < 8 => Page {
            bytes: rest,
            url: (sel & 1 == 1).then_some(URL),
            content_type: CONTENT_TYPES[usize::from(sel >> 1)],
        },
        _ => Page {
            bytes: data,
            url: None,
            content_type: None,
        },
    }
}

/// An extracted article has text, a plausible publication year, a two-letter language code and
/// one-line metadata. No page parses deeper than the tag scan allowed for: a
/// [`ExtractError::TooDeep`] means the scan read the page otherwise than the parser.
pub fn html(data: &[u8]) {
    let found = match extract(&page(data)) {
        Ok(found) => found,
        Err(e @ ExtractError::TooDeep { .. }) => panic!("the nesting scan missed depth: {e}"),
        Err(_) => return,
    };
    assert!(!found.text.trim().is_empty(), "article without text");
    if let Some(published) = found.published {
        let year = published.date().year();
        assert!((1990..=2100).contains(&year), "implausible year {year}");
    }
    if let Some(lang) = &found.language {
        assert!(
            lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()),
            "language {lang:?} is not an ISO 639-1 code"
        );
    }
    for one_line in found
        .title
        .iter()
        .chain(&found.authors)
        .chain(&found.site_name)
    {
        assert!(!one_line.is_empty(), "empty metadata value");
    }
}
