-- Resolving what a user named on the command line to a row.

-- name: by_id
SELECT post_id, urn, full_urn, author_username FROM posts WHERE post_id = $post_id;

-- name: by_urn
SELECT post_id, urn, full_urn, author_username FROM posts
WHERE urn = $urn OR full_urn = $full_urn
ORDER BY (urn = $urn) DESC LIMIT 1;

-- name: profile_by_username
SELECT profile_id, username, name, platform, is_active FROM profiles WHERE username = $username;

-- name: tag_by_name
SELECT tag_id, name, description, color FROM tags WHERE name = $name;
