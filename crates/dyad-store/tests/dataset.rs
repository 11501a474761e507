//! Merged events, their mentions and counts, search, article views and pagination, against a
//! real SQLite file and, when `DYAD_TEST_PG` names a server, a real PostgreSQL database.

mod common;

use common::{article, event};
use dyad_core::{Article, EventRecord};
use dyad_store::{ArticleMeta, Cursor, EventFilter, MergeRules, Store, StoreError};

fn with_text(mut e: EventRecord, text: &str) -> EventRecord {
    e.text = text.into();
    e.id = e.compute_id();
    e
}

fn from(outlet: &str, mut a: Article) -> Article {
    a.source = Some(outlet.into());
    a
}

#[test]
fn reports_of_one_event_across_articles_and_outlets_merge_with_counts() {
    common::on_each_backend(
        "reports_of_one_event_across_articles_and_outlets_merge_with_counts",
        |mut store: Store| {
            let a = from("AFP", article("a", "The US seized a tanker. Then talks."));
            let b = from(
                "Reuters",
                article("b", "U.S. forces seized a Venezuelan tanker."),
            );
            let a_events = [
                with_text(
                    event("a", 0, "1711", "2025-12-10", "USA", "VEN"),
                    "The US seized a tanker.",
                ),
                with_text(
                    event("a", 1, "042", "2025-12-10", "USAGOV", "VENGOV"),
                    "Then talks.",
                ),
            ];
            let mut b_seizure = with_text(
                event("b", 0, "171", "2025-12-11", "USAMIL", "VEN"),
                "U.S. forces seized a Venezuelan tanker.",
            );
            b_seizure.location = Some(dyad_core::Location {
                text: "off Venezuela".into(),
                name: "Venezuela".into(),
                country: Some("VEN".into()),
                lat: Some(8.0),
                lon: Some(-66.0),
                precision: "country".into(),
            });
            let b_events = [b_seizure];
            store.put_article(&a, &a_events).unwrap();
            let meta = ArticleMeta {
                tone: Some(-2.5),
                ..ArticleMeta::coded()
            };
            store.put_article_with(&b, &b_events, &meta).unwrap();
            let stats = store.stats().unwrap();
            assert_eq!((stats.mentions, stats.events), (3, 2));
            let seizure = &store
                .events(&EventFilter {
                    root: Some("17".into()),
                    ..Default::default()
                })
                .unwrap()[0];
            assert_eq!(
                (
                    seizure.num_mentions,
                    seizure.num_articles,
                    seizure.num_sources
                ),
                (2, 2, 2)
            );
            assert_eq!(seizure.record.doc, "a", "the first report leads");
            assert_eq!(seizure.avg_tone, Some(-2.5));
            // The place comes from the member that has one.
            let placed = store
                .events(&EventFilter {
                    place: Some("venez".into()),
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(
                placed.iter().map(|e| e.id).collect::<Vec<_>>(),
                [seizure.id]
            );
            let (_, mentions) = store.event(seizure.id).unwrap().unwrap();
            assert_eq!(mentions.len(), 2);
            // Mentions of one article: only its own, not the other reports of its events.
            let of_b = store
                .mentions(&EventFilter {
                    doc: Some("b".into()),
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(
                of_b.iter()
                    .map(|m| m.record.doc.as_str())
                    .collect::<Vec<_>>(),
                ["b"]
            );
            assert!(
                mentions[0].merge.is_none(),
                "the founding mention has no reason"
            );
            let reason = mentions[1].merge.as_ref().unwrap();
            assert_eq!(reason.matched_mention, a_events[0].id);
            assert!(reason.features.iter().any(|f| f == "date: 1 days apart"));
            assert!(reason.features.iter().any(|f| f == "article: different"));
        },
    );
}

#[test]
fn copies_add_articles_and_outlets_to_the_events_of_their_original() {
    common::on_each_backend(
        "copies_add_articles_and_outlets_to_the_events_of_their_original",
        |mut store: Store| {
            let wire = from("AFP", article("wire", "The US seized a tanker."));
            let events = [event("wire", 0, "1711", "2025-12-10", "USA", "VEN")];
            store.put_article(&wire, &events).unwrap();
            let copy = from(
                "Moscow Times",
                article("copy", "The US seized a tanker (AFP)."),
            );
            let meta = ArticleMeta {
                duplicate_of: Some(wire.content_key()),
                coded: false,
                ..ArticleMeta::default()
            };
            store.put_article_with(&copy, &[], &meta).unwrap();
            let e = &store.events(&EventFilter::default()).unwrap()[0];
            assert_eq!((e.num_mentions, e.num_articles, e.num_sources), (1, 2, 2));
        },
    );
}

#[test]
fn a_new_version_of_an_article_moves_its_mentions_and_recounts() {
    common::on_each_backend(
        "a_new_version_of_an_article_moves_its_mentions_and_recounts",
        |mut store: Store| {
            let a = article("a", "one");
            let b = article("b", "two");
            store
                .put_article(&a, &[event("a", 0, "1711", "2025-12-10", "USA", "VEN")])
                .unwrap();
            store
                .put_article(&b, &[event("b", 0, "171", "2025-12-10", "USA", "VEN")])
                .unwrap();
            assert_eq!(
                store.events(&EventFilter::default()).unwrap()[0].num_mentions,
                2
            );
            // The first report is corrected: it now reports an attack, not a seizure.
            let a2 = article("a", "one, corrected");
            store
                .put_article(&a2, &[event("a", 0, "190", "2025-12-10", "USA", "VEN")])
                .unwrap();
            let events = store.events(&EventFilter::default()).unwrap();
            assert_eq!(events.len(), 2);
            let seizure = events.iter().find(|e| e.record.event.root == "17").unwrap();
            assert_eq!(
                (seizure.num_mentions, seizure.record.doc.as_str()),
                (1, "b")
            );
            // The event's own columns follow its new lead (the filter reads them).
            let by_root = |root: &str| {
                store
                    .events(&EventFilter {
                        root: Some(root.into()),
                        ..Default::default()
                    })
                    .unwrap()
                    .len()
            };
            assert_eq!((by_root("17"), by_root("19")), (1, 1));
            let by_code = |code: &str| {
                store
                    .events(&EventFilter {
                        code: Some(code.into()),
                        ..Default::default()
                    })
                    .unwrap()
                    .len()
            };
            assert_eq!(
                (by_code("1711"), by_code("171")),
                (0, 1),
                "the new lead's code"
            );
        },
    );
}

#[test]
fn remerging_under_new_rules_is_reversible_and_recodes_nothing() {
    common::on_each_backend(
        "remerging_under_new_rules_is_reversible_and_recodes_nothing",
        |mut store: Store| {
            store
                .put_article(
                    &article("a", "x"),
                    &[event("a", 0, "1711", "2025-12-10", "USA", "VEN")],
                )
                .unwrap();
            store
                .put_article(
                    &article("b", "x"),
                    &[event("b", 0, "1711", "2025-12-13", "USA", "VEN")],
                )
                .unwrap();
            assert_eq!(store.stats().unwrap().events, 2, "3 days apart: two events");
            store.set_merge_rules(MergeRules {
                date_window_days: 3,
                ..MergeRules::default()
            });
            assert_eq!(store.remerge().unwrap(), 2);
            assert_eq!(store.stats().unwrap().events, 1);
            store.set_merge_rules(MergeRules::default());
            store.remerge().unwrap();
            let stats = store.stats().unwrap();
            assert_eq!((stats.mentions, stats.events), (2, 2));
        },
    );
}

#[test]
fn search_finds_articles_and_filters_events_by_text() {
    common::on_each_backend(
        "search_finds_articles_and_filters_events_by_text",
        |mut store: Store| {
            let a = article("a", "The US seized an oil tanker off <Venezuela>.");
            let b = article("b", "Ministers met in Geneva for talks.");
            store
                .put_article(&a, &[event("a", 0, "1711", "2025-12-10", "USA", "VEN")])
                .unwrap();
            store
                .put_article(
                    &b,
                    &[event("b", 0, "042", "2025-12-10", "FRAGOV", "CHEGOV")],
                )
                .unwrap();
            let hits = store.search_articles("tanker", 10).unwrap();
            assert_eq!(hits.len(), 1);
            assert_eq!(hits[0].article.id, "a");
            assert_eq!(hits[0].events, 1);
            assert!(hits[0].snippet_html.contains("<mark>tanker</mark>"));
            let unmarked = hits[0]
                .snippet_html
                .replace("<mark>", "")
                .replace("</mark>", "");
            assert!(!unmarked.contains('<'), "{}", hits[0].snippet_html);
            if store.dialect() == dyad_store::Dialect::Sqlite {
                // PostgreSQL's parser reads `<Venezuela>` as a tag and leaves it out of snippets.
                assert!(hits[0].snippet_html.contains("&lt;Venezuela&gt;"));
            }
            let f = EventFilter {
                text: Some("geneva".into()),
                ..Default::default()
            };
            let events = store.events(&f).unwrap();
            assert_eq!(events.len(), 1);
            assert_eq!(events[0].record.event.cameo, "042");
            if store.dialect() == dyad_store::Dialect::Sqlite {
                // FTS5 syntax can be malformed; PostgreSQL's web-search syntax cannot.
                match store.search_articles("\"unbalanced", 10) {
                    Err(StoreError::BadQuery(_)) => {}
                    other => panic!("expected BadQuery, got {other:?}"),
                }
            }
            // A replaced article leaves the index with it.
            store
                .put_article(&article("a", "Nothing about ships."), &[])
                .unwrap();
            assert!(store.search_articles("tanker", 10).unwrap().is_empty());
            assert_eq!(store.search_articles("ships", 10).unwrap().len(), 1);
        },
    );
}

#[test]
fn article_views_carry_mentions_with_sentence_offsets() {
    common::on_each_backend(
        "article_views_carry_mentions_with_sentence_offsets",
        |mut store: Store| {
            let body = "Intro here. The US seized a tanker.";
            let e = with_text(
                event("a", 1, "1711", "2025-12-10", "USA", "VEN"),
                "The US seized a tanker.",
            );
            store.put_article(&article("a", body), &[e]).unwrap();
            let view = store.article("a").unwrap().unwrap();
            assert_eq!(view.body, body);
            assert_eq!(view.mentions.len(), 1);
            assert_eq!(view.mentions[0].sentence_start, Some(12));
            let by_key = store.article(&view.article.key).unwrap().unwrap();
            assert_eq!(by_key.article.id, "a");
            assert!(store.article("missing").unwrap().is_none());
            assert!(store.event(999).unwrap().is_none());
        },
    );
}

#[test]
fn pages_walk_every_event_once() {
    common::on_each_backend("pages_walk_every_event_once", |mut store: Store| {
        for i in 0..7 {
            let id = format!("a{i}");
            let day = format!("2025-12-{:02}", 1 + (i % 3) * 5);
            let cameo = ["1711", "042", "190", "112"][i % 4];
            store
                .put_article(
                    &article(&id, "x"),
                    &[event(&id, 0, cameo, &day, "USA", "VEN")],
                )
                .unwrap();
        }
        let all = store.events(&EventFilter::default()).unwrap();
        let mut seen = Vec::new();
        let mut after: Option<Cursor> = None;
        loop {
            let f = EventFilter {
                limit: Some(2),
                after: after.clone(),
                ..Default::default()
            };
            let (page, next) = store.events_page(&f).unwrap();
            seen.extend(page.iter().map(|e| e.id));
            match next {
                Some(c) => after = Some(Cursor::decode(&c.encode()).unwrap()),
                None => break,
            }
        }
        assert_eq!(seen, all.iter().map(|e| e.id).collect::<Vec<_>>());
    });
}

#[test]
fn a_store_written_before_events_existed_is_merged_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in &dyad_store::migrations::MIGRATIONS[..3] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    let e = event("a", 0, "1711", "2025-12-10", "USA", "VEN");
    conn.execute(
        "INSERT INTO articles (key, id, url, title, authors, published, source, body, format,
             origin, ingested_at) VALUES ('k', 'a', NULL, 'T', '[]', '2025-12-11', NULL,
             'The US seized a tanker.', 'text', 'test', '2025-12-11 10:00:00')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO events (id, article_key, doc, sentence, cameo, root, quad, goldstein, plover,
             date, date_start, modality, background, confidence, record)
         VALUES (?, 'k', 'a', 0, '1711', '17', 4, -9.2, 'SEIZE', '2025-12-10', '2025-12-10',
             'asserted', 0, 0.9, ?)",
        rusqlite::params![e.id, serde_json::to_string(&e).unwrap()],
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.mentions, stats.events), (1, 1, 1));
    assert_eq!(store.search_articles("tanker", 5).unwrap().len(), 1);
}

#[test]
fn a_failing_sink_stops_the_stream_with_its_error() {
    common::on_each_backend(
        "a_failing_sink_stops_the_stream_with_its_error",
        |mut store: Store| {
            for id in ["a", "b"] {
                store
                    .put_article(
                        &article(id, "x"),
                        &[event(id, 0, "1711", "2025-12-10", "USA", "VEN")],
                    )
                    .unwrap();
            }
            let mut seen = 0;
            let result = store.for_each_mention(&EventFilter::default(), &mut |_| {
                seen += 1;
                Err(std::io::Error::new(
                    std::io::ErrorKind::BrokenPipe,
                    "closed",
                ))
            });
            match result {
                Err(StoreError::Sink(e)) => assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe),
                other => panic!("expected a sink error, got {other:?}"),
            }
            assert_eq!(seen, 1, "nothing is sent after the failure");
        },
    );
}
