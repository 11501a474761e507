//! Web pages: the article is extracted by `dyad-extract`; this module names it and reports why a
//! page gave nothing.

use dyad_core::{Article, InputFormat};
use dyad_extract::{extract, Page};

use crate::IngestError;

/// What a reader found: a finished article, or a web page whose article is still to be extracted
/// (extraction is the costly step, so pipelines run it on their worker threads).
#[derive(Debug, Clone)]
pub enum Item {
    Article(Article),
    Page(RawPage),
}

impl Item {
    /// The article: extracted now for a page.
    pub fn into_article(self) -> Result<Article, IngestError> {
        match self {
            Item::Article(article) => Ok(article),
            Item::Page(page) => page.extract(),
        }
    }
}

/// A web page as read from a file or an archive record.
#[derive(Debug, Clone)]
pub struct RawPage {
    pub bytes: Vec<u8>,
    /// Where it was fetched from (WARC target URI).
    pub url: Option<String>,
    /// The HTTP `Content-Type` header, when an archive kept it.
    pub content_type: Option<String>,
    /// The article id to give it (file stem, or target URI).
    pub id: String,
    /// Where it came from, for messages.
    pub origin: String,
}

impl RawPage {
    /// Extracts the article.
    pub fn extract(&self) -> Result<Article, IngestError> {
        let page = Page {
            bytes: &self.bytes,
            url: self.url.as_deref(),
            content_type: self.content_type.as_deref(),
        };
        article_from_page(&page, &self.id, &self.origin)
    }
}

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
