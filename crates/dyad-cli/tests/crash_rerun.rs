//! Crash safety: `dyad ingest` killed with SIGKILL at several points, then run again to the
//! end, leaves exactly the dataset of an uninterrupted run: no article half-stored, none lost,
//! none twice, every event's counts matching its mentions. On a SQLite file always, and on
//! PostgreSQL when `DYAD_TEST_PG` names a server.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::dataset::dataset;
use common::{dyad_command, printed, shared, store_arg};
use dyad_store::scratch::ScratchDatabase;
use dyad_store::{EventFilter, Store, StoreLocation};

const GUARDIAN: &str = "corpora/guardian-sample-ngec/guardian-2019.articles.jsonl";

/// Kill points, in milliseconds after the start of each interrupted run: fixed pseudo-random
/// draws, so a failure can be replayed.
fn kill_points(seed: u64, n: usize) -> Vec<u64> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            300 + x % 2200
        })
        .collect()
}

fn ingest(store: &str, input: &str) -> std::process::Output {
    dyad_command()
        .args(["ingest", "--threads", "2", "--store", store, input])
        .output()
        .unwrap()
}

/// Starts `dyad ingest` and kills it after `ms` milliseconds (if it is still running).
fn ingest_killed_after(store: &str, input: &str, ms: u64) {
    let mut child = dyad_command()
        .args(["ingest", "--threads", "2", "--store", store, input])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let end = Instant::now() + Duration::from_millis(ms);
    while Instant::now() < end {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
}

/// Every event's counts agree with its stored mentions, and no mention is left unmerged.
fn consistent(store: &Store) {
    let all = EventFilter::default();
    let mentions = store.mentions(&all).unwrap();
    for e in store.events(&all).unwrap() {
        let n = mentions.iter().filter(|m| m.event_id == e.id).count();
        assert_eq!(e.num_mentions as usize, n, "event {} counts", e.id);
    }
    assert_eq!(store.stats().unwrap().mentions as usize, mentions.len());
}

fn kill_and_rerun(location: StoreLocation, reference: &Store, input: &str, seed: u64) {
    let arg = store_arg(&location);
    for ms in kill_points(seed, 4) {
        ingest_killed_after(&arg, input, ms);
        let store = Store::open_at(&location).unwrap();
        consistent(&store);
    }
    let out = ingest(&arg, input);
    assert!(out.status.success(), "{}", printed(&out));
    let store = Store::open_at(&location).unwrap();
    consistent(&store);
    let (ours, theirs) = (dataset(&store), dataset(reference));
    let what = format!("after kills on {location}");
    if location.is_postgres() {
        ours.without_event_ids()
            .assert_same(&theirs.without_event_ids(), &what);
    } else {
        ours.assert_same(&theirs, &what);
    }
}

#[test]
fn killed_ingests_rerun_to_exactly_the_uninterrupted_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(shared(GUARDIAN)).unwrap();
    let subset: String = text.lines().take(80).map(|l| format!("{l}\n")).collect();
    let input = dir.path().join("subset.articles.jsonl");
    std::fs::write(&input, subset).unwrap();
    let input = input.to_str().unwrap();

    let clean = dir.path().join("clean.db");
    let out = ingest(clean.to_str().unwrap(), input);
    assert!(out.status.success(), "{}", printed(&out));
    let reference = Store::open(&clean).unwrap();
    assert_eq!(reference.stats().unwrap().articles, 80);

    let file = dir.path().join("killed.db");
    kill_and_rerun(
        StoreLocation::File(file.clone()),
        &reference,
        input,
        0x5eed_d1ad,
    );
    let conn = rusqlite::Connection::open(&file).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    if let Some(pg) = ScratchDatabase::from_env("crash_rerun").unwrap() {
        kill_and_rerun(
            StoreLocation::Postgres(pg.url.clone()),
            &reference,
            input,
            0x0dd_ba11,
        );
    }
}
