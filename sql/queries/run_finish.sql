-- Close a run: final status, completion time and every rejected file/record.
UPDATE download_runs
SET status = $status,
    completed_at = $completed_at,
    error_message = $error_message
WHERE run_id = $run_id;
