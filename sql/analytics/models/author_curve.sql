-- Each author's typical reactions-vs-age curve. At each age on a fixed grid (hours
-- since publication), every post observed at least that long - it has a snapshot at
-- or before that age and one at or after it - contributes its reactions at that age
-- (its latest snapshot at or before it, via an ASOF join); the curve is the median
-- over the author's posts. Posts first seen late or scraped rarely thus only count
-- at the ages they cover, and the curve does not zig-zag between post subsets.
with ages as (
    select unnest([
        3, 6, 9, 12, 18, 24, 30, 36, 42, 48, 60, 72, 96, 120, 144, 168, 216, 264, 336,
        504, 672
    ]) as age_hours
),

observed as (
    select
        post_id,
        any_value(author_username) as author_username,
        min(age_hours) as first_age,
        max(age_hours) as last_age
    from {{ ref('post_snapshots') }}
    where author_username is not null
    group by post_id
),

grid as (
    select o.post_id, o.author_username, a.age_hours
    from observed as o
    join ages as a on a.age_hours between o.first_age and o.last_age
),

at_age as (
    select g.author_username, g.post_id, g.age_hours, s.total_reactions
    from grid as g
    asof join {{ ref('post_snapshots') }} as s
        on s.post_id = g.post_id and g.age_hours >= s.age_hours
)

select
    author_username,
    cast(age_hours as integer) as age_hours,
    count(*) as posts,
    median(total_reactions) as median_reactions
from at_age
group by all
