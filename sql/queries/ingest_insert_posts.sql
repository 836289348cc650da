-- New posts, with the IDs drawn for them (stg_post_ids). first_seen_at is the time of
-- the earliest scrape that contained the post, not the import time.
INSERT INTO posts (post_id, urn, full_urn, platform, posted_at_timestamp, author_username,
                   text_content, post_type, url, raw_json, first_seen_at, created_at, updated_at)
SELECT ids.post_id, s.urn, s.full_urn, $platform, s.posted_at_timestamp, s.author_username,
       s.text_content, s.post_type, s.url, s.raw_json, s.first_downloaded_at, $now, $now
FROM stg_latest s
JOIN stg_post_ids ids ON ids.urn = s.urn;
