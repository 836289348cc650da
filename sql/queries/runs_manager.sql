-- DownloadManager (socialdb/managers/runs.py): download_runs history and snapshots.

-- name: list
SELECT r.run_id, r.status, r.started_at, r.completed_at,
       date_diff('millisecond', r.started_at, r.completed_at) / 1000.0 AS duration_seconds,
       r.script_name, r.platform, r.posts_fetched, r.posts_new, r.posts_updated,
       r.partition_key, r.dagster_run_id,
       (SELECT count(*) FROM data_downloads d WHERE d.run_id = r.run_id) AS snapshots,
       (SELECT count(*) FROM ingested_files f WHERE f.run_id = r.run_id) AS files,
       r.error_message IS NOT NULL AND r.error_message <> '' AS has_errors
FROM download_runs r
WHERE ($status IS NULL OR r.status = $status)
ORDER BY r.started_at DESC, r.run_id
LIMIT $limit;

-- name: get
SELECT r.*,
       date_diff('millisecond', r.started_at, r.completed_at) / 1000.0 AS duration_seconds,
       (SELECT count(*) FROM data_downloads d WHERE d.run_id = r.run_id) AS snapshots
FROM download_runs r WHERE r.run_id = $run_id;

-- name: files
SELECT file_name, status, records_read, records_rejected, error, ingested_at
FROM ingested_files WHERE run_id = $run_id ORDER BY file_name;

-- name: snapshots_of_post
SELECT download_id, run_id, downloaded_at, total_reactions, stats_json, source_file_name
FROM data_downloads WHERE post_id = $post_id ORDER BY downloaded_at, download_id;

-- name: detach_snapshots
-- data_downloads.run_id has no declared foreign key (migration 001), and no table
-- references data_downloads, so this indexed column may be updated.
UPDATE data_downloads SET run_id = NULL WHERE run_id = $run_id;

-- name: detach_files
UPDATE ingested_files SET run_id = NULL WHERE run_id = $run_id;

-- name: detach_legacy_posts
-- The legacy posts a removed migrate_legacy run took over stay recorded (their UI state
-- must not be re-applied by the next migration), only without their run.
UPDATE legacy_migrated_posts SET run_id = NULL WHERE run_id = $run_id;

-- name: delete
DELETE FROM download_runs WHERE run_id = $run_id;
