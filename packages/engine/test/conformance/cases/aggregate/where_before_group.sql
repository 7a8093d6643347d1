-- unordered
SELECT k, COUNT(*) AS n FROM input WHERE v > 4 GROUP BY k EMIT FINAL
