//! Gzip input with a cap on the decompressed size (a decompression bomb is refused, not inflated).

use std::io::Read;

use thiserror::Error;

/// Largest decompressed page accepted from a gzip file: four times [`crate::limits::MAX_PAGE_BYTES`]
/// (pages are cut at that size anyway; the margin only lets slightly larger pages through intact).
pub const MAX_GUNZIPPED_BYTES: usize = 4 * crate::limits::MAX_PAGE_BYTES;

#[derive(Debug, Error)]
pub enum GzipError {
    #[error("gzip data inflates beyond {limit} bytes (decompression bomb?)")]
    TooLarge { limit: usize },
    #[error("corrupt gzip data: {0}")]
    Corrupt(#[from] std::io::Error),
}

/// Whether the bytes start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Decompresses gzip data (all members) from a slice or any reader, refusing output beyond
/// `limit` bytes.
pub fn gunzip_capped<R: Read>(compressed: R, limit: usize) -> Result<Vec<u8>, GzipError> {
    let mut out = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    flate2::read::MultiGzDecoder::new(compressed)
        .take(cap)
        .read_to_end(&mut out)?;
    if out.len() > limit {
        return Err(GzipError::TooLarge { limit });
    }
    Ok(out)
}

/// The bytes as they are, or decompressed when they are gzip.
pub fn maybe_gunzip(bytes: Vec<u8>, limit: usize) -> Result<Vec<u8>, GzipError> {
    if is_gzip(&bytes) {
        gunzip_capped(&bytes[..], limit)
    } else {
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn round_trip_and_bomb() {
        assert_eq!(gunzip_capped(&gz(b"<p>hi")[..], 100).unwrap(), b"<p>hi");
        let bomb = gz(&vec![b'a'; 10_000]);
        assert!(matches!(
            gunzip_capped(&bomb[..], 9_999),
            Err(GzipError::TooLarge { .. })
        ));
        assert!(gunzip_capped(&bomb[..], 10_000).is_ok());
        assert!(matches!(
            gunzip_capped(&[0x1f, 0x8b, 8, 0, 1, 2][..], 100),
            Err(GzipError::Corrupt(_))
        ));
        assert_eq!(maybe_gunzip(b"plain".to_vec(), 10).unwrap(), b"plain");
    }
}
