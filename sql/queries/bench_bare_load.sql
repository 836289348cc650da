-- The benchmark floor: the same three tables loaded straight from the files with one
-- read_json_objects pass and INSERT ... SELECT — no validation, no ledger, no dedupe
-- beyond what the unique keys force, sequential IDs (8 random hex digits would collide at this size).
CREATE TEMP TABLE raw_records AS
SELECT regexp_extract(filename, '[^/]+$') AS file_name, filename AS file_path, json AS record
FROM read_json_objects(getvariable('corpus_glob'), format = 'array', filename = true);

INSERT INTO posts (post_id, urn, full_urn, posted_at_timestamp, author_username, text_content,
                   post_type, url, raw_json, first_seen_at)
SELECT 'p-' || substr(md5(urn), 1, 8), urn, any_value(full_urn), any_value(ts),
       any_value(author), any_value(txt), any_value(kind), any_value(link),
       any_value(record), now()
FROM (
    SELECT regexp_extract(record ->> 'full_urn', '(\d+)$') AS urn, record ->> 'full_urn' AS full_urn,
           (record -> 'posted_at' ->> 'timestamp')::BIGINT // 1000 AS ts,
           record -> 'author' ->> 'username' AS author, record ->> 'text' AS txt,
           record ->> 'post_type' AS kind, record ->> 'url' AS link, record::TEXT AS record
    FROM raw_records
)
GROUP BY urn;

INSERT INTO data_downloads (download_id, post_id, downloaded_at, total_reactions, stats_json,
                            raw_json, source_file_path, source_file_name)
SELECT 'dl-' || lpad(to_hex(row_number() OVER ()), 8, '0'), 'p-' || substr(md5(urn), 1, 8),
       strptime(regexp_extract(file_name, '(\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})'), '%Y-%m-%d_%H-%M-%S'),
       (record -> 'stats' ->> 'total_reactions')::INTEGER, (record -> 'stats')::TEXT,
       record::TEXT, file_path, file_name
FROM (SELECT *, regexp_extract(record ->> 'full_urn', '(\d+)$') AS urn FROM raw_records);

INSERT INTO post_media (media_id, post_id, media_type, media_url, width, height)
SELECT 'med-' || lpad(to_hex(row_number() OVER ()), 8, '0'), 'p-' || substr(md5(urn), 1, 8), 'image', url,
       any_value(width), any_value(height)
FROM (
    SELECT regexp_extract(record ->> 'full_urn', '(\d+)$') AS urn,
           unnest(from_json(record -> 'media' -> 'images',
                            '[{"url": "VARCHAR", "width": "INTEGER", "height": "INTEGER"}]'),
                  recursive := true)
    FROM raw_records
    WHERE (record -> 'media' -> 'images') IS NOT NULL
)
GROUP BY urn, url;
