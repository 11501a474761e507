//! Size limits for outside data, in one place. Every reader cuts or skips at these bounds and says
//! so, so that no input can exhaust memory on a 24 GB machine running several workers.

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
