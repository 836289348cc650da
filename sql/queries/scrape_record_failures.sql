-- A scrape's failed profiles go on the download_runs row of the ingest that followed it,
-- ahead of any ingest problems; a scrape where every profile failed fails the row.
UPDATE download_runs
SET error_message = CASE
        WHEN error_message IS NULL OR error_message = '' THEN $problems
        ELSE $problems || chr(10) || error_message END,
    status = CASE WHEN $all_failed AND status = 'completed' THEN 'failed' ELSE status END
WHERE run_id = $run_id;
