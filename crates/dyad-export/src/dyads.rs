//! Directed dyads: how one dyad event becomes GDELT rows, and their GLOBALEVENTIDs.
//!
//! GDELT has one actor per side and one direction per row. dyad writes one row per (source,
//! target) pair, as CAMEO coders (TABARI, PETRARCH) do for compound actors; a reciprocal event
//! (a phone call, a meeting) adds the reverse of each pair, when both sides are known. The rows
//! of event `id` get GLOBALEVENTIDs `id * 100 + k`, `k` = 0..99 in that order (forward pairs
//! first), so `GLOBALEVENTID / 100` is dyad's event id. Rows past 100 are dropped and counted.

use dyad_core::{ActorRef, EventRecord};

use crate::{ExportError, ExportSummary};

/// Rows one event may take (the factor in `id * 100 + k`).
pub const ROWS_PER_EVENT: i64 = 100;

/// One directed dyad: GDELT's Actor1 acts on Actor2.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Dyad<'a> {
    /// Position among the event's rows (the `k` in `id * 100 + k`).
    pub k: i64,
    pub actor1: Option<&'a ActorRef>,
    pub actor2: Option<&'a ActorRef>,
}

/// The GDELT rows of a record, and how many were dropped over the limit.
pub(crate) fn dyads(r: &EventRecord) -> (Vec<Dyad<'_>>, u64) {
    let (sources, targets) = (side(&r.source), side(&r.target));
    let mut pairs = Vec::with_capacity(sources.len() * targets.len());
    for s in &sources {
        for t in &targets {
            pairs.push((*s, *t));
        }
    }
    if r.reciprocal && !r.source.is_empty() && !r.target.is_empty() {
        let reverse: Vec<_> = pairs.iter().map(|&(s, t)| (t, s)).collect();
        pairs.extend(reverse);
    }
    let dropped = pairs.len().saturating_sub(ROWS_PER_EVENT as usize) as u64;
    let rows = pairs
        .into_iter()
        .take(ROWS_PER_EVENT as usize)
        .zip(0..)
        .map(|((actor1, actor2), k)| Dyad { k, actor1, actor2 })
        .collect();
    (rows, dropped)
}

/// The GDELT rows of a record a writer received: the record and the rows dropped over the limit
/// are counted in `summary`.
pub(crate) fn counted_dyads<'a>(r: &'a EventRecord, summary: &mut ExportSummary) -> Vec<Dyad<'a>> {
    summary.records += 1;
    let (rows, dropped) = dyads(r);
    summary.dyads_dropped += dropped;
    rows
}

/// The actors of one side, or one unknown actor when the side is empty.
fn side(v: &[ActorRef]) -> Vec<Option<&ActorRef>> {
    if v.is_empty() {
        vec![None]
    } else {
        v.iter().map(Some).collect()
    }
}

/// GLOBALEVENTID of row `k` of event `id`.
pub(crate) fn gdelt_id(id: i64, k: i64) -> Result<i64, ExportError> {
    id.checked_mul(ROWS_PER_EVENT)
        .and_then(|v| v.checked_add(k))
        .ok_or(ExportError::IdOverflow(id))
}

/// A key of a dyad's actor codes, to match a mention's dyads to its event's rows.
pub(crate) fn dyad_key(d: &Dyad<'_>) -> u64 {
    fnv1a(&[
        code(d.actor1).as_bytes(),
        b"\x1f",
        code(d.actor2).as_bytes(),
    ])
}

fn code(a: Option<&ActorRef>) -> &str {
    a.map(|a| a.code.as_str()).unwrap_or("")
}

/// FNV-1a 64: small, fixed (unlike std's randomly seeded hasher), good enough to tell dyads
/// of one event apart.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.iter().flat_map(|p| p.iter()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{actor, record};

    fn codes<'a>(rows: &[Dyad<'a>]) -> Vec<(i64, &'a str, &'a str)> {
        rows.iter()
            .map(|d| (d.k, code(d.actor1), code(d.actor2)))
            .collect()
    }

    #[test]
    fn one_row_per_source_target_pair() {
        let mut r = record();
        r.source = vec![actor("USA"), actor("GBR")];
        r.target = vec![actor("VEN")];
        let (rows, dropped) = dyads(&r);
        assert_eq!(codes(&rows), [(0, "USA", "VEN"), (1, "GBR", "VEN")]);
        assert_eq!(dropped, 0);
    }

    #[test]
    fn reciprocal_events_add_the_reverse_pairs() {
        let mut r = record();
        r.source = vec![actor("RUS")];
        r.target = vec![actor("VEN")];
        r.reciprocal = true;
        let (rows, _) = dyads(&r);
        assert_eq!(codes(&rows), [(0, "RUS", "VEN"), (1, "VEN", "RUS")]);
    }

    #[test]
    fn missing_sides_give_one_row_and_no_reverse() {
        let mut r = record();
        r.source = vec![actor("RUS")];
        r.target.clear();
        r.reciprocal = true;
        assert_eq!(codes(&dyads(&r).0), [(0, "RUS", "")]);
        r.source.clear();
        assert_eq!(codes(&dyads(&r).0), [(0, "", "")]);
    }

    #[test]
    fn rows_past_the_limit_are_dropped_and_counted() {
        let mut r = record();
        r.source = (0..11).map(|i| actor(&format!("S{i:02}"))).collect();
        r.target = (0..10).map(|i| actor(&format!("T{i:02}"))).collect();
        let (rows, dropped) = dyads(&r);
        assert_eq!(rows.len(), 100);
        assert_eq!(dropped, 10);
        assert_eq!(rows.last().map(|d| d.k), Some(99));
    }

    #[test]
    fn ids_leave_room_for_the_rows() {
        assert_eq!(gdelt_id(7, 0).ok(), Some(700));
        assert_eq!(gdelt_id(7, 1).ok(), Some(701));
        assert!(gdelt_id(i64::MAX / 10, 0).is_err());
    }

    #[test]
    fn dyad_keys_tell_directions_apart() {
        let (a, b) = (actor("RUS"), actor("VEN"));
        let d = |x, y| Dyad {
            k: 0,
            actor1: Some(x),
            actor2: Some(y),
        };
        assert_ne!(dyad_key(&d(&a, &b)), dyad_key(&d(&b, &a)));
        assert_eq!(dyad_key(&d(&a, &b)), dyad_key(&d(&a, &b)));
    }
}
