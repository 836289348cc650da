-- A new download_runs row in status 'running'; committed before any data is written.
INSERT INTO download_runs (run_id, started_at, status, script_name, platform, system_info,
                           dagster_run_id, partition_key)
VALUES ($run_id, $started_at, 'running', $script_name, $platform, $system_info,
        $dagster_run_id, $partition_key);
