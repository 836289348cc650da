-- The download_runs row a Dagster run wrote (newest first), for metadata and failures.
SELECT run_id, status, started_at, completed_at, posts_fetched, posts_new, posts_updated,
       error_message, dagster_run_id, partition_key
FROM download_runs
WHERE dagster_run_id = $dagster_run_id
ORDER BY started_at DESC
LIMIT 1;
