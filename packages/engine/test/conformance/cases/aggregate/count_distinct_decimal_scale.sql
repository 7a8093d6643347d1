-- 1, 1.0 and 1.00 are the same value
SELECT COUNT(DISTINCT p) AS n FROM input EMIT FINAL
