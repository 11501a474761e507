//! `dyad export` end to end: the sample article ingested into a temporary store, then exported
//! in every format.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{dyad, reference_article, stderr, stdout};

/// A temporary directory holding a store with the sample article ingested.
fn store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let o = dyad(
        &[
            "ingest",
            "--store",
            db.to_str().unwrap(),
            &reference_article(),
        ],
        dir.path(),
    );
    assert!(o.status.success(), "ingest failed: {}", stderr(&o));
    (dir, db)
}

fn export(db: &Path, cwd: &Path, format: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "export",
        "--store",
        db.to_str().unwrap(),
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    let o = dyad(&args, cwd);
    assert!(o.status.success(), "export {format} failed: {}", stderr(&o));
    o
}

fn tsv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

#[test]
fn gdelt_rows_have_61_fields_with_the_seizure_once_and_the_call_twice() {
    let (dir, db) = store();
    let rows = tsv_rows(&stdout(&export(&db, dir.path(), "gdelt", &[])));
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(row.len(), 61, "{row:?}");
    }
    // Columns (0-based): 5 Actor1Code, 7 Actor1CountryCode, 15 Actor2Code, 17 Actor2CountryCode,
    // 26 EventCode, 31 NumMentions.
    let seizures: Vec<&Vec<String>> = rows.iter().filter(|r| r[26] == "1711").collect();
    assert_eq!(
        seizures.len(),
        1,
        "the tanker seizure is one event: {seizures:?}"
    );
    let s = seizures[0];
    assert_eq!((s[7].as_str(), s[17].as_str()), ("USA", "VEN"));
    assert_eq!(s[31], "2", "reported in two sentences");
    let calls: Vec<&Vec<String>> = rows.iter().filter(|r| r[26] == "041").collect();
    assert_eq!(
        calls.len(),
        2,
        "the phone call is written as both directed dyads"
    );
    assert_eq!(calls[0][5], calls[1][15]);
    assert_eq!(calls[0][15], calls[1][5]);
    let ids: std::collections::HashSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids.len(), rows.len(), "GLOBALEVENTIDs are unique");
}

#[test]
fn mentions_have_16_fields_and_join_the_events() {
    let (dir, db) = store();
    let events = tsv_rows(&stdout(&export(&db, dir.path(), "gdelt", &[])));
    let mentions = tsv_rows(&stdout(&export(&db, dir.path(), "gdelt-mentions", &[])));
    assert!(!mentions.is_empty());
    let event_ids: std::collections::HashSet<&str> = events.iter().map(|r| r[0].as_str()).collect();
    for m in &mentions {
        assert_eq!(m.len(), 16, "{m:?}");
        assert!(
            event_ids.contains(m[0].as_str()),
            "mention of unknown event {}",
            m[0]
        );
        assert!(
            m[9].parse::<i64>().unwrap() >= 0,
            "action offset in the document"
        );
    }
    let seizure = events.iter().find(|r| r[26] == "1711").unwrap();
    let seizure_mentions = mentions.iter().filter(|m| m[0] == seizure[0]).count();
    assert_eq!(seizure_mentions, 2);
}

#[test]
fn plover_lines_are_json_and_csv_has_one_row_per_event() {
    let (dir, db) = store();
    let plover = stdout(&export(&db, dir.path(), "plover", &[]));
    let lines: Vec<serde_json::Value> = plover
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for v in &lines {
        for key in [
            "id",
            "date",
            "event_type",
            "actor",
            "recipient",
            "cite_info",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
    }
    let csv = stdout(&export(&db, dir.path(), "csv", &[]));
    let jsonl = stdout(&export(&db, dir.path(), "jsonl", &[]));
    assert_eq!(jsonl.lines().count(), lines.len());
    assert!(csv.starts_with("event_id,"));
    // Records end in CRLF (RFC 4180); a line break inside quoted text would be a bare LF.
    assert_eq!(
        csv.matches("\r\n").count(),
        lines.len() + 1,
        "header + one row per event"
    );
}

#[test]
fn parquet_has_as_many_rows_as_the_events_and_partitions_by_month() {
    let (dir, db) = store();
    let n = stdout(&export(&db, dir.path(), "jsonl", &[]))
        .lines()
        .count() as u64;
    let file = dir.path().join("out/events.parquet");
    let o = export(
        &db,
        dir.path(),
        "parquet",
        &["--out", file.to_str().unwrap()],
    );
    assert!(stderr(&o).contains(&format!("exported {n} records")));
    assert_eq!(dyad_export::parquet_row_count(&file).unwrap(), n);
    let root = dir.path().join("dataset");
    let args = ["--out", root.to_str().unwrap(), "--partition", "month"];
    export(&db, dir.path(), "parquet", &args);
    let mut total = 0;
    for month in std::fs::read_dir(&root).unwrap() {
        let month = month.unwrap().path();
        let name = month.file_name().unwrap().to_string_lossy().to_string();
        assert!(name.starts_with("event_month="), "{name}");
        for part in std::fs::read_dir(&month).unwrap() {
            total += dyad_export::parquet_row_count(&part.unwrap().path()).unwrap();
        }
    }
    assert_eq!(total, n);
    assert!(root.join("event_month=2025-12").is_dir());
}

#[test]
fn parquet_needs_out_and_partition_needs_parquet() {
    let (dir, db) = store();
    let db = db.to_str().unwrap();
    let o = dyad(
        &["export", "--store", db, "--format", "parquet"],
        dir.path(),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    let o = dyad(
        &[
            "export",
            "--store",
            db,
            "--format",
            "csv",
            "--partition",
            "month",
        ],
        dir.path(),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--partition"), "{}", stderr(&o));
}

#[test]
fn filters_apply_to_exports() {
    let (dir, db) = store();
    let rows = tsv_rows(&stdout(&export(
        &db,
        dir.path(),
        "gdelt",
        &["--root", "17"],
    )));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r[28] == "17"), "{rows:?}");
}
