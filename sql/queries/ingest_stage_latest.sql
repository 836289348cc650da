-- Per post of the batch: its newest record (for the post's columns) and first sighting.
CREATE OR REPLACE TEMP TABLE stg_latest AS
SELECT *,
       min(downloaded_at) OVER (PARTITION BY urn) AS first_downloaded_at
FROM stg_records
QUALIFY row_number() OVER (PARTITION BY urn ORDER BY downloaded_at DESC, file_name DESC) = 1;
