//! Shared by the integration tests of the `dyad` binary: running it (in a directory, with input
//! on stdin), reading what it printed, and the paths of the samples, fixtures and shared data
//! sets. `serve` adds a running `dyad serve` and a store to serve.

#![allow(dead_code)]

pub mod dataset;
pub mod serve;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The reference article's id (`samples/<REFERENCE_DOC>.md`): the Moscow Times report of the
/// Putin–Maduro call and the tanker seizure.
pub const REFERENCE_DOC: &str = "moscowtimes-2025-12-11-putin-maduro";

/// A command running the built `dyad` binary.
pub fn dyad_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

/// Runs `dyad ARGS` in `cwd` and waits for it.
pub fn dyad(args: &[&str], cwd: &Path) -> Output {
    dyad_command()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("dyad runs")
}

/// Runs `dyad ARGS` in the test's working directory and waits for it.
pub fn run(args: &[&str]) -> Output {
    dyad_command().args(args).output().expect("dyad runs")
}

/// Runs `dyad ARGS` in the test's working directory with `input` on its standard input.
pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    output_with_stdin(dyad_command().args(args), input)
}

/// Runs `cmd` with `input` on its standard input (written from another thread, so that a large
/// input cannot block on a full output pipe) and waits for it.
pub fn output_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dyad");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait dyad");
    writer.join().expect("writer");
    out
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// All that `dyad` printed: its stdout, then its stderr.
pub fn printed(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The `samples/` folder, as an argument.
pub fn samples() -> String {
    repo().join("samples").display().to_string()
}

/// The reference article, as an argument.
pub fn reference_article() -> String {
    repo()
        .join(format!("samples/{REFERENCE_DOC}.md"))
        .display()
        .to_string()
}

/// `tests/fixtures/<set>` of this crate.
pub fn fixtures(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set)
}

/// `<path>` in the `shared` folder next to the repository (gold sets and corpora, when present).
pub fn shared(path: &str) -> PathBuf {
    repo().join("../shared").join(path)
}

/// Writes `dir/name`; its path.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write test file");
    path
}

/// `bytes` gzip-compressed.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

/// The `--store` value for a location: the file path, or the whole URL (its `Display` hides
/// the password, so it cannot be passed on).
pub fn store_arg(location: &dyad_store::StoreLocation) -> String {
    match location {
        dyad_store::StoreLocation::File(path) => path.display().to_string(),
        dyad_store::StoreLocation::Postgres(url) => url.clone(),
    }
}
