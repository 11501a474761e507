//! dyad-ingest: readers that turn input files into [`Article`]s.
//!
//! Why a crate of its own: inputs are messy (scraped pages, JSON dumps, archives) and change more
//! often than the coder; keeping every reader here, each in its own module behind one entry point
//! ([`read_path`]), means adding a reader never touches the coder or the store.
//!
//! Readers push results into a sink, one `Result` per article, so that one bad record is reported
//! (with file and line) while the rest of the input is still read. The `*_items` entry points push
//! [`Item`]s instead: web pages are handed on unextracted, so that a pipeline can run the costly
//! extraction on its worker threads ([`Item::into_article`]).
//!
//! To add a reader: write `src/<format>.rs` with a function that turns bytes into articles, add a
//! variant to [`dyad_core::InputFormat`], teach [`detect_format`] to recognise it, and dispatch to it
//! in [`read_bytes`].

mod date_line;
pub mod dedup;
mod detect;
mod error;
mod feed;
mod gzip;
mod html;
mod http;
mod jsonl;
pub mod limits;
mod markdown;
mod replay;
mod text;
mod warc;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

pub use detect::{detect_format, FormatChoice};
pub use dyad_core::{Article, InputFormat};
/// Identifies the language of a text (ISO 639-1 code), shared with page extraction.
pub use dyad_extract::language::identify as identify_language;
pub use dyad_extract::Page;
pub use error::IngestError;
pub use feed::article_from_item;
pub use html::{article_from_page, Item, RawPage};
pub use markdown::parse_markdown;

/// Receives each article read, or the reason a file or record was skipped.
pub type ArticleSink<'a> = dyn FnMut(Result<Article, IngestError>) + 'a;

/// Receives each item read (an article, or a page still to extract), or a skip reason.
pub type ItemSink<'a> = dyn FnMut(Result<Item, IngestError>) + 'a;

/// Reads one file (or standard input for `-`) in the given format and pushes its articles.
pub fn read_path(path: &Path, choice: FormatChoice, sink: &mut ArticleSink<'_>) {
    read_path_items(path, choice, &mut |item| {
        sink(item.and_then(Item::into_article))
    })
}

/// Reads one file (or `-`) and pushes its items, leaving web pages unextracted.
pub fn read_path_items(path: &Path, choice: FormatChoice, sink: &mut ItemSink<'_>) {
    let origin = path.display().to_string();
    if origin == "-" {
        let stdin = std::io::stdin();
        read_stream_items(BufReader::new(stdin.lock()), "stdin", "-", choice, sink);
        return;
    }
    match std::fs::File::open(path) {
        Ok(file) => {
            let stem = file_stem(path);
            read_stream_items(BufReader::new(file), &stem, &origin, choice, sink)
        }
        Err(source) => sink(Err(IngestError::Io { origin, source })),
    }
}

/// Reads a stream: line-oriented formats and WARC archives as streams, the others whole (within
/// [`limits::MAX_DOCUMENT_BYTES`]); a gzip-compressed document is decompressed first.
pub fn read_stream<R: BufRead>(
    reader: R,
    stem: &str,
    origin: &str,
    choice: FormatChoice,
    sink: &mut ArticleSink<'_>,
) {
    read_stream_items(reader, stem, origin, choice, &mut |item| {
        sink(item.and_then(Item::into_article))
    })
}

/// [`read_stream`], pushing items.
pub fn read_stream_items<R: BufRead>(
    mut reader: R,
    stem: &str,
    origin: &str,
    choice: FormatChoice,
    sink: &mut ItemSink<'_>,
) {
    let head = match reader.fill_buf() {
        Ok(buf) => buf[..buf.len().min(4096)].to_vec(),
        Err(source) => return sink(Err(io_error(origin, source))),
    };
    if head.is_empty() {
        return sink(Err(IngestError::Empty {
            origin: origin.to_string(),
        }));
    }
    if gzip::is_gzip(&head) {
        return read_gzip(reader, &head, stem, origin, choice, sink);
    }
    let format = choice.resolve(Path::new(origin), &head);
    match format {
        InputFormat::Articles | InputFormat::Sentences => {
            jsonl::read_lines(reader, stem, origin, format, &mut articles_to(sink))
        }
        InputFormat::Warc => warc::read_warc(reader, origin, sink),
        _ => match read_limited(reader, limits::limits().document_bytes, origin) {
            Ok(bytes) => read_bytes(&bytes, stem, origin, format, sink),
            Err(e) => sink(Err(e)),
        },
    }
}

/// A gzip stream: a WARC archive (read member by member), or one compressed document.
fn read_gzip<R: BufRead>(
    reader: R,
    head: &[u8],
    stem: &str,
    origin: &str,
    choice: FormatChoice,
    sink: &mut ItemSink<'_>,
) {
    let inner_name = origin.strip_suffix(".gz").unwrap_or(origin);
    let inner_head = gzip::peek(head);
    if choice.resolve(Path::new(inner_name), &inner_head) == InputFormat::Warc {
        return warc::read_warc(reader, origin, sink);
    }
    let bytes = match gzip::decompress(reader, limits::limits().decompressed_bytes) {
        Ok(bytes) => bytes,
        Err((kind, reason)) => {
            return sink(Err(IngestError::Skipped {
                origin: origin.to_string(),
                kind,
                reason,
            }))
        }
    };
    let format = choice.resolve(Path::new(inner_name), &bytes[..bytes.len().min(4096)]);
    read_bytes(&bytes, stem, origin, format, sink)
}

/// Reads a whole input, refusing inputs longer than `limit` bytes.
fn read_limited<R: Read>(reader: R, limit: u64, origin: &str) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| io_error(origin, source))?;
    if bytes.len() as u64 > limit {
        return Err(IngestError::Skipped {
            origin: origin.to_string(),
            kind: "too-large",
            reason: format!("input exceeds the {limit}-byte limit"),
        });
    }
    Ok(bytes)
}

fn io_error(origin: &str, source: std::io::Error) -> IngestError {
    IngestError::Io {
        origin: origin.to_string(),
        source,
    }
}

/// Adapts an item sink to readers that produce finished articles.
fn articles_to<'s, 'a>(
    sink: &'s mut ItemSink<'a>,
) -> impl FnMut(Result<Article, IngestError>) + use<'s, 'a> {
    move |result| sink(result.map(Item::Article))
}

/// Reads a whole document held in memory.
pub fn read_bytes(
    bytes: &[u8],
    stem: &str,
    origin: &str,
    format: InputFormat,
    sink: &mut ItemSink<'_>,
) {
    match format {
        InputFormat::Html => sink(Ok(Item::Page(RawPage {
            bytes: bytes.to_vec(),
            url: None,
            content_type: None,
            id: stem.to_string(),
            origin: origin.to_string(),
        }))),
        InputFormat::Feed => feed::read_feed(bytes, origin, &mut articles_to(sink)),
        InputFormat::Warc => warc::read_warc(bytes, origin, sink),
        InputFormat::Articles | InputFormat::Sentences => {
            jsonl::read_lines(bytes, stem, origin, format, &mut articles_to(sink))
        }
        InputFormat::Markdown | InputFormat::Text => match decode_nonempty(bytes, origin) {
            Ok(text) if format == InputFormat::Markdown => {
                sink(Ok(Item::Article(parse_markdown(text, stem, origin))))
            }
            Ok(text) => sink(Ok(Item::Article(text::parse_text(text, stem, origin)))),
            Err(e) => sink(Err(e)),
        },
    }
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
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    for suffix in [
        ".md",
        ".markdown",
        ".txt",
        ".jsonl",
        ".ndjson",
        ".json",
        ".html",
        ".htm",
        ".xhtml",
        ".warc",
        ".xml",
        ".rss",
        ".atom",
    ] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return stem.to_string();
        }
    }
    name.to_string()
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
