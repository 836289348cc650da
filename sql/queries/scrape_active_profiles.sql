-- The watch list a scheduled scrape covers: active LinkedIn profiles, one actor call each.
SELECT username
FROM profiles
WHERE is_active
  AND coalesce(platform, 'linkedin') = 'linkedin'
ORDER BY username;
