//! The GDELT 2.0 mentions table: 16 tab-separated columns, no header. A mention is written once
//! for each GDELT row (directed dyad) of its event, with the same GLOBALEVENTIDs as the event
//! table, so the two tables join on GLOBALEVENTID as GDELT's do.

use std::io::Write;

use dyad_core::{ActorRef, Mention};

use crate::dyads::{counted_dyads, dyad_key, gdelt_id, Dyad};
use crate::event_index::EventIndex;
use crate::fields::{clean, gdelt_datetime};
use crate::lines::Lines;
use crate::{ExportError, ExportSummary, MentionSink};

/// The 16 column names of the GDELT 2.0 mentions table, in order.
pub const GDELT_MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// Writes the GDELT mentions table; `index` holds the exported events (see [`EventIndex`]).
pub struct GdeltMentionWriter<W: Write> {
    lines: Lines<W>,
    index: EventIndex,
}

impl<W: Write> GdeltMentionWriter<W> {
    pub fn new(out: W, mut index: EventIndex) -> Self {
        index.seal();
        GdeltMentionWriter {
            lines: Lines::new(out),
            index,
        }
    }
}

impl<W: Write> MentionSink for GdeltMentionWriter<W> {
    fn mention(&mut self, m: &Mention) -> Result<(), ExportError> {
        let own = counted_dyads(&m.record, &mut self.lines.summary);
        for row in rows_of(&self.index, m.event_id, &own) {
            self.lines.tab_row(&mention_row(m, &row)?)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<ExportSummary, ExportError> {
        self.lines.finish()
    }
}

/// One output row: the event row it refers to, and the mention's own dyad for that row.
struct Row<'a> {
    k: i64,
    event_time: u64,
    dyad: Option<Dyad<'a>>,
}

/// Pairs the event's rows with the mention's dyads: by actor codes, else by position when the
/// mention has as many dyads as the event has rows, else none (actor offsets then are -1). An
/// event missing from the index gets the mention's own dyads.
fn rows_of<'a>(index: &EventIndex, event_id: i64, own: &[Dyad<'a>]) -> Vec<Row<'a>> {
    let Some(event) = index.get(event_id) else {
        return own
            .iter()
            .map(|d| Row {
                k: d.k,
                event_time: 0,
                dyad: Some(*d),
            })
            .collect();
    };
    let keys: Vec<u64> = own.iter().map(dyad_key).collect();
    let same_shape = own.len() == event.rows.len();
    (0..)
        .zip(event.rows.iter())
        .map(|(k, key)| {
            let by_key = keys.iter().position(|own_key| own_key == key);
            let i = by_key.or(same_shape.then_some(k as usize));
            Row {
                k,
                event_time: event.date_added,
                dyad: i.and_then(|i| own.get(i).copied()),
            }
        })
        .collect()
}

fn mention_row(m: &Mention, row: &Row<'_>) -> Result<Vec<String>, ExportError> {
    let a = &m.article;
    let r = &m.record;
    let offset = |actor: Option<&ActorRef>| doc_offset(m.sentence_start, actor.map(|a| a.start));
    let (a1, a2) = row.dyad.map_or((None, None), |d| (d.actor1, d.actor2));
    let (mention_type, identifier) = match a.url.as_deref().or(r.url.as_deref()) {
        Some(url) => ("1", url.to_string()),
        None => ("2", citation(m)),
    };
    let confidence = (f64::from(r.confidence) * 100.0).round().clamp(0.0, 100.0);
    Ok(vec![
        gdelt_id(m.event_id, row.k)?.to_string(),
        if row.event_time > 0 {
            row.event_time.to_string()
        } else {
            String::new()
        },
        gdelt_datetime(&a.ingested_at),
        mention_type.to_string(),
        clean(a.source.as_deref().unwrap_or("")).into_owned(),
        clean(&identifier).into_owned(),
        (r.sentence + 1).to_string(),
        offset(a1),
        offset(a2),
        doc_offset(m.sentence_start, Some(r.trigger.start)),
        "1".into(),
        format!("{confidence:.0}"),
        a.body_chars.to_string(),
        a.tone
            .filter(|t| t.is_finite())
            .map(|t| t.to_string())
            .unwrap_or_default(),
        String::new(),
        String::new(),
    ])
}

/// Offset in the document: the sentence's start plus the offset in the sentence; -1 when
/// either is unknown.
fn doc_offset(sentence_start: Option<usize>, in_sentence: Option<usize>) -> String {
    match (sentence_start, in_sentence) {
        (Some(s), Some(o)) => (s + o).to_string(),
        _ => "-1".into(),
    }
}

/// A textual citation for an article without a URL (GDELT's MentionType 2).
fn citation(m: &Mention) -> String {
    let a = &m.article;
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(a.source.as_deref());
    parts.extend(a.title.as_deref());
    parts.extend(a.published.as_deref());
    if parts.is_empty() {
        parts.push(&a.id);
    }
    parts.join(", ")
}
