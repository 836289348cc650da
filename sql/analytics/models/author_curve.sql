-- Each author's typical reactions-vs-age curve: snapshots bucketed by the post's age
-- (6 h steps up to 48 h, daily up to 14 days, weekly after), the post's latest
-- snapshot in each bucket, and the median over the author's posts.
with bucketed as (
    select
        author_username,
        post_id,
        total_reactions,
        newest_rank,
        case
            when age_hours <= 0 then 0
            when age_hours <= 48 then ceil(age_hours / 6) * 6
            when age_hours <= 336 then ceil(age_hours / 24) * 24
            else ceil(age_hours / 168) * 168
        end as age_bucket
    from {{ ref('post_snapshots') }}
    where author_username is not null
),

per_post as (
    select
        author_username,
        age_bucket,
        post_id,
        arg_min(total_reactions, newest_rank) as reactions
    from bucketed
    group by all
)

select
    author_username,
    cast(age_bucket as integer) as age_hours,
    count(*) as posts,
    median(reactions) as median_reactions
from per_post
group by all
