-- unordered
SELECT p, ts, PERCENT_RANK() OVER (PARTITION BY p ORDER BY v) AS w FROM input
