-- Latest engagement of every post and its growth since the previous snapshot.
-- Used by `socialdb posts list`, the Dagster engagement summary and ad-hoc queries.
CREATE OR REPLACE VIEW post_engagement AS
WITH ordered AS (
    SELECT post_id, downloaded_at, total_reactions, stats_json,
           row_number() OVER w AS newest_rank,
           lead(total_reactions) OVER w AS previous_reactions,
           lead(downloaded_at) OVER w AS previous_downloaded_at,
           count(*) OVER (PARTITION BY post_id) AS snapshots,
           arg_min(total_reactions, downloaded_at) OVER (PARTITION BY post_id) AS first_reactions,
           min(downloaded_at) OVER (PARTITION BY post_id) AS first_downloaded_at
    FROM data_downloads
    WINDOW w AS (PARTITION BY post_id ORDER BY downloaded_at DESC, download_id DESC)
)
SELECT p.post_id, p.urn, p.author_username, p.posted_at_timestamp, p.post_type,
       p.is_read, p.is_marked,
       o.snapshots,
       o.downloaded_at AS latest_downloaded_at,
       o.total_reactions AS latest_reactions,
       o.stats_json AS latest_stats_json,
       o.previous_downloaded_at,
       o.previous_reactions,
       o.total_reactions - coalesce(o.previous_reactions, o.total_reactions) AS growth_since_previous,
       o.first_downloaded_at,
       o.total_reactions - o.first_reactions AS growth_since_first
FROM posts p
LEFT JOIN ordered o ON o.post_id = p.post_id AND o.newest_rank = 1;
