-- Size and mtime the ingest ledger holds for candidate files (by name): the landing
-- sensor treats a file as new or changed when these differ from the file system.
SELECT file_name, file_size, file_mtime
FROM ingested_files
WHERE file_name IN (SELECT unnest($names::TEXT[]));
