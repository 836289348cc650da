-- 004: which legacy posts the legacy migration has already taken over.
--
-- A legacy post's UI state (is_read / is_marked) is applied once: when it is first
-- migrated, whether the migration creates the post or finds it already ingested.
-- Afterwards socialdb owns that state, so running `socialdb migrate-legacy` again on the
-- same posts.db must not re-apply the old flags over what the user changed since
-- (`socialdb posts unread ...`). The migration applies the legacy state only to the
-- posts not recorded here and records them in the same transaction.
--
-- Keyed by the post identity (urn), not by post_id, and with NO foreign keys on purpose:
-- * a foreign key to posts would make every post delete fail in DuckDB 2.0.1 unless it
--   went through the two-step journal first (socialdb/managers/journal.py), as foreign
--   keys are checked against committed data (duckdb/duckdb#20246);
-- * a foreign key to download_runs would block `socialdb runs remove`, which instead
--   detaches the run's rows (run_id set to NULL), as it does for data_downloads.
-- A deleted post therefore keeps its row here: its legacy state was taken over once;
-- the urn is what a later migration or ingest would find the post by again.
-- Rows are only ever inserted (and detached from a removed run), never deleted.

CREATE TABLE IF NOT EXISTS legacy_migrated_posts (
    urn         TEXT PRIMARY KEY,   -- posts.urn of the migrated post
    run_id      TEXT,               -- the migrate_legacy run that took it over (NULL once removed)
    migrated_at TIMESTAMP NOT NULL  -- UTC
);

-- Databases migrated before this table existed: the posts an earlier migration wrote
-- snapshots for were taken over by that run (their UI state applied then), so a
-- re-run must not apply it again. Posts it only matched get their state once more.
INSERT INTO legacy_migrated_posts (urn, run_id, migrated_at)
SELECT p.urn, arg_min(r.run_id, r.started_at), min(r.started_at)
FROM data_downloads d
JOIN download_runs r ON r.run_id = d.run_id AND r.script_name = 'migrate_legacy'
JOIN posts p ON p.post_id = d.post_id
WHERE NOT EXISTS (SELECT 1 FROM legacy_migrated_posts m WHERE m.urn = p.urn)
GROUP BY p.urn;
