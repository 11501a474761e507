//! dyad-coder: turns sentences into CAMEO/PLOVER events, and says why for each one.
//!
//! Why a crate of its own: coding is where dyad's accuracy is decided, and it changes by rules and
//! lexicon entries. It depends on the data model (`dyad-core`), the text analysis (`dyad-nlp`) and
//! the knowledge base (`dyad-kb`), and on nothing that does I/O, so it can be tested sentence by
//! sentence.
//!
//! Pipeline per sentence ([`Coder::code_sentence`]): tokens → actor mentions (dyad-kb) → trigger
//! patterns ([`lexicon`], `data/lexicon/*.tsv`) → clauses → source/target ([`arguments`]) →
//! modality ([`modality`]) and CAMEO recoding ([`recode`]) → date ([`dates`]), place, casualties
//! ([`quantities`]) → what the surrounding clause says (demands, requests, claims, reversals:
//! `frames.rs`) → one [`dyad_core::EventRecord`] per event, with a `rule` string naming each
//! decision.
//!
//! To add a trigger, add a line to `data/lexicon/verbs.tsv` or `nouns.tsv` with an example
//! sentence; `tests/lexicon_examples.rs` codes every example.

pub mod arguments;
mod coder;
pub mod context;
pub mod dates;
mod frames;
pub mod inflect;
pub mod lexicon;
pub mod modality;
pub mod quantities;
pub mod recode;
pub mod sentence;
pub mod syntax;
pub mod triggers;
pub mod words;

pub use coder::{max_coded_chars, set_max_coded_chars, Coder, MAX_CODED_CHARS, MAX_SENTENCE_CHARS};
pub use context::ArticleContext;
pub use lexicon::{Entry, Lexicon, TriggerKind};
