-- Asset check: one post per URN (the unique index should make this impossible; the check
-- catches a file restored from elsewhere or an index dropped by hand). One row per URN.
SELECT 'posts' AS table_name, urn AS row_id, count(*) AS posts,
       string_agg(post_id, ', ' ORDER BY post_id) AS post_ids
FROM posts
GROUP BY urn
HAVING count(*) > 1
ORDER BY posts DESC, urn;
