//! Feed files: every item is one article, coded from the text the feed carries (full content when
//! present, else the summary).

use dyad_core::{Article, InputFormat};
use dyad_feeds::{parse_feed, FeedItem};

use crate::{ArticleSink, IngestError};

/// Reads every item of a feed document.
pub(crate) fn read_feed(bytes: &[u8], origin: &str, sink: &mut ArticleSink<'_>) {
    let feed = match parse_feed(bytes) {
        Ok(feed) => feed,
        Err(e) => {
            return sink(Err(IngestError::NotText {
                origin: origin.to_string(),
                reason: e.to_string(),
            }))
        }
    };
    let source = feed.title.clone();
    for (n, item) in feed.items.iter().enumerate() {
        let item_origin = format!("{origin}#item{}", n + 1);
        let article = article_from_item(item, &item_origin).map(|mut a| {
            a.source = a.source.or_else(|| source.clone());
            a
        });
        sink(article);
    }
}

/// One feed item as an article; an item that carries no text is skipped with a reason.
pub fn article_from_item(item: &FeedItem, origin: &str) -> Result<Article, IngestError> {
    let text = item
        .content
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .or(item.summary.as_deref())
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| IngestError::NoArticle {
            origin: origin.to_string(),
            reason: "feed item carries no text".into(),
        })?;
    Ok(Article {
        id: item.id.clone(),
        url: item.link.clone(),
        title: item.title.clone(),
        authors: item.authors.clone(),
        published: item.published.map(|t| t.date_naive()),
        source: None,
        body: crate::text::paragraphs(text),
        format: InputFormat::Feed,
        origin: origin.to_string(),
        language: None,
    })
}
