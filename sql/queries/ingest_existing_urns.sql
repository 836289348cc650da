-- The batch's URNs that are already posts (staged by ingest_stage_known).
SELECT urn FROM stg_known;
