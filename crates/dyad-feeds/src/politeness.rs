//! Politeness: one request at a time per host with a delay between them, exponential backoff for
//! retries, and sleeps that end early when the watcher is asked to stop.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The longest wait between two attempts at the same URL.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// How often a sleeping watcher checks whether it was asked to stop.
const SLEEP_SLICE: Duration = Duration::from_millis(50);

/// The wait before attempt `attempt + 1` after `attempt` failed ones: `base`, `2 × base`,
/// `4 × base`, … capped at [`MAX_BACKOFF`].
pub fn backoff(base: Duration, failed_attempts: u32) -> Duration {
    let doublings = failed_attempts.saturating_sub(1).min(20);
    base.saturating_mul(1u32 << doublings).min(MAX_BACKOFF)
}

/// When each host may next be asked for something.
#[derive(Debug, Default)]
pub struct HostClock {
    next_request: HashMap<String, Instant>,
}

impl HostClock {
    /// When `origin` may next be asked (now when it was never asked).
    pub fn ready_at(&self, origin: &str) -> Option<Instant> {
        self.next_request.get(origin).copied()
    }

    /// Waits for `origin`'s turn; false when stopped while waiting.
    pub fn wait_turn(&self, origin: &str, stop: &AtomicBool) -> bool {
        match self.ready_at(origin) {
            Some(at) => sleep_until(at, stop),
            None => !stop.load(Ordering::SeqCst),
        }
    }

    /// Records a request to `origin` just made: the next one waits `delay`.
    pub fn requested(&mut self, origin: &str, delay: Duration) {
        self.next_request
            .insert(origin.to_string(), Instant::now() + delay);
    }
}

/// Sleeps until `deadline` in short slices; false when `stop` was set meanwhile.
pub fn sleep_until(deadline: Instant, stop: &AtomicBool) -> bool {
    loop {
        if stop.load(Ordering::SeqCst) {
            return false;
        }
        let now = Instant::now();
        if now >= deadline {
            return true;
        }
        std::thread::sleep((deadline - now).min(SLEEP_SLICE));
    }
}
