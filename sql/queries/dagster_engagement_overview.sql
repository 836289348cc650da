-- Row counts of the analytics models (materialization metadata of the dbt assets).
SELECT
    (SELECT count(*) FROM post_snapshots)   AS post_snapshots,
    (SELECT count(*) FROM post_performance) AS post_performance,
    (SELECT count(*) FROM rising_posts)     AS rising_posts,
    (SELECT count(*) FROM author_baseline)  AS author_baseline,
    (SELECT count(*) FROM author_curve)     AS author_curve,
    (SELECT count(*) FROM profile_daily)    AS profile_daily;
