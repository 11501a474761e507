//! dyad-eval: how well the coder does on public gold sets, as numbers anyone can rerun.
//!
//! Why a crate of its own: gold formats (PLOVER's JSON records, Multi-CoPED's TSV and BIO
//! files, the PETRARCH validation suites' XML records) and metrics change independently of the coder; the coder is passed in as a function,
//! so this crate depends on the data model only and can score any coder, including a baseline.
//!
//! Every scorer returns a [`Report`]: named metrics (fractions in 0..1) plus counts, printed as
//! one JSON line and a readable table by `dyad eval events`.

mod multicoped;
mod petrarch;
mod plover;
mod report;

use dyad_core::EventRecord;
use thiserror::Error;

pub use multicoped::{evaluate_multicoped, MulticopedGold};
pub use petrarch::{evaluate_petrarch, read_actor_names, PetrarchCoding, PetrarchGold};
pub use plover::{evaluate_plover, PloverGold};
pub use report::Report;

/// Codes one sentence (text, optional ISO date) into events.
pub type CodeFn<'a> = dyn Fn(&str, Option<&str>) -> Vec<EventRecord> + 'a;

/// A gold file that cannot be read.
#[derive(Debug, Error)]
pub enum EvalError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Format { path: String, reason: String },
}

/// The event a sentence is mainly about: the most confident, the earliest on ties.
pub fn main_event(events: &[EventRecord]) -> Option<&EventRecord> {
    events
        .iter()
        .rev()
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
}

/// Precision, recall and F1 from counts (0 when undefined).
pub fn prf(true_positive: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        0.0
    } else {
        true_positive as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        true_positive as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_handles_zeroes() {
        assert_eq!(prf(0, 0, 0), (0.0, 0.0, 0.0));
        let (p, r, f) = prf(1, 2, 4);
        assert_eq!((p, r), (0.5, 0.25));
        assert!((f - 1.0 / 3.0).abs() < 1e-9);
    }
}
