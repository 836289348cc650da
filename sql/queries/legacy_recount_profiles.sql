-- post_count is the number of stored posts by the profile (the managers' invariant, kept
-- by every ingest): recounted for the migrated profiles and the authors of the migrated
-- posts, as the ingest does for the authors it loads. The legacy column is often stale
-- (0 next to the posts it counted). Only differing rows are touched, so a re-run changes
-- nothing; updated_at keeps the legacy value (a derived count is not an edit).
-- post_count is not indexed, so the UPDATE is safe on referenced rows (#20246).
UPDATE profiles AS pr
SET post_count = c.n
FROM (
    SELECT u.username, count(p.post_id) AS n
    FROM (SELECT username FROM lg_profiles_in
          UNION SELECT author_username FROM lg_posts WHERE author_username IS NOT NULL) u
    LEFT JOIN posts p ON p.author_username = u.username
    GROUP BY u.username
) AS c
WHERE pr.username = c.username AND pr.post_count IS DISTINCT FROM c.n;
