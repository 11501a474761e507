//! Same results everywhere, verb by verb: `ingest`, `events`, `merge` and every `export` format
//! on a PostgreSQL store print what they print on a SQLite store fed the same input, except for
//! the times at which rows were written.
//!
//! Needs `DYAD_TEST_PG` (see `scripts/test`); skipped without it unless `DYAD_REQUIRE_PG` is set.

mod common;

use common::{dyad_command, printed, samples, stdout};
use dyad_store::scratch::ScratchDatabase;

/// Runs `dyad ARGS --store STORE` and returns its standard output.
fn on(store: &str, args: &[&str]) -> String {
    let out = dyad_command()
        .args(args)
        .args(["--store", store])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dyad {args:?} on {store}: {}",
        printed(&out)
    );
    stdout(&out)
}

/// Masks the clock times rows were written at: `YYYY-MM-DD HH:MM:SS` keeps its date, and a
/// GDELT `YYYYMMDDHHMMSS` its day.
fn masked(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let is_digit = |k: usize| rest.get(k).is_some_and(|c| c.is_ascii_digit());
        let before_is_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let clock = rest.len() >= 19
            && (0..4).all(is_digit)
            && rest[4] == '-'
            && rest[10] == ' '
            && rest[13] == ':'
            && rest[16] == ':';
        let stamp = !before_is_digit && (0..14).all(is_digit) && !is_digit(14);
        if clock {
            out.extend(&rest[..11]);
            out.push_str("hh:mm:ss");
            i += 19;
        } else if stamp {
            out.extend(&rest[..8]);
            out.push_str("hhmmss");
            i += 14;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn every_verb_prints_the_same_on_both_backends() {
    let Some(pg) = ScratchDatabase::from_env("verbs_pg").unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.db");
    let stores = [file.to_str().unwrap(), pg.url.as_str()];
    let samples = samples();
    let ingest_args = ["ingest", samples.as_str()];
    let said: Vec<String> = stores.iter().map(|s| on(s, &ingest_args)).collect();
    // Both backends hold the same articles, mentions and events after the same ingest.
    let holds = |out: &str| {
        out.lines()
            .find(|l| l.contains("store now holds"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(holds(&said[1]).contains(" events"), "{}", said[1]);
    assert_eq!(holds(&said[0]), holds(&said[1]));
    let views: &[&[&str]] = &[
        &["events"],
        &["events", "--format", "jsonl"],
        &["events", "--format", "csv", "--country", "VEN"],
        &["events", "--mentions", "--format", "csv"],
        &["events", "--code", "17", "--q", "tanker"],
        &["export", "--format", "gdelt"],
        &["export", "--format", "gdelt-mentions"],
        &["export", "--format", "plover"],
        &["export", "--format", "csv"],
        &["export", "--format", "jsonl", "--actor", "RUS"],
        &["merge", "--window-days", "3"],
        &["events", "--format", "jsonl"],
    ];
    for args in views {
        let lite = masked(&on(stores[0], args));
        let post = masked(&on(stores[1], args));
        assert!(!lite.trim().is_empty(), "{args:?} printed nothing");
        assert_eq!(
            lite, post,
            "dyad {args:?} differs between SQLite and PostgreSQL"
        );
    }
    // Parquet: the same bytes once the write times are equal is too strict; both files are
    // written and hold rows.
    for (i, store) in stores.iter().enumerate() {
        let out = dir.path().join(format!("events-{i}.parquet"));
        on(
            store,
            &[
                "export",
                "--format",
                "parquet",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    }
}

#[test]
fn masking_keeps_dates_and_hides_clock_times() {
    assert_eq!(
        masked("a,2026-11-27 07:45:54,b\t20261127074554\t20251210"),
        "a,2026-11-27 hh:mm:ss,b\t20261127hhmmss\t20251210"
    );
}
