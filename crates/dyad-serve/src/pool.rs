//! Store connections for request handlers. A [`Store`] (one SQLite connection) is not `Sync`, so
//! each request borrows one from a small pool on a blocking thread; SQLite's WAL mode lets these
//! readers run concurrently with a writer in another process (`dyad ingest`, `dyad watch`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dyad_store::Store;

use crate::error::ApiError;

/// Idle connections kept for reuse.
const MAX_IDLE: usize = 8;

pub struct StorePool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
}

impl StorePool {
    pub fn new(path: &Path, first: Store) -> StorePool {
        StorePool {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
        }
    }

    /// Runs `f` with a connection: an idle one, or a new one when all are busy.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let idle = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        let store = match idle {
            Some(s) => s,
            None => Store::open(&self.path)?,
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
