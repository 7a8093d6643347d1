-- unordered
SELECT station, MIN(temp) AS min_temp, AVG(temp) AS mean_temp, MAX(temp) AS max_temp
FROM input GROUP BY station EMIT FINAL
