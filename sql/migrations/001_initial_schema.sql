-- 001: the nine tables of seed/database-schema.md, every column, default, FK and index.
-- DuckDB rejects ON DELETE CASCADE: the foreign keys stay and the managers delete
-- dependants in the same transaction (see socialdb/managers).
--
-- One seed foreign key is not declared: data_downloads.run_id -> download_runs.run_id.
-- DuckDB (2.0.1, issue duckdb/duckdb#20246) rewrites an UPDATE of an indexed column as
-- DELETE + INSERT and then rejects it when the row is referenced, so with that key a
-- run's indexed `status` could never leave 'running' once it had snapshots. The link is
-- kept by construction (a run row is written before its snapshots), by the run manager
-- (deleting a run detaches its snapshots) and by the orphan asset check; the test
-- tests/test_duckdb_limits.py fails once DuckDB lifts the limit, to restore the key.
-- For the same reason posts' indexed columns are never updated after insert.
-- Timestamps are stored as UTC wall-clock TIMESTAMP values.
-- posted_at_timestamp is BIGINT (an INTEGER type that survives 2038).

CREATE TABLE IF NOT EXISTS posts (
    post_id             TEXT PRIMARY KEY,
    urn                 TEXT NOT NULL,
    full_urn            TEXT,
    platform            TEXT DEFAULT 'linkedin',
    posted_at_timestamp BIGINT NOT NULL,
    author_username     TEXT,
    text_content        TEXT,
    post_type           TEXT,
    url                 TEXT,
    raw_json            TEXT,
    first_seen_at       TIMESTAMP,
    is_read             BOOLEAN DEFAULT false,
    is_marked           BOOLEAN DEFAULT false,
    created_at          TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at          TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_posts_urn ON posts (urn);
CREATE INDEX IF NOT EXISTS idx_posts_posted_at ON posts (posted_at_timestamp);
CREATE INDEX IF NOT EXISTS idx_posts_author ON posts (author_username);
CREATE INDEX IF NOT EXISTS idx_posts_platform ON posts (platform);
CREATE INDEX IF NOT EXISTS idx_posts_first_seen ON posts (first_seen_at);

CREATE TABLE IF NOT EXISTS download_runs (
    run_id          TEXT PRIMARY KEY,
    started_at      TIMESTAMP NOT NULL,
    completed_at    TIMESTAMP,
    status          TEXT DEFAULT 'running',
    script_name     TEXT,
    platform        TEXT DEFAULT 'linkedin',
    posts_fetched   INTEGER DEFAULT 0,
    posts_new       INTEGER DEFAULT 0,
    posts_updated   INTEGER DEFAULT 0,
    error_message   TEXT,
    system_info     TEXT,
    created_at      TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_runs_started_at ON download_runs (started_at);
CREATE INDEX IF NOT EXISTS idx_runs_status ON download_runs (status);

CREATE TABLE IF NOT EXISTS data_downloads (
    download_id      TEXT PRIMARY KEY,
    post_id          TEXT NOT NULL REFERENCES posts (post_id),
    run_id           TEXT,  -- logically REFERENCES download_runs (run_id); see above
    downloaded_at    TIMESTAMP NOT NULL,
    total_reactions  INTEGER DEFAULT 0,
    stats_json       TEXT,
    raw_json         TEXT,
    source_file_path TEXT,
    created_at       TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_downloads_post_id ON data_downloads (post_id);
CREATE INDEX IF NOT EXISTS idx_downloads_run_id ON data_downloads (run_id);
CREATE INDEX IF NOT EXISTS idx_downloads_downloaded_at ON data_downloads (downloaded_at);

CREATE TABLE IF NOT EXISTS profiles (
    profile_id      TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    platform        TEXT DEFAULT 'linkedin',
    is_active       BOOLEAN DEFAULT true,
    notes           TEXT,
    post_count      INTEGER DEFAULT 0,
    last_synced_at  TIMESTAMP,
    created_at      TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at      TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_profiles_username ON profiles (username);
CREATE INDEX IF NOT EXISTS idx_profiles_active ON profiles (is_active);

CREATE TABLE IF NOT EXISTS tags (
    tag_id      TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT,
    color       TEXT DEFAULT 'cyan',
    created_at  TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_tags_name ON tags (name);

CREATE TABLE IF NOT EXISTS profile_tags (
    profile_tag_id TEXT PRIMARY KEY,
    profile_id     TEXT NOT NULL REFERENCES profiles (profile_id),
    tag_id         TEXT NOT NULL REFERENCES tags (tag_id),
    created_at     TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (profile_id, tag_id)
);
CREATE INDEX IF NOT EXISTS idx_profile_tags_profile ON profile_tags (profile_id);
CREATE INDEX IF NOT EXISTS idx_profile_tags_tag ON profile_tags (tag_id);

CREATE TABLE IF NOT EXISTS post_tags (
    post_tag_id  TEXT PRIMARY KEY,
    post_id      TEXT NOT NULL REFERENCES posts (post_id),
    tag_id       TEXT NOT NULL REFERENCES tags (tag_id),
    confidence   REAL,
    applied_by   TEXT DEFAULT 'ai',
    system_notes TEXT,
    created_at   TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (post_id, tag_id)
);
CREATE INDEX IF NOT EXISTS idx_post_tags_post ON post_tags (post_id);
CREATE INDEX IF NOT EXISTS idx_post_tags_tag ON post_tags (tag_id);
CREATE INDEX IF NOT EXISTS idx_post_tags_applied_by ON post_tags (applied_by);

CREATE TABLE IF NOT EXISTS action_queue (
    action_id     TEXT PRIMARY KEY,
    post_id       TEXT REFERENCES posts (post_id),
    action_type   TEXT NOT NULL,
    action_params TEXT,
    status        TEXT DEFAULT 'queued',
    priority      INTEGER DEFAULT 0,
    scheduled_for TIMESTAMP,
    executed_at   TIMESTAMP,
    user_notes    TEXT,
    system_notes  TEXT,
    created_at    TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at    TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_actions_post_id ON action_queue (post_id);
CREATE INDEX IF NOT EXISTS idx_actions_status ON action_queue (status);
CREATE INDEX IF NOT EXISTS idx_actions_scheduled ON action_queue (scheduled_for);
CREATE INDEX IF NOT EXISTS idx_actions_priority ON action_queue (priority DESC);

CREATE TABLE IF NOT EXISTS post_media (
    media_id           TEXT PRIMARY KEY,
    post_id            TEXT NOT NULL REFERENCES posts (post_id),
    media_type         TEXT NOT NULL,
    media_url          TEXT NOT NULL,
    local_file_path    TEXT,
    file_size          BIGINT,
    mime_type          TEXT,
    width              INTEGER,
    height             INTEGER,
    ai_analysis_status TEXT DEFAULT 'pending',
    ai_analysis        TEXT,
    ai_analyzed_at     TIMESTAMP,
    created_at         TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at         TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_media_post_id ON post_media (post_id);
CREATE INDEX IF NOT EXISTS idx_media_analysis_status ON post_media (ai_analysis_status);
CREATE INDEX IF NOT EXISTS idx_media_type ON post_media (media_type);
