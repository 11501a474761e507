//! Article metadata read from the parsed page: meta tags, JSON-LD, `<link rel=canonical>`,
//! `<time>`, the URL and the words near the top.

use dom_query::Document;
use serde_json::Value;

use crate::{clean, date, jsonld, language, Published};

/// What the page says about itself, read before the extractor rewrites the tree.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// `(key, content)` of every `<meta>`; keys lower-cased from name/property/itemprop/http-equiv.
    pub meta: Vec<(String, String)>,
    pub jsonld: Vec<Value>,
    pub title_tag: Option<String>,
    pub h1: Vec<String>,
    pub canonical: Option<String>,
    pub html_lang: Option<String>,
    /// `datetime` of `<time>` / `[itemprop=datePublished]` elements, marked-as-published first.
    pub marked_times: Vec<String>,
    pub other_times: Vec<String>,
    /// Texts of elements whose class/id/itemprop/rel says "author" or "byline".
    pub bylines: Vec<String>,
    /// Texts of elements whose class/id says "date", "time", "posted", "published", "meta".
    pub date_texts: Vec<String>,
}

const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "article.published",
    "datepublished",
    "og:published_time",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "pub_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "citation_publication_date",
    "citation_date",
    "originalpublicationdate",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "release_date",
    "date.published",
    "bt:pubdate",
    "datecreated",
    "og:updated_time",
    "article:modified_time",
    "last-modified",
    "datemodified",
    "dc.date.modified",
];
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "byl",
    "og:article:author",
    "twitter:creator:name",
];

/// Meta keys whose content describes the article (often its lead).
const DESCRIPTION_KEYS: &[&str] = &["og:description", "description", "twitter:description"];

impl PageMeta {
    /// The page's declared descriptions (`og:description`, `description`, `twitter:description`).
    pub fn descriptions(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for key in DESCRIPTION_KEYS {
            for (k, v) in &self.meta {
                if k == key && !out.contains(v) {
                    out.push(v.clone());
                }
            }
        }
        out
    }
}

/// Reads the metadata of a parsed page.
pub fn read(doc: &Document) -> PageMeta {
    let mut m = PageMeta::default();
    for node in doc.select("meta").nodes() {
        let key = ["property", "name", "itemprop", "http-equiv"]
            .iter()
            .find_map(|a| node.attr(a));
        let content = node.attr("content").or_else(|| node.attr("value"));
        if let (Some(k), Some(c)) = (key, content) {
            let c = clean::collapse(&c);
            if !c.is_empty() {
                m.meta.push((k.trim().to_ascii_lowercase(), c));
            }
        }
    }
    let blocks: Vec<String> = doc
        .select(r#"script[type="application/ld+json"]"#)
        .nodes()
        .iter()
        .map(|n| n.text().to_string())
        .collect();
    m.jsonld = jsonld::objects(&blocks);
    m.title_tag = doc
        .select("head title")
        .nodes()
        .first()
        .map(|n| clean::collapse(&n.text()));
    m.h1 = doc
        .select("h1")
        .nodes()
        .iter()
        .take(5)
        .map(|n| clean::collapse(&n.text()))
        .filter(|t| !t.is_empty())
        .collect();
    m.canonical = doc
        .select(r#"link[rel~="canonical"]"#)
        .nodes()
        .first()
        .and_then(|n| n.attr("href"))
        .map(|h| h.trim().to_string());
    m.html_lang = doc
        .select("html")
        .nodes()
        .first()
        .and_then(|n| n.attr("lang").or_else(|| n.attr("xml:lang")))
        .map(|l| l.to_string());
    for node in doc
        .select(r#"time, [itemprop="datePublished"], [itemprop="dateCreated"]"#)
        .nodes()
        .iter()
        .take(50)
    {
        let Some(value) = node
            .attr("datetime")
            .or_else(|| node.attr("content"))
            .map(|v| v.to_string())
        else {
            continue;
        };
        let marks = [
            node.attr("itemprop"),
            node.attr("class"),
            node.attr("pubdate").map(|_| "published".into()),
        ];
        let marked = marks.iter().flatten().any(|s| {
            let s = s.to_ascii_lowercase();
            s.contains("published")
                || s.contains("datecreated")
                || s.contains("entry-date")
                || s.contains("pubdate")
        });
        if marked {
            m.marked_times.push(value)
        } else {
            m.other_times.push(value)
        }
    }
    (m.bylines, m.date_texts) = byline_and_date_texts(doc);
    m
}

/// Elements read as bylines and as date-like elements (first 10 and 30 in document order).
const MAX_BYLINE_ELEMENTS: usize = 10;
const MAX_DATE_ELEMENTS: usize = 30;

/// Texts of byline elements (`itemprop~=author`, `rel~=author`, class `byline`/`author`, id
/// `byline`) and of date-like elements (class `date`/`time`/`posted`/`published`/`meta`/`byline`,
/// id `date`), in one walk over the elements with such attributes.
fn byline_and_date_texts(doc: &Document) -> (Vec<String>, Vec<String>) {
    let (mut bylines, mut dates) = (Vec::new(), Vec::new());
    let (mut seen_bylines, mut seen_dates) = (0, 0);
    for node in doc.select("[class], [id], [itemprop], [rel]").nodes() {
        let attr = |a: &str| node.attr(a).map(|v| v.to_string()).unwrap_or_default();
        let (class, id) = (attr("class"), attr("id"));
        let has_word = |v: String, w: &str| v.split_whitespace().any(|x| x == w);
        let byline = has_word(attr("itemprop"), "author")
            || has_word(attr("rel"), "author")
            || ["byline", "author", "Author", "Byline"]
                .iter()
                .any(|k| class.contains(k))
            || id.contains("byline");
        let dated = [
            "date",
            "Date",
            "time",
            "posted",
            "published",
            "meta",
            "byline",
        ]
        .iter()
        .any(|k| class.contains(k))
            || id.contains("date");
        let byline = byline && seen_bylines < MAX_BYLINE_ELEMENTS;
        let dated = dated && seen_dates < MAX_DATE_ELEMENTS;
        if !byline && !dated {
            if seen_bylines >= MAX_BYLINE_ELEMENTS && seen_dates >= MAX_DATE_ELEMENTS {
                break;
            }
            continue;
        }
        let text = clean::collapse(&node.text());
        if byline {
            seen_bylines += 1;
            if !text.is_empty() && text.len() < 200 {
                bylines.push(text.clone());
            }
        }
        if dated {
            seen_dates += 1;
            if !text.is_empty() && text.len() < 300 {
                dates.push(text);
            }
        }
    }
    (bylines, dates)
}

impl PageMeta {
    /// Content of the first `<meta>` whose key is `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The publication time the page declares in machine-readable form (JSON-LD, meta tags,
    /// `<time>` marked as the publication time). Modification times only as a last resort.
    pub fn declared_published(&self) -> Option<Published> {
        let ld = ["datePublished", "dateCreated"].iter().find_map(|k| {
            self.jsonld
                .iter()
                .filter(|o| jsonld::is_article(o) || o.get("datePublished").is_some())
                .find_map(|o| o.get(*k).and_then(jsonld::as_text))
                .and_then(|s| date::parse_machine(&s))
        });
        ld.or_else(|| {
            PUBLISHED_KEYS
                .iter()
                .take_while(|k| !k.contains("modified") && !k.contains("updated"))
                .find_map(|k| self.get(k).and_then(date::parse_machine))
        })
        .or_else(|| {
            self.marked_times
                .iter()
                .find_map(|t| date::parse_machine(t))
        })
    }

    /// Less certain sources: any `<time datetime>`, then modification times.
    pub fn weak_published(&self) -> Option<Published> {
        self.other_times
            .iter()
            .find_map(|t| date::parse_machine(t))
            .or_else(|| {
                PUBLISHED_KEYS
                    .iter()
                    .filter(|k| k.contains("modified") || k.contains("updated"))
                    .find_map(|k| self.get(k).and_then(date::parse_machine))
            })
    }

    /// Dates written in words in date-like elements of the page.
    pub fn text_published(&self) -> Option<Published> {
        self.date_texts.iter().find_map(|t| date::from_text(t))
    }

    /// Authors from JSON-LD, then meta tags, then byline elements.
    pub fn authors(&self) -> Vec<String> {
        let ld = clean::authors(&jsonld::authors(&self.jsonld));
        if !ld.is_empty() {
            return ld;
        }
        for key in AUTHOR_KEYS {
            let values: Vec<String> = self
                .meta
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .collect();
            let names = clean::authors(&values);
            if !names.is_empty() {
                return names;
            }
        }
        self.bylines
            .iter()
            .map(|b| clean::authors(std::slice::from_ref(b)))
            .find(|n| !n.is_empty())
            .unwrap_or_default()
    }

    /// Title candidates in order of trust, and the site name, cleaned by [`clean::title`].
    pub fn title(&self, site: Option<&str>) -> Option<String> {
        let raw = self
            .get("og:title")
            .map(str::to_string)
            .or_else(|| jsonld::first_str(&self.jsonld, "headline"))
            .or_else(|| self.get("twitter:title").map(str::to_string))
            .or_else(|| self.title_tag.clone().filter(|t| !t.is_empty()))
            .or_else(|| self.h1.first().cloned())?;
        Some(clean::title(&raw, site, &self.h1))
    }

    /// og:site_name, JSON-LD publisher, application-name.
    pub fn site_name(&self) -> Option<String> {
        self.get("og:site_name")
            .map(str::to_string)
            .or_else(|| jsonld::publisher(&self.jsonld))
            .or_else(|| self.get("application-name").map(str::to_string))
            .filter(|s| !s.is_empty() && s.chars().count() <= 100)
    }

    /// `<link rel=canonical>` or og:url, made absolute against `base`.
    pub fn canonical(&self, base: Option<&str>) -> Option<String> {
        let link = self.canonical.as_deref().filter(|c| !c.is_empty());
        link.and_then(|l| absolute(l, base))
            .or_else(|| self.get("og:url").and_then(|o| absolute(o, base)))
    }

    /// The declared language: `<html lang>`, then `content-language`, then og:locale / inLanguage.
    pub fn declared_language(&self) -> Option<String> {
        self.html_lang
            .as_deref()
            .and_then(language::from_tag)
            .or_else(|| self.get("content-language").and_then(language::from_tag))
            .or_else(|| self.get("og:locale").and_then(language::from_tag))
            .or_else(|| {
                jsonld::first_str(&self.jsonld, "inLanguage")
                    .as_deref()
                    .and_then(language::from_tag)
            })
    }
}

/// `href` resolved against `base`; absolute http(s) URLs only.
pub fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    let joined = match base.and_then(|b| url::Url::parse(b).ok()) {
        Some(b) => b.join(href).ok()?,
        None => url::Url::parse(href).ok()?,
    };
    matches!(joined.scheme(), "http" | "https").then(|| joined.to_string())
}

/// The host of a URL without `www.`, as a last-resort site name.
pub fn host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> PageMeta {
        read(&Document::from(html))
    }

    #[test]
    fn bylines_dates_and_descriptions() {
        let m = page(
            r#"<head><meta name="description" content="Lead."><meta property="og:description"
            content="Lead."></head><body><div class="post-meta">
            <span rel="author">By Ann Lee</span> <span class="entry-date">2 May 2024</span></div>
            <p class="metadata-free" id="x">Body</p></body>"#,
        );
        assert_eq!(m.bylines, vec!["By Ann Lee"]);
        assert_eq!(m.date_texts[0], "By Ann Lee 2 May 2024");
        assert_eq!(m.date_texts[1], "2 May 2024");
        assert_eq!(m.descriptions(), vec!["Lead."]);
    }

    #[test]
    fn meta_tags_and_canonical() {
        let m = page(
            r#"<html lang="en-US"><head><title>Big storm hits coast | Example News</title>
            <meta property="og:site_name" content="Example News">
            <meta property="article:published_time" content="2024-05-06T07:08:09+02:00">
            <meta name="author" content="By Jane Doe and John Roe">
            <link rel="canonical" href="/world/storm"></head><body><h1>Big storm hits coast</h1></body></html>"#,
        );
        assert_eq!(
            m.declared_published()
                .map(|p| p.date().to_string())
                .as_deref(),
            Some("2024-05-06")
        );
        assert!(matches!(
            m.declared_published(),
            Some(Published::DateTime(_))
        ));
        assert_eq!(m.authors(), vec!["Jane Doe", "John Roe"]);
        assert_eq!(m.site_name().as_deref(), Some("Example News"));
        assert_eq!(
            m.title(m.site_name().as_deref()).as_deref(),
            Some("Big storm hits coast")
        );
        assert_eq!(
            m.canonical(Some("https://news.example.com/x?y=1"))
                .as_deref(),
            Some("https://news.example.com/world/storm")
        );
        assert_eq!(m.declared_language().as_deref(), Some("en"));
    }

    #[test]
    fn jsonld_wins_and_time_elements() {
        let m = page(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-02-03",
            "author":{"@type":"Person","name":"Ana Lima"},"headline":"Headline here"}</script>
            <meta name="author" content="Someone Else">
            <time datetime="2019-01-01T00:00:00Z">old</time>"#,
        );
        assert_eq!(m.declared_published(), date::parse_machine("2021-02-03"));
        assert_eq!(m.authors(), vec!["Ana Lima"]);
        assert_eq!(m.title(None).as_deref(), Some("Headline here"));
        assert_eq!(
            m.weak_published().map(|p| p.date().to_string()).as_deref(),
            Some("2019-01-01")
        );
    }

    #[test]
    fn marked_time_and_text_dates() {
        let m = page(
            r#"<p class="post-date">Posted on March 3, 2022</p><time class="published" datetime="2022-03-03T10:00:00+00:00">x</time>"#,
        );
        assert_eq!(
            m.declared_published()
                .map(|p| p.date().to_string())
                .as_deref(),
            Some("2022-03-03")
        );
        assert_eq!(
            m.text_published().map(|p| p.date().to_string()).as_deref(),
            Some("2022-03-03")
        );
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://www.example.org/a").as_deref(),
            Some("example.org")
        );
        assert_eq!(absolute("javascript:void(0)", None), None);
    }
}
