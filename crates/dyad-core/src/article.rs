//! An article as the readers hand it to the pipeline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::hash::content_hash;

/// What kind of input an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// A scraped web page saved as markdown (title heading, byline, date line, body, url trailer).
    Markdown,
    /// Plain text: the whole file is the body.
    Text,
    /// One JSON article per line.
    Articles,
    /// One JSON sentence per line, each coded on its own.
    Sentences,
    /// A web page (HTML): the article is extracted from it.
    Html,
    /// A WARC archive (`.warc`, `.warc.gz`): every HTML response record is one page.
    Warc,
    /// An RSS, Atom or JSON feed: every item is one article, coded from the text the feed carries.
    Feed,
}

/// One news article: metadata plus the body text that the coder reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Article id: the record's `id`, or the file stem for single-article files.
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// Publication date; events default to it until the date resolver refines them.
    pub published: Option<NaiveDate>,
    /// Outlet name ("Guardian", "AFP") when known.
    pub source: Option<String>,
    /// The body: paragraphs separated by blank lines, page furniture removed.
    pub body: String,
    pub format: InputFormat,
    /// Where it came from, for messages: `path` or `path:line`.
    pub origin: String,
    /// ISO 639-1 language code ("en"), declared or identified; `None` when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Article {
    /// A one-sentence article, as `--input sentences` reads them (gold sets, tests, examples).
    pub fn sentence(id: &str, text: &str, published: Option<chrono::NaiveDate>) -> Article {
        Article {
            id: id.to_string(),
            url: None,
            title: None,
            authors: vec![],
            published,
            source: None,
            body: text.to_string(),
            format: InputFormat::Sentences,
            origin: id.to_string(),
            language: None,
        }
    }

    /// The key that makes re-ingesting the same article a no-op: a hash of what is coded.
    pub fn content_key(&self) -> String {
        let published = self.published.map(|d| d.to_string()).unwrap_or_default();
        content_hash(&[
            &self.id,
            self.url.as_deref().unwrap_or(""),
            self.title.as_deref().unwrap_or(""),
            &published,
            &self.body,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(body: &str) -> Article {
        Article {
            id: "a".into(),
            url: None,
            title: None,
            authors: vec![],
            published: None,
            source: None,
            body: body.into(),
            format: InputFormat::Text,
            origin: "a.txt".into(),
            language: None,
        }
    }

    #[test]
    fn content_key_depends_on_body_only_through_content() {
        assert_eq!(article("x").content_key(), article("x").content_key());
        assert_ne!(article("x").content_key(), article("y").content_key());
    }
}
