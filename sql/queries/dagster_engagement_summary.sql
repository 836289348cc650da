-- engagement_summary: one row per post with its latest stats and growth, rebuilt from the
-- post_performance analytics model (interim: replaced by the dbt assets).
CREATE OR REPLACE TABLE engagement_summary AS
SELECT post_id, urn, author_username, posted_at_timestamp, post_type,
       coalesce(snapshots, 0) AS snapshots,
       latest_downloaded_at, latest_reactions, latest_stats_json,
       previous_downloaded_at, previous_reactions,
       growth_since_previous, first_downloaded_at, growth_since_first,
       now()::TIMESTAMP AS refreshed_at
FROM post_performance;
