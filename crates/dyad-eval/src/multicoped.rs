//! Multi-CoPED test split: a penta class per sentence (`cameo_class_test.tsv`) and BIO-tagged
//! source (S) and target (T) spans (`cameo_ner_test.txt`), sentence by sentence in the same
//! order.

use dyad_core::Codebook;

use crate::{CodeFn, EvalError, Report};

/// One gold sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct MulticopedGold {
    pub text: String,
    /// 0 neutral, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub penta: u8,
    /// Source spans as token sequences.
    pub source: Vec<Vec<String>>,
    pub target: Vec<Vec<String>>,
}

fn read(path: &str) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.into(),
        source,
    })
}

/// BIO spans of one role ("S" or "T") in a tagged sentence.
fn spans(tagged: &[(String, String)], role: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut open = false;
    for (token, tag) in tagged {
        if tag == &format!("B-{role}") {
            out.push(vec![token.clone()]);
            open = true;
        } else if tag == &format!("I-{role}") && open {
            if let Some(last) = out.last_mut() {
                last.push(token.clone());
            }
        } else {
            open = false;
        }
    }
    out
}

impl MulticopedGold {
    /// Reads the class file and, when given, the span file (same sentence order).
    pub fn read(
        class_path: &str,
        ner_path: Option<&str>,
    ) -> Result<Vec<MulticopedGold>, EvalError> {
        let mut gold = Vec::new();
        for (i, line) in read(class_path)?
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let (text, label) = line.rsplit_once('\t').ok_or_else(|| EvalError::Format {
                path: class_path.into(),
                reason: format!("line {}: expected sentence<TAB>class", i + 1),
            })?;
            let penta = label.trim().parse().map_err(|_| EvalError::Format {
                path: class_path.into(),
                reason: format!("line {}: class '{label}' is not 0..4", i + 1),
            })?;
            gold.push(MulticopedGold {
                text: text.to_string(),
                penta,
                source: vec![],
                target: vec![],
            });
        }
        if let Some(ner_path) = ner_path {
            let ner = read(ner_path)?;
            let blocks: Vec<&str> = ner.split("\n\n").filter(|b| !b.trim().is_empty()).collect();
            if blocks.len() != gold.len() {
                return Err(EvalError::Format {
                    path: ner_path.into(),
                    reason: format!(
                        "{} tagged sentences for {} classified ones",
                        blocks.len(),
                        gold.len()
                    ),
                });
            }
            for (g, block) in gold.iter_mut().zip(blocks) {
                let tagged: Vec<(String, String)> = block
                    .lines()
                    .filter_map(|l| {
                        l.rsplit_once(' ')
                            .map(|(t, tag)| (t.to_string(), tag.to_string()))
                    })
                    .collect();
                g.source = spans(&tagged, "S");
                g.target = spans(&tagged, "T");
            }
        }
        Ok(gold)
    }
}

/// Text without spaces, lower-cased: spans compare across tokenisations.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// (exact, overlap) match of predicted actor texts against gold spans.
fn span_match(pred: &[String], gold: &[Vec<String>]) -> (bool, bool) {
    let gold: Vec<String> = gold.iter().map(|s| squash(&s.join(""))).collect();
    let pred: Vec<String> = pred.iter().map(|p| squash(p)).collect();
    let exact = !pred.is_empty() && pred.iter().all(|p| gold.contains(p));
    let overlap = pred.iter().any(|p| {
        gold.iter()
            .any(|g| !p.is_empty() && (g.contains(p.as_str()) || p.contains(g.as_str())))
    });
    (exact, overlap)
}

/// Scores sentence class and source/target spans.
pub fn evaluate_multicoped(gold: &[MulticopedGold], path: &str, code: &CodeFn<'_>) -> Report {
    let book = Codebook::builtin();
    let mut report = Report::new("multicoped", path, gold.len());
    let (mut class_ok, mut quad_ok) = (0, 0);
    let (mut src_n, mut src_exact, mut src_overlap) = (0, 0, 0);
    let (mut tgt_n, mut tgt_exact, mut tgt_overlap) = (0, 0, 0);
    let mut confusion = [[0usize; 5]; 5];
    for g in gold {
        let events = code(&g.text, None);
        let main = crate::main_event(&events);
        let predicted = main
            .and_then(|e| book.get(&e.event.cameo))
            .map_or(0, |t| t.penta.min(4));
        class_ok += usize::from(predicted == g.penta);
        let coarse = |p: u8| match p {
            0..=2 => 0,
            _ => 1,
        };
        quad_ok += usize::from(coarse(predicted) == coarse(g.penta));
        confusion[g.penta.min(4) as usize][predicted as usize] += 1;
        let texts = |actors: Option<&Vec<dyad_core::ActorRef>>| {
            actors
                .map(|v| v.iter().map(|a| a.text.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        if !g.source.is_empty() {
            src_n += 1;
            let (e, o) = span_match(&texts(main.map(|m| &m.source)), &g.source);
            src_exact += usize::from(e);
            src_overlap += usize::from(o);
        }
        if !g.target.is_empty() {
            tgt_n += 1;
            let (e, o) = span_match(&texts(main.map(|m| &m.target)), &g.target);
            tgt_exact += usize::from(e);
            tgt_overlap += usize::from(o);
        }
    }
    let frac = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    report.metric("penta_accuracy", frac(class_ok, gold.len()));
    report.metric(
        "cooperation_vs_conflict_accuracy",
        frac(quad_ok, gold.len()),
    );
    report.metric("source_span_exact", frac(src_exact, src_n));
    report.metric("source_span_overlap", frac(src_overlap, src_n));
    report.metric("target_span_exact", frac(tgt_exact, tgt_n));
    report.metric("target_span_overlap", frac(tgt_overlap, tgt_n));
    report.count("sentences_with_gold_source", src_n);
    report.count("sentences_with_gold_target", tgt_n);
    for (gold_class, row) in confusion.iter().enumerate() {
        for (pred_class, n) in row.iter().enumerate() {
            report.count(&format!("confusion_gold{gold_class}_pred{pred_class}"), *n);
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_spans() {
        let tagged: Vec<(String, String)> = [
            ("U.S.", "B-S"),
            ("military", "I-S"),
            ("said", "O"),
            ("NATO", "B-T"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(
            spans(&tagged, "S"),
            vec![vec!["U.S.".to_string(), "military".to_string()]]
        );
        assert_eq!(spans(&tagged, "T"), vec![vec!["NATO".to_string()]]);
    }

    #[test]
    fn span_matching_ignores_spacing_and_case() {
        let gold = vec![vec![
            "The".to_string(),
            "U.S.".to_string(),
            "military".to_string(),
        ]];
        assert_eq!(
            span_match(&["the U.S. military".into()], &gold),
            (true, true)
        );
        assert_eq!(span_match(&["U.S. military".into()], &gold), (false, true));
        assert_eq!(span_match(&["Russia".into()], &gold), (false, false));
        assert_eq!(span_match(&[], &gold), (false, false));
    }
}
