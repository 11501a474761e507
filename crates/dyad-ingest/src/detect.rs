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
        "html" | "htm" | "xhtml" | "shtml" => return InputFormat::Html,
        "warc" => return InputFormat::Warc,
        "rss" | "atom" => return InputFormat::Feed,
        _ => {}
    }
    let start = head
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(head)
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| &head[i..])
        .unwrap_or(&[]);
    let lower: Vec<u8> = start
        .iter()
        .take(1024)
        .map(u8::to_ascii_lowercase)
        .collect();
    if start.starts_with(b"WARC/") {
        InputFormat::Warc
    } else if start.starts_with(b"{") && contains(&lower, b"jsonfeed.org/version") {
        InputFormat::Feed
    } else if start.starts_with(b"{") {
        InputFormat::Articles
    } else if start.starts_with(b"<") && is_feed_markup(&lower) {
        InputFormat::Feed
    } else if start.starts_with(b"<") {
        InputFormat::Html
    } else if start.starts_with(b"# ") || looks_like_markdown(head) {
        InputFormat::Markdown
    } else {
        InputFormat::Text
    }
}

/// An XML document whose root is a feed (`<rss>`, `<feed>`, `<rdf:RDF>`), not an HTML page.
fn is_feed_markup(lower: &[u8]) -> bool {
    let html = contains(lower, b"<html") || contains(lower, b"<!doctype html");
    !html
        && [&b"<rss"[..], b"<feed", b"<rdf:rdf"]
            .iter()
            .any(|tag| contains(lower, tag))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
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
    fn pages_archives_and_feeds_by_content() {
        let detect = |head: &[u8]| detect_format(Path::new("input"), head);
        assert_eq!(
            detect(b"WARC/1.1\r\nWARC-Type: warcinfo"),
            InputFormat::Warc
        );
        assert_eq!(detect(b"<!DOCTYPE html><html>"), InputFormat::Html);
        assert_eq!(detect(b"  <html lang=en>"), InputFormat::Html);
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            InputFormat::Feed
        );
        assert_eq!(
            detect(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            InputFormat::Feed
        );
        assert_eq!(
            detect(b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"),
            InputFormat::Feed
        );
        assert_eq!(detect_format(Path::new("a.warc"), b"x"), InputFormat::Warc);
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
