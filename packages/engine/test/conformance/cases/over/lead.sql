-- unordered
SELECT p, ts, LEAD(v) OVER (PARTITION BY p ORDER BY ts) AS w FROM input
