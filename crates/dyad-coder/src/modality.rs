//! How the sentence presents an event: asserted, negated, hypothetical, future or claimed.

use dyad_core::Modality;

use crate::sentence::Sentence;
use crate::triggers::Trigger;
use crate::words::*;

/// The modality of a trigger from the words of its clause before it, and why.
pub fn modality_of(
    s: &Sentence<'_>,
    t: &Trigger,
    reported_speech: bool,
) -> (Modality, &'static str) {
    let (start, _) = s.clause_range(s.clause[t.head]);
    let before: Vec<&str> = s.folded[start..t.head].iter().map(String::as_str).collect();
    let near = &before[before.len().saturating_sub(4)..];
    if near.iter().any(|w| is_in(w, NEGATIONS)) {
        return (Modality::Negated, "negation before the trigger");
    }
    if before.first().is_some_and(|w| is_in(w, CONDITIONALS)) {
        return (Modality::Hypothetical, "conditional clause");
    }
    if near.iter().any(|w| is_in(w, FUTURE_MARKERS)) || going_to(near) {
        return (Modality::Future, "future auxiliary");
    }
    if near.len() >= 2
        && near[near.len() - 1] == "to"
        && near.iter().any(|w| is_in(w, INTENT_VERBS))
    {
        return (Modality::Future, "intent verb + to");
    }
    if near.contains(&"would") && reported_speech {
        return (Modality::Future, "'would' in reported speech");
    }
    if near.iter().any(|w| is_in(w, HYPOTHETICAL_MARKERS)) {
        return (Modality::Hypothetical, "modal verb");
    }
    (Modality::Asserted, "")
}

fn going_to(words: &[&str]) -> bool {
    words.windows(2).any(|w| w == ["going", "to"])
}
