//! WARC reading: good archives, and archives broken in the ways real ones are.

use std::io::Write;

use dyad_core::{Article, InputFormat};
use dyad_ingest::{read_from, FormatChoice, IngestError};
use flate2::{write::GzEncoder, Compression};

const PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>Tanker seized off Venezuela</title>\
<meta property=\"article:published_time\" content=\"2025-12-11T09:30:00+00:00\"></head><body>\
<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>Tanker seized off Venezuela</h1>\
<p>The United States seized an oil tanker off the coast of Venezuela on Wednesday, officials said, \
in a sharp escalation of the pressure campaign against the government of Nicolas Maduro.</p>\
<p>Russian President Vladimir Putin spoke by phone with Maduro on Thursday and reaffirmed his support \
for the Venezuelan leader, the Kremlin said in a statement published after the call.</p>\
<p>Washington has accused Maduro of leading a drug cartel, an accusation he denies. At least 87 people \
have been killed in 22 strikes on boats in the Caribbean Sea and the Eastern Pacific since September.</p>\
</article><footer>Copyright 2025</footer></body></html>";

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn record(kind: &str, uri: &str, block: &[u8], declared: Option<u64>) -> Vec<u8> {
    let length = declared.unwrap_or(block.len() as u64);
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-12-11T10:00:00Z\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {length}\r\n\r\n"
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn page_record(uri: &str) -> Vec<u8> {
    record(
        "response",
        uri,
        &http("200 OK", "text/html; charset=utf-8", PAGE.as_bytes()),
        None,
    )
}

fn read(bytes: Vec<u8>, name: &str) -> Vec<Result<Article, IngestError>> {
    read_from(&bytes[..], name, FormatChoice::Auto)
}

fn articles(results: &[Result<Article, IngestError>]) -> Vec<&Article> {
    results.iter().filter_map(|r| r.as_ref().ok()).collect()
}

fn kinds(results: &[Result<Article, IngestError>]) -> Vec<&'static str> {
    results
        .iter()
        .filter_map(|r| r.as_ref().err().map(IngestError::kind))
        .collect()
}

#[test]
fn responses_become_articles_and_other_records_are_counted() {
    let members = [
        record("warcinfo", "", b"software: test\r\n", None),
        record(
            "request",
            "https://example.com/a",
            b"GET /a HTTP/1.1\r\n\r\n",
            None,
        ),
        page_record("https://example.com/world/tanker?utm_source=rss"),
        record(
            "response",
            "https://example.com/logo.png",
            &http("200 OK", "image/png", b"\x89PNG...."),
            None,
        ),
        record(
            "response",
            "https://example.com/gone",
            &http("404 Not Found", "text/html", b"<html>gone</html>"),
            None,
        ),
        page_record("https://example.com/world/tanker-2"),
    ];
    let archive: Vec<u8> = members.iter().flat_map(|m| gz(m)).collect();
    let results = read(archive, "news.warc.gz");
    let found = articles(&results);
    assert_eq!(found.len(), 2, "{results:?}");
    let first = found[0];
    assert_eq!(first.format, InputFormat::Html);
    assert_eq!(first.id, "https://example.com/world/tanker?utm_source=rss");
    assert_eq!(first.title.as_deref(), Some("Tanker seized off Venezuela"));
    assert!(first.body.contains("seized an oil tanker"));
    assert!(!first.body.contains("Copyright"));
    assert!(first.origin.starts_with("news.warc.gz#record 3"));
    assert_eq!(
        kinds(&results),
        ["not-response", "not-response", "not-html", "http-status"]
    );
    assert!(results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .all(|e| !e.is_failure()));
}

#[test]
fn uncompressed_archives_are_read_too() {
    let archive = [
        page_record("https://example.com/a"),
        page_record("https://example.com/b"),
    ]
    .concat();
    let results = read(archive, "plain.warc");
    assert_eq!(articles(&results).len(), 2, "{results:?}");
}

#[test]
fn a_wrong_content_length_is_survived() {
    let mut bad = page_record("https://example.com/short");
    // Declare fewer bytes than the block holds: the next record header is found by resync.
    let text = String::from_utf8(bad.clone()).unwrap();
    let declared = http("200 OK", "text/html; charset=utf-8", PAGE.as_bytes()).len();
    let wrong = text.replacen(
        &format!("Content-Length: {declared}\r\n\r\nHTTP"),
        &format!("Content-Length: {}\r\n\r\nHTTP", declared / 2),
        1,
    );
    assert_ne!(wrong, text, "the declared length was changed");
    bad = wrong.into_bytes();
    let archive = [bad, page_record("https://example.com/next")].concat();
    let results = read(archive, "bad-length.warc");
    let found = articles(&results);
    assert!(
        found.iter().any(|a| a.id == "https://example.com/next"),
        "{results:?}"
    );
    assert!(kinds(&results).contains(&"corrupt"), "{results:?}");
}

#[test]
fn an_enormous_declared_length_skips_only_that_record() {
    let huge = record(
        "response",
        "https://example.com/huge",
        &http("200 OK", "text/html", PAGE.as_bytes()),
        Some(1_000_000_000),
    );
    let archive = [gz(&huge), gz(&page_record("https://example.com/after"))].concat();
    let results = read(archive, "huge.warc.gz");
    assert_eq!(articles(&results).len(), 1, "{results:?}");
    assert_eq!(articles(&results)[0].id, "https://example.com/after");
    assert_eq!(kinds(&results), ["too-large"]);
}

#[test]
fn truncated_and_corrupt_members_are_reported_and_passed() {
    let good = gz(&page_record("https://example.com/good"));
    let cut = gz(&page_record("https://example.com/cut"));
    let cut = cut[..cut.len() / 2].to_vec();
    let archive = [
        good.clone(),
        b"garbage between members".to_vec(),
        gz(&page_record("https://example.com/after-garbage")),
        cut,
    ]
    .concat();
    let results = read(archive, "broken.warc.gz");
    let ids: Vec<&str> = articles(&results).iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "https://example.com/good",
            "https://example.com/after-garbage"
        ]
    );
    let kinds = kinds(&results);
    assert!(
        kinds.iter().all(|k| *k == "corrupt" || *k == "truncated"),
        "{kinds:?}"
    );
    assert!(kinds.len() >= 2, "{results:?}");
}

#[test]
fn a_decompression_bomb_is_not_inflated() {
    let zeros = vec![b'a'; 48 * 1024 * 1024];
    let bomb = record(
        "response",
        "https://example.com/bomb",
        &http("200 OK", "text/html", &zeros),
        None,
    );
    let archive = [
        gz(&bomb),
        gz(&page_record("https://example.com/after-bomb")),
    ]
    .concat();
    assert!(archive.len() < 1024 * 1024, "the bomb compresses well");
    let results = read(archive, "bomb.warc.gz");
    let ids: Vec<&str> = articles(&results).iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["https://example.com/after-bomb"], "{results:?}");
    assert!(kinds(&results).contains(&"too-large"));
}
