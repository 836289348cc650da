-- New tags; the legacy database has no descriptions.
INSERT INTO tags (tag_id, name, color, created_at)
SELECT ids.id, s.name, coalesce(s.color, 'cyan'), coalesce(s.created_at, $now)
FROM lg_tags_new s
JOIN lg_ids ids ON ids.rn = s.rn;
