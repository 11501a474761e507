//! Copies of one story: articles linked to the first copy stored, found by a text fingerprint
//! (the caller's: bytes to compare, plus band hashes to index) through a band index, so that
//! candidates are cheap to find however large the store.

use crate::db::{args, Db};
use crate::{Store, StoreError};

/// What the pipeline learnt about an article besides its content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleMeta {
    /// The URL with tracking parameters removed and host and scheme normalised.
    pub canonical_url: Option<String>,
    /// The body's fingerprint (`None` for texts too short to fingerprint).
    pub fingerprint: Option<Vec<u8>>,
    /// Band hashes of the fingerprint: articles sharing one are candidate copies.
    pub bands: Vec<u64>,
    /// Key of the stored article this one copies; copies are not coded.
    pub duplicate_of: Option<String>,
    /// Whether the article was coded (false for copies and for languages dyad does not code).
    pub coded: bool,
    /// Lexicon tone of the body (GDELT's scale), when measured.
    pub tone: Option<f64>,
}

impl ArticleMeta {
    /// Metadata of an article coded as it is, with no fingerprint.
    pub fn coded() -> ArticleMeta {
        ArticleMeta {
            coded: true,
            ..ArticleMeta::default()
        }
    }
}

/// How many stored articles are originals and how many are copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CopyStats {
    pub originals: u64,
    pub copies: u64,
    pub not_coded: u64,
}

pub(crate) fn insert_meta(db: &Db, key: &str, meta: &ArticleMeta) -> Result<(), StoreError> {
    db.execute(
        "UPDATE articles SET canonical_url = ?, fingerprint = ?, duplicate_of = ?, coded = ?,
             tone = ?
         WHERE key = ?",
        &args![
            meta.canonical_url,
            meta.fingerprint,
            meta.duplicate_of,
            meta.coded,
            meta.tone,
            key
        ],
    )?;
    if meta.duplicate_of.is_none() {
        let rows: Vec<_> = (meta.bands.iter().enumerate())
            .map(|(band, value)| args![band, *value as i64, key])
            .collect();
        db.insert_rows("INSERT INTO article_bands (band, value, key)", &rows, "")?;
    }
    Ok(())
}

impl Store {
    /// The stored original (not itself a copy) with this canonical URL, if any.
    pub fn original_by_url(&self, canonical_url: &str) -> Result<Option<String>, StoreError> {
        self.db
            .row(
                "SELECT key FROM articles WHERE canonical_url = ? AND duplicate_of IS NULL
                 ORDER BY rowid LIMIT 1",
                &args![canonical_url],
            )?
            .map(|r| r.text(0))
            .transpose()
    }

    /// The first stored original sharing a band with `bands` whose fingerprint `is_copy`
    /// accepts.
    pub fn original_by_bands(
        &self,
        bands: &[u64],
        is_copy: &dyn Fn(&[u8]) -> bool,
    ) -> Result<Option<String>, StoreError> {
        for (band, value) in bands.iter().enumerate() {
            let found = self.db.rows(
                "SELECT a.key, a.fingerprint FROM article_bands b JOIN articles a ON a.key = b.key
                 WHERE b.band = ? AND b.value = ? ORDER BY a.rowid",
                &args![band, *value as i64],
                |r| Ok((r.text(0)?, r.opt_blob(1)?)),
            )?;
            for (key, fingerprint) in found {
                if fingerprint.as_deref().is_some_and(is_copy) {
                    return Ok(Some(key));
                }
            }
        }
        Ok(None)
    }

    /// Keys of the stored copies of an original, in storing order.
    pub fn copies_of(&self, key: &str) -> Result<Vec<String>, StoreError> {
        self.db.rows(
            "SELECT key FROM articles WHERE duplicate_of = ? ORDER BY rowid",
            &args![key],
            |r| r.text(0),
        )
    }

    /// Counts of originals, copies and articles left uncoded.
    pub fn copy_stats(&self) -> Result<CopyStats, StoreError> {
        let row = self.db.row(
            "SELECT count(*) FILTER (WHERE duplicate_of IS NULL),
                    count(*) FILTER (WHERE duplicate_of IS NOT NULL),
                    count(*) FILTER (WHERE coded = 0)
             FROM articles",
            &[],
        )?;
        let Some(r) = row else {
            return Ok(CopyStats::default());
        };
        Ok(CopyStats {
            originals: r.count(0)?,
            copies: r.count(1)?,
            not_coded: r.count(2)?,
        })
    }
}
