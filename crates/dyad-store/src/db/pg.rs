//! [`super::Db`] on PostgreSQL: one synchronous client, statements prepared once per connection
//! and kept, `?` parameters rewritten as `$N`, rows streamed with `query_raw`.

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};

use super::placeholders::to_dollar;
use super::{Row, Value};
use crate::StoreError;

/// Statements kept prepared per connection; the cache is emptied when it grows past this (event
/// filters make many variants).
const MAX_PREPARED: usize = 256;

/// How often and how patiently opening a connection is retried.
#[derive(Debug, Clone, Copy)]
pub struct ConnectRetry {
    pub attempts: u32,
    pub first_wait: Duration,
    pub max_wait: Duration,
}

impl ConnectRetry {
    /// One attempt, no waiting (heartbeats, which come round again anyway).
    pub fn once() -> ConnectRetry {
        ConnectRetry {
            attempts: 1,
            ..ConnectRetry::default()
        }
    }
}

impl Default for ConnectRetry {
    /// Five attempts over about 8 seconds: a server that is restarting gets time to come back.
    fn default() -> ConnectRetry {
        ConnectRetry {
            attempts: 5,
            first_wait: Duration::from_millis(500),
            max_wait: Duration::from_secs(4),
        }
    }
}

pub(crate) struct PgConn {
    client: RefCell<Client>,
    prepared: RefCell<HashMap<String, Statement>>,
}

impl PgConn {
    /// Connects to `url`, retrying with exponential backoff; the error names the server (without
    /// its password), the attempts made and the last reason.
    pub fn connect(url: &str, retry: ConnectRetry) -> Result<PgConn, StoreError> {
        let mut config: postgres::Config = url.parse().map_err(|e| StoreError::Connect {
            url: redacted(url),
            attempts: 0,
            source: e,
        })?;
        config.connect_timeout(Duration::from_secs(10));
        config.application_name("dyad");
        let mut wait = retry.first_wait;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match config.connect(NoTls) {
                Ok(client) => {
                    return Ok(PgConn {
                        client: RefCell::new(client),
                        prepared: RefCell::new(HashMap::new()),
                    })
                }
                Err(e) if attempt >= retry.attempts.max(1) => {
                    return Err(StoreError::Connect {
                        url: redacted(url),
                        attempts: attempt,
                        source: e,
                    })
                }
                Err(_) => {
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(retry.max_wait);
                }
            }
        }
    }

    fn client(&self) -> Result<RefMut<'_, Client>, StoreError> {
        self.client.try_borrow_mut().map_err(|_| {
            StoreError::Type("a query was started while another one was still streaming".into())
        })
    }

    fn statement(&self, client: &mut Client, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.prepared.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = client.prepare(&to_dollar(sql))?;
        let mut cache = self.prepared.borrow_mut();
        if cache.len() >= MAX_PREPARED {
            cache.clear();
        }
        cache.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    pub fn execute(&self, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
        let mut client = self.client()?;
        let stmt = self.statement(&mut client, sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|v| v as _).collect();
        Ok(client.execute(&stmt, &params)?)
    }

    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        Ok(self.client()?.batch_execute(sql)?)
    }

    pub fn each(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let mut client = self.client()?;
        let stmt = self.statement(&mut client, sql)?;
        let mut rows = client.query_raw(&stmt, args.iter().map(|v| v as &dyn ToSql))?;
        let mut seen = 0;
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(row.len());
            for i in 0..row.len() {
                values.push(row.try_get::<_, Value>(i)?);
            }
            seen += 1;
            f(Row(values))?;
        }
        Ok(seen)
    }
}

/// The URL with its password replaced by `***`, for messages.
pub(crate) fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (auth, host) = match rest.rsplit_once('@') {
        Some(parts) => parts,
        None => return url.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redacted("postgres://dyad:s3cret@db:5432/events"),
            "postgres://dyad:***@db:5432/events"
        );
        assert_eq!(
            redacted("postgres://dyad@db/events"),
            "postgres://dyad@db/events"
        );
        assert_eq!(redacted("postgresql:///events"), "postgresql:///events");
    }

    #[test]
    fn a_server_that_is_not_there_is_reported_after_the_retries() {
        let retry = ConnectRetry {
            attempts: 2,
            first_wait: Duration::from_millis(10),
            max_wait: Duration::from_millis(10),
        };
        // Port 1 on loopback: refused at once.
        let Err(e) = PgConn::connect("postgres://u:pw@127.0.0.1:1/db", retry) else {
            panic!("connected to nothing");
        };
        let msg = e.to_string();
        assert!(msg.contains("postgres://u:***@127.0.0.1:1/db"), "{msg}");
        assert!(msg.contains("2 attempts"), "{msg}");
        assert!(!msg.contains("pw"), "{msg}");
    }
}
