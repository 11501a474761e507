//! The committed regression inputs of one fuzz target (`fuzz/regressions/<target>/`), for the
//! stable test suites. A missing or empty directory fails the test, so it cannot pass vacuously.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every input is read well within this, even in a debug build on a busy machine; inputs that
/// once took minutes (quadratic blowups, pathological trees) fail the test instead of hanging it.
const TIME_BUDGET: Duration = Duration::from_secs(30);

/// Every file of `fuzz/regressions/<target>/` with its bytes, in name order; panics when the
/// directory is missing or holds no file.
pub fn inputs(manifest_dir: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(manifest_dir)
        .join("../../fuzz/regressions")
        .join(target);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("regression inputs {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}

/// Runs `check` on every regression input of `target`, naming the input that fails or takes
/// longer than [`TIME_BUDGET`].
pub fn check_all(manifest_dir: &str, target: &str, check: impl Fn(&[u8])) {
    for (path, bytes) in inputs(manifest_dir, target) {
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        let took = started.elapsed();
        assert!(
            took < TIME_BUDGET,
            "{target}: {} took {took:?} (blowup?)",
            path.display()
        );
        if let Err(panic) = outcome {
            let msg = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(non-string panic)");
            panic!("{target}: {} failed: {msg}", path.display());
        }
    }
}
