-- A run whose process is gone: failed, with the reason.
UPDATE download_runs
SET status = 'failed',
    completed_at = $completed_at,
    error_message = coalesce(error_message || chr(10), '') || $reason
WHERE run_id = $run_id AND status = 'running';
