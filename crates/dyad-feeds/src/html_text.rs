//! Feed HTML (descriptions, `content:encoded`, Atom `content`) to plain text: block elements become
//! paragraphs separated by blank lines, `<br>` a line break, scripts and styles are dropped,
//! character references are decoded, runs of white space collapse to one space.
//!
//! A small converter on purpose: feed HTML is a fragment of simple markup, and this runs on every
//! item of every poll. Malformed markup never fails: an unclosed tag ends the text, a stray `<`
//! is kept as text.

use crate::entities::decode_entities;

/// Elements whose start and end separate paragraphs.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
];

/// Elements whose content is not text.
const SKIPPED_ELEMENTS: &[&str] = &["script", "style", "template", "noscript", "iframe", "svg"];

/// Converts an HTML fragment to plain text with paragraphs separated by blank lines.
pub fn html_to_text(html: &str) -> String {
    let mut out = TextBuilder::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_text(&rest[..lt]);
        rest = &rest[lt..];
        match read_tag(rest) {
            Some((tag, after)) => {
                rest = after;
                match tag {
                    Tag::Open(name) if SKIPPED_ELEMENTS.contains(&name.as_str()) => {
                        rest = skip_past_close(rest, &name);
                    }
                    Tag::Open(name) | Tag::Close(name) => out.element(&name),
                    Tag::Other => {}
                }
            }
            None if looks_like_markup(rest) => return out.finish(),
            None => {
                out.push_text("<");
                rest = &rest[1..];
            }
        }
    }
    out.push_text(rest);
    out.finish()
}

/// True when the text has markup or character references worth converting.
pub fn looks_like_html(text: &str) -> bool {
    text.contains('&')
        || text
            .match_indices('<')
            .any(|(i, _)| looks_like_markup(&text[i..]))
}

enum Tag {
    Open(String),
    Close(String),
    /// A comment, doctype or processing instruction.
    Other,
}

/// Reads one tag at the start of `s` (which starts with `<`); `None` when it is not a tag or is
/// never closed.
fn read_tag(s: &str) -> Option<(Tag, &str)> {
    if let Some(body) = s.strip_prefix("<!--") {
        let end = body.find("-->")?;
        return Some((Tag::Other, &body[end + 3..]));
    }
    if !looks_like_markup(s) {
        return None;
    }
    let end = tag_end(s)?;
    let inner = &s[1..end];
    let after = &s[end + 1..];
    if inner.starts_with('!') || inner.starts_with('?') {
        return Some((Tag::Other, after));
    }
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let tag = if closing {
        Tag::Close(name)
    } else {
        Tag::Open(name)
    };
    Some((tag, after))
}

/// The byte index of the `>` closing the tag at the start of `s`, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// `<` followed by a letter, `/`, `!` or `?` starts markup; anything else is a literal `<`.
fn looks_like_markup(s: &str) -> bool {
    s.chars()
        .nth(1)
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
}

/// Skips the content of a script-like element up to and including its end tag.
fn skip_past_close<'a>(s: &'a str, name: &str) -> &'a str {
    let close = format!("</{name}");
    let lower = s.to_ascii_lowercase();
    match lower.find(&close) {
        Some(start) => match s[start..].find('>') {
            Some(gt) => &s[start + gt + 1..],
            None => "",
        },
        None => "",
    }
}

/// Collects text into paragraphs.
#[derive(Default)]
struct TextBuilder {
    paragraphs: Vec<String>,
    current: String,
}

impl TextBuilder {
    fn push_text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        for (i, word) in decoded.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.current.ends_with([' ', '\n']) && !self.current.is_empty() {
                self.current.push(' ');
            }
            self.current.push_str(word);
        }
    }

    fn element(&mut self, name: &str) {
        if name == "br" {
            let trimmed = self.current.trim_end().len();
            self.current.truncate(trimmed);
            if !self.current.is_empty() {
                self.current.push('\n');
            }
        } else if BLOCK_ELEMENTS.contains(&name) {
            self.end_paragraph();
        }
    }

    fn end_paragraph(&mut self) {
        let paragraph = tidy(&self.current);
        if !paragraph.is_empty() {
            self.paragraphs.push(paragraph);
        }
        self.current.clear();
    }

    fn finish(mut self) -> String {
        self.end_paragraph();
        self.paragraphs.join("\n\n")
    }
}

/// Trims each line and drops empty ones (non-breaking spaces count as space).
fn tidy(paragraph: &str) -> String {
    paragraph
        .split('\n')
        .map(|line| {
            line.split(|c: char| c.is_whitespace())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let html = "<p>Russia  seized a <b>ship</b>.</p>\n<p>Kyiv protested.</p>Trailing";
        assert_eq!(
            html_to_text(html),
            "Russia seized a ship.\n\nKyiv protested.\n\nTrailing"
        );
    }

    #[test]
    fn entities_breaks_and_scripts() {
        let html = "Tom &amp; Jerry&#8217;s<br/>next line<script>var x = '<p>';</script> &nbsp;end";
        assert_eq!(html_to_text(html), "Tom & Jerry\u{2019}s\nnext line end");
    }

    #[test]
    fn malformed_markup_never_fails() {
        assert_eq!(html_to_text("a < b and c"), "a < b and c");
        assert_eq!(html_to_text("text <a href=\"x"), "text");
        assert_eq!(html_to_text("<!-- open comment"), "");
        assert_eq!(html_to_text("x <div title='a>b'>y</div>"), "x\n\ny");
    }

    #[test]
    fn detects_markup() {
        assert!(looks_like_html("<p>x</p>"));
        assert!(looks_like_html("a &amp; b"));
        assert!(!looks_like_html("1 < 2"));
    }
}
