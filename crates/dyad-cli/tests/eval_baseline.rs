//! The coder's scores on the public gold sets must not drop below the committed baseline
//! (`eval_baseline.json`). After an improvement, `DYAD_BLESS_EVAL=1 cargo test -p dyad-cli --test
//! eval_baseline` records the new numbers; commit them with the change.

mod common;

use std::collections::BTreeMap;

use common::{shared, stderr, stdout};

const BASELINE: &str = include_str!("eval_baseline.json");
/// Metrics that are guarded (higher is better).
const GUARDED: &[&str] = &[
    "event_type_accuracy",
    "source_country_f1",
    "target_country_f1",
    "penta_accuracy",
    "source_span_overlap",
    "target_span_overlap",
    "event_vs_none_accuracy",
    "dyad_recall",
];

fn run(args: &[&str]) -> BTreeMap<String, f64> {
    let out = common::run(args);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = stdout(&out).lines().next().unwrap_or_default().to_string();
    let report: serde_json::Value = serde_json::from_str(&first).expect("a JSON report line");
    report["metrics"]
        .as_object()
        .expect("metrics")
        .iter()
        .filter(|(k, _)| GUARDED.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.as_f64().unwrap_or(0.0)))
        .collect()
}

#[test]
fn scores_do_not_drop_below_the_baseline() {
    let dir = shared("eval/events");
    assert!(dir.exists(), "gold sets missing at {}", dir.display());
    let plover = dir
        .join("plover-gsr/PLOVER_GSR_CAMEO.txt")
        .display()
        .to_string();
    let class = dir
        .join("multicoped-test/cameo_class_test.tsv")
        .display()
        .to_string();
    let spans = dir
        .join("multicoped-test/cameo_ner_test.txt")
        .display()
        .to_string();
    let mut now = BTreeMap::new();
    now.insert(
        "plover",
        run(&["eval", "events", "--kind", "plover", "--gold", &plover]),
    );
    now.insert(
        "multicoped",
        run(&[
            "eval",
            "events",
            "--kind",
            "multicoped",
            "--gold",
            &class,
            "--spans",
            &spans,
        ]),
    );
    for (set, records) in [
        ("petrarch", "petrarch2-unittest/PETR.UnitTest.records.xml"),
        (
            "udpetrarch",
            "udpetrarch-validate-2.02/PETR_Validate_records_2_02.xml",
        ),
    ] {
        let gold = dir.join(records).display().to_string();
        now.insert(
            set,
            run(&["eval", "events", "--kind", "petrarch", "--gold", &gold]),
        );
    }
    if std::env::var_os("DYAD_BLESS_EVAL").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval_baseline.json");
        std::fs::write(path, serde_json::to_string_pretty(&now).unwrap() + "\n").unwrap();
        return;
    }
    let baseline: BTreeMap<String, BTreeMap<String, f64>> =
        serde_json::from_str(BASELINE).expect("baseline JSON");
    let mut drops = Vec::new();
    for (set, metrics) in &baseline {
        for (name, base) in metrics {
            let current = now
                .get(set.as_str())
                .and_then(|m| m.get(name))
                .copied()
                .unwrap_or(0.0);
            if current + 1e-9 < *base {
                drops.push(format!("{set}.{name}: {current:.4} < baseline {base:.4}"));
            }
        }
    }
    assert!(drops.is_empty(), "scores dropped:\n{}", drops.join("\n"));
}
