//! WARC archives (plain or gzip per record) through `dyad_ingest::read_stream_items` (as `dyad ingest --input warc`).
#![no_main]

#[path = "../checks/ingest.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::warc(data));
