//! `dyad ingest` over a directory of hostile inputs next to a good page: every bad file is
//! skipped with a counted reason naming it, the good page is still coded, nothing panics.

mod common;

use common::{dyad_command, fixtures, gzip, printed, write_file};

#[test]
fn hostile_files_are_skipped_and_the_good_page_is_coded() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let good = std::fs::read(fixtures("web").join("wire-original.html")).unwrap();
    write_file(&inputs, "good.html.gz", &gzip(&good));
    // 80 MB of one letter: compresses to ~80 KB, must not be inflated past the limit.
    write_file(
        &inputs,
        "bomb.html.gz",
        &gzip(&vec![b'a'; 80 * 1024 * 1024]),
    );
    let cut = gzip(&good);
    write_file(&inputs, "truncated.html.gz", &cut[..cut.len() / 2]);
    write_file(&inputs, "empty.html", b"");
    let deep = format!(
        "<html><body>{}<p>deep</p></body></html>",
        "<div>".repeat(60_000)
    );
    write_file(&inputs, "deep.html", deep.as_bytes());
    write_file(
        &inputs,
        "binary.html",
        &[0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0x00, 0x00],
    );
    write_file(
        &inputs,
        "lines.jsonl",
        b"{\"id\":\"a\",\"text\":\"Russia condemned the strike.\"}\n{broken\n{\"id\":\"b\",\"text\":\"France praised the deal.\"}\n",
    );

    let store = dir.path().join("hostile.db");
    let out = dyad_command()
        .args(["ingest", "--store", store.to_str().unwrap()])
        .arg(&inputs)
        .output()
        .unwrap();
    let said = printed(&out);
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
