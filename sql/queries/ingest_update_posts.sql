-- Posts seen again: UI state (is_read, is_marked) and first_seen_at stay; updated_at moves.
-- Content columns follow the newest scrape only (stg_known.newer), so back-filling an old
-- file never overwrites a post with older text. Runs before this batch's snapshots are
-- inserted. Indexed columns (urn, posted_at_timestamp, author_username, platform,
-- first_seen_at) are never updated: DuckDB rejects updating an indexed column of a
-- referenced row. Matched by post_id from the staged table, never by a self-join of
-- posts (see ingest_stage_known.sql for why).
UPDATE posts AS p
SET full_urn            = CASE WHEN s.newer THEN s.full_urn ELSE p.full_urn END,
    text_content        = CASE WHEN s.newer THEN s.text_content ELSE p.text_content END,
    post_type           = CASE WHEN s.newer THEN s.post_type ELSE p.post_type END,
    url                 = CASE WHEN s.newer THEN s.url ELSE p.url END,
    raw_json            = CASE WHEN s.newer THEN s.raw_json ELSE p.raw_json END,
    updated_at          = $now
FROM (
    SELECT k.post_id, k.newer, l.full_urn, l.text_content, l.post_type, l.url, l.raw_json
    FROM stg_known k
    JOIN stg_latest l ON l.urn = k.urn
) AS s
WHERE p.post_id = s.post_id;
