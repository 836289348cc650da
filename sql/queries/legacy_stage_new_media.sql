-- Media of the legacy json_data not yet stored, deduplicated per (post, URL).
CREATE OR REPLACE TEMP TABLE lg_media_new AS
SELECT row_number() OVER (ORDER BY m.seq, m.media_url) AS rn, p.post_id, m.*
FROM (
    SELECT * FROM lg_media
    QUALIFY row_number() OVER (PARTITION BY urn, media_url ORDER BY seq) = 1
) m
JOIN posts p ON p.urn = m.urn
WHERE NOT EXISTS (
    SELECT 1 FROM post_media e WHERE e.post_id = p.post_id AND e.media_url = m.media_url
);
