-- A file whose content changed is re-read: its earlier snapshots go first.
DELETE FROM data_downloads
WHERE source_file_name IN (SELECT file_name FROM stg_files WHERE replaces);
