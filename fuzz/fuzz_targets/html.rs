//! Web pages through `dyad_extract::extract` (main text and metadata), as `dyad extract` and the ingest workers call it.
#![no_main]

#[path = "../checks/extract.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::html(data));
