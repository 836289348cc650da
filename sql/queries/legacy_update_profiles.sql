-- Watched profiles that already exist (same username) keep their row and values; the
-- legacy database only fills what they lack: notes when empty, last_synced_at when the
-- old tool synced more recently. name, is_active and post_count stay as they are.
-- Only non-indexed columns are written (DuckDB 2.0.1, duckdb/duckdb#20246).
UPDATE profiles AS p
SET notes          = coalesce(p.notes, s.notes),
    last_synced_at = CASE
        WHEN s.last_synced_at IS NOT NULL
             AND (p.last_synced_at IS NULL OR s.last_synced_at > p.last_synced_at)
        THEN s.last_synced_at ELSE p.last_synced_at END,
    updated_at     = $now
FROM (
    SELECT * FROM lg_profiles_in
    QUALIFY row_number() OVER (PARTITION BY username ORDER BY legacy_id) = 1
) AS s
WHERE p.username = s.username
  AND ((p.notes IS NULL AND s.notes IS NOT NULL)
       OR (s.last_synced_at IS NOT NULL
           AND (p.last_synced_at IS NULL OR s.last_synced_at > p.last_synced_at)));
