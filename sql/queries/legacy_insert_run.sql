-- The migration's one historical download_runs row, written last in its transaction
-- with the final counts (its snapshots already carry its run_id).
INSERT INTO download_runs (run_id, started_at, completed_at, status, script_name, platform,
                           posts_fetched, posts_new, posts_updated, error_message,
                           system_info, created_at, dagster_run_id)
VALUES ($run_id, $started_at, $completed_at, 'completed', 'migrate_legacy', $platform,
        $posts_fetched, $posts_new, $posts_updated, $error_message, $system_info,
        $completed_at, $dagster_run_id);
