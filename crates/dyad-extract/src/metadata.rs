//! Article metadata read from the parsed page: meta tags, JSON-LD, `<link rel=canonical>`,
//! `<time>`, the URL and the words near the top.

use std::collections::HashSet;

use serde_json::Value;
use trafilatura::dom::{Document, NodeId};

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

/// The page's elements in document order, leaving out the contents of `<template>`s (inert
/// markup, kept as ordinary children in trafilatura's tree).
fn elements(doc: &Document) -> Vec<NodeId> {
    let mut all = doc.get_elements_by_tag_name(doc.root(), "*");
    let inert: HashSet<NodeId> = all
        .iter()
        .filter(|&&id| doc.tag_name(id) == "template")
        .flat_map(|&t| doc.get_elements_by_tag_name(t, "*"))
        .collect();
    if !inert.is_empty() {
        all.retain(|id| !inert.contains(id));
    }
    all
}

/// The text of an element's descendants, `<template>` contents left out.
fn text_of(doc: &Document, id: NodeId) -> String {
    let mut out = String::new();
    let mut stack = vec![id];
    while let Some(node) = stack.pop() {
        if doc.is_text(node) {
            out.push_str(&doc.text_content(node));
        } else if doc.tag_name(node) != "template" {
            stack.extend(doc.child_nodes(node).into_iter().rev());
        }
    }
    out
}

fn has_ancestor(doc: &Document, id: NodeId, tag: &str) -> bool {
    let mut node = doc.parent(id);
    while let Some(p) = node {
        if doc.tag_name(p) == tag {
            return true;
        }
        node = doc.parent(p);
    }
    false
}

/// Elements read as bylines and as date-like elements (first 10 and 30 in document order).
const MAX_BYLINE_ELEMENTS: usize = 10;
const MAX_DATE_ELEMENTS: usize = 30;
/// `<time>` / `[itemprop=datePublished]` elements read, and `<h1>`s.
const MAX_TIME_ELEMENTS: usize = 50;
const MAX_H1: usize = 5;

/// Reads the metadata of a parsed page, in one pass over its elements. What is read, in
/// document order: `<meta>` (key from `property`/`name`/`itemprop`/`http-equiv`, content from
/// `content`/`value`), `script[type="application/ld+json"]`, the first `head title`, the first
/// five `<h1>`, the first `link[rel~=canonical]`, `<html lang>`, the first 50 of `time,
/// [itemprop=datePublished], [itemprop=dateCreated]`, and the byline and date-like elements
/// (`Bylines`).
pub fn read(doc: &Document) -> PageMeta {
    let mut m = PageMeta::default();
    let mut blocks: Vec<String> = Vec::new();
    let (mut seen_title, mut seen_canonical, mut seen_html) = (false, false, false);
    let (mut seen_h1, mut seen_times) = (0, 0);
    let mut bylines = Bylines::default();
    for node in elements(doc) {
        let attr = |a: &str| doc.get_attribute(node, a);
        let tag = doc.tag_name(node);
        match tag {
            "meta" => {
                let key = ["property", "name", "itemprop", "http-equiv"]
                    .iter()
                    .find_map(|a| attr(a));
                let content = attr("content").or_else(|| attr("value"));
                if let (Some(k), Some(c)) = (key, content) {
                    let c = clean::collapse(&c);
                    if !c.is_empty() {
                        m.meta.push((k.trim().to_ascii_lowercase(), c));
                    }
                }
            }
            // Attribute selectors compare `type` and `rel` case-insensitively in HTML.
            "script"
                if attr("type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                blocks.push(text_of(doc, node));
            }
            "title" if !seen_title && has_ancestor(doc, node, "head") => {
                seen_title = true;
                m.title_tag = Some(clean::collapse(&text_of(doc, node)));
            }
            "h1" if seen_h1 < MAX_H1 => {
                seen_h1 += 1;
                let t = clean::collapse(&text_of(doc, node));
                if !t.is_empty() {
                    m.h1.push(t);
                }
            }
            "link" if !seen_canonical => {
                let rel = attr("rel").unwrap_or_default();
                if rel
                    .split_ascii_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("canonical"))
                {
                    seen_canonical = true;
                    m.canonical = attr("href").map(|h| h.trim().to_string());
                }
            }
            "html" if !seen_html => {
                seen_html = true;
                m.html_lang = attr("lang").or_else(|| attr("xml:lang"));
            }
            _ => {}
        }
        let itemprop = attr("itemprop");
        let timed =
            tag == "time" || matches!(itemprop.as_deref(), Some("datePublished" | "dateCreated"));
        if timed && seen_times < MAX_TIME_ELEMENTS {
            seen_times += 1;
            if let Some(value) = attr("datetime").or_else(|| attr("content")) {
                let marks = [
                    itemprop.clone(),
                    attr("class"),
                    attr("pubdate").map(|_| "published".into()),
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
        }
        bylines.visit(doc, node, itemprop);
    }
    m.jsonld = jsonld::objects(&blocks);
    (m.bylines, m.date_texts) = (bylines.bylines, bylines.dates);
    m
}

/// Texts of byline elements (`itemprop~=author`, `rel~=author`, class `byline`/`author`, id
/// `byline`) and of date-like elements (class `date`/`time`/`posted`/`published`/`meta`/`byline`,
/// id `date`), among the elements with a `class`, `id`, `itemprop` or `rel` attribute.
#[derive(Default)]
struct Bylines {
    bylines: Vec<String>,
    dates: Vec<String>,
    seen_bylines: usize,
    seen_dates: usize,
    done: bool,
}

impl Bylines {
    fn visit(&mut self, doc: &Document, node: NodeId, itemprop: Option<String>) {
        if self.done {
            return;
        }
        let (class, id, rel) = (
            doc.get_attribute(node, "class"),
            doc.get_attribute(node, "id"),
            doc.get_attribute(node, "rel"),
        );
        if class.is_none() && id.is_none() && itemprop.is_none() && rel.is_none() {
            return;
        }
        let (class, id) = (class.unwrap_or_default(), id.unwrap_or_default());
        let has_word =
            |v: Option<String>, w: &str| v.is_some_and(|v| v.split_whitespace().any(|x| x == w));
        let byline = has_word(itemprop, "author")
            || has_word(rel, "author")
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
        let byline = byline && self.seen_bylines < MAX_BYLINE_ELEMENTS;
        let dated = dated && self.seen_dates < MAX_DATE_ELEMENTS;
        if !byline && !dated {
            if self.seen_bylines >= MAX_BYLINE_ELEMENTS && self.seen_dates >= MAX_DATE_ELEMENTS {
                self.done = true;
            }
            return;
        }
        let text = clean::collapse(&text_of(doc, node));
        if byline {
            self.seen_bylines += 1;
            if !text.is_empty() && text.len() < 200 {
                self.bylines.push(text.clone());
            }
        }
        if dated {
            self.seen_dates += 1;
            if !text.is_empty() && text.len() < 300 {
                self.dates.push(text);
            }
        }
    }
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
        read(&Document::parse(html))
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
    fn template_contents_are_not_read() {
        let m = page(
            r#"<head><title>Real title</title><script TYPE="Application/LD+JSON">{"@type":"NewsArticle","headline":"H"}</script></head>
            <body><template id="comment-date"><span class="author">{{ name }}</span></template>
            <span class="byline">By Ann Lee</span><link rel="Canonical author" href=" /a ">
            <h1>One</h1><h1></h1><h1>Three</h1></body>"#,
        );
        assert_eq!(m.bylines, vec!["By Ann Lee"]);
        assert_eq!(m.date_texts, vec!["By Ann Lee"]);
        assert_eq!(m.title_tag.as_deref(), Some("Real title"));
        assert_eq!(m.jsonld.len(), 1);
        assert_eq!(m.canonical.as_deref(), Some("/a"));
        assert_eq!(m.h1, vec!["One", "Three"]);
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
