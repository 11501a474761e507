//! The extraction pipeline: bytes → text → tree → metadata + main text.

use std::panic::{catch_unwind, AssertUnwindSafe};
use trafilatura::dom::Document;

use crate::limits::{
    BINARY_SNIFF_CHARS, FALLBACK_BELOW_CHARS, MAX_CONTROL_SHARE, MAX_PAGE_BYTES, MAX_PARSED_DEPTH,
    SMOOTHIE_LONGER,
};
use crate::metadata::{self, PageMeta};
use crate::{
    charset, clean, date, language, lead, nesting, strip, text, ExtractError, Extracted, Page,
    Published,
};

/// Characters before and after the headline read for a written date.
const NEAR_HEADLINE_BEFORE: usize = 150;
const NEAR_HEADLINE_AFTER: usize = 400;

/// What the two extractors returned.
struct Found {
    text: String,
    title: Option<String>,
    author: Option<String>,
    date: Option<Published>,
    site_name: Option<String>,
    readability_title: Option<String>,
    readability_byline: Option<String>,
}

/// Extracts the article of one page. Pages over [`MAX_PAGE_BYTES`] are cut there first.
pub fn extract(page: &Page<'_>) -> Result<Extracted, ExtractError> {
    let bytes = &page.bytes[..page.bytes.len().min(MAX_PAGE_BYTES)];
    let decoded = charset::decode(bytes, page.content_type);
    reject_binary(&decoded)?;
    let stripped = strip::strip_unread(&decoded);
    let html = nesting::limit_nesting(&stripped);
    let url = page
        .url
        .map(str::trim)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    // One parse: metadata and the body's text are read from the tree before trafilatura
    // takes it over; dom_smoothie parses again on the short-text pages only.
    let doc = Document::parse(&html);
    check_parsed_depth(&doc)?;
    let meta = metadata::read(&doc);
    let body = body_text(&doc);
    let found = run_extractors(doc, &html, url, &meta.descriptions(), &body);
    if found.text.is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(assemble(&meta, found, url, &body))
}

/// Refuses a tree deeper than [`MAX_PARSED_DEPTH`]: the tag scan flattened the page, so such a
/// tree means the parser read the page otherwise than the scan did.
fn check_parsed_depth(doc: &Document) -> Result<(), ExtractError> {
    let depth = nesting::tree_depth(doc);
    if depth > MAX_PARSED_DEPTH {
        return Err(ExtractError::TooDeep {
            depth,
            limit: MAX_PARSED_DEPTH,
        });
    }
    Ok(())
}

/// The visible text of the page's body, blocks separated by a space, whitespace collapsed.
fn body_text(doc: &Document) -> String {
    doc.body()
        .map(|b| clean::collapse(&text::from_tree(doc, b)))
        .unwrap_or_default()
}

/// The page text around the first of `headlines` (title, `<h1>`s) found in it: precise
/// extractions can leave out the dateline printed next to the headline.
fn near_headline(body: &str, headlines: &[String]) -> String {
    let Some(at) = headlines
        .iter()
        .filter(|h| !h.is_empty())
        .find_map(|h| body.find(h.as_str()))
    else {
        return String::new();
    };
    let before: String = body[..at]
        .chars()
        .rev()
        .take(NEAR_HEADLINE_BEFORE)
        .collect();
    let after = body[at..].chars().take(NEAR_HEADLINE_AFTER);
    before.chars().rev().chain(after).collect()
}

/// Control characters and replacement characters in the first characters mark binary data.
fn reject_binary(decoded: &str) -> Result<(), ExtractError> {
    let mut total = 0usize;
    let mut junk = 0usize;
    for c in decoded.chars().take(BINARY_SNIFF_CHARS) {
        total += 1;
        let control = (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{fffd}';
        junk += usize::from(control);
    }
    if total > 0 && junk as f64 / total as f64 > MAX_CONTROL_SHARE {
        return Err(ExtractError::NotHtml(format!(
            "{junk} of the first {total} characters are control or undecodable characters"
        )));
    }
    Ok(())
}

/// trafilatura alone, favouring precision (no recall retries); when it finds less than
/// [`FALLBACK_BELOW_CHARS`] of text, dom_smoothie runs on its own parse of the page and its text
/// is taken when it is clearly longer ([`SMOOTHIE_LONGER`] times). This beats re-running
/// trafilatura with its fallbacks and dom_smoothie's article as candidate, at a fraction of the
/// cost (docs/extraction.md). The page's lead is then restored ([`lead`]).
fn run_extractors(
    doc: Document,
    html: &str,
    url: Option<&str>,
    descriptions: &[String],
    body: &str,
) -> Found {
    let mut fast =
        trafilatura::Options::default().with_focus(trafilatura::ExtractionFocus::FavorPrecision);
    // An empty body still returns trafilatura's metadata (its date is one of our sources).
    fast.config.min_output_size = 0;
    if let Some(u) = url.and_then(|u| url::Url::parse(u).ok()) {
        fast = fast.with_url(u);
    }
    let first = trafilatura::extract_document(doc, &fast).ok();
    let first_text = first.as_ref().map(traf_text).unwrap_or_default();
    let first_len = first_text.chars().count();
    if first_len >= FALLBACK_BELOW_CHARS {
        let text = lead::restore(first_text, descriptions, || body.to_string());
        return found(text, first.as_ref(), None);
    }
    // dom_smoothie is third-party code fed with hostile pages, and 0.19 panics on some (it slices
    // an embed's URL inside a character when a video domain follows a non-ASCII one, found by
    // fuzzing): a panic there means no readability candidate, not a crash.
    let readability = catch_unwind(AssertUnwindSafe(|| {
        dom_smoothie::Readability::new(html, url, None)
            .and_then(|mut r| r.parse())
            .ok()
    }))
    .ok()
    .flatten();
    let smoothie_text = readability
        .as_ref()
        .map(|a| text::from_html(&a.content))
        .unwrap_or_default();
    let text = if smoothie_text.chars().count() as f64 > SMOOTHIE_LONGER * first_len as f64 {
        smoothie_text
    } else {
        first_text
    };
    let text = lead::restore(text, descriptions, || body.to_string());
    found(text, first.as_ref(), readability.as_ref())
}

/// trafilatura's text with paragraphs kept: its `content_text` may run paragraphs together, its
/// HTML keeps the blocks.
fn traf_text(r: &trafilatura::ExtractResult) -> String {
    let text = text::from_html(&r.content_html);
    if text.is_empty() {
        text::reflow_lines(&r.content_text)
    } else {
        text
    }
}

fn found(
    text: String,
    traf: Option<&trafilatura::ExtractResult>,
    readability: Option<&dom_smoothie::Article>,
) -> Found {
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    Found {
        text,
        title: traf.and_then(|r| nonempty(&r.metadata.title)),
        author: traf.and_then(|r| nonempty(&r.metadata.author)),
        date: traf.and_then(|r| r.metadata.date).map(Published::Date),
        site_name: traf.and_then(|r| nonempty(&r.metadata.sitename)),
        readability_title: readability.and_then(|a| nonempty(&a.title)),
        readability_byline: readability.and_then(|a| a.byline.as_deref().and_then(nonempty)),
    }
}

fn assemble(meta: &PageMeta, found: Found, url: Option<&str>, body: &str) -> Extracted {
    let canonical_url = meta.canonical(url).or_else(|| url.map(str::to_string));
    let site_name = meta
        .site_name()
        .or(found.site_name.clone())
        .or_else(|| canonical_url.as_deref().or(url).and_then(metadata::host));
    let title = meta
        .title(site_name.as_deref())
        .or_else(|| found.title.clone())
        .or_else(|| found.readability_title.clone())
        .filter(|t| !t.is_empty());
    let mut authors = meta.authors();
    if authors.is_empty() {
        let raw: Vec<String> = found
            .author
            .iter()
            .chain(found.readability_byline.iter())
            .cloned()
            .collect();
        authors = clean::authors(&raw);
    }
    let headlines: Vec<String> = title.iter().chain(meta.h1.iter()).cloned().collect();
    let near = || near_headline(body, &headlines);
    let published = published(meta, &found, url, canonical_url.as_deref(), near);
    let language = meta
        .declared_language()
        .or_else(|| language::identify(&found.text));
    Extracted {
        title,
        authors,
        published,
        text: found.text,
        language,
        canonical_url,
        site_name,
    }
}

/// Publication time: declared (JSON-LD, meta, marked `<time>`), the extractor's, the URL's,
/// a date written in date-like elements, at the top of the text or next to the headline, then
/// any `<time>`.
fn published(
    meta: &PageMeta,
    found: &Found,
    url: Option<&str>,
    canonical: Option<&str>,
    near_headline: impl FnOnce() -> String,
) -> Option<Published> {
    let head: String = found.text.chars().take(400).collect();
    meta.declared_published()
        .or(found.date)
        .or_else(|| url.and_then(date::from_url))
        .or_else(|| canonical.and_then(date::from_url))
        .or_else(|| meta.text_published())
        .or_else(|| date::from_text(&head))
        .or_else(|| date::from_text(&near_headline()))
        .or_else(|| meta.weak_published())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Result<Extracted, ExtractError> {
        extract(&Page {
            bytes: html.as_bytes(),
            url: Some("https://news.example.org/2024/05/06/storm"),
            content_type: None,
        })
    }

    #[test]
    fn trees_deeper_than_the_limit_are_refused() {
        let deep = Document::parse(&("<div>".repeat(MAX_PARSED_DEPTH) + "x"));
        let err = check_parsed_depth(&deep).unwrap_err();
        assert!(matches!(err, ExtractError::TooDeep { depth, .. } if depth > MAX_PARSED_DEPTH));
        assert!(err.to_string().contains("levels after parsing"), "{err}");
        let shallow = Document::parse(&("<div>".repeat(MAX_PARSED_DEPTH - 10) + "x"));
        assert!(check_parsed_depth(&shallow).is_ok());
    }

    #[test]
    fn empty_and_junk() {
        assert!(matches!(page(""), Err(ExtractError::NoText)));
        let junk: Vec<u8> = (0u32..20_000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(extract(&Page {
            bytes: &junk,
            ..Page::default()
        })
        .is_err());
    }

    #[test]
    fn dateline_near_headline() {
        let body = "Menü News Sturm trifft Küste 06.05.2024 | Von A. B. Der Sturm kam.";
        let near = near_headline(body, &["Sturm trifft Küste".to_string()]);
        assert!(near.starts_with("Menü") && near.contains("06.05.2024"));
        assert_eq!(near_headline(body, &[]), "");
    }

    #[test]
    fn binary_detection() {
        assert!(reject_binary("\u{0}\u{1}\u{2}abc").is_err());
        assert!(reject_binary("<html>plain\n\ttext</html>").is_ok());
    }
}
