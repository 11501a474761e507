//! Many workers on one PostgreSQL store: the 249 Guardian articles queued in ten units, three
//! `dyad worker` processes, one killed with SIGKILL in the middle of a unit. The others finish
//! the queue (the killed worker's unit once its lease ends), and the store ends with exactly the
//! articles, mentions and events of one `dyad ingest` into a SQLite file: none lost, none twice.
//!
//! Needs `DYAD_TEST_PG` (see `scripts/test`); skipped without it unless `DYAD_REQUIRE_PG` is set.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::dataset::dataset;
use common::{dyad_command, printed, shared};
use dyad_store::scratch::ScratchDatabase;
use dyad_store::{Store, StoreLocation, UnitStatus};

const GUARDIAN: &str = "corpora/guardian-sample-ngec/guardian-2019.articles.jsonl";

#[test]
fn three_workers_one_killed_store_exactly_what_one_ingest_stores() {
    let Some(pg) = ScratchDatabase::from_env("cluster").unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let units = split_into_units(&shared(GUARDIAN), dir.path(), 10);

    let embedded = dir.path().join("embedded.db");
    let single = run_ok(&[
        "ingest",
        "--store",
        path_str(&embedded),
        path_str(&shared(GUARDIAN)),
    ]);
    assert!(single.contains("249 articles"), "{single}");

    let mut add = vec!["queue", "--store", &pg.url, "add"];
    add.extend(units.iter().map(|p| path_str(p)));
    let queued = run_ok(&add);
    assert!(queued.contains("queued 10 unit(s)"), "{queued}");

    let (lines_tx, lines_rx) = mpsc::channel::<(usize, String)>();
    let mut workers: Vec<Child> = (0..3)
        .map(|i| start_worker(&pg.url, i, lines_tx.clone()))
        .collect();
    drop(lines_tx);
    // Kill worker 0 once it is well into its first unit.
    let victim_unit = wait_for_line(&lines_rx, Duration::from_secs(120), |(w, l)| {
        *w == 0 && l.contains("(attempt 1)")
    });
    std::thread::sleep(Duration::from_millis(700));
    workers[0].kill().unwrap(); // SIGKILL
    workers[0].wait().unwrap();
    let log: Vec<(usize, String)> = collect_until_exit(&mut workers[1..], &lines_rx);

    let store = Store::open_at(&StoreLocation::Postgres(pg.url.clone())).unwrap();
    let units_after = store.queue_units(None).unwrap();
    assert!(
        units_after.iter().all(|u| u.status == UnitStatus::Done),
        "{units_after:#?}\n{log:#?}"
    );
    let victim_id: i64 = victim_unit
        .1
        .split("unit ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    let victim = units_after.iter().find(|u| u.id == victim_id).unwrap();
    if killed_mid_unit(&log, victim_id) {
        let noted = victim
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("lease of worker w0 expired"));
        assert!(
            victim.attempts >= 2 && noted,
            "the killed worker's unit is claimed again once its lease ends: {victim:?}"
        );
    }

    // Merging is canonical (it does not depend on the order of arrival): after `dyad merge`
    // both stores hold the same events.
    run_ok(&["merge", "--store", &pg.url]);
    run_ok(&["merge", "--store", path_str(&embedded)]);
    let cluster = dataset(&store);
    let single = dataset(&Store::open(&embedded).unwrap());
    cluster.assert_same(&single, "three workers against one ingest");
}

/// Splits a JSONL file into `n` files of consecutive lines.
fn split_into_units(source: &Path, dir: &Path, n: usize) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(source).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let per = lines.len().div_ceil(n);
    lines
        .chunks(per)
        .enumerate()
        .map(|(i, chunk)| {
            let path = dir.join(format!("unit-{i:02}.articles.jsonl"));
            std::fs::write(&path, chunk.join("\n") + "\n").unwrap();
            path
        })
        .collect()
}

fn start_worker(url: &str, i: usize, lines: mpsc::Sender<(usize, String)>) -> Child {
    let mut child = dyad_command()
        .args([
            "worker",
            "--store",
            url,
            "--exit-when-empty",
            "--threads",
            "1",
        ])
        .args(["--lease", "3", "--poll", "0.5", "--name", &format!("w{i}")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send((i, line)).is_err() {
                break;
            }
        }
    });
    child
}

fn wait_for_line(
    rx: &mpsc::Receiver<(usize, String)>,
    limit: Duration,
    wanted: impl Fn(&(usize, String)) -> bool,
) -> (usize, String) {
    let end = Instant::now() + limit;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if wanted(&line) => return line,
            Ok(_) => {}
            Err(e) => panic!("no such worker line within {limit:?}: {e}"),
        }
    }
}

/// Waits (at most ten minutes) for the workers to exit by themselves, keeping their log lines.
fn collect_until_exit(
    workers: &mut [Child],
    rx: &mpsc::Receiver<(usize, String)>,
) -> Vec<(usize, String)> {
    let end = Instant::now() + Duration::from_secs(600);
    let mut log = Vec::new();
    loop {
        while let Ok(line) = rx.try_recv() {
            log.push(line);
        }
        let mut running = 0;
        for w in workers.iter_mut() {
            match w.try_wait().unwrap() {
                Some(status) => assert!(status.success(), "worker failed: {log:#?}"),
                None => running += 1,
            }
        }
        if running == 0 {
            return log;
        }
        if Instant::now() > end {
            for w in workers.iter_mut() {
                let _ = w.kill();
            }
            panic!("workers did not finish: {log:#?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether the killed worker was still inside the unit (no "done" line of its own for it).
fn killed_mid_unit(log: &[(usize, String)], unit: i64) -> bool {
    !log.iter()
        .any(|(w, l)| *w == 0 && l.contains(&format!("unit {unit} done")))
}

fn run_ok(args: &[&str]) -> String {
    let out = dyad_command().args(args).output().unwrap();
    let said = printed(&out);
    assert!(out.status.success(), "dyad {args:?}: {said}");
    said
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}
