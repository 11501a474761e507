//! Aggregates over merged events for the HTTP API and the web UI: time series for a country or a
//! directed dyad, and the actor network of a filter. Every query is built from fixed SQL
//! fragments and [`EventFilter::conditions`]; values are always bound parameters.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::db::{args, Dialect, Value};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::filter::{chars, where_clause, EventFilter};
use crate::read::fts_error;
use crate::store::Store;
use crate::StoreError;

/// The width of a series bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    /// ISO weeks, labelled by their Monday.
    Week,
    #[default]
    Month,
}

impl Interval {
    /// Parses `day`, `week` or `month`.
    pub fn parse(s: &str) -> Option<Interval> {
        match s {
            "day" => Some(Interval::Day),
            "week" => Some(Interval::Week),
            "month" => Some(Interval::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }

    /// The SQL expression of an event's bucket label (`YYYY-MM-DD`, the bucket's first day).
    fn bucket_sql(self, dialect: Dialect) -> &'static str {
        match (self, dialect) {
            (Interval::Day, _) => "substr(e.date_start, 1, 10)",
            // The Monday on or before the date.
            (Interval::Week, Dialect::Sqlite) => {
                "date(substr(e.date_start, 1, 10), '-6 days', 'weekday 1')"
            }
            (Interval::Week, Dialect::Postgres) => {
                "to_char(date_trunc('week', CAST(substr(e.date_start, 1, 10) AS date)), \
                 'YYYY-MM-DD')"
            }
            (Interval::Month, _) => "substr(e.date_start, 1, 7) || '-01'",
        }
    }

    /// Events dated less precisely than a bucket (`2025` in a daily series) fall in none: the
    /// shortest date (`YYYY-MM-DD` or `YYYY-MM`) a bucket can hold.
    fn min_date_len(self) -> i64 {
        match self {
            Interval::Day | Interval::Week => 10,
            Interval::Month => 7,
        }
    }

    fn next(self, d: NaiveDate) -> Option<NaiveDate> {
        match self {
            Interval::Day => d.checked_add_signed(Duration::days(1)),
            Interval::Week => d.checked_add_signed(Duration::days(7)),
            Interval::Month => {
                let (y, m) = if d.month() == 12 {
                    (d.year() + 1, 1)
                } else {
                    (d.year(), d.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
            }
        }
    }
}

/// Whose events a series counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SeriesSubject {
    /// Every event that matches the filter.
    #[default]
    All,
    /// Events with an actor of this country (ISO alpha-3, or an actor code prefix) on either
    /// side, or located in it.
    Country(String),
    /// A directed dyad: the source side matches `source` and the target side matches `target`
    /// (actor code prefixes or ISO alpha-3 countries). Either side may be left open.
    Dyad {
        source: Option<String>,
        target: Option<String>,
    },
}

/// A time-series request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SeriesQuery {
    pub subject: SeriesSubject,
    pub interval: Interval,
    /// Conditions that apply to the subject's events and to the totals they are a share of
    /// (dates, codes, modality...). Its cursor and limit are ignored.
    pub filter: EventFilter,
}

/// One bucket of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    /// The bucket's first day, `YYYY-MM-DD`.
    pub bucket: String,
    /// Merged events of the subject in the bucket.
    pub events: u64,
    /// Mentions of those events.
    pub mentions: u64,
    pub goldstein_sum: f64,
    /// `None` when the bucket has no events.
    pub goldstein_mean: Option<f64>,
    /// Events matching the filter in the bucket, whoever the actors (the denominator of `share`).
    pub total_events: u64,
    /// `events / total_events`, 0 when the bucket has no events at all.
    pub share: f64,
}

/// An actor in a network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkNode {
    /// CAMEO actor code (`USAGOV`).
    pub code: String,
    pub country: Option<String>,
    /// Events the actor takes part in, on either side.
    pub events: u64,
    pub as_source: u64,
    pub as_target: u64,
}

/// A directed, weighted edge source → target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkEdge {
    pub source: String,
    pub target: String,
    pub events: u64,
    pub goldstein_mean: f64,
}

/// The actors of the events that match a filter and who acted on whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    /// The most active actors, most active first.
    pub nodes: Vec<NetworkNode>,
    /// Edges between the returned nodes, heaviest first.
    pub edges: Vec<NetworkEdge>,
    /// Distinct actors before the node cap was applied.
    pub total_actors: u64,
}

/// Where events happened: one point per distinct place and coordinates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacePoint {
    pub place: Option<String>,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub events: u64,
}

/// Gap filling stops beyond this many buckets (a daily series over decades): the buckets that
/// have events are still returned.
const MAX_FILLED_BUCKETS: usize = 20_000;

/// An aggregate never pages: drop the cursor and the limit.
fn aggregate_filter(filter: &EventFilter) -> EventFilter {
    EventFilter {
        after: None,
        limit: None,
        ..filter.clone()
    }
}

/// An actor side condition: the code starts with `who`, or the actor's country is `who`.
const SIDE_SQL: &str = "EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id \
     AND a.role = ? AND (substr(a.code, 1, ?) = ? OR a.country = ?))";

fn side(role: &str, who: &str, conds: &mut Vec<String>, params: &mut Vec<Value>) {
    let who = who.to_ascii_uppercase();
    conds.push(SIDE_SQL.to_string());
    params.extend(args![role, chars(&who), who, who]);
}

impl Store {
    /// Checks that `query` is a valid FTS5 query (`tanker AND seized`, `"oil tanker"`,
    /// `venez*`) before it is used in a filter: a malformed one (`"unbalanced`, `AND`) is
    /// [`StoreError::BadQuery`] whether or not any article would be searched.
    pub fn check_text_query(&self, query: &str) -> Result<(), StoreError> {
        let sql = match self.db.dialect() {
            Dialect::Sqlite => {
                "SELECT count(*) FROM (SELECT rowid FROM articles_fts \
                 WHERE articles_fts MATCH ? LIMIT 1)"
            }
            // Web-search syntax accepts any text.
            Dialect::Postgres => "SELECT count(*) FROM websearch_to_tsquery('english', ?)",
        };
        self.db
            .value(sql, &args![query])
            .map(|_| ())
            .map_err(fts_error)
    }

    fn check_filter(&self, filter: &EventFilter) -> Result<(), StoreError> {
        match &filter.text {
            Some(q) => self.check_text_query(q),
            None => Ok(()),
        }
    }

    /// Events per bucket for a country or a dyad, with mentions, Goldstein sum and mean and the
    /// share of all matching events. Buckets run from the first to the last bucket that has any
    /// matching event (whoever the actors), gaps filled with zeros; undated events, and events
    /// dated less precisely than the interval (a year in a monthly series), are left out.
    pub fn series(&self, query: &SeriesQuery) -> Result<Vec<SeriesPoint>, StoreError> {
        self.check_filter(&query.filter)?;
        let base = aggregate_filter(&query.filter);
        let dialect = self.db.dialect();
        let bucket = query.interval.bucket_sql(dialect);

        // Denominator: every matching event per bucket.
        let (mut conds, mut params) = base.conditions(dialect);
        conds.push("e.date_start IS NOT NULL AND length(e.date) >= ?".to_string());
        params.push(Value::Integer(query.interval.min_date_len()));
        let sql = format!(
            "SELECT {bucket} AS b, count(*) FROM events e{} GROUP BY b ORDER BY b",
            where_clause(&conds)
        );
        let mut totals: BTreeMap<String, u64> = BTreeMap::new();
        self.db
            .each(&sql, &params, &mut |row| {
                if let Some(b) = row.opt_text(0)? {
                    totals.insert(b, row.count(1)?);
                }
                Ok(())
            })
            .map_err(fts_error)?;

        // Numerator: the subject's events per bucket.
        let (mut conds, mut params) = base.conditions(dialect);
        conds.push("e.date_start IS NOT NULL AND length(e.date) >= ?".to_string());
        params.push(Value::Integer(query.interval.min_date_len()));
        match &query.subject {
            SeriesSubject::All => {}
            SeriesSubject::Country(c) => {
                let c = c.to_ascii_uppercase();
                conds.push(
                    "(e.place_country = ? OR EXISTS (SELECT 1 FROM event_actors a \
                     WHERE a.event_id = e.id AND (a.country = ? OR substr(a.code, 1, ?) = ?)))"
                        .to_string(),
                );
                params.extend(args![c, c, chars(&c), c]);
            }
            SeriesSubject::Dyad { source, target } => {
                if let Some(s) = source {
                    side("source", s, &mut conds, &mut params);
                }
                if let Some(t) = target {
                    side("target", t, &mut conds, &mut params);
                }
            }
        }
        let sql = format!(
            "SELECT {bucket} AS b, count(*), coalesce(sum(e.num_mentions), 0), \
             coalesce(sum(e.goldstein), 0.0) FROM events e{} GROUP BY b ORDER BY b",
            where_clause(&conds)
        );
        let mut subject: HashMap<String, (u64, u64, f64)> = HashMap::new();
        self.db
            .each(&sql, &params, &mut |row| {
                if let Some(b) = row.opt_text(0)? {
                    subject.insert(b, (row.count(1)?, row.count(2)?, row.real(3)?));
                }
                Ok(())
            })
            .map_err(fts_error)?;

        let labels = fill_buckets(query.interval, &totals);
        Ok(labels
            .into_iter()
            .map(|b| {
                let total = totals.get(&b).copied().unwrap_or(0);
                let (events, mentions, goldstein_sum) =
                    subject.get(&b).copied().unwrap_or((0, 0, 0.0));
                SeriesPoint {
                    goldstein_mean: (events > 0).then(|| goldstein_sum / events as f64),
                    share: if total > 0 {
                        events as f64 / total as f64
                    } else {
                        0.0
                    },
                    bucket: b,
                    events,
                    mentions,
                    goldstein_sum,
                    total_events: total,
                }
            })
            .collect())
    }

    /// The actor network of the events that match `filter`: the `max_nodes` most active actor
    /// codes and the directed edges source → target between them, weighted by events and mean
    /// Goldstein value.
    pub fn network(&self, filter: &EventFilter, max_nodes: usize) -> Result<Network, StoreError> {
        self.check_filter(filter)?;
        let base = aggregate_filter(filter);
        let dialect = self.db.dialect();
        let (conds, params) = base.conditions(dialect);
        let sql = format!(
            "SELECT a.code, max(a.country), count(DISTINCT e.id), \
             count(DISTINCT CASE WHEN a.role = 'source' THEN e.id END), \
             count(DISTINCT CASE WHEN a.role = 'target' THEN e.id END) \
             FROM events e JOIN event_actors a ON a.event_id = e.id{} \
             GROUP BY a.code ORDER BY 3 DESC, a.code",
            where_clause(&conds)
        );
        let mut nodes = Vec::new();
        let total_actors = self
            .db
            .each(&sql, &params, &mut |row| {
                if nodes.len() < max_nodes {
                    nodes.push(NetworkNode {
                        code: row.text(0)?,
                        country: row.opt_text(1)?,
                        events: row.count(2)?,
                        as_source: row.count(3)?,
                        as_target: row.count(4)?,
                    });
                }
                Ok(())
            })
            .map_err(fts_error)?;
        let kept: HashSet<&str> = nodes.iter().map(|n| n.code.as_str()).collect();

        let sql = format!(
            "SELECT s.code, t.code, count(DISTINCT e.id), avg(e.goldstein) \
             FROM events e \
             JOIN event_actors s ON s.event_id = e.id AND s.role = 'source' \
             JOIN event_actors t ON t.event_id = e.id AND t.role = 'target'{} \
             GROUP BY s.code, t.code ORDER BY 3 DESC, s.code, t.code",
            where_clause(&conds)
        );
        let mut edges = Vec::new();
        self.db
            .each(&sql, &params, &mut |row| {
                let source = row.text(0)?;
                let target = row.text(1)?;
                let kept_pair = kept.contains(source.as_str()) && kept.contains(target.as_str());
                if source != target && kept_pair {
                    edges.push(NetworkEdge {
                        source,
                        target,
                        events: row.count(2)?,
                        goldstein_mean: row.opt_real(3)?.unwrap_or(0.0),
                    });
                }
                Ok(())
            })
            .map_err(fts_error)?;
        Ok(Network {
            nodes,
            edges,
            total_actors,
        })
    }
}

impl Store {
    /// The located events that match `filter`, grouped by place and coordinates (rounded to
    /// 0.01 degree), the `max_points` places with most events first.
    pub fn places(
        &self,
        filter: &EventFilter,
        max_points: usize,
    ) -> Result<Vec<PlacePoint>, StoreError> {
        self.check_filter(filter)?;
        let base = aggregate_filter(filter);
        let dialect = self.db.dialect();
        let (mut conds, mut params) = base.conditions(dialect);
        conds.push("e.lat IS NOT NULL AND e.lon IS NOT NULL".to_string());
        let sql = format!(
            "SELECT e.place, e.place_country, round(e.lat * 100) / 100 AS la, \
             round(e.lon * 100) / 100 AS lo, \
             count(*) FROM events e{} GROUP BY e.place, e.place_country, la, lo \
             ORDER BY 5 DESC, e.place, la, lo LIMIT ?",
            where_clause(&conds)
        );
        params.push(Value::Integer(max_points.min(i64::MAX as usize) as i64));
        self.db
            .rows(&sql, &params, |row| {
                Ok(PlacePoint {
                    place: row.opt_text(0)?,
                    country: row.opt_text(1)?,
                    lat: row.real(2)?,
                    lon: row.real(3)?,
                    events: row.count(4)?,
                })
            })
            .map_err(fts_error)
    }
}

/// Every bucket from the first to the last label in `present`, or just `present`'s labels when
/// they do not parse or the range is too long to fill.
fn fill_buckets(interval: Interval, present: &BTreeMap<String, u64>) -> Vec<String> {
    let given: Vec<String> = present.keys().cloned().collect();
    let parse = |s: &String| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(first), Some(last)) = (given.first().and_then(parse), given.last().and_then(parse))
    else {
        return given;
    };
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        if out.len() >= MAX_FILLED_BUCKETS {
            return given;
        }
        out.push(d.format("%Y-%m-%d").to_string());
        match interval.next(d) {
            Some(n) => d = n,
            None => break,
        }
    }
    // A label the fill missed (a malformed stored date) is still reported.
    if given.iter().any(|g| out.binary_search(g).is_err()) {
        return given;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store with hand-made merged events (the v4 tables), independent of the coder.
    /// (id, date, root, goldstein, [(role, actor code)]).
    type Row<'a> = (i64, &'a str, &'a str, f64, &'a [(&'a str, &'a str)]);

    /// A store of each backend under test (SQLite in memory; PostgreSQL when `DYAD_TEST_PG`
    /// names a server), with its scratch database kept alive beside it.
    struct TestStore {
        store: Store,
        _scratch: Option<crate::scratch::ScratchDatabase>,
    }

    impl std::ops::Deref for TestStore {
        type Target = Store;
        fn deref(&self) -> &Store {
            &self.store
        }
    }

    fn store_with(events: &[Row]) -> Vec<TestStore> {
        let mut out = vec![TestStore {
            store: Store::open_in_memory().unwrap(),
            _scratch: None,
        }];
        if let Some(pg) = crate::scratch::ScratchDatabase::from_env("analytics").unwrap() {
            let location = crate::StoreLocation::Postgres(pg.url.clone());
            out.push(TestStore {
                store: Store::open_at(&location).unwrap(),
                _scratch: Some(pg),
            });
        }
        for store in &out {
            fill(store, events);
        }
        out
    }

    fn fill(store: &Store, events: &[Row]) {
        for (id, date, root, goldstein, actors) in events {
            store
                .db
                .execute(
                    "INSERT INTO events (id, lead_mention, cameo, root, quad, goldstein, date, \
                     date_start, modality, background, first_seen, last_seen, num_mentions, \
                     num_articles, num_sources) \
                     VALUES (?, 0, ?, ?, 4, ?, ?, ?, 'asserted', 0, '2025-12-11 00:00:00', \
                     '2025-12-11 00:00:00', 2, 1, 1)",
                    &args![id, format!("{root}1"), root, goldstein, date, date],
                )
                .unwrap();
            for (role, code) in actors.iter() {
                store
                    .db
                    .execute(
                        "INSERT INTO event_actors (event_id, role, code, country) VALUES (?, ?, ?, ?)",
                        &args![id, role, code, &code[..3]],
                    )
                    .unwrap();
            }
        }
    }

    const SAMPLE: &[Row] = &[
        (
            1,
            "2025-12-10",
            "17",
            -5.0,
            &[("source", "USAMIL"), ("target", "VENGOV")],
        ),
        (
            2,
            "2025-12-10",
            "11",
            -2.0,
            &[("source", "USAGOV"), ("target", "VENGOV")],
        ),
        (
            3,
            "2025-12-11",
            "04",
            1.0,
            &[("source", "RUSGOV"), ("target", "VENGOV")],
        ),
        (
            4,
            "2025-12-13",
            "17",
            -4.0,
            &[("source", "VENGOV"), ("target", "USAGOV")],
        ),
        (
            5,
            "2026-01-02",
            "04",
            3.0,
            &[("source", "RUSGOV"), ("target", "CHNGOV")],
        ),
    ];

    fn sample() -> Vec<TestStore> {
        store_with(SAMPLE)
    }

    #[test]
    fn dyad_series_by_day_fills_gaps_and_computes_shares() {
        for store in sample() {
            let q = SeriesQuery {
                subject: SeriesSubject::Dyad {
                    source: Some("USA".into()),
                    target: Some("VEN".into()),
                },
                interval: Interval::Day,
                filter: EventFilter {
                    to: NaiveDate::from_ymd_opt(2025, 12, 31),
                    ..Default::default()
                },
            };
            let s = store.series(&q).unwrap();
            let buckets: Vec<&str> = s.iter().map(|p| p.bucket.as_str()).collect();
            assert_eq!(
                buckets,
                ["2025-12-10", "2025-12-11", "2025-12-12", "2025-12-13"]
            );
            assert_eq!(s[0].events, 2);
            assert_eq!(s[0].mentions, 4);
            assert_eq!(s[0].goldstein_sum, -7.0);
            assert_eq!(s[0].goldstein_mean, Some(-3.5));
            assert_eq!(s[0].total_events, 2);
            assert_eq!(s[0].share, 1.0);
            assert_eq!((s[1].events, s[1].total_events, s[1].share), (0, 1, 0.0));
            assert_eq!(s[1].goldstein_mean, None);
            assert_eq!((s[2].events, s[2].total_events), (0, 0));
            // VEN → USA is the other direction: not counted.
            assert_eq!(s[3].events, 0);
        }
    }

    #[test]
    fn country_series_by_month_and_week() {
        for store in sample() {
            let q = SeriesQuery {
                subject: SeriesSubject::Country("ven".into()),
                interval: Interval::Month,
                filter: EventFilter::default(),
            };
            let s = store.series(&q).unwrap();
            assert_eq!(s.len(), 2);
            assert_eq!(
                (s[0].bucket.as_str(), s[0].events, s[0].total_events),
                ("2025-12-01", 4, 4)
            );
            assert_eq!(
                (s[1].bucket.as_str(), s[1].events, s[1].total_events),
                ("2026-01-01", 0, 1)
            );

            let q = SeriesQuery {
                interval: Interval::Week,
                ..q
            };
            let s = store.series(&q).unwrap();
            // 2025-12-10 (Wed) and 2025-12-13 (Sat) are in the week of Monday 2025-12-08;
            // 2026-01-02 (Fri) in the week of Monday 2025-12-29.
            assert_eq!(s.first().unwrap().bucket, "2025-12-08");
            assert_eq!(s.first().unwrap().events, 4);
            assert_eq!(s.last().unwrap().bucket, "2025-12-29");
            assert_eq!(s.len(), 4);
        }
    }

    #[test]
    fn events_dated_less_precisely_than_the_interval_are_left_out() {
        let stores = store_with(&[
            (
                1,
                "2025-12-10",
                "17",
                -5.0,
                &[("source", "USAMIL"), ("target", "VENGOV")],
            ),
            (
                2,
                "2025",
                "05",
                3.0,
                &[("source", "RUSGOV"), ("target", "VENGOV")],
            ),
            (
                3,
                "2025-11",
                "05",
                3.0,
                &[("source", "RUSGOV"), ("target", "VENGOV")],
            ),
        ]);
        for store in stores {
            let series = |interval| {
                store
                    .series(&SeriesQuery {
                        interval,
                        ..Default::default()
                    })
                    .unwrap()
            };
            let day = series(Interval::Day);
            assert_eq!(day.len(), 1, "no 2025-01-01 or 2025-11-01 bucket");
            assert_eq!(day[0].bucket, "2025-12-10");
            let month = series(Interval::Month);
            let buckets: Vec<(&str, u64)> = month
                .iter()
                .map(|p| (p.bucket.as_str(), p.events))
                .collect();
            assert_eq!(buckets, [("2025-11-01", 1), ("2025-12-01", 1)]);
        }
    }

    #[test]
    fn series_filter_restricts_numerator_and_denominator() {
        for store in sample() {
            let q = SeriesQuery {
                subject: SeriesSubject::Country("USA".into()),
                interval: Interval::Month,
                filter: EventFilter {
                    root: Some("17".into()),
                    ..Default::default()
                },
            };
            let s = store.series(&q).unwrap();
            assert_eq!(s.len(), 1);
            assert_eq!((s[0].events, s[0].total_events), (2, 2));
        }
    }

    #[test]
    fn network_counts_nodes_and_weighted_edges() {
        for store in sample() {
            let n = store.network(&EventFilter::default(), 10).unwrap();
            assert_eq!(n.total_actors, 5);
            assert_eq!(n.nodes[0].code, "VENGOV");
            assert_eq!(n.nodes[0].events, 4);
            assert_eq!((n.nodes[0].as_source, n.nodes[0].as_target), (1, 3));
            let rus_ven = n
                .edges
                .iter()
                .find(|e| e.source == "RUSGOV" && e.target == "VENGOV")
                .unwrap();
            assert_eq!((rus_ven.events, rus_ven.goldstein_mean), (1, 1.0));

            // Capped at two nodes: only edges between VENGOV and the next most active actor remain.
            let n = store.network(&EventFilter::default(), 2).unwrap();
            assert_eq!(n.nodes.len(), 2);
            let kept: Vec<&str> = n.nodes.iter().map(|x| x.code.as_str()).collect();
            assert!(n
                .edges
                .iter()
                .all(|e| kept.contains(&e.source.as_str()) && kept.contains(&e.target.as_str())));

            // A filter applies: only root 17.
            let f = EventFilter {
                root: Some("17".into()),
                ..Default::default()
            };
            let n = store.network(&f, 10).unwrap();
            let mut codes: Vec<&str> = n.nodes.iter().map(|x| x.code.as_str()).collect();
            codes.sort();
            assert_eq!(codes, ["USAGOV", "USAMIL", "VENGOV"]);
            assert_eq!(n.edges.len(), 2);
        }
    }

    #[test]
    fn places_group_located_events() {
        for store in sample() {
            store
                .db
                .execute(
                    "UPDATE events SET place = 'Caribbean Sea', lat = 15.0, lon = -73.0 WHERE id IN (1, 4)",
                    &[],
                )
                .unwrap();
            store
                .db
                .execute(
                    "UPDATE events SET place = 'Moscow', place_country = 'RUS', lat = 55.75, lon = 37.62 WHERE id = 3",
                    &[],
                )
                .unwrap();
            let p = store.places(&EventFilter::default(), 10).unwrap();
            assert_eq!(p.len(), 2);
            assert_eq!(
                (p[0].place.as_deref(), p[0].events),
                (Some("Caribbean Sea"), 2)
            );
            assert_eq!(
                (p[1].lat, p[1].lon, p[1].country.as_deref()),
                (55.75, 37.62, Some("RUS"))
            );
            let f = EventFilter {
                root: Some("04".into()),
                ..Default::default()
            };
            let p = store.places(&f, 10).unwrap();
            assert_eq!(p.len(), 1);
            assert_eq!(store.places(&EventFilter::default(), 1).unwrap().len(), 1);
        }
    }

    #[test]
    fn malformed_text_queries_are_bad_queries() {
        let store = Store::open_in_memory().unwrap();
        fill(&store, SAMPLE);
        // The text condition is only evaluated for an event with a mention in a stored article.
        store
            .db
            .batch(
                "INSERT INTO articles (key, id, title, authors, body, format, origin, ingested_at) \
                 VALUES ('k1', 'a1', 'Tanker', '[]', 'The U.S. seized a tanker.', 'text', 'test', \
                 '2025-12-11 00:00:00'); \
                 INSERT INTO mentions (id, article_key, doc, sentence, cameo, root, quad, goldstein, \
                 modality, background, confidence, record, event_id) \
                 VALUES ('m1', 'k1', 'a1', 0, '1711', '17', 4, -9.2, 'asserted', 0, 1.0, '{}', 1);",
            )
            .unwrap();
        let ok = EventFilter {
            text: Some("tanker".into()),
            ..Default::default()
        };
        assert_eq!(store.network(&ok, 5).unwrap().nodes.len(), 2);
        let f = EventFilter {
            text: Some("\"unbalanced".into()),
            ..Default::default()
        };
        let r = store.network(&f, 5);
        assert!(matches!(r, Err(StoreError::BadQuery(_))), "{r:?}");
        assert!(matches!(store.places(&f, 5), Err(StoreError::BadQuery(_))));
        let q = SeriesQuery {
            filter: f,
            ..Default::default()
        };
        assert!(matches!(store.series(&q), Err(StoreError::BadQuery(_))));
        // Checked even where no article exists to search.
        let empty = Store::open_in_memory().unwrap();
        for bad in ["\"unbalanced", "AND", "tanker NEAR(", "nosuchcolumn: x"] {
            let r = empty.check_text_query(bad);
            assert!(matches!(r, Err(StoreError::BadQuery(_))), "{bad}: {r:?}");
        }
        for good in [
            "tanker",
            "\"oil tanker\"",
            "venez*",
            "tanker AND seized",
            "title: putin",
        ] {
            assert!(empty.check_text_query(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn hostile_actor_values_are_bound_not_spliced() {
        for store in sample() {
            let q = SeriesQuery {
                subject: SeriesSubject::Dyad {
                    source: Some("x') OR 1=1; DROP TABLE events;--".into()),
                    target: None,
                },
                interval: Interval::Day,
                filter: EventFilter::default(),
            };
            let s = store.series(&q).unwrap();
            assert!(s.iter().all(|p| p.events == 0));
            assert_eq!(
                store
                    .network(&EventFilter::default(), 10)
                    .unwrap()
                    .nodes
                    .len(),
                5
            );
        }
    }
}
