-- PostTagManager (socialdb/managers/post_tags.py). post_tags is referenced by no
-- foreign key, so every column of it may be updated.

-- name: get
SELECT post_tag_id, applied_by, confidence, system_notes
FROM post_tags WHERE post_id = $post_id AND tag_id = $tag_id;

-- name: insert
INSERT INTO post_tags (post_tag_id, post_id, tag_id, confidence, applied_by, system_notes,
                       created_at)
VALUES ($post_tag_id, $post_id, $tag_id, $confidence, $applied_by, $system_notes, $now);

-- name: to_user
UPDATE post_tags SET applied_by = 'user', confidence = $confidence, system_notes = $system_notes
WHERE post_tag_id = $post_tag_id;

-- name: delete
DELETE FROM post_tags WHERE post_id = $post_id AND tag_id = $tag_id;

-- name: of_post
SELECT t.name, pt.applied_by, pt.confidence, pt.system_notes, pt.created_at
FROM post_tags pt JOIN tags t USING (tag_id) WHERE pt.post_id = $post_id ORDER BY t.name;
