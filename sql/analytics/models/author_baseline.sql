-- One row per author: how their posts usually do in the first 24 h and how often
-- they post (cadence).
with posts as (
    select
        *,
        epoch(posted_at) - epoch(lag(posted_at) over (
            partition by author_username order by posted_at, post_id
        )) as seconds_since_previous_post
    from {{ ref('post_performance') }}
    where author_username is not null
)

select
    author_username,
    count(*) as posts,
    count(reactions_at_24h) as posts_with_24h,
    median(reactions_at_24h) as median_reactions_at_24h,
    quantile_cont(reactions_at_24h, 0.9) as p90_reactions_at_24h,
    max(reactions_at_24h) as max_reactions_at_24h,
    coalesce(sum(latest_reactions), 0) as latest_reactions_total,
    min(posted_at) as first_posted_at,
    max(posted_at) as last_posted_at,
    max(latest_downloaded_at) as last_snapshot_at,
    -- posts per week over the span from the first to the last post (at least a week)
    count(*) * 7.0
        / greatest((epoch(max(posted_at)) - epoch(min(posted_at))) / 86400.0, 7.0)
        as posts_per_week,
    median(seconds_since_previous_post) / 3600.0 as median_hours_between_posts
from posts
group by author_username
