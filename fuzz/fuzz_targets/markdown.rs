//! Scraped-page markdown through `dyad_ingest::read_stream_items` (as `dyad ingest --input markdown`).
#![no_main]

#[path = "../checks/ingest.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::markdown(data));
