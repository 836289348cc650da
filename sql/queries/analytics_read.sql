-- socialdb.analytics: reads of the analytics models (sql/analytics/models, views in
-- the socialdb database). Every value comes from the models; this file only filters,
-- orders and fills in days without activity.

-- name: author_baselines
SELECT author_username, posts, posts_with_24h, median_reactions_at_24h,
       p90_reactions_at_24h, max_reactions_at_24h, latest_reactions_total,
       first_posted_at, last_posted_at, last_snapshot_at, posts_per_week,
       median_hours_between_posts
FROM author_baseline
WHERE $usernames IS NULL OR list_contains($usernames, author_username)
ORDER BY author_username;

-- name: post_history
SELECT downloaded_at, age_hours, total_reactions, reactions_gained, download_id
FROM post_snapshots
WHERE post_id = $post_id
ORDER BY downloaded_at, download_id;

-- name: author_median_curve
SELECT age_hours, posts, median_reactions
FROM author_curve
WHERE author_username = $username
ORDER BY age_hours;

-- name: rising_posts
SELECT rising_rank, post_id, urn, author_username, posted_at, age_hours, snapshots,
       latest_downloaded_at, latest_reactions, reactions_at_24h, velocity_24h,
       author_median_at_24h, lift_24h, rising_score
FROM rising_posts
WHERE $author IS NULL OR author_username = $author
ORDER BY rising_rank
LIMIT $limit;

-- name: profile_daily
-- The last $days UTC days up to the newest snapshot's day (today on an empty
-- database), one row per day, zeros where the author had no activity.
WITH last_day AS (
    SELECT coalesce(CAST(max(downloaded_at) AS DATE), current_date) AS day
    FROM data_downloads
),
days AS (
    SELECT CAST(d AS DATE) AS day
    FROM last_day, generate_series(last_day.day - ($days - 1), last_day.day, INTERVAL 1 DAY) AS g(d)
)
SELECT days.day,
       coalesce(p.posts_published, 0) AS posts_published,
       coalesce(p.reactions_gained, 0) AS reactions_gained,
       coalesce(p.snapshots, 0) AS snapshots
FROM days
LEFT JOIN profile_daily p ON p.day = days.day AND p.author_username = $username
ORDER BY days.day;

-- name: profile_daily_all
-- Every author's daily rows with snapshots in the last $days days up to the newest
-- snapshot's day (the report's chart); days without snapshots are absent.
SELECT author_username, day, posts_published, reactions_gained, snapshots
FROM profile_daily
WHERE snapshots > 0
  AND day > (SELECT coalesce(CAST(max(downloaded_at) AS DATE), current_date)
             FROM data_downloads) - $days
ORDER BY author_username, day;

-- name: author_known
SELECT (SELECT count(*) FROM posts WHERE author_username = $username)
     + (SELECT count(*) FROM profiles WHERE username = $username) AS found;

-- name: report_rising
-- The report's table: the top rising posts with their link and the start of the text.
SELECT r.rising_rank, r.post_id, r.author_username, r.posted_at, r.age_hours,
       r.latest_reactions, r.reactions_at_24h, r.velocity_24h, r.author_median_at_24h,
       r.lift_24h, r.rising_score, p.url,
       left(regexp_replace(coalesce(p.text_content, ''), '\s+', ' ', 'g'), 140) AS preview
FROM rising_posts r JOIN posts p USING (post_id)
ORDER BY r.rising_rank
LIMIT $limit;

-- name: report_totals
SELECT (SELECT count(*) FROM posts) AS posts,
       (SELECT count(*) FROM data_downloads) AS snapshots,
       (SELECT count(DISTINCT author_username) FROM posts) AS authors,
       (SELECT max(downloaded_at) FROM data_downloads) AS as_of;
