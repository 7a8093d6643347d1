-- unordered
SELECT a, b, SUM(v) AS s FROM input GROUP BY a, b EMIT FINAL
