-- Legacy profiles whose username is not watched yet (the first legacy row per username).
CREATE OR REPLACE TEMP TABLE lg_profiles_new AS
SELECT row_number() OVER (ORDER BY s.legacy_id) AS rn, s.*
FROM (
    SELECT * FROM lg_profiles_in
    QUALIFY row_number() OVER (PARTITION BY username ORDER BY legacy_id) = 1
) s
ANTI JOIN profiles p ON p.username = s.username;
