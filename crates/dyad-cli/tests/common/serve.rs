//! Shared by the `dyad serve` tests: build a store with the real binary, start `dyad serve` on a
//! free port as a child process (killed on drop), and make HTTP requests with ureq.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{dyad_command, reference_article, shared, stderr};

/// Builds `dir/store.db` from the reference article and, when `corpus_lines > 0` and the shared
/// corpora are present, that many articles of the Guardian sample. Returns the store path.
pub fn build_store(dir: &Path, corpus_lines: usize) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let store = dir.join("store.db");
    ingest_into(dir, corpus_lines, store.as_os_str());
    assert!(store.is_file());
    store
}

/// Ingests the reference article and `corpus_lines` Guardian articles into `store` (a file or a
/// PostgreSQL URL), with `dir` for scratch files.
pub fn ingest_into(dir: &Path, corpus_lines: usize, store: &std::ffi::OsStr) {
    let mut inputs = vec![reference_article()];
    let corpus = shared("corpora/guardian-sample-ngec/guardian-2019.articles.jsonl");
    if corpus_lines > 0 {
        match std::fs::read_to_string(&corpus) {
            Ok(text) => {
                let subset: String = text
                    .lines()
                    .take(corpus_lines)
                    .map(|l| format!("{l}\n"))
                    .collect();
                let path = dir.join("guardian-subset.jsonl");
                std::fs::write(&path, subset).unwrap();
                inputs.push(path.display().to_string());
            }
            Err(_) => eprintln!(
                "note: {} not found; the store holds the reference article only",
                corpus.display()
            ),
        }
    }
    let out = dyad_command()
        .arg("ingest")
        .arg("--store")
        .arg(store)
        .args(&inputs)
        .output()
        .expect("dyad ingest runs");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "dyad ingest failed: {}",
        stderr(&out)
    );
}

/// A running `dyad serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub agent: ureq::Agent,
}

impl Server {
    /// Starts `dyad serve --store STORE --addr 127.0.0.1:0 EXTRA...` and waits until it answers.
    pub fn start(store: impl AsRef<std::ffi::OsStr>, extra: &[&str]) -> Server {
        let mut child = dyad_command()
            .arg("serve")
            .arg("--store")
            .arg(store.as_ref())
            .args(["--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dyad serve starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent {
                    if let Some(i) = line.find("http://") {
                        let rest = &line[i + "http://".len()..];
                        let addr: String = rest.chars().take_while(|c| *c != '/').collect();
                        let _ = tx.send(Ok(addr));
                        sent = true;
                        continue;
                    }
                    let _ = tx.send(Err(line.clone()));
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(Ok(addr)) => break addr,
                Ok(Err(line)) => seen.push(line),
                Err(_) => {
                    let _ = child.kill();
                    panic!("dyad serve did not report its address: {seen:?}");
                }
            }
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let server = Server {
            child,
            base: format!("http://{addr}"),
            agent,
        };
        // Poll until ready.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = server
                .agent
                .get(format!("{}/api/stats", server.base))
                .call()
            {
                if r.status() == 200 {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "dyad serve never became ready");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// GET `path` (with its query string): status, content type, body.
    pub fn get_raw(&self, path: &str) -> (u16, String, String) {
        let mut resp = self
            .agent
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = resp.status().as_u16();
        let ctype = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = resp
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap_or_else(|e| panic!("GET {path}: reading the body: {e}"));
        (status, ctype, body)
    }

    /// GET a JSON endpoint: status and parsed body (every API response, errors included, is JSON).
    pub fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, ctype, body) = self.get_raw(path);
        assert!(
            ctype.starts_with("application/json"),
            "GET {path}: {status} with content type {ctype:?}: {body}"
        );
        let json = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("GET {path}: {status}, not JSON ({e}): {body}"));
        (status, json)
    }

    /// GET that must succeed with 200.
    pub fn ok(&self, path: &str) -> serde_json::Value {
        let (status, json) = self.get(path);
        assert_eq!(status, 200, "GET {path}: {json}");
        json
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
