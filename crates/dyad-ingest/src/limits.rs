//! Size limits for outside data, in one place. Every reader cuts or skips at these bounds and says
//! so, so that no input can exhaust memory on a 24 GB machine running several workers.
//!
//! The constants are the defaults; a program may replace the adjustable ones once, before it
//! reads anything, with [`set_limits`] (`dyad` does so from `DYAD_MAX_*` environment variables;
//! see docs/limits.md). Readers ask [`limits`].

use std::sync::OnceLock;

/// The largest WARC record block (HTTP headers and page) read into memory; larger records are
/// skipped with the reason `too-large`, and no gzip member is inflated beyond this.
pub const MAX_RECORD_BYTES: u64 = 32 * 1024 * 1024;
/// The largest gzip-compressed single file (a page, a feed) after decompression; larger inputs
/// are refused with the reason `too-large` (decompression bombs).
pub const MAX_DECOMPRESSED_BYTES: usize = 64 * 1024 * 1024;
/// The largest whole-document input (page, markdown, text, feed) read into memory.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;
/// The most bytes of WARC record headers (or HTTP headers) accepted.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;
/// WARC header lines longer than this are cut.
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// The longest JSON line (an article or a sentence record) read.
pub const MAX_JSON_LINE_BYTES: usize = 32 * 1024 * 1024;

/// The adjustable limits in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// See [`MAX_RECORD_BYTES`].
    pub record_bytes: u64,
    /// See [`MAX_DECOMPRESSED_BYTES`].
    pub decompressed_bytes: usize,
    /// See [`MAX_DOCUMENT_BYTES`].
    pub document_bytes: u64,
    /// See [`MAX_JSON_LINE_BYTES`].
    pub json_line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            record_bytes: MAX_RECORD_BYTES,
            decompressed_bytes: MAX_DECOMPRESSED_BYTES,
            document_bytes: MAX_DOCUMENT_BYTES,
            json_line_bytes: MAX_JSON_LINE_BYTES,
        }
    }
}

static LIMITS: OnceLock<Limits> = OnceLock::new();

/// The limits in force: those given to [`set_limits`], else the defaults.
pub fn limits() -> Limits {
    *LIMITS.get_or_init(Limits::default)
}

/// Sets the limits for the rest of the process; refused (returning the limits in force) once
/// they were set or read.
pub fn set_limits(new: Limits) -> Result<(), Limits> {
    LIMITS.set(new).map_err(|_| limits())
}
