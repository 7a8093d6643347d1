-- unordered
SELECT p, ts, LAG(v, 2, 0) OVER (PARTITION BY p ORDER BY ts) AS w FROM input
