-- Legacy snapshots not yet stored: one per (post, source file NAME), the key the ingest
-- uses too, so the snapshot of a legacy source_file and the one ingested from that same
-- raw file are one. Posts the old tool saw without a source file get at most one
-- snapshot with no file name (IS NOT DISTINCT FROM), so a re-run adds none.
CREATE OR REPLACE TEMP TABLE lg_snapshots_new AS
SELECT row_number() OVER (ORDER BY s.seq) AS rn, p.post_id, s.*
FROM (
    SELECT * FROM lg_snapshots
    QUALIFY row_number() OVER (PARTITION BY urn, source_file_name ORDER BY seq) = 1
) s
JOIN posts p ON p.urn = s.urn
WHERE NOT EXISTS (
    SELECT 1 FROM data_downloads d
    WHERE d.post_id = p.post_id AND d.source_file_name IS NOT DISTINCT FROM s.source_file_name
);
