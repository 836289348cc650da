-- Posts already in the database (ingested before) that no migration has taken over yet
-- (not in legacy_migrated_posts) take the legacy UI state: a post read or marked in the
-- old tool becomes read/marked; nothing is ever cleared, and a row already in that
-- state is not touched. A post taken over before keeps whatever the user set since
-- (`socialdb posts unread`), so a re-run changes nothing.
-- is_read/is_marked are not indexed, so this UPDATE is safe on referenced rows
-- (DuckDB 2.0.1, duckdb/duckdb#20246); indexed columns are never updated.
UPDATE posts AS p
SET is_read    = coalesce(p.is_read, false) OR s.is_read,
    is_marked  = coalesce(p.is_marked, false) OR s.is_marked,
    updated_at = $now
FROM (
    SELECT k.urn, k.is_read, k.is_marked
    FROM lg_post_pick k
    ANTI JOIN legacy_migrated_posts m ON m.urn = k.urn
) AS s
WHERE p.urn = s.urn
  AND ((s.is_read AND NOT coalesce(p.is_read, false))
       OR (s.is_marked AND NOT coalesce(p.is_marked, false)));
