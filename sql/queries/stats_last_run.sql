-- The newest run, for `socialdb stats`.
SELECT run_id, status, script_name, started_at, completed_at,
       posts_fetched, posts_new, posts_updated
FROM download_runs
ORDER BY started_at DESC
LIMIT 1;
