-- Rule tagging (socialdb/tagging.py). Only rows with applied_by = 'rule' are ever
-- inserted, updated or deleted here: tags a person ('user') or a model ('ai') applied
-- are left exactly as they are.

-- name: last_run
SELECT rules_hash, watermark FROM tagging_runs
WHERE finished_at IS NOT NULL ORDER BY tagging_run_id DESC LIMIT 1;

-- name: posts_to_examine
SELECT post_id, author_username, text_content
FROM posts
WHERE $full OR updated_at IS NULL OR updated_at > $watermark
ORDER BY post_id;

-- name: newest_update
SELECT max(updated_at) FROM posts;

-- name: existing_tags
-- Every tag on the examined posts (staged as stg_tag_posts), whoever applied it.
SELECT pt.post_tag_id, pt.post_id, pt.tag_id, pt.applied_by, pt.confidence, pt.system_notes
FROM post_tags pt JOIN stg_tag_posts s USING (post_id);

-- name: insert_tags
INSERT INTO post_tags (post_tag_id, post_id, tag_id, confidence, applied_by, system_notes,
                       created_at)
SELECT post_tag_id, post_id, tag_id, confidence, 'rule', system_notes, $now
FROM stg_tag_rows;

-- name: update_tags
UPDATE post_tags SET confidence = s.confidence, system_notes = s.system_notes
FROM stg_tag_rows s
WHERE post_tags.post_tag_id = s.post_tag_id AND post_tags.applied_by = 'rule';

-- name: delete_tags
DELETE FROM post_tags
WHERE applied_by = 'rule' AND post_tag_id IN (SELECT post_tag_id FROM stg_tag_rows);

-- name: record_run
INSERT INTO tagging_runs (started_at, finished_at, rules_path, rules_hash, watermark,
                          full_scan, posts_examined, tags_added, tags_updated, tags_removed)
VALUES ($started_at, $finished_at, $rules_path, $rules_hash, $watermark, $full_scan,
        $posts_examined, $tags_added, $tags_updated, $tags_removed);
