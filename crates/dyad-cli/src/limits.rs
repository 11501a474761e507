//! The adjustable limits of a run, from `DYAD_MAX_*` environment variables (docs/limits.md): set
//! once, before anything is read, for every verb.

use anyhow::{bail, Result};

/// (variable, unit in bytes or 1 for a plain count, what it sets).
const VARIABLES: &[(&str, u64, &str)] = &[
    (
        "DYAD_MAX_DOCUMENT_MB",
        1 << 20,
        "largest whole document read",
    ),
    (
        "DYAD_MAX_DECOMPRESSED_MB",
        1 << 20,
        "largest gzip file after inflating",
    ),
    ("DYAD_MAX_RECORD_MB", 1 << 20, "largest WARC record"),
    ("DYAD_MAX_JSON_LINE_MB", 1 << 20, "longest JSON line"),
    (
        "DYAD_MAX_CODED_CHARS",
        1,
        "characters of an article that are coded",
    ),
];

/// Reads the variables that are set; a malformed value is an error naming the variable.
pub fn apply_from_env() -> Result<()> {
    let mut limits = dyad_ingest::limits::Limits::default();
    let mut coded = None;
    for (name, unit, what) in VARIABLES {
        let Ok(text) = std::env::var(name) else {
            continue;
        };
        let n: u64 = match text.trim().parse::<u64>() {
            Ok(n) if n > 0 && n <= (1 << 40) / unit => n * unit,
            _ => bail!("{name}={text:?}: expected a positive whole number ({what})"),
        };
        match *name {
            "DYAD_MAX_DOCUMENT_MB" => limits.document_bytes = n,
            "DYAD_MAX_DECOMPRESSED_MB" => limits.decompressed_bytes = n as usize,
            "DYAD_MAX_RECORD_MB" => limits.record_bytes = n,
            "DYAD_MAX_JSON_LINE_MB" => limits.json_line_bytes = n as usize,
            _ => coded = Some(n as usize),
        }
    }
    if limits != dyad_ingest::limits::Limits::default() {
        let _ = dyad_ingest::limits::set_limits(limits);
    }
    if let Some(n) = coded {
        let _ = dyad_coder::set_max_coded_chars(n);
    }
    Ok(())
}
