-- 005: exact snapshot times (issue 8).
--
-- The real scraper names its files dataset_<user>_<YYYY-MM-DD_HH-MM-SS>-<ms>.json with
-- <ms> an UNPADDED integer ($(( 10#$(date +%N) / 1000000 ))): ..._18-14-20-42.json is
-- 18:14:20.042. Earlier versions read that part as a decimal fraction (.420), so a
-- snapshot of a name with 1 or 2 millisecond digits was stored up to 0.99 s late, and two
-- scrapes within one second could swap order. 3-digit names were read right either way.
--
-- What this fixes, only where the old rule was applied (the stored time equals the old
-- fractional reading of the name; anything else came from elsewhere and is left alone):
-- * data_downloads.downloaded_at, recomputed from source_file_name (ingested and
--   legacy-migrated snapshots alike). No table references data_downloads, so its
--   indexed downloaded_at can be updated in DuckDB 2.0.1.
-- * profiles.last_synced_at when it is the old reading of one of the profile's own files
--   (the ingest sets it to the newest file time): the newest exact reading of its files
--   in the ledger. Not indexed, so updatable although profile_tags references profiles.
--
-- * posts.first_seen_at when it is the old reading of one of the post's own snapshot
--   file names: the exact reading of that name. The column is indexed and posts is
--   referenced (data_downloads, post_media, post_tags, action_queue), and DuckDB 2.0.1
--   rejects an UPDATE of an indexed column of a referenced row (duckdb/duckdb#20246);
--   it accepts it once the index is gone, in its own committed transaction, and the
--   index can only be re-created after the UPDATE is committed. So this migration runs
--   in three steps (split by the runner at "-- socialdb: commit" lines, see
--   socialdb/db.py): drop the index; fix the times; re-create the index and record 005.
--   Every step is safe to re-run (IF [NOT] EXISTS; each UPDATE only touches values
--   still equal to an old reading). Only first_seen_at changes: the referenced key
--   (post_id) and every other row stay.
--
-- Names with 4 or more digits there are not scraper names any more (their time now
-- comes from Apify's finish time or the file's mtime); their already stored rows keep
-- the time they were given.

DROP INDEX IF EXISTS idx_posts_first_seen;
-- socialdb: commit
CREATE TEMP TABLE exact_name_times AS
SELECT file_name,
       username,
       base + to_microseconds(CAST(millis AS BIGINT) * 1000) AS exact,
       base + to_microseconds(CAST(rpad(millis, 6, '0') AS BIGINT)) AS old_reading
FROM (
    SELECT file_name,
           regexp_extract(file_name, '^dataset_(.+)_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{1,3}\.json$', 1)
               AS username,
           try_strptime(regexp_extract(file_name, '_(\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})-(\d{1,3})\.json$', 1),
                        '%Y-%m-%d_%H-%M-%S') AS base,
           regexp_extract(file_name, '_(\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})-(\d{1,3})\.json$', 2) AS millis
    FROM (
        SELECT DISTINCT source_file_name AS file_name FROM data_downloads
        UNION
        SELECT file_name FROM ingested_files WHERE status <> 'rejected'
    )
    WHERE regexp_matches(file_name, '^dataset_.+_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{1,3}\.json$')
)
WHERE base IS NOT NULL;

UPDATE data_downloads AS d
SET downloaded_at = t.exact
FROM exact_name_times t
WHERE d.source_file_name = t.file_name
  AND d.downloaded_at = t.old_reading
  AND t.exact <> t.old_reading;

UPDATE profiles AS pr
SET last_synced_at = (SELECT max(t.exact) FROM exact_name_times t WHERE t.username = pr.username)
WHERE EXISTS (
    SELECT 1 FROM exact_name_times t
    WHERE t.username = pr.username
      AND t.old_reading = pr.last_synced_at
      AND t.exact <> t.old_reading
);

UPDATE posts AS p
SET first_seen_at = fix.exact
FROM (
    SELECT d.post_id, min(t.exact) AS exact
    FROM data_downloads d
    JOIN exact_name_times t ON t.file_name = d.source_file_name
    JOIN posts p2 ON p2.post_id = d.post_id AND p2.first_seen_at = t.old_reading
    WHERE t.exact <> t.old_reading
    GROUP BY d.post_id
) AS fix
WHERE p.post_id = fix.post_id;

DROP TABLE exact_name_times;
-- socialdb: commit
CREATE INDEX IF NOT EXISTS idx_posts_first_seen ON posts (first_seen_at);
