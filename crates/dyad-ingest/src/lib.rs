//! dyad-ingest: readers that turn input files into [`Article`]s.
//!
//! Why a crate of its own: inputs are messy (scraped pages, JSON dumps, archives) and change more
//! often than the coder; keeping every reader here, each in its own module behind one entry point
//! ([`read_path`]), means adding a reader never touches the coder or the store.
//!
//! Readers push results into a sink, one `Result` per article, so that one bad record is reported
//! (with file and line) while the rest of the input is still read.
//!
//! To add a reader: write `src/<format>.rs` with a function that turns bytes into articles, add a
//! variant to [`dyad_core::InputFormat`], teach [`detect_format`] to recognise it, and dispatch to it
//! in [`read_bytes`].

mod date_line;
mod detect;
mod error;
mod feed;
mod html;
mod jsonl;
mod markdown;
mod text;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

pub use detect::{detect_format, FormatChoice};
pub use dyad_core::{Article, InputFormat};
pub use dyad_extract::Page;
pub use error::IngestError;
pub use feed::article_from_item;
pub use html::article_from_page;
pub use markdown::parse_markdown;

/// Receives each article read, or the reason a file or record was skipped.
pub type ArticleSink<'a> = dyn FnMut(Result<Article, IngestError>) + 'a;

/// Reads one file (or standard input for `-`) in the given format and pushes its articles.
pub fn read_path(path: &Path, choice: FormatChoice, sink: &mut ArticleSink<'_>) {
    let origin = path.display().to_string();
    if origin == "-" {
        let stdin = std::io::stdin();
        read_stream(BufReader::new(stdin.lock()), "stdin", "-", choice, sink);
        return;
    }
    match std::fs::File::open(path) {
        Ok(file) => {
            let stem = file_stem(path);
            read_stream(BufReader::new(file), &stem, &origin, choice, sink)
        }
        Err(source) => sink(Err(IngestError::Io { origin, source })),
    }
}

/// Reads a stream: line-oriented formats are read line by line, the others whole.
pub fn read_stream<R: BufRead>(
    mut reader: R,
    stem: &str,
    origin: &str,
    choice: FormatChoice,
    sink: &mut ArticleSink<'_>,
) {
    let head = match reader.fill_buf() {
        Ok(buf) => buf[..buf.len().min(4096)].to_vec(),
        Err(source) => {
            return sink(Err(IngestError::Io {
                origin: origin.to_string(),
                source,
            }))
        }
    };
    if head.is_empty() {
        return sink(Err(IngestError::Empty {
            origin: origin.to_string(),
        }));
    }
    let format = choice.resolve(Path::new(origin), &head);
    match format {
        InputFormat::Articles | InputFormat::Sentences => {
            jsonl::read_lines(reader, stem, origin, format, sink)
        }
        InputFormat::Warc => warc_unsupported(origin, sink),
        _ => {
            let mut bytes = Vec::new();
            match reader.read_to_end(&mut bytes) {
                Ok(_) => read_bytes(&bytes, stem, origin, format, sink),
                Err(source) => sink(Err(IngestError::Io {
                    origin: origin.to_string(),
                    source,
                })),
            }
        }
    }
}

/// Reads a whole document held in memory.
pub fn read_bytes(
    bytes: &[u8],
    stem: &str,
    origin: &str,
    format: InputFormat,
    sink: &mut ArticleSink<'_>,
) {
    match format {
        InputFormat::Html => {
            let page = Page {
                bytes,
                ..Page::default()
            };
            sink(article_from_page(&page, stem, origin))
        }
        InputFormat::Feed => feed::read_feed(bytes, origin, sink),
        InputFormat::Warc => warc_unsupported(origin, sink),
        InputFormat::Articles | InputFormat::Sentences => {
            jsonl::read_lines(bytes, stem, origin, format, sink)
        }
        InputFormat::Markdown | InputFormat::Text => match decode_nonempty(bytes, origin) {
            Ok(text) if format == InputFormat::Markdown => {
                sink(Ok(parse_markdown(text, stem, origin)))
            }
            Ok(text) => sink(Ok(text::parse_text(text, stem, origin))),
            Err(e) => sink(Err(e)),
        },
    }
}

fn warc_unsupported(origin: &str, sink: &mut ArticleSink<'_>) {
    sink(Err(IngestError::Skipped {
        origin: origin.to_string(),
        kind: "unsupported",
        reason: "WARC reading is not built yet".into(),
    }))
}

fn decode_nonempty<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, IngestError> {
    let text = error::decode_text(bytes, origin)?;
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            origin: origin.to_string(),
        });
    }
    Ok(text)
}

fn file_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "input".into());
    for suffix in [".md", ".markdown", ".txt", ".jsonl", ".ndjson", ".json"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return stem.to_string();
        }
    }
    name
}

/// Reads all articles of a file into a vector of results (convenient for tests and small inputs).
pub fn read_all(path: &Path, choice: FormatChoice) -> Vec<Result<Article, IngestError>> {
    let mut out = Vec::new();
    read_path(path, choice, &mut |r| out.push(r));
    out
}

/// Reads bytes from any reader (e.g. a test buffer) as one named input.
pub fn read_from<R: Read>(
    reader: R,
    origin: &str,
    choice: FormatChoice,
) -> Vec<Result<Article, IngestError>> {
    let mut out = Vec::new();
    let stem = file_stem(Path::new(origin));
    read_stream(BufReader::new(reader), &stem, origin, choice, &mut |r| {
        out.push(r)
    });
    out
}
