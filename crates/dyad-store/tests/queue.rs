//! The PostgreSQL work queue: claims never overlap, leases expire, failing units are parked,
//! done is marked with the last article, and a SQLite store refuses the queue clearly.
//!
//! Needs `DYAD_TEST_PG` (see `scripts/test`); the SQLite refusal runs everywhere.

mod common;

use std::time::Duration;

use common::{article, event};
use dyad_store::scratch::ScratchDatabase;
use dyad_store::{ArticleMeta, NewUnit, Store, StoreError, StoreLocation, UnitStatus, UnitTotals};

fn queue_store(test: &str) -> Option<(Store, ScratchDatabase)> {
    let pg = ScratchDatabase::from_env(test).unwrap()?;
    let store = Store::open_at(&StoreLocation::Postgres(pg.url.clone())).unwrap();
    Some((store, pg))
}

fn units(paths: &[&str]) -> Vec<NewUnit> {
    paths
        .iter()
        .map(|p| NewUnit {
            path: p.to_string(),
        })
        .collect()
}

const LEASE: Duration = Duration::from_secs(60);

#[test]
fn a_sqlite_store_has_no_queue() {
    let store = Store::open_in_memory().unwrap();
    match store.queue_add(&units(&["/a"]), 3) {
        Err(StoreError::Unsupported(why)) => assert!(why.contains("PostgreSQL"), "{why}"),
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

#[test]
fn claims_never_overlap_and_paths_are_queued_once() {
    let Some((store, pg)) = queue_store("claims") else {
        return;
    };
    assert_eq!(
        store.queue_add(&units(&["/u1", "/u2", "/u3"]), 3).unwrap(),
        3
    );
    assert_eq!(store.queue_add(&units(&["/u2", "/u4"]), 3).unwrap(), 1);
    // Two connections claiming at once (SKIP LOCKED): four distinct units, then nothing.
    let other = Store::open_at(&StoreLocation::Postgres(pg.url.clone())).unwrap();
    let mut claimed = Vec::new();
    for i in 0..2 {
        for (name, s) in [("a", &store), ("b", &other)] {
            let c = s.queue_claim(name, LEASE).unwrap().unwrap();
            assert_eq!((c.attempt, c.worker.as_str()), (1, name), "round {i}");
            claimed.push(c.path);
        }
    }
    claimed.sort();
    assert_eq!(claimed, ["/u1", "/u2", "/u3", "/u4"]);
    assert!(store.queue_claim("a", LEASE).unwrap().is_none());
    let counts = store.queue_counts().unwrap();
    assert_eq!((counts.pending, counts.running), (0, 4));
}

#[test]
fn an_expired_lease_is_claimed_again_and_the_old_worker_loses_it() {
    let Some((store, _pg)) = queue_store("leases") else {
        return;
    };
    store.queue_add(&units(&["/slow"]), 2).unwrap();
    let first = store
        .queue_claim("dead", Duration::from_secs(1))
        .unwrap()
        .unwrap();
    assert!(store.queue_claim("b", LEASE).unwrap().is_none(), "leased");
    std::thread::sleep(Duration::from_millis(1300));
    let second = store.queue_claim("b", LEASE).unwrap().unwrap();
    assert_eq!((second.id, second.attempt), (first.id, 2));
    assert!(
        !store.queue_heartbeat(&first, LEASE).unwrap(),
        "no longer the dead worker's"
    );
    assert!(store.queue_heartbeat(&second, LEASE).unwrap());
    assert!(!store.queue_done(&first, UnitTotals::default()).unwrap());
    let row = &store.queue_units(None).unwrap()[0];
    assert_eq!(row.status, UnitStatus::Running);
    assert!(
        row.last_error
            .as_deref()
            .unwrap()
            .contains("lease of worker dead expired"),
        "{row:?}"
    );
}

#[test]
fn failing_units_are_parked_after_their_attempts_and_can_be_retried() {
    let Some((store, _pg)) = queue_store("failures") else {
        return;
    };
    store.queue_add(&units(&["/bad"]), 2).unwrap();
    let c = store.queue_claim("w", LEASE).unwrap().unwrap();
    assert_eq!(
        store.queue_fail(&c, "corrupt").unwrap(),
        Some(UnitStatus::Pending)
    );
    let c = store.queue_claim("w", LEASE).unwrap().unwrap();
    assert_eq!(c.attempt, 2);
    assert_eq!(
        store.queue_fail(&c, "corrupt again").unwrap(),
        Some(UnitStatus::Failed)
    );
    assert!(store.queue_claim("w", LEASE).unwrap().is_none());
    let row = &store.queue_units(Some(UnitStatus::Failed)).unwrap()[0];
    assert_eq!(row.last_error.as_deref(), Some("corrupt again"));
    // A worker that loses its lease twice (killed twice) is parked the same way.
    store.queue_add(&units(&["/crashy"]), 1).unwrap();
    store
        .queue_claim("k", Duration::from_secs(1))
        .unwrap()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1300));
    assert!(store.queue_claim("k2", LEASE).unwrap().is_none());
    assert_eq!(store.queue_counts().unwrap().failed, 2);
    assert_eq!(store.queue_retry_failed().unwrap(), 2);
    assert_eq!(store.queue_counts().unwrap().pending, 2);
}

#[test]
fn a_released_unit_keeps_its_attempts_and_done_comes_with_the_last_article() {
    let Some((mut store, _pg)) = queue_store("done") else {
        return;
    };
    store.queue_add(&units(&["/batch"]), 3).unwrap();
    let c = store.queue_claim("w", LEASE).unwrap().unwrap();
    assert!(store.queue_release(&c, "lost the database").unwrap());
    let c = store.queue_claim("w", LEASE).unwrap().unwrap();
    assert_eq!(c.attempt, 1, "a release does not count as an attempt");
    let a = article("last", "The US seized a tanker.");
    let events = [event("last", 0, "1711", "2025-12-10", "USAMIL", "VEN")];
    let totals = UnitTotals {
        articles: 1,
        mentions: 1,
        skipped: 0,
    };
    store
        .put_article_finishing(&a, &events, &ArticleMeta::coded(), &c, totals)
        .unwrap();
    let row = &store.queue_units(None).unwrap()[0];
    assert_eq!(row.status, UnitStatus::Done);
    assert_eq!((row.articles, row.mentions), (Some(1), Some(1)));
    assert_eq!(
        row.worker.as_deref(),
        Some("w"),
        "the worker that did it stays on record"
    );
    assert_eq!(store.stats().unwrap().mentions, 1);
}
