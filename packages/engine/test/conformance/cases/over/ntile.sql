-- unordered
SELECT p, ts, NTILE(2) OVER (PARTITION BY p ORDER BY ts) AS w FROM input
