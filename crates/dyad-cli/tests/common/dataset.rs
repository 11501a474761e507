//! What two stores are compared by when they must hold the same dataset: article count,
//! mentions (article, sentence, id, code) and events (id, member mentions, code, date, counts,
//! place), never the times rows were written.

use std::collections::BTreeMap;

use dyad_store::{EventFilter, Store};

/// What the comparison looks at: stored article keys, mentions (article, sentence, id, code)
/// and events (id, member mentions, code, date, counts, place) — not the times rows were
/// written.
#[derive(Debug, PartialEq)]
pub struct Dataset {
    pub articles: u64,
    pub mentions: Vec<(String, usize, String, String)>,
    pub events: Vec<String>,
}

pub fn dataset(store: &Store) -> Dataset {
    let all = EventFilter::default();
    let mut members: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut mentions = Vec::new();
    for m in store.mentions(&all).unwrap() {
        members
            .entry(m.event_id)
            .or_default()
            .push(format!("{}#{}", m.record.doc, m.record.id));
        mentions.push((
            m.article.key.clone(),
            m.record.sentence,
            m.record.id.clone(),
            m.record.event.cameo.clone(),
        ));
    }
    mentions.sort();
    let mut events: Vec<String> = store
        .events(&all)
        .unwrap()
        .into_iter()
        .map(|e| {
            let mut ids = members.remove(&e.id).unwrap_or_default();
            ids.sort();
            format!(
                "#{} {} {} {:?} m{} a{} s{} k{:?} {:?} <- {}",
                e.id,
                e.record.event.cameo,
                e.record.modality.as_str(),
                e.record.date,
                e.num_mentions,
                e.num_articles,
                e.num_sources,
                e.killed,
                e.record.location.as_ref().map(|l| &l.name),
                ids.join(",")
            )
        })
        .collect();
    events.sort();
    Dataset {
        articles: store.stats().unwrap().articles,
        mentions,
        events,
    }
}

impl Dataset {
    /// The same dataset with event ids left out: PostgreSQL sequences do not give back the
    /// numbers of rolled-back transactions, so ids can differ where nothing else does.
    pub fn without_event_ids(mut self) -> Dataset {
        for e in &mut self.events {
            if let Some((_, rest)) = e.split_once(' ') {
                *e = rest.to_string();
            }
        }
        self.events.sort();
        self
    }

    /// Panics with the first difference (not two whole datasets) when `other` differs.
    pub fn assert_same(&self, other: &Dataset, what: &str) {
        assert_eq!(self.articles, other.articles, "{what}: articles");
        first_difference(
            &self.mentions,
            &other.mentions,
            &format!("{what}: mentions"),
        );
        first_difference(&self.events, &other.events, &format!("{what}: events"));
    }
}

fn first_difference<T: PartialEq + std::fmt::Debug>(a: &[T], b: &[T], what: &str) {
    if let Some(i) = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]) {
        panic!("{what} differ at {i}: {:?} vs {:?}", a[i], b[i]);
    }
    assert_eq!(a.len(), b.len(), "{what}: counts differ");
}
