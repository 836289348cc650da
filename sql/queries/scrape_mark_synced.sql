-- After a scrape: each successfully scraped profile's last_synced_at becomes the Apify
-- run's finish time (never moving backwards). Only unindexed columns change, which keeps
-- the update safe for profiles referenced by profile_tags (DuckDB issue #20246).
UPDATE profiles AS pr
SET last_synced_at = CASE
        WHEN pr.last_synced_at IS NULL OR s.synced > pr.last_synced_at THEN s.synced
        ELSE pr.last_synced_at END,
    updated_at = $now
FROM (
    SELECT username, max(synced) AS synced
    FROM (SELECT unnest($usernames::TEXT[]) AS username,
                 unnest($synced::TIMESTAMP[]) AS synced)
    GROUP BY username
) AS s
WHERE pr.username = s.username;
