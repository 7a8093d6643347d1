-- unordered
SELECT k, SUM(p) AS s FROM input GROUP BY k HAVING SUM(p) >= 2.25 EMIT FINAL
