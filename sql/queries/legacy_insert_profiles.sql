-- New profiles with the legacy values and timestamps kept.
INSERT INTO profiles (profile_id, username, name, platform, is_active, notes, post_count,
                      last_synced_at, created_at, updated_at)
SELECT ids.id, s.username, s.name, $platform, s.is_active, s.notes, s.post_count,
       s.last_synced_at, coalesce(s.created_at, $now),
       coalesce(s.updated_at, s.created_at, $now)
FROM lg_profiles_new s
JOIN lg_ids ids ON ids.rn = s.rn;
