-- The newest posts among those a run read snapshots of (preview in the materialization).
SELECT p.post_id, p.author_username,
       strftime(to_timestamp(p.posted_at_timestamp) AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') AS posted_at,
       p.post_type, d.total_reactions,
       left(regexp_replace(coalesce(p.text_content, ''), '\s+', ' ', 'g'), 90) AS text
FROM posts p
JOIN data_downloads d ON d.post_id = p.post_id
WHERE d.run_id = $run_id
QUALIFY row_number() OVER (PARTITION BY p.post_id ORDER BY d.downloaded_at DESC) = 1
ORDER BY p.posted_at_timestamp DESC, p.post_id
LIMIT $limit;
