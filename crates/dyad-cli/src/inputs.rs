//! Turning the command line's paths into articles, reporting what could not be read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dyad_core::Article;

use crate::args::ReadArgs;

/// Extensions read when a directory is given.
const READABLE: &[&str] = &["md", "markdown", "txt", "jsonl", "ndjson", "json"];

/// What went wrong while reading, for the summary and the exit code.
#[derive(Debug, Default)]
pub struct ReadReport {
    pub articles: usize,
    /// Skipped inputs or records by reason kind.
    pub skipped: BTreeMap<&'static str, usize>,
}

impl ReadReport {
    pub fn failed(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// Reads every input, pushing articles into `sink` and printing each problem to standard error.
pub fn read_inputs(read: &ReadArgs, sink: &mut dyn FnMut(Article)) -> ReadReport {
    let mut report = ReadReport::default();
    for path in expand(&read.paths, &mut report) {
        dyad_ingest::read_path(&path, read.input.choice(), &mut |result| match result {
            Ok(mut article) => {
                if article.published.is_none() {
                    article.published = read.date;
                }
                report.articles += 1;
                sink(article);
            }
            Err(e) => {
                eprintln!("dyad: skipped {e}");
                *report.skipped.entry(e.kind()).or_default() += 1;
            }
        });
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
