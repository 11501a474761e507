//! What the mentions table needs to know about each event: when it was first stored (GDELT's
//! `EventTimeDate` is the event's `DATEADDED`) and its rows (to repeat a mention for each of its
//! event's GLOBALEVENTIDs). Built from the events before the mentions are written; about 30
//! bytes per event.

use dyad_core::Event;

use crate::dyads::{dyad_key, dyads};
use crate::fields::gdelt_datetime;

/// One event as the mentions table sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexedEvent {
    /// `DATEADDED` as a number (YYYYMMDDHHMMSS), 0 when unknown.
    pub date_added: u64,
    /// A key of each GDELT row's actor codes, in row order.
    pub rows: Box<[u64]>,
}

/// Events by id, for the GDELT mentions writer.
#[derive(Debug, Default, Clone)]
pub struct EventIndex {
    entries: Vec<(i64, IndexedEvent)>,
    sorted: bool,
}

impl EventIndex {
    pub fn new() -> Self {
        EventIndex::default()
    }

    /// Records one event (any order; a repeated id keeps the last).
    pub fn add(&mut self, e: &Event) {
        let (rows, _) = dyads(&e.record);
        let entry = IndexedEvent {
            date_added: gdelt_datetime(&e.first_seen).parse().unwrap_or(0),
            rows: rows.iter().map(dyad_key).collect(),
        };
        self.entries.push((e.id, entry));
        self.sorted = false;
    }

    /// Number of events recorded.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sorts by id for lookups (stable, so the last of repeated ids wins).
    pub(crate) fn seal(&mut self) {
        if !self.sorted {
            self.entries.sort_by_key(|(id, _)| *id);
            self.entries.reverse();
            self.entries.dedup_by_key(|(id, _)| *id);
            self.entries.reverse();
            self.sorted = true;
        }
    }

    /// The event with this id; call [`EventIndex::seal`] first.
    pub(crate) fn get(&self, id: i64) -> Option<&IndexedEvent> {
        debug_assert!(self.sorted);
        self.entries
            .binary_search_by_key(&id, |(k, _)| *k)
            .ok()
            .map(|i| &self.entries[i].1)
    }
}
