//! CoNLL-U treebanks through `dyad_nlp::conllu::read_conllu` (as `dyad nlp train/eval`).
#![no_main]

#[path = "../checks/nlp.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::conllu(data));
