-- ActionQueueManager (socialdb/managers/actions.py). action_queue is referenced by no
-- foreign key, so its indexed status/priority/scheduled_for update fine.

-- name: insert
INSERT INTO action_queue (action_id, post_id, action_type, action_params, status, priority,
                          scheduled_for, user_notes, created_at, updated_at)
VALUES ($action_id, $post_id, $action_type, $action_params, 'queued', $priority,
        $scheduled_for, $user_notes, $now, $now);

-- name: duplicate
SELECT action_id FROM action_queue
WHERE post_id = $post_id AND action_type = $action_type
  AND action_params IS NOT DISTINCT FROM $action_params
  AND status IN ('queued', 'in_progress')
LIMIT 1;

-- name: get
SELECT a.*, p.urn, p.author_username
FROM action_queue a LEFT JOIN posts p USING (post_id) WHERE a.action_id = $action_id;

-- name: list
SELECT a.action_id, a.post_id, p.urn, p.author_username, a.action_type, a.action_params,
       a.status, a.priority, a.scheduled_for, a.executed_at, a.user_notes, a.system_notes,
       a.created_at, a.updated_at
FROM action_queue a LEFT JOIN posts p USING (post_id)
WHERE ($status IS NULL OR a.status = $status)
  AND ($action_type IS NULL OR a.action_type = $action_type)
  AND ($post_id IS NULL OR a.post_id = $post_id)
ORDER BY CASE a.status WHEN 'in_progress' THEN 0 WHEN 'queued' THEN 1 ELSE 2 END,
         a.priority DESC, a.scheduled_for NULLS FIRST, a.created_at, a.action_id
LIMIT $limit;

-- name: claim_next
-- One statement: pick the most urgent due action and flip it to in_progress. The
-- status guard means a row already claimed can never be claimed again, and
-- DuckDB's single writer serializes competing claims.
UPDATE action_queue
SET status = 'in_progress', updated_at = $now,
    system_notes = concat_ws(chr(10), nullif(system_notes, ''), $note)
WHERE status = 'queued'
  AND action_id = (
    SELECT action_id FROM action_queue
    WHERE status = 'queued'
      AND (scheduled_for IS NULL OR scheduled_for <= $now)
      AND ($action_type IS NULL OR action_type = $action_type)
    ORDER BY priority DESC, coalesce(scheduled_for, created_at), created_at, action_id
    LIMIT 1)
RETURNING action_id;

-- name: transition
UPDATE action_queue
SET status = $new_status, updated_at = $now,
    executed_at = CASE WHEN $new_status = 'completed' THEN $now
                       WHEN $new_status = 'queued' THEN NULL
                       ELSE executed_at END,
    system_notes = concat_ws(chr(10), nullif(system_notes, ''), $note)
WHERE action_id = $action_id AND list_contains($allowed, status)
RETURNING action_id;
