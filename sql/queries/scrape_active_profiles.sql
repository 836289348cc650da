-- The watch list a scheduled scrape covers: the active profiles of one platform
-- ($platform, e.g. 'linkedin'; profiles without one are LinkedIn's), one actor call each.
SELECT username
FROM profiles
WHERE is_active
  AND coalesce(platform, 'linkedin') = $platform
ORDER BY username;
