//! Diagnostic: where the time goes, per stage of the fast path (one parse, no dom_smoothie), over
//! a trafilatura-eval directory:
//! `cargo run --release -p dyad-extract --example timing -- DIR`.

use std::path::Path;
use std::time::{Duration, Instant};

use dyad_extract::gzip::{maybe_gunzip, MAX_GUNZIPPED_BYTES};
use dyad_extract::{charset, metadata, nesting, text};
use serde_json::Value;

const NAMES: [&str; 8] = [
    "decode",
    "strip",
    "nesting",
    "parse",
    "metadata",
    "body_text",
    "trafilatura",
    "to_text",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: timing DIR")?;
    let dir = Path::new(&dir);
    let gold: serde_json::Map<String, Value> =
        serde_json::from_slice(&std::fs::read(dir.join("evaldata.json"))?)?;
    let mut t = [Duration::ZERO; NAMES.len()];
    for item in gold.values() {
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
        let html = dyad_extract::strip_unread(&html);
        lap(1);
        let html = nesting::limit_nesting(&html);
        lap(2);
        let doc = trafilatura::dom::Document::parse(&html);
        lap(3);
        std::hint::black_box(metadata::read(&doc));
        lap(4);
        std::hint::black_box(doc.body().map(|b| text::from_tree(&doc, b)));
        lap(5);
        let opts = trafilatura::Options::default()
            .with_focus(trafilatura::ExtractionFocus::FavorPrecision);
        let r = trafilatura::extract_document(doc, &opts).ok();
        lap(6);
        std::hint::black_box(r.map(|r| text::from_html(&r.content_html)));
        lap(7);
    }
    for (n, d) in NAMES.iter().zip(t) {
        let ms = d.as_secs_f64() * 1000.0 / gold.len() as f64;
        println!("{n:12} {:8.3} s  {ms:6.2} ms/page", d.as_secs_f64());
    }
    Ok(())
}
