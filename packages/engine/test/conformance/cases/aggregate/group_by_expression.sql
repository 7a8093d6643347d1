-- unordered
SELECT UPPER(k) AS uk, COUNT(*) AS n FROM input GROUP BY UPPER(k) EMIT FINAL
