//! The envelope of every model file: a magic number naming the kind of file, a format version,
//! the length and FNV-1a-64 checksum of the compressed payload, then the payload deflated.
//!
//! Layout (little-endian): magic (8 bytes), version `u32`, payload length `u64`, checksum `u64`,
//! payload. A corrupt, truncated or hostile file gives an error, never a panic or an unbounded
//! allocation.

use crate::NlpError;
use crate::bin::Reader;
use crate::hash::fnv1a64;

/// Bytes before the payload: magic, version, length, checksum.
const HEADER: usize = 28;

/// Upper bound on a decompressed payload (the shipped ones are about 24 MB and 14 MB): a corrupt
/// or hostile model file cannot make loading allocate without limit.
const MAX_PAYLOAD_BYTES: u64 = 512 << 20;

/// Deflate `payload` at the best level (deterministic) and wrap it.
pub(crate) fn pack(magic: &[u8; 8], version: u32, payload: &[u8]) -> Vec<u8> {
    let packed = deflate(payload);
    let mut out = Vec::with_capacity(packed.len() + HEADER);
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(packed.len() as u64).to_le_bytes());
    out.extend_from_slice(&fnv1a64(&packed).to_le_bytes());
    out.extend_from_slice(&packed);
    out
}

/// Check the envelope and return the version and the inflated payload. `versions` are the
/// versions this reader understands; the last one is reported as expected.
pub(crate) fn unpack(
    magic: &[u8; 8],
    versions: &[u32],
    bytes: &[u8],
) -> Result<(u32, Vec<u8>), NlpError> {
    if bytes.len() < HEADER || &bytes[..8] != magic {
        return Err(NlpError::BadMagic);
    }
    let mut h = Reader::new(&bytes[8..HEADER]);
    let version = h.u32()?;
    if !versions.contains(&version) {
        return Err(NlpError::BadVersion {
            found: version,
            expected: versions.last().copied().unwrap_or(0),
        });
    }
    let len = usize::try_from(h.u64()?).unwrap_or(usize::MAX);
    let sum = h.u64()?;
    let packed = bytes
        .get(HEADER..HEADER.saturating_add(len))
        .ok_or_else(|| NlpError::Model("truncated model".into()))?;
    if fnv1a64(packed) != sum {
        return Err(NlpError::BadChecksum);
    }
    Ok((version, inflate(packed)?))
}

fn deflate(payload: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    enc.write_all(payload)
        .and_then(|_| enc.finish())
        .unwrap_or_default()
}

fn inflate(packed: &[u8]) -> Result<Vec<u8>, NlpError> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(packed)
        .take(MAX_PAYLOAD_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| NlpError::Model(format!("corrupt compressed payload: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let bytes = pack(b"TESTFILE", 7, b"payload payload payload");
        let (v, p) = unpack(b"TESTFILE", &[6, 7], &bytes).unwrap();
        assert_eq!((v, p.as_slice()), (7, &b"payload payload payload"[..]));
        assert!(matches!(
            unpack(b"OTHERFIL", &[7], &bytes),
            Err(NlpError::BadMagic)
        ));
        assert!(matches!(
            unpack(b"TESTFILE", &[8], &bytes),
            Err(NlpError::BadVersion {
                found: 7,
                expected: 8
            })
        ));
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(matches!(
            unpack(b"TESTFILE", &[7], &bad),
            Err(NlpError::BadChecksum)
        ));
        assert!(unpack(b"TESTFILE", &[7], &bytes[..bytes.len() - 3]).is_err());
    }
}
