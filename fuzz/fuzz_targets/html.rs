//! Web pages through `dyad_extract::extract` (main text and metadata), as `dyad extract` and the ingest workers call it.
#![no_main]

#[path = "../checks/extract.rs"]
mod checks;

/// libfuzzer-sys aborts on every panic, even one the code under test catches. dyad-extract
/// contains dom_smoothie's panics (a known bug of dom_smoothie 0.19, see docs/fuzzing.md), so
/// only those are let through to its `catch_unwind`; every other panic still aborts.
fn let_contained_panics_unwind() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let report_and_abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let contained = info
                .location()
                .is_some_and(|l| l.file().contains("/dom_smoothie-"));
            if !contained {
                report_and_abort(info);
            }
        }));
    });
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let_contained_panics_unwind();
    checks::html(data)
});
