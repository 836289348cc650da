-- MediaManager (socialdb/managers/media.py). post_media is referenced by no foreign
-- key, so its indexed ai_analysis_status updates fine.

-- name: list
SELECT m.media_id, m.post_id, p.urn, p.author_username, m.media_type, m.media_url,
       m.width, m.height, m.mime_type, m.local_file_path, m.ai_analysis_status,
       m.ai_analyzed_at, m.created_at, m.updated_at
FROM post_media m JOIN posts p USING (post_id)
WHERE ($status IS NULL OR m.ai_analysis_status = $status)
  AND ($media_type IS NULL OR m.media_type = $media_type)
  AND ($post_id IS NULL OR m.post_id = $post_id)
ORDER BY m.created_at DESC, m.media_id
LIMIT $limit;

-- name: get
SELECT * FROM post_media WHERE media_id = $media_id;

-- name: set_analysis
UPDATE post_media
SET ai_analysis_status = $status,
    ai_analysis = coalesce($analysis, ai_analysis),
    ai_analyzed_at = CASE WHEN $status = 'completed' THEN $now ELSE ai_analyzed_at END,
    updated_at = $now
WHERE media_id = $media_id;
