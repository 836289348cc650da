-- The top rising posts (metadata preview of the rising_posts model).
SELECT rising_rank, post_id, author_username, latest_reactions, reactions_at_24h,
       round(velocity_24h, 2) AS velocity_24h, round(lift_24h, 2) AS lift_24h,
       round(rising_score, 3) AS rising_score
FROM rising_posts
ORDER BY rising_rank
LIMIT $limit;
