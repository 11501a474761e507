//! Casualty and arrest counts: "at least 87 people have been killed in at least 22 strikes".

use dyad_core::Size;

use crate::sentence::Sentence;
use crate::words::word_number;

const KILLED: &[&str] = &[
    "killed",
    "dead",
    "died",
    "slain",
    "killing",
    "deaths",
    "fatalities",
];
const INJURED: &[&str] = &[
    "injured", "wounded", "hurt", "injuring", "wounding", "injuries",
];
const ARRESTED: &[&str] = &[
    "arrested",
    "detained",
    "jailed",
    "captured",
    "arresting",
    "detaining",
    "arrests",
    "detentions",
];
/// Words after which a count is a total over many events.
const AGGREGATE_NOUNS: &[&str] = &[
    "strikes",
    "attacks",
    "raids",
    "airstrikes",
    "bombings",
    "clashes",
    "incidents",
    "operations",
];

/// Counts in one clause; `None` when the clause has no count.
pub fn size_in_clause(s: &Sentence<'_>, clause: usize) -> Option<Size> {
    let (start, end) = s.clause_range(clause);
    let mut size = Size {
        killed: None,
        injured: None,
        arrested: None,
        aggregate: false,
    };
    let mut found = false;
    for i in start..end {
        let Some(n) = word_number(&s.folded[i]) else {
            continue;
        };
        if i + 1 < end && AGGREGATE_NOUNS.contains(&s.folded[i + 1].as_str()) && found {
            size.aggregate = true;
            continue;
        }
        let window = &s.folded[i + 1..(i + 6).min(end)];
        let slot = if window.iter().any(|w| KILLED.contains(&w.as_str())) {
            &mut size.killed
        } else if window.iter().any(|w| INJURED.contains(&w.as_str())) {
            &mut size.injured
        } else if window.iter().any(|w| ARRESTED.contains(&w.as_str())) {
            &mut size.arrested
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(n);
            found = true;
        }
    }
    if found
        && (start..end)
            .any(|i| ["since", "total", "so far", "overall"].contains(&s.folded[i].as_str()))
    {
        size.aggregate = true;
    }
    found.then_some(size)
}
