//! Every reader on real-looking input, and every kind of bad input.

use std::io::Write;
use std::path::{Path, PathBuf};

use dyad_ingest::{read_all, read_from, FormatChoice, InputFormat};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/moscowtimes-2025-12-11-putin-maduro.md")
}

#[test]
fn reference_markdown_page() {
    let articles = read_all(&sample(), FormatChoice::Auto);
    assert_eq!(articles.len(), 1);
    let a = articles[0].as_ref().expect("the reference page reads");
    assert_eq!(a.format, InputFormat::Markdown);
    assert_eq!(a.id, "moscowtimes-2025-12-11-putin-maduro");
    assert_eq!(
        a.title.as_deref(),
        Some("Putin Reaffirms Support for Venezuela's Maduro Amid U.S. Tensions")
    );
    assert_eq!(a.authors, vec!["AFP"]);
    assert_eq!(a.published.unwrap().to_string(), "2025-12-11");
    assert!(a
        .url
        .as_deref()
        .unwrap()
        .starts_with("https://www.themoscowtimes.com/2025/12/11/"));
    assert!(a
        .body
        .starts_with("Russian President Vladimir Putin on Thursday"));
    for furniture in [
        "kremlin.ru",
        "Related article",
        "Moscow Risks Losing",
        "on Venezuela's Maduro\n",
        "Original url",
        "By AFP",
        "](#",
    ] {
        assert!(
            !a.body.contains(furniture),
            "furniture '{furniture}' left in body"
        );
    }
    assert_eq!(a.body.split("\n\n").count(), 10);
}

#[test]
fn plain_text_from_stdin_like_reader() {
    let out = read_from(
        "Russia seized a ship.\n\nKyiv protested.".as_bytes(),
        "-",
        FormatChoice::Auto,
    );
    let a = out[0].as_ref().unwrap();
    assert_eq!(a.format, InputFormat::Text);
    assert_eq!(a.body, "Russia seized a ship.\n\nKyiv protested.");
}

fn temp_file(name: &str, content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(content)
        .unwrap();
    (dir, path)
}

#[test]
fn articles_jsonl_with_a_broken_line() {
    let content = b"{\"id\":\"g1\",\"date\":\"2019-04-10\",\"source\":\"Guardian\",\"url\":\"https://g/1\",\"title\":\"T\",\"text\":\"Para one.\\nPara two.\"}\n{broken\n{\"id\":\"g2\",\"date\":\"2025-13-45\",\"text\":\"x\"}\n{\"id\":\"g3\",\"text\":\"Ok.\"}\n";
    let (_dir, path) = temp_file("a.jsonl", content);
    let out = read_all(&path, FormatChoice::Auto);
    assert_eq!(out.len(), 4);
    let a = out[0].as_ref().unwrap();
    assert_eq!(
        (a.id.as_str(), a.source.as_deref(), a.body.as_str()),
        ("g1", Some("Guardian"), "Para one.\n\nPara two.")
    );
    let e1 = out[1].as_ref().unwrap_err().to_string();
    assert!(e1.contains("a.jsonl:2: not a JSON record"), "{e1}");
    let e2 = out[2].as_ref().unwrap_err().to_string();
    assert!(
        e2.contains("a.jsonl:3: '2025-13-45' is not a valid date"),
        "{e2}"
    );
    assert_eq!(out[3].as_ref().unwrap().id, "g3");
}

#[test]
fn sentences_keep_their_ids() {
    let (_dir, path) = temp_file(
        "s.jsonl",
        b"{\"id\":\"s1\",\"text\":\"Iran  condemned\\nIsrael.\",\"date\":\"2024-01-02\"}\n",
    );
    let out = read_all(&path, FormatChoice::Fixed(InputFormat::Sentences));
    let a = out[0].as_ref().unwrap();
    assert_eq!(
        (a.id.as_str(), a.body.as_str(), a.format),
        ("s1", "Iran condemned Israel.", InputFormat::Sentences)
    );
}

#[test]
fn bad_files_are_named_with_a_reason() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "junk.bin",
            b"\x7fELF\x00\x01\x02",
            "not text: binary data (NUL byte at offset 4)",
        ),
        (
            "bad.txt",
            b"caf\xe9 au lait",
            "not text: invalid UTF-8 at byte 3",
        ),
        ("empty.md", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
    ];
    for (name, content, reason) in cases {
        let (_dir, path) = temp_file(name, content);
        let out = read_all(&path, FormatChoice::Auto);
        let err = out[0].as_ref().unwrap_err().to_string();
        assert!(err.ends_with(reason), "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
    }
}

#[test]
fn missing_file_is_an_io_error() {
    let out = read_all(Path::new("/nonexistent/x.md"), FormatChoice::Auto);
    assert!(out[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("/nonexistent/x.md: cannot read"));
}
