-- Record every file the batch read (ingested, partial or rejected) in the ledger.
INSERT INTO ingested_files (file_name, file_path, file_size, file_mtime, content_hash,
                            scrape_day, run_id, status, records_read, records_rejected,
                            error, ingested_at)
SELECT file_name, file_path, file_size, file_mtime, content_hash, scrape_day, $run_id,
       status, records_read, records_rejected, error, $now
FROM stg_files
ON CONFLICT (file_name) DO UPDATE SET
    file_path = excluded.file_path,
    file_size = excluded.file_size,
    file_mtime = excluded.file_mtime,
    content_hash = excluded.content_hash,
    scrape_day = excluded.scrape_day,
    run_id = excluded.run_id,
    status = excluded.status,
    records_read = excluded.records_read,
    records_rejected = excluded.records_rejected,
    error = excluded.error,
    ingested_at = excluded.ingested_at;
