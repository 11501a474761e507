//! The `dyad` binary end to end: code, ingest (twice), events, export, bad inputs, schema.

mod common;

use std::path::Path;
use std::process::Output;

use common::{dyad, dyad_command, output_with_stdin, repo, samples, stderr, stdout};

#[test]
fn code_prints_schema_valid_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let out = dyad(&["code", &samples()], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("docs/event-record.schema.json")).unwrap(),
    )
    .unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let allowed: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert!(lines.len() >= 13, "only {} events", lines.len());
    for line in lines {
        let record: serde_json::Value = serde_json::from_str(&line).unwrap();
        let obj = record.as_object().unwrap();
        for field in &required {
            assert!(obj.contains_key(*field), "missing {field}");
        }
        for key in obj.keys() {
            assert!(allowed.contains(&key), "field {key} not in the schema");
        }
        let modality = record["modality"].as_str().unwrap();
        assert!(schema["properties"]["modality"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == modality));
    }
}

#[test]
fn ingest_twice_then_query_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let first = dyad(&["ingest", "--store", "t.db", &samples()], dir.path());
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("1 new"), "{}", stdout(&first));
    let second = dyad(&["ingest", "--store", "t.db", &samples()], dir.path());
    assert!(
        stdout(&second).contains("1 unchanged"),
        "{}",
        stdout(&second)
    );
    let holds = |o: &Output| {
        stdout(o)
            .lines()
            .find(|l| l.starts_with("store now holds"))
            .unwrap()
            .to_string()
    };
    assert_eq!(holds(&first), holds(&second));

    let seizures = dyad(
        &[
            "events", "--store", "t.db", "--root", "17", "--actor", "USA", "--format", "jsonl",
        ],
        dir.path(),
    );
    let lines: Vec<&str> = std::str::from_utf8(&seizures.stdout)
        .unwrap()
        .lines()
        .collect();
    assert_eq!(lines.len(), 1, "the tanker seizure is one event");
    let event: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(event["num_mentions"], 2, "reported twice: {event}");
    let reports = dyad(
        &[
            "events",
            "--store",
            "t.db",
            "--root",
            "17",
            "--mentions",
            "--format",
            "jsonl",
        ],
        dir.path(),
    );
    assert_eq!(stdout(&reports).lines().count(), 2, "two reports");
    let from = dyad(
        &[
            "events",
            "--store",
            "t.db",
            "--from",
            "2025-12-10",
            "--to",
            "2025-12-10",
            "--format",
            "jsonl",
        ],
        dir.path(),
    );
    assert!(stdout(&from)
        .lines()
        .all(|l| l.contains("\"date\":\"2025-12-10\"")));

    let csv = dyad(
        &[
            "export", "--store", "t.db", "--format", "csv", "--out", "e.csv",
        ],
        dir.path(),
    );
    assert!(csv.status.success(), "{}", stderr(&csv));
    let text = std::fs::read_to_string(dir.path().join("e.csv")).unwrap();
    assert!(text.lines().next().unwrap().contains("cameo"), "{text}");
    assert_eq!(
        text.lines().count(),
        1 + stdout(&dyad(
            &["export", "--store", "t.db", "--format", "jsonl"],
            dir.path()
        ))
        .lines()
        .count()
    );
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_coded() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("junk.txt"), b"\x00\x01binary").unwrap();
    std::fs::write(p.join("latin1.txt"), b"caf\xe9").unwrap();
    std::fs::write(p.join("empty.md"), b"").unwrap();
    std::fs::write(p.join("s.jsonl"), "{\"id\":\"ok1\",\"text\":\"Russia attacked Ukraine on Monday.\",\"date\":\"2025-03-03\"}\nnot json\n{\"id\":\"bad\",\"text\":\"x\",\"date\":\"2025-13-45\"}\n").unwrap();
    let out = dyad(
        &[
            "ingest",
            "--store",
            "t.db",
            "--input",
            "auto",
            "junk.txt",
            "latin1.txt",
            "empty.md",
            "s.jsonl",
            "missing.md",
            &samples(),
        ],
        p,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for expected in [
        "junk.txt: not text: binary data",
        "latin1.txt: not text: invalid UTF-8 at byte 3",
        "empty.md: file is empty",
        "s.jsonl:2: not a JSON record",
        "s.jsonl:3: '2025-13-45' is not a valid date",
        "missing.md: no such file",
    ] {
        assert!(err.contains(expected), "stderr lacks '{expected}':\n{err}");
    }
    assert!(
        stdout(&out).contains("articles read: 2"),
        "{}",
        stdout(&out)
    );
    let events = dyad(
        &[
            "events", "--store", "t.db", "--doc", "ok1", "--format", "jsonl",
        ],
        p,
    );
    assert!(
        stdout(&events).contains("\"doc\":\"ok1\""),
        "the good line was coded"
    );
}

#[test]
fn sentences_input_uses_line_ids_and_stdin_works() {
    let dir = tempfile::tempdir().unwrap();
    let out = output_with_stdin(
        dyad_command()
            .args(["code", "--input", "sentences", "-"])
            .current_dir(dir.path()),
        b"{\"id\":\"s-42\",\"text\":\"Russia seized a Ukrainian ship.\",\"date\":\"2025-01-02\"}\n",
    );
    assert!(out.status.success());
    let record: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().expect("one event")).unwrap();
    assert_eq!(record["doc"], "s-42");
    assert_eq!(record["event"]["root"], "17");
}

#[test]
fn every_verb_has_help() {
    for verb in ["code", "ingest", "events", "export"] {
        let out = dyad(&[verb, "--help"], &repo());
        assert!(out.status.success());
        assert!(stdout(&out).contains("Usage: dyad"), "{verb}");
    }
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_no_error() {
    let gold = common::shared("eval/events/plover-gsr/PLOVER_GSR_CAMEO.txt");
    let mut child = dyad_command()
        .args(["eval", "events", "--kind", "plover", "--gold"])
        .arg(&gold)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the report is written, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{:?}: {err}", out.status);
}

/// A PETRARCH records file in `dir`: Arnor restores ties with Gondor, then `more` sentences.
fn petrarch_records(dir: &Path, more: &str) -> String {
    let records = dir.join("records.xml");
    let first = r#"<Sentence id="X-1" category="DEMO" date="19950101">
        <EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
        <Text>Arnor restored ties with Gondor.</Text></Sentence>"#;
    std::fs::write(&records, format!("<Sentences>{first}{more}</Sentences>")).unwrap();
    records.display().to_string()
}

#[test]
fn petrarch_suite_without_an_actor_dictionary_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let gold = petrarch_records(dir.path(), "");
    let out = dyad(
        &["eval", "events", "--kind", "petrarch", "--gold", &gold],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--actors"), "{}", stderr(&out));
    let actors = dir.path().join("actors.txt");
    std::fs::write(&actors, "ARNOR [ARN]\nGONDOR [GON]\n").unwrap();
    let out = dyad(
        &["eval", "events", "--kind", "petrarch", "--gold", &gold],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(report["metrics"]["dyad_recall"], 1.0, "{}", stdout(&out));
}

#[test]
fn eval_items_lists_what_was_coded_from_each_gold_item() {
    let dir = tempfile::tempdir().unwrap();
    let weather = r#"<Sentence id="X-2" category="DEMO" date="19950102">
        <EventCoding noevents="True"></EventCoding>
        <Text>The weather in Arnor was mild.</Text></Sentence>"#;
    let gold = petrarch_records(dir.path(), weather);
    std::fs::write(dir.path().join("actors.txt"), "ARNOR [ARN]\nGONDOR [GON]\n").unwrap();
    let items = dir.path().join("items.jsonl").display().to_string();
    let args = [
        "eval", "events", "--kind", "petrarch", "--gold", &gold, "--items", &items,
    ];
    let out = dyad(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&items).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["item"], 0);
    assert_eq!(lines[0]["text"], "Arnor restored ties with Gondor.");
    let main = lines[0]["main"].as_u64().expect("an event was scored") as usize;
    let event = &lines[0]["events"][main];
    assert!(
        event["rule"].as_str().unwrap().contains("restore"),
        "{event}"
    );
    assert!(!event["cameo"].as_str().unwrap().is_empty(), "{event}");
    assert_eq!(event["source"][0], "Arnor");
    assert_eq!(event["target"][0], "Gondor");
    assert_eq!(lines[1]["main"], serde_json::Value::Null, "{text}");
}
