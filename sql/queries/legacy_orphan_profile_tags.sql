-- Legacy links whose profile or tag is missing from the legacy database (or was skipped).
SELECT pt.legacy_id, pt.legacy_profile_id, pt.legacy_tag_id,
       lp.legacy_id IS NULL AS no_profile, lt.legacy_id IS NULL AS no_tag
FROM lg_profile_tags_in pt
LEFT JOIN (SELECT DISTINCT legacy_id FROM lg_profiles_in) lp
       ON lp.legacy_id = pt.legacy_profile_id
LEFT JOIN (SELECT DISTINCT legacy_id FROM lg_tags_in) lt ON lt.legacy_id = pt.legacy_tag_id
WHERE lp.legacy_id IS NULL OR lt.legacy_id IS NULL
ORDER BY pt.seq;
