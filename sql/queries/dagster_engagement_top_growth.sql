-- The posts whose reactions grew most since their previous snapshot (metadata preview).
SELECT post_id, author_username, latest_reactions, growth_since_previous,
       growth_since_first, snapshots
FROM engagement_summary
WHERE growth_since_previous IS NOT NULL
ORDER BY growth_since_previous DESC, latest_reactions DESC, post_id
LIMIT $limit;
