-- Legacy tags by normalized name (lower-cased, trimmed): tags that differ only in case
-- merge into one, with the colour of the oldest; names that already exist are matched.
CREATE OR REPLACE TEMP TABLE lg_tags_new AS
SELECT row_number() OVER (ORDER BY s.first_id) AS rn, s.name, s.color, s.created_at
FROM (
    SELECT name, arg_min(color, legacy_id) AS color, min(created_at) AS created_at,
           min(legacy_id) AS first_id
    FROM lg_tags_in
    GROUP BY name
) s
ANTI JOIN tags t ON t.name = s.name;
