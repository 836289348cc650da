-- Distinct (profile, tag) links the legacy database maps to (for the matched count).
SELECT count(*) FROM (
    SELECT DISTINCT lp.username, lt.name
    FROM lg_profile_tags_in pt
    JOIN lg_profiles_in lp ON lp.legacy_id = pt.legacy_profile_id
    JOIN lg_tags_in lt ON lt.legacy_id = pt.legacy_tag_id
);
