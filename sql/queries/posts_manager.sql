-- PostManager (socialdb/managers/posts.py). Engagement comes from the analytics model
-- post_performance (a view over every committed snapshot; sql/analytics/models).

-- name: list
-- $sort: newest (publication time), rising (rising_score), velocity (velocity_24h),
-- reactions (latest_reactions); posts without the measure come last, newest first.
-- The page is chosen first; tags and previews are built for its rows only.
WITH page AS (
    SELECT e.*, p.is_read, p.is_marked,
           CASE $sort
               WHEN 'rising' THEN e.rising_score
               WHEN 'velocity' THEN e.velocity_24h
               WHEN 'reactions' THEN CAST(e.latest_reactions AS DOUBLE)
           END AS sort_value
    FROM post_performance e JOIN posts p USING (post_id)
    WHERE (NOT $unread OR NOT p.is_read)
      AND (NOT $marked OR p.is_marked)
      AND ($author IS NULL OR e.author_username = $author)
      AND ($tag IS NULL OR EXISTS (SELECT 1 FROM post_tags pt JOIN tags t USING (tag_id)
                                   WHERE pt.post_id = e.post_id AND t.name = $tag))
      AND ($since IS NULL OR e.posted_at_timestamp >= epoch(CAST($since AS TIMESTAMP)))
    ORDER BY sort_value DESC NULLS LAST, e.posted_at_timestamp DESC, e.post_id
    LIMIT $limit
)
SELECT e.post_id, e.urn, e.author_username, e.posted_at,
       e.post_type, e.is_read, e.is_marked,
       e.snapshots,
       e.latest_reactions, e.growth_since_previous, e.latest_downloaded_at,
       e.reactions_at_24h, e.velocity_24h, e.lift_24h, e.rising_score,
       e.author_median_at_24h,
       coalesce((SELECT list(t.name ORDER BY t.name) FROM post_tags pt
                 JOIN tags t USING (tag_id) WHERE pt.post_id = e.post_id), []) AS tags,
       left(regexp_replace(coalesce(p.text_content, ''), '\s+', ' ', 'g'), $preview) AS preview
FROM page e JOIN posts p USING (post_id)
ORDER BY e.sort_value DESC NULLS LAST, e.posted_at_timestamp DESC, e.post_id;

-- name: get
SELECT p.post_id, p.urn, p.full_urn, p.platform, p.author_username,
       make_timestamp(CAST(p.posted_at_timestamp AS BIGINT) * 1000000) AS posted_at,
       p.posted_at_timestamp, p.post_type, p.url, p.text_content, p.first_seen_at,
       p.is_read, p.is_marked, p.created_at, p.updated_at,
       e.snapshots, e.latest_reactions, e.growth_since_previous, e.growth_since_first,
       e.reactions_at_24h, e.velocity_24h, e.author_median_at_24h, e.lift_24h,
       e.rising_score
FROM posts p JOIN post_performance e USING (post_id)
WHERE p.post_id = $post_id;

-- name: media
SELECT media_id, media_type, media_url, width, height, ai_analysis_status
FROM post_media WHERE post_id = $post_id ORDER BY created_at, media_id;

-- name: tags
SELECT t.name, t.color, pt.applied_by, pt.confidence, pt.system_notes, pt.created_at
FROM post_tags pt JOIN tags t USING (tag_id)
WHERE pt.post_id = $post_id ORDER BY t.name;

-- name: actions
SELECT action_id, action_type, status, priority, scheduled_for, executed_at, user_notes,
       action_params, created_at
FROM action_queue WHERE post_id = $post_id ORDER BY created_at, action_id;

-- name: history
SELECT download_id, downloaded_at, total_reactions,
       total_reactions - lag(total_reactions) OVER w AS growth,
       run_id, source_file_name
FROM data_downloads WHERE post_id = $post_id
WINDOW w AS (ORDER BY downloaded_at, download_id)
ORDER BY downloaded_at, download_id;

-- name: set_read
-- is_read / is_marked / updated_at carry no index, so this UPDATE is safe while the
-- post is referenced (snapshots, media, tags, actions).
UPDATE posts SET is_read = $value, updated_at = $now WHERE post_id = $post_id;

-- name: set_marked
UPDATE posts SET is_marked = $value, updated_at = $now WHERE post_id = $post_id;

-- name: raw_json
SELECT raw_json FROM posts WHERE post_id = $post_id;

-- name: list_basic
-- Newest first from the base tables only (posts + their newest snapshot), without the
-- analytics measures: what the triage viewer paints first on a large database.
SELECT p.post_id, p.urn, p.author_username,
       make_timestamp(CAST(p.posted_at_timestamp AS BIGINT) * 1000000) AS posted_at,
       p.post_type, p.platform, p.is_read, p.is_marked,
       coalesce(d.snapshots, 0) AS snapshots, d.latest_reactions, d.latest_downloaded_at,
       coalesce((SELECT list(t.name ORDER BY t.name) FROM post_tags pt
                 JOIN tags t USING (tag_id) WHERE pt.post_id = p.post_id), []) AS tags,
       -- cut before collapsing whitespace: the regexp then reads $preview * 2 characters,
       -- not the whole text (3x faster on 20,000 posts)
       left(regexp_replace(left(coalesce(p.text_content, ''), $preview * 2), '\s+', ' ', 'g'),
            $preview) AS preview
FROM posts p
LEFT JOIN (SELECT post_id, count(*) AS snapshots,
                  arg_max(total_reactions, downloaded_at) AS latest_reactions,
                  max(downloaded_at) AS latest_downloaded_at
           FROM data_downloads GROUP BY post_id) d USING (post_id)
ORDER BY p.posted_at_timestamp DESC, p.post_id
LIMIT $limit;
