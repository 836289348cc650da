-- Asset check: no child row points at a parent that does not exist.
-- data_downloads.run_id has no declared foreign key (see migration 001), so this check is
-- what keeps that link honest. One row per orphan: (table_name, row_id, column_name, missing).
SELECT 'data_downloads' AS table_name, d.download_id AS row_id,
       'post_id' AS column_name, d.post_id AS missing
FROM data_downloads d ANTI JOIN posts p ON p.post_id = d.post_id
UNION ALL
SELECT 'data_downloads', d.download_id, 'run_id', d.run_id
FROM data_downloads d ANTI JOIN download_runs r ON r.run_id = d.run_id
WHERE d.run_id IS NOT NULL
UNION ALL
SELECT 'post_media', m.media_id, 'post_id', m.post_id
FROM post_media m ANTI JOIN posts p ON p.post_id = m.post_id
UNION ALL
SELECT 'post_tags', t.post_tag_id, 'post_id', t.post_id
FROM post_tags t ANTI JOIN posts p ON p.post_id = t.post_id
UNION ALL
SELECT 'post_tags', t.post_tag_id, 'tag_id', t.tag_id
FROM post_tags t ANTI JOIN tags g ON g.tag_id = t.tag_id
UNION ALL
SELECT 'action_queue', a.action_id, 'post_id', a.post_id
FROM action_queue a ANTI JOIN posts p ON p.post_id = a.post_id
WHERE a.post_id IS NOT NULL
UNION ALL
SELECT 'profile_tags', t.profile_tag_id, 'profile_id', t.profile_id
FROM profile_tags t ANTI JOIN profiles f ON f.profile_id = t.profile_id
UNION ALL
SELECT 'profile_tags', t.profile_tag_id, 'tag_id', t.tag_id
FROM profile_tags t ANTI JOIN tags g ON g.tag_id = t.tag_id;
