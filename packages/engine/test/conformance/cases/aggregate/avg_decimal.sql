-- AVG = SUM / COUNT with scale max(s, 6), half even
-- unordered
SELECT station, AVG(temp) AS mean FROM input GROUP BY station EMIT FINAL
