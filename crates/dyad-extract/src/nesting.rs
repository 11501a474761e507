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
//! Tags are delimited as the HTML tokenizer delimits them (a quote opens an attribute value only
//! right after `=`; `<!-->` is a whole comment), since a scan that reads a tag boundary otherwise
//! than the parser misses every tag after it. Formatting elements (`<b>`, `<a>` …) closed by
//! another element's end tag stay counted as open, because the parser reopens them, and at most
//! [`MAX_OPEN_FORMATTING`] of them are kept. The parsed tree's real depth is checked again after
//! parsing ([`tree_depth`], `crate::limits::MAX_PARSED_DEPTH`).
//! Pages that never get that deep are returned untouched (borrowed).

use std::borrow::Cow;

use crate::limits::{MAX_NESTING, MAX_OPEN_FORMATTING};

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];
/// Formatting elements, which the parser reopens after another element's end tag closed them.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];
/// Elements that end the parser's default scope: an end tag does not close an element open
/// outside the nearest one (`<div><table><tr><td></div>` leaves the `<div>` open).
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
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
    /// A raw-text element's tag (`<title>`, `<script>` … outside `<svg>`/`<math>`): its content
    /// is text, so it never deepens the tree, and it is never dropped (that would turn its
    /// content into markup).
    raw_text: bool,
    /// Byte range of the whole tag in the page.
    start: usize,
    stop: usize,
}

/// The page with tags deeper than [`MAX_NESTING`] removed.
pub fn limit_nesting(html: &str) -> Cow<'_, str> {
    limit_nesting_to(html, MAX_NESTING)
}

/// The page with tags deeper than `max` (and formatting elements beyond
/// [`MAX_OPEN_FORMATTING`]) removed; borrowed when nothing is.
pub fn limit_nesting_to(html: &str, max: usize) -> Cow<'_, str> {
    let mut open = Open::default();
    let mut drops = false;
    scan(html, |tag| drops |= !open.step(tag, max));
    if !drops {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut open = Open::default();
    scan(html, |tag| {
        if !open.step(tag, max) {
            // A space, not nothing, in place of the tag: `<` + `<div>` + `div>` must not become
            // a new `<div>` (a `<` before a space is text to the tokenizer).
            out.push_str(&html[copied..tag.start]);
            out.push(' ');
            copied = tag.stop;
        }
    });
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// The deepest nesting the scan sees (an approximation of the parsed tree's depth).
pub fn max_depth(html: &str) -> usize {
    let mut open = Open::default();
    let mut deepest = 0;
    scan(html, |tag| {
        open.step(tag, MAX_NESTING);
        deepest = deepest.max(open.depth() + open.dropped);
    });
    deepest
}

/// The depth of a parsed page's tree (the root's children are at depth 1), found without
/// recursion.
pub fn tree_depth(doc: &trafilatura::dom::Document) -> usize {
    let mut deepest = 0;
    let mut todo = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = todo.pop() {
        deepest = deepest.max(depth);
        todo.extend(doc.child_nodes(node).into_iter().map(|c| (c, depth + 1)));
    }
    deepest
}

/// The scan's model of the parser's open elements.
#[derive(Default)]
struct Open {
    /// Elements open, outermost first.
    stack: Vec<String>,
    /// Formatting elements (`<b>`, `<font>` …) closed by another element's end tag: the parser
    /// reopens them inside whatever comes next, until their own end tag (`<p><b></p>` × n nests
    /// n `<b>`s), so they count as open.
    reopened: Vec<String>,
    /// Start tags dropped beyond the limit and not yet closed.
    dropped: usize,
    /// Formatting elements open or reopened.
    formatting: usize,
}

impl Open {
    fn depth(&self) -> usize {
        self.stack.len() + self.reopened.len()
    }

    /// Applies one tag; false when the tag lies beyond the limit and must be dropped.
    fn step(&mut self, tag: &Tag<'_>, max: usize) -> bool {
        if VOID.contains(&tag.name) || tag.raw_text {
            return true;
        }
        if tag.end {
            return self.close(tag.name);
        }
        if SELF_CLOSING_SIBLINGS.contains(&tag.name)
            && self.stack.last().is_some_and(|n| n == tag.name)
        {
            self.stack.pop();
        }
        let formatting = FORMATTING.contains(&tag.name);
        if self.depth() >= max || (formatting && self.formatting >= MAX_OPEN_FORMATTING) {
            self.dropped += 1;
            return false;
        }
        self.formatting += usize::from(formatting);
        self.stack.push(tag.name.to_string());
        true
    }

    /// An end tag: closes its element if no scope boundary lies in between, keeping the
    /// formatting elements it closes on the way as reopened; false when it ends a dropped start
    /// tag instead. Costs at most one pass over the stack (at most `max` entries).
    fn close(&mut self, name: &str) -> bool {
        if matches!(name, "body" | "html") {
            // The parser only changes its insertion mode: everything stays open.
            return true;
        }
        let reach = self
            .stack
            .iter()
            .rposition(|n| n == name || SCOPE.contains(&n.as_str()));
        if let Some(pos) = reach.filter(|&p| self.stack[p] == name) {
            let formatting = FORMATTING.contains(&name);
            let block_above = self.stack[pos + 1..].iter().any(|n| kept_by_adoption(n));
            if name == "form" || (formatting && block_above) {
                // `</form>` removes the form from the open elements but not from the tree, so
                // what opens next is as deep as before; a formatting end tag with a block
                // opened inside it moves that block out and opens a copy of itself inside it
                // (the adoption agency). Either way the depth stays.
                return true;
            }
            let closed = self.stack.split_off(pos);
            let reopen = closed[1..]
                .iter()
                .filter(|n| FORMATTING.contains(&n.as_str()));
            self.reopened.extend(reopen.cloned());
            self.formatting -= usize::from(formatting);
            return true;
        }
        if let Some(pos) = self.reopened.iter().rposition(|n| n == name) {
            self.reopened.remove(pos);
            self.formatting -= 1;
            return true;
        }
        if self.dropped > 0 {
            self.dropped -= 1;
            return false;
        }
        true
    }
}

/// Block elements the parser keeps open when a formatting element around them is closed (the
/// adoption agency's "special" elements that can stand inside a formatting element).
fn kept_by_adoption(name: &str) -> bool {
    crate::text::is_block(name) || matches!(name, "center" | "dir" | "menu")
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
            i = comment_end(bytes, i + 3);
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
            .take_while(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            if end {
                // `</` before anything but a letter starts a bogus comment that ends at the
                // next `>` (`</<title>` is a comment, not a `<title>`); `</>` is nothing.
                i = memchr(b'>', &bytes[name_start..]).map_or(bytes.len(), |p| name_start + p + 1);
            }
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
        let raw_text = foreign == 0 && RAW_TEXT.contains(&name);
        f(&Tag {
            name,
            end,
            raw_text,
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
        } else if !end && raw_text {
            i = raw_text_end(bytes, i, name);
        }
    }
}

/// Upper-case tag names mapped to the static names the scan cares about.
fn static_name(lower: &str) -> Option<&'static str> {
    VOID.iter()
        .chain(RAW_TEXT)
        .chain(FORMATTING)
        .chain(SELF_CLOSING_SIBLINGS)
        .chain(&[
            "div", "span", "b", "i", "font", "table", "ul", "ol", "section", "article", "svg",
            "math",
        ])
        .find(|n| **n == lower)
        .copied()
}

/// Where the tokenizer is inside a tag, after its name (the HTML tokenizer's attribute states).
#[derive(Clone, Copy)]
enum InTag {
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Quoted(u8),
    AfterQuoted,
    Unquoted,
}

/// Position after the `>` closing a tag, read as the HTML tokenizer reads attributes: a quote
/// opens a value only right after `=`; anywhere else it is an ordinary character of a name or an
/// unquoted value (`<meta charset="a" b"/>` ends at its `>`).
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut state = InTag::BeforeName;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        let space = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        state = match (state, b) {
            (InTag::Quoted(q), _) if b == q => InTag::AfterQuoted,
            (InTag::Quoted(q), _) => InTag::Quoted(q),
            (_, b'>') => return i,
            (InTag::BeforeValue, b'"' | b'\'') => InTag::Quoted(b),
            (InTag::BeforeValue | InTag::BeforeName | InTag::AfterName, _) if space => state,
            (InTag::BeforeValue | InTag::Unquoted, _) if !space => InTag::Unquoted,
            (InTag::Name | InTag::AfterName, b'=') => InTag::BeforeValue,
            (InTag::Name, _) if space => InTag::AfterName,
            (InTag::AfterQuoted | InTag::Unquoted, _) if space => InTag::BeforeName,
            (_, b'/') => InTag::BeforeName,
            _ => InTag::Name,
        };
    }
    bytes.len()
}

/// Position after the comment whose `<!--` ends just before `from`: `-->`, `--!>`, or the
/// abruptly closed empty comments `<!-->` and `<!--->`, as the tokenizer ends them.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from.min(bytes.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let closes = [
        find(bytes, from, b"-->").map(|p| p + 3),
        find(bytes, from, b"--!>").map(|p| p + 4),
    ];
    closes.into_iter().flatten().min().unwrap_or(bytes.len())
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
    fn quotes_open_values_only_after_equals() {
        // The tokenizer reads `utf-8"` as an attribute name: the tag ends at its `>`, and the
        // divs after it are elements. A scan that paired every quote read them as a value.
        let page = r#"<meta content="a <b>" charset=x utf-8"/><p>"#.to_string()
            + &"<div>".repeat(1000)
            + r#"x" y"#;
        assert_eq!(max_depth(&page), 1001);
        assert_eq!(max_depth(&limit_nesting(&page)), MAX_NESTING);
        // Quotes inside unquoted values and after a quoted one are ordinary characters.
        assert_eq!(max_depth(r#"<a href=x"y>a</a><b c="d"e"><i>"#), 2);
        assert_eq!(max_depth(r#"<div a="x>y"><span>"#), 2);
    }

    #[test]
    fn tag_names_run_to_space_slash_or_gt() {
        // `<div"x>` opens an element named `div"x`, which `</div>` does not close.
        let page = r#"<div"x></div>"#.repeat(200);
        assert_eq!(max_depth(&page), 200);
    }

    #[test]
    fn abruptly_closed_comments_end_where_the_parser_ends_them() {
        for opener in ["<!-->", "<!--->", "<!-- a --!>"] {
            let page = opener.to_string() + &"<div>".repeat(300) + "-->";
            assert_eq!(max_depth(&page), 300, "{opener}");
        }
        assert_eq!(max_depth("<!-- <div> --><p>"), 1);
    }

    #[test]
    fn formatting_elements_reopened_by_the_parser_count_as_open() {
        // `</p>` closes the `<b>`, and the parser reopens it in the next paragraph: n nested
        // `<b>`s, and a parse time that grows faster than n (8,000 of them took 48 s).
        let page: String = (0..1000).map(|i| format!("<p><b id={i}>x</p>")).collect();
        assert!(max_depth(&page) >= MAX_OPEN_FORMATTING);
        let flat = limit_nesting(&page);
        let doc = trafilatura::dom::Document::parse(&flat);
        assert!(
            tree_depth(&doc) <= MAX_OPEN_FORMATTING + 4,
            "{}",
            tree_depth(&doc)
        );
        assert_eq!(flat.matches('x').count(), 1000);
        // Each paragraph reopens every formatting element still open, so their number is
        // bounded too: the page keeps its first MAX_OPEN_FORMATTING `<b>`s.
        assert_eq!(flat.matches("<b").count(), MAX_OPEN_FORMATTING);
        // Their own end tags close them for good.
        let closed = "<p><b>x</b></p>".repeat(1000);
        assert_eq!(max_depth(&closed), 2);
        assert_eq!(max_depth(&"<p><STRONG>x</p></STRONG>".repeat(1000)), 2);
    }

    #[test]
    fn end_tags_do_not_close_across_a_scope_boundary() {
        let page = "<div><table><tr><td></div>".repeat(300) + "x";
        assert!(max_depth(&page) > MAX_NESTING);
        let doc = trafilatura::dom::Document::parse(&limit_nesting(&page));
        assert!(tree_depth(&doc) <= 2 * MAX_NESTING, "{}", tree_depth(&doc));
        assert_eq!(
            max_depth("<div><table><tr><td>x</td></tr></table></div><p>"),
            4
        );
    }

    #[test]
    fn dropping_a_tag_never_makes_a_new_one() {
        // Found by the html fuzz target: text `<` and `div>` around a dropped `<div>` joined
        // into a `<div>` the scan never saw, and the page parsed 1,126 levels deep.
        let page = "<div>".repeat(MAX_NESTING) + &"<<div>div>".repeat(500);
        let flat = limit_nesting(&page);
        assert_eq!(max_depth(&flat), MAX_NESTING);
        let doc = trafilatura::dom::Document::parse(&flat);
        assert!(tree_depth(&doc) <= MAX_NESTING + 4, "{}", tree_depth(&doc));
    }

    #[test]
    fn end_tags_the_parser_does_not_pop_leave_elements_open() {
        // `</body>` and `</html>` pop nothing, `</form>` leaves the form in the tree, and
        // `</b>` leaves a block opened inside the `<b>` open: none of these pages gets
        // shallower at its end tags.
        for unit in ["<div></body></html>", "<form><div></form>", "<b><div></b>"] {
            let page = unit.repeat(600) + "x";
            let doc = trafilatura::dom::Document::parse(&page);
            let parsed = tree_depth(&doc);
            assert!(parsed >= 600, "{unit}: {parsed}");
            assert!(max_depth(&page) > MAX_NESTING, "{unit}");
            let doc = trafilatura::dom::Document::parse(&limit_nesting(&page));
            assert!(
                tree_depth(&doc) <= 2 * MAX_NESTING,
                "{unit}: {}",
                tree_depth(&doc)
            );
        }
        assert_eq!(max_depth("<b><i>x</b>y<p>"), 2);
    }

    #[test]
    fn raw_text_elements_are_never_dropped() {
        // Found by the html fuzz target: a `<title>` beyond the limit was dropped, and the divs
        // the scan had skipped as its text became elements.
        let page = "<div>".repeat(300) + "<title>" + &"<div>".repeat(2000) + "</title>x";
        let flat = limit_nesting(&page);
        assert!(flat.contains("<title>") && flat.contains("</title>"));
        let doc = trafilatura::dom::Document::parse(&flat);
        assert!(tree_depth(&doc) <= MAX_NESTING + 8, "{}", tree_depth(&doc));
    }

    #[test]
    fn an_end_tag_opener_before_a_non_letter_is_a_comment() {
        // Found by the html fuzz target: `</<title>` is a bogus comment to the tokenizer; read
        // as a `<title>`, it hid every tag after it from the scan.
        let page = "<p></<title>".to_string() + &"<div>".repeat(300) + "x";
        assert!(max_depth(&page) > MAX_NESTING);
        let doc = trafilatura::dom::Document::parse(&limit_nesting(&page));
        assert!(tree_depth(&doc) <= MAX_NESTING + 8, "{}", tree_depth(&doc));
        assert_eq!(max_depth("</ <div>><p>"), 1);
        assert_eq!(max_depth("</><div>"), 1);
    }

    #[test]
    fn tree_depth_counts_the_parsed_levels() {
        let doc = trafilatura::dom::Document::parse(&("<div>".repeat(2000) + "x"));
        // document, html, body, 2000 divs and the text node below them.
        assert_eq!(tree_depth(&doc), 2003);
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
