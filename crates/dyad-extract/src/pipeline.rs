//! The extraction pipeline: bytes → text → tree → metadata + main text.

use dom_query::Document;

use crate::limits::{BINARY_SNIFF_CHARS, FALLBACK_BELOW_CHARS, MAX_CONTROL_SHARE, MAX_PAGE_BYTES};
use crate::metadata::{self, PageMeta};
use crate::{
    charset, clean, date, language, nesting, text, ExtractError, Extracted, Page, Published,
};

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
    let html = nesting::limit_nesting(&decoded);
    let url = page
        .url
        .map(str::trim)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let doc = Document::from(html.as_ref());
    let meta = metadata::read(&doc);
    let found = run_extractors(doc, &html, url);
    if found.text.is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(assemble(&meta, found, url))
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

/// Fast pass: trafilatura alone. When it finds less than [`FALLBACK_BELOW_CHARS`] of text, the
/// careful pass runs dom_smoothie and trafilatura again with its fallbacks and dom_smoothie's
/// article as the readability candidate (see docs/extraction.md for the measurements).
fn run_extractors(doc: Document, html: &str, url: Option<&str>) -> Found {
    let page_url = url.and_then(|u| url::Url::parse(u).ok());
    let mut fast = trafilatura::Options::default();
    if let Some(u) = page_url.clone() {
        fast = fast.with_url(u);
    }
    let first = trafilatura::extract(html, &fast).ok();
    let first_text = first.as_ref().map(traf_text).unwrap_or_default();
    if first_text.chars().count() >= FALLBACK_BELOW_CHARS {
        return found(first_text, first.as_ref(), None);
    }
    let readability = dom_smoothie::Readability::with_document(doc, url, None)
        .and_then(|mut r| r.parse())
        .ok();
    let fallback_html = readability.as_ref().map(|a| a.content.to_string());
    let mut careful = trafilatura::Options::default()
        .with_fallback(true)
        .with_focus(trafilatura::ExtractionFocus::FavorPrecision);
    if let Some(u) = page_url {
        careful = careful.with_url(u);
    }
    if let Some(candidate) = fallback_html.clone() {
        let mut candidates = trafilatura::FallbackCandidates::default();
        candidates.readability_html = Some(candidate);
        careful = careful.with_fallback_candidates(candidates);
    }
    let second = trafilatura::extract(html, &careful).ok();
    let mut text = second.as_ref().map(traf_text).unwrap_or_default();
    if text.is_empty() {
        text = fallback_html
            .as_deref()
            .map(text::from_html)
            .unwrap_or_default();
    }
    if text.is_empty() {
        text = first_text;
    }
    found(
        text,
        second.as_ref().or(first.as_ref()),
        readability.as_ref(),
    )
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

fn assemble(meta: &PageMeta, found: Found, url: Option<&str>) -> Extracted {
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
    let published = published(meta, &found, url, canonical_url.as_deref());
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
/// a date written in date-like elements or at the top of the text, then any `<time>`.
fn published(
    meta: &PageMeta,
    found: &Found,
    url: Option<&str>,
    canonical: Option<&str>,
) -> Option<Published> {
    let head: String = found.text.chars().take(400).collect();
    meta.declared_published()
        .or(found.date)
        .or_else(|| url.and_then(date::from_url))
        .or_else(|| canonical.and_then(date::from_url))
        .or_else(|| meta.text_published())
        .or_else(|| date::from_text(&head))
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
    fn binary_detection() {
        assert!(reject_binary("\u{0}\u{1}\u{2}abc").is_err());
        assert!(reject_binary("<html>plain\n\ttext</html>").is_ok());
    }
}
