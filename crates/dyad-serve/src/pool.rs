//! Store connections for request handlers. A [`Store`] (one SQLite or PostgreSQL connection) is
//! not `Sync`, so each request borrows one from a small pool on a blocking thread; SQLite's WAL
//! mode (or PostgreSQL's MVCC) lets these readers run concurrently with writers in other
//! processes (`dyad ingest`, `dyad watch`, `dyad worker`).

use std::sync::Mutex;

use dyad_store::{Store, StoreError, StoreLocation};

use crate::error::ApiError;

/// The longest a single query may run for a request: every request is bounded in time as
/// well as in rows (page sizes are capped in `params.rs`).
pub const QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Idle connections kept for reuse.
const MAX_IDLE: usize = 8;

pub struct StorePool {
    location: StoreLocation,
    idle: Mutex<Vec<Store>>,
}

impl StorePool {
    pub fn new(location: &StoreLocation, first: Store) -> Result<StorePool, StoreError> {
        Ok(StorePool {
            location: location.clone(),
            idle: Mutex::new(vec![bounded(first)?]),
        })
    }

    /// Runs `f` with a connection: an idle one, or a new one when all are busy.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let idle = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        let store = match idle {
            Some(s) => s,
            None => bounded(Store::open_at(&self.location)?)?,
        };
        let result = f(&store);
        if let Ok(mut v) = self.idle.lock() {
            if v.len() < MAX_IDLE {
                v.push(store);
            }
        }
        result
    }
}

/// A connection whose queries stop after [`QUERY_TIMEOUT`].
fn bounded(mut store: Store) -> Result<Store, StoreError> {
    store.set_query_timeout(Some(QUERY_TIMEOUT))?;
    Ok(store)
}
