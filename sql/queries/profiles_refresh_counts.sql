-- Keep the watch list right after an ingest: post_count is the number of posts by the
-- profile; last_synced_at is the newest scrape of the profile's own files.
UPDATE profiles AS pr
SET post_count = (SELECT count(*) FROM posts p WHERE p.author_username = pr.username),
    last_synced_at = CASE
        WHEN sync.synced IS NULL THEN pr.last_synced_at
        WHEN pr.last_synced_at IS NULL OR sync.synced > pr.last_synced_at THEN sync.synced
        ELSE pr.last_synced_at END,
    updated_at = $now
FROM (
    SELECT u.username, max(f.synced) AS synced
    FROM (SELECT unnest($usernames::TEXT[]) AS username) u
    LEFT JOIN (SELECT unnest($file_users::TEXT[]) AS username,
                      unnest($file_times::TIMESTAMP[]) AS synced) f USING (username)
    GROUP BY u.username
) AS sync
WHERE pr.username = sync.username;
