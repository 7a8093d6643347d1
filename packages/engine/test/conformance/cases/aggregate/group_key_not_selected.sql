-- unordered
SELECT COUNT(*) AS n FROM input GROUP BY k EMIT FINAL
