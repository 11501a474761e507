//! `dyad watch` end to end: the built binary polls feeds served by a small HTTP server inside the
//! test process (loopback only), and the real SQLite store is checked afterwards.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::{dyad_command, fixtures, stderr, stdout, store_arg};
use dyad_store::{Store, StoreLocation, WatchItemStatus};

// ---------------------------------------------------------------------------------------------
// The loopback server

/// One answer of the server.
#[derive(Clone)]
enum Reply {
    /// A response; a feed with an ETag answers 304 to a matching `If-None-Match`.
    Send {
        status: u16,
        content_type: &'static str,
        body: String,
        etag: Option<&'static str>,
    },
    /// Accepts the request and never answers.
    Hang,
    /// Answers after a pause.
    Slow(Duration, Box<Reply>),
}

fn ok(content_type: &'static str, body: String) -> Reply {
    Reply::Send {
        status: 200,
        content_type,
        body,
        etag: None,
    }
}

fn status(code: u16) -> Reply {
    Reply::Send {
        status: code,
        content_type: "text/plain",
        body: format!("status {code}"),
        etag: None,
    }
}

/// A request as received.
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
}

#[derive(Default)]
struct Shared {
    /// Each path's answers in turn; the last one repeats.
    routes: HashMap<String, Vec<Reply>>,
    served: HashMap<String, usize>,
    requests: Vec<Seen>,
}

struct Server {
    base: String,
    shared: Arc<Mutex<Shared>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Mutex::new(Shared::default()));
        let state = Arc::clone(&shared);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&state);
                thread::spawn(move || serve(stream, &state));
            }
        });
        Server { base, shared }
    }

    fn route(&self, path: &str, replies: Vec<Reply>) {
        let mut shared = self.shared.lock().unwrap();
        shared.routes.insert(path.to_string(), replies);
        shared.served.remove(path);
    }

    fn requests(&self) -> Vec<Seen> {
        self.shared.lock().unwrap().requests.clone()
    }

    fn count(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }

    fn fill(&self, template: &str) -> String {
        template.replace("{base}", &self.base)
    }
}

fn serve(mut stream: TcpStream, shared: &Mutex<Shared>) {
    let Some(seen) = read_request(&stream) else {
        return;
    };
    let reply = {
        let mut shared = shared.lock().unwrap();
        shared.requests.push(seen.clone());
        let n = *shared.served.get(&seen.path).unwrap_or(&0);
        shared.served.insert(seen.path.clone(), n + 1);
        match shared.routes.get(&seen.path) {
            Some(replies) => replies[n.min(replies.len() - 1)].clone(),
            None => status(404),
        }
    };
    answer(&mut stream, &seen, reply);
}

fn read_request(stream: &TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    Some(Seen { path, headers })
}

fn answer(stream: &mut TcpStream, seen: &Seen, reply: Reply) {
    match reply {
        Reply::Hang => thread::sleep(Duration::from_secs(60)),
        Reply::Slow(pause, reply) => {
            thread::sleep(pause);
            answer(stream, seen, *reply);
        }
        Reply::Send {
            status,
            content_type,
            body,
            etag,
        } => {
            let not_modified =
                etag.is_some() && seen.headers.get("if-none-match").map(String::as_str) == etag;
            let (status, body) = if not_modified {
                (304, String::new())
            } else {
                (status, body)
            };
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            if let Some(tag) = etag {
                head.push_str(&format!(
                    "ETag: {tag}\r\nLast-Modified: Thu, 11 Dec 2025 12:00:00 GMT\r\n"
                ));
            }
            let _ = stream.write_all(format!("{head}\r\n{body}").as_bytes());
            let _ = stream.flush();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures and the binary

fn fixture(name: &str) -> String {
    let path = fixtures("watch").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn page(title: &str, text: &str) -> Reply {
    let html = fixture("page.html")
        .replace("{title}", title)
        .replace("{text}", text);
    ok("text/html; charset=utf-8", html)
}

/// A feed with the standard four items, and one more when `extra` is set.
fn feed(server: &Server, etag: &'static str, extra: bool) -> Reply {
    let mut xml = server.fill(&fixture("feed.xml"));
    if extra {
        let item = server.fill(
            "<item><title>Late news</title><link>{base}/news/late.html</link><guid>late</guid>\
             <description>China warned Japan on Friday.</description></item>\n  </channel>",
        );
        xml = xml.replace("</channel>", &item);
    }
    Reply::Send {
        status: 200,
        content_type: "application/rss+xml",
        body: xml,
        etag: Some(etag),
    }
}

/// A server with robots.txt, the feed and its pages (the flaky page fails twice first).
fn news_server() -> Server {
    let server = Server::start();
    server.route(
        "/robots.txt",
        vec![ok(
            "text/plain",
            "User-agent: *\nDisallow: /private/\n".into(),
        )],
    );
    server.route("/feed.xml", vec![feed(&server, "\"v1\"", false)]);
    server.route(
        "/news/ship.html",
        vec![page(
            "Russia seizes Ukrainian ship",
            "Russia seized a Ukrainian ship on Monday.",
        )],
    );
    server.route(
        "/news/talks.html",
        vec![page(
            "Talks collapse",
            "Talks mediated by Turkey in Istanbul collapsed on Wednesday.",
        )],
    );
    server.route(
        "/private/secret.html",
        vec![page(
            "Secret",
            "The United States condemned the strikes on Tuesday.",
        )],
    );
    server.route(
        "/news/flaky.html",
        vec![
            status(500),
            status(500),
            page(
                "Flaky server",
                "Israel accused Iran of violating the ceasefire on Sunday.",
            ),
        ],
    );
    server
}

struct Setup {
    _dir: tempfile::TempDir,
    store: StoreLocation,
    feeds: PathBuf,
}

fn setup(server: &Server) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = StoreLocation::File(dir.path().join("watch.db"));
    setup_on(server, dir, store)
}

fn setup_on(server: &Server, dir: tempfile::TempDir, store: StoreLocation) -> Setup {
    let feeds = dir.path().join("feeds.txt");
    std::fs::write(
        &feeds,
        server.fill("# loopback test feeds\n\n{base}/feed.xml\n"),
    )
    .unwrap();
    Setup {
        store,
        feeds,
        _dir: dir,
    }
}

fn watch_command(setup: &Setup, extra: &[&str]) -> Command {
    let mut cmd = dyad_command();
    cmd.arg("watch")
        .arg("--store")
        .arg(store_arg(&setup.store))
        .arg(&setup.feeds)
        .args([
            "--delay",
            "0.05",
            "--retry-wait",
            "0.05",
            "--no-parse",
            "--threads",
            "1",
        ])
        .args(extra)
        .args(if extra.contains(&"--timeout") {
            &[][..]
        } else {
            &["--timeout", "5"][..]
        })
        .env_remove("DYAD_STORE")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy");
    cmd
}

fn watch_once(setup: &Setup, extra: &[&str]) -> Output {
    let mut args = vec!["--once"];
    args.extend_from_slice(extra);
    let output = watch_command(setup, &args).output().unwrap();
    assert!(
        output.status.success(),
        "dyad watch failed: {}\n{}",
        stdout(&output),
        stderr(&output)
    );
    output
}

fn item_statuses(store: &StoreLocation) -> HashMap<String, WatchItemStatus> {
    let store = Store::open_at(store).unwrap();
    let mut statuses = HashMap::new();
    for status in [
        WatchItemStatus::Pending,
        WatchItemStatus::Done,
        WatchItemStatus::Failed,
    ] {
        for row in store.watch_items(status).unwrap() {
            let id = row.key.rsplit(' ').next().unwrap_or_default().to_string();
            statuses.insert(id, status);
        }
    }
    statuses
}

fn articles(store: &StoreLocation) -> u64 {
    Store::open_at(store).unwrap().stats().unwrap().articles
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(50));
    }
}

fn wait_exit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("dyad watch did not stop within {limit:?}");
        }
        thread::sleep(Duration::from_millis(50));
    }
}

fn send_signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn fetches_new_items_honours_robots_retries_and_polls_conditionally() {
    let server = news_server();
    let setup = setup(&server);
    fetches_and_polls(&server, &setup);
}

/// The same watch, its state kept in a PostgreSQL store.
#[test]
fn watching_into_postgresql_keeps_the_same_state() {
    let Some(pg) = dyad_store::scratch::ScratchDatabase::from_env("watch_pg").unwrap() else {
        return;
    };
    let server = news_server();
    let setup = setup_on(
        &server,
        tempfile::tempdir().unwrap(),
        StoreLocation::Postgres(pg.url.clone()),
    );
    fetches_and_polls(&server, &setup);
}

fn fetches_and_polls(server: &Server, setup: &Setup) {
    let first = watch_once(setup, &[]);
    let out = stdout(&first);
    assert!(
        out.contains("feeds polled: 1 (0 not modified, 0 failed)"),
        "{out}"
    );
    assert!(out.contains("robots.txt: 1 disallowed"), "{out}");
    assert!(out.contains("2 retries"), "{out}");
    // Four items stored: three from their pages, the disallowed one from the feed's text.
    assert_eq!(articles(&setup.store), 4);
    let statuses = item_statuses(&setup.store);
    assert_eq!(statuses.len(), 4);
    assert!(
        statuses.values().all(|s| *s == WatchItemStatus::Done),
        "{statuses:?}"
    );
    assert_eq!(server.count("/private/secret.html"), 0);
    assert_eq!(server.count("/news/flaky.html"), 3);
    assert_eq!(server.count("/robots.txt"), 1);
    let feed_request = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/feed.xml")
        .unwrap();
    assert!(feed_request.headers["user-agent"].starts_with("dyad/"));
    assert!(!feed_request.headers.contains_key("if-none-match"));

    // The feed changes: one new item, and only its page is fetched.
    server.route("/feed.xml", vec![feed(server, "\"v2\"", true)]);
    server.route(
        "/news/late.html",
        vec![page("Late news", "China warned Japan on Friday.")],
    );
    let before = server.requests().len();
    let second = watch_once(setup, &[]);
    let new_requests: Vec<String> = server.requests()[before..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(
        new_requests,
        vec!["/robots.txt", "/feed.xml", "/news/late.html"],
        "{}",
        stdout(&second)
    );
    let conditional = &server.requests()[before + 1];
    assert_eq!(conditional.headers["if-none-match"], "\"v1\"");
    assert_eq!(
        conditional.headers["if-modified-since"],
        "Thu, 11 Dec 2025 12:00:00 GMT"
    );
    assert_eq!(articles(&setup.store), 5);

    // Unchanged: 304, nothing fetched.
    let before = server.requests().len();
    let third = watch_once(setup, &[]);
    let out = stdout(&third);
    assert!(
        out.contains("feeds polled: 1 (1 not modified, 0 failed)"),
        "{out}"
    );
    let paths: Vec<String> = server.requests()[before..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(paths, vec!["/robots.txt", "/feed.xml"]);
    assert_eq!(articles(&setup.store), 5);
}

#[test]
fn a_hanging_server_is_timed_out_and_the_run_completes() {
    let server = news_server();
    server.route("/news/talks.html", vec![Reply::Hang]);
    server.route(
        "/news/flaky.html",
        vec![page("Steady", "Israel accused Iran on Sunday.")],
    );
    let setup = setup(&server);
    let started = Instant::now();
    let output = watch_once(&setup, &["--timeout", "0.5", "--max-attempts", "2"]);
    assert!(started.elapsed() < Duration::from_secs(30));
    let out = stdout(&output);
    assert!(out.contains("1 failed"), "{out}");
    assert_eq!(server.count("/news/talks.html"), 2);
    let statuses = item_statuses(&setup.store);
    assert_eq!(statuses["talks"], WatchItemStatus::Failed);
    assert_eq!(statuses["ship"], WatchItemStatus::Done);
    let store = Store::open_at(&setup.store).unwrap();
    let failed = store.watch_items(WatchItemStatus::Failed).unwrap();
    assert_eq!(failed[0].attempts, 2);
    assert!(
        failed[0]
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("timed out"),
        "{:?}",
        failed[0].last_error
    );
}

#[test]
fn an_unreadable_robots_txt_skips_the_host() {
    let server = news_server();
    server.route("/robots.txt", vec![status(503)]);
    let setup = setup(&server);
    let output = watch_once(&setup, &[]);
    let out = stdout(&output);
    assert!(out.contains("1 skipped (robots.txt unavailable)"), "{out}");
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, vec!["/robots.txt"]);
    let store = Store::open_at(&setup.store).unwrap();
    let feed = store
        .watch_feed(&server.fill("{base}/feed.xml"))
        .unwrap()
        .unwrap();
    assert_eq!(feed.failures, 1);
}

#[test]
fn opml_lists_work_too() {
    let server = news_server();
    let setup = setup(&server);
    std::fs::write(&setup.feeds, server.fill(&fixture("feeds.opml"))).unwrap();
    watch_once(&setup, &[]);
    assert_eq!(articles(&setup.store), 4);
}

#[test]
fn sigint_stops_a_running_watcher_cleanly() {
    let server = news_server();
    let setup = setup(&server);
    let mut child = watch_command(&setup, &["--interval", "0.3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it has polled the feed twice: all items dealt with, and the loop going on.
    wait_until("a second poll", Duration::from_secs(60), || {
        server.count("/feed.xml") >= 2
    });
    send_signal(&child, "-INT");
    let status = wait_exit(&mut child, Duration::from_secs(20));
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert!(status.success(), "exit {status:?}: {out}");
    assert!(out.contains("articles read: 4"), "{out}");
    assert!(out.contains("feeds polled:"), "{out}");
    assert!(out.contains("1 not modified"), "{out}");
    let statuses = item_statuses(&setup.store);
    assert!(
        statuses.values().all(|s| *s == WatchItemStatus::Done),
        "{statuses:?}"
    );
    assert_eq!(articles(&setup.store), 4);
}

#[test]
fn a_restart_after_a_kill_resumes_pending_items() {
    let server = news_server();
    // The first page answers slowly the first time: the watcher is killed while waiting for it.
    server.route(
        "/news/ship.html",
        vec![
            Reply::Slow(
                Duration::from_secs(20),
                Box::new(page(
                    "Russia seizes Ukrainian ship",
                    "Russia seized a ship.",
                )),
            ),
            page(
                "Russia seizes Ukrainian ship",
                "Russia seized a Ukrainian ship on Monday.",
            ),
        ],
    );
    let setup = setup(&server);
    let mut child = watch_command(&setup, &["--interval", "60"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until("the first page request", Duration::from_secs(60), || {
        server.count("/news/ship.html") >= 1
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let statuses = item_statuses(&setup.store);
    assert_eq!(statuses.len(), 4);
    assert!(
        statuses.values().all(|s| *s == WatchItemStatus::Pending),
        "{statuses:?}"
    );

    // Watching another list leaves the removed feed's pending items alone...
    let only_other = setup.feeds.with_file_name("other.txt");
    std::fs::write(&only_other, server.fill("{base}/other.xml\n")).unwrap();
    let other = Setup {
        store: setup.store.clone(),
        feeds: only_other,
        _dir: tempfile::tempdir().unwrap(),
    };
    watch_once(&other, &[]);
    assert_eq!(
        server.count("/news/ship.html"),
        1,
        "not fetched for a removed feed"
    );
    assert!(
        item_statuses(&setup.store)
            .values()
            .all(|s| *s == WatchItemStatus::Pending),
        "still pending"
    );

    // ...and once the feed is back (answering 304 now), the pending items are fetched.
    let output = watch_once(&setup, &[]);
    let out = stdout(&output);
    assert!(out.contains("1 not modified"), "{out}");
    assert_eq!(server.count("/news/ship.html"), 2);
    assert_eq!(server.count("/news/talks.html"), 1);
    assert_eq!(articles(&setup.store), 4);
    let statuses = item_statuses(&setup.store);
    assert!(
        statuses.values().all(|s| *s == WatchItemStatus::Done),
        "{statuses:?}"
    );
}
