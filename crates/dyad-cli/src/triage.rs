//! Before coding: which language an article is in, and whether it copies one already seen.
//!
//! Runs on one thread in input order, so the first copy of a story is always the same one.

use std::collections::{HashMap, VecDeque};

use dyad_core::{Article, InputFormat};
use dyad_ingest::dedup::{canonical_url, Fingerprint, MIN_COPY_SIMILARITY};
use dyad_ingest::identify_language;
use dyad_store::{ArticleMeta, Store, StoreError};

/// The language dyad codes; articles in others are stored, flagged and counted, not coded.
pub const CODED_LANGUAGE: &str = "en";
/// Bodies shorter than this many characters are too short for a reliable language verdict.
const MIN_LANGUAGE_CHARS: usize = 200;

/// Identifies the article's language when it is unknown (and the body long enough to tell) and
/// says whether dyad codes it: English, or unknown.
pub fn in_coded_language(article: &mut Article) -> bool {
    if article.language.is_none()
        && article.format != InputFormat::Sentences
        && article.body.len() >= MIN_LANGUAGE_CHARS
    {
        article.language = identify_language(&article.body);
    }
    article
        .language
        .as_deref()
        .is_none_or(|l| l == CODED_LANGUAGE)
}

/// How many recent originals triage remembers itself. Older ones are found in the store: the
/// pipeline never holds more than a few articles per thread in flight, so an original this far
/// back has been committed by the writer.
const RECENT_ORIGINALS: usize = 4096;

/// An original this run has passed on to the writer.
struct Recent {
    key: String,
    canonical: Option<String>,
    fingerprint: Option<Fingerprint>,
    /// The fingerprint's band hashes (empty without a fingerprint).
    bands: Vec<u64>,
}

/// The last [`RECENT_ORIGINALS`] originals, so that copies are found before the writer has
/// stored their original, in bounded memory.
#[derive(Default)]
struct RunIndex {
    /// Sequence number of `recent[0]`.
    first: u64,
    recent: VecDeque<Recent>,
    by_band: HashMap<(usize, u64), Vec<u64>>,
    by_url: HashMap<String, u64>,
}

impl RunIndex {
    fn get(&self, seq: u64) -> Option<&Recent> {
        self.recent
            .get(usize::try_from(seq.checked_sub(self.first)?).ok()?)
    }

    fn push(&mut self, recent: Recent) {
        let seq = self.first + self.recent.len() as u64;
        for (band, &value) in recent.bands.iter().enumerate() {
            self.by_band.entry((band, value)).or_default().push(seq);
        }
        if let Some(url) = &recent.canonical {
            self.by_url.entry(url.clone()).or_insert(seq);
        }
        self.recent.push_back(recent);
        if self.recent.len() > RECENT_ORIGINALS {
            self.evict_oldest();
        }
    }

    fn evict_oldest(&mut self) {
        let Some(old) = self.recent.pop_front() else {
            return;
        };
        let seq = self.first;
        self.first += 1;
        for (band, &value) in old.bands.iter().enumerate() {
            if let Some(seqs) = self.by_band.get_mut(&(band, value)) {
                seqs.retain(|&s| s != seq);
                if seqs.is_empty() {
                    self.by_band.remove(&(band, value));
                }
            }
        }
        if let Some(url) = &old.canonical {
            if self.by_url.get(url) == Some(&seq) {
                self.by_url.remove(url);
            }
        }
    }
}

/// Decides, per article, whether it is coded and which article it copies.
pub struct Triage {
    store: Store,
    run: RunIndex,
}

impl Triage {
    pub fn new(store: Store) -> Triage {
        Triage {
            store,
            run: RunIndex::default(),
        }
    }

    /// Fills in the article's language and returns what the store should record about it.
    pub fn classify(&mut self, article: &mut Article) -> Result<ArticleMeta, StoreError> {
        let english = in_coded_language(article);
        let key = article.content_key();
        let fingerprint = Fingerprint::of(&article.body);
        let bands = fingerprint
            .as_ref()
            .map(Fingerprint::bands)
            .unwrap_or_default();
        let canonical = article.url.as_deref().map(canonical_url);
        let duplicate_of =
            self.original_of(&key, canonical.as_deref(), fingerprint.as_ref(), &bands)?;
        if duplicate_of.is_none() {
            self.run.push(Recent {
                key: key.clone(),
                canonical: canonical.clone(),
                fingerprint: fingerprint.clone(),
                bands: bands.clone(),
            });
        }
        Ok(ArticleMeta {
            canonical_url: canonical,
            bands,
            fingerprint: fingerprint.as_ref().map(Fingerprint::to_bytes),
            coded: english && duplicate_of.is_none(),
            duplicate_of,
            // Measured by the coding workers (English only).
            tone: None,
        })
    }

    /// The earlier original this article copies (from this run or the store), never itself: the
    /// same canonical URL with a similar (or no) text, or a similar text under any URL.
    fn original_of(
        &self,
        key: &str,
        canonical: Option<&str>,
        fingerprint: Option<&Fingerprint>,
        bands: &[u64],
    ) -> Result<Option<String>, StoreError> {
        let similar = |other: Option<&Fingerprint>| match (fingerprint, other) {
            (Some(a), Some(b)) => a.similarity(b) >= MIN_COPY_SIMILARITY,
            _ => false,
        };
        let same_url = canonical
            .and_then(|url| self.run.by_url.get(url))
            .and_then(|&seq| self.run.get(seq));
        if let Some(other) = same_url {
            if other.key != key && (fingerprint.is_none() || similar(other.fingerprint.as_ref())) {
                return Ok(Some(other.key.clone()));
            }
        }
        if fingerprint.is_none() {
            // Too short to fingerprint: only the same canonical URL makes it a copy.
            return match canonical {
                Some(url) => Ok(self.store.original_by_url(url)?.filter(|k| k != key)),
                None => Ok(None),
            };
        }
        let in_run = bands
            .iter()
            .enumerate()
            .filter_map(|(band, value)| self.run.by_band.get(&(band, *value)))
            .flatten()
            .filter_map(|&seq| self.run.get(seq))
            .find(|other| other.key != key && similar(other.fingerprint.as_ref()));
        if let Some(other) = in_run {
            return Ok(Some(other.key.clone()));
        }
        let is_copy =
            |bytes: &[u8]| Fingerprint::from_bytes(bytes).is_some_and(|f| similar(Some(&f)));
        Ok(self
            .store
            .original_by_bands(bands, &is_copy)?
            .filter(|k| k != key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, body: &str) -> Article {
        let mut a = Article::sentence(id, body, None);
        a.format = InputFormat::Text;
        a.url = Some(format!("https://example.com/{id}?utm_source=x"));
        a
    }

    fn story(n: usize) -> String {
        (0..60)
            .map(|i| format!("word{n}x{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_second_copy_points_at_the_first() {
        let mut triage = Triage::new(Store::open_in_memory().unwrap());
        let first = triage.classify(&mut article("a", &story(1))).unwrap();
        assert_eq!(first.duplicate_of, None);
        assert_eq!(
            first.canonical_url.as_deref(),
            Some("https://example.com/a")
        );
        let mut copy = article("b", &format!("By Reuters. {} Reporting by X.", story(1)));
        let second = triage.classify(&mut copy).unwrap();
        let original = article("a", &story(1)).content_key();
        assert_eq!(second.duplicate_of, Some(original));
        assert!(!second.coded);
        let other = triage.classify(&mut article("c", &story(2))).unwrap();
        assert_eq!(other.duplicate_of, None);
    }

    #[test]
    fn the_run_index_forgets_the_oldest_originals() {
        let mut index = RunIndex::default();
        for n in 0..=RECENT_ORIGINALS {
            let fingerprint = Fingerprint::of(&story(n));
            index.push(Recent {
                key: format!("k{n}"),
                canonical: Some(format!("u{n}")),
                bands: fingerprint
                    .as_ref()
                    .map(Fingerprint::bands)
                    .unwrap_or_default(),
                fingerprint,
            });
        }
        assert_eq!(index.recent.len(), RECENT_ORIGINALS);
        assert!(index.get(0).is_none());
        assert_eq!(index.get(1).map(|r| r.key.as_str()), Some("k1"));
        assert!(!index.by_url.contains_key("u0"));
        assert!(index.by_band.values().all(|seqs| !seqs.contains(&0)));
    }
}
