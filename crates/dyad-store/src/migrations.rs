//! Numbered schema migrations. Never edit a released migration: add the next one.

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
];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
