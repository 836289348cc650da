-- The posts to look at now, best first: every post whose rising_score is positive,
-- ranked by it (ties: more reactions first, then post_id).
select
    row_number() over (
        order by rising_score desc, latest_reactions desc, post_id
    ) as rising_rank,
    post_id,
    urn,
    author_username,
    posted_at,
    age_hours,
    snapshots,
    latest_downloaded_at,
    latest_reactions,
    reactions_at_24h,
    velocity_24h,
    author_median_at_24h,
    lift_24h,
    rising_score
from {{ ref('post_performance') }}
where rising_score > 0
