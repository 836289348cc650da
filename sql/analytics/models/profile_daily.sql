-- One row per (author, UTC day) with activity: posts published that day and the
-- reactions gained that day (for each post, the change from one snapshot to the next,
-- counted on the day of the later snapshot; decreases count negative).
with published as (
    select author_username, cast(posted_at as date) as day, count(*) as posts_published
    from {{ ref('post_performance') }}
    where author_username is not null
    group by all
),

gained as (
    select
        author_username,
        cast(downloaded_at as date) as day,
        count(*) as snapshots,
        coalesce(sum(reactions_gained), 0) as reactions_gained
    from {{ ref('post_snapshots') }}
    where author_username is not null
    group by all
)

select
    coalesce(p.author_username, g.author_username) as author_username,
    coalesce(p.day, g.day) as day,
    coalesce(p.posts_published, 0) as posts_published,
    coalesce(g.reactions_gained, 0) as reactions_gained,
    coalesce(g.snapshots, 0) as snapshots
from published as p
full outer join gained as g
    on g.author_username = p.author_username and g.day = p.day
