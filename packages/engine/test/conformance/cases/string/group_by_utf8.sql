-- unordered
SELECT city, COUNT(*) AS n FROM input GROUP BY city EMIT FINAL
