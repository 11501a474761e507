//! A cheap scan of the tags that bounds the nesting depth before the page is parsed.
//!
//! html5ever builds arbitrarily deep trees without trouble, but extractors walk them recursively
//! and would overflow the stack on pages like `<div>` × 60,000. The scan keeps a stack of open
//! element names (with the commonest implied end tags: `<p>`, `<li>`, `<td>` … close an open one
//! of their kind), and drops every start tag that would open deeper than
//! [`MAX_NESTING`], together with its end tag. Text is kept.
//!
//! Where the scan cannot be sure how the parser reads a tag, it assumes the deeper reading: `/>`
//! closes only void elements (the HTML parser ignores it on `<div/>`, which opens a `<div>`), and
//! inside `<svg>` and `<math>` the raw-text names (`<title>`, `<style>` …) are ordinary elements
//! whose content is scanned, as the parser treats foreign content.
//! Pages that never get that deep are returned untouched (borrowed).

use std::borrow::Cow;

use crate::limits::MAX_NESTING;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];
/// Elements that an open element of the same name implicitly closes.
const SELF_CLOSING_SIBLINGS: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rt", "rp", "thead", "tbody",
    "tfoot",
];

/// One tag found by the scan.
struct Tag<'a> {
    name: &'a str,
    end: bool,
    /// Byte range of the whole tag in the page.
    start: usize,
    stop: usize,
}

/// The page with tags deeper than [`MAX_NESTING`] removed, and whether anything was removed.
pub fn limit_nesting(html: &str) -> Cow<'_, str> {
    if max_depth(html) <= MAX_NESTING {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut stack: Vec<String> = Vec::new();
    let mut dropped_depth = 0usize;
    scan(html, |tag| {
        let keep = step(&mut stack, &mut dropped_depth, tag);
        if !keep {
            out.push_str(&html[copied..tag.start]);
            copied = tag.stop;
        }
    });
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// The deepest nesting the scan sees (an approximation of the parsed tree's depth).
pub fn max_depth(html: &str) -> usize {
    let mut stack: Vec<String> = Vec::new();
    let mut deepest = 0;
    let mut dropped = 0;
    scan(html, |tag| {
        step(&mut stack, &mut dropped, tag);
        deepest = deepest.max(stack.len() + dropped);
    });
    deepest
}

/// Applies one tag to the stack; false when the tag lies beyond the limit and must be dropped.
/// `dropped` counts start tags dropped and still open.
fn step(stack: &mut Vec<String>, dropped: &mut usize, tag: &Tag<'_>) -> bool {
    if VOID.contains(&tag.name) {
        return true;
    }
    if tag.end {
        if let Some(pos) = stack.iter().rposition(|n| n == tag.name) {
            stack.truncate(pos);
            return true;
        }
        if *dropped > 0 {
            *dropped -= 1;
            return false;
        }
        return true;
    }
    if SELF_CLOSING_SIBLINGS.contains(&tag.name) && stack.last().is_some_and(|n| n == tag.name) {
        stack.pop();
    }
    if stack.len() >= MAX_NESTING {
        *dropped += 1;
        return false;
    }
    stack.push(tag.name.to_string());
    true
}

/// Calls `f` on each start and end tag, skipping comments, doctypes and raw-text content.
fn scan<'a>(html: &'a str, mut f: impl FnMut(&Tag<'a>)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    // `<svg>` and `<math>` elements open: foreign content, where no element is raw text.
    let mut foreign = 0usize;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        i = lt + 1;
        if bytes[i..].starts_with(b"!--") {
            i = find(bytes, i + 3, b"-->").map_or(bytes.len(), |p| p + 3);
            continue;
        }
        if matches!(bytes.get(i), Some(b'!' | b'?')) {
            i = memchr(b'>', &bytes[i..]).map_or(bytes.len(), |p| i + p + 1);
            continue;
        }
        let end = bytes.get(i) == Some(&b'/');
        let name_start = if end { i + 1 } else { i };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let stop = tag_end(bytes, name_start + name_len);
        let raw = &html[name_start..name_start + name_len];
        let lowered;
        let name: &str = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = raw.to_ascii_lowercase();
            // Names are compared against static lists; leak-free by matching a known static.
            static_name(&lowered).unwrap_or("x-other")
        } else {
            raw
        };
        f(&Tag {
            name,
            end,
            start: lt,
            stop,
        });
        i = stop;
        if matches!(name, "svg" | "math") {
            foreign = if end {
                foreign.saturating_sub(1)
            } else {
                foreign + 1
            };
        } else if !end && foreign == 0 && RAW_TEXT.contains(&name) {
            i = raw_text_end(bytes, i, name);
        }
    }
}

/// Upper-case tag names mapped to the static names the scan cares about.
fn static_name(lower: &str) -> Option<&'static str> {
    VOID.iter()
        .chain(RAW_TEXT)
        .chain(SELF_CLOSING_SIBLINGS)
        .chain(&[
            "div", "span", "b", "i", "font", "table", "ul", "ol", "section", "article", "svg",
            "math",
        ])
        .find(|n| **n == lower)
        .copied()
}

/// Position after the `>` closing a tag, honouring quoted attribute values.
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Position of the `</name` that ends a raw-text element (or the end of the page).
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(off) = find(bytes, i, b"</") {
        let after = off + 2;
        let candidate = bytes.get(after..after + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return off;
        }
        i = after;
    }
    bytes.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_borrowed() {
        let page = "<html><body><div><p>one<p>two</div><!-- <div><div> --></body></html>";
        assert!(matches!(limit_nesting(page), Cow::Borrowed(_)));
        assert_eq!(max_depth(page), 4);
    }

    #[test]
    fn implied_end_tags_do_not_deepen() {
        let page = "<ul>".to_string() + &"<li>item".repeat(10_000) + "</ul>";
        assert!(max_depth(&page) <= 2);
    }

    #[test]
    fn deep_pages_are_flattened_and_keep_text() {
        let n = 60_000;
        let page = "<div>".repeat(n) + "deep text" + &"</div>".repeat(n);
        assert!(max_depth(&page) > MAX_NESTING);
        let flat = limit_nesting(&page);
        assert_eq!(max_depth(&flat), MAX_NESTING);
        assert!(flat.contains("deep text"));
        assert_eq!(flat.matches("<div>").count(), MAX_NESTING);
        assert_eq!(flat.matches("</div>").count(), MAX_NESTING);
    }

    #[test]
    fn script_content_is_not_scanned() {
        let page = "<script>".to_string() + &"<div>".repeat(1000) + "</script><p>x";
        assert_eq!(max_depth(&page), 1);
    }

    #[test]
    fn self_closing_syntax_and_foreign_raw_text_do_not_hide_depth() {
        // The parser opens a <div> for every `<div/>`, and reads <title> inside <svg> as an
        // ordinary element: both pages are as deep as their divs.
        let slashes = "<div/>".repeat(1000) + "x";
        assert_eq!(max_depth(&slashes), 1000);
        let svg = "<svg><title>".to_string() + &"<div>".repeat(1000) + "x";
        assert!(max_depth(&svg) >= 1000);
        assert_eq!(max_depth(&limit_nesting(&svg)), MAX_NESTING);
        // Void elements still close themselves, and raw text outside foreign content is skipped.
        assert_eq!(max_depth("<br/><img/><p>a<br></p>"), 1);
        assert_eq!(max_depth("<svg></svg><title><div><div></title>"), 1);
    }

    #[test]
    fn quoted_gt_in_attribute() {
        let page = r#"<div title="a > b"><span>x</span></div>"#;
        assert_eq!(max_depth(page), 2);
    }

    #[test]
    fn unterminated_constructs_do_not_panic() {
        for page in [
            "<",
            "<!--",
            "<div",
            "<script>abc",
            "</",
            "<a href='x",
            "<\u{e9}>",
            "<!x",
        ] {
            let _ = limit_nesting(page);
        }
    }
}
