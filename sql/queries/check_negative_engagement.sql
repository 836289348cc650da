-- Asset check: engagement counts are never negative (total_reactions, and the comments and
-- reposts inside stats_json). One row per offending snapshot.
SELECT 'data_downloads' AS table_name, download_id AS row_id, total_reactions,
       TRY_CAST(replace(json_extract_string(stats_json, '$.comments'), ',', '') AS BIGINT) AS comments,
       TRY_CAST(replace(json_extract_string(stats_json, '$.reposts'), ',', '') AS BIGINT) AS reposts
FROM data_downloads
WHERE total_reactions < 0
   OR TRY_CAST(replace(json_extract_string(stats_json, '$.comments'), ',', '') AS BIGINT) < 0
   OR TRY_CAST(replace(json_extract_string(stats_json, '$.reposts'), ',', '') AS BIGINT) < 0;
