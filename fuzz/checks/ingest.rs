//! What dyad-ingest's readers must do with any input: never panic, and keep these invariants.
//! Shared by the fuzz targets (`fuzz/fuzz_targets/`) and the regression tests
//! (`crates/dyad-ingest/tests/fuzz_regressions.rs`).
#![allow(dead_code)]

use std::io::BufReader;

use dyad_ingest::limits::MAX_RECORD_BYTES;
use dyad_ingest::{read_stream_items, FormatChoice, IngestError, InputFormat, Item};

/// Reads `data` as one input of the given format the way `dyad ingest` does (gzip detection
/// included), through a reader whose buffer holds `capacity` bytes.
fn read(
    data: &[u8],
    origin: &str,
    format: InputFormat,
    capacity: usize,
) -> Vec<Result<Item, IngestError>> {
    let mut out = Vec::new();
    let reader = BufReader::with_capacity(capacity, data);
    read_stream_items(
        reader,
        "fuzz",
        origin,
        FormatChoice::Fixed(format),
        &mut |r| out.push(r),
    );
    out
}

fn is_gzip(data: &[u8]) -> bool {
    data.starts_with(&[0x1f, 0x8b])
}

/// Paragraphs separated by one blank line, each non-empty with its whitespace collapsed.
fn assert_paragraphs(body: &str) {
    for p in body.split("\n\n") {
        assert!(!p.is_empty(), "empty paragraph in {body:?}");
        let collapsed = p.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(p, collapsed, "paragraph whitespace not collapsed");
    }
}

/// Scraped-page markdown: exactly one result; an article with a one-line title and a body of
/// paragraphs; readable UTF-8 text always gives an article.
pub fn markdown(data: &[u8]) {
    let out = read(data, "fuzz.md", InputFormat::Markdown, 8192);
    assert_eq!(out.len(), 1, "one result per markdown document");
    match &out[0] {
        Ok(Item::Article(a)) => {
            assert_eq!(a.format, InputFormat::Markdown);
            assert_eq!(a.id, "fuzz");
            if let Some(title) = &a.title {
                assert!(!title.contains('\n'), "title spans lines: {title:?}");
            }
            for author in &a.authors {
                assert!(!author.is_empty() && author.trim() == author, "{author:?}");
            }
            if !a.body.is_empty() {
                assert_paragraphs(&a.body);
            }
        }
        Ok(Item::Page(_)) => panic!("markdown gave a page"),
        Err(e) => {
            let text = std::str::from_utf8(data).ok();
            let readable = !is_gzip(data)
                && !data.contains(&0)
                && text.is_some_and(|t| !t.trim_start_matches('\u{feff}').trim().is_empty());
            assert!(!readable, "readable text refused: {e}");
        }
    }
}

/// JSON lines of articles: one result per non-blank line, in order, named by line number.
pub fn articles_jsonl(data: &[u8]) {
    jsonl(data, InputFormat::Articles);
}

/// JSON lines of sentences: as articles, and each body is one line.
pub fn sentences_jsonl(data: &[u8]) {
    jsonl(data, InputFormat::Sentences);
}

fn jsonl(data: &[u8], format: InputFormat) {
    let out = read(data, "fuzz.jsonl", format, 8192);
    if data.is_empty() {
        assert!(matches!(out[..], [Err(IngestError::Empty { .. })]));
        return;
    }
    if is_gzip(data) {
        // Decompressed first: the lines are those of the inflated data.
        for item in out.iter().flatten() {
            assert!(matches!(item, Item::Article(a) if a.format == format));
        }
        return;
    }
    let lines: Vec<usize> = data
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(out.len(), lines.len(), "one result per non-blank line");
    for (result, line) in out.iter().zip(lines) {
        match result {
            Ok(Item::Article(a)) => {
                assert_eq!(a.format, format);
                assert_eq!(a.origin, format!("fuzz.jsonl:{line}"));
                assert!(!a.id.is_empty(), "empty id");
                assert!(!a.body.is_empty(), "empty body");
                assert_paragraphs(&a.body);
                if format == InputFormat::Sentences {
                    assert!(!a.body.contains('\n'), "sentence body spans lines");
                }
            }
            Ok(Item::Page(_)) => panic!("JSON lines gave a page"),
            Err(IngestError::BadRecord { line: l, .. }) => assert_eq!(*l, line),
            Err(e) => panic!("line {line}: unexpected error kind: {e}"),
        }
    }
}

/// The parts of a page that must not depend on how the stream was buffered.
fn pages(out: &[Result<Item, IngestError>]) -> Vec<(String, Option<String>, Vec<u8>)> {
    out.iter()
        .filter_map(|r| match r {
            Ok(Item::Page(p)) => Some((p.id.clone(), p.url.clone(), p.bytes.clone())),
            Ok(Item::Article(_)) => panic!("a WARC record gave an article"),
            Err(_) => None,
        })
        .collect()
}

/// WARC archives: only pages come out, each within the record limit and named after its record;
/// the same pages come out whether the stream is read in large or tiny buffers, corrupt gzip
/// members included (the reader replays what the inflater read past the damage).
pub fn warc(data: &[u8]) {
    let out = read(data, "fuzz.warc", InputFormat::Warc, 8192);
    for r in &out {
        match r {
            Ok(Item::Page(p)) => {
                assert!(p.bytes.len() as u64 <= MAX_RECORD_BYTES);
                assert!(p.origin.starts_with("fuzz.warc#record "), "{}", p.origin);
            }
            Ok(Item::Article(_)) => panic!("a WARC record gave an article"),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    let small = read(data, "fuzz.warc", InputFormat::Warc, 7);
    assert_eq!(
        pages(&out),
        pages(&small),
        "pages depend on the read buffer size"
    );
}
