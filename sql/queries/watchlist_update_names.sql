-- Watch-list rows whose profile exists: its display name follows the CSV (only when the
-- CSV gives one and it differs). name is not indexed, so this is safe on profiles that
-- tags reference (DuckDB 2.0.1, duckdb/duckdb#20246).
UPDATE profiles AS p
SET name = s.name, updated_at = $now
FROM wl_input AS s
WHERE p.username = s.username AND s.name_given AND p.name IS DISTINCT FROM s.name;
