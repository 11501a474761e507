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

/// Inputs or records that were skipped (failures, reported on standard error) or passed over on
/// purpose (WARC request records, non-HTML responses), by reason kind: for summaries and the exit
/// code.
#[derive(Debug, Default)]
pub struct Skips {
    pub skipped: BTreeMap<&'static str, usize>,
    pub ignored: BTreeMap<&'static str, usize>,
}

impl Skips {
    pub fn failed(&self) -> usize {
        self.skipped.values().sum()
    }

    /// Counts a skipped input or record; failures are also reported on standard error.
    pub fn count(&mut self, error: &IngestError) {
        if error.is_failure() {
            eprintln!("dyad: skipped {error}");
            self.count_failure(error.kind());
        } else {
            *self.ignored.entry(error.kind()).or_default() += 1;
        }
    }

    /// Counts a failure already reported.
    pub fn count_failure(&mut self, kind: &'static str) {
        *self.skipped.entry(kind).or_default() += 1;
    }

    pub fn merge(&mut self, other: Skips) {
        for (kind, n) in other.skipped {
            *self.skipped.entry(kind).or_default() += n;
        }
        for (kind, n) in other.ignored {
            *self.ignored.entry(kind).or_default() += n;
        }
    }
}

/// Reads every input, pushing articles into `sink` and printing each problem to standard error.
pub fn read_inputs(read: &ReadArgs, sink: &mut dyn FnMut(Article)) -> Skips {
    let mut found = Skips::default();
    let mut skips = read_items(read, &mut |item| match item.and_then(Item::into_article) {
        Ok(mut article) => {
            if article.published.is_none() {
                article.published = read.date;
            }
            sink(article);
        }
        Err(e) => found.count(&e),
    });
    skips.merge(found);
    skips
}

/// Reads every input, pushing each item (an article, or a page still to extract) or the reason a
/// record was skipped into `sink`; the result counts the paths that could not be read at all.
pub fn read_items(read: &ReadArgs, sink: &mut dyn FnMut(Result<Item, IngestError>)) -> Skips {
    let mut skips = Skips::default();
    for path in expand(&read.paths, &mut skips) {
        dyad_ingest::read_path_items(&path, read.input.choice(), sink);
    }
    skips
}

/// Files to read: files as given, directories walked recursively (readable extensions, sorted).
fn expand(paths: &[PathBuf], skips: &mut Skips) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out, skips);
        } else if path.as_os_str() == "-" || path.exists() {
            out.push(path.clone());
        } else {
            eprintln!(
                "dyad: skipped {}: no such file or directory",
                path.display()
            );
            skips.count_failure("missing");
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, skips: &mut Skips) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!(
                "dyad: skipped {}: cannot read directory: {e}",
                dir.display()
            );
            skips.count_failure("io");
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
            walk(&path, out, skips);
        } else if path
            .extension()
            .is_some_and(|e| READABLE.contains(&e.to_string_lossy().to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
}
