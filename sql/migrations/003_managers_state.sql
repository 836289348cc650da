-- 003: state the managers and the rule tagger keep beyond the seed.
--
-- * tagging_runs: one row per `socialdb tag-posts`. The next run only looks at posts
--   whose updated_at is newer than the last run's watermark (the newest posts.updated_at
--   it saw), unless the rules file changed (different rules_hash), then every post.
--
-- * pending_changes + pending_profile_tags + pending_post_tags: a small journal that
--   makes the managers' multi-step changes crash-safe. DuckDB 2.0.1 checks foreign keys
--   against committed data only: deleting a profile/tag/post after deleting its
--   dependants in the SAME transaction fails ("still referenced"), and so does an
--   UPDATE of an indexed column of a referenced row (duckdb/duckdb#20246). The managers
--   therefore work in two transactions on one connection (which holds the file's write
--   lock throughout): (1) journal the change, stash the junction rows that must survive
--   and delete the dependants; (2) change or delete the parent, restore the stash and
--   clear the journal. If the process dies between the two, the next manager write
--   finishes the journalled change first (socialdb/managers/journal.py).
--   No foreign keys here on purpose: the journal must never block the deletes it drives.

CREATE SEQUENCE IF NOT EXISTS tagging_runs_seq START 1;

CREATE TABLE IF NOT EXISTS tagging_runs (
    tagging_run_id   BIGINT PRIMARY KEY DEFAULT nextval('tagging_runs_seq'),
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    rules_path       TEXT,
    rules_hash       TEXT NOT NULL,              -- blake2b of the rules file's bytes
    watermark        TIMESTAMP,                  -- newest posts.updated_at examined
    full_scan        BOOLEAN DEFAULT false,      -- every post examined (first run, new rules)
    posts_examined   INTEGER DEFAULT 0,
    tags_added       INTEGER DEFAULT 0,
    tags_updated     INTEGER DEFAULT 0,
    tags_removed     INTEGER DEFAULT 0
);
CREATE INDEX IF NOT EXISTS idx_tagging_runs_started ON tagging_runs (started_at);

CREATE TABLE IF NOT EXISTS pending_changes (
    change_id  TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,   -- profile_active | tag_rename | delete_profile | delete_tag | delete_post
    target_id  TEXT NOT NULL,   -- the profile_id / tag_id / post_id changed
    new_value  TEXT,            -- 'true'/'false' for profile_active, the new name for tag_rename
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS pending_profile_tags (
    change_id      TEXT NOT NULL,
    profile_tag_id TEXT NOT NULL,
    profile_id     TEXT NOT NULL,
    tag_id         TEXT NOT NULL,
    created_at     TIMESTAMP
);

CREATE TABLE IF NOT EXISTS pending_post_tags (
    change_id    TEXT NOT NULL,
    post_tag_id  TEXT NOT NULL,
    post_id      TEXT NOT NULL,
    tag_id       TEXT NOT NULL,
    confidence   REAL,
    applied_by   TEXT,
    system_notes TEXT,
    created_at   TIMESTAMP
);
