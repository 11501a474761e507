//! Numbered schema migrations, SQLite's and PostgreSQL's. Never edit a released migration: add
//! the next one, to both lists.
//!
//! One schema, two dialects: PostgreSQL's first migration creates at once the tables that
//! SQLite's four built step by step, with the same names, columns and meanings (INTEGER is
//! `BIGINT`, REAL `DOUBLE PRECISION`, BLOB `BYTEA`); a test compares the two column by column.
//! Each dialect adds only what it needs for itself: SQLite its FTS5 index, PostgreSQL an
//! explicit `rowid` (SQLite has one implicitly), a `tsvector` column for search and the work
//! queue of `dyad worker`.

/// Migration `i` moves the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // v1: articles, events, event actors.
    "CREATE TABLE articles (
        key TEXT PRIMARY KEY,
        id TEXT NOT NULL,
        url TEXT,
        title TEXT,
        authors TEXT NOT NULL,
        published TEXT,
        source TEXT,
        body TEXT NOT NULL,
        format TEXT NOT NULL,
        origin TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_by_id ON articles(id);
    CREATE TABLE events (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
        doc TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        cameo TEXT NOT NULL,
        root TEXT NOT NULL,
        quad INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        plover TEXT,
        date TEXT,
        date_start TEXT,
        modality TEXT NOT NULL,
        background INTEGER NOT NULL,
        confidence REAL NOT NULL,
        record TEXT NOT NULL,
        UNIQUE (article_key, id)
    );
    CREATE INDEX events_by_id ON events(id);
    CREATE INDEX events_by_article ON events(article_key);
    CREATE INDEX events_by_date ON events(date_start);
    CREATE INDEX events_by_root ON events(root);
    CREATE TABLE event_actors (
        event_pk INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
        role TEXT NOT NULL,
        code TEXT NOT NULL,
        country TEXT
    );
    CREATE INDEX event_actors_by_code ON event_actors(code);
    CREATE INDEX event_actors_by_event ON event_actors(event_pk);",
    // v2: language, canonical URL and copies of articles (duplicates); feed-watching state.
    "ALTER TABLE articles ADD COLUMN language TEXT;
    ALTER TABLE articles ADD COLUMN canonical_url TEXT;
    ALTER TABLE articles ADD COLUMN fingerprint BLOB;
    ALTER TABLE articles ADD COLUMN duplicate_of TEXT;
    ALTER TABLE articles ADD COLUMN coded INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX articles_by_canonical ON articles(canonical_url);
    CREATE INDEX articles_by_duplicate ON articles(duplicate_of);
    CREATE TABLE article_bands (
        band INTEGER NOT NULL,
        value INTEGER NOT NULL,
        key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE
    );
    CREATE INDEX article_bands_by_value ON article_bands(band, value);
    CREATE INDEX article_bands_by_key ON article_bands(key);
    CREATE TABLE watch_feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        last_polled TEXT,
        next_poll TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE TABLE watch_items (
        key TEXT PRIMARY KEY,
        feed_url TEXT NOT NULL,
        link TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX watch_items_by_status ON watch_items(status);",
    // v3: the watcher keeps each item as the feed gave it (JSON), so a pending item can still be
    // coded from the feed's text after a restart, and the id of the article it was stored as.
    "ALTER TABLE watch_items ADD COLUMN item TEXT;
    ALTER TABLE watch_items ADD COLUMN article_id TEXT;
    CREATE INDEX watch_items_by_feed ON watch_items(feed_url);",
    // v4: the dataset. What v1-v3 called events are mentions (one coded occurrence in one
    // sentence); a new `events` table holds real-world events merged from mentions, with their
    // counts; article tone; full-text search over articles (FTS5, through a stable integer id).
    "DROP INDEX events_by_id;
    DROP INDEX events_by_article;
    DROP INDEX events_by_date;
    DROP INDEX events_by_root;
    DROP INDEX event_actors_by_code;
    DROP INDEX event_actors_by_event;
    ALTER TABLE events RENAME TO mentions;
    ALTER TABLE event_actors RENAME TO mention_actors;
    ALTER TABLE mention_actors RENAME COLUMN event_pk TO mention_pk;
    ALTER TABLE mentions ADD COLUMN event_id INTEGER;
    ALTER TABLE mentions ADD COLUMN merge TEXT;
    ALTER TABLE mentions ADD COLUMN sentence_start INTEGER;
    CREATE INDEX mentions_by_id ON mentions(id);
    CREATE INDEX mentions_by_article ON mentions(article_key);
    CREATE INDEX mentions_by_date ON mentions(date_start);
    CREATE INDEX mentions_by_event ON mentions(event_id);
    CREATE INDEX mention_actors_by_code ON mention_actors(code);
    CREATE INDEX mention_actors_by_mention ON mention_actors(mention_pk);
    ALTER TABLE articles ADD COLUMN tone REAL;
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        lead_mention INTEGER NOT NULL,
        cameo TEXT NOT NULL,
        root TEXT NOT NULL,
        quad INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        plover TEXT,
        date TEXT,
        date_start TEXT,
        modality TEXT NOT NULL,
        background INTEGER NOT NULL,
        place TEXT,
        place_country TEXT,
        lat REAL,
        lon REAL,
        killed INTEGER,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        num_mentions INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        avg_tone REAL
    );
    CREATE INDEX events_by_date ON events(date_start);
    CREATE INDEX events_by_root ON events(root, date_start);
    CREATE INDEX events_by_first_seen ON events(first_seen);
    CREATE TABLE event_actors (
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        code TEXT NOT NULL,
        country TEXT,
        UNIQUE (event_id, role, code)
    );
    CREATE INDEX event_actors_by_code ON event_actors(code);
    CREATE INDEX event_actors_by_country ON event_actors(country);
    CREATE TABLE article_search (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE
    );
    CREATE VIEW article_docs AS
        SELECT s.id AS id, a.title AS title, a.body AS body
        FROM article_search s JOIN articles a ON a.key = s.key;
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content = 'article_docs', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_search (key) VALUES (new.key);
        INSERT INTO articles_fts (rowid, title, body)
            VALUES (last_insert_rowid(), new.title, new.body);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, body)
            SELECT 'delete', s.id, old.title, old.body FROM article_search s WHERE s.key = old.key;
        DELETE FROM article_search WHERE key = old.key;
    END;
    INSERT INTO article_search (key) SELECT key FROM articles ORDER BY rowid;
    INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');",
];

/// The SQLite version PostgreSQL's first migration catches up with: both backends number their
/// schemas alike, so one version number names one schema.
pub const PG_BASE_VERSION: i64 = 3;

/// PostgreSQL migration `i` moves its schema to version `PG_BASE_VERSION + i + 1` (kept in
/// `dyad_schema`); a new migration is added here and to [`MIGRATIONS`] together.
pub const PG_MIGRATIONS: &[&str] = &[
    // v4: the dataset as of SQLite v4, plus full-text search and the work queue.
    "CREATE TABLE articles (
        rowid BIGSERIAL UNIQUE,
        key TEXT PRIMARY KEY,
        id TEXT NOT NULL,
        url TEXT,
        title TEXT,
        authors TEXT NOT NULL,
        published TEXT,
        source TEXT,
        body TEXT NOT NULL,
        format TEXT NOT NULL,
        origin TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        language TEXT,
        canonical_url TEXT,
        fingerprint BYTEA,
        duplicate_of TEXT,
        coded BIGINT NOT NULL DEFAULT 1,
        tone DOUBLE PRECISION,
        search tsvector GENERATED ALWAYS AS (to_tsvector('english',
            left(coalesce(title, '') || ' ' || body, 200000))) STORED
    );
    CREATE INDEX articles_by_id ON articles(id);
    CREATE INDEX articles_by_canonical ON articles(canonical_url);
    CREATE INDEX articles_by_duplicate ON articles(duplicate_of);
    CREATE INDEX articles_search ON articles USING gin(search);
    CREATE TABLE article_bands (
        band BIGINT NOT NULL,
        value BIGINT NOT NULL,
        key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE
    );
    CREATE INDEX article_bands_by_value ON article_bands(band, value);
    CREATE INDEX article_bands_by_key ON article_bands(key);
    CREATE TABLE mentions (
        pk BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL,
        article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
        doc TEXT NOT NULL,
        sentence BIGINT NOT NULL,
        cameo TEXT NOT NULL,
        root TEXT NOT NULL,
        quad BIGINT NOT NULL,
        goldstein DOUBLE PRECISION NOT NULL,
        plover TEXT,
        date TEXT,
        date_start TEXT,
        modality TEXT NOT NULL,
        background BIGINT NOT NULL,
        confidence DOUBLE PRECISION NOT NULL,
        record TEXT NOT NULL,
        event_id BIGINT,
        merge TEXT,
        sentence_start BIGINT,
        UNIQUE (article_key, id)
    );
    CREATE INDEX mentions_by_id ON mentions(id);
    CREATE INDEX mentions_by_article ON mentions(article_key);
    CREATE INDEX mentions_by_date ON mentions(date_start);
    CREATE INDEX mentions_by_event ON mentions(event_id);
    CREATE TABLE mention_actors (
        mention_pk BIGINT NOT NULL REFERENCES mentions(pk) ON DELETE CASCADE,
        role TEXT NOT NULL,
        code TEXT NOT NULL,
        country TEXT
    );
    CREATE INDEX mention_actors_by_code ON mention_actors(code);
    CREATE INDEX mention_actors_by_mention ON mention_actors(mention_pk);
    CREATE TABLE events (
        id BIGSERIAL PRIMARY KEY,
        lead_mention BIGINT NOT NULL,
        cameo TEXT NOT NULL,
        root TEXT NOT NULL,
        quad BIGINT NOT NULL,
        goldstein DOUBLE PRECISION NOT NULL,
        plover TEXT,
        date TEXT,
        date_start TEXT,
        modality TEXT NOT NULL,
        background BIGINT NOT NULL,
        place TEXT,
        place_country TEXT,
        lat DOUBLE PRECISION,
        lon DOUBLE PRECISION,
        killed BIGINT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        num_mentions BIGINT NOT NULL,
        num_articles BIGINT NOT NULL,
        num_sources BIGINT NOT NULL,
        avg_tone DOUBLE PRECISION
    );
    CREATE INDEX events_by_date ON events(date_start);
    CREATE INDEX events_by_root ON events(root, date_start);
    CREATE INDEX events_by_first_seen ON events(first_seen);
    CREATE TABLE event_actors (
        event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        code TEXT NOT NULL,
        country TEXT,
        UNIQUE (event_id, role, code)
    );
    CREATE INDEX event_actors_by_code ON event_actors(code);
    CREATE INDEX event_actors_by_country ON event_actors(country);
    CREATE TABLE watch_feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        last_polled TEXT,
        next_poll TEXT,
        failures BIGINT NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE TABLE watch_items (
        rowid BIGSERIAL UNIQUE,
        key TEXT PRIMARY KEY,
        feed_url TEXT NOT NULL,
        link TEXT,
        status TEXT NOT NULL,
        attempts BIGINT NOT NULL DEFAULT 0,
        last_error TEXT,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        item TEXT,
        article_id TEXT
    );
    CREATE INDEX watch_items_by_status ON watch_items(status);
    CREATE INDEX watch_items_by_feed ON watch_items(feed_url);
    CREATE TABLE work_units (
        id BIGSERIAL PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts BIGINT NOT NULL DEFAULT 0,
        max_attempts BIGINT NOT NULL,
        worker TEXT,
        lease_until TIMESTAMPTZ,
        last_error TEXT,
        added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        started_at TIMESTAMPTZ,
        finished_at TIMESTAMPTZ,
        articles BIGINT,
        mentions BIGINT,
        skipped BIGINT
    );
    CREATE INDEX work_units_by_status ON work_units(status, id);",
];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
