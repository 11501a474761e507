//! `dyad extract` and `dyad eval extract`: one page to its article; extraction scores.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dyad_extract::eval::{self, Hits, SnippetScores, TokenScores};
use dyad_extract::gzip::{maybe_gunzip, MAX_GUNZIPPED_BYTES};
use dyad_extract::{extract, Page};

#[derive(Args)]
pub struct ExtractArgs {
    /// The page: an HTML file, optionally gzip-compressed; `-` reads standard input.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,
    /// The URL the page was fetched from (resolves relative links, dates in the URL, the site).
    #[arg(long)]
    pub url: Option<String>,
    /// The HTTP Content-Type the page was served with (its charset wins over <meta charset>).
    #[arg(long)]
    pub content_type: Option<String>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum ExtractFormat {
    Json,
    Text,
}

#[derive(Args)]
pub struct EvalExtractArgs {
    /// The trafilatura evaluation set (directory with evaldata.json and html/).
    /// Default: ../shared/eval/extraction/trafilatura-eval when present.
    #[arg(long)]
    pub trafilatura: Option<PathBuf>,
    /// The readability.js test pages (directory of page folders).
    /// Default: ../shared/eval/extraction/readability-test-pages when present.
    #[arg(long)]
    pub readability: Option<PathBuf>,
}

const DEFAULT_TRAFILATURA: &str = "../shared/eval/extraction/trafilatura-eval";
const DEFAULT_READABILITY: &str = "../shared/eval/extraction/readability-test-pages";

pub fn run(args: ExtractArgs) -> Result<bool> {
    let name = args.file.display().to_string();
    let bytes = read_input(&args.file).with_context(|| format!("{name}: cannot read the page"))?;
    let page = Page {
        bytes: &bytes,
        url: args.url.as_deref(),
        content_type: args.content_type.as_deref(),
    };
    let found = extract(&page).with_context(|| format!("{name}: no article extracted"))?;
    let out = match args.format {
        ExtractFormat::Json => serde_json::to_string(&found)?,
        ExtractFormat::Text => found.text,
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("writing the output")
        }
        _ => Ok(true),
    }
}

/// Reads the file (or stdin for `-`), at most [`MAX_GUNZIPPED_BYTES`] bytes, and decompresses it
/// when it starts with the gzip magic number (refusing decompression bombs).
fn read_input(path: &Path) -> Result<Vec<u8>> {
    let limit = u64::try_from(MAX_GUNZIPPED_BYTES).unwrap_or(u64::MAX);
    let mut raw = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut raw)?;
    } else {
        std::fs::File::open(path)?
            .take(limit)
            .read_to_end(&mut raw)?;
    }
    Ok(maybe_gunzip(raw, MAX_GUNZIPPED_BYTES)?)
}

pub fn run_eval(args: EvalExtractArgs) -> Result<bool> {
    let traf_dir = args.trafilatura.or_else(|| existing(DEFAULT_TRAFILATURA));
    let read_dir = args.readability.or_else(|| existing(DEFAULT_READABILITY));
    if traf_dir.is_none() && read_dir.is_none() {
        bail!("no evaluation set: pass --trafilatura DIR and/or --readability DIR (defaults {DEFAULT_TRAFILATURA}, {DEFAULT_READABILITY} not found)");
    }
    let mut extractor = |p: &Page<'_>| extract(p);
    let traf = match &traf_dir {
        Some(d) => Some(
            eval::trafilatura_set(d, &mut extractor)
                .with_context(|| format!("scoring {}", d.display()))?,
        ),
        None => None,
    };
    let read = match &read_dir {
        Some(d) => Some(
            eval::readability_set(d, &mut extractor)
                .with_context(|| format!("scoring {}", d.display()))?,
        ),
        None => None,
    };
    let line = serde_json::json!({
        "extractor": "dyad-extract",
        "trafilatura_eval": traf,
        "readability": read,
    });
    let table = table(traf.as_ref(), read.as_ref());
    crate::output::emit(&format!("{line}\n{table}"))?;
    Ok(true)
}

fn existing(path: &str) -> Option<PathBuf> {
    let p = PathBuf::from(path);
    p.is_dir().then_some(p)
}

fn hits(h: &Hits) -> String {
    if h.of == 0 {
        "-".into()
    } else {
        format!("{:.3} ({}/{})", h.share(), h.right, h.of)
    }
}

/// One row of the table: pages, P/R/F1, failures, three metadata hit counts, pages/s.
fn row(set: &str, pages: usize, failed: usize, scores: [f64; 4], metadata: [&Hits; 3]) -> String {
    let [p, r, f1, speed] = scores;
    let [a, b, c] = metadata.map(hits);
    format!(
        "{set:<24} {pages:>6} {p:>6.3} {r:>6.3} {f1:>6.3} {failed:>7} {a:>19} {b:>19} {c:>19} {speed:>8.1}\n"
    )
}

/// The readable table after the JSON line (it starts with an empty line).
fn table(traf: Option<&SnippetScores>, read: Option<&TokenScores>) -> String {
    let mut out = format!(
        "\n{:<24} {:>6} {:>6} {:>6} {:>6} {:>7} {:>19} {:>19} {:>19} {:>8}\n",
        "set", "pages", "P", "R", "F1", "failed", "title", "author", "date", "pages/s"
    );
    if let Some(s) = traf {
        let metadata = [&s.title, &s.author, &s.date];
        let scores = [s.precision, s.recall, s.f1, s.pages_per_second];
        out += &row("trafilatura-eval", s.pages, s.failed, scores, metadata);
    }
    if let Some(s) = read {
        let metadata = [&s.title, &s.byline, &s.date];
        let scores = [s.precision, s.recall, s.f1, s.pages_per_second];
        out += &row(
            "readability-test-pages",
            s.pages,
            s.failed,
            scores,
            metadata,
        );
    }
    if let Some(s) = traf {
        out += &format!(
            "trafilatura-eval: accuracy {:.3} (TP {} FN {} FP {} TN {})\n",
            s.accuracy, s.tp, s.fn_, s.fp, s.tn
        );
    }
    out
}
