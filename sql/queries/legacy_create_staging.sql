-- Staging for one legacy migration, created inside its transaction on its connection:
-- the converted legacy rows, filled chunk by chunk from Arrow (INSERT ... BY NAME).
-- Temp tables die with the connection, so a failed migration leaves nothing behind.
CREATE OR REPLACE TEMP TABLE lg_posts (
    seq                 BIGINT,
    legacy_urn          TEXT,
    urn                 TEXT,
    full_urn            TEXT,
    posted_at_timestamp BIGINT,
    author_username     TEXT,
    text_content        TEXT,
    post_type           TEXT,
    url                 TEXT,
    raw_json            TEXT,
    json_ok             BOOLEAN,
    first_seen_at       TIMESTAMP,
    is_read             BOOLEAN,
    is_marked           BOOLEAN,
    seen_at             TIMESTAMP
);
CREATE OR REPLACE TEMP TABLE lg_snapshots (
    seq              BIGINT,
    urn              TEXT,
    downloaded_at    TIMESTAMP,
    total_reactions  INTEGER,
    stats_json       TEXT,  -- raw_json: lg_posts.raw_json of the same seq
    source_file_path TEXT,
    source_file_name TEXT
);
CREATE OR REPLACE TEMP TABLE lg_media (
    seq        BIGINT,
    urn        TEXT,
    media_type TEXT,
    media_url  TEXT,
    width      INTEGER,
    height     INTEGER
);
