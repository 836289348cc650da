-- ProfileManager (socialdb/managers/profiles.py).

-- name: insert
-- post_count and last_synced_at are computed from what is already stored: posts by
-- this author, and the newest snapshot of a file scraped for this username
-- (dataset_<username>_<stamp>.json).
INSERT INTO profiles (profile_id, username, name, platform, is_active, notes, post_count,
                      last_synced_at, created_at, updated_at)
SELECT $profile_id, $username, $name, $platform, true, $notes,
       (SELECT count(*) FROM posts p WHERE p.author_username = $username),
       (SELECT max(d.downloaded_at) FROM data_downloads d
        WHERE starts_with(d.source_file_name, 'dataset_' || $username || '_')
          AND regexp_full_match(
                substr(d.source_file_name, length('dataset_' || $username || '_') + 1),
                '\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}(-\d{1,6})?\.json')),
       $now, $now;

-- name: list
SELECT p.profile_id, p.username, p.name, p.platform, p.is_active, p.notes, p.post_count,
       p.last_synced_at, p.created_at, p.updated_at,
       coalesce((SELECT list(t.name ORDER BY t.name) FROM profile_tags pt
                 JOIN tags t USING (tag_id) WHERE pt.profile_id = p.profile_id),
                []) AS tags
FROM profiles p
WHERE ($active IS NULL OR p.is_active = $active)
  AND ($tag IS NULL OR EXISTS (SELECT 1 FROM profile_tags pt JOIN tags t USING (tag_id)
                               WHERE pt.profile_id = p.profile_id AND t.name = $tag))
ORDER BY p.username;

-- name: get
SELECT p.profile_id, p.username, p.name, p.platform, p.is_active, p.notes, p.post_count,
       p.last_synced_at, p.created_at, p.updated_at,
       coalesce((SELECT list(t.name ORDER BY t.name) FROM profile_tags pt
                 JOIN tags t USING (tag_id) WHERE pt.profile_id = p.profile_id),
                []) AS tags,
       (SELECT max(posted_at_timestamp) FROM posts WHERE author_username = p.username)
           AS newest_post_timestamp
FROM profiles p WHERE p.username = $username;

-- name: update
UPDATE profiles SET name = coalesce($name, name),
                    notes = coalesce($notes, notes),
                    platform = coalesce($platform, platform),
                    updated_at = $now
WHERE profile_id = $profile_id;

-- name: tag_exists
SELECT count(*) FROM profile_tags WHERE profile_id = $profile_id AND tag_id = $tag_id;

-- name: tag
INSERT INTO profile_tags (profile_tag_id, profile_id, tag_id, created_at)
VALUES ($profile_tag_id, $profile_id, $tag_id, $now);

-- name: untag
DELETE FROM profile_tags WHERE profile_id = $profile_id AND tag_id = $tag_id;
