-- unordered
SELECT p, ts, LAG(v) OVER (PARTITION BY p ORDER BY ts) AS w FROM input
