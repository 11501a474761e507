//! Choosing a reader from the file name and the first bytes.

use std::path::Path;

use dyad_core::InputFormat;

/// The user's `--input` choice: a fixed format, or detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormatChoice {
    #[default]
    Auto,
    Fixed(InputFormat),
}

impl FormatChoice {
    /// The format to read with: the fixed one, or the detected one.
    pub fn resolve(self, path: &Path, head: &[u8]) -> InputFormat {
        match self {
            FormatChoice::Fixed(format) => format,
            FormatChoice::Auto => detect_format(path, head),
        }
    }
}

/// Detects the input format: by extension first, then by content.
///
/// `--input sentences` is never detected (a sentence line looks like a short article); ask for it.
pub fn detect_format(path: &Path, head: &[u8]) -> InputFormat {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => return InputFormat::Markdown,
        "jsonl" | "ndjson" | "json" => return InputFormat::Articles,
        "txt" | "text" => return InputFormat::Text,
        _ => {}
    }
    let start = head
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(head)
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| &head[i..])
        .unwrap_or(&[]);
    if start.starts_with(b"{") {
        InputFormat::Articles
    } else if start.starts_with(b"# ") || looks_like_markdown(head) {
        InputFormat::Markdown
    } else {
        InputFormat::Text
    }
}

fn looks_like_markdown(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.contains("](") && text.lines().any(|l| l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_extension_then_content() {
        assert_eq!(
            detect_format(Path::new("a.md"), b"x"),
            InputFormat::Markdown
        );
        assert_eq!(
            detect_format(Path::new("a.jsonl"), b"x"),
            InputFormat::Articles
        );
        assert_eq!(
            detect_format(Path::new("a"), b"  {\"id\":1}"),
            InputFormat::Articles
        );
        assert_eq!(
            detect_format(Path::new("a"), b"# Title\n"),
            InputFormat::Markdown
        );
        assert_eq!(
            detect_format(Path::new("-"), b"Plain words."),
            InputFormat::Text
        );
    }

    #[test]
    fn fixed_choice_wins() {
        let choice = FormatChoice::Fixed(InputFormat::Sentences);
        assert_eq!(
            choice.resolve(Path::new("a.md"), b"#"),
            InputFormat::Sentences
        );
    }
}
