-- The batch's URNs that are already posts.
SELECT p.urn FROM posts p SEMI JOIN stg_latest s ON s.urn = p.urn;
