-- a missing field reads as NULL
SELECT id, v IS NULL AS n, v IS NOT NULL AS nn FROM input
