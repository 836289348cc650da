-- New posts from the legacy database, with the IDs drawn for them (lg_post_ids): the
-- picked row's columns, the merged UI state and first_seen_at.
INSERT INTO posts (post_id, urn, full_urn, platform, posted_at_timestamp, author_username,
                   text_content, post_type, url, raw_json, first_seen_at, is_read, is_marked,
                   created_at, updated_at)
SELECT ids.post_id, k.urn, s.full_urn, $platform, s.posted_at_timestamp, s.author_username,
       s.text_content, s.post_type, s.url, s.raw_json, k.first_seen_at, k.is_read, k.is_marked,
       $now, $now
FROM lg_post_pick k
JOIN lg_posts s ON s.seq = k.seq
JOIN lg_post_ids ids ON ids.urn = k.urn;
