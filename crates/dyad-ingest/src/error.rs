//! Why an input or one of its records was skipped.

use thiserror::Error;

/// A reader error names the input (and line) and says why.
#[derive(Debug, Error)]
pub enum IngestError {
    #[error("{origin}: cannot read: {source}")]
    Io {
        origin: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}: file is empty")]
    Empty { origin: String },
    #[error("{origin}: not text: {reason}")]
    NotText { origin: String, reason: String },
    #[error("{origin}: no article: {reason}")]
    NoArticle { origin: String, reason: String },
    #[error("{origin}: {reason}")]
    Skipped {
        origin: String,
        /// Short reason kind for summaries ("not-html", "too-large", "truncated", ...).
        kind: &'static str,
        reason: String,
    },
    /// Not an error: a record this reader does not code (a WARC request record, an image, an
    /// HTTP redirect). Counted in summaries, not reported one by one.
    #[error("{origin}: ignored: {reason}")]
    Ignored {
        origin: String,
        kind: &'static str,
        reason: String,
    },
    #[error("{origin}:{line}: {reason}")]
    BadRecord {
        origin: String,
        line: usize,
        reason: String,
    },
}

impl IngestError {
    /// A short machine-friendly reason, for skip counts in summaries.
    pub fn kind(&self) -> &'static str {
        match self {
            IngestError::Io { .. } => "io",
            IngestError::Empty { .. } => "empty",
            IngestError::NotText { .. } => "not-text",
            IngestError::BadRecord { .. } => "bad-record",
            IngestError::NoArticle { .. } => "no-article",
            IngestError::Skipped { kind, .. } | IngestError::Ignored { kind, .. } => kind,
        }
    }

    /// False for records that are expected to be passed over ([`IngestError::Ignored`]): they do
    /// not make a run fail.
    pub fn is_failure(&self) -> bool {
        !matches!(self, IngestError::Ignored { .. })
    }
}

/// Decodes UTF-8 text, refusing binary data and invalid UTF-8 with the offending byte offset.
pub(crate) fn decode_text<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, IngestError> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::NotText {
            origin: origin.to_string(),
            reason: format!("binary data (NUL byte at offset {pos})"),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| IngestError::NotText {
        origin: origin.to_string(),
        reason: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_invalid_utf8_are_named() {
        let e = decode_text(b"ab\0cd", "f.bin").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.bin: not text: binary data (NUL byte at offset 2)"
        );
        let e = decode_text(b"ab\xffcd", "f.txt").unwrap_err();
        assert_eq!(e.to_string(), "f.txt: not text: invalid UTF-8 at byte 2");
        assert_eq!(decode_text("\u{feff}ok".as_bytes(), "f").unwrap(), "ok");
    }
}
