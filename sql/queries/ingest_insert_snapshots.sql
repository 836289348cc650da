-- One snapshot per (post, file name): a file already represented (a legacy-migrated
-- snapshot, or the same name read from another folder) adds nothing. stats_json is the
-- record's whole `stats` object, taken from its raw text here (NULL when absent/null).
INSERT INTO data_downloads (download_id, post_id, run_id, downloaded_at, total_reactions,
                            stats_json, raw_json, source_file_path, source_file_name, created_at)
SELECT r.download_id, p.post_id, $run_id, r.downloaded_at, r.total_reactions,
       CASE WHEN json_type(r.raw_json, '$.stats') = 'OBJECT'
            THEN json_extract(r.raw_json, '$.stats')::TEXT END,
       r.raw_json, r.file_path, r.file_name, $now
FROM stg_records r
JOIN posts p ON p.urn = r.urn
WHERE NOT EXISTS (
    SELECT 1 FROM data_downloads d
    WHERE d.post_id = p.post_id AND d.source_file_name = r.file_name
);
