//! PLOVER JSON lines, CSV and dyad's JSON lines: they parse back, with the values in place.

mod common;

use std::io::Write;

use common::*;
use dyad_export::{csv_columns, event_sink, ExportError, Format, Output, ParquetOptions};

fn export(format: Format, events: &[dyad_core::Event]) -> String {
    export_text(format, events).0
}

const PLOVER_KEYS: &[&str] = &[
    "id",
    "date",
    "event_type",
    "mode",
    "context",
    "actor",
    "recipient",
    "event_loc",
    "size",
    "event_text",
    "text",
    "text_info",
    "cite_info",
    "modality",
    "num_mentions",
    "num_articles",
    "num_sources",
    "quad_code",
    "coder",
];

#[test]
fn plover_lines_are_json_with_the_required_keys() {
    let out = export(Format::Plover, &all_events());
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON"))
        .collect();
    assert_eq!(lines.len(), 5);
    for v in &lines {
        for k in PLOVER_KEYS {
            assert!(v.get(k).is_some(), "missing {k} in {v}");
        }
    }
    let seize = lines.iter().find(|v| v["id"] == "dyad-1").unwrap();
    assert_eq!(seize["event_type"], "SEIZE");
    assert_eq!(seize["mode"], serde_json::json!(["seize"]));
    assert_eq!(seize["actor"][0]["code"], "USAMIL");
    assert_eq!(seize["recipient"][0]["country"], "VEN");
    assert_eq!(seize["num_mentions"], 2);
    assert_eq!(seize["cameo"]["goldstein"], -9.2);
    assert_eq!(seize["event_loc"]["feature"], "sea");
    let compound = lines.iter().find(|v| v["id"] == "dyad-3").unwrap();
    assert_eq!(compound["actor"].as_array().map(Vec::len), Some(2));
    assert_eq!(compound["size"]["dead"], 3);
    assert_eq!(compound["date"], "2025-11");
    assert_eq!(compound["date_precision"], "month");
    // SANCTION's context comes from the codebook when it has one; it is always a list.
    assert!(compound["context"].is_array());
    let call = lines.iter().find(|v| v["id"] == "dyad-2").unwrap();
    assert_eq!(call["reciprocal"], true);
    assert_eq!(call["actor"][0]["identifier_text"], "Vladimir Putin");
}

#[test]
fn plover_line_snapshot() {
    let out = export(Format::Plover, &[seizure()]);
    let mut v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    // The version changes with every release; the rest must not change unnoticed.
    v["coder"] = "[coder]".into();
    insta::assert_json_snapshot!(v);
}

#[test]
fn csv_parses_back_with_its_header() {
    let events = all_events();
    let out = export(Format::Csv, &events);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, csv_columns());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), events.len());
    let get = |row: &csv::StringRecord, name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        row[i].to_string()
    };
    for (row, e) in rows.iter().zip(&events) {
        assert_eq!(row.len(), header.len());
        assert_eq!(get(row, "event_id"), e.id.to_string());
        assert_eq!(
            get(row, "text"),
            e.record.text,
            "quoting keeps commas, quotes and newlines"
        );
        assert_eq!(get(row, "cameo"), e.record.event.cameo);
    }
    let compound = &rows[2];
    assert_eq!(get(compound, "source_codes"), "USA;GBR");
    assert_eq!(get(compound, "source_names"), ";");
    assert_eq!(get(compound, "date_start"), "2025-11-01");
    assert_eq!(get(compound, "date_precision"), "month");
    assert_eq!(get(compound, "killed"), "3");
    assert_eq!(get(compound, "arrested"), "12");
    let undated = &rows[0];
    assert_eq!(get(undated, "date"), "");
    assert_eq!(get(undated, "modality"), "future");
    assert_eq!(get(undated, "first_seen"), "2025-12-11 09:30:00");
}

#[test]
fn csv_of_no_events_is_the_header() {
    let out = export(Format::Csv, &[]);
    assert_eq!(out.lines().count(), 1);
    assert!(out.starts_with("event_id,mention_id,date,"));
}

#[test]
fn jsonl_round_trips_the_event() {
    let events = all_events();
    let out = export(Format::Jsonl, &events);
    let back: Vec<dyad_core::Event> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, events);
}

#[test]
fn formats_refuse_the_wrong_kind_of_output() {
    let parquet = Format::Parquet(ParquetOptions::default());
    let err = event_sink(parquet, Output::Writer(Box::new(Vec::new()))).err();
    assert!(matches!(err, Some(ExportError::NeedsPath("parquet"))));
    let err = event_sink(Format::Csv, Output::Path("x.csv".into())).err();
    assert!(matches!(err, Some(ExportError::NeedsWriter("csv"))));
}

/// A writer that fails, as a full disk or a closed pipe would.
struct Broken;

impl Write for Broken {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("disk full"))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::Error::other("disk full"))
    }
}

#[test]
fn write_errors_are_returned_not_panics() {
    for format in [Format::Gdelt, Format::Plover, Format::Jsonl] {
        let mut sink = event_sink(format, Output::Writer(Box::new(Broken))).unwrap();
        let first = sink.event(&seizure());
        let finished = sink.finish();
        assert!(first.is_err() || finished.is_err(), "{format:?}");
    }
    // CSV writes its header at once (buffered), so the error may surface at the end.
    let sink = event_sink(Format::Csv, Output::Writer(Box::new(Broken)));
    assert!(sink.and_then(|s| s.finish()).is_err());
}
