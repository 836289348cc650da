-- New watched profiles from the CSV: active, no notes yet. As for `profiles add`,
-- post_count counts the posts already stored by the username and last_synced_at is the
-- newest snapshot of a file scraped for it (dataset_<username>_<stamp>.json).
INSERT INTO profiles (profile_id, username, name, platform, is_active, post_count,
                      last_synced_at, created_at, updated_at)
SELECT ids.id, s.username, s.name, $platform, true,
       (SELECT count(*) FROM posts p WHERE p.author_username = s.username),
       (SELECT max(d.downloaded_at) FROM data_downloads d
        WHERE starts_with(d.source_file_name, 'dataset_' || s.username || '_')
          AND regexp_full_match(
                substr(d.source_file_name, length('dataset_' || s.username || '_') + 1),
                '\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}(-\d{1,6})?\.json')),
       $now, $now
FROM wl_new s
JOIN wl_ids ids ON ids.rn = s.rn;
