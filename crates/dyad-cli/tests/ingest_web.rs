//! `dyad ingest` on web inputs: pages, copies of one story, other languages, WARC archives, and
//! the same results from one coding thread or several.

mod common;

use std::path::Path;
use std::process::Output;

use common::{dyad, fixtures, gzip, printed, samples, stdout};
use dyad_store::{EventFilter, Store};

fn ingest(store: &Path, inputs: &[&str], extra: &[&str]) -> Output {
    let mut args = vec!["ingest", "--store", store.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.extend_from_slice(inputs);
    dyad(&args, store.parent().unwrap())
}

#[test]
fn copies_are_linked_and_other_languages_stored_uncoded() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("web.db");
    let web = fixtures("web").display().to_string();
    let out = ingest(&store_path, &[&web], &[]);
    let said = printed(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("articles read: 3"), "{said}");
    assert!(
        said.contains("copies of earlier articles (linked, not coded): 1"),
        "{said}"
    );
    assert!(
        said.contains("not English (stored, not coded): 1 (1 es)"),
        "{said}"
    );

    let store = Store::open(&store_path).unwrap();
    let copies = store.copy_stats().unwrap();
    assert_eq!(
        (copies.originals, copies.copies, copies.not_coded),
        (2, 1, 2)
    );
    let events = store.mentions(&EventFilter::default()).unwrap();
    assert!(!events.is_empty());
    let docs: std::collections::BTreeSet<&str> =
        events.iter().map(|e| e.record.doc.as_str()).collect();
    assert_eq!(docs.len(), 1, "only the original is coded: {docs:?}");
    assert!(
        events.iter().any(|e| e.record.event.root == "11"),
        "the accusation is coded"
    );

    // The copy is another article (and outlet) reporting the original's events.
    let merged = store.events(&EventFilter::default()).unwrap();
    assert!(
        merged.iter().all(|e| e.num_articles == 2),
        "{:?}",
        merged.iter().map(|e| e.num_articles).collect::<Vec<_>>()
    );

    // Ingesting again changes nothing.
    let again = ingest(&store_path, &[&web], &[]);
    assert!(
        printed(&again).contains("(3 unchanged)"),
        "{}",
        printed(&again)
    );
    let after = Store::open(&store_path).unwrap().stats().unwrap();
    assert_eq!(after.mentions as usize, events.len());
    assert_eq!(after.articles, 3);
}

#[test]
fn one_thread_or_three_store_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let samples = samples();
    let web = fixtures("web").display().to_string();
    let mut dumps = Vec::new();
    for threads in ["1", "3"] {
        let store = dir.path().join(format!("t{threads}.db"));
        let out = ingest(&store, &[&samples, &web], &["--threads", threads]);
        assert!(out.status.success(), "{}", printed(&out));
        let events = dyad(
            &[
                "events",
                "--store",
                store.to_str().unwrap(),
                "--format",
                "jsonl",
            ],
            dir.path(),
        );
        dumps.push(without_clock_times(&stdout(&events)));
    }
    assert!(dumps[0].len() > 10);
    assert_eq!(dumps[0], dumps[1]);
}

/// The events of a JSON-lines dump without the times the store received them (which differ
/// between runs).
fn without_clock_times(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|line| {
            let mut event: serde_json::Value = serde_json::from_str(line).unwrap();
            let fields = event.as_object_mut().unwrap();
            fields.remove("first_seen");
            fields.remove("last_seen");
            fields["article"]
                .as_object_mut()
                .unwrap()
                .remove("ingested_at");
            event
        })
        .collect()
}

fn warc_record(uri: &str, page: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        page.len()
    )
    .into_bytes();
    http.extend_from_slice(page);
    let mut record = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    record.extend_from_slice(&http);
    record.extend_from_slice(b"\r\n\r\n");
    gzip(&record)
}

#[test]
fn a_warc_archive_is_ingested_and_code_reads_it_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    for name in ["wire-original.html", "spanish.html"] {
        let page = std::fs::read(fixtures("web").join(name)).unwrap();
        archive.extend(warc_record(&format!("https://example.com/{name}"), &page));
    }
    archive.extend_from_slice(b"trailing junk that is not a gzip member");
    let warc = dir.path().join("news.warc.gz");
    std::fs::write(&warc, archive).unwrap();
    let warc = warc.display().to_string();

    let store = dir.path().join("warc.db");
    let out = ingest(&store, &[&warc], &[]);
    let said = printed(&out);
    assert!(said.contains("articles read: 2"), "{said}");
    assert!(said.contains("1 corrupt"), "{said}");
    assert!(
        said.contains("news.warc.gz#record 3"),
        "the bad bytes are located: {said}"
    );
    assert!(
        !out.status.success(),
        "a corrupt record makes the run report failure"
    );

    let coded = dyad(&["code", &warc], dir.path());
    let lines = stdout(&coded).lines().count();
    assert!(lines > 0, "{}", printed(&coded));
    assert!(
        printed(&coded).contains("in language 'es'"),
        "{}",
        printed(&coded)
    );
}
