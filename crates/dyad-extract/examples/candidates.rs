//! Diagnostic: dumps each extractor candidate's text for every trafilatura-eval page as JSON
//! lines, to study offline how to combine them (docs/extraction.md, "Variants"):
//! `final` (the pipeline), `fast` (trafilatura, default options), `careful` (trafilatura with
//! fallbacks, dom_smoothie candidate, FavorPrecision), `recall` (same, Balanced), `smoothie`
//! (dom_smoothie alone), plus the gold `with`/`without` snippets.
//! `cargo run --release -p dyad-extract --example candidates -- DIR > out.jsonl`

use std::path::Path;

use dyad_extract::gzip::{maybe_gunzip, MAX_GUNZIPPED_BYTES};
use dyad_extract::{extract, text, Page};
use serde_json::{json, Value};

fn traf(html: &str, opts: &trafilatura::Options) -> String {
    trafilatura::extract(html, opts)
        .map(|r| text::from_html(&r.content_html))
        .unwrap_or_default()
}

fn candidates(html: &str, url: &str) -> Value {
    let u = url::Url::parse(url).ok();
    let with_url = |o: trafilatura::Options| match u.clone() {
        Some(u) => o.with_url(u),
        None => o,
    };
    let fast = traf(html, &with_url(trafilatura::Options::default()));
    let doc = dom_query::Document::from(html);
    let smoothie = dom_smoothie::Readability::with_document(doc, Some(url), None)
        .and_then(|mut r| r.parse())
        .map(|a| a.content.to_string())
        .unwrap_or_default();
    let mut c = trafilatura::FallbackCandidates::default();
    c.readability_html = Some(smoothie.clone());
    let base =
        with_url(trafilatura::Options::default().with_fallback(true)).with_fallback_candidates(c);
    let careful = traf(
        html,
        &base
            .clone()
            .with_focus(trafilatura::ExtractionFocus::FavorPrecision),
    );
    let recall = traf(html, &base);
    json!({"fast": fast, "careful": careful, "recall": recall, "smoothie": text::from_html(&smoothie)})
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: candidates DIR")?;
    let dir = Path::new(&dir);
    let gold: serde_json::Map<String, Value> =
        serde_json::from_slice(&std::fs::read(dir.join("evaldata.json"))?)?;
    for (url, item) in &gold {
        let Some(file) = item.get("file").and_then(Value::as_str) else {
            continue;
        };
        let raw = std::fs::read(dir.join("html").join(format!("{file}.gz")))
            .or_else(|_| std::fs::read(dir.join("html").join(file)))?;
        let bytes = maybe_gunzip(raw, MAX_GUNZIPPED_BYTES)?;
        let page = Page {
            bytes: &bytes,
            url: Some(url),
            content_type: None,
        };
        let fin = extract(&page).map(|e| e.text).unwrap_or_default();
        let html = dyad_extract::charset::decode(&bytes, None);
        let mut v = candidates(&html, url);
        v["url"] = json!(url);
        v["final"] = json!(fin);
        v["with"] = item.get("with").cloned().unwrap_or(Value::Null);
        v["without"] = item.get("without").cloned().unwrap_or(Value::Null);
        println!("{v}");
    }
    Ok(())
}
