-- Unchanged files seen with a new mtime or path (a copied or moved landing folder):
-- remember both, so the next run skips them without reading or hashing.
UPDATE ingested_files AS f
SET file_mtime = t.file_mtime, file_path = t.file_path
FROM stg_touch AS t
WHERE f.file_name = t.file_name;
