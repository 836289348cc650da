-- Posts seen again: UI state (is_read, is_marked) and first_seen_at stay; updated_at moves.
-- Content columns follow the newest scrape only, so back-filling an old file never
-- overwrites a post with older text. Runs before this batch's snapshots are inserted.
-- Indexed columns (urn, posted_at_timestamp, author_username, platform, first_seen_at)
-- are never updated: DuckDB rejects updating an indexed column of a referenced row.
UPDATE posts AS p
SET full_urn            = CASE WHEN newer THEN s.full_urn ELSE p.full_urn END,
    text_content        = CASE WHEN newer THEN s.text_content ELSE p.text_content END,
    post_type           = CASE WHEN newer THEN s.post_type ELSE p.post_type END,
    url                 = CASE WHEN newer THEN s.url ELSE p.url END,
    raw_json            = CASE WHEN newer THEN s.raw_json ELSE p.raw_json END,
    updated_at          = $now
FROM (
    SELECT l.*, (seen.last_seen IS NULL OR l.downloaded_at >= seen.last_seen) AS newer
    FROM stg_latest l
    JOIN posts x ON x.urn = l.urn
    LEFT JOIN (
        SELECT d.post_id, max(d.downloaded_at) AS last_seen
        FROM data_downloads d
        WHERE d.post_id IN (SELECT x2.post_id FROM posts x2 SEMI JOIN stg_latest l2 ON l2.urn = x2.urn)
        GROUP BY d.post_id
    ) seen ON seen.post_id = x.post_id
) AS s
WHERE p.urn = s.urn;
