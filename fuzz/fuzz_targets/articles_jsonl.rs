//! Article JSON lines through `dyad_ingest::read_stream_items` (as `dyad ingest --input articles`).
#![no_main]

#[path = "../checks/ingest.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::articles_jsonl(data));
