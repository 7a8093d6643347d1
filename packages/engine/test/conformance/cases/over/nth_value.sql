-- unordered
SELECT p, ts, NTH_VALUE(v, 2) OVER (PARTITION BY p ORDER BY ts) AS w FROM input
