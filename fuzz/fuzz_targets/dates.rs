//! The date-expression resolver `dyad_coder::dates::find_dates` on tokenized, folded text.
#![no_main]

#[path = "../checks/coder.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::dates(data));
