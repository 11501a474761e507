//! What can go wrong while exporting.

use std::io;
use std::path::PathBuf;

/// An export error: the output could not be written, or the request does not fit the format.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] io::Error),
    #[error("cannot create {path}: {source}")]
    Create { path: PathBuf, source: io::Error },
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot encode JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("cannot build Arrow arrays: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("the {0} format writes files: give an output path")]
    NeedsPath(&'static str),
    #[error("the {0} format writes a stream: give a writer, not a path")]
    NeedsWriter(&'static str),
    #[error("{0} is not empty: a partitioned export needs a new or empty directory")]
    NotEmpty(PathBuf),
    #[error("event id {0} is too large for a GDELT GLOBALEVENTID (id x 100 + row)")]
    IdOverflow(i64),
}
