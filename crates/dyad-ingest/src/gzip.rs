//! Gzip-compressed single documents (`page.html.gz`, `feed.xml.gz`), inflated within a limit by
//! `dyad-extract`'s capped decoder, so a decompression bomb is refused instead of filling memory.

use std::io::Read;

pub(crate) use dyad_extract::gzip::is_gzip;
use dyad_extract::gzip::{gunzip_capped, GzipError};
use flate2::read::MultiGzDecoder;

/// The first decompressed bytes of a stream whose first compressed bytes are `head` (for format
/// detection); as much as inflates, empty when nothing does.
pub(crate) fn peek(head: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = MultiGzDecoder::new(head).take(4096).read_to_end(&mut out);
    out
}

/// Inflates a whole stream; refuses one that inflates beyond `limit` bytes or is corrupt, with the
/// skip reason kind (`too-large`, `corrupt`) and a message.
pub(crate) fn decompress<R: Read>(
    reader: R,
    limit: usize,
) -> Result<Vec<u8>, (&'static str, String)> {
    gunzip_capped(reader, limit).map_err(|e| match e {
        GzipError::TooLarge { limit } => (
            "too-large",
            format!("inflates beyond the {limit}-byte limit (decompression bomb?)"),
        ),
        GzipError::Corrupt(e) => ("corrupt", format!("truncated or corrupt gzip data: {e}")),
    })
}
