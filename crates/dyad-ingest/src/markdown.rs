//! Scraped-page markdown: `# Title`, a byline (`By [AFP](#)`), a date line, the body, and an
//! `Original url: <...>` trailer. Link markup is reduced to its text; image credits (lines that
//! are only links), "Related article" lines and headings are page furniture and are dropped.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use dyad_core::{Article, InputFormat};

use crate::date_line::parse_date_line;

/// What the header part of a page told us before the body starts.
#[derive(Default)]
struct Header {
    title: Option<String>,
    authors: Vec<String>,
    published: Option<NaiveDate>,
    url: Option<String>,
}

/// Parses one scraped page into an article; never fails (a page with no body gives an empty body).
pub fn parse_markdown(text: &str, stem: &str, origin: &str) -> Article {
    let mut header = Header::default();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut expect_url = false;
    for raw in text.replace("\r\n", "\n").lines() {
        let line = raw.trim();
        if expect_url && !line.is_empty() {
            header.url = Some(line.trim_matches(['<', '>']).to_string());
            expect_url = false;
            continue;
        }
        if line.is_empty() {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        if let Some(rest) = strip_ci_prefix(line, "original url:") {
            flush(&mut current, &mut paragraphs);
            let rest = rest.trim().trim_matches(['<', '>']);
            if rest.is_empty() {
                expect_url = true;
            } else {
                header.url = Some(rest.to_string());
            }
            continue;
        }
        if is_furniture(
            line,
            &mut header,
            paragraphs.is_empty() && current.is_empty(),
        ) {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        current.push(inline_text(strip_block_markers(line)));
    }
    flush(&mut current, &mut paragraphs);
    Article {
        id: stem.to_string(),
        url: header.url,
        title: header.title,
        authors: header.authors,
        published: header.published,
        source: None,
        body: paragraphs.join("\n\n"),
        format: InputFormat::Markdown,
        origin: origin.to_string(),
        language: None,
    }
}

fn flush(current: &mut Vec<String>, paragraphs: &mut Vec<String>) {
    let joined = current
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !joined.is_empty() {
        paragraphs.push(joined);
    }
    current.clear();
}

fn strip_ci_prefix<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &line[prefix.len()..])
}

/// Recognises header lines and page furniture; records header facts as a side effect.
fn is_furniture(line: &str, header: &mut Header, before_body: bool) -> bool {
    if let Some(heading) = line.strip_prefix('#') {
        let level_text = heading.trim_start_matches('#').trim();
        if header.title.is_none() && !heading.starts_with('#') {
            header.title = Some(inline_text(level_text));
        }
        return true;
    }
    if before_body {
        if let Some(byline) = strip_ci_prefix(line, "by ") {
            if byline.len() < 120 {
                header.authors = split_authors(&inline_text(byline));
                return true;
            }
        }
        if header.published.is_none() {
            if let Some(date) = parse_date_line(&inline_text(line)) {
                header.published = Some(date);
                return true;
            }
        }
    }
    is_link_only(line) || is_related_line(line) || line.starts_with("![")
}

fn split_authors(byline: &str) -> Vec<String> {
    byline
        .split([',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_related_line(line: &str) -> bool {
    let plain = inline_text(line).to_ascii_lowercase();
    ["related article", "read more:", "related:", "see also:"]
        .iter()
        .any(|p| plain.starts_with(p))
}

/// A line whose only text is the text of links (an image credit, a link list).
fn is_link_only(line: &str) -> bool {
    let line = line.trim();
    let brackets = Brackets::of(line);
    let mut at = 0;
    let mut saw_link = false;
    while at < line.len() {
        let rest =
            line[at..].trim_start_matches(|c: char| c.is_whitespace() || "*_|·•-".contains(c));
        if rest.is_empty() {
            break;
        }
        at = line.len() - rest.len();
        let bang = rest.len() - rest.trim_start_matches('!').len();
        match brackets.link_at(line, at + bang, line.len()) {
            Some((_, end)) => {
                at = end;
                saw_link = true;
            }
            None => return false,
        }
    }
    saw_link
}

/// Links nested deeper than this inside link text are kept as written (bounded recursion).
const MAX_LINK_NESTING: usize = 16;

/// Where each `[` and `(` of a text closes (byte offsets of the matching `]` and `)`), found in
/// one pass, so that reading links stays linear in the length of a line however many brackets
/// it holds (a run of `[` made every link lookup rescan the rest of the line).
struct Brackets {
    closing: HashMap<usize, usize>,
}

impl Brackets {
    fn of(s: &str) -> Self {
        let mut closing = HashMap::new();
        let (mut square, mut round) = (Vec::new(), Vec::new());
        for (i, b) in s.bytes().enumerate() {
            let open = match b {
                b'[' | b'(' => {
                    if b == b'[' { &mut square } else { &mut round }.push(i);
                    continue;
                }
                b']' => square.pop(),
                b')' => round.pop(),
                _ => continue,
            };
            if let Some(open) = open {
                closing.insert(open, i);
            }
        }
        Brackets { closing }
    }

    /// The link `[text](target)` whose `[` is at byte `at` of `s` and which ends by byte `limit`:
    /// the byte range of its text and the offset just past it.
    fn link_at(&self, s: &str, at: usize, limit: usize) -> Option<(Range<usize>, usize)> {
        if s.as_bytes().get(at) != Some(&b'[') {
            return None;
        }
        let close = *self.closing.get(&at)?;
        if s.as_bytes().get(close + 1) != Some(&b'(') {
            return None;
        }
        let end = *self.closing.get(&(close + 1))? + 1;
        (end <= limit).then_some((at + 1..close, end))
    }
}

fn strip_block_markers(line: &str) -> &str {
    let line = line.trim_start_matches('>').trim_start();
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest;
        }
    }
    line
}

/// Reduces inline markup to text: links to their text, images dropped, emphasis markers removed.
fn inline_text(s: &str) -> String {
    inline_span(s, 0..s.len(), &Brackets::of(s), 0)
}

/// [`inline_text`] of the byte range `span` of `s`.
fn inline_span(s: &str, span: Range<usize>, brackets: &Brackets, depth: usize) -> String {
    let mut out = String::with_capacity(span.len());
    let mut at = span.start;
    // The next `>` at or after `at`, once looked for (`None`: there is none).
    let mut next_gt: Option<Option<usize>> = None;
    while let Some(c) = s[at..span.end].chars().next() {
        let rest = &s[at..span.end];
        if c == '!' && rest[1..].starts_with('[') {
            if let Some((_, end)) = brackets.link_at(s, at + 1, span.end) {
                at = end;
                continue;
            }
        }
        if c == '[' && depth < MAX_LINK_NESTING {
            if let Some((text, end)) = brackets.link_at(s, at, span.end) {
                out.push_str(&inline_span(s, text, brackets, depth + 1));
                at = end;
                continue;
            }
        }
        if c == '<' {
            if next_gt.is_none_or(|gt| gt.is_some_and(|gt| gt < at)) {
                next_gt = Some(rest.find('>').map(|i| at + i));
            }
            if let Some(Some(gt)) = next_gt {
                let inner = &s[at + 1..gt];
                // An autolink holds no space and no other `<`; stopping at either keeps this
                // check linear over a run of `<http`.
                if inner.starts_with("http") && !inner.contains([' ', '<']) {
                    out.push_str(inner);
                    at = gt + 1;
                    continue;
                }
            }
        }
        if c == '*' || c == '`' || (c == '_' && is_emphasis_underscore(&out, &rest[1..])) {
            at += 1;
            continue;
        }
        if c == '\\' && rest.len() > 1 {
            at += 1;
        }
        let ch = s[at..span.end].chars().next().unwrap_or(' ');
        out.push(ch);
        at += ch.len_utf8();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_emphasis_underscore(before: &str, after: &str) -> bool {
    let prev_word = before.chars().last().is_some_and(char::is_alphanumeric);
    let next_word = after.chars().next().is_some_and(char::is_alphanumeric);
    !(prev_word && next_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_is_reduced_to_text() {
        assert_eq!(
            inline_text("**Bold** and [a link](http://x) _em_"),
            "Bold and a link em"
        );
        assert_eq!(inline_text("snake_case stays"), "snake_case stays");
        assert_eq!(inline_text("![img](x.png) caption"), "caption");
    }

    #[test]
    fn nested_odd_and_unclosed_markup() {
        assert_eq!(inline_text("[[a](b) c](d) e"), "a c e");
        assert_eq!(inline_text("[ a ](x)b"), "ab");
        assert_eq!(inline_text("[[a](b)"), "[a");
        assert_eq!(inline_text("x [y] (z) [w]("), "x [y] (z) [w](");
        assert_eq!(inline_text("a ![i](x) [t](u(v)w) z"), "a t z");
        assert_eq!(
            inline_text("<http://x.org/a> <b> <http://y z>"),
            "http://x.org/a <b> <http://y z>"
        );
        assert_eq!(inline_text("\\*not em\\* é_x"), "*not em* é_x");
        assert!(is_link_only("- [a](b) · ![c](d) | [e]([f](g))"));
        assert!(!is_link_only("[a](b) x"));
        assert!(!is_link_only("[a] (b)"));
    }

    #[test]
    fn link_only_lines_are_furniture() {
        assert!(is_link_only("[kremlin.ru](https://kremlin.ru)"));
        assert!(is_link_only("![photo](a.jpg)"));
        assert!(!is_link_only("[Putin](#) spoke."));
    }

    #[test]
    fn header_and_trailer() {
        let page = "# Title [here](#)\n\nBy [AFP](#) and Jane Doe\n\nDecember 11, 2025\n\n\
                    [credit](https://c)\n\nFirst para\nwraps.\n\n**Related article:** [x](#)\n\n\
                    ## [heading link](#)\n\nSecond para.\n\nOriginal url:\n\n<https://e.com/a>";
        let a = parse_markdown(page, "p", "p.md");
        assert_eq!(a.title.as_deref(), Some("Title here"));
        assert_eq!(a.authors, vec!["AFP", "Jane Doe"]);
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2025, 12, 11));
        assert_eq!(a.url.as_deref(), Some("https://e.com/a"));
        assert_eq!(a.body, "First para wraps.\n\nSecond para.");
    }
}
