-- Post identities of the legacy database that are not posts yet.
SELECT s.urn
FROM lg_post_pick s
ANTI JOIN posts p ON p.urn = s.urn
ORDER BY s.seq;
