//! The store against a real SQLite file and, when `DYAD_TEST_PG` names a server, a real
//! PostgreSQL database: the same assertions on both.

mod common;

use chrono::NaiveDate;
use common::{article, event};
use dyad_store::{EventFilter, PutOutcome, Store, StoreError};

#[test]
fn ingesting_twice_changes_nothing_and_new_versions_replace() {
    let backends = common::Backends::new("ingesting_twice");
    for location in backends.locations() {
        ingesting_twice_on(&location);
    }
}

fn ingesting_twice_on(location: &dyad_store::StoreLocation) {
    let mut store = Store::open_at(location).unwrap();
    let a = article("a", "body");
    let events = vec![event("a", 0, "1711", "2025-12-10", "USAMIL", "VEN")];
    assert_eq!(
        store.put_article(&a, &events).unwrap(),
        PutOutcome::Inserted
    );
    assert_eq!(
        store.put_article(&a, &events).unwrap(),
        PutOutcome::Unchanged
    );
    drop(store);
    let mut store = Store::open_at(location).unwrap();
    assert_eq!(store.stats().unwrap().events, 1);
    let newer = article("a", "body, corrected");
    let events2 = vec![
        event("a", 0, "190", "2025-12-10", "USAMIL", "VEN"),
        event("a", 1, "042", "2025", "VENGOV", "RUS"),
    ];
    assert_eq!(
        store.put_article(&newer, &events2).unwrap(),
        PutOutcome::Replaced
    );
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.events), (1, 2));
}

#[test]
fn filters_by_date_actor_root_and_limit() {
    common::on_each_backend(
        "filters_by_date_actor_root_and_limit",
        |mut store: Store| {
            store
                .put_article(
                    &article("a", "1"),
                    &[
                        event("a", 0, "1711", "2025-12-10", "USAMIL", "VEN"),
                        event("a", 1, "042", "2025", "VENGOV", "RUS"),
                    ],
                )
                .unwrap();
            store
                .put_article(
                    &article("b", "2"),
                    &[event("b", 0, "190", "2024-03-01", "RUSMIL", "UKR")],
                )
                .unwrap();
            let ids = |f: EventFilter| {
                store
                    .events(&f)
                    .unwrap()
                    .iter()
                    .map(|e| (e.record.doc.clone(), e.record.sentence))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                ids(EventFilter::default()),
                vec![("b".into(), 0), ("a".into(), 1), ("a".into(), 0)]
            );
            assert_eq!(
                ids(EventFilter {
                    actor: Some("usa".into()),
                    ..Default::default()
                }),
                vec![("a".into(), 0)]
            );
            assert_eq!(
                ids(EventFilter {
                    actor: Some("RUS".into()),
                    ..Default::default()
                })
                .len(),
                2
            );
            assert_eq!(
                ids(EventFilter {
                    root: Some("17".into()),
                    ..Default::default()
                }),
                vec![("a".into(), 0)]
            );
            let from = NaiveDate::from_ymd_opt(2025, 1, 1);
            assert_eq!(
                ids(EventFilter {
                    from,
                    ..Default::default()
                })
                .len(),
                2
            );
            let to = NaiveDate::from_ymd_opt(2024, 12, 31);
            assert_eq!(
                ids(EventFilter {
                    to,
                    ..Default::default()
                }),
                vec![("b".into(), 0)]
            );
            assert_eq!(
                ids(EventFilter {
                    limit: Some(1),
                    ..Default::default()
                })
                .len(),
                1
            );
            assert_eq!(
                ids(EventFilter {
                    doc: Some("b".into()),
                    ..Default::default()
                })
                .len(),
                1
            );
        },
    );
}

#[test]
fn records_round_trip_exactly() {
    common::on_each_backend("records_round_trip_exactly", |mut store: Store| {
        let e = event("a", 0, "1711", "2025-12-10", "USAMIL", "VEN");
        store
            .put_article(&article("a", "1"), std::slice::from_ref(&e))
            .unwrap();
        let events = store.events(&EventFilter::default()).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].record, e);
        assert_eq!(
            store.mentions(&EventFilter::default()).unwrap()[0].record,
            e
        );
    });
}

#[test]
fn a_newer_schema_is_refused_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    match Store::open(&path) {
        Err(StoreError::TooNew { found: 99, .. }) => {}
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
}

#[test]
fn schema_version_is_current() {
    common::on_each_backend("schema_version_is_current", |store: Store| {
        assert_eq!(
            store.schema_version().unwrap(),
            dyad_store::migrations::current_version()
        );
    });
}

#[test]
fn copies_are_found_by_band_and_linked_to_their_original() {
    common::on_each_backend("copies_are_found", copies_on);
}

fn copies_on(mut store: Store) {
    use dyad_store::ArticleMeta;
    let original = article("wire", "The story as the agency wrote it.");
    let meta = ArticleMeta {
        canonical_url: Some("https://example.org/wire".into()),
        fingerprint: Some(vec![1, 2, 3, 4]),
        bands: vec![11, 22, 33],
        duplicate_of: None,
        coded: true,
        tone: None,
    };
    store.put_article_with(&original, &[], &meta).unwrap();
    let key = original.content_key();

    let accept = |bytes: &[u8]| bytes == [1, 2, 3, 4];
    let reject = |_: &[u8]| false;
    assert_eq!(
        store.original_by_bands(&[0, 22], &accept).unwrap(),
        Some(key.clone())
    );
    assert_eq!(
        store.original_by_bands(&[22, 0], &accept).unwrap(),
        None,
        "bands are positional"
    );
    assert_eq!(store.original_by_bands(&[11], &reject).unwrap(), None);
    assert_eq!(
        store.original_by_url("https://example.org/wire").unwrap(),
        Some(key.clone())
    );

    let copy = article("reprint", "The story as the agency wrote it, reprinted.");
    let copy_meta = ArticleMeta {
        duplicate_of: Some(key.clone()),
        coded: false,
        tone: None,
        ..meta.clone()
    };
    store.put_article_with(&copy, &[], &copy_meta).unwrap();
    assert_eq!(store.copies_of(&key).unwrap(), [copy.content_key()]);
    let stats = store.copy_stats().unwrap();
    assert_eq!((stats.originals, stats.copies, stats.not_coded), (1, 1, 1));
    // A copy is never itself an original for later copies.
    assert_eq!(
        store.original_by_bands(&[11], &|_| true).unwrap(),
        Some(key)
    );
}

/// One schema, two dialects: every table and column of the SQLite schema exists on PostgreSQL
/// with the matching type, and PostgreSQL adds only what the migrations say it adds.
#[test]
fn both_backends_have_the_same_schema() {
    let backends = common::Backends::new("same_schema");
    let Some(pg) = &backends.pg else {
        return;
    };
    let path = backends.dir.path().join("schema.db");
    drop(Store::open(&path).unwrap());
    drop(Store::open_at(&dyad_store::StoreLocation::Postgres(pg.url.clone())).unwrap());
    let sqlite_only = ["article_search", "articles_fts"];
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT m.name, p.name, p.type FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'articles_fts%'
             ORDER BY m.name, p.name",
        )
        .unwrap();
    let lite: Vec<(String, String, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .filter(|(t, _, _)| !sqlite_only.contains(&t.as_str()))
        .collect();
    let mut client = postgres::Client::connect(&pg.url, postgres::NoTls).unwrap();
    let rows = client
        .query(
            "SELECT table_name::text, column_name::text, data_type::text
             FROM information_schema.columns WHERE table_schema = 'public'
             ORDER BY table_name, column_name",
            &[],
        )
        .unwrap();
    let pg_only = ["dyad_schema", "work_units"];
    let pg_extra_columns = [
        ("articles", "rowid"),
        ("articles", "search"),
        ("watch_items", "rowid"),
    ];
    let remote: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .filter(|(t, c, _): &(String, String, String)| {
            !pg_only.contains(&t.as_str()) && !pg_extra_columns.contains(&(t.as_str(), c.as_str()))
        })
        .collect();
    let as_pg = |t: &str| match t {
        "INTEGER" => "bigint",
        "REAL" => "double precision",
        "TEXT" => "text",
        "BLOB" => "bytea",
        other => panic!("SQLite type {other} has no PostgreSQL counterpart"),
    };
    let lite: Vec<(String, String, String)> = lite
        .into_iter()
        .map(|(t, c, ty)| (t, c, as_pg(&ty).to_string()))
        .collect();
    assert_eq!(lite, remote);
}
