//! Parquet output: one file, or a Hive-style directory partitioned by event month
//! (`event_month=YYYY-MM/part-N.parquet`; events without a month in `event_month=unknown`).
//!
//! Memory stays bounded whatever the number of events: events are buffered `batch_rows` at a
//! time, and the Parquet writer closes a row group every `row_group_rows` rows. In partitioned
//! mode one file is open at a time: when the month changes the file is closed, and a month met
//! again later (input not sorted by date) gets a new part number.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use arrow_schema::SchemaRef;
use dyad_core::Event;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::fields::{month_key, record_date};
use crate::parquet_schema::{batch, schema};
use crate::{EventSink, ExportError, ExportSummary};

/// Settings of the Parquet export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParquetOptions {
    /// Write a directory partitioned by event month instead of one file.
    pub partition_month: bool,
    /// Rows per Parquet row group.
    pub row_group_rows: usize,
    /// Events buffered before they are converted to Arrow and handed to the writer.
    pub batch_rows: usize,
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            partition_month: false,
            row_group_rows: 65_536,
            batch_rows: 8_192,
        }
    }
}

/// The partition of events without a month.
pub const UNKNOWN_MONTH: &str = "unknown";

/// Writes events to Parquet.
pub struct ParquetWriter {
    schema: SchemaRef,
    options: ParquetOptions,
    /// The output file, or the partitioned dataset's directory.
    root: PathBuf,
    open: Option<OpenFile>,
    /// Parts written so far per month (partitioned mode).
    parts: HashMap<String, u32>,
    summary: ExportSummary,
}

/// The file being written and its buffered events.
struct OpenFile {
    month: String,
    writer: ArrowWriter<BufWriter<File>>,
    buffer: Vec<Event>,
}

impl ParquetWriter {
    /// Creates the writer: the file at `path` (parents created), or, partitioned, the directory
    /// `path`, which must be absent or empty so that old parts cannot mix with new ones.
    pub fn create(path: &Path, options: ParquetOptions) -> Result<Self, ExportError> {
        let options = ParquetOptions {
            row_group_rows: options.row_group_rows.max(1),
            batch_rows: options.batch_rows.max(1),
            ..options
        };
        let mut w = ParquetWriter {
            schema: schema(),
            options,
            root: path.to_path_buf(),
            open: None,
            parts: HashMap::new(),
            summary: ExportSummary::default(),
        };
        if options.partition_month {
            prepare_dir(path)?;
        } else {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(|source| create_err(parent, source))?;
            }
            w.open = Some(w.open_file(path.to_path_buf(), String::new())?);
        }
        Ok(w)
    }

    fn open_file(&mut self, path: PathBuf, month: String) -> Result<OpenFile, ExportError> {
        let file = File::create(&path).map_err(|source| create_err(&path, source))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(self.options.row_group_rows))
            .set_created_by(crate::plover::CODER.to_string())
            .build();
        let writer = ArrowWriter::try_new(BufWriter::new(file), self.schema.clone(), Some(props))?;
        self.summary.files.push(path);
        Ok(OpenFile {
            month,
            writer,
            buffer: Vec::with_capacity(self.options.batch_rows.min(8_192)),
        })
    }

    /// The open file for `month`, closing another month's file first.
    fn file_for(&mut self, month: &str) -> Result<&mut OpenFile, ExportError> {
        let switch = self.open.as_ref().is_none_or(|f| f.month != month);
        if switch {
            if let Some(old) = self.open.take() {
                self.close(old)?;
            }
            let part = self.parts.entry(month.to_string()).or_insert(0);
            let dir = self.root.join(format!("event_month={month}"));
            let path = dir.join(format!("part-{part}.parquet"));
            *part += 1;
            fs::create_dir_all(&dir).map_err(|source| create_err(&dir, source))?;
            self.open = Some(self.open_file(path, month.to_string())?);
        }
        self.open.as_mut().ok_or(ExportError::NeedsPath("parquet"))
    }

    fn flush_buffer(schema: &SchemaRef, f: &mut OpenFile) -> Result<(), ExportError> {
        if !f.buffer.is_empty() {
            f.writer.write(&batch(schema, &f.buffer)?)?;
            f.buffer.clear();
        }
        Ok(())
    }

    fn close(&self, mut f: OpenFile) -> Result<(), ExportError> {
        Self::flush_buffer(&self.schema, &mut f)?;
        f.writer.close()?;
        Ok(())
    }
}

impl EventSink for ParquetWriter {
    fn event(&mut self, e: &Event) -> Result<(), ExportError> {
        self.summary.records += 1;
        self.summary.rows += 1;
        let month = if self.options.partition_month {
            record_date(e)
                .and_then(|d| month_key(&d))
                .unwrap_or_else(|| UNKNOWN_MONTH.to_string())
        } else {
            String::new()
        };
        let batch_rows = self.options.batch_rows;
        let schema = self.schema.clone();
        let f = self.file_for(&month)?;
        f.buffer.push(e.clone());
        if f.buffer.len() >= batch_rows {
            Self::flush_buffer(&schema, f)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<ExportSummary, ExportError> {
        if let Some(f) = self.open.take() {
            self.close(f)?;
        }
        Ok(self.summary)
    }
}

/// Rows in a Parquet file, from its footer (for checks of an export; nothing is decoded).
pub fn parquet_row_count(path: &Path) -> Result<u64, ExportError> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let file = File::open(path).map_err(|source| ExportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let reader = SerializedFileReader::new(file)?;
    Ok(u64::try_from(reader.metadata().file_metadata().num_rows()).unwrap_or(0))
}

/// Creates the dataset directory, or accepts an existing empty one.
fn prepare_dir(path: &Path) -> Result<(), ExportError> {
    if path.exists() {
        let mut entries = fs::read_dir(path).map_err(|source| create_err(path, source))?;
        if entries.next().is_some() {
            return Err(ExportError::NotEmpty(path.to_path_buf()));
        }
        return Ok(());
    }
    fs::create_dir_all(path).map_err(|source| create_err(path, source))
}

fn create_err(path: &Path, source: std::io::Error) -> ExportError {
    ExportError::Create {
        path: path.to_path_buf(),
        source,
    }
}
