-- unordered
SELECT HEADER('src') AS src, COUNT(*) AS n FROM input GROUP BY HEADER('src') EMIT FINAL
