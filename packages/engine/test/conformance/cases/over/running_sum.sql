-- unordered
SELECT p, ts, SUM(v) OVER (PARTITION BY p ORDER BY ts) AS w FROM input
