//! Progress on standard error: a bar on terminals, a plain line every few seconds otherwise.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::Summary;

/// Seconds between plain log lines when standard error is not a terminal.
const LOG_EVERY: Duration = Duration::from_secs(10);

pub struct Progress {
    bar: Option<ProgressBar>,
    /// Inputs and records skipped so far, counted by the stages before the writer.
    skipped: Arc<AtomicUsize>,
    started: Instant,
    last_log: Instant,
}

impl Progress {
    pub fn new(bar: bool, skipped: Arc<AtomicUsize>) -> Progress {
        let bar = bar.then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            skipped,
            started: Instant::now(),
            last_log: Instant::now(),
        }
    }

    pub fn update(&mut self, summary: &Summary) {
        match &self.bar {
            Some(bar) => bar.set_message(self.line(summary)),
            None if self.last_log.elapsed() >= LOG_EVERY => {
                eprintln!("dyad: {}", self.line(summary));
                self.last_log = Instant::now();
            }
            None => {}
        }
    }

    pub fn finish(&mut self, _summary: &Summary) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn line(&self, summary: &Summary) -> String {
        let stored: usize = summary.outcomes.values().sum();
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        format!(
            "{stored} articles ({:.1}/s), {} events, {} copies, {} skipped",
            stored as f64 / secs,
            summary.events,
            summary.copies,
            self.skipped.load(Ordering::Relaxed)
        )
    }
}
