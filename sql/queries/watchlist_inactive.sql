-- Profiles the CSV lists that are inactive in the database (reported, not changed).
SELECT p.username
FROM profiles p
SEMI JOIN wl_input s ON s.username = p.username
WHERE NOT coalesce(p.is_active, true)
ORDER BY p.username;
