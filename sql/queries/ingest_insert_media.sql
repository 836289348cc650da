-- Media deduplicated per (post, URL); existing rows keep their analysis state.
INSERT INTO post_media (media_id, post_id, media_type, media_url, width, height,
                        created_at, updated_at)
SELECT m.media_id, p.post_id, m.media_type, m.media_url, m.width, m.height, $now, $now
FROM stg_media m
JOIN posts p ON p.urn = m.urn
WHERE NOT EXISTS (
    SELECT 1 FROM post_media e WHERE e.post_id = p.post_id AND e.media_url = m.media_url
);
