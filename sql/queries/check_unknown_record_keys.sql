-- Asset check (warning): top-level keys of the Apify records in posts.raw_json that the
-- normalizer does not know ($known = socialdb.apify.linkedin.KNOWN_RECORD_KEYS), i.e. the
-- actor changed its output. One row per unknown key, with how many posts carry it.
WITH record_keys AS (
    SELECT post_id, unnest(json_keys(raw_json)) AS record_key
    FROM posts
    WHERE raw_json IS NOT NULL AND json_valid(raw_json) AND json_type(raw_json) = 'OBJECT'
)
SELECT 'posts' AS table_name, record_key AS row_id, count(*) AS posts,
       min(post_id) AS example_post_id
FROM record_keys
WHERE NOT list_contains($known::TEXT[], record_key)
GROUP BY record_key
ORDER BY posts DESC, record_key;
