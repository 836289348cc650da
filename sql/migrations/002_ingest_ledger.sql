-- 002: what the ingest needs beyond the seed.
-- * data_downloads.source_file_name: a snapshot is unique per (post, file NAME), so a
--   moved landing folder or a legacy relative path never duplicates snapshots.
-- * post_media is unique per (post, url): media are deduplicated per post.
-- * ingested_files: the ledger that lets an unchanged file be skipped cheaply and a
--   changed one be re-read (its snapshots replaced).
-- * download_runs.dagster_run_id / partition_key: the Dagster run that wrote the row.

ALTER TABLE data_downloads ADD COLUMN IF NOT EXISTS source_file_name TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS idx_downloads_post_file
    ON data_downloads (post_id, source_file_name);

CREATE UNIQUE INDEX IF NOT EXISTS idx_media_post_url ON post_media (post_id, media_url);

ALTER TABLE download_runs ADD COLUMN IF NOT EXISTS dagster_run_id TEXT;
ALTER TABLE download_runs ADD COLUMN IF NOT EXISTS partition_key TEXT;
CREATE INDEX IF NOT EXISTS idx_runs_dagster_run_id ON download_runs (dagster_run_id);

CREATE TABLE IF NOT EXISTS ingested_files (
    file_name       TEXT PRIMARY KEY,          -- dataset_<user>_<stamp>.json: unique by layout
    file_path       TEXT NOT NULL,             -- where it was last read from
    file_size       BIGINT NOT NULL,
    file_mtime      DOUBLE,                    -- lets an unchanged file skip hashing
    content_hash    TEXT NOT NULL,             -- blake2b-128 of the bytes
    scrape_day      TEXT,                      -- YYYYMMDD folder, the Dagster partition
    run_id          TEXT,                      -- the download_runs row that read it
    status          TEXT NOT NULL,             -- 'ingested' | 'partial' | 'rejected'
    records_read    INTEGER DEFAULT 0,
    records_rejected INTEGER DEFAULT 0,
    error           TEXT,                      -- why the file or some records were rejected
    ingested_at     TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_ingested_files_day ON ingested_files (scrape_day);
CREATE INDEX IF NOT EXISTS idx_ingested_files_status ON ingested_files (status);
