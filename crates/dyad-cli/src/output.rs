//! Writing events as JSON lines, CSV or an aligned table.

use std::io::{self, Write};

use dyad_core::{ActorRef, EventRecord};

/// CSV columns, in order.
pub const CSV_HEADER: &[&str] = &[
    "id",
    "doc",
    "sentence",
    "date",
    "date_precision",
    "cameo",
    "root",
    "quad",
    "goldstein",
    "plover",
    "mode",
    "source_codes",
    "source_text",
    "target_codes",
    "target_text",
    "reciprocal",
    "modality",
    "attributed_to",
    "location",
    "country",
    "lat",
    "lon",
    "killed",
    "injured",
    "arrested",
    "background",
    "confidence",
    "trigger",
    "url",
    "text",
];

pub fn write_jsonl(out: &mut dyn Write, e: &EventRecord) -> io::Result<()> {
    serde_json::to_writer(&mut *out, e)?;
    out.write_all(b"\n")
}

fn join_codes(actors: &[ActorRef]) -> String {
    actors
        .iter()
        .map(|a| a.code.as_str())
        .collect::<Vec<_>>()
        .join("+")
}

fn join_text(actors: &[ActorRef]) -> String {
    actors
        .iter()
        .map(|a| a.text.as_str())
        .collect::<Vec<_>>()
        .join(" + ")
}

fn csv_cell(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

pub fn write_csv_header(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", CSV_HEADER.join(","))
}

pub fn write_csv(out: &mut dyn Write, e: &EventRecord) -> io::Result<()> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let num = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
    let loc = e.location.as_ref();
    let size = e.size.as_ref();
    let precision = e.date_precision.map(|p| format!("{p:?}").to_lowercase());
    let cells: Vec<String> = vec![
        e.id.clone(),
        e.doc.clone(),
        e.sentence.to_string(),
        opt(e.date.clone()),
        opt(precision),
        e.event.cameo.clone(),
        e.event.root.clone(),
        e.event.quad.to_string(),
        e.event.goldstein.to_string(),
        opt(e.event.plover.clone()),
        opt(e.event.mode.clone()),
        join_codes(&e.source),
        join_text(&e.source),
        join_codes(&e.target),
        join_text(&e.target),
        e.reciprocal.to_string(),
        e.modality.as_str().to_string(),
        opt(e.attributed_to.as_ref().map(|a| a.code.clone())),
        opt(loc.map(|l| l.name.clone())),
        opt(loc.and_then(|l| l.country.clone())),
        opt(loc.and_then(|l| l.lat).map(|v| v.to_string())),
        opt(loc.and_then(|l| l.lon).map(|v| v.to_string())),
        num(size.and_then(|s| s.killed)),
        num(size.and_then(|s| s.injured)),
        num(size.and_then(|s| s.arrested)),
        e.background.to_string(),
        e.confidence.to_string(),
        e.trigger.text.clone(),
        opt(e.url.clone()),
        e.text.clone(),
    ];
    let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    writeln!(out, "{}", line.join(","))
}

/// A human-readable table row.
pub fn write_table_header(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{:<10} {:<5} {:<10} {:<14} {:<14} {:<12} {:<24} DOC:SENT",
        "DATE", "CAMEO", "PLOVER", "SOURCE", "TARGET", "MODALITY", "TRIGGER"
    )
}

pub fn write_table(out: &mut dyn Write, e: &EventRecord) -> io::Result<()> {
    let mut modality = e.modality.as_str().to_string();
    if e.background {
        modality.push('*');
    }
    let source = if e.reciprocal {
        format!("{}<>", join_codes(&e.source))
    } else {
        join_codes(&e.source)
    };
    writeln!(
        out,
        "{:<10} {:<5} {:<10} {:<14} {:<14} {:<12} {:<24} {}:{}",
        e.date.as_deref().unwrap_or("-"),
        e.event.cameo,
        e.event.plover.as_deref().unwrap_or("-"),
        or_dash(&source),
        or_dash(&join_codes(&e.target)),
        modality,
        truncate(&e.trigger.text, 24),
        e.doc,
        e.sentence
    )
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n - 1).collect();
        format!("{cut}…")
    }
}

/// Header of the merged-event table (`dyad events`).
pub fn write_event_table_header(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{:>6} {:<10} {:<5} {:<10} {:<14} {:<14} {:<12} {:>4} {:>4} {:>4}  TRIGGER",
        "EVENT", "DATE", "CAMEO", "PLOVER", "SOURCE", "TARGET", "MODALITY", "MENT", "ART", "SRC"
    )
}

/// One merged event: its lead mention's coding and its counts.
pub fn write_event_table(out: &mut dyn Write, e: &dyad_core::Event) -> io::Result<()> {
    let r = &e.record;
    let mut modality = r.modality.as_str().to_string();
    if r.background {
        modality.push('*');
    }
    let arrow = if r.reciprocal { "<>" } else { "" };
    writeln!(
        out,
        "{:>6} {:<10} {:<5} {:<10} {:<14} {:<14} {:<12} {:>4} {:>4} {:>4}  {}",
        e.id,
        r.date.as_deref().unwrap_or("-"),
        r.event.cameo,
        r.event.plover.as_deref().unwrap_or("-"),
        or_dash(&format!("{}{arrow}", join_codes(&r.source))),
        or_dash(&join_codes(&r.target)),
        modality,
        e.num_mentions,
        e.num_articles,
        e.num_sources,
        truncate(&r.trigger.text, 40),
    )
}

/// Columns of the merged-event CSV: the event's own, then the lead mention's [`CSV_HEADER`].
pub const EVENT_CSV_PREFIX: &[&str] = &[
    "event_id",
    "num_mentions",
    "num_articles",
    "num_sources",
    "first_seen",
    "avg_tone",
];

pub fn write_event_csv_header(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{},{}",
        EVENT_CSV_PREFIX.join(","),
        CSV_HEADER.join(",")
    )
}

pub fn write_event_csv(out: &mut dyn Write, e: &dyad_core::Event) -> io::Result<()> {
    write!(
        out,
        "{},{},{},{},{},{},",
        e.id,
        e.num_mentions,
        e.num_articles,
        e.num_sources,
        csv_cell(&e.first_seen),
        e.avg_tone.map(|t| format!("{t:.3}")).unwrap_or_default()
    )?;
    write_csv(out, &e.record)
}

pub fn write_event_jsonl(out: &mut dyn Write, e: &dyad_core::Event) -> io::Result<()> {
    serde_json::to_writer(&mut *out, e)?;
    out.write_all(b"\n")
}

/// Writes a report to standard output. A reader that stops early (`dyad eval ... | head -1`)
/// closes the pipe: the rest is dropped quietly rather than a panic or an error.
pub fn emit(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
