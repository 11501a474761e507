//! dyad-store: where coded articles and events are kept and queried: an embedded SQLite file by
//! default, or a shared PostgreSQL database with a work queue for many workers.
//!
//! Why a crate of its own: storage has its own failure modes (crashes, concurrent readers and
//! writers, schema upgrades, a server that goes away) and two backends behind one API; the
//! coder never depends on it. Every query is written once (module `db` runs it on either backend);
//! where the SQL must differ, the code says so by [`Dialect`].
//!
//! Guarantees:
//! - an article and its events are written in one transaction: a crash never leaves half an
//!   article;
//! - articles are keyed by a content hash, so ingesting the same input twice changes nothing;
//!   a changed version of an article (same id and url, new content) replaces the old one;
//! - the schema is versioned (`PRAGMA user_version`; table `dyad_schema` on PostgreSQL) and
//!   upgraded by numbered migrations in [`migrations`]; a database newer than this program is
//!   refused, not damaged;
//! - every coded event is stored as a *mention* and merged, in the same transaction, into the
//!   real-world *event* it reports ([`merge_rules`]); events keep their mention, article and
//!   source counts current as reports and copies arrive, and [`Store::remerge`] rebuilds them
//!   under new rules without coding anything again;
//! - articles are searchable (SQLite FTS5; PostgreSQL `tsvector`) and every query binds its
//!   values;
//! - copies of a story (a near-identical text fingerprint) are stored and linked to the first
//!   copy (`duplicate_of`) instead of being coded again (see [`ArticleMeta`]).

mod analytics;
mod copies;
mod db;
mod error;
mod filter;
mod location;
mod merge;
pub mod merge_rules;
pub mod migrations;
mod queue;
mod read;
pub mod scratch;
mod store;
mod watch_state;

pub use analytics::{
    Interval, Network, NetworkEdge, NetworkNode, PlacePoint, SeriesPoint, SeriesQuery,
    SeriesSubject,
};
pub use copies::{ArticleMeta, CopyStats};
pub use db::{ConnectRetry, Dialect};
pub use error::StoreError;
pub use filter::{Cursor, EventFilter};
pub use location::StoreLocation;
pub use merge_rules::MergeRules;
pub use queue::{Claim, NewUnit, UnitCounts, UnitRow, UnitStatus, UnitTotals};
pub use read::{ArticleHit, ArticleView};
pub use store::{PutOutcome, Store, StoreStats};
pub use watch_state::{NewWatchItem, WatchFeedRow, WatchItemCounts, WatchItemRow, WatchItemStatus};
