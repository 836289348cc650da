-- What the ledger knows of the candidate files, by name.
SELECT file_name, file_path, file_size, file_mtime, content_hash, status
FROM ingested_files
WHERE file_name IN (SELECT unnest($names::TEXT[]));
