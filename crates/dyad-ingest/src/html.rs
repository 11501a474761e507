//! Web pages: the article is extracted by `dyad-extract`; this module names it and reports why a
//! page gave nothing.

use dyad_core::{Article, InputFormat};
use dyad_extract::{extract, Page};

use crate::IngestError;

/// Turns one page into an article. `id` is the file stem or the record's URL.
pub fn article_from_page(page: &Page<'_>, id: &str, origin: &str) -> Result<Article, IngestError> {
    let found = extract(page).map_err(|e| IngestError::NoArticle {
        origin: origin.to_string(),
        reason: e.to_string(),
    })?;
    if found.text.trim().is_empty() {
        return Err(IngestError::NoArticle {
            origin: origin.to_string(),
            reason: "no article text found".into(),
        });
    }
    let url = found
        .canonical_url
        .clone()
        .or_else(|| page.url.map(str::to_string));
    Ok(Article {
        id: id.to_string(),
        url,
        title: found.title,
        authors: found.authors,
        published: found.published.map(|p| p.date()),
        source: found.site_name,
        body: found.text,
        format: InputFormat::Html,
        origin: origin.to_string(),
        language: found.language,
    })
}
