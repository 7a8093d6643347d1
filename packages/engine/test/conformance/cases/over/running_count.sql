-- unordered
SELECT p, ts, COUNT(*) OVER (PARTITION BY p ORDER BY ts) AS w FROM input
