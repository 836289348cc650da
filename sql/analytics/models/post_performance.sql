-- One row per post (posts without snapshots too): latest engagement, growth, the
-- reactions at 24 h, the 24 h velocity, the lift over the author's median and the
-- rising score. "Now" is the newest snapshot in the database (as_of), so an old
-- corpus ranks the same as the day it was scraped.
with latest as (
    select post_id, max(downloaded_at) as latest_at
    from {{ source('socialdb', 'data_downloads') }}
    group by post_id
),

snapshots as (
    -- order key: time, then download_id, as post_snapshots.newest_rank
    select
        d.post_id,
        d.downloaded_at,
        d.total_reactions,
        d.stats_json,
        {'at': d.downloaded_at, 'id': d.download_id} as newest,
        l.latest_at,
        make_timestamp(p.posted_at_timestamp * 1000000) as posted_at
    from {{ source('socialdb', 'data_downloads') }} as d
    join {{ source('socialdb', 'posts') }} as p on p.post_id = d.post_id
    join latest as l on l.post_id = d.post_id
),

per_post as (
    -- one pass of plain aggregates (no window sorts over the snapshots)
    select
        post_id,
        count(*) as snapshots,
        max(downloaded_at) as latest_downloaded_at,
        min(downloaded_at) as first_downloaded_at,
        arg_max(total_reactions, newest) as latest_reactions,
        arg_max(stats_json, newest) as latest_stats_json,
        arg_min(total_reactions, newest) as first_reactions,
        arg_max(total_reactions, newest, 2) as newest_two_reactions,
        arg_max(downloaded_at, newest, 2) as newest_two_at,
        arg_max(total_reactions, newest)
            filter (where downloaded_at <= posted_at + interval 24 hours) as reactions_at_24h,
        arg_max(total_reactions, newest)
            filter (where downloaded_at <= latest_at - interval 24 hours) as day_before_reactions,
        max(downloaded_at)
            filter (where downloaded_at <= latest_at - interval 24 hours) as day_before_at
    from snapshots
    group by post_id
),

as_of as (
    select max(downloaded_at) as as_of from {{ source('socialdb', 'data_downloads') }}
),

measured as (
    select
        p.post_id,
        p.urn,
        p.author_username,
        make_timestamp(p.posted_at_timestamp * 1000000) as posted_at,
        p.posted_at_timestamp,
        p.post_type,
        coalesce(pp.snapshots, 0) as snapshots,
        pp.first_downloaded_at,
        pp.latest_downloaded_at,
        pp.latest_reactions,
        pp.latest_stats_json,
        pp.newest_two_at[2] as previous_downloaded_at,
        pp.newest_two_reactions[2] as previous_reactions,
        pp.latest_reactions - coalesce(pp.newest_two_reactions[2], pp.latest_reactions)
            as growth_since_previous,
        pp.latest_reactions - pp.first_reactions as growth_since_first,
        pp.reactions_at_24h,
        case when pp.day_before_at is not null then 'day_before' else 'first_snapshot' end
            as base_kind,
        coalesce(pp.day_before_reactions, pp.first_reactions) as base_reactions,
        coalesce(pp.day_before_at, pp.first_downloaded_at) as base_at,
        (epoch(a.as_of) - p.posted_at_timestamp) / 3600.0 as age_hours
    from {{ source('socialdb', 'posts') }} as p
    left join per_post as pp on pp.post_id = p.post_id
    cross join as_of as a
),

velocity as (
    select
        *,
        case
            when snapshots >= 2 and latest_downloaded_at > base_at
                then (latest_reactions - base_reactions)
                    / ((epoch(latest_downloaded_at) - epoch(base_at)) / 3600.0)
        end as velocity_24h,
        median(reactions_at_24h) over (partition by author_username) as author_median_at_24h
    from measured
)

select
    post_id,
    urn,
    author_username,
    posted_at,
    posted_at_timestamp,
    post_type,
    snapshots,
    first_downloaded_at,
    latest_downloaded_at,
    latest_reactions,
    latest_stats_json,
    previous_downloaded_at,
    previous_reactions,
    growth_since_previous,
    growth_since_first,
    reactions_at_24h,
    velocity_24h,
    case when velocity_24h is not null then base_kind end as velocity_basis,
    author_median_at_24h,
    reactions_at_24h / nullif(author_median_at_24h, 0) as lift_24h,
    age_hours,
    -- rising_score: the reactions the post gained over (about) the last day, as a
    -- multiple of what the author's posts typically reach in their first 24 h,
    -- halved for every 48 h of age at as_of. NULL with fewer than two snapshots.
    velocity_24h * 24.0 / greatest(coalesce(author_median_at_24h, 0), 1.0)
        * pow(0.5, greatest(age_hours, 0) / 48.0) as rising_score
from velocity
