//! PLOVER gold-standard records (`PLOVER_GSR_CAMEO.txt`): CAMEO manual examples re-coded in
//! PLOVER, with source and target actors. Scores the event type of the coder's main event and
//! the actor countries.

use serde::Deserialize;
use serde_json::Value;

use crate::{prf, CodeFn, EvalError, Report};

/// One gold record.
#[derive(Debug, Clone, PartialEq)]
pub struct PloverGold {
    pub id: String,
    pub text: String,
    pub date: Option<String>,
    /// PLOVER 2021 event type (older names mapped: DEMAND → REQUEST, DISAPPROVE → ACCUSE, ...).
    pub event: String,
    pub source: Vec<String>,
    pub target: Vec<String>,
}

#[derive(Deserialize)]
struct Raw {
    id: Option<String>,
    event: Option<String>,
    text: Option<String>,
    date: Option<String>,
    source: Option<Value>,
    target: Option<Value>,
}

/// The 2016 GSR names of event types that PLOVER 2021 renamed or merged.
fn modern_event(name: &str) -> String {
    match name {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
    .to_string()
}

fn codes(v: &Option<Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|a| a.get("code").and_then(Value::as_str))
            .map(|c| c.get(..3).unwrap_or(c).to_string())
            .collect(),
        _ => vec![],
    }
}

impl PloverGold {
    /// Reads the records, skipping documentation entries.
    pub fn read(path: &str) -> Result<Vec<PloverGold>, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.into(),
            source,
        })?;
        let raw: Vec<Raw> = serde_json::from_str(&text).map_err(|e| EvalError::Format {
            path: path.into(),
            reason: e.to_string(),
        })?;
        Ok(raw
            .into_iter()
            .filter_map(|r| {
                let event = r.event.filter(|e| e != "DOCUMENT")?;
                Some(PloverGold {
                    id: r.id.unwrap_or_default(),
                    text: r.text?,
                    date: r.date,
                    event: modern_event(&event),
                    source: codes(&r.source),
                    target: codes(&r.target),
                })
            })
            .collect())
    }
}

fn countries(actors: &[dyad_core::ActorRef]) -> Vec<String> {
    actors
        .iter()
        .map(|a| {
            a.country
                .clone()
                .unwrap_or_else(|| a.code.get(..3).unwrap_or(&a.code).to_string())
        })
        .collect()
}

fn overlap(pred: &[String], gold: &[String]) -> usize {
    pred.iter().filter(|p| gold.contains(p)).count()
}

/// Scores the coder on PLOVER gold records.
pub fn evaluate_plover(gold: &[PloverGold], path: &str, code: &CodeFn<'_>) -> Report {
    let mut report = Report::new("plover", path, gold.len());
    let (mut type_ok, mut any_type_ok, mut coded, mut triple_ok) = (0, 0, 0, 0);
    let (mut src_tp, mut src_pred, mut src_gold) = (0, 0, 0);
    let (mut tgt_tp, mut tgt_pred, mut tgt_gold) = (0, 0, 0);
    for g in gold {
        let events = code(&g.text, g.date.as_deref());
        any_type_ok += usize::from(
            events
                .iter()
                .any(|e| e.event.plover.as_deref() == Some(g.event.as_str())),
        );
        let main = crate::main_event(&events);
        src_gold += g.source.len();
        tgt_gold += g.target.len();
        let Some(main) = main else { continue };
        coded += 1;
        let type_match = main.event.plover.as_deref() == Some(g.event.as_str());
        type_ok += usize::from(type_match);
        let (s, t) = (countries(&main.source), countries(&main.target));
        src_tp += overlap(&s, &g.source);
        src_pred += s.len();
        tgt_tp += overlap(&t, &g.target);
        tgt_pred += t.len();
        let sides_match =
            overlap(&s, &g.source) > 0 && (g.target.is_empty() || overlap(&t, &g.target) > 0);
        triple_ok += usize::from(type_match && sides_match);
    }
    let n = gold.len().max(1) as f64;
    report.metric("event_type_accuracy", type_ok as f64 / n);
    report.metric("event_type_any_event", any_type_ok as f64 / n);
    report.metric("coded_fraction", coded as f64 / n);
    let (p, r, f) = prf(src_tp, src_pred, src_gold);
    report.metric("source_country_p", p);
    report.metric("source_country_r", r);
    report.metric("source_country_f1", f);
    let (p, r, f) = prf(tgt_tp, tgt_pred, tgt_gold);
    report.metric("target_country_p", p);
    report.metric("target_country_r", r);
    report.metric("target_country_f1", f);
    report.metric("full_triple_accuracy", triple_ok as f64 / n);
    report.count("records", gold.len());
    report.count("records_with_an_event", coded);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_types() {
        assert_eq!(modern_event("DEMAND"), "REQUEST");
        assert_eq!(modern_event("FIGHT"), "ASSAULT");
        assert_eq!(modern_event("AGREE"), "AGREE");
    }
}
