//! What earlier sentences of the article tell later ones: who "he" and "it" are.

use dyad_kb::ActorMention;
use dyad_nlp::Token;

use crate::words::SPEECH_VERBS;

/// Article-level memory for pronouns and unnamed speakers ("the statement added").
#[derive(Debug, Default, Clone)]
pub struct ArticleContext {
    pub last_person: Option<ActorMention>,
    pub last_speaker: Option<ActorMention>,
}

impl ArticleContext {
    /// Mentions for pronouns and speaker nouns that earlier sentences resolve.
    /// `actors` are the sentence's own mentions: a person named earlier in the same sentence is
    /// the nearer antecedent ("Washington accused Venezuela's leader ..., which he denies").
    pub fn resolve_pronouns(
        &self,
        text: &str,
        tokens: &[Token],
        folded: &[String],
        actors: &[ActorMention],
    ) -> Vec<ActorMention> {
        let mut out = Vec::new();
        let taken: Vec<(usize, usize)> = actors.iter().map(|a| (a.first, a.last)).collect();
        for (i, w) in folded.iter().enumerate() {
            if taken.iter().any(|&(a, b)| a <= i && i < b) {
                continue;
            }
            let next_is_speech = folded
                .get(i + 1)
                .is_some_and(|n| SPEECH_VERBS.contains(&n.as_str()));
            let antecedent = match w.as_str() {
                "he" | "she" | "him" => actors
                    .iter()
                    .rev()
                    .find(|a| a.is_person && a.last <= i)
                    .or(self.last_person.as_ref()),
                "it" | "statement" | "read-out" | "readout" if next_is_speech => {
                    self.last_speaker.as_ref()
                }
                // "Uganda said on Sunday it had paid compensation", "militants said they
                // attempted ...": the speaker of this sentence.
                "it" | "they" => actors.iter().rev().find(|a| {
                    (w == "they" || !a.is_person)
                        && a.last <= i
                        && i - a.last <= 8
                        && folded[a.last..i]
                            .iter()
                            .any(|w| SPEECH_VERBS.contains(&w.as_str()))
                }),
                _ => None,
            };
            let Some(a) = antecedent else { continue };
            // The pronoun stands where the tree needs it (first/last); its text and offsets are
            // the antecedent's when that is in the same sentence, so the evidence names the
            // actor ("Uganda said it had paid ...": the source is "Uganda").
            let same_sentence = actors.iter().any(|b| std::ptr::eq(a, b));
            let mut mention = ActorMention {
                first: i,
                last: i + 1,
                from_pronoun: true,
                ..a.clone()
            };
            if !same_sentence {
                mention.start = tokens[i].start;
                mention.end = tokens[i].end;
                mention.text = text
                    .chars()
                    .skip(tokens[i].start)
                    .take(tokens[i].end - tokens[i].start)
                    .collect();
            }
            out.push(mention);
        }
        out
    }

    /// Remembers the last person and speaker of a sentence.
    pub fn update(&mut self, actors: &[ActorMention], speaker: Option<&ActorMention>) {
        if let Some(p) = actors.iter().rev().find(|a| a.is_person && !a.from_pronoun) {
            self.last_person = Some(p.clone());
        }
        if let Some(s) = speaker {
            self.last_speaker = Some(s.clone());
        }
    }
}
