-- Runs still marked 'running' (live, or left behind by a killed process).
SELECT run_id, started_at, system_info FROM download_runs WHERE status = 'running';
