//! Sentence splitting and tokenisation (`dyad_nlp::segment`, `split_sentences`, `tokenize`) of any text.
#![no_main]

#[path = "../checks/nlp.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::segment_text(data));
