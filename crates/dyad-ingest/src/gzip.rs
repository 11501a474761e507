//! Gzip-compressed single documents (`page.html.gz`, `feed.xml.gz`), inflated within a limit so a
//! decompression bomb is refused instead of filling memory.

use std::io::Read;

use flate2::read::MultiGzDecoder;

pub(crate) fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// The first decompressed bytes of a stream whose first compressed bytes are `head` (for format
/// detection); empty when they do not inflate.
pub(crate) fn peek(head: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = MultiGzDecoder::new(head).take(4096).read_to_end(&mut out);
    out
}

/// Inflates a whole stream; refuses one that inflates beyond `limit` bytes or is corrupt.
pub(crate) fn decompress<R: Read>(reader: R, limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match MultiGzDecoder::new(reader)
        .take(limit + 1)
        .read_to_end(&mut out)
    {
        Ok(_) if out.len() as u64 > limit => Err(format!(
            "inflates beyond the {limit}-byte limit (decompression bomb?)"
        )),
        Ok(_) => Ok(out),
        Err(e) => Err(format!("truncated or corrupt gzip data: {e}")),
    }
}

/// The skip reason for a decompression failure message.
pub(crate) fn failure_kind(reason: &str) -> &'static str {
    if reason.contains("limit") {
        "too-large"
    } else {
        "corrupt"
    }
}
