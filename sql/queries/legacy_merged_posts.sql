-- Legacy rows folded into another row of the same post identity (reported as notes).
SELECT s.legacy_urn, s.urn, p.legacy_urn AS kept_legacy_urn
FROM lg_posts s
JOIN lg_post_pick p ON p.urn = s.urn
WHERE s.seq <> p.seq
ORDER BY s.seq;
