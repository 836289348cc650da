-- Files the ledger holds as rejected or partly read, newest first.
SELECT file_name, file_path, status, error, ingested_at
FROM ingested_files
WHERE status IN ('rejected', 'partial')
ORDER BY ingested_at DESC, file_name
LIMIT $limit;
