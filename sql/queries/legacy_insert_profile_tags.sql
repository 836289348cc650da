-- New profile-tag links with their legacy creation time.
INSERT INTO profile_tags (profile_tag_id, profile_id, tag_id, created_at)
SELECT ids.id, s.profile_id, s.tag_id, coalesce(s.created_at, $now)
FROM lg_profile_tags_new s
JOIN lg_ids ids ON ids.rn = s.rn;
