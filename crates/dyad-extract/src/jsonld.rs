//! JSON-LD (`<script type="application/ld+json">`): the objects describing the page.

use serde_json::Value;

/// Every object in the JSON-LD blocks, with `@graph` members and top-level arrays flattened,
/// articles first (NewsArticle, Article, BlogPosting, …), then the rest in page order.
pub fn objects(blocks: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for block in blocks {
        let Ok(value) = serde_json::from_str::<Value>(block.trim().trim_end_matches(';')) else {
            continue;
        };
        flatten(value, &mut out);
    }
    out.sort_by_key(|v| !is_article(v));
    out
}

fn flatten(value: Value, out: &mut Vec<Value>) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.into_iter().rev()),
            Value::Object(mut map) => {
                if let Some(graph) = map.remove("@graph") {
                    stack.push(graph);
                }
                if !map.is_empty() {
                    out.push(Value::Object(map));
                }
            }
            _ => {}
        }
        if out.len() > 256 {
            break;
        }
    }
}

/// Whether a JSON-LD object is an article of some kind.
pub fn is_article(v: &Value) -> bool {
    types(v).iter().any(|t| {
        let t = t.to_ascii_lowercase();
        t.ends_with("article")
            || t == "blogposting"
            || t == "reportage"
            || t == "liveblogposting"
            || t == "posting"
    })
}

fn types(v: &Value) -> Vec<&str> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The first string found under `key` in the objects (article objects first).
pub fn first_str(objects: &[Value], key: &str) -> Option<String> {
    objects.iter().find_map(|o| o.get(key).and_then(as_text))
}

/// A string, or the `name` / `@value` of an object, or the first of an array.
pub fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Object(m) => m.get("name").or_else(|| m.get("@value")).and_then(as_text),
        Value::Array(a) => a.iter().find_map(as_text),
        _ => None,
    }
}

/// Author names of the first article object that names any.
pub fn authors(objects: &[Value]) -> Vec<String> {
    for o in objects.iter().filter(|o| is_article(o)) {
        let names: Vec<String> = match o.get("author").or_else(|| o.get("creator")) {
            Some(Value::Array(a)) => a.iter().filter_map(as_text).collect(),
            Some(v) => as_text(v).into_iter().collect(),
            None => Vec::new(),
        };
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

/// The publisher's name of the first article object, or of a WebSite / Organization object.
pub fn publisher(objects: &[Value]) -> Option<String> {
    objects
        .iter()
        .filter(|o| is_article(o))
        .find_map(|o| o.get("publisher").and_then(as_text))
        .or_else(|| {
            objects
                .iter()
                .filter(|o| {
                    types(o)
                        .iter()
                        .any(|t| matches!(*t, "WebSite" | "NewsMediaOrganization" | "Organization"))
                })
                .find_map(|o| o.get("name").and_then(as_text))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_and_article_first() {
        let blocks = vec![
            r#"{"@context":"https://schema.org","@type":"WebSite","name":"Example News"}"#.to_string(),
            r#"{"@graph":[{"@type":"BreadcrumbList"},{"@type":"NewsArticle","headline":"H","datePublished":"2020-01-02",
               "author":[{"@type":"Person","name":"Jane Doe"},{"name":"John Roe"}],"publisher":{"name":"Example"}}]}"#.to_string(),
            "not json".to_string(),
        ];
        let objs = objects(&blocks);
        assert!(is_article(&objs[0]));
        assert_eq!(first_str(&objs, "headline").as_deref(), Some("H"));
        assert_eq!(authors(&objs), vec!["Jane Doe", "John Roe"]);
        assert_eq!(publisher(&objs).as_deref(), Some("Example"));
    }
}
