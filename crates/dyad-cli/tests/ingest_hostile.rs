//! `dyad ingest` over a directory of hostile inputs next to a good page: every bad file is
//! skipped with a counted reason naming it, the good page is still coded, nothing panics.

use std::io::Write;
use std::path::Path;
use std::process::Command;

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn hostile_files_are_skipped_and_the_good_page_is_coded() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let good = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web/wire-original.html"),
    )
    .unwrap();
    write(&inputs, "good.html.gz", &gz(&good));
    // 80 MB of one letter: compresses to ~80 KB, must not be inflated past the limit.
    write(&inputs, "bomb.html.gz", &gz(&vec![b'a'; 80 * 1024 * 1024]));
    let cut = gz(&good);
    write(&inputs, "truncated.html.gz", &cut[..cut.len() / 2]);
    write(&inputs, "empty.html", b"");
    let deep = format!(
        "<html><body>{}<p>deep</p></body></html>",
        "<div>".repeat(60_000)
    );
    write(&inputs, "deep.html", deep.as_bytes());
    write(
        &inputs,
        "binary.html",
        &[0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0x00, 0x00],
    );
    write(
        &inputs,
        "lines.jsonl",
        b"{\"id\":\"a\",\"text\":\"Russia condemned the strike.\"}\n{broken\n{\"id\":\"b\",\"text\":\"France praised the deal.\"}\n",
    );

    let store = dir.path().join("hostile.db");
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", "--store", store.to_str().unwrap()])
        .arg(&inputs)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "skips make the exit code 1: {said}"
    );
    assert!(said.contains("bomb.html.gz: inflates beyond"), "{said}");
    assert!(
        said.contains("truncated.html.gz: truncated or corrupt gzip"),
        "{said}"
    );
    assert!(said.contains("empty.html: file is empty"), "{said}");
    assert!(
        said.contains("lines.jsonl:2:"),
        "the broken line is named: {said}"
    );
    assert!(!said.contains("panicked"), "{said}");

    let store = dyad_store::Store::open(&store).unwrap();
    let events = store.mentions(&dyad_store::EventFilter::default()).unwrap();
    assert!(events.iter().any(|e| e.record.doc == "good"), "{said}");
    assert!(events.iter().any(|e| e.record.doc == "a"), "{said}");
    assert!(events.iter().any(|e| e.record.doc == "b"), "{said}");
}
