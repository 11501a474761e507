//! Scoring an extractor on the two public evaluation sets (used by `dyad eval extract`).
//!
//! * **trafilatura-eval** (`evaldata.json` + `html/`): as trafilatura's `tests/evaluate.py` does,
//!   each "with" snippet found verbatim in the text is a true positive, else a false negative;
//!   each "without" snippet found is a false positive, else a true negative; a page with no text
//!   counts all "with" as FN and all "without" as TN. Counts are summed over the set.
//! * **readability-test-pages** (`*/source.html`, `expected.html`, `expected-metadata.json`):
//!   bag-of-words precision/recall/F1 of the text against the text of `expected.html` (words =
//!   runs of letters/digits, lower-cased), averaged over pages.
//!
//! Metadata, counted only on pages whose gold value is non-empty: title equal after whitespace
//! collapsing and lower-casing; authors equal as sets of names after splitting at ";" "," "&"
//! "and" "und" and lower-casing; date equal as YYYY-MM-DD (the page's own calendar day).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use thiserror::Error;

use crate::gzip::{maybe_gunzip, MAX_GUNZIPPED_BYTES};
use crate::{text, ExtractError, Extracted, Page};

/// The URL readability.js's tests give every page.
const READABILITY_URL: &str = "http://fakehost/test/page.html";

#[derive(Debug, Error)]
pub enum EvalError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: {source}")]
    Gzip {
        path: PathBuf,
        source: crate::gzip::GzipError,
    },
    #[error("{0}: not an evaluation set")]
    Layout(PathBuf),
}

/// Right answers out of pages with a gold value.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Hits {
    pub right: usize,
    pub of: usize,
}

impl Hits {
    fn add(&mut self, right: bool) {
        self.of += 1;
        self.right += usize::from(right);
    }
    pub fn share(&self) -> f64 {
        ratio(self.right, self.of)
    }
}

/// Scores on the trafilatura set.
#[derive(Debug, Default, Clone, Serialize)]
pub struct SnippetScores {
    pub pages: usize,
    pub failed: usize,
    pub tp: usize,
    pub fn_: usize,
    pub fp: usize,
    pub tn: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub title: Hits,
    pub author: Hits,
    pub date: Hits,
    pub seconds: f64,
    pub pages_per_second: f64,
}

/// Scores on the readability.js test pages.
#[derive(Debug, Default, Clone, Serialize)]
pub struct TokenScores {
    pub pages: usize,
    pub failed: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub title: Hits,
    pub byline: Hits,
    pub date: Hits,
    pub seconds: f64,
    pub pages_per_second: f64,
}

/// An extractor under evaluation.
pub type Extractor<'a> = &'a mut dyn FnMut(&Page<'_>) -> Result<Extracted, ExtractError>;

fn read(path: &Path) -> Result<Vec<u8>, EvalError> {
    std::fs::read(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores `extractor` on the trafilatura evaluation set in `dir`.
pub fn trafilatura_set(dir: &Path, extractor: Extractor<'_>) -> Result<SnippetScores, EvalError> {
    let gold_path = dir.join("evaldata.json");
    let gold: serde_json::Map<String, Value> =
        serde_json::from_slice(&read(&gold_path)?).map_err(|source| EvalError::Json {
            path: gold_path.clone(),
            source,
        })?;
    let mut s = SnippetScores::default();
    let mut elapsed = Duration::ZERO;
    for (url, item) in &gold {
        let Some(file) = item.get("file").and_then(Value::as_str) else {
            continue;
        };
        let bytes = page_bytes(&dir.join("html"), file)?;
        let start = Instant::now();
        let result = extractor(&Page {
            bytes: &bytes,
            url: Some(url),
            content_type: None,
        });
        elapsed += start.elapsed();
        s.pages += 1;
        let found = result.ok();
        s.failed += usize::from(found.is_none());
        let text = found.as_ref().map_or("", |f| f.text.as_str());
        for snippet in strings(item.get("with")) {
            if !text.is_empty() && text.contains(snippet.as_str()) {
                s.tp += 1
            } else {
                s.fn_ += 1
            }
        }
        for snippet in strings(item.get("without")) {
            if !text.is_empty() && text.contains(snippet.as_str()) {
                s.fp += 1
            } else {
                s.tn += 1
            }
        }
        score_metadata(
            found.as_ref(),
            gold_text(item.get("title")),
            gold_text(item.get("author")),
            gold_text(item.get("date")),
            &mut s.title,
            &mut s.author,
            &mut s.date,
        );
    }
    s.precision = ratio(s.tp, s.tp + s.fp);
    s.recall = ratio(s.tp, s.tp + s.fn_);
    s.f1 = ratio(2 * s.tp, 2 * s.tp + s.fp + s.fn_);
    s.accuracy = ratio(s.tp + s.tn, s.tp + s.tn + s.fp + s.fn_);
    s.seconds = elapsed.as_secs_f64();
    s.pages_per_second = if s.seconds > 0.0 {
        s.pages as f64 / s.seconds
    } else {
        0.0
    };
    Ok(s)
}

/// Scores `extractor` on the readability.js test pages in `dir`.
pub fn readability_set(dir: &Path, extractor: Extractor<'_>) -> Result<TokenScores, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("source.html").is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(EvalError::Layout(dir.to_path_buf()));
    }
    let mut s = TokenScores::default();
    let (mut sum_p, mut sum_r, mut sum_f) = (0.0, 0.0, 0.0);
    let mut elapsed = Duration::ZERO;
    for d in &dirs {
        let source = read(&d.join("source.html"))?;
        let expected = text::from_html(&String::from_utf8_lossy(&read(&d.join("expected.html"))?));
        let meta_path = d.join("expected-metadata.json");
        let meta: Value = match std::fs::read(&meta_path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|source| EvalError::Json {
                path: meta_path.clone(),
                source,
            })?,
            Err(_) => Value::Null,
        };
        let start = Instant::now();
        let result = extractor(&Page {
            bytes: &source,
            url: Some(READABILITY_URL),
            content_type: None,
        });
        elapsed += start.elapsed();
        s.pages += 1;
        let found = result.ok();
        s.failed += usize::from(found.is_none());
        let (p, r, f) = token_prf(found.as_ref().map_or("", |f| f.text.as_str()), &expected);
        sum_p += p;
        sum_r += r;
        sum_f += f;
        score_metadata(
            found.as_ref(),
            gold_text(meta.get("title")),
            gold_text(meta.get("byline")),
            gold_text(meta.get("publishedTime")),
            &mut s.title,
            &mut s.byline,
            &mut s.date,
        );
    }
    let n = s.pages as f64;
    (s.precision, s.recall, s.f1) = (sum_p / n, sum_r / n, sum_f / n);
    s.seconds = elapsed.as_secs_f64();
    s.pages_per_second = if s.seconds > 0.0 { n / s.seconds } else { 0.0 };
    Ok(s)
}

fn page_bytes(html_dir: &Path, file: &str) -> Result<Vec<u8>, EvalError> {
    let gz = html_dir.join(format!("{file}.gz"));
    let path = if gz.is_file() {
        gz
    } else {
        html_dir.join(file)
    };
    let raw = read(&path)?;
    maybe_gunzip(raw, MAX_GUNZIPPED_BYTES).map_err(|source| EvalError::Gzip { path, source })
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A gold value as one string (lists joined with "; "); None when empty.
fn gold_text(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        _ => return None,
    };
    (!s.trim().is_empty()).then_some(s)
}

fn score_metadata(
    found: Option<&Extracted>,
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    t: &mut Hits,
    a: &mut Hits,
    d: &mut Hits,
) {
    if let Some(gold) = title {
        t.add(
            found
                .and_then(|f| f.title.as_deref())
                .is_some_and(|got| norm(got) == norm(&gold)),
        );
    }
    if let Some(gold) = author {
        let got = found.map(|f| f.authors.join("; ")).unwrap_or_default();
        a.add(!got.is_empty() && author_set(&got) == author_set(&gold));
    }
    if let Some(gold) = date {
        let got = found
            .and_then(|f| f.published)
            .map(|p| p.date().to_string());
        d.add(got.is_some_and(|g| gold.get(..10) == Some(g.as_str())));
    }
}

/// Whitespace collapsed, lower-cased.
pub fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Names as a sorted set: split at ";" "," "&" "and" "und", normalised.
pub fn author_set(s: &str) -> Vec<String> {
    let n = norm(s);
    let mut names: Vec<String> = n
        .split([';', ',', '&'])
        .flat_map(|p| {
            p.split(" and ")
                .flat_map(|q| q.split(" und "))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

fn tokens(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    m
}

/// Bag-of-words precision, recall and F1 of `got` against `expected`.
pub fn token_prf(got: &str, expected: &str) -> (f64, f64, f64) {
    let (g, e) = (tokens(got), tokens(expected));
    let common: usize = g
        .iter()
        .map(|(k, v)| (*v).min(e.get(k).copied().unwrap_or(0)))
        .sum();
    let (gn, en): (usize, usize) = (g.values().sum(), e.values().sum());
    let p = if gn == 0 { 0.0 } else { ratio(common, gn) };
    let r = if en == 0 { 1.0 } else { ratio(common, en) };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_scores() {
        assert_eq!(token_prf("a b c", "a b c"), (1.0, 1.0, 1.0));
        let (p, r, _) = token_prf("a b", "a b c d");
        assert_eq!((p, r), (1.0, 0.5));
        assert_eq!(token_prf("", "a").2, 0.0);
    }

    #[test]
    fn author_sets() {
        assert_eq!(
            author_set("Benjamin Fischer und Marcus Theurer"),
            author_set("marcus theurer; Benjamin  Fischer")
        );
        assert_ne!(author_set("A B"), author_set("A C"));
    }
}
