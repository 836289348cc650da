-- Asset check: every primary key is `<prefix>-` + 8 lowercase hex digits (seed ID table).
-- One row per offending ID: (table_name, row_id).
SELECT 'posts' AS table_name, post_id AS row_id FROM posts
WHERE NOT regexp_full_match(coalesce(post_id, ''), 'p-[0-9a-f]{8}')
UNION ALL
SELECT 'data_downloads', download_id FROM data_downloads
WHERE NOT regexp_full_match(coalesce(download_id, ''), 'dl-[0-9a-f]{8}')
UNION ALL
SELECT 'download_runs', run_id FROM download_runs
WHERE NOT regexp_full_match(coalesce(run_id, ''), 'run-[0-9a-f]{8}')
UNION ALL
SELECT 'profiles', profile_id FROM profiles
WHERE NOT regexp_full_match(coalesce(profile_id, ''), 'prf-[0-9a-f]{8}')
UNION ALL
SELECT 'tags', tag_id FROM tags
WHERE NOT regexp_full_match(coalesce(tag_id, ''), 'tag-[0-9a-f]{8}')
UNION ALL
SELECT 'profile_tags', profile_tag_id FROM profile_tags
WHERE NOT regexp_full_match(coalesce(profile_tag_id, ''), 'pft-[0-9a-f]{8}')
UNION ALL
SELECT 'post_tags', post_tag_id FROM post_tags
WHERE NOT regexp_full_match(coalesce(post_tag_id, ''), 'ptg-[0-9a-f]{8}')
UNION ALL
SELECT 'action_queue', action_id FROM action_queue
WHERE NOT regexp_full_match(coalesce(action_id, ''), 'act-[0-9a-f]{8}')
UNION ALL
SELECT 'post_media', media_id FROM post_media
WHERE NOT regexp_full_match(coalesce(media_id, ''), 'med-[0-9a-f]{8}');
