-- Every engagement snapshot with its post's author, publication time and age, and the
-- reactions gained since the post's previous snapshot (NULL for its first one; a
-- decrease is negative). newest_rank 1 is the post's latest snapshot.
select
    d.download_id,
    d.post_id,
    p.author_username,
    make_timestamp(p.posted_at_timestamp * 1000000) as posted_at,
    d.downloaded_at,
    d.total_reactions,
    d.stats_json,
    (epoch(d.downloaded_at) - p.posted_at_timestamp) / 3600.0 as age_hours,
    d.total_reactions - lag(d.total_reactions) over oldest_first as reactions_gained,
    row_number() over (
        partition by d.post_id order by d.downloaded_at desc, d.download_id desc
    ) as newest_rank
from {{ source('socialdb', 'data_downloads') }} as d
join {{ source('socialdb', 'posts') }} as p on p.post_id = d.post_id
window oldest_first as (partition by d.post_id order by d.downloaded_at, d.download_id)
