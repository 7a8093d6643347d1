-- SUM over only NULLs is NULL
-- unordered
SELECT k, SUM(v) AS s FROM input GROUP BY k EMIT FINAL
