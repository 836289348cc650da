-- The batch's posts that already exist: their post_id, and whether this batch's newest
-- record is at least as new as every stored snapshot of the post (`newer`): only then
-- may it overwrite the post's content columns (ingest_update_posts).
-- Staged in a temp table because DuckDB 2.0.1 plans an UPDATE of posts whose FROM joins
-- posts again very badly: measured 1.6-3.2 s per 10,000-record batch at 600k snapshots
-- against ~0.15 s for this table plus an UPDATE by post_id.
-- The max(downloaded_at) scan reads only post_id/downloaded_at of data_downloads.
CREATE OR REPLACE TEMP TABLE stg_known AS
WITH known AS (
    SELECT x.post_id, l.urn, l.downloaded_at
    FROM stg_latest l
    JOIN posts x ON x.urn = l.urn
),
seen AS (
    SELECT d.post_id, max(d.downloaded_at) AS last_seen
    FROM data_downloads d
    SEMI JOIN known k ON k.post_id = d.post_id
    GROUP BY d.post_id
)
SELECT k.post_id, k.urn, (seen.last_seen IS NULL OR k.downloaded_at >= seen.last_seen) AS newer
FROM known k
LEFT JOIN seen ON seen.post_id = k.post_id;
