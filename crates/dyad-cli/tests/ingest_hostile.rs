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

// ---------------------------------------------------------------------------------------------
// Every hostile file through `dyad code` and `dyad ingest`, each under a time bound and an
// address-space ceiling (issue #8): the run ends by itself, never by a crash, and says what it
// skipped.

/// The wall-clock bound of one command on one hostile file.
const TIME_BOUND: std::time::Duration = std::time::Duration::from_secs(120);
/// The address-space ceiling (`ulimit -v`, KiB) of one command: 4 GiB.
const MEMORY_CEILING_KIB: u64 = 4 * 1024 * 1024;

const PAGE: &str = "<html><head><title>Seizure</title></head><body><article><p>The U.S. military \
    seized a Venezuelan oil tanker on Wednesday, officials said.</p><p>Venezuela condemned the \
    seizure on Thursday.</p></article></body></html>";

fn warc_record(uri: &str, block: &[u8], declared: Option<u64>) -> Vec<u8> {
    let length = declared.unwrap_or(block.len() as u64);
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2025-12-11T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {length}\r\n\r\n"
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_page(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// (file name, bytes, a phrase the run must print about it, or "" when it is simply coded).
fn hostile_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let good = warc_record("https://example.org/good", &http_page(PAGE), None);
    let mut billion = warc_record(
        "https://example.org/huge",
        &http_page(PAGE),
        Some(1_000_000_000),
    );
    billion.extend_from_slice(&good);
    let mut short = warc_record("https://example.org/short", &http_page(PAGE), Some(40));
    short.extend_from_slice(&good);
    let laughs = {
        let mut dtd =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
        dtd.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for i in 2..10 {
            let prev = format!("&lol{};", i - 1);
            dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", prev.repeat(10)));
        }
        dtd.push_str(
            "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>Russia \
            condemned the strike</title><description>&lol9;</description></item></channel></rss>\n",
        );
        dtd.into_bytes()
    };
    let run_on = {
        let mut s = String::from("Russia condemned the strike ");
        for i in 0..20_000 {
            s.push_str(["and ", "the ", "army ", "said "][i % 4]);
        }
        s.push('.');
        s.into_bytes()
    };
    let mislabeled = "<html><head><meta charset=\"utf-8\"><title>Caf\u{e9}</title></head><body>\
        <p>Le gouvernement fran\u{e7}ais a condamn\u{e9} l'attaque.</p></body></html>"
        .chars()
        .map(|c| c as u32 as u8) // Latin-1 bytes under a UTF-8 label
        .collect::<Vec<u8>>();
    let one_line = "word ".repeat(4 * 1024 * 1024).into_bytes(); // 20 MiB, no newline
    vec![
        ("billion-length.warc", billion, ""),
        ("short-length.warc", short, ""),
        ("laughs.rss", laughs, ""),
        ("run-on.txt", run_on, ""),
        ("mislabeled.html", mislabeled, ""),
        (
            "one-line.txt",
            one_line,
            "only the first 200000 characters coded",
        ),
        ("empty.md", Vec::new(), "file is empty"),
        (
            "broken.html.gz",
            gzip(PAGE.as_bytes())[..30].to_vec(),
            "truncated or corrupt gzip",
        ),
    ]
}

/// Runs `dyad ARGS` under the ceiling; kills it past the time bound.
fn bounded(args: &[&str]) -> (Option<i32>, String, std::time::Duration) {
    use std::process::Stdio;
    let started = std::time::Instant::now();
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_CEILING_KIB}; exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (out_pipe, err_pipe) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let reader = |mut p: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = p.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let (out, err) = (reader(Box::new(out_pipe)), reader(Box::new(err_pipe)));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_BOUND {
            let _ = child.kill();
            panic!("dyad {args:?} ran past {TIME_BOUND:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let said = format!("{}{}", out.join().unwrap(), err.join().unwrap());
    (status.code(), said, started.elapsed())
}

#[test]
fn each_hostile_file_is_bounded_through_code_and_ingest() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, expected) in hostile_files() {
        let path = write_file(dir.path(), name, &bytes);
        let path = path.to_str().unwrap();
        let store = dir.path().join(format!("{name}.db"));
        for args in [
            vec!["code", "--format", "table", path],
            vec![
                "ingest",
                "--threads",
                "1",
                "--store",
                store.to_str().unwrap(),
                path,
            ],
        ] {
            let (code, said, took) = bounded(&args);
            assert!(
                matches!(code, Some(0) | Some(1)),
                "dyad {args:?} ended with {code:?} after {took:?}: {}",
                said.chars().take(2000).collect::<String>()
            );
            assert!(!said.contains("panicked"), "{name}: {said}");
            assert!(
                said.contains(expected),
                "{name}: expected {expected:?} in {said}"
            );
        }
    }
}

#[test]
fn limits_are_set_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let big = write_file(
        dir.path(),
        "big.txt",
        "Russia condemned the strike. ".repeat(80_000).as_bytes(),
    );
    let run = |vars: &[(&str, &str)]| {
        let mut cmd = dyad_command();
        cmd.args(["code", "--format", "table"]).arg(&big);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let out = run(&[("DYAD_MAX_DOCUMENT_MB", "1")]);
    let said = printed(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("exceeds the 1048576-byte limit"), "{said}");
    let out = run(&[("DYAD_MAX_CODED_CHARS", "5000")]);
    let said = printed(&out);
    assert!(
        said.contains("only the first 5000 characters coded"),
        "{said}"
    );
    let out = run(&[("DYAD_MAX_DOCUMENT_MB", "lots")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(printed(&out).contains("DYAD_MAX_DOCUMENT_MB=\"lots\""));
}
