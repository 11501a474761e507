//! dyad-kb: what dyad knows about actors and places, and how a phrase resolves to a CAMEO code.
//!
//! Why a crate of its own: the knowledge tables (`data/kb/*.tsv`, `data/geo/places.tsv`) change
//! far more often than the code that reads them, and both the coder and the exports need them.
//! Tables are compiled in, so the binary needs no files; each table's origin and licence is in
//! `data/SOURCES.md`.
//!
//! Roles are dated: a person's code depends on the event date, not on today ("Maduro" is `VENGOV`
//! on 2025-12-11). To add a person, a metonym or an agent word, add a line to the table in
//! `data/kb/` (see `data/kb/README.md`); no code changes are needed.

mod actors;
mod fold;
mod kb;
mod model;
mod table;

pub use actors::{span_text, ActorFinder, ActorMention, PlaceMention};
pub use fold::fold;
pub use kb::Kb;
pub use model::{Country, Org, Person, Place, Sense, Term};
pub use table::TableError;
