//! Where in the article a mention's sentence, source, trigger and target are: absolute
//! code-point offsets into the article body, as the article view highlights them.

use dyad_core::{ActorRef, Codebook, Mention};
use serde::Serialize;

/// A highlighted span. `start`/`end` are code points into the sentence (as in the record);
/// `article_start`/`article_end` into the article body, absent when the sentence was not found
/// in the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    /// `source`, `trigger` or `target`.
    pub role: &'static str,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub article_start: Option<usize>,
    pub article_end: Option<usize>,
    /// The actor code (`USAMIL`), for source and target spans.
    pub code: Option<String>,
    /// The resolved name ("Nicolás Maduro"), when known.
    pub name: Option<String>,
}

/// The evidence of one mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The sentence's offsets in the article body, when known.
    pub sentence_start: Option<usize>,
    pub sentence_end: Option<usize>,
    pub spans: Vec<Span>,
}

pub fn evidence(m: &Mention) -> Evidence {
    let r = &m.record;
    let base = m.sentence_start;
    let sentence_chars = r.text.chars().count();
    let abs = |x: usize| base.map(|b| b + x);
    let actor = |role: &'static str, a: &ActorRef| Span {
        role,
        text: a.text.clone(),
        start: a.start,
        end: a.end,
        article_start: abs(a.start),
        article_end: abs(a.end),
        code: Some(a.code.clone()),
        name: a.name.clone(),
    };
    let mut spans: Vec<Span> = r.source.iter().map(|a| actor("source", a)).collect();
    if r.trigger.end > r.trigger.start {
        spans.push(Span {
            role: "trigger",
            text: r.trigger.text.clone(),
            start: r.trigger.start,
            end: r.trigger.end,
            article_start: abs(r.trigger.start),
            article_end: abs(r.trigger.end),
            code: None,
            name: None,
        });
    }
    spans.extend(r.target.iter().map(|a| actor("target", a)));
    // Spans outside the sentence (a malformed record) are dropped rather than mis-highlighted.
    spans.retain(|s| s.start <= s.end && s.end <= sentence_chars);
    spans.sort_by_key(|s| (s.start, s.end));
    Evidence {
        sentence_start: base,
        sentence_end: base.map(|b| b + sentence_chars),
        spans,
    }
}

/// The CAMEO name of a code ("Seize or damage property" ...), when the codebook has it.
pub fn code_name(code: &str) -> Option<String> {
    Codebook::builtin().get(code).map(|t| t.name.clone())
}
