-- TagManager (socialdb/managers/tags.py).

-- name: insert
INSERT INTO tags (tag_id, name, description, color, created_at)
VALUES ($tag_id, $name, $description, $color, $now);

-- name: list
SELECT t.tag_id, t.name, t.description, t.color, t.created_at,
       (SELECT count(*) FROM profile_tags pt WHERE pt.tag_id = t.tag_id) AS profiles,
       (SELECT count(*) FROM post_tags pg WHERE pg.tag_id = t.tag_id) AS posts
FROM tags t ORDER BY t.name;

-- name: update
UPDATE tags SET description = coalesce($description, description),
                color = coalesce($color, color)
WHERE tag_id = $tag_id;
