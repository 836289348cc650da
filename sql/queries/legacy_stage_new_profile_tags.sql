-- Legacy profile-tag links re-pointed from the old integer ids to the profiles and tags
-- they now are (by username and normalized tag name). Links that collapse into one
-- (two legacy tags merged by case) count once; links already present are skipped.
CREATE OR REPLACE TEMP TABLE lg_profile_tags_new AS
SELECT row_number() OVER (ORDER BY s.first_id) AS rn, s.profile_id, s.tag_id, s.created_at
FROM (
    SELECT p.profile_id, t.tag_id, min(pt.created_at) AS created_at,
           min(pt.seq) AS first_id
    FROM lg_profile_tags_in pt
    JOIN lg_profiles_in lp ON lp.legacy_id = pt.legacy_profile_id
    JOIN profiles p ON p.username = lp.username
    JOIN lg_tags_in lt ON lt.legacy_id = pt.legacy_tag_id
    JOIN tags t ON t.name = lt.name
    GROUP BY p.profile_id, t.tag_id
) s
ANTI JOIN profile_tags e ON e.profile_id = s.profile_id AND e.tag_id = s.tag_id;
