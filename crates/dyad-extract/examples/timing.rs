//! Diagnostic: where the time goes, per pipeline stage, over a trafilatura-eval directory:
//! `cargo run --release -p dyad-extract --example timing -- DIR`.

use std::path::Path;
use std::time::{Duration, Instant};

use dyad_extract::gzip::{maybe_gunzip, MAX_GUNZIPPED_BYTES};
use dyad_extract::{charset, metadata, nesting, text};
use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: timing DIR")?;
    let dir = Path::new(&dir);
    let gold: serde_json::Map<String, Value> =
        serde_json::from_slice(&std::fs::read(dir.join("evaldata.json"))?)?;
    let mut t = [Duration::ZERO; 7];
    let names = ["decode", "nesting", "dom_query", "metadata", "trafilatura", "smoothie", "to_text"];
    for (url, item) in &gold {
        let Some(file) = item.get("file").and_then(Value::as_str) else {
            continue;
        };
        let raw = std::fs::read(dir.join("html").join(format!("{file}.gz")))
            .or_else(|_| std::fs::read(dir.join("html").join(file)))?;
        let bytes = maybe_gunzip(raw, MAX_GUNZIPPED_BYTES)?;
        let mut clock = Instant::now();
        let mut lap = |i: usize| {
            t[i] += clock.elapsed();
            clock = Instant::now();
        };
        let html = charset::decode(&bytes, None);
        lap(0);
        let html = nesting::limit_nesting(&html);
        lap(1);
        let doc = dom_query::Document::from(html.as_ref());
        lap(2);
        let meta = metadata::read(&doc);
        std::hint::black_box(&meta);
        lap(3);
        let r = trafilatura::extract(&html, &trafilatura::Options::default()).ok();
        lap(4);
        let a = dom_smoothie::Readability::with_document(doc, Some(url), None)
            .and_then(|mut r| r.parse())
            .ok();
        lap(5);
        let s = r.map(|r| text::from_html(&r.content_html));
        std::hint::black_box((s, a));
        lap(6);
    }
    for (n, d) in names.iter().zip(t) {
        println!("{n:12} {:8.3} s  {:6.2} ms/page", d.as_secs_f64(), d.as_secs_f64() * 1000.0 / gold.len() as f64);
    }
    Ok(())
}
