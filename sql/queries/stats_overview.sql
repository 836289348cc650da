-- One row of headline counts for `socialdb stats`.
SELECT
    (SELECT count(*) FROM posts)                                   AS posts,
    (SELECT count(*) FROM data_downloads)                          AS snapshots,
    (SELECT count(*) FROM post_media)                              AS media,
    (SELECT count(*) FROM profiles)                                AS profiles,
    (SELECT count(*) FROM profiles WHERE is_active)                AS active_profiles,
    (SELECT count(*) FROM tags)                                    AS tags,
    (SELECT count(*) FROM download_runs)                           AS runs,
    (SELECT count(*) FROM ingested_files WHERE status <> 'rejected') AS files_ingested,
    (SELECT count(*) FROM ingested_files WHERE status = 'partial')  AS files_partial,
    (SELECT count(*) FROM ingested_files WHERE status = 'rejected') AS files_rejected,
    (SELECT count(*) FROM action_queue WHERE status = 'queued')     AS actions_queued;
