-- Record every legacy post this run took over (created, or found and given the legacy
-- UI state) that no earlier run recorded, in the migration's transaction, so the next
-- run leaves their UI state alone. Run after the posts are inserted: every picked urn
-- is a post by then.
INSERT INTO legacy_migrated_posts (urn, run_id, migrated_at)
SELECT k.urn, $run_id, $now
FROM lg_post_pick k
ANTI JOIN legacy_migrated_posts m ON m.urn = k.urn;
