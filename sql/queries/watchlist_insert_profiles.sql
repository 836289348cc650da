-- New watched profiles from the CSV: active, no notes yet.
INSERT INTO profiles (profile_id, username, name, platform, is_active, created_at, updated_at)
SELECT ids.id, s.username, s.name, $platform, true, $now, $now
FROM wl_new s
JOIN wl_ids ids ON ids.rn = s.rn;
