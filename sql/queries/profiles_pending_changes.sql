-- The journal of two-transaction changes (see migration 003 and
-- socialdb/managers/journal.py). Phase 1 stashes and deletes dependants, phase 2
-- changes the parent and restores the stash. Parameters: $change (journal id),
-- $target (profile_id / tag_id / post_id), $value, $now.

-- name: journal_add
INSERT INTO pending_changes (change_id, kind, target_id, new_value, created_at)
VALUES ($change, $kind, $target, $value, $now);

-- name: journal_list
SELECT change_id, kind, target_id, new_value
FROM pending_changes ORDER BY created_at, change_id;

-- name: journal_done
DELETE FROM pending_changes WHERE change_id = $change;

-- name: stash_profile_tags_of_profile
INSERT INTO pending_profile_tags
SELECT $change, profile_tag_id, profile_id, tag_id, created_at
FROM profile_tags WHERE profile_id = $target;

-- name: stash_profile_tags_of_tag
INSERT INTO pending_profile_tags
SELECT $change, profile_tag_id, profile_id, tag_id, created_at
FROM profile_tags WHERE tag_id = $target;

-- name: stash_post_tags_of_tag
INSERT INTO pending_post_tags
SELECT $change, post_tag_id, post_id, tag_id, confidence, applied_by, system_notes, created_at
FROM post_tags WHERE tag_id = $target;

-- name: delete_profile_tags_of_profile
DELETE FROM profile_tags WHERE profile_id = $target;

-- name: delete_profile_tags_of_tag
DELETE FROM profile_tags WHERE tag_id = $target;

-- name: delete_post_tags_of_tag
DELETE FROM post_tags WHERE tag_id = $target;

-- name: delete_post_tags_of_post
DELETE FROM post_tags WHERE post_id = $target;

-- name: delete_downloads_of_post
DELETE FROM data_downloads WHERE post_id = $target;

-- name: delete_media_of_post
DELETE FROM post_media WHERE post_id = $target;

-- name: delete_actions_of_post
DELETE FROM action_queue WHERE post_id = $target;

-- name: set_profile_active
UPDATE profiles SET is_active = CAST($value AS BOOLEAN), updated_at = $now
WHERE profile_id = $target;

-- name: rename_tag
UPDATE tags SET name = $value WHERE tag_id = $target;

-- name: delete_profile
DELETE FROM profiles WHERE profile_id = $target;

-- name: delete_tag
DELETE FROM tags WHERE tag_id = $target;

-- name: delete_post
DELETE FROM posts WHERE post_id = $target;

-- name: recount_post_author
-- After delete_post ($value = the post's author_username): post_count is the number of
-- stored posts by the profile. post_count is not indexed, so this UPDATE is safe.
UPDATE profiles
SET post_count = (SELECT count(*) FROM posts p WHERE p.author_username = $value),
    updated_at = $now
WHERE username = $value;

-- name: restore_profile_tags
-- One link per (profile, tag), the oldest: when settle() re-stashes a link that a writer
-- which does not settle the journal (the legacy migration) added between the two steps,
-- the stash holds two for one pair, and the restore must never fail on the UNIQUE key or
-- the journal entry could never be finished.
INSERT INTO profile_tags (profile_tag_id, profile_id, tag_id, created_at)
SELECT s.profile_tag_id, s.profile_id, s.tag_id, s.created_at
FROM pending_profile_tags s
WHERE s.change_id = $change
  AND NOT EXISTS (SELECT 1 FROM profile_tags e
                  WHERE e.profile_id = s.profile_id AND e.tag_id = s.tag_id)
QUALIFY row_number() OVER (PARTITION BY s.profile_id, s.tag_id
                           ORDER BY s.created_at NULLS LAST, s.profile_tag_id) = 1;

-- name: restore_post_tags
INSERT INTO post_tags (post_tag_id, post_id, tag_id, confidence, applied_by, system_notes,
                       created_at)
SELECT s.post_tag_id, s.post_id, s.tag_id, s.confidence, s.applied_by, s.system_notes,
       s.created_at
FROM pending_post_tags s
WHERE s.change_id = $change
  AND NOT EXISTS (SELECT 1 FROM post_tags e
                  WHERE e.post_id = s.post_id AND e.tag_id = s.tag_id)
QUALIFY row_number() OVER (PARTITION BY s.post_id, s.tag_id
                           ORDER BY (s.applied_by = 'user') DESC, s.created_at NULLS LAST,
                                    s.post_tag_id) = 1;

-- name: clear_profile_tags_stash
DELETE FROM pending_profile_tags WHERE change_id = $change;

-- name: clear_post_tags_stash
DELETE FROM pending_post_tags WHERE change_id = $change;
