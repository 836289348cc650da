-- The new legacy snapshots under the migration's download_runs row; raw_json is the
-- legacy json_data (the record as scraped), as the ingest stores the record's text.
INSERT INTO data_downloads (download_id, post_id, run_id, downloaded_at, total_reactions,
                            stats_json, raw_json, source_file_path, source_file_name, created_at)
SELECT ids.id, s.post_id, $run_id, s.downloaded_at, s.total_reactions,
       s.stats_json, r.raw_json, s.source_file_path, s.source_file_name, $now
FROM lg_snapshots_new s
JOIN lg_posts r ON r.seq = s.seq
JOIN lg_ids ids ON ids.rn = s.rn;
