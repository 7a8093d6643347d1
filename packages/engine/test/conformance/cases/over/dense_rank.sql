-- unordered
SELECT p, ts, DENSE_RANK() OVER (PARTITION BY p ORDER BY v) AS w FROM input
