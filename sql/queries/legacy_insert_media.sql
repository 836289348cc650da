-- The new media rows; AI analysis starts 'pending' (the column default).
INSERT INTO post_media (media_id, post_id, media_type, media_url, width, height,
                        created_at, updated_at)
SELECT ids.id, m.post_id, m.media_type, m.media_url, m.width, m.height, $now, $now
FROM lg_media_new m
JOIN lg_ids ids ON ids.rn = m.rn;
