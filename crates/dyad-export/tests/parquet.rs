//! Parquet: one file or a month-partitioned directory, read back with the parquet crate.

mod common;

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::{
    Array, BooleanArray, Date32Array, Float64Array, Int64Array, ListArray, RecordBatch,
    StringArray, TimestampMicrosecondArray, UInt32Array, UInt64Array,
};
use common::*;
use dyad_export::{event_sink, ExportError, ExportSummary, Format, Output, ParquetOptions};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::reader::{FileReader, SerializedFileReader};

fn write(path: &Path, options: ParquetOptions, events: &[dyad_core::Event]) -> ExportSummary {
    write_events(
        Format::Parquet(options),
        Output::Path(path.to_path_buf()),
        events,
    )
}

fn read(path: &Path) -> Vec<RecordBatch> {
    let file = File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    reader.map(|b| b.unwrap()).collect()
}

fn column<'a, T: 'static>(batch: &'a RecordBatch, name: &str) -> &'a T {
    batch
        .column_by_name(name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .as_any()
        .downcast_ref::<T>()
        .unwrap_or_else(|| panic!("{name} has another type"))
}

#[test]
fn single_file_reads_back_with_the_same_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out/events.parquet");
    let events = all_events();
    let summary = write(&path, ParquetOptions::default(), &events);
    assert_eq!(summary.rows, 5);
    assert_eq!(summary.files, vec![path.clone()]);
    let batches = read(&path);
    let b = arrow_select_concat(&batches);
    assert_eq!(b.num_rows(), 5);
    let ids = column::<Int64Array>(&b, "event_id");
    assert_eq!(ids.values().to_vec(), vec![4, 5, 3, 1, 2]);
    let cameo = column::<StringArray>(&b, "cameo");
    assert_eq!(cameo.value(3), "1711");
    let dates = column::<Date32Array>(&b, "date_start");
    assert!(dates.is_null(0), "undated");
    // 2025-12-10 is day 20432 after 1970-01-01.
    assert_eq!(dates.value(3), 20432);
    let mentions = column::<UInt32Array>(&b, "num_mentions");
    assert_eq!(mentions.value(3), 2);
    let tone = column::<Float64Array>(&b, "avg_tone");
    assert_eq!(tone.value(3), -3.25);
    assert!(tone.is_null(0));
    let goldstein = column::<Float64Array>(&b, "goldstein");
    assert_eq!(goldstein.value(3), -9.2);
    let reciprocal = column::<BooleanArray>(&b, "reciprocal");
    assert!(reciprocal.value(4) && !reciprocal.value(3));
    let killed = column::<UInt64Array>(&b, "killed");
    assert_eq!(killed.value(2), 3);
    let seen = column::<TimestampMicrosecondArray>(&b, "first_seen");
    // 2025-12-11 09:30:00 UTC
    assert_eq!(seen.value(3), 1_765_445_400_000_000);
    assert_eq!(seen.timezone(), Some("UTC"));
    let sources = column::<ListArray>(&b, "source_codes");
    let compound = sources.value(2);
    let compound = compound.as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!((compound.value(0), compound.value(1)), ("USA", "GBR"));
    let names = column::<ListArray>(&b, "source_names").value(2);
    assert_eq!(names.null_count(), 2, "unresolved names are null items");
    let text = column::<StringArray>(&b, "text");
    assert_eq!(text.value(0), events[0].record.text);
}

/// Concatenates batches (the reader may split them) without pulling in arrow-select.
fn arrow_select_concat(batches: &[RecordBatch]) -> RecordBatch {
    assert_eq!(batches.len(), 1, "small test files come back as one batch");
    batches[0].clone()
}

#[test]
fn row_groups_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.parquet");
    let events: Vec<_> = (0..7)
        .map(|i| {
            let mut e = seizure();
            e.id = i;
            e
        })
        .collect();
    let options = ParquetOptions {
        row_group_rows: 3,
        batch_rows: 2,
        ..ParquetOptions::default()
    };
    write(&path, options, &events);
    let reader = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
    let groups: Vec<i64> = reader
        .metadata()
        .row_groups()
        .iter()
        .map(|g| g.num_rows())
        .collect();
    assert_eq!(groups, vec![3, 3, 1]);
    let total: usize = read(&path).iter().map(RecordBatch::num_rows).sum();
    assert_eq!(total, 7);
    assert_eq!(dyad_export::parquet_row_count(&path).ok(), Some(7));
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for month in std::fs::read_dir(dir).unwrap() {
        let month = month.unwrap().path();
        for f in std::fs::read_dir(&month).unwrap() {
            let f: PathBuf = f.unwrap().path();
            let rel = f
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
    out.sort();
    out
}

#[test]
fn partitioned_output_lands_in_month_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("dataset");
    let options = ParquetOptions {
        partition_month: true,
        ..ParquetOptions::default()
    };
    let summary = write(&root, options, &all_events());
    assert_eq!(
        files_under(&root),
        [
            "event_month=2025-11/part-0.parquet",
            "event_month=2025-12/part-0.parquet",
            "event_month=unknown/part-0.parquet",
        ]
    );
    assert_eq!(summary.files.len(), 3);
    let ids = |month: &str| -> Vec<i64> {
        let path = root.join(format!("event_month={month}/part-0.parquet"));
        read(&path)
            .iter()
            .flat_map(|b| column::<Int64Array>(b, "event_id").values().to_vec())
            .collect()
    };
    assert_eq!(ids("unknown"), vec![4, 5], "undated and year-only events");
    assert_eq!(ids("2025-11"), vec![3]);
    assert_eq!(ids("2025-12"), vec![1, 2]);
}

#[test]
fn a_month_met_again_gets_a_new_part() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("dataset");
    let options = ParquetOptions {
        partition_month: true,
        ..ParquetOptions::default()
    };
    write(&root, options, &[seizure(), compound(), phone_call()]);
    assert_eq!(
        files_under(&root),
        [
            "event_month=2025-11/part-0.parquet",
            "event_month=2025-12/part-0.parquet",
            "event_month=2025-12/part-1.parquet",
        ]
    );
}

#[test]
fn partitioned_output_refuses_a_non_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.parquet"), b"old").unwrap();
    let options = ParquetOptions {
        partition_month: true,
        ..ParquetOptions::default()
    };
    let err = event_sink(
        Format::Parquet(options),
        Output::Path(dir.path().to_path_buf()),
    )
    .err();
    assert!(matches!(err, Some(ExportError::NotEmpty(_))));
}

#[test]
fn an_empty_export_is_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.parquet");
    write(&path, ParquetOptions::default(), &[]);
    let total: usize = read(&path).iter().map(RecordBatch::num_rows).sum();
    assert_eq!(total, 0);
}

#[test]
fn an_unwritable_path_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let err = event_sink(
        Format::Parquet(ParquetOptions::default()),
        Output::Path(file.join("below-a-file.parquet")),
    )
    .err();
    assert!(matches!(err, Some(ExportError::Create { .. })), "{err:?}");
}
