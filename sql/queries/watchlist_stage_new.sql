-- Watch-list rows that are not profiles yet, numbered for their new IDs.
CREATE OR REPLACE TEMP TABLE wl_new AS
SELECT row_number() OVER (ORDER BY s.line) AS rn, s.*
FROM wl_input s
ANTI JOIN profiles p ON p.username = s.username;
