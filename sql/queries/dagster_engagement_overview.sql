-- Totals of the engagement_summary table (materialization metadata).
SELECT count(*) AS posts,
       count(*) FILTER (WHERE snapshots > 0) AS posts_with_snapshots,
       coalesce(sum(snapshots), 0) AS snapshots,
       coalesce(sum(latest_reactions), 0) AS latest_reactions,
       count(*) FILTER (WHERE growth_since_previous > 0) AS posts_growing
FROM engagement_summary;
