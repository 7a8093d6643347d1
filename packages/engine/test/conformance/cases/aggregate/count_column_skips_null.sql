-- unordered
SELECT k, COUNT(v) AS n FROM input GROUP BY k EMIT FINAL
