//! The PETRARCH-2 and UD-PETRARCH validation suites (`PETR.UnitTest.records.xml`,
//! `PETR_Validate_records_2_02.xml`): stylised sentences about made-up actors (Arnor, Gondor)
//! that test syntax, not knowledge: compound actors, passives, negation, event versus no event.
//!
//! The suites' own actor dictionary is read ([`read_actor_names`]) so that the coder knows the
//! made-up names; their verb dictionary is not (dyad codes verbs with its own lexicon), so event
//! codes are compared at the root only and reported for information. What counts is whether
//! the coder finds an event where the suite has one, none where it has none, and the right
//! source and target (first three letters of the code: the country or group).

use std::collections::BTreeMap;

use dyad_core::EventRecord;

use crate::{CodeFn, EvalError, Report};

/// One coded event of a gold record.
#[derive(Debug, Clone, PartialEq)]
pub struct PetrarchCoding {
    pub source: String,
    pub target: String,
    pub code: String,
}

/// One validation record.
#[derive(Debug, Clone, PartialEq)]
pub struct PetrarchGold {
    pub id: String,
    pub category: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub text: String,
    /// Empty with `no_events` for a sentence that must code nothing.
    pub codings: Vec<PetrarchCoding>,
    pub no_events: bool,
}

/// The value of `name="..."` (or `name='...'`, spaces around `=` allowed) in a tag's attributes.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(at) = rest.find(name) {
        let after = rest[at + name.len()..].trim_start();
        let boundary = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
        if let (true, Some(value)) = (boundary, after.strip_prefix('=')) {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let body = &value[1..];
                let end = body.find(quote)?;
                return Some(body[..end].to_string());
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// `19950106` → `1995-01-06`.
fn iso_date(compact: &str) -> Option<String> {
    (compact.len() == 8 && compact.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &compact[..4], &compact[4..6], &compact[6..]))
}

/// Text between `<tag>` and `</tag>` inside `body`, whitespace collapsed.
fn element_text(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find(&format!("</{tag}>"))? + start;
    Some(
        body[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// `body` without `<!-- ... -->` comments.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

fn record(attrs: &str, body: &str) -> Option<PetrarchGold> {
    if attribute(attrs, "evaluate").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
        return None;
    }
    let text = element_text(body, "Text")?;
    let mut codings = Vec::new();
    let (mut no_events, mut error) = (false, false);
    for tag in body.split("<EventCoding").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        no_events |= attribute(tag, "noevents").is_some();
        error |= attribute(tag, "error").is_some();
        if let (Some(source), Some(target), Some(code)) = (
            attribute(tag, "sourcecode"),
            attribute(tag, "targetcode"),
            attribute(tag, "eventcode"),
        ) {
            codings.push(PetrarchCoding {
                source,
                target,
                code,
            });
        }
    }
    // Records that test the old coder's error handling code nothing and are no test here.
    if error || (codings.is_empty() && !no_events) {
        return None;
    }
    Some(PetrarchGold {
        id: attribute(attrs, "id").unwrap_or_default(),
        category: attribute(attrs, "category").unwrap_or_default(),
        date: attribute(attrs, "date").as_deref().and_then(iso_date),
        text,
        codings,
        no_events,
    })
}

impl PetrarchGold {
    /// Reads the `<Sentence>` records of a suite, skipping those marked `evaluate="false"` and
    /// those that test error handling.
    pub fn read(path: &str) -> Result<Vec<PetrarchGold>, EvalError> {
        let raw = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.into(),
            source,
        })?;
        let text = without_comments(&raw);
        let mut out = Vec::new();
        for chunk in text.split("<Sentence ").skip(1) {
            let Some(close) = chunk.find('>') else {
                continue;
            };
            let body = &chunk[close + 1..chunk.find("</Sentence>").unwrap_or(chunk.len())];
            out.extend(record(&chunk[..close], body));
        }
        if out.is_empty() {
            return Err(EvalError::Format {
                path: path.into(),
                reason: "no <Sentence> record with an <EventCoding> and <Text>".into(),
            });
        }
        Ok(out)
    }
}

/// The names of the suite's actor dictionary (`NAME [CODE]` lines, `+SYNONYM` lines for the
/// entry above, `_` for a space), as (code, names). Date-restricted codes keep their first code.
pub fn read_actor_names(path: &str) -> Result<Vec<(String, Vec<String>)>, EvalError> {
    let raw = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.into(),
        source,
    })?;
    let name = |s: &str| {
        s.trim()
            .trim_end_matches('_')
            .replace('_', " ")
            .split_whitespace()
            .map(title_case)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in without_comments(&raw).lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(synonym) = line.strip_prefix('+') {
            if let Some((_, names)) = out.last_mut() {
                names.push(name(synonym));
            }
            continue;
        }
        let (Some(open), Some(close)) = (line.find('['), line.find(']')) else {
            continue;
        };
        let code: String = line[open + 1..close]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_uppercase();
        let head = name(&line[..open]);
        if code.len() >= 3 && !head.is_empty() {
            out.push((code, vec![head]));
        }
    }
    Ok(out)
}

/// `GONDOR` → `Gondor`: dictionary names are upper case, sentences are not.
fn title_case(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn prefix(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

/// Whether an event has the coding's source and target (by their first three letters).
fn has_side(actors: &[dyad_core::ActorRef], gold: &str) -> bool {
    actors
        .iter()
        .any(|a| prefix(&a.code).eq_ignore_ascii_case(prefix(gold)))
}

#[derive(Default)]
struct Tally {
    records: usize,
    detected: usize,
    codings: usize,
    dyads: usize,
    sources: usize,
    targets: usize,
    roots: usize,
    no_event_records: usize,
    false_events: usize,
}

/// Scores the coder on a suite.
pub fn evaluate_petrarch(gold: &[PetrarchGold], path: &str, code: &CodeFn<'_>) -> Report {
    let mut report = Report::new("petrarch", path, gold.len());
    let mut all = Tally::default();
    let mut by_category: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for g in gold {
        let events = code(&g.text, g.date.as_deref());
        all.records += 1;
        all.detected += usize::from(events.is_empty() == g.no_events);
        if g.no_events {
            all.no_event_records += 1;
            all.false_events += usize::from(!events.is_empty());
        }
        let category = by_category.entry(g.category.clone()).or_default();
        for c in &g.codings {
            all.codings += 1;
            category.0 += 1;
            score_coding(c, &events, &mut all, category);
        }
    }
    let frac = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    report.metric("event_vs_none_accuracy", frac(all.detected, all.records));
    report.metric("dyad_recall", frac(all.dyads, all.codings));
    report.metric("source_recall", frac(all.sources, all.codings));
    report.metric("target_recall", frac(all.targets, all.codings));
    report.metric("root_agreement_on_dyads", frac(all.roots, all.dyads));
    report.metric(
        "false_event_rate_on_no_event_records",
        frac(all.false_events, all.no_event_records),
    );
    report.count("records", all.records);
    report.count("gold_events", all.codings);
    report.count("no_event_records", all.no_event_records);
    for (category, (n, hit)) in by_category {
        if n > 0 {
            report.count(&format!("dyads_found_{category}"), hit);
            report.count(&format!("dyads_gold_{category}"), n);
        }
    }
    report
}

fn score_coding(
    c: &PetrarchCoding,
    events: &[EventRecord],
    all: &mut Tally,
    category: &mut (usize, usize),
) {
    all.sources += usize::from(events.iter().any(|e| has_side(&e.source, &c.source)));
    all.targets += usize::from(events.iter().any(|e| has_side(&e.target, &c.target)));
    let dyads: Vec<&EventRecord> = events
        .iter()
        .filter(|e| has_side(&e.source, &c.source) && has_side(&e.target, &c.target))
        .collect();
    if dyads.is_empty() {
        return;
    }
    all.dyads += 1;
    category.1 += 1;
    let root = c.code.get(..2).unwrap_or(&c.code);
    all.roots += usize::from(dyads.iter().any(|e| e.event.root == root));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_with_either_quote_and_spaces() {
        let tag = r#" sourcecode="ARN" targetcode = 'GON' eventcode="064""#;
        assert_eq!(attribute(tag, "sourcecode").as_deref(), Some("ARN"));
        assert_eq!(attribute(tag, "targetcode").as_deref(), Some("GON"));
        assert_eq!(attribute(tag, "code"), None);
    }

    #[test]
    fn records_and_their_codings() {
        let attrs = r#"date="19950106" id="DEMO-06" category="DEMO""#;
        let body = r#"<!-- a comment --><EventCoding eventcode="112" sourcecode="CALGOV" targetcode="OSGMIL" />
            <Text>
            The Calenardhon government condemned
            an attack.</Text>"#;
        let g = record(attrs, &without_comments(body)).unwrap();
        assert_eq!(g.date.as_deref(), Some("1995-01-06"));
        assert_eq!(g.text, "The Calenardhon government condemned an attack.");
        assert_eq!(g.codings[0].source, "CALGOV");
        let none = record(
            attrs,
            r#"<EventCoding noevents = "True"></EventCoding><Text>Nothing.</Text>"#,
        );
        assert!(none.unwrap().no_events);
        assert!(record(r#"id="x" evaluate="false""#, body).is_none());
        assert!(record(
            attrs,
            r#"<EventCoding error="x"></EventCoding><Text>x</Text>"#
        )
        .is_none());
    }

    #[test]
    fn actor_names() {
        let dir = std::env::temp_dir().join(format!("dyad-petr-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("actors.txt");
        std::fs::write(
            &path,
            "<!-- header -->\nARNOR_  [ARN]\nAUSTRALIA [AUS]\n+AUSTRALIAN\nMINAS_TIRITH [GON] # note\nnothing here\n",
        )
        .unwrap();
        let names = read_actor_names(path.to_str().unwrap()).unwrap();
        assert_eq!(names[0], ("ARN".to_string(), vec!["Arnor".to_string()]));
        assert_eq!(names[1].1, vec!["Australia", "Australian"]);
        assert_eq!(names[2].1, vec!["Minas Tirith"]);
        assert_eq!(names.len(), 3);
    }
}
