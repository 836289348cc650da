-- Add one committed batch's counts to its run, in the batch's own transaction, so a
-- run killed later still shows exactly what it stored.
UPDATE download_runs
SET posts_fetched = posts_fetched + $fetched,
    posts_new     = posts_new + $new,
    posts_updated = posts_updated + $updated
WHERE run_id = $run_id;
