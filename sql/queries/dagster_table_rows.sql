-- Row counts of the tables the ingest writes (dagster/row_count metadata).
SELECT (SELECT count(*) FROM posts)          AS posts,
       (SELECT count(*) FROM data_downloads) AS data_downloads,
       (SELECT count(*) FROM post_media)     AS post_media,
       (SELECT count(*) FROM download_runs)  AS download_runs;
