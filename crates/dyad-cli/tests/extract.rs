//! `dyad extract` and `dyad eval extract`, run as the built binary on small synthetic pages.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{fixtures, gzip, run, run_stdin, shared, stderr, write_file};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    fixtures("extract").join(name)
}

fn json_of(out: &Output) -> Value {
    assert!(out.status.success(), "dyad failed: {}", stderr(out));
    let stdout = String::from_utf8(out.stdout.clone()).expect("utf-8 output");
    assert_eq!(
        stdout.trim_end().lines().count(),
        1,
        "exactly one JSON line: {stdout}"
    );
    serde_json::from_str(stdout.trim()).expect("JSON output")
}

#[test]
fn news_page_json() {
    let v = json_of(&run(&["extract", fixture("news.html").to_str().unwrap()]));
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "authors",
            "canonical_url",
            "language",
            "published",
            "site_name",
            "text",
            "title"
        ]
    );
    assert_eq!(v["title"], "Council approves flood defence plan");
    assert_eq!(v["authors"], serde_json::json!(["Jane Doe", "Omar Haddad"]));
    assert_eq!(v["published"], "2024-03-12T14:05:00+00:00");
    assert_eq!(v["language"], "en");
    assert_eq!(v["site_name"], "The Riverside Courier");
    assert_eq!(
        v["canonical_url"],
        "https://courier.example.org/news/flood-defence-plan"
    );
    let text = v["text"].as_str().unwrap();
    assert!(text.contains("approve a new flood defence plan"), "{text}");
    assert!(text.contains("public meeting in the town hall"), "{text}");
    assert!(
        text.contains("\n\n"),
        "paragraphs separated by blank lines: {text}"
    );
    for furniture in [
        "Sport",
        "cookies",
        "Related articles",
        "Advertisement",
        "Commenter42",
        "All rights reserved",
    ] {
        assert!(
            !text.contains(furniture),
            "{furniture:?} leaked into {text}"
        );
    }
    for para in text.split("\n\n") {
        assert!(
            !para.contains('\n') && !para.contains("  ") && para.trim() == para,
            "{para:?}"
        );
    }
}

#[test]
fn text_format_and_url_date() {
    let url = "https://hafen.example.de/2023/06/05/hafen-wieder-offen";
    let path = fixture("no-metadata.html");
    let out = run(&[
        "extract",
        "--format",
        "text",
        "--url",
        url,
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Der Hafen der Stadt"), "{text}");
    assert!(!text.contains("Archiv"));
    let v = json_of(&run(&["extract", "--url", url, path.to_str().unwrap()]));
    assert_eq!(v["published"], "2023-06-05");
    assert_eq!(v["language"], "de");
    assert_eq!(v["site_name"], "hafen.example.de");
    assert_eq!(v["canonical_url"], url);
    assert_eq!(v["title"], "Harbour reopens after repairs");
    let v = json_of(&run(&["extract", path.to_str().unwrap()]));
    assert_eq!(v["published"], Value::Null, "no date is invented");
}

#[test]
fn gzip_file_and_stdin() {
    let page = std::fs::read(fixture("news.html")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let gz = write_file(dir.path(), "page.html.gz", &gzip(&page));
    let v = json_of(&run(&["extract", gz.to_str().unwrap()]));
    assert_eq!(v["title"], "Council approves flood defence plan");
    let v = json_of(&run_stdin(&["extract", "-"], &page));
    assert_eq!(v["title"], "Council approves flood defence plan");
    let v = json_of(&run_stdin(&["extract", "-"], &gzip(&page)));
    assert_eq!(v["site_name"], "The Riverside Courier");
}

#[test]
fn decompression_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = gzip(&vec![b' '; 100 * 1024 * 1024]);
    assert!(bomb.len() < 1024 * 1024);
    let path = write_file(dir.path(), "bomb.html.gz", &bomb);
    let out = run(&["extract", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("bomb.html.gz") && err.contains("decompression bomb"),
        "{err}"
    );
}

#[test]
fn sixty_thousand_nested_tags() {
    let n = 60_000;
    let body = "<p>The committee met on Friday to discuss the regional budget and agreed to postpone the vote until more figures are available from the ministry.</p>".repeat(3);
    let page = format!(
        "<html><body>{}{}{}</body></html>",
        "<div>".repeat(n),
        body,
        "</div>".repeat(n)
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "deep.html", page.as_bytes());
    let v = json_of(&run(&["extract", path.to_str().unwrap()]));
    assert!(v["text"].as_str().unwrap().contains("postpone the vote"));
    let inline = format!(
        "<html><body>{}{}</body></html>",
        "<b><i><span>".repeat(n / 3),
        body
    );
    let path = write_file(dir.path(), "deep-inline.html", inline.as_bytes());
    let out = run(&["extract", path.to_str().unwrap()]);
    assert!(out.status.code().is_some(), "killed by a signal");
}

#[test]
fn mislabelled_and_invalid_utf8() {
    let mut page =
        b"<html><head><meta charset=\"utf-8\"><title>Stadtrat</title></head><body><article>"
            .to_vec();
    for _ in 0..4 {
        page.extend_from_slice(b"<p>Der B\xfcrgermeister sagte am Montag, die Stra\xdfe bleibe bis zum Fr\xfchjahr gesperrt, weil die Br\xfccke saniert werden m\xfcsse.</p>");
    }
    page.extend_from_slice(b"</article></body></html>");
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "latin1.html", &page);
    let v = json_of(&run(&["extract", path.to_str().unwrap()]));
    let text = v["text"].as_str().unwrap();
    assert!(
        text.contains("Bürgermeister") && text.contains("Straße"),
        "{text}"
    );
    let out = run(&[
        "extract",
        "--content-type",
        "text/html; charset=windows-1252",
        path.to_str().unwrap(),
    ]);
    assert!(json_of(&out)["text"].as_str().unwrap().contains("Brücke"));
    let mut broken = std::fs::read(fixture("news.html")).unwrap();
    broken.splice(400..400, [0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28]);
    let path = write_file(dir.path(), "broken.html", &broken);
    let v = json_of(&run(&["extract", path.to_str().unwrap()]));
    assert!(v["text"].as_str().unwrap().contains("flood defence plan"));
}

#[test]
fn empty_binary_and_missing_files_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write_file(dir.path(), "empty.html", b"");
    let out = run(&["extract", empty.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("empty.html") && err.contains("no article text"),
        "{err}"
    );
    let junk: Vec<u8> = (0u32..200_000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let junk = write_file(dir.path(), "junk.bin", &junk);
    let out = run(&["extract", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("junk.bin"));
    let out = run(&["extract", dir.path().join("missing.html").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("missing.html"));
    let links = write_file(
        dir.path(),
        "links.html",
        b"<html><body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav></body></html>",
    );
    let out = run(&["extract", links.to_str().unwrap()]);
    assert!(
        out.status.code().is_some(),
        "a page of links finishes (an error or next to no text)"
    );
    if out.status.success() {
        assert!(json_of(&out)["text"].as_str().unwrap().len() < 10);
    }
}

#[test]
fn large_page_is_truncated_not_fatal() {
    let para = "<p>The regional parliament debated the new transport law for several hours before adjourning late at night.</p>\n";
    let page = format!(
        "<html><body><article>{}</article></body></html>",
        para.repeat(20 * 1024 * 1024 / para.len())
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "large.html", page.as_bytes());
    let v = json_of(&run(&[
        "extract",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]));
    let text = v["text"].as_str().unwrap();
    assert!(text.len() < page.len() / 2, "cut at MAX_PAGE_BYTES");
    assert!(text.starts_with("The regional parliament"));
}

/// The shared trafilatura evaluation set, if this checkout sits next to it.
fn shared_set() -> Option<PathBuf> {
    let dir = shared("eval/extraction/trafilatura-eval");
    dir.join("evaldata.json").is_file().then_some(dir)
}

#[test]
fn trafilatura_eval_floor() {
    let Some(dir) = shared_set() else {
        eprintln!(
            "skipped: ../shared/eval/extraction/trafilatura-eval not found next to the repository"
        );
        return;
    };
    let out = run(&["eval", "extract", "--trafilatura", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    let s = &line["trafilatura_eval"];
    assert_eq!(s["pages"], 990);
    let f1 = s["f1"].as_f64().unwrap();
    assert!(f1 >= 0.90, "F1 {f1} below the floor 0.90 (measured 0.914)");
    let date = &s["date"];
    let share = date["right"].as_f64().unwrap() / date["of"].as_f64().unwrap();
    assert!(
        share >= 0.83,
        "date accuracy {share} below the floor 0.83 (measured 0.856)"
    );
}
