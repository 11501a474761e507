//! Request handlers, one module per endpoint group.

pub mod analytics;
pub mod articles;
pub mod events;
pub mod evidence;
pub mod ingest;
pub mod meta;
