//! Drops what no extractor reads before the page is parsed (into trafilatura's `scraper` tree,
//! which the metadata is read from first; dom_smoothie parses again on short-text pages):
//! `<script>`, `<style>`, `<svg>`, `<noscript>` elements and `<!-- comments -->`; JSON-LD scripts
//! are kept for the metadata. (`<noscript>` is raw text to a parser with scripting on, so its
//! tracking-pixel markup would reach the text.) The extractors remove them after parsing anyway;
//! cutting them from the string first spares tokenising and tree building (often half of a
//! page's bytes).

/// Elements cut out whole (lower-case names).
const CUT: &[&str] = &["script", "style", "svg", "noscript"];

/// What starts at a `<`.
enum At {
    /// Not something to cut.
    Keep,
    /// Not something to cut, and nothing to look at before this byte offset (the end of a kept
    /// start tag).
    KeepUntil(usize),
    /// A cut element or comment ending before this byte offset.
    Cut(usize),
    /// A cut element or comment that never ends: the parser reads the rest into it.
    Unterminated,
}

/// `html` without script/style/svg/noscript elements and comments. From an unterminated one on, the
/// page is kept as it is (linear time whatever the input).
pub fn strip_unread(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        let start = i + off;
        match skip_end(html, start) {
            At::Cut(end) => {
                out.push_str(&html[copied..start]);
                copied = end;
                i = end;
            }
            At::Keep => i = start + 1,
            At::KeepUntil(end) => i = end,
            At::Unterminated => break,
        }
    }
    out.push_str(&html[copied..]);
    out
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// Where the cut element or comment starting at `start` (a `<`) ends, if it is one.
fn skip_end(html: &str, start: usize) -> At {
    let rest = &html[start..];
    if let Some(body) = rest.strip_prefix("<!--") {
        return body
            .find("-->")
            .map_or(At::Unterminated, |e| At::Cut(start + 4 + e + 3));
    }
    let Some(name) = CUT.iter().find(|n| starts_with_tag(&rest[1..], n)) else {
        return At::Keep;
    };
    if *name == "script" {
        // The start tag's end is looked for once: a page of `<script type=ld+json` without `>`
        // made every one of them search the rest of the page.
        let Some(gt) = rest.find('>') else {
            return At::Unterminated;
        };
        if find_ci(&rest[..gt], "ld+json").is_some() {
            return At::KeepUntil(start + gt + 1);
        }
    }
    let close = format!("</{name}");
    let Some(end) = find_ci(&rest[1..], &close).map(|e| e + 1) else {
        return At::Unterminated;
    };
    rest[end..]
        .find('>')
        .map_or(At::Unterminated, |gt| At::Cut(start + end + gt + 1))
}

/// `s` starts with tag name `name` followed by a delimiter (`>`, space, `/`).
fn starts_with_tag(s: &str, name: &str) -> bool {
    s.len() > name.len()
        && s.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && matches!(
            s.as_bytes()[name.len()],
            b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c'
        )
}

/// ASCII case-insensitive find of an ASCII needle, jumping between occurrences of its first
/// byte (`memchr`-fast through long scripts).
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let (&first, rest) = n.split_first()?;
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut from = 0;
    while from + n.len() <= h.len() {
        let at = from + h[from..].iter().position(|&b| b == lower || b == upper)?;
        let tail = h.get(at + 1..at + n.len())?;
        if tail.eq_ignore_ascii_case(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_scripts_styles_svg_comments() {
        let html = "<p>a</p><SCRIPT type=x>if (a<b) x()</script ><style>p{}</style>\
                    <!-- c --><svg viewBox=1><path/></svg><p>b</p>";
        assert_eq!(strip_unread(html), "<p>a</p><p>b</p>");
        let pixel = "<p>a</p><noscript><iframe src=\"t\"></iframe></noscript>";
        assert_eq!(strip_unread(pixel), "<p>a</p>");
    }

    #[test]
    fn keeps_lookalikes_and_unterminated() {
        assert_eq!(
            strip_unread("<scripted>x</scripted>"),
            "<scripted>x</scripted>"
        );
        assert_eq!(strip_unread("<p>x<script>y"), "<p>x<script>y");
        assert_eq!(strip_unread("a <!-- b"), "a <!-- b");
        assert_eq!(strip_unread("é<style>ü</style>ß"), "éß");
        let ld = "<script type=\"application/ld+json\">{}</script>";
        assert_eq!(strip_unread(ld), ld);
        assert_eq!(
            strip_unread("<script ld+json <script ld+json"),
            "<script ld+json <script ld+json"
        );
        assert_eq!(strip_unread("<p>a<script src=x"), "<p>a<script src=x");
        assert_eq!(find_ci("ab</SCRIPT>", "</script"), Some(2));
        assert_eq!(find_ci("</scrip", "</script"), None);
    }
}
