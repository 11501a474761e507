//! Same results everywhere: `dyad serve` over a PostgreSQL store built by the same `dyad ingest`
//! as a SQLite store answers every read endpoint with the same JSON (store-local times left
//! aside; full-text search ranks and snippets are each backend's own, so search compares hits).
//!
//! Needs `DYAD_TEST_PG` (see `scripts/test`); skipped without it unless `DYAD_REQUIRE_PG` is set.

mod common;

use std::path::PathBuf;

use common::serve::{build_store, enc, ingest_into, Server};
use common::REFERENCE_DOC;
use dyad_store::scratch::ScratchDatabase;
use serde_json::Value;

/// Fields that hold when a row was written, which two ingests cannot share.
const TIMES: [&str; 3] = ["ingested_at", "first_seen", "last_seen"];

fn without_times(mut v: Value) -> Value {
    match &mut v {
        Value::Object(map) => {
            for key in TIMES {
                map.remove(key);
            }
            for value in map.values_mut() {
                *value = without_times(value.take());
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                *item = without_times(item.take());
            }
        }
        _ => {}
    }
    v
}

#[test]
fn the_api_answers_the_same_on_sqlite_and_postgresql() {
    let Some(pg) = ScratchDatabase::from_env("serve_pg").unwrap() else {
        return;
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve_pg");
    let file = build_store(&dir, 40);
    ingest_into(&dir, 40, std::ffi::OsStr::new(&pg.url));
    let lite = Server::start(&file, &["--rate-limit", "0"]);
    let post = Server::start(&pg.url, &["--rate-limit", "0"]);

    let tanker = lite.ok("/api/events?code=1711&limit=1")["events"][0]["id"].clone();
    let mut paths: Vec<String> = [
        "/api/events?limit=1000",
        "/api/events?limit=7",
        "/api/events?country=VEN&limit=1000",
        "/api/events?actor=USA&root=17&limit=1000",
        "/api/events?quad=4&modality=asserted&limit=1000",
        "/api/events?plover=SEIZE&limit=1000",
        "/api/events?place=caribbean&limit=1000",
        "/api/events?background=true&limit=1000",
        "/api/events?from=2019-01-01&to=2019-06-30&limit=1000",
        "/api/events?q=tanker&limit=1000",
        "/api/series?country=VEN&interval=month",
        "/api/series?source=USA&target=VEN&interval=day",
        "/api/series?interval=week",
        "/api/network",
        "/api/places",
        "/api/codebook",
        "/api/stats",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    paths.push(format!("/api/events/{tanker}"));
    paths.push(format!("/api/articles/{}", enc(REFERENCE_DOC)));
    for path in &paths {
        let (a, b) = (lite.ok(path), post.ok(path));
        assert_eq!(
            without_times(a),
            without_times(b),
            "GET {path} differs between SQLite and PostgreSQL"
        );
    }
    // The next page of a paged listing starts at the same event.
    let first = lite.ok("/api/events?limit=7");
    let cursor = first["next_cursor"].as_str().expect("more than 7 events");
    let next = format!("/api/events?limit=7&cursor={}", enc(cursor));
    assert_eq!(without_times(lite.ok(&next)), without_times(post.ok(&next)));

    let hits = |s: &Server| -> Vec<String> {
        let found = s.ok("/api/search?q=tanker");
        let mut ids: Vec<String> = found["hits"]
            .as_array()
            .expect("a list of hits")
            .iter()
            .map(|h| h["article"]["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    let found = hits(&lite);
    assert!(!found.is_empty());
    assert_eq!(found, hits(&post));
}
