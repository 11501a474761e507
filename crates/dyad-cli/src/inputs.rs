//! Turning the command line's paths into articles, reporting what could not be read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dyad_core::Article;
use dyad_ingest::{IngestError, Item};

use crate::args::ReadArgs;

/// Extensions read when a directory is given.
const READABLE: &[&str] = &[
    "md", "markdown", "txt", "jsonl", "ndjson", "json", "html", "htm", "xhtml", "warc", "rss",
    "atom", "xml", "gz",
];

/// What went wrong while reading, for the summary and the exit code.
#[derive(Debug, Default)]
pub struct ReadReport {
    pub articles: usize,
    /// Skipped inputs or records by reason kind.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Records passed over on purpose (WARC request records, non-HTML responses), by kind.
    pub ignored: BTreeMap<&'static str, usize>,
}

impl ReadReport {
    pub fn failed(&self) -> usize {
        self.skipped.values().sum()
    }

    /// Counts a skipped input or record; failures are also reported on standard error.
    pub fn count(&mut self, error: &IngestError) {
        if error.is_failure() {
            eprintln!("dyad: skipped {error}");
            *self.skipped.entry(error.kind()).or_default() += 1;
        } else {
            *self.ignored.entry(error.kind()).or_default() += 1;
        }
    }
}

/// Reads every input, pushing articles into `sink` and printing each problem to standard error.
pub fn read_inputs(read: &ReadArgs, sink: &mut dyn FnMut(Article)) -> ReadReport {
    let mut found = ReadReport::default();
    let mut report = read_items(read, &mut |item| match item.and_then(Item::into_article) {
        Ok(mut article) => {
            if article.published.is_none() {
                article.published = read.date;
            }
            found.articles += 1;
            sink(article);
        }
        Err(e) => found.count(&e),
    });
    report.articles = found.articles;
    for (kind, n) in found.skipped {
        *report.skipped.entry(kind).or_default() += n;
    }
    for (kind, n) in found.ignored {
        *report.ignored.entry(kind).or_default() += n;
    }
    report
}

/// Reads every input, pushing each item (an article, or a page still to extract) or the reason a
/// record was skipped into `sink`; the report counts the paths that could not be read at all.
pub fn read_items(read: &ReadArgs, sink: &mut dyn FnMut(Result<Item, IngestError>)) -> ReadReport {
    let mut report = ReadReport::default();
    for path in expand(&read.paths, &mut report) {
        dyad_ingest::read_path_items(&path, read.input.choice(), sink);
    }
    report
}

/// Files to read: files as given, directories walked recursively (readable extensions, sorted).
fn expand(paths: &[PathBuf], report: &mut ReadReport) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out, report);
        } else if path.as_os_str() == "-" || path.exists() {
            out.push(path.clone());
        } else {
            eprintln!(
                "dyad: skipped {}: no such file or directory",
                path.display()
            );
            *report.skipped.entry("missing").or_default() += 1;
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, report: &mut ReadReport) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!(
                "dyad: skipped {}: cannot read directory: {e}",
                dir.display()
            );
            *report.skipped.entry("io").or_default() += 1;
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, report);
        } else if path
            .extension()
            .is_some_and(|e| READABLE.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
}
