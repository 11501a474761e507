//! Scores `dyad_extract::extract` on the public sets without building the whole CLI:
//! `cargo run --release -p dyad-extract --example eval -- TRAFILATURA_DIR [READABILITY_DIR]`.
//! With `DYAD_EXTRACT_SHOW=title|author|date`, prints the misses of that field to stderr.

use std::path::Path;

use dyad_extract::{eval, extract, ExtractError, Extracted, Page};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = std::env::var("DYAD_EXTRACT_SHOW").unwrap_or_default();
    let mut extractor = |p: &Page<'_>| -> Result<Extracted, ExtractError> {
        let r = extract(p);
        if !show.is_empty() {
            let got = r.as_ref().ok();
            let value = match show.as_str() {
                "title" => got.and_then(|g| g.title.clone()),
                "author" => got.map(|g| g.authors.join("; ")),
                _ => got.and_then(|g| g.published.map(|d| d.to_string())),
            };
            eprintln!("SHOW\t{}\t{:?}", p.url.unwrap_or(""), value);
        }
        r
    };
    if let Some(dir) = args.first() {
        let s = eval::trafilatura_set(Path::new(dir), &mut extractor)?;
        println!("{}", serde_json::to_string(&s)?);
    }
    if let Some(dir) = args.get(1) {
        let s = eval::readability_set(Path::new(dir), &mut extractor)?;
        println!("{}", serde_json::to_string(&s)?);
    }
    Ok(())
}
