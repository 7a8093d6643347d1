-- unordered
SELECT k, COUNT(DISTINCT u) AS users FROM input GROUP BY k EMIT FINAL
