//! dyad-core: the shapes every other dyad crate agrees on.
//!
//! Why a separate crate: readers, the coder, the store, exports and the server all exchange the
//! same few records ([`Article`], [`EventRecord`]) and consult the same codebook. Keeping them
//! here, with no I/O and few dependencies, lets each stage depend on the data model without
//! depending on each other, and lets outside tools rely on one documented JSON shape
//! (`docs/event-record.md`).
//!
//! The CAMEO/PLOVER codebook ([`Codebook`]) is compiled in from `data/cameo/events.tsv`, so the
//! binary needs no data files at run time.

mod article;
mod codebook;
mod dataset;
mod date;
mod event;
mod hash;

pub use article::{Article, InputFormat};
pub use codebook::{Codebook, CodebookError, EventType};
pub use dataset::{ArticleRef, Event, Mention, MergeReason};
pub use date::{parse_iso_date, DatePrecision, PartialDate, DAY_AND_MONTH_NAMES};
pub use event::{
    ActorRef, EventCode, EventRecord, Location, Modality, Size, TextSpan, RECORD_VERSION,
};
pub use hash::{content_hash, short_hash};
