-- One row per post identity. Legacy rows that map to the same urn (a bare id and its
-- full urn:li:activity form) are one post: its columns come from the row `seq` (valid
-- json_data first, then the newest scrape); it is read/marked if any of those rows was;
-- its first_seen_at is the earliest. Kept narrow: the wide text stays in lg_posts and
-- is joined by seq only where it is inserted.
CREATE OR REPLACE TEMP TABLE lg_post_pick AS
SELECT g.*, s.legacy_urn
FROM (
    SELECT urn,
           first(seq ORDER BY json_ok DESC, seen_at DESC NULLS LAST, seq) AS seq,
           bool_or(is_read)   AS is_read,
           bool_or(is_marked) AS is_marked,
           min(first_seen_at) AS first_seen_at,
           count(*)           AS legacy_rows
    FROM lg_posts
    GROUP BY urn
) g
JOIN lg_posts s ON s.seq = g.seq;
